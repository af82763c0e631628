// tieuchi in WebAssembly: compile a rule set, read the form it needs, evaluate evidence.
//
// An ES module for browsers and Node (18 or newer). Values cross into WebAssembly as JSON text;
// results come back in the JSON shape every tieuchi front end shares, decimals as strings.
// Every failure is a thrown `TieuchiError`: a rule file with errors, evidence that does not fit,
// arithmetic with no exact answer, a bad argument, and even a panic inside the engine (after
// which the instance is reset and rule sets recompile themselves on their next use).

import initWasm, {
  initSync as initWasmSync,
  Compiler as WasmCompiler,
  Library as WasmLibrary,
  setPanicReporter,
  panicForTests,
  version as wasmVersion,
  codes as wasmCodes,
  completions as wasmCompletions,
  failure as wasmFailure,
  __wbg_reset_state as resetWasm,
} from './tieuchi_wasm.js';

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
// The help of each `internal::*` code, as the engine gives it: for the one failure it cannot build
// itself, an instance that could not be restarted.
const internalHelp = new Map();

function afterInit() {
  setPanicReporter((message) => {
    lastPanic = message;
  });
  ready = true;
  for (const code of ['internal::error', 'internal::panic', 'internal::trap']) {
    internalHelp.set(code, JSON.parse(wasmFailure(code, '', '', '')).help);
  }
}

// The engine's record shape, written here only for what the engine cannot build: a call before
// `init` (no engine yet) and an engine that could not be restarted. The API tests compare it with
// the engine's record for the same code.
function localFailure(kind, code, message, help) {
  const rendered = `error[${code}]: ${message}\n${help ? `  = help: ${help}\n` : ''}`;
  const record = { code, severity: 'error', message, help, rendered };
  return { kind, summary: message, ...record, errors: [{ ...record }] };
}

function notInitialized() {
  return new TieuchiError(
    localFailure(
      'argument',
      'argument::not-initialized',
      'the WebAssembly module is not loaded',
      'call `await init()` (the default export) first',
    ),
  );
}

// A problem the wrapper found itself, as the engine records it under its registered code: an
// argument it cannot use, evidence JSON cannot carry, a panic. Before `init` every call is the
// one error that matters, `argument::not-initialized`.
function engineFailure(code, message, help = '', field = '', options = undefined) {
  if (!ready) return notInitialized();
  let payload;
  try {
    payload = JSON.parse(wasmFailure(code, message, help, field ?? ''));
  } catch (error) {
    return fromWasm(error);
  }
  return new TieuchiError(payload, options);
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

function fromWasm(error) {
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
      : engineFailure('internal::error', `the engine failed without a failure record: ${error}`);
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
    const stopped = `the engine stopped: ${message}; it could not be restarted`;
    return new TieuchiError(localFailure('internal', code, stopped, internalHelp.get(code) ?? ''), { cause: error });
  }
  return engineFailure(code, `the engine stopped: ${message}; it has been restarted`, '', '', { cause: error });
}

function call(f) {
  if (!ready) throw notInitialized();
  try {
    return f();
  } catch (error) {
    throw fromWasm(error);
  }
}

function argumentError(message, help, field) {
  return engineFailure('argument::invalid', message, help, field);
}

// --- Evidence to JSON text -----------------------------------------------------------------------

function evidenceError(code, field, message, help) {
  return engineFailure(code, message, help, field);
}

function fieldPath(path, key) {
  return path === '' ? key : `${path}.${key}`;
}

