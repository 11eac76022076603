#!/usr/bin/env bash
# The README's test command (after setup): lint, migrations, translations, then the test suite on
# SQLite, and again on PostgreSQL with a real Redis where those are reachable (as in CI here).
# Both database phases run and report even when the first fails; the command fails if either failed.
# Property tests run with a fixed seed (hypothesis profile "ci", tests/hypothesis_profiles.py).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
export HYPOTHESIS_PROFILE=${HYPOTHESIS_PROFILE:-ci}
WORKERS=${TEST_WORKERS:-2}

echo "== ruff"
$PY -m ruff check .
$PY -m ruff format --check .

echo "== import contracts (pyproject.toml [tool.importlinter])"
.venv/bin/lint-imports --no-cache

echo "== migrations match the models"
$PY manage.py makemigrations --check --dry-run >/dev/null

echo "== zh-hans catalogue complete"
bash scripts/check_translations.sh

sqlite_status=0
postgres_status=skipped

echo "== tests on SQLite (hypothesis profile: $HYPOTHESIS_PROFILE)"
env -u DATABASE_URL -u REDIS_URL $PY -m pytest -q -n "$WORKERS" "$@" || sqlite_status=$?

if $PY - <<'PYEOF'
import socket, sys
for port in (5432, 6379):
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
    except OSError:
        sys.exit(1)
PYEOF
then
  echo "== tests on PostgreSQL and Redis (127.0.0.1, hypothesis profile: $HYPOTHESIS_PROFILE)"
  postgres_status=0
  DATABASE_URL=${TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test} \
  REDIS_URL=${TEST_REDIS_URL:-redis://127.0.0.1:6379/15} \
    $PY -m pytest -q -n "$WORKERS" "$@" || postgres_status=$?
else
  echo "== PostgreSQL or Redis not reachable on 127.0.0.1: SQLite run only"
fi

verdict() { case "$1" in 0) echo passed ;; skipped) echo "skipped (not reachable)" ;; *) echo "FAILED (exit $1)" ;; esac; }
echo "== summary: SQLite $(verdict "$sqlite_status"); PostgreSQL $(verdict "$postgres_status")"
[ "$sqlite_status" = 0 ] && { [ "$postgres_status" = 0 ] || [ "$postgres_status" = skipped ]; }
