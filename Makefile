# The two commands of the README: `make run` and `make test`.
PY := .venv/bin/python

.PHONY: setup run test lint format messages bench screenshots

setup:
	bash scripts/setup.sh

run: setup
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_portfolio
	$(PY) manage.py seed_demo
	$(PY) -m nantong_pm.embedded

test: setup
	bash scripts/test.sh

lint:
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

format:
	$(PY) -m ruff check --fix .
	$(PY) -m ruff format .

messages:
	$(PY) manage.py makemessages -l zh_Hans --ignore=.venv --ignore=staticfiles --no-obsolete
