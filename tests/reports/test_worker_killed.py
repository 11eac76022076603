"""A real worker process SIGKILLed in the middle of a report build leaves no half file, and the
run is built once when the message is delivered again to a new worker.

Everything runs in subprocesses against a file SQLite database and the Redis on 127.0.0.1:6379
(skipped when it does not answer), with the broker's visibility timeout shortened to 3 s."""

import os
import signal
import socket
import time

import pytest

from tests.sites import seeded_site

pytestmark = pytest.mark.integration

WAIT_SECONDS = 120


@pytest.fixture
def site(tmp_path):
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
    except OSError:
        pytest.skip("needs Redis on 127.0.0.1:6379")
    site = seeded_site(tmp_path, redis_url="redis://127.0.0.1:6379/13", CELERY_VISIBILITY_TIMEOUT="3")
    site.purge_queue()
    return site


def _run_row(site, run_id):
    return site.report_run(run_id, "status, attempts, file, checksum")


def _wait_for(site, run_id, statuses, *, interval=0.02):
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        row = _run_row(site, run_id)
        if row[0] in statuses:
            return row
        time.sleep(interval)
    raise AssertionError(f"run {run_id} never reached {statuses}: {row}")


def _files(media):
    return (
        sorted(p.relative_to(media).as_posix() for p in media.rglob("*") if p.is_file())
        if media.exists()
        else []
    )


def test_a_worker_killed_mid_build_leaves_no_half_file_and_the_run_completes_once_on_retry(site):
    media = site.media
    run_id = int(
        site.manage(
            "shell",
            "-c",
            "from reports.services import run_request; "
            "print(run_request(kind='monthly', parameters={'period': '2015-05'}).pk)",
        ).split()[-1]
    )

    first = site.start_worker()
    try:
        _wait_for(site, run_id, {"running"})
        os.killpg(first.pid, signal.SIGKILL)
    finally:
        first.wait(timeout=30)
    status, attempts, file_name, _ = _run_row(site, run_id)
    assert (status, attempts, file_name) == ("running", 1, "")
    assert [name for name in _files(media) if not name.endswith(".part")] == []

    # The run counts as lost once it is older than the build's hard time limit; skip that wait.
    site.manage(
        "shell",
        "-c",
        "from reports.models import ReportRun; from reports.services import STALE_AFTER; "
        f"run = ReportRun.objects.get(pk={run_id}); "
        "ReportRun.objects.filter(pk=run.pk).update(started_at=run.started_at - STALE_AFTER)",
    )
    second = site.start_worker()
    try:
        status, attempts, file_name, checksum = _wait_for(site, run_id, {"done", "failed"}, interval=0.5)
    finally:
        os.killpg(second.pid, signal.SIGTERM)
        second.wait(timeout=30)
    assert (status, attempts) == ("done", 2)
    finished = [name for name in _files(media) if not name.endswith(".part")]
    assert finished == [file_name]
    assert (media / file_name).read_bytes().startswith(b"%PDF")
    assert len(checksum) == 64
