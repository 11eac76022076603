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
from core.versioning import StaleObjectError
from organisation.models import Agency
from projects.models import Project

from . import scoring, tasks
from .computed import Computed, compute
from .indicator_tree import (
    IndicatorSpec,
    template_check_points,
    template_copy,
    template_create,
    template_specs,
    template_update,
)
from .models import (
    Assessment,
    AssessmentCycle,
    AssessmentStatus,
    Indicator,
    IndicatorTemplate,
    ReviewDecision,
    ReviewRound,
    Score,
    ScoringMethod,
    TemplateKind,
)
from .models.status import EDITABLE_STATUSES
from .signals import cycle_closed

# ---------------------------------------------------------------- templates (see indicator_tree)

__all__ = [
    "IndicatorSpec",
    "template_check_points",
    "template_copy",
    "template_create",
    "template_specs",
    "template_update",
]


# ---------------------------------------------------------------- cycles and assignments


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


def _require_agency_evaluator(*, assessment: Assessment, by) -> None:
    if not can_score(by, assessment):
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


# The inputs of one row of the scoring table, as the page posts them.
ROW_INPUTS = (
    "value",
    "comment",
    "actual",
    "actual_text",
    "shortfalls",
    "band",
    "deviation",
    "override_reason",
)


@dataclass(frozen=True)
class RowResult:
    """One scored row: the score that counts, what the method alone gives, and what was typed."""

    indicator: Indicator
    value: Decimal | None
    calculated: Decimal | None
    computed: Computed | None
    inputs: dict


def assessment_computed(*, assessment: Assessment, leaves=None) -> dict[int, Computed | None]:
    """The product's own figures for the computed rows, for the assessed project and year."""
    leaves = assessment.cycle.template.indicators.filter(is_leaf=True) if leaves is None else leaves
    return {
        leaf.pk: compute(key=leaf.source, project=assessment.project, year=assessment.cycle.year)
        for leaf in leaves
        if leaf.source
    }


def _number(text, *, integer: bool = False):
    if text is None or isinstance(text, Decimal | int):
        return text
    text = str(text).strip().replace(",", "").replace("，", "")
    if not text:
        return None
    try:
        number = Decimal(text)
        if not number.is_finite():
            raise InvalidOperation
    except InvalidOperation:
        raise ValidationError(_("Enter a number.")) from None
    if integer:
        if number != number.to_integral_value() or number < 0:
            raise ValidationError(_("Enter a whole number, 0 or more."))
        return int(number)
    return number


def _entry(raw) -> dict:
    """A row's inputs from the page (a dict of texts) or from code (a (score, comment) pair)."""
    if isinstance(raw, tuple):
        raw = {"value": raw[0], "comment": raw[1]}
    return {key: raw.get(key, "") if raw.get(key) is not None else "" for key in ROW_INPUTS} | {
        key: raw[key] for key in ("value", "actual", "shortfalls") if isinstance(raw.get(key), Decimal | int)
    }


def score_row(*, indicator: Indicator, raw, computed: Computed | None = None) -> RowResult:
    """Score one row by its method. Proportional and deduction rows are calculated (from the
    product's figures where the row is computed); a typed score other than the calculated one
    overrides it and needs a reason. Raises ValidationError with the message for the row."""
    entry = _entry(raw)
    for key in ("comment", "actual_text", "band", "deviation", "override_reason"):
        entry[key] = str(entry[key]).strip()
    typed = _number(entry["value"])
    actual = _number(entry["actual"])
    shortfalls = _number(entry["shortfalls"], integer=True)
    points, method = indicator.points, indicator.method
    inputs = entry | {"value": typed, "actual": actual, "shortfalls": shortfalls}
    if points == 0:
        if typed:
            raise ValidationError(
                _("This row carries no points (it is for information); leave the score empty.")
            )
        return RowResult(indicator, Decimal("0"), None, computed, inputs)
    if method == ScoringMethod.BANDED:
        value = (
            None if typed is None else scoring.score_banded(points=points, value=typed, band=entry["band"])
        )
        if value is not None and not entry["band"]:
            inputs["band"] = scoring.band_of(points=points, value=value)
        return RowResult(indicator, value, None, computed, inputs)
    if method not in (ScoringMethod.PROPORTIONAL, ScoringMethod.DEDUCTION):
        value = None if typed is None else scoring.score_manual(points=points, value=typed)
        return RowResult(indicator, value, None, computed, inputs)
    calculated = None
    if method == ScoringMethod.DEDUCTION and shortfalls is not None:
        calculated = scoring.score_deduction(
            points=points, deduction=indicator.deduction, shortfalls=shortfalls
        )
    if method == ScoringMethod.PROPORTIONAL:
        target, lower = indicator.target, indicator.lower_is_better
        if (
            computed is not None
            and actual is not None
            and actual != computed.value
            and not entry["override_reason"]
        ):
            raise ValidationError(
                _("The project's figures give %(value)s; say why you enter %(actual)s instead.")
                % {"value": computed.value, "actual": actual}
            )
        if computed is not None and (actual is None or actual == computed.value):
            actual = computed.scored_actual
            target = computed.target if computed.target is not None else target
            lower = computed.lower_is_better if computed.lower_is_better is not None else lower
            if target is None:
                target = Decimal("100")
        if actual is not None:
            calculated = scoring.score_proportional(
                points=points, target=target, actual=actual, lower_is_better=lower
            )
    if typed is None or typed == calculated:
        return RowResult(indicator, calculated, calculated, computed, inputs)
    scoring.check_score_range(points=points, value=typed)
    if calculated is not None and not entry["override_reason"]:
        raise ValidationError(
            _("The calculation gives %(calculated)s; say why you score %(typed)s instead.")
            % {"calculated": calculated, "typed": typed}
        )
    return RowResult(indicator, typed, calculated, computed, inputs)


