"""Import of projects, budget lines and milestones: a plan (every row with its errors)
is computed without writing; confirming recomputes the plan and writes all of it in one
transaction, or nothing when any row has an error. Rows whose values already match the
database are left alone, so importing the same file twice changes nothing."""

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, FieldDoesNotExist, ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from core.validation import CONTROL_CHARACTERS, text_max_length
from organisation.models import Department
from projects.models import (
    BudgetLine,
    DataOrigin,
    FundingSource,
    Milestone,
    Project,
    ProjectGroup,
)
from projects.services.budget import budget_line_create, budget_line_update
from projects.services.execution import MILESTONE_EDITABLE_FIELDS, milestone_create, milestone_update
from projects.services.portfolio import project_create, project_update

from .columns import CellError, Column
from .reading import MAX_ROWS, ImportFileError, read_sheet
from .sheets import COLUMNS, Kind

# A cell of a column without a text field of its own (a code, a number, a date) holds at most this.
CELL_MAX_CHARS = 200
# A cell too long to import is shown cut to this many characters in the preview.
PREVIEW_CHARS = 200


class Action(models.TextChoices):
    CREATE = "create", _("New")
    UPDATE = "update", _("Changed")
    UNCHANGED = "unchanged", _("Unchanged")
    ERROR = "error", _("Error")


@dataclass
class RowError:
    row: int
    column: str
    reason: str


@dataclass
class PlannedRow:
    number: int
    cells: list[Any]
    errors: list[RowError] = field(default_factory=list)
    instance: models.Model | None = None
    changed: dict[str, Any] = field(default_factory=dict)
    is_new: bool = False

    @property
    def action(self) -> str:
        if self.errors:
            return Action.ERROR
        if self.is_new:
            return Action.CREATE
        return Action.UPDATE if self.changed else Action.UNCHANGED


@dataclass
class ImportPlan:
    kind: str
    columns: list[Column]
    rows: list[PlannedRow]

    @property
    def errors(self) -> list[RowError]:
        return [error for row in self.rows for error in row.errors]

    def count(self, action: str) -> int:
        return sum(1 for row in self.rows if row.action == action)

    @property
    def counts(self) -> dict[str, int]:
        return {action.value: self.count(action) for action in Action}


class ImportRefusedError(Exception):
    def __init__(self, plan: ImportPlan):
        super().__init__(_("The file has errors; nothing was imported."))
        self.plan = plan


def importable_columns(kind: str) -> list[Column]:
    return [column for column in COLUMNS[kind] if column.importable]


def read_import(*, kind: str, path: Path, max_rows: int = MAX_ROWS) -> tuple[dict[str, int], list]:
    """The column positions and data rows of a file, or ImportFileError when the file as
    a whole cannot be imported (not Excel, macros, password, empty, too long, no headers)."""
    header, data = read_sheet(path, max_rows=max_rows)
    return _column_positions(importable_columns(kind), header), data


def plan_import(*, kind: str, path: Path) -> ImportPlan:
    """Reads the file and checks every row against the database; writes nothing."""
    positions, data = read_import(kind=kind, path=path)
    columns = importable_columns(kind)
    importer = IMPORTERS[kind](data=[cells for _number, cells in data], positions=positions)
    rows = []
    seen_keys: dict[tuple, int] = {}
    limits = {column.field: _cell_limit(importer.model, column.field) for column in columns}
    for number, cells in data:
        row = PlannedRow(
            number=number,
            cells=[_shown(_cell(cells, positions.get(c.field)), limits[c.field]) for c in columns],
        )
        values = {}
        for column in columns:
            if column.field not in positions:
                continue
            raw = cells[positions[column.field]] if positions[column.field] < len(cells) else None
            try:
                _check_cell(raw, limits[column.field])
                values[column.field] = column.parse(raw)
            except CellError as error:
                row.errors.append(RowError(number, str(column.label), str(error)))
                continue
            if column.required and values[column.field] in ("", None):
                row.errors.append(RowError(number, str(column.label), _("This cell must not be empty.")))
        importer.plan_row(row, values, seen_keys)
        rows.append(row)
    return ImportPlan(kind=kind, columns=columns, rows=rows)


