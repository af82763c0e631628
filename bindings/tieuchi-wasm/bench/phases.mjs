// Where one `ruleSet.evaluate(record)` of NĐ 335 spends its time, in Node and in headless
// Chromium: the whole call with and without the trace, and its parts — the evidence written as
// JSON, the module's call (`evaluateLean`: evidence read, evaluated, the lean result written; the
// evidence passed as a string argument, or encoded into the module's buffer as the wrapper does),
// and the answer parsed; the rest of a call is the wrapper joining the answer to the rule set's
// table. Medians of 15 batches of `CALLS` calls, in µs per call.
//
//   node bench/phases.mjs [PKG_DIR]     (default pkg/, after scripts/build.sh; CALLS=2000)
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../../..');
const dir = path.resolve(process.argv[2] ?? path.join(here, '../pkg'));
const calls = Number(process.env.CALLS ?? 2000);
const source = readFileSync(path.join(root, 'rules/cong-chuc/nd335-2025.tieuchi'), 'utf8');
const record = JSON.parse(readFileSync(path.join(root, 'rules/cong-chuc/examples/nd335-htt.json'), 'utf8'));

// Runs where it is given (Node, or the page through playwright).
async function measure({ source, record, url, calls }) {
  const tieuchi = await import(url);
  await tieuchi.default();
  const rules = tieuchi.compile(source, { name: 'nd335-2025.tieuchi' });
  const raw = rules._raw();
  const text = JSON.stringify(record);
  const on = '2026-12-10';
  const answers = [false, true].map((trace) => raw.evaluateLean(text, on, trace, false, 1 << 20, 'vi'));
  // The call as the wrapper makes it: the evidence encoded into the module's buffer in place.
  const engine = await import(url.replace(/tieuchi\.js$/, 'tieuchi_wasm.js'));
  const encoder = new TextEncoder();
  let view = engine.evidenceBuffer(4096);
  const written = () => {
    if (view.byteLength === 0) view = engine.evidenceBuffer(4096); // the memory grew
    return encoder.encodeInto(text, view).written;
  };
  const figures = {};
  const time = (name, f) => {
    for (let i = 0; i < calls; i += 1) f();
    const batches = [];
    for (let b = 0; b < 15; b += 1) {
      const t0 = performance.now();
      for (let i = 0; i < calls; i += 1) f();
      batches.push(((performance.now() - t0) * 1000) / calls);
    }
    batches.sort((a, b) => a - b);
    figures[name] = Number(batches[7].toFixed(2));
  };
  // Twice, the figures of the second: the engine's code is compiled again, optimised, while the
  // first runs, and the first timed would pay for it.
  for (let round = 0; round < 2; round += 1) {
    for (const trace of [false, true]) {
      const key = trace ? 'with the trace' : 'without';
      time(`evaluate, ${key}`, () => rules.evaluate(record, { on, trace }));
      time(`module call, ${key}`, () => raw.evaluateLean(text, on, trace, false, 1 << 20, 'vi'));
      time(`module call, evidence written in place, ${key}`, () => raw.evaluateLeanWritten(written(), on, trace, false, 1 << 20, 'vi'));
      time(`answer parsed, ${key}`, () => JSON.parse(answers[Number(trace)]));
    }
    time('evidence as JSON', () => JSON.stringify(record));
  }
  return figures;
}

const show = (where, figures) => console.log(`${where}: ${Object.entries(figures).map(([k, v]) => `${k} ${v} µs`).join('; ')}`);

show('node', await measure({ source, record, calls, url: pathToFileURL(path.join(dir, 'tieuchi.js')).href }));

const { inChromium } = await import('./chromium.mjs');
const [version, figures] = await inChromium(dir, 'www/index.html', measure, (base) => ({ source, record, calls, url: `${base}/tieuchi.js` }));
show(`chromium ${version}`, figures);
