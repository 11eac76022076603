"""Cached public pages. A page is rendered once per (path, language, data version, day) and then
served from the cache without touching a template: one query (the version) per request.

The version is a database row (``PublicDataVersion``) bumped by every save or delete of a model the
public pages show (signals) and after every write request of a logged-in user (middleware: it also
covers services that write with ``QuerySet.update``, such as a stage move). Because the bump is part
of the writing transaction, no worker can store an old page under the new version. The day is in
the key so "update overdue" never lags a midnight; the TTL bounds what writes outside the app
(raw SQL) could leave stale. Citizens' survey answers bump it too (the satisfaction figures
change); the daily limit per address bounds how often."""

import functools

from django.core.cache import caches
from django.db.models import F
from django.db.models.signals import post_delete, post_save
from django.http import HttpResponse
from django.utils import timezone, translation

from .models import PublicDataVersion

TTL_SECONDS = 600
UNSAFE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


def page_cache():
    return caches["default"]


def data_version() -> int:
    value = PublicDataVersion.objects.filter(pk=1).values_list("value", flat=True).first()
    return value or 0


def bump_data_version(**kwargs) -> None:
    if kwargs.get("raw"):  # loaddata / restore writes the version row itself
        return
    if not PublicDataVersion.objects.filter(pk=1).update(value=F("value") + 1):
        PublicDataVersion.objects.get_or_create(pk=1, defaults={"value": 1})


def connect_invalidation() -> None:
    from indicators.models import Indicator, IndicatorLink, Observation
    from projects.models import Milestone, Project, ProjectGroup

    from .models import ProjectPublication, SurveyResponse

    watched = (
        Project,
        ProjectGroup,
        Milestone,
        Indicator,
        Observation,
        IndicatorLink,
        ProjectPublication,
        SurveyResponse,
    )
    for model in watched:
        uid = f"public-{model.__name__}"
        post_save.connect(bump_data_version, sender=model, dispatch_uid=f"{uid}-save")
        post_delete.connect(bump_data_version, sender=model, dispatch_uid=f"{uid}-delete")


class PublicVersionOnWriteMiddleware:
    """After a logged-in user's write request, the public pages are rendered afresh."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if request.method in UNSAFE_METHODS and user is not None and user.is_authenticated:
            bump_data_version()
        return response


def cached_page(view):
    """Serve a GET from the page cache, rendering it only when the version or the day changed."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method != "GET":
            return view(request, *args, **kwargs)
        key = ":".join(
            [
                "public-page",
                str(data_version()),
                timezone.localdate().isoformat(),
                translation.get_language() or "",
                request.get_full_path(),
            ]
        )
        cache = page_cache()
        hit = cache.get(key)
        if hit is not None:
            status, content_type, content = hit
            response = HttpResponse(content, status=status, content_type=content_type)
            response["X-Public-Cache"] = "hit"
            return response
        response = view(request, *args, **kwargs)
        if response.status_code == 200 and not response.streaming:
            cache.set(key, (response.status_code, response["Content-Type"], response.content), TTL_SECONDS)
        response["X-Public-Cache"] = "miss"
        return response

    return wrapper
