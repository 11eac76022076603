"""Demo assessments: a 2015 annual cycle with one accepted, one submitted and one draft. Idempotent."""

import datetime
from decimal import Decimal

from django.db import transaction

from accounts.models import Role, User
from projects.models import Project

from .models import Agency, AssessmentCycle, AssessmentStatus, CycleKind, IndicatorTemplate
from .seed import seed_indicator_templates
from .services import (
    assessment_accept,
    assessment_assign,
    assessment_declare_no_conflict,
    assessment_save_draft,
    assessment_submit,
    cycle_open,
)

DEMO_CYCLE_NAME = "2015年度绩效评价（演示）"


def _full_scores(assessment, share: Decimal) -> dict:
    """Every row at ``share`` of its points; where the project's figures would give another score,
    the demo says so as the reason for overriding it."""
    return {
        leaf.pk: {
            "value": (leaf.points * share).quantize(Decimal("0.01")),
            "comment": "演示评分",
            "override_reason": "演示数据：按统一比例评分",
        }
        for leaf in assessment.cycle.template.indicators.filter(is_leaf=True)
    }


@transaction.atomic
def seed_demo_evaluations() -> None:
    seed_indicator_templates()
    if AssessmentCycle.objects.filter(name=DEMO_CYCLE_NAME).exists():
        return
    office = User.objects.filter(role=Role.OFFICE_STAFF).order_by("pk").first()
    evaluators = {
        u.agency.code: u
        for u in User.objects.filter(
            role=Role.EVALUATOR, agency__code__in=["agency-a", "agency-b"]
        ).select_related("agency")
    }
    agencies = {a.code: a for a in Agency.objects.filter(code__in=["agency-a", "agency-b"])}
    projects = list(Project.objects.order_by("code")[:3])
    if len(agencies) < 2 or len(evaluators) < 2 or len(projects) < 3:
        return
    template = IndicatorTemplate.objects.filter(family="external").order_by("version").first()
    cycle = cycle_open(
        name=DEMO_CYCLE_NAME, kind=CycleKind.ANNUAL, year=2015, template=template, by=office, is_demo=True
    )
    plan = [
        ("agency-a", Decimal("0.87"), AssessmentStatus.ACCEPTED),
        ("agency-b", Decimal("0.78"), AssessmentStatus.SUBMITTED),
        ("agency-a", Decimal("0.5"), AssessmentStatus.IN_PROGRESS),
    ]
    for project, (code, share, status) in zip(projects, plan, strict=True):
        evaluator = evaluators[code]
        assessment = assessment_assign(
            cycle=cycle,
            project=project,
            agency=agencies[code],
            due_on=datetime.date(2016, 3, 31),
            by=office,
            notify=False,
        )
        assessment_declare_no_conflict(assessment=assessment, by=evaluator, declared=True)
        scores = _full_scores(assessment, share)
        if status == AssessmentStatus.IN_PROGRESS:
            scores = dict(list(scores.items())[:8])
        assessment_save_draft(
            assessment=assessment, by=evaluator, expected_version=assessment.version, scores=scores
        )
        if status != AssessmentStatus.IN_PROGRESS:
            assessment_submit(assessment=assessment, by=evaluator, notify=False)
        if status == AssessmentStatus.ACCEPTED:
            assessment_accept(assessment=assessment, by=office)
