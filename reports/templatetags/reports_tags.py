from django import template

from ..models import ReportKind
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
