"""The inputs of the health rule (``projects.health``), read from the database: shared by the
dashboard's health table and the status report's pre-filled ratings, so both see the same."""

import datetime

from django.db.models import Count, QuerySet

from ..health import HealthInputs, time_elapsed
from ..models import BudgetLine, Problem, Project
from .budget import budget_breakdown
from .execution import progress_of, with_progress


def health_inputs(
    *, projects: QuerySet[Project], year: int, today: datetime.date
) -> list[tuple[Project, HealthInputs]]:
    """(project, inputs) for each project, by code, in three queries whatever their number."""
    execution_rates = {
        keys["project"]: figures.execution_rate
        for keys, figures in budget_breakdown(
            lines=BudgetLine.objects.for_projects(projects).filter(year=year), by="project"
        )
    }
    serious_overdue = dict(
        Problem.objects.overdue(today)
        .serious()
        .filter(project__in=projects)
        .order_by()
        .values_list("project")
        .annotate(n=Count("pk"))
    )
    year_elapsed = time_elapsed(start=datetime.date(year, 1, 1), end=datetime.date(year, 12, 31), today=today)
    return [
        (
            project,
            HealthInputs(
                overdue_milestones=project.overdue_milestones,
                overdue_serious_problems=serious_overdue.get(project.pk, 0),
                progress=progress_of(project),
                time_elapsed=time_elapsed(start=project.planned_start, end=project.planned_end, today=today),
                execution_rate=execution_rates.get(project.pk),
                year_elapsed=year_elapsed,
            ),
        )
        for project in with_progress(projects.with_list_relations(), today=today).order_by("code")
    ]
