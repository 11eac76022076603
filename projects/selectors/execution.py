"""Progress of projects from their milestones, computed in the database.

Progress = weight of done milestones ÷ weight of milestones that count; waived milestones do
not count. A project with no counting milestone has no progress (None, shown as "—")."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import (
    Case,
    Count,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from core.money import ratio

from ..models import AnnualPlan, Milestone, Problem, Project, ReviewCondition
from ..models.execution import OPEN_PROBLEM_STATUSES, SERIOUS_SEVERITIES, MilestoneStatus, Severity
from ..models.portfolio import Ease, Urgency


def milestone_figure(aggregate) -> Coalesce:
    """One per-project figure of its milestones, as a correlated subquery: no join and no GROUP BY
    on the outer query, so a page of 25 rows computes 25 rows' figures, not the whole portfolio's."""
    figure = (
        Milestone.objects.filter(project=OuterRef("pk"))
        .order_by()
        .values("project")
        .annotate(figure=aggregate)
        .values("figure")
    )
    return Coalesce(Subquery(figure, output_field=IntegerField()), 0, output_field=IntegerField())


def with_progress(projects: QuerySet, *, today=None) -> QuerySet:
    """Annotate done_weight, counted_weight and overdue_milestones on a project queryset."""
    today = today or timezone.localdate()
    return projects.annotate(
        done_weight=milestone_figure(Sum("weight", filter=Q(status=MilestoneStatus.DONE))),
        counted_weight=milestone_figure(Sum("weight", filter=~Q(status=MilestoneStatus.WAIVED))),
        overdue_milestones=milestone_figure(
            Count(
                "pk",
                filter=Q(planned_date__lt=today)
                & ~Q(status__in=[MilestoneStatus.DONE, MilestoneStatus.WAIVED]),
            )
        ),
    )


def progress_ratio(done_weight: int, counted_weight: int) -> Decimal | None:
    """Progress from the two weights ``with_progress`` annotates."""
    return ratio(done_weight, counted_weight)


def progress_of(project) -> Decimal | None:
    """Progress of a project annotated by ``with_progress``."""
    return progress_ratio(project.done_weight, project.counted_weight)


# Schedule variance, in days, of one milestone against its planned date (positive = late):
# done → actual − planned; open and past its planned date → today − planned (it keeps growing
# until done); open and not yet due → 0 (on schedule so far); waived → not counted.
def milestone_variance_days(milestone: Milestone, *, today: datetime.date | None = None) -> int | None:
    today = today or timezone.localdate()
    if milestone.status == MilestoneStatus.WAIVED:
        return None
    if milestone.status == MilestoneStatus.DONE:
        return (milestone.actual_date - milestone.planned_date).days
    return max((today - milestone.planned_date).days, 0)


def schedule_variance_days(
    milestones: Iterable[Milestone], *, today: datetime.date | None = None
) -> int | None:
    """A project's variance is that of its most delayed counting milestone; None when no
    milestone counts (none at all, or all waived)."""
    variances = [
        variance
        for milestone in milestones
        if (variance := milestone_variance_days(milestone, today=today)) is not None
    ]
    return max(variances) if variances else None


EASE_ORDER = {Ease.EASY: 0, Ease.MEDIUM: 1, Ease.HARD: 2}
URGENCY_ORDER = {Urgency.URGENT: 0, Urgency.NORMAL: 1, Urgency.DEFERRABLE: 2}


def suggested_rank_key(project: Project) -> tuple:
    """Easy-first, urgent-first (先易后难、急用先行): ease and urgency count equally; on a tie
    the more urgent goes first, then the code."""
    ease, urgency = EASE_ORDER[project.ease], URGENCY_ORDER[project.urgency]
    return (ease + urgency, urgency, project.code)


@dataclass(frozen=True)
class ExecutionSummary:
    progress: Decimal | None
    variance_days: int | None
    overdue_milestones: int
    milestones: list[Milestone]
    problems: list[Problem]


def suggested_order(items) -> list:
    """Plan items in the suggested order (easy first, urgent first); the rank is the position + 1."""
    return sorted(items, key=lambda item: suggested_rank_key(item.project))


def project_execution(*, project: Project, today: datetime.date | None = None) -> ExecutionSummary:
    """Milestones, problems, progress and variance of one project (three queries)."""
    today = today or timezone.localdate()
    annotated = with_progress(Project.objects.filter(pk=project.pk), today=today).get()
    milestones = list(project.milestones.select_related("owner"))
    open_first = Case(When(status__in=OPEN_PROBLEM_STATUSES, then=0), default=1, output_field=IntegerField())
    problems = list(
        project.problems.select_related("owner", "raised_by").order_by(
            open_first, F("due_date").asc(nulls_last=True), "pk"
        )
    )
    return ExecutionSummary(
        progress=progress_of(annotated),
        variance_days=schedule_variance_days(milestones, today=today),
        overdue_milestones=annotated.overdue_milestones,
        milestones=milestones,
        problems=problems,
    )


@dataclass(frozen=True)
class KeyProjectRow:
    project: Project
    progress: Decimal | None
    variance_days: int | None


def key_projects_of_year(*, year: int, user, today: datetime.date | None = None) -> list[KeyProjectRow]:
    """Key projects of a year: those flagged key in the year's plan, or — without a plan — the
    projects flagged key overall that run during the year. Two queries whatever their number."""
    today = today or timezone.localdate()
    visible = Project.objects.visible_to(user)
    plan = AnnualPlan.objects.filter(year=year).first()
    if plan is not None:
        projects = visible.filter(plan_items__plan=plan, plan_items__is_key=True)
    else:
        projects = (
            visible.filter(is_key=True)
            .exclude(planned_start__year__gt=year)
            .exclude(planned_end__year__lt=year)
        )
    projects = with_progress(projects.with_list_relations(), today=today).prefetch_related(
        Prefetch("milestones", queryset=Milestone.objects.order_by("planned_date", "pk"))
    )
    return [
        KeyProjectRow(
            project=project,
            progress=progress_of(project),
            variance_days=schedule_variance_days(project.milestones.all(), today=today),
        )
        for project in projects.order_by("code")
    ]


def attention_problems(*, projects: QuerySet, today: datetime.date | None = None) -> QuerySet:
    """Open problems of ``projects`` that are overdue or high/critical (需关注的问题), most severe
    and oldest due first: the box above the portfolio list and the page behind its link."""
    today = today or timezone.localdate()
    severity_rank = Case(
        When(severity=Severity.CRITICAL, then=0),
        When(severity=Severity.HIGH, then=1),
        default=2,
        output_field=IntegerField(),
    )
    return (
        Problem.objects.open()
        .filter(Q(severity__in=SERIOUS_SEVERITIES) | Q(due_date__lt=today), project__in=projects)
        .select_related("project", "owner")
        .order_by(severity_rank, F("due_date").asc(nulls_last=True), "pk")
    )


def overdue_conditions(*, projects: QuerySet, today: datetime.date | None = None) -> QuerySet:
    """Approval conditions neither met nor waived and past their due date: shown with the
    overdue problems."""
    today = today or timezone.localdate()
    return (
        ReviewCondition.objects.filter(
            is_met=False, is_waived=False, due_date__lt=today, review__project__in=projects
        )
        .select_related("review__project", "owner")
        .order_by("due_date", "pk")
    )
