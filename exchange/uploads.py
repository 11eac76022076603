"""Uploaded import files wait for the confirm step under MEDIA_ROOT with a random name,
never on a public path; the uploader's session remembers which files are theirs."""

import re
import secrets
import time
from pathlib import Path

from django.conf import settings

UPLOAD_DIR = "imports"
TOKEN_PATTERN = re.compile(r"^[0-9a-f]{32}$")
SESSION_KEY = "exchange_imports"
KEEP_SECONDS = 24 * 3600


def upload_dir() -> Path:
    directory = Path(settings.MEDIA_ROOT) / UPLOAD_DIR
    directory.mkdir(parents=True, exist_ok=True)
    return directory


def store_upload(uploaded_file) -> tuple[str, Path]:
    _remove_stale()
    token = secrets.token_hex(16)
    path = upload_dir() / f"{token}.xlsx"
    with path.open("wb") as handle:
        for chunk in uploaded_file.chunks():
            handle.write(chunk)
    return token, path


def upload_path(token: str) -> Path | None:
    if not TOKEN_PATTERN.match(token):
        return None
    path = upload_dir() / f"{token}.xlsx"
    return path if path.exists() else None


def discard_upload(token: str) -> None:
    path = upload_path(token)
    if path:
        path.unlink(missing_ok=True)


def remember(session, *, token: str, kind: str, filename: str) -> None:
    uploads = session.get(SESSION_KEY, {})
    uploads[token] = {"kind": kind, "filename": filename}
    session[SESSION_KEY] = uploads


def recall(session, token: str) -> dict | None:
    return session.get(SESSION_KEY, {}).get(token)


def forget(session, token: str) -> None:
    uploads = session.get(SESSION_KEY, {})
    uploads.pop(token, None)
    session[SESSION_KEY] = uploads


def _remove_stale() -> None:
    cutoff = time.time() - KEEP_SECONDS
    for path in upload_dir().glob("*.xlsx"):
        if path.stat().st_mtime < cutoff:
            path.unlink(missing_ok=True)
