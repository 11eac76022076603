"""The office's review of a submitted assessment: accept it (its total and grade count) or return it
with a reason."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.history import attribute_change
from evaluations import scoring, tasks
from evaluations.models import Assessment, AssessmentStatus, ReviewDecision, ReviewRound


def _pending_round(assessment: Assessment, by) -> ReviewRound:
    if not by.is_office:
        raise PermissionDenied
    if assessment.status != AssessmentStatus.SUBMITTED:
        raise ValidationError(_("Only a submitted assessment can be reviewed."))
    return assessment.rounds.get(decision=ReviewDecision.PENDING)


@transaction.atomic
def assessment_accept(*, assessment: Assessment, by) -> Assessment:
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    review_round = _pending_round(assessment, by)
    now = timezone.now()
    review_round.decision, review_round.decided_by, review_round.decided_at = ReviewDecision.ACCEPTED, by, now
    attribute_change(review_round, by=by)
    review_round.save(update_fields=["decision", "decided_by", "decided_at"])
    assessment.total = review_round.total
    assessment.grade = scoring.grade_for(
        total=review_round.total, declared=assessment.cycle.template.declared_total
    )
    assessment.status = AssessmentStatus.ACCEPTED
    assessment.accepted_at = now
    assessment.full_clean()
    attribute_change(assessment, by=by)
    assessment.save(update_fields=["total", "grade", "status", "accepted_at"])
    return assessment


@transaction.atomic
def assessment_return(*, assessment: Assessment, by, reason: str) -> Assessment:
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    review_round = _pending_round(assessment, by)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the assessment is returned.")})
    review_round.decision, review_round.reason = ReviewDecision.RETURNED, reason.strip()
    review_round.decided_by, review_round.decided_at = by, timezone.now()
    review_round.full_clean()
    attribute_change(review_round, by=by, reason=reason)
    review_round.save()
    assessment.status = AssessmentStatus.RETURNED
    attribute_change(assessment, by=by, reason=reason)
    assessment.save(update_fields=["status"])
    transaction.on_commit(lambda: tasks.notify_returned.delay(assessment.pk))
    return assessment
