"""Money and ratios, defined once: the precision of amounts (stored in yuan), yuan → 万元, percentages."""

from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

MONEY_MAX_DIGITS = 16
MONEY_DECIMAL_PLACES = 2
ZERO = Decimal("0")
WAN = Decimal("10000")
# The largest amount anyone may type: 1 万亿元 less a cent. Far above any project, and two digits
# below what a money column holds: SQLite keeps decimals as floating point and cannot read back the
# last digits of a 16-digit amount exactly (make fuzz found 99,999,999,999,999.99 stored, then
# every page showing it failing).
MONEY_MAX = Decimal("999999999999.99")


def validate_money_bound(value) -> None:
    if value is not None and abs(value) > MONEY_MAX:
        raise ValidationError(
            _("Enter an amount of at most %(max)s yuan.") % {"max": f"{MONEY_MAX:,.2f}"}, code="money_max"
        )


def money_field(verbose_name, *, signed: bool = False, **kwargs) -> models.DecimalField:
    """The one declaration of an amount in yuan: the precision above, never more than ``MONEY_MAX``
    and, unless ``signed`` (a reversing entry is negative), never below 0. Every money column is
    made here, so none can miss the bound."""
    bounds = [validate_money_bound] if signed else [MinValueValidator(0), validate_money_bound]
    return models.DecimalField(
        verbose_name,
        max_digits=MONEY_MAX_DIGITS,
        decimal_places=MONEY_DECIMAL_PLACES,
        validators=[*bounds, *kwargs.pop("validators", [])],
        **kwargs,
    )


CENT = Decimal("0.01")
TENTH = Decimal("0.1")


def ratio(numerator: Decimal | int | None, denominator: Decimal | int | None) -> Decimal | None:
    """numerator ÷ denominator as a Decimal, or None when there is no base (shown as "—",
    never as 0 % or a division error)."""
    if numerator is None or not denominator:
        return None
    return Decimal(numerator) / Decimal(denominator)


def two_places(value: Decimal | int | float | str | None) -> str:
    """A score, points or any other Decimal as people read it: two decimals, rounded half up
    (19.9800000000000 → 19.98, 0.02000000000000000 → 0.02); None and "" show as a dash. The one
    formatting of plain Decimals in pages and reports (``|two_places``)."""
    if value is None or value == "":
        return "—"
    return f"{Decimal(str(value)).quantize(CENT, rounding=ROUND_HALF_UP)}"


def to_wan(amount: Decimal | int | str | None) -> Decimal | None:
    """Yuan → 万元 with two decimals, rounded half up (12345.67 → 1.23, 15000 → 1.50)."""
    if amount is None or amount == "":
        return None
    return (Decimal(amount) / WAN).quantize(CENT, rounding=ROUND_HALF_UP)


def to_percent(rate: Decimal | None) -> Decimal | None:
    """A ratio as a percentage with one decimal, rounded half up; None stays None."""
    if rate is None:
        return None
    return (Decimal(rate) * 100).quantize(TENTH, rounding=ROUND_HALF_UP)


def round_ratio(rate: Decimal | None) -> Decimal | None:
    """A ratio such as leverage with two decimals, rounded half up; None stays None."""
    if rate is None:
        return None
    return Decimal(rate).quantize(CENT, rounding=ROUND_HALF_UP)


def format_wan(amount) -> str:
    """Yuan → 万元 as text with thousands separators and two decimals; None shows as a dash."""
    value = to_wan(amount)
    return "—" if value is None else f"{value:,.2f}"


def format_percent(rate) -> str:
    """A Decimal ratio as a percentage with one decimal; None (no base) shows as a dash."""
    value = to_percent(rate)
    return "—" if value is None else f"{value}%"
