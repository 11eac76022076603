"""Who may do what with indicators. Views call these; they hold no rules of their own."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from .services import may_enter_observations


def require_reader(user) -> None:
    """Indicator pages are portfolio pages: evaluators see none (403 on lists)."""
    if not user.can_read_portfolio:
        raise PermissionDenied


def require_reader_of_object(user) -> None:
    """... and an indicator is a portfolio object to them (404, nothing leaks)."""
    if not user.can_read_portfolio:
        raise Http404


def require_office(user) -> None:
    if not user.is_office:
        raise PermissionDenied


def require_importer(user) -> None:
    """The office and department liaisons import; each row is checked against the liaison's indicators."""
    if not (user.is_office or user.is_liaison):
        raise PermissionDenied


def require_entry(user, indicator) -> None:
    if not may_enter_observations(user, indicator):
        raise PermissionDenied
