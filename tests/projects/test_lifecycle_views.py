"""Lifecycle pages: role × URL matrix, gate reasons and conflicts on the page, the panel,
the timeline and the pipeline."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from projects.models import ApprovalReview, ReviewCondition, Stage, StageMoveRequest, StageTransition
from projects.models.lifecycle import ReviewDecision
from projects.services.lifecycle import project_move
from projects.services.move_requests import move_request_create
from projects.services.portfolio import project_update
from tests.projects.factories import ProjectFactory
from tests.roles import sign_in


@pytest.fixture(autouse=True)
def _english(settings):
    """Messages are asserted in English, the language of the source strings."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


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
OFFICE_ONLY = [302, 200, 200, 403, 403, 403, 404, 404]
OFFICE_ONLY_POST = [302, 302, 302, 403, 403, 403, 404, 404]


@pytest.fixture
def review_objects(project, office_staff, liaison):
    project.stage = Stage.APPROVAL_REVIEW
    project.save()
    review = ApprovalReview.objects.create(project=project, round_no=1, opened_by=office_staff)
    decided = ApprovalReview.objects.create(
        project=project, round_no=2, opened_by=office_staff, decision=ReviewDecision.APPROVE_WITH_CONDITIONS
    )
    condition = ReviewCondition.objects.create(review=decided, text="补充方案")
    move_request = StageMoveRequest.objects.create(
        project=project, to_stage=Stage.PROPOSAL, requested_by=liaison, comment="退回"
    )
    return {"review": review, "condition": condition, "move_request": move_request}


def _status(client, users, role, method, url, data=None):
    sign_in(client, users, role)
    response = getattr(client, method)(url, data or {})
    if role == "anonymous":
        assert response.status_code == 302 and "/login" in response["Location"]
    return response.status_code


@pytest.mark.parametrize(
    ("role", "expected"), list(zip(ROLES, [302, 200, 200, 200, 200, 200, 403, 403], strict=True))
)
def test_pipeline_by_role(client, users, role, expected):
    assert _status(client, users, role, "get", reverse("projects:pipeline")) == expected


@pytest.mark.parametrize(("role", "expected"), list(zip(ROLES, OFFICE_ONLY_POST, strict=True)))
def test_move_by_role(client, users, project, role, expected):
    project.estimated_budget = Decimal("1")
    project.save()
    url = reverse("projects:move", args=[project.pk])
    data = {"to_stage": Stage.APPROVAL_REVIEW, "comment": "", "version": project.version}
    assert _status(client, users, role, "post", url, data) == expected
    project.refresh_from_db()
    assert (project.stage == Stage.APPROVAL_REVIEW) is (expected == 302 and role != "anonymous")


@pytest.mark.parametrize(
    ("role", "expected"), list(zip(ROLES, [302, 403, 403, 302, 403, 403, 404, 404], strict=True))
)
def test_move_request_by_role(client, users, project, role, expected):
    url = reverse("projects:move_request", args=[project.pk])
    data = {"to_stage": Stage.APPROVAL_REVIEW, "comment": "请审"}
    assert _status(client, users, role, "post", url, data) == expected
    assert StageMoveRequest.objects.exists() is (role == "liaison")


@pytest.mark.parametrize(("role", "expected"), list(zip(ROLES, OFFICE_ONLY_POST, strict=True)))
def test_move_request_decide_by_role(client, users, review_objects, role, expected):
    move_request = review_objects["move_request"]
    url = reverse("projects:move_request_decide", args=[move_request.pk])
    assert (
        _status(client, users, role, "post", url, {"action": "decline", "decision_note": "不同意"})
        == expected
    )


@pytest.mark.parametrize(("role", "expected"), list(zip(ROLES, OFFICE_ONLY_POST, strict=True)))
def test_review_open_by_role(client, users, project, role, expected):
    project.stage = Stage.APPROVAL_REVIEW
    project.save()
    assert (
        _status(client, users, role, "post", reverse("projects:review_open", args=[project.pk])) == expected
    )


@pytest.mark.parametrize(
    ("name", "key"),
    [("review_opinion", "review"), ("review_decide", "review"), ("condition_met", "condition")],
)
@pytest.mark.parametrize(("role", "expected"), list(zip(ROLES, OFFICE_ONLY, strict=True)))
def test_review_pages_by_role(client, users, review_objects, name, key, role, expected):
    url = reverse(f"projects:{name}", args=[review_objects[key].pk])
    assert _status(client, users, role, "get", url) == expected


