"""Writes of the reports app: asking for runs, building them exactly once, mailing them."""

import datetime
import hashlib
import logging
import os
import smtplib
import tempfile
from enum import Enum

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.mail import EmailMessage, get_connection
from django.db import InterfaceError, OperationalError, transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from kombu.exceptions import OperationalError as KombuOperationalError
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from core.links import absolute_url
from projects.models import Project
from steering.models import Meeting
from steering.selectors import minutes_recipients

from . import assessment
from .models import (
    CycleReportText,
    Delivery,
    DeliveryStatus,
    ReportKind,
    ReportRun,
    ReportSchedule,
    RunStatus,
)
from .periods import previous_month
from .rendering import render_report_pdf

logger = logging.getLogger(__name__)

# Time limits of the build task; a RUNNING run older than the hard limit lost its worker.
BUILD_SOFT_TIME_LIMIT = 240
BUILD_HARD_TIME_LIMIT = 300
STALE_AFTER = datetime.timedelta(seconds=BUILD_HARD_TIME_LIMIT + 60)
# A database that is briefly away (restart, lock timeout) is worth a retry; a broken template is not.
TRANSIENT_ERRORS = (OperationalError, InterfaceError)


# The error of a run that never reached the queue because the broker (Redis) was down.
BROKER_UNAVAILABLE = "Broker unavailable"
# A broker that is down, or frozen (its socket times out: settings CELERY_BROKER_TRANSPORT_OPTIONS).
BROKER_ERRORS = (KombuOperationalError, RedisConnectionError, RedisTimeoutError, OSError)
# A queued run whose message was sent this long ago and that no worker took lost its message.
REDISPATCH_AFTER = datetime.timedelta(minutes=10)


def was_not_queued(run: ReportRun) -> bool:
    """True when the broker was down as the run was asked for: the run is failed, not kept, and
    the person is told to ask again (README, "When Redis is down")."""
    run.refresh_from_db(fields=["status", "error"])
    return run.status == RunStatus.FAILED and run.error.startswith(BROKER_UNAVAILABLE)


class BuildOutcome(Enum):
    BUILT = "built"
    FINISHED_BEFORE = "finished_before"
    BUSY = "busy"


def _enqueue_build(run: ReportRun) -> None:
    """Queue the build once the run is committed. A broker that is down fails the run with a
    clear error (it can be asked for again) instead of failing the request."""
    from .tasks import build_report_run

    run_id = run.pk

    def enqueue():
        try:
            build_report_run.delay(run_id)
        except BROKER_ERRORS as exc:
            logger.error("report run %s not queued: %s", run_id, exc)
            ReportRun.objects.filter(pk=run_id, status=RunStatus.QUEUED).update(
                status=RunStatus.FAILED, finished_at=timezone.now(), error=f"{BROKER_UNAVAILABLE}: {exc}"
            )
        else:
            ReportRun.objects.filter(pk=run_id).update(dispatched_at=timezone.now())

    transaction.on_commit(enqueue)


@transaction.atomic
def run_request(
    *, kind: str, parameters: dict, requested_by=None, project: Project | None = None
) -> ReportRun:
    """An on-demand run, queued for the worker once the transaction commits."""
    if kind == ReportKind.MONTHLY:
        period = parameters["period"]
    elif kind == ReportKind.CYCLE:
        period = f"cycle-{parameters['cycle_id']}"
        parameters = cycle_parameters(cycle_id=parameters["cycle_id"])
    else:
        period = f"{project.code}@{timezone.localdate():%Y-%m-%d}"
    run = ReportRun(
        kind=kind, period=period, parameters=parameters, requested_by=requested_by, project=project
    )
    run.full_clean()
    run.save()
    _enqueue_build(run)
    return run


@transaction.atomic
def scheduled_run_ensure(
    *, kind: str, period: str, parameters: dict, schedule: ReportSchedule | None = None
) -> tuple[ReportRun, bool]:
    """The one scheduled run of ``kind`` for ``period``: created at the first firing, found at
    every later one (the unique constraint makes concurrent firings meet on one row).
    The build is (re-)enqueued either way; claiming is conditional, so at most one worker builds,
    and a run already done only completes its deliveries. A failed run mailed nobody, so a
    later firing for the same period tries it again."""
    run, created = ReportRun.objects.get_or_create(
        kind=kind,
        period=period,
        is_scheduled=True,
        defaults={"parameters": parameters, "schedule": schedule},
    )
    if run.status == RunStatus.FAILED:
        ReportRun.objects.filter(pk=run.pk, status=RunStatus.FAILED).update(status=RunStatus.QUEUED, error="")
    _enqueue_build(run)
    return run, created


