"""Office staff steer a project in the browser: filter the portfolio, record the approval
review decision, move the project to approved, add a budget line and a milestone."""

from decimal import Decimal

import pytest
from django.core.management import call_command

from projects.models import BudgetLine, Milestone, Project, Stage

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def demo(live_server):
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_office_staff_review_approve_and_plan_a_project(demo, open_tab):
    tab = open_tab("staff")
    page = tab.page
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    assert page.get_by_role("heading", level=1).inner_text().startswith("驾驶舱")

    tab.submit(page.get_by_role("navigation", name="主导航").get_by_role("link", name="项目库"))
    page.select_option("#id_group", label="民生应用")
    page.select_option("#id_stage", label="申报")
    page.fill("#id_q", "社区")
    tab.submit(page.get_by_role("button", name="筛选"))
    rows = page.locator("table.table-portfolio tbody tr")
    assert rows.count() == 1
    tab.submit(rows.first.get_by_role("link", name="智慧社区"))
    assert page.get_by_role("heading", level=1).inner_text().startswith("智慧社区")
    project = Project.objects.get(code="P04")

    # The gate into approval review names what is missing; the estimate is entered, then it opens.
    lifecycle = page.locator("section[aria-labelledby=lifecycle-heading]")
    assert "估算投资" in lifecycle.inner_text()
    tab.submit(page.get_by_role("link", name="编辑", exact=True))
    page.fill("#id_estimated_budget", "28000000")
    tab.submit(page.get_by_role("button", name="保存"))
    page.fill("#move-comment", "申报材料齐全")
    tab.submit(page.get_by_role("button", name="转入立项评审"))

    tab.submit(page.get_by_role("button", name="发起评审轮次"))
    assert "已发起第1轮评审。" in page.get_by_role("alert").inner_text()
    page.fill("#id_reviewer", "周专家")
    page.fill("#id_organisation", "市信息化专家委员会")
    page.fill("#id_opinion", "社区服务需求明确，方案可行。")
    page.select_option("#id_recommendation", label="同意立项")
    tab.submit(page.get_by_role("button", name="保存"))
    tab.submit(page.get_by_role("link", name="录入评审决定"))
    page.select_option("#id_decision", label="同意立项")
    page.fill("#id_reasons", "建设方案成熟，同意立项。")
    tab.submit(page.get_by_role("button", name="保存"))
    assert "理由：建设方案成熟，同意立项。" in lifecycle.inner_text()
    assert "周专家 (市信息化专家委员会)：同意立项 — 社区服务需求明确，方案可行。" in lifecycle.inner_text()

    page.fill("#move-comment", "立项批复已印发")
    tab.submit(page.get_by_role("button", name="转入已立项"))
    history = lifecycle.locator("ol.timeline").inner_text()
    # Stage moves read as changes of the stage with the mover's comment as the reason (issue 22).
    assert "阶段：申报 → 立项评审\n理由：申报材料齐全" in history
    assert "阶段：立项评审 → 已立项\n理由：立项批复已印发" in history
    assert "估算投资（元）：— → 2,800.00 万元" in history
    project.refresh_from_db()
    assert project.stage == Stage.APPROVED

    tab.submit(page.get_by_role("link", name="预算详情"))
    tab.submit(page.get_by_role("link", name="新增预算条目"))
    page.fill("#id_year", "2015")
    page.select_option("#id_source", label="企业自筹")
    page.fill("#id_approved", "1250000")
    assert page.locator("#id_approved + .wan-preview").inner_text() == "= 125.00 万元"
    page.fill("#id_allocated", "500000")
    tab.submit(page.get_by_role("button", name="保存"))
    line = BudgetLine.objects.get(project=project, year=2015, source__code="enterprise")
    assert line.approved == Decimal("1250000")
    assert "125.00" in page.locator("main table").first.inner_text()

    tab.goto(f"/projects/{project.pk}/")
    tab.submit(page.get_by_role("link", name="新增里程碑"))
    page.fill("#id_title", "社区服务平台上线")
    page.select_option("#id_stage", label="建设实施")
    page.fill("#id_planned_date", "2015-12-31")
    tab.submit(page.get_by_role("button", name="保存"))
    assert "社区服务平台上线" in page.locator("main").inner_text()
    assert Milestone.objects.filter(project=project, title="社区服务平台上线").exists()
    tab.assert_every_page_checked()