@pytest.mark.parametrize("role", ["liaison", "leadership"])
def test_review_pages_refuse_posts_from_read_only_roles(client, users, review_objects, role):
    client.force_login(users[role])
    url = reverse("projects:review_decide", args=[review_objects["review"].pk])
    assert client.post(url, {"decision": "approve"}).status_code == 403
    review_objects["review"].refresh_from_db()
    assert review_objects["review"].decision == ReviewDecision.PENDING


def test_a_failed_gate_leaves_the_project_untouched_and_says_why(client, office_staff, department):
    project = ProjectFactory(lead_department=department, objectives="", estimated_budget=None)
    client.force_login(office_staff)
    response = client.post(
        reverse("projects:move", args=[project.pk]),
        {"to_stage": Stage.APPROVAL_REVIEW, "comment": "", "version": project.version},
        follow=True,
    )
    project.refresh_from_db()
    assert (project.stage, project.version) == (Stage.PROPOSAL, 1)
    assert "Record the project&#x27;s objectives" in response.content.decode()
    assert not StageTransition.objects.exists()


def test_a_move_from_a_stale_page_shows_the_conflict(client, office_staff, project):
    project.estimated_budget = Decimal("1")
    project.save()
    stale_version = project.version
    project_update(project=project, by=office_staff, expected_version=stale_version, name="改名")
    client.force_login(office_staff)
    response = client.post(
        reverse("projects:move", args=[project.pk]),
        {"to_stage": Stage.APPROVAL_REVIEW, "comment": "", "version": stale_version},
        follow=True,
    )
    assert "Someone else changed" in response.content.decode()
    assert not StageTransition.objects.exists()


def test_review_decision_form_shows_errors_and_saves_nothing(client, office_staff, review_objects):
    client.force_login(office_staff)
    review = review_objects["review"]
    response = client.post(
        reverse("projects:review_decide", args=[review.pk]), {"decision": "reject", "reasons": ""}
    )
    assert response.status_code == 400
    assert "Give the reasons" in response.content.decode()
    review.refresh_from_db()
    assert review.decision == ReviewDecision.PENDING


def test_office_records_opinion_decision_and_condition_met(client, office_staff, review_objects):
    client.force_login(office_staff)
    review = review_objects["review"]
    client.post(
        reverse("projects:review_opinion", args=[review.pk]),
        {"reviewer": "刘专家", "organisation": "", "opinion": "可行", "recommendation": "approve"},
    )
    assert review.opinions.count() == 1
    client.post(
        reverse("projects:review_decide", args=[review.pk]),
        {
            "decision": "approve_with_conditions",
            "reasons": "",
            "conditions": "条件一\n\n条件二\n",
            "condition_owner": office_staff.pk,
            "condition_due": "2015-06-30",
        },
    )
    review.refresh_from_db()
    assert review.decision == ReviewDecision.APPROVE_WITH_CONDITIONS
    assert list(review.conditions.values_list("text", flat=True)) == ["条件一", "条件二"]
    condition = review.conditions.first()
    client.post(reverse("projects:condition_met", args=[condition.pk]), {"met_note": "已完成"})
    condition.refresh_from_db()
    assert condition.is_met


def test_panel_shows_moves_to_the_office_and_the_request_form_to_the_liaison(
    client, office_staff, liaison, leadership, project
):
    url = reverse("projects:detail", args=[project.pk])

    def page_of(user) -> str:
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200
        return response.content.decode()

    page = page_of(office_staff)
    assert reverse("projects:move", args=[project.pk]) in page
    assert reverse("projects:move_request", args=[project.pk]) not in page
    page = page_of(liaison)
    assert reverse("projects:move", args=[project.pk]) not in page
    assert reverse("projects:move_request", args=[project.pk]) in page
    page = page_of(leadership)
    assert reverse("projects:move", args=[project.pk]) not in page
    assert reverse("projects:move_request", args=[project.pk]) not in page


