from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from core.money import ZERO, money_field
from core.validation import SHORT_TEXT, CheckedModelMixin, validate_year_in_window

from .portfolio import Project
from .visibility import LineRecordQuerySet, ProjectRecordQuerySet


class FundingSource(CheckedModelMixin, models.Model):
    """Where money comes from: municipal fiscal, provincial/central, social capital, enterprise."""

    code = models.SlugField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=50, unique=True)
    name_en = models.CharField(_("English name"), max_length=80, blank=True)
    is_fiscal = models.BooleanField(
        _("government fiscal funds"),
        default=False,
        help_text=_("Fiscal funds are the lever; the others are what they lever."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("funding source")
        verbose_name_plural = _("funding sources")

    def __str__(self):
        return self.name


class BudgetLineQuerySet(ProjectRecordQuerySet):
    def for_projects(self, projects):
        return self.filter(project__in=projects)


class BudgetLine(CheckedModelMixin, models.Model):
    """Budget of one project for one year from one funding source, in yuan."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="budget_lines")
    year = models.PositiveSmallIntegerField(_("year"), validators=[validate_year_in_window])
    source = models.ForeignKey(
        FundingSource, verbose_name=_("funding source"), on_delete=models.PROTECT, related_name="lines"
    )
    approved = money_field(_("approved"), default=ZERO)
    allocated = money_field(_("allocated"), default=ZERO)
    allocated_on = models.DateField(_("allocated on"), null=True, blank=True)
    # Sum of the spending records, kept by the spending service in the same transaction.
    spent = money_field(_("spent"), default=ZERO, editable=False)
    note = models.TextField(_("note"), blank=True, max_length=SHORT_TEXT)
    version = models.PositiveIntegerField(default=1, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["version", "updated_at"])
    objects = BudgetLineQuerySet.as_manager()

    class Meta:
        ordering = ["project", "year", "source__order"]
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        constraints = [
            # One line per project, year and source: figures are never split across duplicates.
            models.UniqueConstraint(fields=["project", "year", "source"], name="unique_budget_line"),
            models.CheckConstraint(
                condition=Q(approved__gte=0) & Q(allocated__gte=0) & Q(spent__gte=0),
                name="budget_amounts_not_negative",
                violation_error_message=_("Amounts cannot be negative."),
            ),
            # Money cannot be spent before it has arrived.
            models.CheckConstraint(
                condition=Q(spent__lte=F("allocated")),
                name="spent_within_allocated",
                violation_error_message=_(
                    "The allocated amount cannot be less than what has been spent already."
                ),
            ),
        ]
        indexes = [
            # The portfolio budget page aggregates by year across all projects.
            models.Index(fields=["year", "source"], name="budget_year_source_idx"),
        ]

    def __str__(self):
        return f"{self.project.code} {self.year} {self.source}"

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        update_fields = kwargs.get("update_fields")
        if update_fields is None or "approved" in update_fields:
            self._stored_approved = self.approved

    def clean(self):
        """Money that arrived cannot exceed what was approved (a figure above it is a typing error, or
        needs an approved adjustment first); approved amounts wait for the project's approval."""
        from ..rules import approved_amount_errors, budget_year_errors

        errors = {}
        if self.approved is not None and self.allocated is not None and self.allocated > self.approved:
            errors["allocated"] = _(
                "The allocated amount (%(allocated)s yuan) cannot be more than the approved "
                "amount (%(approved)s yuan)."
            ) % {"allocated": f"{self.allocated:,.2f}", "approved": f"{self.approved:,.2f}"}
        if self.project_id and self._state.adding:
            errors.update(budget_year_errors(project=self.project, year=self.year))
        if self.project_id and self._approved_changed():
            errors.update(approved_amount_errors(project=self.project, approved=self.approved))
        if errors:
            raise ValidationError(errors)

    # The approved amount as stored, remembered when the line is loaded, refreshed or saved, so that
    # ``clean`` knows whether it changed without asking the database again.
    _stored_approved = models.DEFERRED

    @classmethod
    def from_db(cls, db, field_names, values):
        line = super().from_db(db, field_names, values)
        line._stored_approved = line.__dict__.get("approved", models.DEFERRED)
        return line

    def refresh_from_db(self, using=None, fields=None, from_queryset=None):
        super().refresh_from_db(using=using, fields=fields, from_queryset=from_queryset)
        if fields is None or "approved" in fields:
            self._stored_approved = self.approved

    def _approved_changed(self) -> bool:
        """A new line, or an approved amount other than the stored one: only then does the rule on
        approved amounts apply (editing what arrived on an older line leaves approved alone)."""
        if self._state.adding:
            return True
        stored = self._stored_approved
        if stored is models.DEFERRED:  # loaded without it (``only``/``defer``): ask the database
            stored = BudgetLine.objects.filter(pk=self.pk).values_list("approved", flat=True).first()
        return stored != self.approved


class SpendingRecord(CheckedModelMixin, models.Model):
    """Money actually paid out of a budget line. A wrong entry is never deleted: a reversing
    entry (the negative amount, with the reason) cancels it, and both stay on the record."""

    line = models.ForeignKey(BudgetLine, on_delete=models.CASCADE, related_name="spending")
    amount = money_field(_("amount"), signed=True)
    spent_on = models.DateField(_("date"))
    note = models.CharField(_("note"), max_length=200, blank=True)
    reverses = models.OneToOneField(
        "self",
        verbose_name=_("reverses"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reversal",
        editable=False,
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()
    objects = LineRecordQuerySet.as_manager()

    class Meta:
        ordering = ["spent_on", "pk"]
        verbose_name = _("spending record")
        verbose_name_plural = _("spending records")
        constraints = [
            # A payment is positive; only a reversal (which names the entry it cancels, once,
            # thanks to the one-to-one) carries a negative amount.
            models.CheckConstraint(
                condition=(Q(reverses__isnull=True) & Q(amount__gt=0))
                | (Q(reverses__isnull=False) & Q(amount__lt=0)),
                name="spending_amount_positive_or_reversal",
                violation_error_message=_("Enter an amount greater than zero."),
            ),
        ]

    def __str__(self):
        return f"{self.line} {self.amount}"

    def clean(self):
        """Spending belongs to its budget line's year, and only to an approved project; only a
        reversal carries a negative amount."""
        from ..rules import spending_errors

        errors = {}
        if self.reverses_id is None:
            if self.amount is not None and self.amount <= 0:
                errors["amount"] = _("Enter an amount greater than zero.")
            if self.spent_on and self.line_id and self.spent_on.year != self.line.year:
                errors["spent_on"] = _("The date must be in %(year)s, the year of this budget line.") % {
                    "year": self.line.year
                }
            if self.line_id:
                for field, messages in spending_errors(
                    project=self.line.project, spent_on=self.spent_on
                ).items():
                    errors.setdefault(field, messages)
        if errors:
            raise ValidationError(errors)

    @property
    def is_reversal(self) -> bool:
        return self.reverses_id is not None


class AdjustmentStatus(models.TextChoices):
    PENDING = "pending", pgettext_lazy("decision", "Pending")
    APPROVED = "approved", pgettext_lazy("decision", "Approved")
    REJECTED = "rejected", pgettext_lazy("decision", "Rejected")


class BudgetAdjustment(CheckedModelMixin, models.Model):
    """A request to change an approved amount; the line changes only when it is approved."""

    line = models.ForeignKey(BudgetLine, on_delete=models.CASCADE, related_name="adjustments")
    old_amount = money_field(_("old amount"), default=ZERO)
    new_amount = money_field(_("new amount"), default=ZERO)
    reason = models.TextField(_("reason"), max_length=SHORT_TEXT)
    status = models.CharField(
        _("status"), max_length=10, choices=AdjustmentStatus.choices, default=AdjustmentStatus.PENDING
    )
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(_("decision note"), blank=True, max_length=SHORT_TEXT)

    history = HistoricalRecords()
    objects = LineRecordQuerySet.as_manager()

    class Meta:
        ordering = ["-requested_at"]
        verbose_name = _("budget adjustment")
        verbose_name_plural = _("budget adjustments")
        constraints = [
            models.CheckConstraint(
                condition=Q(new_amount__gte=0),
                name="adjustment_new_amount_not_negative",
                violation_error_message=_("The new amount cannot be negative."),
            ),
            # Two competing pending requests on one line could both be approved against a stale figure.
            models.UniqueConstraint(
                fields=["line"],
                condition=Q(status=AdjustmentStatus.PENDING),
                name="one_pending_adjustment_per_line",
                violation_error_message=_("This budget line already has a pending adjustment request."),
            ),
        ]

    def __str__(self):
        return f"{self.line}: {self.old_amount} → {self.new_amount}"

    @property
    def is_pending(self) -> bool:
        return self.status == AdjustmentStatus.PENDING
