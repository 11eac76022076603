from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.forms import InputRulesFormMixin, VersionedFormMixin
from core.glossary import ADJUSTMENT_APPROVE, ADJUSTMENT_REJECT
from organisation.models import Department

from .models import BudgetAdjustment, BudgetLine, FundingSource, Project, SpendingRecord
from .rules import budget_year_errors
from .services.budget import BUDGET_LINE_CREATE_FIELDS, BUDGET_LINE_EDIT_FIELDS
from .services.portfolio import PROJECT_EDITABLE_FIELDS


class StyledFormMixin(InputRulesFormMixin):
    """Bootstrap classes on every widget, so templates can render fields plainly, and the input
    rules of ``core`` on every field (control characters, lengths, the date window, 64-bit ids).
    Fields named in ``yuan_fields`` take amounts in yuan; the page shows each amount in 万元 as it
    is typed (static/js/app.js), since every other page shows money in 万元."""

    yuan_fields: tuple[str, ...] = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.yuan_fields:
            if name in self.fields:
                self.fields[name].help_text = _("In yuan.")
                self.fields[name].widget.attrs["data-wan-unit"] = _("10k yuan")
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.Select | forms.SelectMultiple):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()


class ProjectForm(StyledFormMixin, VersionedFormMixin, forms.ModelForm):
    yuan_fields = ("estimated_budget",)

    class Meta:
        model = Project
        fields = PROJECT_EDITABLE_FIELDS
        widgets = {
            "planned_start": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "planned_end": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "description": forms.Textarea(attrs={"rows": 3}),
            "objectives": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
        # Retired departments lead no new projects; the one a project already has stays choosable.
        current = self.instance.lead_department_id
        departments = Department.objects.filter(Q(retired_at__isnull=True) | Q(pk=current))
        self.fields["lead_department"].queryset = departments


class FundingSourceForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = FundingSource
        fields = ["code", "name", "name_en", "is_fiscal", "order", "is_active"]


class BudgetLineCreateForm(StyledFormMixin, forms.ModelForm):
    yuan_fields = ("approved", "allocated")

    class Meta:
        model = BudgetLine
        fields = BUDGET_LINE_CREATE_FIELDS
        widgets = {
            "allocated_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "note": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        self.project = project
        self.fields["source"].queryset = FundingSource.objects.filter(is_active=True)

    def clean_year(self):
        """Checked here as well as by the model (the form's line has no project yet), so every bad
        field is shown at once."""
        year = self.cleaned_data["year"]
        errors = budget_year_errors(project=self.project, year=year)
        if errors:
            raise forms.ValidationError(errors["year"])
        return year

    def clean(self):
        cleaned = super().clean()
        year, source = cleaned.get("year"), cleaned.get("source")
        if (
            year
            and source
            and BudgetLine.objects.filter(project=self.project, year=year, source=source).exists()
        ):
            self.add_error(
                "source",
                _(
                    "This project already has a %(year)s budget line from %(source)s. To change its "
                    "approved amount, ask for an adjustment on that line."
                )
                % {"year": year, "source": source.name},
            )
        return cleaned


class BudgetLineEditForm(StyledFormMixin, VersionedFormMixin, forms.ModelForm):
    yuan_fields = ("allocated",)

    class Meta:
        model = BudgetLine
        fields = BUDGET_LINE_EDIT_FIELDS
        widgets = BudgetLineCreateForm.Meta.widgets


class SpendingForm(StyledFormMixin, forms.ModelForm):
    yuan_fields = ("amount",)

    class Meta:
        model = SpendingRecord
        fields = ["amount", "spent_on", "note"]
        widgets = {"spent_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def clean_amount(self):
        amount = self.cleaned_data["amount"]
        if amount <= 0:
            raise forms.ValidationError(_("Enter an amount greater than zero."))
        return amount


class SpendingReverseForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("A reversing entry cancels the amount; both entries stay on the record."),
    )


class AdjustmentRequestForm(StyledFormMixin, forms.ModelForm):
    yuan_fields = ("new_amount",)

    class Meta:
        model = BudgetAdjustment
        fields = ["new_amount", "reason"]
        widgets = {"reason": forms.Textarea(attrs={"rows": 3})}


class AdjustmentDecisionForm(StyledFormMixin, forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"), choices=[("approve", ADJUSTMENT_APPROVE), ("reject", ADJUSTMENT_REJECT)]
    )
    note = forms.CharField(label=_("Decision note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
