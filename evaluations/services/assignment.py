"""Assigning projects of a cycle to an agency (or to the project's own department for a unit
self-evaluation), who may score an assessment, and the evaluator's declaration of no conflict."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.history import attribute_change
from evaluations import tasks
from evaluations.models import Assessment, AssessmentCycle, AssessmentStatus, TemplateKind
from organisation.models import Agency
from projects.models import Project


def _check_no_conflict(*, project: Project, agency: Agency) -> None:
    if project.implementer.strip() and project.implementer.strip() == agency.name.strip():
        raise ValidationError(
            {
                "agency": _("%(agency)s implements this project and may not assess it.")
                % {"agency": agency.name}
            }
        )


@transaction.atomic
def assessment_assign(
    *, cycle: AssessmentCycle, project: Project, agency: Agency | None, due_on, by, notify: bool = True
) -> Assessment:
    """``notify=False`` only for demo data, which must not mail anyone. In a cycle on a unit
    self-evaluation template (单位自评) the project's lead department scores, not an agency."""
    if cycle.is_closed:
        raise ValidationError(_("This cycle is closed: no project can be added to it."))
    is_self = cycle.template.kind == TemplateKind.SELF
    if is_self:
        if project.lead_department_id is None:
            raise ValidationError(
                {
                    "projects": _("%(project)s has no lead department to evaluate itself.")
                    % {"project": project}
                }
            )
        agency = None
    elif agency is None:
        raise ValidationError({"agency": _("Choose the agency that assesses the projects.")})
    else:
        if agency.is_retired:
            raise ValidationError({"agency": _("This agency is retired and takes no new assignments.")})
        _check_no_conflict(project=project, agency=agency)
    if Assessment.objects.filter(cycle=cycle, project=project).exists():
        raise ValidationError({"project": _("This project is already in the cycle.")})
    assessment = Assessment(
        cycle=cycle,
        project=project,
        agency=agency,
        is_self=is_self,
        due_on=due_on,
        assigned_by=by,
        # A department has no conflict of interest to declare about its own project.
        status=AssessmentStatus.IN_PROGRESS if is_self else AssessmentStatus.ASSIGNED,
    )
    assessment.full_clean()
    attribute_change(assessment, by=by)
    assessment.save()
    if notify:
        transaction.on_commit(lambda: tasks.notify_assigned.delay(assessment.pk))
    return assessment


@transaction.atomic
def assessment_assign_many(
    *, cycle: AssessmentCycle, projects, agency: Agency, due_on, by
) -> list[Assessment]:
    """All or none: when one project is refused, none is assigned and nobody is mailed (the mails
    wait for the commit)."""
    return [
        assessment_assign(cycle=cycle, project=project, agency=agency, due_on=due_on, by=by)
        for project in projects
    ]


def can_score(user, assessment: Assessment) -> bool:
    """The agency's evaluators score a third-party assessment; the lead department's liaisons
    score their unit self-evaluation."""
    if assessment.is_self:
        return user.is_liaison and user.department_id == assessment.project.lead_department_id
    return user.is_evaluator and user.agency_id == assessment.agency_id and not user.access_expired


def require_scorer(*, assessment: Assessment, by) -> None:
    if not can_score(by, assessment):
        raise PermissionDenied


@transaction.atomic
def assessment_declare_no_conflict(*, assessment: Assessment, by, declared: bool) -> Assessment:
    require_scorer(assessment=assessment, by=by)
    if not declared:
        raise ValidationError({"declared": _("Tick the declaration to start scoring.")})
    _check_no_conflict(project=assessment.project, agency=assessment.agency)
    if assessment.status != AssessmentStatus.ASSIGNED:
        return assessment
    assessment.conflict_declared_by = by
    assessment.conflict_declared_at = timezone.now()
    assessment.status = AssessmentStatus.IN_PROGRESS
    attribute_change(assessment, by=by)
    assessment.save(update_fields=["conflict_declared_by", "conflict_declared_at", "status"])
    return assessment
