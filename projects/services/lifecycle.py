"""Stage moves of a project: the one transition table, its gates, and the move service."""

import datetime
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Role

from ..models import BudgetLine, Milestone, Project, Stage, StageTransition
from ..models.execution import CLOSED_MILESTONE_STATUSES
from ..models.lifecycle import (
    ApprovalReview,
    MoveRequestStatus,
    ReviewCondition,
    ReviewDecision,
    StageMoveRequest,
)

OFFICE = frozenset({Role.OFFICE_ADMIN, Role.OFFICE_STAFF})
ADMIN_ONLY = frozenset({Role.OFFICE_ADMIN})
SUSPENDABLE = (Stage.APPROVED, Stage.IMPLEMENTATION, Stage.ACCEPTANCE, Stage.OPERATION)
FINAL = (Stage.CLOSED, Stage.TERMINATED)

# The transition table: (from, to) → the roles that may make the move. A move that is not
# here (a skip, a move out of a final stage) does not exist. A liaison of the lead
# department may ask for any of these moves; the office carries it out.
TRANSITIONS: dict[tuple[str, str], frozenset[str]] = {
    (Stage.PROPOSAL, Stage.APPROVAL_REVIEW): OFFICE,
    (Stage.APPROVAL_REVIEW, Stage.PROPOSAL): OFFICE,
    (Stage.APPROVAL_REVIEW, Stage.APPROVED): OFFICE,
    (Stage.APPROVED, Stage.IMPLEMENTATION): OFFICE,
    (Stage.IMPLEMENTATION, Stage.ACCEPTANCE): OFFICE,
    (Stage.ACCEPTANCE, Stage.OPERATION): OFFICE,
    (Stage.OPERATION, Stage.CLOSED): OFFICE,
    **{(stage, Stage.SUSPENDED): OFFICE for stage in SUSPENDABLE},
    # Resuming returns to the stage the project was suspended in (checked by a gate).
    **{(Stage.SUSPENDED, stage): OFFICE for stage in SUSPENDABLE},
    # Ending a project for good is the office administrator's call.
    **{(stage, Stage.TERMINATED): ADMIN_ONLY for stage in Stage if stage not in FINAL},
}


class MoveRefused(ValidationError):
    """The move does not exist or a gate is not met; the project is untouched."""


class MoveConflict(ValidationError):
    """Someone else moved or saved the project after it was loaded."""

    def __init__(self):
        super().__init__(
            _("Someone else changed this project's stage or record just now. Reload the page and try again."),
            code="conflict",
        )


@dataclass(frozen=True)
class NextMove:
    to_stage: str
    label: str


def move_exists(*, project: Project, to_stage: str) -> bool:
    if (project.stage, to_stage) not in TRANSITIONS:
        return False
    return project.stage != Stage.SUSPENDED or to_stage in (project.stage_before_suspension, Stage.TERMINATED)


def role_may_move(*, user, from_stage: str, to_stage: str) -> bool:
    return user.role in TRANSITIONS.get((from_stage, to_stage), frozenset())


def next_moves(*, project: Project, user=None) -> list[NextMove]:
    """The moves that exist from the project's stage (and that ``user`` may make, if given)."""
    return [
        NextMove(to_stage=to, label=Stage(to).label)
        for (frm, to) in TRANSITIONS
        if frm == project.stage
        and move_exists(project=project, to_stage=to)
        and (user is None or role_may_move(user=user, from_stage=frm, to_stage=to))
    ]


# Gates that apps above this one add: stage → checks that return a reason, or None when met.
# (The evaluations app adds "the latest assessment accepted" before closing.)
_REGISTERED_GATES: dict[str, list[Callable[[Project], str | None]]] = defaultdict(list)


def register_gate(to_stage: str, check: Callable[[Project], str | None]) -> None:
    if check not in _REGISTERED_GATES[to_stage]:
        _REGISTERED_GATES[to_stage].append(check)


def latest_review(*, project: Project) -> ApprovalReview | None:
    return project.reviews.order_by("-round_no").first()


# Milestones that belong to building the project; those of acceptance and operation come after.
BUILD_STAGES = (Stage.APPROVED, Stage.IMPLEMENTATION)


def open_conditions(*, project: Project):
    """Conditions of the project's approving review rounds that are neither met nor waived."""
    return ReviewCondition.objects.filter(
        review__project=project, is_met=False, is_waived=False
    ).select_related("owner")


