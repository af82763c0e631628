// The TextMate grammar tokenizes a rule file of the library as a reader expects: keywords,
// declared names, labels, comments, numbers, percents, dates, functions and operators.
const test = require("node:test");
const assert = require("node:assert");
const fs = require("node:fs");
const path = require("node:path");
const textmate = require("vscode-textmate");
const oniguruma = require("vscode-oniguruma");

async function loadGrammar() {
  const wasm = fs.readFileSync(require.resolve("vscode-oniguruma/release/onig.wasm"));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const registry = new textmate.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns) => new oniguruma.OnigScanner(patterns),
      createOnigString: (s) => new oniguruma.OnigString(s),
    }),
    loadGrammar: async () => {
      const file = path.join(__dirname, "..", "syntaxes", "tieuchi.tmLanguage.json");
      return textmate.parseRawGrammar(fs.readFileSync(file, "utf8"), file);
    },
  });
  return registry.loadGrammar("source.tieuchi");
}

/** Every token of the text as [text, innermost scope]; neighbours of one scope (the quotes
 * and the text of a label) are one token. */
function tokenize(grammar, text) {
  const tokens = [];
  let state = textmate.INITIAL;
  for (const line of text.split("\n")) {
    const result = grammar.tokenizeLine(line, state);
    let previous = null;
    for (const token of result.tokens) {
      const value = line.slice(token.startIndex, token.endIndex);
      const scope = token.scopes[token.scopes.length - 1];
      if (previous && previous.scope === scope && previous.end === token.startIndex) {
        previous.value += value;
        previous.end = token.endIndex;
        continue;
      }
      previous = { value, scope, end: token.endIndex };
      tokens.push(previous);
    }
    state = result.ruleStack;
  }
  return tokens.filter((t) => t.value.trim()).map((t) => [t.value.trim(), t.scope]);
}

function scopeOf(tokens, text) {
  const found = tokens.find(([value]) => value === text);
  assert.ok(found, `no token \`${text}\``);
  return found[1];
}

test("a rule file of the library is tokenized by kind", async () => {
  const grammar = await loadGrammar();
  const file = path.join(__dirname, "..", "..", "..", "rules", "cong-chuc", "nd335-2025.tieuchi");
  const tokens = tokenize(grammar, fs.readFileSync(file, "utf8"));
  assert.strictEqual(scopeOf(tokens, "ruleset"), "storage.type.tieuchi");
  assert.strictEqual(scopeOf(tokens, "cong_chuc_nd335"), "entity.name.tieuchi");
  assert.strictEqual(scopeOf(tokens, "\"Tổng điểm\""), "string.quoted.double.tieuchi");
  assert.match(scopeOf(tokens, "# --- Evidence -------------------------------------------------------------------------------"), /^comment\.line/);
  assert.strictEqual(scopeOf(tokens, "2026-01-01"), "constant.numeric.date.tieuchi");
  assert.strictEqual(scopeOf(tokens, "20%"), "constant.numeric.percent.tieuchi");
  assert.strictEqual(scopeOf(tokens, "when"), "keyword.control.tieuchi");
  assert.strictEqual(scopeOf(tokens, ">="), "keyword.operator.comparison.tieuchi");
  assert.strictEqual(scopeOf(tokens, "bool"), "support.type.tieuchi");
  assert.strictEqual(scopeOf(tokens, "false"), "constant.language.tieuchi");
  assert.strictEqual(scopeOf(tokens, "suy_thoai"), "entity.name.tieuchi");
});

test("functions, names and keywords that share a word are told apart", async () => {
  const grammar = await loadGrammar();
  const tokens = tokenize(grammar, 'let so "Số" = count(ds, dat) in last 3 years # đếm\n  score tong "T" max 10 = max(a, 5)');
  assert.strictEqual(scopeOf(tokens, "count"), "support.function.tieuchi");
  assert.strictEqual(scopeOf(tokens, "ds"), "variable.other.tieuchi");
  assert.strictEqual(scopeOf(tokens, "last"), "keyword.other.tieuchi");
  assert.strictEqual(scopeOf(tokens, "# đếm"), "comment.line.number-sign.tieuchi");
  const maxes = tokens.filter(([value]) => value === "max").map(([, scope]) => scope);
  assert.deepStrictEqual(maxes, ["keyword.other.tieuchi", "support.function.tieuchi"]);
});

test("a `#` inside a label is not a comment", async () => {
  const grammar = await loadGrammar();
  const tokens = tokenize(grammar, 'source "Mục #3" # chú thích');
  assert.strictEqual(scopeOf(tokens, "\"Mục #3\""), "string.quoted.double.tieuchi");
  assert.strictEqual(scopeOf(tokens, "# chú thích"), "comment.line.number-sign.tieuchi");
});
