"""One name for each figure, everywhere: pages, PDFs, Excel exports and API labels take their
label from here, so a figure is never called two things (issue 17).

Two execution rates exist and both are shown, each under its exact name:
- 执行率 (``EXECUTION_RATE``) = spent ÷ approved, how much of the approved budget is spent;
- 预算执行率 (``BUDGET_EXECUTION_RATE``) = spent ÷ arrived (到位), the rate of 财预〔2020〕10号.
"""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

APPROVED = pgettext_lazy("figure", "Approved")
ALLOCATED = pgettext_lazy("figure", "Arrived")
SPENT = pgettext_lazy("figure", "Spent")
ESTIMATED_BUDGET = pgettext_lazy("figure", "Estimated budget")
EXECUTION_RATE = pgettext_lazy("figure", "Execution rate (spent ÷ approved)")
BUDGET_EXECUTION_RATE = pgettext_lazy("figure", "Budget execution rate (spent ÷ arrived)")
ALLOCATION_RATE = pgettext_lazy("figure", "Allocation rate (arrived ÷ approved)")
LEVERAGE = pgettext_lazy("figure", "Social capital leverage (non-fiscal ÷ fiscal)")
LATEST_GRADE = pgettext_lazy("figure", "Latest assessment grade")
PROGRESS = pgettext_lazy("figure", "Progress")
SCHEDULE_VARIANCE = pgettext_lazy("figure", "Schedule variance (days)")
HEALTH = pgettext_lazy("figure", "Health")
NEXT_MILESTONE = pgettext_lazy("figure", "Next milestone")
OPEN_PROBLEMS = pgettext_lazy("figure", "Open problems")
# Severity words of problems: 高 is "high", 严重 is "critical"; a count of both says so.
HIGH_OR_CRITICAL = pgettext_lazy("figure", "high or critical")
# Decisions on a budget adjustment are not decisions on a project's approval (同意立项/不予立项).
ADJUSTMENT_APPROVE = pgettext_lazy("adjustment", "Approve the adjustment")
ADJUSTMENT_REJECT = pgettext_lazy("adjustment", "Reject the adjustment")

TERMS = {
    "approved": APPROVED,
    "allocated": ALLOCATED,
    "spent": SPENT,
    "estimated_budget": ESTIMATED_BUDGET,
    "execution_rate": EXECUTION_RATE,
    "budget_execution_rate": BUDGET_EXECUTION_RATE,
    "allocation_rate": ALLOCATION_RATE,
    "leverage": LEVERAGE,
    "latest_grade": LATEST_GRADE,
    "progress": PROGRESS,
    "schedule_variance": SCHEDULE_VARIANCE,
    "health": HEALTH,
    "next_milestone": NEXT_MILESTONE,
    "open_problems": OPEN_PROBLEMS,
}


def term(key: str) -> str:
    return str(TERMS[key])


# Kept for the explanations under tables.
RATES_NOTE = _(
    "Amounts in 10k yuan. Execution rate = spent ÷ approved; budget execution rate (财预〔2020〕10号) "
    "= spent ÷ arrived; allocation rate = arrived ÷ approved."
)
