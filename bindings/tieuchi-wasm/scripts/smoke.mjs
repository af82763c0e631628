// Loads the package and evaluates a tiny rule set: `node smoke.mjs PACKAGE_JS` exits 0 if it works.
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const tieuchi = await import(pathToFileURL(path.resolve(process.argv[2])).href);
await tieuchi.default();
const rules = tieuchi.compile(`ruleset smoke "Thử" {
  input diem "Điểm": number in 0..10
  outcome ket_qua "Kết quả" {
    dat "Đạt" when diem >= 5
    khong_dat "Không đạt" otherwise
  }
}`);
const result = rules.evaluate({ diem: '7.5' });
if (result.outcome?.id !== 'dat') throw new Error(`smoke test: unexpected ${JSON.stringify(result)}`);
