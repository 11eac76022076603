from .budget import BudgetAdjustment, BudgetLine, FundingSource, SpendingRecord
from .execution import AnnualPlan, AnnualPlanItem, Milestone, PlanAmendment, Problem
from .lifecycle import ApprovalReview, ReviewCondition, ReviewOpinion, StageMoveRequest, StageTransition
from .portfolio import DataOrigin, Ease, Project, ProjectGroup, Stage, Urgency

__all__ = [
    "AnnualPlan",
    "AnnualPlanItem",
    "ApprovalReview",
    "BudgetAdjustment",
    "BudgetLine",
    "DataOrigin",
    "Ease",
    "FundingSource",
    "Milestone",
    "PlanAmendment",
    "Problem",
    "Project",
    "ProjectGroup",
    "ReviewCondition",
    "ReviewOpinion",
    "SpendingRecord",
    "Stage",
    "StageMoveRequest",
    "StageTransition",
    "Urgency",
]
