"""What a user may do with a project. Views call these; they hold no rules of their own."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from accounts.permissions import require_office, require_portfolio_reader

from .models import (
    AnnualPlan,
    ApprovalReview,
    BudgetAdjustment,
    BudgetLine,
    Project,
    ReviewCondition,
    SpendingRecord,
    StageMoveRequest,
)


def can_edit_project(user, project: Project) -> bool:
    return user.is_office


def can_update_progress(user, project: Project) -> bool:
    """Milestones, problems and spending: office staff, or a liaison of the lead department."""
    return user.is_office or (user.is_liaison and project.lead_department_id == user.department_id)


def get_project_for_user(user, pk: int, *, write: bool = False, progress: bool = False) -> Project:
    """The project if the user may see it (else 404, so nothing leaks), and may change it
    when asked to (else 403). ``write`` means the project's own record; ``progress`` means
    its milestones, problems and spending."""
    project = get_object_or_404(Project.objects.visible_to(user).with_list_relations(), pk=pk)
    if write and not can_edit_project(user, project):
        raise PermissionDenied
    if progress and not can_update_progress(user, project):
        raise PermissionDenied
    return project


def _require_office_for(user, *, write: bool) -> None:
    """Reviews, conditions, move requests and adjustments are decided by the office."""
    if write and not user.is_office:
        raise PermissionDenied


def get_budget_line_for_user(user, pk: int, *, write: bool = False, progress: bool = False) -> BudgetLine:
    """The line if the user may see its project (404 otherwise), and may change it as asked (403);
    ``write`` and ``progress`` as for the project, which comes along with its list relations."""
    line = get_object_or_404(BudgetLine.objects.visible_to(user).select_related("source"), pk=pk)
    line.project = get_project_for_user(user, line.project_id, write=write, progress=progress)
    return line


def get_spending_record_for_user(user, pk: int) -> SpendingRecord:
    return get_object_or_404(SpendingRecord.objects.visible_to(user).select_related("line__source"), pk=pk)


def get_budget_adjustment_for_user(user, pk: int, *, write: bool = False) -> BudgetAdjustment:
    """``write``: deciding on it, the office's call."""
    adjustment = get_object_or_404(
        BudgetAdjustment.objects.visible_to(user).select_related("line__source"), pk=pk
    )
    adjustment.line.project = get_project_for_user(user, adjustment.line.project_id)
    _require_office_for(user, write=write)
    return adjustment


def get_move_request_for_user(user, pk: int, *, write: bool = False) -> StageMoveRequest:
    """``write``: carrying it out or declining it, the office's call."""
    move_request = get_object_or_404(
        StageMoveRequest.objects.visible_to(user).select_related("project"), pk=pk
    )
    _require_office_for(user, write=write)
    return move_request


def get_review_for_user(user, pk: int, *, write: bool = False) -> ApprovalReview:
    """``write``: recording opinions and the decision, the office's."""
    review = get_object_or_404(ApprovalReview.objects.visible_to(user).select_related("project"), pk=pk)
    _require_office_for(user, write=write)
    return review


def get_review_condition_for_user(user, pk: int, *, write: bool = False) -> ReviewCondition:
    """``write``: marking it met or waiving it, the office's."""
    condition = get_object_or_404(
        ReviewCondition.objects.visible_to(user).select_related("review__project"), pk=pk
    )
    _require_office_for(user, write=write)
    return condition


def get_annual_plan_for_user(user, pk: int, *, write: bool = False) -> AnnualPlan:
    """Plans are the office's to write (403 before anything is looked up, as for creating one)
    and the portfolio readers' to read (403 for everyone else)."""
    if write:
        require_office(user)
    else:
        require_portfolio_reader(user)
    return get_object_or_404(AnnualPlan.objects.visible_to(user).select_related("published_by"), pk=pk)
