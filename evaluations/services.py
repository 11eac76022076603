"""Writes of the assessment workflow: templates, cycles, assignments, scoring, review."""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Max, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.history import attribute_change
from projects.models import Project
from projects.services.errors import StaleObjectError

from . import tasks
from .models import (
    Agency,
    Assessment,
    AssessmentCycle,
    AssessmentStatus,
    Grade,
    Indicator,
    IndicatorTemplate,
    ReviewDecision,
    ReviewRound,
    Score,
)
from .models.status import EDITABLE_STATUSES, FULL_MARKS

# ---------------------------------------------------------------- templates


def template_check_points(*, leaf_points: list[Decimal]) -> None:
    total = sum(leaf_points, Decimal("0"))
    if total != FULL_MARKS:
        raise ValidationError(
            _("The points of the scored indicators add up to %(total)s; they must add up to 100.")
            % {"total": total}
        )


@dataclass(frozen=True)
class IndicatorSpec:
    """One node of a tree to create: children make it a heading, else it carries points."""

    name: str
    points: Decimal | None = None
    method: str = ""
    key_points: str = ""
    children: tuple["IndicatorSpec", ...] = ()


def _leaf_points(specs) -> list[Decimal]:
    points = []
    for spec in specs:
        points.extend(_leaf_points(spec.children) if spec.children else [Decimal(spec.points)])
    return points


@transaction.atomic
def template_create(
    *,
    family: str,
    name: str,
    kind: str,
    indicators: list[IndicatorSpec],
    by=None,
    version: int = 1,
    based_on: IndicatorTemplate | None = None,
    description: str = "",
) -> IndicatorTemplate:
    template_check_points(leaf_points=_leaf_points(indicators))
    template = IndicatorTemplate(
        family=family,
        version=version,
        name=name,
        kind=kind,
        created_by=by,
        based_on=based_on,
        description=description,
    )
    template.full_clean()
    attribute_change(template, by=by)
    template.save()
    counter = iter(range(1, 10_000))

    def create(specs, parent, first_level, level):
        for spec in specs:
            node = Indicator(
                template=template,
                parent=parent,
                first_level=first_level,
                level=level,
                order=next(counter),
                name=spec.name,
                is_leaf=not spec.children,
                points=None if spec.children else Decimal(spec.points),
                method="" if spec.children else spec.method,
                key_points=spec.key_points,
            )
            node.full_clean(exclude=["first_level"])
            attribute_change(node, by=by)
            node.save()
            if first_level is None:
                node.first_level = node
                node.save(update_fields=["first_level"])
            create(spec.children, node, first_level or node, level + 1)

    create(indicators, None, None, 1)
    return template


def template_specs(
    *, template: IndicatorTemplate, changes: dict[int, dict] | None = None
) -> list[IndicatorSpec]:
    """The template's tree as specs, with ``changes`` (indicator id → new field values) applied."""
    changes = changes or {}
    nodes = list(template.indicators.order_by("order"))
    children: dict[int | None, list[Indicator]] = {}
    for node in nodes:
        children.setdefault(node.parent_id, []).append(node)

    def build(parent_id):
        specs = []
        for node in children.get(parent_id, []):
            fields = {
                "name": node.name,
                "points": node.points,
                "method": node.method,
                "key_points": node.key_points,
            } | changes.get(node.pk, {})
            kids = tuple(build(node.pk))
            if kids:
                fields["points"], fields["method"] = None, ""
            specs.append(IndicatorSpec(children=kids, **fields))
        return specs

    return build(None)


@transaction.atomic
def template_copy(*, template: IndicatorTemplate, name: str, family: str, by) -> IndicatorTemplate:
    if IndicatorTemplate.objects.filter(family=family).exists():
        raise ValidationError({"family": _("A template with this code exists already.")})
    return template_create(
        family=family,
        name=name,
        kind=template.kind,
        indicators=template_specs(template=template),
        by=by,
        based_on=template,
        description=template.description,
    )


