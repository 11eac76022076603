import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.validation import SHORT_TEXT, CheckedModelMixin

from .indicators import VALUE_DECIMAL_PLACES, VALUE_MAX_DIGITS
from .status import SCORE_DECIMAL_PLACES, SCORE_MAX_DIGITS, AssessmentStatus, Grade, ReviewDecision


class AssessmentQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Office and leadership see every assessment; an evaluator only their agency's."""
        if not user.is_authenticated:
            return self.none()
        if user.is_office or user.is_leadership:
            return self
        if user.is_evaluator and user.agency_id:
            return self.filter(agency_id=user.agency_id)
        if user.is_liaison and user.department_id:
            return self.filter(is_self=True, project__lead_department_id=user.department_id)
        return self.none()

    def with_relations(self):
        return self.select_related("cycle", "cycle__template", "project__lead_department", "agency")


class Assessment(CheckedModelMixin, models.Model):
    """One project in one cycle, assigned to one agency."""

    cycle = models.ForeignKey(
        "evaluations.AssessmentCycle",
        verbose_name=_("cycle"),
        on_delete=models.CASCADE,
        related_name="assessments",
    )
    project = models.ForeignKey(
        "projects.Project", verbose_name=_("project"), on_delete=models.PROTECT, related_name="assessments"
    )
    agency = models.ForeignKey(
        "organisation.Agency",
        verbose_name=_("agency"),
        on_delete=models.PROTECT,
        related_name="assessments",
        null=True,
        blank=True,
    )
    # 单位自评: scored by a liaison of the project's lead department, reviewed by the office.
    is_self = models.BooleanField(_("unit self-evaluation"), default=False)
    due_on = models.DateField(_("due date"))
    status = models.CharField(
        _("status"), max_length=12, choices=AssessmentStatus.choices, default=AssessmentStatus.ASSIGNED
    )
    conflict_declared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    conflict_declared_at = models.DateTimeField(
        _("no conflict of interest declared at"), null=True, blank=True
    )
    total = models.DecimalField(
        _("total score"),
        max_digits=SCORE_MAX_DIGITS,
        decimal_places=SCORE_DECIMAL_PLACES,
        null=True,
        blank=True,
    )
    grade = models.CharField(_("grade"), max_length=10, choices=Grade.choices, blank=True)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    # Optimistic locking of the draft: two tabs saving the same draft must not overwrite each other.
    version = models.PositiveIntegerField(default=1, editable=False)
    # The due date the 3-day reminder was sent for; a moved due date gets a new reminder.
    reminder_sent_for = models.DateField(null=True, blank=True, editable=False)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords(excluded_fields=["version", "reminder_sent_for"])
    objects = AssessmentQuerySet.as_manager()

    class Meta:
        ordering = ["cycle", "project__code"]
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        constraints = [
            # A project is assessed once per cycle.
            models.UniqueConstraint(fields=["cycle", "project"], name="assessment_cycle_project_unique"),
            # The total and grade are fixed exactly when the office accepts.
            models.CheckConstraint(
                condition=~Q(status=AssessmentStatus.ACCEPTED) | (Q(total__isnull=False) & ~Q(grade="")),
                name="assessment_accepted_has_total_and_grade",
                violation_error_message=_("An accepted assessment needs its total score and grade."),
            ),
            models.CheckConstraint(
                condition=Q(total__isnull=True) | Q(total__gte=0, total__lte=100),
                name="assessment_total_0_to_100",
                violation_error_message=_("The total score must be between 0 and 100."),
            ),
            # A third-party assessment names its agency; a self-evaluation has none (its department scores).
            models.CheckConstraint(
                condition=Q(is_self=True, agency__isnull=True) | Q(is_self=False, agency__isnull=False),
                name="assessment_agency_unless_self",
                violation_error_message=_(
                    "A third-party assessment names its agency; a self-evaluation names none."
                ),
            ),
        ]
        indexes = [
            # The reminder task and the evaluator portal look up open assignments by due date.
            models.Index(fields=["status", "due_on"], name="assessment_status_due_idx"),
        ]

    def __str__(self):
        return f"{self.cycle} · {self.project}"

    @property
    def scorer_name(self) -> str:
        """Who scores it: the agency, or for a self-evaluation the lead department."""
        if self.is_self:
            return str(self.project.lead_department or "")
        return self.agency.name if self.agency else ""

    @property
    def is_editable(self) -> bool:
        from .status import EDITABLE_STATUSES

        return self.status in EDITABLE_STATUSES


