"""Every budget figure on known data: rates, years without budget, leverage, rounding to 万元."""

from decimal import Decimal

import pytest
from django.urls import reverse

from core.money import to_wan
from projects.models import BudgetLine, ProjectGroup
from projects.selectors.budget import budget_figures, portfolio_budget_summary, project_budget
from projects.templatetags.budget_tags import leverage
from projects.templatetags.portfolio_tags import percent, wan
from tests.projects.factories import BudgetLineFactory, ProjectFactory


@pytest.mark.parametrize(
    "yuan, shown",
    [
        (Decimal("12345.67"), "1.23"),
        (Decimal("15000"), "1.50"),
        (Decimal("125"), "0.01"),  # 0.0125 万元, half up
        (Decimal("124.99"), "0.01"),
        (Decimal("49.99"), "0.00"),
        (Decimal("50"), "0.01"),
        (Decimal("123456789.00"), "12,345.68"),
        (None, "—"),
    ],
)
def test_wan_rounds_half_up_to_two_decimals(yuan, shown):
    assert wan(yuan) == shown


def test_to_wan_is_a_decimal_never_a_float():
    assert to_wan(Decimal("12345.67")) == Decimal("1.23")
    assert isinstance(to_wan(Decimal("1")), Decimal)


@pytest.fixture
def known_budget(project, fiscal_source, social_source):
    """2014: fiscal 1,000,000 approved / 800,000 allocated / 400,000 spent;
    social 500,000 / 500,000 / 100,000. 2015: nothing. 2016: fiscal 200,000 / 0 / 0."""
    BudgetLineFactory(
        project=project,
        year=2014,
        source=fiscal_source,
        approved=Decimal("1000000"),
        allocated=800000,
        spent=400000,
    )
    BudgetLineFactory(
        project=project,
        year=2014,
        source=social_source,
        approved=Decimal("500000"),
        allocated=500000,
        spent=100000,
    )
    BudgetLineFactory(
        project=project, year=2016, source=fiscal_source, approved=Decimal("200000"), allocated=0
    )
    return project


def test_project_budget_figures_by_year_source_and_total(known_budget):
    budget = project_budget(project=known_budget)
    by_year = {year.year: year for year in budget.years}
    assert list(by_year) == [2014, 2015, 2016]
    assert by_year[2014].figures.approved == Decimal("1500000")
    assert by_year[2014].figures.spent == Decimal("500000")
    assert by_year[2014].figures.execution_rate == Decimal("500000") / Decimal("1500000")
    assert by_year[2014].figures.allocation_rate == Decimal("1300000") / Decimal("1500000")
    assert by_year[2015].lines == []
    assert by_year[2015].figures.execution_rate is None
    assert by_year[2016].figures.execution_rate == Decimal("0")
    line_rates = [figures.execution_rate for _, figures in by_year[2014].lines]
    assert line_rates == [Decimal("0.4"), Decimal("0.2")]
    assert budget.total.approved == Decimal("1700000")
    assert budget.total.spent == Decimal("500000")
    assert budget.total.fiscal == Decimal("1200000")
    assert budget.total.non_fiscal == Decimal("500000")
    assert budget.total.leverage == Decimal("500000") / Decimal("1200000")
    sources = {key["source__name"]: figures for key, figures in budget.by_source}
    assert sources["市级财政资金"].execution_rate == Decimal("400000") / Decimal("1200000")
    assert sources["社会资本"].execution_rate == Decimal("0.2")


def test_project_budget_page_shows_dash_for_a_year_without_budget(client, office_staff, known_budget):
    client.force_login(office_staff)
    response = client.get(reverse("projects:budget", args=[known_budget.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "150.00" in html  # 2014 approved, 万元
    assert "33.3%" in html  # 2014 execution rate 500,000 / 1,500,000
    assert "29.4%" in html  # overall 500,000 / 1,700,000
    assert "0.42" in html  # leverage 500,000 / 1,200,000
    year_2015 = next(year for year in response.context["budget"].years if year.year == 2015)
    assert percent(year_2015.figures.execution_rate) == "—"


def test_leverage_without_fiscal_funds_is_a_dash(project, social_source):
    BudgetLineFactory(project=project, source=social_source)
    figures = budget_figures(lines=BudgetLine.objects.all())
    assert figures.leverage is None
    assert leverage(figures.leverage) == "—"


def test_no_budget_at_all_gives_dashes_not_errors(project):
    figures = budget_figures(lines=BudgetLine.objects.filter(project=project))
    assert (figures.approved, figures.execution_rate, figures.leverage) == (Decimal("0"), None, None)


def test_portfolio_summary_by_group_source_and_year(office_staff, fiscal_source, social_source):
    group_a = ProjectGroup.objects.create(code="a", name="甲组", order=1)
    group_b = ProjectGroup.objects.create(code="b", name="乙组", order=2)
    empty_group = ProjectGroup.objects.create(code="c", name="丙组", order=3)
    project_a = ProjectFactory(group=group_a)
    project_b = ProjectFactory(group=group_b)
    BudgetLineFactory(
        project=project_a, year=2014, source=fiscal_source, approved=100, allocated=100, spent=50
    )
    BudgetLineFactory(
        project=project_a, year=2015, source=social_source, approved=300, allocated=200, spent=200
    )
    BudgetLineFactory(
        project=project_b, year=2015, source=fiscal_source, approved=200, allocated=100, spent=25
    )

    summary = portfolio_budget_summary(user=office_staff)
    groups = {group.code: figures for group, figures in summary.by_group}
    assert groups["a"].approved == Decimal("400") and groups["a"].spent == Decimal("250")
    assert groups["b"].execution_rate == Decimal("0.125")
    assert groups[empty_group.code].execution_rate is None
    sources = {source.code: figures for source, figures in summary.by_source}
    assert sources["municipal"].approved == Decimal("300")
    assert sources["social"].execution_rate == Decimal("200") / Decimal("300")
    assert summary.total.leverage == Decimal("1")
    assert summary.years == [2014, 2015]

    year_2015 = portfolio_budget_summary(user=office_staff, year=2015)
    assert year_2015.total.approved == Decimal("500")
    assert year_2015.total.spent == Decimal("225")
    assert {g.code: f for g, f in year_2015.by_group}["a"].approved == Decimal("300")
