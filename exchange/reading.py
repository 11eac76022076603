"""Reading an uploaded workbook safely: the file is checked before openpyxl parses it,
and rows are streamed (read-only mode) so a huge sheet is refused without loading it."""

import zipfile
import zlib
from pathlib import Path

from django.utils.translation import gettext as _
from openpyxl import load_workbook

from .columns import is_blank

MAX_ROWS = 5000
MAX_FILE_BYTES = 10 * 1024 * 1024
# What the parts of the workbook may add up to once unpacked: a 5,000-row sheet is a few MB; a
# small file that unpacks to hundreds of MB (a zip bomb) is refused before anything parses it.
MAX_UNPACKED_BYTES = 50 * 1024 * 1024
# An XML part that declares a document type or entities is refused: an Excel file never needs
# one, and they are how XXE (reading local files) and "billion laughs" (exponential entity
# expansion) attacks work. Checked as bytes in the encodings an XML part may use.
XML_DECLARATIONS = tuple(
    marker.encode(encoding)
    for marker in ("<!DOCTYPE", "<!ENTITY", "<!doctype", "<!entity")
    for encoding in ("utf-8", "utf-16-le", "utf-16-be")
)
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
        _check_parts(archive)
    if any(name.lower().endswith("vbaproject.bin") for name in names):
        raise ImportFileError(
            _("Macro-enabled workbooks are refused; save the file as .xlsx without macros.")
        )
    if "xl/workbook.xml" not in names:
        raise ImportFileError(_("This is not an Excel (.xlsx) file."))


def _check_parts(archive: zipfile.ZipFile) -> None:
    """Unpacks every part as a stream, counting the bytes actually produced (the sizes written
    in the zip can lie) and looking for DOCTYPE/ENTITY declarations in the XML parts."""
    too_big = ImportFileError(
        _("The workbook unpacks to more than %(limit)s MB; split it into smaller files.")
        % {"limit": MAX_UNPACKED_BYTES // (1024 * 1024)}
    )
    if sum(info.file_size for info in archive.infolist()) > MAX_UNPACKED_BYTES:
        raise too_big
    total = 0
    overlap = max(len(marker) for marker in XML_DECLARATIONS)
    for info in archive.infolist():
        is_xml = info.filename.lower().endswith((".xml", ".rels", ".vml"))
        tail = b""
        try:
            with archive.open(info) as part:
                while chunk := part.read(1024 * 1024):
                    total += len(chunk)
                    if total > MAX_UNPACKED_BYTES:
                        raise too_big
                    if is_xml:
                        window = tail + chunk
                        if any(marker in window for marker in XML_DECLARATIONS):
                            raise ImportFileError(
                                _(
                                    "The workbook contains an XML declaration (DOCTYPE or ENTITY) that "
                                    "Excel never writes; it is refused. Save the file again in Excel."
                                )
                            )
                        tail = window[-overlap:]
        except (zipfile.BadZipFile, zlib.error, RuntimeError, NotImplementedError, OSError, EOFError):
            raise ImportFileError(_("The workbook cannot be read; save it again as .xlsx.")) from None


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
