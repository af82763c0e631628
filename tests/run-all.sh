#!/usr/bin/env bash
# Every test of the project: the Rust workspace (unit, fixture snapshots, properties, CLI and the
# service over HTTP, the shared corpus), the rule library's own tests through the CLI, the service's
# OpenAPI description and clients, then the Python and WebAssembly front ends (each script installs
# what it needs). The README names this as the test command.
set -euo pipefail
cd "$(dirname "$0")/.."

export INSTA_UPDATE=no
cargo test --workspace --locked

tieuchi() { cargo run --locked -q -p tieuchi-cli -- "$@"; }
tieuchi check rules/
tieuchi fmt --check rules/
tieuchi test rules/

# Nothing lost under bad input: 20,000 records, 1% corrupted in 15 ways, JSON Lines and CSV.
cargo build --locked -q -p tieuchi-cli
python3 tests/stress/corrupted.py --tieuchi "${CARGO_TARGET_DIR:-target}/debug/tieuchi"

# The service's OpenAPI description validated, answers checked against it, the README's clients
# run against a live `tieuchi serve` (the script installs its pip packages under target/).
bash tests/run-serve.sh

# The VS Code extension's TextMate grammar (the script installs its npm packages; node and npm are
# needed as for the WebAssembly package below).
bash tests/run-vscode.sh

if [ -f tests/run-python.sh ] && [ -d bindings/tieuchi-py ]; then
  bash tests/run-python.sh
  # tieuchi.spark on a local Spark (the script installs pyspark, and Java when missing).
  bash tests/run-spark.sh
fi
if [ -f tests/run-wasm.sh ] && [ -d bindings/tieuchi-wasm ]; then
  bash tests/run-wasm.sh
fi
