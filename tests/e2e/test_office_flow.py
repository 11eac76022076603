"""Office staff steer a project in the browser: filter the portfolio, record the approval
review decision, move the project to approved, add a budget line and a milestone."""

import datetime
from decimal import Decimal

import pytest
from django.core.management import call_command

from projects.models import BudgetLine, Milestone, Project, Stage

pytestmark = pytest.mark.django_db(transaction=True)

# The demo as of a fixed day. 智慧教育 (P08) was registered 65 days before and has not been to
# approval review yet; its planned period starts 90 days after the as-of day (2027–2030).
AS_OF = datetime.date(2026, 12, 2)


@pytest.fixture
def demo(live_server):
    call_command("seed_demo", as_of=AS_OF, stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_office_staff_review_approve_and_plan_a_project(demo, open_tab):
    tab = open_tab("staff")
    page = tab.page
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    assert page.get_by_role("heading", level=1).inner_text().startswith("驾驶舱")

    tab.submit(page.get_by_role("navigation", name="主导航").get_by_role("link", name="项目库"))
    page.select_option("#id_group", label="民生应用")
    page.select_option("#id_stage", label="申报")
    page.fill("#id_q", "教育")
    tab.submit(page.get_by_role("button", name="筛选"))
    rows = page.locator("table.table-portfolio tbody tr")
    assert rows.count() == 1
    assert rows.first.locator("td").first.inner_text() == "P08"
    tab.submit(rows.first.get_by_role("link", name="智慧教育"))
    assert page.get_by_role("heading", level=1).inner_text().startswith("智慧教育")
    project = Project.objects.get(code="P08")
    assert project.stage == Stage.PROPOSAL
    assert project.estimated_budget == Decimal("8000000")

    # The estimate is revised before the proposal goes to approval review.
    lifecycle = page.locator("section[aria-labelledby=lifecycle-heading]")
    tab.submit(page.get_by_role("link", name="编辑", exact=True))
    page.fill("#id_estimated_budget", "8500000")
    tab.submit(page.get_by_role("button", name="保存"))
    page.fill("#move-comment", "申报材料齐全")
    tab.submit(page.get_by_role("button", name="转入立项评审"))
    # The gate into approved names what is missing: a review round that decides to approve.
    assert "最近一轮立项评审尚无“同意”或“有条件同意”的决定。" in lifecycle.inner_text()

    tab.submit(page.get_by_role("button", name="发起评审轮次"))
    assert "已发起第1轮评审。" in page.get_by_role("alert").inner_text()
    page.fill("#id_reviewer", "周专家")
    page.fill("#id_organisation", "市信息化专家委员会")
    page.fill("#id_opinion", "教育服务需求明确，方案可行。")
    page.select_option("#id_recommendation", label="同意立项")
    tab.submit(page.get_by_role("button", name="保存"))
    tab.submit(page.get_by_role("link", name="录入评审决定"))
    page.select_option("#id_decision", label="同意立项")
    page.fill("#id_reasons", "建设方案成熟，同意立项。")
    tab.submit(page.get_by_role("button", name="保存"))
    assert "理由：建设方案成熟，同意立项。" in lifecycle.inner_text()
    assert "周专家 (市信息化专家委员会)：同意立项 — 教育服务需求明确，方案可行。" in lifecycle.inner_text()
    assert "最近一轮立项评审尚无" not in lifecycle.inner_text()

    page.fill("#move-comment", "立项批复已印发")
    tab.submit(page.get_by_role("button", name="转入已立项"))
    history = lifecycle.locator("ol.timeline").inner_text()
    # Stage moves read as changes of the stage with the mover's comment as the reason (issue 22).
    assert "阶段：申报 → 立项评审\n理由：申报材料齐全" in history
    assert "阶段：立项评审 → 已立项\n理由：立项批复已印发" in history
    assert "估算投资（元）：800.00 万元 → 850.00 万元" in history
    project.refresh_from_db()
    assert project.stage == Stage.APPROVED

    tab.submit(page.get_by_role("link", name="预算详情"))
    tab.submit(page.get_by_role("link", name="新增预算条目"))
    page.fill("#id_year", "2027")
    page.select_option("#id_source", label="企业自筹")
    page.fill("#id_approved", "1250000")
    assert page.locator("#id_approved + .wan-preview").inner_text() == "= 125.00 万元"
    page.fill("#id_allocated", "500000")
    tab.submit(page.get_by_role("button", name="保存"))
    line = BudgetLine.objects.get(project=project, year=2027, source__code="enterprise")
    assert line.approved == Decimal("1250000")
    assert "125.00" in page.locator("main table").first.inner_text()

    tab.goto(f"/projects/{project.pk}/")
    tab.submit(page.get_by_role("link", name="新增里程碑"))
    page.fill("#id_title", "教育服务平台上线")
    page.select_option("#id_stage", label="建设实施")
    page.fill("#id_planned_date", "2027-12-31")
    tab.submit(page.get_by_role("button", name="保存"))
    assert "教育服务平台上线" in page.locator("main").inner_text()
    assert Milestone.objects.filter(project=project, title="教育服务平台上线").exists()
    tab.assert_every_page_checked()
