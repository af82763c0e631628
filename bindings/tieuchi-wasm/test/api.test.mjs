// The JavaScript API of the WebAssembly build: what it returns, and that every failure is a thrown
// TieuchiError with a stable code (never a panic, never a silent coercion).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { loadPackage, pkgDir, root } from './helpers.mjs';

const tieuchi = await loadPackage();
const { compile, check, TieuchiError } = tieuchi;

const read = (p) => readFileSync(path.join(root, p), 'utf8');
const ND335 = 'rules/cong-chuc/nd335-2025.tieuchi';

const DEMO = `ruleset demo "Ví dụ" {
  enum muc "Mức" ordered {
    thap "Thấp"
    cao "Cao"
  }
  input diem "Điểm": number in 0..100
  input ty_le "Tỷ lệ": percent default 50%
  input muc_do "Mức độ": optional muc
  input ngay "Ngày": date default 2026-01-01
  input thanh_vien "Thành viên": list of {
    dat: bool
    so_ngay: integer in 0..365
  }
  input lich_su "Lịch sử": history of { tot: bool }
  input unused "Không dùng": bool default false
  let chia "Chia" = if diem = 0 then 0 else 100 / diem
  score tong "Tổng" max 100 = diem
  outcome ket_qua "Kết quả" {
    dat "Đạt" when tong >= 50 and count(thanh_vien, dat) >= 0 and ty_le >= 0% and chia >= 0 and ngay >= 2000-01-01 and (muc_do >= thap or true) and count(lich_su, tot) >= 0
    khong_dat "Không đạt" otherwise
  }
}`;

function throws(f, check) {
  let caught;
  try {
    f();
  } catch (error) {
    caught = error;
  }
  assert.ok(caught !== undefined, 'expected a throw');
  assert.ok(caught instanceof TieuchiError, `a TieuchiError, not ${caught?.constructor?.name}: ${caught}`);
  assert.ok(caught instanceof Error);
  assert.equal(caught.name, 'TieuchiError');
  assert.equal(typeof caught.code, 'string');
  assert.equal(typeof caught.message, 'string');
  check?.(caught);
  return caught;
}

test('compile gives a rule set with its id and label', () => {
  const rules = compile(read(ND335), { name: ND335 });
  assert.equal(rules.id, 'cong_chuc_nd335');
  assert.equal(rules.label, 'Đánh giá, xếp loại chất lượng công chức');
  assert.equal(rules.name, ND335);
  assert.ok(rules.source.startsWith('#'));
  assert.match(tieuchi.version(), /^\d+\.\d+\.\d+/);
});

test('codes lists the registry of the engine, findings with their headings', () => {
  const all = tieuchi.codes();
  const by = new Map(all.map((c) => [c.code, c]));
  assert.equal(by.size, all.length, 'codes are unique');
  assert.equal(by.get('select::none-in-force').kind, 'select');
  assert.equal(by.get('knockout').heading, 'Điều kiện loại trừ');
  assert.ok(by.get('quota-demoted').heading);
  for (const c of all) assert.ok(c.summary && c.explanation && c.example, c.code);
  all[0].summary = 'changed';
  assert.notEqual(tieuchi.codes()[0].summary, 'changed', 'each call gives its own copy');
  // Vietnamese by default, English when asked; the codes are the same.
  assert.equal(by.get('select::empty').summary, 'chưa nạp bộ quy tắc nào');
  const english = new Map(tieuchi.codes({ lang: 'en' }).map((c) => [c.code, c]));
  assert.equal(english.get('select::empty').summary, 'no rule set is loaded');
  assert.equal(english.size, by.size);
});

test('a rule error is thrown with code, message, line, column, help and every diagnostic', () => {
  const source = DEMO.replace('when tong >= 50', 'when tng >= 50');
  const error = throws(() => compile(source, { name: 'demo.tieuchi' }), (e) => {
    assert.equal(e.kind, 'compile');
    assert.equal(e.code, 'check::unknown-name');
    assert.match(e.message, /tng/);
    const line = source.split('\n').findIndex((l) => l.includes('tng'));
    assert.equal(e.line, line + 1);
    assert.equal(e.column, source.split('\n')[line].indexOf('tng') + 1);
    assert.match(e.help, /tong/);
    assert.equal(e.file, 'demo.tieuchi');
    assert.ok(e.source_line.includes('tng >= 50'));
    assert.ok(Array.isArray(e.errors) && e.errors.length >= 1);
    // Warnings travel with the errors; the error's fields come from the first error.
    const first = e.errors.find((d) => d.severity === 'error');
    assert.deepEqual([first.code, first.line, first.column], [e.code, e.line, e.column]);
  });
  assert.ok(error.stack);
});