@transaction.atomic
def template_update(*, template: IndicatorTemplate, changes: dict[int, dict], by) -> IndicatorTemplate:
    """Edit names, points, methods and key points. A template a cycle has used is frozen:
    the edit becomes the next version and the used one stays as it was scored."""
    specs = template_specs(template=template, changes=changes)
    template_check_points(leaf_points=_leaf_points(specs))
    if template.is_frozen:
        latest = IndicatorTemplate.objects.filter(family=template.family).aggregate(v=Max("version"))["v"]
        return template_create(
            family=template.family,
            version=latest + 1,
            name=template.name,
            kind=template.kind,
            indicators=specs,
            by=by,
            based_on=template,
            description=template.description,
        )
    for node in template.indicators.all():
        changed = False
        for field, value in changes.get(node.pk, {}).items():
            if (node.is_leaf or field in ("name", "key_points")) and getattr(node, field) != value:
                setattr(node, field, value)
                changed = True
        if changed:
            node.full_clean()
            attribute_change(node, by=by)
            node.save()
    return template


# ---------------------------------------------------------------- cycles and assignments


@transaction.atomic
def cycle_open(
    *, name: str, kind: str, year: int, template: IndicatorTemplate, by, is_demo: bool = False
) -> AssessmentCycle:
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

    def file_the_report():
        # The reports app builds on this one; imported here so that the two modules load in any order.
        from reports.services import cycle_report_on_close

        cycle_report_on_close(cycle_id=cycle_id)

    transaction.on_commit(file_the_report)
    return cycle


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
    *, cycle: AssessmentCycle, project: Project, agency: Agency, due_on, by, notify: bool = True
) -> Assessment:
    """``notify=False`` only for demo data, which must not mail anyone."""
    if cycle.is_closed:
        raise ValidationError(_("This cycle is closed: no project can be added to it."))
    if agency.is_retired:
        raise ValidationError({"agency": _("This agency is retired and takes no new assignments.")})
    _check_no_conflict(project=project, agency=agency)
    if Assessment.objects.filter(cycle=cycle, project=project).exists():
        raise ValidationError({"project": _("This project is already in the cycle.")})
    assessment = Assessment(cycle=cycle, project=project, agency=agency, due_on=due_on, assigned_by=by)
    assessment.full_clean()
    attribute_change(assessment, by=by)
    assessment.save()
    if notify:
        transaction.on_commit(lambda: tasks.notify_assigned.delay(assessment.pk))
    return assessment


def _require_agency_evaluator(*, assessment: Assessment, by) -> None:
    if not (by.is_evaluator and by.agency_id == assessment.agency_id and not by.access_expired):
        raise PermissionDenied


@transaction.atomic
def assessment_declare_no_conflict(*, assessment: Assessment, by, declared: bool) -> Assessment:
    _require_agency_evaluator(assessment=assessment, by=by)
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


# ---------------------------------------------------------------- scoring


def parse_scores(*, assessment: Assessment, raw: dict[int, tuple[str, str]]) -> tuple[dict, dict]:
    """Typed values → (cleaned {indicator id: (Decimal | None, comment)}, errors {indicator id: message})."""
    cleaned, errors = {}, {}
    for leaf in assessment.cycle.template.indicators.filter(is_leaf=True):
        value_text, comment = raw.get(leaf.pk, ("", ""))
        value_text = (value_text or "").strip()
        value = None
        if value_text:
            try:
                value = Decimal(value_text)
                if not value.is_finite():
                    raise InvalidOperation
            except InvalidOperation:
                errors[leaf.pk] = _("Enter a number.")
                continue
            if value < 0 or value > leaf.points:
                errors[leaf.pk] = _("Enter a score from 0 to %(points)s.") % {"points": leaf.points}
                continue
            if value != value.quantize(Decimal("0.01")):
                errors[leaf.pk] = _("Use at most two decimals.")
                continue
        cleaned[leaf.pk] = (value, (comment or "").strip())
    return cleaned, errors


