"""Writes of assessment cycles: opening one on a template, closing it once every assessment is accepted."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.history import attribute_change
from evaluations.models import AssessmentCycle, AssessmentStatus, IndicatorTemplate
from evaluations.signals import cycle_closed


@transaction.atomic
def cycle_open(
    *, name: str, kind: str, year: int, template: IndicatorTemplate, by, is_demo: bool = False
) -> AssessmentCycle:
    if not template.is_active:
        raise ValidationError(
            {"template": _("Complete this template in the editor (its points must add up) before using it.")}
        )
    cycle = AssessmentCycle(
        name=name, kind=kind, year=year, template=template, created_by=by, is_demo=is_demo
    )
    cycle.full_clean()
    attribute_change(cycle, by=by)
    cycle.save()
    return cycle


@transaction.atomic
def cycle_close(*, cycle: AssessmentCycle, by) -> AssessmentCycle:
    """Close a cycle whose every assessment is accepted; its assessment-cycle report is then built
    once (``reports.services.cycle_report_on_close``) after the transaction commits."""
    cycle = AssessmentCycle.objects.select_for_update().get(pk=cycle.pk)
    if cycle.is_closed:
        raise ValidationError(_("This cycle is already closed."))
    assessments = cycle.assessments.all()
    if not assessments.exists():
        raise ValidationError(_("A cycle without assessments cannot be closed."))
    unfinished = assessments.exclude(status=AssessmentStatus.ACCEPTED).count()
    if unfinished:
        raise ValidationError(
            ngettext(
                "%(count)d assessment is not accepted yet; close the cycle once it is.",
                "%(count)d assessments are not accepted yet; close the cycle once they are.",
                unfinished,
            )
            % {"count": unfinished}
        )
    cycle.closed_at = timezone.now()
    cycle.closed_by = by
    attribute_change(cycle, by=by)
    cycle.save(update_fields=["closed_at", "closed_by"])
    cycle_id = cycle.pk
    transaction.on_commit(lambda: cycle_closed.send(sender=AssessmentCycle, cycle_id=cycle_id))
    return cycle
