"""Reads of the steering review: the pre-filled status report, the due list, the status grid,
the agenda rule, the baseline comparison and the reminders of one person."""

import copy as copy_module
import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db.models import Max, OuterRef, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.models import Role, User
from core.money import ZERO
from projects.health import WATCHED_STAGES, Dimension, Health, health_by_dimension
from projects.models import AnnualPlanItem, BudgetLine, Milestone, Problem, Project, SpendingRecord
from projects.models.execution import MilestoneStatus
from projects.selectors.execution import schedule_variance_days
from projects.selectors.health import health_inputs

from .models import ActionItem, AgendaReason, Baseline, Meeting, StatusReport

GRID_MONTHS = 12


# ---- Months and due dates ------------------------------------------------------------------------


def month_start(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def month_end(first: datetime.date) -> datetime.date:
    return (first + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1)


def add_months(first: datetime.date, months: int) -> datetime.date:
    index = first.year * 12 + first.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


def due_date(month: datetime.date) -> datetime.date:
    """The day a month's report is due: ``STATUS_REPORT_DUE_DAY`` of that month."""
    return month.replace(day=settings.STATUS_REPORT_DUE_DAY)


def is_late(report: StatusReport) -> bool:
    """Filed after the due day of its month."""
    return report.filed_at.date() > due_date(report.month)


def fileable_months(*, today: datetime.date) -> list[datetime.date]:
    """This month and the two before it: a late report can still be filed, a year-old one not."""
    first = month_start(today)
    return [add_months(first, -n) for n in range(3)]


# ---- The pre-filled report --------------------------------------------------------------------------


@dataclass(frozen=True)
class Suggestion:
    rating: Health | None
    reasons: list[str]

    @property
    def reason_text(self) -> str:
        if self.rating is None:
            return ""
        return "；".join(self.reasons) if self.reasons else _("nothing found by the health rule")


def suggested_ratings(*, project: Project, today: datetime.date) -> dict[str, Suggestion]:
    """The dashboard's health rule on this project today, per dimension (``health_by_dimension``)."""
    [(_project, inputs)] = health_inputs(
        projects=Project.objects.filter(pk=project.pk), year=today.year, today=today
    )
    return {
        dimension: Suggestion(*(result or (None, [])))
        for dimension, result in health_by_dimension(inputs).items()
    }


def report_facts(*, project: Project, month: datetime.date) -> dict:
    """What the data say about the month: milestones done in it, milestones due in it and still
    open, and money spent in it (yuan, as a string so that it keeps in JSON)."""
    last = month_end(month)
    milestones = Milestone.objects.filter(project=project).order_by("planned_date", "pk")
    done = milestones.filter(status=MilestoneStatus.DONE, actual_date__range=(month, last))
    due = milestones.open().filter(planned_date__lte=last)
    spent = SpendingRecord.objects.filter(line__project=project, spent_on__range=(month, last)).aggregate(
        total=Coalesce(Sum("amount"), ZERO)
    )["total"]
    return {
        "milestones_done": [{"title": m.title, "date": m.actual_date.isoformat()} for m in done],
        "milestones_due": [
            {"title": m.title, "date": m.planned_date.isoformat(), "overdue": m.planned_date < month}
            for m in due
        ],
        "spent": str(spent),
    }


def prefill(*, project: Project, month: datetime.date, today: datetime.date) -> dict:
    """Initial values of the form and what to store with the report."""
    suggestions = suggested_ratings(project=project, today=today)
    facts = report_facts(project=project, month=month)
    initial = {}
    for dimension, suggestion in suggestions.items():
        if suggestion.rating is not None:
            initial[dimension] = suggestion.rating.value
            initial[f"{dimension}_reason"] = suggestion.reason_text[:200]
    if facts["milestones_done"]:
        initial["achievements"] = "\n".join(
            _("Milestone done: %(title)s (%(date)s)") % row for row in facts["milestones_done"]
        )
    if facts["milestones_due"]:
        initial["next_steps"] = "\n".join(
            _("Milestone due: %(title)s (%(date)s)") % row for row in facts["milestones_due"]
        )
    return {
        "initial": initial,
        "suggestions": {d: s.rating.value for d, s in suggestions.items() if s.rating is not None},
        "suggestion_reasons": {d: s.reason_text for d, s in suggestions.items()},
        "facts": facts,
    }


# ---- The due list -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DueRow:
    project: Project
    report: StatusReport | None
    due: datetime.date
    late: bool
    can_file: bool


def due_list(*, user: User, month: datetime.date, today: datetime.date) -> list[DueRow]:
    """Every watched project with its report of the month, or none yet; two queries."""
    projects = list(
        Project.objects.visible_to(user)
        .filter(stage__in=WATCHED_STAGES)
        .with_list_relations()
        .order_by("code")
    )
    reports = {
        report.project_id: report
        for report in StatusReport.objects.filter(month=month, project__in=[p.pk for p in projects])
    }
    due = due_date(month)
    rows = []
    for project in projects:
        report = reports.get(project.pk)
        late = is_late(report) if report else today > due
        can_file = user.is_office or (user.is_liaison and project.lead_department_id == user.department_id)
        rows.append(DueRow(project=project, report=report, due=due, late=late, can_file=can_file))
    return rows


def reports_due_for(*, user: User, today: datetime.date) -> list[DueRow]:
    """A liaison's projects still without this month's report, from a week before the due day
    (and every day after it, as late)."""
    if not user.is_liaison:
        return []
    month = month_start(today)
    if today < due_date(month) - datetime.timedelta(days=7):
        return []
    projects = (
        Project.objects.filter(stage__in=WATCHED_STAGES, lead_department_id=user.department_id)
        .exclude(status_reports__month=month)
        .order_by("code")
    )
    due = due_date(month)
    return [DueRow(project=p, report=None, due=due, late=today > due, can_file=True) for p in projects]


def liaisons_with_reports_due(*, today: datetime.date) -> QuerySet[User]:
    month = month_start(today)
    if today < due_date(month) - datetime.timedelta(days=7):
        return User.objects.none()
    missing = Project.objects.filter(stage__in=WATCHED_STAGES).exclude(status_reports__month=month)
    return User.objects.filter(role=Role.LIAISON, department__in=missing.values("lead_department"))


# ---- Status on other pages ------------------------------------------------------------------------------


def latest_statuses(*, project_ids) -> dict[int, StatusReport]:
    """Each project's latest report, in one query."""
    latest = (
        StatusReport.objects.filter(project=OuterRef("project"))
        .order_by()
        .values("project")
        .annotate(m=Max("month"))
        .values("m")
    )
    ids = list(project_ids)
    # An empty page still runs its one query (``project IS NULL`` finds nothing), so that a page's
    # query count is the same whatever the number of rows, as the pages' query tests pin it.
    reports = (
        StatusReport.objects.filter(project__in=ids) if ids else StatusReport.objects.filter(project=None)
    )
    return {report.project_id: report for report in reports.filter(month=Subquery(latest))}


@dataclass
class GridRow:
    dimension: Dimension
    cells: list[dict] = field(default_factory=list)


def status_grid(*, project: Project, today: datetime.date) -> dict:
    """Dimensions × the last 12 months (oldest first), each cell the rating and its report."""
    last = month_start(today)
    months = [add_months(last, -n) for n in range(GRID_MONTHS - 1, -1, -1)]
    reports = {r.month: r for r in StatusReport.objects.filter(project=project, month__gte=months[0])}
    rows = []
    for dimension in Dimension:
        row = GridRow(dimension=dimension)
        for month in months:
            report = reports.get(month)
            rating = getattr(report, dimension.value) if report else ""
            row.cells.append(
                {
                    "month": month,
                    "report": report,
                    "rating": rating,
                    "label": Health(rating).label if rating else "",
                    "reason": getattr(report, f"{dimension.value}_reason") if report else "",
                }
            )
        rows.append(row)
    return {
        "months": [{"date": m, "label": date_format(m, "YEAR_MONTH_FORMAT")} for m in months],
        "rows": rows,
        "filed": len(reports),
    }


# ---- The agenda rule ------------------------------------------------------------------------------------


def agenda_suggestion(*, month: datetime.date, on: datetime.date) -> list[tuple[Project, list[str]]]:
    """The default agenda of the review of ``month`` held ``on``: every key project of the year's
    plan, every project rated red overall in the month's report, and every project with a serious
    problem or an action item past due on the day of the meeting. Ordered by code; each with why."""
    reasons: dict[int, list[str]] = {}

    def add(project_ids, reason):
        for pk in project_ids:
            reasons.setdefault(pk, [])
            if reason not in reasons[pk]:
                reasons[pk].append(reason)

    add(
        AnnualPlanItem.objects.filter(plan__year=month.year, is_key=True).values_list("project", flat=True),
        AgendaReason.KEY.value,
    )
    add(
        StatusReport.objects.filter(month=month, overall=Health.RED).values_list("project", flat=True),
        AgendaReason.RED.value,
    )
    add(Problem.objects.overdue(on).serious().values_list("project", flat=True), AgendaReason.PROBLEM.value)
    add(ActionItem.objects.overdue(on).values_list("project", flat=True), AgendaReason.ACTION.value)
    projects = Project.objects.filter(pk__in=list(reasons)).order_by("code")
    return [(project, reasons[project.pk]) for project in projects]


def meetings_visible_to(user: User) -> QuerySet[Meeting]:
    return Meeting.objects.visible_to(user).select_related("chair")


# ---- Action items -------------------------------------------------------------------------------------


def open_actions_for(*, user: User) -> list[ActionItem]:
    return list(
        ActionItem.objects.open()
        .filter(owner=user)
        .select_related("project", "agenda_item__meeting")
        .order_by("due_date", "pk")
    )


def overdue_actions(*, today: datetime.date, limit: int = 50) -> list[ActionItem]:
    return list(
        ActionItem.objects.overdue(today)
        .select_related("project", "owner", "agenda_item__meeting")
        .order_by("due_date", "pk")[:limit]
    )


def action_owners() -> QuerySet[User]:
    return User.objects.filter(pk__in=ActionItem.objects.open().values("owner"))


# ---- Baselines -----------------------------------------------------------------------------------------


def plan_snapshot(*, project: Project) -> dict:
    """The current plan in the shape a baseline keeps."""
    milestones = [
        {"id": m.pk, "title": m.title, "planned_date": m.planned_date.isoformat(), "weight": m.weight}
        for m in Milestone.objects.filter(project=project).exclude(status=MilestoneStatus.WAIVED)
    ]
    budget = [
        {
            "year": line.year,
            "source_id": line.source_id,
            "source": line.source.name,
            "approved": str(line.approved),
        }
        for line in BudgetLine.objects.filter(project=project)
        .select_related("source")
        .order_by("year", "source__order")
    ]
    return {
        "planned_start": project.planned_start,
        "planned_end": project.planned_end,
        "milestones": milestones,
        "budget": budget,
    }


@dataclass(frozen=True)
class BaselineComparison:
    baseline: Baseline
    moved: list[dict]
    added: list[dict]
    dropped: list[dict]
    amounts: list[dict]
    start_moved_days: int | None
    end_moved_days: int | None
    variance_plan: int | None
    variance_baseline: int | None


def _days(new: datetime.date | None, old: datetime.date | None) -> int | None:
    return (new - old).days if new and old else None


def baseline_comparison(*, project: Project, baseline: Baseline, today: datetime.date) -> BaselineComparison:
    """The current plan against a baseline: milestones moved (days, positive = later), added
    (not in the baseline) or dropped (in the baseline, now gone or waived), approved amounts
    changed by year and source; the schedule variance against the current planned dates and
    against the baseline's (the most delayed counting milestone, as on the execution panel)."""
    current = {m.pk: m for m in Milestone.objects.filter(project=project)}
    counting = {pk: m for pk, m in current.items() if m.status != MilestoneStatus.WAIVED}
    kept = {row["id"]: row for row in baseline.milestones}
    moved, added, dropped = [], [], []
    for pk, row in kept.items():
        milestone = counting.get(pk)
        if milestone is None:
            dropped.append(row)
            continue
        days = (milestone.planned_date - datetime.date.fromisoformat(row["planned_date"])).days
        if days or milestone.weight != row["weight"]:
            moved.append({"milestone": milestone, "baseline": row, "days": days})
    for pk, milestone in counting.items():
        if pk not in kept:
            added.append({"milestone": milestone})
    lines = {
        (line.year, line.source_id): line
        for line in BudgetLine.objects.filter(project=project).select_related("source")
    }
    amounts = []
    seen = set()
    for row in baseline.budget:
        key = (row["year"], row["source_id"])
        seen.add(key)
        before = Decimal(row["approved"])
        now = lines[key].approved if key in lines else ZERO
        if now != before:
            amounts.append({"year": row["year"], "source": row["source"], "before": before, "now": now})
    for key, line in sorted(lines.items()):
        if key not in seen and line.approved:
            amounts.append(
                {"year": line.year, "source": line.source.name, "before": ZERO, "now": line.approved}
            )
    return BaselineComparison(
        baseline=baseline,
        moved=moved,
        added=added,
        dropped=dropped,
        amounts=amounts,
        start_moved_days=_days(project.planned_start, baseline.planned_start),
        end_moved_days=_days(project.planned_end, baseline.planned_end),
        variance_plan=_variance(counting.values(), {}, today),
        variance_baseline=_variance(
            [m for pk, m in counting.items() if pk in kept],
            {pk: datetime.date.fromisoformat(row["planned_date"]) for pk, row in kept.items()},
            today,
        ),
    )


def _variance(milestones, planned: dict, today: datetime.date) -> int | None:
    """The execution panel's schedule variance, with the planned dates of ``planned`` (the
    baseline's) where given, else the milestone's own."""
    shifted = []
    for milestone in milestones:
        copy = copy_module.copy(milestone)
        copy.planned_date = planned.get(milestone.pk, milestone.planned_date)
        shifted.append(copy)
    return schedule_variance_days(shifted, today=today)


# ---- The minutes -------------------------------------------------------------------------------------


def minutes_recipients(*, meeting_id: int) -> list[str]:
    """The addresses the minutes go to: the attendees and the chair."""
    meeting = Meeting.objects.select_related("chair").get(pk=meeting_id)
    people = list(meeting.attendees.exclude(email="").values_list("email", flat=True))
    if meeting.chair.email:
        people.append(meeting.chair.email)
    return people


def minutes_context(*, meeting_id: int) -> dict:
    """What the minutes PDF (会议纪要) shows: the meeting, attendees, and per agenda item the
    month's rating, minutes, decisions and action items."""
    meeting = Meeting.objects.filter(pk=meeting_id).select_related("chair", "closed_by").first()
    if meeting is None:
        return {"meeting": None}
    items = list(
        meeting.agenda.select_related("project", "project__lead_department").prefetch_related(
            "decisions", "actions__owner", "actions__department"
        )
    )
    reports = {
        r.project_id: r
        for r in StatusReport.objects.filter(month=meeting.month, project__in=[i.project_id for i in items])
    }
    return {
        "meeting": meeting,
        "attendees": list(
            meeting.attendees.select_related("department").order_by("department__name", "username")
        ),
        "rows": [{"item": item, "report": reports.get(item.project_id)} for item in items],
        "actions": [action for item in items for action in item.actions.all()],
    }
