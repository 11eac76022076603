#!/usr/bin/env bash
# The production layout on one machine, for trying it: gunicorn on 127.0.0.1:$PORT (default 8000),
# PostgreSQL from DATABASE_URL, Redis from REDIS_URL, two Celery workers and one beat.
# Ctrl-C stops all of them. See README, "Production".
#
#   DATABASE_URL=postgres://postgres@127.0.0.1:5432/nantong REDIS_URL=redis://127.0.0.1:6379/0 make prod-local
#
# Optional: PORT, WEB_WORKERS (default 4), SEED_DEMO=1 (load the demo data), PRODUCTION (default
# false here: there is no TLS on 127.0.0.1, and PRODUCTION=true redirects to https and sends
# cookies only over https; behind the real TLS proxy set PRODUCTION=true).
set -euo pipefail
cd "$(dirname "$0")/.."

: "${DATABASE_URL:?set DATABASE_URL, e.g. postgres://postgres@127.0.0.1:5432/nantong}"
: "${REDIS_URL:?set REDIS_URL, e.g. redis://127.0.0.1:6379/0}"
export DATABASE_URL REDIS_URL
export DEBUG=false PRODUCTION="${PRODUCTION:-false}"
PORT="${PORT:-8000}"
WEB_WORKERS="${WEB_WORKERS:-4}"
PY="${PY:-.venv/bin/python}"
VAR_DIR="${NANTONG_VAR_DIR:-var}"
mkdir -p "$VAR_DIR"

"$PY" manage.py collectstatic --noinput -v0
"$PY" manage.py compilemessages --ignore=.venv -v0
"$PY" manage.py migrate --noinput -v0
"$PY" manage.py seed_portfolio
"$PY" manage.py seed_indicators
if [ "${SEED_DEMO:-0}" = "1" ]; then "$PY" manage.py seed_demo; fi
"$PY" manage.py ensure_schedules

pids=()
stop() {
  trap - INT TERM EXIT
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait
}
trap stop INT TERM EXIT

"$PY" -m gunicorn nantong_pm.wsgi:application --bind "127.0.0.1:$PORT" --workers "$WEB_WORKERS" \
  --timeout 60 --access-logfile - &
pids+=($!)
for name in worker1 worker2; do
  "$PY" -m celery -A nantong_pm worker -n "$name@%h" --concurrency 2 -l warning &
  pids+=($!)
done
"$PY" -m celery -A nantong_pm beat -l warning -s "$VAR_DIR/celerybeat" &
pids+=($!)

echo "nantong_pm (production layout): http://127.0.0.1:$PORT/  gunicorn x$WEB_WORKERS, 2 Celery workers, 1 beat"
wait -n
echo "a process exited; stopping everything"
