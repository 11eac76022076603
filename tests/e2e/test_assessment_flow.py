"""A third-party evaluator scores an assignment in the browser, office staff return it, the
evaluator fixes and resubmits, staff accept, and the grade shows on the project page."""

import datetime
from decimal import Decimal

import pytest
from django.core.management import call_command

from accounts.models import User
from evaluations.models import (
    Agency,
    AssessmentStatus,
    CycleKind,
    Grade,
    Indicator,
    IndicatorTemplate,
)
from evaluations.services import assessment_assign, cycle_open
from projects.models import Project

pytestmark = pytest.mark.django_db(transaction=True)

CYCLE_NAME = "2016年度绩效评价"


@pytest.fixture
def assignments(live_server):
    """The demo, plus a 2016 cycle: P04 for the demo evaluator's agency, P05 for the other one."""
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    staff = User.objects.get(username="staff")
    template = IndicatorTemplate.objects.filter(family="external").order_by("version").first()
    cycle = cycle_open(name=CYCLE_NAME, kind=CycleKind.ANNUAL, year=2016, template=template, by=staff)
    due = datetime.date.today() + datetime.timedelta(days=20)
    ours = assessment_assign(
        cycle=cycle,
        project=Project.objects.get(code="P04"),
        agency=Agency.objects.get(code="agency-a"),
        due_on=due,
        by=staff,
    )
    assessment_assign(
        cycle=cycle,
        project=Project.objects.get(code="P05"),
        agency=Agency.objects.get(code="agency-b"),
        due_on=due,
        by=staff,
    )
    return ours


def _fill_scores(page, leaves, share: Decimal) -> None:
    for leaf in leaves:
        page.fill(f"#score_{leaf.pk}", str((leaf.points * share).quantize(Decimal("0.01"))))


def test_evaluator_scores_staff_return_then_accept_and_the_grade_shows(assignments, open_tab, tmp_path):
    assessment = assignments
    leaves = list(Indicator.objects.filter(template=assessment.cycle.template, is_leaf=True).order_by("pk"))
    half = len(leaves) // 2

    evaluator = open_tab("evaluator")
    page = evaluator.page
    assert page.get_by_role("heading", level=1).inner_text() == "我的评估任务"
    portal = page.locator("main table").inner_text()
    assert "智慧社区" in portal
    for not_ours in ("智慧交通", "城市公共信息平台"):  # the other agency's assignments
        assert not_ours not in portal
    evaluator.submit(page.locator("main table tr", has_text=CYCLE_NAME).get_by_role("link", name="智慧社区"))

    page.check("#id_declared")
    evaluator.submit(page.get_by_role("button", name="声明并开始评分"))
    _fill_scores(page, leaves[:half], Decimal("0.9"))
    page.fill(f"[name=comment_{leaves[0].pk}]", "决策依据充分")
    evaluator.submit(page.get_by_role("button", name="保存草稿"))
    page.reload()
    evaluator.check()
    for leaf in leaves[:half]:
        assert Decimal(page.input_value(f"#score_{leaf.pk}")) == (leaf.points * Decimal("0.9")).quantize(
            Decimal("0.01")
        )
    assert page.input_value(f"[name=comment_{leaves[0].pk}]") == "决策依据充分"
    assert page.input_value(f"#score_{leaves[-1].pk}") == ""

    _fill_scores(page, leaves[half:], Decimal("0.9"))
    evaluator.submit(page.get_by_role("button", name="保存草稿"))
    evidence = tmp_path / "现场核查记录.pdf"
    evidence.write_bytes(b"%PDF-1.4\n1 0 obj<< /Type /Catalog >>endobj\ntrailer<< /Root 1 0 R >>\n%%EOF\n")
    page.set_input_files("#id_file", str(evidence))
    evaluator.submit(page.get_by_role("button", name="上传"))
    assert "现场核查记录.pdf" in page.locator("section[aria-labelledby=evidence-heading]").inner_text()
    evaluator.submit(page.get_by_role("button", name="提交审核"))
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.SUBMITTED

    staff = open_tab("staff")
    staff_page = staff.page
    staff.submit(staff_page.get_by_role("navigation", name="主导航").get_by_role("link", name="绩效评估"))
    staff.submit(staff_page.get_by_role("link", name=CYCLE_NAME))
    staff.submit(
        staff_page.locator("main table tr", has_text="智慧社区").get_by_role("link", name="智慧社区")
    )
    staff_page.select_option("#id_decision", label="退回修改")
    staff_page.fill("#id_reason", "产出指标缺少佐证，请补充并复核评分。")
    staff.submit(staff_page.get_by_role("button", name="记录决定"))
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.RETURNED

    page.reload()
    evaluator.check()
    assert "产出指标缺少佐证，请补充并复核评分。" in page.locator("main").inner_text()
    _fill_scores(page, leaves[half:], Decimal("0.8"))
    evaluator.submit(page.get_by_role("button", name="提交审核"))

    staff_page.reload()
    staff.check()
    staff_page.select_option("#id_decision", label="通过")
    staff.submit(staff_page.get_by_role("button", name="记录决定"))
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.ACCEPTED
    assert assessment.rounds.count() == 2
    expected_total = sum(
        (leaf.points * (Decimal("0.9") if i < half else Decimal("0.8"))).quantize(Decimal("0.01"))
        for i, leaf in enumerate(leaves)
    )
    assert assessment.total == expected_total
    grade_label = Grade(assessment.grade).label

    staff.goto(f"/projects/{assessment.project_id}/")
    panel = staff_page.locator("main").inner_text()
    assert f"最近验收等级：{grade_label} {expected_total}" in panel.replace("\n", " ")
    evaluator.assert_every_page_checked()
    staff.assert_every_page_checked()
