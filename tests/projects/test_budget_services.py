"""Budget writes: bad input is refused with a field error and nothing saved; spending stays within
allocation; an adjustment changes the approved figure only once approved."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils import translation

from core.versioning import StaleObjectError
from projects.models import BudgetAdjustment, BudgetLine, SpendingRecord, Stage
from projects.models.budget import AdjustmentStatus
from projects.services.budget import (
    adjustment_decide,
    adjustment_request,
    budget_line_create,
    budget_line_update,
    spending_record,
)
from tests.projects.factories import BudgetLineFactory, ProjectFactory

MAY = datetime.date(2015, 5, 1)


@pytest.fixture
def project(project):
    """Money is approved and spent only once a project is approved: these projects are being built."""
    project.stage = Stage.IMPLEMENTATION
    project.save()
    return project


@pytest.fixture
def line(project, fiscal_source):
    return BudgetLineFactory(project=project, year=2015, source=fiscal_source, approved=1000, allocated=600)


def test_create_line(project, office_staff, fiscal_source):
    line = budget_line_create(
        project=project, by=office_staff, year=2014, source=fiscal_source, approved=Decimal("123.45")
    )
    assert line.approved == Decimal("123.45")
    assert line.history.count() == 1


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"year": 2013}, "year"),
        ({"year": 2017}, "year"),
        ({"approved": Decimal("-1")}, "approved"),
        ({"allocated": Decimal("-0.01")}, "allocated"),
    ],
)
def test_bad_line_is_refused_with_a_field_error(project, office_staff, fiscal_source, overrides, field):
    data = {"year": 2015, "approved": Decimal("100"), **overrides}
    with pytest.raises(ValidationError) as error:
        budget_line_create(project=project, by=office_staff, source=fiscal_source, **data)
    assert field in error.value.message_dict
    assert not BudgetLine.objects.exists()


def test_year_is_free_when_the_project_has_no_planned_period(project, office_staff, fiscal_source):
    project.planned_start = project.planned_end = None
    project.save()
    assert budget_line_create(project=project, by=office_staff, year=2030, source=fiscal_source, approved=1)


def test_duplicate_line_is_refused(line, office_staff):
    with pytest.raises(ValidationError):
        budget_line_create(
            project=line.project, by=office_staff, year=line.year, source=line.source, approved=1
        )
    assert BudgetLine.objects.count() == 1


def test_spending_adds_up_and_stops_at_the_allocated_amount(line, liaison):
    spending_record(line=line, by=liaison, amount=Decimal("400"), spent_on=MAY)
    spending_record(line=line, by=liaison, amount=Decimal("200"), spent_on=datetime.date(2015, 6, 1))
    line.refresh_from_db()
    assert line.spent == Decimal("600")
    with pytest.raises(ValidationError) as error, translation.override("en"):
        spending_record(line=line, by=liaison, amount=Decimal("0.01"), spent_on=datetime.date(2015, 7, 1))
    assert error.value.message_dict["amount"] == [
        "Spending would exceed the allocated amount: "
        "600.00 yuan allocated, 600.00 yuan spent, 0.00 yuan left."
    ]
    line.refresh_from_db()
    assert line.spent == Decimal("600")
    assert SpendingRecord.objects.count() == 2


def test_a_stale_line_object_cannot_overspend(line, liaison):
    """Two requests read the same line; the second payment must see the first one's effect."""
    first_copy = BudgetLine.objects.get(pk=line.pk)
    second_copy = BudgetLine.objects.get(pk=line.pk)
    spending_record(line=first_copy, by=liaison, amount=Decimal("500"), spent_on=MAY)
    with pytest.raises(ValidationError):
        spending_record(line=second_copy, by=liaison, amount=Decimal("500"), spent_on=MAY)
    line.refresh_from_db()
    assert line.spent == Decimal("500")


def test_database_refuses_spent_above_allocated(line):
    with pytest.raises(IntegrityError):
        BudgetLine.objects.filter(pk=line.pk).update(spent=Decimal("601"))


