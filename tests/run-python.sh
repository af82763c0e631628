#!/usr/bin/env bash
# The Python binding's tests, from a fresh clone, on a machine with Rust, CPython 3.10+ and pip:
# a virtual environment under target/, the pinned tools, the package built and installed from
# bindings/tieuchi-py (as `pip install ./bindings/tieuchi-py` does), its stubs checked against the
# built module, the CLI built for the cross-checks, then pytest. Ends with pytest's summary line;
# exits non-zero on any failure.
#
#   bash tests/run-python.sh            # everything
#   bash tests/run-python.sh -k corpus  # arguments go to pytest
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"

PYTHON="${PYTHON:-$(command -v python3.11 || command -v python3)}"
TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"
VENV="$TARGET/python-venv"
if ! command -v cargo >/dev/null 2>&1 && [ -x "$HOME/.cargo/bin/cargo" ]; then
  export PATH="$HOME/.cargo/bin:$PATH"
fi

echo "== python: $("$PYTHON" --version 2>&1) ($PYTHON)"
if [ ! -x "$VENV/bin/python" ]; then
  mkdir -p "$TARGET"
  if ! "$PYTHON" -m venv "$VENV" 2>/dev/null; then
    # Debian's python without its venv package: virtualenv does the same from PyPI.
    rm -rf "$VENV"
    "$PYTHON" -m pip install -q --user "virtualenv==20.29.1"
    "$PYTHON" -m virtualenv -q "$VENV"
  fi
fi
export VIRTUAL_ENV="$VENV"
export PATH="$VENV/bin:$PATH"
PY="$VENV/bin/python"

echo "== tools"
"$PY" -m pip install -q --disable-pip-version-check \
  "maturin==1.9.4" "numpy==2.1.3" "pandas==2.2.3" "pyarrow==18.1.0" \
  "pytest==8.3.4" "hypothesis==6.122.3" "mypy==1.13.0" \
  "polars==2.1.0" "duckdb==2.0.1"

echo "== build and install bindings/tieuchi-py"
# In-tree build with the maturin pinned above (plain `pip install ./bindings/tieuchi-py` does the
# same with the maturin pyproject.toml asks for, in an isolated environment).
CARGO_TARGET_DIR="$TARGET" "$PY" -m pip install -q --disable-pip-version-check \
  --no-build-isolation --force-reinstall --no-deps ./bindings/tieuchi-py
"$PY" -c "import tieuchi; print('installed tieuchi', tieuchi.__version__)"

echo "== stubs against the built module"
(cd bindings/tieuchi-py && "$PY" -m mypy.stubtest --mypy-config-file pyproject.toml tieuchi._tieuchi)
(cd bindings/tieuchi-py && "$PY" -m mypy --config-file pyproject.toml python/tieuchi)

echo "== the command line, for the cross-checks"
CARGO_TARGET_DIR="$TARGET" cargo build -q -p tieuchi-cli
export TIEUCHI_CLI="$TARGET/debug/tieuchi"

echo "== pytest"
# From outside the source tree, so that the installed package is the one imported.
cd "$TARGET"
exec "$PY" -m pytest -p no:cacheprovider "$ROOT/bindings/tieuchi-py/tests" "$@"
