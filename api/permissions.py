from rest_framework.permissions import BasePermission

from .models import ApiClient


class IsApiClient(BasePermission):
    """Only integrating systems with a valid token; the API never writes."""

    def has_permission(self, request, view):
        return isinstance(request.auth, ApiClient)
