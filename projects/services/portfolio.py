from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.versioning import save_if_current

from ..models import Project

PROJECT_EDITABLE_FIELDS = [
    "code",
    "name",
    "name_en",
    "group",
    "lead_department",
    "responsible_person",
    "responsible_contact",
    "implementer",
    "is_key",
    "ease",
    "urgency",
    "planned_start",
    "planned_end",
    "description",
    "objectives",
    "estimated_budget",
]


@transaction.atomic
def project_create(*, by, **fields: Any) -> Project:
    unknown = set(fields) - set(PROJECT_EDITABLE_FIELDS) - {"origin"}
    if unknown:
        raise TypeError(f"not project fields: {sorted(unknown)}")
    project = Project(created_by=by, **fields)
    check_lead_department(project=project)
    project.full_clean()
    project._history_user = by
    project.save()
    return project


def project_update(*, project: Project, by, expected_version: int, **fields: Any) -> Project:
    """Change a project's record. Its stage is moved only by the lifecycle service."""
    unknown = set(fields) - set(PROJECT_EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"not editable here: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(project, name, value)
    check_lead_department(project=project)
    project._history_user = by
    save_if_current(instance=project, expected_version=expected_version)
    return project


def check_lead_department(*, project: Project) -> None:
    """A retired department leads no new project (one it led before keeps it)."""
    department = project.lead_department
    if department is None or not department.is_retired:
        return
    if project.pk and Project.objects.filter(pk=project.pk, lead_department=department).exists():
        return
    raise ValidationError({"lead_department": _("This department is retired and leads no new projects.")})
