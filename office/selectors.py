"""Reads for the office pages. Every list is one query (plus pagination's count), whatever its size."""

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Q

from accounts.models import User
from evaluations.models import Assessment
from organisation.models import Agency, Department


def user_list(*, role: str = "", status: str = "", search: str = ""):
    from axes.models import AccessAttempt

    locked = AccessAttempt.objects.filter(
        username=OuterRef("username"), failures_since_start__gte=settings.AXES_FAILURE_LIMIT
    )
    users = User.objects.select_related("department", "agency").annotate(is_locked=Exists(locked))
    if role:
        users = users.filter(role=role)
    if status == "active":
        users = users.filter(is_active=True)
    elif status == "inactive":
        users = users.filter(is_active=False)
    if search:
        users = users.filter(
            Q(username__icontains=search) | Q(first_name__icontains=search) | Q(email__icontains=search)
        )
    return users.order_by("-is_active", "role", "username")


def department_list():
    return Department.objects.annotate(
        project_count=Count("projects", distinct=True),
        liaison_count=Count("liaisons", filter=Q(liaisons__is_active=True), distinct=True),
    ).order_by("retired_at", "name")


def department_detail(*, department: Department) -> dict:
    return {
        "liaisons": list(department.liaisons.order_by("-is_active", "username")),
        "projects": list(department.projects.select_related("group").order_by("code")),
    }


def agency_list():
    return Agency.objects.annotate(
        evaluator_count=Count("evaluators", filter=Q(evaluators__is_active=True), distinct=True),
        assessment_count=Count("assessments", distinct=True),
    ).order_by("retired_at", "name")


def agency_declarations(*, agency: Agency) -> list[dict]:
    """The conflict-of-interest declarations of the agency, per assessment cycle: each assigned
    project with who declared no conflict and when (or that it is still outstanding)."""
    assessments = (
        Assessment.objects.filter(agency=agency)
        .select_related("cycle", "project", "conflict_declared_by")
        .order_by("-cycle__year", "cycle__name", "project__code")
    )
    cycles: dict[int, dict] = {}
    for assessment in assessments:
        entry = cycles.setdefault(
            assessment.cycle_id, {"cycle": assessment.cycle, "assessments": [], "declared": 0}
        )
        entry["assessments"].append(assessment)
        if assessment.conflict_declared_at:
            entry["declared"] += 1
    return list(cycles.values())
