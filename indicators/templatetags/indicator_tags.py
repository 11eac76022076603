from decimal import ROUND_HALF_UP, Decimal

from django import template
from django.utils import timezone

from core.aggregate_cache import cached

from ..models import Bound
from ..selectors import indicator_watchlist, project_indicator_rows
from ..status import Status

register = template.Library()

# Where a value can stand on its path; "last known: no target" would say nothing.
PATH_STATUSES = (Status.MET, Status.ON_TRACK, Status.OFF_TRACK)
BOUND_SIGNS = {Bound.AT_LEAST: "> ", Bound.AT_MOST: "< "}


@register.filter
def figure(value, bound: str = Bound.EXACT) -> str:
    """820 → "820", 25000 → "25,000", 30 as a lower bound → "> 30"; None → "—"."""
    if value is None:
        return "—"
    value = Decimal(value)
    text = f"{value:,.4f}".rstrip("0").rstrip(".")
    return BOUND_SIGNS.get(bound, "") + text


@register.filter
def approx(value) -> str:
    """A computed figure (the path's value) to two decimals at most."""
    if value is None:
        return "—"
    return figure(Decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


@register.inclusion_tag("indicators/_status_badge.html")
def indicator_status(standing):
    return {"standing": standing, "path_statuses": PATH_STATUSES}


@register.inclusion_tag("indicators/_project_panel.html", takes_context=True)
def project_indicators(context, project):
    """The indicators a project is expected to move, on the project page (two queries)."""
    return {"project": project, "rows": project_indicator_rows(project=project)}


@register.inclusion_tag("indicators/_dashboard_panel.html", takes_context=True)
def indicator_panel(context):
    """Indicators that moved, missed their path or are overdue, cached with the portfolio aggregates."""
    return {
        "watch": cached("indicator-watchlist", compute=lambda: indicator_watchlist()),
        "today": timezone.localdate(),
        "is_office": context["request"].user.is_office,
    }
