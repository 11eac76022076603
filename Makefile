# The two commands of the README: `make run` and `make test`.
PY := .venv/bin/python

.PHONY: setup run test fuzz lock lock-upgrade lint format messages bench profile screenshots report-pngs prod-local load-test

setup:
	bash scripts/setup.sh

run: setup
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_portfolio
	$(PY) manage.py seed_indicators
	$(PY) manage.py seed_demo
	$(PY) manage.py ensure_schedules
	$(PY) -m ops.embedded

test: setup
	bash scripts/test.sh

# The property tests (every test file using hypothesis) with random seeds and FUZZ_EXAMPLES examples
# each; found failures are kept in var/hypothesis and replayed first next time. Not part of `make test`.
FUZZ_TESTS = $(shell grep -rl --include='test_*.py' -e '^from hypothesis' -e '^import schemathesis' tests)
FUZZ_EXAMPLES ?= 200
fuzz: setup
	HYPOTHESIS_PROFILE=fuzz FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(PY) -m pytest -q -n $${TEST_WORKERS:-2} $(FUZZ_TESTS)

# requirements.lock (exact versions and hashes) from the ranges in pyproject.toml: `make lock` after
# changing a dependency keeps the other pins; `make lock-upgrade` moves all to the newest allowed.
lock:
	bash scripts/lock.sh

lock-upgrade:
	bash scripts/lock.sh --upgrade

# gunicorn + PostgreSQL + Redis + 2 Celery workers + beat on this machine (README, "Production").
prod-local: setup
	bash scripts/prod_local.sh

# 50 users for 60 s against a running site (README, "Load test"); not part of `make test`.
load-test:
	$(PY) bench/load_test.py --base-url http://127.0.0.1:$${PORT:-8000}

lint:
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

format:
	$(PY) -m ruff check --fix .
	$(PY) -m ruff format .

messages:
	$(PY) manage.py makemessages -l zh_Hans --ignore=.venv --ignore=staticfiles --ignore=var --no-obsolete

# Load benchmark on PostgreSQL + Redis for 15, 2,000 and 10,000 projects beside Redmine, the same wrk
# load for both (16 connections; README "Performance"). BENCH_ARGS adds options: --duration 20, --no-redmine.
bench:
	$(PY) bench/run.py --connections 16 $(BENCH_ARGS)

# Where one page's time goes (cProfile, in-process): make profile PAGE=/projects/ [USER_NAME=staff] [COLD=1]
# (warm: from the page cache; COLD=1: rendered afresh, as after a write)
profile:
	$(PY) bench/profile_page.py $(PAGE) --user $${USER_NAME:-staff} $${COLD:+--cold}

# A PNG of every main page, as the role that uses it sees it, from a running `make run` site.
screenshots:
	$(PY) scripts/screenshots.py --base-url http://127.0.0.1:$${PORT:-8000} --out var/screenshots

# Each report's first pages as PNG (pdftoppm), from a throwaway database, into var/report-pngs/.
report-pngs:
	$(PY) scripts/report_pngs.py var/report-pngs
