"""The demo portfolio is alive on any as-of day: built for three days a year apart, every
project's stage, budget, spending, milestones and history agree with each other and lie in the
past; the current month's report has figures."""

import datetime
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db.models import Max, Min, Sum
from django.utils import timezone

from evaluations.models import Assessment, AssessmentCycle
from projects.models import BudgetLine, Milestone, Problem, Project, SpendingRecord, Stage, StageTransition
from projects.rules import PRE_APPROVAL_STAGES, approval_date
from reports.models import Delivery, ReportKind, ReportRun, RunStatus
from reports.periods import current_month
from reports.selectors import monthly_report_context

AS_OF_DAYS = [datetime.date(2024, 12, 2), datetime.date(2025, 12, 2), datetime.date(2026, 12, 2)]
LATER_STAGES = (Stage.IMPLEMENTATION, Stage.ACCEPTANCE, Stage.OPERATION)


def _check_project(project: Project, as_of: datetime.date) -> None:
    moves = list(project.transitions.order_by("at", "pk"))
    for earlier, later in zip(moves, moves[1:], strict=False):
        assert earlier.at <= later.at
        assert earlier.to_stage == later.from_stage
    for move in moves:
        assert timezone.localdate(move.at) <= as_of
    if moves:
        assert moves[-1].to_stage == project.stage
    assert timezone.localdate(project.created_at) <= as_of
    lines = BudgetLine.objects.filter(project=project)
    spending = SpendingRecord.objects.filter(line__project=project)
    milestones = Milestone.objects.filter(project=project)
    approved_on = approval_date(project)
    if project.stage in PRE_APPROVAL_STAGES:
        assert not lines.filter(approved__gt=0).exists(), project.code
        assert not spending.exists(), project.code
        assert not milestones.filter(status="done").exists(), project.code
        return
    assert approved_on is not None and approved_on <= as_of
    for line in lines:
        assert line.spent <= line.allocated <= line.approved
        first = line.history.aggregate(first=Min("history_date"))["first"]
        assert timezone.localdate(first) >= approved_on, (project.code, line.year)
    dates = spending.aggregate(first=Min("spent_on"), last=Max("spent_on"))
    if dates["first"]:
        assert approved_on <= dates["first"] and dates["last"] <= as_of
        for record in spending.select_related("line"):
            assert record.spent_on.year == record.line.year
    for milestone in milestones.filter(status="done"):
        assert approved_on <= milestone.actual_date <= as_of, (project.code, milestone.title)
    # Overdue by days or weeks, not years.
    for milestone in milestones.overdue(today=as_of):
        assert (as_of - milestone.planned_date).days <= 60, (project.code, milestone.title)
    if project.stage in LATER_STAGES or project.stage_before_suspension in LATER_STAGES:
        start = StageTransition.objects.get(project=project, to_stage=Stage.IMPLEMENTATION)
        assert lines.filter(year=timezone.localdate(start.at).year, approved__gt=0).exists()
    if project.stage in (Stage.ACCEPTANCE, Stage.OPERATION):
        assert not milestones.filter(stage__in=[Stage.APPROVED, Stage.IMPLEMENTATION]).open().exists()


@pytest.mark.parametrize("as_of", AS_OF_DAYS, ids=str)
def test_demo_portfolio_is_consistent_on_every_project(db, settings, tmp_path, as_of):
    settings.MEDIA_ROOT = tmp_path
    call_command("seed_demo", as_of=as_of, stdout=open("/dev/null", "w"))  # noqa: SIM115
    projects = list(Project.objects.filter(code__regex=r"^P\d\d$"))
    assert len(projects) == 15
    for project in projects:
        _check_project(project, as_of)
    stages = {p.stage for p in projects}
    assert {Stage.PROPOSAL, Stage.APPROVAL_REVIEW, Stage.IMPLEMENTATION, Stage.SUSPENDED} <= stages
    assert sum(p.stage == Stage.IMPLEMENTATION for p in projects) >= 5
    # Open problems raised recently; some overdue, by days or weeks.
    for problem in Problem.objects.all():
        assert timezone.localdate(problem.raised_at) <= as_of
    assert Problem.objects.overdue(today=as_of).exists()
    assert (
        Milestone.objects.filter(planned_date__range=(as_of, as_of + datetime.timedelta(days=30)))
        .open()
        .exists()
    )
    # Execution rates differ between projects.
    rates = {
        row["project"]: row["s"] / row["a"]
        for row in BudgetLine.objects.filter(year=as_of.year, approved__gt=0)
        .values("project")
        .annotate(s=Sum("spent"), a=Sum("approved"))
        if row["s"]
    }
    assert len({round(rate, 2) for rate in rates.values()}) >= 4
    # Last year's cycle closed with grades spread; the current one in progress with one returned.
    last = AssessmentCycle.objects.get(year=as_of.year - 1)
    assert last.is_closed
    assert len(set(last.assessments.values_list("grade", flat=True))) >= 3
    current = AssessmentCycle.objects.get(year=as_of.year)
    assert not current.is_closed
    assert Assessment.objects.filter(cycle=current, status="returned").count() == 1
    # The archive holds the monthly reports the schedule would have built, mailed.
    runs = ReportRun.objects.filter(kind=ReportKind.MONTHLY, is_scheduled=True, status=RunStatus.DONE)
    assert runs.count() == 3
    assert Delivery.objects.filter(run__in=runs, status="sent").exists()
    # The current month's report has figures.
    report = monthly_report_context(period=current_month(as_of), today=as_of)
    assert report["budget"]["total"].approved > Decimal("0")
    assert report["budget"]["total"].spent > Decimal("0")
    assert report["headline"]["active"] > 0


def test_same_day_gives_the_same_demo_and_a_second_run_changes_nothing(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    as_of = datetime.date(2026, 6, 30)

    def snapshot():
        return (
            list(
                Project.objects.order_by("code").values_list(
                    "code", "stage", "planned_start", "estimated_budget"
                )
            ),
            list(
                BudgetLine.objects.order_by("project__code", "year", "source__code").values_list(
                    "approved", "allocated", "spent"
                )
            ),
            list(
                Milestone.objects.order_by("project__code", "title").values_list(
                    "status", "planned_date", "actual_date"
                )
            ),
            StageTransition.objects.count(),
        )

    call_command("seed_demo", as_of=as_of, stdout=open("/dev/null", "w"))  # noqa: SIM115
    first = snapshot()
    call_command("seed_demo", as_of=as_of, stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert snapshot() == first
