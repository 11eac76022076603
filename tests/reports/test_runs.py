import datetime
import smtplib
import subprocess

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.db import OperationalError
from django.utils import timezone

from reports import services
from reports.models import Delivery, DeliveryStatus, ReportKind, ReportRun, ReportSchedule, RunStatus
from reports.schedules import Cron, schedule_save
from reports.services import BuildOutcome, run_build
from reports.tasks import build_report_run, run_scheduled_report


def pdf_text(path) -> str:
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True, text=True).stdout


@pytest.fixture
def schedule(office_admin, leadership):
    return schedule_save(
        schedule=None,
        name="月度进展报告",
        cron=Cron("0", "8", "1", "*", "*"),
        enabled=True,
        subscribers=[office_admin, leadership, "mayor@example.test"],
    )


def test_scheduled_task_fired_twice_makes_one_run_and_one_email_per_recipient(
    portfolio, schedule, django_capture_on_commit_callbacks
):
    for _firing in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            run_scheduled_report.delay(schedule.pk)
    run = ReportRun.objects.get()
    assert run.status == RunStatus.DONE
    assert run.is_scheduled and run.attempts == 1
    assert len(mail.outbox) == 3
    assert sorted(address for message in mail.outbox for address in message.to) == sorted(
        ["admin@example.test", "leader@example.test", "mayor@example.test"]
    )
    assert all(len(message.to) == 1 and message.bcc == [] for message in mail.outbox)
    assert mail.outbox[0].attachments[0][2] == "application/pdf"
    assert set(Delivery.objects.values_list("status", flat=True)) == {DeliveryStatus.SENT}


