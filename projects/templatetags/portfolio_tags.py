from django import template
from django.utils.translation import gettext as _

from ..selectors.figures import to_percent, to_wan
from ..selectors.figures import two_places as _two_places

register = template.Library()


@register.filter
def wan(amount) -> str:
    """Yuan → 万元 with two decimals, rounded half up; None shows as a dash."""
    value = to_wan(amount)
    return "—" if value is None else f"{value:,.2f}"


@register.filter
def two_places(value) -> str:
    """A Decimal with two decimals (scores, points); None shows as a dash."""
    return _two_places(value)


@register.filter
def percent(rate) -> str:
    """A Decimal ratio as a percentage with one decimal; None (no base) shows as a dash."""
    value = to_percent(rate)
    return "—" if value is None else f"{value}%"


@register.inclusion_tag("projects/_stage_badge.html")
def stage_badge(stage_value, label):
    return {"stage": stage_value, "label": label}


@register.simple_tag
def origin_label(origin) -> str:
    return _("Demo") if origin == "demo" else (_("Generated") if origin == "generated" else "")
