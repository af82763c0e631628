// tieuchi in WebAssembly: compile a rule set, read the form it needs, evaluate evidence.
//
// An ES module for browsers and Node (18 or newer). Values cross into WebAssembly as JSON text;
// results come back in the JSON shape every tieuchi front end shares, decimals as strings.
// Every failure is a thrown `TieuchiError`: a rule file with errors, evidence that does not fit,
// arithmetic with no exact answer, a bad argument, and even a panic inside the engine (after
// which the instance is reset and rule sets recompile themselves on their next use).
//
// Messages are in Vietnamese unless a call asks for English with `{ lang: "en" }`; codes are the
// same in both. Every sentence comes from the engine's catalogue: the wrapper names its own
// messages by their ids there (`WasmOnNotText`), and the engine puts them into words.

// The module's exports by name from one namespace: `evaluate.js`, this file over the evaluation
// module (scripts/build.sh writes it), imports the same names from a module that has no compiler,
// and a named import of a missing export would stop the whole file from loading.
import initWasm, * as engine from './tieuchi_wasm.js';

const {
  initSync: initWasmSync,
  Compiled: WasmCompiled,
  Library: WasmLibrary,
  setPanicReporter,
  panicForTests,
  version: wasmVersion,
  codes: wasmCodes,
  failure: wasmFailure,
  evidenceBuffer,
  __wbg_reset_state: resetWasm,
} = engine;

/**
 * An error from tieuchi: the engine's failure record (`kind`, `code`, `summary`, `message`, `help`,
 * …, every error in `errors`), whose `code` is one of `codes()`.
 */
export class TieuchiError extends Error {
  constructor(payload, options) {
    super(payload.message ?? 'tieuchi error', options);
    this.name = 'TieuchiError';
    for (const [key, value] of Object.entries(payload)) {
      if (key !== 'message' && value !== undefined) this[key] = value;
    }
    this.kind ??= 'internal';
    this.code ??= 'internal::error';
  }
}

let ready = false;
// Bumped when the instance is reset after a panic: rule sets of an older generation recompile.
let generation = 0;
let lastPanic = null;
// The help of each `internal::*` code in each language, as the engine gives it: for the one
// failure it cannot build itself, an instance that could not be restarted.
const internalHelp = new Map();

function afterInit() {
  setPanicReporter((message) => {
    lastPanic = message;
  });
  ready = true;
  for (const lang of ['vi', 'en']) {
    for (const code of ['internal::error', 'internal::panic', 'internal::trap']) {
      internalHelp.set(`${lang} ${code}`, JSON.parse(wasmFailure(code, 'WasmNoFailureRecord', '', '{}', '', lang)).help);
    }
  }
}

// The sentences of the two failures the engine cannot word because it is not there: a call before
// `init`, and an engine that could not be restarted. Copies of the catalogue's `WasmNotInitialized`,
// `WasmNotInitializedHelp` and `WasmStoppedNotRestarted`, and of the labels of a rendered problem
// (`LabelError`, `LabelHelp`); the API tests check that they still are.
const LOCAL_TEXT = {
  vi: {
    LabelError: () => 'lỗi',
    LabelHelp: () => 'gợi ý',
    WasmNotInitialized: () => 'mô-đun WebAssembly chưa được nạp',
    WasmNotInitializedHelp: () => 'hãy gọi `await init()` (hàm xuất mặc định) trước',
    WasmStoppedNotRestarted: ({ problem }) => `bộ máy đã dừng: ${problem}; không thể khởi động lại bộ máy`,
  },
  en: {
    LabelError: () => 'error',
    LabelHelp: () => 'help',
    WasmNotInitialized: () => 'the WebAssembly module is not loaded',
    WasmNotInitializedHelp: () => 'call `await init()` (the default export) first',
    WasmStoppedNotRestarted: ({ problem }) => `the engine stopped: ${problem}; it could not be restarted`,
  },
};

// Which of the two catalogues a language tag names when the engine cannot read it: English for
// `en` and its regions, Vietnamese otherwise (the engine's default).
function localLang(lang) {
  return typeof lang === 'string' && /^en(?:[-_]|$)/i.test(lang.trim()) ? 'en' : 'vi';
}

// The engine's record shape, written here only for what the engine cannot build: a call before
// `init` (no engine yet) and an engine that could not be restarted. The API tests compare it with
// the engine's record for the same code, its labels in `text`'s language.
function localFailure(kind, code, message, help, text) {
  const rendered = `${text.LabelError()}[${code}]: ${message}\n${help ? `  = ${text.LabelHelp()}: ${help}\n` : ''}`;
  const record = { code, severity: 'error', message, help, rendered };
  return { kind, summary: message, ...record, errors: [{ ...record }] };
}