test('a syntax error has a position too', () => {
  throws(() => compile('ruleset x "X" {\n  input a "A" number\n}'), (e) => {
    assert.equal(e.kind, 'compile');
    assert.match(e.code, /^syntax::/);
    assert.equal(e.line, 2);
    assert.ok(e.column > 1);
  });
});

test('check() lists every diagnostic without throwing; ruleSet.check() the warnings', () => {
  const broken = check('ruleset x "X" {\n  input a "A": number\n}');
  assert.ok(broken.some((d) => d.severity === 'error' && d.code === 'check::missing-outcome'));
  const rules = compile(DEMO);
  const warnings = rules.check();
  assert.ok(Array.isArray(warnings));
  assert.ok(warnings.some((w) => w.code === 'check::unused-input' && w.severity === 'warning'), JSON.stringify(warnings));
  assert.deepEqual(check(DEMO), warnings);
});

test('inputs() is the typed form schema: types, ranges, enum values with labels, defaults, nesting', () => {
  const schema = compile(DEMO).inputs();
  assert.equal(schema.ruleset, 'demo');
  assert.deepEqual(schema.outcome, {
    id: 'ket_qua', label: 'Kết quả', tiers: [{ id: 'dat', label: 'Đạt' }, { id: 'khong_dat', label: 'Không đạt' }],
  });
  const field = (id) => schema.fields.find((f) => f.id === id);
  const { id, label, role, type, required, optional, min, max } = field('diem');
  assert.deepEqual({ id, label, role, type, required, optional, min, max }, { id: 'diem', label: 'Điểm', role: 'input', type: 'number', required: true, optional: false, min: '0', max: '100' });
  assert.equal(field('ty_le').type, 'percent');
  assert.equal(field('ty_le').default, '0.5');
  assert.equal(field('muc_do').type, 'enum');
  assert.equal(field('muc_do').optional, true);
  assert.deepEqual(field('muc_do').values, [{ id: 'thap', label: 'Thấp' }, { id: 'cao', label: 'Cao' }]);
  assert.equal(field('ngay').default, '2026-01-01');
  assert.equal(field('thanh_vien').type, 'list');
  assert.deepEqual(field('thanh_vien').fields.map((f) => [f.id, f.type, f.max]), [['dat', 'bool', undefined], ['so_ngay', 'integer', '365']]);
  assert.equal(field('lich_su').type, 'history');
  const json = compile(DEMO).jsonSchema();
  assert.equal(json.type, 'object');
  assert.ok(json.properties.diem);
});

test('evaluate gives the CLI result shape, decimals as strings', () => {
  const rules = compile(read(ND335), { name: ND335 });
  const result = rules.evaluate(JSON.parse(read('rules/cong-chuc/examples/nd335-htt.json')), { on: '2026-12-10' });
  assert.equal(result.status, 'rated');
  for (const key of ['ruleset', 'on', 'status', 'outcome', 'scores', 'values', 'findings', 'trace']) assert.ok(key in result, key);
  assert.equal(result.outcome.id, 'htt');
  assert.equal(result.outcome.label, 'Hoàn thành tốt nhiệm vụ');
  assert.equal(result.scores.tong.value, '86.25');
  assert.equal(result.scores.tong.max, '100');
  assert.ok(result.trace.length > 0, 'the trace is on by default');
  assert.deepEqual(rules.evaluate({ tieu_chi_chung: '27.5', ket_qua_nhiem_vu: 58.75, suy_thoai: false }, { trace: false }).trace, []);
});

