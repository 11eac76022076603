from django import template

from ..models import ReportKind, ReportRun
from ..permissions import can_generate, can_see_report

register = template.Library()


@register.inclusion_tag("reports/_dossier_panel.html", takes_context=True)
def dossier_panel(context, project):
    """The project page's dossier panel: the latest dossier and "generate now"."""
    user = context["request"].user
    visible = can_see_report(user, kind=ReportKind.DOSSIER, project=project)
    return {
        "project": project,
        "visible": visible,
        "can_generate": can_generate(user, kind=ReportKind.DOSSIER, project=project),
        "latest": project.report_runs.filter(kind=ReportKind.DOSSIER).first() if visible else None,
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("reports/_minutes_link.html", takes_context=True)
def minutes_link(context, meeting):
    """The meeting page's link to its minutes PDF, once the meeting is closed and the run exists."""
    user = context["request"].user
    run = None
    if meeting.is_closed and can_see_report(user, kind=ReportKind.MINUTES):
        run = ReportRun.objects.filter(kind=ReportKind.MINUTES, period=f"meeting-{meeting.pk}").first()
    return {"run": run}
