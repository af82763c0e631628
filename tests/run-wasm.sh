#!/usr/bin/env bash
# The WebAssembly package's tests: builds bindings/tieuchi-wasm/pkg, then runs
#   - the shared case corpus (tests/corpus) through the wasm build under Node,
#   - the JavaScript API tests (errors, schema, exact decimals, imports, a panic),
#   - every bundled rule set and its records through the wasm build and the Rust CLI, compared,
#   - the rule editor's highlighting (the VS Code grammar against the core's words), places and
#     completion,
#   - the TypeScript declarations against a typed use of the API,
#   - the calculator page in Debian's Chromium, headless, driven by playwright-core, its rule
#     editor typed into (screenshots and timings in bindings/tieuchi-wasm/test-artifacts/).
# Ends with `N passed, M failed` alone on a line; exits non-zero on any failure.
#
# On a fresh Debian machine (root, a rustup toolchain, node 20 and npm) it installs what it needs,
# and skips what is already there: Debian's rustc-web, rust-web-src and lld (only without a rustup
# wasm32 target), binaryen, chromium and fonts; wasm-bindgen-cli of the version in Cargo.lock;
# the package's npm dev dependencies (npm ci). What it builds stays under target/.
set -uo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
crate="$root/bindings/tieuchi-wasm"
[ -x "$HOME/.cargo/bin/cargo" ] && export PATH="$HOME/.cargo/bin:$PATH"
# Everything built stays in the clone: the wasm build in target/wasm, wasm-bindgen-cli (when the
# machine has no such version already) in target/tools.
export CARGO_TARGET_DIR_WASM="${CARGO_TARGET_DIR_WASM:-$root/target/wasm}"
export PATH="$root/target/tools/bin:$PATH"
artifacts="$crate/test-artifacts"
mkdir -p "$artifacts"

passed=0
failed=0
skipped=0
step() { printf '\n==> %s\n' "$*"; }
finish() {
  echo
  if [ "$skipped" -gt 0 ]; then echo "$passed passed, $failed failed, $skipped skipped"; else echo "$passed passed, $failed failed"; fi
  [ "$failed" -eq 0 ]
  exit $?
}
fail_setup() {
  echo "run-wasm.sh: $*" >&2
  failed=$((failed + 1))
  finish
}

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

# --- What the build and the browser need ------------------------------------------------------
step "system packages"
packages=(binaryen chromium fonts-dejavu-core fonts-liberation fonts-noto-mono)
if ! { command -v rustup >/dev/null 2>&1 && rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; }; then
  # No rustup target: build std from source with Debian's compiler (design.md §6).
  packages+=(rustc-web cargo-web rust-web-src lld)
fi
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# The crates need a newer compiler than bookworm's first rustc-web (1.85; pest needs 1.88):
# an older one installed is upgraded from bookworm-security.
if [[ " ${packages[*]} " == *" rustc-web "* ]] && [ -x /usr/bin/rustc ]; then
  minor="$(/usr/bin/rustc --version | awk '{split($2, v, "."); print v[2]}')"
  if [ "${minor:-0}" -lt 88 ]; then missing+=(rustc-web cargo-web rust-web-src); fi
fi
if [ "${#missing[@]}" -gt 0 ]; then
  echo "installing: ${missing[*]}"
  # Where apt's sandbox user cannot run gpgv, every index stays stale and only old versions are
  # offered: verify as root instead.
  as_root apt-get -o APT::Sandbox::User=root update -qq || fail_setup "apt-get update failed"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null ||
    fail_setup "apt-get install ${missing[*]} failed"
else
  echo "present: ${packages[*]}"
fi

step "wasm-bindgen-cli"
wb_version="$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)"
[ -n "$wb_version" ] || fail_setup "no wasm-bindgen in Cargo.lock"
if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$wb_version" ]; then
  # Not --locked: its lock file names a since-yanked webpki-roots.
  cargo install --force --root "$root/target/tools" wasm-bindgen-cli --version "$wb_version" ||
    fail_setup "cargo install wasm-bindgen-cli --version $wb_version failed"
