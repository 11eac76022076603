"""Forms of the steering review. They collect input; the rules are in the models' ``clean`` and
in ``steering/services.py``."""

import datetime

from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from accounts.models import Role, User
from projects.forms import StyledFormMixin, VersionedFormMixin
from projects.health import Dimension
from projects.models import Project

from .models import StatusReport
from .services import REPORT_FIELDS

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _month_choices(months: list[datetime.date]) -> list[tuple[str, str]]:
    return [(m.isoformat(), date_format(m, "YEAR_MONTH_FORMAT")) for m in months]


def _person_label(user: User) -> str:
    name = user.get_full_name() or user.username
    return f"{name} · {user.department.name}" if user.department_id else f"{name} · {user.get_role_display()}"


def people():
    """Who can own an action or attend a meeting: the office, departments and leadership — never
    third-party evaluators."""
    return (
        User.objects.filter(is_active=True)
        .exclude(role=Role.EVALUATOR)
        .select_related("department")
        .order_by("role", "department__name", "username")
    )


def action_owners():
    """Who can own an action item: people who can act — not leadership, not evaluators."""
    return people().exclude(role=Role.LEADERSHIP)


class StatusReportForm(StyledFormMixin, VersionedFormMixin, forms.ModelForm):
    """The monthly report. ``suggestions`` are the health rule's ratings; the model refuses a
    differing rating without a reason."""

    month = forms.TypedChoiceField(label=_("month"), coerce=datetime.date.fromisoformat)

    class Meta:
        model = StatusReport
        fields = REPORT_FIELDS
        widgets = {
            **{dimension.value: forms.RadioSelect for dimension in Dimension},
            "achievements": forms.Textarea(attrs={"rows": 3}),
            "next_steps": forms.Textarea(attrs={"rows": 3}),
            "blockers": forms.Textarea(attrs={"rows": 2}),
            "recovery_plan": forms.Textarea(attrs={"rows": 2}),
            "recovery_by": DATE_WIDGET,
        }

    def __init__(self, *args, months: list[datetime.date] | None = None, suggestions=None, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
            del self.fields["month"]
        else:
            self.fields["month"].choices = _month_choices(months or [])
            self.instance.suggestions = suggestions or {}
        for dimension in Dimension:
            field = self.fields[dimension.value]
            field.choices = [c for c in field.choices if c[0]]
            field.widget.attrs["class"] = "btn-check"

    def dimension_rows(self) -> list[dict]:
        suggestions = self.instance.suggestions
        return [
            {
                "dimension": dimension,
                "field": self[dimension.value],
                "reason": self[f"{dimension.value}_reason"],
                "suggested": suggestions.get(dimension.value),
            }
            for dimension in Dimension
        ]


class NoteForm(StyledFormMixin, forms.Form):
    text = forms.CharField(label=_("note"), widget=forms.Textarea(attrs={"rows": 2}))


class MeetingForm(StyledFormMixin, forms.Form):
    title = forms.CharField(label=_("title"), max_length=150)
    month = forms.TypedChoiceField(label=_("month reviewed"), coerce=datetime.date.fromisoformat)
    held_on = forms.DateField(label=_("date"), widget=DATE_WIDGET)
    chair = forms.ModelChoiceField(label=_("chair"), queryset=User.objects.none())
    attendees = forms.ModelMultipleChoiceField(
        label=_("attendees"), queryset=User.objects.none(), required=False, widget=forms.SelectMultiple
    )
    notes = forms.CharField(
        label=_("general minutes"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args, months: list[datetime.date] | None = None, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("chair", "attendees"):
            self.fields[name].queryset = people()
            self.fields[name].label_from_instance = _person_label
        self.fields["attendees"].widget.attrs["size"] = 8
        if editing:
            del self.fields["month"]
        else:
            self.fields["month"].choices = _month_choices(months or [])


class AgendaAddForm(StyledFormMixin, forms.Form):
    project = forms.ModelChoiceField(label=_("project"), queryset=Project.objects.order_by("code"))


class MinutesForm(StyledFormMixin, forms.Form):
    minutes = forms.CharField(label=_("minutes"), widget=forms.Textarea(attrs={"rows": 3}), required=False)


class DecisionForm(StyledFormMixin, forms.Form):
    text = forms.CharField(label=_("decision"), widget=forms.Textarea(attrs={"rows": 2}))


class ActionForm(StyledFormMixin, forms.Form):
    text = forms.CharField(label=_("action"), widget=forms.Textarea(attrs={"rows": 2}))
    owner = forms.ModelChoiceField(
        label=_("owner"),
        queryset=User.objects.none(),
        error_messages={"required": _("An action item needs an owner.")},
    )
    due_date = forms.DateField(
        label=_("due date"),
        widget=DATE_WIDGET,
        error_messages={"required": _("An action item needs a due date.")},
    )

    def __init__(self, *args, owners: list[User] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        owner = self.fields["owner"]
        owner.queryset = action_owners()
        owner.label_from_instance = _person_label
        if owners is not None:
            # One list read for the whole meeting page, not one query per agenda item's form.
            owner.choices = [("", "---------"), *((user.pk, _person_label(user)) for user in owners)]


class ActionCloseForm(StyledFormMixin, forms.Form):
    closing_note = forms.CharField(label=_("closing note"), widget=forms.Textarea(attrs={"rows": 2}))


class BaselineForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("reason"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("Needed for every baseline after the first, e.g. the approved change."),
    )
