"""The seam between the reports and the assessment data of ``evaluations``: every report section
about grades and assessment cycles reads through these two functions."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import QuerySet, Sum
from django.utils.translation import gettext as _

from core.money import CENT, two_places
from evaluations import selectors as evaluation_selectors
from evaluations.models import Assessment, AssessmentCycle, AssessmentStatus, Indicator, ReviewRound, Score
from evaluations.models.indicators import TemplateKind

# An indicator whose average falls below this share of its points gets a recommendation.
WEAK_INDICATOR_SHARE = Decimal("0.8")


def latest_grades(*, projects: QuerySet, accepted_before=None) -> dict:
    """{project id: object with .total and .grade_label} of the latest accepted assessments
    (accepted before ``accepted_before`` when given: a past period's report)."""
    return evaluation_selectors.latest_grades(projects=projects, accepted_before=accepted_before)


def cycle_name(*, cycle_id: int) -> str:
    return AssessmentCycle.objects.filter(pk=cycle_id).values_list("name", flat=True).first() or ""


@dataclass(frozen=True)
class ScoreLine:
    indicator: str
    points: Decimal | None
    value: Decimal | None
    comment: str


@dataclass(frozen=True)
class ProjectAssessment:
    cycle_name: str
    agency: str
    status_label: str
    total: Decimal | None
    grade_label: str
    scores: list[ScoreLine]


def project_scores(*, project) -> list[ProjectAssessment]:
    """Every assessment of a project, newest cycle first, with its score on each scored indicator
    (two queries)."""
    assessments = list(
        Assessment.objects.filter(project=project)
        .select_related("cycle", "agency")
        .order_by("-cycle__year", "-cycle__created_at", "-pk")
    )
    scores: dict[int, list[ScoreLine]] = {}
    for score in (
        Score.objects.filter(assessment__in=assessments, indicator__is_leaf=True)
        .select_related("indicator")
        .order_by("indicator__order", "pk")
    ):
        scores.setdefault(score.assessment_id, []).append(
            ScoreLine(score.indicator.name, score.indicator.points, score.value, score.comment)
        )
    return [
        ProjectAssessment(
            cycle_name=a.cycle.name,
            agency=a.agency.name,
            status_label=a.get_status_display(),
            total=a.total,
            grade_label=a.get_grade_display(),
            scores=scores.get(a.pk, []),
        )
        for a in assessments
    ]


@dataclass(frozen=True)
class AcceptedAssessment:
    project: object
    total: Decimal
    grade_label: str
    cycle_name: str


def accepted_between(*, start, end, limit: int) -> tuple[list[AcceptedAssessment], int]:
    """The first ``limit`` assessments the office accepted from ``start`` up to (not including)
    ``end``, and how many it accepted in all."""
    accepted = Assessment.objects.filter(
        status=AssessmentStatus.ACCEPTED, accepted_at__gte=start, accepted_at__lt=end
    )
    rows = accepted.select_related("project", "cycle").order_by("accepted_at", "pk")[:limit]
    return [
        AcceptedAssessment(
            project=a.project, total=a.total, grade_label=a.get_grade_display(), cycle_name=a.cycle.name
        )
        for a in rows
    ], accepted.count()


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
    is_self_evaluation: bool = False


# Sections 五 and 六 name this many indicators that lost the most points, and this many comments each.
LOSING_INDICATORS = 3
COMMENTS_PER_INDICATOR = 2


@dataclass(frozen=True)
class LostPoints:
    name: str
    points: Decimal
    lost: Decimal
    average: Decimal
    where: list[tuple[str, Decimal]]
    comments: list[str]


def _lost_points(*, cycle: AssessmentCycle) -> list[LostPoints]:
    """The scored indicators on which the accepted assessments lost the most points, with the
    projects that lost most on each and the evaluators' comments there (one query)."""
    scores = (
        Score.objects.filter(
            assessment__cycle=cycle,
            assessment__status=AssessmentStatus.ACCEPTED,
            indicator__is_leaf=True,
            value__isnull=False,
        )
        .select_related("indicator", "assessment__project")
        .order_by("indicator__order", "assessment__project__code")
    )
    by_indicator: dict[int, list[Score]] = {}
    for score in scores:
        by_indicator.setdefault(score.indicator_id, []).append(score)
    results = []
    for items in by_indicator.values():
        indicator = items[0].indicator
        losses = [(s.assessment.project.name, indicator.points - s.value, s.comment.strip()) for s in items]
        lost = sum((loss for _name, loss, _comment in losses), Decimal("0"))
        if lost <= 0:
            continue
        worst = sorted((row for row in losses if row[1] > 0), key=lambda row: -row[1])
        results.append(
            LostPoints(
                name=indicator.name,
                points=indicator.points,
                lost=lost.quantize(CENT),
                average=(sum((s.value for s in items), Decimal("0")) / len(items)).quantize(CENT),
                where=[(name, loss.quantize(CENT)) for name, loss, _comment in worst[:3]],
                comments=[f"{name}：{comment}" for name, _loss, comment in worst if comment][
                    :COMMENTS_PER_INDICATOR
                ],
            )
        )
    return sorted(results, key=lambda item: -item.lost)[:LOSING_INDICATORS]


def draft_problems(*, losing: list[LostPoints], returned, unfinished: list) -> list[str]:
    """五、存在的问题及原因分析, drafted from the scores, the returns and what is still open."""
    problems = []
    for item in losing:
        where = "、".join(
            _("%(project)s (lost %(lost)s)") % {"project": name, "lost": two_places(loss)}
            for name, loss in item.where
        )
        text = _(
            "%(indicator)s lost %(lost)s points in all (full marks %(points)s, average %(average)s), "
            "most in: %(where)s."
        ) % {
            "indicator": item.name,
            "lost": two_places(item.lost),
            "points": two_places(item.points),
            "average": two_places(item.average),
            "where": where,
        }
        if item.comments:
            text += _("Evaluators' comments: %(comments)s.") % {"comments": "；".join(item.comments)}
        problems.append(text)
    for round_ in returned:
        problems.append(
            _("The assessment of %(project)s was returned in round %(n)s: %(reason)s")
            % {"project": round_.assessment.project.name, "n": round_.number, "reason": round_.reason}
        )
    if unfinished:
        problems.append(
            _("%(n)d assessment(s) not yet accepted: %(list)s.")
            % {"n": len(unfinished), "list": "、".join(unfinished)}
        )
    return problems


def draft_recommendations(
    *, losing: list[LostPoints], indicators: list[IndicatorResult], returned, unfinished: list
) -> list[str]:
    """六、有关建议, one for each problem found."""
    recommendations = [
        _(
            "On %(indicator)s, the units of %(projects)s should put right what the indicator asks for "
            "and report how before the next cycle."
        )
        % {"indicator": item.name, "projects": "、".join(name for name, _loss in item.where)}
        for item in losing
    ]
    recommendations += [
        _("Strengthen %(indicator)s: the average score is %(average)s of %(points)s points.")
        % {"indicator": item.name, "average": two_places(item.average), "points": two_places(item.points)}
        for item in indicators
        if item.average is not None and item.points and item.average < item.points * WEAK_INDICATOR_SHARE
    ]
    if returned:
        recommendations.append(
            _(
                "Agencies should check the evidence against each indicator before submitting, "
                "so fewer results are returned."
            )
        )
    if unfinished:
        recommendations.append(_("Ask the agencies still scoring to submit by the due date."))
    return recommendations


def cycle_outline(*, cycle_id: int) -> CycleOutline | None:
    """The facts of one assessment cycle after the Ministry of Finance outline, or None if it is gone."""
    cycle = AssessmentCycle.objects.select_related("template").filter(pk=cycle_id).first()
    if cycle is None:
        return None
    assessments = list(
        cycle.assessments.select_related("project__lead_department", "agency").order_by("project__code")
    )
    first_levels, ranking = evaluation_selectors.cycle_ranking(cycle=cycle)
    # SQLite sums decimals in floating point (19.9800000000000): round to the cent once here.
    points = {
        level_id: Decimal(str(total)).quantize(CENT)
        for level_id, total in Indicator.objects.filter(template=cycle.template, is_leaf=True)
        .values_list("first_level_id")
        .annotate(total=Sum("points"))
    }
    indicators = []
    for index, level in enumerate(first_levels):
        scores = [row.by_first_level[index] for row in ranking if row.by_first_level[index] is not None]
        average = (sum(scores) / len(scores)).quantize(CENT) if scores else None
        indicators.append(
            IndicatorResult(name=level.name, points=points.get(level.pk, Decimal("0")), average=average)
        )
    returned = list(
        ReviewRound.objects.filter(assessment__cycle=cycle)
        .exclude(reason="")
        .select_related("assessment__project")
        .order_by("assessment__project__code", "number")
    )
    unfinished = [a.project.name for a in assessments if a.status != AssessmentStatus.ACCEPTED]
    losing = _lost_points(cycle=cycle)
    is_self = cycle.template.kind == TemplateKind.SELF
    if is_self:
        method = _(
            "The project units evaluated themselves against the indicator template %(template)s; the office "
            "accepted or returned every submission. Grades: at least 90 excellent, 80 to under 90 good, "
            "60 to under 80 fair, under 60 poor."
        )
    else:
        method = _(
            "Professional third-party agencies scored each project against the indicator template "
            "%(template)s; the office accepted or returned every submission. Grades: at least 90 excellent, "
            "80 to under 90 good, 60 to under 80 fair, under 60 poor."
        )
    return CycleOutline(
        title=cycle.name,
        year=cycle.year,
        agencies=sorted({a.scorer_name for a in assessments}),
        starts_on=cycle.created_at,
        ends_on=max((a.due_on for a in assessments), default=None),
        method=method % {"template": cycle.template},
        projects=[
            GradedProject(
                project=a.project, total=a.total, grade=a.get_grade_display() or a.get_status_display()
            )
            for a in assessments
        ],
        indicators=indicators,
        problems=draft_problems(losing=losing, returned=returned, unfinished=unfinished),
        recommendations=draft_recommendations(
            losing=losing, indicators=indicators, returned=returned, unfinished=unfinished
        ),
        is_self_evaluation=is_self,
    )
