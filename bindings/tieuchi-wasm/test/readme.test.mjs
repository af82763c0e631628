// The README's JavaScript snippets run: every ```js block of bindings/tieuchi-wasm/README.md, in
// order, as one module (as a reader's script would hold them), with `'tieuchi-wasm'` resolved to
// the built package and the texts the README names given: `sourceText` (NĐ 335), `nd90Text` and
// `nd335Text`. A block preceded by `<!-- not run: … -->` or `<!-- run by: … -->` is left to that
// place (crates/tieuchi-cli/tests/readme_snippets.rs checks that every block of the README is run
// by someone or says why not).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { crateDir, pkgDir, root } from './helpers.mjs';

/** The fenced blocks of a Markdown text: `{ line, lang, body, marker }`. */
function blocks(text) {
  const lines = text.split('\n');
  const out = [];
  for (let i = 0; i < lines.length; i += 1) {
    const fence = /^```(\S*)/.exec(lines[i]);
    if (!fence) continue;
    let before = i - 1;
    while (before >= 0 && !lines[before].trim()) before -= 1;
    const marker = before >= 0 && /^<!-- (not run|run by):/.test(lines[before].trim()) ? lines[before].trim() : null;
    const start = i;
    const body = [];
    for (i += 1; i < lines.length && lines[i] !== '```'; i += 1) body.push(lines[i]);
    out.push({ line: start + 1, lang: fence[1], body: body.join('\n'), marker });
  }
  return out;
}

test('every JavaScript snippet of the README runs', async () => {
  const readme = readFileSync(path.join(crateDir, 'README.md'), 'utf8');
  const snippets = blocks(readme).filter((b) => b.lang === 'js' && b.marker === null);
  assert.ok(snippets.length >= 2, 'the README has its JavaScript snippets');
  const text = (p) => JSON.stringify(readFileSync(path.join(root, p), 'utf8'));
  const givens = [
    `const sourceText = ${text('rules/cong-chuc/nd335-2025.tieuchi')};`,
    `const nd90Text = ${text('rules/cong-chuc/nd90-2020.tieuchi')};`,
    `const nd335Text = ${text('rules/cong-chuc/nd335-2025.tieuchi')};`,
  ];
  const pkg = pathToFileURL(path.join(pkgDir, 'tieuchi.js')).href;
  const evaluation = pathToFileURL(path.join(pkgDir, 'evaluate.js')).href;
  const body = snippets
    .map((s) => {
      const resolved = s.body
        .replaceAll("from 'tieuchi-wasm/evaluate'", `from '${evaluation}'`)
        .replaceAll("from 'tieuchi-wasm'", `from '${pkg}'`);
      return `// README.md:${s.line}\n${resolved}`;
    })
    .join('\n');
  // What the snippets leave, for the checks below.
  const exports = 'export { rules, result, rows, record, carried };';
  const dir = mkdtempSync(path.join(tmpdir(), 'tieuchi-readme-'));
  try {
    const file = path.join(dir, 'readme.mjs');
    writeFileSync(file, `${givens.join('\n')}\n${body}\n${exports}\n`);
    const ran = await import(pathToFileURL(file).href);
    // What the comments say of the results.
    assert.equal(ran.rules.id, 'cong_chuc_nd335');
    assert.equal(ran.result.outcome.id, 'htt');
    assert.equal(ran.result.scores.tong.value, '86.25');
    assert.equal(ran.rows[0].ruleset, 'cong_chuc_nd90');
    assert.equal(ran.rows[1].tong, '95');
    assert.deepEqual([ran.rows[1].outcome, ran.rows[1].decided_by], ['htt', 'quota'], JSON.stringify(ran.rows[1]));
    // Rules carried as bytes into the evaluation module evaluate alike.
    assert.deepEqual(ran.carried.evaluate(ran.record), ran.rules.evaluate(ran.record));
    assert.equal(ran.carried.evaluate(ran.record).outcome.id, 'htt');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
