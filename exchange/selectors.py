"""What a user may export: the visible portfolio and the rows that belong to it."""

from django.db.models import QuerySet

from evaluations.models import Assessment
from projects.filters import ProjectFilter
from projects.models import BudgetLine, Milestone, Problem
from projects.selectors.portfolio import project_list

from .filters import AssessmentResultFilter, BudgetLineFilter, MilestoneFilter, ProblemFilter
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
    if kind == Kind.PROBLEMS:
        problems = Problem.objects.filter(project__in=projects).select_related("project", "owner")
        return ProblemFilter(params, queryset=problems).qs
    assessments = (
        Assessment.objects.filter(project__in=projects)
        .select_related("project__lead_department", "cycle", "agency")
        .order_by("-cycle__year", "project__code")
    )
    return AssessmentResultFilter(params, queryset=assessments).qs
