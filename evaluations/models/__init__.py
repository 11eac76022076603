from .assessment import Assessment, Evidence, ReviewRound, Score
from .cycle import AssessmentCycle, CycleKind
from .indicators import Indicator, IndicatorTemplate, ScoringMethod, TemplateKind, TemplateStatus
from .status import AssessmentStatus, Grade, ReviewDecision

__all__ = [
    "Assessment",
    "AssessmentCycle",
    "AssessmentStatus",
    "CycleKind",
    "Evidence",
    "Grade",
    "Indicator",
    "IndicatorTemplate",
    "ReviewDecision",
    "ReviewRound",
    "Score",
    "ScoringMethod",
    "TemplateKind",
    "TemplateStatus",
]
