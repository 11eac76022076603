"""A living demo portfolio as of a given day.

The 15 seeded projects are spread over the lifecycle as a real office's would be. Their whole
history is replayed through the services in date order — registration, approval review, stage
moves, budgets, money arriving, spending, milestones, problems, annual plans, assessment cycles
and the monthly reports the schedule would have built — each event under a clock that reads the
day it happened (``clock.clock_at``). Every date is a fixed number of days before (or after) the
as-of day, so the same day always gives the same portfolio. Everything is marked as demo data
(演示)."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction

from accounts.models import Role, User
from core.money import WAN
from demo.seed_templates import seed_indicator_templates
from evaluations.models import Assessment, AssessmentCycle, CycleKind, IndicatorTemplate
from evaluations.services import (
    assessment_accept,
    assessment_assign,
    assessment_declare_no_conflict,
    assessment_return,
    assessment_save_draft,
    assessment_submit,
    cycle_close,
    cycle_open,
)
from organisation.models import Agency, Department
from projects.models import (
    AnnualPlan,
    BudgetLine,
    Ease,
    FundingSource,
    Milestone,
    Problem,
    Project,
    Stage,
    StageTransition,
    Urgency,
)
from projects.models.execution import MilestoneStatus, ProblemStatus, Severity
from projects.models.lifecycle import Recommendation, ReviewDecision
from projects.selectors.execution import suggested_rank_key
from projects.services.budget import (
    adjustment_decide,
    adjustment_request,
    budget_line_create,
    budget_line_update,
    spending_record,
)
from projects.services.execution import (
    milestone_create,
    milestone_update,
    plan_create,
    plan_item_save,
    plan_publish,
    problem_create,
    problem_update,
)
from projects.services.lifecycle import project_move
from projects.services.portfolio import project_update
from projects.services.reviews import condition_mark_met, review_add_opinion, review_decide, review_open
from reports.models import ReportKind, ReportRun, ReportSchedule, Subscriber
from reports.schedules import ensure_schedules
from reports.services import cycle_report_on_close, run_build, run_deliver, scheduled_run_for_schedule

from .accounts import KEY_PROJECTS, PROJECT_DEPARTMENTS
from .clock import clock_at, moment
from .offline import worker_in_process

DEMO = "（演示）"
DEMO_NOTE = "演示数据"
# Months of monthly reports already in the archive, as the schedule (1st of the month) built them.
REPORT_MONTHS = 3
SOURCE_SHARES = {
    "municipal": Decimal("0.5"),
    "provincial": Decimal("0.25"),
    "social": Decimal("0.15"),
    "enterprise": Decimal("0.10"),
}
# Of a year's approved amount, what arrives (到位) and when; social and enterprise money is slower.
TRANCHES = [((3, 15), Decimal("0.40")), ((7, 15), Decimal("0.30")), ((10, 15), Decimal("0.25"))]
NON_FISCAL_TRANCHES = [((4, 20), Decimal("0.30")), ((8, 20), Decimal("0.30")), ((11, 20), Decimal("0.20"))]


@dataclass(frozen=True)
class Spec:
    """One project's life, in days before the as-of day (None: not reached)."""

    code: str
    stage: str
    registered: int
    estimate_wan: int
    review: int | None = None
    approved: int | None = None
    implementation: int | None = None
    acceptance: int | None = None
    operation: int | None = None
    suspended: int | None = None
    rejected: int | None = None  # an earlier review round rejected the proposal
    second_review: int | None = None  # resubmitted after the rejection
    years: int = 3
    pace: Decimal = Decimal("0.8")  # share of what arrived that is spent
    ease: str = Ease.MEDIUM
    urgency: str = Urgency.NORMAL
    # Milestone planned-date overrides, days relative to as-of (negative: past); open ones stay open.
    milestone_days: dict[int, int] = field(default_factory=dict)
    overdue: tuple[int, ...] = ()


