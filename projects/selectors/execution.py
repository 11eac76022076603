"""Progress of projects from their milestones, computed in the database.

Progress = weight of done milestones ÷ weight of milestones that count; waived milestones do
not count. A project with no counting milestone has no progress (None, shown as "—")."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Case, Count, F, IntegerField, Prefetch, Q, QuerySet, Sum, When
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from ..models import AnnualPlan, Milestone, Problem, Project, ReviewCondition
from ..models.execution import OPEN_PROBLEM_STATUSES, MilestoneStatus, Severity
from ..models.portfolio import Ease, Urgency
from .figures import ratio


def with_progress(projects: QuerySet, *, today=None) -> QuerySet:
    """Annotate done_weight, counted_weight and overdue_milestones on a project queryset."""
    today = today or timezone.localdate()
    return projects.annotate(
        done_weight=Coalesce(
            Sum("milestones__weight", filter=Q(milestones__status=MilestoneStatus.DONE)), 0,
            output_field=IntegerField(),
        ),
        counted_weight=Coalesce(
            Sum("milestones__weight", filter=~Q(milestones__status=MilestoneStatus.WAIVED)), 0,
            output_field=IntegerField(),
        ),
        overdue_milestones=Count(
            "milestones",
            filter=Q(milestones__planned_date__lt=today)
            & ~Q(milestones__status__in=[MilestoneStatus.DONE, MilestoneStatus.WAIVED]),
        ),
    )  # fmt: skip


def progress_of(project) -> Decimal | None:
    """Progress of a project annotated by ``with_progress``."""
    return ratio(project.done_weight, project.counted_weight)


# Schedule variance, in days, of one milestone against its planned date (positive = late):
# done → actual − planned; open and past its planned date → today − planned (it keeps growing
# until done); open and not yet due → 0 (on schedule so far); waived → not counted.
def milestone_variance_days(milestone: Milestone, *, today: datetime.date | None = None) -> int | None:
    today = today or timezone.localdate()
    if milestone.status == MilestoneStatus.WAIVED:
        return None
    if milestone.status == MilestoneStatus.DONE:
        return (milestone.actual_date - milestone.planned_date).days
    return max((today - milestone.planned_date).days, 0)


def schedule_variance_days(
    milestones: Iterable[Milestone], *, today: datetime.date | None = None
) -> int | None:
    """A project's variance is that of its most delayed counting milestone; None when no
    milestone counts (none at all, or all waived)."""
    variances = [
        variance
        for milestone in milestones
        if (variance := milestone_variance_days(milestone, today=today)) is not None
    ]
    return max(variances) if variances else None


EASE_ORDER = {Ease.EASY: 0, Ease.MEDIUM: 1, Ease.HARD: 2}
URGENCY_ORDER = {Urgency.URGENT: 0, Urgency.NORMAL: 1, Urgency.DEFERRABLE: 2}


def suggested_rank_key(project: Project) -> tuple:
    """Easy-first, urgent-first (先易后难、急用先行): ease and urgency count equally; on a tie
    the more urgent goes first, then the code."""
    ease, urgency = EASE_ORDER[project.ease], URGENCY_ORDER[project.urgency]
    return (ease + urgency, urgency, project.code)


@dataclass(frozen=True)
class ExecutionSummary:
    progress: Decimal | None
    variance_days: int | None
    overdue_milestones: int
    milestones: list[Milestone]
    problems: list[Problem]


def project_execution(*, project: Project, today: datetime.date | None = None) -> ExecutionSummary:
    """Milestones, problems, progress and variance of one project (three queries)."""
    today = today or timezone.localdate()
    annotated = with_progress(Project.objects.filter(pk=project.pk), today=today).get()
    milestones = list(project.milestones.select_related("owner"))
    open_first = Case(When(status__in=OPEN_PROBLEM_STATUSES, then=0), default=1, output_field=IntegerField())
    problems = list(
        project.problems.select_related("owner", "raised_by").order_by(
            open_first, F("due_date").asc(nulls_last=True), "pk"
        )
    )
    return ExecutionSummary(
        progress=progress_of(annotated),
        variance_days=schedule_variance_days(milestones, today=today),
        overdue_milestones=annotated.overdue_milestones,
        milestones=milestones,
        problems=problems,
    )


# ---- Timeline (Gantt-like), drawn as SVG by templates/projects/execution/_timeline.html ----

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


@dataclass(frozen=True)
class KeyProjectRow:
    project: Project
    progress: Decimal | None
    variance_days: int | None


def key_projects_of_year(*, year: int, user, today: datetime.date | None = None) -> list[KeyProjectRow]:
    """Key projects of a year: those flagged key in the year's plan, or — without a plan — the
    projects flagged key overall that run during the year. Two queries whatever their number."""
    today = today or timezone.localdate()
    visible = Project.objects.visible_to(user)
    plan = AnnualPlan.objects.filter(year=year).first()
    if plan is not None:
        projects = visible.filter(plan_items__plan=plan, plan_items__is_key=True)
    else:
        projects = (
            visible.filter(is_key=True)
            .exclude(planned_start__year__gt=year)
            .exclude(planned_end__year__lt=year)
        )
    projects = with_progress(projects.with_list_relations(), today=today).prefetch_related(
        Prefetch("milestones", queryset=Milestone.objects.order_by("planned_date", "pk"))
    )
    return [
        KeyProjectRow(
            project=project,
            progress=progress_of(project),
            variance_days=schedule_variance_days(project.milestones.all(), today=today),
        )
        for project in projects.order_by("code")
    ]


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


def attention_problems(*, projects: QuerySet, today: datetime.date | None = None) -> QuerySet:
    """Open problems of ``projects`` that are overdue or high/critical (需关注的问题), most severe
    and oldest due first: the box above the portfolio list and the page behind its link."""
    today = today or timezone.localdate()
    severity_rank = Case(
        When(severity=Severity.CRITICAL, then=0),
        When(severity=Severity.HIGH, then=1),
        default=2,
        output_field=IntegerField(),
    )
    return (
        Problem.objects.open()
        .filter(
            Q(severity__in=(Severity.HIGH, Severity.CRITICAL)) | Q(due_date__lt=today), project__in=projects
        )
        .select_related("project", "owner")
        .order_by(severity_rank, F("due_date").asc(nulls_last=True), "pk")
    )


def overdue_conditions(*, projects: QuerySet, today: datetime.date | None = None) -> QuerySet:
    """Approval conditions neither met nor waived and past their due date: shown with the
    overdue problems."""
    today = today or timezone.localdate()
    return (
        ReviewCondition.objects.filter(
            is_met=False, is_waived=False, due_date__lt=today, review__project__in=projects
        )
        .select_related("review__project", "owner")
        .order_by("due_date", "pk")
    )