@transaction.atomic
def import_confirm(*, kind: str, path: Path, by) -> ImportPlan:
    """Writes every new and changed row, or nothing when any row has an error."""
    plan = plan_import(kind=kind, path=path)
    if plan.errors:
        raise ImportRefusedError(plan)
    importer = IMPORTERS[kind]
    for row in plan.rows:
        if row.action in (Action.CREATE, Action.UPDATE):
            importer.save(row, by=by)
    return plan


def _column_positions(columns: list[Column], header: tuple) -> dict[str, int]:
    positions = {}
    for column in columns:
        for index, text in enumerate(header):
            if column.header_matches(text):
                positions[column.field] = index
                break
        else:
            if column.required:
                raise ImportFileError(
                    _("The column “%(column)s” is missing; start from the downloadable template.")
                    % {"column": column.label}
                )
    return positions


def _cell_limit(model: type[models.Model], name: str) -> int:
    """The longest text a cell of this column may hold: its model field's bound."""
    try:
        limit = text_max_length(model._meta.get_field(name))
    except FieldDoesNotExist:
        limit = None
    return limit or CELL_MAX_CHARS


def _check_cell(raw: Any, limit: int) -> None:
    """Each cell is bounded by its field, and refused with control characters, before parsing."""
    if isinstance(raw, str):
        text = raw.strip()
        if len(text) > limit:
            raise CellError(
                _("Too long: %(length)s characters, at most %(limit)s.")
                % {"length": f"{len(text):,}", "limit": f"{limit:,}"}
            )
        if CONTROL_CHARACTERS.search(text):
            raise CellError(_("Remove the control characters (such as NUL) from this text."))


def _shown(value: Any, limit: int) -> Any:
    """A cell as the preview shows it: never more than its field may hold."""
    if isinstance(value, str) and len(value) > limit:
        return value[:PREVIEW_CHARS] + "…"
    return value


def _cell(cells: tuple, position: int | None) -> Any:
    if position is None or position >= len(cells):
        return None
    return cells[position]


class Importer:
    """One kind of row. Loads what the rows refer to in a few queries up front; each kind's
    ``save`` writes a row through the same create or update service as the form."""

    model: type[models.Model]
    fields: tuple[str, ...]

    def __init__(self, *, data: list[tuple], positions: dict[str, int]):
        self.columns = {column.field: column for column in importable_columns(self.kind)}

    def label(self, name: str) -> str:
        column = self.columns.get(name)
        return str(column.label) if column else "—"

    def plan_row(self, row: PlannedRow, values: dict, seen_keys: dict) -> None:
        """Checks the references of a row, its natural key, then the rules of the importer and of
        the model, and lists every error it finds (a bad cell does not hide the others)."""
        errors: list[tuple[str, str]] = []
        resolved = self.resolve(values, errors)
        row.errors.extend(RowError(row.number, self.label(name), reason) for name, reason in errors)
        failed = {name for name, _reason in errors} | {
            name
            for name, column in self.columns.items()
            if str(column.label) in {e.column for e in row.errors}
        }
        key = self.natural_key_of(resolved, failed)
        if key is not None and key in seen_keys:
            row.errors.append(
                RowError(
                    row.number, "—", _("Same row as row %(row)s of this file.") % {"row": seen_keys[key]}
                )
            )
            return
        if key is not None:
            seen_keys[key] = row.number
        instance = self.existing.get(key) if key is not None else None
        row.is_new = instance is None
        if row.is_new:
            instance = self.model(**self.new_defaults())
        for name, value in resolved.items():
            if name in failed or (
                value is None and isinstance(self.model._meta.get_field(name), models.ForeignKey)
            ):
                continue
            if row.is_new or _differs(getattr(instance, name), value):
                row.changed[name] = value
                setattr(instance, name, value)
        row.instance = instance
        for name, reason in self.rule_errors(instance, row):
            row.errors.append(RowError(row.number, self.label(name), reason))
            failed.add(name)
        if not row.errors and not row.changed:
            return
        try:
            instance.full_clean(
                exclude=[*self.unchecked_fields(), *failed, *self.missing_references(instance)]
            )
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                if name in failed:
                    continue  # the model's clean() says again what a rule above already said
                label = "—" if name == NON_FIELD_ERRORS else self.label(name)
                row.errors.extend(RowError(row.number, label, message) for message in messages)

    def natural_key_of(self, resolved: dict, failed: set[str]) -> tuple | None:
        """The row's natural key, or None when a part of it could not be read."""
        try:
            return self.natural_key(resolved)
        except (KeyError, AttributeError, TypeError):
            return None

    def missing_references(self, instance) -> list[str]:
        """Foreign keys left empty because their cell could not be resolved: not checked again."""
        return [
            field.name
            for field in instance._meta.concrete_fields
            if isinstance(field, models.ForeignKey) and getattr(instance, field.attname) is None
        ]

    def new_defaults(self) -> dict:
        return {}

    def unchecked_fields(self) -> list[str]:
        return []

    def rule_errors(self, instance, row: PlannedRow) -> list[tuple[str, str]]:
        return []


