"""Mail about assessments. Tasks take ids and are enqueued with transaction.on_commit."""

import datetime

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import OFFICE_ROLES, Role, User

REMINDER_DAYS_BEFORE_DUE = 3


def _evaluator_emails(agency_id: int) -> list[str]:
    today = timezone.localdate()
    return list(
        User.objects.filter(role=Role.EVALUATOR, agency_id=agency_id, is_active=True)
        .exclude(email="")
        .filter(Q(access_expires_on__isnull=True) | Q(access_expires_on__gte=today))
        .values_list("email", flat=True)
    )


def _office_emails() -> list[str]:
    return list(
        User.objects.filter(role__in=OFFICE_ROLES, is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
    )


def _load(assessment_id: int):
    from .models import Assessment

    return Assessment.objects.with_relations().filter(pk=assessment_id).first()


def _send(subject: str, body: str, recipients: list[str]) -> None:
    if recipients:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)


def _describe(assessment) -> str:
    return _("%(cycle)s — %(project)s, due %(due)s. Open: %(url)s") % {
        "cycle": assessment.cycle.name,
        "project": assessment.project.name,
        "due": assessment.due_on.isoformat(),
        "url": reverse("evaluations:assessment", args=[assessment.pk]),
    }


def _scorer_emails(assessment) -> list[str]:
    """The agency's evaluators, or for a self-evaluation the lead department's liaisons."""
    if assessment.is_self:
        return list(
            User.objects.filter(
                role=Role.LIAISON, department_id=assessment.project.lead_department_id, is_active=True
            )
            .exclude(email="")
            .values_list("email", flat=True)
        )
    return _evaluator_emails(assessment.agency_id)


@shared_task
def notify_assigned(assessment_id: int) -> None:
    assessment = _load(assessment_id)
    if assessment:
        _send(_("New assessment assigned"), _describe(assessment), _scorer_emails(assessment))


@shared_task
def notify_returned(assessment_id: int) -> None:
    assessment = _load(assessment_id)
    if assessment:
        reason = assessment.rounds.order_by("-number").values_list("reason", flat=True).first() or ""
        body = _describe(assessment) + "\n\n" + _("Reason: %(reason)s") % {"reason": reason}
        _send(_("Assessment returned for changes"), body, _scorer_emails(assessment))


@shared_task
def notify_submitted(assessment_id: int) -> None:
    assessment = _load(assessment_id)
    if assessment:
        body = _describe(assessment) + "\n" + assessment.scorer_name
        _send(_("Assessment submitted for review"), body, _office_emails())


@shared_task
def send_due_reminders() -> int:
    """Daily: remind agencies of open assignments due in 3 days. Each assignment is claimed
    with a conditional update before mailing, so a rerun or retry sends nothing twice."""
    from .models import Assessment
    from .models.status import OPEN_STATUSES

    due_on = timezone.localdate() + datetime.timedelta(days=REMINDER_DAYS_BEFORE_DUE)
    sent = 0
    candidates = Assessment.objects.filter(status__in=OPEN_STATUSES, due_on=due_on).exclude(
        reminder_sent_for=due_on
    )
    for assessment_id in candidates.values_list("pk", flat=True):
        claimed = (
            Assessment.objects.filter(pk=assessment_id, status__in=OPEN_STATUSES, due_on=due_on)
            .exclude(reminder_sent_for=due_on)
            .update(reminder_sent_for=due_on)
        )
        if claimed:
            assessment = _load(assessment_id)
            _send(_("Assessment due in 3 days"), _describe(assessment), _scorer_emails(assessment))
            sent += 1
    return sent
