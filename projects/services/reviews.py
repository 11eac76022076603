"""Approval review (立项评审): rounds, opinions, the office's decision and its conditions."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.history import attribute_change

from ..models import ApprovalReview, Project, ReviewCondition, ReviewOpinion, Stage
from ..models.lifecycle import ReviewDecision
from .lifecycle import project_move


def review_may_open(*, project: Project) -> bool:
    """Review rounds are opened while the project is in approval review (one undecided round at
    a time: ``review_open`` refuses a second)."""
    return project.stage == Stage.APPROVAL_REVIEW


@transaction.atomic
def review_open(*, project: Project, by) -> ApprovalReview:
    if not review_may_open(project=project):
        raise ValidationError(_("A review round can only be opened while the project is in approval review."))
    if project.reviews.filter(decision=ReviewDecision.PENDING).exists():
        raise ValidationError(
            _("The current review round has no decision yet; decide it before opening another.")
        )
    last_round = project.reviews.aggregate(last=Max("round_no"))["last"] or 0
    review = ApprovalReview(project=project, round_no=last_round + 1, opened_by=by)
    review.full_clean()
    attribute_change(review, by=by)
    review.save()
    return review


@transaction.atomic
def review_add_opinion(
    *, review: ApprovalReview, reviewer: str, organisation: str, opinion: str, recommendation: str, by
) -> ReviewOpinion:
    if review.decision != ReviewDecision.PENDING:
        raise ValidationError(_("This review round is already decided; open a new round for new opinions."))
    record = ReviewOpinion(
        review=review,
        reviewer=reviewer,
        organisation=organisation,
        opinion=opinion,
        recommendation=recommendation,
        recorded_by=by,
    )
    record.full_clean()
    attribute_change(record, by=by)
    record.save()
    return record


@transaction.atomic
def review_decide(
    *,
    review: ApprovalReview,
    decision: str,
    reasons: str,
    conditions: list[str],
    by,
    condition_owner=None,
    condition_due: datetime.date | None = None,
) -> ApprovalReview:
    """Record the office's decision. A rejection sends the project back to proposal (the
    reasons stay on the round); conditions get an owner and a due date and are tracked until
    each is met or waived (an open one blocks the move to implementation)."""
    if review.decision != ReviewDecision.PENDING:
        raise ValidationError(_("This review round is already decided."))
    if decision == ReviewDecision.APPROVE_WITH_CONDITIONS and not conditions:
        raise ValidationError({"conditions": _("Approval with conditions needs at least one condition.")})
    if decision != ReviewDecision.APPROVE_WITH_CONDITIONS and conditions:
        raise ValidationError({"conditions": _("Conditions belong only to an approval with conditions.")})
    if conditions and (condition_owner is None or condition_due is None):
        raise ValidationError(
            {"condition_due": _("Conditions need an owner and a due date.")}
            if condition_owner is not None
            else {"condition_owner": _("Conditions need an owner and a due date.")}
        )
    if decision == ReviewDecision.REJECT and not reasons.strip():
        raise ValidationError({"reasons": _("Give the reasons for the rejection.")})
    review.decision = decision
    review.decision_reasons = reasons
    review.decided_by = by
    review.decided_at = timezone.now()
    review.full_clean()
    attribute_change(review, by=by, reason=reasons)
    review.save()
    for text in conditions:
        condition = ReviewCondition(review=review, text=text, owner=condition_owner, due_date=condition_due)
        condition.full_clean()
        attribute_change(condition, by=by)
        condition.save()
    if decision == ReviewDecision.REJECT:
        project = Project.objects.get(pk=review.project_id)
        project_move(project=project, to_stage=Stage.PROPOSAL, by=by, comment=reasons)
    return review


@transaction.atomic
def condition_mark_met(*, condition: ReviewCondition, by, note: str) -> ReviewCondition:
    if condition.is_met or condition.is_waived:
        raise ValidationError(_("This condition is already marked as met."))
    condition.is_met = True
    condition.met_by = by
    condition.met_at = timezone.now()
    condition.met_note = note
    condition.full_clean()
    attribute_change(condition, by=by, reason=note)
    condition.save()
    return condition


@transaction.atomic
def condition_waive(*, condition: ReviewCondition, by, reason: str) -> ReviewCondition:
    """The office no longer requires a condition; it says why, and the condition stops blocking."""
    if condition.is_met or condition.is_waived:
        raise ValidationError(_("This condition is already met or waived."))
    if not reason.strip():
        raise ValidationError({"waived_reason": _("Say why the condition is waived.")})
    condition.is_waived = True
    condition.waived_reason = reason.strip()
    condition.waived_by = by
    condition.waived_at = timezone.now()
    condition.full_clean()
    condition.save()
    return condition
