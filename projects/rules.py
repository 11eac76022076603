"""The consistency rules that real data obeys, in one place. Model ``clean()`` methods call them,
so every form, service, Excel import, API write and admin save (all of which run ``full_clean``)
refuses the same bad input with the same message next to the field; ``check_consistency``
reports existing rows that break them.

- Before approval (申报, 立项评审) a project's money is an estimate: no approved amounts.
- No spending before the project is approved, nor dated before the approval.
- A milestone cannot be done before the project was approved, and belongs to a stage a goal can
  belong to (not 暂停/终止).
"""

import datetime

from django.utils.translation import gettext_lazy as _

from .models.portfolio import Project, Stage

PRE_APPROVAL_STAGES = (Stage.PROPOSAL, Stage.APPROVAL_REVIEW)
MILESTONE_STAGES = (Stage.APPROVED, Stage.IMPLEMENTATION, Stage.ACCEPTANCE, Stage.OPERATION)


def is_before_approval(project: Project) -> bool:
    return project.stage in PRE_APPROVAL_STAGES


def approval_date(project: Project) -> datetime.date | None:
    """The day of the project's (latest) move into 已立项, when the history records one."""
    from django.utils import timezone

    from .models.lifecycle import StageTransition

    at = (
        StageTransition.objects.filter(
            project=project, to_stage=Stage.APPROVED, from_stage=Stage.APPROVAL_REVIEW
        )
        .order_by("-at")
        .values_list("at", flat=True)
        .first()
    )
    return timezone.localdate(at) if at else None


def approved_amount_errors(*, project: Project, approved) -> dict:
    if approved and approved > 0 and is_before_approval(project):
        return {
            "approved": _(
                "The project is not approved yet (%(stage)s): its money is an estimate, so no amount "
                "can be approved."
            )
            % {"stage": project.get_stage_display()}
        }
    return {}


def spending_errors(*, project: Project, spent_on: datetime.date | None) -> dict:
    if is_before_approval(project):
        return {"amount": _("The project is not approved yet: nothing can be spent on it.")}
    approved_on = approval_date(project)
    if spent_on and approved_on and spent_on < approved_on:
        return {
            "spent_on": _("Spending cannot be dated before the project was approved (%(date)s).")
            % {"date": approved_on.isoformat()}
        }
    return {}


def milestone_errors(*, project: Project, stage: str, done: bool, actual_date: datetime.date | None) -> dict:
    errors = {}
    if stage not in MILESTONE_STAGES:
        errors["stage"] = _("A milestone belongs to approval, implementation, acceptance or operation.")
    if done:
        if is_before_approval(project):
            errors["status"] = _("The project is not approved yet: no milestone can be done.")
        else:
            approved_on = approval_date(project)
            if actual_date and approved_on and actual_date < approved_on:
                errors["actual_date"] = _(
                    "A milestone cannot be done before the project was approved (%(date)s)."
                ) % {"date": approved_on.isoformat()}
    return errors


def budget_year_errors(*, project: Project, year: int | None) -> dict:
    """A budget line's year lies within the project's planned period."""
    start = project.planned_start.year if project.planned_start else None
    end = project.planned_end.year if project.planned_end else None
    if year is not None and ((start and year < start) or (end and year > end)):
        return {
            "year": _("The year must be within the project's planned period (%(start)s–%(end)s).")
            % {"start": start or "…", "end": end or "…"}
        }
    return {}
