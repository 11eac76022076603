"""A small portfolio with dated facts around September 2016, for the monthly report's tests."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from demo.seed_templates import seed_indicator_templates
from evaluations.models import Assessment, AssessmentCycle, IndicatorTemplate
from projects.models import BudgetLine, Milestone, Problem, Project, StageTransition
from projects.models.execution import MilestoneStatus, Severity
from projects.models.portfolio import Stage
from tests.organisation.factories import AgencyFactory
from tests.projects.factories import (
    AnnualPlanFactory,
    AnnualPlanItemFactory,
    BudgetLineFactory,
    FundingSourceFactory,
    MilestoneFactory,
    ProjectFactory,
)


def at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


@dataclass
class World:
    built: Project
    other: Project
    line: BudgetLine
    acceptance: Milestone
    cycle: AssessmentCycle


def dated(model, pk, **fields):
    """Set auto_now_add fields to a chosen date (they cannot be passed at creation)."""
    model.objects.filter(pk=pk).update(**fields)


def build_world(*, staff) -> World:
    source = FundingSourceFactory(code="fiscal", name="市级财政", is_fiscal=True)
    built = ProjectFactory(
        code="P01",
        name="城市公共数据库",
        stage=Stage.IMPLEMENTATION,
        is_key=True,
        responsible_person="张主任",
        planned_start=datetime.date(2015, 1, 1),
        planned_end=datetime.date(2016, 12, 31),
    )
    other = ProjectFactory(code="P02", name="智慧交通", stage=Stage.APPROVED)
    plan = AnnualPlanFactory(year=2016)
    AnnualPlanItemFactory(plan=plan, project=built, is_key=True)
    # P01 went into implementation on 2016-09-10; P02 was approved in 2016-03.
    move = StageTransition.objects.create(
        project=built, from_stage=Stage.APPROVED, to_stage=Stage.IMPLEMENTATION, by=staff
    )
    dated(StageTransition, move.pk, at=at(datetime.date(2016, 9, 10)))
    approval = StageTransition.objects.create(
        project=other, from_stage=Stage.APPROVAL_REVIEW, to_stage=Stage.APPROVED, by=staff
    )
    dated(StageTransition, approval.pk, at=at(datetime.date(2016, 3, 1)))
    # Milestones: one achieved in September, one due in September and missed, one waived.
    MilestoneFactory(
        project=built,
        title="系统上线",
        planned_date=datetime.date(2016, 9, 15),
        status=MilestoneStatus.DONE,
        actual_date=datetime.date(2016, 9, 12),
        owner=staff,
    )
    acceptance = MilestoneFactory(
        project=built,
        title="竣工验收",
        planned_date=datetime.date(2016, 9, 20),
        status=MilestoneStatus.IN_PROGRESS,
    )
    MilestoneFactory(
        project=built,
        title="二期扩容",
        planned_date=datetime.date(2016, 9, 25),
        status=MilestoneStatus.WAIVED,
        waived_reason="并入下年度",
    )
    # Money: 100万 approved, 80万 arrived in March, 20万 spent in August.
    line = BudgetLineFactory(
        project=built,
        year=2016,
        source=source,
        approved=Decimal("1000000"),
        allocated=Decimal("800000"),
        allocated_on=datetime.date(2016, 3, 1),
    )
    line.spending.create(amount=Decimal("200000"), spent_on=datetime.date(2016, 8, 20), recorded_by=staff)
    BudgetLine.objects.filter(pk=line.pk).update(spent=Decimal("200000"))
    # A year earlier: 100万 approved, 10万 spent by September 2015.
    earlier = BudgetLineFactory(
        project=built, year=2015, source=source, approved=Decimal("1000000"), allocated=Decimal("500000")
    )
    earlier.spending.create(amount=Decimal("100000"), spent_on=datetime.date(2015, 9, 1), recorded_by=staff)
    BudgetLine.objects.filter(pk=earlier.pk).update(spent=Decimal("100000"))
    # A critical problem raised on 2016-09-05, due 2016-09-20, still open at the end of September.
    problem = Problem.objects.create(
        project=built,
        title="数据接口未打通",
        severity=Severity.CRITICAL,
        raised_by=staff,
        owner=staff,
        due_date=datetime.date(2016, 9, 20),
    )
    dated(Problem, problem.pk, raised_at=at(datetime.date(2016, 9, 5)))
    # An assessment accepted on 2016-09-25.
    seed_indicator_templates()
    template = IndicatorTemplate.objects.get(family="external", version=1)
    cycle = AssessmentCycle.objects.create(name="2015年度绩效评价", year=2015, template=template)
    Assessment.objects.create(
        cycle=cycle,
        project=other,
        agency=AgencyFactory(),
        due_on=datetime.date(2016, 9, 30),
        status="accepted",
        total=Decimal("91.50"),
        grade="excellent",
        accepted_at=at(datetime.date(2016, 9, 25)),
    )
    return World(built=built, other=other, line=line, acceptance=acceptance, cycle=cycle)
