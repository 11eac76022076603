"""The portfolio as it was at the end of a day, read from dated facts only.

A report for a past period must not change when someone edits the portfolio later. So every read
here ignores the current status fields wherever a date tells the story:

- stage: the last stage move up to the day (``StageTransition.at``); a project moved only later
  was still in the stage it left first; one never moved is in its current stage;
- milestones: done when its actual date is on or before the day; waived milestones never count
  (neither as due nor in progress), as everywhere else;
- money: approved = today's approved amount less the approved adjustments decided after the day;
  allocated = the allocated amount when it arrived on or before the day (or has no date);
  spent = the spending records dated on or before the day;
- problems: raised on or before the day and not yet resolved or closed by then;
- grades (``latest_grades(accepted_before=end_of_day(day))``): accepted on or before the day.
"""

import datetime
from collections import defaultdict
from decimal import Decimal

from django.db.models import Count, IntegerField, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from core.money import ZERO

from ..models import BudgetAdjustment, BudgetLine, Milestone, Problem, SpendingRecord, StageTransition
from ..models.budget import AdjustmentStatus
from ..models.execution import MilestoneStatus
from .budget import BudgetFigures


def end_of_day(day: datetime.date) -> datetime.datetime:
    """The first instant after ``day`` in the site's time zone: "on or before day" is ``< end_of_day``."""
    return timezone.make_aware(datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time.min))


# ---- stages ----


def stages_as_of(*, projects: QuerySet, as_of: datetime.date) -> dict[int, str]:
    """Project id → its stage at the end of ``as_of`` (two queries whatever the number of projects)."""
    current = dict(projects.order_by().values_list("pk", "stage"))
    stages = {}
    moves = (
        StageTransition.objects.filter(project__in=projects)
        .order_by("project_id", "at", "pk")
        .values_list("project_id", "from_stage", "to_stage", "at")
    )
    cutoff = end_of_day(as_of)
    for project_id, from_stage, to_stage, at in moves:
        if at < cutoff:
            stages[project_id] = to_stage
        else:
            stages.setdefault(project_id, from_stage)
    return {pk: stages.get(pk, stage) for pk, stage in current.items()}


def stage_moves_between(*, projects: QuerySet, first: datetime.date, last: datetime.date) -> QuerySet:
    """The stage moves made from the start of ``first`` to the end of ``last``."""
    return (
        StageTransition.objects.filter(
            project__in=projects,
            at__gte=end_of_day(first - datetime.timedelta(days=1)),
            at__lt=end_of_day(last),
        )
        .select_related("project", "by")
        .order_by("at", "pk")
    )


# ---- milestones ----


def done_by(as_of: datetime.date, prefix: str = "") -> Q:
    return Q(**{f"{prefix}status": MilestoneStatus.DONE, f"{prefix}actual_date__lte": as_of})


def counting(prefix: str = "") -> Q:
    return ~Q(**{f"{prefix}status": MilestoneStatus.WAIVED})


def milestones_overdue_as_of(*, as_of: datetime.date) -> QuerySet:
    """Counting milestones planned before ``as_of`` and not done by then."""
    return Milestone.objects.filter(counting(), planned_date__lt=as_of).exclude(done_by(as_of))


def milestones_due_between(*, first: datetime.date, last: datetime.date) -> QuerySet:
    """Counting milestones planned within the period (waived ones are not due)."""
    return Milestone.objects.filter(counting(), planned_date__range=(first, last))


def with_progress_as_of(projects: QuerySet, *, as_of: datetime.date) -> QuerySet:
    """``with_progress`` as of a day: done_weight, counted_weight and overdue_milestones."""
    return projects.annotate(
        done_weight=Coalesce(
            Sum("milestones__weight", filter=done_by(as_of, "milestones__")), 0, output_field=IntegerField()
        ),
        counted_weight=Coalesce(
            Sum("milestones__weight", filter=counting("milestones__")), 0, output_field=IntegerField()
        ),
        overdue_milestones=Count(
            "milestones",
            filter=counting("milestones__")
            & Q(milestones__planned_date__lt=as_of)
            & ~done_by(as_of, "milestones__"),
        ),
    )


def milestone_done_as_of(milestone: Milestone, as_of: datetime.date) -> bool:
    return (
        milestone.status == MilestoneStatus.DONE
        and milestone.actual_date is not None
        and milestone.actual_date <= as_of
    )


