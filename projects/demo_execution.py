"""Demo execution data: milestones (some done, some overdue, one waived), problems (some overdue
or serious) on the 15 seeded projects, and a published 2015 annual plan. Made through the
services, idempotent, and marked as demo: every title ends with （演示）."""

import datetime

from django.db import transaction

from accounts.models import Role, User

from .demo import KEY_PROJECTS
from .models import AnnualPlan, Project, Stage
from .models.execution import MilestoneStatus, ProblemStatus, Severity
from .selectors.execution import suggested_rank_key
from .services.execution import (
    milestone_create,
    plan_create,
    plan_item_save,
    plan_publish,
    problem_create,
)

DEMO_MARK = "（演示）"
PLAN_YEAR = 2015

MILESTONES = [
    # title, stage, planned date
    ("需求调研与建设方案编制", Stage.APPROVED, datetime.date(2014, 6, 30)),
    ("系统招标与合同签订", Stage.IMPLEMENTATION, datetime.date(2015, 3, 31)),
    ("一期功能上线试运行", Stage.IMPLEMENTATION, datetime.date(2015, 10, 31)),
    ("竣工验收", Stage.ACCEPTANCE, datetime.date(2016, 9, 30)),
]
# How many milestones each project has done, by position in the portfolio (P01 → 3, ...).
DONE_COUNTS = [3, 2, 2, 1, 3, 1, 2, 0, 3, 2, 1, 2, 1, 0, 2]
# Days late (positive) or early (negative) of the done milestones, cycled.
SLIPS = [12, -5, 30, 0, 45, -10, 8]

PROBLEMS = [
    # title, severity, status, due date, resolution
    ("部门间数据共享接口未打通", Severity.HIGH, ProblemStatus.OPEN, datetime.date(2015, 6, 30), ""),
    ("项目资金拨付滞后", Severity.CRITICAL, ProblemStatus.IN_PROGRESS, datetime.date(2015, 9, 30), ""),
    ("承建单位驻场人员不足", Severity.MEDIUM, ProblemStatus.OPEN, datetime.date(2015, 8, 31), ""),
    (
        "用户培训覆盖面不够",
        Severity.LOW,
        ProblemStatus.RESOLVED,
        datetime.date(2015, 5, 31),
        "已分批组织培训三次。",
    ),
]


def _demo(title: str) -> str:
    return f"{title}{DEMO_MARK}"


def _seed_milestones(project: Project, index: int, *, owner) -> None:
    if project.milestones.exists():
        return
    done_count = DONE_COUNTS[index % len(DONE_COUNTS)]
    for position, (title, stage, planned) in enumerate(MILESTONES):
        fields = {"title": _demo(title), "stage": stage, "planned_date": planned, "owner": owner, "weight": 1}
        if position < done_count:
            slip = SLIPS[(index + position) % len(SLIPS)]
            fields.update(status=MilestoneStatus.DONE, actual_date=planned + datetime.timedelta(days=slip))
        elif index == 6 and position == 3:
            fields.update(
                status=MilestoneStatus.WAIVED, waived_reason="并入全市统一验收，不再单独验收（演示）。"
            )
        elif position == done_count:
            fields.update(status=MilestoneStatus.IN_PROGRESS)
        if position == 3:
            fields["weight"] = 2
        milestone_create(project=project, by=owner, **fields)


def _seed_problems(project: Project, index: int, *, by, owner) -> None:
    if project.problems.exists():
        return
    for position, (title, severity, status, due, resolution) in enumerate(PROBLEMS):
        if (index + position) % 3:
            continue
        problem_create(
            project=project,
            by=by,
            title=_demo(title),
            description="演示问题，用于展示问题台账。",
            severity=severity,
            owner=owner,
            due_date=due,
            status=status,
            resolution=resolution,
        )


def _seed_plan(projects: list[Project], *, by) -> None:
    if AnnualPlan.objects.filter(year=PLAN_YEAR).exists():
        return
    plan = plan_create(year=PLAN_YEAR, title=_demo(f"{PLAN_YEAR}年度智慧城市建设实施计划"))
    for rank, project in enumerate(sorted(projects, key=suggested_rank_key), start=1):
        plan_item_save(
            plan=plan,
            by=by,
            project=project,
            goals=f"完成{project.name}年度建设任务，主要功能上线试运行{DEMO_MARK}。",
            is_key=project.code in KEY_PROJECTS,
            rank=rank,
        )
    plan_publish(plan=plan, by=by)


@transaction.atomic
def seed_demo_execution() -> None:
    """Idempotent: a project that already has milestones (or problems) is left alone, and so is
    an existing 2015 plan."""
    office = User.objects.filter(username="staff").first()
    if office is None:
        return
    projects = list(Project.objects.filter(code__in=[f"P{n:02d}" for n in range(1, 16)]).order_by("code"))
    liaisons = {user.department_id: user for user in User.objects.filter(role=Role.LIAISON, is_demo=True)}
    for index, project in enumerate(projects):
        owner = liaisons.get(project.lead_department_id, office)
        _seed_milestones(project, index, owner=owner)
        _seed_problems(project, index, by=office, owner=owner)
    _seed_plan(projects, by=office)
