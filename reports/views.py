import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.permissions import require_office_admin, require_portfolio_reader
from evaluations.permissions import get_cycle_for_user
from projects.permissions import get_project_for_user

from .forms import CycleTextForm, MonthlyRequestForm, ScheduleForm
from .models import ReportKind, ReportSchedule, RunStatus
from .periods import current_month
from .permissions import can_generate, get_report_run_for_user
from .rendering import render_portfolio_pdf
from .schedules import Frequency, cron_of, describe, next_runs, parse_cron, schedule_save
from .selectors import archive_runs, portfolio_list_context
from .services import cycle_text_draft, cycle_text_save, run_request, was_not_queued

PAGE_SIZE = 25


def reports_paused_message() -> str:
    return _(
        "Report generation is paused: the job queue is not reachable right now. Nothing was queued; "
        "please try again in a few minutes."
    )


def _archive(request, *, form=None, status=200):
    runs = archive_runs(request.user)
    page = Paginator(runs, PAGE_SIZE).get_page(request.GET.get("page"))
    can_request = can_generate(request.user, kind=ReportKind.MONTHLY)
    if can_request and form is None:
        form = MonthlyRequestForm(initial={"period": current_month(timezone.localdate())})
    context = {
        "page": page,
        "form": form,
        "can_request": can_request,
        "is_schedule_admin": request.user.is_office_admin,
    }
    return render(request, "reports/archive.html", context, status=status)


def archive_view(request):
    return _archive(request)


@require_POST
def generate_monthly_view(request):
    if not can_generate(request.user, kind=ReportKind.MONTHLY):
        raise PermissionDenied
    form = MonthlyRequestForm(request.POST)
    if not form.is_valid():
        return _archive(request, form=form, status=400)
    run = run_request(
        kind=ReportKind.MONTHLY, parameters={"period": form.cleaned_data["period"]}, requested_by=request.user
    )
    if was_not_queued(run):
        messages.error(request, reports_paused_message())
    else:
        messages.success(request, _("The report is queued; this page shows when it is ready."))
    return redirect("reports:archive")


@require_POST
def generate_dossier_view(request, project_pk):
    project = get_project_for_user(request.user, project_pk)
    if not can_generate(request.user, kind=ReportKind.DOSSIER, project=project):
        raise PermissionDenied
    run = run_request(
        kind=ReportKind.DOSSIER,
        parameters={"project_id": project.pk},
        requested_by=request.user,
        project=project,
    )
    paused = was_not_queued(run)
    if request.headers.get("HX-Request"):
        return render(request, "reports/_run_status.html", {"run": run, "paused": paused})
    if paused:
        messages.error(request, reports_paused_message())
    return redirect("projects:detail", pk=project.pk)


def run_status_view(request, pk):
    """The htmx-polled status of a run, alone or (``?row=1``) as its whole archive row, so that the
    finish time and checksum appear with the download link; polling stops once the run is finished."""
    run = get_report_run_for_user(request.user, pk)
    if request.GET.get("row"):
        return render(request, "reports/_run_row.html", {"run": run})
    return render(request, "reports/_run_status.html", {"run": run})


def run_detail_view(request, pk):
    """One report run: what, for when, who asked, when it was built, its SHA-256 checksum (to
    prove a copy is unchanged) and, for the office, whom it was mailed to."""
    run = get_report_run_for_user(request.user, pk)
    deliveries = run.deliveries.all() if request.user.is_office else []
    return render(request, "reports/run_detail.html", {"run": run, "deliveries": deliveries})


def download_view(request, pk):
    run = get_report_run_for_user(request.user, pk)
    if run.status != RunStatus.DONE:
        raise Http404
    return FileResponse(
        run.file.open("rb"), as_attachment=True, filename=run.filename, content_type="application/pdf"
    )


def schedule_list_view(request):
    require_office_admin(request.user)
    schedules = ReportSchedule.objects.select_related("periodic_task__crontab").prefetch_related(
        "subscribers__user"
    )
    rows = [(schedule, describe(parse_cron(cron_of(schedule.periodic_task)))) for schedule in schedules]
    return render(request, "reports/schedule_list.html", {"rows": rows})


def schedule_edit_view(request, pk=None):
    """Edit a schedule in words (monthly on day N at HH:MM, …); "Preview" shows the next three
    firings without saving."""
    require_office_admin(request.user)
    schedule = None
    initial = {"frequency": Frequency.MONTHLY, "day": 1, "at": datetime.time(8, 0), "enabled": True}
    if pk is not None:
        schedule = get_object_or_404(ReportSchedule.objects.select_related("periodic_task__crontab"), pk=pk)
        initial = ScheduleForm.initial_for(schedule, parse_cron(cron_of(schedule.periodic_task)))
    form = ScheduleForm(request.POST or None, schedule=schedule, initial=initial)
    upcoming = []
    if request.method == "POST" and form.is_valid():
        if "preview" not in request.POST:
            schedule_save(schedule=schedule, **form.schedule_fields())
            messages.success(request, _("Schedule saved."))
            return redirect("reports:schedules")
        upcoming = next_runs(form.cleaned_data["cron"], after=timezone.now())
    elif schedule is not None and request.method == "GET":
        upcoming = next_runs(parse_cron(cron_of(schedule.periodic_task)), after=timezone.now())
    status = 400 if request.method == "POST" and form.errors else 200
    context = {"form": form, "schedule": schedule, "upcoming": upcoming}
    return render(request, "reports/schedule_form.html", context, status=status)


def cycle_text_view(request, cycle_pk):
    """The office edits sections 五 and 六 of a cycle report, drafted from the data, and publishes
    them: the text is then frozen and the report built with it."""
    cycle = get_cycle_for_user(request.user, cycle_pk, write=True)
    text = cycle_text_draft(cycle_id=cycle.pk)
    initial = {"problems": text.problems, "recommendations": text.recommendations}
    form = CycleTextForm(request.POST or None, initial=initial)
    if request.method == "POST" and not text.is_published and form.is_valid():
        publish = "publish" in request.POST
        try:
            _text, run = cycle_text_save(
                cycle_id=cycle.pk, by=request.user, publish=publish, **form.cleaned_data
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            if publish and was_not_queued(run):
                messages.error(request, reports_paused_message())
            elif publish:
                messages.success(request, _("Published; the report with this text is being built."))
            else:
                messages.success(request, _("Draft saved."))
            return redirect("reports:cycle_text", cycle_pk=cycle.pk)
    if request.method == "POST" and text.is_published:
        form.add_error(None, _("This report text is published and can no longer be changed."))
    status = 400 if request.method == "POST" else 200
    context = {"cycle": cycle, "form": form, "text": text}
    return render(request, "reports/cycle_text.html", context, status=status)


def portfolio_pdf_view(request):
    """The portfolio list, filtered as on the portfolio page, as a PDF to hand out."""
    require_portfolio_reader(request.user)
    content = render_portfolio_pdf(portfolio_list_context(user=request.user, params=request.GET))
    response = HttpResponse(content, content_type="application/pdf")
    filename = f"portfolio-{timezone.localdate():%Y-%m-%d}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
