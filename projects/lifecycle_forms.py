from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Role, User

from .forms import StyledFormMixin
from .models import Stage
from .models.lifecycle import Recommendation, ReviewDecision


class MoveForm(StyledFormMixin, forms.Form):
    to_stage = forms.ChoiceField(label=_("Move to"), choices=Stage.choices)
    on = forms.DateField(
        label=_("Moved on"),
        required=False,
        help_text=_("Leave empty for today; a past date records a move made earlier."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    comment = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)


class MoveRequestForm(StyledFormMixin, forms.Form):
    to_stage = forms.ChoiceField(label=_("Requested stage"), choices=Stage.choices)
    comment = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class MoveRequestDecisionForm(StyledFormMixin, forms.Form):
    action = forms.ChoiceField(choices=[("carry_out", _("Carry out")), ("decline", _("Decline"))])
    decision_note = forms.CharField(label=_("Note"), required=False)


class OpinionForm(StyledFormMixin, forms.Form):
    reviewer = forms.CharField(label=_("Reviewer"), max_length=100)
    organisation = forms.CharField(label=_("Organisation"), max_length=150, required=False)
    opinion = forms.CharField(label=_("Opinion"), widget=forms.Textarea(attrs={"rows": 4}))
    recommendation = forms.ChoiceField(label=_("Recommendation"), choices=Recommendation.choices)


class ReviewDecisionForm(StyledFormMixin, forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"), choices=[c for c in ReviewDecision.choices if c[0] != ReviewDecision.PENDING]
    )
    reasons = forms.CharField(label=_("Reasons"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    conditions = forms.CharField(
        label=_("Conditions (one per line)"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    condition_owner = forms.ModelChoiceField(
        label=_("Owner of the conditions"), queryset=User.objects.none(), required=False
    )
    condition_due = forms.DateField(
        label=_("Conditions due by"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["condition_owner"].queryset = User.objects.filter(
            is_active=True, role__in=[Role.OFFICE_ADMIN, Role.OFFICE_STAFF, Role.LIAISON]
        ).order_by("username")

    def clean_conditions(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["conditions"].splitlines() if line.strip()]


class ConditionMetForm(StyledFormMixin, forms.Form):
    met_note = forms.CharField(label=_("How it was met"), widget=forms.Textarea(attrs={"rows": 2}))


class ConditionWaiveForm(StyledFormMixin, forms.Form):
    waived_reason = forms.CharField(label=_("Reason for waiving"), widget=forms.Textarea(attrs={"rows": 2}))
