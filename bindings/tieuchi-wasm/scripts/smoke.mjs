// Loads the package and evaluates a tiny rule set: `node smoke.mjs TIEUCHI_JS [EVALUATE_JS]` exits
// 0 if it works. With EVALUATE_JS (the evaluation module's wrapper), the rule set compiled by
// TIEUCHI_JS is loaded there from its bytes and evaluated there too.
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const load = async (file) => {
  const api = await import(pathToFileURL(path.resolve(file)).href);
  await api.default();
  return api;
};
const tieuchi = await load(process.argv[2]);
const rules = tieuchi.compile(`ruleset smoke "Thử" {
  input diem "Điểm": number in 0..10
  outcome ket_qua "Kết quả" {
    dat "Đạt" when diem >= 5
    khong_dat "Không đạt" otherwise
  }
}`);
const evaluated = process.argv[3] === undefined || process.argv[3] === process.argv[2]
  ? rules
  : (await load(process.argv[3])).loadCompiled(rules.toBytes());
const result = evaluated.evaluate({ diem: '7.5' });
if (result.outcome?.id !== 'dat') throw new Error(`smoke test: unexpected ${JSON.stringify(result)}`);
