"""What the change history traces in this app, and how each change reads (registered in ready())."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.history import HistorySource, register_history

from . import models


def points(value) -> str:
    return _("%(points)s points") % {"points": value}


def _assessment_project(record):
    project = record.assessment.project if hasattr(record, "assessment") else record.project
    return (project.pk, project.code)


def register_sources() -> None:
    assessment_kind = ("assessment", gettext_lazy("Assessments and scores"))
    template_kind = ("template", gettext_lazy("Templates and cycles"))
    sources = [
        HistorySource(
            models.Assessment,
            *assessment_kind,
            project_lookup="project",
            related=("project", "cycle", "agency"),
            label=lambda r: f"{r.cycle} · {r.agency}",
            project=_assessment_project,
            formats={"total": points},
            skipped=frozenset({"project", "cycle", "created_at", "assigned_by"}),
        ),
        HistorySource(
            models.Score,
            *assessment_kind,
            project_lookup="assessment__project",
            related=("assessment__project", "indicator"),
            label=lambda r: _("Score: %(indicator)s") % {"indicator": r.indicator.name},
            project=_assessment_project,
            formats={"value": points},
            skipped=frozenset({"assessment", "indicator"}),
        ),
        HistorySource(
            models.ReviewRound,
            *assessment_kind,
            project_lookup="assessment__project",
            related=("assessment__project",),
            label=lambda r: _("Submission %(number)s") % {"number": r.number},
            project=_assessment_project,
            formats={"total": points},
            skipped=frozenset({"assessment", "number", "submitted_at", "submitted_by"}),
        ),
        HistorySource(
            models.IndicatorTemplate,
            *template_kind,
            label=lambda r: f"{r.name} v{r.version}",
            skipped=frozenset({"created_at", "created_by"}),
        ),
        HistorySource(
            models.Indicator,
            *template_kind,
            related=("template",),
            label=lambda r: f"{r.template} · {r.name}",
            formats={"points": points},
            skipped=frozenset({"template", "parent", "order"}),
        ),
        HistorySource(
            models.AssessmentCycle,
            *template_kind,
            label=lambda r: r.name,
            skipped=frozenset({"created_at", "created_by"}),
        ),
    ]
    for source in sources:
        register_history(source)
