"""The four scoring methods on known numbers, the tree operations and the computed sources."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from evaluations import computed
from evaluations.models import Indicator, TemplateStatus
from evaluations.scoring import band_of, score_banded, score_deduction, score_manual, score_proportional
from evaluations.services.templates import (
    indicator_add,
    indicator_delete,
    indicator_move,
    indicator_shift,
    indicator_update,
    template_complete,
    template_create,
    template_new_version,
    template_totals,
)
from projects.models import BudgetLine, Milestone
from tests.projects.factories import FundingSourceFactory

D = Decimal


@pytest.mark.parametrize(
    "points, target, actual, lower, expected",
    [
        ("20", "100", "86", False, "17.20"),
        ("10", "120", "114", False, "9.50"),
        ("10", "90", "93", False, "10.00"),  # capped at the points
        ("10", "3", "2", False, "6.67"),  # rounded half up
        ("10", "50", "55", True, "9.09"),  # a cost over target
        ("10", "50", "45", True, "10.00"),  # a cost under target: full points
        ("10", "30", "0", True, "10.00"),
        ("10", "100", "0", False, "0.00"),
    ],
)
def test_proportional(points, target, actual, lower, expected):
    assert score_proportional(
        points=D(points), target=D(target), actual=D(actual), lower_is_better=lower
    ) == D(expected)


def test_proportional_refuses_a_zero_or_missing_target_and_a_negative_actual():
    with pytest.raises(ValidationError, match="target of 0"):
        score_proportional(points=D("10"), target=D("0"), actual=D("5"))
    with pytest.raises(ValidationError, match="no target value"):
        score_proportional(points=D("10"), target=None, actual=D("5"))
    with pytest.raises(ValidationError, match="cannot be negative"):
        score_proportional(points=D("10"), target=D("5"), actual=D("-1"))


@pytest.mark.parametrize(
    "value, band, ok",
    [
        ("10", "A", True),
        ("8", "A", True),
        ("7.99", "A", False),
        ("8", "B", True),
        ("6", "B", True),
        ("5.99", "B", False),
        ("0", "C", True),
        ("6", "C", True),
        ("6.01", "C", False),
        ("7.5", "", True),
    ],
)
def test_banded(value, band, ok):
    if ok:
        assert score_banded(points=D("10"), value=D(value), band=band) == D(value)
    else:
        with pytest.raises(ValidationError, match="lies from"):
            score_banded(points=D("10"), value=D(value), band=band)


def test_band_of_a_score_on_a_border_is_the_higher_band():
    assert [band_of(points=D("10"), value=D(v)) for v in ("8", "7.99", "6", "5.99")] == ["A", "B", "B", "C"]


@pytest.mark.parametrize(
    "deduction, n, expected", [("0.5", 0, "10.00"), ("0.5", 3, "8.50"), ("0.5", 20, "0.00"), ("3", 4, "0.00")]
)
def test_deduction_floors_at_zero(deduction, n, expected):
    assert score_deduction(points=D("10"), deduction=D(deduction), shortfalls=n) == D(expected)


@pytest.mark.parametrize("value", ["-0.01", "10.01", "1.234"])
def test_manual_range_and_decimals(value):
    with pytest.raises(ValidationError):
        score_manual(points=D("10"), value=D(value))


# ---------------------------------------------------------------- the tree


@pytest.fixture
def draft(db):
    return template_create(family="t", name="树", kind="self", indicators=[], complete=False)


def _names(template):
    return [(i.level, i.name) for i in template.indicators.order_by("order")]


def test_a_child_added_under_a_scored_row_takes_over_its_points(draft):
    row = indicator_add(template=draft, name="产出")
    indicator_update(indicator=row, points=D("30"), method="manual")
    child = indicator_add(template=draft, parent=row, name="数量")
    row.refresh_from_db()
    assert not row.is_leaf and row.points is None and row.method == ""
    assert child.points == D("30") and child.level == 2 and child.first_level_id == row.pk
    assert template_totals(template=draft).total == D("30")
    indicator_delete(indicator=child)
    row.refresh_from_db()
    assert row.is_leaf and row.points == D("0"), "a heading without rows becomes a 0-point row"


def test_reorder_and_move_between_parents_at_any_depth(draft):
    a = indicator_add(template=draft, name="A")
    b = indicator_add(template=draft, name="B")
    a1 = indicator_add(template=draft, parent=a, name="A1")
    a1x = indicator_add(template=draft, parent=a1, name="A1x")
    indicator_add(template=draft, parent=a1x, name="A1x-4")
    assert _names(draft) == [(1, "A"), (2, "A1"), (3, "A1x"), (4, "A1x-4"), (1, "B")]
    indicator_shift(indicator=b, step=-1)
    assert [n for _, n in _names(draft)][0] == "B"
    indicator_move(indicator=a1, parent=b)
    assert _names(draft) == [(1, "B"), (2, "A1"), (3, "A1x"), (4, "A1x-4"), (1, "A")]
    assert set(
        Indicator.objects.filter(name__startswith="A1").values_list("first_level__name", flat=True)
    ) == {"B"}
    a.refresh_from_db()
    assert a.is_leaf and a.points == 0
    indicator_move(indicator=a1x, parent=None, position=0)
    assert _names(draft)[:2] == [(1, "A1x"), (2, "A1x-4")]


def test_a_row_cannot_go_under_a_row_with_points(draft):
    a = indicator_add(template=draft, name="A")
    indicator_update(indicator=a, points=D("5"))
    b = indicator_add(template=draft, name="B")
    with pytest.raises(ValidationError, match="carries 5"):
        indicator_move(indicator=b, parent=a)


def test_a_used_template_is_frozen_and_a_new_version_is_a_draft(cycle, office_admin):
    used = cycle.template
    leaf = used.indicators.filter(is_leaf=True).first()
    with pytest.raises(ValidationError, match="frozen"):
        indicator_update(indicator=leaf, name="改名")
    with pytest.raises(ValidationError, match="frozen"):
        indicator_add(template=used, name="新")
    new = template_new_version(template=used, by=office_admin)
    assert new.version == 2 and new.status == TemplateStatus.DRAFT
    assert new.indicators.count() == used.indicators.count()
    copy = new.indicators.get(name=leaf.name)
    indicator_update(indicator=copy, name="改名")
    template_complete(template=new)
    leaf.refresh_from_db()
    assert leaf.name != "改名"


def test_an_edit_that_unbalances_a_complete_template_makes_it_a_draft(external_template):
    leaf = external_template.indicators.filter(is_leaf=True).first()
    indicator_update(indicator=leaf, points=leaf.points + 1)
    external_template.refresh_from_db()
    assert external_template.status == TemplateStatus.DRAFT


# ---------------------------------------------------------------- computed from the project's data


def test_budget_sources_for_the_assessed_year(project):
    source = FundingSourceFactory()
    BudgetLine.objects.create(
        project=project, year=2021, source=source, approved=4_000_000, allocated=3_500_000, spent=3_010_000
    )
    BudgetLine.objects.create(
        project=project, year=2020, source=source, approved=1_000_000, allocated=1_000_000, spent=0
    )
    execution = computed.compute(key="budget_execution", project=project, year=2021)
    assert execution.value == D("86.00")
    assert ("Spent ÷ approved (支出 ÷ 批复)", "75.25 %") in [(str(k), v) for k, v in execution.figures]
    assert computed.compute(key="funds_arrival", project=project, year=2021).value == D("87.50")
    saving = computed.compute(key="cost_saving", project=project, year=2021)
    assert saving.value == D("24.75") and saving.lower_is_better
    assert computed.compute(key="budget_execution", project=project, year=2019) is None


def test_on_time_rate_from_milestones(project):
    def milestone(planned, actual, status="done"):
        Milestone.objects.create(
            project=project,
            title="m",
            planned_date=planned,
            actual_date=actual,
            status=status,
            waived_reason="x",
        )

    milestone(datetime.date(2021, 3, 1), datetime.date(2021, 2, 28))
    milestone(datetime.date(2021, 6, 1), datetime.date(2021, 6, 1))
    milestone(datetime.date(2021, 9, 1), datetime.date(2021, 10, 1))
    milestone(datetime.date(2021, 12, 1), None, "planned")
    milestone(datetime.date(2021, 12, 2), None, "waived")
    rate = computed.compute(key="on_time", project=project, year=2021)
    assert rate.value == D("50.00")


def test_a_higher_app_can_register_a_source(project):
    computed.register_source(
        "test_survey", "服务对象满意度", lambda project, year: computed.Computed(value=D("92.5"), unit="%")
    )
    try:
        assert ("test_survey", "服务对象满意度") in computed.source_choices()
        assert computed.compute(key="test_survey", project=project, year=2021).value == D("92.5")
    finally:
        computed._SOURCES.pop("test_survey")
