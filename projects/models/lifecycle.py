from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.validation import LONG_TEXT, SHORT_TEXT, CheckedModelMixin

from .portfolio import Project, Stage
from .visibility import ProjectRecordQuerySet, ReviewRecordQuerySet


class StageTransition(CheckedModelMixin, models.Model):
    """One stage move of a project: who, when, from, to, why. Written only by the
    lifecycle service; never edited."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="transitions")
    from_stage = models.CharField(_("from"), max_length=20, choices=Stage.choices)
    to_stage = models.CharField(_("to"), max_length=20, choices=Stage.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("at"), auto_now_add=True)
    comment = models.TextField(_("comment"), blank=True, max_length=SHORT_TEXT)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("stage transition")
        verbose_name_plural = _("stage transitions")

    def __str__(self):
        return f"{self.project}: {self.from_stage} → {self.to_stage}"


class MoveRequestStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    DONE = "done", _("Carried out")
    DECLINED = "declined", _("Declined")
    # The project left the stage the request was asked from (the office moved it another way).
    SUPERSEDED = "superseded", _("Closed: the project moved on")


class StageMoveRequest(CheckedModelMixin, models.Model):
    """A department liaison asks the office to move a project to another stage."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="move_requests")
    to_stage = models.CharField(_("requested stage"), max_length=20, choices=Stage.choices)
    comment = models.TextField(_("reason"), blank=True, max_length=SHORT_TEXT)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(
        _("status"), max_length=10, choices=MoveRequestStatus.choices, default=MoveRequestStatus.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(_("decision note"), blank=True, max_length=SHORT_TEXT)

    history = HistoricalRecords()
    objects = ProjectRecordQuerySet.as_manager()

    class Meta:
        ordering = ["-requested_at"]
        verbose_name = _("stage move request")
        verbose_name_plural = _("stage move requests")
        constraints = [
            # One open request per project at a time keeps the office's queue unambiguous.
            models.UniqueConstraint(
                fields=["project"],
                condition=Q(status=MoveRequestStatus.PENDING),
                name="one_pending_move_request_per_project",
                violation_error_message=_("This project already has a pending stage move request."),
            )
        ]

    def __str__(self):
        return f"{self.project} → {self.to_stage}"


class ReviewDecision(models.TextChoices):
    PENDING = "pending", _("Pending")
    APPROVE = "approve", _("Approve")
    APPROVE_WITH_CONDITIONS = "approve_with_conditions", _("Approve with conditions")
    REJECT = "reject", _("Reject")


class Recommendation(models.TextChoices):
    APPROVE = "approve", _("Approve")
    APPROVE_WITH_CONDITIONS = "approve_with_conditions", _("Approve with conditions")
    REJECT = "reject", _("Reject")


class ApprovalReview(CheckedModelMixin, models.Model):
    """A round of project approval review (立项评审)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="reviews")
    round_no = models.PositiveSmallIntegerField(_("round"))
    opened_at = models.DateTimeField(auto_now_add=True)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decision = models.CharField(
        _("decision"), max_length=30, choices=ReviewDecision.choices, default=ReviewDecision.PENDING
    )
    decision_reasons = models.TextField(_("reasons"), blank=True, max_length=SHORT_TEXT)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords()
    objects = ProjectRecordQuerySet.as_manager()

    class Meta:
        ordering = ["project", "round_no"]
        verbose_name = _("approval review")
        verbose_name_plural = _("approval reviews")
        constraints = [
            # Rounds are numbered per project; two rounds with one number would be ambiguous.
            models.UniqueConstraint(fields=["project", "round_no"], name="unique_review_round"),
            # A rejection without reasons could not be acted on by the applicant.
            models.CheckConstraint(
                condition=~Q(decision=ReviewDecision.REJECT) | ~Q(decision_reasons=""),
                name="rejection_has_reasons",
                violation_error_message=_("A rejection needs its reasons."),
            ),
        ]

    def __str__(self):
        return f"{self.project} #{self.round_no}"

    @property
    def is_pending(self) -> bool:
        """Undecided: opinions and the decision may still be recorded."""
        return self.decision == ReviewDecision.PENDING


class ReviewOpinion(CheckedModelMixin, models.Model):
    """An expert's or agency's opinion in a review round."""

    review = models.ForeignKey(ApprovalReview, on_delete=models.CASCADE, related_name="opinions")
    reviewer = models.CharField(_("reviewer"), max_length=100)
    organisation = models.CharField(_("organisation"), max_length=150, blank=True)
    opinion = models.TextField(_("opinion"), max_length=LONG_TEXT)
    recommendation = models.CharField(_("recommendation"), max_length=30, choices=Recommendation.choices)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["recorded_at", "pk"]
        verbose_name = _("review opinion")
        verbose_name_plural = _("review opinions")

    def __str__(self):
        return f"{self.reviewer}: {self.get_recommendation_display()}"


class ReviewCondition(CheckedModelMixin, models.Model):
    """A condition attached to an approval, tracked until met."""

    review = models.ForeignKey(ApprovalReview, on_delete=models.CASCADE, related_name="conditions")
    text = models.TextField(_("condition"), max_length=SHORT_TEXT)
    is_met = models.BooleanField(_("met"), default=False)
    met_at = models.DateTimeField(null=True, blank=True)
    met_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    met_note = models.TextField(_("how it was met"), blank=True, max_length=SHORT_TEXT)
    # Who sees to the condition and by when; an open condition past its due date is overdue.
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_review_conditions",
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    # The office may waive a condition it no longer needs, saying why.
    is_waived = models.BooleanField(_("waived"), default=False)
    waived_reason = models.TextField(_("reason for waiving"), blank=True, max_length=SHORT_TEXT)
    waived_at = models.DateTimeField(null=True, blank=True)
    waived_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    history = HistoricalRecords()
    objects = ReviewRecordQuerySet.as_manager()

    class Meta:
        ordering = ["pk"]
        verbose_name = _("review condition")
        verbose_name_plural = _("review conditions")
        constraints = [
            # Waiving a condition without saying why would hide an unmet approval requirement.
            models.CheckConstraint(
                condition=Q(is_waived=False) | ~Q(waived_reason=""),
                name="waived_condition_has_reason",
                violation_error_message=_("Say why the condition is waived."),
            ),
        ]

    def __str__(self):
        return self.text[:50]

    @property
    def is_settled(self) -> bool:
        return self.is_met or self.is_waived

    def is_overdue_on(self, today) -> bool:
        return not self.is_settled and self.due_date is not None and self.due_date < today
