//! The WebAssembly binding of tieuchi: conversions, error mapping and an export list.
//!
//! Values cross the boundary as JSON text: evidence goes in as the text `JSON.stringify` (or the
//! package's own exact serializer) writes, and results, schemas and diagnostics come out as the
//! JSON every front end shares, decimals as strings. The JavaScript wrapper (`js/tieuchi.js`)
//! parses them and turns every failure into a thrown `TieuchiError`; what it receives from here
//! on failure is the JSON text of the core's failure record (`tieuchi::Failure`: `kind`, `code`,
//! `summary`, …, every error in `errors`). The wrapper's own checks (an argument of the wrong type,
//! a panic) are built here too, by their registered codes and the ids of their messages in the
//! core's catalogue (`failure`): no payload and no sentence is written by hand on either side of
//! the boundary.
//!
//! Every call that can fail or that puts words in its answer takes `lang`, the language of its
//! messages (`vi`, `en`; empty for the core's default, Vietnamese), read by the core
//! (`Failure::lang_argument`).
//!
//! On native targets the crate compiles to nothing, so that `cargo test --workspace` stays green.
#![cfg(target_arch = "wasm32")]

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::io;
use std::sync::Arc;

use serde_json::Value as Json;
use tieuchi::batch::{Batch, InputFormat, OutputFormat};
use tieuchi::value::Date;
use tieuchi::wire::Shown;
#[cfg(feature = "compiler")]
use tieuchi::{ArgumentCode, CompileError, SourceFile};
use tieuchi::{
    Diagnostic, ErrorRecord, EvaluateError, Failure, InternalCode, Lang, Message, Options, RuleSet, SelectError,
};
use wasm_bindgen::prelude::*;

thread_local! {
    /// Where a panic's message goes before the instance traps (set by the JavaScript wrapper).
    static PANIC_REPORTER: RefCell<Option<js_sys::Function>> = const { RefCell::new(None) };
}

/// Installs the panic hook and the core's Unicode normalizer once, when the module is
/// instantiated.
#[wasm_bindgen(start)]
fn start() {
    // The engine is built without Unicode tables of its own (`nfc-tables`): JavaScript's are the
    // same algorithm and already in the browser. Only text that is not plainly composed gets here.
    tieuchi::use_host_normalizer(|text| String::from(js_sys::JsString::from(text).normalize("NFC")));
    std::panic::set_hook(Box::new(|info| {
        let message = info.to_string();
        PANIC_REPORTER.with(|reporter| {
            if let Ok(reporter) = reporter.try_borrow() {
                if let Some(f) = reporter.as_ref() {
                    let _ = f.call1(&JsValue::NULL, &JsValue::from_str(&message));
                }
            }
        });
    }));
}

thread_local! {
    /// Where the wrapper writes a record's JSON for [`Compiled::evaluate_lean_written`]: in place,
    /// with `TextEncoder.encodeInto`, instead of through a string argument, which wasm-bindgen's
    /// glue copies in a JavaScript loop into memory it allocates, grows and frees on every call.
    static EVIDENCE: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
}

/// A view of the buffer the wrapper writes evidence into, of at least `capacity` bytes. The view
/// is detached (its length 0) once the module's memory grows: the wrapper asks again then.
#[wasm_bindgen(js_name = evidenceBuffer)]
pub fn evidence_buffer(capacity: u32) -> js_sys::Uint8Array {
    EVIDENCE.with(|buffer| {
        let mut buffer = buffer.borrow_mut();
        let capacity = usize::try_from(capacity).unwrap_or(usize::MAX);
        if buffer.len() < capacity {
            buffer.resize(capacity, 0);
        }
        let memory: js_sys::WebAssembly::Memory = wasm_bindgen::memory().unchecked_into();
        // wasm32: addresses and lengths are 32 bits.
        let start = u32::try_from(buffer.as_ptr().addr()).unwrap_or_default();
        let length = u32::try_from(buffer.len()).unwrap_or_default();
        js_sys::Uint8Array::new_with_byte_offset_and_length(&memory.buffer(), start, length)
    })
}

/// `f` of the first `length` bytes of the evidence buffer, as text.
fn with_written_evidence<T>(length: u32, lang: &str, f: impl FnOnce(&str) -> Result<T, JsValue>) -> Result<T, JsValue> {
    EVIDENCE.with(|buffer| {
        let buffer = buffer.borrow();
        let written = usize::try_from(length).ok().and_then(|n| buffer.get(..n));
        // `encodeInto` writes whole characters of UTF-8 only: anything else is the wrapper's bug.
        match written.map(std::str::from_utf8) {
            Some(Ok(text)) => f(text),
            _ => {
                let lang = Lang::parse(lang).unwrap_or_default();
                Err(internal(tieuchi::msg!(WasmEvidenceNotText, length = length), lang))
            }
        }
    })
}

/// Registers the function that receives a panic's message just before the instance traps.
#[wasm_bindgen(js_name = setPanicReporter)]
pub fn set_panic_reporter(reporter: js_sys::Function) {
    PANIC_REPORTER.with(|r| *r.borrow_mut() = Some(reporter));
}

/// Panics on purpose, so that the tests can check that a panic reaches JavaScript as an error
/// object and that the package keeps working after it. Not part of the API.
#[wasm_bindgen(js_name = panicForTests)]
#[allow(clippy::panic, reason = "the test hook of the panic path")]
pub fn panic_for_tests() {
    panic!("a deliberate panic (test hook)");
}

