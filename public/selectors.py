"""Reads of the public window. Only what the office chose to publish, and of that only what a
citizen should see: stage, progress, the plain-language summary, public indicators, published
comments. Never budgets, problems, names of staff or evaluators (``tests/public`` greps for them)."""

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Avg, Count, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from evaluations.computed import Computed
from indicators.models import Indicator
from indicators.selectors import IndicatorRow, indicator_rows
from projects.models import Project, ProjectGroup
from projects.selectors.execution import progress_of, with_progress

from .models import Moderation, SurveyResponse

COMMENTS_SHOWN = 20


def public_projects() -> QuerySet:
    return Project.objects.filter(publication__is_public=True)


@dataclass(frozen=True)
class PublicProject:
    project: Project
    progress: Decimal | None


def public_projects_by_group() -> list[tuple[ProjectGroup, list[PublicProject]]]:
    """The public projects of each group, in the group's order (two queries)."""
    projects = with_progress(public_projects().select_related("group", "publication")).order_by(
        "group__order", "code"
    )
    groups: dict[int, tuple[ProjectGroup, list[PublicProject]]] = {}
    for project in projects:
        groups.setdefault(project.group_id, (project.group, []))[1].append(
            PublicProject(project, progress_of(project))
        )
    return list(groups.values())


def public_project(*, pk: int) -> PublicProject:
    project = with_progress(public_projects().select_related("group", "publication")).filter(pk=pk).first()
    if project is None:
        raise Http404
    return PublicProject(project, progress_of(project))


def public_indicator_rows(*, project: Project | None = None) -> list[IndicatorRow]:
    indicators = Indicator.objects.public().order_by("dimension", "code")
    if project is not None:
        indicators = indicators.filter(links__project=project)
    return indicator_rows(indicators)


def public_indicator(*, pk: int) -> IndicatorRow:
    rows = indicator_rows(Indicator.objects.public().filter(pk=pk))
    if not rows:
        raise Http404
    return rows[0]


def indicator_public_projects(*, indicator: Indicator) -> list[Project]:
    return list(public_projects().filter(indicator_links__indicator=indicator).order_by("code"))


def published_comments(*, project: Project) -> list[SurveyResponse]:
    return list(
        project.survey_responses.filter(moderation=Moderation.APPROVED).only(
            "score", "comment", "submitted_on"
        )[:COMMENTS_SHOWN]
    )


@dataclass(frozen=True)
class Satisfaction:
    """Citizens' satisfaction with a project in a year: the mean score on a 0–100 scale
    (1 → 0, 5 → 100) and the number of answers it rests on."""

    score: Decimal | None
    sample_size: int
    mean_rating: Decimal | None


def satisfaction_for(project: Project, year: int) -> Satisfaction:
    """For the assessments' 服务对象满意度 indicator: every answer of the year counts (moderation
    concerns only the comments' text)."""
    figures = SurveyResponse.objects.filter(
        project=project,
        submitted_on__gte=datetime.date(year, 1, 1),
        submitted_on__lte=datetime.date(year, 12, 31),
    ).aggregate(mean=Avg("score"), n=Count("pk"))
    if not figures["n"]:
        return Satisfaction(None, 0, None)
    mean = Decimal(str(figures["mean"]))
    score = ((mean - 1) / 4 * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return Satisfaction(score, figures["n"], mean.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def satisfaction_source(project: Project, year: int) -> Computed | None:
    """The assessments' 服务对象满意度, computed from the citizens' survey of the year and shown to
    the evaluator with its sample size (registered in ``PublicConfig.ready``)."""
    result = satisfaction_for(project, year)
    if result.score is None:
        return None
    return Computed(
        value=result.score,
        unit="%",
        figures=[
            (_("Answers to the citizens' survey (sample size)"), str(result.sample_size)),
            (_("Mean rating (1–5)"), str(result.mean_rating)),
        ],
    )


def moderation_queue() -> QuerySet:
    return (
        SurveyResponse.objects.filter(moderation=Moderation.PENDING)
        .select_related("project")
        .order_by("submitted_at")
    )