fi
wasm-bindgen --version

step "npm dev dependencies (playwright-core, typescript, esbuild, CodeMirror)"
if (cd "$crate" && npm ls --depth=0 >/dev/null 2>&1); then
  echo "present"
else
  (cd "$crate" && npm ci --no-audit --no-fund) || fail_setup "npm ci failed"
fi

# --- Build ------------------------------------------------------------------------------------
step "building the package (bindings/tieuchi-wasm/scripts/build.sh)"
started=$(date +%s)
CARGO_TARGET_DIR="$CARGO_TARGET_DIR_WASM" bash "$crate/scripts/build.sh" || fail_setup "the wasm package did not build"
echo "built in $(($(date +%s) - started)) s"

# The README's size report, on the module as cargo left it (its name section still there).
step "where the module's bytes are (scripts/sizes.py, as the README runs it)"
(cd "$root" && python3 bindings/tieuchi-wasm/scripts/sizes.py --top 8 \
  "$CARGO_TARGET_DIR_WASM/wasm32-unknown-unknown/release/tieuchi_wasm.wasm") ||
  { echo "run-wasm.sh: scripts/sizes.py failed" >&2; failed=$((failed + 1)); }

step "building the CLI for the parity test"
cargo build --locked -q -p tieuchi-cli || fail_setup "the CLI did not build"
export TIEUCHI_CLI="${CARGO_TARGET_DIR:-$root/target}/debug/tieuchi"

# --- Tests ------------------------------------------------------------------------------------
# One node test run per group, so that a crash in one does not hide the others; the counts come
# from the TAP summary of each run.
run_node_tests() {
  local name="$1"
  shift
  step "$name"
  local tap="$artifacts/$name.tap"
  rm -f "$tap"
  (cd "$crate" && node --test --test-reporter=spec --test-reporter-destination=stdout \
    --test-reporter=tap --test-reporter-destination="$tap" "$@")
  local status=$?
  local p f s c
  [ -f "$tap" ] || { echo "run-wasm.sh: $name wrote no TAP (exit $status)" >&2; failed=$((failed + 1)); return; }
  p=$(awk '/^# pass /{print $3}' "$tap" | tail -1)
  f=$(awk '/^# fail /{print $3}' "$tap" | tail -1)
  s=$(awk '/^# skipped /{print $3}' "$tap" | tail -1)
  c=$(awk '/^# cancelled /{print $3}' "$tap" | tail -1)
  if [ -z "$p" ] || [ -z "$f" ]; then
    echo "run-wasm.sh: $name gave no summary (exit $status)" >&2
    failed=$((failed + 1))
    return
  fi
  passed=$((passed + p))
  failed=$((failed + f + ${c:-0}))
  skipped=$((skipped + ${s:-0}))
  if [ "$status" -ne 0 ] && [ "$f" -eq 0 ] && [ "${c:-0}" -eq 0 ]; then
    echo "run-wasm.sh: $name exited $status" >&2
    failed=$((failed + 1))
  fi
}

run_node_tests node test/corpus.test.mjs test/errors.test.mjs test/api.test.mjs test/lang.test.mjs test/batch.test.mjs test/compiled.test.mjs test/cli-parity.test.mjs test/editor.test.mjs test/readme.test.mjs

step "types (tsc against tieuchi.d.ts)"
if (cd "$crate" && npx --no-install tsc -p test/tsconfig.json); then
  echo "ok - the TypeScript declarations type-check a use of the API"
  passed=$((passed + 1))
else
  failed=$((failed + 1))
fi

run_node_tests browser test/browser.test.mjs

if [ -f "$artifacts/perf.json" ]; then
  step "figures (test-artifacts/perf.json)"
  cat "$artifacts/perf.json"
fi
finish