test('a result names its engine and its rules; a knock-out keeps the tier the score reached beside it', () => {
  const rules = compile(read(ND335), { name: ND335 });
  const record = { tieu_chi_chung: '30', ket_qua_nhiem_vu: '67', suy_thoai: false };
  const result = rules.evaluate(record, { on: '2026-06-30' });
  assert.equal(result.engine.name, 'tieuchi');
  assert.match(result.engine.version, /^\d+\.\d+\.\d+/);
  assert.equal(result.rules.id, 'cong_chuc_nd335');
  assert.match(result.rules.sha256, /^[0-9a-f]{64}$/);
  // Why this version applies, in the language of the call: Vietnamese unless asked.
  assert.equal(result.rules.chosen_because, 'có hiệu lực vào ngày 2026-06-30');
  assert.equal(rules.evaluate(record, { on: '2026-06-30', lang: 'en' }).rules.chosen_because, 'in force on 2026-06-30');
  assert.equal(result.outcome.by_score, undefined);
  // The name given to the text is not part of its fingerprint; one character of the text is.
  assert.equal(compile(read(ND335), { name: 'x.tieuchi' }).evaluate(record).rules.sha256, result.rules.sha256);
  assert.notEqual(compile(read(ND335).replace('Hoàn thành tốt nhiệm vụ', 'Hoàn thành tốt nhiệm vụ.')).evaluate(record).rules.sha256, result.rules.sha256);
  const knocked = rules.evaluate({ ...record, suy_thoai: true }, { on: '2026-06-30' });
  assert.equal(knocked.outcome.id, 'kht');
  assert.equal(knocked.outcome.decided_by, 'force');
  assert.deepEqual(knocked.outcome.by_score, { id: 'htxs', label: 'Hoàn thành xuất sắc nhiệm vụ' });
});

test('decimals are exact: strings, numbers and BigInts', () => {
  const rules = compile(DEMO);
  assert.equal(rules.evaluate({ diem: '0.1' }).scores.tong.value, '0.1');
  // A JavaScript number is sent as the shortest text that reads back as it: 0.1 + 0.2 is not 0.3.
  assert.equal(rules.evaluate({ diem: 0.1 + 0.2 }).scores.tong.value, '0.30000000000000004');
  assert.equal(rules.evaluate({ diem: 42n }).scores.tong.value, '42');
});

test('evidence that does not fit is thrown by field, every problem listed', () => {
  const rules = compile(read(ND335), { name: ND335 });
  throws(() => rules.evaluate({ tieu_chi_chung: '31', ket_qua_nhiem_vu: 'abc', suy_thoai: 'no', diem: 1 }), (e) => {
    assert.equal(e.kind, 'evidence');
    assert.equal(e.code, 'evidence::unknown-field');
    assert.equal(e.field, 'diem');
    assert.deepEqual(e.errors.map((x) => [x.code, x.field]), [
      ['evidence::unknown-field', 'diem'],
      ['evidence::wrong-type', 'suy_thoai'],
      ['evidence::out-of-range', 'tieu_chi_chung'],
      ['evidence::bad-number', 'ket_qua_nhiem_vu'],
    ]);
    assert.ok(e.errors.every((x) => x.message && x.help));
  });
  throws(() => rules.evaluate([1, 2]), (e) => assert.equal(e.code, 'evidence::not-an-object'));
  throws(() => rules.evaluate(undefined), (e) => assert.equal(e.code, 'evidence::not-an-object'));
  throws(() => rules.evaluate({ tieu_chi_chung: Number.NaN }), (e) => {
    assert.equal(e.code, 'evidence::bad-number');
    assert.equal(e.field, 'tieu_chi_chung');
  });
  throws(() => compile(DEMO).evaluate({ diem: 60, thanh_vien: [{ dat: true, so_ngay: Infinity }] }), (e) => {
    assert.equal(e.field, 'thanh_vien[0].so_ngay');
  });
  throws(() => compile(DEMO).evaluate({ diem: 60, thanh_vien: [{ dat: true, so_ngay: 400 }] }), (e) => {
    assert.equal(e.code, 'evidence::out-of-range');
    assert.equal(e.field, 'thanh_vien[0].so_ngay');
  });
});

