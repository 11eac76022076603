"""Excel (.xlsx) downloads of what a user sees, with Chinese headers."""

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal
from io import BytesIO

from django.http import HttpResponse
from django.utils.encoding import escape_uri_path
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


# Text starting with one of these is a formula (or turns into one when edited) in Excel and other
# spreadsheets: "formula injection" (OWASP, CSV injection). Such text is written as a text cell
# with Excel's quote prefix, never as a formula; it reads back unchanged on import.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def _cell(sheet, value):
    if isinstance(value, Decimal | int | float | date | datetime) or value is None:
        return value.replace(tzinfo=None) if isinstance(value, datetime) else value
    # Control characters cannot be stored in a sheet (openpyxl refuses them); old data may hold some.
    text = ILLEGAL_CHARACTERS_RE.sub("", str(value))
    if text.startswith(FORMULA_TRIGGERS):
        cell = WriteOnlyCell(sheet, value=text)
        cell.data_type = "s"
        cell.quotePrefix = True
        return cell
    return text


def xlsx_bytes(*, title: str, headers: Sequence[str], rows: Iterable[Sequence]) -> bytes:
    """One sheet: a bold header row, then the rows. Streams rows through openpyxl's write-only
    mode so large exports do not build the whole sheet in memory as cell objects."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    sheet.append([_bold(sheet, str(header)) for header in headers])
    for row in rows:
        sheet.append([_cell(sheet, v) for v in row])
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _bold(sheet, text: str) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=text)
    cell.font = Font(bold=True)
    return cell


def xlsx_response(
    *, filename: str, title: str, headers: Sequence[str], rows: Iterable[Sequence]
) -> HttpResponse:
    response = HttpResponse(
        xlsx_bytes(title=title, headers=headers, rows=rows), content_type=XLSX_CONTENT_TYPE
    )
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{escape_uri_path(filename)}"
    response["X-Content-Type-Options"] = "nosniff"
    return response