def parse_scores(
    *,
    assessment: Assessment,
    raw: dict[int, dict | tuple],
    computed: dict | None = None,
    partial: bool = False,
) -> tuple[dict[int, RowResult], dict[int, str]]:
    """Typed rows → (results {indicator id: RowResult}, errors {indicator id: message}).
    With ``partial`` only the rows in ``raw`` are read."""
    leaves = list(assessment.cycle.template.indicators.filter(is_leaf=True).order_by("order"))
    if partial:
        leaves = [leaf for leaf in leaves if leaf.pk in raw]
    computed = assessment_computed(assessment=assessment, leaves=leaves) if computed is None else computed
    cleaned, errors = {}, {}
    for leaf in leaves:
        try:
            cleaned[leaf.pk] = score_row(
                indicator=leaf, raw=raw.get(leaf.pk, {}), computed=computed.get(leaf.pk)
            )
        except ValidationError as error:
            errors[leaf.pk] = " ".join(error.messages)
    return cleaned, errors


@transaction.atomic
def assessment_save_draft(
    *, assessment: Assessment, by, expected_version: int, scores: dict[int, dict | tuple | RowResult]
) -> Assessment:
    """Store the typed rows, scored by their methods. Refused with StaleObjectError when another
    tab saved first, and with ValidationError (rows → messages) when any row is wrong."""
    _require_agency_evaluator(assessment=assessment, by=by)
    if assessment.status not in EDITABLE_STATUSES:
        raise ValidationError(_("This assessment cannot be edited now."))
    results = {k: v for k, v in scores.items() if isinstance(v, RowResult)}
    others = {k: v for k, v in scores.items() if not isinstance(v, RowResult)}
    if others:
        parsed, errors = parse_scores(assessment=assessment, raw=others, partial=True)
        if errors:
            raise ValidationError(list(errors.values()))
        results |= parsed
    claimed = Assessment.objects.filter(pk=assessment.pk, version=expected_version).update(
        version=F("version") + 1
    )
    if not claimed:
        raise StaleObjectError()
    existing = {s.indicator_id: s for s in assessment.scores.all()}
    for indicator_id, result in results.items():
        score = existing.get(indicator_id) or Score(assessment=assessment, indicator_id=indicator_id)
        inputs = result.inputs
        fields = {
            "value": result.value,
            "comment": inputs.get("comment", ""),
            "actual": inputs.get("actual"),
            "actual_text": inputs.get("actual_text", ""),
            "shortfalls": inputs.get("shortfalls"),
            "band": inputs.get("band", ""),
            "deviation": inputs.get("deviation", ""),
            "override_reason": inputs.get("override_reason", "") if result.value != result.calculated else "",
            "computed": result.computed.as_json() if result.computed else {},
        }
        if score.pk and all(getattr(score, name) == value for name, value in fields.items()):
            continue  # unchanged: no write, no history row
        for name, value in fields.items():
            setattr(score, name, value)
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
    leaves = assessment.cycle.template.indicators.filter(is_leaf=True, points__gt=0)
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
    assessment.grade = scoring.grade_for(
        total=review_round.total, declared=assessment.cycle.template.declared_total
    )
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
