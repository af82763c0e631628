// The language of messages (`{ lang }`) and simulated parameters (`{ params }`) through the
// WebAssembly build. Messages are Vietnamese unless a call asks for English, with the same codes
// and fields in both; the wrapper's own messages come from the engine's catalogue. Parameters are
// simulated by the engine (`RuleSet::with_json_params`), and the result says so.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { loadPackage, pkgDir, root } from './helpers.mjs';

const tieuchi = await loadPackage();
const { compile, check, loadLibrary, TieuchiError } = tieuchi;

const read = (p) => readFileSync(path.join(root, p), 'utf8');
const ND335 = 'rules/cong-chuc/nd335-2025.tieuchi';
// 27.5 + 58.75 = 86.25 points: HTT under the threshold of 90, HTXS under 85.
const RECORD = JSON.parse(read('rules/cong-chuc/examples/nd335-htt.json'));
const nd335 = compile(read(ND335), { name: ND335 });

// The error a call throws.
function caught(f) {
  try {
    f();
  } catch (error) {
    assert.ok(error instanceof TieuchiError, `a TieuchiError, not ${error}`);
    return error;
  }
  assert.fail('expected a throw');
}

// The same failure asked for in both languages: the same code, kind and field, other words.
function inBoth(f) {
  const vi = caught(() => f(undefined));
  const en = caught(() => f('en'));
  assert.deepEqual([en.kind, en.code, en.field], [vi.kind, vi.code, vi.field]);
  assert.notEqual(en.message, vi.message);
  assert.deepEqual(caught(() => f('vi')), vi, 'Vietnamese is the default');
  return { vi, en };
}

test('a rule error is Vietnamese by default and English with lang: "en", at the same place', () => {
  const broken = read(ND335).replace('when tong >= nguong_htxs', 'when tng >= nguong_htxs');
  const { vi, en } = inBoth((lang) => compile(broken, { name: ND335, lang }));
  assert.equal(vi.code, 'check::unknown-name');
  assert.deepEqual([en.line, en.column], [vi.line, vi.column]);
  assert.match(vi.message, /không/);
  assert.match(en.message, /unknown name `tng`/);
  // check() and a library's compile give the same diagnostics as compile throws.
  assert.deepEqual(check(broken, { name: ND335, lang: 'en' })[0].message, en.errors[0].message);
  const library = caught(() => loadLibrary([{ name: ND335, source: broken }], { lang: 'en' }));
  assert.equal(library.message, en.message);
});

test('evidence and date errors are in the language asked for', () => {
  const evidence = inBoth((lang) => nd335.evaluate({ ...RECORD, tieu_chi_chung: 'nhiều' }, { lang }));
  assert.equal(evidence.vi.code, 'evidence::bad-number');
  assert.equal(evidence.vi.field, 'tieu_chi_chung');
  const date = inBoth((lang) => nd335.evaluate(RECORD, { on: '2026-02-30', lang }));
  assert.equal(date.vi.message, '`2026-02-30` không phải là ngày; viết theo dạng YYYY-MM-DD');
  assert.equal(date.en.message, '`2026-02-30` is not a date; write YYYY-MM-DD');
  const nan = inBoth((lang) => nd335.evaluate({ ...RECORD, ket_qua_nhiem_vu: Number.NaN }, { lang }));
  assert.deepEqual([nan.vi.code, nan.vi.field], ['evidence::bad-number', 'ket_qua_nhiem_vu']);
  assert.equal(nan.vi.message, 'NaN không phải là số');
  assert.equal(nan.en.message, 'NaN is not a number');
});

test('findings and batch rows are in the language asked for', () => {
  const knocked = { ...RECORD, suy_thoai: true };
  const vi = nd335.evaluate(knocked);
  const en = nd335.evaluate(knocked, { lang: 'en' });
  assert.deepEqual(en.outcome, vi.outcome);
  assert.deepEqual(en.findings.map((f) => f.code), vi.findings.map((f) => f.code));
  // A record at HTXS (with the threshold lowered) hears that the quota may still apply.
  const pending = (lang) =>
    nd335.evaluate(RECORD, { params: { nguong_htxs: 85 }, lang }).findings.find((f) => f.code === 'quota-pending').label;
  assert.match(pending('en'), /is limited to 20% of/);
  assert.match(pending(), /chỉ được tối đa 20% của/);
  const records = [RECORD, { ...RECORD, tieu_chi_chung: 'nhiều' }];
  const [viRows, enRows] = [undefined, 'en'].map((lang) => nd335.evaluateMany(records, { lang }));
  assert.deepEqual(enRows.map((r) => r.errors?.[0]?.code ?? null), viRows.map((r) => r.errors?.[0]?.code ?? null));
  assert.equal(viRows[1].status, 'error');
  assert.notEqual(enRows[1].errors[0].message, viRows[1].errors[0].message);
  assert.match(enRows[1].errors[0].message, /nhiều/);
});