@transaction.atomic
def assessment_save_draft(
    *, assessment: Assessment, by, expected_version: int, scores: dict[int, tuple[Decimal | None, str]]
) -> Assessment:
    """Store the typed scores. Refused with StaleObjectError when another tab saved first."""
    _require_agency_evaluator(assessment=assessment, by=by)
    if assessment.status not in EDITABLE_STATUSES:
        raise ValidationError(_("This assessment cannot be edited now."))
    claimed = Assessment.objects.filter(pk=assessment.pk, version=expected_version).update(
        version=F("version") + 1
    )
    if not claimed:
        raise StaleObjectError()
    existing = {s.indicator_id: s for s in assessment.scores.all()}
    for indicator_id, (value, comment) in scores.items():
        score = existing.get(indicator_id) or Score(assessment=assessment, indicator_id=indicator_id)
        if score.pk and (score.value, score.comment) == (value, comment):
            continue  # unchanged: no write, no history row
        score.value, score.comment = value, comment
        score.full_clean(exclude=["assessment", "indicator"])
        attribute_change(score, by=by)
        score.save()
    assessment.version = expected_version + 1
    return assessment


def _total(assessment: Assessment) -> Decimal:
    total = assessment.scores.filter(indicator__is_leaf=True).aggregate(t=Sum("value"))["t"] or Decimal("0")
    # SQLite sums decimals in floating point; the scores have two decimals, so this is exact.
    return Decimal(total).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@transaction.atomic
def assessment_submit(*, assessment: Assessment, by, notify: bool = True) -> ReviewRound:
    _require_agency_evaluator(assessment=assessment, by=by)
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if assessment.status not in EDITABLE_STATUSES:
        raise ValidationError(_("This assessment cannot be submitted now."))
    leaves = assessment.cycle.template.indicators.filter(is_leaf=True)
    scored = set(assessment.scores.filter(value__isnull=False).values_list("indicator_id", flat=True))
    missing = [leaf.name for leaf in leaves if leaf.pk not in scored]
    if missing:
        raise ValidationError(
            _("Score every indicator before submitting. Not scored yet: %(names)s.")
            % {"names": "、".join(missing)}
        )
    number = (assessment.rounds.aggregate(n=Max("number"))["n"] or 0) + 1
    review_round = ReviewRound(
        assessment=assessment,
        number=number,
        submitted_by=by,
        submitted_at=timezone.now(),
        total=_total(assessment),
        scores={str(s.indicator_id): [str(s.value), s.comment] for s in assessment.scores.all()},
    )
    review_round.full_clean()
    attribute_change(review_round, by=by)
    review_round.save()
    assessment.status = AssessmentStatus.SUBMITTED
    attribute_change(assessment, by=by)
    assessment.save(update_fields=["status"])
    if notify:
        transaction.on_commit(lambda: tasks.notify_submitted.delay(assessment.pk))
    return review_round


def _pending_round(assessment: Assessment, by) -> ReviewRound:
    if not by.is_office:
        raise PermissionDenied
    if assessment.status != AssessmentStatus.SUBMITTED:
        raise ValidationError(_("Only a submitted assessment can be reviewed."))
    return assessment.rounds.get(decision=ReviewDecision.PENDING)


@transaction.atomic
def assessment_accept(*, assessment: Assessment, by) -> Assessment:
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    review_round = _pending_round(assessment, by)
    now = timezone.now()
    review_round.decision, review_round.decided_by, review_round.decided_at = ReviewDecision.ACCEPTED, by, now
    attribute_change(review_round, by=by)
    review_round.save(update_fields=["decision", "decided_by", "decided_at"])
    assessment.total = review_round.total
    assessment.grade = Grade.for_total(review_round.total)
    assessment.status = AssessmentStatus.ACCEPTED
    assessment.accepted_at = now
    assessment.full_clean()
    attribute_change(assessment, by=by)
    assessment.save(update_fields=["total", "grade", "status", "accepted_at"])
    return assessment


@transaction.atomic
def assessment_return(*, assessment: Assessment, by, reason: str) -> Assessment:
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    review_round = _pending_round(assessment, by)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the assessment is returned.")})
    review_round.decision, review_round.reason = ReviewDecision.RETURNED, reason.strip()
    review_round.decided_by, review_round.decided_at = by, timezone.now()
    review_round.full_clean()
    attribute_change(review_round, by=by, reason=reason)
    review_round.save()
    assessment.status = AssessmentStatus.RETURNED
    attribute_change(assessment, by=by, reason=reason)
    assessment.save(update_fields=["status"])
    transaction.on_commit(lambda: tasks.notify_returned.delay(assessment.pk))
    return assessment


# ---------------------------------------------------------------- agencies (issue 22)


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
