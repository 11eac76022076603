"""One set of input rules for every way text, dates, years and ids enter the system: forms
(``core.forms.InputRulesFormMixin``), models and so services, the Excel import and the admin
(``CheckedModelMixin``), and the API's filters. Each rule is a plain validator, so a refusal is a
translated message next to the field and nothing is written."""

import datetime
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

# Ids and counts beyond a signed 64-bit integer fit no database column (SQLite raises
# OverflowError, PostgreSQL a DataError): such a value is a bad id, never a query.
INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1

# Control characters have no place in office text: NUL cannot even be stored by PostgreSQL, the
# others are invisible and break exports. Tab, newline and carriage return are ordinary text.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

# Bounds of free text (TextField max_length): a note or reason, and a description or objectives
# (a few pages; far from what makes a PDF struggle). A form field or TextField declared without a
# length of its own gets the longer one.
SHORT_TEXT = 2000
LONG_TEXT = 5000
DEFAULT_TEXT_MAX_LENGTH = LONG_TEXT


def validate_no_control_characters(value) -> None:
    if isinstance(value, str) and CONTROL_CHARACTERS.search(value):
        raise ValidationError(
            _("Remove the control characters (such as NUL) from this text."), code="control_characters"
        )


def date_window() -> tuple[datetime.date, datetime.date]:
    first, last = settings.DATE_WINDOW_YEARS
    return datetime.date(first, 1, 1), datetime.date(last, 12, 31)


def _window_message():
    first, last = settings.DATE_WINDOW_YEARS
    return {"first": first, "last": last}


def validate_date_in_window(value) -> None:
    if isinstance(value, datetime.datetime):
        value = value.date()
    if not isinstance(value, datetime.date):
        return
    first, last = date_window()
    if not first <= value <= last:
        raise ValidationError(
            _("Enter a date between the years %(first)s and %(last)s.") % _window_message(),
            code="date_window",
        )


def validate_year_in_window(value) -> None:
    if value is None:
        return
    first, last = settings.DATE_WINDOW_YEARS
    if not first <= value <= last:
        raise ValidationError(
            _("Enter a year between %(first)s and %(last)s.") % _window_message(), code="year_window"
        )


def is_int64(value) -> bool:
    return INT64_MIN <= value <= INT64_MAX


def parse_id(value) -> int | None:
    """A positive database id from text (a URL query, an API filter, a form), or None when it is
    not one: not plain digits (full-width ones included), zero, negative or beyond 64 bits."""
    text = str(value).strip()
    if not (text.isascii() and text.isdigit()):
        return None
    number = int(text)
    return number if 0 < number <= INT64_MAX else None


def validate_int64(value) -> None:
    if isinstance(value, int) and not is_int64(value):
        raise ValidationError(_("Enter a smaller number."), code="int64")


def text_max_length(field: models.Field) -> int | None:
    if isinstance(field, models.TextField):
        return field.max_length or DEFAULT_TEXT_MAX_LENGTH
    return field.max_length if isinstance(field, models.CharField) else None


class CheckedModelMixin:
    """For models: ``full_clean()`` (which every service, the import, forms and the admin call)
    also refuses control characters in any text field, text beyond its field's length (Django does
    not check a TextField's max_length), dates outside the date window and integers beyond 64 bits."""

    def clean_fields(self, exclude=None):
        exclude = set(exclude or ())
        errors: dict = {}
        try:
            super().clean_fields(exclude=exclude)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        for field in self._meta.concrete_fields:
            if field.name in exclude or field.name in errors:
                continue
            value = getattr(self, field.attname)
            if value is None:
                continue
            try:
                check_model_value(field, value)
            except ValidationError as error:
                errors[field.name] = error.error_list
        if errors:
            raise ValidationError(errors)


def check_model_value(field: models.Field, value) -> None:
    """The rules above for one value of one model field; raises ValidationError."""
    if isinstance(field, models.CharField | models.TextField):
        validate_no_control_characters(value)
        limit = text_max_length(field)
        if isinstance(value, str) and limit and len(value) > limit:
            raise ValidationError(
                _("Ensure this value has at most %(limit)d characters (it has %(length)d).")
                % {"limit": limit, "length": len(value)},
                code="max_length",
            )
    elif isinstance(field, models.DateField | models.DateTimeField) and not (
        getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
    ):
        validate_date_in_window(value)
    elif isinstance(field, models.IntegerField) and isinstance(value, int):
        validate_int64(value)


def clamp_to_window(day: datetime.date) -> datetime.date:
    """A stored date pulled into the date window, for drawing and listing: a date stored before
    the window existed (0001-01-01, 9999-12-31) must not make a page list ten thousand years or
    step past the calendar's end."""
    first, last = date_window()
    return min(max(day, first), last)


def year_in_window(year) -> bool:
    first, last = settings.DATE_WINDOW_YEARS
    return isinstance(year, int) and first <= year <= last
