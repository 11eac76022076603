"""Tables of the published shape (项目支出绩效自评表), built through the editor's services, scored
from typed rows and the project's own budget, and checked against totals computed by hand."""

import datetime
from decimal import Decimal
from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from openpyxl import load_workbook

from evaluations.models import AssessmentStatus, Grade, IndicatorTemplate, Score, TemplateStatus
from evaluations.services import (
    assessment_accept,
    assessment_assign,
    assessment_declare_no_conflict,
    assessment_save_draft,
    assessment_submit,
    cycle_open,
)
from evaluations.services.templates import (
    indicator_add,
    indicator_move,
    indicator_update,
    template_complete,
    template_create,
)
from projects.models import BudgetLine
from tests.projects.factories import FundingSourceFactory

WAN = Decimal("10000")


def _empty(kind="external", family="county"):
    return template_create(family=family, name="项目支出绩效自评表", kind=kind, indicators=[], complete=False)


def _row(template, parent, name, points, **fields):
    node = indicator_add(template=template, parent=parent, name=name)
    return indicator_update(indicator=node, points=Decimal(points), **fields)


def _heading(template, parent, name):
    return indicator_add(template=template, parent=parent, name=name)


def _assess(template, project, agency, office_staff, evaluator, year=2021):
    cycle = cycle_open(name=f"{year}年度", kind="annual", year=year, template=template, by=office_staff)
    assessment = assessment_assign(
        cycle=cycle, project=project, agency=agency, due_on=datetime.date(year + 1, 3, 31), by=office_staff
    )
    return assessment_declare_no_conflict(assessment=assessment, by=evaluator, declared=True)


@pytest.fixture
def budget_2021(project):
    """预算数 400 万元, 到位 350 万元, 执行 301 万元."""
    return BudgetLine.objects.create(
        project=project,
        year=2021,
        source=FundingSourceFactory(),
        approved=400 * WAN,
        allocated=350 * WAN,
        spent=301 * WAN,
    )


def test_nine_row_published_table_scores_to_the_hand_computed_total(
    project, budget_2021, agency, office_staff, evaluator, client
):
    t = _empty()
    # Outside the groups: the budget block, 20 points × 执行率 (spent ÷ arrived).
    execution = _row(
        t, None, "预算执行率", "20", method="proportional", source="budget_execution", target=100, unit="%"
    )
    output, effect, satisfaction = (_heading(t, None, n) for n in ("产出指标", "效益指标", "满意度指标"))
    quantity, quality, timeliness, cost = (
        _heading(t, output, n) for n in ("数量指标", "质量指标", "时效指标", "成本指标")
    )
    social, lasting = _heading(t, effect, "社会效益指标"), _heading(t, effect, "可持续影响指标")
    served = _heading(t, satisfaction, "服务对象满意度指标")
    p = {"method": "proportional"}
    tables = _row(t, quantity, "新建数据库表数量", "10", target=120, unit="张", **p)
    departments = _row(t, quantity, "接入部门数", "10", target=30, unit="个", **p)
    acceptance = _row(t, quality, "系统验收合格率", "10", target=100, unit="%", **p)
    on_time = _row(t, timeliness, "按期完成率", "10", target=100, unit="%", **p)
    unit_cost = _row(t, cost, "单位建设成本", "10", target=50, unit="万元", lower_is_better=True, **p)
    calls = _row(t, social, "数据共享调用次数", "10", target=100, unit="万次", **p)
    upkeep = _row(t, lasting, "长效运维机制健全性", "10", method="banded", target_text="健全")
    satisfied = _row(t, served, "服务对象满意度", "10", target=90, unit="%", **p)

    assert t.indicators.filter(is_leaf=True).count() == 9
    assert tables.level == 3 and tables.first_level_id == output.pk
    template_complete(template=t)
    t.refresh_from_db()
    assert t.status == TemplateStatus.ACTIVE

    assessment = _assess(t, project, agency, office_staff, evaluator)
    typed = {
        execution.pk: {},  # from the budget: 301 ÷ 350 = 86 % → 17.20
        tables.pk: {"actual": "114"},  # 114 ÷ 120 × 10 = 9.50
        departments.pk: {"actual": "30"},  # 10.00
        acceptance.pk: {"actual": "100"},  # 10.00
        on_time.pk: {"actual": "90", "deviation": "两个里程碑因招标延期"},  # 9.00
        unit_cost.pk: {"actual": "55"},  # lower is better: 50 ÷ 55 × 10 = 9.09
        calls.pk: {"actual": "86"},  # 8.60
        upkeep.pk: {"value": "8.5", "band": "A"},  # 8.50
        satisfied.pk: {"actual": "93"},  # 93 ÷ 90 capped at the points: 10.00
    }
    assessment_save_draft(assessment=assessment, by=evaluator, expected_version=1, scores=typed)
    scores = {s.indicator_id: s for s in Score.objects.filter(assessment=assessment)}
    assert scores[execution.pk].value == Decimal("17.20")
    figures = dict(scores[execution.pk].computed["figures"])
    assert figures["Funds arrived (到位数)"] == "350.00 万元" and figures["Spent (执行数)"] == "301.00 万元"
    assert figures["Spent ÷ approved (支出 ÷ 批复)"] == "75.25 %"
    assert [scores[i.pk].value for i in (tables, departments, acceptance, on_time)] == [
        Decimal("9.50"),
        Decimal("10.00"),
        Decimal("10.00"),
        Decimal("9.00"),
    ]
    assert scores[unit_cost.pk].value == Decimal("9.09") and scores[calls.pk].value == Decimal("8.60")
    assert scores[upkeep.pk].value == Decimal("8.50") and scores[satisfied.pk].value == Decimal("10.00")
    assert scores[on_time.pk].deviation == "两个里程碑因招标延期"

    review_round = assessment_submit(assessment=assessment, by=evaluator, notify=False)
    assert review_round.total == Decimal("91.89")
    assessment = assessment_accept(assessment=assessment, by=office_staff)
    assert assessment.status == AssessmentStatus.ACCEPTED
    assert assessment.total == Decimal("91.89") and assessment.grade == Grade.EXCELLENT

    # The same table out as Excel, in the published layout.
    client.force_login(office_staff)
    response = client.get(f"/evaluations/assessments/{assessment.pk}/export/")
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    header = next(i for i, row in enumerate(rows) if row[0] == "一级指标")
    assert rows[header][:8] == (
        "一级指标",
        "二级指标",
        "三级指标",
        "年度指标值",
        "实际完成值",
        "分值",
        "得分",
        "偏差原因分析及改进措施",
    )
    body = rows[header + 1 :]
    assert body[0][:7] == ("预算执行率", None, None, "100%", "86.00%", 20, 17.2)
    assert body[1][:7] == ("产出指标", "数量指标", "新建数据库表数量", "120张", "114张", 10, 9.5)
    assert body[-1][0] == "合计" and body[-1][5:7] == (100, 91.89)
    merged = {str(r) for r in sheet.merged_cells.ranges}
    first = header + 3  # 1-based row of 新建数据库表数量
    assert f"A{first}:A{first + 4}" in merged, "产出指标 spans its five rows"
    assert f"A{header + 2}:C{header + 2}" in merged, "执行率 spans the three level columns"
    budget_row = rows[header - 1]
    assert "350.00 万元" in budget_row and "301.00 万元" in budget_row


