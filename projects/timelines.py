"""Milestone timelines (Gantt-like) drawn as SVG by templates/projects/execution/_timeline.html:
presentation built from what the selectors read, kept out of the selectors."""

import datetime
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from core.validation import clamp_to_window

from .models import Milestone, Project
from .models.execution import MilestoneStatus
from .selectors.execution import KeyProjectRow, milestone_variance_days

TIMELINE_WIDTH = 1100
TIMELINE_LABEL_WIDTH = 300
TIMELINE_ROW_HEIGHT = 28
TIMELINE_TOP = 30


TIMELINE_COLOURS = {
    "done": "#157347",
    "open": "#0b5ed7",
    "overdue": "#b02a37",
    "waived": "#adb5bd",
    "period": "#cfe2ff",
    "tick": "#dee2e6",
}


@dataclass(frozen=True)
class TimelineMark:
    x: float
    label: str
    css: str

    @property
    def colour(self) -> str:
        return TIMELINE_COLOURS[self.css]


@dataclass(frozen=True)
class TimelineRow:
    y: int
    label: str
    url: str
    detail: str
    bar_x: float | None = None
    bar_width: float | None = None
    bar_css: str = ""
    marks: list = field(default_factory=list)

    @property
    def bar_colour(self) -> str:
        return TIMELINE_COLOURS[self.bar_css]


@dataclass(frozen=True)
class Timeline:
    width: int
    height: int
    label_width: int
    rows: list[TimelineRow]
    ticks: list[TimelineMark]
    today_x: float | None


class _Scale:
    def __init__(self, start: datetime.date, end: datetime.date):
        self.start, self.end = start, end
        self.days = max((end - start).days, 1)

    def x(self, day: datetime.date) -> float:
        day = min(max(day, self.start), self.end)
        chart = TIMELINE_WIDTH - TIMELINE_LABEL_WIDTH - 20
        return round(TIMELINE_LABEL_WIDTH + chart * (day - self.start).days / self.days, 1)

    def contains(self, day: datetime.date | None) -> bool:
        return day is not None and self.start <= day <= self.end

    def ticks(self) -> list[TimelineMark]:
        """A tick at each month start (labelled 2月…12月, with the year in January and at the first
        tick: 2015年1月), or each quarter when the range is longer than two years."""
        step = 1 if self.days <= 800 else 3
        ticks = []
        day = self.start.replace(day=1)
        while day <= self.end:
            if day >= self.start and (day.month - 1) % step == 0:
                if day.month == 1 or not ticks:
                    label = date_format(day, "YEAR_MONTH_FORMAT")
                else:
                    # A date format string: "M" gives "Feb" in English; the Chinese one is "n月".
                    label = date_format(day, pgettext("date format of a month tick", "M"))
                ticks.append(TimelineMark(x=self.x(day), label=label, css="tick"))
            day = (day + datetime.timedelta(days=32)).replace(day=1)
        return ticks


def _milestone_css(milestone: Milestone, today: datetime.date) -> str:
    if milestone.status == MilestoneStatus.DONE:
        return "done"
    if milestone.status == MilestoneStatus.WAIVED:
        return "waived"
    return "overdue" if milestone.planned_date < today else "open"


def _month_start(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def _month_end(day: datetime.date) -> datetime.date:
    return (day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1) - datetime.timedelta(days=1)


def project_timeline(
    *, project: Project, milestones: list[Milestone], today: datetime.date | None = None
) -> Timeline | None:
    """One row per milestone: a marker on the planned date and, when done, a bar from planned to
    actual date (the variance). None when there is nothing to draw."""
    today = today or timezone.localdate()
    dates = [d for m in milestones for d in (m.planned_date, m.actual_date) if d]
    dates += [d for d in (project.planned_start, project.planned_end) if d]
    if not milestones or not dates:
        return None
    dates = [clamp_to_window(d) for d in dates]
    scale = _Scale(_month_start(min(dates)), _month_end(max(dates)))
    rows = []
    for index, milestone in enumerate(milestones):
        css = _milestone_css(milestone, today)
        marks = [
            TimelineMark(x=scale.x(milestone.planned_date), label=milestone.planned_date.isoformat(), css=css)
        ]
        bar_x = bar_width = None
        if milestone.actual_date:
            left, right = sorted((milestone.planned_date, milestone.actual_date))
            bar_x, bar_width = scale.x(left), max(scale.x(right) - scale.x(left), 2)
        elif css == "overdue":
            bar_x = scale.x(milestone.planned_date)
            bar_width = max(scale.x(today) - bar_x, 2)
        variance = milestone_variance_days(milestone, today=today)
        rows.append(
            TimelineRow(
                y=TIMELINE_TOP + index * TIMELINE_ROW_HEIGHT,
                label=milestone.title,
                url="",
                detail=_("%(status)s · %(days)s d")
                % {
                    "status": milestone.get_status_display(),
                    "days": "—" if variance is None else f"{variance:+d}",
                },
                bar_x=bar_x,
                bar_width=bar_width,
                bar_css=css,
                marks=marks,
            )
        )
    return Timeline(
        width=TIMELINE_WIDTH,
        height=TIMELINE_TOP + len(rows) * TIMELINE_ROW_HEIGHT + 10,
        label_width=TIMELINE_LABEL_WIDTH,
        rows=rows,
        ticks=scale.ticks(),
        today_x=scale.x(today) if scale.contains(today) else None,
    )


def portfolio_timeline(
    *, year: int, rows: list[KeyProjectRow], today: datetime.date | None = None
) -> Timeline:
    """One row per key project over the calendar year: its planned period as a bar and its
    milestones of that year as markers."""
    today = today or timezone.localdate()
    scale = _Scale(datetime.date(year, 1, 1), datetime.date(year, 12, 31))
    timeline_rows = []
    for index, row in enumerate(rows):
        project = row.project
        bar_x = bar_width = None
        start, end = project.planned_start, project.planned_end
        if start and end and start.year <= year <= end.year:
            bar_x = scale.x(start)
            bar_width = max(scale.x(end) - bar_x, 2)
        marks = [
            TimelineMark(
                x=scale.x(m.planned_date),
                label=f"{m.title} {m.planned_date.isoformat()}",
                css=_milestone_css(m, today),
            )
            for m in project.milestones.all()
            if m.planned_date.year == year
        ]
        timeline_rows.append(
            TimelineRow(
                y=TIMELINE_TOP + index * TIMELINE_ROW_HEIGHT,
                label=f"{project.code} {project.name}",
                url=reverse("projects:detail", args=[project.pk]),
                detail="",
                bar_x=bar_x,
                bar_width=bar_width,
                bar_css="period",
                marks=marks,
            )
        )
    return Timeline(
        width=TIMELINE_WIDTH,
        height=TIMELINE_TOP + max(len(timeline_rows), 1) * TIMELINE_ROW_HEIGHT + 10,
        label_width=TIMELINE_LABEL_WIDTH,
        rows=timeline_rows,
        ticks=scale.ticks(),
        today_x=scale.x(today) if scale.contains(today) else None,
    )
