import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from projects.models import Project, ProjectGroup, Stage
from tests.projects.factories import BudgetLineFactory, MilestoneFactory, ProblemFactory, ProjectFactory
from tests.roles import sign_in

READ_ROLES = ["office_admin", "office_staff", "liaison", "other_liaison", "leadership"]


@pytest.mark.parametrize(
    "role, expected",
    [
        ("anonymous", 302),
        ("office_admin", 200),
        ("office_staff", 200),
        ("liaison", 200),
        ("other_liaison", 200),
        ("leadership", 200),
        ("evaluator", 403),
        ("other_evaluator", 403),
    ],
)
def test_portfolio_list_by_role(client, users, role, expected):
    sign_in(client, users, role)
    assert client.get(reverse("projects:list")).status_code == expected


@pytest.mark.parametrize(
    "role, detail, edit, create",
    [
        ("anonymous", 302, 302, 302),
        ("office_admin", 200, 200, 200),
        ("office_staff", 200, 200, 200),
        ("liaison", 200, 403, 403),
        ("other_liaison", 200, 403, 403),
        ("leadership", 200, 403, 403),
        ("evaluator", 404, 404, 403),
        ("other_evaluator", 404, 404, 403),
    ],
)
def test_project_pages_by_role(client, users, project, role, detail, edit, create):
    sign_in(client, users, role)
    assert client.get(reverse("projects:detail", args=[project.pk])).status_code == detail
    assert client.get(reverse("projects:edit", args=[project.pk])).status_code == edit
    assert client.get(reverse("projects:create")).status_code == create


@pytest.mark.parametrize("role", ["leadership", "liaison", "evaluator"])
def test_read_only_roles_cannot_post_edits(client, users, project, role):
    client.force_login(users[role])
    response = client.post(reverse("projects:edit", args=[project.pk]), {"code": "X", "name": "改名"})
    assert response.status_code in (403, 404)
    project.refresh_from_db()
    assert project.name != "改名"


def test_leadership_sees_no_edit_controls(client, leadership, project):
    client.force_login(leadership)
    detail = client.get(reverse("projects:detail", args=[project.pk]))
    assert detail.status_code == 200
    assert reverse("projects:edit", args=[project.pk]) not in detail.content.decode()
    portfolio = client.get(reverse("projects:list"))
    assert portfolio.status_code == 200
    assert reverse("projects:create") not in portfolio.content.decode()


def test_list_shows_the_fifteen_seeded_projects_in_four_groups(client, office_staff, portfolio):
    client.force_login(office_staff)
    response = client.get(reverse("projects:list"))
    html = response.content.decode()
    assert response.context["total"] == 15
    for name in ("城市公共数据库", "智慧交通", "智慧应急", "智慧生态节能"):
        assert name in html
    assert [row["count"] for row in response.context["group_counts"]] == [3, 5, 4, 3]


def test_filters_combine(client, office_staff, portfolio):
    livelihood = ProjectGroup.objects.get(code="livelihood")
    Project.objects.filter(code__in=["P04", "P05", "P09"]).update(stage=Stage.IMPLEMENTATION)
    client.force_login(office_staff)
    response = client.get(
        reverse("projects:list"), {"group": livelihood.pk, "stage": Stage.IMPLEMENTATION, "q": "交通"}
    )
    assert [p.code for p in response.context["page"]] == ["P05"]
    response = client.get(reverse("projects:list"), {"group": livelihood.pk, "stage": Stage.IMPLEMENTATION})
    assert [p.code for p in response.context["page"]] == ["P04", "P05"]


def test_list_sorts_and_paginates(client, office_staff, portfolio):
    client.force_login(office_staff)
    response = client.get(reverse("projects:list"), {"ordering": "-code"})
    assert response.context["page"][0].code == "P15"
    ProjectFactory.create_batch(20)
    response = client.get(reverse("projects:list"), {"page": 2})
    assert len(response.context["page"]) == 10


@pytest.mark.parametrize("extra_projects", [0, 40])
def test_list_query_count_does_not_grow(
    client, office_staff, portfolio, extra_projects, django_assert_max_num_queries
):
    """The figures (progress, this year's budget, health, next milestone, grade) come with the
    list's own query: the count does not grow with the projects or what they hold."""
    today = datetime.date.today()
    for project in ProjectFactory.create_batch(
        extra_projects, group=ProjectGroup.objects.first(), planned_end=datetime.date(today.year + 1, 12, 31)
    ):
        MilestoneFactory(project=project, planned_date=today + datetime.timedelta(days=10))
        BudgetLineFactory(
            project=project, year=today.year, approved=Decimal("1000"), allocated=Decimal("500")
        )
        ProblemFactory(project=project, severity="high", due_date=today - datetime.timedelta(days=3))
    client.force_login(office_staff)
    # 13: the page's latest status reports from steering come in one more query for the whole page.
    with django_assert_max_num_queries(13):
        response = client.get(reverse("projects:list"), {"ordering": "-execution_rate"})
    assert response.status_code == 200


