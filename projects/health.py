"""The health rule of a project (red / amber / green), shown on the dashboard and the portfolio
list. The dashboard prints the same thresholds it applies, from the constants below."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.money import ratio

# Progress may trail the share of the planned period gone by this much before it is red / amber.
PROGRESS_LAG_RED = Decimal("0.25")
PROGRESS_LAG_AMBER = Decimal("0.10")
# Red from this many overdue milestones; one is amber.
OVERDUE_MILESTONES_RED = 2
# Amber when the year's budget execution trails the share of the year gone by more than this.
SPENDING_LAG_AMBER = Decimal("0.25")


class Health(models.TextChoices):
    RED = "red", gettext_lazy("Red")
    AMBER = "amber", gettext_lazy("Amber")
    GREEN = "green", gettext_lazy("Green")


@dataclass(frozen=True)
class HealthInputs:
    overdue_milestones: int
    overdue_serious_problems: int
    progress: Decimal | None
    time_elapsed: Decimal | None
    execution_rate: Decimal | None
    year_elapsed: Decimal | None


def _percent(value: Decimal) -> str:
    return f"{(value * 100).quantize(Decimal('1'))}%"


def health_of(inputs: HealthInputs) -> tuple[Health, list[str]]:
    """The colour and the reasons for it. Red: a serious problem past its due date, two or more
    overdue milestones, or progress trailing time by more than 25 points (only for projects with
    milestones). Amber: one overdue
    milestone, progress trailing time by more than 10 points, or the year's budget execution
    trailing the year by more than 25 points. Green otherwise."""
    red, amber = [], []
    if inputs.overdue_serious_problems:
        red.append(_("%(n)d high or critical problem(s) past due") % {"n": inputs.overdue_serious_problems})
    if inputs.overdue_milestones >= OVERDUE_MILESTONES_RED:
        red.append(_("%(n)d overdue milestones") % {"n": inputs.overdue_milestones})
    elif inputs.overdue_milestones:
        amber.append(_("1 overdue milestone"))
    if inputs.time_elapsed is not None and inputs.progress is not None:
        lag = inputs.time_elapsed - inputs.progress
        reason = _("progress %(progress)s, time gone %(time)s") % {
            "progress": _percent(inputs.progress),
            "time": _percent(inputs.time_elapsed),
        }
        if lag > PROGRESS_LAG_RED:
            red.append(reason)
        elif lag > PROGRESS_LAG_AMBER:
            amber.append(reason)
    spending_known = inputs.execution_rate is not None and inputs.year_elapsed is not None
    if spending_known and inputs.year_elapsed - inputs.execution_rate > SPENDING_LAG_AMBER:
        amber.append(
            _("budget executed %(rate)s, year gone %(time)s")
            % {"rate": _percent(inputs.execution_rate), "time": _percent(inputs.year_elapsed)}
        )
    if red:
        return Health.RED, red + amber
    if amber:
        return Health.AMBER, amber
    return Health.GREEN, []


def time_elapsed(*, start: datetime.date | None, end: datetime.date | None, today: datetime.date):
    """Share of the planned period already gone, from 0 to 1; None without a plan."""
    if start is None or end is None:
        return None
    days_gone = min(max((today - start).days, 0), (end - start).days)
    return ratio(days_gone, (end - start).days) if end > start else Decimal(today >= end)
