"""Leadership opens the dashboard and the pages behind it, and finds no control that changes
anything: no form that posts (but logging out, the language and the portfolio list's columns, all
their own preferences), no link to a page that writes. Asking for a PDF of a project's dossier is
reading, not editing: leadership may (README, Reports)."""

import pytest
from django.core.management import call_command
from django.utils import timezone

pytestmark = pytest.mark.django_db(transaction=True)

# Path segments of the pages that write, and the posts leadership may make (log out, language,
# a dossier PDF, and the columns the portfolio list shows them: the list itself, /projects/ and
# nothing below it, takes no other post).
WRITING = (
    r"/(new|edit|move|move-request|decide|opinion|met|spend|adjust|import|generate|declare|save"
    r"|evidence|review|assign|copy|publish|suggest-order)/|/admin/"
)
ALLOWED_POSTS = r"/(logout|i18n/setlang|reports/generate/dossier/\d+)/|^/projects/$"

# Everything on a page that could change data: forms that post, links to pages that write, and
# htmx requests that write.
EDIT_CONTROLS = """([writing, allowed]) => {
  writing = new RegExp(writing);
  allowed = new RegExp(allowed);
  const found = [];
  for (const form of document.querySelectorAll("form")) {
    const action = form.getAttribute("action") || location.pathname;
    if ((form.getAttribute("method") || "get").toLowerCase() === "post" && !allowed.test(action)) {
      found.push("form posting to " + action);
    }
  }
  for (const link of document.querySelectorAll("a[href]")) {
    if (writing.test(new URL(link.href).pathname)) found.push("link to " + link.getAttribute("href"));
  }
  for (const el of document.querySelectorAll("[hx-post], [hx-put], [hx-patch], [hx-delete]")) {
    const url = el.getAttribute("hx-post") || "";
    if (!allowed.test(url)) found.push("htmx write on " + el.outerHTML.slice(0, 80));
  }
  return found;
}"""


def edit_controls(page) -> list[str]:
    return page.evaluate(EDIT_CONTROLS, [WRITING, ALLOWED_POSTS])


def test_leadership_reads_the_dashboard_and_finds_no_edit_control(live_server, open_tab):
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    tab = open_tab("leader")
    page = tab.page
    assert tab.path() == "/dashboard/"
    assert page.get_by_role("heading", level=1).inner_text().startswith("驾驶舱")
    # The charts are drawn (Chart.js from static/) and the tables behind them are there too.
    assert page.locator("canvas").count() >= 3
    assert "市级财政资金" in page.locator("#budget-sources").inner_text()
    assert edit_controls(page) == []

    # The dashboard opens on this year's budget; leadership looks back at last year's, which the
    # demo (budgets for last, this and next year) has and the year filter offers.
    this_year = timezone.localdate().year
    assert page.locator("#id_year").input_value() == str(this_year)
    last_year = str(this_year - 1)
    assert last_year in page.locator("#id_year option").all_inner_texts()
    page.select_option("#id_year", last_year)
    tab.submit(page.get_by_role("button", name="应用"))
    assert f"year={last_year}" in tab.path()
    assert f"{last_year} 年批复预算" in page.locator("main").inner_text()
    assert edit_controls(page) == []

    tab.submit(page.locator("a.card-stat", has_text="项目").first)
    assert tab.path().startswith("/projects/")
    assert edit_controls(page) == []
    tab.submit(page.locator("table.table-portfolio tbody tr").first.get_by_role("link").first)
    assert edit_controls(page) == []
    project_path = tab.path()
    tab.submit(page.get_by_role("link", name="预算详情"))
    assert edit_controls(page) == []
    for path in (
        "/projects/pipeline/",
        "/projects/plans/",
        "/projects/budget/",
        "/reports/",
        "/evaluations/",
    ):
        tab.goto(path)
        assert edit_controls(page) == [], path
    tab.assert_every_page_checked()

    # The same project page as office staff: the probe does find their controls.
    staff = open_tab("staff")
    staff.goto(project_path)
    found = edit_controls(staff.page)
    assert any("/edit/" in control for control in found)
    assert any("/move/" in control for control in found)
