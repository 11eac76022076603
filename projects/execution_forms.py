"""Forms for annual plans, milestones and problems. Rules live in the models' clean() and in
projects/services/execution.py; these forms only collect input."""

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Role, User

from .forms import StyledFormMixin, VersionedFormMixin
from .models import AnnualPlan, AnnualPlanItem, Milestone, Problem, Project, Stage
from .rules import MILESTONE_STAGES
from .services.execution import MILESTONE_EDITABLE_FIELDS, PLAN_ITEM_FIELDS, PROBLEM_EDITABLE_FIELDS

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _person_label(user: User) -> str:
    name = user.get_full_name() or user.username
    return f"{name} · {user.department.name}" if user.department_id else f"{name} · {user.get_role_display()}"


class _VersionedModelForm(StyledFormMixin, VersionedFormMixin, forms.ModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "owner" in self.fields:
            # Owners are people of the office or the departments who can update the record: never
            # third-party evaluators, nor read-only leadership.
            owner = self.fields["owner"]
            owner.queryset = (
                User.objects.filter(is_active=True)
                .exclude(role__in=[Role.EVALUATOR, Role.LEADERSHIP])
                .select_related("department")
                .order_by("role", "department__name", "username")
            )
            owner.label_from_instance = _person_label


class MilestoneForm(_VersionedModelForm):
    class Meta:
        model = Milestone
        fields = MILESTONE_EDITABLE_FIELDS
        widgets = {
            "planned_date": DATE_WIDGET,
            "actual_date": DATE_WIDGET,
            "waived_reason": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {"weight": _("Share of the project's progress; waived milestones do not count.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the stages a milestone can belong to (not suspension or termination).
        self.fields["stage"].choices = [(s.value, s.label) for s in Stage if s in MILESTONE_STAGES]


class ProblemForm(_VersionedModelForm):
    class Meta:
        model = Problem
        fields = PROBLEM_EDITABLE_FIELDS
        widgets = {
            "due_date": DATE_WIDGET,
            "description": forms.Textarea(attrs={"rows": 3}),
            "resolution": forms.Textarea(attrs={"rows": 2}),
        }


class AnnualPlanForm(StyledFormMixin, VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = AnnualPlan
        fields = ["year", "title"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["year"].disabled = True


class AnnualPlanItemForm(StyledFormMixin, forms.ModelForm):
    reason = forms.CharField(
        label=_("Reason for the amendment"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("Required once the plan is published; recorded with the change."),
    )

    class Meta:
        model = AnnualPlanItem
        fields = PLAN_ITEM_FIELDS
        widgets = {"goals": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, plan: AnnualPlan, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.plan = plan
        taken = plan.items.exclude(pk=self.instance.pk).values("project")
        self.fields["project"].queryset = Project.objects.exclude(pk__in=taken).order_by("code")
        if not plan.is_published:
            del self.fields["reason"]
