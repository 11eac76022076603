"""What the dashboard, the notifications page and the daily digest read. Figures are aggregated
in the database with the shared selectors of ``projects`` so that every page computes a rate
the same way; the number of queries does not grow with the number of projects."""

import datetime
from collections import Counter
from dataclasses import dataclass, field, replace
from decimal import Decimal

from django.db.models import Count, Max, Q, QuerySet

from accounts.models import Role, User
from core.aggregate_cache import cached
from evaluations.models import Assessment, Grade
from evaluations.selectors import assessments_due, latest_grades
from organisation.models import Department
from projects.health import WATCHED_STAGES, Health, health_of
from projects.models import BudgetLine, Milestone, Problem, Project, ProjectGroup, Stage
from projects.models.execution import Severity
from projects.selectors.budget import BudgetFigures, budget_breakdown, budget_figures
from projects.selectors.health import ProjectRef, health_inputs
from projects.selectors.portfolio import stage_counts
from steering.models import ActionItem
from steering.selectors import (
    DueRow,
    action_owners,
    liaisons_with_reports_due,
    open_actions_for,
    reports_due_for,
)

UPCOMING_DAYS = 30
DIGEST_LOOKAHEAD_DAYS = 7
UPCOMING_ROWS = 50
HEALTH_ROWS = 50


@dataclass(frozen=True)
class DashboardScope:
    """The filters of the dashboard, read from the URL."""

    year: int
    group: ProjectGroup | None = None
    department: Department | None = None


@dataclass(frozen=True)
class HeadlineFigures:
    projects: int
    in_implementation: int
    key_projects: int
    budget: BudgetFigures
    overdue_milestones: int
    open_serious_problems: int


@dataclass(frozen=True)
class ProjectHealth:
    project: ProjectRef
    health: Health
    reasons: list[str]
    progress: Decimal | None
    time_elapsed: Decimal | None
    execution_rate: Decimal | None
    overdue_milestones: int
    overdue_serious_problems: int


@dataclass
class Reminders:
    """What one person should act on: the same items on the notifications page and in the digest."""

    milestones_overdue: list[Milestone] = field(default_factory=list)
    milestones_due_soon: list[Milestone] = field(default_factory=list)
    problems_overdue: list[Problem] = field(default_factory=list)
    assessments_due: list[Assessment] = field(default_factory=list)
    action_items: list[ActionItem] = field(default_factory=list)
    status_reports_due: list[DueRow] = field(default_factory=list)

    def __len__(self) -> int:
        return (
            len(self.milestones_overdue)
            + len(self.milestones_due_soon)
            + len(self.problems_overdue)
            + len(self.assessments_due)
            + len(self.action_items)
            + len(self.status_reports_due)
        )


def scoped_projects(*, user: User, scope: DashboardScope) -> QuerySet[Project]:
    projects = Project.objects.visible_to(user)
    if scope.group:
        projects = projects.filter(group=scope.group)
    if scope.department:
        projects = projects.filter(lead_department=scope.department)
    return projects


def scoped_budget_lines(*, projects: QuerySet[Project], year: int) -> QuerySet[BudgetLine]:
    return BudgetLine.objects.for_projects(projects).filter(year=year)


def headline_figures(*, projects: QuerySet[Project], year: int, today: datetime.date) -> HeadlineFigures:
    counts = projects.order_by().aggregate(
        total=Count("pk"),
        in_implementation=Count("pk", filter=Q(stage=Stage.IMPLEMENTATION)),
        key_projects=Count("pk", filter=Q(is_key=True)),
    )
    return HeadlineFigures(
        projects=counts["total"],
        in_implementation=counts["in_implementation"],
        key_projects=counts["key_projects"],
        budget=budget_figures(lines=scoped_budget_lines(projects=projects, year=year)),
        overdue_milestones=Milestone.objects.overdue(today).filter(project__in=projects).count(),
        open_serious_problems=Problem.objects.open().serious().filter(project__in=projects).count(),
    )


def stage_funnel(*, projects: QuerySet[Project]) -> list[dict]:
    return stage_counts(projects=projects)


def budget_by_group(*, projects: QuerySet[Project], year: int) -> list[tuple[str, BudgetFigures]]:
    lines = scoped_budget_lines(projects=projects, year=year)
    rows = budget_breakdown(lines=lines, by=["project__group__order", "project__group__name"])
    return [(keys["project__group__name"], figures) for keys, figures in rows]


