from rest_framework.permissions import BasePermission

from .models import ApiClient


class IsApiClient(BasePermission):
    """Only integrating systems with a valid token; the API never writes."""

    def has_permission(self, request, view):
        return isinstance(request.auth, ApiClient)


def is_office_user(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and getattr(user, "is_office", False))


class IsApiClientOrOfficeUser(BasePermission):
    """The schema and its docs describe the whole API: for integrating systems (a token) and for the
    office staff who hand out tokens (signed in); nobody else, and never an anonymous visitor."""

    def has_permission(self, request, view):
        return isinstance(request.auth, ApiClient) or is_office_user(request.user)
