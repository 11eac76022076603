"""Existing rows that break the consistency rules (``projects.rules``), for ``check_consistency``.
Reads only: a row written before a rule existed is reported, never silently changed."""

import datetime
from dataclasses import dataclass

from django.db.models import Min, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import BudgetLine, Milestone, Project, ReviewCondition, SpendingRecord, Stage, StageTransition
from ..models.execution import MilestoneStatus
from ..rules import MILESTONE_STAGES, PRE_APPROVAL_STAGES

LATER_STAGES = (Stage.IMPLEMENTATION, Stage.ACCEPTANCE, Stage.OPERATION, Stage.CLOSED)


@dataclass(frozen=True)
class Finding:
    rule: str
    project: str
    detail: str


def _approval_dates() -> dict[int, datetime.date]:
    rows = (
        StageTransition.objects.filter(to_stage=Stage.APPROVED, from_stage=Stage.APPROVAL_REVIEW)
        .values("project_id")
        .annotate(first=Min("at"))
    )
    return {row["project_id"]: timezone.localdate(row["first"]) for row in rows}


def consistency_findings(*, today: datetime.date | None = None) -> list[Finding]:
    today = today or timezone.localdate()
    approved_on = _approval_dates()
    findings: list[Finding] = []
    pre = Q(project__stage__in=PRE_APPROVAL_STAGES)
    for line in BudgetLine.objects.filter(pre, approved__gt=0).select_related("project", "source"):
        findings.append(
            Finding(
                _("approved amount before approval"),
                line.project.code,
                f"{line.year} {line.source}: {line.approved:,.2f}",
            )
        )
    for record in SpendingRecord.objects.select_related("line__project", "line__source").order_by("pk"):
        project = record.line.project
        day = approved_on.get(project.pk)
        if project.stage in PRE_APPROVAL_STAGES or (day and record.spent_on < day):
            findings.append(
                Finding(
                    _("spending before approval"),
                    project.code,
                    f"{record.spent_on} {record.amount:,.2f} ({record.line.year} {record.line.source})",
                )
            )
    for milestone in Milestone.objects.select_related("project").order_by("project__code", "pk"):
        project = milestone.project
        day = approved_on.get(project.pk)
        if milestone.status == MilestoneStatus.DONE and (
            project.stage in PRE_APPROVAL_STAGES
            or (day and milestone.actual_date and milestone.actual_date < day)
        ):
            findings.append(
                Finding(
                    _("milestone done before approval"),
                    project.code,
                    f"{milestone.title} {milestone.actual_date}",
                )
            )
        if milestone.stage not in MILESTONE_STAGES:
            findings.append(
                Finding(
                    _("milestone in a stage that has no goals"),
                    project.code,
                    f"{milestone.title} ({milestone.stage})",
                )
            )
    for move in StageTransition.objects.filter(at__date__gt=today).select_related("project"):
        findings.append(
            Finding(
                _("stage move dated in the future"), move.project.code, f"{move.to_stage} {move.at:%Y-%m-%d}"
            )
        )
    started = {
        row["project_id"]: timezone.localdate(row["first"])
        for row in StageTransition.objects.filter(to_stage=Stage.IMPLEMENTATION)
        .values("project_id")
        .annotate(first=Min("at"))
    }
    for project in Project.objects.filter(
        Q(stage__in=LATER_STAGES) | Q(stage_before_suspension__in=LATER_STAGES)
    ):
        year = started.get(project.pk)
        if year and not BudgetLine.objects.filter(project=project, year=year.year, approved__gt=0).exists():
            findings.append(
                Finding(_("implementation without that year's approved budget"), project.code, str(year.year))
            )
    conditions = ReviewCondition.objects.filter(is_met=False, is_waived=False).select_related(
        "review__project"
    )
    for condition in conditions:
        project = condition.review.project
        if project.stage in LATER_STAGES:
            findings.append(
                Finding(_("implementation with an unmet approval condition"), project.code, condition.text)
            )
        if condition.due_date is None or condition.owner_id is None:
            findings.append(
                Finding(_("approval condition without owner or due date"), project.code, condition.text)
            )
        elif condition.due_date < today:
            findings.append(
                Finding(
                    _("approval condition overdue"), project.code, f"{condition.text} ({condition.due_date})"
                )
            )
    return findings
