"""A realistic portfolio of N generated projects for load tests, written with bulk inserts.

Per project: 10 budget lines, 20 milestones, 5 problems and 2 assessments (one per generated
cycle) with a score on every leaf indicator. Every project is marked ``origin=generated`` with a
code ``G00001`` …; the generated cycles are marked as demo data. The same N twice is a no-op;
another N while generated projects exist is refused (``ScaleSeedRefused``)."""

import datetime
import random
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection, transaction

from accounts.models import User
from demo.seed_projects import seed_portfolio
from demo.seed_templates import seed_indicator_templates
from evaluations.models import (
    Assessment,
    AssessmentCycle,
    AssessmentStatus,
    CycleKind,
    Grade,
    Indicator,
    IndicatorTemplate,
    Score,
)
from organisation.models import Agency, Department
from projects.models import (
    BudgetLine,
    DataOrigin,
    FundingSource,
    Milestone,
    Problem,
    Project,
    ProjectGroup,
    Stage,
)
from projects.models.execution import MilestoneStatus, ProblemStatus, Severity

BUDGET_YEARS = 3
MILESTONES_PER_PROJECT = 20
PROBLEMS_PER_PROJECT = 5
CHUNK = 500
GENERATED_CYCLE_NAMES = ("生成数据年度评价（第一轮）", "生成数据年度评价（第二轮）")
STAGE_WEIGHTS = {
    Stage.PROPOSAL: 2,
    Stage.APPROVED: 2,
    Stage.IMPLEMENTATION: 8,
    Stage.ACCEPTANCE: 2,
    Stage.OPERATION: 4,
    Stage.CLOSED: 1,
    Stage.SUSPENDED: 1,
}
ASSESSMENT_STATUS_WEIGHTS = {
    AssessmentStatus.ASSIGNED: 2,
    AssessmentStatus.IN_PROGRESS: 3,
    AssessmentStatus.SUBMITTED: 2,
    AssessmentStatus.ACCEPTED: 3,
}
MILESTONE_TITLES = ["需求调研", "方案设计", "招标采购", "系统开发", "数据对接", "联调测试", "试运行", "验收"]
PROBLEM_TITLES = [
    "数据共享接口尚未打通",
    "资金拨付滞后",
    "需求变更频繁",
    "供应商人员不足",
    "网络安全测评未通过",
]


class ScaleSeedRefused(Exception):
    """Generated data of another size exists; mixing sizes would make the benchmark meaningless."""


@dataclass(frozen=True)
class ScaleSeedResult:
    projects: int
    created: bool


def generated_projects():
    return Project.objects.filter(origin=DataOrigin.GENERATED)


def seed_scale(*, projects: int, today: datetime.date | None = None, seed: int = 11) -> ScaleSeedResult:
    """Add ``projects`` generated projects with their budget, execution and assessments."""
    existing = generated_projects().count()
    if existing == projects:
        return ScaleSeedResult(projects=existing, created=False)
    if existing:
        raise ScaleSeedRefused(
            f"{existing} generated projects already exist; seed_scale makes {projects} only into a database "
            "without generated data (use a fresh database, or --replace)."
        )
    today = today or datetime.date.today()
    context = _reference_data(today)
    rng = random.Random(seed)
    for start in range(1, projects + 1, CHUNK):
        numbers = range(start, min(start + CHUNK, projects + 1))
        _seed_chunk(numbers=numbers, context=context, rng=rng, today=today)
    if connection.vendor == "postgresql":
        # Fresh planner statistics: before autovacuum gets to it, the planner would take the
        # hundreds of thousands of new rows for a handful and pick nested loops.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return ScaleSeedResult(projects=projects, created=True)


@transaction.atomic
def delete_generated() -> int:
    """Remove every generated project and what hangs on it (assessments are PROTECTed: first)."""
    Assessment.objects.filter(project__origin=DataOrigin.GENERATED).delete()
    AssessmentCycle.objects.filter(name__in=GENERATED_CYCLE_NAMES).delete()
    deleted, _ = generated_projects().delete()
    return deleted


@dataclass(frozen=True)
class _Context:
    groups: list
    departments: list
    sources: list
    agencies: list
    user: User
    cycles: list
    leaves: list


@transaction.atomic
def _reference_data(today: datetime.date) -> _Context:
    seed_portfolio()
    seed_indicator_templates()
    user = User.objects.filter(is_active=True).order_by("pk").first()
    if user is None:
        raise ScaleSeedRefused("No user exists to raise the generated problems; run seed_demo first.")
    agencies = list(Agency.objects.order_by("pk"))
    if not agencies:
        agencies = [Agency.objects.create(code="generated-agency", name="生成数据评估机构", is_demo=True)]
    template = IndicatorTemplate.objects.filter(family="external").order_by("version").first()
    cycles = [
        AssessmentCycle.objects.get_or_create(
            name=name,
            defaults={
                "kind": CycleKind.ANNUAL,
                "year": today.year - offset,
                "template": template,
                "is_demo": True,
            },
        )[0]
        for offset, name in enumerate(GENERATED_CYCLE_NAMES, start=1)
    ]
    return _Context(
        groups=list(ProjectGroup.objects.all()),
        departments=list(Department.objects.all()),
        sources=list(FundingSource.objects.filter(is_active=True)),
        agencies=agencies,
        user=user,
        cycles=cycles,
        leaves=list(Indicator.objects.filter(template=template, is_leaf=True)),
    )


