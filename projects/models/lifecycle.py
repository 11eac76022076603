from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .portfolio import Project, Stage


class StageTransition(models.Model):
    """One stage move of a project: who, when, from, to, why. Written only by the
    lifecycle service; never edited."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="transitions")
    from_stage = models.CharField(_("from"), max_length=20, choices=Stage.choices)
    to_stage = models.CharField(_("to"), max_length=20, choices=Stage.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("at"), auto_now_add=True)
    comment = models.TextField(_("comment"), blank=True)

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


class StageMoveRequest(models.Model):
    """A department liaison asks the office to move a project to another stage."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="move_requests")
    to_stage = models.CharField(_("requested stage"), max_length=20, choices=Stage.choices)
    comment = models.TextField(_("reason"), blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(
        _("status"), max_length=10, choices=MoveRequestStatus.choices, default=MoveRequestStatus.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(_("decision note"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-requested_at"]
        verbose_name = _("stage move request")
        verbose_name_plural = _("stage move requests")
        constraints = [
            # One open request per project at a time keeps the office's queue unambiguous.
            models.UniqueConstraint(
                fields=["project"], condition=Q(status="pending"), name="one_pending_move_request_per_project"
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


class ApprovalReview(models.Model):
    """A round of project approval review (立项评审)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="reviews")
    round_no = models.PositiveSmallIntegerField(_("round"))
    opened_at = models.DateTimeField(auto_now_add=True)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decision = models.CharField(
        _("decision"), max_length=30, choices=ReviewDecision.choices, default=ReviewDecision.PENDING
    )
    decision_reasons = models.TextField(_("reasons"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["project", "round_no"]
        verbose_name = _("approval review")
        verbose_name_plural = _("approval reviews")
        constraints = [
            # Rounds are numbered per project; two rounds with one number would be ambiguous.
            models.UniqueConstraint(fields=["project", "round_no"], name="unique_review_round"),
            # A rejection without reasons could not be acted on by the applicant.
            models.CheckConstraint(
                condition=~Q(decision="reject") | ~Q(decision_reasons=""),
                name="rejection_has_reasons",
            ),
        ]

    def __str__(self):
        return f"{self.project} #{self.round_no}"


class ReviewOpinion(models.Model):
    """An expert's or agency's opinion in a review round."""

    review = models.ForeignKey(ApprovalReview, on_delete=models.CASCADE, related_name="opinions")
    reviewer = models.CharField(_("reviewer"), max_length=100)
    organisation = models.CharField(_("organisation"), max_length=150, blank=True)
    opinion = models.TextField(_("opinion"))
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


class ReviewCondition(models.Model):
    """A condition attached to an approval, tracked until met."""

    review = models.ForeignKey(ApprovalReview, on_delete=models.CASCADE, related_name="conditions")
    text = models.TextField(_("condition"))
    is_met = models.BooleanField(_("met"), default=False)
    met_at = models.DateTimeField(null=True, blank=True)
    met_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    met_note = models.TextField(_("how it was met"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]
        verbose_name = _("review condition")
        verbose_name_plural = _("review conditions")

    def __str__(self):
        return self.text[:50]