# ---- problems ----


def problems_open_as_of(*, as_of: datetime.date) -> QuerySet:
    """Problems raised by the end of ``as_of`` and not resolved or closed by then. A closed problem
    without a resolution time counts as closed (its date is unknown)."""
    cutoff = end_of_day(as_of)
    closed_by_then = Q(resolved_at__lt=cutoff) | (
        Q(resolved_at__isnull=True) & Q(status__in=["resolved", "closed"])
    )
    return Problem.objects.filter(raised_at__lt=cutoff).exclude(closed_by_then)


# ---- money ----


def line_figures_as_of(*, lines: QuerySet, as_of: datetime.date) -> list[tuple[BudgetLine, BudgetFigures]]:
    """Each budget line with its figures at the end of ``as_of`` (three queries)."""
    rows = list(lines.select_related("source", "project", "project__group"))
    ids = [line.pk for line in rows]
    spent = dict(
        SpendingRecord.objects.filter(line_id__in=ids, spent_on__lte=as_of)
        .order_by()
        .values("line_id")
        .annotate(total=Sum("amount"))
        .values_list("line_id", "total")
    )
    undone = defaultdict(lambda: ZERO)
    later = BudgetAdjustment.objects.filter(
        line_id__in=ids, status=AdjustmentStatus.APPROVED, decided_at__gte=end_of_day(as_of)
    ).values_list("line_id", "old_amount", "new_amount")
    for line_id, old, new in later:
        undone[line_id] += new - old
    allocated = _allocated_as_of(ids, as_of)
    result = []
    for line in rows:
        approved = max(line.approved - undone[line.pk], ZERO)
        if line.pk in allocated:
            arrived = allocated[line.pk]
        else:
            recorded = line.allocated_on is None or line.allocated_on <= as_of
            arrived = line.allocated if recorded else ZERO
        fiscal = approved if line.source.is_fiscal else ZERO
        result.append(
            (
                line,
                BudgetFigures(
                    approved=approved,
                    allocated=arrived,
                    spent=Decimal(spent.get(line.pk) or ZERO),
                    fiscal=fiscal,
                    non_fiscal=approved - fiscal,
                ),
            )
        )
    return result


def _allocated_as_of(line_ids: list[int], as_of: datetime.date) -> dict[int, Decimal]:
    """Line id → the amount that had arrived by ``as_of``, from the line's recorded versions: the
    last version whose arrival date (``allocated_on``) is on or before the day; a version without
    an arrival date counts as arrived (its day is unknown). Lines without any version are left
    out (the caller reads their fields)."""
    versions = (
        BudgetLine.history.filter(id__in=line_ids)
        .order_by("id", "history_date", "history_id")
        .values_list("id", "allocated", "allocated_on")
    )
    result: dict[int, Decimal] = {}
    for line_id, allocated, allocated_on in versions:
        result.setdefault(line_id, ZERO)
        if allocated_on is None or allocated_on <= as_of:
            result[line_id] = allocated
    return result


def add_figures(figures: list[BudgetFigures]) -> BudgetFigures:
    return BudgetFigures(
        approved=sum((f.approved for f in figures), ZERO),
        allocated=sum((f.allocated for f in figures), ZERO),
        spent=sum((f.spent for f in figures), ZERO),
        fiscal=sum((f.fiscal for f in figures), ZERO),
        non_fiscal=sum((f.non_fiscal for f in figures), ZERO),
    )


def budget_figures_as_of(*, lines: QuerySet, as_of: datetime.date) -> BudgetFigures:
    return add_figures([figures for _line, figures in line_figures_as_of(lines=lines, as_of=as_of)])


def group_figures(rows: list[tuple[BudgetLine, BudgetFigures]], key) -> list[tuple[object, BudgetFigures]]:
    """Figures added up per ``key(line)``, in the order the keys first appear."""
    groups: dict = {}
    for line, figures in rows:
        groups.setdefault(key(line), []).append(figures)
    return [(name, add_figures(items)) for name, items in groups.items()]


def adjustments_pending_as_of(*, as_of: datetime.date) -> QuerySet:
    """Budget adjustments asked for by the end of ``as_of`` and not decided by then."""
    cutoff = end_of_day(as_of)
    return BudgetAdjustment.objects.filter(requested_at__lt=cutoff).exclude(decided_at__lt=cutoff)