class Score(CheckedModelMixin, models.Model):
    """The evaluator's score and comment on one indicator. A leaf's score is 0 … its points."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="scores")
    indicator = models.ForeignKey("evaluations.Indicator", on_delete=models.PROTECT, related_name="scores")
    value = models.DecimalField(
        _("score"), max_digits=SCORE_MAX_DIGITS, decimal_places=SCORE_DECIMAL_PLACES, null=True, blank=True
    )
    comment = models.TextField(_("comment"), blank=True, max_length=SHORT_TEXT)
    # 实际完成值: the number proportional scoring uses, and/or the words a published table shows.
    actual = models.DecimalField(
        _("actual value"),
        max_digits=VALUE_MAX_DIGITS,
        decimal_places=VALUE_DECIMAL_PLACES,
        null=True,
        blank=True,
    )
    actual_text = models.CharField(_("actual (as written)"), max_length=200, blank=True)
    # Deduction scoring: how many shortcomings were found.
    shortfalls = models.PositiveSmallIntegerField(_("shortcomings found"), null=True, blank=True)
    band = models.CharField(_("band"), max_length=1, blank=True)
    deviation = models.TextField(
        _("reasons for deviation and improvements (偏差原因分析及改进措施)"),
        blank=True,
        max_length=SHORT_TEXT,
    )
    # When the evaluator types a score other than the one the method or the product's figures give.
    override_reason = models.TextField(
        _("reason for overriding the calculated score"), blank=True, max_length=SHORT_TEXT
    )
    # The figures a computed indicator came from, as shown to the evaluator when saved.
    computed = models.JSONField(_("computed from the project's data"), default=dict, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "indicator"], name="score_assessment_indicator_unique"
            ),
            # The upper bound (the leaf's points) is checked by the service; the lower bound here.
            models.CheckConstraint(
                condition=Q(value__isnull=True) | Q(value__gte=0),
                name="score_not_negative",
                violation_error_message=_("A score cannot be negative."),
            ),
            # The band a banded score lies in: A 100–80 %, B 80–60 %, C 60–0 % of the points.
            models.CheckConstraint(
                condition=Q(band__in=["", "A", "B", "C"]),
                name="score_band_known",
                violation_error_message=_("Choose one of the bands."),
            ),
        ]

    def __str__(self):
        return f"{self.indicator_id}: {self.value}"


class ReviewRound(CheckedModelMixin, models.Model):
    """One submission and the office's decision on it; every round is kept with the scores it had."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="rounds")
    number = models.PositiveSmallIntegerField(_("round"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted at"))
    total = models.DecimalField(
        _("total score"), max_digits=SCORE_MAX_DIGITS, decimal_places=SCORE_DECIMAL_PLACES
    )
    scores = models.JSONField(_("scores submitted"), default=dict)
    decision = models.CharField(
        _("decision"), max_length=10, choices=ReviewDecision.choices, default=ReviewDecision.PENDING
    )
    reason = models.TextField(_("reason"), blank=True, max_length=SHORT_TEXT)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["scores"])

    class Meta:
        ordering = ["assessment", "number"]
        verbose_name = _("review round")
        verbose_name_plural = _("review rounds")
        constraints = [
            models.UniqueConstraint(fields=["assessment", "number"], name="review_round_number_unique"),
            # A return must say why, so the evaluator knows what to fix.
            models.CheckConstraint(
                condition=~Q(decision=ReviewDecision.RETURNED) | ~Q(reason=""),
                name="review_round_return_has_reason",
                violation_error_message=_("Say why the assessment is returned."),
            ),
        ]

    def __str__(self):
        return f"{self.assessment_id} #{self.number}"


def evidence_path(instance, filename) -> str:
    """A random name without the uploader's extension: nothing about the file is trusted."""
    return f"evidence/{uuid.uuid4().hex}"


class Evidence(CheckedModelMixin, models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="evidence")
    indicator = models.ForeignKey(
        "evaluations.Indicator", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    file = models.FileField(_("file"), upload_to=evidence_path)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(_("size"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at"]
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")

    def __str__(self):
        return self.original_name
