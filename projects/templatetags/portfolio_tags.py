from decimal import ROUND_HALF_UP, Decimal

from django import template
from django.utils.translation import gettext as _

from ..models.money import WAN

register = template.Library()


@register.filter
def wan(amount) -> str:
    """Yuan → 万元 with two decimals, rounded half up; None shows as a dash."""
    if amount is None or amount == "":
        return "—"
    value = (Decimal(amount) / WAN).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return f"{value:,.2f}"


@register.filter
def percent(rate) -> str:
    """A Decimal ratio as a percentage with one decimal; None (no base) shows as a dash."""
    if rate is None:
        return "—"
    value = (Decimal(rate) * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return f"{value}%"


@register.inclusion_tag("projects/_stage_badge.html")
def stage_badge(stage_value, label):
    return {"stage": stage_value, "label": label}


@register.simple_tag
def origin_label(origin) -> str:
    return _("Demo") if origin == "demo" else (_("Generated") if origin == "generated" else "")
