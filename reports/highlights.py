"""本月要点: the monthly report's first page, sentences generated from the portfolio as it was at
the end of the month, and the line per key project of the year's plan. Every figure is read
through ``projects.selectors.as_of``, so a past month's sentences never change."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from core.money import format_percent, format_wan, to_percent
from projects.health import Health, HealthInputs, health_of, time_elapsed
from projects.models import (
    AnnualPlan,
    BudgetLine,
    Milestone,
    Problem,
    Project,
    StageMoveRequest,
)
from projects.models.execution import Severity
from projects.models.lifecycle import MoveRequestStatus
from projects.models.portfolio import Stage
from projects.selectors import as_of
from projects.selectors.execution import progress_of

from . import assessment

# A sentence lists this many names, then says how many more.
NAMES_IN_SENTENCE = 5
DECISIONS = 3


def _names(items: list[str], total: int) -> str:
    """The first names of a list of ``total`` items, then how many more."""
    shown = "；".join(items[:NAMES_IN_SENTENCE])
    if total > NAMES_IN_SENTENCE:
        shown += _(" and %(n)d more") % {"n": total - NAMES_IN_SENTENCE}
    return shown


def _listing(items: list[str], total: int) -> str:
    """ "：a；b" after a count, or nothing when the list is empty."""
    return f"：{_names(items, total)}" if total else ""


def _first_and_count(queryset: QuerySet) -> tuple[list, int]:
    """The rows a sentence names and how many there are in all (two queries, whatever their number)."""
    return list(queryset[:NAMES_IN_SENTENCE]), queryset.count()


def _person(user, fallback: str = "") -> str:
    if user is None:
        return fallback or "—"
    return user.get_full_name() or user.username


def _points(rate: Decimal | None) -> Decimal | None:
    return None if rate is None else to_percent(rate)


def delta(current, previous, *, rate: bool = False, money: bool = False) -> str:
    """The change from the previous period as an arrow and amount: "↑3", "↓1.2个百分点", "持平"."""
    if current is None or previous is None:
        return ""
    if rate:
        difference = _points(current) - _points(previous)
    elif money:
        difference = Decimal(current) - Decimal(previous)
    else:
        difference = current - previous
    if not difference:
        return _("unchanged")
    arrow = "↑" if difference > 0 else "↓"
    size = abs(difference)
    if rate:
        return _("%(arrow)s%(n)s pts") % {"arrow": arrow, "n": size}
    if money:
        return f"{arrow}{format_wan(size)}"
    return f"{arrow}{size}"


def changes(headline: dict, previous: dict) -> dict:
    """Each headline figure's change from the end of the previous month."""
    return {
        "total": delta(headline["total"], previous["total"]),
        "active": delta(headline["active"], previous["active"]),
        "approved": delta(headline["approved"], previous["approved"], money=True),
        "execution_rate": delta(headline["execution_rate"], previous["execution_rate"], rate=True),
        "budget_execution_rate": delta(
            headline["budget_execution_rate"], previous["budget_execution_rate"], rate=True
        ),
        "allocation_rate": delta(headline["allocation_rate"], previous["allocation_rate"], rate=True),
        "overdue": delta(headline["overdue"], previous["overdue"]),
        "open_problems": delta(headline["open_problems"], previous["open_problems"]),
    }


def _trend(current: Decimal | None, other: Decimal | None) -> str:
    if current is None or other is None:
        return _("no figure to compare")
    difference = _points(current) - _points(other)
    if not difference:
        return _("unchanged")
    if difference > 0:
        return _("up %(n)s pts") % {"n": difference}
    return _("down %(n)s pts") % {"n": -difference}


def _against_plan(current: Decimal | None, plan: Decimal | None) -> str:
    if current is None or plan is None:
        return _("no figure to compare")
    difference = _points(current) - _points(plan)
    if not difference:
        return _("on schedule")
    if difference > 0:
        return _("ahead by %(n)s pts") % {"n": difference}
    return _("behind by %(n)s pts") % {"n": -difference}


def _same_day_last_year(day: datetime.date) -> datetime.date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


def execution_sentence(*, day: datetime.date, rate: Decimal | None) -> str:
    """The year's execution rate at ``day`` against the same day a year earlier and against the
    share of the year gone by (the time schedule)."""
    year = day.year
    if rate is None:
        return _("As of %(day)s no budget of %(year)s is approved, so there is no execution rate yet.") % {
            "day": day.isoformat(),
            "year": year,
        }
    last_year_day = _same_day_last_year(day)
    last_year = as_of.budget_figures_as_of(
        lines=BudgetLine.objects.filter(year=last_year_day.year), as_of=last_year_day
    ).execution_rate
    plan = time_elapsed(start=datetime.date(year, 1, 1), end=datetime.date(year, 12, 31), today=day)
    return _(
        "Budget execution rate of %(year)s as of %(day)s: %(rate)s; against the same day last year "
        "(%(last_year)s) %(vs_last_year)s; the time schedule calls for %(plan)s, %(vs_plan)s."
    ) % {
        "year": year,
        "day": day.isoformat(),
        "rate": format_percent(rate),
        "last_year": format_percent(last_year),
        "vs_last_year": _trend(rate, last_year),
        "plan": format_percent(plan),
        "vs_plan": _against_plan(rate, plan),
    }