test('the wrapper\'s own argument errors are the catalogue\'s, in both languages', () => {
  const source = inBoth((lang) => compile(42, { lang }));
  assert.equal(source.vi.code, 'argument::invalid');
  assert.equal(source.vi.message, 'mã nguồn quy tắc phải là chuỗi, không phải number');
  assert.equal(source.en.message, 'the rule source must be a string, not number');
  assert.equal(source.en.help, 'pass the text of a rule file');
  assert.equal(source.en.rendered, 'error[argument::invalid]: the rule source must be a string, not number\n  = help: pass the text of a rule file\n');
  const on = inBoth((lang) => nd335.evaluate(RECORD, { on: 20260101, lang }));
  assert.equal(on.vi.field, 'on');
  assert.equal(on.en.message, '`on` must be a date written YYYY-MM-DD');
  const records = inBoth((lang) => nd335.evaluateMany('records', { lang }));
  assert.equal(records.vi.message, 'các bản ghi phải là một mảng, không phải string');
  const file = inBoth((lang) => loadLibrary([{ name: 'a.tieuchi', source: null }], { lang }));
  assert.equal(file.en.message, 'the source of `a.tieuchi` must be a string, not null');
  inBoth((lang) => loadLibrary('rules', { lang }));
  inBoth((lang) => tieuchi.completions('ruleset', -1, { lang }));
  inBoth((lang) => compile('ruleset x "X" {}', { name: 7, lang }));
});

test('a language the engine does not read is an argument error naming `lang`', () => {
  for (const lang of ['fr', ' ', 'english']) {
    const error = caught(() => nd335.evaluate(RECORD, { lang }));
    assert.deepEqual([error.kind, error.code, error.field], ['argument', 'argument::invalid', 'lang'], JSON.stringify(lang));
    assert.equal(error.message, `\`${lang}\` không phải là ngôn ngữ tieuchi hỗ trợ`);
    assert.equal(error.help, 'dùng `vi` (tiếng Việt) hoặc `en` (tiếng Anh)');
  }
  // Found by the wrapper before the engine is called, and by the engine after.
  assert.equal(caught(() => compile(42, { lang: 'fr' })).field, 'lang');
  const notText = caught(() => compile('x', { lang: 1 }));
  assert.deepEqual([notText.code, notText.field, notText.message], ['argument::invalid', 'lang', '`lang` phải là chuỗi, không phải number']);
  // A region is ignored, as the command line and Python ignore it.
  assert.equal(caught(() => compile(42, { lang: 'en-US' })).message, 'the rule source must be a string, not number');
  assert.equal(caught(() => compile(42, { lang: 'vi_VN' })).message, 'mã nguồn quy tắc phải là chuỗi, không phải number');
});

test('every message the wrapper names is in the catalogue, in both languages', () => {
  const wrapper = read('bindings/tieuchi-wasm/js/tieuchi.js');
  const ids = new Set([...wrapper.matchAll(/'((?:Wasm|Arg)[A-Za-z]+)'/g)].map((m) => m[1]));
  assert.ok(ids.size >= 25, [...ids].join());
  const args = { type: 'number', name: 'a.tieuchi', value: 'NaN', problem: 'x' };
  for (const id of ids) {
    const [vi, en] = ['vi', 'en'].map((lang) => tieuchi._failureRecordsForTests('argument', 'argument::invalid', id, '', args, lang).engine);
    assert.equal(vi.code, 'argument::invalid', `${id}: ${vi.message}`);
    assert.equal(en.code, 'argument::invalid', `${id}: ${en.message}`);
    assert.notEqual(vi.message, en.message, id);
    assert.ok(!/[{}]\$/.test(vi.message + en.message), `${id} renders every argument`);
  }
  // A message the catalogue lacks is refused, never shown as its id.
  const made = tieuchi._failureRecordsForTests('argument', 'argument::invalid', 'WasmMadeUp', '', {}, 'en').engine;
  assert.equal(made.code, 'internal::error');
  assert.equal(made.message, '`WasmMadeUp` is not a message of the catalogue');
});

test('the sentences the wrapper holds for when there is no engine are the catalogue\'s', () => {
  for (const lang of ['vi', 'en']) {
    for (const [kind, code, message, help, args] of [
      ['argument', 'argument::not-initialized', 'WasmNotInitialized', 'WasmNotInitializedHelp', {}],
      ['internal', 'internal::panic', 'WasmStoppedNotRestarted', '', { problem: 'x' }],
      ['internal', 'internal::trap', 'WasmStoppedNotRestarted', '', { problem: 'y' }],
    ]) {
      const { local, engine } = tieuchi._failureRecordsForTests(kind, code, message, help, args, lang);
      assert.deepEqual(local, engine, `${code} in ${lang}`);
    }
  }
});

