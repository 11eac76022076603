"""Role checks, the one place every app asks "may this role do this at all?". The roles are the
``User`` properties (``is_office``, ``is_office_admin``, ``can_read_portfolio`` ...); a ``require_*``
raises PermissionDenied (403) when the user lacks the role. Rules about a particular object (may
this liaison update that project?) live in the object's app, in its ``permissions`` module."""

from django.core.exceptions import PermissionDenied


def require_office(user) -> None:
    """Office staff and office administrators."""
    if not user.is_office:
        raise PermissionDenied


def require_office_admin(user) -> None:
    """Office administrators only: accounts, organisation, reference data, schedules."""
    if not user.is_office_admin:
        raise PermissionDenied


def require_portfolio_reader(user) -> None:
    """Everyone who reads the portfolio (not evaluators: they see only their agency's work)."""
    if not user.can_read_portfolio:
        raise PermissionDenied


def require_office_or_liaison(user) -> None:
    """The office, and department liaisons (for their own department's records)."""
    if not (user.is_office or user.is_liaison):
        raise PermissionDenied
