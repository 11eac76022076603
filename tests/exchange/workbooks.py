"""Builds .xlsx files for the import tests."""

import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from exchange.importing import importable_columns


def xlsx(rows, *, headers=None, kind=None) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Sheet")
    if kind is not None:
        headers = [str(column.label) for column in importable_columns(kind)]
    if headers is not None:
        sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def with_macros(content: bytes) -> bytes:
    """The same workbook with a VBA project inside, as Excel saves a .xlsm."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(content)) as source, zipfile.ZipFile(buffer, "w") as target:
        for item in source.infolist():
            target.writestr(item, source.read(item.filename))
        target.writestr("xl/vbaProject.bin", b"\x00" * 64)
    return buffer.getvalue()


def upload(content: bytes, name: str = "data.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)
