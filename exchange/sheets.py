"""The four exchanged sheets and their columns. Export-only columns (stage, spent, names
shown for reading) are ignored on import."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from projects.models import Ease, Stage, Urgency
from projects.models.execution import MilestoneStatus

from .columns import (
    Column,
    choice_parser,
    parse_boolean,
    parse_date,
    parse_decimal,
    parse_integer,
    parse_text,
    yes_no,
)


class Kind(models.TextChoices):
    PROJECTS = "projects", _("Projects")
    BUDGET_LINES = "budget-lines", _("Budget lines")
    MILESTONES = "milestones", _("Milestones")
    PROBLEMS = "problems", _("Problems")
    ASSESSMENTS = "assessments", _("Assessment results")


IMPORTABLE_KINDS = (Kind.PROJECTS, Kind.BUDGET_LINES, Kind.MILESTONES)


def _name_or_blank(obj) -> str:
    return obj.name if obj else ""


PROJECT_CODE = Column("project", _("Project code"), lambda row: row.project.code, parse_text, required=True)
PROJECT_NAME = Column("project_name", _("Project name"), lambda row: row.project.name)

COLUMNS: dict[str, list[Column]] = {
    Kind.PROJECTS: [
        Column("code", _("Project code"), lambda p: p.code, parse_text, required=True),
        Column("name", _("Project name"), lambda p: p.name, parse_text, required=True),
        Column("name_en", _("English name"), lambda p: p.name_en, parse_text),
        Column("group", _("Group"), lambda p: p.group.name, parse_text, required=True),
        Column(
            "lead_department", _("Lead department"), lambda p: _name_or_blank(p.lead_department), parse_text
        ),
        Column("stage", _("Stage"), lambda p: p.get_stage_display()),
        Column("responsible_person", _("Responsible person"), lambda p: p.responsible_person, parse_text),
        Column("responsible_contact", _("Contact"), lambda p: p.responsible_contact, parse_text),
        Column("implementer", _("Implementer"), lambda p: p.implementer, parse_text),
        Column("is_key", _("Key project"), lambda p: yes_no(p.is_key), parse_boolean),
        Column("ease", _("Ease"), lambda p: p.get_ease_display(), choice_parser(Ease)),
        Column("urgency", _("Urgency"), lambda p: p.get_urgency_display(), choice_parser(Urgency)),
        Column("planned_start", _("Planned start"), lambda p: p.planned_start, parse_date),
        Column("planned_end", _("Planned end"), lambda p: p.planned_end, parse_date),
        Column(
            "estimated_budget",
            _("Estimated budget (yuan)"),
            lambda p: p.estimated_budget,
            parse_decimal,
        ),
        Column("description", _("Description"), lambda p: p.description, parse_text),
        Column("objectives", _("Objectives"), lambda p: p.objectives, parse_text),
    ],
    Kind.BUDGET_LINES: [
        PROJECT_CODE,
        PROJECT_NAME,
        Column("year", _("Year"), lambda line: line.year, parse_integer, required=True),
        Column("source", _("Funding source"), lambda line: line.source.name, parse_text, required=True),
        Column("approved", _("Approved (yuan)"), lambda line: line.approved, parse_decimal, required=True),
        Column("allocated", _("Allocated (yuan)"), lambda line: line.allocated, parse_decimal),
        Column("allocated_on", _("Allocated on"), lambda line: line.allocated_on, parse_date),
        Column("spent", _("Spent (yuan)"), lambda line: line.spent),
        Column("note", _("Note"), lambda line: line.note, parse_text),
    ],
    Kind.MILESTONES: [
        PROJECT_CODE,
        PROJECT_NAME,
        Column("title", _("Milestone"), lambda m: m.title, parse_text, required=True),
        Column("planned_date", _("Planned date"), lambda m: m.planned_date, parse_date, required=True),
        Column("stage", _("Stage"), lambda m: m.get_stage_display(), choice_parser(Stage)),
        Column("status", _("Status"), lambda m: m.get_status_display(), choice_parser(MilestoneStatus)),
        Column("actual_date", _("Actual date"), lambda m: m.actual_date, parse_date),
        Column("weight", _("Weight"), lambda m: m.weight, parse_integer),
        Column("waived_reason", _("Reason for waiving"), lambda m: m.waived_reason, parse_text),
    ],
    Kind.PROBLEMS: [
        PROJECT_CODE,
        PROJECT_NAME,
        Column("title", _("Problem"), lambda p: p.title),
        Column("severity", _("Severity"), lambda p: p.get_severity_display()),
        Column("status", _("Status"), lambda p: p.get_status_display()),
        Column("raised_at", _("Raised on"), lambda p: p.raised_at.date()),
        Column("due_date", _("Due date"), lambda p: p.due_date),
        Column("owner", _("Owner"), lambda p: p.owner.get_full_name() or p.owner.username if p.owner else ""),
        Column("resolution", _("Resolution"), lambda p: p.resolution),
    ],
    Kind.ASSESSMENTS: [
        PROJECT_CODE,
        PROJECT_NAME,
        Column("cycle", _("Assessment cycle"), lambda a: a.cycle.name),
        Column("year", _("Year"), lambda a: a.cycle.year),
        Column("agency", _("Agency"), lambda a: a.scorer_name),
        Column("status", _("Status"), lambda a: a.get_status_display()),
        Column("due_on", pgettext_lazy("assessment", "Due date"), lambda a: a.due_on),
        Column("total", _("Total score"), lambda a: a.total),
        Column("grade", _("Grade"), lambda a: a.get_grade_display()),
        Column("accepted_at", _("Accepted on"), lambda a: a.accepted_at.date() if a.accepted_at else None),
    ],
}
