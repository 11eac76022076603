"""The consistency rules real data obeys (projects/rules.py) and check_consistency."""

import datetime
from decimal import Decimal
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone, translation

from projects.execution_forms import MilestoneForm
from projects.models import ApprovalReview, ReviewCondition, Stage, StageTransition
from projects.models.execution import MilestoneStatus
from projects.models.lifecycle import ReviewDecision
from projects.services.budget import spending_record
from projects.services.execution import milestone_create
from projects.services.lifecycle import MoveRefused, project_move
from projects.services.reviews import condition_waive
from tests.projects.factories import BudgetLineFactory, MilestoneFactory, ProjectFactory


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


def _approved_on(project, day: datetime.date, by):
    move = StageTransition.objects.create(
        project=project, from_stage=Stage.APPROVAL_REVIEW, to_stage=Stage.APPROVED, by=by
    )
    StageTransition.objects.filter(pk=move.pk).update(
        at=timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))
    )


def test_a_move_cannot_be_dated_in_the_future(office_staff):
    project = ProjectFactory(stage=Stage.IMPLEMENTATION)
    with pytest.raises(MoveRefused) as refused:
        project_move(
            project=project,
            to_stage=Stage.SUSPENDED,
            by=office_staff,
            on=timezone.localdate() + datetime.timedelta(1),
        )
    assert "future" in str(refused.value)
    assert not StageTransition.objects.filter(project=project).exists()


def test_the_implementation_gate_asks_for_the_budget_of_the_year_of_the_move(office_staff):
    today = timezone.localdate()
    last_year = today.year - 1
    project = ProjectFactory(
        stage=Stage.APPROVED,
        planned_start=datetime.date(last_year, 1, 1),
        planned_end=datetime.date(today.year + 1, 12, 31),
    )
    MilestoneFactory(project=project)
    BudgetLineFactory(project=project, year=last_year)
    move = project_move(
        project=project, to_stage=Stage.IMPLEMENTATION, by=office_staff, on=datetime.date(last_year, 6, 1)
    )
    assert timezone.localdate(move.at) == datetime.date(last_year, 6, 1)


def test_an_unmet_condition_blocks_implementation_until_waived_with_a_reason(office_staff):
    project = ProjectFactory(stage=Stage.APPROVED)
    MilestoneFactory(project=project)
    BudgetLineFactory(project=project, year=timezone.localdate().year)
    review = ApprovalReview.objects.create(
        project=project, round_no=1, opened_by=office_staff, decision=ReviewDecision.APPROVE_WITH_CONDITIONS
    )
    condition = ReviewCondition.objects.create(
        review=review, text="补充安全方案", due_date=timezone.localdate()
    )
    with pytest.raises(MoveRefused) as refused:
        project_move(project=project, to_stage=Stage.IMPLEMENTATION, by=office_staff)
    assert "补充安全方案" in str(refused.value)
    with pytest.raises(ValidationError):
        condition_waive(condition=condition, by=office_staff, reason=" ")
    condition_waive(condition=condition, by=office_staff, reason="已由市级统一安全方案覆盖")
    project.refresh_from_db()
    project_move(project=project, to_stage=Stage.IMPLEMENTATION, by=office_staff)


def test_no_milestone_done_before_approval(office_staff):
    proposal = ProjectFactory(stage=Stage.PROPOSAL)
    with pytest.raises(ValidationError) as refused:
        milestone_create(
            project=proposal,
            by=office_staff,
            title="方案",
            stage=Stage.APPROVED,
            planned_date=datetime.date(2015, 3, 1),
            status=MilestoneStatus.DONE,
            actual_date=datetime.date(2015, 3, 1),
        )
    assert "status" in refused.value.message_dict
    approved = ProjectFactory(stage=Stage.IMPLEMENTATION)
    _approved_on(approved, datetime.date(2015, 6, 1), office_staff)
    with pytest.raises(ValidationError) as refused:
        milestone_create(
            project=approved,
            by=office_staff,
            title="方案",
            stage=Stage.APPROVED,
            planned_date=datetime.date(2015, 3, 1),
            status=MilestoneStatus.DONE,
            actual_date=datetime.date(2015, 5, 1),
        )
    assert "actual_date" in refused.value.message_dict


def test_the_milestone_form_offers_only_goal_stages():
    stages = {value for value, _label in MilestoneForm().fields["stage"].choices}
    assert Stage.SUSPENDED not in stages and Stage.TERMINATED not in stages
    assert Stage.IMPLEMENTATION in stages


def test_no_spending_before_approval(office_staff):
    project = ProjectFactory(stage=Stage.IMPLEMENTATION)
    _approved_on(project, datetime.date(2015, 6, 1), office_staff)
    line = BudgetLineFactory(project=project, year=2015, approved=Decimal("1000"), allocated=Decimal("1000"))
    with pytest.raises(ValidationError) as refused:
        spending_record(line=line, by=office_staff, amount=Decimal("10"), spent_on=datetime.date(2015, 5, 1))
    assert "spent_on" in refused.value.message_dict
    line.refresh_from_db()
    assert line.spent == 0


def test_check_consistency_reports_and_changes_nothing(office_staff):
    project = ProjectFactory(stage=Stage.PROPOSAL)
    BudgetLineFactory(
        project=project, year=datetime.date.today().year, approved=Decimal("1000")
    )  # written before the rule existed
    MilestoneFactory(project=project, status=MilestoneStatus.DONE, actual_date=datetime.date(2015, 1, 5))
    out = StringIO()
    call_command("check_consistency", stdout=out)
    text = out.getvalue()
    assert "approved amount before approval" in text
    assert "milestone done before approval" in text
    assert project.budget_lines.get().approved == Decimal("1000")


def test_conditions_need_an_owner_and_a_due_date(office_staff):
    from projects.services.reviews import review_decide

    project = ProjectFactory(stage=Stage.APPROVAL_REVIEW)
    review = ApprovalReview.objects.create(project=project, round_no=1, opened_by=office_staff)
    with pytest.raises(ValidationError) as refused:
        review_decide(
            review=review,
            decision=ReviewDecision.APPROVE_WITH_CONDITIONS,
            reasons="",
            conditions=["补充方案"],
            by=office_staff,
        )
    assert "condition_owner" in refused.value.message_dict
    review.refresh_from_db()
    assert review.decision == ReviewDecision.PENDING and not review.conditions.exists()


def test_the_gate_names_the_year_of_the_move(office_staff):
    today = timezone.localdate()
    project = ProjectFactory(
        stage=Stage.APPROVED,
        planned_start=datetime.date(today.year - 1, 1, 1),
        planned_end=datetime.date(today.year + 1, 12, 31),
    )
    MilestoneFactory(project=project)
    BudgetLineFactory(project=project, year=today.year)
    with pytest.raises(MoveRefused) as refused:
        project_move(
            project=project,
            to_stage=Stage.IMPLEMENTATION,
            by=office_staff,
            on=datetime.date(today.year - 1, 6, 1),
        )
    assert str(today.year - 1) in str(refused.value)
