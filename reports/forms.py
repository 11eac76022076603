from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from projects.forms import StyledFormMixin

from .models import ReportSchedule
from .periods import parse_month
from .schedules import parse_cron, parse_subscribers


class ScheduleForm(StyledFormMixin, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    cron = forms.CharField(
        label=_("Cron expression"),
        max_length=100,
        help_text=_(
            "minute hour day-of-month month day-of-week; 0 8 1 * * is 08:00 on the 1st of every month."
        ),
    )
    enabled = forms.BooleanField(label=_("Enabled"), required=False, initial=True)
    subscribers = forms.CharField(
        label=_("Subscribers"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("One per line: a username or an email address."),
    )

    def __init__(self, *args, schedule: ReportSchedule | None = None, **kwargs):
        self.schedule = schedule
        super().__init__(*args, **kwargs)

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        taken = ReportSchedule.objects.filter(name=name)
        if self.schedule:
            taken = taken.exclude(pk=self.schedule.pk)
        if taken.exists():
            raise ValidationError(_("A schedule with this name exists."))
        return name

    def clean_cron(self):
        return parse_cron(self.cleaned_data["cron"])

    def clean_subscribers(self):
        return parse_subscribers(self.cleaned_data["subscribers"])


class MonthlyRequestForm(StyledFormMixin, forms.Form):
    period = forms.CharField(label=_("Month"), max_length=7, help_text=_("e.g. 2026-10"))

    def clean_period(self):
        period = self.cleaned_data["period"].strip()
        parse_month(period)
        return period


class CycleTextForm(StyledFormMixin, forms.Form):
    problems = forms.CharField(
        label=_("5. Problems and their causes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("One item per line; the report numbers them."),
    )
    recommendations = forms.CharField(
        label=_("6. Recommendations"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("One item per line; the report numbers them."),
    )
