"""What a user may do with a project. Views call these; they hold no rules of their own."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from .models import Project


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
