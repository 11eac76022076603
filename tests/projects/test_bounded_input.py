"""Issue 15, "nothing silently bad is written": milestone, budget and edit-version rules refuse
next to the field, with nothing written, in forms and services alike."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from projects.models import BudgetAdjustment, BudgetLine, Milestone, Project, Stage
from projects.models.budget import AdjustmentStatus
from projects.services.budget import (
    adjustment_decide,
    adjustment_request,
    budget_line_create,
    spending_record,
)
from projects.services.execution import milestone_create
from tests.test_permission_matrix import _snapshot


def _milestone_post(client, world, **changes):
    milestone = world["milestone"]
    data = {
        "title": milestone.title,
        "stage": milestone.stage,
        "planned_date": "2015-06-30",
        "status": "planned",
        "weight": "1",
        "version": milestone.version,
        **changes,
    }
    data = {key: value for key, value in data.items() if value is not None}
    return client.post(reverse("projects:milestone_edit", args=[world["project"].pk, milestone.pk]), data)


def test_done_milestone_dated_in_the_future_is_refused(client, office_staff, world):
    client.force_login(office_staff)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = _milestone_post(client, world, status="done", actual_date=tomorrow.isoformat())
    assert response.status_code == 200
    assert "actual_date" in response.context["form"].errors
    assert Milestone.objects.get(pk=world["milestone"].pk).status == "planned"


def test_planned_milestone_with_an_actual_date_is_refused(office_staff, world):
    with pytest.raises(ValidationError) as refused:
        milestone_create(
            project=world["project"],
            by=office_staff,
            title="上线",
            planned_date=datetime.date(2015, 6, 30),
            actual_date=datetime.date(2015, 6, 1),
            status="planned",
        )
    assert "actual_date" in refused.value.message_dict


@pytest.mark.parametrize("weight", ["99999999999", "101", "0", "-1"])
def test_milestone_weight_is_bounded(client, office_staff, world, weight):
    client.force_login(office_staff)
    response = _milestone_post(client, world, weight=weight)
    assert response.status_code == 200
    assert "weight" in response.context["form"].errors
    assert "milestone_weight_positive" not in response.content.decode()
    assert Milestone.objects.get(pk=world["milestone"].pk).weight == 1


@pytest.mark.parametrize("version", ["", "0", None, "abc", "-5", "99999999999999999999"])
def test_versioned_form_without_a_valid_version_is_refused_with_a_message(
    client, office_staff, world, version
):
    client.force_login(office_staff)
    response = _milestone_post(client, world, title="改过的标题", version=version)
    assert response.status_code in (200, 409)
    assert Milestone.objects.get(pk=world["milestone"].pk).title != "改过的标题"
    if response.status_code == 200:
        assert response.context["form"].non_field_errors()


def test_versioned_form_with_the_current_version_saves(client, office_staff, world):
    client.force_login(office_staff)
    response = _milestone_post(client, world, title="改过的标题")
    assert response.status_code == 302
    assert Milestone.objects.get(pk=world["milestone"].pk).title == "改过的标题"


def test_budget_line_allocated_above_approved_is_refused_on_create(client, office_staff, world):
    client.force_login(office_staff)
    count = BudgetLine.objects.count()
    response = client.post(
        reverse("projects:budget_line_create", args=[world["project"].pk]),
        {"year": "2016", "source": world["source"].pk, "approved": "5000000", "allocated": "99999999"},
    )
    assert response.status_code == 200
    assert "allocated" in response.context["form"].errors
    assert BudgetLine.objects.count() == count


def test_budget_line_edit_allocated_above_approved_is_refused(client, office_staff, world):
    line = world["line"]
    allocated = line.allocated
    client.force_login(office_staff)
    response = client.post(
        reverse("projects:budget_line_edit", args=[line.pk]),
        {"allocated": "99999999", "allocated_on": "2015-03-01", "note": "", "version": line.version},
    )
    assert response.status_code == 200
    assert "allocated" in response.context["form"].errors
    line.refresh_from_db()
    assert line.allocated == allocated


@pytest.mark.parametrize("amount", ["99999999999999.99", "1000000000000", "-99999999999999.99"])
def test_amounts_beyond_one_trillion_yuan_are_refused(client, office_staff, built_world, amount):
    """make fuzz found 99,999,999,999,999.99 saved on SQLite, then failing every read of the line."""
    line = built_world["line"]
    client.force_login(office_staff)
    before = _snapshot(built_world)
    response = client.post(
        reverse("projects:spending_create", args=[line.pk]),
        {"amount": amount, "spent_on": "2015-05-02", "note": ""},
    )
    assert response.status_code == 200
    assert "amount" in response.context["form"].errors
    assert _snapshot(built_world) == before


def test_budget_line_service_refuses_allocated_above_approved(office_staff, world):
    with pytest.raises(ValidationError) as refused:
        budget_line_create(
            project=world["project"],
            by=office_staff,
            year=2016,
            source=world["source"],
            approved=Decimal("5000000"),
            allocated=Decimal("99999999"),
        )
    assert "allocated" in refused.value.message_dict


@pytest.fixture
def built_world(world):
    """The world with its project under construction: only an approved project takes spending."""
    Project.objects.filter(pk=world["project"].pk).update(stage=Stage.IMPLEMENTATION)
    world["project"].refresh_from_db()
    world["line"].refresh_from_db()
    world["line"].project = world["project"]
    return world


def test_adjustment_below_what_is_spent_is_refused(office_staff, built_world):
    line = built_world["line"]
    spending_record(line=line, by=office_staff, amount=Decimal("500000"), spent_on=datetime.date(2015, 5, 1))
    line.refresh_from_db()
    BudgetAdjustment.objects.filter(line=line).delete()
    with pytest.raises(ValidationError) as refused:
        adjustment_request(line=line, by=office_staff, new_amount=Decimal("1000"), reason="压缩")
    assert "new_amount" in refused.value.message_dict


def test_approving_an_adjustment_after_spending_grew_past_it_is_refused(client, office_staff, built_world):
    """Requested when nothing was spent; by the time it is decided, spending is above it."""
    line = built_world["line"]
    BudgetAdjustment.objects.filter(line=line).delete()
    line.allocated = line.approved
    line.save()
    adjustment = adjustment_request(line=line, by=office_staff, new_amount=Decimal("1000"), reason="压缩")
    spending_record(line=line, by=office_staff, amount=Decimal("4502"), spent_on=datetime.date(2015, 5, 1))
    client.force_login(office_staff)
    response = client.post(
        reverse("projects:adjustment_decide", args=[adjustment.pk]), {"decision": "approve", "note": ""}
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    adjustment.refresh_from_db()
    line.refresh_from_db()
    assert adjustment.status == AdjustmentStatus.PENDING
    assert line.approved == Decimal("1000000.00")
    with pytest.raises(ValidationError):
        adjustment_decide(adjustment=adjustment, by=office_staff, approve=True)


@pytest.mark.parametrize("day", ["2014-12-31", "2016-01-01", "9999-12-31"])
def test_spending_dated_outside_its_line_year_is_refused(client, office_staff, built_world, day):
    line = built_world["line"]
    client.force_login(office_staff)
    before = _snapshot(built_world)
    response = client.post(
        reverse("projects:spending_create", args=[line.pk]), {"amount": "100", "spent_on": day, "note": ""}
    )
    assert response.status_code == 200
    assert "spent_on" in response.context["form"].errors
    assert _snapshot(built_world) == before


def test_spending_service_refuses_a_date_outside_the_line_year(office_staff, built_world):
    with pytest.raises(ValidationError) as refused:
        spending_record(
            line=built_world["line"], by=office_staff, amount=Decimal("1"), spent_on=datetime.date(2016, 1, 1)
        )
    assert "spent_on" in refused.value.message_dict
