"""Writes of the public window: publishing a project, a citizen's survey answer (with the daily
limit per address), and the office's moderation of comments."""

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from core.aggregate_cache import invalidate_now_and_on_commit
from projects.models import Project, Stage

from .models import Moderation, ProjectPublication, SurveyResponse

# Per address and day: one answer per project, and at most this many answers in all.
MAX_ANSWERS_PER_ADDRESS_PER_DAY = 5


class RateLimited(ValidationError):
    """The address has answered enough today."""


def client_address(request) -> str:
    """The client's address, from the same headers the login lockout trusts (``BEHIND_PROXY``)."""
    for header in settings.AXES_IPWARE_META_PRECEDENCE_ORDER:
        value = request.META.get(header, "")
        if value:
            return value.split(",")[0].strip()
    return ""


def address_hash(address: str) -> str:
    """A keyed hash, so the table never holds a citizen's address."""
    return salted_hmac("public.survey.address", address).hexdigest()


def survey_open(project: Project) -> bool:
    publication = getattr(project, "publication", None)
    return bool(publication and publication.is_public) and project.stage == Stage.OPERATION


@transaction.atomic
def publication_save(*, project: Project, by, is_public: bool, summary: str, summary_en: str = ""):
    if not by.is_office:
        raise PermissionDenied
    publication, _created = ProjectPublication.objects.get_or_create(project=project)
    publication.is_public = is_public
    publication.summary = summary.strip()
    publication.summary_en = summary_en.strip()
    publication.updated_by = by
    publication.full_clean()
    publication.save()
    return publication


def survey_submit(
    *, project: Project, score: int, comment: str, address: str, today: datetime.date | None = None
) -> SurveyResponse:
    """Record an answer, or raise ``RateLimited`` / ``ValidationError`` with nothing written."""
    today = today or timezone.localdate()
    if not survey_open(project):
        raise ValidationError(_("This project is not open for the survey."))
    hashed = address_hash(address)
    answered = SurveyResponse.objects.filter(address_hash=hashed, submitted_on=today)
    if answered.filter(project=project).exists():
        raise RateLimited(_("You have already answered for this project today. Thank you!"))
    if answered.count() >= MAX_ANSWERS_PER_ADDRESS_PER_DAY:
        raise RateLimited(
            _("Today's answers from your connection have reached the limit. Please come back tomorrow.")
        )
    comment = comment.strip()
    response = SurveyResponse(
        project=project,
        score=score,
        comment=comment,
        moderation=Moderation.PENDING if comment else Moderation.NO_COMMENT,
        address_hash=hashed,
        submitted_on=today,
    )
    response.full_clean(exclude=["address_hash"], validate_constraints=False)
    try:
        with transaction.atomic():
            response.save()
    except IntegrityError as error:  # the same address twice at the same moment
        raise RateLimited(_("You have already answered for this project today. Thank you!")) from error
    return response


@transaction.atomic
def feedback_moderate(*, response_id: int, by, publish: bool) -> SurveyResponse:
    """Publish or reject a pending comment; only the office moderates, and only once."""
    if not by.is_office:
        raise PermissionDenied
    claimed = SurveyResponse.objects.filter(pk=response_id, moderation=Moderation.PENDING).update(
        moderation=Moderation.APPROVED if publish else Moderation.REJECTED,
        moderated_by=by,
        moderated_at=timezone.now(),
    )
    if not claimed:
        raise ValidationError(_("This comment has already been moderated."))
    invalidate_now_and_on_commit()  # an update sends no signal
    return SurveyResponse.objects.get(pk=response_id)
