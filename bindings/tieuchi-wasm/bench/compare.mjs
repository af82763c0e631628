// Compares builds of the package on one busy machine: the NĐ 335 example evaluated through the
// JavaScript API by each build in turn, round after round (so that the load falls on all alike),
// in Node and in headless Chromium; the median and best round in µs per evaluation, with and
// without the trace.
//
//   node bench/compare.mjs PKG_DIR PKG_DIR…   [ROUNDS=30 CALLS=300 in the environment]
import { mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../../..');
const dirs = process.argv.slice(2).map((d) => path.resolve(d));
if (dirs.length === 0) throw new Error('usage: node bench/compare.mjs PKG_DIR PKG_DIR…');
const rounds = Number(process.env.ROUNDS ?? 30);
const calls = Number(process.env.CALLS ?? 300);
const source = readFileSync(path.join(root, 'rules/cong-chuc/nd335-2025.tieuchi'), 'utf8');
const record = JSON.parse(readFileSync(path.join(root, 'rules/cong-chuc/examples/nd335-htt.json'), 'utf8'));

// Runs where it is given (Node, or the page through playwright). Each build's evaluation module
// (`evaluate.js`, rules loaded from the bytes its full module wrote) is timed too, without the
// trace, where the build has one.
async function measure({ source, record, urls, rounds, calls }) {
  const sets = [];
  for (const url of urls) {
    const tieuchi = await import(url);
    await tieuchi.default();
    const rules = tieuchi.compile(source, { name: 'nd335-2025.tieuchi' });
    let loaded = null;
    try {
      const evaluation = await import(url.replace(/tieuchi\.js$/, 'evaluate.js'));
      await evaluation.default();
      loaded = evaluation.loadCompiled(rules.toBytes());
    } catch {
      // a build from before the evaluation module
    }
    sets.push({ rules, loaded });
  }
  const cases = (set) => [
    ['plain', set.rules, false],
    ['trace', set.rules, true],
    ...(set.loaded === null ? [] : [['module', set.loaded, false]]),
  ];
  for (const set of sets) {
    for (const [, rules, trace] of cases(set)) {
      for (let i = 0; i < calls; i += 1) rules.evaluate(record, { on: '2026-12-10', trace }); // warm up
    }
  }
  const times = urls.map(() => ({ plain: [], trace: [], module: [] }));
  for (let r = 0; r < rounds; r += 1) {
    for (let k = 0; k < sets.length; k += 1) {
      for (const [key, rules, trace] of cases(sets[k])) {
        const options = { on: '2026-12-10', trace };
        const t0 = performance.now();
        for (let i = 0; i < calls; i += 1) rules.evaluate(record, options);
        times[k][key].push(((performance.now() - t0) * 1000) / calls);
      }
    }
  }
  const figures = (xs) => {
    if (xs.length === 0) return null;
    xs.sort((a, b) => a - b);
    return [xs[Math.floor(xs.length / 2)], xs[0]];
  };
  return times.map((t) => ({ plain: figures(t.plain), trace: figures(t.trace), module: figures(t.module) }));
}

const show = (where, results) =>
  results.forEach(({ plain, trace, module }, k) => {
    const us = ([median, best]) => `${median.toFixed(2)} µs (best ${best.toFixed(2)})`;
    const evaluation = module === null ? '' : `; evaluation module ${us(module)} without the trace`;
    console.log(`${where} ${dirs[k]}: ${us(plain)} without the trace, ${us(trace)} with it${evaluation}`);
  });

show('node', await measure({ source, record, rounds, calls, urls: dirs.map((d) => pathToFileURL(path.join(d, 'tieuchi.js')).href) }));

// Chromium: the builds side by side under one server, as links in a scratch directory.
const { inChromium } = await import('./chromium.mjs');
const scratch = mkdtempSync(path.join(tmpdir(), 'tieuchi-compare-'));
dirs.forEach((d, k) => symlinkSync(d, path.join(scratch, String(k))));
try {
  const urls = (base) => dirs.map((_, k) => `${base}/${k}/tieuchi.js`);
  const [version, figures] = await inChromium(scratch, '0/www/index.html', measure, (base) => ({ source, record, rounds, calls, urls: urls(base) }));
  show(`chromium ${version}`, figures);
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
