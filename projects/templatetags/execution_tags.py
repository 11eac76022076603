from django import template

from ..permissions import can_update_progress
from ..selectors.execution import project_execution

register = template.Library()


@register.inclusion_tag("projects/execution/_panel.html", takes_context=True)
def execution_panel(context, project):
    """Milestones, problems and progress on the project page (the detail view needs no change)."""
    user = context["request"].user
    return {
        "project": project,
        "summary": project_execution(project=project),
        "can_update": can_update_progress(user, project),
    }


@register.filter
def days(value) -> str:
    """Schedule variance in days with a sign; None shows as a dash."""
    if value is None:
        return "—"
    return f"+{value}" if value > 0 else str(value)
