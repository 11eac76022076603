"""What goes into each report, read from the database. Rates come from the shared selectors
(``projects.selectors``) so a report shows the same figures as the pages."""

import datetime
from collections import Counter

from django.db.models import Case, F, IntegerField, QuerySet, When
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from core.money import format_percent, two_places
from indicators.models import Indicator
from indicators.selectors import indicator_rows, status_counts
from projects.filters import ProjectFilter
from projects.models import (
    BudgetAdjustment,
    BudgetLine,
    FundingSource,
    Milestone,
    Project,
    ProjectGroup,
    Stage,
)
from projects.models.execution import MilestoneStatus, Severity
from projects.selectors import as_of
from projects.selectors.budget import BudgetFigures, budget_breakdown, budget_figures, line_figures
from projects.selectors.execution import (
    milestone_variance_days,
    progress_of,
    schedule_variance_days,
    with_progress,
)
from projects.selectors.portfolio import project_list

from . import assessment, highlights
from .charts import Bar, bar_chart
from .models import CycleReportText, ReportKind, ReportRun
from .periods import cycle_label, month_label, parse_month

# The most severe problem first: the stored values sort alphabetically (medium before critical).
SEVERITY_FIRST = Case(
    When(severity=Severity.CRITICAL, then=0),
    When(severity=Severity.HIGH, then=1),
    When(severity=Severity.MEDIUM, then=2),
    default=3,
    output_field=IntegerField(),
)

# Long lists stop here and say how many more there are, so a report stays readable at 2,000 projects.
LIST_LIMIT = 60


def _limited(queryset: QuerySet) -> dict:
    """The first LIST_LIMIT rows and how many more there are (two queries, whatever their number)."""
    return {"rows": list(queryset[:LIST_LIMIT]), "more": max(queryset.count() - LIST_LIMIT, 0)}


def _stage_table(projects: QuerySet, stages: dict[int, str]) -> dict:
    """Projects counted by group × stage as of the report's day (``stages``: project id → stage)."""
    group_of = dict(projects.order_by().values_list("pk", "group_id"))
    counts = Counter((group_of[pk], stage) for pk, stage in stages.items() if pk in group_of)
    present = [stage for stage in Stage if any(key[1] == stage.value for key in counts)]
    groups = list(ProjectGroup.objects.all())
    rows = [
        {
            "group": group,
            "cells": [counts[(group.pk, stage.value)] for stage in present],
            "total": sum(counts[(group.pk, stage.value)] for stage in present),
        }
        for group in groups
    ]
    stage_totals = [sum(counts[(group.pk, stage.value)] for group in groups) for stage in present]
    bars = [Bar(stage.label, total, str(total)) for stage, total in zip(present, stage_totals, strict=True)]
    return {"stages": present, "rows": rows, "totals": stage_totals, "chart": bar_chart(bars)}


def _budget_by_source(*, year: int, day: datetime.date) -> dict:
    """The year's budget lines as of ``day``, added up per funding source in the database."""
    lines = BudgetLine.objects.filter(year=year)
    by_source = as_of.budget_breakdown_as_of(lines=lines, as_of=day, by="source")
    rows = [
        ({"source__name": source.name}, by_source[source.pk])
        for source in FundingSource.objects.filter(pk__in=list(by_source)).order_by("order", "code")
    ]
    chart = bar_chart(
        [
            Bar(keys["source__name"], figures.execution_rate, format_percent(figures.execution_rate))
            for keys, figures in rows
        ]
    )
    return {"rows": rows, "total": as_of.add_figures(list(by_source.values())), "chart": chart}


def _grades(projects: QuerySet, *, day: datetime.date | None = None) -> dict:
    accepted_before = as_of.end_of_day(day) if day else None
    grades = assessment.latest_grades(projects=projects, accepted_before=accepted_before)
    if grades is None:
        return {"connected": False}
    graded = projects.filter(pk__in=list(grades))
    rows = [(project, grades[project.pk]) for project in graded.order_by("code")[:LIST_LIMIT]]
    return {"connected": True, "rows": rows, "more": max(graded.count() - LIST_LIMIT, 0)}


def _with_status_as_of(milestones: list[Milestone], day: datetime.date) -> list[Milestone]:
    """Each milestone gets ``status_label``: its status at the end of ``day``, from its dates."""
    for milestone in milestones:
        if as_of.milestone_done_as_of(milestone, day):
            milestone.status_label = MilestoneStatus.DONE.label
        elif milestone.planned_date < day:
            milestone.status_label = _("Overdue")
        elif milestone.planned_date == day:
            milestone.status_label = _("Due, not done")
        else:
            milestone.status_label = MilestoneStatus.IN_PROGRESS.label
    return milestones


