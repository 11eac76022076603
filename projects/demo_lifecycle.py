"""Demo lifecycle: a few demo projects moved along realistic stages through the lifecycle
services, with review rounds, a rejection, a suspension and a pending liaison request.
Idempotent: a project that already has stage moves is left alone. Opinions and comments
say they are demo data."""

from decimal import Decimal

from django.db import transaction

from accounts.models import User

from .models import Project, Stage
from .models.lifecycle import Recommendation, ReviewDecision
from .services.lifecycle import project_move
from .services.move_requests import move_request_create
from .services.portfolio import project_update
from .services.reviews import condition_mark_met, review_add_opinion, review_decide, review_open

DEMO_ESTIMATES = {
    "P01": Decimal("32000000"),
    "P02": Decimal("18500000"),
    "P03": Decimal("9600000"),
    "P05": Decimal("45000000"),
}


def _to_review(project: Project, staff) -> Project:
    if project.estimated_budget is None:
        project_update(
            project=project,
            by=staff,
            expected_version=project.version,
            estimated_budget=DEMO_ESTIMATES[project.code],
        )
    project_move(
        project=project, to_stage=Stage.APPROVAL_REVIEW, by=staff, comment="材料齐全，提交立项评审（演示）"
    )
    return review_open(project=project, by=staff)


def _opinion(review, staff, reviewer: str, organisation: str, recommendation: str, text: str) -> None:
    review_add_opinion(
        review=review,
        reviewer=reviewer,
        organisation=organisation,
        opinion=f"{text}（演示意见）",
        recommendation=recommendation,
        by=staff,
    )


@transaction.atomic
def seed_demo_lifecycle() -> None:
    staff = User.objects.filter(username="staff").first()
    liaison = User.objects.filter(username="liaison").first()
    projects = {p.code: p for p in Project.objects.filter(code__in=DEMO_ESTIMATES, transitions=None)}
    if staff is None or liaison is None:
        return

    if "P01" in projects:
        review = _to_review(projects["P01"], staff)
        _opinion(
            review, staff, "刘专家", "市信息化专家委员会", Recommendation.APPROVE, "建设必要性充分，方案可行"
        )
        _opinion(
            review,
            staff,
            "评估机构甲",
            "正衡评估（演示）",
            Recommendation.APPROVE_WITH_CONDITIONS,
            "需补充数据安全方案",
        )
        review_decide(
            review=review,
            decision=ReviewDecision.APPROVE_WITH_CONDITIONS,
            reasons="同意立项，按专家意见补充材料（演示）",
            conditions=["补充数据安全与备份方案（演示）", "明确各部门数据共享责任清单（演示）"],
            by=staff,
        )
        condition_mark_met(condition=review.conditions.first(), by=staff, note="已提交安全方案（演示）")
        project = Project.objects.get(pk=projects["P01"].pk)
        project_move(project=project, to_stage=Stage.APPROVED, by=staff, comment="立项批复已印发（演示）")

    if "P02" in projects:
        review = _to_review(projects["P02"], staff)
        _opinion(
            review, staff, "陈专家", "市信息化专家委员会", Recommendation.REJECT, "与城市公共数据库功能重叠"
        )
        review_decide(
            review=review,
            decision=ReviewDecision.REJECT,
            reasons="与P01功能重叠，请调整建设内容后重新申报（演示）",
            conditions=[],
            by=staff,
        )
        project = Project.objects.get(pk=projects["P02"].pk)
        move_request_create(
            project=project,
            to_stage=Stage.APPROVAL_REVIEW,
            by=liaison,
            comment="已按评审意见调整建设内容（演示）",
        )

    if "P03" in projects:
        review = _to_review(projects["P03"], staff)
        _opinion(review, staff, "孙专家", "南通大学（演示）", Recommendation.APPROVE, "服务体系设计合理")

    if "P05" in projects:
        review = _to_review(projects["P05"], staff)
        review_decide(
            review=review,
            decision=ReviewDecision.APPROVE,
            reasons="同意立项（演示）",
            conditions=[],
            by=staff,
        )
        project = Project.objects.get(pk=projects["P05"].pk)
        project_move(project=project, to_stage=Stage.APPROVED, by=staff, comment="立项批复已印发（演示）")
        project_move(
            project=project, to_stage=Stage.SUSPENDED, by=staff, comment="等待交通专项资金到位（演示）"
        )
