#!/usr/bin/env bash
# Installs everything the product and its tests need: system packages (when run as root),
# a virtualenv from requirements.lock (exact versions, checked against their sha256 hashes; refresh it
# with `make lock`), compiled translations and collected static files.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES="fonts-noto-cjk poppler-utils gettext chromium"
missing=""
for pkg in $APT_PACKAGES; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing="$missing $pkg"
done
if [ -n "$missing" ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
    echo "setup: installing system packages:$missing"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null
  else
    echo "setup: please install these Debian packages (as root):$missing" >&2
  fi
fi

PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install -q --require-hashes -r requirements.lock
# The project itself: nothing more to resolve (its dependencies are the lock), setuptools from the lock.
.venv/bin/python -m pip install -q --no-deps --no-build-isolation -e .
mkdir -p var
.venv/bin/python manage.py compilemessages -v0 --ignore=.venv
.venv/bin/python manage.py collectstatic --noinput -v0
