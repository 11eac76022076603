"""Pages of the steering review. Thin: permissions from ``projects.permissions``, reads from the
selectors, writes through the services."""

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.permissions import require_office, require_portfolio_reader
from core.versioning import StaleObjectError
from projects.permissions import can_update_progress, get_project_for_user

from . import selectors, services
from .forms import (
    ActionCloseForm,
    ActionForm,
    AgendaAddForm,
    BaselineForm,
    DecisionForm,
    MeetingForm,
    MinutesForm,
    NoteForm,
    StatusReportForm,
    action_owners,
)
from .models import ActionStatus, Baseline, Meeting, StatusReport
from .permissions import (
    get_action_item_for_user,
    get_agenda_item_for_user,
    get_meeting_for_user,
    get_status_report_for_user,
)

CONFLICT = 409


def _month_from(request, today: datetime.date) -> datetime.date:
    try:
        return datetime.date.fromisoformat(request.GET.get("month", "") + "-01")
    except ValueError:
        return selectors.month_start(today)


def index_view(request):
    """This month's due list, the meetings and the overdue action items."""
    require_portfolio_reader(request.user)
    today = timezone.localdate()
    month = _month_from(request, today)
    rows = selectors.due_list(user=request.user, month=month, today=today)
    return render(
        request,
        "steering/index.html",
        {
            "month": month,
            "previous": selectors.add_months(month, -1),
            "next": selectors.add_months(month, 1),
            "rows": rows,
            "filed": sum(1 for row in rows if row.report),
            "late": sum(1 for row in rows if row.late),
            "due": selectors.due_date(month),
            "meetings": selectors.meetings_visible_to(request.user)[:24],
            "overdue_actions": selectors.overdue_actions(today=today),
            "today": today,
            "is_office": request.user.is_office,
        },
    )


# ---- Status reports ---------------------------------------------------------------------------------


