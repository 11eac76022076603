"""Writes of the steering review. Every rule is in the models' ``clean`` or here; views, the
admin and the demo call these."""

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.models import User
from core.versioning import save_if_current
from projects.models import Project
from projects.permissions import can_update_progress

from .models import (
    ActionItem,
    ActionStatus,
    AgendaItem,
    AgendaReason,
    Baseline,
    Decision,
    FrozenError,
    Meeting,
    MeetingStatus,
    StatusNote,
    StatusReport,
)
from .selectors import agenda_suggestion, plan_snapshot
from .signals import meeting_closed

REPORT_FIELDS = [
    "overall",
    "overall_reason",
    "schedule",
    "schedule_reason",
    "budget",
    "budget_reason",
    "scope",
    "scope_reason",
    "risk",
    "risk_reason",
    "achievements",
    "next_steps",
    "blockers",
    "recovery_plan",
    "recovery_by",
]


def _check_fields(fields: dict, allowed: list[str]) -> None:
    unknown = set(fields) - set(allowed)
    if unknown:
        raise TypeError(f"not editable here: {sorted(unknown)}")


def _require_filer(user: User, project: Project) -> None:
    """Office staff, or a liaison of the project's lead department."""
    if not can_update_progress(user, project):
        raise PermissionDenied


# ---- Status reports ---------------------------------------------------------------------------------


@transaction.atomic
def status_report_file(
    *,
    project: Project,
    month: datetime.date,
    by: User,
    suggestions: dict,
    facts: dict,
    **fields: Any,
) -> StatusReport:
    """File the month's report. A second report for the same project and month is refused
    with a clear message (the unique constraint stays the last word under a race)."""
    _check_fields(fields, REPORT_FIELDS)
    _require_filer(by, project)
    existing = StatusReport.objects.filter(project=project, month=month).first()
    if existing is not None:
        raise ValidationError(
            {
                "month": _(
                    "%(project)s already has a status report for %(month)s (filed %(date)s): "
                    "open it and change it, or add a note."
                )
                % {
                    "project": project.code,
                    "month": date_format(month, "YEAR_MONTH_FORMAT"),
                    "date": timezone.localtime(existing.filed_at).strftime("%Y-%m-%d"),
                }
            }
        )
    report = StatusReport(
        project=project, month=month, filed_by=by, suggestions=suggestions, facts=facts, **fields
    )
    report.full_clean()
    report.save()
    return report


def status_report_update(
    *, report: StatusReport, by: User, expected_version: int, **fields: Any
) -> StatusReport:
    """Change a report that is not frozen yet (the model refuses a frozen one in any case)."""
    _check_fields(fields, REPORT_FIELDS)
    _require_filer(by, report.project)
    if report.is_frozen:
        raise FrozenError(_("This status report is frozen: add a dated note instead."))
    for name, value in fields.items():
        setattr(report, name, value)
    save_if_current(instance=report, expected_version=expected_version)
    return report


@transaction.atomic
def status_note_add(*, report: StatusReport, by: User, text: str) -> StatusNote:
    """A dated correction: the one change a frozen report takes."""
    _require_filer(by, report.project)
    note = StatusNote(report=report, by=by, text=text)
    note.full_clean()
    note.save()
    return note


# ---- Meetings ------------------------------------------------------------------------------------


def _require_open(meeting: Meeting) -> None:
    if meeting.is_closed:
        raise FrozenError(_("This meeting is closed: its record is read-only."))


@transaction.atomic
def meeting_create(
    *,
    by: User,
    title: str,
    month: datetime.date,
    held_on: datetime.date,
    chair: User,
    attendees,
    notes: str = "",
) -> Meeting:
    """A meeting with its default agenda (``selectors.agenda_suggestion``)."""
    meeting = Meeting(title=title, month=month, held_on=held_on, chair=chair, notes=notes, created_by=by)
    meeting.full_clean()
    meeting.save()
    meeting.attendees.set(attendees)
    for order, (project, reasons) in enumerate(agenda_suggestion(month=month, on=held_on), start=1):
        AgendaItem.objects.create(meeting=meeting, project=project, reasons=reasons, order=order)
    return meeting


@transaction.atomic
def meeting_update(*, meeting: Meeting, by: User, attendees=None, **fields: Any) -> Meeting:
    _check_fields(fields, ["title", "held_on", "chair", "notes"])
    _require_open(meeting)
    for name, value in fields.items():
        setattr(meeting, name, value)
    meeting.full_clean()
    meeting.save()
    if attendees is not None:
        meeting.attendees.set(attendees)
    return meeting


