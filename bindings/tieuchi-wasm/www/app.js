// The calculator page: pick a bundled rule set (or paste one), fill the form built from its
// inputs, and see the score, the tier and the reasons as you type. Everything runs here, in the
// browser: the page needs only a static server.
//
// It starts with the evaluation module (`evaluate.js`: no compiler, a smaller download) and the
// bundled rule sets compiled to bytes (`rules/*.tcb`); the full module, which compiles rule text,
// is fetched the first time text must be compiled: the source box opened or edited, a pasted rule
// set, a bundled one without its bytes.

import init, { codes, loadCompiled, version } from '../evaluate.js';

let fullLoad = null;
function compiler() {
  fullLoad ??= import('../tieuchi.js').then(async (full) => {
    await full.default();
    return full;
  });
  return fullLoad;
}

const $ = (selector) => document.querySelector(selector);

const CUSTOM = '__custom__';
const CUSTOM_NAME = 'bo-tieu-chi-cua-ban.tieuchi';
const CUSTOM_TEMPLATE = `ruleset cua_toi "Bộ tiêu chí của tôi" {
  input diem "Điểm": number in 0..100
  input vi_pham "Có vi phạm": bool default false
  score tong "Tổng điểm" max 100 = diem
  outcome ket_qua "Kết quả" {
    tot "Tốt" when tong >= 80
    dat "Đạt" when tong >= 50
    khong_dat "Không đạt" otherwise
  }
  force khong_dat when vi_pham because "Có vi phạm" source "Quy chế của đơn vị"
}
`;

// Each finding is headed by its code's Vietnamese heading in the engine's registry (read once
// the module is initialised); a code without one shows as itself.
let findingHeadings = null;
const findingHeading = (code) => {
  findingHeadings ??= new Map(codes().filter((c) => c.heading).map((c) => [c.code, c.heading]));
  return findingHeadings.get(code) ?? code;
};

const DECIDED_BY = {
  score: 'Xếp loại theo điểm',
  tiers: 'Xếp loại theo điều kiện của từng mức',
  force: 'Xếp loại do điều kiện loại trừ',
  cap: 'Hạ xuống do mức trần',
  exclude: 'Không xếp loại',
  quota: 'Hạ mức do tỷ lệ khống chế',
};

const state = {
  index: { rulesets: [] },
  entry: null, // the bundled rule set chosen, or null for pasted text
  texts: new Map(), // path -> text of bundled rule files
  bundled: new Map(), // path -> compiled bundled rule set (for imports), by the full module
  source: '', // the rule text in the editor
  rules: null, // the rule set in use (the last one that compiled)
  schema: null,
  values: {}, // field id -> form value; undefined = not given
  subject: '',
  on: '',
  evaluations: [], // milliseconds of recent evaluations, for the footer
};

// --- Small DOM helpers -------------------------------------------------------------------------------

function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') element.className = value;
    else if (key === 'dataset') Object.assign(element.dataset, value);
    else if (key.startsWith('on')) element.addEventListener(key.slice(2), value);
    else if (key in element && typeof value !== 'string') element[key] = value;
    else element.setAttribute(key, value === true ? '' : value);
  }
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return element;
}

function debounce(f, ms) {
  let timer;
  return (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => f(...args), ms);
  };
}

// Decimal text times 10^places, exactly (percent fractions shown as percents and back).
function shiftDecimal(text, places) {
  let s = String(text).trim();
  if (!/^-?\d+(\.\d+)?$/.test(s)) return s;
  const negative = s.startsWith('-');
  if (negative) s = s.slice(1);
  let [whole, fraction = ''] = s.split('.');
  if (places >= 0) {
    fraction = fraction.padEnd(places, '0');
    whole += fraction.slice(0, places);
    fraction = fraction.slice(places);
  } else {
    const n = -places;
    whole = whole.padStart(n + 1, '0');
    fraction = whole.slice(whole.length - n) + fraction;
    whole = whole.slice(0, whole.length - n);
  }
  whole = whole.replace(/^0+(?=\d)/, '');
  fraction = fraction.replace(/0+$/, '');
  const out = fraction ? `${whole}.${fraction}` : whole;
  return negative && out !== '0' ? `-${out}` : out;
}

// Display of a decimal string in Vietnamese style (comma as the decimal mark), exactly.
function showDecimal(text) {
  return text === null || text === undefined ? '—' : String(text).replace('.', ',');
}

const labelOf = (field) => field.label ?? field.id;

// A value of the result (a `let`, a value a condition saw) for people: decimals with a comma.
function showValue(v) {
  if (v === null || v === undefined) return '—';
  if (v === true) return 'có';
  if (v === false) return 'không';
  if (typeof v === 'string') return /^-?\d+(\.\d+)?$/.test(v) ? showDecimal(v) : v;
  return JSON.stringify(v);
}

// --- The rule library ----------------------------------------------------------------------------------

