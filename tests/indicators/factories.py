import datetime
from decimal import Decimal

import factory

from indicators.models import Dimension, Indicator, IndicatorLink, Observation


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator

    code = factory.Sequence(lambda n: f"ind{n}")
    name = factory.Sequence(lambda n: f"测试指标{n}")
    unit = "%"
    dimension = Dimension.PUBLIC_SERVICE
    baseline_value = Decimal("10")
    baseline_date = datetime.date(2014, 1, 1)
    target_value = Decimal("50")
    target_year = 2017
    data_source = "市统计局"


class ObservationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Observation

    indicator = factory.SubFactory(IndicatorFactory)
    observed_on = factory.Sequence(lambda n: datetime.date(2015, 1, 1) + datetime.timedelta(days=n))
    value = Decimal("20")
    source = "市统计局"


class IndicatorLinkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IndicatorLink

    indicator = factory.SubFactory(IndicatorFactory)
    project = factory.SubFactory("tests.projects.factories.ProjectFactory")
