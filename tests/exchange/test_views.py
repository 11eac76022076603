import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from projects.models import Project, Stage
from tests.exchange.workbooks import upload, xlsx
from tests.projects.factories import (
    BudgetLineFactory,
    FundingSourceFactory,
    MilestoneFactory,
    ProblemFactory,
    ProjectFactory,
)
from tests.roles import sign_in

ROLES = [
    "anonymous",
    "office_admin",
    "office_staff",
    "liaison",
    "other_liaison",
    "leadership",
    "evaluator",
    "other_evaluator",
]
READERS = {"office_admin", "office_staff", "liaison", "other_liaison", "leadership"}
OFFICE = {"office_admin", "office_staff"}


def _expected(role, allowed):
    if role == "anonymous":
        return 302
    return 200 if role in allowed else 403


def _sheet(response):
    return [
        list(row) for row in load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True)
    ]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    "url, allowed",
    [
        (reverse("exchange:index"), READERS),
        (reverse("exchange:export", args=["projects"]), READERS),
        (reverse("exchange:export", args=["budget-lines"]), READERS),
        (reverse("exchange:export", args=["milestones"]), READERS),
        (reverse("exchange:export", args=["problems"]), READERS),
        (reverse("exchange:export", args=["assessments"]), READERS),
        (reverse("exchange:import"), OFFICE),
        (reverse("exchange:import_template", args=["projects"]), OFFICE),
        (reverse("exchange:import_template", args=["budget-lines"]), OFFICE),
        (reverse("exchange:import_template", args=["milestones"]), OFFICE),
    ],
)
def test_exchange_urls_by_role(client, users, project, role, url, allowed):
    sign_in(client, users, role)
    response = client.get(url)
    assert response.status_code == _expected(role, allowed)
    if role == "anonymous":
        assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("role", ROLES)
def test_import_preview_by_role(client, users, office_staff, project, role):
    client.force_login(office_staff)
    content = xlsx(
        [[project.code, project.name, "", project.group.code]],
        headers=["项目编号", "项目名称", "英文名称", "分组"],
    )
    location = client.post(reverse("exchange:import"), {"kind": "projects", "file": upload(content)})[
        "Location"
    ]
    if role != "office_staff":
        client.logout()
        sign_in(client, users, role)
    expected = {"anonymous": 302, "office_staff": 200, "office_admin": 404}.get(role, 403)
    assert client.get(location).status_code == expected
    assert client.post(location).status_code == (302 if role in ("anonymous", "office_staff") else expected)


@pytest.mark.parametrize("role", ["liaison", "leadership", "evaluator"])
def test_only_office_may_upload(client, users, role):
    client.force_login(users[role])
    response = client.post(reverse("exchange:import"), {"kind": "projects", "file": upload(xlsx([["x"]]))})
    assert response.status_code == 403


def test_unknown_kind_is_not_found(client, office_staff):
    client.force_login(office_staff)
    assert client.get(reverse("exchange:export", args=["scores"])).status_code == 404
    assert client.get(reverse("exchange:import_template", args=["problems"])).status_code == 404


def test_project_export_applies_the_list_filters(client, leadership, portfolio):
    Project.objects.filter(code__in=["P01", "P02"]).update(stage=Stage.OPERATION)
    client.force_login(leadership)
    response = client.get(reverse("exchange:export", args=["projects"]) + "?stage=operation")
    rows = _sheet(response)
    assert rows[0][:4] == ["项目编号", "项目名称", "英文名称", "分组"]
    assert [row[0] for row in rows[1:]] == ["P01", "P02"]
    assert "attachment" in response["Content-Disposition"]


def test_portfolio_list_links_to_the_export_with_its_filters(client, leadership, portfolio):
    client.force_login(leadership)
    response = client.get(reverse("projects:list") + "?stage=operation&page=1")
    assert reverse("exchange:export", args=["projects"]) + "?stage=operation" in response.content.decode()