async function loadIndex() {
  try {
    const response = await fetch('rules/index.json');
    if (response.ok) state.index = await response.json();
  } catch {
    state.index = { rulesets: [] };
  }
}

async function bundledText(path) {
  if (!state.texts.has(path)) {
    const response = await fetch(`rules/${path}`);
    if (!response.ok) throw new Error(`không tải được rules/${path} (${response.status})`);
    state.texts.set(path, await response.text());
  }
  return state.texts.get(path);
}

// The rule sets a file may import: every bundled one that compiles alone.
async function bundledImports(except) {
  const { compile } = await compiler();
  const imports = [];
  for (const entry of state.index.rulesets) {
    if (entry.path === except || entry.error || entry.imports) continue;
    if (!state.bundled.has(entry.path)) {
      try {
        state.bundled.set(entry.path, compile(await bundledText(entry.path), { name: `rules/${entry.path}` }));
      } catch {
        continue;
      }
    }
    imports.push(state.bundled.get(entry.path));
  }
  return imports;
}

function fillRulesetSelect() {
  const select = $('#ruleset-select');
  select.replaceChildren();
  const families = new Map();
  for (const entry of state.index.rulesets) {
    if (!families.has(entry.family)) families.set(entry.family, []);
    families.get(entry.family).push(entry);
  }
  for (const [family, entries] of families) {
    const group = h('optgroup', { label: family || 'quy tắc' });
    for (const entry of entries) {
      const file = entry.path.split('/').pop();
      const text = entry.label ? `${entry.label} — ${file}` : `${file} (lỗi)`;
      group.append(h('option', { value: entry.path }, text));
    }
    select.append(group);
  }
  select.append(h('option', { value: CUSTOM }, '✎ Bộ tiêu chí của bạn (dán vào ô mã nguồn)'));
}

function fillSampleSelect() {
  const select = $('#sample-select');
  select.replaceChildren(h('option', { value: '' }, state.entry?.samples?.length ? '— chọn dữ liệu mẫu —' : '— không có —'));
  (state.entry?.samples ?? []).forEach((sample, i) => {
    const name = sample.path ? `Ví dụ: ${sample.name}` : sample.name;
    select.append(h('option', { value: String(i) }, name));
  });
}

function showMeta() {
  const meta = $('#ruleset-meta');
  const schema = state.schema;
  if (!schema) {
    meta.textContent = '';
    return;
  }
  const parts = [];
  if (schema.source) parts.push(`Căn cứ: ${schema.source}`);
  if (schema.valid_from || schema.valid_until) {
    parts.push(`Hiệu lực ${schema.valid_from ? `từ ${schema.valid_from}` : ''}${schema.valid_until ? ` đến ${schema.valid_until}` : ''}`);
  }
  const edited = state.entry && state.source !== state.texts.get(state.entry.path);
  meta.replaceChildren(
    h('strong', {}, schema.label),
    h('span', { class: 'muted' }, ` (${schema.ruleset})`),
    parts.length ? ` · ${parts.join(' · ')}` : '',
    edited ? h('em', {}, ' · đã sửa trong trình duyệt') : '',
  );
}

async function chooseRuleset(value) {
  if (value === CUSTOM) {
    state.entry = null;
    setSource(CUSTOM_TEMPLATE);
    $('#editor').open = true;
    openEditor().then((editor) => editor.focus());
  } else {
    state.entry = state.index.rulesets.find((e) => e.path === value) ?? null;
    if (!state.entry) return;
    setSource(await bundledText(state.entry.path));
  }
  history.replaceState(null, '', value === CUSTOM ? '#custom' : `#rules=${encodeURIComponent(value)}`);
  fillSampleSelect();
  await recompile({ fresh: true });
}

// --- The editor -----------------------------------------------------------------------------------------
//
// CodeMirror with the tieuchi language (editor/ in the package's sources, bundled into editor.js),
// loaded when the source box is first opened: the page computes without it.

let editorLoad = null;
let editor = null;

function setSource(text) {
  state.source = text;
  editor?.setText(text);
}

function openEditor() {
  editorLoad ??= Promise.all([import('./editor.js'), compiler()]).then(([{ createEditor }, { completions }]) => {
    const host = $('#rule-source');
    host.replaceChildren();
    editor = createEditor({
      parent: host,
      doc: state.source,
      label: 'Mã nguồn bộ tiêu chí',
      onChange: (text) => {
        state.source = text;
        recompileSoon();
      },
      diagnose,
      complete: (text, offset) => completions(text, offset, { name: sourceName() }),
    });
    host.dataset.ready = 'true';
    return editor;
  });
  return editorLoad;
}

// The engine's diagnostics of a text, as `check` gives them (with the bundled rule sets when the
// file uses another rule set's names).
async function diagnose(text) {
  const { check } = await compiler();
  const name = sourceName();
  const imports = state.entry?.imports ? await bundledImports(state.entry.path) : [];
  const found = check(text, { name, imports });
  if (!imports.length && found.some((d) => d.code === 'check::import')) {
    return check(text, { name, imports: await bundledImports(state.entry?.path) });
  }
  return found;
}

