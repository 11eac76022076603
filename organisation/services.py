"""Departments and agencies are created, edited, retired and reinstated by the office admin
(/office/departments/, /office/agencies/). A retired unit keeps its projects, assessments and
history, but leads no new project (a department) or takes no new assignment (an agency)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy

from core.history import attribute_change

from .models import Agency, Department

Unit = Department | Agency

# What retiring asks for, in the words of each kind of unit.
_RETIRE_MESSAGES = {
    Department: (
        gettext_lazy("Say why the department is retired."),
        gettext_lazy("This department is retired already."),
    ),
    Agency: (
        gettext_lazy("Say why the agency is retired."),
        gettext_lazy("This agency is retired already."),
    ),
}


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
def agency_save(
    *, by, agency: Agency | None = None, code: str, name: str, contact: str = "", reason: str = ""
) -> Agency:
    """Create or edit a third-party agency."""
    agency = agency or Agency()
    agency.code, agency.name, agency.contact = code, name, contact
    agency.full_clean()
    attribute_change(agency, by=by, reason=reason)
    agency.save()
    return agency


@transaction.atomic
def unit_retire(*, unit: Unit, by, reason: str) -> Unit:
    """Retire a department or an agency; the reason is required and kept in its history."""
    no_reason, retired_already = _RETIRE_MESSAGES[type(unit)]
    if not reason.strip():
        raise ValidationError({"reason": no_reason})
    if unit.is_retired:
        raise ValidationError(retired_already)
    unit.retired_at = timezone.now()
    attribute_change(unit, by=by, reason=reason)
    unit.save(update_fields=["retired_at"])
    return unit


@transaction.atomic
def unit_reinstate(*, unit: Unit, by, reason: str = "") -> Unit:
    unit.retired_at = None
    attribute_change(unit, by=by, reason=reason)
    unit.save(update_fields=["retired_at"])
    return unit
