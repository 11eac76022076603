"""The office's register of third-party agencies (issue 22): create, edit, retire, reinstate."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.history import attribute_change
from evaluations.models import Agency


@transaction.atomic
def agency_save(
    *, by, agency: Agency | None = None, code: str, name: str, contact: str = "", reason: str = ""
) -> Agency:
    """Create or edit a third-party agency (/office/agencies/)."""
    agency = agency or Agency()
    agency.code, agency.name, agency.contact = code, name, contact
    agency.full_clean()
    attribute_change(agency, by=by, reason=reason)
    agency.save()
    return agency


@transaction.atomic
def agency_retire(*, agency: Agency, by, reason: str) -> Agency:
    """A retired agency keeps its assessments and history but gets no new assignment."""
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the agency is retired.")})
    if agency.is_retired:
        raise ValidationError(_("This agency is retired already."))
    agency.retired_at = timezone.now()
    attribute_change(agency, by=by, reason=reason)
    agency.save(update_fields=["retired_at"])
    return agency


@transaction.atomic
def agency_reinstate(*, agency: Agency, by, reason: str = "") -> Agency:
    agency.retired_at = None
    attribute_change(agency, by=by, reason=reason)
    agency.save(update_fields=["retired_at"])
    return agency
