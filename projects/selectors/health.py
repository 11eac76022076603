"""The inputs of the health rule (``projects.health``), read from the database: shared by the
dashboard's health table and the status report's pre-filled ratings, so both see the same."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, QuerySet

from ..health import HealthInputs, time_elapsed
from ..models import BudgetLine, Problem, Project
from .budget import budget_breakdown
from .execution import progress_ratio, with_progress


@dataclass(frozen=True)
class ProjectRef:
    """What a list shows of a project, as plain values: cheap to read for the whole portfolio, and
    what the dashboard keeps in its cache (a tenth of the size of model instances to store and to
    read back on every request)."""

    pk: int
    code: str
    name: str
    lead_department: str = ""

    @classmethod
    def of(cls, project: Project) -> "ProjectRef":
        return cls(project.pk, project.code, project.name)


def health_inputs(
    *, projects: QuerySet[Project], year: int, today: datetime.date
) -> list[tuple[ProjectRef, HealthInputs]]:
    """(project, inputs) for each project, by code, in three queries whatever their number. The
    projects are read as plain values: at 10,000 projects, model instances cost a second."""
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
    rows = (
        with_progress(projects, today=today)
        .order_by("code")
        .values(
            "pk",
            "code",
            "name",
            "lead_department__name",
            "planned_start",
            "planned_end",
            "done_weight",
            "counted_weight",
            "overdue_milestones",
        )
    )
    return [
        (
            ProjectRef(row["pk"], row["code"], row["name"], row["lead_department__name"] or ""),
            HealthInputs(
                overdue_milestones=row["overdue_milestones"],
                overdue_serious_problems=serious_overdue.get(row["pk"], 0),
                progress=progress_ratio(row["done_weight"], row["counted_weight"]),
                time_elapsed=time_elapsed(start=row["planned_start"], end=row["planned_end"], today=today),
                execution_rate=execution_rates.get(row["pk"]),
                year_elapsed=year_elapsed,
            ),
        )
        for row in rows
    ]
