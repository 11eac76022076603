"""The health rule (red / amber / green) of the dashboard and of the status reports' suggestions.
The dashboard prints the same thresholds it applies, from the constants below. It lives in
``projects`` (not in the dashboard) so that the steering review below the dashboard uses the very
same rule to pre-fill a status report."""

import dataclasses
import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from core.money import ratio

# Progress may trail the share of the planned period gone by this much before it is red / amber.
PROGRESS_LAG_RED = Decimal("0.25")
PROGRESS_LAG_AMBER = Decimal("0.10")
# Red from this many overdue milestones; one is amber.
OVERDUE_MILESTONES_RED = 2
# Amber when the year's budget execution trails the share of the year gone by more than this.
SPENDING_LAG_AMBER = Decimal("0.25")


# Projects whose health is watched (and whose status is reported monthly): from approval until
# acceptance is done.
WATCHED_STAGES = ("approved", "implementation", "acceptance")


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


class Dimension(models.TextChoices):
    """What a status report rates. The health rule speaks to each but scope."""

    OVERALL = "overall", pgettext_lazy("dimension", "Overall")
    SCHEDULE = "schedule", pgettext_lazy("dimension", "Schedule")
    BUDGET = "budget", pgettext_lazy("dimension", "Budget")
    SCOPE = "scope", pgettext_lazy("dimension", "Scope")
    RISK = "risk", pgettext_lazy("dimension", "Risk")


def health_by_dimension(inputs: HealthInputs) -> dict[str, tuple[Health, list[str]] | None]:
    """The rule applied to the part of the inputs each dimension is about: overall is the rule
    itself (as on the dashboard); schedule sees only milestones and progress, budget only the
    year's spending, risk only serious problems past due. Scope has no data behind it: None
    (the person judges it)."""
    nothing = HealthInputs(
        overdue_milestones=0,
        overdue_serious_problems=0,
        progress=None,
        time_elapsed=None,
        execution_rate=None,
        year_elapsed=None,
    )
    schedule = dataclasses.replace(
        nothing,
        overdue_milestones=inputs.overdue_milestones,
        progress=inputs.progress,
        time_elapsed=inputs.time_elapsed,
    )
    budget = dataclasses.replace(
        nothing, execution_rate=inputs.execution_rate, year_elapsed=inputs.year_elapsed
    )
    risk = dataclasses.replace(nothing, overdue_serious_problems=inputs.overdue_serious_problems)
    return {
        Dimension.OVERALL: health_of(inputs),
        Dimension.SCHEDULE: health_of(schedule),
        Dimension.BUDGET: health_of(budget),
        Dimension.SCOPE: None,
        Dimension.RISK: health_of(risk),
    }
