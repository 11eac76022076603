import datetime
from decimal import Decimal

import pytest

from dashboard.selectors import portfolio_health
from projects.health import Health, HealthInputs, health_of, time_elapsed
from projects.models import Project, Stage
from projects.models.execution import MilestoneStatus, Severity
from tests.projects.factories import BudgetLineFactory, MilestoneFactory, ProblemFactory, ProjectFactory

TODAY = datetime.date(2026, 7, 1)


def inputs(**changes) -> HealthInputs:
    base = {
        "overdue_milestones": 0,
        "overdue_serious_problems": 0,
        "progress": Decimal("0.5"),
        "time_elapsed": Decimal("0.5"),
        "execution_rate": Decimal("0.5"),
        "year_elapsed": Decimal("0.5"),
    }
    return HealthInputs(**(base | changes))


@pytest.mark.parametrize(
    "changes, expected",
    [
        ({}, Health.GREEN),
        ({"overdue_serious_problems": 1}, Health.RED),
        ({"overdue_milestones": 2}, Health.RED),
        ({"overdue_milestones": 1}, Health.AMBER),
        ({"progress": Decimal("0.24")}, Health.RED),  # 26 points behind time
        ({"progress": Decimal("0.25")}, Health.AMBER),  # exactly 25 points behind: not yet red
        ({"progress": Decimal("0.39")}, Health.AMBER),
        ({"progress": Decimal("0.40")}, Health.GREEN),  # exactly 10 points: tolerated
        ({"progress": None}, Health.GREEN),  # no counting milestone: progress cannot be judged
        ({"time_elapsed": None, "progress": Decimal("0")}, Health.GREEN),  # no planned dates
        ({"execution_rate": Decimal("0.24")}, Health.AMBER),  # spending 26 points behind the year
        ({"execution_rate": None}, Health.GREEN),  # no budget this year
    ],
)
def test_health_rule(changes, expected):
    health, reasons = health_of(inputs(**changes))
    assert health == expected
    assert bool(reasons) == (expected != Health.GREEN)


def test_red_lists_the_amber_reasons_too():
    health, reasons = health_of(inputs(overdue_serious_problems=1, overdue_milestones=1))
    assert health == Health.RED
    assert len(reasons) == 2


def test_time_elapsed_is_clamped_to_the_plan():
    start, end = datetime.date(2026, 1, 1), datetime.date(2026, 12, 31)
    assert time_elapsed(start=start, end=end, today=datetime.date(2025, 6, 1)) == 0
    assert time_elapsed(start=start, end=end, today=datetime.date(2027, 6, 1)) == 1
    assert time_elapsed(start=start, end=end, today=datetime.date(2026, 7, 2)) == Decimal(182) / Decimal(364)
    assert time_elapsed(start=None, end=end, today=TODAY) is None


def test_portfolio_health_on_the_database(db):
    plan = {"planned_start": datetime.date(2026, 1, 1), "planned_end": datetime.date(2026, 12, 31)}
    red = ProjectFactory(code="RED", stage=Stage.IMPLEMENTATION, **plan)
    ProblemFactory(project=red, severity=Severity.CRITICAL, due_date=TODAY - datetime.timedelta(days=1))
    amber = ProjectFactory(code="AMBER", stage=Stage.IMPLEMENTATION, **plan)
    MilestoneFactory(project=amber, planned_date=TODAY - datetime.timedelta(days=1))
    MilestoneFactory(project=amber, planned_date=datetime.date(2026, 3, 1), status=MilestoneStatus.DONE,
                     actual_date=datetime.date(2026, 3, 1))  # fmt: skip
    green = ProjectFactory(code="GREEN", stage=Stage.ACCEPTANCE, **plan)
    BudgetLineFactory(project=green, year=2026, approved=100, allocated=100, spent=50)
    ProjectFactory(code="IDEA", stage=Stage.PROPOSAL, **plan)  # not watched before approval

    rows = portfolio_health(projects=Project.objects.all(), year=2026, today=TODAY)

    assert [(row.project.code, row.health) for row in rows] == [
        ("RED", Health.RED),
        ("AMBER", Health.AMBER),
        ("GREEN", Health.GREEN),
    ]
    assert rows[1].progress == Decimal("0.5")
    assert rows[2].execution_rate == Decimal("0.5")
