// Copies the rule library into the calculator page, compiled too (`*.tcb`, the bytes `toBytes()`
// writes, which the page loads with the evaluation module), and writes its index.
//
//   node bundle-rules.mjs RULES_DIR OUT_DIR PACKAGE_JS
//
// Every `*.tieuchi` file under RULES_DIR is copied with its folder (the family), and so is every
// JSON example under a family's `examples/`. index.json lists the rule sets with their id, label
// and validity, read by compiling each one with the package just built; the examples that a rule
// set accepts (they evaluate without an error), and the cases of the `*.cases.json` files that
// name it, become the page's sample records.

import { copyFile, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const [rulesDir, outDir, packageJs] = process.argv.slice(2);
if (!rulesDir || !outDir || !packageJs) {
  console.error('usage: node bundle-rules.mjs RULES_DIR OUT_DIR PACKAGE_JS');
  process.exit(2);
}

const tieuchi = await import(pathToFileURL(path.resolve(packageJs)).href);
await tieuchi.default();

async function walk(dir) {
  const found = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...(await walk(full)));
    else found.push(full);
  }
  return found;
}

const posix = (p) => p.split(path.sep).join('/');
const files = (await walk(rulesDir)).map((f) => posix(path.relative(rulesDir, f))).sort();
const ruleFiles = files.filter((f) => f.endsWith('.tieuchi'));
const exampleFiles = files.filter((f) => /(^|\/)examples\/[^/]+\.json$/.test(f));
const caseFiles = files.filter((f) => f.endsWith('.cases.json'));
const family = (f) => (f.includes('/') ? f.slice(0, f.indexOf('/')) : '');

for (const f of [...ruleFiles, ...exampleFiles]) {
  await mkdir(path.join(outDir, path.dirname(f)), { recursive: true });
  await copyFile(path.join(rulesDir, f), path.join(outDir, f));
}

// Compile every file; a file that uses another's enums by qualified name compiles once the
// others have (the same order the CLI's library finds).
const texts = new Map();
for (const f of ruleFiles) texts.set(f, await readFile(path.join(rulesDir, f), 'utf8'));
const compiled = new Map();
const failures = new Map();
let pending = [...ruleFiles];
for (let round = 0; pending.length > 0 && round < ruleFiles.length; round += 1) {
  const next = [];
  for (const f of pending) {
    try {
      compiled.set(f, tieuchi.compile(texts.get(f), { name: `rules/${f}`, imports: [...compiled.values()] }));
      failures.delete(f);
    } catch (error) {
      failures.set(f, error);
      next.push(f);
    }
  }
  if (next.length === pending.length) break;
  pending = next;
}

const examples = [];
for (const f of exampleFiles) {
  try {
    examples.push({ path: f, record: JSON.parse(await readFile(path.join(rulesDir, f), 'utf8')) });
  } catch (error) {
    console.warn(`bundle-rules: skipped ${f}: ${error.message}`);
  }
}
const cases = [];
for (const f of caseFiles) {
  try {
    const file = JSON.parse(await readFile(path.join(rulesDir, f), 'utf8'));
    // Family case files (`"family"` instead of `"ruleset"`) test which version is in force on a
    // date, a library concern the page does not have (it evaluates the one rule set chosen):
    // their records are not samples.
    if (typeof file.ruleset !== 'string') continue;
    // Single records only (not batches), and not the cases written to be refused.
    for (const c of file.cases ?? []) {
      if (!c.given || typeof c.given !== 'object' || Array.isArray(c.given)) continue;
      if (c.expect && typeof c.expect === 'object' && 'error' in c.expect) continue;
      cases.push({ ruleset: file.ruleset, file: f, ...c });
    }
  } catch (error) {
    console.warn(`bundle-rules: skipped ${f}: ${error.message}`);
  }
}

const rulesets = [];
for (const f of ruleFiles) {
  const rules = compiled.get(f);
  const entry = { path: f, family: family(f), bytes: Buffer.byteLength(texts.get(f)) };
  if (!rules) {
    const error = failures.get(f);
    entry.error = { code: error?.code, message: error?.message, line: error?.line, column: error?.column };
    console.warn(`bundle-rules: ${f} does not compile: ${error?.code} ${error?.message}`);
    rulesets.push(entry);
    continue;
  }
  const schema = rules.inputs();
  Object.assign(entry, { id: rules.id, label: rules.label, source: schema.source, valid_from: schema.valid_from, valid_until: schema.valid_until });
  // The rule set compiled, for the page to load with the evaluation module (no compiler).
  entry.compiled = `${f}.tcb`;
  await writeFile(path.join(outDir, entry.compiled), rules.toBytes());
  const needs = [...compiled.entries()].filter(([other]) => other !== f && ruleFiles.indexOf(other) < ruleFiles.indexOf(f));
  try {
    tieuchi.compile(texts.get(f), { name: `rules/${f}` });
  } catch {
    entry.imports = needs.map(([other]) => other);
  }
  entry.samples = [];
  for (const example of examples.filter((e) => family(e.path) === entry.family)) {
    try {
      rules.evaluate(example.record, { trace: false });
      entry.samples.push({ name: path.basename(example.path, '.json'), path: example.path, evidence: example.record });
    } catch {
      // An example of another rule set of the family.
    }
  }
  for (const c of cases.filter((c) => c.ruleset === rules.id)) {
    const evidence = { ...c.given };
    if (c.on !== undefined && evidence.on === undefined) evidence.on = c.on;
    entry.samples.push({ name: c.name, case: c.file, evidence });
  }
  rulesets.push(entry);
}

await mkdir(outDir, { recursive: true });
await writeFile(path.join(outDir, 'index.json'), `${JSON.stringify({ rulesets }, null, 1)}\n`);
console.error(`bundle-rules: ${rulesets.length} rule file(s), ${examples.length} example(s), ${cases.length} case(s)`);
