"""Faults: with Redis down every page still loads and "generate now" says plainly that reports
are paused; a database error gives the friendly 500 page; 403 and 404 pages in the site style."""

import pytest
from django.test import Client
from django.urls import reverse

from nantong_pm.celery import app as celery_app
from reports.models import ReportRun, RunStatus
from reports.services import BROKER_UNAVAILABLE
from tests.brokers import forget_broker_connections
from tests.test_permission_matrix import GET_MATRIX, get_mismatches

CLOSED_PORT_BROKER = "redis://127.0.0.1:1/0"
PAUSED = "Report generation is paused"


@pytest.fixture
def redis_down(settings):
    """Tasks go to a broker on a closed port, for real (not eagerly), and give up fast."""
    changes = {
        "task_always_eager": False,
        "broker_url": CLOSED_PORT_BROKER,
        "broker_connection_timeout": 0.5,
        "broker_connection_retry": False,
        "broker_connection_max_retries": 0,
        "task_publish_retry_policy": {"max_retries": 0},
        "broker_transport_options": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
    }
    saved = {key: celery_app.conf[key] for key in changes}
    celery_app.conf.update(changes)
    forget_broker_connections()
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.LANGUAGE_CODE = "en"
    yield
    celery_app.conf.update(saved)
    forget_broker_connections()


def test_with_redis_down_every_page_loads_for_every_role(client, all_users, world, redis_down):
    assert get_mismatches(client, all_users, world, GET_MATRIX) == []


# Real transactions: the queueing runs on commit, inside the request, as in production.
@pytest.mark.django_db(transaction=True)
def test_with_redis_down_generate_now_says_reports_are_paused(client, office_staff, redis_down):
    client.force_login(office_staff)
    response = client.post(reverse("reports:generate_monthly"), {"period": "2015-05"}, follow=True)
    assert response.status_code == 200
    assert PAUSED in response.content.decode() and "try again" in response.content.decode()
    run = ReportRun.objects.get()
    assert run.status == RunStatus.FAILED and run.error.startswith(BROKER_UNAVAILABLE)


@pytest.mark.django_db(transaction=True)
def test_with_redis_down_a_dossier_asked_from_the_project_page_says_so_in_place(
    client, liaison, project, redis_down
):
    client.force_login(liaison)
    response = client.post(reverse("reports:generate_dossier", args=[project.pk]), HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and PAUSED in response.content.decode()


def test_with_redis_up_generate_now_says_queued(client, office_staff, settings):
    settings.LANGUAGE_CODE = "en"
    client.force_login(office_staff)
    response = client.post(reverse("reports:generate_monthly"), {"period": "2015-05"}, follow=True)
    assert PAUSED not in response.content.decode() and "queued" in response.content.decode()


@pytest.mark.urls("tests.faults_urls")
def test_a_database_error_gives_the_friendly_500_page_without_a_traceback(office_staff, settings):
    settings.DEBUG = False
    settings.LANGUAGE_CODE = "en"
    client = Client(raise_request_exception=False)
    client.force_login(office_staff)
    response = client.get("/broken/")
    body = response.content.decode()
    assert response.status_code == 500
    assert "Something went wrong" in body and "try again" in body
    assert "Traceback" not in body and "DatabaseError" not in body and "10.0.0.5" not in body
    assert "Content-Security-Policy" in response


def test_404_and_403_pages_are_in_the_site_style(client, evaluator, settings):
    settings.DEBUG = False
    settings.LANGUAGE_CODE = "en"
    client.force_login(evaluator)
    missing = client.get("/projects/999999/")
    assert missing.status_code == 404 and "404.html" in [t.name for t in missing.templates]
    assert "Page not found" in missing.content.decode() and "navbar" in missing.content.decode()
    refused = client.get(reverse("projects:list"))
    assert refused.status_code == 403 and "403.html" in [t.name for t in refused.templates]
    assert "You do not have access" in refused.content.decode()
