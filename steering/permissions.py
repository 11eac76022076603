"""What a user may open in steering: status reports, review meetings, their agenda and action items.
Anything the user may not see is a 404, so nothing leaks; a read-only user who tries to write gets 403."""

from django.shortcuts import get_object_or_404

from accounts.permissions import require_office

from .models import ActionItem, AgendaItem, Meeting, StatusReport


def get_status_report_for_user(user, pk: int) -> StatusReport:
    return get_object_or_404(
        StatusReport.objects.visible_to(user).select_related("project", "filed_by"), pk=pk
    )


def get_meeting_for_user(user, pk: int) -> Meeting:
    return get_object_or_404(Meeting.objects.visible_to(user).select_related("chair"), pk=pk)


def get_agenda_item_for_user(user, pk: int, *, write: bool = False) -> AgendaItem:
    """The agenda and its minutes are the office's to write."""
    if write:
        require_office(user)
    return get_object_or_404(
        AgendaItem.objects.filter(meeting__in=Meeting.objects.visible_to(user)).select_related(
            "meeting", "project"
        ),
        pk=pk,
    )


def get_action_item_for_user(user, pk: int) -> ActionItem:
    return get_object_or_404(
        ActionItem.objects.visible_to(user).select_related(
            "project", "owner", "department", "agenda_item__meeting", "closed_by"
        ),
        pk=pk,
    )
