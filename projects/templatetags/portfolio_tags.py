from django import template
from django.utils.html import format_html

from core.money import format_percent, format_wan
from core.money import two_places as _two_places

register = template.Library()


@register.filter
def wan(amount) -> str:
    """Yuan → 万元 with two decimals, rounded half up; None shows as a dash."""
    return format_wan(amount)


@register.filter
def two_places(value) -> str:
    """A Decimal with two decimals (scores, points); None shows as a dash."""
    return _two_places(value)


@register.filter
def percent(rate) -> str:
    """A Decimal ratio as a percentage with one decimal; None (no base) shows as a dash."""
    return format_percent(rate)


@register.simple_tag
def stage_badge(stage_value, label) -> str:
    """A stage's badge. A simple tag, not an included template: lists draw one on every row."""
    return format_html('<span class="badge stage-badge stage-{}">{}</span>', stage_value, label)


@register.simple_tag
def sort_query(query: str, key: str) -> str:
    """The list's query string sorted by ``key``; a second click on the same key reverses it."""
    from django.http import QueryDict

    params = QueryDict(query, mutable=True)
    params["ordering"] = f"-{key}" if params.get("ordering") == key else key
    params.pop("page", None)
    return params.urlencode()
