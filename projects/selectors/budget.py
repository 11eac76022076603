"""Budget figures, aggregated in the database. Shared by the budget pages, the dashboard,
the reports and the API, so that every place computes a rate the same way."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import DecimalField, Exists, OuterRef, Q, QuerySet, Sum
from django.db.models.functions import Coalesce

from core.aggregate_cache import cached
from core.money import MONEY_DECIMAL_PLACES, MONEY_MAX_DIGITS, ZERO, ratio
from core.validation import clamp_to_window

from ..models import BudgetAdjustment, BudgetLine, FundingSource, Project, ProjectGroup, SpendingRecord


@dataclass(frozen=True)
class BudgetFigures:
    approved: Decimal
    allocated: Decimal
    spent: Decimal
    fiscal: Decimal
    non_fiscal: Decimal

    @property
    def execution_rate(self) -> Decimal | None:
        """执行率 = spent ÷ approved (``core.glossary.EXECUTION_RATE``)."""
        return ratio(self.spent, self.approved)

    @property
    def budget_execution_rate(self) -> Decimal | None:
        """预算执行率 of 财预〔2020〕10号 = spent ÷ arrived (``core.glossary.BUDGET_EXECUTION_RATE``)."""
        return ratio(self.spent, self.allocated)

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


NO_BUDGET = BudgetFigures(approved=ZERO, allocated=ZERO, spent=ZERO, fiscal=ZERO, non_fiscal=ZERO)


def line_figures(line: BudgetLine) -> BudgetFigures:
    """The figures of one budget line, from its own fields (no query)."""
    fiscal = line.approved if line.source.is_fiscal else ZERO
    return BudgetFigures(
        approved=line.approved,
        allocated=line.allocated,
        spent=line.spent,
        fiscal=fiscal,
        non_fiscal=line.approved - fiscal,
    )


@dataclass(frozen=True)
class BudgetYear:
    year: int
    lines: list[tuple[BudgetLine, BudgetFigures]]
    figures: BudgetFigures


@dataclass(frozen=True)
class ProjectBudget:
    years: list[BudgetYear]
    by_source: list[tuple[dict, BudgetFigures]]
    total: BudgetFigures
    adjustments: list[BudgetAdjustment]
    spending: list[SpendingRecord]


def project_budget(*, project: Project) -> ProjectBudget:
    """A project's budget by year and source with totals; every year of its planned span is
    listed, so a year without budget shows "—" rather than disappearing."""
    lines = BudgetLine.objects.filter(project=project)
    rows = list(lines.select_related("source").order_by("year", "source__order", "source__code"))
    year_figures = {key["year"]: figures for key, figures in budget_breakdown(lines=lines, by="year")}
    years = set(year_figures)
    if project.planned_start and project.planned_end:
        span = (clamp_to_window(project.planned_start), clamp_to_window(project.planned_end))
        years.update(range(span[0].year, span[1].year + 1))
    return ProjectBudget(
        years=[
            BudgetYear(
                year=year,
                lines=[(line, line_figures(line)) for line in rows if line.year == year],
                figures=year_figures.get(year, NO_BUDGET),
            )
            for year in sorted(years)
        ],
        by_source=budget_breakdown(lines=lines, by=["source__order", "source__name", "source__is_fiscal"]),
        total=budget_figures(lines=lines),
        adjustments=list(
            BudgetAdjustment.objects.filter(line__project=project).select_related(
                "line__source", "requested_by", "decided_by"
            )
        ),
        spending=list(
            SpendingRecord.objects.filter(line__project=project)
            .select_related("line__source", "recorded_by")
            .annotate(is_reversed=Exists(SpendingRecord.objects.filter(reverses=OuterRef("pk"))))
            .order_by("-spent_on", "-pk")
        ),
    )


@dataclass(frozen=True)
class PortfolioBudget:
    year: int | None
    years: list[int]
    by_group: list[tuple[ProjectGroup, BudgetFigures]]
    by_source: list[tuple[FundingSource, BudgetFigures]]
    total: BudgetFigures


def portfolio_budget_summary(*, user, year: int | None = None) -> PortfolioBudget:
    """The budget of every project the user may see, by group and by source, optionally for one
    year. A fixed number of queries, however many projects there are; cached for portfolio
    readers (they all see every project)."""
    if user.can_read_portfolio:
        return cached("portfolio-budget", year, compute=lambda: _portfolio_budget(user=user, year=year))
    return _portfolio_budget(user=user, year=year)


def _portfolio_budget(*, user, year: int | None) -> PortfolioBudget:
    lines = BudgetLine.objects.filter(project__in=Project.objects.visible_to(user))
    years = sorted(set(lines.order_by().values_list("year", flat=True).distinct()))
    if year is not None:
        lines = lines.filter(year=year)
    by_group = budget_breakdown(lines=lines, by="project__group")
    group_figures = {key["project__group"]: figures for key, figures in by_group}
    source_figures = {key["source"]: f for key, f in budget_breakdown(lines=lines, by="source")}
    return PortfolioBudget(
        year=year,
        years=years,
        by_group=[(group, group_figures.get(group.pk, NO_BUDGET)) for group in ProjectGroup.objects.all()],
        by_source=[
            (source, source_figures.get(source.pk, NO_BUDGET))
            for source in FundingSource.objects.all()
            if source.is_active or source.pk in source_figures
        ],
        total=budget_figures(lines=lines),
    )