def report_create_view(request, project_pk):
    project = get_project_for_user(request.user, project_pk, progress=True)
    today = timezone.localdate()
    months = selectors.fileable_months(today=today)
    month = _month_from(request, today) if request.method == "GET" else None
    if month not in months:
        month = months[0]
    filled = selectors.prefill(project=project, month=month, today=today)
    form = StatusReportForm(
        request.POST or None,
        initial={**filled["initial"], "month": month.isoformat()},
        months=months,
        suggestions=filled["suggestions"],
    )
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k in services.REPORT_FIELDS}
        chosen = form.cleaned_data["month"]
        try:
            report = services.status_report_file(
                project=project,
                month=chosen,
                by=request.user,
                suggestions=filled["suggestions"],
                facts=selectors.report_facts(project=project, month=chosen),
                **data,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Status report filed."))
            return redirect("steering:report", pk=report.pk)
    return render(
        request,
        "steering/report_form.html",
        {
            "form": form,
            "project": project,
            "facts": filled["facts"],
            "suggestion_reasons": filled["suggestion_reasons"],
            "due": selectors.due_date(month),
        },
    )


def report_view(request, pk):
    report = get_status_report_for_user(request.user, pk)
    can_write = can_update_progress(request.user, report.project)
    return render(
        request,
        "steering/report.html",
        {
            "report": report,
            "project": report.project,
            "notes": report.notes.select_related("by"),
            "late": selectors.is_late(report),
            "due": selectors.due_date(report.month),
            "can_edit": can_write and not report.is_frozen,
            "note_form": NoteForm() if can_write else None,
        },
    )


def report_edit_view(request, pk):
    report = get_status_report_for_user(request.user, pk)
    get_project_for_user(request.user, report.project_id, progress=True)
    if report.is_frozen:
        raise PermissionDenied(_("This status report is frozen: add a dated note instead."))
    form = StatusReportForm(request.POST or None, instance=report)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k in services.REPORT_FIELDS}
        try:
            services.status_report_update(
                report=report,
                by=request.user,
                expected_version=form.cleaned_data["version"] or report.version,
                **data,
            )
        except StaleObjectError as conflict:
            form.add_error(None, conflict)
            return render(
                request,
                "steering/report_form.html",
                {"form": form, "project": report.project, "report": report, "facts": report.facts},
                status=CONFLICT,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Status report saved."))
            return redirect("steering:report", pk=report.pk)
    return render(
        request,
        "steering/report_form.html",
        {"form": form, "project": report.project, "report": report, "facts": report.facts},
    )


@require_POST
def report_note_view(request, pk):
    report = get_status_report_for_user(request.user, pk)
    get_project_for_user(request.user, report.project_id, progress=True)
    form = NoteForm(request.POST)
    if form.is_valid():
        services.status_note_add(report=report, by=request.user, text=form.cleaned_data["text"])
        messages.success(request, _("Note added."))
    else:
        messages.error(request, _("A note needs its text."))
    return redirect("steering:report", pk=report.pk)


# ---- Meetings ---------------------------------------------------------------------------------------


def meeting_create_view(request):
    require_office(request.user)
    today = timezone.localdate()
    months = [selectors.add_months(selectors.month_start(today), n) for n in (0, -1, 1)]
    form = MeetingForm(
        request.POST or None,
        months=months,
        initial={
            "month": months[0].isoformat(),
            "held_on": today,
            "chair": request.user.pk,
            "title": _("Review meeting %(month)s") % {"month": months[0].strftime("%Y-%m")},
        },
    )
    if request.method == "POST" and form.is_valid():
        meeting = services.meeting_create(by=request.user, **form.cleaned_data)
        messages.success(request, _("Meeting created with the default agenda."))
        return redirect("steering:meeting", pk=meeting.pk)
    return render(request, "steering/meeting_form.html", {"form": form})


def _meeting_page(request, meeting: Meeting, *, bound: dict | None = None, status: int = 200):
    """The meeting page. ``bound`` holds a form that failed, keyed by (agenda pk, form name), so
    its errors show next to its fields."""
    bound = bound or {}
    items = list(
        meeting.agenda.select_related("project", "project__lead_department").prefetch_related(
            "decisions", "actions__owner", "actions__department"
        )
    )
    reports = selectors.latest_statuses(project_ids=[item.project_id for item in items])
    month_reports = {
        r.project_id: r
        for r in StatusReport.objects.filter(month=meeting.month, project__in=[i.project_id for i in items])
    }
    is_office = request.user.is_office
    editable = is_office and not meeting.is_closed
    owners = list(action_owners()) if editable else []
    rows = []
    for item in items:
        row = {
            "item": item,
            "report": month_reports.get(item.project_id),
            "latest": reports.get(item.project_id),
        }
        if editable:
            row["minutes_form"] = bound.get((item.pk, "minutes")) or MinutesForm(
                initial={"minutes": item.minutes}, prefix=f"m{item.pk}"
            )
            row["decision_form"] = bound.get((item.pk, "decision")) or DecisionForm(prefix=f"d{item.pk}")
            row["action_form"] = bound.get((item.pk, "action")) or ActionForm(
                prefix=f"a{item.pk}", owners=owners
            )
        rows.append(row)
    return render(
        request,
        "steering/meeting.html",
        {
            "meeting": meeting,
            "rows": rows,
            "attendees": meeting.attendees.select_related("department").order_by("username"),
            "editable": editable,
            "agenda_form": bound.get((None, "agenda")) or (AgendaAddForm() if editable else None),
            "today": timezone.localdate(),
        },
        status=status,
    )


def meeting_view(request, pk):
    return _meeting_page(request, get_meeting_for_user(request.user, pk))


def meeting_edit_view(request, pk):
    meeting = get_meeting_for_user(request.user, pk)
    require_office(request.user)
    if meeting.is_closed:
        raise PermissionDenied(_("This meeting is closed: its record is read-only."))
    form = MeetingForm(
        request.POST or None,
        editing=True,
        initial={
            "title": meeting.title,
            "held_on": meeting.held_on,
            "chair": meeting.chair_id,
            "attendees": list(meeting.attendees.values_list("pk", flat=True)),
            "notes": meeting.notes,
        },
    )
    if request.method == "POST" and form.is_valid():
        services.meeting_update(meeting=meeting, by=request.user, **form.cleaned_data)
        messages.success(request, _("Meeting saved."))
        return redirect("steering:meeting", pk=meeting.pk)
    return render(request, "steering/meeting_form.html", {"form": form, "meeting": meeting})


def _post_to_meeting(request, meeting: Meeting, action, *, success: str, bound_key=None, form=None):
    """Run a write of the meeting page; a closed meeting answers 403, a rule error re-renders."""
    if meeting.is_closed:
        raise PermissionDenied(_("This meeting is closed: its record is read-only."))
    if form is not None and not form.is_valid():
        return _meeting_page(request, meeting, bound={bound_key: form}, status=400)
    try:
        action()
    except ValidationError as error:
        if form is None:
            messages.error(request, " ".join(error.messages))
            return redirect("steering:meeting", pk=meeting.pk)
        form.add_error(None, error)
        return _meeting_page(request, meeting, bound={bound_key: form}, status=400)
    messages.success(request, success)
    return redirect("steering:meeting", pk=meeting.pk)


@require_POST
def agenda_add_view(request, pk):
    meeting = get_meeting_for_user(request.user, pk)
    require_office(request.user)
    form = AgendaAddForm(request.POST)
    return _post_to_meeting(
        request,
        meeting,
        lambda: services.agenda_add(meeting=meeting, project=form.cleaned_data["project"], by=request.user),
        success=_("Project added to the agenda."),
        bound_key=(None, "agenda"),
        form=form,
    )


@require_POST
def agenda_remove_view(request, agenda_pk):
    item = get_agenda_item_for_user(request.user, agenda_pk, write=True)
    return _post_to_meeting(
        request,
        item.meeting,
        lambda: services.agenda_remove(item=item, by=request.user),
        success=_("Project taken off the agenda."),
    )


@require_POST
def minutes_save_view(request, agenda_pk):
    item = get_agenda_item_for_user(request.user, agenda_pk, write=True)
    form = MinutesForm(request.POST, prefix=f"m{item.pk}")
    return _post_to_meeting(
        request,
        item.meeting,
        lambda: services.minutes_save(item=item, by=request.user, minutes=form.cleaned_data["minutes"]),
        success=_("Minutes saved."),
        bound_key=(item.pk, "minutes"),
        form=form,
    )


@require_POST
def decision_add_view(request, agenda_pk):
    item = get_agenda_item_for_user(request.user, agenda_pk, write=True)
    form = DecisionForm(request.POST, prefix=f"d{item.pk}")
    return _post_to_meeting(
        request,
        item.meeting,
        lambda: services.decision_add(item=item, by=request.user, text=form.cleaned_data["text"]),
        success=_("Decision recorded."),
        bound_key=(item.pk, "decision"),
        form=form,
    )


@require_POST
def action_add_view(request, agenda_pk):
    item = get_agenda_item_for_user(request.user, agenda_pk, write=True)
    form = ActionForm(request.POST, prefix=f"a{item.pk}")
    return _post_to_meeting(
        request,
        item.meeting,
        lambda: services.action_add(item=item, by=request.user, **form.cleaned_data),
        success=_("Action item recorded."),
        bound_key=(item.pk, "action"),
        form=form,
    )


@require_POST
def meeting_close_view(request, pk):
    meeting = get_meeting_for_user(request.user, pk)
    require_office(request.user)
    if meeting.is_closed:
        raise PermissionDenied(_("This meeting is closed: its record is read-only."))
    services.meeting_close(meeting=meeting, by=request.user)
    messages.success(
        request, _("Meeting closed. The month's status reports are frozen; the minutes PDF is being built.")
    )
    return redirect("steering:meeting", pk=meeting.pk)


def action_view(request, pk):
    """An action item; its owner or the office closes it here with a note."""
    action = get_action_item_for_user(request.user, pk)
    may_close = services.can_close_action(request.user, action) and action.status == ActionStatus.OPEN
    if request.method == "POST" and not services.can_close_action(request.user, action):
        raise PermissionDenied
    form = ActionCloseForm(request.POST or None) if may_close else None
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            services.action_close(
                action=action, by=request.user, closing_note=form.cleaned_data["closing_note"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Action item closed."))
            return redirect("steering:action", pk=action.pk)
    return render(
        request,
        "steering/action.html",
        {"action": action, "form": form, "today": timezone.localdate()},
    )


# ---- Baselines -------------------------------------------------------------------------------------


def baselines_view(request, project_pk):
    project = get_project_for_user(request.user, project_pk)
    baselines = list(project.baselines.select_related("taken_by"))
    chosen = None
    if baselines:
        wanted = request.GET.get("baseline")
        chosen = next((b for b in baselines if str(b.pk) == wanted), baselines[0])
    comparison = (
        selectors.baseline_comparison(project=project, baseline=chosen, today=timezone.localdate())
        if chosen
        else None
    )
    return render(
        request,
        "steering/baselines.html",
        {
            "project": project,
            "baselines": baselines,
            "comparison": comparison,
            "can_take": request.user.is_office,
        },
    )


def baseline_take_view(request, project_pk):
    project = get_project_for_user(request.user, project_pk, write=True)
    form = BaselineForm(request.POST or None)
    is_first = not Baseline.objects.filter(project=project).exists()
    if request.method == "POST" and form.is_valid():
        try:
            services.baseline_take(project=project, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Baseline taken."))
            return redirect("steering:baselines", project_pk=project.pk)
    return render(
        request, "steering/baseline_form.html", {"form": form, "project": project, "is_first": is_first}
    )
