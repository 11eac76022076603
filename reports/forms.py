from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from projects.forms import StyledFormMixin

from .models import ReportSchedule
from .periods import parse_month
from .schedules import WEEKDAYS, Cron, Frequency, Timing, cron_for, parse_cron, parse_subscribers, timing_of


class ScheduleForm(StyledFormMixin, forms.Form):
    """A schedule as a person says it (monthly on day N at HH:MM, weekly on a weekday, quarterly),
    turned into the cron expression django-celery-beat stores; a raw cron expression stays
    possible for anything else."""

    name = forms.CharField(label=_("Name"), max_length=100)
    frequency = forms.ChoiceField(label=_("How often"), choices=Frequency.choices, required=False)
    day = forms.IntegerField(
        label=_("Day of the month"),
        min_value=1,
        max_value=28,
        required=False,
        help_text=_("1 to 28, so that every month has the day."),
    )
    weekday = forms.TypedChoiceField(label=_("Weekday"), choices=WEEKDAYS, coerce=int, required=False)
    at = forms.TimeField(
        label=_("Time"),
        required=False,
        input_formats=["%H:%M"],
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    cron = forms.CharField(
        label=_("Cron expression"),
        max_length=100,
        required=False,
        help_text=_(
            "Only for a custom schedule: minute hour day-of-month month day-of-week; "
            "0 8 1 * * is 08:00 on the 1st of every month."
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

    def clean_subscribers(self):
        return parse_subscribers(self.cleaned_data["subscribers"])

    def clean(self):
        data = super().clean()
        frequency = data.get("frequency") or (Frequency.CUSTOM if data.get("cron") else Frequency.MONTHLY)
        data["frequency"] = frequency
        if frequency == Frequency.CUSTOM:
            if not data.get("cron"):
                self.add_error("cron", self.fields["cron"].error_messages["required"])
                return data
            try:
                data["cron"] = parse_cron(data.get("cron", ""))
            except ValidationError as exc:
                self.add_error("cron", exc)
            return data
        if data.get("at") is None:
            self.add_error("at", _("Give the time, e.g. 08:00."))
        if frequency in (Frequency.MONTHLY, Frequency.QUARTERLY) and data.get("day") is None:
            self.add_error("day", _("Give the day of the month, 1 to 28."))
        if frequency == Frequency.WEEKLY and data.get("weekday") in (None, ""):
            self.add_error("weekday", _("Choose the weekday."))
        if not self.errors:
            data["cron"] = cron_for(
                Timing(frequency, data["at"], day=data.get("day"), weekday=data.get("weekday"))
            )
        return data

    def schedule_fields(self) -> dict:
        """What ``schedule_save`` takes."""
        data = self.cleaned_data
        return {key: data[key] for key in ("name", "cron", "enabled", "subscribers")}

    @staticmethod
    def initial_for(schedule: ReportSchedule, cron: Cron) -> dict:
        timing = timing_of(cron)
        return {
            "name": schedule.name,
            "frequency": timing.frequency,
            "day": timing.day,
            "weekday": timing.weekday,
            "at": timing.at,
            "cron": str(cron) if timing.frequency == Frequency.CUSTOM else "",
            "enabled": schedule.periodic_task.enabled,
            "subscribers": "\n".join(
                subscriber.user.username if subscriber.user_id else subscriber.email
                for subscriber in schedule.subscribers.select_related("user")
            ),
        }


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
