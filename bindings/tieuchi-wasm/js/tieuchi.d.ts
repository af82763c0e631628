// Types of the tieuchi WebAssembly package. Decimals are strings everywhere in results, so that
// no front end rounds them.

/** A decimal written exactly, e.g. `"89.5"`. */
export type DecimalText = string;

/** A date written `YYYY-MM-DD`. */
export type DateText = string;

/** What `init` accepts: where or what the `.wasm` module is. */
export type InitInput = RequestInfo | URL | Response | BufferSource | WebAssembly.Module;

/**
 * Loads the WebAssembly module. In a browser, without an argument it is fetched from beside the
 * package's JavaScript; in Node it is read from disk. Calling it again does nothing.
 */
export default function init(input?: InitInput | Promise<InitInput>): Promise<void>;

/** Loads the WebAssembly module synchronously from bytes or a compiled module. */
export function initSync(module: BufferSource | WebAssembly.Module): void;

/**
 * The language of messages (diagnostics, findings, errors): `vi` (Vietnamese, the default) or
 * `en`; a region is ignored (`vi-VN`). Codes are the same in both.
 */
export type Lang = 'vi' | 'en' | (string & {});

export interface LangOptions {
  /** The language of the call's messages; Vietnamese by default. */
  lang?: Lang | null;
}

export interface CompileOptions extends LangOptions {
  /** The file name used in diagnostics and trace spans; `input.tieuchi` by default. */
  name?: string;
  /**
   * Compiled rule sets whose enums and outcomes this file uses by qualified name. A layer
   * (`extends`) is compiled onto the rule set it names among them, that version alone;
   * `loadLibrary` applies it onto every national version in force during its validity.
   */
  imports?: RuleSet[];
}

/** Parses, checks and plans one rule file. Throws a `TieuchiError` of kind `compile` on errors. */
export function compile(source: string, options?: CompileOptions): RuleSet;

/** Every diagnostic of a rule file, errors and warnings; never throws for a broken file. */
export function check(source: string, options?: CompileOptions): DiagnosticRecord[];

/** One thing completion offers. */
export interface Completion {
  label: string;
  /**
   * `keyword`, `function`, the word that declares the name (`input`, `score`, `tier`, …), or
   * `name` for a name written in a file that does not parse.
   */
  kind: string;
  /** The name's label, or a function's usage. */
  detail?: string;
}

/**
 * What may be typed at `offset` (a JavaScript string index) of a rule file: its names, the
 * functions and the words of the language. Nothing inside a label or a comment.
 */
export function completions(source: string, offset: number, options?: CompileOptions): Completion[];

/** The engine's version. */
export function version(): string;

/** Where a code comes from: the prefix before `::`, or a finding. */
export type CodeKind = 'syntax' | 'check' | 'evidence' | 'eval' | 'select' | 'verify' | 'argument' | 'internal' | 'finding';

/** One code of the engine's registry. */
export interface CodeInfo {
  /** The stable string tools match on: `check::unknown-name`, `knockout`. */
  code: string;
  kind: CodeKind;
  /** One line on what it means. */
  summary: string;
  /** What causes it and what to do. */
  explanation: string;
  /** Rule text or evidence that gives it. */
  example: string;
  /** For a finding: the Vietnamese heading a page shows above it. */
  heading?: string;
}

/** Every code tieuchi can give, grouped by kind, from the engine's registry; texts in `lang` (`'vi'`, the default, or `'en'`). */
export function codes(options?: { lang?: 'vi' | 'en' }): CodeInfo[];

/** Values of a rule set's parameters (`param`) to simulate, by id: `{ nguong_htxs: 85 }`, `"85%"`, `true`. */
export type ParamOverrides = Record<string, string | number | bigint | boolean>;

export interface EvaluateOptions extends LangOptions {
  /** The evaluation date (`YYYY-MM-DD`); it anchors history windows. The record's own `on` wins. */
  on?: DateText | null;
  /** Simulate other values of the rule set's parameters; the result's `params` marks them `overridden`. */
  params?: ParamOverrides | null;
  /** Record which conditions held for every rule tried (default `true`). */
  trace?: boolean;
  /** Add `what_it_takes`: what reaches each better tier, or, with evidence missing, what is still possible (default `false`). */
  whatItTakes?: boolean;
}

/** A JSON value of evidence. Decimals may be numbers, strings or BigInts; percents `"85%"` or `0.85`. */
export type EvidenceValue =
  | string
  | number
  | bigint
  | boolean
  | null
  | EvidenceValue[]
  | { [field: string]: EvidenceValue | undefined };

/** One evidence record: input ids (assessed score items by their score id), `id` and `on` optional. */
export interface Evidence {
  id?: string | number;
  on?: DateText;
  [field: string]: EvidenceValue | undefined;
}