/// The version of the engine crate.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_owned()
}

/// Every code of the core's registry (`tieuchi::codes`) as JSON text: a list of
/// `{code, kind, summary, explanation, example, heading?}`, grouped by kind, its texts in `lang`
/// (`vi`, the default, or `en`; another language is Vietnamese).
#[wasm_bindgen]
pub fn codes(lang: Option<String>) -> String {
    let lang = lang.as_deref().and_then(Lang::parse).unwrap_or_default();
    let entries: Vec<_> = tieuchi::codes::all().map(|c| c.in_lang(lang)).collect();
    serde_json::to_string(&entries).unwrap_or_else(|_| "[]".to_owned())
}

/// What may be typed at byte `offset` of a rule file: the core's completion (`ide::Document`),
/// its declared names (or, when it does not parse, the words of its code), the functions and the
/// words of the language, as JSON `[{"label", "kind", "detail"?}]`. `kind` is `keyword`,
/// `function`, the word that declares the name (`input`, `score`, `tier`, …), or `name` for a
/// name written in a file that does not parse (the core offers those as `let`s). Nothing inside a
/// label or a comment. An offset inside a character counts from that character's start.
#[cfg(feature = "compiler")]
#[wasm_bindgen]
pub fn completions(name: &str, source: &str, offset: usize) -> String {
    #[derive(serde::Serialize)]
    struct Item<'a> {
        label: &'a str,
        kind: &'a str,
        #[serde(skip_serializing_if = "Option::is_none")]
        detail: Option<&'a str>,
    }
    let mut offset = offset.min(source.len());
    while !source.is_char_boundary(offset) {
        offset -= 1;
    }
    let document = tieuchi::ide::Document::analyse(SourceFile::new(name, source), &[]);
    let found = document.completions(offset);
    let parsed = document.parsed();
    let items: Vec<Item<'_>> = found
        .iter()
        .map(|c| Item {
            label: &c.label,
            kind: match c.kind {
                tieuchi::ide::CompletionKind::Keyword => "keyword",
                tieuchi::ide::CompletionKind::Function => "function",
                tieuchi::ide::CompletionKind::Symbol(_) if !parsed => "name",
                tieuchi::ide::CompletionKind::Symbol(kind) => kind.word(),
            },
            detail: c.detail.as_deref(),
        })
        .collect();
    serde_json::to_string(&items).unwrap_or_else(|_| "[]".to_owned())
}

/// The failure record of a problem the JavaScript wrapper found itself, as JSON text: what it
/// throws. `code` is its registered code (`argument::*`, `internal::*`, or an evidence code its
/// conversion met); `message` and `help` are ids of the core's catalogue (`help` empty for none),
/// rendered with `args` (a JSON object of texts and whole numbers) in `lang`. A code a front end
/// does not give, or a message the catalogue lacks, is an `internal::error` naming it; a `lang`
/// the core does not read is its own failure.
#[wasm_bindgen]
pub fn failure(code: &str, message: &str, help: &str, args: &str, field: &str, lang: &str) -> String {
    let made = match read_lang(lang) {
        Ok(lang) => front_end_failure(code, message, help, args, field, lang),
        Err(failure) => *failure,
    };
    serde_json::to_string(&made).unwrap_or_default()
}

fn front_end_failure(code: &str, message: &str, help: &str, args: &str, field: &str, lang: Lang) -> Failure {
    let internal = |text: Message| Failure::internal(InternalCode::Error, text.render(lang), lang);
    let with_args = |id: &str| -> Result<Message, Failure> {
        // The wrapper writes the arguments itself: a JSON object of texts and whole numbers.
        let args: serde_json::Map<String, Json> = serde_json::from_str(if args.is_empty() { "{}" } else { args })
            .map_err(|e| internal(tieuchi::msg!(WasmAnswerNotJson, problem = e.to_string())))?;
        let args = args.into_iter().map(|(name, value)| {
            let value: tieuchi::i18n::Arg = match value {
                Json::Number(n) if n.is_i64() => n.as_i64().unwrap_or_default().into(),
                Json::String(text) => text.into(),
                other => other.to_string().into(),
            };
            (name, value)
        });
        Message::named(id, args).ok_or_else(|| internal(tieuchi::msg!(WasmUnknownMessage, id = id)))
    };
    let (message, help) = match (with_args(message), if help.is_empty() { Ok(None) } else { with_args(help).map(Some) })
    {
        (Ok(message), Ok(help)) => (message, help),
        (Err(failure), _) | (_, Err(failure)) => return failure,
    };
    let field = (!field.is_empty()).then_some(field);
    let shown = message.render(lang);
    Failure::front_end(code, message, help, field, lang)
        .unwrap_or_else(|| internal(tieuchi::msg!(WasmUnknownCode, code = code, problem = shown)))
}

/// The language a call asks for: empty for the default (Vietnamese), else what the core reads.
fn read_lang(lang: &str) -> Result<Lang, Box<Failure>> {
    if lang.is_empty() {
        Ok(Lang::default())
    } else {
        Failure::lang_argument(lang)
    }
}

fn parse_lang(lang: &str) -> Result<Lang, JsValue> {
    read_lang(lang).map_err(|f| thrown(&f))
}

fn internal(text: Message, lang: Lang) -> JsValue {
    thrown(&Failure::internal(InternalCode::Error, text.render(lang), lang))
}