SPECS = [
    Spec(
        "P02",
        Stage.OPERATION,
        1130,
        2400,
        1080,
        1040,
        1000,
        330,
        260,
        years=2,
        pace=Decimal("0.96"),
        ease=Ease.EASY,
        urgency=Urgency.URGENT,
    ),
    Spec(
        "P14",
        Stage.OPERATION,
        1110,
        3600,
        1060,
        1020,
        985,
        290,
        210,
        years=2,
        pace=Decimal("0.93"),
        urgency=Urgency.URGENT,
    ),
    Spec(
        "P07",
        Stage.ACCEPTANCE,
        1000,
        1500,
        950,
        910,
        870,
        28,
        years=3,
        pace=Decimal("0.9"),
        ease=Ease.EASY,
        milestone_days={5: 14},
    ),
    Spec(
        "P01",
        Stage.IMPLEMENTATION,
        960,
        4800,
        900,
        860,
        820,
        years=4,
        pace=Decimal("0.86"),
        urgency=Urgency.URGENT,
        milestone_days={3: -70, 4: 18},
    ),
    Spec(
        "P09",
        Stage.IMPLEMENTATION,
        820,
        2800,
        780,
        740,
        700,
        years=3,
        pace=Decimal("0.82"),
        ease=Ease.EASY,
        urgency=Urgency.URGENT,
        milestone_days={3: -60, 4: 9},
    ),
    Spec(
        "P05",
        Stage.IMPLEMENTATION,
        760,
        4500,
        720,
        680,
        630,
        years=3,
        pace=Decimal("0.42"),
        ease=Ease.HARD,
        urgency=Urgency.URGENT,
        milestone_days={3: -26},
        overdue=(3,),
    ),
    Spec(
        "P06",
        Stage.SUSPENDED,
        720,
        3000,
        690,
        650,
        610,
        suspended=75,
        years=3,
        pace=Decimal("0.6"),
        ease=Ease.HARD,
        milestone_days={3: 60},
    ),
    Spec(
        "P13",
        Stage.IMPLEMENTATION,
        620,
        1900,
        580,
        545,
        500,
        years=3,
        pace=Decimal("0.75"),
        milestone_days={3: -40, 4: 24},
    ),
    Spec(
        "P04",
        Stage.IMPLEMENTATION,
        540,
        1200,
        500,
        460,
        420,
        years=3,
        pace=Decimal("0.55"),
        ease=Ease.EASY,
        milestone_days={3: -11},
        overdue=(3,),
    ),
    Spec(
        "P10",
        Stage.IMPLEMENTATION,
        400,
        2100,
        350,
        310,
        270,
        years=3,
        pace=Decimal("0.7"),
        urgency=Urgency.DEFERRABLE,
        milestone_days={3: 27},
    ),
    Spec("P12", Stage.APPROVED, 190, 1600, 130, 48, years=3, urgency=Urgency.URGENT, milestone_days={1: 12}),
    Spec("P03", Stage.APPROVAL_REVIEW, 110, 960, 38, ease=Ease.MEDIUM),
    Spec(
        "P11",
        Stage.APPROVAL_REVIEW,
        330,
        1300,
        240,
        rejected=205,
        second_review=22,
        urgency=Urgency.DEFERRABLE,
    ),
    Spec("P08", Stage.PROPOSAL, 65, 800, ease=Ease.EASY, urgency=Urgency.DEFERRABLE),
    Spec("P15", Stage.PROPOSAL, 420, 2200, 330, rejected=300, ease=Ease.HARD, urgency=Urgency.DEFERRABLE),
]

MILESTONES = [
    # position, title, stage
    (1, "需求调研与建设方案编制", Stage.APPROVED),
    (2, "系统招标与合同签订", Stage.IMPLEMENTATION),
    (3, "一期功能上线试运行", Stage.IMPLEMENTATION),
    (4, "二期功能建设完成", Stage.IMPLEMENTATION),
    (5, "竣工验收", Stage.ACCEPTANCE),
]
# Days late (positive) or early (negative) of done milestones, cycled: most late a little.
SLIPS = [12, -4, 21, 3, 35, -8, 6, 15]

PROBLEMS = [
    # project, title, severity, raised (days before), due (days relative), resolved (days before)
    ("P05", "部门间数据共享接口未打通", Severity.HIGH, 75, -15, None),
    ("P05", "项目资金拨付滞后", Severity.CRITICAL, 40, 10, None),
    ("P04", "承建单位驻场人员不足", Severity.MEDIUM, 50, -6, None),
    ("P01", "用户培训覆盖面不够", Severity.LOW, 80, -40, 45),
    ("P01", "数据安全等级保护测评未完成", Severity.HIGH, 18, 25, None),
    ("P09", "电子证照数据质量问题", Severity.MEDIUM, 30, 20, None),
    ("P13", "施工图审查系统对接延迟", Severity.HIGH, 60, -30, 35),
    ("P06", "省级医疗数据标准尚未发布", Severity.HIGH, 90, 45, None),
    ("P10", "遥感影像采购合同变更", Severity.MEDIUM, 20, 25, None),
    ("P14", "运维服务响应超时", Severity.LOW, 15, 15, None),
    ("P07", "验收资料不齐全", Severity.MEDIUM, 20, -3, None),
    ("P02", "平台接口文档缺失", Severity.LOW, 120, -90, 95),
]

