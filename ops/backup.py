"""Backup and restore of the whole site: every database row (Django's serialisation, natural keys
for content types and permissions so the archive loads into any freshly migrated database) and
every file under MEDIA_ROOT (evidence, report PDFs, pending imports), in one .tar.gz.

Archive layout: ``manifest.json`` (row count per model, sha256 per file), ``database.json``,
``media/<path>``. Restore checks the manifest before it reports success."""

import hashlib
import io
import json
import tarfile
import tempfile
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import transaction

MANIFEST = "manifest.json"
DATABASE = "database.json"
MEDIA_PREFIX = "media/"
# Rebuilt by ``migrate`` in the target database; rows elsewhere refer to them by natural key.
REBUILT_BY_MIGRATE = ["contenttypes", "auth.permission"]
# Models that moved to another app (same table, same rows): an archive made before the move names
# them by their old app, in each row's "model" and in the natural keys of content types and
# permissions. Restore reads them under the new name. Lower-case labels, old → new.
MOVED_MODELS = {
    "projects.department": "organisation.department",
    "projects.historicaldepartment": "organisation.historicaldepartment",
    "evaluations.agency": "organisation.agency",
    "evaluations.historicalagency": "organisation.historicalagency",
}


class RestoreError(Exception):
    pass


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def row_counts() -> dict[str, int]:
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.app_label not in ("contenttypes",) and model._meta.label != "auth.Permission"
    }


def media_files(root: Path) -> dict[str, str]:
    """Every file under ``root`` (relative path → sha256)."""
    if not root.exists():
        return {}
    return {
        path.relative_to(root).as_posix(): _sha256(path) for path in sorted(root.rglob("*")) if path.is_file()
    }


def _add_bytes(archive: tarfile.TarFile, name: str, content: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(content)
    archive.addfile(info, io.BytesIO(content))


def backup(*, target: Path) -> dict:
    """Write the archive; returns its manifest. Reads in one transaction, so rows are consistent."""
    media_root = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory() as scratch, transaction.atomic():
        dump = Path(scratch) / DATABASE
        call_command(
            "dumpdata",
            exclude=REBUILT_BY_MIGRATE,
            format="exact-json",
            natural_foreign=True,
            output=str(dump),
            verbosity=0,
        )
        manifest = {"rows": row_counts(), "files": media_files(media_root)}
        with tarfile.open(target, "w:gz") as archive:
            _add_bytes(archive, MANIFEST, json.dumps(manifest, indent=1, sort_keys=True).encode())
            archive.add(dump, arcname=DATABASE)
            for relative in manifest["files"]:
                archive.add(media_root / relative, arcname=MEDIA_PREFIX + relative)
    return manifest


def _moved_key(key: list) -> list:
    """A content type's natural key [app, model] or a permission's [codename, app, model]."""
    moved = MOVED_MODELS.get(".".join(key[-2:]).lower())
    return [*key[:-2], *moved.split(".")] if moved else key


def follow_moves(objects: list[dict]) -> list[dict]:
    """The rows of a dump, with the models that moved since it was made named by their new app."""
    from django.contrib.auth.models import Permission
    from django.contrib.contenttypes.models import ContentType

    for obj in objects:
        obj["model"] = MOVED_MODELS.get(obj["model"].lower(), obj["model"])
        model = apps.get_model(obj["model"])
        for name, value in obj["fields"].items():
            field = model._meta.get_field(name)
            if field.related_model is ContentType and value:
                obj["fields"][name] = _moved_key(value)
            elif field.related_model is Permission and value:
                obj["fields"][name] = (
                    [_moved_key(key) for key in value] if field.many_to_many else _moved_key(value)
                )
    return objects


def follow_moved_counts(rows: dict[str, int]) -> dict[str, int]:
    """The manifest's row counts, under the labels the models have now."""
    moved = {old: apps.get_model(new)._meta.label for old, new in MOVED_MODELS.items()}
    return {moved.get(label.lower(), label): count for label, count in rows.items()}


def _database_is_empty() -> bool:
    return not any(count for count in row_counts().values())


def _safe_member(member: tarfile.TarInfo) -> bool:
    path = Path(member.name)
    return member.isfile() and not path.is_absolute() and ".." not in path.parts


@transaction.atomic
def restore(*, source: Path) -> dict:
    """Load the archive into an empty, migrated database and MEDIA_ROOT; returns its manifest.
    Refuses a database that already holds rows (restore never merges)."""
    if not _database_is_empty():
        raise RestoreError("The database is not empty: restore only into a freshly migrated database.")
    media_root = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory() as scratch, tarfile.open(source, "r:gz") as archive:
        members = {member.name: member for member in archive.getmembers() if _safe_member(member)}
        if MANIFEST not in members or DATABASE not in members:
            raise RestoreError("Not a nantong_pm backup: manifest or database missing.")
        manifest = json.load(archive.extractfile(members[MANIFEST]))
        manifest["rows"] = follow_moved_counts(manifest["rows"])
        dump = Path(scratch) / DATABASE
        objects = follow_moves(json.load(archive.extractfile(members[DATABASE])))
        dump.write_text(json.dumps(objects, ensure_ascii=False), encoding="utf-8")
        call_command("loaddata", str(dump), verbosity=0)  # the json deserialiser reads microseconds
        for relative in manifest["files"]:
            target = media_root / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(archive.extractfile(members[MEDIA_PREFIX + relative]).read())
    if row_counts() != manifest["rows"]:
        raise RestoreError("Row counts after loading differ from the backup's manifest.")
    restored = media_files(media_root)
    if any(restored.get(path) != digest for path, digest in manifest["files"].items()):
        raise RestoreError("A restored file differs from the backup's checksum.")
    return manifest