def _differs(current: Any, new: Any) -> bool:
    if isinstance(current, models.Model) or isinstance(new, models.Model):
        return getattr(current, "pk", None) != getattr(new, "pk", None)
    return current != new


def _lookup(objects, *keys: str) -> dict[str, Any]:
    table = {}
    for obj in objects:
        for key in keys:
            table.setdefault(getattr(obj, key), obj)
    return table


class ProjectImporter(Importer):
    kind = Kind.PROJECTS
    model = Project

    def __init__(self, *, data, positions):
        super().__init__(data=data, positions=positions)
        self.groups = _lookup(ProjectGroup.objects.all(), "code", "name")
        self.departments = _lookup(Department.objects.all(), "code", "name")
        codes = {str(cells[positions["code"]]).strip() for cells in data if positions["code"] < len(cells)}
        self.existing = {
            (p.code,): p
            for p in Project.objects.filter(code__in=codes).select_related("group", "lead_department")
        }

    def resolve(self, values: dict, errors: list) -> dict:
        resolved = dict(values)
        resolved["group"] = self.groups.get(values["group"])
        if values["group"] and resolved["group"] is None:
            errors.append(("group", _("No group “%(value)s”.") % {"value": values["group"]}))
        if "lead_department" in values:
            name = values["lead_department"]
            resolved["lead_department"] = self.departments.get(name) if name else None
            if name and resolved["lead_department"] is None:
                errors.append(("lead_department", _("No department “%(value)s”.") % {"value": name}))
        for choice in ("ease", "urgency"):
            if resolved.get(choice) == "":
                resolved.pop(choice)
        return resolved

    def natural_key(self, resolved: dict) -> tuple:
        return (resolved["code"],)

    def new_defaults(self) -> dict:
        return {"origin": DataOrigin.OFFICE}

    @classmethod
    def save(cls, row: PlannedRow, *, by) -> None:
        if row.is_new:
            project_create(by=by, origin=DataOrigin.OFFICE, **row.changed)
        else:
            project_update(project=row.instance, by=by, expected_version=row.instance.version, **row.changed)


class ProjectRowsImporter(Importer):
    """Budget lines and milestones: rows that belong to an existing project."""

    def __init__(self, *, data, positions):
        super().__init__(data=data, positions=positions)
        codes = {
            str(cells[positions["project"]]).strip() for cells in data if positions["project"] < len(cells)
        }
        self.projects = {p.code: p for p in Project.objects.filter(code__in=codes)}

    def resolve_project(self, values: dict, errors: list) -> dict:
        resolved = dict(values)
        resolved["project"] = self.projects.get(values["project"])
        if values["project"] and resolved["project"] is None:
            errors.append(("project", _("No project with code “%(value)s”.") % {"value": values["project"]}))
        return resolved


