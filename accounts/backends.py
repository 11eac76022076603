from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from core.aggregate_cache import aggregates_cache, forget_now_and_on_commit

# A stored account lives a minute at most, whatever else happens.
SIGNED_IN_USER_SECONDS = 60


def _signed_in_user_key(user_id) -> str:
    return f"signed-in-user:{user_id}"


def forget_signed_in_user(user_id) -> None:
    """Drop the stored copy of this account. Called on every save and delete of a user
    (``accounts.apps``) and by writes that bypass them."""
    forget_now_and_on_commit(_signed_in_user_key(user_id))


def store_signed_in_user(user) -> None:
    """Keep the account that just signed in, so that its first page needs no query either."""
    aggregates_cache().set(_signed_in_user_key(user.pk), user, timeout=SIGNED_IN_USER_SECONDS)


class ExpiringModelBackend(ModelBackend):
    """Refuses accounts whose access has expired, at login and on every request.

    The signed-in user of each request is read from the shared cache (Redis) rather than the
    database: on a page served from the page cache it was the only query left. The copy is dropped
    whenever the account is saved or deleted, and lives a minute at most. Session verification
    (the password hash) and the permission checks work on the copy as on a fresh row."""

    def user_can_authenticate(self, user):
        return super().user_can_authenticate(user) and not user.access_expired

    def get_user(self, user_id):
        cache = aggregates_cache()
        key = _signed_in_user_key(user_id)
        user = cache.get(key)
        if user is None:
            try:
                user = get_user_model()._default_manager.get(pk=user_id)
            except get_user_model().DoesNotExist:
                return None
            store_signed_in_user(user)
        return user if self.user_can_authenticate(user) else None
