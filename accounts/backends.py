from django.contrib.auth.backends import ModelBackend


class ExpiringModelBackend(ModelBackend):
    """Refuses accounts whose access has expired, at login and on every request."""

    def user_can_authenticate(self, user):
        return super().user_can_authenticate(user) and not user.access_expired
