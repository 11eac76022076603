"""What goes into each report, read from the database. Rates come from the shared selectors
(``projects.selectors``) so a report shows the same figures as the pages."""

import datetime
from collections import Counter

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from indicators.models import Indicator
from indicators.selectors import indicator_rows, status_counts
from projects.models import BudgetLine, Milestone, Problem, Project, ProjectGroup, Stage
from projects.selectors.budget import budget_breakdown, budget_figures
from projects.selectors.execution import progress_of, with_progress
from projects.templatetags.portfolio_tags import percent

from . import assessment
from .charts import Bar, bar_chart
from .models import ReportKind, ReportRun
from .periods import cycle_label, month_label, parse_month

# Long lists stop here and say how many more there are, so a report stays readable at 2,000 projects.
LIST_LIMIT = 60


def _limited(queryset: QuerySet) -> dict:
    rows = list(queryset[: LIST_LIMIT + 1])
    return {
        "rows": rows[:LIST_LIMIT],
        "more": max(queryset.count() - LIST_LIMIT, 0) if len(rows) > LIST_LIMIT else 0,
    }


def _stage_table(projects: QuerySet) -> dict:
    """Projects counted by group × stage, in one query."""
    counts = Counter(
        {
            (row["group_id"], row["stage"]): row["n"]
            for row in projects.order_by().values("group_id", "stage").annotate(n=Count("pk"))
        }
    )
    stages = [stage for stage in Stage if any(key[1] == stage.value for key in counts)]
    groups = list(ProjectGroup.objects.all())
    rows = [
        {
            "group": group,
            "cells": [counts[(group.pk, stage.value)] for stage in stages],
            "total": sum(counts[(group.pk, stage.value)] for stage in stages),
        }
        for group in groups
    ]
    stage_totals = [sum(counts[(group.pk, stage.value)] for group in groups) for stage in stages]
    bars = [Bar(stage.label, total, str(total)) for stage, total in zip(stages, stage_totals, strict=True)]
    chart = bar_chart(bars)
    return {"stages": stages, "rows": rows, "totals": stage_totals, "chart": chart}


def _budget_by_source(lines: QuerySet) -> dict:
    rows = budget_breakdown(lines=lines, by="source__name")
    chart = bar_chart(
        [
            Bar(keys["source__name"], figures.execution_rate, percent(figures.execution_rate))
            for keys, figures in rows
        ]
    )
    return {"rows": rows, "total": budget_figures(lines=lines), "chart": chart}


def _grades(projects: QuerySet) -> dict:
    grades = assessment.latest_grades(projects=projects)
    if grades is None:
        return {"connected": False}
    graded = projects.filter(pk__in=list(grades))
    rows = [(project, grades[project.pk]) for project in graded.order_by("code")[:LIST_LIMIT]]
    return {"connected": True, "rows": rows, "more": max(graded.count() - LIST_LIMIT, 0)}


def monthly_report_context(*, period: str, today: datetime.date | None = None) -> dict:
    """The monthly portfolio report (月度进展报告) of a "YYYY-MM" period."""
    first, last = parse_month(period)
    today = today or timezone.localdate()
    as_of = min(today, last)
    projects = Project.objects.with_list_relations()
    lines = BudgetLine.objects.filter(year=first.year)
    milestones = Milestone.objects.select_related("project")
    due = milestones.filter(planned_date__range=(first, last)).order_by("planned_date", "project__code")
    overdue = milestones.overdue(today=as_of).order_by("planned_date", "project__code")
    problems = (
        Problem.objects.open().select_related("project", "owner").order_by("-severity", "due_date", "pk")
    )
    headline = projects.order_by().aggregate(
        total=Count("pk"),
        key=Count("pk", filter=Q(is_key=True)),
        active=Count("pk", filter=Q(stage__in=[Stage.IMPLEMENTATION, Stage.ACCEPTANCE])),
    )
    headline.update(
        due=due.count(),
        due_done=due.filter(status="done").count(),
        overdue=overdue.count(),
        open_problems=problems.count(),
        serious_problems=problems.serious().count(),
    )
    progress_rows = [
        (project, progress_of(project))
        for project in with_progress(projects, today=as_of).order_by("group__order", "code")[:LIST_LIMIT]
    ]
    return {
        "kind": ReportKind.MONTHLY,
        "title": _("Monthly progress report of the smart-city projects"),
        "period_label": month_label(first),
        "first": first,
        "last": last,
        "as_of": as_of,
        "headline": headline,
        "budget_year": first.year,
        "by_stage": _stage_table(projects),
        "budget": _budget_by_source(lines),
        "due": _limited(due),
        "overdue": _limited(overdue),
        "problems": _limited(problems),
        "progress_rows": progress_rows,
        "progress_more": max(headline["total"] - LIST_LIMIT, 0),
        "grades": _grades(projects),
        "indicators": _indicators(as_of),
    }


def _indicators(as_of: datetime.date) -> dict:
    """City indicators as of the report date: how many stand where, and each with its standing."""
    rows = indicator_rows(Indicator.objects.all(), today=as_of, as_of=True)
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
    context.update(
        period_label=outline.title,
        grade_counts=sorted(Counter(row.grade for row in graded).items()),
        grade_chart=bar_chart(
            [Bar(str(row.project.name), row.total, f"{row.total} {row.grade}") for row in graded]
        ),
        indicator_chart=bar_chart(
            [Bar(item.name, item.average, str(item.average or "—")) for item in outline.indicators]
        ),
    )
    return context


def dossier_context(*, project: Project, today: datetime.date | None = None) -> dict:
    """One project's whole record (项目档案)."""
    today = today or timezone.localdate()
    project = with_progress(Project.objects.with_list_relations(), today=today).get(pk=project.pk)
    lines = BudgetLine.objects.filter(project=project)
    by_year = budget_breakdown(lines=lines, by="year")
    return {
        "kind": ReportKind.DOSSIER,
        "title": _("Project dossier"),
        "period_label": f"{project.code} {project.name}",
        "project": project,
        "progress": progress_of(project),
        "transitions": project.transitions.select_related("by").order_by("at", "pk"),
        "reviews": project.reviews.prefetch_related("opinions", "conditions").order_by("round_no"),
        "budget_total": budget_figures(lines=lines),
        "budget_by_year": by_year,
        "budget_chart": bar_chart(
            [
                Bar(str(keys["year"]), figures.execution_rate, percent(figures.execution_rate))
                for keys, figures in by_year
            ]
        ),
        "budget_lines": lines.select_related("source").order_by("year", "source__order"),
        "milestones": project.milestones.select_related("owner").order_by("planned_date", "pk"),
        "problems": project.problems.select_related("owner").order_by("-raised_at"),
        "grades": _grades(Project.objects.filter(pk=project.pk)),
    }


def runs_visible_to(user: User) -> QuerySet[ReportRun]:
    """The archive a user may see; the same rule as ``permissions.can_download``."""
    runs = ReportRun.objects.select_related("requested_by", "project")
    if user.is_office:
        return runs.prefetch_related("deliveries")
    if user.is_leadership:
        return runs
    if user.is_liaison:
        return runs.filter(
            Q(kind__in=[ReportKind.MONTHLY, ReportKind.CYCLE])
            | Q(kind=ReportKind.DOSSIER, project__lead_department_id=user.department_id)
        )
    if user.is_evaluator:
        return runs.filter(kind=ReportKind.CYCLE)
    return runs.none()
