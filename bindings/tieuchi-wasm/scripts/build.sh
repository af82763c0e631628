#!/usr/bin/env bash
# Builds the npm package `tieuchi-wasm` into bindings/tieuchi-wasm/pkg (or $TIEUCHI_WASM_OUT):
# the engine compiled to wasm32-unknown-unknown twice — the full module (`tieuchi.js`, with the
# rule-file compiler) and the evaluation module (`evaluate.js`: rules arrive compiled, as bytes;
# no parser, no checker) — wasm-bindgen's glue for each, the JavaScript API and its TypeScript
# types, and the calculator page (www/) with every rule file under rules/ bundled.
#
# The compiler: an installed rustup target `wasm32-unknown-unknown` when there is one; otherwise
# Debian's rustc-web with its source (rust-web-src) and lld, building std from source
# (-Zbuild-std). It needs wasm-bindgen-cli of the same version as the `wasm-bindgen` crate in
# Cargo.lock, node, and the package's npm dev dependencies (`npm ci`: esbuild bundles the page's
# rule editor, scripts/build-page.sh); wasm-opt (binaryen) shrinks the module when it is installed.
# tests/run-wasm.sh installs all of it on a fresh Debian machine.
#
# Environment: CARGO_TARGET_DIR (default target/wasm of the workspace), TIEUCHI_WASM_OUT,
# TIEUCHI_WASM_TOOLCHAIN=rustup|debian to force a path.
set -euo pipefail

here="$(cd "$(dirname "$0")/.." && pwd)"
root="$(cd "$here/../.." && pwd)"
out="${TIEUCHI_WASM_OUT:-$here/pkg}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$root/target/wasm}"
target=wasm32-unknown-unknown

# Size over speed: one codegen unit, link-time optimisation, `opt-level = "s"`. Set through the
# environment so that the workspace's own release profile is left alone.
export CARGO_PROFILE_RELEASE_LTO="${CARGO_PROFILE_RELEASE_LTO:-fat}"
export CARGO_PROFILE_RELEASE_CODEGEN_UNITS="${CARGO_PROFILE_RELEASE_CODEGEN_UNITS:-1}"
export CARGO_PROFILE_RELEASE_OPT_LEVEL="${CARGO_PROFILE_RELEASE_OPT_LEVEL:-s}"
export CARGO_PROFILE_RELEASE_PANIC=abort
# With std built from source: the MVP instruction set plus what every current browser and Node 18
# run; without reference types, wasm-opt of older binaryen releases (Debian's 108) reads the module
# correctly. A rustup target's std comes compiled with reference types, and a module must be one or
# the other (wasm-bindgen fails on a mix: "failed to find the `__wbindgen_externref_table_dealloc`
# function"), so that path keeps rustc's defaults.
mvp_rustflags="-Ctarget-cpu=mvp -Ctarget-feature=+bulk-memory,+mutable-globals,+sign-ext,+nontrapping-fptoint"

step() { printf '==> %s\n' "$*" >&2; }
die() { printf 'build.sh: %s\n' "$*" >&2; exit 1; }

wasm_bindgen_version="$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' "$root/Cargo.lock")"
[ -n "$wasm_bindgen_version" ] || die "no wasm-bindgen in $root/Cargo.lock"

has_rustup_target() {
  command -v rustup >/dev/null 2>&1 && rustup target list --installed 2>/dev/null | grep -qx "$target"
}
has_debian_toolchain() {
  [ -x /usr/bin/rustc ] && [ -x /usr/bin/cargo ] && [ -d /usr/lib/rustlib/src/rust/library ] && command -v wasm-ld >/dev/null 2>&1
}

