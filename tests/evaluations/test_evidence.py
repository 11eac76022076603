import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from evaluations.evidence import MAX_EVIDENCE_BYTES
from evaluations.models import Evidence


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def _upload(client, assessment, name, content):
    return client.post(
        reverse("evaluations:evidence_upload", args=[assessment.pk]),
        {"file": SimpleUploadedFile(name, content, content_type="application/pdf")},
    )


@pytest.mark.parametrize(
    "name, content, content_type",
    [
        ("report.pdf", b"%PDF-1.7 report", "application/pdf"),
        ("photo.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 20, "image/png"),
        ("photo.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 20, "image/jpeg"),
        ("minutes.docx", _docx(), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        ("notes.txt", "验收会议纪要".encode(), "text/plain"),
    ],
)
def test_allowed_types_are_stored_under_a_random_name(
    client, evaluator, assessment, name, content, content_type
):
    client.force_login(evaluator)
    assert _upload(client, assessment, name, content).status_code == 302
    evidence = Evidence.objects.get()
    assert evidence.content_type == content_type and evidence.original_name == name
    assert name not in evidence.file.name and "." not in evidence.file.name.rsplit("/", 1)[-1]


@pytest.mark.parametrize(
    "name, content",
    [
        ("tool.pdf", b"MZ\x90\x00\x03 windows executable"),
        ("tool.pdf", b"\x7fELF\x02\x01\x01 linux executable"),
        ("page.pdf", b"<!DOCTYPE html><html><script>alert(1)</script></html>"),
        ("page.txt", b"hello <script>alert(1)</script>"),
        ("script.txt", b"#!/bin/sh\nrm -rf /"),
        ("fake.docx", b"PK\x03\x04 not really a zip"),
    ],
)
def test_refused_types_are_named_and_nothing_stored(client, evaluator, assessment, name, content, tmp_path):
    client.force_login(evaluator)
    response = _upload(client, assessment, name, content)
    assert response.status_code == 400
    assert "not accepted" in response.content.decode()
    assert not Evidence.objects.exists()
    assert not list(tmp_path.rglob("*.*")) and not (tmp_path / "evidence").exists()


def test_file_over_the_size_limit_is_refused(client, evaluator, assessment):
    client.force_login(evaluator)
    response = _upload(client, assessment, "big.pdf", b"%PDF-" + b"0" * MAX_EVIDENCE_BYTES)
    assert response.status_code == 400
    assert "the limit is 10 MB" in response.content.decode()
    assert not Evidence.objects.exists()


@pytest.mark.parametrize(
    "role, expected",
    [
        ("evaluator", 200),
        ("office_staff", 200),
        ("leadership", 200),
        ("other_evaluator", 404),
        ("liaison", 404),
    ],
)
def test_download_is_permission_checked_and_an_attachment(client, users, assessment, role, expected):
    client.force_login(users["evaluator"])
    _upload(client, assessment, "report.pdf", b"%PDF-1.7 report")
    evidence = Evidence.objects.get()
    client.force_login(users[role])
    response = client.get(reverse("evaluations:evidence", args=[evidence.pk]))
    assert response.status_code == expected
    if expected == 200:
        assert response["Content-Disposition"].startswith("attachment")
        assert response["X-Content-Type-Options"] == "nosniff"
        assert b"".join(response.streaming_content) == b"%PDF-1.7 report"