def test_table_with_a_deduction_row_and_a_0_point_row(project, agency, office_staff, evaluator):
    t = _empty(family="deduct")
    facts = _row(t, None, "项目概况（仅供参考）", "0", explanation="不计分")
    process = _heading(t, None, "过程")
    contracts = _row(
        t,
        process,
        "合同管理规范性",
        "10",
        method="deduction",
        deduction=Decimal("0.5"),
        criteria="缺一项扣0.5分",
    )
    records = _row(t, process, "档案资料完整性", "10", method="deduction", deduction=Decimal("2"))
    rest = _row(t, None, "产出与效益", "80")
    template_complete(template=t)
    assessment = _assess(t, project, agency, office_staff, evaluator)
    typed = {
        facts.pk: {"actual_text": "已建成"},
        contracts.pk: {"shortfalls": "3"},  # 10 − 3 × 0.5 = 8.50
        records.pk: {"shortfalls": "7"},  # 10 − 7 × 2 < 0 → 0.00 (扣完为止)
        rest.pk: {"value": "70"},
    }
    assessment_save_draft(assessment=assessment, by=evaluator, expected_version=1, scores=typed)
    assert Score.objects.get(indicator=contracts).value == Decimal("8.50")
    assert Score.objects.get(indicator=records).value == Decimal("0.00")
    assert Score.objects.get(indicator=facts).value == Decimal("0")
    review_round = assessment_submit(assessment=assessment, by=evaluator, notify=False)
    assert review_round.total == Decimal("78.50")
    assert assessment_accept(assessment=assessment, by=office_staff).grade == Grade.FAIR


# ---------------------------------------------------------------- bad input: clear errors, nothing saved


def test_points_not_adding_up_keep_the_template_a_draft_that_no_cycle_can_use(office_staff):
    t = _empty(family="short")
    _row(t, None, "甲", "49.5")
    _row(t, None, "乙", "50")
    with pytest.raises(
        ValidationError, match=r"add up to 99\.50; they must add up to the declared total 100"
    ):
        template_complete(template=t)
    t.refresh_from_db()
    assert t.status == TemplateStatus.DRAFT
    with pytest.raises(ValidationError, match="Complete this template"):
        cycle_open(name="2021年度", kind="annual", year=2021, template=t, by=office_staff)


