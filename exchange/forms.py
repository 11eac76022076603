from django import forms
from django.utils.translation import gettext_lazy as _

from projects.forms import StyledFormMixin

from .sheets import IMPORTABLE_KINDS, Kind


class ImportUploadForm(StyledFormMixin, forms.Form):
    kind = forms.ChoiceField(
        label=_("What the file holds"), choices=[(k.value, k.label) for k in IMPORTABLE_KINDS]
    )
    file = forms.FileField(label=_("Excel file (.xlsx)"))

    def clean_kind(self):
        return Kind(self.cleaned_data["kind"])