// JSON.stringify, but exact and strict: a BigInt is written as its digits, and NaN or Infinity
// (which JSON.stringify would quietly turn into null) is refused with the field's path.
function toJson(value, path, depth) {
  if (depth > 64) {
    throw evidenceError('evidence::wrong-type', path, 'the evidence nests too deeply', 'evidence is flat records and lists of records');
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
        throw evidenceError('evidence::bad-number', path, `${value} is not a number`, 'give a finite number, or a decimal as a string');
      }
      return JSON.stringify(value);
    case 'object': {
      if (value === null) return 'null';
      if (typeof value.toJSON === 'function') return toJson(value.toJSON(), path, depth + 1);
      if (Array.isArray(value)) {
        const items = value.map((item, i) => toJson(item === undefined ? null : item, `${path}[${i}]`, depth + 1));
        return `[${items.join(',')}]`;
      }
      const members = [];
      for (const [key, item] of Object.entries(value)) {
        if (item === undefined || typeof item === 'function' || typeof item === 'symbol') continue;
        members.push(`${JSON.stringify(key)}:${toJson(item, fieldPath(path, key), depth + 1)}`);
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
function evidenceJson(record, path) {
  return isFlatRecord(record) ? JSON.stringify(record) : toJson(record === undefined ? null : record, path, 0);
}

// Many records as JSON Lines: one exact JSON object a line (JSON text never holds a raw line
// break). A record that cannot be written is thrown with its index, before anything is evaluated.
function toJsonLines(records) {
  if (!Array.isArray(records)) {
    throw argumentError(
      `the records must be an array, not ${records === null ? 'null' : typeof records}`,
      'pass an array of evidence objects',
    );
  }
  return records.map((record, i) => evidenceJson(record, `[${i}]`)).join('\n');
}

function checkOn(on) {
  if (on !== undefined && on !== null && typeof on !== 'string') {
    throw argumentError('`on` must be a date written YYYY-MM-DD', 'for example { on: "2026-12-10" }', 'on');
  }
  return on ?? '';
}

// --- Rule sets -----------------------------------------------------------------------------------

function checkText(source, what) {
  if (typeof source !== 'string') {
    throw argumentError(`${what} must be a string, not ${source === null ? 'null' : typeof source}`, 'pass the text of a rule file');
  }
}

function compileRaw(name, source, imports) {
  const compiler = new WasmCompiler();
  try {
    for (const rules of imports) compiler.addImport(rules._raw());
    return compiler.compile(name, source);
  } finally {
    compiler.free();
  }
}

function compileOptions(options) {
  const { name = 'input.tieuchi', imports = [] } = options ?? {};
  if (typeof name !== 'string') throw argumentError('`name` must be a string', 'a file name, shown in diagnostics and traces');
  if (!Array.isArray(imports) || imports.some((r) => !(r instanceof RuleSet))) {
    throw argumentError('`imports` must be an array of compiled rule sets', 'pass the results of `compile`');
  }
  return { name, imports: [...imports] };
}

// --- Results --------------------------------------------------------------------------------------

// A rule set's labels, maxima and citations, read once (`Compiled.statics`), for joining lean
// results; null when a score's id would be taken as a special key of a JavaScript object.
function readStatics(raw) {
  const statics = JSON.parse(raw.statics());
  statics.texts = []; // the trace's texts, as the engine numbers them (`evaluateLean`)
  return statics.scores.some(([id]) => id === '__proto__') ? null : statics;
}

// A lean result (`Compiled.evaluateLean`) with the rule set's own parts joined back: the same
// object, key for key and in the same order, as the whole record `Compiled.evaluate` writes.
function joinLean(lean, statics) {
  const { s: values, o: outcome, v: known, t: texts, x: steps, r: record } = lean;
  if (record === undefined) return lean; // written whole
  const table = statics.texts;
  for (const text of texts) table.push(text);
  record.trace = steps.map(([rule, span, holds, source, conditions]) => {
    const step = { rule: table[rule], span: table[span], holds };
    if (source !== null) step.source = table[source];
    step.conditions = conditions.map(([condition, holds, values]) => ({ condition: table[condition], holds, values }));
    return step;
  });
  if (known) {
    record.engine = { ...statics.engine };
    record.rules = { ...statics.version, chosen_because: record.rules.chosen_because };
  }
  if (outcome !== null) {
    const [tier, decidedBy, source, byScore] = outcome;
    const [id, label, tierSource] = statics.tiers[tier];
    const joined = { id, label, decided_by: decidedBy };
    if (source !== null) joined.source = source === 1 ? tierSource : source;
    if (byScore !== null) joined.by_score = { id: statics.tiers[byScore][0], label: statics.tiers[byScore][1] };
    record.outcome = joined;
  }
  const scores = {};
  statics.scores.forEach(([id, max, label, parent, source], i) => {
    const score = { value: values[i], max, label };
    if (parent !== null) score.parent = parent;
    if (source !== null) score.source = source;
    scores[id] = score;
  });
  record.scores = scores;
  return record;
}

/** A checked, compiled rule set. Create one with `compile`. */
export class RuleSet {
  #raw;
  #generation;
  #name;
  #source;
  #imports;
  // The statics of `#staticsOf`'s handle (a reset instance recompiles into a new one).
  #staticsOf = null;
  #statics = null;

  /** @internal */
  constructor(token, raw, name, source, imports) {
    if (token !== RuleSet.#token) throw new TypeError('use compile() to create a rule set');
    this.#raw = raw;
    this.#generation = generation;
    this.#name = name;
    this.#source = source;
    this.#imports = imports;
  }

  static #token = Symbol('RuleSet');

  /** @internal */
  static _create(raw, name, source, imports) {
    return new RuleSet(RuleSet.#token, raw, name, source, imports);
  }

  /** @internal The live handle, recompiled after the instance was reset. */
  _raw() {
    if (this.#raw === null) {
      throw argumentError('this rule set has been freed', 'compile it again');
    }
    if (this.#generation !== generation) {
      this.#raw = compileRaw(this.#name, this.#source, this.#imports);
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
    return this.#source;
  }

  /** The evidence the rule set reads: a typed form schema with labels, ranges, enum values, defaults. */
  inputs() {
    return JSON.parse(call(() => this._raw().inputs()));
  }

  /** The evidence record as a JSON Schema (draft 2020-12). */
  jsonSchema() {
    return JSON.parse(call(() => this._raw().jsonSchema()));
  }

  /** The checker's warnings (a rule set with errors does not compile). */
  check() {
    return JSON.parse(call(() => this._raw().warnings()));
  }

  /**
   * Evaluates one evidence record: a plain object of input ids (assessed score items by their
   * score id), with the optional `id` (subject) and `on` (evaluation date). Decimals may be
   * numbers or strings (strings are exact); percents `"85%"` or `0.85`. With `whatItTakes`, the
   * result's `what_it_takes` says what reaches each better tier, or, with evidence missing, what
   * is still possible.
   */
  evaluate(evidence, options) {
    const { on, trace = true, whatItTakes = false } = options ?? {};
    const date = checkOn(on);
    const text = evidenceJson(evidence, '');
    return call(() => {
      const raw = this._raw();
      if (this.#staticsOf !== raw) {
        this.#statics = readStatics(raw);
        this.#staticsOf = raw;
      }
      return this.#statics === null
        ? JSON.parse(raw.evaluate(text, date, Boolean(trace), Boolean(whatItTakes)))
        : joinLean(
            JSON.parse(raw.evaluateLean(text, date, Boolean(trace), Boolean(whatItTakes), this.#statics.texts.length)),
            this.#statics,
          );
    });
  }

  /**
   * Evaluates many records with the rule set's quotas applied over all of them, and returns one
   * batch row per record, in order: `{row, subject, ruleset, rules_sha256, engine, on, status,
   * outcome, decided_by, <scores>…, findings, errors}`. A record that cannot be evaluated gives a
   * row with status `error` and its `errors`; it does not throw.
   */
  evaluateMany(records, options) {
    const date = checkOn((options ?? {}).on);
    const lines = toJsonLines(records);
    return JSON.parse(call(() => this._raw().evaluateMany(lines, date)));
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
 * whose enums and outcomes the file uses by qualified name.
 */
export function compile(source, options) {
  checkText(source, 'the rule source');
  const { name, imports } = compileOptions(options);
  return call(() => RuleSet._create(compileRaw(name, source, imports), name, source, imports));
}

/** Every diagnostic of a rule file, errors and warnings; never throws for a broken file. */
export function check(source, options) {
  checkText(source, 'the rule source');
  const { name, imports } = compileOptions(options);
  return JSON.parse(
    call(() => {
      const compiler = new WasmCompiler();
      try {
        for (const rules of imports) compiler.addImport(rules._raw());
        return compiler.diagnose(name, source);
      } finally {
        compiler.free();
      }
    }),
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
  checkText(source, 'the rule source');
  if (!Number.isInteger(offset) || offset < 0) {
    throw argumentError('`offset` must be a string index (an integer from 0)', 'pass the cursor position, e.g. `text.length`', 'offset');
  }
  const { name } = compileOptions(options);
  return JSON.parse(call(() => wasmCompletions(name, source, utf8Offset(source, offset))));
}

/**
 * Rule files checked together: families of versions linked by `replaces`, each evaluation rated by
 * the version in force on its date. Create one with `loadLibrary`.
 */
export class Library {
  #raw;
  #generation;
  #files;

  /** @internal */
  constructor(token, raw, files) {
    if (token !== Library.#token) throw new TypeError('use loadLibrary() to create a library');
    this.#raw = raw;
    this.#generation = generation;
    this.#files = files;
  }

  static #token = Symbol('Library');

  /** @internal */
  static _create(raw, files) {
    return new Library(Library.#token, raw, files);
  }

  /** @internal The live handle, recompiled after the instance was reset. */
  _raw() {
    if (this.#raw === null) throw argumentError('this library has been freed', 'load it again');
    if (this.#generation !== generation) {
      this.#raw = new WasmLibrary(JSON.stringify(this.#files));
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
    checkId(id);
    const date = checkOn((options ?? {}).on);
    return call(() => {
      const raw = this._raw().select(id, date);
      const file = this.#files.find((f) => f.name === raw.name);
      return RuleSet._create(raw, raw.name, file?.source ?? '', []);
    });
  }

  /**
   * Evaluates one record by the version of `id`'s family in force on the record's own `on`, or
   * else on `options.on`; as `RuleSet.evaluate` otherwise.
   */
  evaluate(id, evidence, options) {
    checkId(id);
    const { on, trace = true, whatItTakes = false } = options ?? {};
    const date = checkOn(on);
    const text = evidenceJson(evidence, '');
    return JSON.parse(call(() => this._raw().evaluate(id, text, date, Boolean(trace), Boolean(whatItTakes))));
  }

  /**
   * Evaluates many records over `id`'s family: each by the version in force on its own `on` (or
   * `options.on`; a record without a date is rated by `id` itself), quotas applied per version;
   * one row per record, in order, each naming the version that rated it in `ruleset`.
   */
  evaluateMany(id, records, options) {
    checkId(id);
    const date = checkOn((options ?? {}).on);
    const lines = toJsonLines(records);
    return JSON.parse(call(() => this._raw().evaluateMany(id, lines, date)));
  }

  /** Releases the WebAssembly memory now instead of when the object is garbage-collected. */
  free() {
    if (this.#raw !== null && this.#generation === generation) this.#raw.free();
    this.#raw = null;
  }
}

function checkId(id) {
  if (typeof id !== 'string') throw argumentError('the rule set id must be a string', 'for example "cong_chuc_nd335"', 'id');
}

/**
 * Compiles rule files together into a `Library`: `files` is an array of `{ name, source }` or an
 * object from file names to sources. A file may import rule sets of the others and replace an
 * older version. Throws a `TieuchiError` (kind `compile`) when any file has errors.
 */
export function loadLibrary(files) {
  const list = Array.isArray(files)
    ? files
    : files !== null && typeof files === 'object'
      ? Object.entries(files).map(([name, source]) => ({ name, source }))
      : null;
  if (list === null) throw argumentError('the rule files must be an array of { name, source } or an object', 'map file names to their text');
  for (const file of list) {
    if (file === null || typeof file !== 'object' || typeof file.name !== 'string') {
      throw argumentError('each rule file needs a `name` string', 'for example { name: "nd335.tieuchi", source }');
    }
    checkText(file.source, `the source of \`${file.name}\``);
  }
  const copy = list.map(({ name, source }) => ({ name, source }));
  return call(() => Library._create(new WasmLibrary(JSON.stringify(copy)), copy));
}

/** The engine's version. */
export function version() {
  return call(() => wasmVersion());
}

let codeList = null;

/**
 * Every code tieuchi can give (`check::*`, `evidence::*`, `select::*`, findings such as
 * `knockout`, …), from the engine's registry: each with its kind, a one-line summary, an
 * explanation and an example, and for a finding the Vietnamese heading a page shows. Read once.
 */
export function codes() {
  codeList ??= call(() => JSON.parse(wasmCodes()));
  return codeList.map((entry) => ({ ...entry }));
}

/** @internal Panics inside the engine, to test that a panic becomes a `TieuchiError`. */
export function _panicForTests() {
  call(() => panicForTests());
}

/**
 * @internal For the tests: the record the wrapper writes itself for `code` (before `init`, or when
 * the engine cannot be restarted) beside the one the engine builds for it.
 */
export function _failureRecordsForTests(kind, code, message, help) {
  const local = localFailure(kind, code, message, kind === 'internal' ? (internalHelp.get(code) ?? '') : help);
  return { local, engine: JSON.parse(call(() => wasmFailure(code, message, help, ''))) };
}
