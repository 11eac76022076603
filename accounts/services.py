from datetime import date

from django.contrib.auth.models import Group, Permission
from django.db import transaction

from .models import Role, User

# Model permissions each role's group carries (used by the Django admin and as documentation of
# intent); object-level rules — own department, own agency — live in the apps' permission helpers.
ROLE_PERMISSIONS: dict[str, list[str]] = {
    Role.OFFICE_ADMIN: ["*"],
    Role.OFFICE_STAFF: ["view_*", "add_*", "change_*"],
    Role.LIAISON: ["view_*"],
    Role.LEADERSHIP: ["view_*"],
    Role.EVALUATOR: [],
}
APP_LABELS = ("projects", "evaluations", "reports")


def _permissions_for(patterns: list[str]):
    permissions = Permission.objects.filter(content_type__app_label__in=APP_LABELS)
    if "*" in patterns:
        return list(permissions)
    prefixes = tuple(p.rstrip("*") for p in patterns)
    return [p for p in permissions if p.codename.startswith(prefixes)]


@transaction.atomic
def roles_ensure_groups() -> None:
    """Create one group per role with its model permissions; idempotent."""
    for role in Role:
        group, _ = Group.objects.get_or_create(name=role.value)
        group.permissions.set(_permissions_for(ROLE_PERMISSIONS[role]))


def user_sync_role_group(*, user: User) -> None:
    role_groups = Group.objects.filter(name__in=Role.values)
    user.groups.remove(*role_groups.exclude(name=user.role))
    user.groups.add(*role_groups.filter(name=user.role))


@transaction.atomic
def user_create(
    *,
    username: str,
    password: str,
    role: str,
    full_name: str = "",
    email: str = "",
    department=None,
    agency=None,
    access_expires_on: date | None = None,
    is_demo: bool = False,
) -> User:
    user = User(
        username=username,
        first_name=full_name,
        email=email,
        role=role,
        department=department,
        agency=agency,
        access_expires_on=access_expires_on,
        is_demo=is_demo,
        is_staff=role == Role.OFFICE_ADMIN,
        is_superuser=False,
    )
    user.set_password(password)
    user.full_clean()
    user.save()
    user_sync_role_group(user=user)
    return user