def test_third_party_template_needs_output_and_effect_of_60(db):
    t = _empty(kind="external", family="thin")
    for name, points in (("决策", "25"), ("过程", "25"), ("产出", "30"), ("效益", "20")):
        _row(t, _heading(t, None, name), f"{name}指标", points)
    with pytest.raises(ValidationError) as error:
        template_complete(template=t)
    assert "产出 30.00 + 效益 20.00 = 50.00" in " ".join(error.value.messages)
    assert "财预〔2020〕10号" in " ".join(error.value.messages)


@pytest.mark.parametrize(
    "points, message",
    [("-1", "Points cannot be negative"), ("1.234", "no more than 2 decimal places")],
)
def test_negative_or_three_decimal_points_are_refused(db, points, message):
    t = _empty(family="bad")
    row = _row(t, None, "甲", "5")
    with pytest.raises(ValidationError, match=message):
        indicator_update(indicator=row, points=Decimal(points))
    row.refresh_from_db()
    assert row.points == Decimal("5")


def test_moving_under_its_own_child_is_refused(db):
    t = _empty(family="loop")
    top = _heading(t, None, "产出")
    middle = _heading(t, top, "数量指标")
    _row(t, middle, "完成数量", "100")
    with pytest.raises(ValidationError, match="under itself or under one of its own sub-indicators"):
        indicator_move(indicator=top, parent=middle)
    with pytest.raises(ValidationError, match="under itself"):
        indicator_move(indicator=top, parent=top)
    top.refresh_from_db()
    middle.refresh_from_db()
    assert top.parent_id is None and middle.parent_id == top.pk and middle.level == 2


def test_proportional_with_a_zero_target_is_refused(db):
    t = _empty(family="zero")
    row = _row(t, None, "事故次数", "10")
    with pytest.raises(ValidationError, match="target of 0 cannot be scored in proportion"):
        indicator_update(indicator=row, method="proportional", target=Decimal("0"))
    row.refresh_from_db()
    assert row.method == "manual" and row.target is None


def test_a_score_above_its_points_is_refused_and_nothing_saved(project, agency, office_staff, evaluator):
    t = _empty(family="over")
    a, b = _row(t, None, "产出", "40"), _row(t, None, "效益", "60")
    template_complete(template=t)
    assessment = _assess(t, project, agency, office_staff, evaluator)
    with pytest.raises(ValidationError, match="Enter a score from 0 to 40"):
        assessment_save_draft(
            assessment=assessment,
            by=evaluator,
            expected_version=1,
            scores={a.pk: {"value": "40.5"}, b.pk: {"value": "60"}},
        )
    assert not Score.objects.exists()
    assessment.refresh_from_db()
    assert assessment.version == 1


def test_every_template_error_is_listed_at_once(db):
    t = _empty(family="many")
    row = _row(t, None, "甲", "10")
    row.method = "deduction"  # as an import might write it, bypassing the row's own check
    row.save()
    with pytest.raises(ValidationError) as error:
        template_complete(template=t)
    messages = error.value.messages
    assert any("add up to 10.00" in m for m in messages)
    assert any(m.startswith("甲: Deduction scoring needs") for m in messages)
    assert IndicatorTemplate.objects.get(pk=t.pk).status == TemplateStatus.DRAFT


def test_indicator_losses_for_a_cycle(
    project, agency, office_staff, evaluator, django_assert_num_queries, client
):
    from evaluations.selectors import indicator_losses
    from tests.projects.factories import ProjectFactory

    t = _empty(family="loss")
    a, b = _row(t, None, "立项依据", "40"), _row(t, None, "产出数量", "60")
    template_complete(template=t)
    first = _assess(t, project, agency, office_staff, evaluator)
    cycle = first.cycle
    second = assessment_declare_no_conflict(
        assessment=assessment_assign(
            cycle=cycle,
            project=ProjectFactory(name="乙项目"),
            agency=agency,
            due_on=datetime.date(2022, 3, 31),
            by=office_staff,
        ),
        by=evaluator,
        declared=True,
    )
    for assessment, (va, vb) in ((first, ("30", "60")), (second, ("35", "50"))):
        assessment_save_draft(
            assessment=assessment,
            by=evaluator,
            expected_version=1,
            scores={a.pk: {"value": va}, b.pk: {"value": vb}},
        )
        assessment_submit(assessment=assessment, by=evaluator, notify=False)
        assessment_accept(assessment=assessment, by=office_staff)
    with django_assert_num_queries(2):
        losses = indicator_losses(cycles=[cycle])
    assert [(row.name, row.lost, row.points) for row in losses] == [
        ("立项依据", Decimal("15.00"), Decimal("80.00")),
        ("产出数量", Decimal("10.00"), Decimal("120.00")),
    ]
    assert losses[0].lost_share == Decimal("18.8")
    assert losses[0].worst == [(project.name, Decimal("10.00")), ("乙项目", Decimal("5.00"))]
    client.force_login(office_staff)
    response = client.get(f"/evaluations/cycles/{cycle.pk}/")
    assert response.status_code == 200 and "Where points are lost" in response.content.decode()
