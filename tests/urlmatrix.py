"""The site's named URLs, read from the URLconf, and how to fill their arguments from the world
of ``tests.world``. Shared by the permission matrix and the Redis-down page sweep."""

from django.urls import URLPattern, URLResolver, get_resolver, reverse

ROLES = (
    "anonymous",
    "office_admin",
    "office_staff",
    "liaison",
    "other_liaison",
    "leadership",
    "evaluator",
    "other_evaluator",
    "expired_evaluator",
)

# Left out of the matrix, on purpose:
SKIPPED_PREFIXES = {
    "admin/": "Django's admin, staff-only by Django itself (tested in tests/accounts)",
    "i18n/": "the language switcher, public by design",
    "api/v1/": "the REST API authenticates by token, not session (tests/api has its role tests)",
}
SKIPPED_NAMES = {
    "login": "public by design (tests/accounts)",
    "logout": "POST-only, public by design",
    "healthz": "public liveness probe without data (tests/test_health.py)",
}

# A URL argument name → the world object whose pk fills it; ``kind`` and ``token`` are text.
_ARGUMENT_OBJECTS = {
    "project_pk": "project",
    "request_pk": "move_request",
    "review_pk": "review",
    "condition_pk": "condition",
    "line_pk": "line",
    "adjustment_pk": "adjustment",
    "source_pk": "source",
    "item_pk": "plan_item",
    "cycle_pk": "cycle",
    "agenda_pk": "agenda_item",
    "spending_pk": "spending",
}
# ``pk`` means a different object depending on the URL.
_PK_OBJECTS = {
    "projects:plan": "plan",
    "projects:milestone": "milestone",
    "projects:problem": "problem",
    "projects:": "project",
    "evaluations:cycle": "cycle",
    "evaluations:assessment": "assessment",
    "evaluations:evidence": "evidence",
    "evaluations:evidence_upload": "assessment",
    "evaluations:assessment_preview": "assessment",
    "evaluations:template": "template",
    "reports:run": "run",
    "reports:download": "run",
    "reports:schedule": "schedule",
    "steering:report": "status_report",
    "steering:meeting": "meeting",
    "steering:agenda_add": "meeting",
    "steering:action": "action",
    "indicators:": "indicator",
    "public:project": "project",
    "public:survey": "project",
    "public:indicator": "indicator",
    "publicity:feedback": "feedback",
    "office:user": "account",
    "office:department": "department",
    "office:agency": "agency",
}
# An invitation link of nobody: every role gets the "invalid or expired link" page (404).
TEXT_ARGUMENTS = {"kind": "projects", "token": "0" * 32, "uidb64": "MA"}


def _walk(patterns, prefix="", namespace=""):
    for entry in patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            child_namespace = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry.url_patterns, route, child_namespace)
        elif isinstance(entry, URLPattern) and entry.name:
            yield namespace + entry.name, route, list(entry.pattern.converters)


def named_urls() -> dict[str, list[str]]:
    """Every named URL of the site outside the skipped areas → its argument names."""
    urls = {}
    for name, route, arguments in _walk(get_resolver().url_patterns):
        if route.startswith(tuple(SKIPPED_PREFIXES)) or name in SKIPPED_NAMES:
            continue
        urls[name] = arguments
    return urls


def _pk_object(name: str) -> str:
    matches = [prefix for prefix in _PK_OBJECTS if name.startswith(prefix)]
    return _PK_OBJECTS[max(matches, key=len)]


def url_for(name: str, arguments: list[str], world: dict) -> str:
    kwargs = {}
    for argument in arguments:
        if argument in TEXT_ARGUMENTS:
            kwargs[argument] = TEXT_ARGUMENTS[argument]
        elif argument == "pk":
            kwargs[argument] = world[_pk_object(name)].pk
        else:
            kwargs[argument] = world[_ARGUMENT_OBJECTS[argument]].pk
    return reverse(name, kwargs=kwargs)
