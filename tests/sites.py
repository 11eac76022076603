"""A site of its own in real processes, for the tests that start a Celery worker or ``manage.py``:
a file SQLite database and the var and media folders under the test's ``tmp_path``, the Redis the
test gives, and the normal settings (``nantong_pm.settings``), never the test suite's."""

import os
import sqlite3
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

BASE_DIR = Path(settings.BASE_DIR)


def production_environment(*, without: tuple[str, ...] = (), **variables: str) -> dict[str, str]:
    """This process's environment for a child run with the normal settings: DEBUG and the names in
    ``without`` left out, ``variables`` added."""
    environment = {key: value for key, value in os.environ.items() if key not in ("DEBUG", *without)}
    environment["DJANGO_SETTINGS_MODULE"] = "nantong_pm.settings"
    environment.update(variables)
    return environment


@dataclass
class Site:
    environment: dict[str, str]
    folder: Path

    @property
    def media(self) -> Path:
        return self.folder / "media"

    def manage(self, *arguments: str) -> str:
        """Runs ``manage.py`` with ``arguments``; its standard output."""
        return subprocess.run(
            [sys.executable, "manage.py", *arguments],
            cwd=BASE_DIR,
            env=self.environment,
            capture_output=True,
            text=True,
            timeout=300,
            check=True,
        ).stdout

    def purge_queue(self) -> None:
        subprocess.run(
            [sys.executable, "-m", "celery", "-A", "nantong_pm", "purge", "-f"],
            cwd=BASE_DIR,
            env=self.environment,
            capture_output=True,
            timeout=60,
            check=True,
        )

    def start_worker(self) -> subprocess.Popen:
        """A Celery worker (solo pool) in a process group of its own, so that ``os.killpg`` ends it
        with whatever it started."""
        return subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "nantong_pm", "worker", "--pool", "solo", "-l", "warning"],
            cwd=BASE_DIR,
            env=self.environment,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )

    def report_run(self, run_id: int, columns: str) -> tuple:
        """``columns`` of one report run, read straight from the site's database file."""
        with sqlite3.connect(self.folder / "site.sqlite3") as connection:
            return connection.execute(
                f"select {columns} from reports_reportrun where id = ?", [run_id]
            ).fetchone()


def seeded_site(folder: Path, *, redis_url: str, **variables: str) -> Site:
    """A migrated site with the seeded portfolio in ``folder``, its broker at ``redis_url``."""
    site = Site(
        environment=production_environment(
            DATABASE_URL=f"sqlite:///{folder / 'site.sqlite3'}",
            REDIS_URL=redis_url,
            NANTONG_VAR_DIR=str(folder),
            MEDIA_ROOT=str(folder / "media"),
            **variables,
        ),
        folder=folder,
    )
    site.manage("migrate", "-v0")
    site.manage("seed_portfolio")
    return site
