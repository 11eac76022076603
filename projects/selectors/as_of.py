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

from django.db.models import (
    Case,
    Count,
    DecimalField,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    When,
)
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from core.money import MONEY_DECIMAL_PLACES, MONEY_MAX_DIGITS, ZERO

from ..models import BudgetAdjustment, BudgetLine, Milestone, Problem, SpendingRecord, StageTransition
from ..models.budget import AdjustmentStatus
from ..models.execution import MilestoneStatus
from .budget import NO_BUDGET, BudgetFigures
from .execution import milestone_figure


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
    """``with_progress`` as of a day: done_weight, counted_weight and overdue_milestones, each a
    correlated subquery like ``with_progress``'s (a list of 60 computes 60 rows' figures)."""
    return projects.annotate(
        done_weight=milestone_figure(Sum("weight", filter=done_by(as_of))),
        counted_weight=milestone_figure(Sum("weight", filter=counting())),
        overdue_milestones=milestone_figure(
            Count("pk", filter=counting() & Q(planned_date__lt=as_of) & ~done_by(as_of))
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

MONEY = DecimalField(max_digits=MONEY_MAX_DIGITS, decimal_places=MONEY_DECIMAL_PLACES)


def _money(expression) -> Coalesce:
    return Coalesce(expression, ZERO, output_field=MONEY)


def _line_sum(queryset: QuerySet, amount) -> Subquery:
    """A per-line total of ``queryset`` (rows with a ``line``), as a subquery correlated to the line."""
    return Subquery(
        queryset.filter(line=OuterRef("pk"))
        .order_by()
        .values("line")
        .annotate(total=Sum(amount))
        .values("total"),
        output_field=MONEY,
    )


def _figures_of_a_line(as_of: datetime.date) -> dict:
    """Each budget line's figures at the end of ``as_of``, as SQL expressions on the line:

    - approved: today's approved amount less the approved adjustments decided after the day;
    - allocated: from the line's recorded versions, the last one whose arrival date (``allocated_on``)
      is on or before the day (a version without an arrival date counts as arrived, its day unknown;
      none arrived: nothing); a line without any version: its ``allocated`` when it arrived by then;
    - spent: the spending records dated on or before the day.
    """
    undone = _line_sum(
        BudgetAdjustment.objects.filter(status=AdjustmentStatus.APPROVED, decided_at__gte=end_of_day(as_of)),
        F("new_amount") - F("old_amount"),
    )
    arrived = Q(allocated_on__isnull=True) | Q(allocated_on__lte=as_of)
    last_arrived_version = Subquery(
        BudgetLine.history.filter(arrived, id=OuterRef("pk"))
        .order_by("-history_date", "-history_id")
        .values("allocated")[:1],
        output_field=MONEY,
    )
    return {
        "approved": Greatest(F("approved") - _money(undone), ZERO, output_field=MONEY),
        "allocated": Case(
            When(pk__in=BudgetLine.history.values("id"), then=_money(last_arrived_version)),
            When(arrived, then=F("allocated")),
            default=ZERO,
            output_field=MONEY,
        ),
        "spent": _money(_line_sum(SpendingRecord.objects.filter(spent_on__lte=as_of), "amount")),
    }


def budget_breakdown_as_of(*, lines: QuerySet, as_of: datetime.date, by: str | None = None) -> dict:
    """Figures of the budget lines at the end of ``as_of``, added up in the database per value of
    ``by`` (a field of the line, e.g. "source" or "project"): {value: figures}, one query whatever
    the number of lines. Without ``by``, {None: the total} (empty without any line)."""
    keys = ([by] if by else []) + ["source__is_fiscal"]
    figures = {f"then_{name}": _money(Sum(line)) for name, line in _figures_of_a_line(as_of).items()}
    parts: dict = {}
    for row in lines.order_by().values(*keys).annotate(**figures):
        approved = row["then_approved"]
        fiscal = approved if row["source__is_fiscal"] else ZERO
        parts.setdefault(row[by] if by else None, []).append(
            BudgetFigures(
                approved=approved,
                allocated=row["then_allocated"],
                spent=row["then_spent"],
                fiscal=fiscal,
                non_fiscal=approved - fiscal,
            )
        )
    return {key: add_figures(items) for key, items in parts.items()}


def budget_figures_as_of(*, lines: QuerySet, as_of: datetime.date) -> BudgetFigures:
    """The total of the budget lines at the end of ``as_of`` (one query)."""
    return budget_breakdown_as_of(lines=lines, as_of=as_of).get(None, NO_BUDGET)


def add_figures(figures: list[BudgetFigures]) -> BudgetFigures:
    return BudgetFigures(
        approved=sum((f.approved for f in figures), ZERO),
        allocated=sum((f.allocated for f in figures), ZERO),
        spent=sum((f.spent for f in figures), ZERO),
        fiscal=sum((f.fiscal for f in figures), ZERO),
        non_fiscal=sum((f.non_fiscal for f in figures), ZERO),
    )


def adjustments_pending_as_of(*, as_of: datetime.date) -> QuerySet:
    """Budget adjustments asked for by the end of ``as_of`` and not decided by then."""
    cutoff = end_of_day(as_of)
    return BudgetAdjustment.objects.filter(requested_at__lt=cutoff).exclude(decided_at__lt=cutoff)
