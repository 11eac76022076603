"""Baselines: taken once approved, later ones with a reason, never edited; the comparison on
known changes."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from projects.models import Stage
from projects.models.execution import MilestoneStatus
from steering import services
from steering.models import Baseline, FrozenError
from steering.selectors import baseline_comparison
from tests.projects.factories import BudgetLineFactory, FundingSourceFactory, MilestoneFactory, ProjectFactory

TODAY = datetime.date(2026, 6, 1)


@pytest.fixture
def approved(department):
    return ProjectFactory(
        lead_department=department,
        stage=Stage.APPROVED,
        planned_start=datetime.date(2026, 1, 1),
        planned_end=datetime.date(2026, 12, 31),
    )


def test_the_first_baseline_needs_no_reason_later_ones_do(approved, office_staff):
    first = services.baseline_take(project=approved, by=office_staff)
    assert first.number == 1
    with pytest.raises(ValidationError) as error:
        services.baseline_take(project=approved, by=office_staff, reason=" ")
    assert "reason" in error.value.message_dict
    second = services.baseline_take(project=approved, by=office_staff, reason="第2次变更批复")
    assert second.number == 2


def test_no_baseline_before_approval_and_only_the_office_takes_one(
    department, office_staff, liaison, approved
):
    proposal = ProjectFactory(lead_department=department, stage=Stage.PROPOSAL)
    with pytest.raises(ValidationError):
        services.baseline_take(project=proposal, by=office_staff)
    with pytest.raises(PermissionDenied):
        services.baseline_take(project=approved, by=liaison)
    assert Baseline.objects.count() == 0


def test_a_baseline_is_never_edited(approved, office_staff):
    baseline = services.baseline_take(project=approved, by=office_staff)
    baseline.reason = "改"
    with pytest.raises(FrozenError):
        baseline.save()


def test_the_comparison_on_known_changes(approved, office_staff):
    """Baseline: M1 03-31 w1, M2 06-30 w2, M3 09-30; 2026 municipal 1,000,000; end 12-31.
    Then M1 done 04-10, M2 moved to 07-30 with weight 3, M3 waived (dropped), M4 added;
    the municipal line raised to 1,200,000 and a provincial line of 300,000 added; end moved
    to 2027-01-31."""
    municipal = FundingSourceFactory(code="municipal", name="市级财政资金")
    provincial = FundingSourceFactory(code="provincial", name="省级资金")
    line = BudgetLineFactory(project=approved, source=municipal, year=2026, approved=Decimal("1000000"))
    m1 = MilestoneFactory(project=approved, title="M1", planned_date=datetime.date(2026, 3, 31))
    m2 = MilestoneFactory(project=approved, title="M2", planned_date=datetime.date(2026, 6, 30), weight=2)
    m3 = MilestoneFactory(project=approved, title="M3", planned_date=datetime.date(2026, 9, 30))
    baseline = services.baseline_take(project=approved, by=office_staff)

    m1.status, m1.actual_date = MilestoneStatus.DONE, datetime.date(2026, 4, 10)
    m1.save()
    m2.planned_date, m2.weight = datetime.date(2026, 7, 30), 3
    m2.save()
    m3.status, m3.waived_reason = MilestoneStatus.WAIVED, "合并到M2"
    m3.save()
    MilestoneFactory(project=approved, title="M4", planned_date=datetime.date(2026, 11, 30))
    line.approved = Decimal("1200000")
    line.save()
    BudgetLineFactory(project=approved, source=provincial, year=2026, approved=Decimal("300000"))
    approved.planned_end = datetime.date(2027, 1, 31)
    approved.save()

    result = baseline_comparison(project=approved, baseline=baseline, today=TODAY)
    assert [(row["milestone"].title, row["days"]) for row in result.moved] == [("M2", 30)]
    assert [row["milestone"].title for row in result.added] == ["M4"]
    assert [row["title"] for row in result.dropped] == ["M3"]
    assert [(row["source"], row["before"], row["now"]) for row in result.amounts] == [
        ("市级财政资金", Decimal("1000000"), Decimal("1200000")),
        ("省级资金", Decimal("0"), Decimal("300000")),
    ]
    assert (result.start_moved_days, result.end_moved_days) == (0, 31)
    # M1 done 10 days after its (unchanged) date; M2 open, not due against the plan (07-30) nor
    # against the baseline (06-30) on 06-01: both variances are M1's 10 days.
    assert (result.variance_plan, result.variance_baseline) == (10, 10)
    later = baseline_comparison(project=approved, baseline=baseline, today=datetime.date(2026, 7, 20))
    # On 07-20 M2 is 20 days past its baseline date but not yet due in the current plan.
    assert (later.variance_plan, later.variance_baseline) == (10, 20)


def test_the_baselines_page_shows_the_comparison(client, leadership, office_staff, approved):
    MilestoneFactory(project=approved, title="上线试运行", planned_date=datetime.date(2026, 3, 31))
    services.baseline_take(project=approved, by=office_staff)
    client.force_login(leadership)
    page = client.get(reverse("steering:baselines", args=[approved.pk]))
    assert page.status_code == 200
    assert page.context["comparison"].moved == []
    assert reverse("steering:baseline_take", args=[approved.pk]) not in page.content.decode()


def test_the_first_baseline_is_taken_when_the_project_is_approved(office_staff, department):
    from projects.models import ApprovalReview
    from projects.models.lifecycle import ReviewDecision
    from projects.services.lifecycle import project_move

    project = ProjectFactory(
        lead_department=department,
        stage=Stage.APPROVAL_REVIEW,
        objectives="目标",
        estimated_budget=Decimal("1000000"),
        planned_start=datetime.date(2026, 1, 1),
        planned_end=datetime.date(2026, 12, 31),
    )
    MilestoneFactory(project=project, title="上线", planned_date=datetime.date(2026, 9, 30))
    ApprovalReview.objects.create(
        project=project, round_no=1, opened_by=office_staff, decision=ReviewDecision.APPROVE
    )
    project_move(project=project, to_stage=Stage.APPROVED, by=office_staff)
    baseline = Baseline.objects.get(project=project)
    assert (baseline.number, baseline.taken_by, baseline.reason) == (1, office_staff, "")
    assert [row["title"] for row in baseline.milestones] == ["上线"]
