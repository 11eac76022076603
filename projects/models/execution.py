from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.validation import LONG_TEXT, SHORT_TEXT, CheckedModelMixin, validate_year_in_window

from .portfolio import Project, Stage


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class AnnualPlanQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Annual plans are portfolio records: everyone who reads the portfolio sees them."""
        if user.is_authenticated and user.can_read_portfolio:
            return self
        return self.none()


class AnnualPlan(CheckedModelMixin, models.Model):
    """Annual implementation plan (年度实施计划): the projects of a year with the year's goals."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True, validators=[validate_year_in_window])
    title = models.CharField(_("title"), max_length=150)
    status = models.CharField(
        _("status"), max_length=10, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords(excluded_fields=["version"])
    objects = AnnualPlanQuerySet.as_manager()

    class Meta:
        ordering = ["-year"]
        verbose_name = _("annual plan")
        verbose_name_plural = _("annual plans")

    def __str__(self):
        return self.title

    @property
    def is_published(self) -> bool:
        return self.status == PlanStatus.PUBLISHED


class AnnualPlanItem(CheckedModelMixin, models.Model):
    plan = models.ForeignKey(AnnualPlan, on_delete=models.CASCADE, related_name="items")
    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="plan_items")
    goals = models.TextField(_("goals of the year"), max_length=LONG_TEXT)
    is_key = models.BooleanField(_("key project this year"), default=False)
    rank = models.PositiveSmallIntegerField(
        _("priority rank"), default=100, help_text=_("1 goes first: easy-first, urgent-first.")
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["plan", "rank", "project__code"]
        verbose_name = _("annual plan item")
        verbose_name_plural = _("annual plan items")
        constraints = [
            # A project appears once in a year's plan.
            models.UniqueConstraint(fields=["plan", "project"], name="unique_plan_project"),
        ]

    def __str__(self):
        return f"{self.plan.year} {self.project}"


class PlanAmendment(CheckedModelMixin, models.Model):
    """A change to a published plan, with its recorded reason."""

    plan = models.ForeignKey(AnnualPlan, on_delete=models.CASCADE, related_name="amendments")
    reason = models.TextField(_("reason"), max_length=SHORT_TEXT)
    summary = models.TextField(_("what changed"), blank=True, max_length=SHORT_TEXT)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("plan amendment")
        verbose_name_plural = _("plan amendments")

    def __str__(self):
        return f"{self.plan} {self.at:%Y-%m-%d}"


MILESTONE_MAX_WEIGHT = 100


class MilestoneStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    WAIVED = "waived", _("Waived")


CLOSED_MILESTONE_STATUSES = (MilestoneStatus.DONE, MilestoneStatus.WAIVED)


class MilestoneQuerySet(models.QuerySet):
    def open(self):
        return self.exclude(status__in=CLOSED_MILESTONE_STATUSES)

    def overdue(self, today=None):
        return self.open().filter(planned_date__lt=today or timezone.localdate())


class Milestone(CheckedModelMixin, models.Model):
    """A staged goal (目标阶段化) of a project."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("title"), max_length=200)
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices, default=Stage.IMPLEMENTATION)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_milestones",
    )
    planned_date = models.DateField(_("planned date"))
    actual_date = models.DateField(_("actual date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=MilestoneStatus.choices, default=MilestoneStatus.PLANNED
    )
    waived_reason = models.TextField(_("reason for waiving"), blank=True, max_length=SHORT_TEXT)
    # A share of the project's progress: 1 to 100 keeps shares comparable and sums far from overflow.
    weight = models.PositiveSmallIntegerField(
        _("weight"), default=1, validators=[MinValueValidator(1), MaxValueValidator(MILESTONE_MAX_WEIGHT)]
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords(excluded_fields=["version"])
    objects = MilestoneQuerySet.as_manager()

    class Meta:
        ordering = ["project", "planned_date", "pk"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        constraints = [
            # Waiving a milestone without saying why would hide a missed goal.
            models.CheckConstraint(
                condition=~Q(status=MilestoneStatus.WAIVED) | ~Q(waived_reason=""),
                name="waived_milestone_has_reason",
                violation_error_message=_("Say why this milestone is waived."),
            ),
            # A done milestone has the day it was done.
            models.CheckConstraint(
                condition=~Q(status=MilestoneStatus.DONE) | Q(actual_date__isnull=False),
                name="done_milestone_has_date",
                violation_error_message=_("A done milestone needs the date it was done."),
            ),
            models.CheckConstraint(
                condition=Q(weight__gte=1),
                name="milestone_weight_positive",
                violation_error_message=_("The weight must be at least 1."),
            ),
        ]
        indexes = [
            # Dashboard and reminders look for open milestones by date across the portfolio.
            models.Index(fields=["status", "planned_date"], name="milestone_status_date_idx"),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        """Clear messages next to the field, before the database constraints would refuse."""
        errors = {}
        if self.status == MilestoneStatus.WAIVED and not self.waived_reason.strip():
            errors["waived_reason"] = _("Say why this milestone is waived.")
        if self.status == MilestoneStatus.DONE and not self.actual_date:
            errors["actual_date"] = _("A done milestone needs the date it was done.")
        if (
            self.status == MilestoneStatus.DONE
            and self.actual_date
            and self.actual_date > timezone.localdate()
        ):
            errors["actual_date"] = _("A milestone cannot have been done on a day still to come.")
        if self.status == MilestoneStatus.PLANNED and self.actual_date:
            errors["actual_date"] = _(
                "A planned milestone has no actual date yet: clear it, or set the status to done."
            )
        start = self.project.planned_start if self.project_id else None
        if self.actual_date and start and self.actual_date < start:
            errors["actual_date"] = _("The actual date cannot be before the project start (%(start)s).") % {
                "start": start.isoformat()
            }
        if self.project_id:
            from ..rules import milestone_errors

            for name, message in milestone_errors(
                project=self.project,
                stage=self.stage,
                done=self.status == MilestoneStatus.DONE,
                actual_date=self.actual_date,
            ).items():
                errors.setdefault(name, message)
        if errors:
            raise ValidationError(errors)

    @property
    def is_overdue(self) -> bool:
        return self.status not in CLOSED_MILESTONE_STATUSES and self.planned_date < timezone.localdate()


class Severity(models.TextChoices):
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")
    CRITICAL = "critical", _("Critical")


class ProblemStatus(models.TextChoices):
    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", _("In progress")
    RESOLVED = "resolved", _("Resolved")
    CLOSED = "closed", _("Closed")


OPEN_PROBLEM_STATUSES = (ProblemStatus.OPEN, ProblemStatus.IN_PROGRESS)
# High and critical problems are the serious ones: they surface on the portfolio page and dashboard.
SERIOUS_SEVERITIES = (Severity.HIGH, Severity.CRITICAL)


class ProblemQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=OPEN_PROBLEM_STATUSES)

    def overdue(self, today=None):
        return self.open().filter(due_date__lt=today or timezone.localdate())

    def serious(self):
        return self.filter(severity__in=SERIOUS_SEVERITIES)


class Problem(CheckedModelMixin, models.Model):
    """A problem found in building or using a project (问题), tracked until solved."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="problems")
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True, max_length=LONG_TEXT)
    severity = models.CharField(
        _("severity"), max_length=10, choices=Severity.choices, default=Severity.MEDIUM
    )
    raised_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    raised_at = models.DateTimeField(auto_now_add=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_problems",
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=ProblemStatus.choices, default=ProblemStatus.OPEN
    )
    resolution = models.TextField(_("resolution"), blank=True, max_length=SHORT_TEXT)
    resolved_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords(excluded_fields=["version"])
    objects = ProblemQuerySet.as_manager()

    class Meta:
        ordering = ["project", "-raised_at"]
        verbose_name = _("problem")
        verbose_name_plural = _("problems")
        constraints = [
            # A problem is not solved until someone wrote down how.
            models.CheckConstraint(
                condition=~Q(status__in=["resolved", "closed"]) | ~Q(resolution=""),
                name="resolved_problem_has_resolution",
                violation_error_message=_("Write down how the problem was solved."),
            ),
        ]
        indexes = [
            # Overdue and serious open problems surface on the portfolio page and dashboard.
            models.Index(fields=["status", "due_date"], name="problem_status_due_idx"),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        if self.status in (ProblemStatus.RESOLVED, ProblemStatus.CLOSED) and not self.resolution.strip():
            raise ValidationError({"resolution": _("Write down how the problem was solved.")})

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_PROBLEM_STATUSES

    @property
    def is_serious(self) -> bool:
        return self.severity in SERIOUS_SEVERITIES

    @property
    def is_overdue(self) -> bool:
        return self.is_open and self.due_date is not None and self.due_date < timezone.localdate()