# Last year's assessment cycle: project, agency, share of the points (grades spread over 优/良/中).
LAST_CYCLE = [
    ("P01", "agency-a", Decimal("0.88")),
    ("P02", "agency-b", Decimal("0.93")),
    ("P05", "agency-a", Decimal("0.72")),
    ("P07", "agency-b", Decimal("0.84")),
    ("P09", "agency-a", Decimal("0.91")),
    ("P14", "agency-b", Decimal("0.78")),
]
# The current cycle: project, agency, share, how far it got.
CURRENT_CYCLE = [
    ("P01", "agency-a", Decimal("0.86"), "draft"),
    ("P04", "agency-b", Decimal("0.74"), "returned"),
    ("P09", "agency-a", Decimal("0.9"), "submitted"),
    ("P13", "agency-b", Decimal("0.8"), "draft"),
    ("P10", "agency-a", None, "assigned"),
]


@dataclass(order=True)
class Event:
    when: datetime.datetime
    seq: int
    action: Callable[[], None] = field(compare=False)


def build_now(run: ReportRun) -> None:
    """Build and mail a run at once, as the worker would have on that day. (Queued builds also
    run in-process while the demo is seeded; a run already built is left as it is.)"""
    run_build(run_id=run.pk)
    run_deliver(run_id=run.pk)


class DemoAlreadyBuilt(Exception):
    pass


def demo_exists() -> bool:
    return StageTransition.objects.filter(project__code__in=PROJECT_DEPARTMENTS).exists()


