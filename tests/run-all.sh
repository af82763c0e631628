#!/usr/bin/env bash
# Every test of the project: the Rust workspace (unit, fixture snapshots, properties, CLI and the
# service over HTTP, the shared corpus), the rule library's own tests through the CLI, the service's
# OpenAPI description and clients, then the Python and WebAssembly front ends (each script installs
# what it needs). The README names this as the test command.
set -euo pipefail
cd "$(dirname "$0")/.."

export INSTA_UPDATE=no

# Each part's time, printed at the end (and on a failure, up to the part that failed).
times=()
timed() {
  local name=$1 start=$SECONDS
  shift
  "$@"
  times+=("$name $((SECONDS - start)) s")
}
trap 'echo "== times: ${times[*]/%/;} total ${SECONDS} s"' EXIT

timed "workspace" cargo test --workspace --locked

tieuchi() { cargo run --locked -q -p tieuchi-cli -- "$@"; }
rule_library() { tieuchi check rules/ && tieuchi fmt --check rules/ && tieuchi test rules/; }
timed "rules" rule_library

# Nothing lost under bad input: 20,000 records, 1% corrupted in 15 ways, JSON Lines and CSV.
stress() {
  cargo build --locked -q -p tieuchi-cli
  python3 tests/stress/corrupted.py --tieuchi "${CARGO_TARGET_DIR:-target}/debug/tieuchi"
}
timed "stress" stress

# The service's OpenAPI description validated, answers checked against it, the README's clients
# run against a live `tieuchi serve` (the script installs its pip packages under target/).
timed "service" bash tests/run-serve.sh

# The VS Code extension's TextMate grammar (the script installs its npm packages; node and npm are
# needed as for the WebAssembly package below).
timed "vscode" bash tests/run-vscode.sh

if [ -f tests/run-python.sh ] && [ -d bindings/tieuchi-py ]; then
  timed "python" bash tests/run-python.sh
  # tieuchi.spark on a local Spark (the script installs pyspark, and Java when missing).
  timed "spark" bash tests/run-spark.sh
fi
if [ -f tests/run-wasm.sh ] && [ -d bindings/tieuchi-wasm ]; then
  timed "wasm" bash tests/run-wasm.sh
fi
