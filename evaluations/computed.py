"""Indicators whose actual value the product computes from its own data for the assessed year.

A source is registered with ``register_source(key, label, func)``; ``func(project, year)`` returns a
``Computed`` (the value, the figures it came from) or None when the product has no data for it.
An indicator names its source in ``Indicator.source``; the evaluator sees the value and its figures,
and the value is scored by the indicator's method unless the evaluator overrides it with a reason.

Higher apps register their own sources (e.g. the public window's 服务对象满意度 from citizen
surveys) in their ``AppConfig.ready``; this module imports nothing above ``projects``.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, F, Q, Sum
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from core.money import to_wan
from projects.models import BudgetLine, Milestone
from projects.models.execution import MilestoneStatus

HUNDRED = Decimal("100")
CENT = Decimal("0.01")


@dataclass(frozen=True)
class Computed:
    """``value`` is what the evaluator sees as the actual value (a percentage for rates).
    ``actual``/``target`` are what proportional scoring uses when they differ from value and the
    indicator's own target (cost saving compares spending with the budget)."""

    value: Decimal
    unit: str
    figures: list[tuple[str, str]] = field(default_factory=list)
    actual: Decimal | None = None
    target: Decimal | None = None
    lower_is_better: bool | None = None

    @property
    def scored_actual(self) -> Decimal:
        return self.value if self.actual is None else self.actual

    def as_json(self) -> dict:
        return {
            "value": str(self.value),
            "unit": self.unit,
            "figures": [[str(k), v] for k, v in self.figures],
        }


@dataclass(frozen=True)
class Source:
    key: str
    label: str | Promise
    func: Callable[..., Computed | None]


_SOURCES: dict[str, Source] = {}


def register_source(key: str, label, func: Callable[..., Computed | None]) -> None:
    """Register (or replace, so that reloading an app is harmless) a computed source."""
    _SOURCES[key] = Source(key, label, func)


def get_source(key: str) -> Source | None:
    return _SOURCES.get(key)


def source_choices() -> list[tuple[str, str]]:
    return [(s.key, str(s.label)) for s in _SOURCES.values()]


def compute(*, key: str, project, year: int) -> Computed | None:
    source = get_source(key)
    return None if source is None else source.func(project, year)


def _percent(numerator: Decimal, denominator: Decimal) -> Decimal:
    return (Decimal(numerator) / Decimal(denominator) * HUNDRED).quantize(CENT, rounding=ROUND_HALF_UP)


def _wan(amount: Decimal) -> str:
    return f"{to_wan(amount)} 万元"


def _budget(project, year: int) -> dict:
    return BudgetLine.objects.filter(project=project, year=year).aggregate(
        approved=Sum("approved"), allocated=Sum("allocated"), spent=Sum("spent")
    )


def budget_execution(project, year: int) -> Computed | None:
    """预算执行率 (财预〔2020〕10号) = 执行数 ÷ 到位数; spent ÷ approved is shown beside it."""
    b = _budget(project, year)
    if not b["allocated"]:
        return None
    figures = [
        (_("Approved budget (预算数)"), _wan(b["approved"])),
        (_("Funds arrived (到位数)"), _wan(b["allocated"])),
        (_("Spent (执行数)"), _wan(b["spent"])),
        (_("预算执行率 = spent ÷ arrived"), f"{_percent(b['spent'], b['allocated'])} %"),
    ]
    if b["approved"]:
        figures.append((_("Spent ÷ approved (支出 ÷ 批复)"), f"{_percent(b['spent'], b['approved'])} %"))
    return Computed(value=_percent(b["spent"], b["allocated"]), unit="%", figures=figures)


def funds_arrival(project, year: int) -> Computed | None:
    """资金到位率 = 到位数 ÷ 预算数."""
    b = _budget(project, year)
    if not b["approved"]:
        return None
    return Computed(
        value=_percent(b["allocated"], b["approved"]),
        unit="%",
        figures=[
            (_("Approved budget (预算数)"), _wan(b["approved"])),
            (_("Funds arrived (到位数)"), _wan(b["allocated"])),
        ],
    )


def on_time(project, year: int) -> Computed | None:
    """按期完成率 = milestones done by their planned date ÷ milestones due in the year;
    waived ones are left out."""
    due = Milestone.objects.filter(project=project, planned_date__year=year).exclude(
        status=MilestoneStatus.WAIVED
    )
    counts = due.aggregate(
        total=Count("pk"),
        in_time=Count("pk", filter=Q(status=MilestoneStatus.DONE, actual_date__lte=F("planned_date"))),
    )
    total, in_time = counts["total"], counts["in_time"]
    if not total:
        return None
    return Computed(
        value=_percent(in_time, total),
        unit="%",
        figures=[
            (_("Milestones due in the year"), str(total)),
            (_("Done by their planned date"), str(in_time)),
        ],
    )


def cost_saving(project, year: int) -> Computed | None:
    """成本节约率 = (预算数 − 执行数) ÷ 预算数. Scored as a cost: full points within the budget,
    budget ÷ spent of the points beyond it."""
    b = _budget(project, year)
    if not b["approved"] or not b["spent"]:
        return None
    return Computed(
        value=_percent(b["approved"] - b["spent"], b["approved"]),
        unit="%",
        figures=[
            (_("Approved budget (预算数)"), _wan(b["approved"])),
            (_("Spent (执行数)"), _wan(b["spent"])),
        ],
        actual=b["spent"],
        target=b["approved"],
        lower_is_better=True,
    )


register_source("budget_execution", _("预算执行率 (spent ÷ arrived)"), budget_execution)
register_source("funds_arrival", _("资金到位率 (arrived ÷ approved)"), funds_arrival)
register_source("on_time", _("按期完成率 (milestones done on time)"), on_time)
register_source("cost_saving", _("成本节约率 (budget − spent) ÷ budget"), cost_saving)
