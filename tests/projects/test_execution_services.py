import datetime

import pytest
from django.core.exceptions import ValidationError

from core.versioning import StaleObjectError
from projects.models import AnnualPlanItem, Milestone, PlanAmendment, Problem
from projects.models.execution import MilestoneStatus, PlanStatus, ProblemStatus
from projects.models.portfolio import Ease, Urgency
from projects.services.execution import (
    milestone_create,
    milestone_update,
    plan_apply_suggested_order,
    plan_create,
    plan_item_save,
    plan_publish,
    problem_create,
    problem_update,
)
from tests.projects.factories import (
    AnnualPlanFactory,
    AnnualPlanItemFactory,
    MilestoneFactory,
    ProjectFactory,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "fields, field",
    [
        ({"actual_date": datetime.date(2013, 12, 31), "status": MilestoneStatus.DONE}, "actual_date"),
        ({"status": MilestoneStatus.WAIVED, "waived_reason": "  "}, "waived_reason"),
        ({"status": MilestoneStatus.DONE}, "actual_date"),
    ],
)
def test_bad_milestones_are_refused_with_a_field_message(project, office_staff, fields, field):
    with pytest.raises(ValidationError) as error:
        milestone_create(
            project=project, by=office_staff, title="上线", planned_date=datetime.date(2015, 1, 1), **fields
        )
    assert field in error.value.message_dict
    assert not Milestone.objects.exists()


def test_a_refused_milestone_update_leaves_the_record_and_version_alone(project, office_staff):
    milestone = MilestoneFactory(project=project)
    with pytest.raises(ValidationError):
        milestone_update(
            milestone=milestone, by=office_staff, expected_version=1, status=MilestoneStatus.DONE
        )
    milestone.refresh_from_db()
    assert (milestone.status, milestone.version) == (MilestoneStatus.PLANNED, 1)


def test_stale_milestone_update_is_refused(project, office_staff):
    milestone = MilestoneFactory(project=project)
    milestone_update(milestone=milestone, by=office_staff, expected_version=1, title="第一次")
    stale = Milestone.objects.get(pk=milestone.pk)
    stale.version = 1
    with pytest.raises(StaleObjectError):
        milestone_update(milestone=stale, by=office_staff, expected_version=1, title="第二次")
    assert Milestone.objects.get(pk=milestone.pk).title == "第一次"


def test_problem_with_a_past_due_date_is_accepted_and_overdue(project, office_staff):
    problem = problem_create(
        project=project, by=office_staff, title="接口不通", due_date=datetime.date(2015, 1, 1)
    )
    assert problem.is_overdue
    assert problem.raised_by == office_staff


def test_resolving_a_problem_needs_a_resolution_and_stamps_the_time(project, office_staff):
    problem = problem_create(project=project, by=office_staff, title="接口不通")
    with pytest.raises(ValidationError) as error:
        problem_update(problem=problem, by=office_staff, expected_version=1, status=ProblemStatus.RESOLVED)
    assert "resolution" in error.value.message_dict
    problem = Problem.objects.get(pk=problem.pk)
    problem_update(
        problem=problem,
        by=office_staff,
        expected_version=1,
        status=ProblemStatus.RESOLVED,
        resolution="已打通",
    )
    assert problem.resolved_at is not None
    problem_update(problem=problem, by=office_staff, expected_version=2, status=ProblemStatus.OPEN)
    assert problem.resolved_at is None


def test_a_draft_plan_changes_freely_then_publishes(office_staff):
    plan = plan_create(year=2015, title="2015年度实施计划")
    plan_item_save(plan=plan, by=office_staff, project=ProjectFactory(), goals="上线", is_key=True, rank=1)
    assert not PlanAmendment.objects.exists()
    plan_publish(plan=plan, by=office_staff)
    assert (plan.status, plan.published_by) == (PlanStatus.PUBLISHED, office_staff)
    with pytest.raises(ValidationError):
        plan_publish(plan=plan, by=office_staff)


def test_an_empty_plan_cannot_be_published(office_staff):
    plan = AnnualPlanFactory()
    with pytest.raises(ValidationError):
        plan_publish(plan=plan, by=office_staff)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT


def test_a_published_plan_changes_only_with_a_reason_recorded_as_an_amendment(office_staff):
    item = AnnualPlanItemFactory(rank=3)
    plan = item.plan
    plan_publish(plan=plan, by=office_staff)
    with pytest.raises(ValidationError) as error:
        plan_item_save(plan=plan, by=office_staff, item=item, rank=1)
    assert "reason" in error.value.message_dict
    assert AnnualPlanItem.objects.get(pk=item.pk).rank == 3
    plan_item_save(plan=plan, by=office_staff, item=item, reason="市政府调整重点", rank=1, is_key=True)
    amendment = PlanAmendment.objects.get()
    assert amendment.reason == "市政府调整重点"
    assert amendment.by == office_staff
    for field in ("rank", "is_key"):
        assert str(AnnualPlanItem._meta.get_field(field).verbose_name) in amendment.summary
    plan_item_save(
        plan=plan, by=office_staff, reason="新增项目", project=ProjectFactory(), goals="启动", rank=9
    )
    assert plan.amendments.count() == 2


def test_suggested_order_ranks_a_draft_and_refuses_a_published_plan(office_staff):
    plan = AnnualPlanFactory()
    hard = AnnualPlanItemFactory(plan=plan, project__ease=Ease.HARD, project__urgency=Urgency.DEFERRABLE)
    easy = AnnualPlanItemFactory(plan=plan, project__ease=Ease.EASY, project__urgency=Urgency.URGENT)
    plan_apply_suggested_order(plan=plan)
    easy.refresh_from_db()
    hard.refresh_from_db()
    assert (easy.rank, hard.rank) == (1, 2)
    plan_publish(plan=plan, by=office_staff)
    with pytest.raises(ValidationError):
        plan_apply_suggested_order(plan=plan)