def scheduled_run_for_schedule(*, schedule_id: int, today: datetime.date | None = None) -> ReportRun | None:
    """The beat entry of a schedule fired: the monthly report covers the month before ``today``."""
    schedule = ReportSchedule.objects.filter(pk=schedule_id).first()
    if schedule is None:
        return None
    period = previous_month(today or timezone.localdate())
    run, _created = scheduled_run_ensure(
        kind=schedule.kind, period=period, parameters={"period": period}, schedule=schedule
    )
    return run


def cycle_parameters(*, cycle_id: int) -> dict:
    """The parameters of a cycle report: the cycle and its name, so the archive lists the report
    by the cycle's name (and still does once the cycle is deleted)."""
    return {"cycle_id": cycle_id, "cycle_name": assessment.cycle_name(cycle_id=cycle_id)}


def cycle_text_draft(*, cycle_id: int) -> CycleReportText:
    """The text of sections 五 and 六 for the office to edit: what was saved, or else the draft
    generated from the data (not saved until the office saves it)."""
    text = CycleReportText.objects.filter(cycle_id=cycle_id).first()
    if text is not None:
        return text
    outline = assessment.cycle_outline(cycle_id=cycle_id)
    return CycleReportText(
        cycle_id=cycle_id,
        problems="\n".join(outline.problems if outline else []),
        recommendations="\n".join(outline.recommendations if outline else []),
    )


@transaction.atomic
def cycle_text_save(*, cycle_id: int, problems: str, recommendations: str, by, publish: bool = False):
    """Save the office's text of sections 五 and 六; with ``publish``, freeze it and queue the
    cycle report that carries it. A published text is never changed again."""
    text = CycleReportText.objects.select_for_update().filter(cycle_id=cycle_id).first()
    if text is not None and text.is_published:
        raise ValidationError(_("This report text is published and can no longer be changed."))
    text = text or CycleReportText(cycle_id=cycle_id)
    text.problems, text.recommendations, text.updated_by = problems.strip(), recommendations.strip(), by
    if publish:
        text.published_at, text.published_by = timezone.now(), by
    text.full_clean()
    text.save()
    run = None
    if publish:
        run = run_request(kind=ReportKind.CYCLE, parameters={"cycle_id": cycle_id}, requested_by=by)
    return text, run


def cycle_report_on_close(*, cycle_id: int) -> ReportRun:
    """The cycle report of a closed assessment cycle, made once per cycle."""
    run, _created = scheduled_run_ensure(
        kind=ReportKind.CYCLE, period=f"cycle-{cycle_id}", parameters=cycle_parameters(cycle_id=cycle_id)
    )
    return run


def runs_redispatch(*, after: datetime.timedelta = REDISPATCH_AFTER) -> list[int]:
    """Send the build of every stranded run again: queued, or running past the stale limit (its
    worker died), and not sent to the queue within ``after`` — a broker that restarted without its
    messages leaves such runs behind. Called when a worker starts (``after`` zero) and every few
    minutes from beat. Extra messages are harmless: ``_claim`` lets exactly one build happen."""
    now = timezone.now()
    cutoff = now - after
    stuck = Q(status=RunStatus.QUEUED) | Q(status=RunStatus.RUNNING, started_at__lt=now - STALE_AFTER)
    not_sent_lately = Q(dispatched_at__lt=cutoff) | Q(dispatched_at__isnull=True, created_at__lt=cutoff)
    runs = list(ReportRun.objects.filter(stuck & not_sent_lately).order_by("pk"))
    for run in runs:
        logger.warning(
            "report run %s (%s) was left without a build message; sending it again", run.pk, run.status
        )
        _enqueue_build(run)
    return [run.pk for run in runs]


def minutes_on_close(*, meeting_id: int) -> ReportRun:
    """The minutes (会议纪要) of a closed review meeting, made once per meeting and mailed to
    its attendees."""
    meeting = Meeting.objects.get(pk=meeting_id)
    with translation.override("zh-hans"):
        label = f"{meeting.title} {meeting.held_on:%Y-%m-%d}"
    run, _created = scheduled_run_ensure(
        kind=ReportKind.MINUTES,
        period=f"meeting-{meeting_id}",
        parameters={"meeting_id": meeting_id, "label": label},
    )
    return run


def _claim(run_id: int) -> bool:
    """Take the run for this worker. A RUNNING run older than the hard time limit lost its
    worker (killed, machine lost) and is taken back first."""
    now = timezone.now()
    ReportRun.objects.filter(pk=run_id, status=RunStatus.RUNNING, started_at__lt=now - STALE_AFTER).update(
        status=RunStatus.QUEUED
    )
    claimed = ReportRun.objects.filter(pk=run_id, status=RunStatus.QUEUED).update(
        status=RunStatus.RUNNING, started_at=now, attempts=F("attempts") + 1, error=""
    )
    return claimed == 1