fn to_json<T: serde::Serialize>(value: &T, lang: Lang) -> Result<String, JsValue> {
    // A result is a kilobyte or so: one allocation instead of a run of doublings.
    let mut text = Vec::with_capacity(1024);
    serde_json::to_writer(&mut text, value)
        .map_err(|e| internal(tieuchi::msg!(WasmAnswerNotJson, problem = e.to_string()), lang))?;
    // serde_json writes UTF-8 only.
    String::from_utf8(text).map_err(|e| internal(tieuchi::msg!(WasmAnswerNotText, problem = e.to_string()), lang))
}

/// Parameter overrides as the wrapper sends them: the JSON text of an object (empty for none).
fn read_params(params: &str, lang: Lang) -> Result<Option<serde_json::Map<String, Json>>, JsValue> {
    if params.is_empty() {
        return Ok(None);
    }
    let map: serde_json::Map<String, Json> = serde_json::from_str(params)
        .map_err(|e| internal(tieuchi::msg!(WasmAnswerNotJson, problem = e.to_string()), lang))?;
    Ok((!map.is_empty()).then_some(map))
}

/// An outcome's citation in a lean result: the tier's own (`1`), or another rule's.
#[derive(serde::Serialize)]
#[serde(untagged)]
enum OutcomeCitation<'a> {
    Tier(u8),
    Text(&'a str),
}

/// A lean result's outcome: `[tier, decided_by, citation, by_score]`, tiers by place.
type OutcomeParts<'a> = (usize, &'a str, Option<OutcomeCitation<'a>>, Option<usize>);

/// A result without its rule set's own parts (see [`Compiled::evaluate_lean`]), an array:
/// `[score values, outcome, new texts, trace steps, subject, on, chosen_because (a text), status,
/// values (in the order of the rule set's), parameters ([value, from, citation (a text)] each),
/// findings, what it takes]`: the core's lean record ([`tieuchi::wire::LeanRecord`]) with its
/// texts by number. Positional, so that the wrapper reads a few short arrays and builds the
/// record itself in the record's key order, rather than parsing the record's keys.
#[derive(serde::Serialize)]
struct Lean<'a>(
    Vec<Option<Shown<'a>>>,
    Option<OutcomeParts<'a>>,
    &'a [String],
    &'a tieuchi::wire::LeanTrace<'a>,
    Option<&'a str>,
    Option<Shown<'a>>,
    u32,
    tieuchi::Status,
    &'a [Shown<'a>],
    Vec<(Shown<'a>, Option<Shown<'a>>, Option<u32>)>,
    &'a [tieuchi::wire::Finding<'a>],
    Option<&'a tieuchi::wire::WhatItTakesRecord>,
);

/// The texts a lean result names by number (why the version was chosen, the parameters'
/// citations), numbered in the order they were first written. The table only grows, and the
/// wrapper says how much of it it holds, so that each lean result sends only the texts it has not
/// seen (they repeat on every evaluation).
#[derive(Debug, Default)]
struct Texts {
    list: Vec<String>,
    by_text: BTreeMap<String, u32>,
    /// The texts borrowed from the rule set, by address and length: the rule set is the
    /// `Compiled`'s own and never changes, so an address names one text for as long as the table
    /// lives, and finding it is two integer comparisons instead of a string comparison per step.
    by_address: BTreeMap<(usize, usize), u32>,
}

impl Texts {
    /// A text of the rule set's by its number.
    fn number(&mut self, text: &str) -> u32 {
        let address = (text.as_ptr().addr(), text.len());
        if let Some(&n) = self.by_address.get(&address) {
            return n;
        }
        let n = self.number_of_text(text);
        self.by_address.insert(address, n);
        n
    }

    /// A text's number by its contents alone: for a text the result owns, whose address is
    /// freed with it.
    fn number_of_text(&mut self, text: &str) -> u32 {
        if let Some(&n) = self.by_text.get(text) {
            return n;
        }
        let n = u32::try_from(self.list.len()).unwrap_or(u32::MAX);
        self.list.push(text.to_owned());
        self.by_text.insert(text.to_owned(), n);
        n
    }
}

/// What every result of one rule set repeats, which lean results leave to the wrapper's copy
/// ([`LeanTable::statics`]).
#[derive(Debug)]
struct LeanTable {
    /// What the rule set is (its id, tiers, scores, values and parameters).
    info: tieuchi::RuleSetInfo,
    /// The version every result of the rule set names.
    version: tieuchi::wire::VersionRecord<'static>,
    /// The texts of the rules a trace step may name ([`RuleSet::traced_rules`]), as
    /// [`LeanTable::statics`] gives them.
    trace: Json,
    /// Whether an id would be taken as a special key of a JavaScript object (`__proto__`): the
    /// wrapper could not join such a result, which then goes whole.
    joinable: bool,
}

impl LeanTable {
    fn new(rules: &RuleSet) -> LeanTable {
        let v = tieuchi::wire::VersionRecord::of(rules);
        let version = tieuchi::wire::VersionRecord {
            id: v.id.into_owned().into(),
            sha256: v.sha256.into_owned().into(),
            valid_from: v.valid_from,
            valid_until: v.valid_until,
        };
        let info = rules.info();
        let traced = rules.traced_rules();
        let rule = |r: &tieuchi::wire::TracedRule<'_>| serde_json::json!([r.rule, r.span, r.source, r.conditions]);
        let trace = serde_json::json!([
            traced.tiers.iter().map(rule).collect::<Vec<_>>(),
            traced.adjustments.iter().map(rule).collect::<Vec<_>>(),
        ]);
        let read =
            traced.tiers.iter().chain(&traced.adjustments).flat_map(|r| &r.conditions).flat_map(|(_, names)| names);
        let mut ids = info.scores.iter().map(|s| s.id.as_str()).chain(info.values.iter().map(|v| v.id.as_str()));
        let joinable = !ids.any(|id| id == "__proto__")
            && !info.params.iter().any(|p| p.id == "__proto__")
            && !read.into_iter().any(|name| *name == "__proto__");
        LeanTable { info, version, trace, joinable }
    }