def _limited_milestones(queryset: QuerySet, day: datetime.date) -> dict:
    block = _limited(queryset)
    block["rows"] = _with_status_as_of(block["rows"], day)
    return block


def portfolio_snapshot(
    *, day: datetime.date, first: datetime.date | None = None, money: BudgetFigures | None = None
) -> dict:
    """The headline figures of the portfolio at the end of ``day`` (the month of ``first`` for
    the milestones due); the monthly report prints this for its month and compares it with the
    month before and the same month a year earlier. ``money``: the budget figures of the year
    of ``day`` at ``day``, when the caller has added them up already."""
    first = first or day.replace(day=1)
    projects = Project.objects.all()
    stages = as_of.stages_as_of(projects=projects, as_of=day)
    due = as_of.milestones_due_between(first=first, last=day)
    problems = as_of.problems_open_as_of(as_of=day)
    if money is None:
        money = as_of.budget_figures_as_of(lines=BudgetLine.objects.filter(year=day.year), as_of=day)
    return {
        "total": len(stages),
        "active": sum(1 for stage in stages.values() if stage in (Stage.IMPLEMENTATION, Stage.ACCEPTANCE)),
        "due": due.count(),
        "due_done": due.filter(as_of.done_by(day)).count(),
        "overdue": as_of.milestones_overdue_as_of(as_of=day).count(),
        "open_problems": problems.count(),
        "serious_problems": problems.serious().count(),
        "approved": money.approved,
        "execution_rate": money.execution_rate,
        "budget_execution_rate": money.budget_execution_rate,
        "allocation_rate": money.allocation_rate,
    }


def monthly_report_context(*, period: str, today: datetime.date | None = None) -> dict:
    """The monthly portfolio report (月度进展报告) of a "YYYY-MM" period, as the portfolio stood
    at the end of the period (or today, for the running month): built again later, after edits
    dated after the period, it shows the same figures."""
    first, last = parse_month(period)
    today = today or timezone.localdate()
    day = min(today, last)
    projects = Project.objects.with_list_relations()
    stages = as_of.stages_as_of(projects=projects, as_of=day)
    milestones = Milestone.objects.select_related("project", "owner")
    due = milestones.filter(pk__in=as_of.milestones_due_between(first=first, last=last)).order_by(
        "planned_date", "project__code"
    )
    overdue = milestones.filter(pk__in=as_of.milestones_overdue_as_of(as_of=day)).order_by(
        "planned_date", "project__code"
    )
    problems = (
        as_of.problems_open_as_of(as_of=day)
        .select_related("project", "owner")
        .order_by(SEVERITY_FIRST, F("due_date").asc(nulls_last=True), "pk")
    )
    budget = _budget_by_source(year=first.year, day=day)
    # The headline's money is the by-source table's total (but for a month still ahead: another year).
    same_year = day.year == first.year
    headline = portfolio_snapshot(day=day, first=first, money=budget["total"] if same_year else None)
    headline["key"] = projects.filter(is_key=True).count()
    previous_last = first - datetime.timedelta(days=1)
    previous = portfolio_snapshot(day=previous_last)
    progress_projects = list(
        as_of.with_progress_as_of(projects, as_of=day).order_by("group__order", "code")[:LIST_LIMIT]
    )
    progress_rows = []
    for project in progress_projects:
        project.stage = stages.get(project.pk, project.stage)
        progress_rows.append((project, progress_of(project)))
    key_projects, key_projects_total = highlights.key_projects(year=first.year, day=day, limit=LIST_LIMIT)
    context = {
        "kind": ReportKind.MONTHLY,
        "title": _("Monthly progress report of the smart-city projects"),
        "period_label": month_label(first),
        "first": first,
        "last": last,
        "as_of": day,
        "headline": headline,
        "previous": previous,
        "changes": highlights.changes(headline, previous),
        "budget_year": first.year,
        "by_stage": _stage_table(projects, stages),
        "budget": budget,
        "due": _limited_milestones(due, day),
        "overdue": _limited_milestones(overdue, day),
        "problems": _limited(problems),
        "progress_rows": progress_rows,
        "progress_more": max(headline["total"] - LIST_LIMIT, 0),
        "grades": _grades(projects, day=day),
        "key_projects": key_projects,
        "key_projects_more": max(key_projects_total - LIST_LIMIT, 0),
        "indicators": _indicators(day),
    }
    context["highlights"] = highlights.monthly_highlights(first=first, last=last, day=day, headline=headline)
    return context


def _indicators(day: datetime.date) -> dict:
    """City indicators as of the report date: how many stand where, and each with its standing."""
    rows = indicator_rows(Indicator.objects.all(), today=day, as_of=True)
    return {
        "counts": [(status, n) for status, n in status_counts(rows) if n],
        "rows": rows[:LIST_LIMIT],
        "more": max(len(rows) - LIST_LIMIT, 0),
    }


