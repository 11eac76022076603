from django import template

from core.money import round_ratio

from ..permissions import can_update_progress
from ..selectors.budget import budget_figures

register = template.Library()


@register.filter
def leverage(rate) -> str:
    """Non-fiscal yuan per fiscal yuan with two decimals; None (no fiscal funds) shows as a dash."""
    value = round_ratio(rate)
    return "—" if value is None else f"{value}"


@register.inclusion_tag("projects/_budget_panel.html", takes_context=True)
def budget_panel(context, project):
    """The budget summary on the project page, with a link to the full budget page."""
    return {
        "project": project,
        "figures": budget_figures(lines=project.budget_lines.all()),
        "can_update": can_update_progress(context["request"].user, project),
    }