test('arithmetic with no exact answer is thrown with its location', () => {
  const rules = compile(`ruleset chia "Chia" {
  input a "A": number
  input b "B": number
  let thuong "Thương" = a / b
  outcome k "K" {
    lon "Lớn" when thuong >= 1
    nho "Nhỏ" otherwise
  }
}`, { name: 'chia.tieuchi' });
  assert.equal(rules.evaluate({ a: 3, b: 2 }).outcome.id, 'lon');
  throws(() => rules.evaluate({ a: 3, b: 0 }), (e) => {
    assert.equal(e.kind, 'eval');
    assert.equal(e.code, 'eval::division-by-zero');
    assert.equal(e.line, 4);
    assert.equal(e.file, 'chia.tieuchi');
    assert.ok(e.source_line.includes('= a / b'), e.source_line);
    assert.equal(e.errors.length, 1);
    assert.equal(e.expression, 'a / b');
    assert.ok(e.help);
  });
});

test('bad arguments are thrown as TieuchiErrors too', () => {
  throws(() => compile(42), (e) => assert.equal(e.code, 'argument::invalid'));
  throws(() => compile(DEMO, { imports: ['x'] }), (e) => assert.equal(e.code, 'argument::invalid'));
  const rules = compile(DEMO);
  throws(() => rules.evaluate({ diem: 1 }, { on: 20260101 }), (e) => assert.equal(e.code, 'argument::invalid'));
  throws(() => rules.evaluate({ diem: 1 }, { on: '2026-02-30' }), (e) => {
    assert.equal(e.kind, 'argument');
    assert.equal(e.code, 'argument::bad-date');
    assert.equal(e.field, 'on');
    assert.equal(e.message, '`2026-02-30` không phải là ngày; viết theo dạng YYYY-MM-DD');
  });
  // A record's own date is evidence: the engine reports it by field.
  throws(() => rules.evaluate({ diem: 1, on: '2026-02-30' }), (e) => {
    assert.equal(e.kind, 'evidence');
    assert.equal(e.code, 'evidence::bad-date');
  });
  rules.free();
  throws(() => rules.evaluate({ diem: 1 }), (e) => assert.equal(e.code, 'argument::invalid'));
});

test('a rule file can use another rule set\'s enums through imports', () => {
  const nd335 = compile(read(ND335), { name: ND335 });
  const source = `ruleset tap_the "Tập thể" {
  input thanh_vien "Thành viên": list of {
    xep_loai "Xếp loại": cong_chuc_nd335.xep_loai
  }
  outcome ket_qua "Kết quả" {
    dat "Đủ tiêu chuẩn" when count(thanh_vien) > 0 and all(thanh_vien, xep_loai >= htnv)
    khong_dat "Không đủ tiêu chuẩn" otherwise
  }
}`;
  throws(() => compile(source), (e) => assert.equal(e.code, 'check::import'));
  const rules = compile(source, { imports: [nd335] });
  const member = rules.inputs().fields[0].fields[0];
  assert.equal(member.enum, 'cong_chuc_nd335.xep_loai');
  assert.equal(member.values[0].label, 'Hoàn thành xuất sắc nhiệm vụ');
  assert.equal(rules.evaluate({ thanh_vien: [{ xep_loai: 'htt' }, { xep_loai: 'htnv' }] }).outcome.id, 'dat');
  assert.equal(rules.evaluate({ thanh_vien: [{ xep_loai: 'kht' }] }).outcome.id, 'khong_dat');
});

test('a panic inside the engine is a TieuchiError, and the package keeps working', () => {
  const rules = compile(read(ND335), { name: ND335 });
  const record = JSON.parse(read('rules/cong-chuc/examples/nd335-htt.json'));
  const before = rules.evaluate(record, { on: '2026-12-10' });
  throws(() => tieuchi._panicForTests(), (e) => {
    assert.equal(e.kind, 'internal');
    assert.equal(e.code, 'internal::panic');
    assert.match(e.message, /deliberate panic/);
  });
  // The instance was replaced; the rule set compiled before recompiles itself.
  assert.deepEqual(rules.evaluate(record, { on: '2026-12-10' }), before);
  assert.equal(compile(DEMO).evaluate({ diem: 70, thanh_vien: [], lich_su: [] }).outcome.id, 'dat');
});

