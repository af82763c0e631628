// The shared case corpus (tests/corpus/*.json) through the WebAssembly build: every case must give
// exactly the result recorded from the Rust engine (the same wire JSON, keys in the same order).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { loadPackage, root } from './helpers.mjs';

const tieuchi = await loadPackage();
const corpusDir = path.join(root, 'tests/corpus');
const files = readdirSync(corpusDir).filter((f) => f.endsWith('.json')).sort();
const compiled = new Map();

function rulesFor(name) {
  if (!compiled.has(name)) {
    compiled.set(name, tieuchi.compile(readFileSync(path.join(root, name), 'utf8'), { name }));
  }
  return compiled.get(name);
}

// What the binding gives for one case, in the corpus's own shape (as the Rust corpus test builds it).
function actual(c) {
  const rules = rulesFor(c.rules);
  try {
    return { result: rules.evaluate(c.evidence, { on: c.on, trace: c.trace ?? false }) };
  } catch (error) {
    assert.ok(error instanceof tieuchi.TieuchiError, `a TieuchiError, not ${error}`);
    if (error.kind === 'evidence') return { errors: error.errors.map((e) => ({ code: e.code, field: e.field })) };
    if (error.kind === 'eval') return { errors: [{ code: error.code, field: `${error.file}:${error.line}:${error.column}` }] };
    throw error;
  }
}

test('the corpus is not empty', () => {
  assert.ok(files.length > 0, `no cases in ${corpusDir}`);
});

for (const file of files) {
  test(`corpus ${file}`, () => {
    const c = JSON.parse(readFileSync(path.join(corpusDir, file), 'utf8'));
    const got = actual(c);
    for (const key of ['result', 'errors']) {
      assert.deepEqual(got[key], c[key], `${key} differs`);
      // Key order too: the wire shape is written in a fixed order.
      assert.equal(JSON.stringify(got[key]), JSON.stringify(c[key]), `${key} differs in key order`);
    }
  });
}
