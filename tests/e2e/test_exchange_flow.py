"""Office staff export the portfolio to Excel, change a cell, import the file back: the page shows
that it is working while the file is checked and while it is written, and the preview shows
exactly the one changed row before anything is saved."""

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from projects.models import Project

pytestmark = pytest.mark.django_db(transaction=True)


# Runs after exchange.js's own submit handler (listeners run in the order they were added) and
# reports what the page shows while the request is under way.
REPORT_PROGRESS = """() => document.addEventListener("submit", (event) => {
  const status = event.target.querySelector("[data-processing-status]");
  const buttons = [...event.target.querySelectorAll("button[type=submit]")];
  console.info(`progress: status ${status.hidden ? "hidden" : "shown: " + status.innerText.trim()}, `
    + `buttons ${buttons.every((b) => b.disabled) ? "disabled" : "enabled"}`);
})"""


def _submit_watching_progress(tab, button) -> str:
    """Submit, and return what the page said while the file was being processed."""
    tab.page.evaluate(REPORT_PROGRESS)
    reported = tab.page.expect_console_message(lambda message: message.text.startswith("progress:"))
    with reported as message, tab.page.expect_navigation():
        button.click()
    tab.check()
    return message.value.text


def test_staff_export_change_and_import_a_workbook_with_progress(
    live_server, open_tab, tmp_path, monkeypatch
):
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    tab = open_tab("staff")
    page = tab.page
    tab.submit(page.get_by_role("navigation", name="主导航").get_by_role("link", name="数据交换"))

    export = page.get_by_role("link", name="导出全部项目")
    tab.expected_aborts.add(tab.base_url + export.get_attribute("href"))
    with page.expect_download() as download_info:
        export.click()
    workbook_path = tmp_path / "项目.xlsx"
    download_info.value.save_as(workbook_path)
    workbook = load_workbook(workbook_path)
    sheet = workbook.active
    headers = [cell.value for cell in sheet[1]]
    code_column, person_column = headers.index("项目编号") + 1, headers.index("责任人") + 1
    row = next(r for r in range(2, sheet.max_row + 1) if sheet.cell(r, code_column).value == "P04")
    sheet.cell(row, person_column).value = "陈主任"
    workbook.save(workbook_path)

    page.select_option("#id_kind", label="项目")
    page.set_input_files("#id_file", str(workbook_path))
    progress = _submit_watching_progress(tab, page.get_by_role("button", name="上传并检查"))
    assert progress == "progress: status shown: 处理中……正在读取并检查每一行。, buttons disabled"
    assert page.get_by_role("heading", level=1).inner_text() == "导入预览：项目"
    assert "修改 1" in page.locator("main .badge.text-bg-primary").first.inner_text()
    assert "未变 14" in page.locator("main .badge.text-bg-secondary").first.inner_text()
    assert Project.objects.get(code="P04").responsible_person != "陈主任"

    progress = _submit_watching_progress(tab, page.get_by_role("button", name="确认导入"))
    assert progress == "progress: status shown: 处理中……正在写入全部行。, buttons disabled"
    assert Project.objects.get(code="P04").responsible_person == "陈主任"
    assert Project.objects.count() == 15
    tab.assert_every_page_checked()