def gate_failures(*, project: Project, to_stage: str, today: datetime.date | None = None) -> list[str]:
    """Why the project may not enter ``to_stage`` on ``today`` (the day of the move), in plain
    words; empty when it may."""
    today = today or timezone.localdate()
    reasons = []
    if to_stage == Stage.APPROVAL_REVIEW:
        if not project.objectives.strip():
            reasons.append(_("Record the project's objectives before it goes to approval review."))
        if project.estimated_budget is None:
            reasons.append(_("Record an estimated budget before the project goes to approval review."))
    elif to_stage == Stage.APPROVED and project.stage == Stage.APPROVAL_REVIEW:
        review = latest_review(project=project)
        if review is None or review.decision not in (
            ReviewDecision.APPROVE,
            ReviewDecision.APPROVE_WITH_CONDITIONS,
        ):
            reasons.append(
                _("The latest approval review round has no decision to approve (with or without conditions).")
            )
    elif to_stage == Stage.IMPLEMENTATION and project.stage == Stage.APPROVED:
        # Implementation starts in the year of the move, which need not be the calendar year of today.
        if not BudgetLine.objects.filter(project=project, year=today.year, approved__gt=0).exists():
            reasons.append(
                _(
                    "No budget is approved for %(year)s, the year implementation starts; "
                    "approve a budget line for %(year)s first."
                )
                % {"year": today.year}
            )
        if not Milestone.objects.filter(project=project).exists():
            reasons.append(_("The plan has no milestone yet; add at least one milestone first."))
        unmet = list(open_conditions(project=project))
        if unmet:
            reasons.append(
                _("%(count)s approval condition(s) are neither met nor waived: %(conditions)s.")
                % {"count": len(unmet), "conditions": "；".join(c.text for c in unmet)}
            )
    elif to_stage == Stage.ACCEPTANCE and project.stage == Stage.IMPLEMENTATION:
        open_count = (
            Milestone.objects.filter(project=project, stage__in=BUILD_STAGES)
            .exclude(status__in=CLOSED_MILESTONE_STATUSES)
            .count()
        )
        if open_count:
            reasons.append(
                _("%(count)s milestone(s) are neither done nor waived; finish or waive them first.")
                % {"count": open_count}
            )
    for check in _REGISTERED_GATES[to_stage]:
        reason = check(project)
        if reason:
            reasons.append(reason)
    return reasons


@transaction.atomic
def project_move(
    *,
    project: Project,
    to_stage: str,
    by,
    comment: str = "",
    expected_version: int | None = None,
    on: datetime.date | None = None,
) -> StageTransition:
    """Move a project to another stage and record who did it, when and why. ``on`` dates a move
    recorded after the fact (default today); it may be neither in the future nor before the
    project's previous move.

    Refuses (MoveRefused) a move that is not in the table or whose gate is not met, refuses
    (PermissionDenied) a role that may not make it, and refuses (MoveConflict) when the
    project changed since ``expected_version``: the conditional UPDATE lets exactly one of
    two concurrent moves win, on every database."""
    from_stage = project.stage
    if not move_exists(project=project, to_stage=to_stage):
        raise MoveRefused(
            _("A project in stage “%(from)s” cannot move to “%(to)s”.")
            % {"from": Stage(from_stage).label, "to": Stage(to_stage).label},
            code="no_such_move",
        )
    if not role_may_move(user=by, from_stage=from_stage, to_stage=to_stage):
        raise PermissionDenied(_("Your role may not make this move."))
    today = timezone.localdate()
    moved_on = on or today
    check_move_date(project=project, on=moved_on, today=today)
    reasons = gate_failures(project=project, to_stage=to_stage, today=moved_on)
    if reasons:
        raise MoveRefused(reasons, code="gate")
    version = project.version if expected_version is None else expected_version
    claimed = Project.objects.filter(pk=project.pk, version=version, stage=from_stage).update(
        version=models.F("version") + 1
    )
    if claimed != 1:
        raise MoveConflict()
    if to_stage == Stage.SUSPENDED:
        project.stage_before_suspension = from_stage
    elif from_stage == Stage.SUSPENDED:
        project.stage_before_suspension = ""
    project.stage = to_stage
    project.version = version + 1
    project._history_user = by
    project._change_reason = comment.strip() or None
    project.save()
    transition = StageTransition(
        project=project, from_stage=from_stage, to_stage=to_stage, by=by, comment=comment
    )
    transition.full_clean()
    transition.save()
    if moved_on != today:
        moment = timezone.make_aware(datetime.datetime.combine(moved_on, datetime.time(12)))
        StageTransition.objects.filter(pk=transition.pk).update(at=moment)
        transition.at = moment
    _close_requests_asked_from(project=project, from_stage=from_stage, to_stage=to_stage, by=by)
    return transition


def _close_requests_asked_from(*, project: Project, from_stage: str, to_stage: str, by) -> None:
    """A pending request was asked from the stage the project just left, so it no longer applies: it
    closes itself (when the move carries it out, ``move_request_carry_out`` then marks it done)."""
    StageMoveRequest.objects.filter(project=project, status=MoveRequestStatus.PENDING).update(
        status=MoveRequestStatus.SUPERSEDED,
        decided_by=by,
        decided_at=timezone.now(),
        decision_note=str(
            _("Closed by itself: the project moved from “%(from)s” to “%(to)s”.")
            % {"from": Stage(from_stage).label, "to": Stage(to_stage).label}
        ),
    )


def check_move_date(*, project: Project, on: datetime.date, today: datetime.date) -> None:
    """A move happens today or is recorded after the fact; never in the future, never before
    the project's previous move."""
    if on > today:
        raise MoveRefused({"on": _("A stage move cannot be dated in the future.")}, code="future")
    last = project.transitions.order_by("-at", "-pk").values_list("at", flat=True).first()
    if last is not None and on < timezone.localdate(last):
        raise MoveRefused(
            {
                "on": _("The move cannot be dated before the project's previous move (%(date)s).")
                % {"date": timezone.localdate(last).isoformat()}
            },
            code="before_previous",
        )
