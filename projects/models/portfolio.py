from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from core.money import money_field
from core.origin import DataOrigin
from core.validation import LONG_TEXT, CheckedModelMixin
from organisation.models import Department


class Stage(models.TextChoices):
    PROPOSAL = "proposal", pgettext_lazy("stage", "Proposal")
    APPROVAL_REVIEW = "approval_review", pgettext_lazy("stage", "Approval review")
    APPROVED = "approved", pgettext_lazy("stage", "Approved")
    IMPLEMENTATION = "implementation", pgettext_lazy("stage", "Implementation")
    ACCEPTANCE = "acceptance", pgettext_lazy("stage", "Acceptance")
    OPERATION = "operation", pgettext_lazy("stage", "Operation")
    CLOSED = "closed", pgettext_lazy("stage", "Closed")
    SUSPENDED = "suspended", pgettext_lazy("stage", "Suspended")
    TERMINATED = "terminated", pgettext_lazy("stage", "Terminated")


class Ease(models.TextChoices):
    EASY = "easy", _("Easy")
    MEDIUM = "medium", _("Medium")
    HARD = "hard", _("Hard")


class Urgency(models.TextChoices):
    URGENT = "urgent", _("Urgent")
    NORMAL = "normal", _("Normal")
    DEFERRABLE = "deferrable", _("Can wait")


class ProjectGroup(CheckedModelMixin, models.Model):
    """One of the four groups of the article: platform, livelihood, government service, city management."""

    code = models.SlugField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=50, unique=True)
    name_en = models.CharField(_("English name"), max_length=80, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("project group")
        verbose_name_plural = _("project groups")

    def __str__(self):
        return self.name


class ProjectQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Projects a user may see at all: everyone on the portfolio side sees all of them
        (departments collaborate on one system); evaluators see none here — their view of
        a project goes through their assignments."""
        if user.is_authenticated and user.can_read_portfolio:
            return self
        return self.none()

    def editable_progress_by(self, user):
        """Projects whose progress (milestones, problems, spending) the user may update."""
        if user.is_office:
            return self
        if user.is_liaison:
            return self.filter(lead_department_id=user.department_id)
        return self.none()

    def with_list_relations(self):
        return self.select_related("group", "lead_department")


class Project(CheckedModelMixin, models.Model):
    code = models.SlugField(
        _("code"), max_length=30, unique=True, help_text=_("Short unique code, e.g. P01 or PUBDB.")
    )
    name = models.CharField(_("name"), max_length=100)
    name_en = models.CharField(_("English name"), max_length=150, blank=True)
    group = models.ForeignKey(
        ProjectGroup, verbose_name=_("group"), on_delete=models.PROTECT, related_name="projects"
    )
    lead_department = models.ForeignKey(
        Department,
        verbose_name=_("lead department"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="projects",
    )
    responsible_person = models.CharField(_("responsible person"), max_length=50, blank=True)
    responsible_contact = models.CharField(_("contact"), max_length=100, blank=True)
    implementer = models.CharField(
        _("implementer"),
        max_length=150,
        blank=True,
        help_text=_("Company or body that builds the project; it may not assess it."),
    )
    is_key = models.BooleanField(_("key project"), default=False)
    ease = models.CharField(_("ease"), max_length=10, choices=Ease.choices, default=Ease.MEDIUM)
    urgency = models.CharField(_("urgency"), max_length=10, choices=Urgency.choices, default=Urgency.NORMAL)
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices, default=Stage.PROPOSAL)
    stage_before_suspension = models.CharField(
        _("stage before suspension"), max_length=20, choices=Stage.choices, blank=True
    )
    planned_start = models.DateField(_("planned start"), null=True, blank=True)
    planned_end = models.DateField(_("planned end"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True, max_length=LONG_TEXT)
    objectives = models.TextField(_("objectives"), blank=True, max_length=LONG_TEXT)
    estimated_budget = money_field(_("estimated budget (yuan)"), null=True, blank=True)
    origin = models.CharField(
        _("origin"), max_length=10, choices=DataOrigin.choices, default=DataOrigin.OFFICE
    )
    # Optimistic locking: every save through a service bumps it; a stale form is refused.
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    history = HistoricalRecords(excluded_fields=["version", "updated_at"])
    objects = ProjectQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        constraints = [
            # A plan that ends before it starts is a typing error, never a real plan.
            models.CheckConstraint(
                condition=Q(planned_end__isnull=True)
                | Q(planned_start__isnull=True)
                | Q(planned_end__gte=F("planned_start")),
                name="project_end_not_before_start",
                violation_error_message=_("The planned end must not be before the planned start."),
            ),
            models.CheckConstraint(
                condition=Q(estimated_budget__isnull=True) | Q(estimated_budget__gte=0),
                name="project_estimated_budget_not_negative",
                violation_error_message=_("The estimated budget cannot be negative."),
            ),
        ]
        indexes = [
            # The portfolio list filters by stage and group on every page view.
            models.Index(fields=["stage", "group"], name="project_stage_group_idx"),
            models.Index(fields=["lead_department"], name="project_department_idx"),
        ]

    def __str__(self):
        return f"{self.code} {self.name}"

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.planned_start and self.planned_end and self.planned_end < self.planned_start:
            raise ValidationError({"planned_end": _("The planned end must not be before the planned start.")})
