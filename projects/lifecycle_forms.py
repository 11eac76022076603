from django import forms
from django.utils.translation import gettext_lazy as _

from .forms import StyledFormMixin
from .models import Stage
from .models.lifecycle import Recommendation, ReviewDecision


class MoveForm(StyledFormMixin, forms.Form):
    to_stage = forms.ChoiceField(label=_("Move to"), choices=Stage.choices)
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

    def clean_conditions(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["conditions"].splitlines() if line.strip()]


class ConditionMetForm(StyledFormMixin, forms.Form):
    met_note = forms.CharField(label=_("How it was met"), widget=forms.Textarea(attrs={"rows": 2}))
