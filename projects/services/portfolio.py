from typing import Any

from django.db import transaction

from core.versioning import save_if_current

from ..models import Project
from .organisation import check_lead_department

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
