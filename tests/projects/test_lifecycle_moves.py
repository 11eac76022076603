"""The transition table per role, refused skips, gates and concurrent moves."""

import datetime
import threading
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.utils import translation

from projects.models import ApprovalReview, Project, Stage, StageTransition
from projects.models.execution import MilestoneStatus
from projects.models.lifecycle import ReviewDecision
from projects.services.lifecycle import TRANSITIONS, MoveConflict, MoveRefused, gate_failures, project_move
from tests.projects.factories import BudgetLineFactory, MilestoneFactory, ProjectFactory


@pytest.fixture(autouse=True)
def _english(settings):
    """Messages are asserted in English, the language of the source strings."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


# The implementation gate asks for a budget of the year the move is made in.
THIS_YEAR = datetime.date.today().year

ALL_ROLES = [
    "office_admin",
    "office_staff",
    "liaison",
    "other_liaison",
    "leadership",
    "evaluator",
    "other_evaluator",
]


def _project_ready_for(from_stage: str, to_stage: str, *, office_admin, monkeypatch) -> Project:
    """A project in ``from_stage`` with every gate into ``to_stage`` met."""
    project = ProjectFactory(stage=from_stage, estimated_budget=Decimal("5000000"), objectives="建成运营")
    if from_stage == Stage.SUSPENDED:
        project.stage_before_suspension = to_stage if to_stage != Stage.TERMINATED else Stage.APPROVED
        project.save()
    ApprovalReview.objects.create(
        project=project, round_no=1, opened_by=office_admin, decision=ReviewDecision.APPROVE
    )
    BudgetLineFactory(project=project, year=THIS_YEAR)
    MilestoneFactory(project=project, status=MilestoneStatus.DONE)
    monkeypatch.setattr("evaluations.gates.project_latest_assessment_accepted", lambda *, project: True)
    return project


MOVES = sorted(TRANSITIONS.items())


@pytest.mark.parametrize("role", ALL_ROLES)
@pytest.mark.parametrize(("move", "roles"), MOVES, ids=[f"{f}->{t}" for (f, t), _ in MOVES])
def test_every_move_in_the_table_per_role(users, office_admin, monkeypatch, role, move, roles):
    from_stage, to_stage = move
    project = _project_ready_for(from_stage, to_stage, office_admin=office_admin, monkeypatch=monkeypatch)
    user = users[role]
    if user.role in roles:
        transition = project_move(project=project, to_stage=to_stage, by=user, comment="ok")
        project.refresh_from_db()
        assert project.stage == to_stage
        assert (transition.from_stage, transition.to_stage, transition.by) == (from_stage, to_stage, user)
    else:
        with pytest.raises(PermissionDenied):
            project_move(project=project, to_stage=to_stage, by=user, comment="no")
        project.refresh_from_db()
        assert project.stage == from_stage
        assert not StageTransition.objects.filter(project=project).exists()


def test_only_the_office_moves_and_only_the_admin_terminates():
    office_only = {frozenset({"office_admin", "office_staff"}), frozenset({"office_admin"})}
    assert {frozenset(roles) for roles in TRANSITIONS.values()} == office_only
    assert all(roles == {"office_admin"} for (_, to), roles in TRANSITIONS.items() if to == Stage.TERMINATED)


ABSENT_MOVES = [(frm, to) for frm in Stage for to in Stage if frm != to and (frm, to) not in TRANSITIONS]


@pytest.mark.parametrize("role", ["office_admin", "office_staff"])
@pytest.mark.parametrize(("from_stage", "to_stage"), ABSENT_MOVES)
def test_every_move_not_in_the_table_is_refused(users, office_admin, monkeypatch, role, from_stage, to_stage):
    project = _project_ready_for(from_stage, to_stage, office_admin=office_admin, monkeypatch=monkeypatch)
    version = project.version
    with pytest.raises(MoveRefused) as refused:
        project_move(project=project, to_stage=to_stage, by=users[role], comment="")
    assert "cannot move" in refused.value.messages[0]
    project.refresh_from_db()
    assert (project.stage, project.version) == (from_stage, version)
    assert not StageTransition.objects.exists()


@pytest.mark.parametrize(
    ("from_stage", "to_stage"),
    [
        (Stage.PROPOSAL, Stage.APPROVED),
        (Stage.PROPOSAL, Stage.IMPLEMENTATION),
        (Stage.APPROVAL_REVIEW, Stage.IMPLEMENTATION),
        (Stage.APPROVED, Stage.ACCEPTANCE),
        (Stage.IMPLEMENTATION, Stage.OPERATION),
        (Stage.ACCEPTANCE, Stage.CLOSED),
    ],
)
def test_skipping_a_stage_is_refused(office_admin, monkeypatch, from_stage, to_stage):
    project = _project_ready_for(from_stage, to_stage, office_admin=office_admin, monkeypatch=monkeypatch)
    with pytest.raises(MoveRefused):
        project_move(project=project, to_stage=to_stage, by=office_admin, comment="")
    project.refresh_from_db()
    assert project.stage == from_stage


def test_suspension_remembers_the_stage_and_resumes_only_there(office_staff):
    project = ProjectFactory(stage=Stage.IMPLEMENTATION)
    project_move(project=project, to_stage=Stage.SUSPENDED, by=office_staff, comment="资金未到位")
    project.refresh_from_db()
    assert project.stage_before_suspension == Stage.IMPLEMENTATION
    with pytest.raises(MoveRefused):
        project_move(project=project, to_stage=Stage.APPROVED, by=office_staff, comment="")
    project_move(project=project, to_stage=Stage.IMPLEMENTATION, by=office_staff, comment="恢复")
    project.refresh_from_db()
    assert (project.stage, project.stage_before_suspension) == (Stage.IMPLEMENTATION, "")


# Gates ---------------------------------------------------------------------------------


def test_approval_review_needs_objectives_and_estimated_budget(office_staff):
    project = ProjectFactory(objectives="", estimated_budget=None)
    with pytest.raises(MoveRefused) as refused:
        project_move(project=project, to_stage=Stage.APPROVAL_REVIEW, by=office_staff, comment="")
    assert len(refused.value.messages) == 2
    assert "objectives" in refused.value.messages[0]
    assert "estimated budget" in refused.value.messages[1]
    project.refresh_from_db()
    assert project.stage == Stage.PROPOSAL
    project.objectives = "目标"
    project.estimated_budget = Decimal("1")
    project.save()
    project_move(project=project, to_stage=Stage.APPROVAL_REVIEW, by=office_staff, comment="")


@pytest.mark.parametrize(
    ("decision", "allowed"),
    [
        (None, False),
        (ReviewDecision.PENDING, False),
        (ReviewDecision.REJECT, False),
        (ReviewDecision.APPROVE, True),
        (ReviewDecision.APPROVE_WITH_CONDITIONS, True),
    ],
)
def test_approved_needs_an_approving_decision(office_staff, decision, allowed):
    project = ProjectFactory(stage=Stage.APPROVAL_REVIEW)
    if decision:
        ApprovalReview.objects.create(
            project=project, round_no=1, opened_by=office_staff, decision=decision, decision_reasons="理由"
        )
    assert (gate_failures(project=project, to_stage=Stage.APPROVED) == []) is allowed


def test_approved_looks_at_the_latest_round(office_staff):
    project = ProjectFactory(stage=Stage.APPROVAL_REVIEW)
    ApprovalReview.objects.create(project=project, round_no=1, opened_by=office_staff, decision="approve")
    ApprovalReview.objects.create(project=project, round_no=2, opened_by=office_staff)
    assert gate_failures(project=project, to_stage=Stage.APPROVED)


def test_implementation_needs_this_years_approved_budget_and_a_milestone(office_staff):
    project = ProjectFactory(stage=Stage.APPROVED)
    assert len(gate_failures(project=project, to_stage=Stage.IMPLEMENTATION)) == 2
    BudgetLineFactory(project=project, year=THIS_YEAR - 1)
    BudgetLineFactory(project=project, year=THIS_YEAR, approved=Decimal("0"))
    MilestoneFactory(project=project)
    reasons = gate_failures(project=project, to_stage=Stage.IMPLEMENTATION)
    assert len(reasons) == 1 and str(datetime.date.today().year) in reasons[0]
    BudgetLineFactory(project=project, year=THIS_YEAR)
    assert gate_failures(project=project, to_stage=Stage.IMPLEMENTATION) == []
    project_move(project=project, to_stage=Stage.IMPLEMENTATION, by=office_staff, comment="")


def test_acceptance_needs_every_milestone_done_or_waived(office_staff):
    project = ProjectFactory(stage=Stage.IMPLEMENTATION)
    MilestoneFactory(project=project, status=MilestoneStatus.DONE)
    MilestoneFactory(project=project, status=MilestoneStatus.WAIVED, waived_reason="取消")
    open_milestone = MilestoneFactory(project=project, status=MilestoneStatus.IN_PROGRESS)
    with pytest.raises(MoveRefused) as refused:
        project_move(project=project, to_stage=Stage.ACCEPTANCE, by=office_staff, comment="")
    assert "1" in refused.value.messages[0]
    open_milestone.status = MilestoneStatus.DONE
    open_milestone.actual_date = datetime.date(2026, 7, 1)
    open_milestone.save()
    project_move(project=project, to_stage=Stage.ACCEPTANCE, by=office_staff, comment="")


def test_closed_needs_the_latest_assessment_accepted(office_staff, monkeypatch):
    project = ProjectFactory(stage=Stage.OPERATION)
    with pytest.raises(MoveRefused) as refused:
        project_move(project=project, to_stage=Stage.CLOSED, by=office_staff, comment="")
    assert "assessment" in refused.value.messages[0]
    monkeypatch.setattr("evaluations.gates.project_latest_assessment_accepted", lambda *, project: True)
    project_move(project=project, to_stage=Stage.CLOSED, by=office_staff, comment="")


# Concurrency ---------------------------------------------------------------------------


def test_concurrent_moves_one_wins_the_other_gets_a_conflict(office_staff, office_admin):
    ProjectFactory(stage=Stage.IMPLEMENTATION)
    project_id = Project.objects.get().pk
    first_view = Project.objects.get(pk=project_id)
    second_view = Project.objects.get(pk=project_id)
    project_move(project=first_view, to_stage=Stage.SUSPENDED, by=office_staff, comment="A")
    with pytest.raises(MoveConflict) as conflict:
        project_move(project=second_view, to_stage=Stage.TERMINATED, by=office_admin, comment="B")
    assert "Someone else changed" in conflict.value.messages[0]
    assert Project.objects.get(pk=project_id).stage == Stage.SUSPENDED
    assert list(StageTransition.objects.values_list("comment", flat=True)) == ["A"]


def test_a_move_from_a_stale_form_version_is_a_conflict(office_staff):
    project = ProjectFactory(stage=Stage.IMPLEMENTATION)
    with pytest.raises(MoveConflict):
        project_move(
            project=project,
            to_stage=Stage.SUSPENDED,
            by=office_staff,
            comment="",
            expected_version=project.version - 1,
        )
    assert not StageTransition.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_concurrent_moves_in_two_threads_leave_exactly_one_transition(office_staff):
    """Two threads load the same project and move it at once; the database decides. On SQLite
    too: the test database is a file in WAL mode and the second writer waits (BEGIN IMMEDIATE)."""
    project = ProjectFactory(stage=Stage.IMPLEMENTATION)
    barrier = threading.Barrier(2)
    outcomes = []

    def move(to_stage):
        try:
            loaded = Project.objects.get(pk=project.pk)
            barrier.wait()
            project_move(project=loaded, to_stage=to_stage, by=office_staff, comment=to_stage)
            outcomes.append("won")
        except MoveConflict:
            outcomes.append("conflict")
        finally:
            connection.close()

    threads = [threading.Thread(target=move, args=(stage,)) for stage in (Stage.SUSPENDED, Stage.ACCEPTANCE)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["conflict", "won"]
    assert StageTransition.objects.filter(project_id=project.pk).count() == 1
