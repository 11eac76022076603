"""Precision of money, defined once. Amounts are stored in yuan and shown in 万元."""

from decimal import Decimal

MONEY_MAX_DIGITS = 16
MONEY_DECIMAL_PLACES = 2
ZERO = Decimal("0")
WAN = Decimal("10000")
