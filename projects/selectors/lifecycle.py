"""Reads for the lifecycle: the project's timeline and the stage pipeline."""

from core.history import HistoryEntry, history_kinds, history_sources, project_history

from ..models import ApprovalReview, Project, Stage, StageMoveRequest
from ..models.lifecycle import MoveRequestStatus


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
