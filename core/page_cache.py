"""Whole pages from the shared cache: a warm request renders no template and asks no query of its
own (issue 23).

A page is stored under today's date ("overdue" never lags a midnight), the active language, the
scheme, host and full path with its query string, and the *scope* of who asks: by default the user
(id, role, department, agency: what decides what they may see, and their name in the navbar),
``shared`` for pages that are the same for everyone (the public window). It is stored together
with the data version of ``core.aggregate_cache`` it was rendered at (every write bumps it) and
served only while that is still the current version: a write makes every stored page stale at
once, in every worker, and the version and the page are read in one round trip. The TTL bounds
what writes outside a request to models no app ``watch``-es could leave stale.

What stays per request:
- the CSRF token: stored pages hold a placeholder where the form fields had the token, and each hit
  gets ``get_token(request)`` (so the CSRF cookie is set as usual);
- messages: a request with pending messages, or whose view added one, is neither served from nor
  stored in the cache;
- cookies: a response that sets one is not stored.
Only GET and HEAD answers with status 200 are stored. Without a real shared cache (no Redis) the
data version is unknown and every request renders, as without this module."""

import functools
import hashlib
import re
from collections.abc import Callable

from django.contrib.messages import get_messages
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control, patch_vary_headers

from .aggregate_cache import TTL_SECONDS, aggregates_cache, data_version_and

CACHEABLE_METHODS = {"GET", "HEAD"}
CSRF_PLACEHOLDER = b"@@csrf-token@@"
CSRF_FIELD = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')
STATUS_HEADER = "X-Page-Cache"
PREFETCHED = "_page_cache_prefetched"


def per_user(request: HttpRequest) -> str:
    """What decides what a signed-in user sees; anonymous visitors share one scope."""
    user = request.user
    if not user.is_authenticated:
        return "anonymous"
    return "user:{}:{}:{}:{}".format(
        user.pk,
        getattr(user, "role", ""),
        getattr(user, "department_id", ""),
        getattr(user, "agency_id", ""),
    )


def shared(request: HttpRequest) -> str:
    """The same page for everyone (it shows nothing of the person asking)."""
    return "shared"


def _pending_messages(request: HttpRequest) -> bool:
    return hasattr(request, "_messages") and len(get_messages(request)) > 0


def page_key(request: HttpRequest, scope: str) -> str | None:
    """The key of this request's page for this scope; None when the page must be rendered."""
    if request.method not in CACHEABLE_METHODS or _pending_messages(request):
        return None
    address = hashlib.blake2b(request.build_absolute_uri().encode(), digest_size=16).hexdigest()
    return ":".join(
        [
            "page",
            timezone.localdate().isoformat(),
            translation.get_language() or "",
            scope,
            address,
        ]
    )


def cached_response(request: HttpRequest, stored) -> HttpResponse:
    status, headers, content = stored
    if CSRF_PLACEHOLDER in content:
        content = content.replace(CSRF_PLACEHOLDER, get_token(request).encode())
    response = HttpResponse(content, status=status)
    for name, value in headers:
        response[name] = value
    response[STATUS_HEADER] = "hit"
    return response


def store_response(request: HttpRequest, key: str, version: int, response: HttpResponse) -> None:
    """Store a rendered answer, if it may be shared with the next request of the same key."""
    messages = getattr(request, "_messages", None)
    if (
        response.status_code != 200
        or response.streaming
        or response.cookies
        or (messages is not None and messages.added_new)
    ):
        return
    content = response.content
    for token in set(CSRF_FIELD.findall(content)):
        content = content.replace(token, CSRF_PLACEHOLDER)
    headers = [(name, value) for name, value in response.items() if name != STATUS_HEADER]
    aggregates_cache().set(key, (version, (response.status_code, headers, content)), timeout=TTL_SECONDS)


def prefetch(request: HttpRequest, scope: str, *keys: str) -> list:
    """The values stored under ``keys``, read in the one round trip that also reads this request's
    page for ``scope``; ``serve_cached`` with that scope then takes the page from the request. For
    a check before the view whose key is known early (the API token and its client)."""
    key = page_key(request, scope)
    if key is None:
        found = aggregates_cache().get_many(keys)
        return [found.get(each) for each in keys]
    version, (stored, *values) = data_version_and(key, *keys)
    setattr(request, PREFETCHED, (key, version, stored))
    return values


def serve_cached(request: HttpRequest, scope: str, render: Callable[[], HttpResponse]) -> HttpResponse:
    """The stored page for this request and scope, or ``render()``'s answer, stored for the next one."""
    key = page_key(request, scope)
    if key is None:
        return render()
    prefetched = getattr(request, PREFETCHED, None)
    if prefetched is not None and prefetched[0] == key:
        _key, version, stored = prefetched
    else:
        version, (stored,) = data_version_and(key)
    if version is None:  # no shared cache
        return render()
    if stored is not None and stored[0] == version:
        return cached_response(request, stored[1])
    response = render()
    if hasattr(response, "add_post_render_callback") and not response.is_rendered:
        response.add_post_render_callback(lambda rendered: store_response(request, key, version, rendered))
    else:
        store_response(request, key, version, response)
    response[STATUS_HEADER] = "miss"
    return response


def cached_page(view=None, *, scope: Callable[[HttpRequest], str] = per_user):
    """Serve a view's GET from the page cache (see the module's docstring). Pages of a signed-in
    user's scope are marked ``Cache-Control: private``: no shared proxy may keep them. Every page
    varies by ``Cookie`` (the session, and the language chosen with the switcher)."""

    def decorate(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            scope_key = scope(request)
            response = serve_cached(request, scope_key, lambda: view(request, *args, **kwargs))
            if scope_key.startswith("user:"):
                patch_cache_control(response, private=True)
            patch_vary_headers(response, ["Cookie"])
            return response

        return wrapper

    return decorate(view) if view is not None else decorate
