"""The seam between the reports and the assessment data of ``evaluations``: every report section
about grades and assessment cycles reads through these two functions."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import QuerySet, Sum
from django.utils.translation import gettext as _

from evaluations import selectors as evaluation_selectors
from evaluations.models import AssessmentCycle, Indicator, ReviewRound

# An indicator whose average falls below this share of its points gets a recommendation.
WEAK_INDICATOR_SHARE = Decimal("0.8")


def latest_grades(*, projects: QuerySet) -> dict:
    """{project id: object with .total and .grade} of the latest accepted assessments."""
    return evaluation_selectors.latest_grades(projects=projects)


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
    """The facts of one assessment cycle after the Ministry of Finance outline, or None if it is gone."""
    cycle = AssessmentCycle.objects.select_related("template").filter(pk=cycle_id).first()
    if cycle is None:
        return None
    assessments = list(
        cycle.assessments.select_related("project__lead_department", "agency").order_by("project__code")
    )
    first_levels, ranking = evaluation_selectors.cycle_ranking(cycle=cycle)
    points = dict(
        Indicator.objects.filter(template=cycle.template, is_leaf=True)
        .values_list("first_level_id")
        .annotate(total=Sum("points"))
    )
    indicators = []
    for index, level in enumerate(first_levels):
        scores = [row.by_first_level[index] for row in ranking if row.by_first_level[index] is not None]
        average = (sum(scores) / len(scores)).quantize(Decimal("0.01")) if scores else None
        indicators.append(
            IndicatorResult(name=level.name, points=points.get(level.pk, Decimal("0")), average=average)
        )
    returned = (
        ReviewRound.objects.filter(assessment__cycle=cycle)
        .exclude(reason="")
        .select_related("assessment__project")
    )
    return CycleOutline(
        title=cycle.name,
        year=cycle.year,
        agencies=sorted({a.scorer_name for a in assessments}),
        starts_on=cycle.created_at,
        ends_on=max((a.due_on for a in assessments), default=None),
        method=_(
            "Professional third-party agencies scored each project against the indicator template "
            "%(template)s; the office accepted or returned every submission. Grades: at least 90 excellent, "
            "80 to under 90 good, 60 to under 80 fair, under 60 poor."
        )
        % {"template": cycle.template},
        projects=[
            GradedProject(
                project=a.project, total=a.total, grade=a.get_grade_display() or a.get_status_display()
            )
            for a in assessments
        ],
        indicators=indicators,
        problems=[f"{r.assessment.project.name}：{r.reason}" for r in returned],
        recommendations=[
            _("Strengthen %(indicator)s: the average score is %(average)s of %(points)s points.")
            % {"indicator": item.name, "average": item.average, "points": item.points}
            for item in indicators
            if item.average is not None and item.points and item.average < item.points * WEAK_INDICATOR_SHARE
        ],
    )