/** A checked, compiled rule set. */
export class RuleSet {
  private constructor();
  /** The rule set's id, e.g. `cong_chuc_nd335`. */
  readonly id: string;
  /** The rule set's label, shown to people. */
  readonly label: string;
  /** The file name given to `compile`. */
  readonly name: string;
  /** The rule file's text. */
  readonly source: string;
  /** The evidence the rule set reads: the typed form schema. */
  inputs(): InputSchema;
  /** The evidence record as a JSON Schema (draft 2020-12). */
  jsonSchema(): Record<string, unknown>;
  /** The checker's warnings. */
  check(options?: LangOptions): DiagnosticRecord[];
  /** Evaluates one record; throws a `TieuchiError` of kind `evidence`, `eval` or `argument`. */
  evaluate(evidence: Evidence, options?: EvaluateOptions): ResultRecord;
  /**
   * Evaluates many records with the quotas applied over all of them: one row per record, in
   * order; a record that cannot be evaluated is a row with status `error`, never a throw.
   */
  evaluateMany(records: Evidence[], options?: EvaluateManyOptions): BatchRow[];
  /**
   * The rule set compiled, as bytes `loadCompiled` reads back without compiling (in
   * `tieuchi-wasm/evaluate` too). The full module only: the evaluation module throws
   * `argument::not-initialized`.
   */
  toBytes(options?: LangOptions): Uint8Array;
  /** Releases the WebAssembly memory now. */
  free(): void;
  toJSON(): { name: string; id: string; label: string };
}

export interface EvaluateManyOptions extends LangOptions {
  /** The date of records that give no `on` of their own (`YYYY-MM-DD`). */
  on?: DateText | null;
  /** Simulate other values of the rule set's parameters. */
  params?: ParamOverrides | null;
}

/** A finding as a batch row carries it. */
export interface BatchFinding {
  code: string;
  /** `file:line:column` of the rule. */
  rule: string;
  message: string;
}

/** Why a record could not be evaluated. */
export interface BatchError {
  code: string;
  /** The field at fault; empty for the whole record. */
  field: string;
  message: string;
}

/** One record's row of a batch: the same shape the CLI's JSON Lines and Python's tables give. */
export interface BatchRow {
  /** The record's index in the input, from 0. */
  row: number;
  subject: string | null;
  /** The rule set (with a library, the version) that rated it. */
  ruleset: string | null;
  /** The fingerprint of that rule set's text and imports (a result's `rules.sha256`). */
  rules_sha256: string | null;
  /** The engine that made the row and its version, `tieuchi 0.1.0` (a result's `engine`). */
  engine: string;
  on: DateText | null;
  status: Status | 'error';
  outcome: string | null;
  /** `score`, `force`, `cap`, `quota`, … */
  decided_by: string | null;
  /** Only for a rule set that `extends` another: the id of the layer whose rule decided. */
  layer?: string | null;
  findings: BatchFinding[];
  errors: BatchError[] | null;
  /** Every score (decimal text) and `let` of the rule set, by id. */
  [column: string]: unknown;
}

/** Rule files checked together; each evaluation rated by the version in force on its date. */
export class Library {
  private constructor();
  /** The id of every rule set, the versions of a family oldest first. */
  readonly ids: string[];
  /** The version of `id`'s family in force on `on` (without `on`, the rule set `id` itself). */
  select(id: string, options?: { on?: DateText | null } & LangOptions): RuleSet;
  /** Evaluates one record by the version in force on its own `on`, or else on `options.on`. */
  evaluate(id: string, evidence: Evidence, options?: EvaluateOptions): ResultRecord;
  /** Evaluates many records, each by the version in force on its date, quotas per version. */
  evaluateMany(id: string, records: Evidence[], options?: EvaluateManyOptions): BatchRow[];
  /** The library compiled, as bytes `loadCompiledLibrary` reads back (the full module only). */
  toBytes(options?: LangOptions): Uint8Array;
  /** Releases the WebAssembly memory now. */
  free(): void;
}

/** A rule file given to `loadLibrary`. */
export interface RuleFile {
  name: string;
  source: string;
}

/** Compiles rule files together; throws a `TieuchiError` of kind `compile` when any has errors. */
export function loadLibrary(files: RuleFile[] | Record<string, string>, options?: LangOptions): Library;

/**
 * A rule set from the bytes its `toBytes()` wrote, without compiling: what the evaluation module
 * (`tieuchi-wasm/evaluate`, which has no compiler) loads rules from. Bytes of another version of
 * tieuchi, or changed since, throw `argument::not-compiled`.
 */
export function loadCompiled(bytes: Uint8Array | ArrayBuffer, options?: LangOptions): RuleSet;

/** A library from the bytes its `toBytes()` wrote, without compiling. */
export function loadCompiledLibrary(bytes: Uint8Array | ArrayBuffer, options?: LangOptions): Library;

