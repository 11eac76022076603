"""Office staff generate the monthly report in the browser, watch its progress while a real
Celery worker builds it from a real Redis queue, and download the PDF."""

import datetime
import io

import pytest
from celery.contrib.testing.worker import start_worker
from django.core.management import call_command
from django.utils.timezone import localtime
from pypdf import PdfReader

from nantong_pm.celery import app as celery_app
from reports.models import ReportKind, ReportRun, RunStatus

pytestmark = pytest.mark.django_db(transaction=True)

BUILD_SECONDS = 120


def test_staff_generate_the_monthly_report_watch_it_and_download_it(real_broker, open_tab):
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    # The demo's archive already holds the last months' reports, built by the schedule. The staff
    # ask for the month before the oldest of them: a whole month of the demo's history that no
    # report covers yet.
    built = list(ReportRun.objects.filter(kind=ReportKind.MONTHLY).values_list("period", flat=True))
    assert built, "the demo builds the last months' monthly reports"
    oldest = datetime.date.fromisoformat(f"{min(built)}-01")
    month = (oldest - datetime.timedelta(days=1)).replace(day=1)
    period, label = f"{month:%Y-%m}", f"{month.year}年{month.month}月"
    assert period not in built
    runs_before = set(ReportRun.objects.values_list("pk", flat=True))
    tab = open_tab("staff")
    page = tab.page
    tab.submit(page.get_by_role("navigation", name="主导航").get_by_role("link", name="报告"))
    page.fill("#id_period", period)
    tab.submit(page.get_by_role("button", name="立即生成"))
    assert "报告已排队生成" in page.get_by_role("alert").first.inner_text()
    row = page.locator("main table tbody tr").first
    assert label in row.inner_text()
    # No worker yet: the run waits in Redis and the page says so.
    assert "排队中" in row.locator(".run-status").inner_text()
    assert row.locator("td").nth(4).inner_text() == "—"
    run = ReportRun.objects.exclude(pk__in=runs_before).get()
    assert (run.kind, run.period, run.requested_by.username) == (ReportKind.MONTHLY, period, "staff")
    assert run.status == RunStatus.QUEUED

    with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=30):
        download = row.get_by_role("link", name="下载 PDF")
        download.wait_for(timeout=BUILD_SECONDS * 1000)
    tab.check()
    run.refresh_from_db()
    assert run.status == RunStatus.DONE
    # The whole row was refreshed: the finish time came with the link (the checksum is on the
    # run's own page, tests/reports/test_views.py).
    assert row.locator("td").nth(4).inner_text() == f"{localtime(run.finished_at):%Y-%m-%d %H:%M}"
    href = tab.base_url + download.get_attribute("href")
    tab.expected_aborts.add(href)
    with page.expect_download() as download_info:
        download.click()
    pdf = download_info.value
    assert pdf.suggested_filename.endswith(".pdf")
    content = open(pdf.path(), "rb").read()  # noqa: SIM115
    assert content.startswith(b"%PDF-")
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages)
    for words in ("月度进展报告", label, "城市公共数据库", "智慧交通"):
        assert words in text.replace("\n", "").replace(" ", "")
    tab.assert_every_page_checked()