@dataclass(frozen=True)
class Decision:
    what: str
    project: Project
    owner: str
    since: datetime.date
    rank: int

    @property
    def sentence(self) -> str:
        return _("%(what)s (%(project)s, owner %(owner)s, since %(since)s)") % {
            "what": self.what,
            "project": f"{self.project.code} {self.project.name}",
            "owner": self.owner,
            "since": self.since.isoformat(),
        }


def decisions(*, day: datetime.date, limit: int = DECISIONS) -> list[Decision]:
    """What most needs a leader's decision at the end of ``day``: critical, then high problems
    still open; budget adjustments and stage moves waiting for a decision; overdue milestones of
    key projects. Within a kind the oldest comes first."""
    cutoff = as_of.end_of_day(day)
    found = []
    serious = (
        as_of.problems_open_as_of(as_of=day)
        .serious()
        .select_related("project", "owner")
        .order_by("raised_at", "pk")[:limit]
    )
    for problem in serious:
        rank = 0 if problem.severity == Severity.CRITICAL else 1
        found.append(
            Decision(
                what=_("%(severity)s problem: %(title)s")
                % {"severity": problem.get_severity_display(), "title": problem.title},
                project=problem.project,
                owner=_person(problem.owner, problem.project.responsible_person),
                since=problem.raised_at.date(),
                rank=rank,
            )
        )
    for adjustment in (
        as_of.adjustments_pending_as_of(as_of=day)
        .select_related("line__project", "requested_by")
        .order_by("requested_at", "pk")[:limit]
    ):
        found.append(
            Decision(
                what=_("budget adjustment waiting: %(old)s → %(new)s (10k yuan)")
                % {"old": format_wan(adjustment.old_amount), "new": format_wan(adjustment.new_amount)},
                project=adjustment.line.project,
                owner=_person(adjustment.requested_by),
                since=adjustment.requested_at.date(),
                rank=2,
            )
        )
    move_requests = (
        StageMoveRequest.objects.filter(requested_at__lt=cutoff)
        .exclude(decided_at__lt=cutoff)
        .exclude(status=MoveRequestStatus.DONE, decided_at__isnull=True)
        .select_related("project", "requested_by")
        .order_by("requested_at", "pk")[:limit]
    )
    for request in move_requests:
        found.append(
            Decision(
                what=_("stage move to %(stage)s asked for") % {"stage": Stage(request.to_stage).label},
                project=request.project,
                owner=_person(request.requested_by),
                since=request.requested_at.date(),
                rank=2,
            )
        )
    overdue_key = (
        as_of.milestones_overdue_as_of(as_of=day)
        .filter(project__is_key=True)
        .select_related("project", "owner")
        .order_by("planned_date", "pk")[:limit]
    )
    for milestone in overdue_key:
        found.append(
            Decision(
                what=_("milestone overdue: %(title)s") % {"title": milestone.title},
                project=milestone.project,
                owner=_person(milestone.owner, milestone.project.responsible_person),
                since=milestone.planned_date,
                rank=3,
            )
        )
    return sorted(found, key=lambda item: (item.rank, item.since, item.project.code))[:limit]