class BudgetLineImporter(ProjectRowsImporter):
    kind = Kind.BUDGET_LINES
    model = BudgetLine

    def __init__(self, *, data, positions):
        super().__init__(data=data, positions=positions)
        self.sources = _lookup(FundingSource.objects.all(), "code", "name")
        self.existing = {
            (line.project_id, line.year, line.source_id): line
            for line in BudgetLine.objects.filter(project__in=self.projects.values()).select_related(
                "project", "source"
            )
        }

    def resolve(self, values: dict, errors: list) -> dict:
        resolved = self.resolve_project(values, errors)
        resolved["source"] = self.sources.get(values["source"])
        if values["source"] and resolved["source"] is None:
            errors.append(("source", _("No funding source “%(value)s”.") % {"value": values["source"]}))
        if resolved.get("allocated") is None:
            resolved.pop("allocated", None)
        return resolved

    def natural_key(self, resolved: dict) -> tuple:
        return (resolved["project"].pk, resolved["year"], resolved["source"].pk)

    def rule_errors(self, instance, row: PlannedRow) -> list[tuple[str, str]]:
        errors = []
        if not row.is_new and "approved" in row.changed:
            errors.append(
                (
                    "approved",
                    _("The approved amount of an existing line changes through a budget adjustment."),
                )
            )
        if instance.allocated is not None and instance.allocated < instance.spent:
            errors.append(
                ("allocated", _("Below what was already spent (%(spent)s yuan).") % {"spent": instance.spent})
            )
        return errors

    @classmethod
    def save(cls, row: PlannedRow, *, by) -> None:
        line = row.instance
        if row.is_new:
            budget_line_create(
                project=line.project,
                by=by,
                year=line.year,
                source=line.source,
                approved=line.approved,
                allocated=line.allocated,
                allocated_on=line.allocated_on,
                note=line.note,
            )
        else:
            budget_line_update(
                line=line,
                by=by,
                expected_version=line.version,
                allocated=line.allocated,
                allocated_on=line.allocated_on,
                note=line.note,
            )


class MilestoneImporter(ProjectRowsImporter):
    kind = Kind.MILESTONES
    model = Milestone

    def __init__(self, *, data, positions):
        super().__init__(data=data, positions=positions)
        self.existing = {
            (m.project_id, m.title, m.planned_date): m
            for m in Milestone.objects.filter(project__in=self.projects.values()).select_related("project")
        }

    def resolve(self, values: dict, errors: list) -> dict:
        resolved = self.resolve_project(values, errors)
        for name in ("stage", "status", "weight"):
            if resolved.get(name) in ("", None):
                resolved.pop(name, None)
        return resolved

    def natural_key(self, resolved: dict) -> tuple:
        return (resolved["project"].pk, resolved["title"], resolved["planned_date"])

    @classmethod
    def save(cls, row: PlannedRow, *, by) -> None:
        """The milestone rules (a done one has its date, a waived one its reason, weight ≥ 1) are
        the model's, checked in the preview by ``full_clean`` and again here by the service."""
        milestone = row.instance
        fields = {name: getattr(milestone, name) for name in MILESTONE_EDITABLE_FIELDS}
        if row.is_new:
            milestone_create(project=milestone.project, by=by, **fields)
        else:
            milestone_update(milestone=milestone, by=by, expected_version=milestone.version, **fields)


IMPORTERS: dict[str, type[Importer]] = {
    Kind.PROJECTS: ProjectImporter,
    Kind.BUDGET_LINES: BudgetLineImporter,
    Kind.MILESTONES: MilestoneImporter,
}