    /// As JSON: `{"id", "tiers": [[id, label, source]…], "scores": [[id, max, label, parent,
    /// source]…], "values": [id…], "params": [id…], "engine", "version", "trace": [tiers,
    /// adjustments]}`: the rule set's id, the outcome's tiers, the scores, values and parameters
    /// in the order results give them (absent parts `null`), the engine and the version (`rules`
    /// without `chosen_because`) results name, and the texts of each rule a trace step may name,
    /// `[rule, span, source, [[condition, [name read…]]…]]`.
    fn statics(&self) -> Result<String, JsValue> {
        let info = &self.info;
        let tiers: Vec<_> =
            info.outcome.tiers.iter().map(|t| (t.id.as_str(), t.label.as_str(), t.source.as_deref())).collect();
        let scores: Vec<_> = info
            .scores
            .iter()
            .map(|s| (s.id.as_str(), s.max.as_str(), s.label.as_str(), s.parent.as_deref(), s.source.as_deref()))
            .collect();
        let engine = tieuchi::wire::EngineRecord::current();
        let values: Vec<&str> = info.values.iter().map(|v| v.id.as_str()).collect();
        let params: Vec<&str> = info.params.iter().map(|p| p.id.as_str()).collect();
        to_json(
            &serde_json::json!({
                "id": info.id, "tiers": tiers, "scores": scores, "values": values, "params": params,
                "engine": engine, "version": self.version, "trace": self.trace,
            }),
            Lang::default(),
        )
    }
}

/// The lean form of a result (see [`Compiled::evaluate_lean`]), as `[version, lean form]` when a
/// library's `version` rated it ([`Library::evaluate_lean`]). `table` is the rule set's that
/// rated it, so the core's lean record joins with it (`rules_library.rs` joins every example);
/// what the wrapper's join does not carry goes whole: a layered outcome's deciding layer, a
/// simulated parameter's flag, an id a JavaScript object would take for its prototype.
fn lean_json(
    (table, texts): (&LeanTable, &RefCell<Texts>),
    (result, what_it_takes): (&tieuchi::Evaluation<'_>, bool),
    (version, known_texts): (Option<usize>, u32),
    lang: Lang,
) -> Result<String, JsValue> {
    let record = result.lean_record();
    let layered = record.outcome.as_ref().is_some_and(|o| o.layer.is_some());
    let simulated = record.params.iter().any(|p| p.overridden);
    if layered || simulated || !table.joinable {
        return to_json(&wire_result(result, what_it_takes), lang);
    }
    let what_it_takes = what_it_takes.then(|| result.what_it_takes());
    let outcome = record.outcome.as_ref().map(|o| {
        let source = match o.source {
            tieuchi::wire::LeanSource::None => None,
            tieuchi::wire::LeanSource::Tier => Some(OutcomeCitation::Tier(1)),
            tieuchi::wire::LeanSource::Text(s) => Some(OutcomeCitation::Text(s)),
        };
        (o.tier, o.decided_by, source, o.by_score)
    });
    let mut texts = texts.borrow_mut();
    let because = texts.number_of_text(&record.chosen_because);
    // Each parameter's citation by number: the citation is most of a result's text without the
    // trace, and the same on every evaluation.
    let params =
        record.params.iter().map(|p| (p.value, p.from.map(Shown::Date), p.source.map(|s| texts.number(s)))).collect();
    let trace = result.lean_trace();
    let unseen = texts.list.get(known_texts as usize..).unwrap_or_default();
    let lean = Lean(
        record.scores.iter().map(|v| v.map(Shown::Number)).collect(),
        outcome,
        unseen,
        &trace,
        record.subject,
        record.on.map(Shown::Date),
        because,
        record.status,
        &record.values,
        params,
        &record.findings,
        what_it_takes.as_ref(),
    );
    match version {
        Some(version) => to_json(&(version, &lean), lang),
        None => to_json(&lean, lang),
    }
}

fn diagnostic_records(diagnostics: &[Diagnostic], lang: Lang) -> Vec<ErrorRecord> {
    diagnostics.iter().map(|d| ErrorRecord::diagnostic(d, lang)).collect()
}

/// The core's failure record as the JSON text the wrapper throws as a `TieuchiError`.
fn thrown(failure: &Failure) -> JsValue {
    JsValue::from_str(&serde_json::to_string(failure).unwrap_or_default())
}

#[cfg(feature = "compiler")]
fn compile_failure(error: &CompileError, lang: Lang) -> JsValue {
    thrown(&Failure::compile(error, lang))
}

/// A result's wire record, with what it takes when asked.
fn wire_result<'r>(result: &tieuchi::Evaluation<'r>, what_it_takes: bool) -> tieuchi::wire::ResultRecord<'r> {
    let mut wire = result.to_wire();
    if what_it_takes {
        wire.what_it_takes = Some(result.what_it_takes());
    }
    wire
}

