"""A template, or a scored assessment, as the published 绩效自评表 lays it out:
一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因分析及改进措施,
with the group columns merged over their rows and the budget block on top of a scored table."""

from decimal import Decimal
from io import BytesIO

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from .models import Assessment, Indicator, IndicatorTemplate

HEADERS = (
    "一级指标",
    "二级指标",
    "三级指标",
    "年度指标值",
    "实际完成值",
    "分值",
    "得分",
    "偏差原因分析及改进措施",
    "指标解释",
    "评分标准",
)
WIDTHS = (12, 14, 26, 14, 16, 8, 8, 30, 30, 30)
THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP = Alignment(wrap_text=True, vertical="center")


def _number(value: Decimal | None) -> str:
    if value is None:
        return ""
    return (
        format(value.normalize(), "f")
        if value == value.to_integral_value()
        else format(value, "f").rstrip("0")
    )


def _target(indicator: Indicator) -> str:
    parts = [
        f"{_number(indicator.target)}{indicator.unit}" if indicator.target is not None else "",
        indicator.target_text,
    ]
    return " ".join(p for p in parts if p)


def _paths(nodes: list[Indicator]) -> list[tuple[Indicator, list[Indicator]]]:
    """Every leaf with its ancestors (top first), in reading order."""
    by_pk = {n.pk: n for n in nodes}
    result = []
    for node in nodes:
        if node.is_leaf:
            path, parent = [node], node.parent_id
            while parent is not None:
                path.insert(0, by_pk[parent])
                parent = by_pk[parent].parent_id
            result.append((node, path))
    return result


def published_table_bytes(*, template: IndicatorTemplate, assessment: Assessment | None = None) -> bytes:
    nodes = list(template.indicators.order_by("order"))
    scores = {s.indicator_id: s for s in assessment.scores.all()} if assessment else {}
    book = Workbook()
    sheet = book.active
    sheet.title = "绩效评价表"
    title = template.name if assessment is None else f"{template.name} — {assessment.project.name}"
    sheet.append([title])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADERS))
    sheet.cell(1, 1).font = Font(bold=True, size=14)
    if assessment is not None:
        sheet.append(
            [f"{_('Assessment cycle')}：{assessment.cycle.name}　{_('Agency')}：{assessment.agency.name}"]
        )
        budget = next(
            (
                s
                for s in scores.values()
                if s.computed.get("figures") and s.indicator.source == "budget_execution"
            ),
            None,
        )
        if budget is not None:
            figures = budget.computed["figures"]
            sheet.append([label for label, _text in figures] + ["分值", "得分"])
            sheet.append([text for _label, text in figures] + [budget.indicator.points, budget.value])
    sheet.append(list(HEADERS))
    header_row = sheet.max_row
    for column in range(1, len(HEADERS) + 1):
        sheet.cell(header_row, column).font = Font(bold=True)
    spans: dict[tuple[int, int], list[int]] = {}  # (column, ancestor id) → rows
    for leaf, path in _paths(nodes):
        names = [n.name for n in path]
        levels = [names[0], names[1] if len(names) > 1 else "", " / ".join(names[2:])]
        score = scores.get(leaf.pk)
        actual = ""
        if score is not None and score.computed.get("value") and score.actual is None:
            actual = f"{score.computed['value']}{score.computed.get('unit', '')}"
        elif score is not None:
            number = f"{_number(score.actual)}{leaf.unit}" if score.actual is not None else ""
            actual = " ".join(p for p in (number, score.actual_text) if p)
        sheet.append(
            levels
            + [
                _target(leaf),
                actual,
                leaf.points,
                score.value if score is not None else None,
                score.deviation if score is not None else "",
                leaf.explanation or leaf.key_points,
                leaf.criteria,
            ]
        )
        row = sheet.max_row
        # A leaf above the third level spans the level columns it leaves empty.
        if len(path) < 3:
            sheet.merge_cells(start_row=row, start_column=len(path), end_row=row, end_column=3)
        for column, ancestor in enumerate(path[: min(len(path) - 1, 2)], start=1):
            spans.setdefault((column, ancestor.pk), []).append(row)
    for (column, _pk), rows in spans.items():
        if len(rows) > 1:
            sheet.merge_cells(start_row=rows[0], start_column=column, end_row=rows[-1], end_column=column)
    total = sum((s.value for s in scores.values() if s.value is not None), Decimal("0"))
    sheet.append(["合计", "", "", "", "", template.declared_total, total if assessment else None])
    sheet.merge_cells(start_row=sheet.max_row, start_column=1, end_row=sheet.max_row, end_column=5)
    for row in sheet.iter_rows(min_row=header_row, max_row=sheet.max_row):
        for cell in row:
            cell.border, cell.alignment = BOX, WRAP
    for index, width in enumerate(WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    out = BytesIO()
    book.save(out)
    return out.getvalue()
