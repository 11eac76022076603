"""Report runs (the archive), schedules with their subscribers, and the delivery log."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_celery_beat.models import PeriodicTask
from simple_history.models import HistoricalRecords

from core.validation import CheckedModelMixin

from .periods import cycle_label, month_label, parse_month


class ReportKind(models.TextChoices):
    MONTHLY = "monthly", _("Monthly portfolio report")
    CYCLE = "cycle", _("Assessment-cycle report")
    DOSSIER = "dossier", _("Project dossier")
    MINUTES = "minutes", _("Review meeting minutes")


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class ReportSchedule(CheckedModelMixin, models.Model):
    """A report built by Celery beat on a cron schedule and mailed to its subscribers.
    The timing lives in the django-celery-beat PeriodicTask, so beat picks up edits at once."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    kind = models.CharField(_("report"), max_length=10, choices=ReportKind.choices)
    periodic_task = models.OneToOneField(
        PeriodicTask, on_delete=models.PROTECT, related_name="report_schedule", editable=False
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("report schedule")
        verbose_name_plural = _("report schedules")

    def __str__(self):
        return self.name


class Subscriber(CheckedModelMixin, models.Model):
    """A recipient of a scheduled report: a user of the system or a plain email address."""

    schedule = models.ForeignKey(ReportSchedule, on_delete=models.CASCADE, related_name="subscribers")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    email = models.EmailField(_("email"), blank=True)

    class Meta:
        ordering = ["schedule", "pk"]
        verbose_name = _("subscriber")
        verbose_name_plural = _("subscribers")
        constraints = [
            # A subscriber is either a user or an address, never both or neither.
            models.CheckConstraint(
                condition=(Q(user__isnull=False) & Q(email="")) | (Q(user__isnull=True) & ~Q(email="")),
                name="subscriber_user_xor_email",
                violation_error_message=_("A subscriber is either a user or an e-mail address, not both."),
            ),
            # The same recipient twice would get the report twice.
            models.UniqueConstraint(
                fields=["schedule", "user"],
                condition=Q(user__isnull=False),
                name="unique_schedule_user",
                violation_error_message=_("This user already subscribes to this schedule."),
            ),
            models.UniqueConstraint(
                fields=["schedule", "email"],
                condition=~Q(email=""),
                name="unique_schedule_email",
                violation_error_message=_("This address already subscribes to this schedule."),
            ),
        ]

    def __str__(self):
        return self.address

    @property
    def address(self) -> str:
        return self.user.email if self.user_id else self.email


class ReportRunQuerySet(models.QuerySet):
    def visible_to(self, user) -> "ReportRunQuerySet":
        """The runs a user may open, download and find in the archive (``permissions.can_see_report``
        says the same before a run exists): office and leadership every run; a liaison every run but
        the dossiers of other departments' projects; nobody else any."""
        if user.is_office or user.is_leadership:
            return self
        if user.is_liaison:
            return self.filter(
                ~Q(kind=ReportKind.DOSSIER) | Q(project__lead_department_id=user.department_id)
            )
        return self.none()


class ReportRun(models.Model):
    """One build of one report: the archive entry and, once done, its PDF."""

    kind = models.CharField(_("report"), max_length=10, choices=ReportKind.choices)
    period = models.CharField(
        _("period"), max_length=40, help_text=_("2026-10 for a month, the cycle id, or the project code.")
    )
    parameters = models.JSONField(_("parameters"), default=dict, blank=True)
    schedule = models.ForeignKey(
        ReportSchedule, on_delete=models.SET_NULL, null=True, blank=True, related_name="runs"
    )
    is_scheduled = models.BooleanField(_("scheduled"), default=False)
    project = models.ForeignKey(
        "projects.Project", on_delete=models.CASCADE, null=True, blank=True, related_name="report_runs"
    )
    status = models.CharField(_("status"), max_length=10, choices=RunStatus.choices, default=RunStatus.QUEUED)
    file = models.FileField(_("file"), upload_to="reports/%Y/%m/", blank=True)
    checksum = models.CharField(_("SHA-256"), max_length=64, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    # When its build was last handed to the broker: a run still queued long after that lost its
    # message (a broker restarted without it) and is sent again (services.runs_redispatch).
    dispatched_at = models.DateTimeField(_("sent to the queue"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)

    objects = ReportRunQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("report run")
        verbose_name_plural = _("report runs")
        constraints = [
            # Exactly once: a duplicated or retried beat firing finds this run instead of building
            # and mailing the same report for the same period again.
            models.UniqueConstraint(
                fields=["kind", "period"],
                condition=Q(is_scheduled=True),
                name="unique_scheduled_run",
                violation_error_message=_("This scheduled report has already been made for this period."),
            ),
            # A dossier is always about one project.
            models.CheckConstraint(
                condition=~Q(kind=ReportKind.DOSSIER) | Q(project__isnull=False),
                name="dossier_run_has_project",
                violation_error_message=_("A dossier needs its project."),
            ),
            # A finished run has its file and checksum.
            models.CheckConstraint(
                condition=~Q(status=RunStatus.DONE) | (~Q(file="") & ~Q(checksum="")),
                name="done_run_has_file",
                violation_error_message=_("A finished report needs its file."),
            ),
        ]
        indexes = [
            # Stale RUNNING runs are looked up by status and start time when reclaiming.
            models.Index(fields=["status", "started_at"], name="reportrun_status_started_idx"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.period}"

    @property
    def is_finished(self) -> bool:
        return self.status in (RunStatus.DONE, RunStatus.FAILED)

    @property
    def is_done(self) -> bool:
        return self.status == RunStatus.DONE

    @property
    def is_failed(self) -> bool:
        return self.status == RunStatus.FAILED

    @property
    def is_cycle_report(self) -> bool:
        return self.kind == ReportKind.CYCLE

    @property
    def period_label(self) -> str:
        """The period as people read it: 2026年10月, the cycle, or the project and day of a dossier."""
        if self.kind == ReportKind.MONTHLY:
            return month_label(parse_month(self.period)[0])
        if self.kind == ReportKind.CYCLE:
            return self.parameters.get("cycle_name") or cycle_label(self.period.removeprefix("cycle-"))
        if self.kind == ReportKind.MINUTES:
            return self.parameters.get("label") or self.period
        return self.period.replace("@", " · ")

    @property
    def filename(self) -> str:
        return f"{self.kind}-{self.period}.pdf"


class DeliveryStatus(models.TextChoices):
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


class Delivery(models.Model):
    """The mailing of one run to one recipient, logged so it happens at most once."""

    run = models.ForeignKey(ReportRun, on_delete=models.CASCADE, related_name="deliveries")
    email = models.EmailField(_("email"))
    status = models.CharField(
        _("status"), max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.SENDING
    )
    error = models.TextField(_("error"), blank=True)
    at = models.DateTimeField(_("at"), auto_now=True)

    class Meta:
        ordering = ["run", "email"]
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [
            # One email per recipient per run, however often the task is retried.
            models.UniqueConstraint(fields=["run", "email"], name="unique_delivery_per_recipient"),
        ]

    def __str__(self):
        return f"{self.run} → {self.email}"

    @property
    def is_sent(self) -> bool:
        return self.status == DeliveryStatus.SENT

    @property
    def is_failed(self) -> bool:
        return self.status == DeliveryStatus.FAILED


class CycleReportText(models.Model):
    """Sections 五 (problems and their causes) and 六 (recommendations) of an assessment-cycle
    report, as the office edited them from the generated draft. Once published the text is frozen:
    the PDF built then carries it, and the page no longer accepts edits."""

    cycle = models.OneToOneField(
        "evaluations.AssessmentCycle", on_delete=models.CASCADE, related_name="report_text"
    )
    problems = models.TextField(_("problems and their causes"), blank=True)
    recommendations = models.TextField(_("recommendations"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("cycle report text")
        verbose_name_plural = _("cycle report texts")

    def __str__(self):
        return str(self.cycle)

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    @staticmethod
    def items(text: str) -> list[str]:
        """One numbered item per non-empty line."""
        return [line.strip() for line in text.splitlines() if line.strip()]
