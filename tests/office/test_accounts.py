"""User accounts managed by the office admin: the invitation link works once, role changes are
logged, nobody raises their own role, the last office admin stays (issue 22)."""

import datetime
import re

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from accounts import services
from accounts.models import Role, User
from tests.accounts.factories import UserFactory

PASSWORD = "Haimen-river-2026"


def _invite(admin, **extra):
    fields = {"username": "newcomer", "email": "newcomer@example.org", "role": Role.OFFICE_STAFF}
    return services.user_invite(by=admin, **{**fields, **extra})


def _link_path(message) -> str:
    return re.search(r"https?://[^/\s]+(/accounts/invitation/\S+/)", message.body).group(1)


def test_an_invited_user_sets_the_password_once_and_the_link_then_dies(
    client, office_admin, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invited = _invite(office_admin, full_name="陈新")
    assert not invited.has_usable_password()
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["newcomer@example.org"]
    path = _link_path(mail.outbox[0])

    assert client.get(path).status_code == 200
    response = client.post(path, {"new_password1": PASSWORD, "new_password2": PASSWORD})
    assert response.status_code == 302 and response["Location"] == reverse("login")
    invited.refresh_from_db()
    assert invited.check_password(PASSWORD)

    # The link is dead now: the page says so, and a second password is not taken.
    assert client.get(path).status_code == 404
    response = client.post(path, {"new_password1": "Other-pass-2026x", "new_password2": "Other-pass-2026x"})
    assert response.status_code == 404
    invited.refresh_from_db()
    assert invited.check_password(PASSWORD)
    response = client.post(reverse("login"), {"username": "newcomer", "password": PASSWORD})
    assert response.status_code == 302 and "/accounts/login/" not in response["Location"]


def test_an_invitation_link_expires(client, office_admin, settings, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _invite(office_admin)
    path = _link_path(mail.outbox[0])
    settings.PASSWORD_RESET_TIMEOUT = -1  # every token is older than that
    assert client.get(path).status_code == 404
    response = client.post(path, {"new_password1": PASSWORD, "new_password2": PASSWORD})
    assert response.status_code == 404
    assert not User.objects.get(username="newcomer").has_usable_password()


def test_a_weak_password_is_refused_next_to_the_field_and_the_link_still_works(
    client, office_admin, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _invite(office_admin)
    path = _link_path(mail.outbox[0])
    response = client.post(path, {"new_password1": "123", "new_password2": "123"})
    assert response.status_code == 200
    assert 'class="errorlist"' in response.content.decode()
    assert client.get(path).status_code == 200


def test_the_invite_page_creates_the_account_with_its_scope(client, office_admin, department):
    client.force_login(office_admin)
    response = client.post(
        reverse("office:user_invite"),
        {
            "username": "liaison9",
            "email": "l9@example.org",
            "role": Role.LIAISON,
            "department": department.pk,
        },
    )
    assert response.status_code == 302
    account = User.objects.get(username="liaison9")
    assert account.department == department and account.role == Role.LIAISON
    # A liaison without a department is refused next to the field, nothing is written.
    response = client.post(
        reverse("office:user_invite"),
        {"username": "liaison10", "email": "l10@example.org", "role": Role.LIAISON},
    )
    assert response.status_code == 200
    assert not User.objects.filter(username="liaison10").exists()


def test_role_changes_are_logged_with_who_old_new_and_why(office_admin, liaison, department):
    services.user_change(
        user=liaison,
        by=office_admin,
        role=Role.OFFICE_STAFF,
        full_name="王联络",
        email="wang@example.org",
        reason="调入市智慧办",
    )
    latest = liaison.history.order_by("-history_date", "-history_id").first()
    previous = latest.prev_record
    assert latest.history_user == office_admin
    assert latest.history_change_reason == "调入市智慧办"
    assert (previous.role, latest.role) == (Role.LIAISON, Role.OFFICE_STAFF)
    assert (previous.department_id, latest.department_id) == (department.pk, None)


def test_a_role_change_without_a_reason_is_refused(office_admin, liaison):
    with pytest.raises(ValidationError) as refused:
        services.user_change(user=liaison, by=office_admin, role=Role.LEADERSHIP, full_name="", email="")
    assert "reason" in refused.value.message_dict
    liaison.refresh_from_db()
    assert liaison.role == Role.LIAISON


@pytest.mark.parametrize("role", [Role.OFFICE_STAFF, Role.LIAISON, Role.LEADERSHIP, Role.EVALUATOR])
def test_nobody_raises_their_own_role(role, department, agency):
    me = UserFactory(
        role=role,
        department=department if role == Role.LIAISON else None,
        agency=agency if role == Role.EVALUATOR else None,
    )
    with pytest.raises(PermissionDenied):
        services.user_change(
            user=me, by=me, role=Role.OFFICE_ADMIN, full_name="", email="", reason="我要管理员"
        )
    me.refresh_from_db()
    assert me.role == role


def test_the_last_office_admin_can_be_neither_demoted_nor_deactivated(office_admin, office_staff):
    with pytest.raises(ValidationError):
        services.user_change(
            user=office_admin, by=office_admin, role=Role.OFFICE_STAFF, full_name="", email="", reason="退"
        )
    office_admin.refresh_from_db()
    assert office_admin.role == Role.OFFICE_ADMIN
    # With a second admin, one of the two may go — but not the one who is then the last.
    second = UserFactory(username="admin2", role=Role.OFFICE_ADMIN)
    services.user_deactivate(user=office_admin, by=second, reason="离职")
    with pytest.raises(ValidationError):
        services.user_change(
            user=second, by=second, role=Role.LEADERSHIP, full_name="", email="", reason="调岗"
        )
    second.refresh_from_db()
    assert second.is_active and second.role == Role.OFFICE_ADMIN


def test_an_admin_can_step_down_once_another_admin_exists(office_admin):
    UserFactory(username="admin2", role=Role.OFFICE_ADMIN)
    services.user_change(
        user=office_admin, by=office_admin, role=Role.OFFICE_STAFF, full_name="", email="", reason="交接"
    )
    office_admin.refresh_from_db()
    assert office_admin.role == Role.OFFICE_STAFF and not office_admin.is_staff


def test_deactivate_needs_a_reason_and_is_logged(client, office_admin, liaison):
    client.force_login(office_admin)
    client.post(reverse("office:user_deactivate", args=[liaison.pk]), {"reason": ""})
    liaison.refresh_from_db()
    assert liaison.is_active
    response = client.post(reverse("office:user_deactivate", args=[liaison.pk]), {"reason": "调离"})
    assert response.status_code == 302
    liaison.refresh_from_db()
    assert not liaison.is_active
    latest = liaison.history.order_by("-history_id").first()
    assert (latest.history_user, latest.history_change_reason) == (office_admin, "调离")


def test_the_office_admin_lifts_a_lockout(client, office_admin, liaison, settings):
    from axes.models import AccessAttempt

    AccessAttempt.objects.create(
        username=liaison.username,
        ip_address="10.0.0.9",
        user_agent="test",
        failures_since_start=settings.AXES_FAILURE_LIMIT,
    )
    assert services.user_is_locked_out(user=liaison)
    client.force_login(office_admin)
    page = client.get(reverse("office:user", args=[liaison.pk])).content.decode()
    assert reverse("office:user_unlock", args=[liaison.pk]) in page
    assert client.post(reverse("office:user_unlock", args=[liaison.pk])).status_code == 302
    assert not services.user_is_locked_out(user=liaison)
    assert liaison.history.filter(history_user=office_admin).exists()


def test_user_list_shows_role_scope_expiry_and_last_login_in_constant_queries(
    client, office_admin, department, agency, django_assert_max_num_queries
):
    UserFactory(
        username="evalx", role=Role.EVALUATOR, agency=agency, access_expires_on=datetime.date(2030, 1, 31)
    )
    client.force_login(office_admin)
    url = reverse("office:users")
    with django_assert_max_num_queries(8) as few:
        client.get(url)
    for index in range(20):
        UserFactory(username=f"bulk{index}", role=Role.LIAISON, department=department)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(url).content.decode()
    assert "2030-01-31" in page and agency.name in page and department.name in page
