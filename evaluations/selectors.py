"""Reads of assessment results. Other apps call these exact names."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, F, Sum

from .models import Assessment, AssessmentCycle, AssessmentStatus, Grade, Indicator, Score
from .models.status import OPEN_STATUSES
from .scoring import grade_for

# SQLite sums decimals in floating point; scores have two decimals, so rounding to a cent is exact.
CENT = Decimal("0.01")


@dataclass(frozen=True)
class LatestGrade:
    total: Decimal
    grade: str
    grade_label: str
    cycle_name: str
    accepted_at: datetime.datetime


def project_latest_assessment_accepted(*, project) -> bool:
    """The lifecycle gate for closing: the project's most recent assessment has been accepted."""
    latest = (
        Assessment.objects.filter(project=project)
        .order_by("-cycle__year", "-cycle__created_at", "-pk")
        .values_list("status", flat=True)
        .first()
    )
    return latest == AssessmentStatus.ACCEPTED


def latest_grades(*, projects, accepted_before: datetime.datetime | None = None) -> dict[int, LatestGrade]:
    """Project id → its latest accepted total and grade, in one query for any number of projects;
    with ``accepted_before``, only what had been accepted before that instant (a past report)."""
    accepted = Assessment.objects.filter(project__in=projects, status=AssessmentStatus.ACCEPTED)
    if accepted_before is not None:
        accepted = accepted.filter(accepted_at__lt=accepted_before)
    rows = accepted.order_by("project_id", "-accepted_at", "-pk").values_list(
        "project_id", "total", "grade", "cycle__name", "accepted_at"
    )
    labels = dict(Assessment._meta.get_field("grade").choices)
    grades: dict[int, LatestGrade] = {}
    for project_id, total, grade, cycle_name, accepted_at in rows:
        grades.setdefault(project_id, LatestGrade(total, grade, str(labels[grade]), cycle_name, accepted_at))
    return grades


def assessments_due(*, start: datetime.date, end: datetime.date, user=None):
    """Open assignments due between start and end (inclusive); an evaluator sees only their agency's."""
    qs = Assessment.objects.with_relations().filter(status__in=OPEN_STATUSES, due_on__range=(start, end))
    if user is not None:
        qs = qs.visible_to(user)
    return qs.order_by("due_on", "project__code")


def project_results(*, project):
    """Every accepted assessment of a project, newest cycle first."""
    return (
        Assessment.objects.filter(project=project, status=AssessmentStatus.ACCEPTED)
        .select_related("cycle", "agency", "project__lead_department")
        .order_by("-cycle__year", "-accepted_at")
    )


@dataclass(frozen=True)
class RankingRow:
    rank: int
    assessment: Assessment
    by_first_level: list[Decimal | None]


def cycle_ranking(*, cycle: AssessmentCycle) -> tuple[list[Indicator], list[RankingRow]]:
    """Accepted assessments of a cycle by total (highest first), with the score per first-level indicator."""
    first_levels = list(cycle.template.indicators.filter(level=1).order_by("order"))
    accepted = list(
        cycle.assessments.filter(status=AssessmentStatus.ACCEPTED)
        .select_related("project__lead_department", "agency")
        .order_by("-total", "project__code")
    )
    sums = {
        (row["assessment_id"], row["indicator__first_level_id"]): Decimal(row["total"]).quantize(CENT)
        for row in Score.objects.filter(assessment__in=accepted, indicator__is_leaf=True)
        .values("assessment_id", "indicator__first_level_id")
        .annotate(total=Sum("value"))
    }
    rows, rank, previous = [], 0, None
    for position, assessment in enumerate(accepted, start=1):
        if assessment.total != previous:
            rank, previous = position, assessment.total
        rows.append(
            RankingRow(rank, assessment, [sums.get((assessment.pk, level.pk)) for level in first_levels])
        )
    return first_levels, rows


