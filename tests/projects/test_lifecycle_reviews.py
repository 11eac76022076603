"""Approval review rounds, the office's decision, conditions, and liaison move requests."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from projects.models import Stage, StageMoveRequest, StageTransition
from projects.models.lifecycle import MoveRequestStatus, Recommendation, ReviewDecision
from projects.services.lifecycle import project_move
from projects.services.move_requests import move_request_carry_out, move_request_create, move_request_decline
from projects.services.reviews import condition_mark_met, review_add_opinion, review_decide, review_open
from tests.projects.factories import ProjectFactory


@pytest.fixture(autouse=True)
def _english(settings):
    """Messages are asserted in English, the language of the source strings."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def in_review(department):
    return ProjectFactory(
        lead_department=department, stage=Stage.APPROVAL_REVIEW, estimated_budget=Decimal("100")
    )


def _opinion(review, by, recommendation=Recommendation.APPROVE):
    return review_add_opinion(
        review=review,
        reviewer="刘专家",
        organisation="专家委员会",
        opinion="方案可行",
        recommendation=recommendation,
        by=by,
    )


def test_rounds_are_numbered_and_one_is_open_at_a_time(office_staff, in_review):
    first = review_open(project=in_review, by=office_staff)
    with pytest.raises(ValidationError):
        review_open(project=in_review, by=office_staff)
    review_decide(review=first, decision=ReviewDecision.APPROVE, reasons="", conditions=[], by=office_staff)
    second = review_open(project=in_review, by=office_staff)
    assert (first.round_no, second.round_no) == (1, 2)


def test_a_round_is_opened_only_in_approval_review(office_staff):
    with pytest.raises(ValidationError):
        review_open(project=ProjectFactory(), by=office_staff)


def test_approval_with_conditions_then_conditions_met_then_approved(office_staff, in_review):
    review = review_open(project=in_review, by=office_staff)
    _opinion(review, office_staff, Recommendation.APPROVE_WITH_CONDITIONS)
    review_decide(
        review=review,
        decision=ReviewDecision.APPROVE_WITH_CONDITIONS,
        reasons="",
        conditions=["补充安全方案", "明确责任清单"],
        by=office_staff,
        condition_owner=office_staff,
        condition_due=datetime.date(2015, 6, 30),
    )
    conditions = list(review.conditions.all())
    assert all(c.owner == office_staff and c.due_date == datetime.date(2015, 6, 30) for c in conditions)
    assert [c.is_met for c in conditions] == [False, False]
    condition_mark_met(condition=conditions[0], by=office_staff, note="已补充")
    conditions[0].refresh_from_db()
    assert conditions[0].is_met and conditions[0].met_by == office_staff
    with pytest.raises(ValidationError):
        condition_mark_met(condition=conditions[0], by=office_staff, note="again")
    with pytest.raises(ValidationError):
        _opinion(review, office_staff)
    project_move(project=in_review, to_stage=Stage.APPROVED, by=office_staff, comment="批复")
    in_review.refresh_from_db()
    assert in_review.stage == Stage.APPROVED


@pytest.mark.parametrize(
    ("decision", "reasons", "conditions", "field"),
    [
        (ReviewDecision.APPROVE_WITH_CONDITIONS, "", [], "conditions"),
        (ReviewDecision.APPROVE, "", ["不该有条件"], "conditions"),
        (ReviewDecision.REJECT, " ", [], "reasons"),
    ],
)
def test_bad_decisions_are_refused_and_nothing_saved(
    office_staff, in_review, decision, reasons, conditions, field
):
    review = review_open(project=in_review, by=office_staff)
    with pytest.raises(ValidationError) as refused:
        review_decide(
            review=review, decision=decision, reasons=reasons, conditions=conditions, by=office_staff
        )
    assert field in refused.value.message_dict
    review.refresh_from_db()
    assert review.decision == ReviewDecision.PENDING
    assert not review.conditions.exists()


def test_rejection_sends_the_project_back_to_proposal_with_reasons_kept(office_staff, in_review):
    review = review_open(project=in_review, by=office_staff)
    _opinion(review, office_staff, Recommendation.REJECT)
    review_decide(
        review=review,
        decision=ReviewDecision.REJECT,
        reasons="与现有平台重复",
        conditions=[],
        by=office_staff,
    )
    in_review.refresh_from_db()
    review.refresh_from_db()
    assert in_review.stage == Stage.PROPOSAL
    assert review.decision_reasons == "与现有平台重复"
    move = StageTransition.objects.get(project=in_review)
    assert (move.from_stage, move.to_stage, move.comment) == (
        Stage.APPROVAL_REVIEW,
        Stage.PROPOSAL,
        "与现有平台重复",
    )


