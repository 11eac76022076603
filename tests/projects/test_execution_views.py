import datetime

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from projects.models import Milestone, PlanAmendment, Problem, ProjectGroup
from projects.models.execution import MilestoneStatus, PlanStatus, Severity
from tests.projects.factories import (
    AnnualPlanFactory,
    AnnualPlanItemFactory,
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
# Expected status per role, in the order of ROLES.
PROGRESS_EDIT = [302, 200, 200, 200, 403, 403, 404, 404]
PROJECT_READ = [302, 200, 200, 200, 200, 200, 404, 404]
PORTFOLIO_READ = [302, 200, 200, 200, 200, 200, 403, 403]
OFFICE_ONLY = [302, 200, 200, 403, 403, 403, 403, 403]
OFFICE_POST = [302, 302, 302, 403, 403, 403, 403, 403]


@pytest.fixture
def objects(project, office_staff):
    item = AnnualPlanItemFactory(project=project)
    return {
        "project": project.pk,
        "milestone": MilestoneFactory(project=project).pk,
        "problem": ProblemFactory(project=project, raised_by=office_staff).pk,
        "plan": item.plan.pk,
        "item": item.pk,
    }


def _urls(o):
    """(name, url, expected statuses, method) for every URL this area adds."""
    return [
        ("milestone_create", reverse("projects:milestone_create", args=[o["project"]]), PROGRESS_EDIT, "get"),
        (
            "milestone_edit",
            reverse("projects:milestone_edit", args=[o["project"], o["milestone"]]),
            PROGRESS_EDIT,
            "get",
        ),
        ("problem_create", reverse("projects:problem_create", args=[o["project"]]), PROGRESS_EDIT, "get"),
        (
            "problem_edit",
            reverse("projects:problem_edit", args=[o["project"], o["problem"]]),
            PROGRESS_EDIT,
            "get",
        ),
        ("project_timeline", reverse("projects:project_timeline", args=[o["project"]]), PROJECT_READ, "get"),
        ("key_timeline", reverse("projects:key_timeline"), PORTFOLIO_READ, "get"),
        ("plan_list", reverse("projects:plan_list"), PORTFOLIO_READ, "get"),
        ("plan_detail", reverse("projects:plan_detail", args=[o["plan"]]), PORTFOLIO_READ, "get"),
        ("plan_create", reverse("projects:plan_create"), OFFICE_ONLY, "get"),
        ("plan_edit", reverse("projects:plan_edit", args=[o["plan"]]), OFFICE_ONLY, "get"),
        ("plan_item_create", reverse("projects:plan_item_create", args=[o["plan"]]), OFFICE_ONLY, "get"),
        (
            "plan_item_edit",
            reverse("projects:plan_item_edit", args=[o["plan"], o["item"]]),
            OFFICE_ONLY,
            "get",
        ),
        ("plan_suggest_order", reverse("projects:plan_suggest_order", args=[o["plan"]]), OFFICE_POST, "post"),
        ("plan_publish", reverse("projects:plan_publish", args=[o["plan"]]), OFFICE_POST, "post"),
    ]


URL_NAMES = [
    "milestone_create",
    "milestone_edit",
    "problem_create",
    "problem_edit",
    "project_timeline",
    "key_timeline",
    "plan_list",
    "plan_detail",
    "plan_create",
    "plan_edit",
    "plan_item_create",
    "plan_item_edit",
    "plan_suggest_order",
    "plan_publish",
]


@pytest.mark.parametrize("url_name", URL_NAMES)
@pytest.mark.parametrize("role", ROLES)
def test_url_role_matrix(client, users, objects, url_name, role):
    name, url, expected, method = next(row for row in _urls(objects) if row[0] == url_name)
    sign_in(client, users, role)
    response = getattr(client, method)(url)
    assert response.status_code == expected[ROLES.index(role)], (name, role)


@pytest.mark.parametrize("url_name", ["milestone_create", "milestone_edit", "problem_create", "problem_edit"])
def test_liaison_of_another_department_gets_403_on_every_edit_url_and_changes_nothing(
    client, other_liaison, objects, url_name
):
    url = next(row[1] for row in _urls(objects) if row[0] == url_name)
    client.force_login(other_liaison)
    data = {
        "title": "篡改",
        "planned_date": "2015-01-01",
        "status": "planned",
        "stage": "implementation",
        "weight": 1,
        "severity": "low",
        "version": 1,
    }
    assert client.get(url).status_code == 403
    assert client.post(url, data).status_code == 403
    assert not Milestone.objects.filter(title="篡改").exists()
    assert not Problem.objects.filter(title="篡改").exists()


def _milestone_data(**overrides):
    data = {
        "title": "系统上线",
        "stage": "implementation",
        "planned_date": "2015-06-30",
        "status": "planned",
        "weight": "1",
    }
    data.update(overrides)
    return data


def test_liaison_adds_a_milestone_to_their_own_project(client, liaison, project):
    client.force_login(liaison)
    response = client.post(reverse("projects:milestone_create", args=[project.pk]), _milestone_data())
    assert response.status_code == 302
    milestone = Milestone.objects.get()
    assert milestone.history.get().history_user == liaison


@pytest.mark.parametrize(
    "overrides, field, message",
    [
        (
            {"status": "done", "actual_date": "2013-12-31"},
            "actual_date",
            "The actual date cannot be before the project start (%(start)s).",
        ),
        ({"status": "waived", "waived_reason": ""}, "waived_reason", "Say why this milestone is waived."),
        ({"status": "done"}, "actual_date", "A done milestone needs the date it was done."),
    ],
)
def test_bad_milestone_input_shows_the_message_next_to_the_field(
    client, liaison, project, overrides, field, message
):
    client.force_login(liaison)
    response = client.post(
        reverse("projects:milestone_create", args=[project.pk]), _milestone_data(**overrides)
    )
    assert response.status_code == 200
    with translation.override(settings.LANGUAGE_CODE):
        expected = translation.gettext(message)
    if "%(start)s" in message:
        expected = expected % {"start": "2014-01-01"}
    assert response.context["form"].errors[field] == [expected]
    assert f'id="id_{field}_error"' in response.content.decode()
    assert not Milestone.objects.exists()


def test_bad_edit_saves_nothing(client, liaison, project):
    milestone = MilestoneFactory(project=project, title="原标题")
    client.force_login(liaison)
    url = reverse("projects:milestone_edit", args=[project.pk, milestone.pk])
    response = client.post(url, _milestone_data(title="新标题", status="waived", version=1))
    assert response.status_code == 200
    milestone.refresh_from_db()
    assert (milestone.title, milestone.version) == ("原标题", 1)


def test_stale_milestone_edit_gets_409(client, liaison, office_staff, project):
    milestone = MilestoneFactory(project=project)
    url = reverse("projects:milestone_edit", args=[project.pk, milestone.pk])
    client.force_login(office_staff)
    assert client.post(url, _milestone_data(title="先保存", version=1)).status_code == 302
    client.force_login(liaison)
    response = client.post(url, _milestone_data(title="后保存", version=1))
    assert response.status_code == 409
    with translation.override(settings.LANGUAGE_CODE):
        assert response.context["conflict_fields"] == [str(Milestone._meta.get_field("title").verbose_name)]
    milestone.refresh_from_db()
    assert milestone.title == "先保存"


def test_new_problem_with_a_past_due_date_is_saved_with_a_warning(client, liaison, project):
    client.force_login(liaison)
    response = client.post(
        reverse("projects:problem_create", args=[project.pk]),
        {"title": "接口不通", "severity": "high", "status": "open", "due_date": "2015-01-01"},
        follow=True,
    )
    problem = Problem.objects.get()
    assert problem.raised_by == liaison
    levels = [m.level_tag for m in response.context["messages"]]
    assert "warning" in levels


def test_resolved_problem_without_resolution_is_refused(client, liaison, project, office_staff):
    problem = ProblemFactory(project=project, raised_by=office_staff)
    client.force_login(liaison)
    response = client.post(
        reverse("projects:problem_edit", args=[project.pk, problem.pk]),
        {"title": problem.title, "severity": "medium", "status": "resolved", "resolution": "", "version": 1},
    )
    assert response.status_code == 200
    assert "resolution" in response.context["form"].errors
    problem.refresh_from_db()
    assert problem.status == "open"


def test_publishing_and_amending_through_the_pages(client, office_staff, project):
    plan = AnnualPlanFactory()
    item = AnnualPlanItemFactory(plan=plan, project=project, rank=5)
    client.force_login(office_staff)
    client.post(reverse("projects:plan_publish", args=[plan.pk]))
    plan.refresh_from_db()
    assert plan.status == PlanStatus.PUBLISHED
    url = reverse("projects:plan_item_edit", args=[plan.pk, item.pk])
    data = {"project": project.pk, "goals": "新目标", "rank": 1}
    response = client.post(url, data)
    assert response.status_code == 200
    assert "reason" in response.context["form"].errors
    assert not PlanAmendment.objects.exists()
    assert client.post(url, {**data, "reason": "领导小组调整"}).status_code == 302
    assert PlanAmendment.objects.get().reason == "领导小组调整"
    html = client.get(reverse("projects:plan_detail", args=[plan.pk])).content.decode()
    assert "领导小组调整" in html


def test_project_page_shows_the_panel_with_edit_links_only_to_who_may_edit(
    client, liaison, other_liaison, leadership, project
):
    milestone = MilestoneFactory(project=project, planned_date=datetime.date(2015, 1, 1))
    edit_url = reverse("projects:milestone_edit", args=[project.pk, milestone.pk])
    client.force_login(liaison)
    html = client.get(reverse("projects:detail", args=[project.pk])).content.decode()
    assert milestone.title in html and edit_url in html
    for reader in (other_liaison, leadership):
        client.force_login(reader)
        response = client.get(reverse("projects:detail", args=[project.pk]))
        assert response.status_code == 200
        html = response.content.decode()
        assert milestone.title in html and edit_url not in html


def test_timelines_render_svg_without_javascript(client, leadership, project):
    AnnualPlanItemFactory(plan__year=2015, project=project, is_key=True)
    MilestoneFactory(project=project, status=MilestoneStatus.DONE, actual_date=datetime.date(2015, 7, 10))
    client.force_login(leadership)
    for url in (
        reverse("projects:project_timeline", args=[project.pk]),
        reverse("projects:key_timeline") + "?year=2015",
    ):
        html = client.get(url).content.decode()
        assert "<svg" in html and "<script>" not in html.split("<main")[1].split("</main>")[0]
    assert client.get(reverse("projects:key_timeline") + "?year=abc").status_code == 200


def test_portfolio_panel_lists_overdue_and_serious_open_problems(client, leadership, project, office_staff):
    overdue = ProblemFactory(
        project=project, raised_by=office_staff, title="逾期问题", due_date=datetime.date(2015, 1, 1)
    )
    serious = ProblemFactory(
        project=project, raised_by=office_staff, title="严重问题", severity=Severity.CRITICAL
    )
    ProblemFactory(project=project, raised_by=office_staff, title="普通问题")
    ProblemFactory(
        project=project,
        raised_by=office_staff,
        title="已解决问题",
        severity=Severity.HIGH,
        status="resolved",
        resolution="好了",
    )
    client.force_login(leadership)
    html = client.get(reverse("projects:list")).content.decode()
    assert overdue.title in html and serious.title in html
    assert "普通问题" not in html and "已解决问题" not in html


@pytest.mark.parametrize("extra", [0, 30])
def test_list_pages_query_count_does_not_grow(
    client, office_staff, portfolio, extra, django_assert_max_num_queries
):
    group = ProjectGroup.objects.first()
    plan = AnnualPlanFactory(year=2015)
    for _ in range(extra):
        project = ProjectFactory(group=group, is_key=True)
        AnnualPlanItemFactory(plan=plan, project=project, is_key=True)
        MilestoneFactory.create_batch(2, project=project)
        ProblemFactory(project=project, raised_by=office_staff, severity=Severity.HIGH)
        AnnualPlanFactory()
    client.force_login(office_staff)
    for url, limit in (
        # The list's figures, the 需关注的问题 box with its count and overdue conditions, the grades,
        # and the page's latest status reports from steering (one query for the whole page).
        (reverse("projects:list"), 13),
        (reverse("projects:plan_list"), 6),
        (reverse("projects:plan_detail", args=[plan.pk]), 8),
        (reverse("projects:key_timeline") + "?year=2015", 8),
    ):
        with django_assert_max_num_queries(limit):
            assert client.get(url).status_code == 200


@pytest.mark.parametrize("extra", [0, 30])
def test_project_page_query_count_does_not_grow(
    client, office_staff, project, extra, django_assert_max_num_queries
):
    MilestoneFactory.create_batch(extra, project=project)
    ProblemFactory.create_batch(extra, project=project, raised_by=office_staff)
    client.force_login(office_staff)
    # Five panels (lifecycle, budget, execution, assessment, dossier) share this bound.
    with django_assert_max_num_queries(13):
        assert client.get(reverse("projects:detail", args=[project.pk])).status_code == 200
