#!/usr/bin/env bash
# The calculator page of a built package (bindings/tieuchi-wasm/pkg, or the folder given): www/
# copied, the rule editor (editor/: CodeMirror and the tieuchi language) bundled by esbuild into
# www/editor.js, and every rule file under rules/ into www/rules/ with its index.
#
# scripts/build.sh runs it as its last step; alone, it refreshes the page of a package already
# built (`bash scripts/build-page.sh [PKG]`). It needs node and the package's npm dev
# dependencies, which it installs (`npm ci` in bindings/tieuchi-wasm) when esbuild is missing.
set -euo pipefail

here="$(cd "$(dirname "$0")/.." && pwd)"
root="$(cd "$here/../.." && pwd)"
out="${1:-${TIEUCHI_WASM_OUT:-$here/pkg}}"

step() { printf '==> %s\n' "$*" >&2; }
die() { printf 'build-page.sh: %s\n' "$*" >&2; exit 1; }

[ -f "$out/tieuchi.js" ] || die "$out holds no built package (scripts/build.sh builds it)"
esbuild="$here/node_modules/.bin/esbuild"
if [ ! -x "$esbuild" ]; then
  step "npm ci in $here (esbuild and CodeMirror, for the rule editor)"
  (cd "$here" && npm ci --no-audit --no-fund) >&2 || die "npm ci failed in $here"
fi
[ -x "$esbuild" ] || die "no esbuild after npm ci in $here"

step "calculator page -> $out/www"
rm -rf "$out/www"
cp -r "$here/www" "$out/www"

# One ES module, minified, no source map: the page loads it when the source box is opened. The
# VS Code extension's TextMate grammar is read into it (editor/textmate.js).
step "rule editor: editor/index.js -> www/editor.js (esbuild $("$esbuild" --version))"
notice="/*! The tieuchi rule editor. Bundled: CodeMirror 6 (@codemirror/*), Lezer (@lezer/*), style-mod, crelt, w3c-keyname, @marijn/find-cluster-break — MIT licence, (c) Marijn Haverbeke and others, https://codemirror.net */"
"$esbuild" "$here/editor/index.js" --bundle --format=esm --minify --target=es2022 \
  --legal-comments=eof --banner:js="$notice" --log-level=warning --outfile="$out/www/editor.js"
editor_bytes=$(wc -c <"$out/www/editor.js")
editor_gzip=$(gzip -9 -c "$out/www/editor.js" | wc -c)
step "rule editor: $editor_bytes bytes, $editor_gzip gzipped"

step "bundling the rule library ($root/rules -> www/rules)"
node "$here/scripts/bundle-rules.mjs" "$root/rules" "$out/www/rules" "$out/tieuchi.js"
