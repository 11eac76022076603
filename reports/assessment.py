"""The seam between the reports and the assessment data of ``evaluations``.

Every report section about grades and assessment cycles reads through these two functions.
Where the assessment selectors are not there yet they return None and the section says
plainly that the assessment data is not connected yet."""

import importlib
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import QuerySet


def latest_grades(*, projects: QuerySet) -> dict | None:
    """{project id: object with .total and .grade}, or None while ``evaluations`` has no selectors."""
    try:
        selectors = importlib.import_module("evaluations.selectors")
    except ModuleNotFoundError as exc:
        if exc.name != "evaluations.selectors":
            raise
        return None
    return selectors.latest_grades(projects=projects)


@dataclass(frozen=True)
class GradedProject:
    project: object
    total: Decimal | None
    grade: str


@dataclass(frozen=True)
class IndicatorResult:
    name: str
    points: Decimal
    average: Decimal | None


@dataclass(frozen=True)
class CycleOutline:
    """What the assessment-cycle report needs from one assessment cycle."""

    title: str
    year: int
    agencies: list[str]
    starts_on: object
    ends_on: object
    method: str
    projects: list[GradedProject] = field(default_factory=list)
    indicators: list[IndicatorResult] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    recommendations: list[str] = field(default_factory=list)


def cycle_outline(*, cycle_id: int) -> CycleOutline | None:
    """The facts of one assessment cycle, or None while the cycle models are not on this branch."""
    return None
