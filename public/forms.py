from django import forms
from django.utils.translation import gettext_lazy as _

from projects.forms import StyledFormMixin

from .models import COMMENT_MAX_LENGTH, SCORE_MAX, SCORE_MIN, ProjectPublication

SCORE_CHOICES = [
    (5, _("5 — very satisfied")),
    (4, _("4 — satisfied")),
    (3, _("3 — neither")),
    (2, _("2 — dissatisfied")),
    (1, _("1 — very dissatisfied")),
]


class SurveyForm(forms.Form):
    score = forms.TypedChoiceField(
        label=_("How satisfied are you with this service?"),
        choices=SCORE_CHOICES,
        coerce=int,
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
    )
    comment = forms.CharField(
        label=_("Comment (optional)"),
        required=False,
        max_length=COMMENT_MAX_LENGTH,
        help_text=_(
            "Comments are read by the office before they are published. "
            "Please leave out names and phone numbers."
        ),
        widget=forms.Textarea(attrs={"rows": 4, "class": "form-control"}),
    )
    answer = forms.CharField(
        label="",
        max_length=4,
        widget=forms.TextInput(
            attrs={"class": "form-control", "inputmode": "numeric", "autocomplete": "off"}
        ),
    )
    token = forms.CharField(widget=forms.HiddenInput)
    # Left empty by people (it is hidden from them); bots that fill every field give themselves away.
    website = forms.CharField(
        required=False,
        label=_("Leave this field empty"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def clean_score(self):
        score = self.cleaned_data["score"]
        if not SCORE_MIN <= score <= SCORE_MAX:
            raise forms.ValidationError(_("Choose a score from 1 to 5."))
        return score


class PublicationForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = ProjectPublication
        fields = ["is_public", "summary", "summary_en"]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 4}),
            "summary_en": forms.Textarea(attrs={"rows": 4}),
        }
