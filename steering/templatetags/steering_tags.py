"""The steering review on other apps' pages: the project page's status grid and the latest
status on lists (one query per list)."""

from django import template
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from projects.permissions import can_update_progress

from ..selectors import latest_statuses, status_grid

register = template.Library()


@register.inclusion_tag("steering/_status_panel.html", takes_context=True)
def status_panel(context, project):
    """Dimensions × the last 12 months, each cell linking to its report."""
    user = context["request"].user
    return {
        "project": project,
        "grid": status_grid(project=project, today=timezone.localdate()),
        "can_file": can_update_progress(user, project),
        "latest": latest_statuses(project_ids=[project.pk]).get(project.pk),
    }


@register.simple_tag
def latest_status_map(projects) -> dict:
    """{project id: its latest status report} for the projects of a page, in one query."""
    return latest_statuses(project_ids=[project.pk for project in projects])


@register.simple_tag
def latest_status(statuses: dict, project) -> str:
    """A project's latest status, linked to its report. A simple tag, not an included template:
    lists draw one on every row."""
    report = statuses.get(project.pk)
    if report is None:
        return mark_safe('<span class="text-muted">—</span>')
    return format_html(
        '<a href="{}" class="text-decoration-none text-nowrap"><span class="health health-{}">{}</span> '
        '<span class="small text-muted">{}</span></a>',
        reverse("steering:report", args=[report.pk]),
        report.overall,
        report.get_overall_display(),
        report.month.strftime("%Y-%m"),
    )