test('evidence of any length goes through the module\'s evidence buffer, across its growth and a reset', () => {
  // The wrapper encodes a record into a buffer of the module's (`evidenceBuffer`) in place: a
  // longer record asks for a larger one, and memory that grew meanwhile detaches the old view.
  const rules = compile(read(ND335), { name: ND335 });
  const record = JSON.parse(read('rules/cong-chuc/examples/nd335-htt.json'));
  const on = '2026-12-10';
  const before = rules.evaluate(record, { on });
  for (const length of [10, 5_000, 200_000, 3_000_000, 20]) {
    const co_quan = `Sở Nội vụ ${'tỉnh Quảng Ngãi '.repeat(length / 16)}`.slice(0, length);
    const result = rules.evaluate({ ...record, co_quan }, { on });
    assert.deepEqual(result, before, `${length} characters`);
    // Another record after it reads only its own bytes.
    assert.deepEqual(rules.evaluate(record, { on }), before);
  }
  throws(() => tieuchi._panicForTests(), (e) => e.code === 'internal::panic');
  // A fresh instance has a buffer of its own.
  assert.deepEqual(rules.evaluate({ ...record, co_quan: 'Sở Tư pháp' }, { on }), before);
  assert.equal(rules.evaluate({ ...record, tieu_chi_chung: '30' }, { on }).scores.tieu_chi_chung.value, '30');
});

test('every bundled rule set compiles and gives a form schema', () => {
  const index = JSON.parse(readFileSync(path.join(pkgDir, 'www/rules/index.json'), 'utf8'));
  assert.ok(index.rulesets.length >= 3);
  for (const entry of index.rulesets) {
    assert.equal(entry.error, undefined, `${entry.path}: ${JSON.stringify(entry.error)}`);
    assert.ok(entry.id && entry.label, entry.path);
    const text = readFileSync(path.join(pkgDir, 'www/rules', entry.path), 'utf8');
    assert.equal(text, read(`rules/${entry.path}`), `${entry.path} is bundled as written`);
  }
});

test('an argument error is the engine\'s failure record, with its summary, help and rendering', () => {
  throws(() => compile(42), (e) => {
    assert.equal(e.kind, 'argument');
    assert.equal(e.summary, e.message);
    assert.equal(e.message, 'mã nguồn quy tắc phải là chuỗi, không phải number');
    assert.equal(e.help, 'truyền văn bản của một tệp quy tắc');
    assert.equal(e.severity, 'error');
    assert.equal(e.rendered, 'lỗi[argument::invalid]: mã nguồn quy tắc phải là chuỗi, không phải number\n  = gợi ý: truyền văn bản của một tệp quy tắc\n');
    assert.deepEqual(e.errors, [{ code: e.code, severity: 'error', message: e.message, help: e.help, rendered: e.rendered }]);
  });
  throws(() => compile(DEMO).evaluate({ diem: 1 }, { on: 20260101 }), (e) => {
    assert.equal(e.field, 'on');
    assert.ok(e.rendered.startsWith('lỗi[argument::invalid]: `on`: '), e.rendered);
  });
});

