#!/usr/bin/env bash
# Every test of the project: the Rust workspace (unit, fixture snapshots, properties, CLI, the
# shared corpus), then the rule library's own tests through the CLI. The README names this as
# the test command.
set -euo pipefail
cd "$(dirname "$0")/.."

export INSTA_UPDATE=no
cargo test --workspace --locked

tieuchi() { cargo run --locked -q -p tieuchi-cli -- "$@"; }
tieuchi check rules/
tieuchi test rules/
