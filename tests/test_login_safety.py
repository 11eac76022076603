"""Login safety: lockout after failed logins, password rules, session expiry, the production
security settings (``check --deploy``), the Content-Security-Policy and its templates, and no
public media path."""

import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.accounts.factories import UserFactory
from tests.sites import production_environment
from tests.urlmatrix import named_urls, url_for

BASE_DIR = Path(settings.BASE_DIR)
LOGIN = "/accounts/login/"
PASSWORD = "correct-horse-battery-staple"


@pytest.fixture
def person(db):
    user = UserFactory(username="wang")
    user.set_password(PASSWORD)
    user.save()
    return user


def _login(client, password, username="wang", address="10.0.0.1"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)


def test_five_wrong_passwords_lock_the_account_out_even_for_the_right_one(client, person):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _login(client, "wrong").status_code == 200
    locked = _login(client, "wrong")
    assert locked.status_code == 429
    response = _login(client, PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    assert "registration/locked_out.html" in [t.name for t in response.templates]


def test_the_lock_is_per_address_so_a_guesser_elsewhere_does_not_lock_the_user_out(client, person):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, "wrong", address="203.0.113.9")
    assert _login(client, PASSWORD, address="10.0.0.1").status_code == 302


def test_a_successful_login_resets_the_count(client, person):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _login(client, "wrong")
    assert _login(client, PASSWORD).status_code == 302
    client.logout()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _login(client, "wrong")
    assert _login(client, PASSWORD).status_code == 302


@pytest.mark.parametrize("password", ["12345678", "password", "iloveyou", "short"])
def test_weak_passwords_are_refused(person, password):
    with pytest.raises(ValidationError):
        validate_password(password, user=person)


def test_sessions_expire_after_a_working_day_and_with_the_browser():
    assert settings.SESSION_COOKIE_AGE <= 8 * 3600
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE and settings.SESSION_COOKIE_HTTPONLY


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    environment = production_environment(
        without=("DATABASE_URL", "REDIS_URL"),
        PRODUCTION="true",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="pm.nantong.example",
        NANTONG_VAR_DIR=str(tmp_path),
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    environment = production_environment(
        without=("SECRET_KEY",), PRODUCTION="true", NANTONG_VAR_DIR=str(tmp_path)
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0 and "SECRET_KEY" in result.stderr


def test_every_page_carries_the_content_security_policy(client, office_admin, world):
    client.force_login(office_admin)
    urls = named_urls()
    checked = 0
    for name, arguments in urls.items():
        response = client.get(url_for(name, arguments, world))
        if response.status_code != 200:
            continue
        policy = response["Content-Security-Policy"]
        if policy.startswith("default-src 'none'"):
            continue  # a download with its own, stricter policy
        assert "default-src 'self'" in policy and "script-src 'self'" in policy, name
        assert "unsafe-inline" not in policy and "unsafe-eval" not in policy, name
        checked += 1
    assert checked > 40
    assert "Content-Security-Policy" in client.get(reverse("login"))


# PDF templates are rendered by WeasyPrint on the server, never served to a browser.
_BROWSER_TEMPLATES = [
    path
    for path in (BASE_DIR / "templates").rglob("*.html")
    if "pdf" not in path.relative_to(BASE_DIR / "templates").parts
] + list(BASE_DIR.glob("*/templates/**/*.html"))
_INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.I)
_EVENT_HANDLER = re.compile(r"\son[a-z]+\s*=", re.I)
_STYLE_ATTRIBUTE = re.compile(r"\sstyle\s*=", re.I)
_STYLE_ELEMENT = re.compile(r"<style[\s>]", re.I)


@pytest.mark.parametrize(
    "pattern", [_INLINE_SCRIPT, _EVENT_HANDLER, _STYLE_ATTRIBUTE, _STYLE_ELEMENT], ids=lambda p: p.pattern
)
def test_no_browser_template_breaks_the_policy(pattern):
    assert len(_BROWSER_TEMPLATES) > 30
    offenders = [
        str(path.relative_to(BASE_DIR)) for path in _BROWSER_TEMPLATES if pattern.search(path.read_text())
    ]
    assert offenders == []


def test_uploaded_files_have_no_public_path(client, office_admin, world):
    stored = world["evidence"].file.name
    assert Path(settings.MEDIA_ROOT, stored).exists()
    assert not getattr(settings, "MEDIA_URL", "").strip("/")
    for path in (f"/media/{stored}", f"/{stored}", "/media/"):
        client.logout()
        assert client.get(path).status_code == 302
        client.force_login(office_admin)
        assert client.get(path).status_code == 404


def test_report_download_is_a_permission_checked_attachment(client, leadership, world):
    client.force_login(leadership)
    response = client.get(reverse("reports:download", args=[world["run"].pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
