from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Project
from .services.portfolio import PROJECT_EDITABLE_FIELDS


class StyledFormMixin:
    """Bootstrap classes on every widget, so templates can render fields plainly."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.Select | forms.SelectMultiple):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()


class VersionedFormMixin(forms.Form):
    """Carries the version the user started from, for optimistic locking."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class ProjectForm(StyledFormMixin, VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Project
        fields = PROJECT_EDITABLE_FIELDS
        widgets = {
            "planned_start": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "planned_end": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "description": forms.Textarea(attrs={"rows": 3}),
            "objectives": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {"estimated_budget": _("In yuan.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
