from decimal import Decimal

import factory

from projects.models import BudgetLine
from tests.projects.factories import FundingSourceFactory, ProjectFactory


class BudgetLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BudgetLine

    project = factory.SubFactory(ProjectFactory)
    year = 2015
    source = factory.SubFactory(FundingSourceFactory)
    approved = Decimal("1000000")
    allocated = Decimal("800000")
