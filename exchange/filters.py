"""Filters of the exported lists, shared by the Excel export and the REST API."""

import django_filters
from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field

from evaluations.models import Assessment, AssessmentStatus, Grade
from projects.filters import StyledFilterForm
from projects.models import BudgetLine, Milestone, Problem, Project, Stage, StageTransition
from projects.models.execution import MilestoneStatus, ProblemStatus, Severity

# The date window of the whole system (settings.DATE_WINDOW_YEARS, read through core).
YEAR_MIN, YEAR_MAX = settings.DATE_WINDOW_YEARS


@extend_schema_field({"type": "integer", "minimum": YEAR_MIN, "maximum": YEAR_MAX})
class YearFilter(django_filters.NumberFilter):
    """A calendar year: a whole number a date can have (year 0 or 0.5 would crash a date lookup)."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", YEAR_MIN)
        kwargs.setdefault("max_value", YEAR_MAX)
        kwargs.setdefault("label", _("Year"))
        super().__init__(*args, **kwargs)


@extend_schema_field({"type": "string", "pattern": "^[-a-zA-Z0-9_]+$"})
class CodeFilter(django_filters.CharFilter):
    """A code (slug) of a project, group, department or funding source."""


class ProjectCodeFilterSet(django_filters.FilterSet):
    project = CodeFilter(field_name="project__code", label=_("Project code"))

    class Meta:
        form = StyledFilterForm


class BudgetLineFilter(ProjectCodeFilterSet):
    year = YearFilter()
    source = CodeFilter(field_name="source__code", label=_("Funding source code"))

    class Meta(ProjectCodeFilterSet.Meta):
        model = BudgetLine
        fields = ["project", "year", "source"]


class MilestoneFilter(ProjectCodeFilterSet):
    year = YearFilter(field_name="planned_date__year")
    status = django_filters.ChoiceFilter(choices=MilestoneStatus.choices, label=_("Status"))

    class Meta(ProjectCodeFilterSet.Meta):
        model = Milestone
        fields = ["project", "year", "status"]


class ProblemFilter(ProjectCodeFilterSet):
    year = YearFilter(field_name="raised_at__year")
    status = django_filters.ChoiceFilter(choices=ProblemStatus.choices, label=_("Status"))
    severity = django_filters.ChoiceFilter(choices=Severity.choices, label=_("Severity"))

    class Meta(ProjectCodeFilterSet.Meta):
        model = Problem
        fields = ["project", "year", "status", "severity"]


class AssessmentResultFilter(ProjectCodeFilterSet):
    year = YearFilter(field_name="cycle__year")
    status = django_filters.ChoiceFilter(choices=AssessmentStatus.choices, label=_("Status"))

    class Meta(ProjectCodeFilterSet.Meta):
        model = Assessment
        fields = ["project", "year", "status"]


class GradeFilter(ProjectCodeFilterSet):
    year = YearFilter(field_name="cycle__year")
    grade = django_filters.ChoiceFilter(choices=Grade.choices, label=_("Grade"))

    class Meta(ProjectCodeFilterSet.Meta):
        model = Assessment
        fields = ["project", "year", "grade"]


class ProjectCodesFilter(django_filters.FilterSet):
    """Projects by stage, group and department codes (the API speaks codes, not ids)."""

    stage = django_filters.ChoiceFilter(choices=Stage.choices, label=_("Stage"))
    group = CodeFilter(field_name="group__code", label=_("Group code"))
    department = CodeFilter(field_name="lead_department__code", label=_("Department code"))
    is_key = django_filters.BooleanFilter(label=_("Key project"))

    class Meta:
        model = Project
        fields = ["stage", "group", "department", "is_key"]
        form = StyledFilterForm


class StageTransitionFilter(ProjectCodeFilterSet):
    to_stage = django_filters.ChoiceFilter(choices=Stage.choices, label=_("To stage"))

    class Meta(ProjectCodeFilterSet.Meta):
        model = StageTransition
        fields = ["project", "to_stage"]
