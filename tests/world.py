"""One object of every kind, wired to the role fixtures, for whole-site tests
(the permission matrix, the Redis-down page sweep).

The project is led by the ``liaison`` fixture's department; the assessment belongs to agency A
(the ``evaluator`` fixture's agency)."""

import datetime
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from demo.seed_templates import seed_indicator_templates
from evaluations.evidence import evidence_add
from evaluations.models import IndicatorTemplate
from evaluations.services import assessment_assign, assessment_declare_no_conflict, cycle_open
from indicators.models import IndicatorLink
from projects.models import (
    ApprovalReview,
    BudgetAdjustment,
    Project,
    ReviewCondition,
    Stage,
    StageMoveRequest,
)
from projects.models.lifecycle import ReviewDecision
from projects.services.budget import spending_record
from public.models import Moderation, ProjectPublication, SurveyResponse
from reports.models import ReportSchedule
from reports.schedules import ensure_schedules
from tests.indicators.factories import IndicatorFactory, ObservationFactory
from tests.projects.factories import (
    AnnualPlanFactory,
    AnnualPlanItemFactory,
    BudgetLineFactory,
    FundingSourceFactory,
    MilestoneFactory,
    ProblemFactory,
    ProjectFactory,
)
from tests.reports.factories import DoneRunFactory
from tests.steering.factories import (
    ActionItemFactory,
    AgendaItemFactory,
    MeetingFactory,
    StatusReportFactory,
)


def build_world(*, department, agency, office_staff, liaison, evaluator) -> dict:
    """Every object a URL of the site can point at, by the name the URL kwargs use."""
    project = ProjectFactory(lead_department=department, stage=Stage.APPROVAL_REVIEW)
    source = FundingSourceFactory(code="municipal", name="市级财政资金", is_fiscal=True, order=1)
    line = BudgetLineFactory(project=project, source=source, year=2015)
    # Spending needs an approved project; the world's project then goes back to approval review,
    # where its review rounds and move request belong (one world holds one of everything).
    Project.objects.filter(pk=project.pk).update(stage=Stage.IMPLEMENTATION)
    project.stage = Stage.IMPLEMENTATION
    spending = spending_record(
        line=line, by=office_staff, amount=Decimal("1000"), spent_on=datetime.date(2015, 5, 1)
    )
    Project.objects.filter(pk=project.pk).update(stage=Stage.APPROVAL_REVIEW)
    project.refresh_from_db()
    adjustment = BudgetAdjustment.objects.create(
        line=line,
        old_amount=line.approved,
        new_amount=Decimal("1200000"),
        reason="扩容",
        requested_by=liaison,
    )
    review = ApprovalReview.objects.create(project=project, round_no=1, opened_by=office_staff)
    decided = ApprovalReview.objects.create(
        project=project, round_no=2, opened_by=office_staff, decision=ReviewDecision.APPROVE_WITH_CONDITIONS
    )
    condition = ReviewCondition.objects.create(review=decided, text="补充方案")
    move_request = StageMoveRequest.objects.create(
        project=project, to_stage=Stage.PROPOSAL, requested_by=liaison, comment="退回"
    )
    milestone = MilestoneFactory(project=project)
    problem = ProblemFactory(project=project, raised_by=liaison)
    plan = AnnualPlanFactory(year=2015)
    plan_item = AnnualPlanItemFactory(plan=plan, project=project)

    seed_indicator_templates()
    template = IndicatorTemplate.objects.get(family="external", version=1)
    cycle = cycle_open(name="2014年度", kind="annual", year=2014, template=template, by=office_staff)
    assessment = assessment_assign(
        cycle=cycle, project=project, agency=agency, due_on=datetime.date(2015, 3, 31), by=office_staff
    )
    assessment = assessment_declare_no_conflict(assessment=assessment, by=evaluator, declared=True)
    evidence = evidence_add(
        assessment=assessment,
        by=evaluator,
        upload=SimpleUploadedFile("minutes.txt", "验收会议纪要".encode(), content_type="text/plain"),
    )
    run = DoneRunFactory(requested_by=office_staff)
    status_report = StatusReportFactory(project=project, filed_by=liaison)
    meeting = MeetingFactory(chair=office_staff)
    agenda_item = AgendaItemFactory(meeting=meeting, project=project)
    action = ActionItemFactory(agenda_item=agenda_item, owner=liaison)
    ensure_schedules()
    schedule = ReportSchedule.objects.order_by("pk").first()
    indicator = IndicatorFactory(reporting_department=department, is_public=True)
    ObservationFactory(indicator=indicator)
    IndicatorLink.objects.create(indicator=indicator, project=project)
    ProjectPublication.objects.create(project=project, is_public=True, summary="让居民少跑腿。")
    feedback = SurveyResponse.objects.create(
        project=project,
        score=4,
        comment="很方便",
        moderation=Moderation.PENDING,
        submitted_on=datetime.date.today(),
    )
    return {
        "feedback": feedback,
        "project": project,
        "indicator": indicator,
        "source": source,
        "line": line,
        "spending": spending,
        "department": department,
        "agency": agency,
        "account": liaison,
        "adjustment": adjustment,
        "review": review,
        "condition": condition,
        "move_request": move_request,
        "milestone": milestone,
        "problem": problem,
        "plan": plan,
        "plan_item": plan_item,
        "template": template,
        "cycle": cycle,
        "assessment": assessment,
        "evidence": evidence,
        "run": run,
        "schedule": schedule,
        "status_report": status_report,
        "meeting": meeting,
        "agenda_item": agenda_item,
        "action": action,
    }