def monthly_highlights(
    *, first: datetime.date, last: datetime.date, day: datetime.date, headline: dict
) -> dict:
    """The sentences of 本月要点 for the month ``first``–``last``, read at the end of ``day``."""
    projects = Project.objects.all()
    moves = as_of.stage_moves_between(projects=projects, first=first, last=day)
    sentences = []
    first_moves, move_count = _first_and_count(moves)
    move_names = [
        _("%(project)s from %(from)s to %(to)s")
        % {
            "project": move.project.name,
            "from": Stage(move.from_stage).label,
            "to": Stage(move.to_stage).label,
        }
        for move in first_moves
    ]
    if move_count:
        moved = moves.order_by().values("project").distinct().count()
        sentences.append(
            _("%(n)d project(s) changed stage this month: %(list)s.")
            % {"n": moved, "list": _names(move_names, move_count)}
        )
    else:
        sentences.append(_("No project changed stage this month."))

    achieved, n = _first_and_count(
        Milestone.objects.filter(as_of.done_by(day), actual_date__gte=first)
        .select_related("project")
        .order_by("actual_date", "project__code")
    )
    sentences.append(
        _("Milestones achieved this month: %(n)d%(list)s.")
        % {"n": n, "list": _listing([f"{m.project.name}「{m.title}」" for m in achieved], n)}
    )
    missed, n = _first_and_count(
        as_of.milestones_due_between(first=first, last=day)
        .exclude(as_of.done_by(day))
        .select_related("project")
        .order_by("planned_date", "project__code")
    )
    sentences.append(
        _("Milestones due this month and not achieved: %(n)d%(list)s.")
        % {"n": n, "list": _listing([f"{m.project.name}「{m.title}」" for m in missed], n)}
    )
    sentences.append(execution_sentence(day=day, rate=headline["execution_rate"]))

    cutoff_first = as_of.end_of_day(first - datetime.timedelta(days=1))
    open_serious = as_of.problems_open_as_of(as_of=day).serious().select_related("project")
    new_serious, n = _first_and_count(
        Problem.objects.serious()
        .filter(raised_at__gte=cutoff_first, raised_at__lt=as_of.end_of_day(day))
        .select_related("project")
        .order_by("raised_at", "pk")
    )
    sentences.append(
        _("New serious problems this month: %(n)d%(list)s.")
        % {"n": n, "list": _listing([f"{p.project.name}「{p.title}」" for p in new_serious], n)}
    )
    overdue_serious, n = _first_and_count(open_serious.filter(due_date__lt=day).order_by("due_date", "pk"))
    sentences.append(
        _("Serious problems open past their due date: %(n)d%(list)s.")
        % {"n": n, "list": _listing([f"{p.project.name}「{p.title}」" for p in overdue_serious], n)}
    )
    accepted, n = assessment.accepted_between(
        start=cutoff_first, end=as_of.end_of_day(day), limit=NAMES_IN_SENTENCE
    )
    sentences.append(
        _("Assessments accepted this month: %(n)d%(list)s.")
        % {
            "n": n,
            "list": _listing(
                [
                    _("%(project)s %(total)s points (%(grade)s)")
                    % {"project": row.project.name, "total": row.total, "grade": row.grade_label}
                    for row in accepted
                ],
                n,
            ),
        }
    )
    return {"sentences": sentences, "decisions": decisions(day=day)}


@dataclass(frozen=True)
class KeyProjectLine:
    project: Project
    stage_label: str
    health: Health
    reasons: list[str]
    progress: Decimal | None
    execution_rate: Decimal | None
    next_milestone: Milestone | None


def _key_projects_queryset(year: int) -> QuerySet:
    plan = AnnualPlan.objects.filter(year=year).first()
    projects = Project.objects.all()
    if plan is not None:
        return projects.filter(plan_items__plan=plan, plan_items__is_key=True)
    return (
        projects.filter(is_key=True).exclude(planned_start__year__gt=year).exclude(planned_end__year__lt=year)
    )


def key_projects(*, year: int, day: datetime.date, limit: int) -> tuple[list[KeyProjectLine], int]:
    """One line per key project of the year's plan (without a plan, the key projects running in
    the year), the first ``limit`` by code: health by the dashboard's rule, all of it as of
    ``day``; and how many key projects there are in all."""
    key = _key_projects_queryset(year)
    total = key.count()
    projects = Project.objects.with_list_relations().filter(
        pk__in=list(key.order_by("code").values_list("pk", flat=True)[:limit])
    )
    stages = as_of.stages_as_of(projects=projects, as_of=day)
    execution = {
        pk: figures.execution_rate
        for pk, figures in as_of.budget_breakdown_as_of(
            lines=BudgetLine.objects.filter(year=year, project__in=projects), as_of=day, by="project"
        ).items()
    }
    serious_overdue = {}
    for project_id in (
        as_of.problems_open_as_of(as_of=day)
        .serious()
        .filter(project__in=projects, due_date__lt=day)
        .values_list("project_id", flat=True)
    ):
        serious_overdue[project_id] = serious_overdue.get(project_id, 0) + 1
    year_elapsed = time_elapsed(start=datetime.date(year, 1, 1), end=datetime.date(year, 12, 31), today=day)
    annotated = as_of.with_progress_as_of(projects, as_of=day).prefetch_related(
        Prefetch(
            "milestones", queryset=Milestone.objects.filter(as_of.counting()).order_by("planned_date", "pk")
        )
    )
    lines = []
    for project in annotated.order_by("code"):
        progress = progress_of(project)
        health, reasons = health_of(
            HealthInputs(
                overdue_milestones=project.overdue_milestones,
                overdue_serious_problems=serious_overdue.get(project.pk, 0),
                progress=progress if project.counted_weight else None,
                time_elapsed=time_elapsed(start=project.planned_start, end=project.planned_end, today=day),
                execution_rate=execution.get(project.pk),
                year_elapsed=year_elapsed,
            )
        )
        upcoming = [m for m in project.milestones.all() if not as_of.milestone_done_as_of(m, day)]
        lines.append(
            KeyProjectLine(
                project=project,
                stage_label=Stage(stages[project.pk]).label,
                health=health,
                reasons=reasons,
                progress=progress,
                execution_rate=execution.get(project.pk),
                next_milestone=upcoming[0] if upcoming else None,
            )
        )
    return lines, total
