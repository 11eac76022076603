"""Columns of the exchanged sheets: one definition serves the export, the import template
and the import parser, so an exported file imports back unchanged."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


def in_every_language(text) -> set[str]:
    """A translatable text as written in each language of the site: a file exported in
    one language imports in any other."""
    spellings = set()
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            spellings.add(str(text))
    return spellings


class CellError(ValueError):
    """A cell that cannot be read; the message is the reason shown to the user."""


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def parse_text(value: Any) -> str:
    if is_blank(value):
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def parse_decimal(value: Any) -> Decimal | None:
    if is_blank(value):
        return None
    try:
        number = Decimal(str(value).strip().replace(",", ""))
    except InvalidOperation:
        raise CellError(_("Not a number.")) from None
    if not number.is_finite():
        raise CellError(_("Not a number."))
    return number


def parse_integer(value: Any) -> int | None:
    number = parse_decimal(value)
    if number is None:
        return None
    if number != number.to_integral_value():
        raise CellError(_("Not a whole number."))
    return int(number)


def parse_date(value: Any) -> datetime.date | None:
    if is_blank(value):
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value).strip().replace("/", "-"))
    except ValueError:
        raise CellError(_("Not a date; write it as 2026-11-25.")) from None


def parse_boolean(value: Any) -> bool:
    if is_blank(value):
        return False
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in {"1", "true", "y", *(t.lower() for t in in_every_language(gettext_lazy("Yes")))}:
        return True
    if text in {"0", "false", "n", *(t.lower() for t in in_every_language(gettext_lazy("No")))}:
        return False
    raise CellError(_("Write yes or no."))


def choice_parser(choices: type[models.TextChoices]) -> Callable[[Any], str]:
    """Accepts the stored value or the label in the current language."""

    def parse(value: Any) -> str:
        if is_blank(value):
            return ""
        text = str(value).strip()
        by_label = {label: choice.value for choice in choices for label in in_every_language(choice.label)}
        if text in choices.values:
            return text
        if text in by_label:
            return by_label[text]
        allowed = "、".join(str(choice.label) for choice in choices)
        raise CellError(
            _("Unknown value “%(value)s”; allowed: %(allowed)s.") % {"value": text, "allowed": allowed}
        )

    return parse


def yes_no(value: bool) -> str:
    return str(gettext_lazy("Yes") if value else gettext_lazy("No"))


@dataclass(frozen=True)
class Column:
    """One column: its header, how to read its cell on import (``parse`` is None for
    export-only columns) and how to write it on export (``value``)."""

    field: str
    label: Promise
    value: Callable[[Any], Any]
    parse: Callable[[Any], Any] | None = None
    required: bool = False

    @property
    def importable(self) -> bool:
        return self.parse is not None

    def header_matches(self, header: Any) -> bool:
        return parse_text(header) in in_every_language(self.label)
