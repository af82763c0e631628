#!/usr/bin/env bash
# tieuchi.spark on a real local Spark, from a fresh clone: a Java runtime from Debian (apt) when
# there is no `java`, the virtual environment of tests/run-python.sh (made, and the package built
# and installed, when it is not there yet), pyspark pinned, then pytest of
# bindings/tieuchi-py/tests-spark: the sample population and 1,000,000 generated records against
# evaluate_many on one machine, row by row. Ends with pytest's summary line; exits non-zero on any
# failure.
#
#   bash tests/run-spark.sh              # everything (a few minutes on 2 cores)
#   bash tests/run-spark.sh -k sample    # arguments go to pytest
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"

PYTHON="${PYTHON:-$(command -v python3.11 || command -v python3)}"
TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"
VENV="$TARGET/python-venv"
if ! command -v cargo >/dev/null 2>&1 && [ -x "$HOME/.cargo/bin/cargo" ]; then
  export PATH="$HOME/.cargo/bin:$PATH"
fi
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

echo "== java"
# Spark 4.0 runs on Java 17 or 21; Debian bookworm has 17.
if ! command -v java >/dev/null 2>&1; then
  echo "installing openjdk-17-jre-headless"
  # Where apt's sandbox user cannot run gpgv, every index stays stale: verify as root instead.
  as_root apt-get -o APT::Sandbox::User=root update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends openjdk-17-jre-headless >/dev/null
fi
java -version 2>&1 | head -1

echo "== python package"
# tests/run-all.sh has just built and installed the package (tests/run-python.sh); alone, this
# script does the same when the environment lacks it, or has a build from before tieuchi.spark
# (the Python tests then only collected, not run).
if [ ! -x "$VENV/bin/python" ] || ! "$VENV/bin/python" -c "import tieuchi.spark" 2>/dev/null; then
  bash tests/run-python.sh --collect-only -q >/dev/null
fi
export VIRTUAL_ENV="$VENV"
export PATH="$VENV/bin:$PATH"
PY="$VENV/bin/python"
"$PY" -c "import tieuchi; print('tieuchi', tieuchi.__version__)"

echo "== pyspark"
# 4.0.1: grouped applyInArrow and mapInArrow, Java 17, pyarrow 18.
"$PY" -m pip install -q --disable-pip-version-check "pyspark==4.0.1"
"$PY" -c "import pyspark; print('pyspark', pyspark.__version__)"

echo "== pytest"
# Spark's Python workers run the venv's interpreter, which has the package.
export PYSPARK_PYTHON="$PY" PYSPARK_DRIVER_PYTHON="$PY"
cd "$TARGET"
exec "$PY" -m pytest -p no:cacheprovider "$ROOT/bindings/tieuchi-py/tests-spark" "$@"
