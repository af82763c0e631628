// Runs a benchmark's `measure` function in headless Chromium (Debian's, or $CHROMIUM) on the
// calculator page of a package directory served locally, the way a browser loads the package.
import { serve } from '../scripts/serve.mjs';

// `measure(args)` run in the page at `dir`/`page`, where `args(base)` are its arguments given the
// server's address; returns `[Chromium's version, what measure returned]`.
export async function inChromium(dir, page, measure, args) {
  const { chromium } = await import('playwright-core');
  const server = await serve(dir, 0);
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const tab = await browser.newPage();
    const base = `http://127.0.0.1:${server.address().port}`;
    await tab.goto(`${base}/${page}`);
    const figures = await tab.evaluate(`(${measure.toString()})(${JSON.stringify(args(base))})`);
    return [browser.version(), figures];
  } finally {
    await browser.close();
    server.close();
  }
}
