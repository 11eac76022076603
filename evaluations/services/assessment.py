"""Scoring an assessment: each row by its method (from the product's own figures where the row is
computed), saving the draft, and submitting it for review."""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from core.history import attribute_change
from core.versioning import StaleObjectError
from evaluations import scoring, tasks
from evaluations.computed import Computed, compute
from evaluations.models import Assessment, AssessmentStatus, Indicator, ReviewRound, Score, ScoringMethod
from evaluations.models.status import EDITABLE_STATUSES

from .assignment import require_scorer

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
    require_scorer(assessment=assessment, by=by)
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
    require_scorer(assessment=assessment, by=by)
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


@dataclass(frozen=True)
class Saved:
    """What ``assessment_save`` did: the draft is always saved; ``submitted`` is the new review
    round, or ``not_submitted`` says why the submission was refused."""

    assessment: Assessment
    submitted: ReviewRound | None = None
    not_submitted: ValidationError | None = None


@transaction.atomic
def assessment_save(
    *,
    assessment: Assessment,
    by,
    expected_version: int,
    scores: dict[int, dict | tuple | RowResult],
    submit: bool = False,
) -> Saved:
    """Save the draft and, with ``submit``, submit it in the same step. Typed values are never
    lost: a refused submission leaves the draft saved and says why (``Saved.not_submitted``).
    Raises what ``assessment_save_draft`` raises when the draft itself is refused."""
    assessment = assessment_save_draft(
        assessment=assessment, by=by, expected_version=expected_version, scores=scores
    )
    if not submit:
        return Saved(assessment)
    try:
        review_round = assessment_submit(assessment=assessment, by=by)
    except ValidationError as error:
        return Saved(assessment, not_submitted=error)
    return Saved(assessment, submitted=review_round)