// --- Errors ----------------------------------------------------------------------------------------

export type ErrorKind = 'compile' | 'evidence' | 'eval' | 'argument' | 'select' | 'internal';

/** One problem with one field of an evidence record. */
/**
 * One problem, as every front end reports it: the engine's error record. Rule-text problems have
 * their place (`file`, `line`, `column`, `source_line`), evidence problems their `field`,
 * arithmetic errors their place and `expression`.
 */
export interface ErrorRecord {
  /** `syntax::expected`, `check::unknown-name`, `evidence::out-of-range`, `eval::division-by-zero`, `select::none-in-force`, … */
  code: string;
  severity: 'error' | 'warning';
  message: string;
  /** What to do about it; may be empty. */
  help: string;
  /** The evidence field's path: `diem_chung`, `thanh_vien[3].xep_loai`; empty for the record. */
  field?: string;
  file?: string;
  /** 1-based. */
  line?: number;
  /** 1-based, in characters. */
  column?: number;
  end_line?: number;
  end_column?: number;
  source_line?: string;
  /** What the caret under the excerpt says. */
  label?: string;
  expression?: string;
  /** The plain rendering the command line prints. */
  rendered: string;
}

/** A diagnostic of rule text: an error record with its place. */
export type DiagnosticRecord = ErrorRecord & { file: string; line: number; column: number; end_line: number; end_column: number; source_line: string };

/** An evidence problem: an error record with its field. */
export type EvidenceProblem = ErrorRecord & { field: string };

/**
 * Every failure of the package is thrown as one of these. Engine failures carry the engine's
 * failure record: `kind`, `summary`, the first error's fields and every error in `errors`.
 */
export class TieuchiError extends Error {
  readonly name: 'TieuchiError';
  readonly kind: ErrorKind;
  /** A stable code of `codes()`: `syntax::expected`, `check::unknown-name`, `evidence::wrong-type`, `eval::division-by-zero`, `argument::invalid`, `argument::bad-date`, `internal::panic`, … */
  readonly code: string;
  readonly message: string;
  /** The whole failure in one sentence (engine failures). */
  readonly summary?: string;
  /** What to do about it. */
  readonly help?: string;
  readonly severity?: 'error' | 'warning';
  /** Compile and eval errors: the file name and 1-based position. */
  readonly file?: string;
  readonly line?: number;
  readonly column?: number;
  readonly end_line?: number;
  readonly end_column?: number;
  /** Compile and eval errors: the source line the error starts on. */
  readonly source_line?: string;
  /** Evidence and argument errors: the first field at fault. */
  readonly field?: string;
  /** Eval errors: the expression's text. */
  readonly expression?: string;
  readonly rendered?: string;
  /** Every problem: diagnostics (errors and warnings) of rule text, evidence problems by field. */
  readonly errors?: ErrorRecord[];
}

// --- The input schema --------------------------------------------------------------------------------

export interface EnumValue {
  id: string;
  label: string;
}

export type FieldType = 'bool' | 'integer' | 'number' | 'percent' | 'date' | 'text' | 'enum' | 'list' | 'history';

export interface FieldSchema {
  id: string;
  label: string | null;
  /** `input`, `key` (a grouping field) or `assessed` (an item's points entered by the assessor). */
  role: 'input' | 'key' | 'assessed';
  type: FieldType;
  /** Absent, it can leave the result undetermined. */
  required: boolean;
  /** May be `null`, meaning none. */
  optional: boolean;
  /** Range of numbers (percents as fractions: `"0.7"`). */
  min?: DecimalText;
  max?: DecimalText;
  default?: unknown;
  /** The enum's id, for `enum` fields. */
  enum?: string;
  /** The enum's values in declared order (ordered enums ascend). */
  values?: EnumValue[];
  /** The fields of each member of a list or history (histories also carry `year`). */
  fields?: FieldSchema[];
}

export interface InputSchema {
  ruleset: string;
  label: string;
  source?: string;
  valid_from?: DateText;
  valid_until?: DateText;
  fields: FieldSchema[];
  /** The outcome and its tiers, best first. */
  outcome: { id: string; label: string; tiers: EnumValue[] };
}

// --- Results (the wire shape shared with the CLI and Python) -------------------------------------------

export type Status = 'rated' | 'not rated' | 'not determinable';

export interface OutcomeRecord {
  id: string;
  label: string;
  /** `score`, `tiers`, `force`, `cap`, `exclude` or `quota`. */
  decided_by: string;
  /** The citation of the rule that decided: the knock-out, cap, exclusion or quota, else the tier's band. */
  source?: string;
  /** The tier the score reached, when a knock-out, cap or quota decided another. */
  by_score?: TierRecord;
  /** For a rule set that `extends` another: the layer whose rule decided. */
  layer?: { id: string; source?: string };
}

