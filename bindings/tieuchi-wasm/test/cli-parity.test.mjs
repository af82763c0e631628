// Every bundled rule set with every record written for it (the family's examples and the cases of
// its *.cases.json), through the WebAssembly build and through the Rust CLI (`tieuchi eval
// --what-it-takes`): the results, what it takes included, or the errors, must be the same.
// Skipped when no CLI binary is found (set TIEUCHI_CLI, or build it with `cargo build -p
// tieuchi-cli`).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { loadPackage, root } from './helpers.mjs';

const cli = [process.env.TIEUCHI_CLI, path.join(root, 'target/debug/tieuchi'), path.join(root, 'target/release/tieuchi')]
  .find((p) => p && existsSync(p));

function walk(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]);
}

const rel = (p) => path.relative(root, p).split(path.sep).join('/');
const all = walk(path.join(root, 'rules')).map(rel).sort();
const family = (p) => p.split('/')[1];
const ruleFiles = all.filter((p) => p.endsWith('.tieuchi'));
const examples = all.filter((p) => /\/examples\/[^/]+\.json$/.test(p));
const caseFiles = all.filter((p) => p.endsWith('.cases.json'));

function viaCli(rules, record, on) {
  const args = ['eval', rules, '-', '--error-format', 'json', '--what-it-takes', ...(on ? ['--on', on] : [])];
  const run = spawnSync(cli, args, { cwd: root, input: JSON.stringify(record), encoding: 'utf8' });
  if (run.status === 0) return { result: JSON.parse(run.stdout) };
  const lines = run.stderr.split('\n').filter((l) => l.trim());
  const errors = lines.map((l) => {
    try {
      const e = JSON.parse(l);
      const field = e.file ? `${e.file}:${e.line}:${e.column}` : e.field;
      return { code: e.code, field };
    } catch {
      return { cli: l };
    }
  });
  return { errors };
}

function viaWasm(tieuchi, rules, record, on) {
  try {
    return { result: rules.evaluate(record, { on, trace: true, whatItTakes: true }) };
  } catch (error) {
    assert.ok(error instanceof tieuchi.TieuchiError, `a TieuchiError, not ${error}`);
    if (error.kind === 'evidence') return { errors: error.errors.map((e) => ({ code: e.code, field: e.field })) };
    if (error.kind === 'eval') return { errors: [{ code: error.code, field: `${error.file}:${error.line}:${error.column}` }] };
    throw error;
  }
}

if (!cli) {
  test('the CLI gives the same results as the WebAssembly build', { skip: 'no tieuchi CLI binary (cargo build -p tieuchi-cli)' }, () => {});
} else {
  const tieuchi = await loadPackage();
  const cases = caseFiles.flatMap((f) => {
    const file = JSON.parse(readFileSync(path.join(root, f), 'utf8'));
    // Family case files (`"family"`, no `"ruleset"`) test the choice of the version in force, a
    // library concern (the CLI's and the Python binding's tests run them); skipped here, where
    // each rule file is compiled alone.
    if (typeof file.ruleset !== 'string') return [];
    return (file.cases ?? []).filter((c) => c.given && typeof c.given === 'object')
      .map((c) => ({ ruleset: file.ruleset, name: `${f}: ${c.name}`, record: c.given, on: c.on }));
  });
  for (const rulesPath of ruleFiles) {
    test(`CLI parity ${rulesPath}`, () => {
      let rules;
      try {
        rules = tieuchi.compile(readFileSync(path.join(root, rulesPath), 'utf8'), { name: rulesPath });
      } catch (error) {
        // A file that needs another rule set's enums, or a layer that needs the rules it
        // extends, is checked by the library tests (the CLI evaluates it from its folder), not here.
        if (error.code === 'check::import' || error.code === 'check::layer-base') return;
        throw error;
      }
      const records = [
        ...examples.filter((e) => family(e) === family(rulesPath))
          .map((e) => ({ name: e, record: JSON.parse(readFileSync(path.join(root, e), 'utf8')) })),
        ...cases.filter((c) => c.ruleset === rules.id),
      ];
      assert.ok(records.length > 0, `no records for ${rulesPath}`);
      let compared = 0;
      for (const { name, record, on } of records) {
        const expected = viaCli(rulesPath, record, on);
        // The CLI chooses the version in force before evaluating (a library concern); a record
        // it refuses there (`select::…`) has nothing to compare.
        if (expected.errors?.some((e) => e.code?.startsWith('select::'))) continue;
        assert.deepEqual(viaWasm(tieuchi, rules, record, on), expected, name);
        compared += 1;
      }
      assert.ok(compared > 0, `no record of ${rulesPath} reached the evaluation`);
    });
  }
}
