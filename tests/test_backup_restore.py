"""Backup → wipe → restore gives back every row of every table and every uploaded file."""

import hashlib
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django_celery_beat.models import PeriodicTasks

from accounts.models import Role, User
from evaluations.evidence import evidence_add
from evaluations.models import Assessment, Evidence
from evaluations.models.status import EDITABLE_STATUSES
from reports.models import ReportRun
from tests.reports.factories import DoneRunFactory


def _every_row() -> dict:
    """Every table's rows, field by field (content types and permissions by natural key: migrate
    rebuilds them)."""
    tables = {}
    for model in apps.get_models():
        if model in (ContentType, Permission):
            continue
        if model is PeriodicTasks:
            # beat's "schedules changed" marker: restoring the schedules rightly bumps it.
            tables[model._meta.label] = [model._default_manager.count()]
            continue
        tables[model._meta.label] = sorted(model._default_manager.values_list(), key=repr)
    tables["contenttypes"] = sorted(ContentType.objects.values_list("app_label", "model"))
    tables["permissions"] = sorted(
        Permission.objects.values_list("content_type__app_label", "content_type__model", "codename")
    )
    return tables


def _every_file(root: Path) -> dict:
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in root.rglob("*")
        if path.is_file()
    }


@pytest.fixture
def site_with_files(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("seed_portfolio", verbosity=0)
    call_command("seed_demo", verbosity=0)
    assessment = Assessment.objects.filter(status__in=EDITABLE_STATUSES).select_related("agency").first()
    evaluator = User.objects.filter(role=Role.EVALUATOR, agency=assessment.agency).first()
    evidence_add(
        assessment=assessment,
        by=evaluator,
        upload=SimpleUploadedFile("验收纪要.txt", "验收会议纪要".encode(), content_type="text/plain"),
    )
    evidence_add(
        assessment=assessment,
        by=evaluator,
        upload=SimpleUploadedFile("report.pdf", b"%PDF-1.7 evidence", content_type="application/pdf"),
    )
    DoneRunFactory()
    return Path(settings.MEDIA_ROOT)


@pytest.mark.django_db(transaction=True)
def test_backup_wipe_restore_gives_back_every_row_and_file(site_with_files, tmp_path, capsys):
    media = site_with_files
    rows_before, files_before = _every_row(), _every_file(media)
    # The two evidence uploads, the done run, and the PDFs the living demo builds (its monthly
    # reports and a closed meeting's minutes): every file a row names, and no other.
    named = {e.file.name for e in Evidence.objects.all()} | {
        r.file.name for r in ReportRun.objects.exclude(file="")
    }
    assert len(files_before) >= 3 and set(files_before) == named
    assert sum(len(rows) for rows in rows_before.values()) > 500
    archive = tmp_path / "backup.tar.gz"

    call_command("backup", str(archive))

    call_command("flush", interactive=False, verbosity=0)
    ContentType.objects.clear_cache()
    for path in media.rglob("*"):
        if path.is_file():
            path.unlink()
    assert _every_file(media) == {} and not User.objects.exists()

    call_command("restore", str(archive))

    rows_after = _every_row()
    assert [label for label, rows in rows_before.items() if rows_after.get(label) != rows] == []
    assert rows_after == rows_before
    assert _every_file(media) == files_before
    assert "restored" in capsys.readouterr().out


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_a_database_that_holds_data(site_with_files, tmp_path):
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", str(archive))
    with pytest.raises(CommandError, match="not empty"):
        call_command("restore", str(archive))


def test_restore_refuses_a_file_that_is_not_a_backup(db, tmp_path):
    import tarfile

    archive = tmp_path / "other.tar.gz"
    with tarfile.open(archive, "w:gz") as handle:
        handle.add(__file__, arcname="../../etc/passwd")
    with pytest.raises(CommandError, match="Not a nantong_pm backup"):
        call_command("restore", str(archive))
