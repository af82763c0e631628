// The evaluation module (`evaluate.js`, no compiler): rules compiled by the full module and carried
// over as bytes evaluate there exactly as the shared case corpus records, with what it takes and
// the trace; a library loaded from bytes picks versions by date as the full one does; and what it
// cannot do (compile) is a TieuchiError with a code, as is every bad byte.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadPackage, pkgDir, root } from './helpers.mjs';

const full = await loadPackage();
const evaluation = await import(pathToFileURL(path.join(pkgDir, 'evaluate.js')).href);
await evaluation.default();

const corpusDir = path.join(root, 'tests/corpus');
const corpus = readdirSync(corpusDir).filter((f) => f.endsWith('.json')).sort();
const read = (name) => readFileSync(path.join(root, name), 'utf8');

const loaded = new Map();
function loadedRules(name) {
  if (!loaded.has(name)) loaded.set(name, evaluation.loadCompiled(full.compile(read(name), { name }).toBytes()));
  return loaded.get(name);
}

function outcome(api, rules, c) {
  try {
    return { result: rules.evaluate(c.evidence, { on: c.on, trace: c.trace ?? false }) };
  } catch (error) {
    assert.ok(error instanceof api.TieuchiError, `a TieuchiError, not ${error}`);
    return { kind: error.kind, errors: error.errors.map((e) => ({ code: e.code, field: e.field, message: e.message })) };
  }
}

test('every corpus case gives, from bytes in the evaluation module, the result the full module gives', () => {
  assert.ok(corpus.length > 10);
  for (const file of corpus) {
    const c = JSON.parse(readFileSync(path.join(corpusDir, file), 'utf8'));
    const compiled = full.compile(read(c.rules), { name: c.rules });
    const expected = outcome(full, compiled, c);
    const actual = outcome(evaluation, loadedRules(c.rules), c);
    assert.equal(JSON.stringify(actual), JSON.stringify(expected), file);
    if (c.result !== undefined) assert.deepEqual(actual.result, c.result, `${file}: the corpus's record`);
  }
});

test('what it takes and the batch of a loaded rule set are the full module\'s', () => {
  const name = 'rules/cong-chuc/nd335-2025.tieuchi';
  const compiled = full.compile(read(name), { name });
  const rules = loadedRules(name);
  const record = { tieu_chi_chung: '27.5', ket_qua_nhiem_vu: '58.75', suy_thoai: false };
  const options = { on: '2026-06-30', whatItTakes: true };
  assert.deepEqual(rules.evaluate(record, options), compiled.evaluate(record, options));
  const records = [record, { ...record, ket_qua_nhiem_vu: '70' }, { tieu_chi_chung: 'x' }];
  assert.deepEqual(rules.evaluateMany(records, { on: '2026-06-30' }), compiled.evaluateMany(records, { on: '2026-06-30' }));
  assert.equal(rules.id, compiled.id);
  assert.equal(rules.name, name);
  assert.equal(rules.source, read(name));
  assert.deepEqual(rules.inputs(), compiled.inputs());
  assert.deepEqual(rules.check({ lang: 'en' }), compiled.check({ lang: 'en' }));
});

test('a library from bytes picks the version in force on each record\'s date', () => {
  const names = ['rules/cong-chuc/nd90-2020.tieuchi', 'rules/cong-chuc/nd335-2025.tieuchi'];
  const files = names.map((name) => ({ name, source: read(name) }));
  const library = full.loadLibrary(files);
  const again = evaluation.loadCompiledLibrary(library.toBytes());
  assert.deepEqual(again.ids, library.ids);
  const family = library.ids.at(-1);
  for (const on of ['2024-12-31', '2025-06-30', '2026-06-30']) {
    assert.equal(again.select(family, { on }).id, library.select(family, { on }).id, on);
  }
  const records = [
    { on: '2024-12-31', tieu_chi_chung: '27.5' },
    { on: '2026-06-30', tieu_chi_chung: '27.5', ket_qua_nhiem_vu: '58.75', suy_thoai: false },
  ];
  assert.deepEqual(again.evaluateMany(family, records), library.evaluateMany(family, records));
});

test('the evaluation module has no compiler, and says so with a code', () => {
  const source = read('rules/cong-chuc/nd335-2025.tieuchi');
  for (const f of [
    () => evaluation.compile(source),
    () => evaluation.check(source),
    () => evaluation.completions(source, 0),
    () => evaluation.loadLibrary([{ name: 'a.tieuchi', source }]),
    () => loadedRules('rules/cong-chuc/nd335-2025.tieuchi').toBytes(),
  ]) {
    assert.throws(f, (error) => {
      assert.ok(error instanceof evaluation.TieuchiError);
      assert.equal(error.code, 'argument::not-initialized');
      assert.match(error.message, /tieuchi-wasm\/evaluate/);
      return true;
    });
  }
});

test('bytes that are not compiled rules are argument errors, in the language asked for', () => {
  const compiled = full.compile(read('rules/cong-chuc/nd335-2025.tieuchi'));
  const bytes = compiled.toBytes();
  assert.ok(bytes instanceof Uint8Array && bytes.length > 1000);
  const changed = bytes.slice();
  changed[changed.length - 1] ^= 1;
  for (const [api, input, code] of [
    [evaluation, new TextEncoder().encode('ruleset x "X" {}'), 'argument::not-compiled'],
    [evaluation, changed, 'argument::not-compiled'],
    [full, changed, 'argument::not-compiled'],
    [evaluation, 'bytes', 'argument::invalid'],
  ]) {
    assert.throws(() => api.loadCompiled(input, { lang: 'en' }), (error) => {
      assert.equal(error.code, code);
      return true;
    });
  }
  assert.throws(() => evaluation.loadCompiledLibrary(bytes, { lang: 'en' }), (error) => {
    assert.equal(error.code, 'argument::not-compiled');
    assert.equal(error.message, 'these bytes hold a compiled rule set, not a library');
    return true;
  });
  // An ArrayBuffer reads as its bytes.
  assert.equal(evaluation.loadCompiled(bytes.slice().buffer).id, compiled.id);
});

test('after a panic resets the instance, a rule set loaded from bytes loads itself again', () => {
  const rules = loadedRules('rules/cong-chuc/nd335-2025.tieuchi');
  const record = { tieu_chi_chung: '27.5', ket_qua_nhiem_vu: '58.75', suy_thoai: false };
  const before = rules.evaluate(record, { on: '2026-06-30' });
  assert.throws(() => evaluation._panicForTests(), (error) => error.code === 'internal::panic');
  assert.deepEqual(rules.evaluate(record, { on: '2026-06-30' }), before);
});
