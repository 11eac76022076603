"""Runs stranded by a lost broker message are sent again (on worker start, and from beat), and each
is still built exactly once; a broker that does not answer makes "generate now" answer at once
with the "paused" message."""

import datetime
import signal
import time

import pytest
from django.urls import reverse
from django.utils import timezone

from nantong_pm.celery import app as celery_app
from ops.embedded import start_embedded_redis
from reports import services
from reports.models import ReportRun, RunStatus
from reports.services import BROKER_UNAVAILABLE, REDISPATCH_AFTER, STALE_AFTER, runs_redispatch
from reports.tasks import _redispatch_when_a_worker_starts, redispatch_stranded_runs
from tests.brokers import forget_broker_connections
from tests.reports.factories import ReportRunFactory


@pytest.fixture(autouse=True)
def _quick_pdf(monkeypatch):
    """The build itself is tested elsewhere; here only how often it happens matters."""
    monkeypatch.setattr(services, "render_report_pdf", lambda **kwargs: b"%PDF-1.7 built")


def _ago(delta):
    return timezone.now() - delta


@pytest.fixture
def stranded(db):
    """A run queued 20 minutes ago whose message was lost, one running past the stale limit (its
    worker died), and two that must be left alone: one queued and sent a minute ago, one running."""
    lost = ReportRunFactory()
    ReportRun.objects.filter(pk=lost.pk).update(created_at=_ago(REDISPATCH_AFTER * 2))
    stale = ReportRunFactory(status=RunStatus.RUNNING, attempts=1, started_at=_ago(STALE_AFTER * 2))
    ReportRun.objects.filter(pk=stale.pk).update(
        created_at=_ago(STALE_AFTER * 3), dispatched_at=_ago(STALE_AFTER * 3)
    )
    waiting = ReportRunFactory(dispatched_at=_ago(datetime.timedelta(minutes=1)))
    running = ReportRunFactory(
        status=RunStatus.RUNNING, attempts=1, started_at=_ago(datetime.timedelta(minutes=1))
    )
    return {"lost": lost, "stale": stale, "waiting": waiting, "running": running}


def _rows():
    return {run.pk: (run.status, run.attempts) for run in ReportRun.objects.all()}


def test_beat_sends_stranded_runs_again_and_each_is_built_once(stranded, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assert redispatch_stranded_runs() == [stranded["lost"].pk, stranded["stale"].pk]
    rows = _rows()
    assert rows[stranded["lost"].pk] == (RunStatus.DONE, 1)
    assert rows[stranded["stale"].pk] == (RunStatus.DONE, 2)
    assert rows[stranded["waiting"].pk] == (RunStatus.QUEUED, 0)
    assert rows[stranded["running"].pk] == (RunStatus.RUNNING, 1)
    # Nothing left to send: a second round changes nothing.
    assert runs_redispatch() == []
    assert _rows() == rows


def test_a_starting_worker_sends_every_queued_run_again_but_builds_none_twice(
    stranded, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _redispatch_when_a_worker_starts()
    rows = _rows()
    assert rows[stranded["waiting"].pk] == (RunStatus.DONE, 1)
    assert rows[stranded["lost"].pk] == (RunStatus.DONE, 1)
    assert rows[stranded["running"].pk] == (RunStatus.RUNNING, 1)
    # A duplicate message (the original arrives after the resend) finds the run done.
    services.run_build(run_id=stranded["waiting"].pk)
    assert _rows() == rows


def test_a_sent_run_records_when_it_was_sent(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        run = services.run_request(kind="monthly", parameters={"period": "2015-05"})
    run.refresh_from_db()
    assert run.status == RunStatus.DONE and run.dispatched_at is not None


def test_a_worker_start_that_cannot_reach_the_database_does_not_stop_the_worker(monkeypatch, caplog):
    def broken(**kwargs):
        raise services.OperationalError("database is away")

    monkeypatch.setattr(services, "runs_redispatch", broken)
    _redispatch_when_a_worker_starts()
    assert "could not look for stranded report runs" in caplog.text


@pytest.fixture
def frozen_broker(settings, tmp_path):
    """The embedded Redis, stopped with SIGSTOP: it accepts connections and never answers. The
    broker settings are the product's own (timeouts, publish retry policy)."""
    process, url = start_embedded_redis(tmp_path / "r")
    saved = {key: celery_app.conf[key] for key in ("broker_url", "task_always_eager")}
    celery_app.conf.update(broker_url=url, task_always_eager=False)
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.LANGUAGE_CODE = "en"
    forget_broker_connections()
    process.send_signal(signal.SIGSTOP)
    yield
    process.send_signal(signal.SIGCONT)
    process.terminate()
    process.wait()
    celery_app.conf.update(saved)
    forget_broker_connections()


@pytest.mark.django_db(transaction=True)
def test_a_frozen_broker_makes_generate_now_answer_with_the_paused_message(
    client, office_staff, frozen_broker
):
    client.force_login(office_staff)
    url = reverse("reports:generate_monthly")
    client.get(reverse("reports:archive"))  # a warm process, as a running site is
    started = time.monotonic()
    response = client.post(url, {"period": "2015-05"})
    print(f"generate now with a frozen broker answered in {time.monotonic() - started:.2f} s")
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert "Report generation is paused" in page.content.decode()
    run = ReportRun.objects.get()
    assert run.status == RunStatus.FAILED and run.error.startswith(BROKER_UNAVAILABLE)
