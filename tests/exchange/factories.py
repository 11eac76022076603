import datetime
from decimal import Decimal

import factory

from projects.models import BudgetLine, Milestone, Problem
from tests.accounts.factories import UserFactory
from tests.projects.factories import FundingSourceFactory, ProjectFactory


class BudgetLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BudgetLine

    project = factory.SubFactory(ProjectFactory)
    year = 2025
    source = factory.SubFactory(FundingSourceFactory)
    approved = Decimal("1000000.00")
    allocated = Decimal("600000.50")
    allocated_on = datetime.date(2025, 3, 1)


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Milestone

    project = factory.SubFactory(ProjectFactory)
    title = factory.Sequence(lambda n: f"里程碑{n}")
    planned_date = datetime.date(2025, 6, 30)


class ProblemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Problem

    project = factory.SubFactory(ProjectFactory)
    title = factory.Sequence(lambda n: f"问题{n}")
    raised_by = factory.SubFactory(UserFactory)