def budget_by_source(*, projects: QuerySet[Project], year: int) -> list[tuple[str, BudgetFigures]]:
    lines = scoped_budget_lines(projects=projects, year=year)
    rows = budget_breakdown(lines=lines, by=["source__order", "source__name"])
    return [(keys["source__name"], figures) for keys, figures in rows]


def portfolio_health(*, projects: QuerySet[Project], year: int, today: datetime.date) -> list[ProjectHealth]:
    """Health of the watched projects, red first, in three queries whatever their number."""
    watched = projects.filter(stage__in=WATCHED_STAGES)
    rows = []
    for project, inputs in health_inputs(projects=watched, year=year, today=today):
        health, reasons = health_of(inputs)
        rows.append(
            ProjectHealth(
                project=project,
                health=health,
                reasons=reasons,
                progress=inputs.progress,
                time_elapsed=inputs.time_elapsed,
                execution_rate=inputs.execution_rate,
                overdue_milestones=inputs.overdue_milestones,
                overdue_serious_problems=inputs.overdue_serious_problems,
            )
        )
    order = {Health.RED: 0, Health.AMBER: 1, Health.GREEN: 2}
    return sorted(rows, key=lambda row: order[row.health])


def health_counts(rows: list[ProjectHealth]) -> dict[str, int]:
    counts = {health.value: 0 for health in Health}
    for row in rows:
        counts[row.health.value] += 1
    return counts


def milestones_ahead(*, projects: QuerySet[Project], today: datetime.date) -> list[Milestone]:
    """Open milestones that are overdue or due in the next 30 days, earliest first."""
    return list(
        Milestone.objects.open()
        .filter(project__in=projects, planned_date__lte=today + datetime.timedelta(days=UPCOMING_DAYS))
        .select_related("project", "owner")
        .order_by("planned_date", "project__code")[:UPCOMING_ROWS]
    )


def open_serious_problems(*, projects: QuerySet[Project]) -> list[Problem]:
    return list(
        Problem.objects.open()
        .serious()
        .filter(project__in=projects)
        .select_related("project", "owner")
        .order_by("due_date", "project__code")[:UPCOMING_ROWS]
    )


# Evaluators are reminded of assessments due within three days (issue brief: "assessments due in 3 days").
ASSESSMENT_LOOKAHEAD = datetime.timedelta(days=3)


def reminders_for(*, user: User, today: datetime.date) -> Reminders:
    """Milestones overdue or due within 7 days that the user owns (a liaison: also those of the
    department's projects), problems past due that the user owns — only on projects the user
    may see — and, for an evaluator, their agency's assessments due within 3 days; the open
    action items of review meetings the user owns and, for a liaison, the department's status
    reports of the month not filed yet (from a week before the due day)."""
    visible = Project.objects.visible_to(user)
    concerns_user = Q(owner=user)
    if user.is_liaison:
        concerns_user |= Q(project__lead_department_id=user.department_id)
    milestones = (
        Milestone.objects.open()
        .filter(concerns_user, project__in=visible)
        .filter(planned_date__lte=today + datetime.timedelta(days=DIGEST_LOOKAHEAD_DAYS))
        .select_related("project", "owner")
        .order_by("planned_date", "project__code")
    )
    problems = (
        Problem.objects.overdue(today)
        .filter(owner=user, project__in=visible)
        .select_related("project")
        .order_by("due_date", "project__code")
    )
    reminders = Reminders(
        problems_overdue=list(problems),
        action_items=open_actions_for(user=user),
        status_reports_due=reports_due_for(user=user, today=today),
    )
    if user.is_evaluator:
        reminders.assessments_due.extend(
            assessments_due(start=today, end=today + ASSESSMENT_LOOKAHEAD, user=user)
        )
    for milestone in milestones:
        target = (
            reminders.milestones_overdue if milestone.planned_date < today else reminders.milestones_due_soon
        )
        target.append(milestone)
    return reminders


def digest_recipients(*, today: datetime.date) -> QuerySet[User]:
    """Active people with an address who may have something in today's digest."""
    milestones = Milestone.objects.open().filter(
        planned_date__lte=today + datetime.timedelta(days=DIGEST_LOOKAHEAD_DAYS)
    )
    problems = Problem.objects.overdue(today)
    assessments = assessments_due(start=today, end=today + ASSESSMENT_LOOKAHEAD)
    return (
        User.objects.filter(is_active=True)
        .exclude(email="")
        .filter(
            Q(pk__in=milestones.values("owner"))
            | Q(pk__in=problems.values("owner"))
            | Q(role=Role.LIAISON, department__in=milestones.values("project__lead_department"))
            | Q(role=Role.EVALUATOR, agency__in=assessments.values("agency"))
            | Q(pk__in=action_owners().values("pk"))
            | Q(pk__in=liaisons_with_reports_due(today=today).values("pk"))
        )
        .order_by("pk")
    )


