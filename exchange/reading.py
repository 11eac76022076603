"""Reading an uploaded workbook safely: the file is checked before openpyxl parses it,
and rows are streamed (read-only mode) so a huge sheet is refused without loading it."""

import zipfile
from pathlib import Path

from django.utils.translation import gettext as _
from openpyxl import load_workbook

from .columns import is_blank

MAX_ROWS = 5000
MAX_FILE_BYTES = 10 * 1024 * 1024
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
# Office stores a password-protected .xlsx as an OLE container with this stream.
ENCRYPTION_STREAM = "EncryptionInfo".encode("utf-16-le")


class ImportFileError(Exception):
    """The file as a whole cannot be imported; the message says why, for the user."""


def check_workbook_file(path: Path, *, filename: str) -> None:
    if path.stat().st_size > MAX_FILE_BYTES:
        raise ImportFileError(_("The file is larger than 10 MB."))
    if filename.lower().endswith((".xlsm", ".xltm")):
        raise ImportFileError(
            _("Macro-enabled workbooks are refused; save the file as .xlsx without macros.")
        )
    with path.open("rb") as handle:
        head = handle.read(8)
    if head == OLE_MAGIC:
        if ENCRYPTION_STREAM in path.read_bytes():
            raise ImportFileError(
                _("The workbook is password-protected; remove the password and upload again.")
            )
        raise ImportFileError(_("This is an old Excel (.xls) file; save it as .xlsx and upload again."))
    if not head.startswith(ZIP_MAGIC) or not zipfile.is_zipfile(path):
        raise ImportFileError(_("This is not an Excel (.xlsx) file."))
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
    if any(name.lower().endswith("vbaproject.bin") for name in names):
        raise ImportFileError(
            _("Macro-enabled workbooks are refused; save the file as .xlsx without macros.")
        )
    if "xl/workbook.xml" not in names:
        raise ImportFileError(_("This is not an Excel (.xlsx) file."))


def read_sheet(path: Path, *, max_rows: int = MAX_ROWS) -> tuple[tuple, list[tuple[int, tuple]]]:
    """The header row and the non-empty data rows (with their Excel row numbers) of the
    first sheet. Stops reading as soon as the row limit is passed."""
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception:
        raise ImportFileError(_("The workbook cannot be read; save it again as .xlsx.")) from None
    try:
        rows = enumerate(workbook.worksheets[0].iter_rows(values_only=True), start=1)
        header = next(rows, None)
        if header is None or all(is_blank(cell) for cell in header[1]):
            raise ImportFileError(_("The sheet is empty."))
        data = []
        for number, cells in rows:
            if all(is_blank(cell) for cell in cells):
                continue
            if len(data) == max_rows:
                raise ImportFileError(
                    _("The file has more than %(limit)s rows; split it into files of at most %(limit)s rows.")
                    % {"limit": f"{max_rows:,}"}
                )
            data.append((number, cells))
        if not data:
            raise ImportFileError(_("The sheet has no rows under the header."))
        return header[1], data
    finally:
        workbook.close()
