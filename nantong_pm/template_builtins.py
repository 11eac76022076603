"""Template tags that every template has without ``{% load %}`` (TEMPLATES OPTIONS "builtins")."""

from django import template
from django.utils.translation import pgettext

register = template.Library()


@register.simple_tag
def colon() -> str:
    """The separator after a label: "：" in Chinese, ": " in English."""
    return pgettext("label separator", ": ")
