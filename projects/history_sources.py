"""What the change history traces in this app, and how each change reads (registered in ready())."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.history import HistorySource, register_history
from core.money import format_wan

from . import models


def money(value) -> str:
    return _("%(amount)s 10k yuan") % {"amount": format_wan(value)}


def _project_of(path: str):
    """(pk, code) of the project reached from a historical row through ``path`` ("line__project")."""

    def project(record):
        obj = record
        for step in path.split("__"):
            obj = getattr(obj, step)
        return (obj.pk, obj.code)

    return project


def register_sources() -> None:
    project_kind = ("project", gettext_lazy("Project record and stage"))
    budget_kind = ("budget", gettext_lazy("Budget and spending"))
    review_kind = ("review", gettext_lazy("Approval review"))
    plan_kind = ("plan", gettext_lazy("Annual plans"))
    organisation_kind = ("organisation", gettext_lazy("Departments, agencies, funding sources"))
    sources = [
        HistorySource(
            models.Project,
            *project_kind,
            project_lookup="id",
            label=lambda r: f"{r.code} {r.name}",
            project=lambda r: (r.id, r.code),
            formats={"estimated_budget": money},
            skipped=frozenset({"created_at", "created_by", "origin"}),
        ),
        HistorySource(
            models.StageMoveRequest,
            *project_kind,
            project_lookup="project",
            related=("project",),
            label=lambda r: _("Request to move to %(stage)s") % {"stage": r.get_to_stage_display()},
            project=_project_of("project"),
            skipped=frozenset({"project", "requested_at"}),
        ),
        HistorySource(
            models.BudgetLine,
            *budget_kind,
            project_lookup="project",
            related=("project", "source"),
            label=lambda r: f"{r.year} {r.source}",
            project=_project_of("project"),
            formats={"approved": money, "allocated": money, "spent": money},
            skipped=frozenset({"project"}),
        ),
        HistorySource(
            models.SpendingRecord,
            *budget_kind,
            project_lookup="line__project",
            related=("line__project", "line__source"),
            label=lambda r: (
                (_("Reversal: ") if r.reverses_id else "")
                + f"{r.line.year} {r.line.source} · {r.spent_on:%Y-%m-%d} · {money(r.amount)}"
            ),
            project=_project_of("line__project"),
            formats={"amount": money},
            skipped=frozenset({"line", "recorded_at", "recorded_by"}),
        ),
        HistorySource(
            models.BudgetAdjustment,
            *budget_kind,
            project_lookup="line__project",
            related=("line__project", "line__source"),
            label=lambda r: _("Adjustment of %(line)s") % {"line": f"{r.line.year} {r.line.source}"},
            project=_project_of("line__project"),
            formats={"old_amount": money, "new_amount": money},
            skipped=frozenset({"line", "requested_at", "requested_by"}),
        ),
        HistorySource(
            models.Milestone,
            "milestone",
            gettext_lazy("Milestones"),
            project_lookup="project",
            related=("project",),
            label=lambda r: r.title,
            project=_project_of("project"),
            skipped=frozenset({"project"}),
        ),
        HistorySource(
            models.Problem,
            "problem",
            gettext_lazy("Problems"),
            project_lookup="project",
            related=("project",),
            label=lambda r: r.title,
            project=_project_of("project"),
            skipped=frozenset({"project", "raised_at", "raised_by"}),
        ),
        HistorySource(
            models.ApprovalReview,
            *review_kind,
            project_lookup="project",
            related=("project",),
            label=lambda r: _("Review round %(number)s") % {"number": r.round_no},
            project=_project_of("project"),
            skipped=frozenset({"project", "opened_at", "opened_by"}),
        ),
        HistorySource(
            models.ReviewOpinion,
            *review_kind,
            project_lookup="review__project",
            related=("review__project",),
            label=lambda r: _("Opinion of %(reviewer)s") % {"reviewer": r.reviewer},
            project=_project_of("review__project"),
            skipped=frozenset({"review", "recorded_at", "recorded_by"}),
        ),
        HistorySource(
            models.ReviewCondition,
            *review_kind,
            project_lookup="review__project",
            related=("review__project",),
            label=lambda r: _("Condition: %(text)s") % {"text": r.text[:40]},
            project=_project_of("review__project"),
            skipped=frozenset({"review"}),
        ),
        HistorySource(
            models.AnnualPlanItem,
            *plan_kind,
            project_lookup="project",
            related=("plan", "project"),
            label=lambda r: f"{r.plan.title} · {r.project.code}",
            project=_project_of("project"),
            skipped=frozenset({"plan"}),
        ),
        HistorySource(models.AnnualPlan, *plan_kind, label=lambda r: r.title),
        HistorySource(
            models.PlanAmendment,
            *plan_kind,
            related=("plan",),
            label=lambda r: _("Amendment of %(plan)s") % {"plan": r.plan.title},
            skipped=frozenset({"plan", "at", "by"}),
        ),
        HistorySource(models.FundingSource, *organisation_kind, label=lambda r: r.name),
    ]
    for source in sources:
        register_history(source)