def default_budget_year(*, today: datetime.date) -> int:
    """The latest year up to this one that has a budget, so the page opens on figures, not zeros."""
    latest = BudgetLine.objects.filter(year__lte=today.year).aggregate(latest=Max("year"))["latest"]
    return latest or today.year


def filter_years(*, today: datetime.date) -> list[int]:
    years = set(cached("budget-years", compute=_budget_years))
    years.add(today.year)
    return sorted(years, reverse=True)


def _budget_years() -> list[int]:
    return list(BudgetLine.objects.order_by().values_list("year", flat=True).distinct())


@dataclass(frozen=True)
class AssessmentFigures:
    """How many projects hold each latest grade (best grade first), and the assessments due."""

    grade_counts: list[tuple[str, int]] = field(default_factory=list)
    assessments_due: list = field(default_factory=list)


def _grade_counts(latest: dict) -> list[tuple[str, int]]:
    counts = Counter(result.grade for result in latest.values())
    return [(grade.label, counts[grade.value]) for grade in Grade if counts[grade.value]]


def _assessment_figures(*, projects: QuerySet[Project], start: datetime.date, end: datetime.date):
    return AssessmentFigures(
        grade_counts=_grade_counts(latest_grades(projects=projects)),
        assessments_due=list(assessments_due(start=start, end=end).filter(project__in=projects)),
    )


@dataclass(frozen=True)
class MilestoneRow:
    planned_date: datetime.date
    title: str
    project: ProjectRef
    owner_name: str


@dataclass(frozen=True)
class ProblemRow:
    due_date: datetime.date | None
    title: str
    project: ProjectRef
    severity: Severity


@dataclass(frozen=True)
class AssessmentRow:
    due_on: datetime.date
    project: ProjectRef
    agency_name: str


def _owner_name(user: User | None) -> str:
    return (user.get_full_name() or user.username) if user else ""


@dataclass(frozen=True)
class DashboardOverview:
    headline: HeadlineFigures
    funnel: list[dict]
    by_group: list[tuple[str, BudgetFigures]]
    by_source: list[tuple[str, BudgetFigures]]
    health: list[ProjectHealth]  # the first HEALTH_ROWS rows, red first, each with a ProjectRef
    health_total: int
    health_counts: dict[str, int]
    milestones_ahead: list[MilestoneRow]
    serious_problems: list[ProblemRow]
    assessments: AssessmentFigures


def dashboard_overview(*, user: User, scope: DashboardScope, today: datetime.date) -> DashboardOverview:
    """The same for every portfolio reader (they all see every project), so cached per scope and day."""
    if not user.can_read_portfolio:
        return _compute_overview(projects=Project.objects.none(), scope=scope, today=today)
    return cached(
        # A new name whenever the rows' classes change: no worker may read a pickle of the old shape.
        "dashboard-overview-v3",
        today,
        scope.year,
        scope.group.pk if scope.group else None,
        scope.department.pk if scope.department else None,
        compute=lambda: _compute_overview(
            projects=scoped_projects(user=user, scope=scope), scope=scope, today=today
        ),
    )


def _compute_overview(
    *, projects: QuerySet[Project], scope: DashboardScope, today: datetime.date
) -> DashboardOverview:
    health = portfolio_health(projects=projects, year=scope.year, today=today)
    assessments = _assessment_figures(
        projects=projects, start=today, end=today + datetime.timedelta(days=UPCOMING_DAYS)
    )
    return DashboardOverview(
        headline=headline_figures(projects=projects, year=scope.year, today=today),
        funnel=stage_funnel(projects=projects),
        by_group=budget_by_group(projects=projects, year=scope.year),
        by_source=budget_by_source(projects=projects, year=scope.year),
        health=health[:HEALTH_ROWS],
        health_total=len(health),
        health_counts=health_counts(health),
        milestones_ahead=[
            MilestoneRow(m.planned_date, m.title, ProjectRef.of(m.project), _owner_name(m.owner))
            for m in milestones_ahead(projects=projects, today=today)
        ],
        serious_problems=[
            ProblemRow(p.due_date, p.title, ProjectRef.of(p.project), Severity(p.severity))
            for p in open_serious_problems(projects=projects)
        ],
        assessments=replace(
            assessments,
            assessments_due=[
                AssessmentRow(a.due_on, ProjectRef.of(a.project), a.agency.name)
                for a in assessments.assessments_due
            ],
        ),
    )
