"""A third-party evaluator scores an assignment in the browser, office staff return it, the
evaluator fixes and resubmits, staff accept, and the grade shows on the project page."""

import datetime
from decimal import Decimal

import pytest
from django.core.management import call_command

from evaluations.models import Assessment, AssessmentStatus, Grade, Indicator, ScoringMethod

pytestmark = pytest.mark.django_db(transaction=True)

# The demo as of a fixed day: last year's cycle closed, this year's in progress.
AS_OF = datetime.date(2026, 12, 2)
CYCLE_NAME = f"{AS_OF.year}年度绩效评价（演示）"
# This year's assignment of the demo evaluator's agency (agency-a) that nobody has started yet.
OURS = "智慧国土"
# Assignments of the other agency (agency-b), in this year's cycle and last year's closed one.
NOT_OURS = ("智慧社区", "智慧建设", "城市公共信息平台", "智慧旅游", "智慧城管")
# Rows the page calculates (from the project's figures where it has them): a typed score other
# than the calculated one needs a reason.
CALCULATED = (ScoringMethod.PROPORTIONAL, ScoringMethod.DEDUCTION)


@pytest.fixture
def assignments(live_server):
    """The demo as of ``AS_OF``; returns its untouched assignment of 智慧国土 to agency-a."""
    call_command("seed_demo", as_of=AS_OF, stdout=open("/dev/null", "w"))  # noqa: SIM115
    for name in NOT_OURS:
        agencies = set(Assessment.objects.filter(project__name=name).values_list("agency__code", flat=True))
        assert agencies == {"agency-b"}, (name, agencies)
    ours = Assessment.objects.get(cycle__name=CYCLE_NAME, project__name=OURS)
    assert ours.agency.code == "agency-a"
    assert ours.status == AssessmentStatus.ASSIGNED
    assert not Assessment.objects.filter(project=ours.project).exclude(pk=ours.pk).exists()
    return ours


def _fill_scores(page, leaves, share: Decimal) -> None:
    for leaf in leaves:
        page.fill(f"#score_{leaf.pk}", str((leaf.points * share).quantize(Decimal("0.01"))))
        if leaf.method in CALCULATED:
            page.fill(f"[name=reason_{leaf.pk}]", "按现场核查结果评分")


def test_evaluator_scores_staff_return_then_accept_and_the_grade_shows(assignments, open_tab, tmp_path):
    assessment = assignments
    leaves = list(Indicator.objects.filter(template=assessment.cycle.template, is_leaf=True).order_by("pk"))
    half = len(leaves) // 2

    evaluator = open_tab("evaluator")
    page = evaluator.page
    assert page.get_by_role("heading", level=1).inner_text() == "我的评估任务"
    portal = page.locator("main table").inner_text()
    assert OURS in portal
    for not_ours in NOT_OURS:  # the other agency's assignments
        assert not_ours not in portal
    evaluator.submit(page.locator("main table tr", has_text=CYCLE_NAME).get_by_role("link", name=OURS))

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
    staff.submit(staff_page.locator("main table tr", has_text=OURS).get_by_role("link", name=OURS))
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
    # Accepting asks first: the total and grade become final.
    dialogs = []

    def confirm(dialog):
        dialogs.append(dialog.message)
        dialog.accept()

    staff_page.once("dialog", confirm)
    staff.submit(staff_page.get_by_role("button", name="记录决定"))
    assert dialogs == ["确认验收此评价？验收后总分和等级即为最终结果，评价人员不能再修改。"]
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
    assert f"最近评价等级：{grade_label} {expected_total}" in panel.replace("\n", " ")
    evaluator.assert_every_page_checked()
    staff.assert_every_page_checked()
