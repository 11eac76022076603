"""Status reports (项目月报), review meetings (协调推进会) with their agenda, decisions and action
items, and baselines (基线)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from projects.health import Dimension, Health
from projects.models import Project

# A one-line reason: long enough for a sentence, short enough to stay one line in the grid.
REASON_LENGTH = 200
DIMENSIONS = [dimension.value for dimension in Dimension]


class FrozenError(ValidationError):
    """A frozen record was about to change. Raised by the model itself, so no path (form,
    service, admin, shell) can change it."""


class StatusReportQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The reports of the projects a user may see."""
        return self.filter(project__in=Project.objects.visible_to(user))

    def frozen(self):
        return self.filter(frozen_at__isnull=False)

    def update(self, **kwargs):
        # Freezing (frozen_at) is the one update that may touch a report not yet frozen; nothing
        # updates a frozen one.
        if self.frozen().exists():
            raise FrozenError(_("A frozen status report cannot be changed."))
        return super().update(**kwargs)

    def delete(self):
        if self.frozen().exists():
            raise FrozenError(_("A frozen status report cannot be deleted."))
        return super().delete()


def rating_field(verbose_name):
    return models.CharField(verbose_name, max_length=5, choices=Health.choices)


def reason_field(verbose_name):
    return models.CharField(verbose_name, max_length=REASON_LENGTH, blank=True)