def _store_atomically(run: ReportRun, content: bytes) -> str:
    """Write the PDF next to its final place and rename it in: a killed worker leaves at most
    a temp file, never a half PDF under a run's name."""
    name = default_storage.get_available_name(run.file.field.generate_filename(run, run.filename))
    path = default_storage.path(name)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=os.path.dirname(path), suffix=".part", delete=False) as handle:
        handle.write(content)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(handle.name, path)
    return name


def run_build(*, run_id: int) -> BuildOutcome:
    """Build a queued run. Returns BUSY when another worker holds it (not stale yet) and
    FINISHED_BEFORE when it is already done or failed. Transient errors put the run back in the
    queue and propagate, for the task to retry; any other error marks the run failed."""
    if not _claim(run_id):
        status = ReportRun.objects.filter(pk=run_id).values_list("status", flat=True).first()
        return (
            BuildOutcome.BUSY
            if status in (RunStatus.RUNNING, RunStatus.QUEUED)
            else BuildOutcome.FINISHED_BEFORE
        )
    run = ReportRun.objects.get(pk=run_id)
    try:
        content = render_report_pdf(kind=run.kind, parameters=run.parameters)
    except TRANSIENT_ERRORS:
        ReportRun.objects.filter(pk=run_id, status=RunStatus.RUNNING).update(status=RunStatus.QUEUED)
        raise
    except Exception as exc:
        logger.exception("report run %s failed", run_id)
        ReportRun.objects.filter(pk=run_id).update(
            status=RunStatus.FAILED, finished_at=timezone.now(), error=f"{type(exc).__name__}: {exc}"
        )
        return BuildOutcome.BUILT
    old_name = run.file.name
    name = _store_atomically(run, content)
    ReportRun.objects.filter(pk=run_id).update(
        status=RunStatus.DONE,
        file=name,
        checksum=hashlib.sha256(content).hexdigest(),
        finished_at=timezone.now(),
    )
    if old_name and old_name != name:
        default_storage.delete(old_name)
    return BuildOutcome.BUILT


def build_report_file(*, kind: str, parameters: dict, output: str) -> str:
    """Build a report synchronously to a path (the ``build_report`` command); no run, no broker."""
    content = render_report_pdf(kind=kind, parameters=parameters)
    directory = os.path.dirname(os.path.abspath(output))
    with tempfile.NamedTemporaryFile(dir=directory, suffix=".part", delete=False) as handle:
        handle.write(content)
    os.replace(handle.name, output)
    return os.path.abspath(output)


def _recipients(run: ReportRun) -> list[str]:
    """A scheduled report goes to its schedule's subscribers; a meeting's minutes to its
    attendees and chair."""
    if run.kind == ReportKind.MINUTES:
        addresses = minutes_recipients(meeting_id=int(run.parameters["meeting_id"]))
    elif run.schedule is not None:
        addresses = [subscriber.address for subscriber in run.schedule.subscribers.select_related("user")]
    else:
        addresses = []
    return sorted({address.strip().lower() for address in addresses if address})


def run_deliver(*, run_id: int) -> list[Delivery]:
    """Mail a done scheduled run to each subscriber of its schedule (the minutes of a meeting to
    its attendees), one message per recipient addressed To: that recipient (mail filters distrust a
    message with an empty To:). Each recipient is logged before sending, so a retry never mails
    anyone twice; a failing recipient is logged as failed and does not stop the others."""
    run = ReportRun.objects.select_related("schedule").get(pk=run_id)
    if run.status != RunStatus.DONE or (run.schedule is None and run.kind != ReportKind.MINUTES):
        return []
    with translation.override("zh-hans"):
        subject = f"{run.get_kind_display()} {run.period_label}"
        body = _("The report is attached. The archive: %(url)s") % {
            "url": absolute_url(reverse("reports:archive"))
        }
    with run.file.open("rb") as handle:
        content = handle.read()
    connection = get_connection()
    deliveries = []
    for address in _recipients(run):
        delivery, created = Delivery.objects.get_or_create(run=run, email=address)
        if not created:
            continue
        message = EmailMessage(subject, body, to=[address], connection=connection)
        message.attach(run.filename, content, "application/pdf")
        try:
            message.send()
        except (smtplib.SMTPException, OSError) as exc:
            delivery.status, delivery.error = DeliveryStatus.FAILED, f"{type(exc).__name__}: {exc}"
        else:
            delivery.status = DeliveryStatus.SENT
        delivery.save(update_fields=["status", "error", "at"])
        deliveries.append(delivery)
    return deliveries