def cycle_report_context(*, cycle_id: int) -> dict:
    """The assessment-cycle report (绩效评价报告), laid out after the Ministry of Finance outline."""
    outline = assessment.cycle_outline(cycle_id=cycle_id)
    context = {"kind": ReportKind.CYCLE, "title": _("Performance assessment report"), "outline": outline}
    if outline is None:
        context["period_label"] = cycle_label(cycle_id)
        return context
    graded = [row for row in outline.projects if row.total is not None]
    text = CycleReportText.objects.filter(cycle_id=cycle_id, published_at__isnull=False).first()
    context.update(
        period_label=outline.title,
        problems=CycleReportText.items(text.problems) if text else outline.problems,
        recommendations=CycleReportText.items(text.recommendations) if text else outline.recommendations,
        text_published=text,
        grade_counts=sorted(Counter(row.grade for row in graded).items()),
        grade_chart=bar_chart(
            [Bar(str(row.project.name), row.total, f"{two_places(row.total)} {row.grade}") for row in graded]
        ),
        indicator_chart=bar_chart(
            [Bar(item.name, item.average, two_places(item.average)) for item in outline.indicators]
        ),
    )
    return context


def dossier_context(*, project: Project, today: datetime.date | None = None) -> dict:
    """One project's whole record (项目档案)."""
    today = today or timezone.localdate()
    project = with_progress(Project.objects.with_list_relations(), today=today).get(pk=project.pk)
    lines = BudgetLine.objects.filter(project=project)
    by_year = budget_breakdown(lines=lines, by="year")
    milestones = list(project.milestones.select_related("owner").order_by("planned_date", "pk"))
    for milestone in milestones:
        milestone.variance_days = milestone_variance_days(milestone, today=today)
    return {
        "kind": ReportKind.DOSSIER,
        "title": _("Project dossier"),
        "period_label": f"{project.code} {project.name}",
        "project": project,
        "today": today,
        "progress": progress_of(project),
        "variance_days": schedule_variance_days(milestones, today=today),
        "transitions": project.transitions.select_related("by").order_by("at", "pk"),
        "reviews": project.reviews.prefetch_related("opinions", "conditions").order_by("round_no"),
        "budget_total": budget_figures(lines=lines),
        "budget_by_year": by_year,
        "budget_chart": bar_chart(
            [
                Bar(str(keys["year"]), figures.execution_rate, format_percent(figures.execution_rate))
                for keys, figures in by_year
            ]
        ),
        "budget_lines": [
            (line, line_figures(line))
            for line in lines.select_related("source").order_by("year", "source__order")
        ],
        "adjustments": BudgetAdjustment.objects.filter(line__project=project)
        .select_related("line__source", "requested_by", "decided_by")
        .order_by("requested_at", "pk"),
        "milestones": milestones,
        "problems": project.problems.select_related("owner").order_by("-raised_at"),
        "grades": _grades(Project.objects.filter(pk=project.pk)),
        "assessments": assessment.project_scores(project=project),
    }


def portfolio_list_context(*, user, params, today: datetime.date | None = None) -> dict:
    """The project list as the user filtered it on the portfolio page, for a PDF to hand to
    people without an account: the filters in words, then one line per project."""
    today = today or timezone.localdate()
    project_filter = ProjectFilter(params, queryset=project_list(user=user))
    projects = project_filter.qs
    if not project_filter.form.cleaned_data.get("ordering"):
        projects = projects.order_by("group__order", "code")
    approved = {
        keys["project_id"]: figures
        for keys, figures in budget_breakdown(
            lines=BudgetLine.objects.filter(project__in=projects), by="project_id"
        )
    }
    rows = [
        (project, progress_of(project), approved.get(project.pk))
        for project in with_progress(projects, today=today)
    ]
    applied = []
    form = project_filter.form
    for name, field in form.fields.items():
        value = form.cleaned_data.get(name)
        if name == "ordering" or value in (None, "", [], ()):
            continue
        if isinstance(value, bool):
            shown = _("Yes") if value else _("No")
        elif hasattr(field, "choices") and not hasattr(value, "pk"):
            shown = dict(field.choices).get(value, value)
        else:
            shown = value
        applied.append(f"{field.label}：{shown}")
    return {
        "kind": "portfolio",
        "title": _("Project portfolio"),
        "period_label": today.isoformat(),
        "rows": rows,
        "applied": applied,
        "today": today,
    }


def archive_runs(user: User) -> QuerySet[ReportRun]:
    """The archive a user may see, with what its rows show (the office also sees the mailing)."""
    runs = ReportRun.objects.visible_to(user).select_related("requested_by", "project")
    return runs.prefetch_related("deliveries") if user.is_office else runs
