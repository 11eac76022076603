"""Evidence files: the type is decided by the file's content, never by its name."""

import zipfile

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from .models import Assessment, Evidence, Indicator
from .models.status import EDITABLE_STATUSES

MAX_EVIDENCE_BYTES = 10 * 1024 * 1024
ALLOWED_TYPES_LABEL = "PDF, PNG, JPEG, DOCX, XLSX, TXT"
_HTML_MARKERS = (b"<!doctype", b"<html", b"<script", b"<svg", b"<?xml", b"<body", b"<iframe")


def detect_content_type(head: bytes, file) -> str | None:
    """The MIME type of an allowed file from its first bytes, or None if it is not allowed."""
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"PK\x03\x04"):
        return _office_type(file)
    return _plain_text_type(head)


def _office_type(file) -> str | None:
    file.seek(0)
    try:
        with zipfile.ZipFile(file) as archive:
            names = set(archive.namelist())
    except zipfile.BadZipFile:
        return None
    if "[Content_Types].xml" not in names:
        return None
    if "word/document.xml" in names:
        return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    if "xl/workbook.xml" in names:
        return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return None


def _plain_text_type(head: bytes) -> str | None:
    if b"\x00" in head or head.startswith((b"MZ", b"\x7fELF", b"#!")):
        return None
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError as error:
        # A multi-byte character cut at the end of the sample is still text.
        if error.start < len(head) - 3:
            return None
        text = head[: error.start].decode("utf-8")
    lowered = text.lower().encode()
    if any(marker in lowered for marker in _HTML_MARKERS):
        return None
    return "text/plain"


@transaction.atomic
def evidence_add(
    *, assessment: Assessment, by, upload: UploadedFile, indicator: Indicator | None = None
) -> Evidence:
    if not (by.is_evaluator and by.agency_id == assessment.agency_id):
        raise PermissionDenied
    if assessment.status not in EDITABLE_STATUSES:
        raise ValidationError({"file": _("Evidence can only be added while the assessment is being scored.")})
    if indicator is not None and indicator.template_id != assessment.cycle.template_id:
        raise ValidationError({"indicator": _("Choose an indicator of this assessment.")})
    if upload.size > MAX_EVIDENCE_BYTES:
        raise ValidationError(
            {
                "file": _("The file is %(size)s MB; the limit is 10 MB.")
                % {"size": round(upload.size / 1048576, 1)}
            }
        )
    upload.seek(0)
    head = upload.read(8192)
    content_type = detect_content_type(head, upload)
    if content_type is None:
        raise ValidationError(
            {
                "file": _("This kind of file is not accepted. Allowed: %(types)s.")
                % {"types": ALLOWED_TYPES_LABEL}
            }
        )
    upload.seek(0)
    evidence = Evidence(
        assessment=assessment,
        indicator=indicator,
        original_name=(upload.name or "evidence")[-200:],
        content_type=content_type,
        size=upload.size,
        uploaded_by=by,
    )
    evidence.file.save("evidence", upload, save=False)
    evidence.full_clean()
    evidence.save()
    return evidence
