"""Report HTML templates rendered to A4 PDF bytes by WeasyPrint."""

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from weasyprint import HTML

from projects.models import Project
from steering.selectors import minutes_context

from .models import ReportKind
from .selectors import cycle_report_context, dossier_context, monthly_report_context

TEMPLATES = {
    ReportKind.MONTHLY: "reports/pdf/monthly.html",
    ReportKind.CYCLE: "reports/pdf/cycle.html",
    ReportKind.DOSSIER: "reports/pdf/dossier.html",
    ReportKind.MINUTES: "reports/pdf/minutes.html",
}


def report_context(*, kind: str, parameters: dict) -> dict:
    if kind == ReportKind.MONTHLY:
        return monthly_report_context(period=parameters["period"])
    if kind == ReportKind.CYCLE:
        return cycle_report_context(cycle_id=int(parameters["cycle_id"]))
    if kind == ReportKind.MINUTES:
        context = minutes_context(meeting_id=int(parameters["meeting_id"]))
        meeting = context["meeting"]
        context["title"] = _("Minutes of the review meeting")
        context["period_label"] = f"{meeting.title} {meeting.held_on:%Y-%m-%d}" if meeting else ""
        return context
    project = Project.objects.get(pk=parameters["project_id"])
    return dossier_context(project=project)


def render_report_pdf(*, kind: str, parameters: dict) -> bytes:
    """The PDF of one report, in Chinese whatever language the caller runs in."""
    with translation.override("zh-hans"):
        context = report_context(kind=kind, parameters=parameters)
        context["made_at"] = timezone.localtime()
        html = render_to_string(TEMPLATES[kind], context)
    return HTML(string=html).write_pdf()