// --- Compiling the text ----------------------------------------------------------------------------------

function sourceName() {
  return state.entry ? `rules/${state.entry.path}` : CUSTOM_NAME;
}

const recompileSoon = debounce(() => recompile().then(showMeta), 250);

// A bundled rule set as it was compiled when the page was built (`rules/*.tcb`), read by the
// evaluation module; null when the text was edited, has no bytes, or they do not load.
async function loadBundled(text) {
  const entry = state.entry;
  if (!entry?.compiled || text !== state.texts.get(entry.path)) return null;
  try {
    const response = await fetch(`rules/${entry.compiled}`);
    return response.ok ? loadCompiled(await response.arrayBuffer()) : null;
  } catch {
    return null; // compiled from its text below
  }
}

async function recompile({ fresh = false } = {}) {
  const text = state.source;
  const name = sourceName();
  let rules = await loadBundled(text);
  let failure = null;
  if (rules === null) {
    const { compile } = await compiler();
    try {
      const imports = state.entry?.imports ? await bundledImports(state.entry.path) : [];
      rules = compile(text, { name, imports });
    } catch (error) {
      failure = error;
      if (error.code === 'check::import') {
        // A file that uses another rule set's enums: retry with the bundled library.
        try {
          rules = compile(text, { name, imports: await bundledImports(state.entry?.path) });
          failure = null;
        } catch (again) {
          failure = again;
        }
      }
    }
  }
  if (failure) {
    showProblems(failure.errors ?? [failure]);
    document.body.dataset.compiled = 'error';
    $('.work').classList.add('stale');
    return;
  }
  showProblems(rules.check());
  document.body.dataset.compiled = 'ok';
  document.body.dataset.ruleset = rules.id;
  $('.work').classList.remove('stale');
  const previous = state.rules;
  state.rules = rules;
  state.schema = rules.inputs();
  if (previous && previous !== rules) previous.free();
  if (fresh) {
    state.values = initialValues(state.schema.fields);
    state.subject = '';
  } else {
    state.values = keepValues(state.schema.fields, state.values);
  }
  state.previousTypes = Object.fromEntries(state.schema.fields.map((f) => [f.id, f.type]));
  showMeta();
  renderForm();
  evaluateNow();
}

async function goTo(problem) {
  $('#editor').open = true;
  (await openEditor()).goTo(problem.line, problem.column, problem.end_line, problem.end_column);
}

function showProblems(problems) {
  const box = $('#rule-problems');
  box.replaceChildren();
  if (!problems.length) return;
  const list = h('div', { class: 'problems' });
  for (const p of problems) {
    const severity = p.severity ?? 'error';
    const where = p.line ? `Dòng ${p.line}, cột ${p.column}` : '';
    // The source line with the span marked (not a caret row: that needs a monospace font whose
    // Vietnamese letters are all one column wide).
    let excerpt = null;
    if (p.source_line !== undefined && p.line) {
      const chars = [...p.source_line];
      const start = Math.min(chars.length, Math.max(0, p.column - 1));
      const end = p.end_line === p.line && p.end_column > p.column ? Math.min(chars.length, p.end_column - 1) : Math.min(chars.length, start + 1);
      excerpt = [chars.slice(0, start).join(''), h('mark', {}, chars.slice(start, Math.max(end, start + 1)).join('') || ' '), chars.slice(Math.max(end, start + 1)).join(''),
        p.label ? h('span', { class: 'caret-label' }, `  ← ${p.label}`) : ''];
    }
    list.append(
      h('div', { class: `problem ${severity}`, 'data-testid': 'rule-problem', dataset: { code: p.code, line: p.line ?? '', column: p.column ?? '', severity } },
        h('div', {},
          h('span', { class: 'where' }, severity === 'error' ? 'Lỗi' : 'Cảnh báo', where ? ' · ' : '',
            where ? h('button', { type: 'button', class: 'goto', onclick: () => goTo(p), title: 'Đến vị trí trong mã nguồn' }, where) : ''),
          ' ', h('code', {}, p.code), ': ', p.message),
        excerpt ? h('pre', { 'data-testid': 'rule-problem-excerpt' }, excerpt) : '',
        p.help ? h('div', { class: 'help' }, 'Gợi ý: ', p.help) : ''),
    );
  }
  box.append(list);
}

// --- Form values ------------------------------------------------------------------------------------------

function defaultValue(field) {
  if (field.default === undefined || field.default === null) return undefined;
  if (field.type === 'percent') return shiftDecimal(field.default, 2);
  return field.default;
}

function initialValues(fields) {
  const values = {};
  for (const field of fields) {
    const value = defaultValue(field);
    if (value !== undefined) values[field.id] = value;
  }
  return values;
}

