"""Forms of the indicators app: they collect input; the rules are in the models and services."""

from django import forms
from django.utils.translation import gettext_lazy as _

from projects.forms import StyledFormMixin
from projects.models import Project

from .models import Dimension, Indicator, Observation
from .status import Status

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class IndicatorForm(StyledFormMixin, forms.ModelForm):
    projects = forms.ModelMultipleChoiceField(
        label=_("Projects expected to move it"),
        queryset=Project.objects.select_related("group").order_by("code"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )

    class Meta:
        model = Indicator
        fields = [
            "code",
            "name",
            "name_en",
            "unit",
            "dimension",
            "direction",
            "frequency",
            "baseline_value",
            "baseline_date",
            "target_value",
            "target_year",
            "data_source",
            "reporting_department",
            "description",
            "is_public",
        ]
        widgets = {"baseline_date": DATE_WIDGET, "description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["projects"].initial = list(self.instance.projects.all())


class ObservationForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Observation
        fields = ["observed_on", "value", "bound", "source", "note"]
        widgets = {"observed_on": DATE_WIDGET}


class ImportForm(StyledFormMixin, forms.Form):
    upload = forms.FileField(label=_("Excel workbook (.xlsx)"))

    def clean_upload(self):
        upload = self.cleaned_data["upload"]
        if upload.size > 2 * 1024 * 1024:
            raise forms.ValidationError(_("The file is larger than 2 MB."))
        return upload


class IndicatorFilterForm(StyledFormMixin, forms.Form):
    dimension = forms.ChoiceField(
        label=_("Dimension"), choices=[("", _("All dimensions")), *Dimension.choices], required=False
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("Any status")), *Status.choices], required=False
    )
