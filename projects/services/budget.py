"""Writes to budgets: lines, spending, adjustments and the funding-source list."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from core.history import attribute_change, history_snapshot
from core.versioning import StaleObjectError, save_if_current

from ..models import BudgetAdjustment, BudgetLine, FundingSource, Project, SpendingRecord
from ..models.budget import AdjustmentStatus

BUDGET_LINE_CREATE_FIELDS = ["year", "source", "approved", "allocated", "allocated_on", "note"]
# The approved amount changes only through an approved adjustment.
BUDGET_LINE_EDIT_FIELDS = ["allocated", "allocated_on", "note"]


def _check_allocated_covers_spent(line: BudgetLine) -> None:
    if line.allocated < line.spent:
        raise ValidationError(
            {"allocated": _("The allocated amount cannot be less than what has been spent already.")}
        )


@transaction.atomic
def funding_source_save(*, source: FundingSource) -> FundingSource:
    source.full_clean()
    source.save()
    return source


@transaction.atomic
def budget_line_create(
    *,
    project: Project,
    by,
    year: int,
    source: FundingSource,
    approved: Decimal,
    allocated: Decimal = Decimal("0"),
    allocated_on: datetime.date | None = None,
    note: str = "",
) -> BudgetLine:
    line = BudgetLine(
        project=project,
        year=year,
        source=source,
        approved=approved,
        allocated=allocated,
        allocated_on=allocated_on,
        note=note,
    )
    line.full_clean()
    attribute_change(line, by=by)
    line.save()
    return line


@transaction.atomic
def budget_line_update(
    *,
    line: BudgetLine,
    by,
    expected_version: int,
    allocated: Decimal,
    allocated_on: datetime.date | None,
    note: str,
) -> BudgetLine:
    """Change what arrived and the note. Spending and approved adjustments also bump the
    version, so an edit made against an older figure is refused rather than overwriting it."""
    line.allocated = allocated
    line.allocated_on = allocated_on
    line.note = note
    _check_allocated_covers_spent(line)
    attribute_change(line, by=by)
    save_if_current(instance=line, expected_version=expected_version)
    return line


@transaction.atomic
def spending_record(
    *, line: BudgetLine, by, amount: Decimal, spent_on: datetime.date, note: str = ""
) -> SpendingRecord:
    """Pay ``amount`` out of the line. The conditional UPDATE adds to ``spent`` only while the
    result stays within what has been allocated, so two concurrent payments cannot together
    exceed it (and the database constraint spent ≤ allocated backs this up)."""
    record = SpendingRecord(line=line, amount=amount, spent_on=spent_on, note=note, recorded_by=by)
    record.full_clean()
    claimed = BudgetLine.objects.filter(pk=line.pk, spent__lte=F("allocated") - amount).update(
        spent=F("spent") + amount, version=F("version") + 1
    )
    if claimed != 1:
        line.refresh_from_db(fields=["allocated", "spent"])
        raise ValidationError(
            {
                "amount": _(
                    "Spending would exceed the allocated amount: %(allocated)s yuan allocated, "
                    "%(spent)s yuan spent, %(left)s yuan left."
                )
                % {
                    "allocated": f"{line.allocated:,.2f}",
                    "spent": f"{line.spent:,.2f}",
                    "left": f"{line.allocated - line.spent:,.2f}",
                }
            }
        )
    attribute_change(record, by=by)
    record.save()
    line.refresh_from_db()
    history_snapshot(line, by=by, reason=note)
    return record


def check_adjustment_covers_line(*, line: BudgetLine, new_amount: Decimal) -> None:
    """An approved amount never drops below what has been spent: the line would then show more
    than 100 % executed. (Below what has arrived, the line's own rule allocated ≤ approved refuses
    the approval.)"""
    if new_amount < line.spent:
        raise ValidationError(
            {
                "new_amount": _(
                    "The new amount cannot be less than what has already been spent on this line "
                    "(%(spent)s yuan)."
                )
                % {"spent": f"{line.spent:,.2f}"}
            }
        )


@transaction.atomic
def spending_reverse(*, record: SpendingRecord, by, reason: str) -> SpendingRecord:
    """Cancel a wrong spending entry with a new, negative entry that names it and says why.
    Nothing is deleted: both rows stay, and the line's spent figure drops by the amount. The
    one-to-one on ``reverses`` lets an entry be reversed once, even by two concurrent clicks."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say why this spending entry is reversed.")})
    record = SpendingRecord.objects.select_for_update().get(pk=record.pk)
    if record.is_reversal:
        raise ValidationError(_("A reversal cannot itself be reversed; record the spending again instead."))
    if SpendingRecord.objects.filter(reverses=record).exists():
        raise ValidationError(_("This spending entry has already been reversed."))
    reversal = SpendingRecord(
        line_id=record.line_id,
        amount=-record.amount,
        spent_on=timezone.localdate(),
        note=reason[:200],
        reverses=record,
        recorded_by=by,
    )
    reversal.full_clean()
    attribute_change(reversal, by=by, reason=reason)
    reversal.save()
    BudgetLine.objects.filter(pk=record.line_id).update(
        spent=F("spent") - record.amount, version=F("version") + 1
    )
    line = BudgetLine.objects.get(pk=record.line_id)
    history_snapshot(line, by=by, reason=reason)
    return reversal


@transaction.atomic
def adjustment_request(*, line: BudgetLine, by, new_amount: Decimal, reason: str) -> BudgetAdjustment:
    """Ask for a new approved amount. The line keeps its approved figure until the request is approved."""
    if line.adjustments.filter(status=AdjustmentStatus.PENDING).exists():
        raise ValidationError(_("This budget line already has a pending adjustment request."))
    if new_amount == line.approved:
        raise ValidationError({"new_amount": _("The new amount equals the approved amount.")})
    check_adjustment_covers_line(line=line, new_amount=new_amount)
    adjustment = BudgetAdjustment(
        line=line, old_amount=line.approved, new_amount=new_amount, reason=reason, requested_by=by
    )
    adjustment.full_clean()
    attribute_change(adjustment, by=by, reason=reason)
    adjustment.save()
    return adjustment


@transaction.atomic
def adjustment_decide(*, adjustment: BudgetAdjustment, by, approve: bool, note: str = "") -> BudgetAdjustment:
    """Approve (the line's approved amount becomes the requested one) or reject. The request is
    claimed with a conditional UPDATE so it is decided exactly once."""
    status = AdjustmentStatus.APPROVED if approve else AdjustmentStatus.REJECTED
    now = timezone.now()
    claimed = BudgetAdjustment.objects.filter(pk=adjustment.pk, status=AdjustmentStatus.PENDING).update(
        status=status, decided_by=by, decided_at=now, decision_note=note
    )
    if claimed != 1:
        raise StaleObjectError()
    if approve:
        line = BudgetLine.objects.select_for_update().get(pk=adjustment.line_id)
        # Spending or allocation may have grown since the request was made.
        check_adjustment_covers_line(line=line, new_amount=adjustment.new_amount)
        line.approved = adjustment.new_amount
        line.version = F("version") + 1
        line.full_clean(exclude=["version"])
        attribute_change(line, by=by, reason=adjustment.reason)
        line.save(update_fields=["approved", "version", "updated_at"])
    adjustment.refresh_from_db()
    history_snapshot(adjustment, by=by, reason=note)
    return adjustment
