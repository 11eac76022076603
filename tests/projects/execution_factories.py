import datetime

import factory

from projects.models import AnnualPlan, AnnualPlanItem, Milestone, Problem
from tests.accounts.factories import UserFactory

from .factories import ProjectFactory


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Milestone

    project = factory.SubFactory(ProjectFactory)
    title = factory.Sequence(lambda n: f"里程碑{n}")
    planned_date = datetime.date(2015, 6, 30)
    weight = 1


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
