"""Every money column carries the 1 万亿元 bound by construction (``core.money.money_field``); a
budget line knows whether its approved amount changed without asking the database again."""

from decimal import Decimal

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import connection, models
from django.test.utils import CaptureQueriesContext

from core.money import MONEY_DECIMAL_PLACES, MONEY_MAX, MONEY_MAX_DIGITS, validate_money_bound
from projects.models import BudgetLine, SpendingRecord, Stage
from tests.projects.factories import BudgetLineFactory, ProjectFactory

TOO_MUCH = MONEY_MAX + Decimal("0.01")


def _money_fields():
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if (
                isinstance(field, models.DecimalField)
                and field.max_digits == MONEY_MAX_DIGITS
                and field.decimal_places == MONEY_DECIMAL_PLACES
            ):
                yield f"{model._meta.label}.{field.name}", field


def test_every_money_column_is_bounded():
    fields = dict(_money_fields())
    assert "projects.SpendingRecord.amount" in fields and "projects.Project.estimated_budget" in fields
    unbounded = [name for name, field in fields.items() if validate_money_bound not in field.validators]
    assert unbounded == []


def test_a_spending_amount_above_the_bound_is_refused():
    with pytest.raises(ValidationError) as refused:
        SpendingRecord.amount.field.clean(TOO_MUCH, None)
    assert [error.code for error in refused.value.error_list] == ["money_max"]
    assert SpendingRecord.amount.field.clean(-MONEY_MAX, None) == -MONEY_MAX, "a reversal is negative"


@pytest.fixture
def line(fiscal_source):
    project = ProjectFactory(stage=Stage.IMPLEMENTATION)
    return BudgetLineFactory(project=project, year=2015, source=fiscal_source, approved=1000, allocated=600)


def _asks_for_approved(queries) -> bool:
    return any(q["sql"].startswith('SELECT "projects_budgetline"."approved"') for q in queries)


def test_a_loaded_line_is_checked_without_reading_its_approved_amount_again(line):
    loaded = BudgetLine.objects.get(pk=line.pk)
    loaded.allocated = Decimal("700")
    with CaptureQueriesContext(connection) as queries:
        loaded.full_clean(exclude=["version"])
    assert not _asks_for_approved(queries.captured_queries)


def test_a_changed_approved_amount_is_still_checked_against_the_stage(line):
    loaded = BudgetLine.objects.get(pk=line.pk)
    loaded.project.stage = Stage.PROPOSAL
    loaded.project.save()
    loaded.allocated = Decimal("0")
    loaded.full_clean(exclude=["version"])  # approved unchanged: the estimate rule does not apply
    loaded.approved = Decimal("900")
    with pytest.raises(ValidationError) as refused:
        loaded.full_clean(exclude=["version"])
    assert "approved" in refused.value.message_dict


def test_a_line_loaded_without_its_approved_amount_still_knows(line):
    loaded = BudgetLine.objects.only("pk", "project", "allocated").get(pk=line.pk)
    loaded.project.stage = Stage.PROPOSAL
    loaded.project.save()
    assert not loaded._approved_changed()
    loaded.approved = Decimal("900")
    assert loaded._approved_changed()
