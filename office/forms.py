from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Role, User
from organisation.models import Agency, Department
from projects.forms import StyledFormMixin

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ReasonForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class _AccountFields(StyledFormMixin, forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=150, required=False)
    email = forms.EmailField(label=_("Email"))
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    department = forms.ModelChoiceField(
        label=_("Department"),
        queryset=Department.objects.active(),
        required=False,
        help_text=_("For department liaisons."),
    )
    agency = forms.ModelChoiceField(
        label=_("Agency"),
        queryset=Agency.objects.active(),
        required=False,
        help_text=_("For third-party evaluators."),
    )
    access_expires_on = forms.DateField(
        label=_("Access expires on"),
        required=False,
        widget=DATE_WIDGET,
        help_text=_("For third-party evaluators: after this date the account cannot log in."),
    )
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required when the role changes; kept in the history."),
    )


class UserInviteForm(_AccountFields):
    username = forms.SlugField(label=_("Username"), max_length=150)
    field_order = ["username", "full_name", "email", "role", "department", "agency", "access_expires_on"]

    def clean_username(self):
        username = self.cleaned_data["username"]
        if User.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(_("This username is taken."))
        return username


class UserChangeForm(_AccountFields):
    def __init__(self, *args, account: User, **kwargs):
        super().__init__(*args, **kwargs)
        # A retired department or agency the account already has stays choosable.
        self.fields["department"].queryset = Department.objects.filter(
            pk__in=[d.pk for d in Department.objects.active()] + [account.department_id or 0]
        )
        self.fields["agency"].queryset = Agency.objects.filter(
            pk__in=[a.pk for a in Agency.objects.active()] + [account.agency_id or 0]
        )


class DepartmentForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Department
        fields = ["code", "name", "name_en"]


class DepartmentRenameForm(StyledFormMixin, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    name_en = forms.CharField(label=_("English name"), max_length=150, required=False)
    reason = forms.CharField(label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class AgencyForm(StyledFormMixin, forms.ModelForm):
    reason = forms.CharField(label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    class Meta:
        model = Agency
        fields = ["code", "name", "contact"]


class AuditFilterForm(StyledFormMixin, forms.Form):
    person = forms.ModelChoiceField(
        label=_("Person"), queryset=User.objects.order_by("username"), required=False
    )
    type = forms.ChoiceField(label=_("Object type"), required=False)
    date_from = forms.DateField(label=_("From"), required=False, widget=DATE_WIDGET)
    date_to = forms.DateField(label=_("To"), required=False, widget=DATE_WIDGET)

    def __init__(self, *args, types, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["type"].choices = [("", _("All types"))] + sorted(types, key=lambda t: t[1])