// After the rule text changed: keep what was typed into fields that still exist with the same type.
function keepValues(fields, old) {
  const values = initialValues(fields);
  const previous = state.previousTypes ?? {};
  for (const field of fields) {
    if (old[field.id] !== undefined && previous[field.id] === field.type) values[field.id] = old[field.id];
  }
  return values;
}

// Evidence from a sample record into form values.
function fromEvidence(fields, record) {
  const values = {};
  for (const field of fields) {
    if (!(field.id in record)) {
      const value = defaultValue(field);
      if (value !== undefined) values[field.id] = value;
      continue;
    }
    values[field.id] = fromJson(field, record[field.id]);
  }
  return values;
}

function fromJson(field, value) {
  if (value === null) return null;
  switch (field.type) {
    case 'bool':
      return typeof value === 'boolean' ? value : undefined;
    case 'percent': {
      const text = String(value).trim();
      return text.endsWith('%') ? text.slice(0, -1).trim() : shiftDecimal(text, 2);
    }
    case 'integer':
    case 'number':
    case 'date':
    case 'text':
    case 'enum':
      return String(value);
    case 'list':
    case 'history':
      if (!Array.isArray(value)) return undefined;
      return value.map((row) => {
        const out = fromEvidence(field.fields ?? [], row ?? {});
        if (field.type === 'history' && row && row.year !== undefined) out.year = String(row.year);
        return out;
      });
    default:
      return value;
  }
}

// Form values to an evidence record. Numbers stay strings, so nothing is rounded on the way.
function toJson(field, value) {
  if (value === null) return null;
  switch (field.type) {
    case 'bool':
      return Boolean(value);
    case 'percent':
      return `${value}%`;
    case 'list':
    case 'history':
      return value.map((row) => {
        const out = {};
        if (field.type === 'history' && row.year !== undefined && row.year !== '') out.year = row.year;
        for (const member of field.fields ?? []) {
          if (row[member.id] !== undefined && row[member.id] !== '') out[member.id] = toJson(member, row[member.id]);
        }
        return out;
      });
    default:
      return value;
  }
}

function evidence() {
  const record = {};
  if (state.subject.trim()) record.id = state.subject.trim();
  for (const field of state.schema.fields) {
    const value = state.values[field.id];
    if (value === undefined || value === '') continue;
    record[field.id] = toJson(field, value);
  }
  return record;
}

// --- The form ----------------------------------------------------------------------------------------

function changed() {
  scheduleEvaluate();
}

function hint(field) {
  const parts = [];
  if (field.role === 'assessed') parts.push('điểm do người đánh giá chấm');
  if (field.role === 'key') parts.push('trường phân nhóm');
  if (field.min !== undefined && field.max !== undefined) {
    parts.push(field.type === 'percent'
      ? `từ ${showDecimal(shiftDecimal(field.min, 2))}% đến ${showDecimal(shiftDecimal(field.max, 2))}%`
      : `từ ${showDecimal(field.min)} đến ${showDecimal(field.max)}`);
  }
  if (field.default !== undefined && field.default !== null) {
    const shown = typeof field.default === 'boolean' ? (field.default ? 'có' : 'không')
      : field.type === 'enum' ? labelOfValue(field, field.default)
        : field.type === 'percent' ? `${showDecimal(shiftDecimal(field.default, 2))}%` : String(field.default);
    parts.push(`mặc định: ${shown}`);
  }
  if (field.optional) parts.push('có thể bỏ trống (nghĩa là không có)');
  else if (field.required && field.role !== 'key') parts.push('bắt buộc để xếp loại');
  else if (field.role === 'key') parts.push('dùng khi xét tỷ lệ theo nhóm');
  return parts.join(' · ');
}

function labelOfValue(field, id) {
  return field.values?.find((v) => v.id === id)?.label ?? id;
}

