"""One factory per model of ``projects``, with one set of defaults: a project planned over 2014–2016,
a budget line of 2015 and a milestone due mid-2015 inside that plan. A test that needs other values
passes them (or a trait, such as ``BudgetLineFactory(partly_allocated=True)``)."""

import datetime
from decimal import Decimal

import factory

from projects.models import (
    AnnualPlan,
    AnnualPlanItem,
    BudgetLine,
    FundingSource,
    Milestone,
    Problem,
    Project,
    ProjectGroup,
)
from projects.models.execution import MilestoneStatus
from tests.accounts.factories import UserFactory
from tests.organisation.factories import DepartmentFactory


class ProjectGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProjectGroup
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"group{n}")
    name = factory.Sequence(lambda n: f"分组{n}")
    order = factory.Sequence(int)


class FundingSourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FundingSource
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"source{n}")
    name = factory.Sequence(lambda n: f"资金来源{n}")
    is_fiscal = True


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Project

    code = factory.Sequence(lambda n: f"T{n:04d}")
    name = factory.Sequence(lambda n: f"测试项目{n}")
    group = factory.SubFactory(ProjectGroupFactory)
    lead_department = factory.SubFactory(DepartmentFactory)
    planned_start = datetime.date(2014, 1, 1)
    planned_end = datetime.date(2016, 12, 31)
    objectives = "建成并投入运营"


class BudgetLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BudgetLine

    project = factory.SubFactory(ProjectFactory)
    year = 2015
    source = factory.SubFactory(FundingSourceFactory)
    approved = Decimal("1000000")
    allocated = Decimal("800000")

    class Params:
        # A line of 2025 whose money arrived in part on a known day, cents included: what the Excel
        # and API round trips read back.
        partly_allocated = factory.Trait(
            year=2025,
            approved=Decimal("1000000.00"),
            allocated=Decimal("600000.50"),
            allocated_on=datetime.date(2025, 3, 1),
        )


class MilestoneFactory(factory.django.DjangoModelFactory):
    """A planned milestone; one made done gets its planned date as the day it was done."""

    class Meta:
        model = Milestone

    project = factory.SubFactory(ProjectFactory)
    title = factory.Sequence(lambda n: f"里程碑{n}")
    planned_date = datetime.date(2015, 6, 30)
    status = MilestoneStatus.PLANNED
    actual_date = factory.LazyAttribute(
        lambda milestone: milestone.planned_date if milestone.status == MilestoneStatus.DONE else None
    )


class ProblemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Problem

    project = factory.SubFactory(ProjectFactory)
    title = factory.Sequence(lambda n: f"问题{n}")
    raised_by = factory.SubFactory(UserFactory)


class AnnualPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AnnualPlan

    year = factory.Sequence(lambda n: 2015 + n)
    title = factory.LazyAttribute(lambda plan: f"{plan.year}年度实施计划")


class AnnualPlanItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AnnualPlanItem

    plan = factory.SubFactory(AnnualPlanFactory)
    project = factory.SubFactory(ProjectFactory)
    goals = "年度目标"
