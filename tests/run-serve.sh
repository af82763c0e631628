#!/usr/bin/env bash
# The service's description and clients, from a fresh clone, on a machine with Rust, CPython 3.10+
# and pip: a virtual environment under target/ with the pinned tools (an OpenAPI validator, httpx,
# jsonschema, pytest), the command built, then pytest on tests/serve/ (which starts `tieuchi serve`
# on a loopback port). Ends with pytest's summary line; exits non-zero on any failure.
#
#   bash tests/run-serve.sh            # everything
#   bash tests/run-serve.sh -k java    # arguments go to pytest
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"

PYTHON="${PYTHON:-$(command -v python3.11 || command -v python3)}"
TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"
VENV="$TARGET/serve-venv"
if ! command -v cargo >/dev/null 2>&1 && [ -x "$HOME/.cargo/bin/cargo" ]; then
  export PATH="$HOME/.cargo/bin:$PATH"
fi

if [ ! -x "$VENV/bin/python" ]; then
  mkdir -p "$TARGET"
  if ! "$PYTHON" -m venv "$VENV" 2>/dev/null; then
    # Debian's python without its venv package: virtualenv does the same from PyPI.
    rm -rf "$VENV"
    "$PYTHON" -m pip install -q --user "virtualenv==20.29.1"
    "$PYTHON" -m virtualenv -q "$VENV"
  fi
fi
PY="$VENV/bin/python"
echo "== tools"
"$PY" -m pip install -q --disable-pip-version-check \
  "openapi-spec-validator==0.9.0" "jsonschema==4.26.0" "httpx==0.28.1" "pytest==8.3.4"

echo "== the command line"
CARGO_TARGET_DIR="$TARGET" cargo build --locked -q -p tieuchi-cli
export TIEUCHI_CLI="$TARGET/debug/tieuchi"

echo "== pytest"
exec "$PY" -m pytest -p no:cacheprovider -q "$ROOT/tests/serve" "$@"
