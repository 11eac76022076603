"""Writes for execution tracking: annual plans, milestones and problems."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.history import attribute_change, history_snapshot
from core.versioning import save_if_current

from ..models import AnnualPlan, AnnualPlanItem, Milestone, PlanAmendment, Problem, Project
from ..models.execution import MilestoneStatus, PlanStatus
from ..selectors.execution import suggested_order

MILESTONE_EDITABLE_FIELDS = [
    "title",
    "stage",
    "owner",
    "planned_date",
    "actual_date",
    "status",
    "waived_reason",
    "weight",
]
PROBLEM_EDITABLE_FIELDS = ["title", "description", "severity", "owner", "due_date", "status", "resolution"]
PLAN_ITEM_FIELDS = ["project", "goals", "is_key", "rank"]


def _check_fields(fields: dict, allowed: list[str]) -> None:
    unknown = set(fields) - set(allowed)
    if unknown:
        raise TypeError(f"not editable here: {sorted(unknown)}")


@transaction.atomic
def milestone_create(*, project: Project, by, **fields: Any) -> Milestone:
    _check_fields(fields, MILESTONE_EDITABLE_FIELDS)
    milestone = Milestone(project=project, **fields)
    milestone.full_clean()
    attribute_change(milestone, by=by)
    milestone.save()
    return milestone


def milestone_update(*, milestone: Milestone, by, expected_version: int, **fields: Any) -> Milestone:
    _check_fields(fields, MILESTONE_EDITABLE_FIELDS)
    was_waived = milestone.status == MilestoneStatus.WAIVED
    for name, value in fields.items():
        setattr(milestone, name, value)
    # Waiving asks for a reason: it becomes the reason of this change.
    waiving = milestone.status == MilestoneStatus.WAIVED and not was_waived
    attribute_change(milestone, by=by, reason=milestone.waived_reason if waiving else "")
    save_if_current(instance=milestone, expected_version=expected_version)
    return milestone


def _stamp_resolution(problem: Problem) -> None:
    if problem.is_open:
        problem.resolved_at = None
    elif problem.resolved_at is None:
        problem.resolved_at = timezone.now()


@transaction.atomic
def problem_create(*, project: Project, by, **fields: Any) -> Problem:
    """A due date in the past is accepted (the problem is overdue at once); the view warns."""
    _check_fields(fields, PROBLEM_EDITABLE_FIELDS)
    problem = Problem(project=project, raised_by=by, **fields)
    _stamp_resolution(problem)
    problem.full_clean()
    attribute_change(problem, by=by)
    problem.save()
    return problem


def problem_update(*, problem: Problem, by, expected_version: int, **fields: Any) -> Problem:
    _check_fields(fields, PROBLEM_EDITABLE_FIELDS)
    for name, value in fields.items():
        setattr(problem, name, value)
    _stamp_resolution(problem)
    problem._history_user = by
    save_if_current(instance=problem, expected_version=expected_version)
    return problem


@transaction.atomic
def plan_create(*, year: int, title: str) -> AnnualPlan:
    plan = AnnualPlan(year=year, title=title)
    plan.full_clean()
    plan.save()
    return plan


def plan_update(*, plan: AnnualPlan, title: str, expected_version: int) -> AnnualPlan:
    plan.title = title
    save_if_current(instance=plan, expected_version=expected_version)
    return plan


def _require_reason_once_published(plan: AnnualPlan, reason: str) -> None:
    if plan.status == PlanStatus.PUBLISHED and not reason.strip():
        raise ValidationError({"reason": _("A published plan changes only with a recorded reason.")})


def _record_amendment(*, plan: AnnualPlan, reason: str, summary: str, by) -> None:
    if plan.status == PlanStatus.PUBLISHED:
        amendment = PlanAmendment(plan=plan, reason=reason.strip(), summary=summary, by=by)
        amendment.full_clean()
        attribute_change(amendment, by=by, reason=reason)
        amendment.save()


@transaction.atomic
def plan_item_save(
    *, plan: AnnualPlan, by, item: AnnualPlanItem | None = None, reason: str = "", **fields: Any
) -> AnnualPlanItem:
    """Add or change a project in a plan. A draft changes freely; a published plan only with a
    reason, recorded as a PlanAmendment in the same transaction."""
    _check_fields(fields, PLAN_ITEM_FIELDS)
    _require_reason_once_published(plan, reason)
    item = item or AnnualPlanItem(plan=plan)
    before = {name: getattr(item, name) for name in PLAN_ITEM_FIELDS} if item.pk else None
    for name, value in fields.items():
        setattr(item, name, value)
    item.full_clean()
    attribute_change(item, by=by, reason=reason)
    item.save()
    if before is None:
        summary = _("Added %(project)s (rank %(rank)s).") % {"project": item.project, "rank": item.rank}
    else:
        changed = [
            str(AnnualPlanItem._meta.get_field(name).verbose_name)
            for name in PLAN_ITEM_FIELDS
            if before[name] != getattr(item, name)
        ]
        summary = _("Changed %(project)s: %(fields)s.") % {
            "project": item.project,
            "fields": ", ".join(changed),
        }
    _record_amendment(plan=plan, reason=reason, summary=summary, by=by)
    return item


@transaction.atomic
def plan_apply_suggested_order(*, plan: AnnualPlan) -> None:
    """Rank a draft's projects easy-first, urgent-first (1, 2, 3, ...)."""
    if plan.status != PlanStatus.DRAFT:
        raise ValidationError(_("Only a draft plan is reordered; amend a published plan item by item."))
    items = suggested_order(plan.items.select_related("project"))
    for rank, item in enumerate(items, start=1):
        if item.rank != rank:
            item.rank = rank
            item.save(update_fields=["rank"])


@transaction.atomic
def plan_publish(*, plan: AnnualPlan, by) -> AnnualPlan:
    """Publish a draft with at least one project. Claimed with a conditional update, so two
    clicks publish once."""
    if not plan.items.exists():
        raise ValidationError(_("Add at least one project before publishing."))
    claimed = AnnualPlan.objects.filter(pk=plan.pk, status=PlanStatus.DRAFT).update(
        status=PlanStatus.PUBLISHED, published_at=timezone.now(), published_by=by
    )
    if claimed != 1:
        raise ValidationError(_("This plan is already published."))
    plan.refresh_from_db()
    history_snapshot(plan, by=by)
    return plan
