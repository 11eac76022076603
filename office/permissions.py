"""Who reaches the office pages: the office admin only; the audit log also leadership."""

from django.core.exceptions import PermissionDenied


def can_read_audit_log(user) -> bool:
    return user.is_office_admin or user.is_leadership


def require_audit_reader(user) -> None:
    if not can_read_audit_log(user):
        raise PermissionDenied