export interface TierRecord {
  id: string;
  label: string;
}

/** The engine that made a result. */
export interface EngineRecord {
  name: 'tieuchi';
  version: string;
}

/** The rules a result was made with. */
export interface RulesRecord {
  /** The rule set (the version of its family). */
  id: string;
  /** SHA-256 of the normalised rule text and everything it imports, lower-case hex. */
  sha256: string;
  valid_from?: DateText;
  valid_until?: DateText;
  /** `in force on DATE`, or `named; …` when no date chose it. */
  chosen_because: string;
}

/** A parameter's value as a result used it. */
export interface ParamRecord {
  /** Decimal text, or a bool; `null` when it has no value on the evaluation date. */
  value: DecimalText | boolean | null;
  /** The date the value applies from. */
  from?: DateText;
  source?: string;
  /** Set for a simulation (`params`), not by the rules. */
  overridden?: boolean;
}

export interface ScoreRecord {
  /** `null` when evidence is missing. */
  value: DecimalText | null;
  max: DecimalText;
  label: string;
  parent?: string;
  source?: string;
}

/** A knock-out, cap, exclusion, missing evidence, clamped score or pending quota. */
export interface Finding {
  /** `knockout`, `cap`, `exclusion`, `missing-evidence`, `score-clamped`, `inexact-division`, `quota-pending`, `not-in-force`, … */
  code: string;
  label: string;
  source?: string;
  /** `file:line:column` of the rule. */
  rule?: string;
  tier?: string;
  /** Whether it changed the outcome. */
  applied?: boolean;
  fields?: string[];
}

export interface ConditionTrace {
  condition: string;
  holds: boolean | null;
  values: Record<string, unknown>;
}

export interface TraceStep {
  /** `xep_loai.htxs`, `force kht`, `cap htnv`, `exclude`. */
  rule: string;
  /** `file:line:column` of the rule. */
  span: string;
  holds: boolean | null;
  source?: string;
  conditions: ConditionTrace[];
}

export interface ResultRecord {
  ruleset: string;
  subject?: string;
  on?: DateText;
  engine: EngineRecord;
  rules: RulesRecord;
  status: Status;
  /** `null` unless rated. */
  outcome: OutcomeRecord | null;
  /** Every score in declaration order, parents before their items. */
  scores: Record<string, ScoreRecord>;
  /** Every `let`, by id. */
  values: Record<string, unknown>;
  /** Every `param` with the value used on the evaluation date; absent when the rule set has none. */
  params?: Record<string, ParamRecord>;
  findings: Finding[];
  trace: TraceStep[];
  /** With `whatItTakes`. */
  what_it_takes?: WhatItTakesRecord;
}

/** What it takes: a goal per better tier, best first; or, with evidence missing, `pending`. */
export interface WhatItTakesRecord {
  goals: GoalRecord[];
  pending?: PendingRecord;
}

/** A better tier: `reachable` with `ways` (all changes of one are needed), or why not. */
export interface GoalRecord {
  tier: string;
  label: string;
  reachable: boolean | null;
  ways?: ChangeRecord[][];
  blocked_by?: { rule: 'force' | 'cap' | 'exclude'; tier: string | null; because: string | null; source: string | null; condition: string };
  short?: { of: string; label: string; rise: boolean; need: DecimalText; strict: boolean; room: DecimalText }[];
  not_solved?: { expression: string; line: number; column: number };
  quota?: { share: DecimalText; of: string; source: string | null };
  /** The same in sentences, in the language of the evaluation (`lang`). */
  text: string;
}

export type ChangeRecord =
  | {
      change: 'points'; of: string; label: string; rise: boolean; by: DecimalText; strict: boolean;
      items: { id: string; label: string; now: DecimalText; room: DecimalText | null;
        via?: { kind: 'number'; input: string; per_unit: DecimalText } | { kind: 'set'; input: string; to: boolean } }[];
    }
  | { change: 'set'; input: string; label: string; to: unknown; or_beyond: boolean }
  | { change: 'members'; input: string; label: string; count: number; meet: boolean; condition: string }
  | { change: 'years'; input: string; label: string; count: number; now: number; condition: string };

/** While evidence is missing: every completion of the record lands inside these. */
export interface PendingRecord {
  missing: string[];
  scores: { id: string; label: string; min: DecimalText | null; max: DecimalText | null }[];
  possible: string[];
  may_be_excluded: boolean;
  undecided: NonNullable<GoalRecord['blocked_by']>[];
  decides?: {
    field: string;
    label: string;
    pieces: { value?: unknown; from?: DecimalText; from_included?: boolean; to?: DecimalText; to_included?: boolean; outcome: string }[];
  };
  text: string;
}
