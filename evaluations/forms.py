from django import forms
from django.utils.translation import gettext_lazy as _

from projects.forms import StyledFormMixin
from projects.models import Project

from .models import Agency, AssessmentCycle, ScoringMethod


class CycleForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = AssessmentCycle
        fields = ["name", "kind", "year", "template"]
        help_texts = {"name": _('For example "2014年度".')}


class AssignForm(StyledFormMixin, forms.Form):
    projects = forms.ModelMultipleChoiceField(
        label=_("Projects"),
        queryset=Project.objects.order_by("code"),
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    agency = forms.ModelChoiceField(label=_("Agency"), queryset=Agency.objects.active())
    due_on = forms.DateField(label=_("Due date"), widget=forms.DateInput(attrs={"type": "date"}))


class DeclarationForm(StyledFormMixin, forms.Form):
    declared = forms.BooleanField(
        label=_(
            "Our agency declares that it has no conflict of interest with this project: "
            "it is not the project's implementer and has no stake in its result."
        ),
        required=False,
    )


class ReviewForm(StyledFormMixin, forms.Form):
    decision = forms.ChoiceField(choices=[("accept", _("Accept")), ("return", _("Return for changes"))])
    reason = forms.CharField(
        label=_("Reason (required when returning)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class EvidenceForm(StyledFormMixin, forms.Form):
    file = forms.FileField(
        label=_("Evidence file"), help_text=_("PDF, PNG, JPEG, DOCX, XLSX or TXT; at most 10 MB.")
    )


class TemplateCopyForm(StyledFormMixin, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    family = forms.SlugField(label=_("Template code"), max_length=40)


class IndicatorEditForm(StyledFormMixin, forms.Form):
    """One row of the template editor; ``prefix`` is the indicator id."""

    name = forms.CharField(label=_("Name"), max_length=100)
    points = forms.DecimalField(
        label=_("Points"), max_digits=5, decimal_places=2, min_value=0.01, required=False
    )
    method = forms.ChoiceField(
        label=_("Scoring method"), choices=[("", "—"), *ScoringMethod.choices], required=False
    )
    key_points = forms.CharField(
        label=_("What to check"), required=False, widget=forms.Textarea(attrs={"rows": 1})
    )