def _weighted(rng: random.Random, weights: dict):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


@transaction.atomic
def _seed_chunk(*, numbers: range, context: _Context, rng: random.Random, today: datetime.date) -> None:
    projects = Project.objects.bulk_create(
        [
            Project(
                code=f"G{number:05d}",
                name=f"智慧城市生成项目第{number}号",
                group=rng.choice(context.groups),
                lead_department=rng.choice(context.departments) if context.departments else None,
                stage=_weighted(rng, STAGE_WEIGHTS),
                is_key=rng.random() < 0.1,
                planned_start=today - datetime.timedelta(days=rng.randrange(200, 900)),
                planned_end=today + datetime.timedelta(days=rng.randrange(30, 700)),
                estimated_budget=Decimal(rng.randrange(100, 20000)) * 10000,
                origin=DataOrigin.GENERATED,
            )
            for number in numbers
        ]
    )
    BudgetLine.objects.bulk_create(_budget_lines(projects, context, rng, today), batch_size=2000)
    Milestone.objects.bulk_create(_milestones(projects, rng, today), batch_size=2000)
    Problem.objects.bulk_create(_problems(projects, context, rng, today), batch_size=2000)
    assessments = Assessment.objects.bulk_create(_assessments(projects, context, rng), batch_size=2000)
    Score.objects.bulk_create(_scores(assessments, context, rng), batch_size=5000)


def _budget_lines(projects, context, rng, today):
    slots = [(today.year - back, source) for back in range(BUDGET_YEARS) for source in context.sources]
    for project in projects:
        for year, source in rng.sample(slots, k=min(10, len(slots))):
            approved = Decimal(rng.randrange(20, 2000)) * 10000
            allocated = (approved * Decimal(rng.choice(["0.3", "0.6", "0.9", "1"]))).quantize(Decimal("1"))
            spent = (allocated * Decimal(rng.choice(["0", "0.3", "0.6", "0.95"]))).quantize(Decimal("1"))
            yield BudgetLine(
                project=project, year=year, source=source, approved=approved, allocated=allocated, spent=spent
            )


def _milestones(projects, rng, today):
    for project in projects:
        for index in range(MILESTONES_PER_PROJECT):
            planned = project.planned_start + datetime.timedelta(days=30 * index + rng.randrange(0, 20))
            done = planned < today and rng.random() < 0.75
            phase, title = divmod(index, len(MILESTONE_TITLES))
            yield Milestone(
                project=project,
                title=f"{MILESTONE_TITLES[title]}（第{phase + 1}期）",
                planned_date=planned,
                status=MilestoneStatus.DONE if done else MilestoneStatus.PLANNED,
                actual_date=planned if done else None,
                weight=rng.randint(1, 3),
            )


def _problems(projects, context, rng, today):
    for project in projects:
        for index in range(PROBLEMS_PER_PROJECT):
            solved = rng.random() < 0.5
            yield Problem(
                project=project,
                title=PROBLEM_TITLES[index],
                severity=rng.choice(Severity.values),
                raised_by=context.user,
                due_date=today + datetime.timedelta(days=rng.randrange(-60, 90)),
                status=ProblemStatus.RESOLVED if solved else ProblemStatus.OPEN,
                resolution="已协调解决" if solved else "",
            )


def _assessments(projects, context, rng):
    for project in projects:
        for cycle in context.cycles:
            status = _weighted(rng, ASSESSMENT_STATUS_WEIGHTS)
            share = Decimal(rng.randrange(50, 100)) / 100
            total = (100 * share).quantize(Decimal("0.01"))
            accepted = status == AssessmentStatus.ACCEPTED
            assessment = Assessment(
                cycle=cycle,
                project=project,
                agency=rng.choice(context.agencies),
                due_on=datetime.date(cycle.year + 1, 3, 31),
                status=status,
                total=total if accepted or status == AssessmentStatus.SUBMITTED else None,
                grade=Grade.for_total(total) if accepted else "",
            )
            assessment.generated_share = share
            yield assessment


def _scores(assessments, context, rng):
    for assessment in assessments:
        if assessment.status == AssessmentStatus.ASSIGNED:
            continue
        for leaf in context.leaves:
            yield Score(
                assessment=assessment,
                indicator=leaf,
                value=(leaf.points * assessment.generated_share).quantize(Decimal("0.01")),
            )
