"""Reading a published 评分表 (the layout ``evaluations.excel`` writes) into indicator specs.

Group columns may be merged: an empty 一级/二级 cell continues the group above it. Every row's
problems are collected with its row number; nothing is created here (``services.templates.template_create``
does that, after the office has seen the preview)."""

import re
from dataclasses import asdict, dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from .models import ScoringMethod
from .services.templates import IndicatorSpec

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 500
COLUMNS = {
    "一级指标": "l1",
    "二级指标": "l2",
    "三级指标": "l3",
    "年度指标值": "target",
    "分值": "points",
    "指标解释": "explanation",
    "评分标准": "criteria",
}
# Names the product can compute (evaluations.computed).
SOURCES = {"预算执行率": "budget_execution", "执行率": "budget_execution", "资金到位率": "funds_arrival"}
TARGET = re.compile(r"^\s*([≥≤><=＞＜]*)\s*(-?\d+(?:\.\d+)?)\s*(\S*)\s*$")


@dataclass
class ParsedRow:
    number: int
    path: list[str]
    points: Decimal | None
    target: str
    errors: list[str] = field(default_factory=list)
    explanation: str = ""
    criteria: str = ""


@dataclass
class ParsedTable:
    rows: list[ParsedRow]
    declared_total: Decimal | None
    errors: list[str]

    @property
    def all_errors(self) -> list[str]:
        return self.errors + [
            _("Row %(n)s: %(error)s") % {"n": row.number, "error": error}
            for row in self.rows
            for error in row.errors
        ]


def _text(value) -> str:
    return "" if value is None else str(value).strip()


def _points(value, row: ParsedRow) -> Decimal | None:
    text = _text(value)
    if not text:
        row.errors.append(_("The points (分值) are missing; write 0 for a row that is not scored."))
        return None
    try:
        points = Decimal(text)
    except InvalidOperation:
        row.errors.append(_("The points (分值) “%(text)s” are not a number.") % {"text": text})
        return None
    if points < 0:
        row.errors.append(_("Points cannot be negative."))
    elif points != points.quantize(Decimal("0.01")):
        row.errors.append(_("Points have at most two decimals."))
    return points


def read_published_table(upload) -> ParsedTable:
    if upload.size > MAX_BYTES:
        raise ValidationError(_("The file is larger than 2 MB."))
    try:
        book = load_workbook(upload, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a file that is not a workbook
        raise ValidationError(_("This file cannot be read as an Excel workbook (.xlsx).")) from error
    sheet = book.worksheets[0]
    columns, rows, errors, declared = None, [], [], None
    carry = {"l1": "", "l2": ""}
    for number, values in enumerate(sheet.iter_rows(values_only=True, max_row=MAX_ROWS), start=1):
        cells = [_text(v) for v in values]
        if columns is None:
            if "一级指标" in cells and "分值" in cells:
                columns = {COLUMNS[c]: i for i, c in enumerate(cells) if c in COLUMNS}
            continue
        get = {key: (values[i] if i < len(values) else None) for key, i in columns.items()}
        own = {key: _text(get.get(key)) for key in ("l1", "l2", "l3")}
        if own["l1"].startswith("合计"):
            total = _text(get.get("points"))
            try:
                declared = Decimal(total) if total else None
            except InvalidOperation:
                errors.append(_("The total (合计) “%(text)s” is not a number.") % {"text": total})
            break
        if not any(own.values()) and not _text(get.get("points")):
            continue
        if own["l1"]:
            carry = {"l1": own["l1"], "l2": ""}
        if own["l2"]:
            carry["l2"] = own["l2"]
        if own["l1"] and not own["l2"] and not own["l3"]:
            path = [own["l1"]]
            carry["l2"] = ""
        elif not own["l3"]:
            path = [carry["l1"], own["l2"]] if own["l2"] else [carry["l1"]]
        else:
            path = [p for p in (carry["l1"], carry["l2"]) if p] + [own["l3"]]
        row = ParsedRow(number=number, path=path, points=None, target=_text(get.get("target")))
        if not path[0]:
            row.errors.append(_("The row has no first-level indicator (一级指标)."))
        row.points = _points(get.get("points"), row)
        row.explanation, row.criteria = _text(get.get("explanation")), _text(get.get("criteria"))
        rows.append(row)
    book.close()
    if columns is None:
        errors.append(_("No header row with 一级指标 and 分值 was found on the first sheet."))
    elif not rows:
        errors.append(_("The table has no indicator rows."))
    return ParsedTable(rows=rows, declared_total=declared, errors=errors)


def _leaf_spec(row: ParsedRow) -> IndicatorSpec:
    fields = {"name": row.path[-1], "points": row.points or Decimal("0")}
    fields |= {"explanation": row.explanation, "criteria": row.criteria}
    match = TARGET.match(row.target)
    if row.points == 0:
        fields |= {"method": ScoringMethod.MANUAL, "target_text": row.target}
    elif match and Decimal(match.group(2)) != 0:
        operator, number, unit = match.groups()
        fields |= {
            "method": ScoringMethod.PROPORTIONAL,
            "target": Decimal(number),
            "unit": unit,
            "lower_is_better": operator in ("≤", "<", "＜"),
            "target_text": row.target if operator else "",
        }
    else:
        fields |= {"method": ScoringMethod.BANDED, "target_text": row.target}
    source = SOURCES.get(row.path[-1])
    if source:
        fields |= {
            "source": source,
            "method": ScoringMethod.PROPORTIONAL,
            "target": Decimal("100"),
            "unit": "%",
        }
    return IndicatorSpec(**fields)


def table_specs(table: ParsedTable) -> list[IndicatorSpec]:
    """The rows as a tree of specs: groups by their names in order of first appearance."""
    root: dict = {}
    for row in table.rows:
        level = root
        for name in row.path[:-1]:
            level = level.setdefault(("group", name), {})
        level[("leaf", row.number)] = row

    def build(level) -> list[IndicatorSpec]:
        specs = []
        for (kind, key), value in level.items():
            if kind == "leaf":
                specs.append(_leaf_spec(value))
            else:
                specs.append(IndicatorSpec(name=key, children=tuple(build(value))))
        return specs

    return build(root)


def specs_to_data(specs: list[IndicatorSpec]) -> list[dict]:
    """Specs as JSON-ready data (for the signed preview form)."""

    def plain(spec):
        data = asdict(spec)
        data["children"] = [plain(child) for child in spec.children]
        for key in ("points", "target", "deduction"):
            data[key] = None if data[key] is None else str(data[key])
        return data

    return [plain(spec) for spec in specs]


def specs_from_data(data: list[dict]) -> list[IndicatorSpec]:
    def build(item):
        values = dict(item)
        values["children"] = tuple(build(child) for child in values.get("children", []))
        for key in ("points", "target", "deduction"):
            values[key] = None if values.get(key) is None else Decimal(values[key])
        return IndicatorSpec(**values)

    return [build(item) for item in data]
