"""Report HTML templates rendered to A4 PDF bytes by WeasyPrint."""

import re

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


# A run of this many characters without a space gets a break opportunity (a zero-width space)
# after every RUN_BREAK characters. WeasyPrint lays out an unbroken string by measuring all of the
# text that is left for every line, so 50,000 characters without a break took a minute; with
# break opportunities each line is measured on its own.
# Chinese text breaks between any two characters already, so runs are of other characters; an
# entity (&amp;) ends a run, so none is cut.
RUN_BREAK = 30
LONG_RUN = re.compile(rf"[^\s<>&\u2e80-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]{{{RUN_BREAK + 1},}}")
TEXT_BETWEEN_TAGS = re.compile(r">([^<]+)<")


def _breakable(html: str) -> str:
    """The body's text with long unbroken runs made breakable (tags, attributes and the style
    sheet in the head are left alone)."""
    head, marker, body = html.partition("<body")

    def runs(match: re.Match) -> str:
        run = match.group(0)
        return "\u200b".join(run[i : i + RUN_BREAK] for i in range(0, len(run), RUN_BREAK))

    def text(match: re.Match) -> str:
        return ">" + LONG_RUN.sub(runs, match.group(1)) + "<"

    return head + marker + TEXT_BETWEEN_TAGS.sub(text, body)


def render_report_pdf(*, kind: str, parameters: dict) -> bytes:
    """The PDF of one report, in Chinese whatever language the caller runs in."""
    with translation.override("zh-hans"):
        context = report_context(kind=kind, parameters=parameters)
        context["made_at"] = timezone.localtime()
        html = render_to_string(TEMPLATES[kind], context)
    return HTML(string=_breakable(html)).write_pdf()


def render_portfolio_pdf(context: dict) -> bytes:
    """The filtered portfolio list as an A4 PDF, in Chinese."""
    with translation.override("zh-hans"):
        context = {**context, "made_at": timezone.localtime()}
        html = render_to_string("reports/pdf/portfolio.html", context)
    return HTML(string=_breakable(html)).write_pdf()