function notInitialized(lang) {
  const text = LOCAL_TEXT[localLang(lang)];
  return new TieuchiError(
    localFailure('argument', 'argument::not-initialized', text.WasmNotInitialized(), text.WasmNotInitializedHelp(), text),
  );
}

// A problem the wrapper found itself, as the engine records it under its registered code: an
// argument it cannot use, evidence JSON cannot carry, a panic. `message` and `help` are ids of the
// engine's catalogue (`help` '' for none), `args` their arguments, `lang` the call's language.
// Before `init` every call is the one error that matters, `argument::not-initialized`.
function engineFailure(code, message, help = '', args = {}, field = '', lang = '', options = undefined) {
  if (!ready) return notInitialized(lang);
  let payload;
  try {
    payload = JSON.parse(wasmFailure(code, message, help, JSON.stringify(args), field ?? '', lang));
  } catch (error) {
    return fromWasm(error, lang);
  }
  return new TieuchiError(payload, options);
}

// What a value is, in a message: `null`, `number`, `string`, …
function typeName(value) {
  return value === null ? 'null' : typeof value;
}

// The language a call's options ask for, as the engine reads it ('' for its default, Vietnamese):
// a string, which the engine checks (`vi`, `en`, a region ignored).
function langOf(options) {
  const lang = options?.lang;
  if (lang === undefined || lang === null) return '';
  if (typeof lang !== 'string') {
    throw argumentError('WasmLangNotText', 'ArgUnknownLangHelp', { type: typeName(lang) }, 'lang', '');
  }
  return lang;
}

function isNode() {
  return typeof process !== 'undefined' && process.versions != null && process.versions.node != null;
}

/**
 * Loads the WebAssembly module. In a browser, without an argument it is fetched from beside this
 * file; in Node it is read from disk. Pass a URL, a `Response`, bytes or a `WebAssembly.Module`
 * to load it from elsewhere. Calling it again does nothing.
 */
export default async function init(input) {
  if (ready) return;
  let source = input;
  if (source === undefined && isNode()) {
    const { readFile } = await import('node:fs/promises');
    source = await readFile(new URL('./tieuchi_wasm_bg.wasm', import.meta.url));
  }
  await initWasm(source === undefined ? undefined : { module_or_path: source });
  afterInit();
}

/** Loads the WebAssembly module synchronously from bytes or a compiled `WebAssembly.Module`. */
export function initSync(module) {
  if (ready) return;
  initWasmSync({ module });
  afterInit();
}

function fromWasm(error, lang = '') {
  if (error instanceof TieuchiError) return error;
  if (typeof error === 'string') {
    let payload = null;
    try {
      payload = JSON.parse(error);
    } catch {
      // Not a failure record: below.
    }
    return payload !== null && typeof payload === 'object'
      ? new TieuchiError(payload)
      : engineFailure('internal::error', 'WasmNoFailureRecord', '', { problem: error }, '', lang);
  }
  // Anything else is a trap: a panic (its message came through the panic hook), or running out
  // of memory or stack. The instance cannot be trusted after it: start a fresh one.
  const panicked = lastPanic !== null;
  const message = panicked ? lastPanic : String(error?.message ?? error);
  const code = panicked ? 'internal::panic' : 'internal::trap';
  lastPanic = null;
  try {
    resetWasm();
    generation += 1;
    afterInit();
  } catch {
    ready = false;
  }
  if (!ready) {
    const local = localLang(lang);
    const stopped = LOCAL_TEXT[local].WasmStoppedNotRestarted({ problem: message });
    const help = internalHelp.get(`${local} ${code}`) ?? '';
    return new TieuchiError(localFailure('internal', code, stopped, help, LOCAL_TEXT[local]), { cause: error });
  }
  return engineFailure(code, 'WasmStoppedRestarted', '', { problem: message }, '', lang, { cause: error });
}

function call(f, lang = '') {
  if (!ready) throw notInitialized(lang);
  try {
    return f();
  } catch (error) {
    throw fromWasm(error, lang);
  }
}

function argumentError(message, help, args, field, lang) {
  return engineFailure('argument::invalid', message, help, args, field, lang);
}

// --- Evidence to JSON text -----------------------------------------------------------------------

function evidenceError(code, field, message, help, args, lang) {
  return engineFailure(code, message, help, args, field, lang);
}

function fieldPath(path, key) {
  return path === '' ? key : `${path}.${key}`;
}