toolchain="${TIEUCHI_WASM_TOOLCHAIN:-}"
if [ -z "$toolchain" ]; then
  if has_rustup_target; then toolchain=rustup
  elif has_debian_toolchain; then toolchain=debian
  else
    die "no way to build $target: install it with \`rustup target add $target\`, or on Debian
  \`apt-get install rustc-web cargo-web rust-web-src lld\` (tests/run-wasm.sh does this)"
  fi
fi

# The binding crate at `opt-level = 3`: the link-time optimisation follows the root crate's level,
# which makes an evaluation about a tenth faster for 4 % more bytes (the engine crates at "s" and 3
# were tried: 8 % more bytes for nothing measurable). README "Figures" has the table.
opt_binding=(--config "profile.release.package.tieuchi-wasm.opt-level=${TIEUCHI_WASM_BINDING_OPT_LEVEL:-3}")
# std built from source: its size-optimised algorithms (the stable sorts are a tenth of the code
# otherwise), and panics without file locations (their paths are data nobody reads; the message
# still reaches the wrapper through the panic hook).
std_features="${TIEUCHI_WASM_STD_FEATURES:-optimize_for_size}"

[ "$toolchain" = rustup ] || [ "$toolchain" = debian ] ||
  die "TIEUCHI_WASM_TOOLCHAIN must be rustup or debian, not $toolchain"

# build_module TARGET_DIR [CARGO ARGS…]: the binding compiled into TARGET_DIR; prints the module.
# It runs in a command substitution, where `set -e` does not reach: a failed build must stop the
# script itself, or the module an earlier build left would be packaged as if it were new.
build_module() {
  local dir="$1"
  shift
  case "$toolchain" in
    rustup)
      step "cargo build --target $target (rustup target) $*"
      CARGO_TARGET_DIR="$dir" cargo build --locked --release --target "$target" "${opt_binding[@]}" -p tieuchi-wasm "$@" >&2 ||
        die "cargo build failed"
      ;;
    debian)
      step "cargo build --target $target (Debian rustc-web, std built from source) $*"
      CARGO_TARGET_DIR="$dir" RUSTC=/usr/bin/rustc RUSTC_BOOTSTRAP=1 \
        CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_LINKER=wasm-ld \
        CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="${CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS:-$mvp_rustflags} -Zlocation-detail=none" \
        /usr/bin/cargo build --locked --release --target "$target" \
        -Zbuild-std=std,panic_abort -Zbuild-std-features="$std_features" "${opt_binding[@]}" -p tieuchi-wasm "$@" >&2 ||
        die "cargo build failed"
      ;;
  esac
  local wasm="$dir/$target/release/tieuchi_wasm.wasm"
  [ -f "$wasm" ] || die "the build left no $wasm"
  printf '%s\n' "$wasm"
}

cd "$root"
wasm="$(build_module "$CARGO_TARGET_DIR")"
# The evaluation module in a target directory of its own: the two builds differ in features, and
# in one directory each would relink the other's away.
evaluation_wasm="$(build_module "$CARGO_TARGET_DIR/evaluate" --no-default-features)"

command -v wasm-bindgen >/dev/null 2>&1 || [ ! -x "$HOME/.cargo/bin/wasm-bindgen" ] || export PATH="$HOME/.cargo/bin:$PATH"
command -v wasm-bindgen >/dev/null 2>&1 ||
  die "no wasm-bindgen: \`cargo install wasm-bindgen-cli --version $wasm_bindgen_version\`"
installed="$(wasm-bindgen --version | awk '{print $2}')"
[ "$installed" = "$wasm_bindgen_version" ] ||
  die "wasm-bindgen $installed is installed, Cargo.lock has $wasm_bindgen_version: \`cargo install wasm-bindgen-cli --version $wasm_bindgen_version --force\`"

step "wasm-bindgen $installed -> $out"
rm -rf "$out"
mkdir -p "$out"
# --experimental-reset-state-function: after a trap the JavaScript wrapper starts a fresh instance.
wasm-bindgen --target web --experimental-reset-state-function --out-name tieuchi_wasm --out-dir "$out" "$wasm"
wasm-bindgen --target web --experimental-reset-state-function --out-name tieuchi_eval --out-dir "$out" "$evaluation_wasm"

# The JavaScript API: one source, `js/tieuchi.js`, over the full module; `evaluate.js` is the same
# file over the evaluation module (its compiling functions throw, saying to import the full one).
step "JavaScript API, types"
cp "$here/js/tieuchi.js" "$here/js/tieuchi.d.ts" "$out/"
sed -e "s#'./tieuchi_wasm.js'#'./tieuchi_eval.js'#" -e "s#'./tieuchi_wasm_bg.wasm'#'./tieuchi_eval_bg.wasm'#" \
  "$here/js/tieuchi.js" >"$out/evaluate.js"
cp "$here/js/tieuchi.d.ts" "$out/evaluate.d.ts"
grep -q "'./tieuchi_eval.js'" "$out/evaluate.js" || die "evaluate.js does not import the evaluation module"

# optimise NAME WRAPPER: wasm-opt -Oz over NAME_bg.wasm, kept only if WRAPPER still loads it.
optimise() {
  local module="$out/$1_bg.wasm" wrapper="$out/$2"
  local before
  before=$(wc -c <"$module")
  # The features rustc enables by default for wasm32 (older binaryen does not read them all from
  # the module's target_features section).
  wasm-opt -Oz --enable-bulk-memory --enable-mutable-globals --enable-nontrapping-float-to-int \
    --enable-sign-ext --enable-reference-types --enable-multivalue \
    -o "$module.opt" "$module"
  mv "$module" "$module.unopt"
  mv "$module.opt" "$module"
  # A wasm-opt that misreads the module (older binaryen and reference types) gives one that no
  # longer loads: keep the unoptimised module then.
  if node "$here/scripts/smoke.mjs" "$out/tieuchi.js" "$wrapper" >&2; then
    rm "$module.unopt"
    step "wasm-opt $1: $before -> $(wc -c <"$module") bytes"
  else
    mv "$module.unopt" "$module"
    step "wasm-opt broke $1 (binaryen too old for its features?): kept the unoptimised one"
  fi
}

if command -v wasm-opt >/dev/null 2>&1; then
  step "wasm-opt -Oz ($(wasm-opt --version))"
  optimise tieuchi_wasm tieuchi.js
  optimise tieuchi_eval evaluate.js
else
  step "wasm-opt not found (binaryen): the modules are left unoptimised"
fi
cp "$here/README.md" "$out/README.md"
version="$(awk -F'"' '/^version = / { print $2; exit }' "$root/Cargo.toml")"
cat >"$out/package.json" <<EOF
{
  "name": "tieuchi-wasm",
  "version": "$version",
  "description": "tieuchi in WebAssembly: Vietnamese public-sector evaluation rules compiled, inspected and evaluated exactly in the browser or Node, with a calculator page.",
  "license": "MIT OR Apache-2.0",
  "type": "module",
  "main": "./tieuchi.js",
  "types": "./tieuchi.d.ts",
  "exports": {
    ".": { "types": "./tieuchi.d.ts", "default": "./tieuchi.js" },
    "./evaluate": { "types": "./evaluate.d.ts", "default": "./evaluate.js" },
    "./tieuchi_wasm_bg.wasm": "./tieuchi_wasm_bg.wasm",
    "./tieuchi_eval_bg.wasm": "./tieuchi_eval_bg.wasm",
    "./www/*": "./www/*"
  },
  "files": ["tieuchi.js", "tieuchi.d.ts", "tieuchi_wasm.js", "tieuchi_wasm.d.ts", "tieuchi_wasm_bg.wasm", "tieuchi_wasm_bg.wasm.d.ts", "evaluate.js", "evaluate.d.ts", "tieuchi_eval.js", "tieuchi_eval.d.ts", "tieuchi_eval_bg.wasm", "tieuchi_eval_bg.wasm.d.ts", "www/", "README.md"],
  "sideEffects": false,
  "engines": { "node": ">=18" }
}
EOF

bash "$here/scripts/build-page.sh" "$out"

sizes() { printf '%s bytes, %s gzipped' "$(wc -c <"$1")" "$(gzip -9 -c "$1" | wc -c)"; }
step "done: $out (full module $(sizes "$out/tieuchi_wasm_bg.wasm"); evaluation module $(sizes "$out/tieuchi_eval_bg.wasm"))"
