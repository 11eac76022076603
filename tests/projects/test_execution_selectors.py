import datetime
from decimal import Decimal

import pytest

from projects.models import Project
from projects.models.execution import MilestoneStatus as S
from projects.models.portfolio import Ease, Urgency
from projects.selectors.execution import (
    key_projects_of_year,
    milestone_variance_days,
    progress_of,
    project_execution,
    schedule_variance_days,
    suggested_rank_key,
    with_progress,
)
from projects.timelines import portfolio_timeline, project_timeline
from tests.projects.factories import AnnualPlanItemFactory, MilestoneFactory, ProjectFactory

TODAY = datetime.date(2015, 7, 1)
pytestmark = pytest.mark.django_db


def _annotated(project):
    return with_progress(Project.objects.filter(pk=project.pk), today=TODAY).get()


def test_no_milestones_means_no_progress_and_no_variance(project):
    summary = project_execution(project=project, today=TODAY)
    assert summary.progress is None
    assert summary.variance_days is None
    assert summary.overdue_milestones == 0


def test_all_waived_means_no_progress_and_no_variance(project):
    MilestoneFactory.create_batch(2, project=project, status=S.WAIVED, waived_reason="不再需要")
    summary = project_execution(project=project, today=TODAY)
    assert summary.progress is None
    assert summary.variance_days is None
    assert summary.overdue_milestones == 0


def test_future_milestones_are_on_schedule_with_zero_progress(project):
    MilestoneFactory(project=project, planned_date=datetime.date(2015, 12, 31))
    MilestoneFactory(project=project, planned_date=datetime.date(2016, 3, 31), status=S.IN_PROGRESS)
    summary = project_execution(project=project, today=TODAY)
    assert summary.progress == Decimal("0")
    assert summary.variance_days == 0
    assert summary.overdue_milestones == 0


def test_weighted_progress_ignores_waived_and_variance_takes_the_worst_delay(project):
    # done 10 days late (weight 1), done 5 days early (weight 2), open and overdue by 31 days
    # (weight 1), waived (weight 4, does not count): progress 3 / 4, variance +31.
    MilestoneFactory(
        project=project,
        planned_date=datetime.date(2015, 3, 1),
        actual_date=datetime.date(2015, 3, 11),
        status=S.DONE,
    )
    MilestoneFactory(
        project=project,
        planned_date=datetime.date(2015, 4, 10),
        actual_date=datetime.date(2015, 4, 5),
        status=S.DONE,
        weight=2,
    )
    MilestoneFactory(project=project, planned_date=datetime.date(2015, 5, 31))
    MilestoneFactory(
        project=project,
        planned_date=datetime.date(2015, 1, 1),
        status=S.WAIVED,
        waived_reason="取消",
        weight=4,
    )
    summary = project_execution(project=project, today=TODAY)
    assert summary.progress == Decimal("0.75")
    assert summary.variance_days == 31
    assert summary.overdue_milestones == 1
    assert progress_of(_annotated(project)) == Decimal("0.75")


def test_variance_of_each_kind_of_milestone(project):
    done_early = MilestoneFactory.build(
        project=project,
        planned_date=datetime.date(2015, 6, 10),
        actual_date=datetime.date(2015, 6, 1),
        status=S.DONE,
    )
    overdue = MilestoneFactory.build(project=project, planned_date=datetime.date(2015, 6, 21))
    due_today = MilestoneFactory.build(project=project, planned_date=TODAY)
    waived = MilestoneFactory.build(project=project, status=S.WAIVED, waived_reason="x")
    assert milestone_variance_days(done_early, today=TODAY) == -9
    assert milestone_variance_days(overdue, today=TODAY) == 10
    assert milestone_variance_days(due_today, today=TODAY) == 0
    assert milestone_variance_days(waived, today=TODAY) is None
    assert schedule_variance_days([done_early], today=TODAY) == -9
    assert schedule_variance_days([done_early, due_today], today=TODAY) == 0
    assert schedule_variance_days([waived], today=TODAY) is None


def test_suggested_order_is_easy_first_urgent_first():
    easy_urgent = Project(code="A", ease=Ease.EASY, urgency=Urgency.URGENT)
    hard_urgent = Project(code="B", ease=Ease.HARD, urgency=Urgency.URGENT)
    easy_deferrable = Project(code="C", ease=Ease.EASY, urgency=Urgency.DEFERRABLE)
    medium_normal = Project(code="D", ease=Ease.MEDIUM, urgency=Urgency.NORMAL)
    ordered = sorted([medium_normal, easy_deferrable, hard_urgent, easy_urgent], key=suggested_rank_key)
    assert [p.code for p in ordered] == ["A", "B", "D", "C"]


def test_project_timeline_draws_one_row_per_milestone(project):
    MilestoneFactory(
        project=project,
        planned_date=datetime.date(2015, 3, 1),
        actual_date=datetime.date(2015, 4, 1),
        status=S.DONE,
    )
    MilestoneFactory(project=project, planned_date=datetime.date(2015, 5, 1))
    summary = project_execution(project=project, today=TODAY)
    timeline = project_timeline(project=project, milestones=summary.milestones, today=TODAY)
    assert [row.marks[0].css for row in timeline.rows] == ["done", "overdue"]
    assert timeline.rows[0].bar_width > 2
    assert timeline.ticks[0].label == "2014年1月"
    assert project_timeline(project=project, milestones=[], today=TODAY) is None


def test_key_projects_come_from_the_plan_of_the_year(office_staff):
    in_plan = AnnualPlanItemFactory(plan__year=2015, is_key=True).project
    AnnualPlanItemFactory(plan=in_plan.plan_items.get().plan, is_key=False)
    ProjectFactory(is_key=True)  # key overall, but the 2015 plan decides
    rows = key_projects_of_year(year=2015, user=office_staff, today=TODAY)
    assert [row.project for row in rows] == [in_plan]
    timeline = portfolio_timeline(year=2015, rows=rows, today=TODAY)
    assert len(timeline.rows) == 1
    assert [tick.label for tick in timeline.ticks][:2] == ["2015年1月", "2月"]


def test_without_a_plan_key_projects_are_those_flagged_key_and_running(office_staff):
    running = ProjectFactory(is_key=True)
    ProjectFactory(
        is_key=True, planned_start=datetime.date(2017, 1, 1), planned_end=datetime.date(2018, 1, 1)
    )
    ProjectFactory(is_key=False)
    assert [row.project for row in key_projects_of_year(year=2015, user=office_staff)] == [running]
