"""Demo budgets for the 15 seeded projects over 2014–2016, written through the budget services.
Idempotent: lines, spending and the adjustment are added only where missing. Every note says demo."""

import datetime
from decimal import Decimal

from django.db import transaction

from accounts.models import User

from .models import BudgetLine, FundingSource, Project
from .models.budget import AdjustmentStatus
from .services.budget import adjustment_request, budget_line_create, spending_record

YEARS = (2014, 2015, 2016)
DEMO_NOTE = "演示数据"
# Share of a project's yearly budget from each source (municipal, provincial, social, enterprise).
SOURCE_SHARES = {
    "municipal": Decimal("0.5"),
    "provincial": Decimal("0.2"),
    "social": Decimal("0.2"),
    "enterprise": Decimal("0.1"),
}
# Of what was approved: how much arrived, and how much of that was spent, per year.
ALLOCATED_SHARE = {2014: Decimal("1"), 2015: Decimal("0.9"), 2016: Decimal("0.6")}
SPENT_SHARE = {2014: Decimal("0.95"), 2015: Decimal("0.7"), 2016: Decimal("0.3")}


def _yearly_budget(index: int, year: int) -> Decimal:
    """Between 3 and 12 million yuan a year, varying by project and year."""
    return Decimal(3_000_000 + ((index * 7 + year) % 10) * 1_000_000)


@transaction.atomic
def seed_demo_budget() -> int:
    """Returns the number of budget lines created."""
    staff = User.objects.filter(username="staff").first()
    liaison = User.objects.filter(username="liaison").first()
    if staff is None:
        return 0
    sources = {source.code: source for source in FundingSource.objects.filter(code__in=SOURCE_SHARES)}
    created = 0
    projects = Project.objects.filter(code__regex=r"^P\d\d$").order_by("code")
    for index, project in enumerate(projects):
        for year in YEARS:
            for code, share in SOURCE_SHARES.items():
                # Every third project has no enterprise money; leverage then varies between projects.
                if code not in sources or (code == "enterprise" and index % 3 == 0):
                    continue
                if BudgetLine.objects.filter(project=project, year=year, source=sources[code]).exists():
                    continue
                approved = (_yearly_budget(index, year) * share).quantize(Decimal("1"))
                # Social and enterprise money arrives a little later than fiscal money.
                lag = Decimal("0") if sources[code].is_fiscal else Decimal("0.1")
                allocated = (approved * (ALLOCATED_SHARE[year] - lag)).quantize(Decimal("1"))
                line = budget_line_create(
                    project=project,
                    by=staff,
                    year=year,
                    source=sources[code],
                    approved=approved,
                    allocated=allocated,
                    allocated_on=datetime.date(year, 3, 15),
                    note=DEMO_NOTE,
                )
                created += 1
                # Projects spend at different paces, so the execution rates differ between groups.
                spent_share = SPENT_SHARE[year] - Decimal(index % 4) / 20
                spending_record(
                    line=line,
                    by=staff,
                    amount=(allocated * spent_share).quantize(Decimal("0.01")),
                    spent_on=datetime.date(year, 9, 30),
                    note=f"{year}年度建设支出（{DEMO_NOTE}）",
                )
    first_line = BudgetLine.objects.filter(project__code="P01", year=2016, source__code="municipal").first()
    if first_line and not first_line.adjustments.filter(status=AdjustmentStatus.PENDING).exists():
        adjustment_request(
            line=first_line,
            by=liaison or staff,
            new_amount=first_line.approved + Decimal("500000"),
            reason=f"新增数据治理模块，申请追加市级财政资金（{DEMO_NOTE}）。",
        )
    return created
