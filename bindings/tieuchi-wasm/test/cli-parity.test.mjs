// Every bundled rule set with every record written for it (the family's examples and the cases of
// its *.cases.json), through the WebAssembly build and through the Rust CLI (`tieuchi eval
// --what-it-takes`): the results, what it takes included, or the errors, must be the same.
// A rule file that compiles alone is compiled alone on both sides; one that needs other rule
// sets (an import, or the rules a layer `extends`) is given them the same way on both sides: its
// folder as a library (`loadLibrary` here, the folder with `--ruleset` for the CLI).
// Fails when no CLI binary is found: tests/run-wasm.sh builds it and sets TIEUCHI_CLI (by hand:
// `cargo build -p tieuchi-cli`).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { loadPackage, root } from './helpers.mjs';

const targetDir = process.env.CARGO_TARGET_DIR ?? path.join(root, 'target');
const cli = process.env.TIEUCHI_CLI
  ?? [path.join(targetDir, 'debug/tieuchi'), path.join(targetDir, 'release/tieuchi')].find((p) => existsSync(p));

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

// `rules`: a rule file, or a folder with the id of the rule set to evaluate by.
function viaCli(rules, record, on, id) {
  const args = ['eval', rules, '-', '--error-format', 'json', '--what-it-takes', ...(on ? ['--on', on] : []),
    ...(id ? ['--ruleset', id] : [])];
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

// `rules`: a compiled rule set, or `{ library, id }`.
function viaWasm(tieuchi, rules, record, on) {
  const options = { on, trace: true, whatItTakes: true };
  try {
    return { result: rules.library ? rules.library.evaluate(rules.id, record, options) : rules.evaluate(record, options) };
  } catch (error) {
    assert.ok(error instanceof tieuchi.TieuchiError, `a TieuchiError, not ${error}`);
    if (error.kind === 'evidence') return { errors: error.errors.map((e) => ({ code: e.code, field: e.field })) };
    if (error.kind === 'eval') return { errors: [{ code: error.code, field: `${error.file}:${error.line}:${error.column}` }] };
    throw error;
  }
}

test('the CLI to compare with is built', () => {
  assert.ok(cli && existsSync(cli), `no tieuchi CLI at ${cli ?? `${targetDir}/{debug,release}/tieuchi`}: `
    + 'run `cargo build -p tieuchi-cli` or set TIEUCHI_CLI');
});

if (cli && existsSync(cli)) {
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
      // What the CLI is given: the file, or its folder and the id of the file's rule set.
      let rules;
      let cliRules = rulesPath;
      let cliId;
      try {
        rules = tieuchi.compile(readFileSync(path.join(root, rulesPath), 'utf8'), { name: rulesPath });
      } catch (error) {
        // A file that needs another rule set's enums, or a layer that needs the rules it
        // extends: its folder's rule files compiled together, on both sides.
        if (error.code !== 'check::import' && error.code !== 'check::layer-base') throw error;
        const folder = path.posix.dirname(rulesPath);
        const library = tieuchi.loadLibrary(ruleFiles.filter((f) => path.posix.dirname(f) === folder)
          .map((f) => ({ name: f, source: readFileSync(path.join(root, f), 'utf8') })));
        const id = library.ids.find((i) => library.select(i).name === rulesPath);
        assert.ok(id, `no rule set of ${rulesPath} in its folder's library (${library.ids})`);
        rules = { library, id };
        cliRules = folder;
        cliId = id;
      }
      const records = [
        ...examples.filter((e) => family(e) === family(rulesPath))
          .map((e) => ({ name: e, record: JSON.parse(readFileSync(path.join(root, e), 'utf8')) })),
        ...cases.filter((c) => c.ruleset === rules.id),
      ];
      assert.ok(records.length > 0, `no records for ${rulesPath}`);
      let compared = 0;
      for (const { name, record, on } of records) {
        const expected = viaCli(cliRules, record, on, cliId);
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