def test_budget_milestone_and_problem_exports_filter_by_project_year_and_status(client, liaison):
    first, second = ProjectFactory(code="A1"), ProjectFactory(code="B2")
    source = FundingSourceFactory(code="city", name="市级财政")
    BudgetLineFactory(project=first, year=2025, source=source, partly_allocated=True)
    BudgetLineFactory(project=first, year=2026, source=source, partly_allocated=True)
    BudgetLineFactory(project=second, year=2025, source=source, partly_allocated=True)
    MilestoneFactory(project=first, planned_date=datetime.date(2025, 6, 30), status="planned")
    MilestoneFactory(project=first, planned_date=datetime.date(2025, 6, 30), status="in_progress")
    ProblemFactory(project=second, status="open")
    ProblemFactory(project=second, status="resolved", resolution="已修复")
    client.force_login(liaison)
    export = reverse("exchange:export", args=["budget-lines"])
    assert [(r[0], r[2]) for r in _sheet(client.get(export + "?project=A1&year=2025"))[1:]] == [("A1", 2025)]
    milestones = _sheet(client.get(reverse("exchange:export", args=["milestones"]) + "?status=in_progress"))
    assert len(milestones) == 2
    problems = _sheet(client.get(reverse("exchange:export", args=["problems"]) + "?project=B2&status=open"))
    assert [row[0] for row in problems[1:]] == ["B2"]
    assert problems[0][:3] == ["项目编号", "项目名称", "问题"]


@pytest.mark.parametrize("kind", ["projects", "budget-lines", "milestones", "problems"])
def test_export_query_count_does_not_grow_with_rows(client, leadership, django_assert_max_num_queries, kind):
    def make(n):
        for _ in range(n):
            project = ProjectFactory()
            BudgetLineFactory(project=project, partly_allocated=True)
            MilestoneFactory(project=project, planned_date=datetime.date(2025, 6, 30))
            ProblemFactory(project=project)

    client.force_login(leadership)
    make(2)
    with django_assert_max_num_queries(6):
        client.get(reverse("exchange:export", args=[kind]))
    make(20)
    with django_assert_max_num_queries(6):
        client.get(reverse("exchange:export", args=[kind]))


@pytest.mark.parametrize("kind", ["projects", "budget-lines", "milestones"])
def test_import_preview_of_unchanged_rows_query_count_does_not_grow(
    client, office_staff, portfolio, django_assert_max_num_queries, kind
):
    for project in Project.objects.all():
        BudgetLineFactory(project=project, source=FundingSourceFactory(code="city"), partly_allocated=True)
        MilestoneFactory(project=project, planned_date=datetime.date(2025, 6, 30))
    client.force_login(office_staff)
    for query in ("?q=P01&project=P01", ""):
        exported = client.get(reverse("exchange:export", args=[kind]) + query).content
        location = client.post(reverse("exchange:import"), {"kind": kind, "file": upload(exported)})[
            "Location"
        ]
        with django_assert_max_num_queries(10):
            assert client.get(location).status_code == 200


def test_assessment_results_export_has_totals_and_grades(client, leadership, portfolio, agency):
    import datetime

    from django.utils import timezone

    from demo.seed_templates import seed_indicator_templates
    from evaluations.models import Assessment, AssessmentCycle, AssessmentStatus, Grade, IndicatorTemplate

    seed_indicator_templates()
    cycle = AssessmentCycle.objects.create(
        name="2015年度", year=2015, template=IndicatorTemplate.objects.get(family="external", version=1)
    )
    Assessment.objects.create(
        cycle=cycle,
        project=Project.objects.get(code="P01"),
        agency=agency,
        due_on=datetime.date(2015, 12, 31),
        status=AssessmentStatus.ACCEPTED,
        total=Decimal("91.50"),
        grade=Grade.EXCELLENT,
        accepted_at=timezone.now(),
    )
    client.force_login(leadership)
    rows = _sheet(client.get(reverse("exchange:export", args=["assessments"]), {"year": "2015"}))
    assert rows[0][:3] == ["项目编号", "项目名称", "评估周期"]
    assert rows[1][0] == "P01" and rows[1][7] == 91.5 and "优" in rows[1][8]