// JSON.stringify, but exact and strict: a BigInt is written as its digits, and NaN or Infinity
// (which JSON.stringify would quietly turn into null) is refused with the field's path.
function toJson(value, path, depth, lang) {
  if (depth > 64) {
    throw evidenceError('evidence::wrong-type', path, 'WasmNestsTooDeep', 'WasmNestsTooDeepHelp', {}, lang);
  }
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'bigint':
      return value.toString();
    case 'number':
      if (!Number.isFinite(value)) {
        throw evidenceError('evidence::bad-number', path, 'WasmNotANumber', 'WasmNotANumberHelp', { value: String(value) }, lang);
      }
      return JSON.stringify(value);
    case 'object': {
      if (value === null) return 'null';
      if (typeof value.toJSON === 'function') return toJson(value.toJSON(), path, depth + 1, lang);
      if (Array.isArray(value)) {
        const items = value.map((item, i) => toJson(item === undefined ? null : item, `${path}[${i}]`, depth + 1, lang));
        return `[${items.join(',')}]`;
      }
      const members = [];
      for (const [key, item] of Object.entries(value)) {
        if (item === undefined || typeof item === 'function' || typeof item === 'symbol') continue;
        members.push(`${JSON.stringify(key)}:${toJson(item, fieldPath(path, key), depth + 1, lang)}`);
      }
      return `{${members.join(',')}}`;
    }
    default:
      return 'null';
  }
}

