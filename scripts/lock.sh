#!/usr/bin/env bash
# Resolves requirements.lock (exact versions and sha256 hashes of every package, the test extras
# included) from the version ranges in pyproject.toml, with pip-tools' pip-compile run from its own
# small virtualenv in var/lock-tools (pip-tools is not a dependency of the product).
#   make lock           keeps the pins that still fit pyproject.toml, adds or changes only what must
#   make lock-upgrade   moves every pin to the newest release the ranges allow
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
TOOLS=var/lock-tools
if [ ! -x "$TOOLS/bin/pip-compile" ]; then
  "$PYTHON" -m venv "$TOOLS"
  "$TOOLS/bin/python" -m pip install -q "pip-tools>=7.4,<8"
fi
CUSTOM_COMPILE_COMMAND="make lock" "$TOOLS/bin/pip-compile" --quiet --generate-hashes --allow-unsafe --strip-extras --extra test \
  --no-emit-index-url --no-emit-find-links --resolver backtracking \
  --output-file requirements.lock "$@" pyproject.toml
echo "requirements.lock: $(grep -c '==' requirements.lock) pinned packages"
