"""Writes of the assessment workflow, one module per concern: indicator templates (``templates``),
cycles (``cycles``), assignments and who scores (``assignment``), scoring and submitting
(``assessment``), the office's review (``review``). The public names
are importable from here."""

from .assessment import (
    ROW_INPUTS,
    RowResult,
    Saved,
    assessment_computed,
    assessment_save,
    assessment_save_draft,
    assessment_submit,
    parse_scores,
    score_row,
)
from .assignment import (
    assessment_assign,
    assessment_assign_many,
    assessment_declare_no_conflict,
    can_score,
    require_scorer,
)
from .cycles import cycle_close, cycle_open
from .review import assessment_accept, assessment_return
from .templates import (
    IndicatorSpec,
    template_check_points,
    template_copy,
    template_create,
    template_specs,
    template_update,
)

__all__ = [
    "ROW_INPUTS",
    "IndicatorSpec",
    "RowResult",
    "Saved",
    "assessment_accept",
    "assessment_assign",
    "assessment_assign_many",
    "assessment_computed",
    "assessment_declare_no_conflict",
    "assessment_return",
    "assessment_save",
    "assessment_save_draft",
    "assessment_submit",
    "can_score",
    "cycle_close",
    "cycle_open",
    "parse_scores",
    "require_scorer",
    "score_row",
    "template_check_points",
    "template_copy",
    "template_create",
    "template_specs",
    "template_update",
]