// The common record, one flat object of strings, finite numbers, booleans and nulls: what
// `toJson` writes for it is exactly what one native `JSON.stringify` call writes (the same own
// keys in the same order, undefined, functions and symbols left out), only slower.
function isFlatRecord(value) {
  if (value === null || typeof value !== 'object' || Array.isArray(value) || typeof value.toJSON === 'function') {
    return false;
  }
  for (const item of Object.values(value)) {
    switch (typeof item) {
      case 'string':
      case 'boolean':
      case 'undefined':
      case 'function':
      case 'symbol':
        break;
      case 'number':
        if (!Number.isFinite(item)) return false;
        break;
      case 'object':
        if (item !== null) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}

// One evidence record as exact JSON text; `path` names it in errors.
function evidenceJson(record, path, lang) {
  return isFlatRecord(record) ? JSON.stringify(record) : toJson(record === undefined ? null : record, path, 0, lang);
}

// Many records as JSON Lines: one exact JSON object a line (JSON text never holds a raw line
// break). A record that cannot be written is thrown with its index, before anything is evaluated.
function toJsonLines(records, lang) {
  if (!Array.isArray(records)) {
    throw argumentError('WasmRecordsNotArray', 'WasmRecordsNotArrayHelp', { type: typeName(records) }, '', lang);
  }
  return records.map((record, i) => evidenceJson(record, `[${i}]`, lang)).join('\n');
}

// A record's JSON text written straight into the module's evidence buffer (`evidenceBuffer`),
// for `evaluateLeanWritten`: one `encodeInto`, where a string argument is copied by a JavaScript
// loop into memory allocated, grown and freed on every call. Its length in bytes.
const encoder = new TextEncoder();
let evidenceView = null;
let evidenceGeneration = -1;
function writeEvidence(text) {
  // UTF-8 takes at most three bytes for each UTF-16 unit.
  const most = text.length * 3;
  // A view made before the memory grew is detached, its length 0; a reset instance has a buffer
  // of its own.
  if (evidenceView === null || evidenceGeneration !== generation || evidenceView.byteLength < most) {
    evidenceView = evidenceBuffer(Math.max(most, 4096));
    evidenceGeneration = generation;
  }
  return encoder.encodeInto(text, evidenceView).written;
}

function checkOn(on, lang) {
  if (on !== undefined && on !== null && typeof on !== 'string') {
    throw argumentError('WasmOnNotText', 'WasmOnNotTextHelp', {}, 'on', lang);
  }
  return on ?? '';
}

// Parameter overrides for a simulation, as the engine reads them (`RuleSet::with_json_params`):
// the exact JSON text of an object of parameter ids and values, '' for none.
function paramsJson(params, lang) {
  if (params === undefined || params === null) return '';
  if (typeof params !== 'object' || Array.isArray(params)) {
    const type = Array.isArray(params) ? 'array' : typeName(params);
    throw argumentError('WasmParamsNotObject', 'WasmParamsNotObjectHelp', { type }, 'params', lang);
  }
  return toJson(params, 'params', 0, lang);
}

// --- Rule sets -----------------------------------------------------------------------------------

function checkText(source, lang, file = undefined) {
  if (typeof source !== 'string') {
    const type = typeName(source);
    throw file === undefined
      ? argumentError('WasmSourceNotText', 'WasmSourceNotTextHelp', { type }, '', lang)
      : argumentError('WasmFileSourceNotText', 'WasmSourceNotTextHelp', { name: file, type }, '', lang);
  }
}

// The module, for a call that compiles rule text: only the full one (`tieuchi.js`) has the
// compiler; in `evaluate.js` rules arrive as the bytes `toBytes()` wrote, and such a call says so.
function compiling(lang) {
  if (engine.Compiler === undefined) throw noCompiler(lang);
  return engine;
}

function newCompiler(lang) {
  return new (compiling(lang).Compiler)();
}

function noCompiler(lang) {
  return engineFailure('argument::not-initialized', 'WasmNoCompiler', 'WasmNoCompilerHelp', {}, '', lang);
}

// A rule set or library compiled, as bytes (the full module writes them).
function bytesOf(rules, options) {
  const lang = langOf(options);
  return call(() => {
    const raw = rules._raw(lang);
    if (raw.toBytes === undefined) throw noCompiler(lang);
    return raw.toBytes();
  }, lang);
}

// Compiled rules as bytes: a `Uint8Array` (or an `ArrayBuffer`, read as one).
function checkBytes(bytes, lang) {
  if (bytes instanceof Uint8Array) return bytes;
  if (bytes instanceof ArrayBuffer) return new Uint8Array(bytes);
  throw argumentError('WasmBytesNotBytes', 'WasmBytesNotBytesHelp', { type: typeName(bytes) }, '', lang);
}

function compileRaw(name, source, imports, lang = '') {
  const compiler = newCompiler(lang);
  try {
    for (const rules of imports) compiler.addImport(rules._raw(lang));
    return compiler.compile(name, source, lang);
  } finally {
    compiler.free();
  }
}

function compileOptions(options, lang) {
  const { name = 'input.tieuchi', imports = [] } = options ?? {};
  if (typeof name !== 'string') throw argumentError('WasmNameNotText', 'WasmNameNotTextHelp', {}, 'name', lang);
  if (!Array.isArray(imports) || imports.some((r) => !(r instanceof RuleSet))) {
    throw argumentError('WasmImportsNotRuleSets', 'WasmImportsNotRuleSetsHelp', {}, 'imports', lang);
  }
  return { name, imports: [...imports] };
}

// --- Results --------------------------------------------------------------------------------------

// What lean results leave out and the wrapper joins back, per handle: each rule set's labels,
// maxima, citations and traced rules' texts (`statics`, JSON text from the module), read once,
// and the texts the results number (`evaluateLean`), appended as they come. A fresh instance (after a panic reset
// the old one) numbers afresh: the table belongs to the handle it was read from.
class LeanTables {
  constructor(raw) {
    this.raw = raw;
    this.statics = new Map();
    this.texts = [];
  }

  staticsOf(key, read) {
    let statics = this.statics.get(key);
    if (statics === undefined) {
      statics = JSON.parse(read());
      this.statics.set(key, statics);
    }
    return statics;
  }
}

// A lean result (`Compiled.evaluateLean`) with the rule set's own parts joined back: the same
// object, key for key and in the same order, as the whole record `Compiled.evaluate` writes.
// `table`: the texts the results of this handle number.
function joinLean(lean, statics, table) {
  const [values, outcome, texts, steps, subject, on, because, status, lets, params, findings, whatItTakes] = lean;
  for (const text of texts) table.push(text);
  const record = { ruleset: statics.id };
  if (subject !== null) record.subject = subject;
  if (on !== null) record.on = on;
  const { engine, version } = statics;
  record.engine = { name: engine.name, version: engine.version };
  const rules = { id: version.id, sha256: version.sha256 };
  if (version.valid_from !== undefined) rules.valid_from = version.valid_from;
  if (version.valid_until !== undefined) rules.valid_until = version.valid_until;
  rules.chosen_because = table[because];
  record.rules = rules;
  record.status = status;
  record.outcome = null;
  if (outcome !== null) {
    const [tier, decidedBy, source, byScore] = outcome;
    const [id, label, tierSource] = statics.tiers[tier];
    const joined = { id, label, decided_by: decidedBy };
    if (source !== null) joined.source = source === 1 ? tierSource : source;
    if (byScore !== null) joined.by_score = { id: statics.tiers[byScore][0], label: statics.tiers[byScore][1] };
    record.outcome = joined;
  }
  const scores = {};
  for (let i = 0; i < statics.scores.length; i += 1) {
    const [id, max, label, parent, source] = statics.scores[i];
    const score = { value: values[i], max, label };
    if (parent !== null) score.parent = parent;
    if (source !== null) score.source = source;
    scores[id] = score;
  }
  record.scores = scores;
  const joinedValues = {};
  for (let i = 0; i < statics.values.length; i += 1) joinedValues[statics.values[i]] = lets[i];
  record.values = joinedValues;
  if (statics.params.length > 0) {
    const joinedParams = {};
    for (let i = 0; i < statics.params.length; i += 1) {
      const [value, from, source] = params[i];
      const param = { value };
      if (from !== null) param.from = from;
      if (source !== null) param.source = table[source];
      joinedParams[statics.params[i]] = param;
    }
    record.params = joinedParams;
  }
  record.findings = findings;
  // The steps, one flat array (the core's `wire::LeanTrace`): each step's rule by its kind and
  // index in the rule set's own table of traced rules, `[rule, span, source, [[condition,
  // [name…]]…]]`, whether it held and how many of its conditions were tried; then each condition's
  // holds and the values of its names.
  const trace = [];
  for (let i = 0; i < steps.length; ) {
    const [rule, span, source, written] = statics.trace[steps[i]][steps[i + 1]];
    const step = { rule, span, holds: steps[i + 2] };
    if (source !== null) step.source = source;
    const tried = steps[i + 3];
    i += 4;
    const joined = [];
    for (let c = 0; c < tried; c += 1) {
      const [condition, names] = written[c];
      const holds = steps[i];
      i += 1;
      const values = {};
      for (let n = 0; n < names.length; n += 1) values[names[n]] = steps[i + n];
      i += names.length;
      joined.push({ condition, holds, values });
    }
    step.conditions = joined;
    trace.push(step);
  }
  record.trace = trace;
  if (whatItTakes !== null) record.what_it_takes = whatItTakes;
  return record;
}

/** A checked, compiled rule set. Create one with `compile`. */
export class RuleSet {
  #raw;
  #generation;
  #name;
  #source;
  // Makes the handle again in a fresh instance (after a panic reset it): from the text, from the
  // bytes, or from the library it was chosen from.
  #remake;
  #lean = null;

  /** @internal */
  constructor(token, raw, name, source, remake) {
    if (token !== RuleSet.#token) throw new TypeError('use compile() to create a rule set');
    this.#raw = raw;
    this.#generation = generation;
    this.#name = name;
    this.#source = source;
    this.#remake = remake;
  }

  static #token = Symbol('RuleSet');

  /** @internal */
  static _create(raw, name, source, remake) {
    return new RuleSet(RuleSet.#token, raw, name, source, remake);
  }

  /** @internal The live handle, recompiled after the instance was reset. */
  _raw(lang = '') {
    if (this.#raw === null) {
      throw argumentError('WasmRuleSetFreed', 'WasmRuleSetFreedHelp', {}, '', lang);
    }
    if (this.#generation !== generation) {
      this.#raw = this.#remake(lang);
      this.#generation = generation;
    }
    return this.#raw;
  }

  /** The rule set's id (`cong_chuc_nd335`). */
  get id() {
    return call(() => this._raw().id);
  }

  /** The rule set's label, shown to people. */
  get label() {
    return call(() => this._raw().label);
  }

  /** The file name given to `compile`, used in diagnostics and trace spans. */
  get name() {
    return this.#name;
  }

  /** The rule file's text. */
  get source() {
    if (this.#source === null) this.#source = call(() => this._raw().source);
    return this.#source;
  }

  /**
   * The rule set compiled, as bytes that `loadCompiled` reads back (in `evaluate.js` too) without
   * compiling again. Only the full module writes them.
   */
  toBytes(options) {
    return bytesOf(this, options);
  }

  /** The evidence the rule set reads: a typed form schema with labels, ranges, enum values, defaults. */
  inputs() {
    return JSON.parse(call(() => this._raw().inputs()));
  }

  /** The evidence record as a JSON Schema (draft 2020-12). */
  jsonSchema() {
    return JSON.parse(call(() => this._raw().jsonSchema()));
  }

  /** The checker's warnings (a rule set with errors does not compile), in `options.lang`. */
  check(options) {
    const lang = langOf(options);
    return JSON.parse(call(() => this._raw(lang).warnings(lang), lang));
  }

  /**
   * Evaluates one evidence record: a plain object of input ids (assessed score items by their
   * score id), with the optional `id` (subject) and `on` (evaluation date). Decimals may be
   * numbers or strings (strings are exact); percents `"85%"` or `0.85`. With `whatItTakes`, the
   * result's `what_it_takes` says what reaches each better tier, or, with evidence missing, what
   * is still possible. `params` simulates other values of the rule set's parameters
   * (`{ nguong_htxs: 85 }`; the result's `params` marks them `overridden`); `lang` is the
   * language of findings and errors (`vi` by default, or `en`).
   */
  evaluate(evidence, options) {
    const { on, trace = true, whatItTakes = false, params } = options ?? {};
    const lang = langOf(options);
    const date = checkOn(on, lang);
    const simulated = paramsJson(params, lang);
    const text = evidenceJson(evidence, '', lang);
    return call(() => {
      const raw = this._raw(lang);
      // A simulation is another rule set: its result goes whole, not joined to this one's table.
      if (simulated !== '') return JSON.parse(raw.evaluate(text, date, Boolean(trace), Boolean(whatItTakes), simulated, lang));
      if (this.#lean?.raw !== raw) this.#lean = new LeanTables(raw);
      const lean = this.#lean;
      const written = writeEvidence(text);
      const answer = JSON.parse(raw.evaluateLeanWritten(written, date, Boolean(trace), Boolean(whatItTakes), lean.texts.length, lang));
      if (!Array.isArray(answer)) return answer; // written whole
      return joinLean(answer, lean.staticsOf(0, () => raw.statics()), lean.texts);
    }, lang);
  }

  /**
   * Evaluates many records with the rule set's quotas applied over all of them, and returns one
   * batch row per record, in order: `{row, subject, ruleset, rules_sha256, engine, on, status,
   * outcome, decided_by, <scores>…, findings, errors}`. A record that cannot be evaluated gives a
   * row with status `error` and its `errors`; it does not throw. `params` and `lang` as for
   * `evaluate`.
   */
  evaluateMany(records, options) {
    const lang = langOf(options);
    const date = checkOn((options ?? {}).on, lang);
    const simulated = paramsJson((options ?? {}).params, lang);
    const lines = toJsonLines(records, lang);
    return JSON.parse(call(() => this._raw(lang).evaluateMany(lines, date, simulated, lang), lang));
  }

  /** Releases the WebAssembly memory now instead of when the object is garbage-collected. */
  free() {
    if (this.#raw !== null && this.#generation === generation) this.#raw.free();
    this.#raw = null;
  }

  toJSON() {
    return { name: this.#name, id: this.id, label: this.label };
  }
}

/**
 * Parses, checks and plans one rule file. Throws a `TieuchiError` (kind `compile`) with the first
 * error's `code`, `message`, `line`, `column` and `help`, and every diagnostic in `errors`.
 * `name` is the file name used in diagnostics and trace spans; `imports` are compiled rule sets
 * whose enums and outcomes the file uses by qualified name. `lang` is the language of the
 * diagnostics (`vi` by default, or `en`).
 */
export function compile(source, options) {
  const lang = langOf(options);
  checkText(source, lang);
  const { name, imports } = compileOptions(options, lang);
  const remake = (again) => compileRaw(name, source, imports, again);
  return call(() => RuleSet._create(compileRaw(name, source, imports, lang), name, source, remake), lang);
}

/**
 * A rule set from the bytes its `toBytes()` wrote: the same rules, evaluating alike, loaded
 * without compiling (so in `evaluate.js` too, which has no compiler). Bytes of another version of
 * tieuchi, or changed since, throw `argument::not-compiled`.
 */
export function loadCompiled(bytes, options) {
  const lang = langOf(options);
  const copy = checkBytes(bytes, lang).slice();
  return call(() => {
    const raw = WasmCompiled.fromBytes(copy, lang);
    return RuleSet._create(raw, raw.name, null, (again) => WasmCompiled.fromBytes(copy, again));
  }, lang);
}

/**
 * Every diagnostic of a rule file, errors and warnings, in `options.lang`; never throws for a
 * broken file.
 */
export function check(source, options) {
  const lang = langOf(options);
  checkText(source, lang);
  const { name, imports } = compileOptions(options, lang);
  return JSON.parse(
    call(() => {
      const compiler = newCompiler(lang);
      try {
        for (const rules of imports) compiler.addImport(rules._raw(lang));
        return compiler.diagnose(name, source, lang);
      } finally {
        compiler.free();
      }
    }, lang),
  );
}

// The UTF-8 length of `text` up to the UTF-16 index `index` (where a JavaScript string index
// points in the engine's text); an index inside a surrogate pair counts from the pair's start.
function utf8Offset(text, index) {
  let bytes = 0;
  for (let i = 0; i < index && i < text.length; i += 1) {
    const unit = text.charCodeAt(i);
    if (unit < 0x80) bytes += 1;
    else if (unit < 0x800) bytes += 2;
    else if (unit >= 0xd800 && unit <= 0xdbff && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      if (i + 1 >= index) break;
      bytes += 4;
      i += 1;
    } else bytes += 3; // the rest of the plane, and a lone surrogate (sent as U+FFFD)
  }
  return bytes;
}

/**
 * What may be typed at `offset` (a JavaScript string index) of a rule file: its declared names
 * (or, while it does not parse, the names written in it), the functions and the words of the
 * language, as `{ label, kind, detail? }`. `kind` is `keyword`, `function`, the word that
 * declares the name (`input`, `score`, `tier`, …), or `name` while the file does not parse.
 * Nothing inside a label or a comment.
 */
export function completions(source, offset, options) {
  const lang = langOf(options);
  checkText(source, lang);
  if (!Number.isInteger(offset) || offset < 0) {
    throw argumentError('WasmOffsetNotIndex', 'WasmOffsetNotIndexHelp', {}, 'offset', lang);
  }
  const { name } = compileOptions(options, lang);
  return JSON.parse(
    call(() => {
      return compiling(lang).completions(name, source, utf8Offset(source, offset));
    }, lang),
  );
}

/**
 * Rule files checked together: families of versions linked by `replaces`, each evaluation rated by
 * the version in force on its date. Create one with `loadLibrary`.
 */
export class Library {
  #raw;
  #generation;
  // The files it was compiled from (empty for one loaded from bytes), and how to make the handle
  // again in a fresh instance.
  #files;
  #remake;
  #lean = null;

  /** @internal */
  constructor(token, raw, files, remake) {
    if (token !== Library.#token) throw new TypeError('use loadLibrary() to create a library');
    this.#raw = raw;
    this.#generation = generation;
    this.#files = files;
    this.#remake = remake;
  }

  static #token = Symbol('Library');

  /** @internal */
  static _create(raw, files, remake) {
    return new Library(Library.#token, raw, files, remake);
  }

  /** @internal The live handle, recompiled after the instance was reset. */
  _raw(lang = '') {
    if (this.#raw === null) throw argumentError('WasmLibraryFreed', 'WasmLibraryFreedHelp', {}, '', lang);
    if (this.#generation !== generation) {
      this.#raw = this.#remake(lang);
      this.#generation = generation;
    }
    return this.#raw;
  }

  /** The id of every rule set, the versions of a family oldest first. */
  get ids() {
    return call(() => this._raw().ids());
  }

  /** The version of `id`'s family in force on `on` (without `on`, the rule set `id` itself). */
  select(id, options) {
    const lang = langOf(options);
    checkId(id, lang);
    const date = checkOn((options ?? {}).on, lang);
    return call(() => {
      const raw = this._raw(lang).select(id, date, lang);
      const file = this.#files.find((f) => f.name === raw.name);
      return RuleSet._create(raw, raw.name, file?.source ?? null, (again) => this._raw(again).select(id, date, again));
    }, lang);
  }

  /**
   * The library compiled, as bytes that `loadCompiledLibrary` reads back (in `evaluate.js` too)
   * without compiling again. Only the full module writes them.
   */
  toBytes(options) {
    return bytesOf(this, options);
  }

  /**
   * Evaluates one record by the version of `id`'s family in force on the record's own `on`, or
   * else on `options.on`; as `RuleSet.evaluate` otherwise (`params` are set in every rule set of
   * the library that declares them).
   */
  evaluate(id, evidence, options) {
    const lang = langOf(options);
    checkId(id, lang);
    const { on, trace = true, whatItTakes = false, params } = options ?? {};
    const date = checkOn(on, lang);
    const simulated = paramsJson(params, lang);
    const text = evidenceJson(evidence, '', lang);
    return call(() => {
      const raw = this._raw(lang);
      if (simulated !== '') return JSON.parse(raw.evaluate(id, text, date, Boolean(trace), Boolean(whatItTakes), simulated, lang));
      if (this.#lean?.raw !== raw) this.#lean = new LeanTables(raw);
      const lean = this.#lean;
      const written = writeEvidence(text);
      const answer = JSON.parse(raw.evaluateLeanWritten(id, written, date, Boolean(trace), Boolean(whatItTakes), lean.texts.length, lang));
      if (!Array.isArray(answer)) return answer; // written whole
      // `[version, lean result]`: the version's table, by its number in the library.
      const [version, result] = answer;
      return joinLean(result, lean.staticsOf(version, () => raw.staticsOf(version)), lean.texts);
    }, lang);
  }

  /**
   * Evaluates many records over `id`'s family: each by the version in force on its own `on` (or
   * `options.on`; a record without a date is rated by `id` itself), quotas applied per version;
   * one row per record, in order, each naming the version that rated it in `ruleset`. `params`
   * and `lang` as for `evaluate`.
   */
  evaluateMany(id, records, options) {
    const lang = langOf(options);
    checkId(id, lang);
    const date = checkOn((options ?? {}).on, lang);
    const simulated = paramsJson((options ?? {}).params, lang);
    const lines = toJsonLines(records, lang);
    return JSON.parse(call(() => this._raw(lang).evaluateMany(id, lines, date, simulated, lang), lang));
  }

  /** Releases the WebAssembly memory now instead of when the object is garbage-collected. */
  free() {
    if (this.#raw !== null && this.#generation === generation) this.#raw.free();
    this.#raw = null;
  }
}

function checkId(id, lang) {
  if (typeof id !== 'string') throw argumentError('WasmIdNotText', 'WasmIdNotTextHelp', {}, 'id', lang);
}

/**
 * Compiles rule files together into a `Library`: `files` is an array of `{ name, source }` or an
 * object from file names to sources. A file may import rule sets of the others and replace an
 * older version. Throws a `TieuchiError` (kind `compile`) when any file has errors, its
 * diagnostics in `options.lang`.
 */
export function loadLibrary(files, options) {
  const lang = langOf(options);
  const list = Array.isArray(files)
    ? files
    : files !== null && typeof files === 'object'
      ? Object.entries(files).map(([name, source]) => ({ name, source }))
      : null;
  if (list === null) throw argumentError('WasmFilesNotList', 'WasmFilesNotListHelp', {}, '', lang);
  for (const file of list) {
    if (file === null || typeof file !== 'object' || typeof file.name !== 'string') {
      throw argumentError('WasmFileNoName', 'WasmFileNoNameHelp', {}, '', lang);
    }
    checkText(file.source, lang, file.name);
  }
  const copy = list.map(({ name, source }) => ({ name, source }));
  const remake = (again) => {
    compiling(again);
    return new WasmLibrary(JSON.stringify(copy), again);
  };
  return call(() => Library._create(remake(lang), copy, remake), lang);
}

/**
 * A library from the bytes its `toBytes()` wrote, loaded without compiling (so in `evaluate.js`
 * too). Bytes of another version of tieuchi, or changed since, throw `argument::not-compiled`.
 */
export function loadCompiledLibrary(bytes, options) {
  const lang = langOf(options);
  const copy = checkBytes(bytes, lang).slice();
  const remake = (again) => WasmLibrary.fromBytes(copy, again);
  return call(() => Library._create(remake(lang), [], remake), lang);
}

/** The engine's version. */
export function version() {
  return call(() => wasmVersion());
}

const codeLists = new Map();

/**
 * Every code tieuchi can give (`check::*`, `evidence::*`, `select::*`, findings such as
 * `knockout`, …), from the engine's registry: each with its kind, a one-line summary, an
 * explanation and an example in `lang` (`'vi'`, the default, or `'en'`), and for a finding the
 * Vietnamese heading a page shows. Read once per language.
 */
export function codes({ lang = 'vi' } = {}) {
  if (!codeLists.has(lang)) {
    codeLists.set(lang, call(() => JSON.parse(wasmCodes(lang))));
  }
  return codeLists.get(lang).map((entry) => ({ ...entry }));
}

/** @internal Panics inside the engine, to test that a panic becomes a `TieuchiError`. */
export function _panicForTests() {
  call(() => panicForTests());
}

/**
 * @internal For the tests: the record the wrapper writes itself for `code` (before `init`, or when
 * the engine cannot be restarted), with its message `message` and help `help` (ids of the
 * catalogue that the wrapper holds copies of) in `lang`, beside the one the engine builds for it.
 */
export function _failureRecordsForTests(kind, code, message, help, args = {}, lang = 'vi') {
  const text = LOCAL_TEXT[localLang(lang)];
  const helpText = kind === 'internal' ? (internalHelp.get(`${localLang(lang)} ${code}`) ?? '') : (text[help]?.(args) ?? '');
  const local = text[message] ? localFailure(kind, code, text[message](args), helpText, text) : null;
  return { local, engine: JSON.parse(call(() => wasmFailure(code, message, help, JSON.stringify(args), '', lang))) };
}
