import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from organisation.models import Department
from projects.forms import StyledFormMixin
from projects.models import ProjectGroup

from .selectors import DashboardScope


class DashboardFilterForm(StyledFormMixin, forms.Form):
    """Year, group and department, read from the query string so a view can be bookmarked."""

    year = forms.TypedChoiceField(label=_("Budget year"), coerce=int, required=False)
    group = forms.ModelChoiceField(
        label=_("Group"), queryset=ProjectGroup.objects.all(), required=False, empty_label=_("All groups")
    )
    department = forms.ModelChoiceField(
        label=_("Department"),
        queryset=Department.objects.all(),
        required=False,
        empty_label=_("All departments"),
    )

    def __init__(self, data, *, years: list[int], default_year: int, today: datetime.date):
        data = data.copy()
        data.setdefault("year", str(default_year))
        super().__init__(data)
        self.today = today
        self.fields["year"].choices = [(year, str(year)) for year in years]

    def scope(self) -> DashboardScope:
        """The filters that are valid; a bad value falls back to "all" and shows its error."""
        self.is_valid()  # fills cleaned_data with the fields that are valid
        cleaned = self.cleaned_data
        return DashboardScope(
            year=cleaned.get("year") or self.today.year,
            group=cleaned.get("group"),
            department=cleaned.get("department"),
        )