fn evaluate_failure(error: &EvaluateError, lang: Lang) -> JsValue {
    thrown(&Failure::evaluate(error, lang))
}

/// Compiles rule files, with the rule sets whose enums and outcomes they may use by qualified
/// name.
#[cfg(feature = "compiler")]
#[wasm_bindgen]
#[derive(Debug, Default)]
pub struct Compiler {
    imports: Vec<RuleSet>,
}

#[cfg(feature = "compiler")]
#[wasm_bindgen]
impl Compiler {
    #[wasm_bindgen(constructor)]
    pub fn new() -> Compiler {
        Compiler::default()
    }

    /// Makes a compiled rule set available to the files compiled next.
    #[wasm_bindgen(js_name = addImport)]
    pub fn add_import(&mut self, rules: &Compiled) {
        self.imports.push(rules.rules.clone());
    }

    /// Parses, checks and plans one rule file; throws the diagnostics, in `lang`, when it has
    /// errors.
    pub fn compile(&self, name: &str, source: &str, lang: &str) -> Result<Compiled, JsValue> {
        let lang = parse_lang(lang)?;
        let imports: Vec<&RuleSet> = self.imports.iter().collect();
        RuleSet::from_source_with_imports(&SourceFile::new(name, source), &imports)
            .map(Compiled::new)
            .map_err(|e| compile_failure(&e, lang))
    }

    /// Every diagnostic of one rule file, errors and warnings, in `lang`, as JSON (never throws
    /// for a broken file: that is what it reports).
    pub fn diagnose(&self, name: &str, source: &str, lang: &str) -> Result<String, JsValue> {
        let lang = parse_lang(lang)?;
        let imports: Vec<&RuleSet> = self.imports.iter().collect();
        let diagnostics = match RuleSet::from_source_with_imports(&SourceFile::new(name, source), &imports) {
            Ok(rules) => diagnostic_records(rules.warnings(), lang),
            Err(error) => diagnostic_records(&error.diagnostics, lang),
        };
        to_json(&diagnostics, lang)
    }
}

/// A checked, compiled rule set.
#[wasm_bindgen]
#[derive(Debug)]
pub struct Compiled {
    rules: RuleSet,
    /// The rule set's own parts, for [`lean_json`] and [`Compiled::statics`].
    table: LeanTable,
    /// The texts sent to the wrapper so far, for [`lean_json`].
    texts: RefCell<Texts>,
}

impl Compiled {
    fn new(rules: RuleSet) -> Compiled {
        Compiled { table: LeanTable::new(&rules), rules, texts: RefCell::default() }
    }

    /// The rule set with the parameters of `params` simulated; `None` when it sets none.
    fn simulated(&self, params: &str, lang: Lang) -> Result<Option<RuleSet>, JsValue> {
        let Some(params) = read_params(params, lang)? else { return Ok(None) };
        self.rules.with_json_params(&params, lang).map(Some).map_err(|f| thrown(&f))
    }
}

#[wasm_bindgen]
impl Compiled {
    /// A rule set from the bytes of [`Compiled::to_bytes`] (`tieuchi::RuleSet::from_bytes`):
    /// compiled rules loaded without the compiler; bytes it does not read throw
    /// `argument::not-compiled`.
    #[wasm_bindgen(js_name = fromBytes)]
    pub fn from_bytes(bytes: &[u8], lang: &str) -> Result<Compiled, JsValue> {
        let lang = parse_lang(lang)?;
        RuleSet::from_bytes(bytes).map(Compiled::new).map_err(|e| thrown(&e.failure(lang)))
    }

    /// The rule set compiled, as bytes that [`Compiled::from_bytes`] reads back.
    #[cfg(feature = "compiler")]
    #[wasm_bindgen(js_name = toBytes)]
    pub fn to_bytes(&self) -> Vec<u8> {
        self.rules.to_bytes()
    }

    #[wasm_bindgen(getter)]
    pub fn id(&self) -> String {
        self.rules.id().to_owned()
    }

    #[wasm_bindgen(getter)]
    pub fn label(&self) -> String {
        self.rules.label().to_owned()
    }

    #[wasm_bindgen(getter)]
    pub fn name(&self) -> String {
        self.rules.source().name().to_owned()
    }

    /// The rule file's text (a layered rule set's files joined).
    #[wasm_bindgen(getter)]
    pub fn source(&self) -> String {
        self.rules.source().text().to_owned()
    }

    /// The evidence the rule set reads (`InputSchema`), as JSON.
    pub fn inputs(&self) -> Result<String, JsValue> {
        to_json(&self.rules.schema(), Lang::default())
    }

    /// The evidence record as a JSON Schema, as JSON.
    #[wasm_bindgen(js_name = jsonSchema)]
    pub fn json_schema(&self) -> Result<String, JsValue> {
        to_json(&self.rules.json_schema(), Lang::default())
    }

    /// The checker's warnings, in `lang`, as JSON diagnostics.
    pub fn warnings(&self, lang: &str) -> Result<String, JsValue> {
        let lang = parse_lang(lang)?;
        to_json(&diagnostic_records(self.rules.warnings(), lang), lang)
    }

