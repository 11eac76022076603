"""Filters of the exported lists, shared by the Excel export and the REST API."""

import django_filters
from django.utils.translation import gettext_lazy as _

from projects.filters import StyledFilterForm
from projects.models import BudgetLine, Milestone, Problem, Project, Stage
from projects.models.execution import MilestoneStatus, ProblemStatus, Severity


class ProjectCodeFilterSet(django_filters.FilterSet):
    project = django_filters.CharFilter(field_name="project__code", label=_("Project code"))

    class Meta:
        form = StyledFilterForm


class BudgetLineFilter(ProjectCodeFilterSet):
    year = django_filters.NumberFilter(label=_("Year"))
    source = django_filters.CharFilter(field_name="source__code", label=_("Funding source code"))

    class Meta(ProjectCodeFilterSet.Meta):
        model = BudgetLine
        fields = ["project", "year", "source"]


class MilestoneFilter(ProjectCodeFilterSet):
    year = django_filters.NumberFilter(field_name="planned_date__year", label=_("Year"))
    status = django_filters.ChoiceFilter(choices=MilestoneStatus.choices, label=_("Status"))

    class Meta(ProjectCodeFilterSet.Meta):
        model = Milestone
        fields = ["project", "year", "status"]


class ProblemFilter(ProjectCodeFilterSet):
    year = django_filters.NumberFilter(field_name="raised_at__year", label=_("Year"))
    status = django_filters.ChoiceFilter(choices=ProblemStatus.choices, label=_("Status"))
    severity = django_filters.ChoiceFilter(choices=Severity.choices, label=_("Severity"))

    class Meta(ProjectCodeFilterSet.Meta):
        model = Problem
        fields = ["project", "year", "status", "severity"]


class ProjectCodesFilter(django_filters.FilterSet):
    """Projects by stage, group and department codes (the API speaks codes, not ids)."""

    stage = django_filters.ChoiceFilter(choices=Stage.choices, label=_("Stage"))
    group = django_filters.CharFilter(field_name="group__code", label=_("Group code"))
    department = django_filters.CharFilter(field_name="lead_department__code", label=_("Department code"))
    is_key = django_filters.BooleanFilter(label=_("Key project"))

    class Meta:
        model = Project
        fields = ["stage", "group", "department", "is_key"]
