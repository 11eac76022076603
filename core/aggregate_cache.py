"""Portfolio-wide aggregates (the dashboard overview, the portfolio budget page), cached in a
cache every worker shares (Redis) and invalidated on every write.

Every entry is stored under the current *data version*. Any write that can change a figure bumps
the version, at once and again when its transaction commits: saves and deletes of the models the
aggregates read (signals; each app registers its models with ``watch``), ``seed_scale``, and every
unsafe request (middleware: it also covers services that write with ``QuerySet.update``). A bumped
version makes every older entry unreachable; the TTL bounds what other bulk writes (raw SQL, a
shell) could leave stale. The day is part of the key, so "overdue" never lags a midnight. Without a
real Redis the ``aggregates`` cache is a dummy and nothing is cached: per-process caches could not
be invalidated across workers. Every portfolio reader sees every project, so entries are shared by
all readers."""

import time

from django.core.cache import caches
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.utils import timezone

TTL_SECONDS = 600
VERSION_KEY = "aggregates:data-version"
UNSAFE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


def aggregates_cache():
    return caches["aggregates"]


def data_version() -> int:
    """The current version; a fresh one that no old entry can share if the key was evicted."""
    cache = aggregates_cache()
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, time.time_ns(), timeout=None)
        version = cache.get(VERSION_KEY)
    return version


def data_version_and(*keys: str) -> tuple[int | None, list]:
    """The current version and the values stored under ``keys`` (None where missing), in one round
    trip."""
    found = aggregates_cache().get_many([VERSION_KEY, *keys])
    version = found.get(VERSION_KEY)
    if version is None:
        version = data_version()
    return version, [found.get(key) for key in keys]


def bump_data_version() -> None:
    cache = aggregates_cache()
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, time.time_ns(), timeout=None)


def invalidate_now_and_on_commit(**kwargs) -> None:
    """Now, for this transaction's own later reads; and at commit, because a reader in another
    worker that recomputed in between (still seeing the old rows) stored them under the new version."""
    bump_data_version()
    transaction.on_commit(bump_data_version)


def forget_now_and_on_commit(*keys: str) -> None:
    """Delete these entries now, and again when the transaction commits: a reader in another worker
    may have stored the old row in between."""
    cache = aggregates_cache()
    cache.delete_many(keys)
    transaction.on_commit(lambda: cache.delete_many(keys))


def cached(name: str, *parts, compute):
    """The cached value of ``name`` for these key parts and today, computed and stored when missing."""
    cache = aggregates_cache()
    key = ":".join(
        ["aggregates", name, str(data_version()), timezone.localdate().isoformat()]
        + ["-" if part is None else str(part) for part in parts]
    )
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, timeout=TTL_SECONDS)
    return value


def watch(*models) -> None:
    """Bump the data version on every save and delete of these models. Each app registers the
    models its aggregates read, in its ``AppConfig.ready``."""
    for model in models:
        uid = f"aggregates-{model._meta.label}"
        post_save.connect(invalidate_now_and_on_commit, sender=model, dispatch_uid=f"{uid}-save")
        post_delete.connect(invalidate_now_and_on_commit, sender=model, dispatch_uid=f"{uid}-delete")


class InvalidateOnWriteMiddleware:
    """After any unsafe request, whatever it wrote (also through ``QuerySet.update``) is visible."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.method in UNSAFE_METHODS:
            bump_data_version()
        return response
