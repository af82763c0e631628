// Shared by the tests: where things are, and the built package loaded once.
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { existsSync } from 'node:fs';

export const here = path.dirname(fileURLToPath(import.meta.url));
export const crateDir = path.resolve(here, '..');
export const root = path.resolve(crateDir, '../..');
export const pkgDir = path.resolve(process.env.TIEUCHI_WASM_OUT ?? path.join(crateDir, 'pkg'));
export const artifactsDir = path.resolve(process.env.TIEUCHI_WASM_ARTIFACTS ?? path.join(crateDir, 'test-artifacts'));

export async function loadPackage() {
  const entry = path.join(pkgDir, 'tieuchi.js');
  if (!existsSync(entry)) {
    throw new Error(`no package at ${pkgDir}: build it first with bash scripts/build.sh`);
  }
  const tieuchi = await import(pathToFileURL(entry).href);
  await tieuchi.default();
  return tieuchi;
}
