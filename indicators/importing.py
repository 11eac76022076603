"""Reading an observations workbook (.xlsx) into rows for ``services.observations_check``.

The first sheet, a header row, then one observation per row:
指标代码 | 日期 | 数值 | 精确性 (optional: 精确 / 不低于 / 不高于) | 来源 | 备注 (optional)."""

import datetime
import io
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook, load_workbook

from .models import Bound
from .services import ImportRow

HEADERS = ["指标代码", "日期", "数值", "精确性", "来源", "备注"]
HEADER_HELP = [
    gettext_lazy("indicator code"),
    gettext_lazy("date (YYYY-MM-DD)"),
    gettext_lazy("value (a number)"),
    gettext_lazy("exactness: 精确, 不低于 or 不高于 (empty: exact)"),
    gettext_lazy("source"),
    gettext_lazy("note (optional)"),
]
BOUND_WORDS = {
    "": Bound.EXACT,
    "精确": Bound.EXACT,
    "exact": Bound.EXACT,
    "不低于": Bound.AT_LEAST,
    "超过": Bound.AT_LEAST,
    "at_least": Bound.AT_LEAST,
    "不高于": Bound.AT_MOST,
    "低于": Bound.AT_MOST,
    "at_most": Bound.AT_MOST,
}
MAX_ROWS = 2000


class WorkbookError(Exception):
    """The file as a whole cannot be read (not a workbook, wrong headers, too many rows)."""


def _text(cell) -> str:
    return "" if cell is None else str(cell).strip()


def _date(cell, errors: list[str]) -> datetime.date | None:
    if isinstance(cell, datetime.datetime):
        return cell.date()
    if isinstance(cell, datetime.date):
        return cell
    text = _text(cell)
    if not text:
        errors.append(_("The date is missing."))
        return None
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        errors.append(_("“%(text)s” is not a date; write it as 2015-12-31.") % {"text": text})
        return None


def _value(cell, errors: list[str]) -> Decimal | None:
    if isinstance(cell, bool):
        errors.append(_("The value must be a number."))
        return None
    if isinstance(cell, int | float):
        return Decimal(str(cell))
    text = _text(cell).replace(",", "")
    if not text:
        errors.append(_("The value is missing."))
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        errors.append(_("The value must be a number, not “%(text)s”.") % {"text": _text(cell)})
        return None
    if not value.is_finite():
        errors.append(_("The value must be a number, not “%(text)s”.") % {"text": _text(cell)})
        return None
    return value


def read_rows(content: bytes) -> list[ImportRow]:
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a file that is not a workbook
        raise WorkbookError(_("The file is not an Excel workbook (.xlsx).")) from error
    sheet = workbook.worksheets[0]
    lines = sheet.iter_rows(values_only=True)
    header = [_text(cell) for cell in next(lines, ())]
    if header[:3] != HEADERS[:3]:
        raise WorkbookError(
            _("The first row must hold the headers %(headers)s.") % {"headers": " | ".join(HEADERS)}
        )
    rows = []
    for number, line in enumerate(lines, start=2):
        cells = list(line) + [None] * (len(HEADERS) - len(line))
        if all(_text(cell) == "" for cell in cells):
            continue
        if len(rows) >= MAX_ROWS:
            raise WorkbookError(_("At most %(n)d rows per file.") % {"n": MAX_ROWS})
        errors: list[str] = []
        code = _text(cells[0])
        if not code:
            errors.append(_("The indicator code is missing."))
        observed_on = _date(cells[1], errors)
        value = _value(cells[2], errors)
        bound_word = _text(cells[3])
        bound = BOUND_WORDS.get(bound_word)
        if bound is None:
            errors.append(
                _("Exactness must be 精确, 不低于 or 不高于, not “%(text)s”.") % {"text": bound_word}
            )
            bound = Bound.EXACT
        source = _text(cells[4])
        if not source:
            errors.append(_("The source is missing."))
        rows.append(ImportRow(number, code, observed_on, value, bound, source, _text(cells[5])[:300], errors))
    return rows


def template_workbook() -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "observations"
    sheet.append(HEADERS)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
