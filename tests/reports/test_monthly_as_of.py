"""The monthly report shows the portfolio as it was at the end of its month: rebuilt after edits
dated after the month, it is the same report."""

import datetime
from decimal import Decimal

import pytest
from django.template.loader import render_to_string
from django.utils import timezone, translation

from evaluations.models import Assessment
from projects.models import BudgetAdjustment, BudgetLine, Problem, Project, StageTransition
from projects.models.budget import AdjustmentStatus
from projects.models.execution import MilestoneStatus, ProblemStatus, Severity
from projects.models.portfolio import Stage
from reports.selectors import monthly_report_context
from tests.organisation.factories import AgencyFactory

from .monthly_world import build_world

TODAY = datetime.date(2026, 12, 2)
MADE_AT = timezone.make_aware(datetime.datetime(2026, 12, 2, 9, 0))


def build(period: str = "2016-09") -> tuple[dict, str]:
    with translation.override("zh-hans"):
        context = monthly_report_context(period=period, today=TODAY)
        html = render_to_string("reports/pdf/monthly.html", {**context, "made_at": MADE_AT})
    return context, html


def edit_after_the_month(world, staff) -> None:
    """Everything a later month brings: the acceptance milestone done in October, a stage move,
    spending in October, an approved budget increase, the problem solved, a new problem, a new grade."""
    milestone = world.acceptance
    milestone.status, milestone.actual_date = MilestoneStatus.DONE, datetime.date(2016, 10, 20)
    milestone.save()
    StageTransition.objects.create(
        project=world.built, from_stage=Stage.IMPLEMENTATION, to_stage=Stage.ACCEPTANCE, by=staff
    )
    Project.objects.filter(pk=world.built.pk).update(stage=Stage.ACCEPTANCE)
    world.line.spending.create(
        amount=Decimal("300000"), spent_on=datetime.date(2016, 10, 5), recorded_by=staff
    )
    BudgetAdjustment.objects.create(
        line=world.line,
        old_amount=Decimal("1000000"),
        new_amount=Decimal("1500000"),
        reason="追加",
        status=AdjustmentStatus.APPROVED,
        requested_by=staff,
        decided_by=staff,
        decided_at=timezone.now(),
    )
    line = BudgetLine.objects.get(pk=world.line.pk)
    line.approved, line.allocated, line.allocated_on = (
        Decimal("1500000"),
        Decimal("1500000"),
        datetime.date(2016, 10, 8),
    )
    line.spent = Decimal("500000")
    line.save()
    Problem.objects.filter(project=world.built).update(
        status=ProblemStatus.RESOLVED, resolution="接口已打通", resolved_at=timezone.now()
    )
    Problem.objects.create(project=world.other, title="新问题", severity=Severity.HIGH, raised_by=staff)
    Assessment.objects.create(
        cycle=world.cycle,
        project=world.built,
        agency=AgencyFactory(),
        due_on=datetime.date(2026, 11, 30),
        status="accepted",
        total=Decimal("72.00"),
        grade="fair",
        accepted_at=timezone.now(),
    )


@pytest.mark.django_db
def test_rebuilding_a_past_month_after_later_edits_gives_the_same_report(office_staff):
    world = build_world(staff=office_staff)
    before_context, before = build()
    edit_after_the_month(world, office_staff)
    after_context, after = build()
    assert after == before
    assert after_context["headline"] == before_context["headline"]


@pytest.mark.django_db
def test_the_month_shows_what_was_true_at_its_end(office_staff):
    build_world(staff=office_staff)
    context, html = build()
    headline = context["headline"]
    # The waived milestone is not due; the acceptance milestone was still open on 2016-09-30.
    assert (headline["due"], headline["due_done"], headline["overdue"]) == (2, 1, 1)
    assert [m.title for m in context["overdue"]["rows"]] == ["竣工验收"]
    assert headline["active"] == 1  # P01 went into implementation on 2016-09-10
    assert headline["approved"] == Decimal("1000000")
    assert headline["execution_rate"] == Decimal("0.2")
    assert headline["serious_problems"] == 1
    progress = {project.code: rate for project, rate in context["progress_rows"]}
    assert progress["P01"] == Decimal("0.5")
    grades = {project.code: result.grade_label for project, result in context["grades"]["rows"]}
    assert grades == {"P02": "优"}
    # A month earlier P01 was not yet in implementation and the grade not yet accepted.
    august, _html = build("2016-08")
    assert august["headline"]["active"] == 0
    assert august["grades"]["rows"] == []
