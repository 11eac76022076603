import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from dashboard.selectors import DashboardScope, headline_figures, scoped_projects
from projects.models import Stage
from projects.models.execution import MilestoneStatus, ProblemStatus, Severity
from tests.projects.factories import (
    BudgetLineFactory,
    FundingSourceFactory,
    MilestoneFactory,
    ProblemFactory,
    ProjectFactory,
    ProjectGroupFactory,
)

TODAY = datetime.date(2026, 6, 30)


@pytest.fixture
def known_portfolio(db):
    """Three projects with budget, milestones and problems whose figures are worked out by hand."""
    platform = ProjectGroupFactory(code="platform", name="基础平台")
    livelihood = ProjectGroupFactory(code="livelihood", name="民生服务")
    fiscal = FundingSourceFactory(code="fiscal", name="市级财政", is_fiscal=True)
    social = FundingSourceFactory(code="social", name="社会资本", is_fiscal=False)
    a = ProjectFactory(code="A", group=platform, stage=Stage.IMPLEMENTATION, is_key=True)
    b = ProjectFactory(code="B", group=livelihood, stage=Stage.IMPLEMENTATION)
    c = ProjectFactory(code="C", group=livelihood, stage=Stage.PROPOSAL)
    BudgetLineFactory(
        project=a, year=2026, source=fiscal, approved=1_000_000, allocated=800_000, spent=400_000
    )
    BudgetLineFactory(project=a, year=2026, source=social, approved=500_000, allocated=0)
    BudgetLineFactory(
        project=b, year=2026, source=fiscal, approved=1_000_000, allocated=1_000_000, spent=600_000
    )
    BudgetLineFactory(
        project=b, year=2025, source=fiscal, approved=9_000_000, allocated=9_000_000, spent=9_000_000
    )
    MilestoneFactory(project=a, planned_date=TODAY - datetime.timedelta(days=3))  # overdue
    MilestoneFactory(project=b, planned_date=TODAY - datetime.timedelta(days=40))  # overdue
    MilestoneFactory(
        project=a,
        planned_date=TODAY - datetime.timedelta(days=9),
        status=MilestoneStatus.DONE,
        actual_date=TODAY,
    )
    MilestoneFactory(
        project=c,
        planned_date=TODAY - datetime.timedelta(days=9),
        status=MilestoneStatus.WAIVED,
        waived_reason="并入二期",
    )
    MilestoneFactory(project=c, planned_date=TODAY)  # due today: not overdue
    ProblemFactory(project=a, severity=Severity.HIGH)
    ProblemFactory(project=b, severity=Severity.CRITICAL, status=ProblemStatus.IN_PROGRESS)
    ProblemFactory(project=b, severity=Severity.CRITICAL, status=ProblemStatus.RESOLVED, resolution="已修复")
    ProblemFactory(project=c, severity=Severity.LOW)
    return {"platform": platform, "livelihood": livelihood, "a": a, "b": b, "c": c}


def test_headline_figures_on_known_data(known_portfolio, leadership):
    projects = scoped_projects(user=leadership, scope=DashboardScope(year=2026))
    figures = headline_figures(projects=projects, year=2026, today=TODAY)
    assert figures.projects == 3
    assert figures.in_implementation == 2
    assert figures.key_projects == 1
    assert figures.budget.approved == Decimal("2500000")
    assert figures.budget.spent == Decimal("1000000")
    assert figures.budget.execution_rate == Decimal("0.4")
    assert figures.budget.leverage == Decimal("0.25")  # 50 万 social ÷ 200 万 fiscal
    assert figures.overdue_milestones == 2
    assert figures.open_serious_problems == 2


def test_headline_figures_follow_group_filter(known_portfolio, leadership):
    scope = DashboardScope(year=2026, group=known_portfolio["livelihood"])
    figures = headline_figures(projects=scoped_projects(user=leadership, scope=scope), year=2026, today=TODAY)
    assert (figures.projects, figures.in_implementation, figures.key_projects) == (2, 1, 0)
    assert figures.budget.approved == Decimal("1000000")
    assert figures.budget.leverage == Decimal("0")  # fiscal money only
    assert figures.overdue_milestones == 1
    assert figures.open_serious_problems == 1


def test_year_filter_changes_budget_only(known_portfolio, leadership):
    projects = scoped_projects(user=leadership, scope=DashboardScope(year=2025))
    figures = headline_figures(projects=projects, year=2025, today=TODAY)
    assert figures.projects == 3
    assert figures.budget.approved == Decimal("9000000")
    assert figures.budget.execution_rate == Decimal("1")


def test_page_shows_figures_with_links_to_the_lists_behind_them(client, known_portfolio, leadership):
    client.force_login(leadership)
    group = known_portfolio["livelihood"]
    response = client.get(reverse("dashboard:dashboard"), {"year": 2026, "group": group.pk})
    html = response.content.decode()
    assert response.status_code == 200
    assert f"/projects/?group={group.pk}&amp;stage=implementation" in html
    assert f"/projects/?group={group.pk}&amp;is_key=true" in html
    assert f"/projects/?group={group.pk}&amp;stage=proposal" in html
    assert "100.00" in html  # 100 万元 approved for the group in 2026
    assert "60.0%" in html  # execution rate of the group
    assert 'id="dashboard-charts"' in html
    assert "<script>" not in html  # no inline JavaScript: the CSP forbids it


def test_page_without_budget_shows_dashes(client, leadership, portfolio):
    client.force_login(leadership)
    html = client.get(reverse("dashboard:dashboard")).content.decode()
    assert "—" in html


def test_bad_filter_value_is_reported_next_to_the_field(client, leadership, known_portfolio):
    client.force_login(leadership)
    response = client.get(reverse("dashboard:dashboard"), {"group": "999999", "year": "abc"})
    assert response.status_code == 200
    assert response.context["scope"].group is None
    assert response.context["form"].errors.keys() == {"group", "year"}


def test_the_page_opens_on_the_latest_budget_year(client, leadership, project):
    BudgetLineFactory(project=project, year=2015, approved=Decimal("100"), allocated=0)
    client.force_login(leadership)
    response = client.get(reverse("dashboard:dashboard"))
    assert response.context["overview"].headline.budget.approved == Decimal("100")