@transaction.atomic
def agenda_add(*, meeting: Meeting, project: Project, by: User) -> AgendaItem:
    _require_open(meeting)
    if meeting.agenda.filter(project=project).exists():
        raise ValidationError({"project": _("This project is on the agenda already.")})
    order = (meeting.agenda.order_by("-order").values_list("order", flat=True).first() or 0) + 1
    return AgendaItem.objects.create(
        meeting=meeting, project=project, reasons=[AgendaReason.ADDED.value], order=order
    )


@transaction.atomic
def agenda_remove(*, item: AgendaItem, by: User) -> None:
    _require_open(item.meeting)
    if item.decisions.exists() or item.actions.exists():
        raise ValidationError(_("This item has decisions or action items; it stays on the agenda."))
    item.delete()


@transaction.atomic
def minutes_save(*, item: AgendaItem, by: User, minutes: str) -> AgendaItem:
    _require_open(item.meeting)
    item.minutes = minutes
    item.save(update_fields=["minutes"])
    return item


@transaction.atomic
def decision_add(*, item: AgendaItem, by: User, text: str) -> Decision:
    _require_open(item.meeting)
    decision = Decision(agenda_item=item, text=text)
    decision.full_clean()
    decision.save()
    return decision


@transaction.atomic
def action_add(
    *, item: AgendaItem, by: User, text: str, owner: User | None, due_date: datetime.date | None
) -> ActionItem:
    """An action item: text, an owner (a user; their department comes with them) and a due date."""
    _require_open(item.meeting)
    errors = {}
    if owner is None:
        errors["owner"] = _("An action item needs an owner.")
    if due_date is None:
        errors["due_date"] = _("An action item needs a due date.")
    if errors:
        raise ValidationError(errors)
    action = ActionItem(
        agenda_item=item,
        project=item.project,
        text=text,
        owner=owner,
        department=owner.department,
        due_date=due_date,
    )
    action.full_clean()
    action.save()
    return action


def can_close_action(user: User, action: ActionItem) -> bool:
    return user.is_office or action.owner_id == user.pk


@transaction.atomic
def action_close(*, action: ActionItem, by: User, closing_note: str) -> ActionItem:
    """Close an action item with a note; the office or its owner may, also after the meeting closed."""
    if not can_close_action(by, action):
        raise PermissionDenied
    if action.status == ActionStatus.CLOSED:
        raise ValidationError(_("This action item is closed already."))
    action.status = ActionStatus.CLOSED
    action.closing_note = closing_note
    action.closed_at = timezone.now()
    action.closed_by = by
    action.full_clean()
    action.save()
    return action


@transaction.atomic
def meeting_close(*, meeting: Meeting, by: User) -> Meeting:
    """Close the meeting: its record becomes read-only, the month's status reports are frozen,
    and after the commit ``meeting_closed`` is sent (the reports app builds the minutes)."""
    claimed = Meeting.objects.filter(pk=meeting.pk, status=MeetingStatus.OPEN).update(
        status=MeetingStatus.CLOSED, closed_at=timezone.now(), closed_by=by
    )
    if claimed != 1:
        raise ValidationError(_("This meeting is closed already."))
    StatusReport.objects.filter(month=meeting.month, frozen_at__isnull=True).update(frozen_at=timezone.now())
    meeting.refresh_from_db()
    meeting_id = meeting.pk
    transaction.on_commit(lambda: meeting_closed.send(sender=Meeting, meeting_id=meeting_id))
    return meeting


# ---- Baselines -------------------------------------------------------------------------------------


BASELINE_STAGES = ("approved", "implementation", "acceptance", "operation")


@transaction.atomic
def baseline_take(*, project: Project, by: User, reason: str = "") -> Baseline:
    """Keep the current plan as the next baseline. The first is taken once the project is
    approved; later ones need a reason."""
    if not by.is_office:
        raise PermissionDenied
    if project.stage not in BASELINE_STAGES:
        raise ValidationError(_("A baseline is taken once the project is approved."))
    number = (project.baselines.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    snapshot = plan_snapshot(project=project)
    baseline = Baseline(project=project, number=number, reason=reason, taken_by=by, **snapshot)
    baseline.full_clean()
    baseline.save()
    return baseline