    /// Evaluates one evidence record given as JSON text; the result's wire shape as JSON text.
    /// `on` is the evaluation date (`YYYY-MM-DD`; empty for none; the record's own `on` wins);
    /// without `trace` the result's trace is empty.
    ///
    /// The text is read as the CLI reads it (`RuleSet::evaluate_json`): a flat record's fields go
    /// straight from the text into the evidence, with no JSON value tree in between.
    /// With `what_it_takes`, the result says what reaches each better tier (or, with evidence
    /// missing, what is still possible). `params` simulates other values of the rule set's
    /// parameters (the JSON text of an object of ids and values, empty for none), as the service's
    /// `params` does (`RuleSet::with_json_params`); the result marks them `overridden`. Findings
    /// and errors are in `lang`.
    #[wasm_bindgen(js_name = evaluate)]
    pub fn evaluate(
        &self,
        evidence: &str,
        on: &str,
        trace: bool,
        what_it_takes: bool,
        params: &str,
        lang: &str,
    ) -> Result<String, JsValue> {
        let lang = parse_lang(lang)?;
        let on = parse_on(on, lang)?;
        let simulated = self.simulated(params, lang)?;
        let rules = simulated.as_ref().unwrap_or(&self.rules);
        let result =
            rules.evaluate_json(evidence, &Options { on, trace, lang }).map_err(|e| evaluate_failure(&e, lang))?;
        to_json(&wire_result(&result, what_it_takes), lang)
    }

    /// What every result of this rule set repeats, as JSON, for [`Compiled::evaluate_lean`]
    /// ([`LeanTable::statics`]).
    pub fn statics(&self) -> Result<String, JsValue> {
        self.table.statics()
    }

    /// [`Compiled::evaluate`] with the result's labels, maxima and citations left out where they
    /// are the rule set's own ([`Compiled::statics`]), which the wrapper holds once and joins back:
    /// an array, `[score values, outcome ([tier, decided_by, source, by_score tier] or null), the
    /// texts from number `known_texts` on, the trace's steps, subject, on, chosen_because (a text),
    /// status, values, parameters ([value, from, citation (a text)] each), findings, what it
    /// takes]`. A trace step names its rule by its place in the statics' table of traced rules
    /// and gives only whether it and its conditions held and the values they read; the
    /// parameters' citations and why the version was chosen go as numbers in a table of texts
    /// that only grows: the wrapper holds its first `known_texts` texts and appends the rest.
    /// Labels, citations and the trace's texts are most of a result's text, and writing,
    /// decoding and parsing them was most of an evaluation's time. The core makes the lean record
    /// ([`tieuchi::Evaluation::lean_record`]) and its trace; a result the wrapper's join could not
    /// rebuild (see [`lean_json`]) is written whole (an object), as [`Compiled::evaluate`] writes
    /// it. Without parameters to simulate: a simulation is another rule set, whose texts the
    /// table must not number by address.
    #[wasm_bindgen(js_name = evaluateLean)]
    pub fn evaluate_lean(
        &self,
        evidence: &str,
        on: &str,
        trace: bool,
        what_it_takes: bool,
        known_texts: u32,
        lang: &str,
    ) -> Result<String, JsValue> {
        let lang = parse_lang(lang)?;
        let on = parse_on(on, lang)?;
        let result =
            self.rules.evaluate_json(evidence, &Options { on, trace, lang }).map_err(|e| evaluate_failure(&e, lang))?;
        lean_json((&self.table, &self.texts), (&result, what_it_takes), (None, known_texts), lang)
    }

    /// [`Compiled::evaluate_lean`] of the `length` bytes the wrapper wrote into the evidence
    /// buffer (`evidenceBuffer`).
    #[wasm_bindgen(js_name = evaluateLeanWritten)]
    pub fn evaluate_lean_written(
        &self,
        length: u32,
        on: &str,
        trace: bool,
        what_it_takes: bool,
        known_texts: u32,
        lang: &str,
    ) -> Result<String, JsValue> {
        with_written_evidence(length, lang, |evidence| {
            self.evaluate_lean(evidence, on, trace, what_it_takes, known_texts, lang)
        })
    }

    /// Evaluates many records, given as JSON Lines (one object per line), with the rule set's
    /// quotas applied over all of them; the batch rows, in input order, as a JSON array, their
    /// messages in `lang`. A record that cannot be evaluated is an error row, never a thrown
    /// error. `params` as for [`Compiled::evaluate`].
    #[wasm_bindgen(js_name = evaluateMany)]
    pub fn evaluate_many(&self, records: String, on: &str, params: &str, lang: &str) -> Result<String, JsValue> {
        let lang = parse_lang(lang)?;
        let on = parse_on(on, lang)?;
        let simulated = self.simulated(params, lang)?;
        run_batch(Batch::new(simulated.as_ref().unwrap_or(&self.rules)), records, on, lang)
    }
}

/// Rule files checked together, with the version of a family in force on a date chosen for each
/// evaluation.
#[wasm_bindgen]
#[derive(Debug)]
pub struct Library {
    library: tieuchi::Library,
    /// Each rule set's own parts, in the order of `library.rulesets()`, for
    /// [`Library::evaluate_lean`]: made on a version's first lean result, not for every rule set
    /// on loading.
    tables: Vec<std::cell::OnceCell<LeanTable>>,
    /// The texts sent to the wrapper so far, one table for every version.
    texts: RefCell<Texts>,
}