def test_monthly_pdf_has_the_project_names_in_chinese(
    portfolio, schedule, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        run_scheduled_report.delay(schedule.pk)
    run = ReportRun.objects.get()
    assert run.file.read().startswith(b"%PDF")
    text = pdf_text(run.file.path)
    assert "城市公共数据库" in text
    assert "月度进展报告" in text
    assert "绩效评估数据尚未接入" not in text


def test_smtp_failure_marks_that_recipient_failed_and_the_run_still_done(
    portfolio, schedule, monkeypatch, django_capture_on_commit_callbacks
):
    send = EmailBackend.send_messages

    def refuse_the_mayor(self, messages):
        if any("mayor@example.test" in message.to for message in messages):
            raise smtplib.SMTPRecipientsRefused({"mayor@example.test": (550, b"no such user")})
        return send(self, messages)

    monkeypatch.setattr(EmailBackend, "send_messages", refuse_the_mayor)
    with django_capture_on_commit_callbacks(execute=True):
        run_scheduled_report.delay(schedule.pk)
    run = ReportRun.objects.get()
    assert run.status == RunStatus.DONE
    failed = Delivery.objects.get(email="mayor@example.test")
    assert failed.status == DeliveryStatus.FAILED
    assert "SMTPRecipientsRefused" in failed.error
    assert Delivery.objects.filter(status=DeliveryStatus.SENT).count() == 2
    assert len(mail.outbox) == 2


def test_a_retry_after_delivery_mails_nobody_again(portfolio, schedule, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        run_scheduled_report.delay(schedule.pk)
    run = ReportRun.objects.get()
    build_report_run.delay(run.pk)
    assert len(mail.outbox) == 3


def test_claim_is_conditional_a_running_run_is_not_built_twice(portfolio):
    run = ReportRun.objects.create(
        kind=ReportKind.MONTHLY,
        period="2026-10",
        parameters={"period": "2026-10"},
        status=RunStatus.RUNNING,
        started_at=timezone.now(),
    )
    assert run_build(run_id=run.pk) is BuildOutcome.BUSY
    run.refresh_from_db()
    assert run.status == RunStatus.RUNNING and not run.file


def test_a_run_whose_worker_died_is_reclaimed_after_the_time_limit(portfolio, settings):
    run = ReportRun.objects.create(
        kind=ReportKind.MONTHLY,
        period="2026-10",
        parameters={"period": "2026-10"},
        status=RunStatus.RUNNING,
        started_at=timezone.now() - services.STALE_AFTER - datetime.timedelta(seconds=1),
        attempts=1,
    )
    assert run_build(run_id=run.pk) is BuildOutcome.BUILT
    run.refresh_from_db()
    assert run.status == RunStatus.DONE and run.attempts == 2
    media = settings.MEDIA_ROOT
    assert not list(media.rglob("*.part")), "no temp file left behind"
    assert [path.name for path in media.rglob("*.pdf")] == [run.file.name.rsplit("/", 1)[-1]]


def test_a_transient_error_puts_the_run_back_in_the_queue_and_retries(portfolio, monkeypatch):
    calls = []

    def flaky(**kwargs):
        calls.append(kwargs)
        if len(calls) == 1:
            raise OperationalError("database is locked")
        return b"%PDF-1.7 ok"

    monkeypatch.setattr(services, "render_report_pdf", flaky)
    run = ReportRun.objects.create(
        kind=ReportKind.MONTHLY, period="2026-10", parameters={"period": "2026-10"}
    )
    build_report_run.apply(args=[run.pk], throw=False)
    run.refresh_from_db()
    assert len(calls) == 2
    assert run.status == RunStatus.DONE and run.attempts == 2


def test_a_broken_report_fails_without_retry(portfolio, monkeypatch):
    def broken(**kwargs):
        raise KeyError("period")

    monkeypatch.setattr(services, "render_report_pdf", broken)
    run = ReportRun.objects.create(
        kind=ReportKind.MONTHLY, period="2026-10", parameters={"period": "2026-10"}
    )
    build_report_run.apply(args=[run.pk], throw=False)
    run.refresh_from_db()
    assert run.status == RunStatus.FAILED and run.attempts == 1
    assert "KeyError" in run.error


def test_on_demand_dossier_is_built_after_commit(project, office_staff, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        run = services.run_request(
            kind=ReportKind.DOSSIER,
            parameters={"project_id": project.pk},
            requested_by=office_staff,
            project=project,
        )
    assert ReportRun.objects.get(pk=run.pk).status == RunStatus.QUEUED
    assert len(callbacks) == 1
    callbacks[0]()
    run.refresh_from_db()
    assert run.status == RunStatus.DONE
    assert project.name in pdf_text(run.file.path)


def test_cycle_report_of_a_deleted_cycle_says_so(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        run = services.cycle_report_on_close(cycle_id=3)
    run.refresh_from_db()
    text = pdf_text(run.file.path)
    assert "绩效评价报告" in text and "该评估周期不存在" in text
    assert services.cycle_report_on_close(cycle_id=3).pk == run.pk


def test_a_deleted_schedule_fires_nothing(db):
    assert run_scheduled_report(999) is None
    assert not ReportSchedule.objects.exists()


def test_a_broker_that_is_down_fails_the_run_not_the_request(
    project, office_staff, monkeypatch, django_capture_on_commit_callbacks
):
    from kombu.exceptions import OperationalError as KombuOperationalError

    def broker_down(*args, **kwargs):
        raise KombuOperationalError("Error 111 connecting to 127.0.0.1:6379")

    monkeypatch.setattr(build_report_run, "delay", broker_down)
    with django_capture_on_commit_callbacks(execute=True):
        run = services.run_request(
            kind=ReportKind.DOSSIER,
            parameters={"project_id": project.pk},
            requested_by=office_staff,
            project=project,
        )
    run.refresh_from_db()
    assert run.status == RunStatus.FAILED
    assert "Broker unavailable" in run.error


def test_a_failed_scheduled_run_is_tried_again_by_the_next_firing(
    portfolio, schedule, monkeypatch, django_capture_on_commit_callbacks
):
    def broken(**kwargs):
        raise ValueError("template error")

    with monkeypatch.context() as patch:
        patch.setattr(services, "render_report_pdf", broken)
        with django_capture_on_commit_callbacks(execute=True):
            run_scheduled_report.delay(schedule.pk)
    assert ReportRun.objects.get().status == RunStatus.FAILED
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        run_scheduled_report.delay(schedule.pk)
    run = ReportRun.objects.get()
    assert run.status == RunStatus.DONE and run.attempts == 2
    assert len(mail.outbox) == 3


def test_a_worker_killed_while_writing_leaves_no_pdf_and_the_run_is_built_again(
    portfolio, settings, monkeypatch
):
    run = ReportRun.objects.create(
        kind=ReportKind.MONTHLY, period="2026-10", parameters={"period": "2026-10"}
    )

    def killed(*args):
        raise SystemExit("SIGKILL")

    with monkeypatch.context() as patch:
        patch.setattr(services.os, "replace", killed)
        with pytest.raises(SystemExit):
            run_build(run_id=run.pk)
    run.refresh_from_db()
    assert run.status == RunStatus.RUNNING and not run.file
    assert not list(settings.MEDIA_ROOT.rglob("*.pdf")), "no half file under a report's name"

    ReportRun.objects.filter(pk=run.pk).update(started_at=timezone.now() - services.STALE_AFTER)
    assert run_build(run_id=run.pk) is BuildOutcome.BUILT
    run.refresh_from_db()
    assert run.status == RunStatus.DONE
    with run.file.open("rb") as handle:
        assert handle.read(5) == b"%PDF-"