class StatusReport(models.Model):
    """One project's status for one month, filed by the lead department's liaison or the office.
    Frozen when the month's review meeting closes; corrections are dated notes."""

    project = models.ForeignKey(
        "projects.Project", verbose_name=_("project"), on_delete=models.PROTECT, related_name="status_reports"
    )
    month = models.DateField(_("month"), help_text=_("The first day of the month reported on."))
    overall = rating_field(pgettext_lazy("dimension", "overall"))
    overall_reason = reason_field(pgettext_lazy("dimension", "reason (overall)"))
    schedule = rating_field(pgettext_lazy("dimension", "schedule"))
    schedule_reason = reason_field(pgettext_lazy("dimension", "reason (schedule)"))
    budget = rating_field(pgettext_lazy("dimension", "budget"))
    budget_reason = reason_field(pgettext_lazy("dimension", "reason (budget)"))
    scope = rating_field(pgettext_lazy("dimension", "scope"))
    scope_reason = reason_field(pgettext_lazy("dimension", "reason (scope)"))
    risk = rating_field(pgettext_lazy("dimension", "risk"))
    risk_reason = reason_field(pgettext_lazy("dimension", "reason (risk)"))
    # The health rule's suggestion when the form was opened: {dimension: rating}.
    suggestions = models.JSONField(_("suggested ratings"), default=dict, blank=True, editable=False)
    # What the data said when filed (milestones done and due, spending of the month), kept as filed.
    facts = models.JSONField(_("facts when filed"), default=dict, blank=True, editable=False)
    achievements = models.TextField(_("achievements this period"), blank=True)
    next_steps = models.TextField(_("next steps"), blank=True)
    blockers = models.TextField(_("blockers and help asked of the office"), blank=True)
    recovery_plan = models.TextField(
        _("corrective measures (纠偏措施)"),
        blank=True,
        help_text=_("For anything red or amber: how, and by when, it returns to green."),
    )
    recovery_by = models.DateField(_("back to green by"), null=True, blank=True)
    filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    filed_at = models.DateTimeField(_("filed at"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    frozen_at = models.DateTimeField(_("frozen at"), null=True, blank=True, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = StatusReportQuerySet.as_manager()

    class Meta:
        ordering = ["-month", "project__code"]
        verbose_name = _("status report")
        verbose_name_plural = _("status reports")
        constraints = [
            # One report per project and month: a second would leave the review two truths.
            models.UniqueConstraint(fields=["project", "month"], name="one_status_report_per_project_month"),
        ]
        indexes = [
            # The due list and the meeting's agenda read one month across the portfolio.
            models.Index(fields=["month", "overall"], name="statusreport_month_overall_idx"),
        ]

    def __str__(self):
        return f"{self.project.code} {self.month:%Y-%m}"

    def save(self, *args, **kwargs):
        if self._stored_frozen():
            raise FrozenError(_("This status report is frozen: add a dated note instead."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self._stored_frozen():
            raise FrozenError(_("A frozen status report cannot be deleted."))
        return super().delete(*args, **kwargs)

    def _stored_frozen(self) -> bool:
        return self.pk is not None and type(self).objects.filter(pk=self.pk, frozen_at__isnull=False).exists()

    @property
    def is_frozen(self) -> bool:
        return self.frozen_at is not None

    @property
    def month_label(self) -> str:
        return date_format(self.month, "YEAR_MONTH_FORMAT")

    def ratings(self) -> list[dict]:
        """Each dimension with its rating, reason and the rule's suggestion, in order."""
        return [
            {
                "dimension": dimension,
                "rating": getattr(self, dimension.value),
                "label": Health(getattr(self, dimension.value)).label
                if getattr(self, dimension.value)
                else "",
                "reason": getattr(self, f"{dimension.value}_reason"),
                "suggested": self.suggestions.get(dimension.value),
            }
            for dimension in Dimension
        ]

    def clean(self):
        """The rules of a report, for the form, the admin and the services alike: a red or amber
        rating needs its reason, and so does a rating that differs from the rule's suggestion;
        anything red or amber needs the corrective measures."""
        errors = {}
        if self.month and self.month.day != 1:
            errors["month"] = _("A report is about a month: give its first day.")
        needs_recovery = False
        for dimension in DIMENSIONS:
            rating = getattr(self, dimension)
            reason = getattr(self, f"{dimension}_reason").strip()
            suggested = self.suggestions.get(dimension)
            if rating in (Health.RED, Health.AMBER):
                needs_recovery = True
                if not reason:
                    errors[f"{dimension}_reason"] = _("Say why it is %(rating)s.") % {
                        "rating": Health(rating).label
                    }
            if (
                rating
                and suggested
                and rating != suggested
                and not reason
                and f"{dimension}_reason" not in errors
            ):
                errors[f"{dimension}_reason"] = _(
                    "The data suggest %(suggested)s: say why you rate it %(rating)s."
                ) % {"suggested": Health(suggested).label, "rating": Health(rating).label}
        if needs_recovery and not self.recovery_plan.strip():
            errors["recovery_plan"] = _(
                "Anything red or amber needs corrective measures: how it returns to green."
            )
        if needs_recovery and not self.recovery_by:
            errors["recovery_by"] = _("Say by when it returns to green.")
        if errors:
            raise ValidationError(errors)


class StatusNote(models.Model):
    """A dated correction or addition to a status report, the only change a frozen one takes."""

    report = models.ForeignKey(StatusReport, on_delete=models.PROTECT, related_name="notes")
    text = models.TextField(_("note"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        ordering = ["report", "at", "pk"]
        verbose_name = _("status note")
        verbose_name_plural = _("status notes")

    def __str__(self):
        return f"{self.report} {self.at:%Y-%m-%d}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise FrozenError(_("A note is kept as written; add another note."))
        super().save(*args, **kwargs)


class MeetingStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("meeting", "Open")
    CLOSED = "closed", pgettext_lazy("meeting", "Closed")


class MeetingQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Review meetings are portfolio records: everyone who reads the portfolio sees them."""
        if user.is_authenticated and user.can_read_portfolio:
            return self
        return self.none()


class Meeting(models.Model):
    """A monthly review meeting (协调推进会) of the office."""

    title = models.CharField(_("title"), max_length=150)
    month = models.DateField(_("month reviewed"), help_text=_("The first day of the month under review."))
    held_on = models.DateField(_("date"))
    chair = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("chair"), on_delete=models.PROTECT, related_name="+"
    )
    attendees = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("attendees"), blank=True, related_name="review_meetings"
    )
    notes = models.TextField(_("general minutes"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=MeetingStatus.choices, default=MeetingStatus.OPEN
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True, editable=False)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name = _("review meeting")
        verbose_name_plural = _("review meetings")
        constraints = [
            # A closed meeting has the moment it was closed.
            models.CheckConstraint(
                condition=~Q(status=MeetingStatus.CLOSED) | Q(closed_at__isnull=False),
                name="closed_meeting_has_time",
                violation_error_message=_("A closed meeting records when it was closed."),
            ),
        ]

    def __str__(self):
        return f"{self.title} {self.held_on:%Y-%m-%d}"

    @property
    def is_closed(self) -> bool:
        return self.status == MeetingStatus.CLOSED

    @property
    def month_label(self) -> str:
        return date_format(self.month, "YEAR_MONTH_FORMAT")


def _refuse_if_meeting_closed(meeting) -> None:
    """The record of a closed meeting is read-only, whatever path tries to change it."""
    if Meeting.objects.filter(
        pk__in=[meeting] if isinstance(meeting, int) else meeting, status=MeetingStatus.CLOSED
    ).exists():
        raise FrozenError(_("This meeting is closed: its record is read-only."))


class AgendaReason(models.TextChoices):
    KEY = "key", _("key project of the year's plan")
    RED = "red", _("rated red this month")
    PROBLEM = "problem", _("serious problem past due")
    ACTION = "action", _("action item past due")
    ADDED = "added", _("added by the office")


class AgendaItem(models.Model):
    """A project on a meeting's agenda, with its minutes."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda")
    project = models.ForeignKey("projects.Project", on_delete=models.PROTECT, related_name="agenda_items")
    reasons = models.JSONField(_("why on the agenda"), default=list, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    minutes = models.TextField(_("minutes"), blank=True)

    class Meta:
        ordering = ["meeting", "order", "project__code"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        constraints = [
            # A project is discussed once per meeting; its reasons are listed together.
            models.UniqueConstraint(fields=["meeting", "project"], name="unique_agenda_project"),
        ]

    def __str__(self):
        return f"{self.meeting} · {self.project.code}"

    def save(self, *args, **kwargs):
        _refuse_if_meeting_closed(Meeting.objects.filter(pk=self.meeting_id))
        super().save(*args, **kwargs)

    def reason_labels(self) -> list[str]:
        return [AgendaReason(reason).label for reason in self.reasons if reason in AgendaReason.values]


class Decision(models.Model):
    agenda_item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="decisions")
    text = models.TextField(_("decision"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["agenda_item", "pk"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")

    def __str__(self):
        return self.text[:50]

    def save(self, *args, **kwargs):
        _refuse_if_meeting_closed(Meeting.objects.filter(agenda__pk=self.agenda_item_id))
        super().save(*args, **kwargs)


class ActionStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("action item", "Open")
    CLOSED = "closed", pgettext_lazy("action item", "Closed")


class ActionItemQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The action items of the projects a user may see."""
        return self.filter(project__in=Project.objects.visible_to(user))

    def open(self):
        return self.filter(status=ActionStatus.OPEN)

    def overdue(self, today):
        return self.open().filter(due_date__lt=today)


class ActionItem(models.Model):
    """Who does what by when, decided at a meeting; tracked until closed with a closing note."""

    agenda_item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="actions")
    project = models.ForeignKey(
        "projects.Project", on_delete=models.PROTECT, related_name="action_items", editable=False
    )
    text = models.TextField(_("action"))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        related_name="action_items",
    )
    department = models.ForeignKey(
        "organisation.Department",
        verbose_name=_("department"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    due_date = models.DateField(_("due date"))
    status = models.CharField(
        _("status"), max_length=10, choices=ActionStatus.choices, default=ActionStatus.OPEN
    )
    closing_note = models.TextField(_("closing note"), blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True, editable=False)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ActionItemQuerySet.as_manager()

    class Meta:
        ordering = ["due_date", "pk"]
        verbose_name = _("action item")
        verbose_name_plural = _("action items")
        constraints = [
            # An action is not done until someone wrote down how it ended.
            models.CheckConstraint(
                condition=~Q(status=ActionStatus.CLOSED) | ~Q(closing_note=""),
                name="closed_action_has_note",
                violation_error_message=_("Write a closing note for a closed action item."),
            ),
        ]
        indexes = [
            # Reminders and the dashboard look for open items by owner and due date.
            models.Index(fields=["status", "due_date"], name="actionitem_status_due_idx"),
        ]

    def __str__(self):
        return self.text[:50]

    def clean(self):
        if self.status == ActionStatus.CLOSED and not self.closing_note.strip():
            raise ValidationError({"closing_note": _("Write down how the action ended.")})

    def is_overdue_on(self, today) -> bool:
        return self.is_open and self.due_date < today

    @property
    def is_open(self) -> bool:
        return self.status == ActionStatus.OPEN

    @property
    def is_closed(self) -> bool:
        return self.status == ActionStatus.CLOSED


class Baseline(models.Model):
    """A frozen copy of a project's plan: milestone dates and weights, budget by year and source,
    planned start and end. The first is taken at approval; later ones need a reason."""

    project = models.ForeignKey("projects.Project", on_delete=models.PROTECT, related_name="baselines")
    number = models.PositiveSmallIntegerField(_("number"))
    reason = models.TextField(_("reason"), blank=True)
    planned_start = models.DateField(_("planned start"), null=True, blank=True)
    planned_end = models.DateField(_("planned end"), null=True, blank=True)
    # [{"id", "title", "planned_date", "weight"}]
    milestones = models.JSONField(pgettext_lazy("baseline", "milestones"), default=list, blank=True)
    # [{"year", "source_id", "source", "approved"}] with the amount as a string of yuan
    budget = models.JSONField(pgettext_lazy("baseline", "budget"), default=list, blank=True)
    taken_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    taken_at = models.DateTimeField(_("taken at"), auto_now_add=True)

    class Meta:
        ordering = ["project", "-number"]
        verbose_name = _("baseline")
        verbose_name_plural = _("baselines")
        constraints = [
            # Baselines are numbered 1, 2, … per project; the number names it in meetings.
            models.UniqueConstraint(fields=["project", "number"], name="unique_baseline_number"),
            # Re-baselining without a reason would hide a slipped plan.
            models.CheckConstraint(
                condition=Q(number=1) | ~Q(reason=""),
                name="later_baseline_has_reason",
                violation_error_message=_("A later baseline needs a reason."),
            ),
            models.CheckConstraint(
                condition=Q(planned_end__isnull=True)
                | Q(planned_start__isnull=True)
                | Q(planned_end__gte=F("planned_start")),
                name="baseline_end_not_before_start",
                violation_error_message=_("The planned end must not be before the planned start."),
            ),
        ]

    def __str__(self):
        return _("Baseline %(number)s") % {"number": self.number}

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise FrozenError(_("A baseline is kept as taken; take a new one instead."))
        super().save(*args, **kwargs)

    def clean(self):
        if self.number and self.number > 1 and not self.reason.strip():
            raise ValidationError({"reason": _("A later baseline needs a reason, e.g. an approved change.")})
