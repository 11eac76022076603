import datetime
from decimal import Decimal

import factory

from projects.models import BudgetLine, Milestone
from projects.models.execution import MilestoneStatus

from .factories import FundingSourceFactory, ProjectFactory


class BudgetLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BudgetLine

    project = factory.SubFactory(ProjectFactory)
    year = factory.LazyFunction(lambda: datetime.date.today().year)
    source = factory.SubFactory(FundingSourceFactory)
    approved = Decimal("1000000")
    allocated = Decimal("0")


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Milestone

    project = factory.SubFactory(ProjectFactory)
    title = factory.Sequence(lambda n: f"里程碑{n}")
    planned_date = datetime.date(2026, 6, 30)
    status = MilestoneStatus.PLANNED
    actual_date = factory.LazyAttribute(
        lambda m: m.planned_date if m.status == MilestoneStatus.DONE else None
    )
