import datetime
from decimal import Decimal

import factory

from projects.models import BudgetLine, Milestone, Problem
from tests.accounts.factories import UserFactory
from tests.projects.factories import FundingSourceFactory, ProjectFactory


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Milestone

    project = factory.SubFactory(ProjectFactory)
    title = factory.Sequence(lambda n: f"里程碑{n}")
    planned_date = factory.LazyFunction(datetime.date.today)


class ProblemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Problem

    project = factory.SubFactory(ProjectFactory)
    title = factory.Sequence(lambda n: f"问题{n}")
    raised_by = factory.SubFactory(UserFactory)


class BudgetLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BudgetLine

    project = factory.SubFactory(ProjectFactory)
    year = factory.LazyFunction(lambda: datetime.date.today().year)
    source = factory.SubFactory(FundingSourceFactory)
    approved = Decimal("0")
    allocated = Decimal("0")
    spent = Decimal("0")