test('every code the package can throw is in the registry', () => {
  const registered = new Set(tieuchi.codes().map((c) => c.code));
  const kinds = new Set(tieuchi.codes().map((c) => c.kind));
  for (const kind of ['argument', 'internal']) assert.ok(kinds.has(kind), kind);
  // Every code written in the wrapper and in the binding's Rust, which is every code they can
  // give of their own: the engine gives the rest, from its registry.
  const sources = ['bindings/tieuchi-wasm/js/tieuchi.js', 'bindings/tieuchi-wasm/src/lib.rs'];
  const written = sources.flatMap((file) => [...read(file).matchAll(/['"]([a-z]+::[a-z-]+)['"]/g)].map((m) => [file, m[1]]));
  assert.ok(written.length >= 6, JSON.stringify(written));
  for (const [file, code] of written) assert.ok(registered.has(code), `${file}: \`${code}\` is not in codes()`);
  // A code the engine does not have is refused, never passed on.
  const { engine } = tieuchi._failureRecordsForTests('argument', 'argument::made-up', 'WasmRuleSetFreed', 'WasmRuleSetFreedHelp', {}, 'en');
  assert.equal(engine.code, 'internal::error');
  assert.match(engine.message, /argument::made-up/);
});

test('a call before init is argument::not-initialized, as the engine records it', async () => {
  // A second instance of the wrapper, never initialised (the WebAssembly glue is shared).
  const fresh = await import(`${new URL('tieuchi.js', `file://${pkgDir}/`).href}?fresh`);
  let caught;
  try {
    fresh.compile(DEMO);
  } catch (error) {
    caught = error;
  }
  assert.ok(caught instanceof fresh.TieuchiError, String(caught));
  const { engine } = tieuchi._failureRecordsForTests('argument', 'argument::not-initialized', 'WasmNotInitialized', 'WasmNotInitializedHelp');
  const { name, ...fields } = caught;
  assert.equal(name, 'TieuchiError');
  assert.deepEqual({ ...fields, message: caught.message }, engine);
  assert.throws(() => fresh.compile(42), (e) => e.code === 'argument::not-initialized');
});

test('an id a JavaScript object would take for its prototype keeps its value: such a result goes whole', () => {
  const rules = compile(`ruleset demo "Ví dụ" {
  input diem "Điểm": number in 0..100
  let __proto__ "Điểm cộng một" = diem + 1
  score tong "Tổng" max 100 = diem
  outcome ket_qua "Kết quả" {
    dat "Đạt" when tong >= 50
    khong_dat "Không đạt" otherwise
  }
}`);
  for (let i = 0; i < 2; i += 1) {
    const result = rules.evaluate({ diem: 7 }, { trace: false });
    assert.deepEqual(Object.keys(result.values), ['__proto__']);
    assert.equal(Object.getOwnPropertyDescriptor(result.values, '__proto__').value, '8');
    assert.equal(Object.getPrototypeOf(result.values), Object.prototype);
  }
  assert.ok(!Array.isArray(JSON.parse(rules._raw().evaluateLean('{"diem":7}', '', false, false, 0, ''))));
});

test('a result joined from its lean form is the whole record, key for key and in order', () => {
  // `evaluate` reads a rule set's labels, maxima and citations once and joins them to each lean
  // result; what it gives must be exactly the record the engine writes whole.
  const walk = (dir) => readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(`${dir}/${e.name}`) : [`${dir}/${e.name}`]);
  const files = walk('rules').sort();
  const family = (p) => p.split('/')[1];
  let lean = 0;
  for (const rulesPath of files.filter((p) => p.endsWith('.tieuchi'))) {
    let rules;
    try {
      rules = compile(read(rulesPath), { name: rulesPath });
    } catch (error) {
      if (error.code === 'check::import') continue; // needs a library
      if (error.code !== 'check::layer-base') throw error;
      // A layer: compiled onto the national rules of its folder, given as imports.
      const folder = rulesPath.slice(0, rulesPath.lastIndexOf('/') + 1);
      const imports = files.filter((p) => p !== rulesPath && p.startsWith(folder) && p.endsWith('.tieuchi'))
        .flatMap((p) => { try { return [compile(read(p), { name: p })]; } catch { return []; } });
      rules = compile(read(rulesPath), { name: rulesPath, imports });
    }
    const records = [
      ...files.filter((p) => family(p) === family(rulesPath) && /\/examples\/[^/]+\.json$/.test(p)).map((p) => JSON.parse(read(p))),
      ...files.filter((p) => family(p) === family(rulesPath) && p.endsWith('.cases.json'))
        .flatMap((p) => JSON.parse(read(p)).cases ?? []).map((c) => c.given).filter((g) => g && typeof g === 'object'),
    ];
    const raw = rules._raw();
    for (const record of records) {
      for (const options of [{ trace: false }, { trace: true, whatItTakes: true }, { trace: false, on: '2026-12-10' }]) {
        let whole;
        try {
          whole = raw.evaluate(JSON.stringify(record), options.on ?? '', options.trace, Boolean(options.whatItTakes), '', '');
        } catch {
          continue; // an evidence error: thrown the same way on both paths
        }
        const joined = rules.evaluate(record, options);
        assert.equal(JSON.stringify(joined), JSON.stringify(JSON.parse(whole)), `${rulesPath} ${JSON.stringify(options)}`);
        if (Array.isArray(JSON.parse(raw.evaluateLean(JSON.stringify(record), options.on ?? '', options.trace, Boolean(options.whatItTakes), 0, '')))) lean += 1;
      }
    }
  }
  assert.ok(lean > 100, `only ${lean} results went the lean way`);
});
