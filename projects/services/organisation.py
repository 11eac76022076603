"""Departments (责任部门): created, renamed and retired by the office admin (/office/departments/).
A retired department keeps its projects and history but leads no new project."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.history import attribute_change

from ..models import Department, Project


@transaction.atomic
def department_create(*, by, code: str, name: str, name_en: str = "") -> Department:
    department = Department(code=code, name=name, name_en=name_en)
    department.full_clean()
    attribute_change(department, by=by)
    department.save()
    return department


@transaction.atomic
def department_update(*, department: Department, by, name: str, name_en: str, reason: str = "") -> Department:
    department.name, department.name_en = name, name_en
    department.full_clean()
    attribute_change(department, by=by, reason=reason)
    department.save()
    return department


@transaction.atomic
def department_retire(*, department: Department, by, reason: str) -> Department:
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the department is retired.")})
    if department.is_retired:
        raise ValidationError(_("This department is retired already."))
    department.retired_at = timezone.now()
    attribute_change(department, by=by, reason=reason)
    department.save(update_fields=["retired_at"])
    return department


@transaction.atomic
def department_reinstate(*, department: Department, by, reason: str = "") -> Department:
    department.retired_at = None
    attribute_change(department, by=by, reason=reason)
    department.save(update_fields=["retired_at"])
    return department


def check_lead_department(*, project: Project) -> None:
    """A retired department leads no new project (one it led before keeps it)."""
    department = project.lead_department
    if department is None or not department.is_retired:
        return
    if project.pk and Project.objects.filter(pk=project.pk, lead_department=department).exists():
        return
    raise ValidationError({"lead_department": _("This department is retired and leads no new projects.")})
