from datetime import date

from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.models import Group, Permission
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes, force_str
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode
from django.utils.translation import gettext as _

from core.history import attribute_change, history_snapshot
from core.links import absolute_url

from .backends import forget_signed_in_user
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


# ---------------------------------------------------------------- managing accounts (issue 22)
#
# The office admin invites, changes and deactivates accounts on /office/users/. The rules live
# here so that every caller (the pages, a command, the demo) obeys them: nobody raises their own
# role, the last active office admin can be neither demoted nor deactivated, a liaison has a
# department and an evaluator an agency, and every change leaves a history row with who and why.

# Higher number, more power. Changing your own role to a higher one is refused.
ROLE_RANK = {
    Role.EVALUATOR: 0,
    Role.LIAISON: 1,
    Role.LEADERSHIP: 2,
    Role.OFFICE_STAFF: 3,
    Role.OFFICE_ADMIN: 4,
}


class InvitationTokenGenerator(PasswordResetTokenGenerator):
    """A one-time link to set a password. The token hashes the password and the last login, so
    it dies once the password is set; it also expires after PASSWORD_RESET_TIMEOUT seconds."""

    key_salt = "accounts.services.InvitationTokenGenerator"


invitation_tokens = InvitationTokenGenerator()


def _scope(role: str, department, agency, access_expires_on):
    """Only the scope the role uses is kept: a department for liaisons, an agency (and an
    expiry) for evaluators."""
    return (
        department if role == Role.LIAISON else None,
        agency if role == Role.EVALUATOR else None,
        access_expires_on if role == Role.EVALUATOR else None,
    )


def _check_scope(role: str, department, agency) -> None:
    if role == Role.LIAISON and department is None:
        raise ValidationError({"department": _("A department liaison needs a department.")})
    if role == Role.EVALUATOR and agency is None:
        raise ValidationError({"agency": _("A third-party evaluator needs an agency.")})
    if department is not None and department.retired_at is not None and role == Role.LIAISON:
        raise ValidationError({"department": _("This department is retired.")})
    if agency is not None and agency.retired_at is not None and role == Role.EVALUATOR:
        raise ValidationError({"agency": _("This agency is retired.")})


def _other_active_admins(user: User):
    return User.objects.filter(role=Role.OFFICE_ADMIN, is_active=True).exclude(pk=user.pk)


def _keep_last_admin(user: User) -> None:
    """Refuse to leave the office without an active office admin."""
    stored = User.objects.select_for_update().get(pk=user.pk)
    if stored.role == Role.OFFICE_ADMIN and stored.is_active and not _other_active_admins(user).exists():
        raise ValidationError(
            _("%(user)s is the last active office administrator; make someone else one first.")
            % {"user": user.get_full_name() or user.username}
        )


def invitation_link(*, user: User) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = invitation_tokens.make_token(user)
    return absolute_url(reverse("invitation", kwargs={"uidb64": uid, "token": token}))


def _send_invitation(user: User) -> None:
    hours = settings.PASSWORD_RESET_TIMEOUT // 3600
    context = {"user": user, "link": invitation_link(user=user), "hours": hours}
    send_mail(
        subject=_("Your account on the Nantong smart-city project system"),
        message=render_to_string("accounts/email/invitation.txt", context),
        from_email=None,
        recipient_list=[user.email],
    )


@transaction.atomic
def user_invite(
    *,
    by: User,
    username: str,
    email: str,
    role: str,
    full_name: str = "",
    department=None,
    agency=None,
    access_expires_on: date | None = None,
    reason: str = "",
) -> User:
    """Create an account without a password and mail it a one-time link to set one."""
    if not email:
        raise ValidationError({"email": _("An invitation needs an email address.")})
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationError({"email": _("An account with this email address exists already.")})
    department, agency, access_expires_on = _scope(role, department, agency, access_expires_on)
    _check_scope(role, department, agency)
    user = User(
        username=username,
        first_name=full_name,
        email=email,
        role=role,
        department=department,
        agency=agency,
        access_expires_on=access_expires_on,
        is_staff=role == Role.OFFICE_ADMIN,
    )
    user.set_unusable_password()
    user.full_clean()
    attribute_change(user, by=by, reason=reason or _("Invited"))
    user.save()
    user_sync_role_group(user=user)
    transaction.on_commit(lambda: _send_invitation(user))
    return user


