"""Budget figures, aggregated in the database. Shared by the budget pages, the dashboard,
the reports and the API, so that every place computes a rate the same way."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import DecimalField, Q, QuerySet, Sum
from django.db.models.functions import Coalesce

from ..models import BudgetLine
from ..models.money import MONEY_DECIMAL_PLACES, MONEY_MAX_DIGITS, ZERO
from .figures import ratio


@dataclass(frozen=True)
class BudgetFigures:
    approved: Decimal
    allocated: Decimal
    spent: Decimal
    fiscal: Decimal
    non_fiscal: Decimal

    @property
    def execution_rate(self) -> Decimal | None:
        """预算执行率 = spent ÷ approved."""
        return ratio(self.spent, self.approved)

    @property
    def allocation_rate(self) -> Decimal | None:
        """资金到位率 = allocated ÷ approved."""
        return ratio(self.allocated, self.approved)

    @property
    def leverage(self) -> Decimal | None:
        """Non-fiscal approved funds per fiscal yuan (财政资金为杠杆)."""
        return ratio(self.non_fiscal, self.fiscal)


def _sum(field: str, condition: Q | None = None):
    return Coalesce(
        Sum(field, filter=condition),
        ZERO,
        output_field=DecimalField(max_digits=MONEY_MAX_DIGITS, decimal_places=MONEY_DECIMAL_PLACES),
    )


# Aliases differ from the field names: an aggregate may not shadow the field it sums.
FIGURE_AGGREGATES = {
    "total_approved": _sum("approved"),
    "total_allocated": _sum("allocated"),
    "total_spent": _sum("spent"),
    "total_fiscal": _sum("approved", Q(source__is_fiscal=True)),
    "total_non_fiscal": _sum("approved", Q(source__is_fiscal=False)),
}


def _figures(row: dict) -> BudgetFigures:
    return BudgetFigures(**{alias.removeprefix("total_"): row[alias] for alias in FIGURE_AGGREGATES})


def budget_figures(*, lines: QuerySet[BudgetLine]) -> BudgetFigures:
    """Totals of the given budget lines, in one query."""
    return _figures(lines.order_by().aggregate(**FIGURE_AGGREGATES))


def budget_breakdown(*, lines: QuerySet[BudgetLine], by: str) -> list[tuple[dict, BudgetFigures]]:
    """Totals grouped by ``by`` (e.g. "year", "source__name", "project__group__name"), in one query.
    Returns (group values, figures) pairs in the order of the grouping fields."""
    keys = [by] if isinstance(by, str) else list(by)
    rows = lines.order_by().values(*keys).annotate(**FIGURE_AGGREGATES).order_by(*keys)
    return [({key: row[key] for key in keys}, _figures(row)) for row in rows]
