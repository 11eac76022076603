"""The steering review on other apps' pages: the project page's status grid and the latest
status on lists (one query per list)."""

from django import template
from django.utils import timezone

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


@register.inclusion_tag("steering/_latest_status.html")
def latest_status(statuses: dict, project):
    return {"report": statuses.get(project.pk)}