def test_list_shows_figures_and_remembers_hidden_columns(client, office_staff, portfolio):
    project = Project.objects.get(code="P01")
    Project.objects.filter(pk=project.pk).update(stage=Stage.IMPLEMENTATION)
    today = datetime.date.today()
    MilestoneFactory(project=project, title="上线试运行", planned_date=today + datetime.timedelta(days=5))
    client.force_login(office_staff)
    page = client.get(reverse("projects:list")).content.decode()
    assert "上线试运行" in page
    assert "City public database" not in page  # the English name stays on the project page
    response = client.post(reverse("projects:list"), {"columns": ["group", "progress"]})
    assert response.status_code == 302
    office_staff.refresh_from_db()
    assert "next_milestone" in office_staff.hidden_list_columns
    assert "上线试运行" not in client.get(reverse("projects:list")).content.decode()


def test_list_sorts_by_execution_rate(client, office_staff, portfolio):
    today = datetime.date.today()
    for code, spent in (("P01", "100"), ("P02", "900"), ("P03", "500")):
        project = Project.objects.get(code=code)
        Project.objects.filter(pk=project.pk).update(stage=Stage.IMPLEMENTATION)
        BudgetLineFactory(
            project=project,
            year=today.year,
            approved=Decimal("1000"),
            allocated=Decimal("1000"),
            spent=Decimal(spent),
        )
    client.force_login(office_staff)
    page = client.get(reverse("projects:list"), {"ordering": "-execution_rate"}).content.decode()
    assert page.index("P02") < page.index("P03") < page.index("P01")


def _valid_form(project_group, **overrides):
    data = {
        "code": "P16",
        "name": "智慧新项目",
        "group": project_group.pk,
        "ease": "medium",
        "urgency": "normal",
        "planned_start": "2015-01-01",
        "planned_end": "2016-12-31",
    }
    data.update(overrides)
    return data


def test_office_creates_a_project(client, office_staff, portfolio):
    client.force_login(office_staff)
    group = ProjectGroup.objects.get(code="platform")
    response = client.post(reverse("projects:create"), _valid_form(group))
    assert response.status_code == 302
    project = Project.objects.get(code="P16")
    assert project.created_by == office_staff
    assert project.history.count() == 1


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"code": "P01"}, "code"),
        ({"planned_end": "2014-12-31"}, "planned_end"),
        ({"group": ""}, "group"),
        ({"estimated_budget": "abc"}, "estimated_budget"),
        ({"estimated_budget": "-5"}, "estimated_budget"),
    ],
)
def test_bad_input_shows_field_errors_and_saves_nothing(client, office_staff, portfolio, overrides, field):
    client.force_login(office_staff)
    group = ProjectGroup.objects.get(code="platform")
    response = client.post(reverse("projects:create"), _valid_form(group, **overrides))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert f'id="id_{field}_error"' in response.content.decode()
    assert Project.objects.count() == 15


def test_stale_edit_is_refused_with_a_conflict(client, office_staff, leadership, project):
    client.force_login(office_staff)
    form = client.get(reverse("projects:edit", args=[project.pk])).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update({"group": project.group_id, "lead_department": project.lead_department_id, "version": 1})
    first = client.post(reverse("projects:edit", args=[project.pk]), {**data, "name": "第一次"})
    assert first.status_code == 302
    second = client.post(reverse("projects:edit", args=[project.pk]), {**data, "name": "第二次"})
    assert second.status_code == 409
    project.refresh_from_db()
    assert project.name == "第一次"
    assert project.version == 2


def test_attention_box_counts_all_filtered_like_the_list_and_links_to_all(client, office_staff, portfolio):
    today = datetime.date.today()
    p01, p05 = Project.objects.get(code="P01"), Project.objects.get(code="P05")
    for number in range(10):
        ProblemFactory(project=p01, title=f"接口问题{number}", severity="high")
    ProblemFactory(project=p05, title="交通问题", severity="low", due_date=today - datetime.timedelta(days=2))
    client.force_login(office_staff)
    page = client.get(reverse("projects:list")).content.decode()
    assert "共 11 个问题" in page  # not capped at the 8 it lists
    page = client.get(reverse("projects:list"), {"q": "交通"}).content.decode()
    assert "共 1 个问题" in page and "接口问题" not in page
    assert reverse("projects:attention_problems") + "?q=" in page
    full = client.get(reverse("projects:attention_problems"), {"q": "公共数据库"})
    assert full.status_code == 200
    text = full.content.decode()
    assert text.count("接口问题") == 10 and "交通问题" not in text
