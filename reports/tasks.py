"""Celery tasks: they take ids and call services. Settings make every task ``acks_late`` with
``reject_on_worker_lost``, so a killed worker's message is delivered again."""

import datetime
import logging

from celery import shared_task
from celery.signals import worker_ready

from . import services
from .services import (
    BUILD_HARD_TIME_LIMIT,
    BUILD_SOFT_TIME_LIMIT,
    STALE_AFTER,
    TRANSIENT_ERRORS,
    BuildOutcome,
)

logger = logging.getLogger(__name__)


@shared_task(
    bind=True,
    acks_late=True,
    max_retries=5,
    soft_time_limit=BUILD_SOFT_TIME_LIMIT,
    time_limit=BUILD_HARD_TIME_LIMIT,
)
def build_report_run(self, run_id: int) -> str:
    """Build a run and mail it to its schedule's subscribers. Safe to run twice."""
    try:
        outcome = services.run_build(run_id=run_id)
    except TRANSIENT_ERRORS as exc:
        raise self.retry(exc=exc, countdown=30 * (self.request.retries + 1)) from exc
    if outcome is BuildOutcome.BUSY:
        # Another worker holds it, or held it and died: look again once it would count as stale.
        raise self.retry(countdown=int(STALE_AFTER.total_seconds()))
    services.run_deliver(run_id=run_id)
    return outcome.value


@shared_task(acks_late=True)
def run_scheduled_report(schedule_id: int) -> int | None:
    """Fired by Celery beat for a ReportSchedule; any number of firings make one run per period."""
    run = services.scheduled_run_for_schedule(schedule_id=schedule_id)
    return run.pk if run else None


@shared_task
def redispatch_stranded_runs() -> list[int]:
    """Beat, every few minutes: builds whose message was lost are sent again."""
    return services.runs_redispatch()


@worker_ready.connect
def _redispatch_when_a_worker_starts(**kwargs) -> None:
    """A worker that starts (after a crash, a broker restart, a reboot) first sends again every
    build left queued or stale, so none waits for beat; never stops the worker from starting."""
    try:
        services.runs_redispatch(after=datetime.timedelta(0))
    except Exception:
        logger.exception("could not look for stranded report runs at worker start")