// One control bound to `get()` / `set(value)`. `errorPath` is the evidence path the engine names.
function control(field, get, set, errorPath, compact = false) {
  const value = get();
  const common = { dataset: { path: errorPath, type: field.type }, 'aria-label': labelOf(field), title: compact ? labelOf(field) : undefined };
  switch (field.type) {
    case 'bool': {
      const stateText = h('span', { class: 'state' });
      const box = h('input', { type: 'checkbox', ...common });
      const show = (v) => {
        box.indeterminate = v === undefined || v === null;
        box.checked = v === true;
        stateText.textContent = v === true ? 'có' : v === false ? 'không' : 'chưa nhập';
      };
      show(value);
      box.addEventListener('change', () => {
        set(box.checked);
        show(box.checked);
        changed();
      });
      return compact ? h('span', {}, box, stateText) : [box, stateText];
    }
    case 'integer':
    case 'number':
    case 'percent': {
      const percent = field.type === 'percent';
      const min = field.min === undefined ? undefined : percent ? shiftDecimal(field.min, 2) : field.min;
      const max = field.max === undefined ? undefined : percent ? shiftDecimal(field.max, 2) : field.max;
      const input = h('input', {
        type: 'number', ...common, inputmode: field.type === 'integer' ? 'numeric' : 'decimal',
        step: field.type === 'integer' ? '1' : 'any', min, max, value: value ?? '',
        placeholder: min !== undefined && max !== undefined ? `${min}–${max}` : '',
      });
      input.addEventListener('input', () => {
        set(input.value === '' ? (input.validity.badInput ? input.value : undefined) : input.value);
        changed();
      });
      const suffix = percent ? '%' : field.role === 'assessed' && max !== undefined ? `/ ${showDecimal(max)}` : '';
      return suffix ? [input, h('span', { class: 'suffix' }, suffix)] : input;
    }
    case 'date':
    case 'text': {
      const input = h('input', { type: field.type === 'date' ? 'date' : 'text', ...common, value: value ?? '' });
      input.addEventListener('input', () => {
        set(input.value === '' ? undefined : input.value);
        changed();
      });
      return input;
    }
    case 'enum': {
      const select = h('select', common,
        h('option', { value: '' }, field.optional ? '— không có —' : '— chưa chọn —'),
        (field.values ?? []).map((v) => h('option', { value: v.id }, v.label)));
      select.value = value ?? '';
      select.addEventListener('change', () => {
        set(select.value === '' ? (field.optional ? null : undefined) : select.value);
        changed();
      });
      return select;
    }
    default: {
      const input = h('input', { type: 'text', ...common, value: value ?? '' });
      input.addEventListener('input', () => {
        set(input.value === '' ? undefined : input.value);
        changed();
      });
      return input;
    }
  }
}

function clearButton(field, onClear) {
  return h('button', { type: 'button', class: 'clear', title: 'Bỏ giá trị (coi như chưa nhập)', 'aria-label': `Bỏ giá trị ${labelOf(field)}`, onclick: onClear }, '×');
}

function rowsControl(field) {
  const rows = state.values[field.id];
  const history = field.type === 'history';
  const members = field.fields ?? [];
  const columns = history ? [{ id: 'year', label: 'Năm', type: 'integer' }, ...members] : members;
  const table = h('table', { class: 'rows', dataset: { list: field.id } },
    h('thead', {}, h('tr', {}, h('th', {}, '#'), columns.map((c) => h('th', {}, labelOf(c))), h('th', {}))));
  const body = h('tbody');
  (rows ?? []).forEach((row, i) => {
    body.append(h('tr', { dataset: { row: String(i) } },
      h('td', { class: 'n' }, String(i + 1)),
      columns.map((c) => h('td', { dataset: { path: `${field.id}[${i}].${c.id}` } },
        control(c, () => row[c.id], (v) => { row[c.id] = v; }, `${field.id}[${i}].${c.id}`, true))),
      h('td', {}, h('button', {
        type: 'button', class: 'clear', title: 'Xoá dòng', 'aria-label': `Xoá dòng ${i + 1}`,
        onclick: () => { rows.splice(i, 1); renderForm(); evaluateNow(); },
      }, '×'))));
  });
  table.append(body);
  const add = h('button', {
    type: 'button', class: 'add-row', 'data-testid': `add-${field.id}`,
    onclick: () => {
      const list = state.values[field.id] ?? [];
      const previous = list[list.length - 1];
      const row = initialValues(members);
      if (history) row.year = previous?.year ? String(Number(previous.year) - 1) : String(new Date().getFullYear() - 1);
      list.push(row);
      state.values[field.id] = list;
      renderForm();
      evaluateNow();
    },
  }, history ? '+ Thêm năm' : '+ Thêm dòng');
  const count = rows === undefined ? 'chưa nhập' : `${rows.length} dòng`;
  return [table, h('div', {}, add, ' ', h('span', { class: 'muted' }, count))];
}

function renderForm() {
  const form = $('#evidence-form');
  form.replaceChildren();
  if (!state.schema) return;
  form.append(h('div', { class: 'field', dataset: { field: 'id' } },
    h('label', { class: 'label', for: 'subject' }, 'Đối tượng được đánh giá', h('span', { class: 'id' }, 'id')),
    h('div', { class: 'control' }, h('input', {
      type: 'text', id: 'subject', value: state.subject, placeholder: 'không bắt buộc',
      oninput: (e) => { state.subject = e.target.value; changed(); },
    }))));
  for (const field of state.schema.fields) {
    const id = `f-${field.id}`;
    const value = state.values[field.id];
    const group = field.type === 'list' || field.type === 'history';
    const label = h(group ? 'div' : 'label', { class: 'label', for: group ? undefined : id },
      labelOf(field), field.required && field.role !== 'key' ? h('span', { class: 'req', title: 'bắt buộc' }, '*') : '',
      h('span', { class: 'id' }, field.id));
    const controls = group
      ? rowsControl(field)
      : control(field, () => state.values[field.id], (v) => { state.values[field.id] = v; }, field.id);
    if (!group) {
      const first = Array.isArray(controls) ? controls[0] : controls;
      first.id = id;
    }
    const clear = value !== undefined
      ? clearButton(field, () => { delete state.values[field.id]; renderForm(); evaluateNow(); })
      : '';
    form.append(h('div', { class: `field${group ? ' group' : ''}`, dataset: { field: field.id, type: field.type } },
      label,
      h('div', { class: 'control' }, controls, group ? '' : clear),
      h('div', { class: 'note' }, hint(field), group && value !== undefined ? [' · ', h('button', {
        type: 'button', class: 'clear', onclick: () => { delete state.values[field.id]; renderForm(); evaluateNow(); },
      }, 'bỏ danh sách')] : '')));
  }
}