@transaction.atomic
def user_resend_invitation(*, user: User, by: User) -> None:
    if user.has_usable_password():
        raise ValidationError(_("This person has set a password already; they can log in."))
    if not user.is_active:
        raise ValidationError(_("This account is deactivated."))
    history_snapshot(user, by=by, reason=_("Invitation sent again"))
    transaction.on_commit(lambda: _send_invitation(user))


def invitation_user(*, uidb64: str, token: str) -> User | None:
    """The invited user whose link this is, or None when it is unknown, used or expired."""
    try:
        pk = force_str(urlsafe_base64_decode(uidb64))
        user = User.objects.get(pk=pk, is_active=True)
    except (TypeError, ValueError, OverflowError, User.DoesNotExist):
        return None
    if user.has_usable_password() or not invitation_tokens.check_token(user, token):
        return None
    return user


@transaction.atomic
def invitation_accept(*, uidb64: str, token: str, password: str) -> User:
    """Set the password once. The row is claimed with a conditional UPDATE on the (unusable)
    password, so two submissions of one link set it once; the link then dies."""
    user = invitation_user(uidb64=uidb64, token=token)
    if user is None:
        raise PermissionDenied(_("This invitation link is invalid, used or expired."))
    password_validation.validate_password(password, user)
    old_hash = user.password
    user.set_password(password)
    claimed = User.objects.filter(pk=user.pk, password=old_hash).update(password=user.password)
    if claimed != 1:
        raise PermissionDenied(_("This invitation link is invalid, used or expired."))
    forget_signed_in_user(user.pk)
    history_snapshot(user, by=user, reason=_("Password set from the invitation"))
    return user


@transaction.atomic
def user_change(
    *,
    user: User,
    by: User,
    role: str,
    full_name: str,
    email: str,
    department=None,
    agency=None,
    access_expires_on: date | None = None,
    reason: str = "",
) -> User:
    """Change the role, scope, name and address. Nobody raises their own role; the last active
    office admin keeps the role."""
    if user.pk == by.pk and ROLE_RANK[role] > ROLE_RANK[by.role]:
        raise PermissionDenied(_("Nobody can raise their own role."))
    if user.role == Role.OFFICE_ADMIN and role != Role.OFFICE_ADMIN:
        _keep_last_admin(user)
    department, agency, access_expires_on = _scope(role, department, agency, access_expires_on)
    if role != user.role or department != user.department or agency != user.agency:
        _check_scope(role, department, agency)
    if role != user.role and not reason.strip():
        raise ValidationError({"reason": _("Say why the role changes.")})
    user.role = role
    user.first_name = full_name
    user.email = email
    user.department, user.agency, user.access_expires_on = department, agency, access_expires_on
    user.is_staff = role == Role.OFFICE_ADMIN
    user.full_clean(exclude=["password"])
    attribute_change(user, by=by, reason=reason)
    user.save()
    user_sync_role_group(user=user)
    return user


@transaction.atomic
def user_deactivate(*, user: User, by: User, reason: str) -> User:
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the account is deactivated.")})
    if user.pk == by.pk:
        raise PermissionDenied(_("You cannot deactivate your own account."))
    if user.role == Role.OFFICE_ADMIN:
        _keep_last_admin(user)
    user.is_active = False
    attribute_change(user, by=by, reason=reason)
    user.save(update_fields=["is_active"])
    return user


@transaction.atomic
def user_reactivate(*, user: User, by: User, reason: str = "") -> User:
    user.is_active = True
    attribute_change(user, by=by, reason=reason)
    user.save(update_fields=["is_active"])
    return user


@transaction.atomic
def user_unlock(*, user: User, by: User) -> int:
    """Lift a django-axes lockout of this username (what `manage.py axes_reset_username` does)."""
    from axes.utils import reset

    cleared = reset(username=user.username)
    history_snapshot(user, by=by, reason=_("Login lockout reset"))
    return cleared


def user_is_locked_out(*, user: User) -> bool:
    from axes.models import AccessAttempt

    return AccessAttempt.objects.filter(
        username=user.username, failures_since_start__gte=settings.AXES_FAILURE_LIMIT
    ).exists()
