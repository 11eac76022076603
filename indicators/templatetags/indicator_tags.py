from decimal import Decimal

from django import template
from django.utils import timezone

from projects.aggregate_cache import cached

from ..models import Bound
from ..selectors import indicator_watchlist, project_indicator_rows

register = template.Library()

BOUND_SIGNS = {Bound.AT_LEAST: "> ", Bound.AT_MOST: "< "}


@register.filter
def figure(value, bound: str = Bound.EXACT) -> str:
    """820 → "820", 25000 → "25,000", 30 as a lower bound → "> 30"; None → "—"."""
    if value is None:
        return "—"
    value = Decimal(value)
    text = f"{value:,.4f}".rstrip("0").rstrip(".")
    return BOUND_SIGNS.get(bound, "") + text


@register.inclusion_tag("indicators/_status_badge.html")
def indicator_status(standing):
    return {"standing": standing}


@register.inclusion_tag("indicators/_project_panel.html", takes_context=True)
def project_indicators(context, project):
    """The indicators a project is expected to move, on the project page (two queries)."""
    return {"project": project, "rows": project_indicator_rows(project=project)}


@register.inclusion_tag("indicators/_dashboard_panel.html")
def indicator_panel():
    """Indicators that moved, missed their path or are overdue, cached with the portfolio aggregates."""
    return {
        "watch": cached("indicator-watchlist", compute=lambda: indicator_watchlist()),
        "today": timezone.localdate(),
    }
