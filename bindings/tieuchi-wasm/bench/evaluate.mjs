// Times one `ruleSet.evaluate(record)` through the JavaScript API: the NĐ 335 rule set and its
// example record, with and without the trace, in Node and (with --browser) in headless Chromium.
// Reports µs per evaluation, the median and the best of batches of calls (on a busy machine the
// best is the steadier figure), and the module's size.
//
//   node bench/evaluate.mjs [--browser] [--batches N] [--calls N]     (after scripts/build.sh)
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../../..');
const pkgDir = process.env.TIEUCHI_WASM_PKG ?? path.resolve(here, '../pkg');
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i < 0 ? fallback : Number(args[i + 1]);
};
const batches = option('--batches', 60);
const calls = option('--calls', 500);
const source = readFileSync(path.join(root, 'rules/cong-chuc/nd335-2025.tieuchi'), 'utf8');
const record = JSON.parse(readFileSync(path.join(root, 'rules/cong-chuc/examples/nd335-htt.json'), 'utf8'));

// Runs where it is given (Node, or the page through playwright): `batches` batches of `calls`
// evaluations, in µs per evaluation: the median batch and the best.
async function measure({ source, record, batches, calls, moduleUrl }) {
  const tieuchi = await import(moduleUrl);
  await tieuchi.default();
  const rules = tieuchi.compile(source, { name: 'nd335-2025.tieuchi' });
  const figures = (xs) => {
    xs.sort((a, b) => a - b);
    return { median: xs[Math.floor(xs.length / 2)], best: xs[0] };
  };
  const perCall = (options) => {
    for (let i = 0; i < calls; i += 1) rules.evaluate(record, options); // warm up
    const times = [];
    for (let b = 0; b < batches; b += 1) {
      const t0 = performance.now();
      for (let i = 0; i < calls; i += 1) rules.evaluate(record, options);
      times.push(((performance.now() - t0) * 1000) / calls);
    }
    return figures(times);
  };
  return {
    trace_us: perCall({ on: '2026-12-10', trace: true }),
    no_trace_us: perCall({ on: '2026-12-10', trace: false }),
  };
}

const wasm = readFileSync(path.join(pkgDir, 'tieuchi_wasm_bg.wasm'));
const us = ({ median, best }) => `${median.toFixed(2)} µs (best ${best.toFixed(2)})`;
const report = (where, { trace_us, no_trace_us }) =>
  console.log(`${where}: evaluate NĐ 335 ${us(trace_us)} with trace, ${us(no_trace_us)} without; median of ${batches} batches of ${calls}`);
console.log(`wasm: ${wasm.length} bytes, ${gzipSync(wasm, { level: 9 }).length} gzipped`);

report('node', await measure({ source, record, batches, calls, moduleUrl: pathToFileURL(path.join(pkgDir, 'tieuchi.js')).href }));

if (args.includes('--browser')) {
  const { inChromium } = await import('./chromium.mjs');
  const args = (base) => ({ source, record, batches, calls, moduleUrl: `${base}/tieuchi.js` });
  const [version, figures] = await inChromium(pkgDir, 'www/index.html', measure, args);
  report(`chromium ${version}`, figures);
}