// --- Evaluating --------------------------------------------------------------------------------------

let frame = 0;
function scheduleEvaluate() {
  cancelAnimationFrame(frame);
  frame = requestAnimationFrame(evaluateNow);
}

function markFields(errors, missing) {
  for (const element of document.querySelectorAll('#evidence-form .invalid, #evidence-form .missing')) {
    element.classList.remove('invalid', 'missing');
  }
  for (const element of document.querySelectorAll('#evidence-form .error')) element.remove();
  for (const error of errors) {
    const top = error.field.split(/[[.]/)[0];
    const cell = document.querySelector(`#evidence-form td[data-path="${CSS.escape(error.field)}"]`);
    const field = document.querySelector(`#evidence-form .field[data-field="${CSS.escape(top)}"]`);
    if (cell) cell.classList.add('invalid');
    if (field) {
      field.classList.add('invalid');
      field.append(h('div', { class: 'error' }, cell ? `${error.field}: ` : '', error.message));
    }
  }
  for (const path of missing) {
    const top = path.split(/[[.]/)[0];
    document.querySelector(`#evidence-form .field[data-field="${CSS.escape(top)}"]`)?.classList.add('missing');
  }
}

function evaluateNow() {
  if (!state.rules) return;
  const record = evidence();
  const options = { on: state.on || undefined, trace: true, whatItTakes: true };
  const box = $('#result');
  const started = performance.now();
  try {
    const result = state.rules.evaluate(record, options);
    const elapsed = performance.now() - started;
    noteTime(elapsed);
    const missing = result.findings.filter((f) => f.code === 'missing-evidence').flatMap((f) => f.fields ?? []);
    markFields([], missing);
    box.replaceChildren(renderResult(result));
    box.dataset.status = result.status;
  } catch (error) {
    noteTime(performance.now() - started);
    markFields(error.errors ?? [], []);
    box.replaceChildren(renderError(error));
    box.dataset.status = 'error';
  }
}

function noteTime(ms) {
  state.evaluations.push(ms);
  if (state.evaluations.length > 50) state.evaluations.shift();
  const sorted = [...state.evaluations].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)];
  $('#engine-status').textContent = `tieuchi ${version()} · lần tính gần nhất ${ms.toFixed(2)} ms (trung vị ${median.toFixed(2)} ms)`;
}

function tierLabel(id) {
  return state.schema.outcome.tiers.find((t) => t.id === id)?.label ?? id;
}