def test_allocated_cannot_drop_below_spent(line, office_staff, liaison):
    spending_record(line=line, by=liaison, amount=Decimal("500"), spent_on=MAY)
    line.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        budget_line_update(
            line=line,
            by=office_staff,
            expected_version=line.version,
            allocated=400,
            allocated_on=None,
            note="",
        )
    assert "allocated" in error.value.message_dict
    line.refresh_from_db()
    assert line.allocated == Decimal("600")


def test_edit_against_an_old_version_is_a_conflict(line, office_staff, liaison):
    old_version = line.version
    spending_record(line=line, by=liaison, amount=Decimal("100"), spent_on=MAY)
    stale = BudgetLine.objects.get(pk=line.pk)
    with pytest.raises(StaleObjectError):
        budget_line_update(
            line=stale,
            by=office_staff,
            expected_version=old_version,
            allocated=900,
            allocated_on=None,
            note="x",
        )
    line.refresh_from_db()
    assert (line.allocated, line.spent) == (Decimal("600"), Decimal("100"))


def test_adjustment_changes_approved_only_when_approved(line, liaison, office_staff):
    adjustment = adjustment_request(line=line, by=liaison, new_amount=Decimal("1500"), reason="扩容")
    line.refresh_from_db()
    assert line.approved == Decimal("1000")
    assert (adjustment.old_amount, adjustment.new_amount) == (Decimal("1000"), Decimal("1500"))
    adjustment_decide(adjustment=adjustment, by=office_staff, approve=True, note="同意")
    line.refresh_from_db()
    adjustment.refresh_from_db()
    assert line.approved == Decimal("1500")
    assert adjustment.status == AdjustmentStatus.APPROVED
    assert adjustment.decided_by == office_staff
    assert line.history.first().approved == Decimal("1500")


def test_rejected_adjustment_leaves_approved_and_is_kept(line, liaison, office_staff):
    adjustment = adjustment_request(line=line, by=liaison, new_amount=Decimal("10"), reason="压减")
    adjustment_decide(adjustment=adjustment, by=office_staff, approve=False, note="不同意")
    line.refresh_from_db()
    assert line.approved == Decimal("1000")
    assert BudgetAdjustment.objects.get().status == AdjustmentStatus.REJECTED
    again = adjustment_request(line=line, by=liaison, new_amount=Decimal("900"), reason="再次申请")
    assert again.old_amount == Decimal("1000")
    assert BudgetAdjustment.objects.count() == 2


def test_an_adjustment_is_decided_only_once(line, liaison, office_staff):
    adjustment = adjustment_request(line=line, by=liaison, new_amount=Decimal("1500"), reason="扩容")
    adjustment_decide(adjustment=adjustment, by=office_staff, approve=False)
    with pytest.raises(StaleObjectError):
        adjustment_decide(adjustment=adjustment, by=office_staff, approve=True)
    line.refresh_from_db()
    assert line.approved == Decimal("1000")


@pytest.mark.parametrize(
    "new_amount, reason, field", [(Decimal("-5"), "x", "new_amount"), (Decimal("1000"), "x", "new_amount")]
)
def test_bad_adjustment_is_refused(line, liaison, new_amount, reason, field):
    with pytest.raises(ValidationError) as error:
        adjustment_request(line=line, by=liaison, new_amount=new_amount, reason=reason)
    assert field in error.value.message_dict
    assert not BudgetAdjustment.objects.exists()


def test_second_pending_adjustment_is_refused(line, liaison):
    adjustment_request(line=line, by=liaison, new_amount=Decimal("1500"), reason="扩容")
    with pytest.raises(ValidationError):
        adjustment_request(line=line, by=liaison, new_amount=Decimal("1600"), reason="再扩容")
    assert BudgetAdjustment.objects.count() == 1


def test_spending_and_approved_amounts_wait_for_approval(fiscal_source, office_staff):
    """Before approval (申报/立项评审) the money is an estimate: nothing approved, nothing spent."""
    project = ProjectFactory(stage="proposal")
    with pytest.raises(ValidationError) as refused:
        budget_line_create(
            project=project, by=office_staff, year=2015, source=fiscal_source, approved=Decimal("1")
        )
    assert "approved" in refused.value.message_dict
    line = budget_line_create(
        project=project, by=office_staff, year=2015, source=fiscal_source, approved=Decimal("0")
    )
    assert not line.spending.exists()