def test_a_rejected_project_cannot_be_approved_on_that_round(office_staff, in_review):
    review = review_open(project=in_review, by=office_staff)
    review_decide(
        review=review, decision=ReviewDecision.REJECT, reasons="理由", conditions=[], by=office_staff
    )
    in_review.refresh_from_db()
    project_move(project=in_review, to_stage=Stage.APPROVAL_REVIEW, by=office_staff, comment="重新申报")
    with pytest.raises(ValidationError):
        project_move(project=in_review, to_stage=Stage.APPROVED, by=office_staff, comment="")


# Move requests ---------------------------------------------------------------------------


def test_liaison_asks_and_the_office_carries_it_out(liaison, office_staff, project):
    project.estimated_budget = Decimal("100")
    project.save()
    request = move_request_create(
        project=project, to_stage=Stage.APPROVAL_REVIEW, by=liaison, comment="材料齐全"
    )
    assert project.stage == Stage.PROPOSAL
    with pytest.raises(ValidationError):
        move_request_create(project=project, to_stage=Stage.APPROVAL_REVIEW, by=liaison, comment="again")
    move = move_request_carry_out(request=request, by=office_staff, note="")
    request.refresh_from_db()
    project.refresh_from_db()
    assert project.stage == Stage.APPROVAL_REVIEW
    assert (request.status, request.decided_by) == (MoveRequestStatus.DONE, office_staff)
    assert (move.by, move.comment) == (office_staff, "材料齐全")


def test_a_request_whose_gate_fails_stays_pending(liaison, office_staff, department):
    project = ProjectFactory(lead_department=department, objectives="", estimated_budget=None)
    request = move_request_create(project=project, to_stage=Stage.APPROVAL_REVIEW, by=liaison, comment="")
    with pytest.raises(ValidationError):
        move_request_carry_out(request=request, by=office_staff, note="")
    request.refresh_from_db()
    assert request.status == MoveRequestStatus.PENDING


def test_the_office_declines_with_a_note(liaison, office_staff, project):
    request = move_request_create(project=project, to_stage=Stage.APPROVAL_REVIEW, by=liaison, comment="")
    with pytest.raises(ValidationError):
        move_request_decline(request=request, by=office_staff, note="")
    move_request_decline(request=request, by=office_staff, note="材料不全")
    request.refresh_from_db()
    assert request.status == MoveRequestStatus.DECLINED
    assert not StageTransition.objects.exists()


@pytest.mark.parametrize("role", ["other_liaison", "office_staff", "leadership", "evaluator"])
def test_only_a_liaison_of_the_lead_department_may_ask(users, project, role):
    with pytest.raises(PermissionDenied):
        move_request_create(project=project, to_stage=Stage.APPROVAL_REVIEW, by=users[role], comment="")


def test_a_request_to_skip_a_stage_is_refused(liaison, project):
    with pytest.raises(ValidationError):
        move_request_create(project=project, to_stage=Stage.IMPLEMENTATION, by=liaison, comment="")
    assert not StageMoveRequest.objects.exists()


@pytest.mark.parametrize("role", ["liaison", "leadership"])
def test_only_the_office_carries_out_a_request(users, liaison, project, role):
    request = move_request_create(project=project, to_stage=Stage.APPROVAL_REVIEW, by=liaison, comment="")
    with pytest.raises(PermissionDenied):
        move_request_carry_out(request=request, by=users[role], note="")
    with pytest.raises(PermissionDenied):
        move_request_decline(request=request, by=users[role], note="no")


def test_a_request_closes_itself_when_the_office_moves_the_project_another_way(
    liaison, office_admin, in_review
):
    request = move_request_create(project=in_review, to_stage=Stage.PROPOSAL, by=liaison, comment="退回补充")
    project_move(project=in_review, to_stage=Stage.TERMINATED, by=office_admin, comment="终止")
    request.refresh_from_db()
    assert (request.status, request.decided_by) == (MoveRequestStatus.SUPERSEDED, office_admin)
    assert "Approval review" in request.decision_note and "Terminated" in request.decision_note
    with pytest.raises(ValidationError, match="closed by itself"):
        move_request_carry_out(request=request, by=office_admin, note="")
    with pytest.raises(ValidationError, match="closed by itself"):
        move_request_decline(request=request, by=office_admin, note="no")
    assert StageTransition.objects.filter(project=in_review).count() == 1
    # The liaison may ask again from the new stage's moves (none from a final stage here).
    assert not StageMoveRequest.objects.filter(status=MoveRequestStatus.PENDING).exists()


def test_a_request_closes_itself_when_the_office_makes_the_same_move_directly(
    liaison, office_staff, in_review
):
    request = move_request_create(project=in_review, to_stage=Stage.PROPOSAL, by=liaison, comment="")
    project_move(project=in_review, to_stage=Stage.PROPOSAL, by=office_staff, comment="直接退回")
    request.refresh_from_db()
    assert request.status == MoveRequestStatus.SUPERSEDED
    in_review.refresh_from_db()
    assert in_review.stage == Stage.PROPOSAL
