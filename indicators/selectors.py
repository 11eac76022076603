"""Reads of the indicators app: each indicator with its standing (``status.py``), in a fixed
number of queries whatever the number of indicators or observations."""

import datetime
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from projects.models import Project

from .models import Indicator, IndicatorLink, Observation
from .status import Standing, Status, indicator_standing

# The dashboard panel and the monthly report list at most this many indicators per block.
LIST_LIMIT = 20
# An observation entered within this many days counts as a move on the dashboard.
MOVED_DAYS = 30


@dataclass(frozen=True)
class IndicatorRow:
    indicator: Indicator
    standing: Standing

    @property
    def previous_observation(self) -> Observation | None:
        observations = self.indicator.observations.all()
        return observations[len(observations) - 2] if len(observations) > 1 else None

    @property
    def latest_observation(self) -> Observation | None:
        """The latest (prefetched, by date) observation, with its bound for display."""
        observations = self.indicator.observations.all()
        return observations[len(observations) - 1] if observations else None


def with_observations(indicators: QuerySet, *, until: datetime.date | None = None) -> QuerySet:
    """Each indicator with its observations by date (those up to ``until`` when given)."""
    observations = Observation.objects.order_by("observed_on")
    if until is not None:
        observations = observations.filter(observed_on__lte=until)
    return indicators.select_related("reporting_department").prefetch_related(
        Prefetch("observations", queryset=observations)
    )


def indicator_rows(
    indicators: QuerySet, *, today: datetime.date | None = None, as_of: bool = False
) -> list[IndicatorRow]:
    """Indicators with their standing on ``today``; ``as_of`` also ignores values dated after it
    (a report of a past month shows what was known then)."""
    today = today or timezone.localdate()
    return [
        IndicatorRow(indicator, indicator_standing(indicator, today=today))
        for indicator in with_observations(indicators, until=today if as_of else None)
    ]


def indicator_list(*, dimension: str = "", status: str = "", today=None) -> list[IndicatorRow]:
    indicators = Indicator.objects.all()
    if dimension:
        indicators = indicators.filter(dimension=dimension)
    rows = indicator_rows(indicators, today=today)
    if status:
        rows = [row for row in rows if row.standing.status == status]
    return rows


def indicator_detail(*, pk: int, user, today=None) -> IndicatorRow:
    """One indicator the user may see, with its standing; Indicator.DoesNotExist otherwise."""
    indicator = with_observations(Indicator.objects.visible_to(user).filter(pk=pk)).get()
    return IndicatorRow(indicator, indicator_standing(indicator, today=today or timezone.localdate()))


def indicator_projects(*, indicator: Indicator) -> list[IndicatorLink]:
    return list(indicator.links.select_related("project", "project__group").order_by("project__code"))


def project_indicator_rows(*, project: Project, today=None) -> list[IndicatorRow]:
    """The indicators a project is expected to move, with their standing (two queries)."""
    return indicator_rows(Indicator.objects.filter(links__project=project).order_by("code"), today=today)


def indicator_watchlist(*, today: datetime.date | None = None) -> dict:
    """For the dashboard: indicators with a value entered lately, off their path, or overdue."""
    today = today or timezone.localdate()
    since = timezone.now() - datetime.timedelta(days=MOVED_DAYS)
    rows = indicator_rows(Indicator.objects.all(), today=today)
    # A move needs a value to move from: an indicator's first value (the seed's, say) is no move.
    moved = [
        row
        for row in rows
        if len(row.indicator.observations.all()) > 1
        and any(observation.entered_at >= since for observation in row.indicator.observations.all()[1:])
    ]
    off_track = [row for row in rows if row.standing.standing == Status.OFF_TRACK]
    overdue = [row for row in rows if row.standing.status == Status.OVERDUE]
    return {
        "moved": moved[:LIST_LIMIT],
        "off_track": off_track[:LIST_LIMIT],
        "overdue": overdue[:LIST_LIMIT],
        "counts": {
            "moved": len(moved),
            "off_track": len(off_track),
            "overdue": len(overdue),
            "all": len(rows),
        },
    }


def status_counts(rows: list[IndicatorRow]) -> list[tuple[Status, int]]:
    return [(status, sum(1 for row in rows if row.standing.status == status)) for status in Status]
