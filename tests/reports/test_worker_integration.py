"""A real Celery worker against a real Redis (``tests.brokers.real_broker``).

The worker runs in a thread of this process (``start_worker``), so it reads the same test
database: the rows this test commits (``transaction=True``), on PostgreSQL as on SQLite (whose
test database is a file, settings DATABASES TEST NAME)."""

import subprocess
import time

import pytest
from celery.contrib.testing.worker import start_worker
from django.core import mail

from demo.seed_projects import seed_portfolio
from nantong_pm.celery import app as celery_app
from reports.models import Delivery, DeliveryStatus, ReportRun, RunStatus
from reports.schedules import Cron, schedule_save
from reports.tasks import run_scheduled_report

WAIT_SECONDS = 120


def _wait_until_finished() -> ReportRun:
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        run = ReportRun.objects.filter(status__in=[RunStatus.DONE, RunStatus.FAILED]).first()
        if run is not None and (run.status == RunStatus.FAILED or run.deliveries.exists()):
            return run
        time.sleep(0.5)
    pytest.fail(f"no finished run after {WAIT_SECONDS} s")


@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
def test_real_worker_builds_and_mails_the_monthly_report_once(real_broker):
    seed_portfolio()
    schedule = schedule_save(
        schedule=None,
        name="月报",
        cron=Cron("0", "8", "1", "*", "*"),
        enabled=True,
        subscribers=["mayor@example.test"],
    )
    # Beat fires twice (a duplicate); the messages wait in Redis until a worker is there.
    run_scheduled_report.delay(schedule.pk)
    run_scheduled_report.delay(schedule.pk)
    assert not ReportRun.objects.exists()
    with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=30):
        run = _wait_until_finished()
        # Let the second firing's build task finish too before stopping the worker.
        time.sleep(2)
    assert run.status == RunStatus.DONE, run.error
    assert ReportRun.objects.count() == 1
    with run.file.open("rb") as handle:
        assert handle.read(5) == b"%PDF-"
    text = subprocess.run(
        ["pdftotext", run.file.path, "-"], capture_output=True, check=True, text=True
    ).stdout
    for name in ("城市公共数据库", "智慧交通", "智慧生态节能"):
        assert name in text
    assert list(Delivery.objects.values_list("email", "status")) == [
        ("mayor@example.test", DeliveryStatus.SENT)
    ]
    assert len(mail.outbox) == 1
