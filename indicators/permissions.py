"""Who may do what with indicators. Views call these; they hold no rules of their own."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from .services import may_enter_observations


def require_reader_of_object(user) -> None:
    """... and an indicator is a portfolio object to them (404, nothing leaks)."""
    if not user.can_read_portfolio:
        raise Http404


def require_entry(user, indicator) -> None:
    if not may_enter_observations(user, indicator):
        raise PermissionDenied
