"""Reads for the lifecycle: the project's timeline and the stage pipeline."""

from dataclasses import dataclass, field
from datetime import datetime

from django.db import models
from django.utils.translation import gettext as _

from core import glossary
from core.money import format_wan

from ..models import ApprovalReview, Project, Stage, StageMoveRequest
from ..models.lifecycle import MoveRequestStatus

# Amounts show in 万元 with their unit, so their label carries none (not "估算投资（元）：… 万元").
TIMELINE_LABELS = {"estimated_budget": glossary.ESTIMATED_BUDGET}
# Stage fields change only through moves, which the timeline shows as moves already.
TIMELINE_SKIPPED_FIELDS = {"stage", "stage_before_suspension"}


@dataclass
class FieldChange:
    field: str
    old: str
    new: str


@dataclass
class TimelineEntry:
    at: datetime
    who: str
    kind: str  # "move", "created" or "changed"
    from_label: str = ""
    to_label: str = ""
    comment: str = ""
    changes: list[FieldChange] = field(default_factory=list)


def _display(record, field_name: str) -> str:
    value = getattr(record, field_name)
    if value in (None, ""):
        return "—"
    model_field = Project._meta.get_field(field_name)
    if isinstance(model_field, models.BooleanField):
        return str(_("Yes") if value else _("No"))
    if isinstance(model_field, models.DecimalField):
        return _("%(amount)s 10k yuan") % {"amount": format_wan(value)}
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if model_field.is_relation:
        related = getattr(record, field_name)
        return str(related) if related is not None else "—"
    return str(value)


def _user_name(user) -> str:
    if user is None:
        return "—"
    return user.get_full_name() or user.username


def project_timeline(*, project: Project) -> list[TimelineEntry]:
    """Every stage move and every change to the project's fields, oldest first."""
    entries = [
        TimelineEntry(
            at=move.at,
            who=_user_name(move.by),
            kind="move",
            from_label=move.get_from_stage_display(),
            to_label=move.get_to_stage_display(),
            comment=move.comment,
        )
        for move in project.transitions.select_related("by")
    ]
    records = list(project.history.select_related("history_user").order_by("history_date", "history_id"))
    previous = None
    for record in records:
        if previous is None:
            entries.append(
                TimelineEntry(at=record.history_date, who=_user_name(record.history_user), kind="created")
            )
        else:
            delta = record.diff_against(previous)
            changes = [
                FieldChange(
                    field=str(
                        TIMELINE_LABELS.get(change.field, Project._meta.get_field(change.field).verbose_name)
                    ),
                    old=_display(previous, change.field),
                    new=_display(record, change.field),
                )
                for change in delta.changes
                if change.field not in TIMELINE_SKIPPED_FIELDS
            ]
            if changes:
                entries.append(
                    TimelineEntry(
                        at=record.history_date,
                        who=_user_name(record.history_user),
                        kind="changed",
                        changes=changes,
                    )
                )
        previous = record
    entries.sort(key=lambda entry: entry.at)
    return entries


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