test('a call before init says so in the language asked for', async () => {
  const fresh = await import(`${new URL('tieuchi.js', `file://${pkgDir}/`).href}?fresh-lang`);
  for (const lang of ['vi', 'en']) {
    let error;
    try {
      fresh.compile('x', { lang });
    } catch (e) {
      error = e;
    }
    assert.ok(error instanceof fresh.TieuchiError, String(error));
    const { engine } = tieuchi._failureRecordsForTests('argument', 'argument::not-initialized', 'WasmNotInitialized', 'WasmNotInitializedHelp', {}, lang);
    assert.equal(error.message, engine.message, lang);
    assert.equal(error.help, engine.help, lang);
  }
});

test('params simulates a parameter, and the result names the value it used', () => {
  const own = nd335.evaluate(RECORD, { on: '2026-12-10' });
  assert.equal(own.outcome.id, 'htt');
  assert.equal(own.params.nguong_htxs.value, '90');
  assert.equal(own.params.nguong_htxs.overridden, undefined);
  for (const value of [85, '85', 85n]) {
    const simulated = nd335.evaluate(RECORD, { on: '2026-12-10', params: { nguong_htxs: value } });
    assert.equal(simulated.outcome.id, 'htxs', String(value));
    assert.equal(simulated.params.nguong_htxs.value, '85');
    assert.equal(simulated.params.nguong_htxs.overridden, true);
    // The rules it was made from, not a rule text of its own.
    assert.equal(simulated.rules.sha256, own.rules.sha256);
  }
  // The rule set itself is unchanged: the next result is its own again, whole and lean alike.
  assert.deepEqual(nd335.evaluate(RECORD, { on: '2026-12-10' }), own);
  assert.deepEqual(nd335.evaluate(RECORD, { on: '2026-12-10', params: {} }), own);
  // The same through a library and through many records, quotas and all.
  const library = loadLibrary([{ name: ND335, source: read(ND335) }]);
  const viaLibrary = library.evaluate('cong_chuc_nd335', RECORD, { on: '2026-12-10', params: { nguong_htxs: 85 } });
  assert.equal(viaLibrary.outcome.id, 'htxs');
  assert.equal(viaLibrary.params.nguong_htxs.overridden, true);
  // One record at 86.25 points among nine HTT ones at 72.5 in its group: the quota leaves room
  // for one HTXS, which the record takes only with the threshold lowered.
  const group = [RECORD, ...Array.from({ length: 9 }, () => ({ ...RECORD, ket_qua_nhiem_vu: '45' }))];
  const outcomes = (rows) => rows.map((r) => r.outcome).join(' ');
  const nine = Array(9).fill('htt').join(' ');
  assert.equal(outcomes(nd335.evaluateMany(group, { on: '2026-12-10' })), `htt ${nine}`);
  assert.equal(outcomes(nd335.evaluateMany(group, { on: '2026-12-10', params: { nguong_htxs: 85 } })), `htxs ${nine}`);
  const family = library.evaluateMany('cong_chuc_nd335', group, { on: '2026-12-10', params: { nguong_htxs: 85 } });
  assert.equal(outcomes(family), `htxs ${nine}`);
});

test('a parameter that is not one, or a value that does not fit, is the engine\'s argument error', () => {
  const unknown = inBoth((lang) => nd335.evaluate(RECORD, { params: { nguong: 85 }, lang }));
  assert.deepEqual([unknown.vi.code, unknown.vi.field], ['argument::unknown-param', 'nguong']);
  assert.equal(unknown.en.message, '`nguong` is not a parameter of `cong_chuc_nd335`');
  assert.match(unknown.en.help, /`nguong_htxs`/);
  const unfit = inBoth((lang) => nd335.evaluate(RECORD, { params: { nguong_htxs: true }, lang }));
  assert.deepEqual([unfit.vi.code, unfit.vi.field], ['argument::bad-param', 'nguong_htxs']);
  assert.equal(unfit.vi.message, '`true` không phù hợp với tham số `nguong_htxs`');
  assert.equal(caught(() => nd335.evaluateMany([RECORD], { params: { nguong: 1 } })).code, 'argument::unknown-param');
  const library = loadLibrary([{ name: ND335, source: read(ND335) }]);
  assert.equal(caught(() => library.evaluate('cong_chuc_nd335', RECORD, { params: { nguong: 1 } })).code, 'argument::unknown-param');
  const notObject = inBoth((lang) => nd335.evaluate(RECORD, { params: [85], lang }));
  assert.deepEqual([notObject.vi.code, notObject.vi.field], ['argument::invalid', 'params']);
  assert.equal(notObject.en.message, '`params` must be an object of parameter ids and values, not array');
  assert.equal(caught(() => nd335.evaluate(RECORD, { params: { nguong_htxs: Number.NaN } })).field, 'params.nguong_htxs');
});
