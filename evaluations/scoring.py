"""The scoring methods, as plain functions of Decimals: one place for the arithmetic that the
evaluator's page, the services, the Excel import and the tests all use."""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .models.status import Grade

CENT = Decimal("0.01")
ZERO = Decimal("0")


def to_cents(value: Decimal) -> Decimal:
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Band:
    code: str
    low: Decimal  # share of the points, inclusive
    high: Decimal  # share of the points, inclusive


# 财预〔2020〕10号: qualitative indicators in three bands of the points.
BANDS = (
    Band("A", Decimal("0.8"), Decimal("1")),
    Band("B", Decimal("0.6"), Decimal("0.8")),
    Band("C", Decimal("0"), Decimal("0.6")),
)
BAND_LABELS = {"A": "100–80 %", "B": "80–60 %", "C": "60–0 %"}


def check_score_range(*, points: Decimal, value: Decimal) -> Decimal:
    """A score a person typed: 0 … points, at most two decimals."""
    if value < 0 or value > points:
        raise ValidationError(_("Enter a score from 0 to %(points)s.") % {"points": points})
    if value != value.quantize(CENT):
        raise ValidationError(_("Use at most two decimals."))
    return value


def score_manual(*, points: Decimal, value: Decimal) -> Decimal:
    return check_score_range(points=points, value=value)


def score_proportional(
    *, points: Decimal, target: Decimal | None, actual: Decimal, lower_is_better: bool = False
) -> Decimal:
    """actual ÷ target × points, never above the points; for costs and durations (lower is
    better) target ÷ actual × points, full points at or under the target."""
    if target is None:
        raise ValidationError(_("This indicator has no target value, so it cannot be scored in proportion."))
    if target == 0:
        raise ValidationError(_("A target of 0 cannot be scored in proportion (it would divide by zero)."))
    if actual < 0:
        raise ValidationError(_("The actual value cannot be negative."))
    share = actual / target
    if lower_is_better:
        share = Decimal("1") if actual <= target else target / actual
    return to_cents(min(points, points * share))


def band_of(*, points: Decimal, value: Decimal) -> str:
    """The band a score lies in (a score on a border belongs to the higher band)."""
    if points == 0:
        return "A"
    share = value / points
    for band in BANDS:
        if share >= band.low:
            return band.code
    return "C"


def score_banded(*, points: Decimal, value: Decimal, band: str = "") -> Decimal:
    """The evaluator picks a band and a score inside it; without a band, the score's own band."""
    check_score_range(points=points, value=value)
    if not band:
        return value
    chosen = next((b for b in BANDS if b.code == band), None)
    if chosen is None:
        raise ValidationError(_("Choose one of the bands."))
    low, high = to_cents(points * chosen.low), to_cents(points * chosen.high)
    if not low <= value <= high:
        raise ValidationError(
            _("A score in the band %(band)s lies from %(low)s to %(high)s.")
            % {"band": BAND_LABELS[band], "low": low, "high": high}
        )
    return value


def score_deduction(*, points: Decimal, deduction: Decimal | None, shortfalls: int) -> Decimal:
    """points − n × deduction, not below 0 ("缺一项扣 0.5 分，扣完为止")."""
    if not deduction:
        raise ValidationError(_("This indicator has no deduction per item."))
    if shortfalls < 0:
        raise ValidationError(_("The number of shortcomings cannot be negative."))
    return to_cents(max(ZERO, points - shortfalls * deduction))


def grade_for(*, total: Decimal, declared: Decimal) -> str:
    """The grade of a total, measured against the table's declared total (usually 100)."""
    hundred = Decimal("100")
    return Grade.for_total(total if declared == hundred else total * hundred / declared)
