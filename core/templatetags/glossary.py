from django import template

from core.glossary import RATES_NOTE
from core.glossary import term as glossary_term

register = template.Library()


@register.simple_tag
def term(key: str) -> str:
    """The one label of a figure: ``{% term "execution_rate" %}``."""
    return glossary_term(key)


@register.simple_tag
def rates_note() -> str:
    return str(RATES_NOTE)
