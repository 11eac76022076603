"""Reads for the lifecycle: the project's panel, its timeline and the stage pipeline."""

from dataclasses import dataclass

from core.history import HistoryEntry, history_kinds, history_sources, project_history

from ..models import ApprovalReview, Project, Stage, StageMoveRequest
from ..models.lifecycle import MoveRequestStatus
from ..services.lifecycle import NextMove, gate_failures, next_moves, role_may_move
from ..services.move_requests import can_request_move
from ..services.reviews import review_may_open


@dataclass(frozen=True)
class OfficeMove:
    """A move the user may make, and why it would be refused today (empty when it would not)."""

    move: NextMove
    blocked_by: list[str]


@dataclass(frozen=True)
class LifecyclePanel:
    """What the project page's lifecycle panel shows to one user."""

    is_office: bool
    office_moves: list[OfficeMove]
    # The moves a liaison of the lead department may ask the office for; empty for everyone else.
    requestable_moves: list[NextMove]
    may_request: bool
    pending_requests: list[StageMoveRequest]
    reviews: list[ApprovalReview]
    can_open_review: bool


def lifecycle_panel(*, project: Project, user) -> LifecyclePanel:
    """One pass over the transition table: the moves that exist from the project's stage, the
    ones this user may make with their gate failures (each gate checked once), the ones a liaison
    may ask for, the pending requests and the review rounds."""
    moves = next_moves(project=project)
    office_moves = [
        OfficeMove(move=move, blocked_by=gate_failures(project=project, to_stage=move.to_stage))
        for move in moves
        if role_may_move(user=user, from_stage=project.stage, to_stage=move.to_stage)
    ]
    may_request = can_request_move(user, project)
    reviews = list(project_reviews(project=project))
    return LifecyclePanel(
        is_office=user.is_office,
        office_moves=office_moves,
        requestable_moves=moves if may_request else [],
        may_request=may_request,
        pending_requests=list(pending_move_requests(project=project)),
        reviews=reviews,
        can_open_review=user.is_office and review_may_open(project=project),
    )


def project_timeline(*, project: Project, kind: str | None = None) -> list[HistoryEntry]:
    """Every traced change of the project and its records (moves, budget, spending, milestones,
    problems, reviews, plans, assessments and scores), oldest first; ``kind`` narrows it."""
    return project_history(project_pk=project.pk, kind=kind or None)


def timeline_kinds() -> list[tuple[str, str]]:
    """The kinds a project's timeline can be narrowed to (those with records of a project)."""
    project_kinds = {source.kind for source in history_sources() if source.project_lookup}
    return [(kind, label) for kind, label in history_kinds() if kind in project_kinds]


def project_reviews(*, project: Project):
    return (
        ApprovalReview.objects.filter(project=project)
        .select_related("decided_by")
        .prefetch_related("opinions", "conditions")
    )


def pending_move_requests(*, project: Project):
    return StageMoveRequest.objects.filter(project=project, status=MoveRequestStatus.PENDING).select_related(
        "requested_by"
    )


def pipeline(*, projects) -> list[dict]:
    """Projects grouped by stage in lifecycle order, with counts; empty stages included."""
    by_stage: dict[str, list[Project]] = {stage.value: [] for stage in Stage}
    for project in projects.select_related("lead_department").order_by("code"):
        by_stage[project.stage].append(project)
    return [
        {
            "stage": stage.value,
            "label": stage.label,
            "count": len(by_stage[stage.value]),
            "projects": by_stage[stage.value],
        }
        for stage in Stage
    ]
