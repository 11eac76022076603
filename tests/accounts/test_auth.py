import datetime
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse

from accounts.models import Role
from tests.accounts.factories import UserFactory


def test_anonymous_is_sent_to_login(client, db):
    response = client.get(reverse("projects:list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_login_page_is_chinese_by_default(client, db):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert "登录" in response.content.decode()


def test_login_then_landing_page_by_role(client, office_staff, evaluator):
    response = client.post(reverse("login"), {"username": "staff", "password": "pw"})
    assert response.status_code == 302
    assert client.get(reverse("home")).url == reverse("dashboard:dashboard")
    client.logout()
    client.post(reverse("login"), {"username": "evaluator", "password": "pw"})
    assert client.get(reverse("home")).url == reverse("evaluations:portal")


def test_expired_evaluator_cannot_log_in(client, expired_evaluator):
    response = client.post(reverse("login"), {"username": "expired", "password": "pw"})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_evaluator_expiring_during_a_session_is_logged_out(client, evaluator):
    client.force_login(evaluator)
    evaluator.access_expires_on = datetime.date.today() - datetime.timedelta(days=1)
    evaluator.save()
    response = client.get(reverse("evaluations:portal"))
    assert response.status_code == 302


def test_liaison_needs_a_department(db):
    from django.db import IntegrityError

    with pytest.raises(IntegrityError):
        UserFactory(role=Role.LIAISON, department=None)


def test_production_refuses_to_start_without_secret_key(monkeypatch):
    import importlib

    import nantong_pm.settings as settings_module

    monkeypatch.setenv("PRODUCTION", "true")
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(ImproperlyConfigured):
        importlib.reload(settings_module)
    monkeypatch.delenv("PRODUCTION")
    importlib.reload(settings_module)


def test_chinese_is_the_default_whatever_the_browser_asks(client, db):
    response = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert "登录" in response.content.decode()


def test_english_when_chosen_with_the_switcher(client, db):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    response = client.get(reverse("login"))
    assert "Log in" in response.content.decode()


def test_anonymous_on_the_admin_ends_on_the_site_login_page(client, db):
    response = client.get("/admin/", follow=True)
    assert response.status_code == 200
    last = urlsplit(response.redirect_chain[-1][0])
    assert last.path == reverse("login") and parse_qs(last.query) == {"next": ["/admin/"]}


def test_the_open_pages_answer_anonymous_visitors(client, db):
    assert client.get(reverse("healthz")).status_code == 200
    assert client.get(reverse("public:home")).status_code == 200
    response = client.post(reverse("set_language"), {"language": "en", "next": "/public/"})
    assert response.status_code == 302 and response["Location"] == "/public/"


def test_the_api_answers_anonymous_callers_with_json_not_the_login_page(client, db):
    response = client.get("/api/v1/projects/")
    assert response.status_code == 401 and response["Content-Type"] == "application/json"


def test_a_stored_signed_in_user_follows_every_change_of_the_account(client, office_admin):
    """The signed-in user comes from the shared cache (accounts.backends); a change of the account
    is seen on the very next request: a new role, a deactivation, a new password."""
    client.force_login(office_admin)
    assert client.get(reverse("office:users")).status_code == 200

    office_admin.role = Role.OFFICE_STAFF
    office_admin.save()
    assert client.get(reverse("office:users")).status_code == 403

    office_admin.is_active = False
    office_admin.save()
    assert client.get(reverse("projects:list")).url.startswith(reverse("login"))


def test_a_password_change_signs_out_the_other_sessions_of_a_stored_user(client, office_staff):
    client.force_login(office_staff)
    assert client.get(reverse("projects:list")).status_code == 200
    office_staff.set_password("a-new-password-1")
    office_staff.save()
    assert client.get(reverse("projects:list")).url.startswith(reverse("login"))
