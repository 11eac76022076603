"""A department liaison asks for a stage move; the office carries it out or declines it."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.history import attribute_change

from ..models import Project, StageMoveRequest, StageTransition
from ..models.lifecycle import MoveRequestStatus
from .lifecycle import move_exists, project_move


def can_request_move(user, project: Project) -> bool:
    return user.is_liaison and project.lead_department_id == user.department_id


@transaction.atomic
def move_request_create(*, project: Project, to_stage: str, by, comment: str) -> StageMoveRequest:
    if not can_request_move(by, project):
        raise PermissionDenied
    if not move_exists(project=project, to_stage=to_stage):
        raise ValidationError(
            {"to_stage": _("This project cannot move to that stage from its current stage.")}
        )
    if project.move_requests.filter(status=MoveRequestStatus.PENDING).exists():
        raise ValidationError(_("A request for this project is already waiting for the office."))
    request = StageMoveRequest(project=project, to_stage=to_stage, comment=comment, requested_by=by)
    request.full_clean()
    attribute_change(request, by=by, reason=comment)
    request.save()
    return request


def _require_pending(request: StageMoveRequest) -> None:
    if request.status == MoveRequestStatus.SUPERSEDED:
        raise ValidationError(
            _("This request closed by itself: the project has left the stage it was asked from.")
        )
    if request.status != MoveRequestStatus.PENDING:
        raise ValidationError(_("This request was already handled."))


def _close(request: StageMoveRequest, *, status: str, by, note: str) -> None:
    request.status = status
    request.decided_by = by
    request.decided_at = timezone.now()
    request.decision_note = note
    request.full_clean()
    attribute_change(request, by=by, reason=note)
    request.save()


@transaction.atomic
def move_request_carry_out(*, request: StageMoveRequest, by, note: str) -> StageTransition:
    """Make the requested move (same table, gates and conflict check as any move)."""
    _require_pending(request)
    comment = note or request.comment
    transition = project_move(project=request.project, to_stage=request.to_stage, by=by, comment=comment)
    _close(request, status=MoveRequestStatus.DONE, by=by, note=note)
    return transition


@transaction.atomic
def move_request_decline(*, request: StageMoveRequest, by, note: str) -> StageMoveRequest:
    if not by.is_office:
        raise PermissionDenied
    _require_pending(request)
    if not note.strip():
        raise ValidationError({"decision_note": _("Say why the request is declined.")})
    _close(request, status=MoveRequestStatus.DECLINED, by=by, note=note)
    return request
