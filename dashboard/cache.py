"""The dashboard's aggregates, cached in the shared cache (Redis) and invalidated on every write.

Every cached overview is stored under the current *data version*. Any write that can change a
figure bumps the version once its transaction commits: saves and deletes of the models the
dashboard reads (signals), ``seed_scale``, and every unsafe request (middleware: it also covers services that
write with ``QuerySet.update``). A bumped version makes every older entry unreachable; the TTL
bounds what other bulk writes (raw SQL, a shell) could leave stale. The day is
part of the key, so "overdue" never lags a midnight. Without a shared cache (no real Redis) the
``dashboard`` cache is a dummy and nothing is cached: per-process caches could not be invalidated
across workers."""

import datetime
import time

from django.core.cache import caches
from django.db import transaction
from django.db.models.signals import post_delete, post_save

OVERVIEW_TTL_SECONDS = 600
VERSION_KEY = "dashboard:data-version"
UNSAFE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


def dashboard_cache():
    return caches["dashboard"]


def data_version() -> int:
    """The current version; a fresh one that no old entry can share if the key was evicted."""
    cache = dashboard_cache()
    version = cache.get(VERSION_KEY)
    if version is None:
        version = time.time_ns()
        cache.add(VERSION_KEY, version, timeout=None)
        version = cache.get(VERSION_KEY, version)
    return version


def bump_data_version() -> None:
    cache = dashboard_cache()
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, time.time_ns(), timeout=None)


def invalidate_on_commit(**kwargs) -> None:
    """Now (this transaction's own later reads) and again at commit: a reader in another worker that
    recomputed in between, still seeing the old rows, cached them under a version the commit retires."""
    bump_data_version()
    transaction.on_commit(bump_data_version)


def overview_key(*, version: int, today: datetime.date, year: int, group_id, department_id) -> str:
    return f"dashboard:overview:{version}:{today.isoformat()}:{year}:{group_id or '-'}:{department_id or '-'}"


def cached(*, today: datetime.date, year: int, group_id, department_id, compute):
    """The cached value for this scope and day, computed (and stored) when missing."""
    cache = dashboard_cache()
    key = overview_key(
        version=data_version(), today=today, year=year, group_id=group_id, department_id=department_id
    )
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, timeout=OVERVIEW_TTL_SECONDS)
    return value


def connect_invalidation() -> None:
    from evaluations.models import Assessment, Score
    from projects.models import (
        BudgetLine,
        Department,
        FundingSource,
        Milestone,
        Problem,
        Project,
        ProjectGroup,
        SpendingRecord,
    )

    for model in (
        Project,
        ProjectGroup,
        Department,
        FundingSource,
        BudgetLine,
        SpendingRecord,
        Milestone,
        Problem,
        Assessment,
        Score,
    ):
        post_save.connect(invalidate_on_commit, sender=model, dispatch_uid=f"dashboard-save-{model.__name__}")
        post_delete.connect(
            invalidate_on_commit, sender=model, dispatch_uid=f"dashboard-delete-{model.__name__}"
        )


class InvalidateOnWriteMiddleware:
    """After any unsafe request, whatever it wrote (also through ``QuerySet.update``) is visible."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.method in UNSAFE_METHODS:
            bump_data_version()
        return response
