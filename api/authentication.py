from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header

from core.aggregate_cache import aggregates_cache

from .models import ApiClient, hash_token, stored_client_key

KEYWORD = "Token"
LAST_USED_RESOLUTION = timedelta(minutes=1)


def active_client(token_hash: str) -> ApiClient | None:
    """The active client of this token, from the shared cache (Redis) when it holds it: on a list
    served from the page cache the token lookup was the only query left. Unknown and revoked tokens
    are never stored; any write to a client drops its copy (``models.forget_stored_clients``), and a copy
    lives a minute at most. The use is recorded when the client is read from the database, so at
    most once a minute: recording every request would turn each read into a write."""
    cache = aggregates_cache()
    client = cache.get(stored_client_key(token_hash))
    if client is None:
        client = ApiClient.objects.active().select_related("department").filter(token_hash=token_hash).first()
        if client is None:
            return None
        now = timezone.now()
        if client.last_used_at is None or now - client.last_used_at > LAST_USED_RESOLUTION:
            ApiClient.objects.filter(pk=client.pk).record_use(now)
            client.last_used_at = now
        cache.set(stored_client_key(token_hash), client, timeout=LAST_USED_RESOLUTION.total_seconds())
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
        client = active_client(hash_token(token))
        if client is None:
            raise exceptions.AuthenticationFailed(_("Invalid or inactive token."))
        return client, client

    def authenticate_header(self, request):
        return KEYWORD