def test_timeline_lists_moves_and_field_changes_in_order_with_names(
    client, office_staff, office_admin, project
):
    project.estimated_budget = Decimal("1")
    project.save()
    project_update(project=project, by=office_admin, expected_version=project.version, name="第一次改名")
    project_move(project=project, to_stage=Stage.APPROVAL_REVIEW, by=office_staff, comment="提交评审")
    project_update(
        project=project,
        by=office_admin,
        expected_version=project.version,
        implementer="某公司",
        estimated_budget=Decimal("32000000"),
    )
    client.force_login(office_staff)
    # The project page loads its history from projects:history (issue 22).
    page = client.get(reverse("projects:detail", args=[project.pk])).content.decode()
    assert reverse("projects:history", args=[project.pk]) in page
    page = client.get(reverse("projects:history", args=[project.pk]), HTTP_HX_REQUEST="true").content.decode()
    timeline = page[page.index('class="list-unstyled timeline"') :]
    positions = [timeline.index(text) for text in ("第一次改名", "提交评审", "某公司")]
    assert positions == sorted(positions)
    assert office_staff.username in timeline or office_staff.get_full_name() in timeline
    assert "Approval review" in timeline
    assert "3,200.00 10k yuan" in timeline


def test_history_has_no_edit_url():
    from django.urls import get_resolver

    names = [name for name in get_resolver().reverse_dict if isinstance(name, str)]
    assert not [name for name in names if "transition" in name or "history" in name]


def test_pipeline_shows_projects_in_their_stage_columns(client, leadership, portfolio):
    ProjectFactory(code="X1", stage=Stage.IMPLEMENTATION)
    client.force_login(leadership)
    columns = client.get(reverse("projects:pipeline")).context["columns"]
    counts = {column["stage"]: column["count"] for column in columns}
    assert counts[Stage.PROPOSAL] == 15 and counts[Stage.IMPLEMENTATION] == 1
    assert [column["stage"] for column in columns] == list(Stage.values)


def test_pipeline_query_count_does_not_grow(client, leadership, django_assert_max_num_queries):
    client.force_login(leadership)
    ProjectFactory.create_batch(2)
    with django_assert_max_num_queries(8) as few:
        client.get(reverse("projects:pipeline"))
    ProjectFactory.create_batch(30, stage=Stage.OPERATION)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("projects:pipeline"))


def test_project_page_query_count_does_not_grow_with_history(
    client, office_staff, project, django_assert_max_num_queries
):
    project.estimated_budget = Decimal("1")
    project.save()
    project_move(project=project, to_stage=Stage.APPROVAL_REVIEW, by=office_staff, comment="")
    client.force_login(office_staff)
    url = reverse("projects:detail", args=[project.pk])
    with django_assert_max_num_queries(40) as few:
        client.get(url)
    for index in range(5):
        project_update(project=project, by=office_staff, expected_version=project.version, name=f"名{index}")
    project_move(project=project, to_stage=Stage.PROPOSAL, by=office_staff, comment="退回")
    project_move(project=project, to_stage=Stage.APPROVAL_REVIEW, by=office_staff, comment="再审")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)


def test_staff_carrying_out_a_terminate_request_is_told_only_the_admin_may(
    client, office_staff, liaison, project
):
    move_request = StageMoveRequest.objects.create(
        project=project, to_stage=Stage.TERMINATED, requested_by=liaison
    )
    client.force_login(office_staff)
    response = client.post(
        reverse("projects:move_request_decide", args=[move_request.pk]), {"action": "carry_out"}, follow=True
    )
    assert "Your role may not make this move." in response.content.decode()
    project.refresh_from_db()
    move_request.refresh_from_db()
    assert (project.stage, move_request.status) == (Stage.PROPOSAL, "pending")


def test_a_request_overtaken_by_another_move_leaves_the_page_and_cannot_be_carried_out(
    client, office_admin, liaison, project
):
    project.stage = Stage.APPROVAL_REVIEW
    project.save()
    move_request = move_request_create(project=project, to_stage=Stage.PROPOSAL, by=liaison, comment="请退回")
    decide_url = reverse("projects:move_request_decide", args=[move_request.pk])
    client.force_login(office_admin)
    assert decide_url in client.get(reverse("projects:detail", args=[project.pk])).content.decode()
    project_move(project=project, to_stage=Stage.TERMINATED, by=office_admin, comment="终止")
    page = client.get(reverse("projects:detail", args=[project.pk])).content.decode()
    assert decide_url not in page
    response = client.post(decide_url, {"action": "carry_out", "decision_note": ""}, follow=True)
    assert response.status_code == 200
    assert "closed by itself" in response.content.decode()
    assert StageTransition.objects.filter(project=project).count() == 1