@dataclass(frozen=True)
class ScoreSummary:
    """The running total of an assessment being scored, the grade it would give and the rows
    still empty — from typed rows (``results``) as the evaluator's page shows them."""

    total: Decimal
    grade: str
    grade_label: str
    empty: list[Indicator]
    error_count: int


def score_summary(*, template, results: dict, errors: dict) -> ScoreSummary:
    total = sum((r.value for r in results.values() if r.value is not None), Decimal("0")).quantize(CENT)
    empty = sorted(
        (r.indicator for r in results.values() if r.value is None and r.indicator.points),
        key=lambda i: i.order,
    )
    grade = grade_for(total=total, declared=template.declared_total)
    return ScoreSummary(total, grade, str(Grade(grade).label), empty, len(errors))


@dataclass(frozen=True)
class IndicatorLoss:
    """Points lost on one indicator over accepted assessments (grouped by first-level group and
    name, so that versions of a template and different cycles add up)."""

    group: str
    name: str
    assessments: int
    points: Decimal
    lost: Decimal
    worst: list[tuple[str, Decimal]]  # (project name, points lost), most first

    @property
    def lost_share(self) -> Decimal:
        return (self.lost / self.points * 100).quantize(Decimal("0.1")) if self.points else Decimal("0")


def indicator_losses(*, cycles, limit: int = 10, worst: int = 3) -> list[IndicatorLoss]:
    """The indicators that lose the most points (points − score) in the accepted assessments of
    ``cycles``, with the projects that lose most on each. Two queries, whatever the numbers."""
    scores = Score.objects.filter(
        assessment__cycle__in=cycles,
        assessment__status=AssessmentStatus.ACCEPTED,
        indicator__is_leaf=True,
        indicator__points__gt=0,
        value__isnull=False,
    )
    keys = ("indicator__first_level__name", "indicator__name")
    rows = list(
        scores.values(*keys)
        .annotate(
            n=Count("pk"), points=Sum("indicator__points"), lost=Sum(F("indicator__points") - F("value"))
        )
        .filter(lost__gt=0)
        .order_by("-lost", *keys)[:limit]
    )
    wanted = {(r["indicator__first_level__name"], r["indicator__name"]) for r in rows}
    by_project: dict[tuple, list] = {}
    for r in (
        scores.filter(indicator__name__in={name for _g, name in wanted})
        .values(*keys, "assessment__project__name")
        .annotate(lost=Sum(F("indicator__points") - F("value")))
        .filter(lost__gt=0)
        .order_by("-lost", "assessment__project__name")
    ):
        key = (r["indicator__first_level__name"], r["indicator__name"])
        if key in wanted:
            by_project.setdefault(key, []).append(
                (r["assessment__project__name"], Decimal(r["lost"]).quantize(CENT))
            )
    return [
        IndicatorLoss(
            group=r["indicator__first_level__name"] or "",
            name=r["indicator__name"],
            assessments=r["n"],
            points=Decimal(r["points"]).quantize(CENT),
            lost=Decimal(r["lost"]).quantize(CENT),
            worst=by_project.get((r["indicator__first_level__name"], r["indicator__name"]), [])[:worst],
        )
        for r in rows
    ]


def project_self_scores(*, project, year: int) -> dict[str, Decimal]:
    """The scores of the project's latest submitted or accepted unit self-evaluation (单位自评)
    of the year, by indicator name, to show beside a reviewer's scores (自评分 / 复核分)."""
    latest = (
        Assessment.objects.filter(
            project=project,
            cycle__year=year,
            is_self=True,
            status__in=[AssessmentStatus.SUBMITTED, AssessmentStatus.ACCEPTED],
        )
        .order_by("-cycle__created_at", "-pk")
        .first()
    )
    if latest is None:
        return {}
    return dict(
        Score.objects.filter(assessment=latest, indicator__is_leaf=True, value__isnull=False).values_list(
            "indicator__name", "value"
        )
    )
