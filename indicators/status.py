"""The status rule of a city indicator, explained on the indicator page with the constants below.

1. No observation → *no data*.
2. The latest observation is older than one reporting period (a month, a quarter, a year) plus
   ``GRACE_DAYS`` → *update overdue* (the last known standing is still shown beside it).
3. No target → *no target set*.
4. The latest value reaches the target (≥ when higher is better, ≤ when lower is better) → *met*.
5. Otherwise it is compared with the straight line from the baseline (value and date) to the target
   (value on 31 December of the target year): at the date of the latest observation the line
   expects a value; as good or better → *on track*, worse → *off track*. After the target year the
   line stays at the target, so a missed target is *off track*.

Without an explicit baseline the first observation is the baseline. A bound counts as its figure:
"over 30 %" counts as 30 %."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .models import FREQUENCY_MONTHS, Direction

# Days after the end of a reporting period within which its value is expected.
GRACE_DAYS = 30


class Status(models.TextChoices):
    MET = "met", pgettext_lazy("indicator status", "Met")
    ON_TRACK = "on_track", _("On track")
    OFF_TRACK = "off_track", _("Off track")
    NO_TARGET = "no_target", _("No target set")
    NO_DATA = "no_data", _("No data")
    OVERDUE = "overdue", _("Update overdue")


# Bootstrap colours of the badges, one place for every page.
STATUS_COLOURS = {
    Status.MET: "success",
    Status.ON_TRACK: "primary",
    Status.OFF_TRACK: "danger",
    Status.NO_TARGET: "secondary",
    Status.NO_DATA: "secondary",
    Status.OVERDUE: "warning",
}


@dataclass(frozen=True)
class Point:
    on: datetime.date
    value: Decimal


@dataclass(frozen=True)
class Standing:
    status: Status
    standing: Status | None  # where the latest value stands on the path, also when overdue
    latest: Point | None
    expected: Decimal | None  # the path's value at the latest observation's date
    next_due: datetime.date | None

    @property
    def colour(self) -> str:
        return STATUS_COLOURS[self.status]

    @property
    def is_overdue(self) -> bool:
        return self.status == Status.OVERDUE


def add_months(day: datetime.date, months: int) -> datetime.date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for last_day in (day.day, 30, 29, 28):
        try:
            return datetime.date(year, month, last_day)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def next_update_due(latest: datetime.date, frequency: str) -> datetime.date:
    return add_months(latest, FREQUENCY_MONTHS[frequency]) + datetime.timedelta(days=GRACE_DAYS)


def target_date(target_year: int) -> datetime.date:
    return datetime.date(target_year, 12, 31)


def path_value(*, baseline: Point, target: Point, on: datetime.date) -> Decimal:
    """The straight line from baseline to target at a date; flat before the baseline and after the target."""
    if on <= baseline.on or target.on <= baseline.on:
        return baseline.value if on < target.on else target.value
    if on >= target.on:
        return target.value
    share = Decimal((on - baseline.on).days) / Decimal((target.on - baseline.on).days)
    return baseline.value + (target.value - baseline.value) * share


def _better_or_equal(value: Decimal, than: Decimal, direction: str) -> bool:
    return value >= than if direction == Direction.HIGHER else value <= than


def standing_of(
    *,
    direction: str,
    frequency: str,
    observations: list[Point],
    baseline: Point | None,
    target: Point | None,
    today: datetime.date,
) -> Standing:
    """The status of one indicator from its observations (any order)."""
    if not observations:
        return Standing(Status.NO_DATA, None, None, None, None)
    ordered = sorted(observations, key=lambda point: point.on)
    latest = ordered[-1]
    due = next_update_due(latest.on, frequency)
    expected = None
    if target is None:
        standing = Status.NO_TARGET
    elif _better_or_equal(latest.value, target.value, direction):
        standing = Status.MET
    else:
        expected = path_value(baseline=baseline or ordered[0], target=target, on=latest.on)
        standing = (
            Status.ON_TRACK if _better_or_equal(latest.value, expected, direction) else Status.OFF_TRACK
        )
    status = Status.OVERDUE if today > due else standing
    return Standing(status, standing, latest, expected, due)


def indicator_standing(indicator, *, today: datetime.date, observations=None) -> Standing:
    """The standing of an Indicator; ``observations`` defaults to its (prefetched) observations."""
    rows = indicator.observations.all() if observations is None else observations
    baseline = (
        Point(indicator.baseline_date, indicator.baseline_value)
        if indicator.baseline_date is not None
        else None
    )
    target = (
        Point(target_date(indicator.target_year), indicator.target_value)
        if indicator.target_year is not None
        else None
    )
    return standing_of(
        direction=indicator.direction,
        frequency=indicator.frequency,
        observations=[Point(row.observed_on, row.value) for row in rows],
        baseline=baseline,
        target=target,
        today=today,
    )
