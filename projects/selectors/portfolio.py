import datetime
from collections.abc import Callable

from django.db.models import (
    Count,
    DecimalField,
    FloatField,
    IntegerField,
    OuterRef,
    QuerySet,
    Subquery,
    Sum,
)
from django.db.models.functions import Cast, Coalesce, NullIf
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from core.money import MONEY_DECIMAL_PLACES, MONEY_MAX_DIGITS, ZERO, format_percent, format_wan

from ..health import HealthInputs, health_of, time_elapsed
from ..models import BudgetLine, Milestone, Problem, Project, ProjectGroup, Stage
from .budget import BudgetFigures
from .execution import progress_of, with_progress

MONEY = DecimalField(max_digits=MONEY_MAX_DIGITS, decimal_places=MONEY_DECIMAL_PLACES)


# Figures that apps above this one add to each row of the portfolio list (the evaluations app adds
# the latest grade): name → function(project ids) → {project id: value}, one query per name.
_ROW_FIGURES: dict[str, Callable[[list[int]], dict]] = {}


def register_row_figure(name: str, figures: Callable[[list[int]], dict]) -> None:
    _ROW_FIGURES[name] = figures


def registered_row_figures(project_ids: list[int]) -> dict[str, dict]:
    return {name: figures(project_ids) for name, figures in _ROW_FIGURES.items()}


def stage_counts(*, projects) -> list[dict]:
    """How many projects sit in each stage, in lifecycle order, zeros included."""
    counts = dict(projects.order_by().values_list("stage").annotate(n=Count("pk")))
    return [{"stage": stage, "label": stage.label, "count": counts.get(stage.value, 0)} for stage in Stage]


def project_list(*, user):
    return Project.objects.visible_to(user).with_list_relations()


def group_counts(*, projects) -> list[dict]:
    """Projects per group, in the article's group order, zeros included."""
    counts = dict(projects.order_by().values_list("group").annotate(n=Count("pk")))
    return [{"group": group, "count": counts.get(group.pk, 0)} for group in ProjectGroup.objects.all()]


# Health is watched from approval until acceptance is done (as on the dashboard).
HEALTH_STAGES = (Stage.APPROVED, Stage.IMPLEMENTATION, Stage.ACCEPTANCE)
# Columns of the portfolio list a person may hide (code, name and stage always show).
OPTIONAL_COLUMNS = (
    "group",
    "department",
    "period",
    "progress",
    "budget",
    "health",
    "next_milestone",
    "grade",
)


def _year_sum(field: str, year: int):
    lines = (
        BudgetLine.objects.filter(project=OuterRef("pk"), year=year)
        .order_by()
        .values("project")
        .annotate(total=Sum(field))
        .values("total")
    )
    return Coalesce(Subquery(lines, output_field=MONEY), ZERO, output_field=MONEY)


def with_list_figures(projects: QuerySet, *, today: datetime.date) -> QuerySet:
    """The figures of the portfolio list, in the same one query as the list (constant in N):
    progress, this year's approved / arrived / spent, the next open milestone and the count of
    high or critical problems past due."""
    upcoming = Milestone.objects.filter(project=OuterRef("pk")).open().order_by("planned_date", "pk")
    overdue_serious = (
        Problem.objects.overdue(today)
        .serious()
        .filter(project=OuterRef("pk"))
        .order_by()
        .values("project")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        with_progress(projects, today=today)
        .annotate(
            year_approved=_year_sum("approved", today.year),
            year_allocated=_year_sum("allocated", today.year),
            year_spent=_year_sum("spent", today.year),
            next_milestone_title=Subquery(upcoming.values("title")[:1]),
            next_milestone_date=Subquery(upcoming.values("planned_date")[:1]),
            overdue_serious=Coalesce(Subquery(overdue_serious, output_field=IntegerField()), 0),
        )
        # Sort keys only (the page shows the Decimal figures): floats, since SQLite divides
        # whole-number decimals as integers.
        .annotate(
            progress_rate=Cast("done_weight", FloatField())
            / NullIf(Cast("counted_weight", FloatField()), 0.0),
            year_rate=Cast("year_spent", FloatField()) / NullIf(Cast("year_approved", FloatField()), 0.0),
        )
        .order_by("code")
    )


def list_row_figures(project, *, today: datetime.date) -> dict:
    """Per-row figures of a project annotated by ``with_list_figures``: no query."""
    progress = progress_of(project)
    figures = BudgetFigures(
        approved=project.year_approved,
        allocated=project.year_allocated,
        spent=project.year_spent,
        fiscal=ZERO,
        non_fiscal=ZERO,
    )
    health, reasons = None, []
    if project.stage in HEALTH_STAGES:
        health, reasons = health_of(
            HealthInputs(
                overdue_milestones=project.overdue_milestones,
                overdue_serious_problems=project.overdue_serious,
                progress=progress,
                time_elapsed=time_elapsed(start=project.planned_start, end=project.planned_end, today=today),
                execution_rate=figures.execution_rate,
                year_elapsed=time_elapsed(
                    start=datetime.date(today.year, 1, 1), end=datetime.date(today.year, 12, 31), today=today
                ),
            )
        )
    return {"progress": progress, "budget": figures, "health": health, "reasons": reasons}


def _month(day: datetime.date | None) -> str:
    return date_format(day, "YEAR_MONTH_FORMAT") if day else "—"


def _origin_label(origin: str) -> str:
    return _("Demo") if origin == "demo" else (_("Generated") if origin == "generated" else "")


def list_rows(projects, *, today: datetime.date) -> list[dict]:
    """The rows of the portfolio list, every value ready to show (text, URL, CSS class), in one pass
    over projects annotated by ``with_list_figures``: the template only places them. No query but
    the registered figures' (one each, whatever the number of rows)."""
    projects = list(projects)
    added = registered_row_figures([project.pk for project in projects])
    english = get_language() == "en"
    rows = []
    for project in projects:
        figures = list_row_figures(project, today=today)
        budget, health = figures["budget"], figures["health"]
        next_date = project.next_milestone_date
        row = {
            "project": project,
            "url": reverse("projects:detail", args=[project.pk]),
            "origin": _origin_label(project.origin),
            "name_en": project.name_en if english else "",
            "department": (project.lead_department.name if project.lead_department else "") or "—",
            "stage_label": project.get_stage_display(),
            "period": f"{_month(project.planned_start)} ~ {_month(project.planned_end)}",
            "progress": format_percent(figures["progress"]),
            "approved": format_wan(budget.approved) if budget.approved else "—",
            "execution_rate": format_percent(budget.execution_rate),
            "budget_execution_rate": format_percent(budget.budget_execution_rate),
            "health": health.value if health else "",
            "health_label": health.label if health else "",
            "reasons": "；".join(str(reason) for reason in figures["reasons"]),
            "next_milestone_title": project.next_milestone_title,
            "next_milestone_date": next_date.isoformat() if next_date else "",
            "next_milestone_class": "text-danger" if next_date and next_date < today else "text-muted",
        }
        row |= {name: values.get(project.pk) for name, values in added.items()}
        rows.append(row)
    return rows
