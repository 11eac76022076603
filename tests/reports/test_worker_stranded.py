"""A real worker that starts sends again the builds left stranded (queued with their message lost,
or running past the stale limit after a worker died), and each is built exactly once even when its
original message turns up too.

Subprocesses against a file SQLite database and an embedded Redis of the test's own (the launcher's
``start_embedded_redis``), so nothing is shared with other test runs."""

import time

import pytest

from ops.embedded import start_embedded_redis
from tests.sites import seeded_site

pytestmark = pytest.mark.integration

WAIT_SECONDS = 180

STRANDED = """
import datetime
from django.utils import timezone
from reports.models import ReportRun, RunStatus
from reports.services import STALE_AFTER
from reports.tasks import build_report_run
long_ago = timezone.now() - 2 * STALE_AFTER
lost = ReportRun.objects.create(kind="monthly", period="2015-04", parameters={"period": "2015-04"})
stale = ReportRun.objects.create(
    kind="monthly", period="2015-05", parameters={"period": "2015-05"},
    status=RunStatus.RUNNING, attempts=1, started_at=long_ago,
)
build_report_run.delay(lost.pk)  # its original message: with the resend, two messages for one build
print(lost.pk, stale.pk)
"""


@pytest.fixture
def site(tmp_path):
    redis_process, redis_url = start_embedded_redis(tmp_path / "r")
    try:
        yield seeded_site(tmp_path, redis_url=redis_url)
    finally:
        redis_process.terminate()
        redis_process.wait(timeout=30)


def _rows(site, run_ids):
    return [site.report_run(pk, "status, attempts, file") for pk in run_ids]


def test_a_starting_worker_builds_stranded_runs_exactly_once(site):
    run_ids = [int(pk) for pk in site.manage("shell", "-c", STRANDED).split()[-2:]]
    worker = site.start_worker()
    try:
        deadline = time.monotonic() + WAIT_SECONDS
        while time.monotonic() < deadline:
            rows = _rows(site, run_ids)
            if all(row[0] in ("done", "failed") for row in rows):
                break
            time.sleep(0.5)
        # Let the duplicate message be taken too before looking at the attempts.
        site.manage("shell", "-c", "from reports.services import runs_redispatch; print(runs_redispatch())")
        time.sleep(2)
    finally:
        worker.terminate()
        worker.wait(timeout=60)
    (lost_status, lost_attempts, lost_file), (stale_status, stale_attempts, stale_file) = _rows(site, run_ids)
    assert (lost_status, lost_attempts) == ("done", 1)
    assert (stale_status, stale_attempts) == ("done", 2)
    pdfs = sorted(p for p in site.media.rglob("*.pdf"))
    assert [p.relative_to(site.media).as_posix() for p in pdfs] == sorted([lost_file, stale_file])
