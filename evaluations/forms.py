from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from organisation.models import Agency
from projects.forms import StyledFormMixin
from projects.models import Project

from .computed import source_choices
from .models import AssessmentCycle, IndicatorTemplate, ScoringMethod, TemplateKind, TemplateStatus


class CycleForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = AssessmentCycle
        fields = ["name", "kind", "year", "template"]
        help_texts = {"name": _('For example "2014年度".')}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Only complete templates can be scored on; drafts are still being edited.
        self.fields["template"].queryset = IndicatorTemplate.objects.filter(status=TemplateStatus.ACTIVE)


class AssignForm(StyledFormMixin, forms.Form):
    projects = forms.ModelMultipleChoiceField(
        label=_("Projects"),
        queryset=Project.objects.order_by("code"),
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    agency = forms.ModelChoiceField(
        label=_("Agency"),
        queryset=Agency.objects.active(),
        required=False,
        help_text=_("Not needed in a unit self-evaluation cycle: the lead department scores."),
    )
    due_on = forms.DateField(
        label=pgettext_lazy("assessment", "Due date"), widget=forms.DateInput(attrs={"type": "date"})
    )


class DeclarationForm(StyledFormMixin, forms.Form):
    declared = forms.BooleanField(
        label=_(
            "Our agency declares that it has no conflict of interest with this project: "
            "it is not the project's implementer and has no stake in its result."
        ),
        required=False,
    )


class ReviewForm(StyledFormMixin, forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("accept", _("Accept")), ("return", _("Return for changes"))],
    )
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


class IndicatorRowForm(StyledFormMixin, forms.Form):
    """One row of the tree editor (``prefix`` is "r" + the indicator id). The rules live in
    ``Indicator.clean`` and the services; this form only turns text into values."""

    name = forms.CharField(label=_("Name"), max_length=100)
    points = forms.DecimalField(
        label=_("Points"), max_digits=5, decimal_places=2, min_value=Decimal("0"), required=False
    )
    method = forms.ChoiceField(label=_("Scoring method"), choices=ScoringMethod.choices, required=False)
    explanation = forms.CharField(
        label=_("Indicator explanation (指标解释)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    criteria = forms.CharField(
        label=_("Scoring criteria (评分标准)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    key_points = forms.CharField(
        label=_("What to check"), required=False, widget=forms.Textarea(attrs={"rows": 1})
    )
    target = forms.DecimalField(
        label=_("Annual target value"), max_digits=18, decimal_places=4, required=False
    )
    unit = forms.CharField(label=_("Unit"), max_length=20, required=False)
    target_text = forms.CharField(label=_("Annual target (as written)"), max_length=100, required=False)
    lower_is_better = forms.BooleanField(label=_("Lower is better (costs, durations)"), required=False)
    deduction = forms.DecimalField(
        label=_("Deduction per item"), max_digits=5, decimal_places=2, required=False
    )
    source = forms.ChoiceField(label=_("Computed from the project's data"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].choices = [("", "—"), *source_choices()]
        self.fields["points"].widget.attrs.update({"inputmode": "decimal", "step": "0.01"})

    @classmethod
    def for_indicator(cls, indicator, data=None):
        initial = {name: getattr(indicator, name) for name in cls.base_fields}
        if indicator.target is not None:
            # 120, not 120.0000: four decimals are storage, not what anyone typed.
            initial["target"] = format(indicator.target.normalize(), "f")
        return cls(data, prefix=f"r{indicator.pk}", initial=initial)


class TemplateDetailsForm(StyledFormMixin, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    declared_total = forms.DecimalField(
        label=_("Declared total"), max_digits=5, decimal_places=2, min_value=Decimal("0.01")
    )
    description = forms.CharField(label=_("Description"), required=False)


class TemplateImportForm(StyledFormMixin, forms.Form):
    file = forms.FileField(
        label=_("评分表 (Excel)"),
        help_text=_(
            "The first sheet, with a header row 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 分值; "
            "merged group cells are fine."
        ),
    )
    name = forms.CharField(label=_("Name"), max_length=100)
    family = forms.SlugField(label=_("Template code"), max_length=40)
    kind = forms.ChoiceField(label=_("Kind"), choices=TemplateKind.choices)
