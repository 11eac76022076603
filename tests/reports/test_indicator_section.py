import datetime
from decimal import Decimal

from django.template.loader import render_to_string
from django.utils import translation

from indicators.models import Bound
from reports.selectors import monthly_report_context
from tests.indicators.factories import IndicatorFactory, ObservationFactory


def test_monthly_report_has_an_indicator_section_as_of_its_period(db):
    indicator = IndicatorFactory(name="互联网用户增幅", unit="%")
    ObservationFactory(
        indicator=indicator, observed_on=datetime.date(2015, 3, 31), value=Decimal("30"), bound=Bound.AT_LEAST
    )
    ObservationFactory(indicator=indicator, observed_on=datetime.date(2015, 9, 30), value=Decimal("45"))
    context = monthly_report_context(period="2015-05", today=datetime.date(2026, 1, 1))
    [row] = context["indicators"]["rows"]
    assert row.standing.latest.on == datetime.date(2015, 3, 31)  # the September value came later
    with translation.override("zh-hans"):
        html = render_to_string(
            "reports/pdf/monthly.html", {**context, "made_at": datetime.datetime(2026, 1, 1)}
        )
    assert "八、城市指标" in html
    assert "互联网用户增幅" in html and "&gt; 30 %" in html
