import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_filters.widgets import BooleanWidget

from core import glossary
from organisation.models import Department

from .forms import StyledFormMixin
from .models import Project, ProjectGroup, Stage


class StyledFilterForm(StyledFormMixin, forms.Form):
    pass


class AllYesNoWidget(BooleanWidget):
    """Yes / no / either, worded for a filter (django-filter's own says "Unknown")."""

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.choices = [("", _("All")), ("true", _("Yes")), ("false", _("No"))]


class ProjectFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    group = django_filters.ModelChoiceFilter(
        label=_("Group"), queryset=ProjectGroup.objects.all(), empty_label=_("All")
    )
    stage = django_filters.ChoiceFilter(label=_("Stage"), choices=Stage.choices, empty_label=_("All"))
    lead_department = django_filters.ModelChoiceFilter(
        label=_("Department"), queryset=Department.objects.all(), empty_label=_("All")
    )
    is_key = django_filters.BooleanFilter(label=_("Key project"), widget=AllYesNoWidget)
    ordering = django_filters.OrderingFilter(
        label=_("Sort by"),
        empty_label=_("Default order"),
        fields=(
            ("code", "code"),
            ("name", "name"),
            ("stage", "stage"),
            ("planned_end", "planned_end"),
            ("progress_rate", "progress"),
            ("year_approved", "year_approved"),
            ("year_rate", "execution_rate"),
            ("next_milestone_date", "next_milestone"),
        ),
        field_labels={
            "code": _("Code"),
            "-code": _("Code, descending"),
            "name": _("Name"),
            "-name": _("Name, descending"),
            "stage": _("Stage"),
            "-stage": _("Stage, descending"),
            "planned_end": _("Planned end"),
            "-planned_end": _("Planned end, latest first"),
            "progress": glossary.PROGRESS,
            "-progress": _("Progress, highest first"),
            "year_approved": _("This year's approved amount"),
            "-year_approved": _("This year's approved amount, largest first"),
            "execution_rate": glossary.EXECUTION_RATE,
            "-execution_rate": _("Execution rate, highest first"),
            "next_milestone": glossary.NEXT_MILESTONE,
            "-next_milestone": _("Next milestone, latest first"),
        },
    )

    class Meta:
        model = Project
        fields = ["q", "group", "stage", "lead_department", "is_key"]
        form = StyledFilterForm

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(code__icontains=value) | Q(name__icontains=value) | Q(name_en__icontains=value)
        )