function fieldLabel(path) {
  const top = path.split(/[[.]/)[0];
  const field = state.schema.fields.find((f) => f.id === top);
  if (!field) return path;
  if (top === path) return labelOf(field);
  const member = path.split('.').pop();
  const inner = field.fields?.find((f) => f.id === member);
  return `${labelOf(field)} ${path.slice(top.length)}${inner ? ` (${labelOf(inner)})` : ''}`;
}

function renderResult(result) {
  const out = h('div', {});
  const forced = result.outcome?.decided_by === 'force';
  const capped = result.outcome?.decided_by === 'cap' || result.outcome?.decided_by === 'quota';
  const statusClass = result.status === 'rated' ? (forced ? 'forced' : capped ? 'capped' : '') : result.status === 'not rated' ? 'not-rated' : 'unknown';
  const card = h('div', { class: `outcome ${statusClass}`, 'data-testid': 'outcome', dataset: { status: result.status, tier: result.outcome?.id ?? '' } });
  card.append(h('div', { class: 'muted' }, state.schema.outcome.label, result.subject ? ` · ${result.subject}` : '', result.on ? ` · ngày ${result.on}` : ''));
  if (result.status === 'rated') {
    card.append(
      h('div', { class: 'tier' }, h('span', { 'data-testid': 'tier-label' }, result.outcome.label),
        h('span', { class: 'tier-id', 'data-testid': 'tier-id' }, result.outcome.id)),
      h('div', { class: 'why' }, DECIDED_BY[result.outcome.decided_by] ?? result.outcome.decided_by),
      result.outcome.source ? h('div', { class: 'cite', 'data-testid': 'outcome-source' }, result.outcome.source) : '',
      result.outcome.by_score
        ? h('div', { class: 'muted', 'data-testid': 'by-score' }, `Mức theo điểm (trước khi áp dụng): ${result.outcome.by_score.label}`)
        : '',
    );
  } else if (result.status === 'not rated') {
    card.append(h('div', { class: 'tier', 'data-testid': 'tier-label' }, 'Không xếp loại'),
      h('div', { class: 'why' }, 'Một điều kiện loại khỏi diện đánh giá đã thỏa (xem bên dưới).'));
  } else {
    card.append(h('div', { class: 'tier', 'data-testid': 'tier-label' }, 'Chưa xác định được'),
      h('div', { class: 'why' }, 'Thiếu dữ liệu mà quy tắc quyết định cần đến (xem bên dưới).'));
  }
  card.append(h('ul', { class: 'ladder', 'aria-label': 'Các mức xếp loại, từ cao xuống thấp' },
    state.schema.outcome.tiers.map((t) => h('li', { class: t.id === result.outcome?.id ? 'current' : '', title: t.id }, t.label))));
  card.append(h('div', { class: 'muted', 'data-testid': 'rules-fingerprint', title: result.rules.sha256 },
    `${result.rules.id} · sha256 ${result.rules.sha256.slice(0, 12)}… · ${result.engine.name} ${result.engine.version}`));
  out.append(card);

  // What it takes: the better tiers and how to reach them, or what is still possible.
  const takes = result.what_it_takes;
  if (takes?.pending) {
    out.append(h('div', { class: 'takes pending', 'data-testid': 'what-it-takes', dataset: { possible: takes.pending.possible.join(' ') } },
      h('h3', {}, 'Còn thiếu dữ liệu'),
      h('ul', {}, takes.pending.text.split(/\. (?=\p{Lu})/u).map((t) => h('li', {}, t.replace(/\.$/, ''))))));
  } else if (takes?.goals.length) {
    out.append(h('div', { class: 'takes', 'data-testid': 'what-it-takes' }, h('h3', {}, 'Để đạt mức cao hơn'),
      h('ul', {}, takes.goals.map((g) => h('li', { 'data-testid': `goal-${g.tier}`, dataset: { reachable: String(g.reachable) } }, g.text)))));
  }

  const scores = Object.entries(result.scores);
  if (scores.length) {
    const depth = (id) => {
      let d = 0;
      for (let p = result.scores[id]?.parent; p && d < 5; p = result.scores[p]?.parent) d += 1;
      return d;
    };
    out.append(h('h3', {}, 'Điểm'), h('div', { class: 'scores' }, scores.map(([id, s]) => {
      const d = depth(id);
      const max = Number(s.max);
      const share = s.value === null || !(max > 0) ? 0 : Math.max(0, Math.min(100, (Number(s.value) / max) * 100));
      return h('div', { class: `score${d ? ` child depth-${d}` : ''}`, 'data-testid': `score-${id}`, dataset: { value: s.value ?? '', max: s.max }, title: s.source ?? '' },
        h('div', { class: 'head' }, h('span', {}, s.label), h('span', { class: 'value' }, `${showDecimal(s.value)} / ${showDecimal(s.max)}`)),
        h('div', { class: 'bar' }, h('span', { style: `width:${share.toFixed(1)}%` })));
    })));
  }

  if (result.findings.length) {
    out.append(h('h3', {}, 'Điều kiện đã áp dụng và ghi chú'), h('ul', { class: 'findings' }, result.findings.map((f) =>
      h('li', { class: `finding ${f.code}`, 'data-testid': `finding-${f.code}`, dataset: { applied: f.applied === undefined ? '' : String(f.applied) } },
        h('div', {}, h('span', { class: 'kind' }, findingHeading(f.code)),
          f.tier ? ` → ${tierLabel(f.tier)}` : '',
          f.applied === true ? h('span', { class: 'applied' }, ' · đã áp dụng') : '',
          f.applied === false ? h('span', { class: 'applied' }, ' · không làm thay đổi kết quả') : ''),
        h('div', {}, f.code === 'missing-evidence' ? `Thiếu: ${(f.fields ?? []).map(fieldLabel).join('; ')}` : f.label),
        f.source ? h('div', { class: 'cite' }, f.source) : '',
        f.rule ? h('div', { class: 'muted' }, h('code', {}, f.rule)) : ''))));
  }

  const values = Object.entries(result.values);
  if (values.length) {
    out.append(h('h3', {}, 'Giá trị trung gian'), h('table', { class: 'values' },
      values.map(([id, v]) => h('tr', {}, h('td', {}, h('code', {}, id)), h('td', {}, showValue(v))))));
  }

  if (result.trace.length) {
    const mark = (holds) => (holds === true ? h('span', { class: 'yes' }, '✓') : holds === false ? h('span', { class: 'no' }, '✗') : h('span', { class: 'unk' }, '?'));
    out.append(h('details', { class: 'trace' }, h('summary', {}, `Vì sao? Từng quy tắc đã xét (${result.trace.length})`),
      h('ol', {}, result.trace.map((step) => h('li', {},
        mark(step.holds), ' ', h('code', {}, step.rule), h('span', { class: 'muted' }, ` ${step.span}`),
        step.source ? h('div', { class: 'cite' }, step.source) : '',
        h('ul', {}, step.conditions.map((c) => h('li', { class: 'cond' }, mark(c.holds), ' ', h('code', {}, c.condition),
          Object.keys(c.values).length ? ` (${Object.entries(c.values).map(([k, v]) => `${k} = ${v === null ? 'chưa biết/không có' : showValue(v)}`).join(', ')})` : ''))))))));
  }
  return out;
}

function renderError(error) {
  const out = h('div', { 'data-testid': 'evaluation-error', dataset: { code: error.code ?? '' } });
  if (error.kind === 'evidence' || error.kind === 'argument') {
    out.append(h('div', { class: 'outcome unknown' }, h('div', { class: 'tier', 'data-testid': 'tier-label' }, 'Dữ liệu chưa hợp lệ'),
      h('div', { class: 'why' }, 'Sửa các trường dưới đây; không có giá trị nào bị tự động chuyển đổi.')));
    out.append(h('ul', { class: 'errors' }, (error.errors ?? [error]).map((e) => h('li', { dataset: { code: e.code, field: e.field } },
      h('strong', {}, e.field ? fieldLabel(e.field) : 'Bản ghi'), ': ', e.message, ' ', h('code', {}, e.code),
      e.help ? h('div', { class: 'muted' }, 'Gợi ý: ', e.help) : ''))));
  } else if (error.kind === 'eval') {
    out.append(h('div', { class: 'outcome unknown' }, h('div', { class: 'tier', 'data-testid': 'tier-label' }, 'Không tính được'),
      h('div', { class: 'why' }, error.message, ' ', h('code', {}, error.code)),
      h('div', { class: 'muted' }, h('code', {}, `${error.file}:${error.line}:${error.column}`), ' ', h('code', {}, error.expression)),
      error.help ? h('div', { class: 'muted' }, 'Gợi ý: ', error.help) : ''));
  } else {
    out.append(h('div', { class: 'outcome unknown' }, h('div', { class: 'tier' }, 'Lỗi'), h('div', {}, error.message ?? String(error), ' ', h('code', {}, error.code ?? ''))));
  }
  return out;
}

// --- Start --------------------------------------------------------------------------------------------

async function main() {
  try {
    await init();
  } catch (error) {
    $('#engine-status').textContent = `Không tải được bộ máy đánh giá: ${error.message}`;
    $('#result').replaceChildren(h('p', { class: 'no' }, 'Không tải được WebAssembly. Trang cần được mở qua một máy chủ tĩnh (http://…), không mở trực tiếp từ tệp.'));
    return;
  }
  $('#engine-status').textContent = `tieuchi ${version()} đã sẵn sàng`;
  await loadIndex();
  fillRulesetSelect();

  $('#ruleset-select').addEventListener('change', (e) => chooseRuleset(e.target.value));
  $('#sample-select').addEventListener('change', (e) => {
    const sample = state.entry?.samples?.[Number(e.target.value)];
    if (!sample || !state.schema) return;
    const record = sample.evidence ?? {};
    state.values = fromEvidence(state.schema.fields, record);
    state.subject = record.id === undefined ? '' : String(record.id);
    state.on = record.on ?? '';
    $('#on-date').value = state.on;
    renderForm();
    evaluateNow();
  });
  $('#on-date').addEventListener('input', (e) => {
    state.on = e.target.value;
    evaluateNow();
  });
  $('#clear-form').addEventListener('click', () => {
    state.values = initialValues(state.schema?.fields ?? []);
    state.subject = '';
    $('#sample-select').value = '';
    renderForm();
    evaluateNow();
  });
  window.addEventListener('hashchange', () => {
    const path = decodeURIComponent((location.hash.match(/rules=([^&]+)/) ?? [])[1] ?? '');
    if (path && path !== state.entry?.path && state.index.rulesets.some((e) => e.path === path)) {
      $('#ruleset-select').value = path;
      chooseRuleset(path);
    }
  });
  $('#editor').addEventListener('toggle', () => {
    if ($('#editor').open) openEditor();
  });
  // The text in the editor, as the text box before it gave it (for scripts and tests).
  Object.defineProperty($('#rule-source'), 'value', { get: () => state.source });

  const wanted = decodeURIComponent((location.hash.match(/rules=([^&]+)/) ?? [])[1] ?? '');
  const first = state.index.rulesets.find((e) => e.path === wanted)
    ?? state.index.rulesets.find((e) => !e.error);
  const choice = location.hash === '#custom' || !first ? CUSTOM : first.path;
  $('#ruleset-select').value = choice;
  await chooseRuleset(choice);
  document.body.dataset.ready = 'true';
}

main();
