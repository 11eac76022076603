"""Settings of the test suite (``DJANGO_SETTINGS_MODULE`` in pyproject's pytest options): the normal
settings, read from the environment as always, and the few things only tests change. A process a
test starts (a worker, ``manage.py check --deploy``) is given ``nantong_pm.settings`` instead."""

import os

from nantong_pm.settings import *  # noqa: F403
from nantong_pm.settings import CACHES, DATABASES, STORAGES, VAR_DIR

# Fast hashing: every test creates users.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Static files from the source folders, with no collectstatic manifest to build first.
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# The aggregates (and sessions) in local memory: one process each, and parallel test workers must not
# share entries through a Redis.
CACHES = {
    **CACHES,
    "aggregates": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "aggregates",
        "KEY_PREFIX": "nantong",
    },
}

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file, not the shared in-memory database (which reports a lock instead of waiting), so threaded
    # tests see real concurrent writers; pytest-xdist adds _gw0, _gw1. The run's process id keeps two
    # test runs in one checkout from sharing (and breaking) one file.
    DATABASES["default"].setdefault("TEST", {}).setdefault(
        "NAME", str(VAR_DIR / f"test-{os.environ.setdefault('NANTONG_TEST_RUN', str(os.getpid()))}.sqlite3")
    )
