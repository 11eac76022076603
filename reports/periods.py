"""Report periods: "2026-10" is October 2026."""

import datetime
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from core.validation import year_in_window

MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")


def parse_month(period: str) -> tuple[datetime.date, datetime.date]:
    """First and last day of a "YYYY-MM" period."""
    match = MONTH.match(period or "")
    if not match:
        raise ValidationError(_("A period looks like 2026-10."))
    if not year_in_window(int(match[1])):
        first_year, last_year = settings.DATE_WINDOW_YEARS
        raise ValidationError(
            _("Choose a month between %(first)s and %(last)s.") % {"first": first_year, "last": last_year}
        )
    first = datetime.date(int(match[1]), int(match[2]), 1)
    next_month = (first + datetime.timedelta(days=32)).replace(day=1)
    return first, next_month - datetime.timedelta(days=1)


def month_label(first: datetime.date) -> str:
    """2026年10月 in Chinese, October 2026 in English."""
    return date_format(first, "YEAR_MONTH_FORMAT")


def cycle_label(cycle_id: int | str) -> str:
    return _("Assessment cycle %(id)s") % {"id": cycle_id}


def previous_month(today: datetime.date) -> str:
    """The month a report built on ``today`` covers: the monthly report of 1 November covers October."""
    return (today.replace(day=1) - datetime.timedelta(days=1)).strftime("%Y-%m")


def current_month(today: datetime.date) -> str:
    return today.strftime("%Y-%m")