#[wasm_bindgen]
impl Library {
    /// Compiles rule files given as a JSON array of `{"name": …, "source": …}`; throws the
    /// diagnostics, in `lang`, when any has errors.
    #[cfg(feature = "compiler")]
    #[wasm_bindgen(constructor)]
    pub fn new(files: &str, lang: &str) -> Result<Library, JsValue> {
        #[derive(serde::Deserialize)]
        struct File {
            name: String,
            source: String,
        }
        let lang = parse_lang(lang)?;
        let files: Vec<File> = serde_json::from_str(files).map_err(|e| {
            thrown(&Failure::argument(
                ArgumentCode::Invalid,
                tieuchi::msg!(WasmFilesNotRead, problem = e.to_string()).render(lang),
                tieuchi::msg!(WasmFilesNotListHelp).render(lang),
                None,
                lang,
            ))
        })?;
        let sources: Vec<SourceFile> = files.iter().map(|f| SourceFile::new(&f.name, &f.source)).collect();
        tieuchi::Library::compile(&sources).map(Library::of).map_err(|e| compile_failure(&e, lang))
    }

    /// A library from the bytes of [`Library::to_bytes`] (`tieuchi::Library::from_bytes`):
    /// compiled rules loaded without the compiler; bytes it does not read throw
    /// `argument::not-compiled`.
    #[wasm_bindgen(js_name = fromBytes)]
    pub fn from_bytes(bytes: &[u8], lang: &str) -> Result<Library, JsValue> {
        let lang = parse_lang(lang)?;
        tieuchi::Library::from_bytes(bytes).map(Library::of).map_err(|e| thrown(&e.failure(lang)))
    }

    /// The library compiled, as bytes that [`Library::from_bytes`] reads back.
    #[cfg(feature = "compiler")]
    #[wasm_bindgen(js_name = toBytes)]
    pub fn to_bytes(&self) -> Vec<u8> {
        self.library.to_bytes()
    }

    /// The ids of every rule set, oldest version of a family first.
    pub fn ids(&self) -> Vec<String> {
        self.library.families().into_iter().flatten().map(|r| r.id().to_owned()).collect()
    }

    /// The version of `id`'s family in force on `on` (`YYYY-MM-DD`; empty for `id` itself).
    pub fn select(&self, id: &str, on: &str, lang: &str) -> Result<Compiled, JsValue> {
        let lang = parse_lang(lang)?;
        let rules = self.library.select(Some(id), parse_on(on, lang)?).map_err(|e| select_failure(&e, lang))?;
        Ok(Compiled::new(rules.clone()))
    }

    /// Evaluates one record by the version in force on its own `on`, or else on `on`; `params`
    /// and `lang` as for [`Compiled::evaluate`] (over every rule set of the library,
    /// `tieuchi::Library::with_params_in`).
    #[expect(clippy::too_many_arguments, reason = "the flat argument list wasm-bindgen exports to the wrapper")]
    pub fn evaluate(
        &self,
        id: &str,
        evidence: &str,
        on: &str,
        trace: bool,
        what_it_takes: bool,
        params: &str,
        lang: &str,
    ) -> Result<String, JsValue> {
        let lang = parse_lang(lang)?;
        let record = parse_evidence(evidence, lang)?;
        let on = parse_on(on, lang)?;
        let simulated = self.simulated(params, lang)?;
        let library = simulated.as_ref().unwrap_or(&self.library);
        // The record's own date chooses the version, as a batch chooses it; a date that is not
        // one is the evidence's problem, reported by the evaluation.
        let own =
            record.get("on").and_then(Json::as_str).and_then(|text| tieuchi::value::parse_strict_date(text.trim()));
        let rules = library.select(Some(id), own.or(on)).map_err(|e| select_failure(&e, lang))?;
        let result = rules.evaluate(&record, &Options { on, trace, lang }).map_err(|e| evaluate_failure(&e, lang))?;
        to_json(&wire_result(&result, what_it_takes), lang)
    }

    /// What every result of the library's rule set number `index` (as [`Library::evaluate_lean`]
    /// numbers them) repeats ([`LeanTable::statics`]); none past the last.
    #[wasm_bindgen(js_name = staticsOf)]
    pub fn statics_of(&self, index: usize) -> Result<Option<String>, JsValue> {
        self.table(index).map(LeanTable::statics).transpose()
    }

    /// [`Library::evaluate_lean`] of the `length` bytes the wrapper wrote into the evidence
    /// buffer (`evidenceBuffer`).
    #[wasm_bindgen(js_name = evaluateLeanWritten)]
    #[expect(clippy::too_many_arguments, reason = "the flat argument list wasm-bindgen exports to the wrapper")]
    pub fn evaluate_lean_written(
        &self,
        id: &str,
        length: u32,
        on: &str,
        trace: bool,
        what_it_takes: bool,
        known_texts: u32,
        lang: &str,
    ) -> Result<String, JsValue> {
        with_written_evidence(length, lang, |evidence| {
            self.evaluate_lean(id, evidence, on, trace, what_it_takes, known_texts, lang)
        })
    }

