import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.aggregate_cache import bump_data_version
from projects.models import BudgetLine, FundingSource, Milestone, Problem, Project, ProjectGroup, Stage
from projects.models.execution import Severity
from tests.roles import sign_in

# Session, user, and the dashboard's own queries: the same with 15 or 2,000 projects (issue 20 added two:
# the latest status of the health rows and the overdue action items of the review meetings).
DASHBOARD_MAX_QUERIES = 22


@pytest.mark.parametrize(
    "role, dashboard, notifications",
    [
        ("anonymous", 302, 302),
        ("office_admin", 200, 200),
        ("office_staff", 200, 200),
        ("liaison", 200, 200),
        ("other_liaison", 200, 200),
        ("leadership", 200, 200),
        ("evaluator", 403, 200),
        ("other_evaluator", 403, 200),
    ],
)
def test_pages_by_role(client, users, portfolio, role, dashboard, notifications):
    sign_in(client, users, role)
    assert client.get(reverse("dashboard:dashboard")).status_code == dashboard
    assert client.get(reverse("dashboard:notifications")).status_code == notifications


@pytest.mark.parametrize(
    "role, landing",
    [
        ("office_admin", "dashboard:dashboard"),
        ("office_staff", "dashboard:dashboard"),
        ("leadership", "dashboard:dashboard"),
        ("liaison", "projects:list"),
        ("evaluator", "evaluations:portal"),
    ],
)
def test_landing_page_by_role(client, users, role, landing):
    client.force_login(users[role])
    assert client.get(reverse("home")).url == reverse(landing)


def test_filters_stay_in_the_url(client, leadership, portfolio):
    client.force_login(leadership)
    group = ProjectGroup.objects.first()
    response = client.get(reverse("dashboard:dashboard"), {"year": 2026, "group": group.pk})
    assert response.context["scope"].group == group
    assert response.context["scope"].year == 2026
    assert f'<option value="{group.pk}" selected>' in response.content.decode()


def _grow_portfolio(total: int, *, raised_by) -> None:
    """Bulk-create projects with a milestone, a problem and a budget line each, up to ``total``."""
    group = ProjectGroup.objects.first()
    source = FundingSource.objects.first()
    today = datetime.date.today()
    stages = [Stage.APPROVED, Stage.IMPLEMENTATION, Stage.ACCEPTANCE, Stage.PROPOSAL]
    projects = Project.objects.bulk_create(
        Project(
            code=f"G{n:05d}",
            name=f"生成项目{n}",
            group=group,
            stage=stages[n % len(stages)],
            is_key=n % 7 == 0,
            planned_start=today - datetime.timedelta(days=200),
            planned_end=today + datetime.timedelta(days=200),
        )
        for n in range(total - Project.objects.count())
    )
    Milestone.objects.bulk_create(
        Milestone(project=p, title="生成里程碑", planned_date=today + datetime.timedelta(days=n % 60 - 20))
        for n, p in enumerate(projects)
    )
    Problem.objects.bulk_create(
        Problem(project=p, title="生成问题", severity=Severity.HIGH, raised_by=raised_by, due_date=today)
        for p in projects[::5]
    )
    BudgetLine.objects.bulk_create(
        BudgetLine(
            project=p,
            year=today.year,
            source=source,
            approved=Decimal(100_000),
            allocated=Decimal(50_000),
            spent=Decimal(20_000),
        )
        for p in projects
    )


def _dashboard_queries(client) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("dashboard:dashboard"))
    assert response.status_code == 200
    return len(queries), response.content.decode()


def _cold_and_warm_queries(client) -> tuple[int, int, str]:
    """Queries of the dashboard with its cached aggregates stale (as after any write), then warm.
    The signed-in user is read (and stored in the cache) by a request before."""
    _dashboard_queries(client)
    bump_data_version()
    cold, page = _dashboard_queries(client)
    warm, _page = _dashboard_queries(client)
    return cold, warm, page


def test_query_count_is_the_same_with_15_and_2000_projects(client, leadership, portfolio):
    client.force_login(leadership)
    few_cold, few_warm, page = _cold_and_warm_queries(client)
    assert '<div class="value">15</div>' in page

    # Bulk inserts send no signals: the version is bumped by hand, as seed_scale does.
    _grow_portfolio(2000, raised_by=leadership)
    assert Project.objects.count() == 2000
    many_cold, many_warm, page = _cold_and_warm_queries(client)
    assert '<div class="value">2000</div>' in page
    assert (many_cold, many_warm) == (few_cold, few_warm)
    assert few_cold <= DASHBOARD_MAX_QUERIES
