"""What a user may export: the visible portfolio and the rows that belong to it."""

from django.db.models import QuerySet

from projects.filters import ProjectFilter
from projects.models import BudgetLine, Milestone, Problem
from projects.selectors.portfolio import project_list

from .filters import BudgetLineFilter, MilestoneFilter, ProblemFilter
from .sheets import Kind


def export_rows(*, kind: str, user, params) -> QuerySet:
    """The filtered rows of one sheet, visible to ``user``, with what their columns read."""
    projects = project_list(user=user)
    if kind == Kind.PROJECTS:
        return ProjectFilter(params, queryset=projects).qs
    if kind == Kind.BUDGET_LINES:
        lines = BudgetLine.objects.filter(project__in=projects).select_related("project", "source")
        return BudgetLineFilter(params, queryset=lines).qs
    if kind == Kind.MILESTONES:
        milestones = Milestone.objects.filter(project__in=projects).select_related("project")
        return MilestoneFilter(params, queryset=milestones).qs
    problems = Problem.objects.filter(project__in=projects).select_related("project", "owner")
    return ProblemFilter(params, queryset=problems).qs