class Builder:
    def __init__(self, as_of: datetime.date):
        self.as_of = as_of
        self.events: list[Event] = []
        self.users = {u.username: u for u in User.objects.filter(is_demo=True)}
        self.staff = self.users["staff"]
        self.admin = self.users["admin"]
        self.projects = {p.code: p for p in Project.objects.filter(code__in=PROJECT_DEPARTMENTS)}
        self.sources = {s.code: s for s in FundingSource.objects.filter(code__in=SOURCE_SHARES)}
        self.liaisons = {u.department_id: u for u in User.objects.filter(role=Role.LIAISON, is_demo=True)}

    # ------------------------------------------------------------------ helpers

    def day(self, days_before: int) -> datetime.date:
        return self.as_of - datetime.timedelta(days=days_before)

    def at(self, when: datetime.date | datetime.datetime, action: Callable[[], None], hour: int = 10) -> None:
        if isinstance(when, datetime.date) and not isinstance(when, datetime.datetime):
            when = moment(when, hour)
        if when.date() > self.as_of:
            return
        self.events.append(Event(when, len(self.events), action))

    def project(self, code: str) -> Project:
        return Project.objects.get(pk=self.projects[code].pk)

    def owner_of(self, code: str) -> User:
        return self.liaisons.get(self.projects[code].lead_department_id, self.staff)

    # ------------------------------------------------------------------ plan

    def plan(self) -> None:
        for index, spec in enumerate(SPECS):
            self.plan_project(index, spec)
        self.plan_problems()
        self.plan_annual_plans()
        self.plan_cycles()
        self.plan_reports()

    def planned_period(self, spec: Spec) -> tuple[datetime.date, datetime.date]:
        start = self.day(spec.approved - 10) if spec.approved else self.as_of + datetime.timedelta(days=90)
        end = start + datetime.timedelta(days=365 * spec.years)
        if spec.acceptance is not None:
            end = max(end, self.day(spec.acceptance) + datetime.timedelta(days=15))
        return start, end

    def plan_project(self, index: int, spec: Spec) -> None:
        code = spec.code
        registered = self.day(spec.registered)
        start, end = self.planned_period(spec)

        def register():
            project = self.project(code)
            project_update(
                project=project,
                by=self.staff,
                expected_version=project.version,
                lead_department=project.lead_department,
                responsible_person=f"负责人{index + 1:02d}{DEMO}",
                implementer=f"南通智城科技有限公司{index % 4 + 1}号标段{DEMO}",
                is_key=code in KEY_PROJECTS,
                ease=spec.ease,
                urgency=spec.urgency,
                planned_start=start,
                planned_end=end,
                objectives=project.objectives or f"建成{project.name}并投入运营，服务全市（演示目标）。",
                estimated_budget=Decimal(spec.estimate_wan) * WAN,
            )
            # The project was registered on this day: its record and first history line say so.
            when = moment(registered, 9)
            Project.objects.filter(pk=project.pk).update(created_at=when)
            Project.history.filter(id=project.pk).update(history_date=when)

        self.at(moment(registered, 9), register)

        if spec.review is not None:
            self.plan_review(spec, spec.review, round_rejected=spec.rejected)
        if spec.second_review is not None:
            self.plan_review(spec, spec.second_review, round_rejected=None)
        if spec.approved is None:
            return
        self.plan_budget(index, spec)
        self.plan_milestones(index, spec)
        if spec.implementation is not None:
            self.at(
                self.day(spec.implementation),
                lambda: self.move(code, Stage.IMPLEMENTATION, "建设合同签订，进入建设实施（演示）"),
                hour=15,
            )
        if spec.acceptance is not None:
            self.at(
                self.day(spec.acceptance),
                lambda: self.move(code, Stage.ACCEPTANCE, "建设任务完成，申请竣工验收（演示）"),
                hour=15,
            )
        if spec.operation is not None:
            self.at(
                self.day(spec.operation),
                lambda: self.move(code, Stage.OPERATION, "通过竣工验收，转入运营（演示）"),
                hour=15,
            )
        if spec.suspended is not None:
            self.at(
                self.day(spec.suspended),
                lambda: self.move(code, Stage.SUSPENDED, "等待省级医疗健康数据标准发布后再继续建设（演示）"),
                hour=15,
            )

    def move(self, code: str, to_stage: str, comment: str) -> None:
        project_move(project=self.project(code), to_stage=to_stage, by=self.staff, comment=comment)

    # ------------------------------------------------------------------ approval review

    def plan_review(self, spec: Spec, review_day: int, *, round_rejected: int | None) -> None:
        code = spec.code
        opened = self.day(review_day)
        self.at(
            opened, lambda: self.move(code, Stage.APPROVAL_REVIEW, "材料齐全，提交立项评审（演示）"), hour=9
        )
        self.at(opened, lambda: review_open(project=self.project(code), by=self.staff), hour=11)

        def opinion(reviewer, organisation, recommendation, text):
            def add():
                review = self.project(code).reviews.order_by("-round_no").first()
                review_add_opinion(
                    review=review,
                    reviewer=reviewer,
                    organisation=organisation,
                    opinion=f"{text}（演示意见）",
                    recommendation=recommendation,
                    by=self.staff,
                )

            return add

        decided = round_rejected if round_rejected is not None else spec.approved
        if round_rejected is not None:
            self.at(
                opened + datetime.timedelta(days=10),
                opinion(
                    "陈专家",
                    "市信息化专家委员会",
                    Recommendation.REJECT,
                    "建设内容与已建系统重叠，需求论证不足",
                ),
            )

            def reject():
                review = self.project(code).reviews.order_by("-round_no").first()
                review_decide(
                    review=review,
                    decision=ReviewDecision.REJECT,
                    reasons="建设内容与已建系统重叠，请调整建设内容、补充需求论证后重新申报（演示）",
                    conditions=[],
                    by=self.staff,
                )

            self.at(self.day(round_rejected), reject, hour=16)
            return
        self.at(
            opened + datetime.timedelta(days=9),
            opinion("刘专家", "市信息化专家委员会", Recommendation.APPROVE, "建设必要性充分，技术方案可行"),
        )
        if code in ("P01", "P12", "P03"):
            self.at(
                opened + datetime.timedelta(days=16),
                opinion(
                    "评估机构甲",
                    "江苏正衡绩效评价咨询有限公司（演示）",
                    Recommendation.APPROVE_WITH_CONDITIONS,
                    "需补充数据安全方案，明确共享责任",
                ),
            )
        if decided is None:
            return  # the round is still in progress on the as-of day
        with_conditions = code in ("P01", "P12")
        approved_day = self.day(decided)

        def decide():
            review = self.project(code).reviews.order_by("-round_no").first()
            review_decide(
                review=review,
                decision=ReviewDecision.APPROVE_WITH_CONDITIONS
                if with_conditions
                else ReviewDecision.APPROVE,
                reasons="同意立项，按专家意见完善建设方案（演示）",
                conditions=["补充数据安全与备份方案（演示）", "明确各部门数据共享责任清单（演示）"]
                if with_conditions
                else [],
                condition_owner=self.owner_of(code) if with_conditions else None,
                # The P12 conditions were due 40 days after approval; one is still open (overdue).
                condition_due=approved_day + datetime.timedelta(days=40) if with_conditions else None,
                by=self.staff,
            )

        self.at(approved_day - datetime.timedelta(days=3), decide, hour=15)
        self.at(approved_day, lambda: self.move(code, Stage.APPROVED, "立项批复已印发（演示）"), hour=11)
        if with_conditions:

            def meet(position, note):
                def run():
                    conditions = list(
                        self.project(code).reviews.order_by("-round_no").first().conditions.order_by("pk")
                    )
                    condition_mark_met(condition=conditions[position], by=self.staff, note=note)

                return run

            self.at(approved_day + datetime.timedelta(days=20), meet(0, "已提交数据安全与备份方案（演示）"))
            if code == "P01":
                self.at(approved_day + datetime.timedelta(days=35), meet(1, "责任清单已经各部门会签（演示）"))

    # ------------------------------------------------------------------ budget

    def budget_years(self, spec: Spec) -> list[int]:
        start, end = self.planned_period(spec)
        last = self.as_of.year + 1
        if spec.acceptance is not None:
            # The last building year ends before acceptance (a January acceptance closes the year before).
            last = (self.day(spec.acceptance) - datetime.timedelta(days=60)).year
        # Money is approved from the year implementation starts (planned 90 days after approval).
        starts = self.day(spec.implementation) if spec.implementation is not None else None
        starts = starts or self.day(spec.approved) + datetime.timedelta(days=90)
        return list(range(starts.year, min(last, end.year) + 1))

    def plan_budget(self, index: int, spec: Spec) -> None:
        code = spec.code
        approved_day = self.day(spec.approved)
        years = self.budget_years(spec)
        yearly = Decimal(spec.estimate_wan) * WAN / len(years)
        spend_from = self.day(spec.implementation) if spec.implementation is not None else None
        spend_until = self.as_of
        if spec.acceptance is not None:
            spend_until = self.day(spec.acceptance)
        if spec.suspended is not None:
            spend_until = self.day(spec.suspended)
        for year in years:
            # A year's budget is approved with the project (its first year) or the December before.
            created = max(approved_day + datetime.timedelta(days=5), datetime.date(year - 1, 12, 15))
            if year > self.as_of.year:
                created = max(approved_day + datetime.timedelta(days=5), min(created, self.day(20)))
            for code_index, (source_code, share) in enumerate(SOURCE_SHARES.items()):
                if source_code == "enterprise" and index % 3 == 0:
                    continue  # some projects have no enterprise money, so leverage differs
                amount = (yearly * share / 1000).quantize(Decimal("1"), rounding=ROUND_HALF_UP) * 1000
                self.plan_line(spec, year, source_code, amount, created, code_index, spend_from, spend_until)
        if code == "P01":
            self.plan_adjustment(
                code, self.as_of.year, "municipal", 30, 18, True, "新增数据治理模块，申请追加市级财政资金"
            )
        if code == "P05":
            self.plan_adjustment(
                code, self.as_of.year, "provincial", 120, 100, False, "申请调增省级资金用于设备采购"
            )
        if code == "P09":
            self.plan_adjustment(
                code, self.as_of.year, "municipal", 12, None, None, "电子证照扩面，申请追加预算"
            )

    def plan_line(self, spec, year, source_code, amount, created, source_index, spend_from, spend_until):
        code = spec.code
        key = (code, year, source_code)
        fiscal = source_code in ("municipal", "provincial")

        def create():
            budget_line_create(
                project=self.project(code),
                by=self.staff,
                year=year,
                source=self.sources[source_code],
                approved=amount,
                note=f"{year}年度预算（{DEMO_NOTE}）",
            )

        self.at(created, create, hour=14)
        tranches = TRANCHES if fiscal else NON_FISCAL_TRANCHES
        arrived = Decimal("0")
        arrivals = []
        for (month, dom), share in tranches:
            day = max(datetime.date(year, month, dom), created + datetime.timedelta(days=10))
            if day.year != year:
                continue
            arrived += (amount * share).quantize(Decimal("1"))
            arrivals.append((day, arrived))
            self.at(day, self.allocation(key, arrived, day), hour=9)
        if spend_from is None:
            return
        # Spending: on the 25th of each month of implementation, within what has arrived.
        target = sum((a for _d, a in arrivals[-1:]), Decimal("0")) * spec.pace
        months = [
            datetime.date(year, m, 25)
            for m in range(1, 13)
            if spend_from <= datetime.date(year, m, 25) <= spend_until
            and datetime.date(year, m, 25) <= self.as_of
        ]
        if not months or target <= 0:
            return
        for day in months:
            # By the end of month m, m/12 of the year's target is spent, as far as money has arrived.
            due = (target * day.month / 12 / 100).quantize(Decimal("1")) * 100  # whole hundreds of yuan
            self.at(day, self.spending(key, due, day), hour=16)

    def line(self, key) -> BudgetLine:
        code, year, source_code = key
        return BudgetLine.objects.get(project=self.projects[code], year=year, source__code=source_code)

    def allocation(self, key, total, day):
        def run():
            line = self.line(key)
            budget_line_update(
                line=line,
                by=self.staff,
                expected_version=line.version,
                allocated=total,
                allocated_on=day,
                note=line.note,
            )

        return run

    def spending(self, key, due, day):
        def run():
            line = self.line(key)
            pay = min(due - line.spent, line.allocated - line.spent)
            if pay <= 0:
                return
            spending_record(
                line=line, by=self.staff, amount=pay, spent_on=day, note=f"建设支出（{DEMO_NOTE}）"
            )

        return run

    def plan_adjustment(self, code, year, source_code, requested, decided, approve, reason):
        key = (code, year, source_code)

        def ask():
            line = self.line(key)
            adjustment_request(
                line=line,
                by=self.owner_of(code),
                new_amount=line.approved + Decimal("500000"),
                reason=f"{reason}（{DEMO_NOTE}）。",
            )

        self.at(self.day(requested), ask, hour=10)
        if decided is None:
            return

        def decide():
            adjustment = self.line(key).adjustments.get(status="pending")
            adjustment_decide(
                adjustment=adjustment,
                by=self.staff,
                approve=approve,
                note="经办公室研究同意（演示）" if approve else "年度资金已安排完毕，不予调整（演示）",
            )

        self.at(self.day(decided), decide, hour=15)

    # ------------------------------------------------------------------ milestones

    def milestone_dates(self, spec: Spec) -> dict[int, datetime.date]:
        approved = self.day(spec.approved)
        start, end = self.planned_period(spec)
        impl = (
            self.day(spec.implementation)
            if spec.implementation is not None
            else approved + datetime.timedelta(90)
        )
        build_end = self.day(spec.acceptance) - datetime.timedelta(days=25) if spec.acceptance else end
        first = impl + datetime.timedelta(days=60)
        dates = {
            1: approved + datetime.timedelta(days=30),
            2: first,
            3: first + (build_end - first) * 4 // 10,
            4: first + (build_end - first) * 8 // 10,
            5: end - datetime.timedelta(days=20),
        }
        if spec.acceptance is not None:
            dates[5] = self.day(spec.acceptance) + datetime.timedelta(days=30)
        if spec.operation is not None:
            dates[5] = self.day(spec.operation) - datetime.timedelta(days=10)
        for position, days in spec.milestone_days.items():
            dates[position] = self.as_of + datetime.timedelta(days=days)
        return dates

    def plan_milestones(self, index: int, spec: Spec) -> None:
        code = spec.code
        approved = self.day(spec.approved)
        dates = self.milestone_dates(spec)
        for position, title, stage in MILESTONES:
            planned = dates[position]
            # The acceptance milestone is planned once the project enters acceptance, if it did.
            created = approved + datetime.timedelta(days=2)
            if stage == Stage.ACCEPTANCE and spec.acceptance is not None:
                created = self.day(spec.acceptance) + datetime.timedelta(days=1)
            self.at(created, self.new_milestone(code, position, title, stage, planned), hour=11)
            slip = SLIPS[(index + position) % len(SLIPS)]
            actual = planned + datetime.timedelta(days=slip)
            reached = {
                Stage.APPROVED: spec.implementation,
                Stage.IMPLEMENTATION: spec.acceptance,
                Stage.ACCEPTANCE: spec.operation,
            }[stage]
            if reached is not None:
                # Done before the project moved on (and never before approval).
                actual = min(actual, self.day(reached) - datetime.timedelta(days=2))
            actual = max(actual, approved + datetime.timedelta(days=12), created)
            if position in spec.overdue or actual > self.day(3) or planned > self.day(3):
                if planned <= self.as_of + datetime.timedelta(days=20):
                    self.at(
                        max(planned - datetime.timedelta(days=25), created),
                        self.set_milestone(code, position, status=MilestoneStatus.IN_PROGRESS),
                    )
                continue
            if code == "P07" and position == 4:
                self.at(
                    actual,
                    self.set_milestone(
                        code,
                        position,
                        status=MilestoneStatus.WAIVED,
                        waived_reason="二期内容并入全市旅游大数据平台统一建设，不再单独实施（演示）。",
                    ),
                )
                continue
            self.at(
                actual,
                self.set_milestone(code, position, status=MilestoneStatus.DONE, actual_date=actual),
                17,
            )
        if spec.operation is not None:
            self.at(
                self.day(spec.operation),
                self.new_milestone(
                    code,
                    6,
                    "运营满一年绩效自评",
                    Stage.OPERATION,
                    self.day(spec.operation) + datetime.timedelta(365),
                ),
                hour=16,
            )

    def new_milestone(self, code, position, title, stage, planned):
        def run():
            milestone_create(
                project=self.project(code),
                by=self.staff,
                title=f"{position}. {title}{DEMO}",
                stage=stage,
                planned_date=planned,
                owner=self.owner_of(code),
                weight=1,
            )

        return run

    def set_milestone(self, code, position, **fields):
        def run():
            milestone = Milestone.objects.get(project=self.projects[code], title__startswith=f"{position}. ")
            milestone_update(
                milestone=milestone, by=self.owner_of(code), expected_version=milestone.version, **fields
            )

        return run

    # ------------------------------------------------------------------ problems

    def plan_problems(self) -> None:
        for code, title, severity, raised, due, resolved in PROBLEMS:
            self.at(
                self.day(raised),
                self.new_problem(code, title, severity, self.as_of + datetime.timedelta(due)),
                14,
            )
            if resolved is not None:
                self.at(self.day(resolved), self.resolve_problem(code, title), hour=16)
            elif severity in (Severity.HIGH, Severity.CRITICAL):
                self.at(self.day(raised) + datetime.timedelta(days=5), self.progress_problem(code, title))

    def new_problem(self, code, title, severity, due):
        def run():
            problem_create(
                project=self.project(code),
                by=self.staff,
                title=f"{title}{DEMO}",
                description="演示问题，用于展示问题台账。",
                severity=severity,
                owner=self.owner_of(code),
                due_date=due,
            )

        return run

    def _problem(self, code, title) -> Problem:
        return Problem.objects.get(project=self.projects[code], title=f"{title}{DEMO}")

    def resolve_problem(self, code, title):
        def run():
            problem = self._problem(code, title)
            problem_update(
                problem=problem,
                by=self.owner_of(code),
                expected_version=problem.version,
                status=ProblemStatus.RESOLVED,
                resolution="已协调相关单位解决（演示）。",
            )

        return run

    def progress_problem(self, code, title):
        def run():
            problem = self._problem(code, title)
            problem_update(
                problem=problem,
                by=self.owner_of(code),
                expected_version=problem.version,
                status=ProblemStatus.IN_PROGRESS,
            )

        return run

    # ------------------------------------------------------------------ annual plans

    def plan_annual_plans(self) -> None:
        first_registered = min(self.day(spec.registered) for spec in SPECS)
        first_year = first_registered.year + (
            1 if first_registered > datetime.date(first_registered.year, 1, 10) else 0
        )
        for year in range(first_year, self.as_of.year + 1):
            published = min(datetime.date(year, 1, 10), self.as_of - datetime.timedelta(days=1))
            self.at(published, self.annual_plan(year, published), hour=15)
        # A project approved during the current year joins its plan by a recorded amendment.
        spec = next(s for s in SPECS if s.code == "P12")
        joined = self.day(spec.approved) + datetime.timedelta(days=3)
        if joined.year == self.as_of.year and joined > datetime.date(self.as_of.year, 1, 10):
            self.at(joined, self.amend_plan(self.as_of.year, "P12"), hour=16)

    def in_plan(self, spec: Spec, published: datetime.date, year: int) -> bool:
        """Registered by the day the plan is published and not yet in operation before the year."""
        if self.day(spec.registered) > published:
            return False
        return spec.operation is None or self.day(spec.operation).year >= year

    def annual_plan(self, year, published):
        def run():
            projects = [self.project(s.code) for s in SPECS if self.in_plan(s, published, year)]
            if not projects:
                return
            plan = plan_create(year=year, title=f"{year}年度智慧城市建设实施计划{DEMO}")
            for rank, project in enumerate(sorted(projects, key=suggested_rank_key), start=1):
                plan_item_save(
                    plan=plan,
                    by=self.staff,
                    project=project,
                    goals=f"完成{project.name}{year}年度建设任务，按期实现年度里程碑{DEMO}。",
                    is_key=project.code in KEY_PROJECTS,
                    rank=rank,
                )
            plan_publish(plan=plan, by=self.staff)

        return run

    def amend_plan(self, year, code):
        def run():
            plan = AnnualPlan.objects.get(year=year)
            if plan.items.filter(project=self.projects[code]).exists() or not plan.is_published:
                return
            project = self.project(code)
            plan_item_save(
                plan=plan,
                by=self.staff,
                project=project,
                goals=f"完成{project.name}建设方案和招标准备{DEMO}。",
                is_key=False,
                rank=plan.items.count() + 1,
                reason="项目年内获批立项，补充列入年度计划（演示）。",
            )

        return run

    # ------------------------------------------------------------------ assessments

    def plan_cycles(self) -> None:
        year = self.as_of.year
        template = IndicatorTemplate.objects.filter(family="external").order_by("version").first()
        agencies = {a.code: a for a in Agency.objects.filter(code__in=["agency-a", "agency-b"])}
        evaluators = {
            u.agency.code: u
            for u in User.objects.filter(role=Role.EVALUATOR, is_demo=True).select_related("agency")
        }
        last_name = f"{year - 1}年度绩效评价{DEMO}"
        current_name = f"{year}年度绩效评价{DEMO}"

        def open_cycle(name, cycle_year):
            return lambda: cycle_open(
                name=name,
                kind=CycleKind.ANNUAL,
                year=cycle_year,
                template=template,
                by=self.staff,
                is_demo=True,
            )

        def assign(name, code, agency_code, due):
            def run():
                assessment_assign(
                    cycle=AssessmentCycle.objects.get(name=name),
                    project=self.project(code),
                    agency=agencies[agency_code],
                    due_on=due,
                    by=self.staff,
                    notify=False,
                )

            return run

        def score(name, code, agency_code, share, partial=False):
            def run():
                assessment = Assessment.objects.get(cycle__name=name, project__code=code)
                evaluator = evaluators[agency_code]
                assessment_declare_no_conflict(assessment=assessment, by=evaluator, declared=True)
                leaves = list(assessment.cycle.template.indicators.filter(is_leaf=True).order_by("pk"))
                if partial:
                    leaves = leaves[: len(leaves) // 2]
                # Where the project's own figures would give another score, the demo says why it differs.
                scores = {
                    leaf.pk: {
                        "value": (leaf.points * share).quantize(Decimal("0.01")),
                        "comment": "演示评分",
                        "override_reason": "演示数据：按统一比例评分",
                    }
                    for leaf in leaves
                }
                assessment.refresh_from_db()
                assessment_save_draft(
                    assessment=assessment, by=evaluator, expected_version=assessment.version, scores=scores
                )

            return run

        def submit(name, code, agency_code):
            return lambda: assessment_submit(
                assessment=Assessment.objects.get(cycle__name=name, project__code=code),
                by=evaluators[agency_code],
                notify=False,
            )

        def accept(name, code):
            return lambda: assessment_accept(
                assessment=Assessment.objects.get(cycle__name=name, project__code=code), by=self.staff
            )

        # Last year's cycle: opened after the year ended, scored, accepted and closed.
        self.at(self.day(330), open_cycle(last_name, year - 1), hour=9)
        for offset, (code, agency_code, share) in enumerate(LAST_CYCLE):
            self.at(self.day(329), assign(last_name, code, agency_code, self.day(240)))
            self.at(self.day(300 - offset), score(last_name, code, agency_code, share))
            self.at(self.day(280 - offset), submit(last_name, code, agency_code), hour=16)
            self.at(self.day(262 - offset), accept(last_name, code), hour=11)

        def close():
            cycle = AssessmentCycle.objects.get(name=last_name)
            cycle_close(cycle=cycle, by=self.staff)
            build_now(cycle_report_on_close(cycle_id=cycle.pk))

        self.at(self.day(250), close, hour=15)

        # The current cycle is in progress: drafts, one submitted, one returned for correction.
        self.at(self.day(40), open_cycle(current_name, year), hour=9)
        for offset, (code, agency_code, share, state) in enumerate(CURRENT_CYCLE):
            self.at(
                self.day(39),
                assign(current_name, code, agency_code, self.as_of + datetime.timedelta(days=25)),
            )
            if state == "assigned":
                continue
            self.at(
                self.day(30 - offset), score(current_name, code, agency_code, share, partial=state == "draft")
            )
            if state in ("submitted", "returned"):
                self.at(self.day(20 - offset), submit(current_name, code, agency_code), hour=16)
            if state == "returned":

                def give_back(code=code):
                    assessment_return(
                        assessment=Assessment.objects.get(cycle__name=current_name, project__code=code),
                        by=self.staff,
                        reason="部分指标缺少佐证材料，请补充后重新提交（演示）。",
                    )

                self.at(self.day(12), give_back, hour=10)

    # ------------------------------------------------------------------ reports

    def plan_reports(self) -> None:
        first = self.as_of.replace(day=1)
        days = []
        for _ in range(REPORT_MONTHS):
            days.append(first)
            first = (first - datetime.timedelta(days=1)).replace(day=1)

        def build(day):
            def run():
                schedule = ReportSchedule.objects.filter(kind=ReportKind.MONTHLY).order_by("pk").first()
                build_now(scheduled_run_for_schedule(schedule_id=schedule.pk, today=day))

            return run

        for day in days:
            self.at(moment(day, 8), build(day))

    # ------------------------------------------------------------------ run

    def run(self) -> None:
        # One transaction: all or nothing, and fast. Builds queued on commit find their runs
        # already built (``build_now``) and leave them.
        with worker_in_process(), transaction.atomic():
            for event in sorted(self.events):
                with clock_at(event.when):
                    event.action()


def prepare_reports() -> None:
    """The monthly schedule exists (as ``ensure_schedules`` makes it) with the leader and the
    administrator subscribed."""
    ensure_schedules()
    schedule = ReportSchedule.objects.filter(kind=ReportKind.MONTHLY).order_by("pk").first()
    for username in ("leader", "admin"):
        user = User.objects.filter(username=username, is_demo=True).first()
        if user and not Subscriber.objects.filter(schedule=schedule, user=user).exists():
            Subscriber.objects.create(schedule=schedule, user=user)


def prepare_projects() -> None:
    """Lead departments of the seeded projects (the rest of each record is set at registration)."""

    departments = {d.code: d for d in Department.objects.filter(code__in=set(PROJECT_DEPARTMENTS.values()))}
    for project in Project.objects.filter(code__in=PROJECT_DEPARTMENTS, lead_department=None):
        Project.objects.filter(pk=project.pk).update(
            lead_department=departments[PROJECT_DEPARTMENTS[project.code]]
        )


def build_demo_portfolio(*, as_of: datetime.date) -> None:
    """Build the living portfolio as of ``as_of``. Refuses (DemoAlreadyBuilt) when the seeded
    projects already have a history, so running it twice changes nothing."""
    if demo_exists():
        raise DemoAlreadyBuilt
    seed_indicator_templates()
    prepare_reports()
    prepare_projects()
    builder = Builder(as_of)
    builder.plan()
    builder.run()
