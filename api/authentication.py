from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header

from core.aggregate_cache import aggregates_cache
from core.page_cache import prefetch

from .models import ApiClient, hash_token, stored_client_key

KEYWORD = "Token"
LAST_USED_RESOLUTION = timedelta(minutes=1)


def page_scope(token_hash: str) -> str:
    """The page cache's scope of what this token reads (``core.page_cache``)."""
    return f"api-token:{token_hash}"


def active_client(token_hash: str, stored_copy: ApiClient | None) -> ApiClient | None:
    """The active client of this token: the copy kept in the shared cache (Redis), read by the
    caller together with the page it asks for, in one round trip (on a list served from the page
    cache the token lookup was the only query left), or else the row, then stored. Unknown and
    revoked tokens are never stored; any write to a client drops its copy
    (``models.forget_stored_clients``), and a copy lives a minute at most. The use is recorded when
    the client is read from the database, so at most once a minute: recording every request would
    turn each read into a write."""
    if stored_copy is not None:
        return stored_copy
    client = ApiClient.objects.active().select_related("department").filter(token_hash=token_hash).first()
    if client is None:
        return None
    now = timezone.now()
    if client.last_used_at is None or now - client.last_used_at > LAST_USED_RESOLUTION:
        ApiClient.objects.filter(pk=client.pk).record_use(now)
        client.last_used_at = now
    aggregates_cache().set(stored_client_key(token_hash), client, timeout=LAST_USED_RESOLUTION.seconds)
    return client


class ApiTokenAuthentication(BaseAuthentication):
    """``Authorization: Token <token>``, one token per integrating system."""

    def authenticate(self, request):
        parts = get_authorization_header(request).split()
        if not parts or parts[0].decode(errors="replace").lower() != KEYWORD.lower():
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(_("Invalid token header."))
        token = parts[1].decode(errors="replace")
        token_hash = hash_token(token)
        # The docs views pass Django's request, DRF views their own, which wraps it.
        django_request = getattr(request, "_request", request)
        (stored_copy,) = prefetch(django_request, page_scope(token_hash), stored_client_key(token_hash))
        client = active_client(token_hash, stored_copy)
        if client is None:
            raise exceptions.AuthenticationFailed(_("Invalid or inactive token."))
        return client, client

    def authenticate_header(self, request):
        return KEYWORD
