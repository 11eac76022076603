from decimal import Decimal


def ratio(numerator: Decimal | int | None, denominator: Decimal | int | None) -> Decimal | None:
    """numerator ÷ denominator as a Decimal, or None when there is no base (shown as "—",
    never as 0 % or a division error)."""
    if numerator is None or not denominator:
        return None
    return Decimal(numerator) / Decimal(denominator)
