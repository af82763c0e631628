// The shared error corpus (tests/errors/*.json) through the WebAssembly build: every bad input
// throws a TieuchiError carrying exactly the failure record the Rust engine, the command line and
// Python give (its kind, summary, the first error's fields and every error).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { loadPackage, root } from './helpers.mjs';

const tieuchi = await loadPackage();
const dir = path.join(root, 'tests/errors');
const files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();

function ruleFiles(name) {
  const full = path.join(root, name);
  const names = statSync(full).isDirectory()
    ? readdirSync(full).filter((f) => f.endsWith('.tieuchi')).sort().map((f) => `${name}/${f}`)
    : [name];
  return names.map((n) => ({ name: n, source: readFileSync(path.join(root, n), 'utf8') }));
}

function run(c) {
  if (c.source) {
    const rules = tieuchi.compile(c.source.text, { name: c.source.name });
    return rules.evaluate(c.evidence, { on: c.on });
  }
  if (c.ruleset) return tieuchi.loadLibrary(ruleFiles(c.rules)).evaluate(c.ruleset, c.evidence, { on: c.on });
  const [file] = ruleFiles(c.rules);
  return tieuchi.compile(file.source, { name: file.name }).evaluate(c.evidence, { on: c.on });
}

test('the error corpus is there', () => assert.ok(files.length >= 6));

for (const file of files) {
  const c = JSON.parse(readFileSync(path.join(dir, file), 'utf8'));
  test(`error corpus: ${file}`, () => {
    assert.throws(() => run(c), (error) => {
      assert.ok(error instanceof tieuchi.TieuchiError, `a TieuchiError, not ${error}`);
      for (const [key, value] of Object.entries(c.failure)) assert.deepEqual(error[key], value, key);
      return true;
    });
  });
}