    /// [`Library::evaluate`] without parameters to simulate, its result lean as
    /// [`Compiled::evaluate_lean`] writes it, as `[index of the version that rated it, the lean
    /// result]`; a result written whole is an object. One table of texts serves every version.
    /// The version is chosen as [`Library::evaluate`] chooses it: the record is evaluated by the
    /// version in force on `on`, and again by another when its own date chooses another; what
    /// fails on the way goes through [`Library::evaluate`], so that the failure is the one it
    /// gives.
    #[wasm_bindgen(js_name = evaluateLean)]
    #[expect(clippy::too_many_arguments, reason = "the flat argument list wasm-bindgen exports to the wrapper")]
    pub fn evaluate_lean(
        &self,
        id: &str,
        evidence: &str,
        on: &str,
        trace: bool,
        what_it_takes: bool,
        known_texts: u32,
        lang: &str,
    ) -> Result<String, JsValue> {
        let lang_of = parse_lang(lang)?;
        let date = parse_on(on, lang_of)?;
        let whole = || self.evaluate(id, evidence, on, trace, what_it_takes, "", lang);
        let options = Options { on: date, trace, lang: lang_of };
        // The record's own date may choose a version where `on` chooses none.
        let Ok(first) = self.library.select(Some(id), date) else { return whole() };
        let Ok(result) = first.evaluate_json(evidence, &options) else { return whole() };
        let Ok(rules) = self.library.select(Some(id), result.on()) else { return whole() };
        let again;
        let result = if std::ptr::eq(rules, first) {
            &result
        } else {
            let Ok(evaluated) = rules.evaluate_json(evidence, &options) else { return whole() };
            again = evaluated;
            &again
        };
        let index = self.library.rulesets().iter().position(|r| std::ptr::eq(r, rules));
        let Some((index, table)) = index.and_then(|i| Some((i, self.table(i)?))) else {
            return to_json(&wire_result(result, what_it_takes), lang_of);
        };
        lean_json((table, &self.texts), (result, what_it_takes), (Some(index), known_texts), lang_of)
    }

    /// Evaluates many records (JSON Lines) over `id`'s family: each record by the version in
    /// force on its own `on` (or on `on`), quotas applied per version; the rows as a JSON array.
    /// `params` and `lang` as for [`Library::evaluate`].
    #[wasm_bindgen(js_name = evaluateMany)]
    pub fn evaluate_many(
        &self,
        id: &str,
        records: String,
        on: &str,
        params: &str,
        lang: &str,
    ) -> Result<String, JsValue> {
        let lang = parse_lang(lang)?;
        let on = parse_on(on, lang)?;
        let simulated = self.simulated(params, lang)?;
        let library = simulated.as_ref().unwrap_or(&self.library);
        let batch = library.batch(Some(id)).map_err(|e| select_failure(&e, lang))?;
        run_batch(batch, records, on, lang)
    }
}

impl Library {
    fn of(library: tieuchi::Library) -> Library {
        let tables = library.rulesets().iter().map(|_| std::cell::OnceCell::new()).collect();
        Library { library, tables, texts: RefCell::default() }
    }

    /// The own parts of the library's rule set number `index`.
    fn table(&self, index: usize) -> Option<&LeanTable> {
        let rules = self.library.rulesets().get(index)?;
        Some(self.tables.get(index)?.get_or_init(|| LeanTable::new(rules)))
    }

    /// The library with the parameters of `params` simulated; `None` when it sets none.
    fn simulated(&self, params: &str, lang: Lang) -> Result<Option<tieuchi::Library>, JsValue> {
        let Some(params) = read_params(params, lang)? else { return Ok(None) };
        let texts = tieuchi::param_texts(&params);
        self.library.with_params_in(&texts, lang).map(Some).map_err(|f| thrown(&f))
    }
}

fn parse_evidence(evidence: &str, lang: Lang) -> Result<Json, JsValue> {
    serde_json::from_str(evidence).map_err(|e| {
        evaluate_failure(
            &EvaluateError::Evidence(vec![tieuchi::EvidenceError {
                code: tieuchi::EvidenceCode::NotJson,
                field: String::new(),
                message: tieuchi::msg!(EvNotJson, problem = e.to_string()),
                help: tieuchi::msg!(EvNotAnObjectHelp),
            }]),
            lang,
        )
    })
}

/// The evaluation date: `YYYY-MM-DD`, or empty for none; anything else is the core's
/// `argument::bad-date`.
fn parse_on(on: &str, lang: Lang) -> Result<Option<Date>, JsValue> {
    if on.is_empty() {
        return Ok(None);
    }
    Failure::date_argument(on, lang).map(Some).map_err(|f| thrown(&f))
}

fn select_failure(error: &SelectError, lang: Lang) -> JsValue {
    thrown(&Failure::select(error, lang))
}

/// The core's batch over records in memory: its JSON Lines rows, as one JSON array.
fn run_batch(batch: Batch<'_>, records: String, on: Option<Date>, lang: Lang) -> Result<String, JsValue> {
    let batch = batch.on(on).lang(lang);
    let records: Arc<[u8]> = records.into_bytes().into();
    let mut open = || -> io::Result<Box<dyn io::Read + Send>> { Ok(Box::new(io::Cursor::new(Arc::clone(&records)))) };
    let mut rows = Vec::with_capacity(records.len());
    // Records and rows in memory: nothing can fail to be read or written.
    batch
        .run(&mut open, InputFormat::JsonLines, &mut rows, OutputFormat::JsonLines, &mut |_| {})
        .map_err(|e| internal(tieuchi::msg!(WasmBatchFailed, problem = e.message()), lang))?;
    // Each row is one line of JSON with no raw line break in it.
    if rows.last() == Some(&b'\n') {
        rows.pop();
    }
    let rows = String::from_utf8(rows)
        .map_err(|e| internal(tieuchi::msg!(WasmAnswerNotText, problem = e.to_string()), lang))?;
    Ok(format!("[{}]", rows.replace('\n', ",")))
}
