//! Reproducing a recorded result: evaluate its evidence again with the rules at hand and say
//! whether the same result comes out, and where it does not.
//!
//! A result names the rules it was made with (`rules.id`, `rules.sha256`), the engine
//! (`engine.version`) and its date (`on`); see [`crate::wire::ResultRecord`]. The first thing a
//! reader of a disputed result needs to know is whether the rules are the same text, so a
//! changed fingerprint is reported before anything else.
//!
//! A batch's rows ([`verify_batch`]) are reproduced as a whole: a row a quota decided depends on
//! every other record of its group, so the batch is run again over all the records, and each
//! row compared with the row it gives now (`rules_sha256` first, then `engine`, then the columns
//! in order).

use std::io::{self, BufRead, Write};

use serde_json::Value as Json;

use crate::batch::{Batch, BatchError, Input, Output, OutputFormat};
use crate::i18n::{Lang, Message, Msg};
use crate::value::Date;
use crate::{Library, Options, SelectError};

/// One place where the recorded result and the result made now differ.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Difference {
    /// Where, as a dotted path into the result (`rules.sha256`, `outcome.id`,
    /// `scores.tong.value`, `findings`).
    pub path: String,
    /// What the recorded result holds there (`null` if nothing).
    pub recorded: Json,
    /// What evaluating again gives there (`null` if nothing).
    pub now: Json,
}

/// What verifying a recorded result found.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Verification {
    /// The rule set the recorded result names.
    pub ruleset: String,
    /// Whether evaluating again gives the recorded result, byte for byte.
    pub reproduced: bool,
    /// Every difference: the rule fingerprint first, then the engine, then the result in the
    /// order its keys are written.
    pub differences: Vec<Difference>,
    /// The result made now, or the errors evaluating again gave (`status: "error"`).
    pub result: Json,
}

/// Why a recorded result could not be checked at all. Put into words by [`VerifyError::message`]
/// and [`VerifyError::help`] in the language asked for; `Display` is the default language's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VerifyError {
    /// The recorded document lacks the field named (`rules.id`).
    NotAResult(&'static str),
    /// The recorded `on` is not a date.
    BadDate(String),
    /// The rules given hold no rule set of that id; `available` lists theirs, each in backticks.
    UnknownRuleSet {
        /// The id the result names.
        id: String,
        /// The rule sets loaded, each in backticks.
        available: String,
    },
    /// A line of the recorded rows (from 1) is not a batch row.
    NotRows {
        /// The line, from 1.
        line: u64,
    },
    /// The `rows` or the `records` could not be read to the end.
    Unreadable {
        /// `rows` or `records`.
        what: &'static str,
        /// Why.
        problem: Message,
    },
    /// No batch can be made of the rules given: the rows name no rule set, and the rules hold
    /// several families (or none).
    Select(SelectError),
}

impl VerifyError {
    /// What went wrong, in the catalogue's words.
    pub fn message(&self) -> Message {
        match self {
            VerifyError::NotAResult(field) => crate::msg!(VerifyNotAResult, field = *field),
            VerifyError::BadDate(text) => crate::msg!(VerifyBadDate, text = text),
            VerifyError::UnknownRuleSet { id, available } => {
                crate::msg!(VerifyUnknownRuleSet, id = id, available = available)
            }
            VerifyError::NotRows { line } => crate::msg!(VerifyNotRows, line = *line),
            VerifyError::Unreadable { what, problem } => {
                let what = if *what == "records" { Msg::VerifyWhatRecords } else { Msg::VerifyWhatRows };
                crate::msg!(VerifyUnreadable, what = what, problem = problem.clone())
            }
            VerifyError::Select(e) => e.message(),
        }
    }

    /// What to do about it.
    pub fn help(&self) -> Message {
        Message::new(match self {
            VerifyError::NotAResult(_) => Msg::VerifyNotAResultHelp,
            VerifyError::BadDate(_) => Msg::VerifyBadDateHelp,
            VerifyError::UnknownRuleSet { .. } => Msg::VerifyUnknownRuleSetHelp,
            VerifyError::NotRows { .. } => Msg::VerifyNotRowsHelp,
            VerifyError::Unreadable { .. } => Msg::VerifyUnreadableHelp,
            VerifyError::Select(e) => return e.help(),
        })
    }
}

impl std::fmt::Display for VerifyError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.message().fmt(f)
    }
}

impl std::error::Error for VerifyError {}

/// The stable code of each [`VerifyError`] of its own (a selection error keeps its `select::*`
/// code), registered in [`crate::codes`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum VerifyCode {
    /// `verify::not-a-result`
    NotAResult,
    /// `verify::bad-date`
    BadDate,
    /// `verify::unknown-ruleset`
    UnknownRuleSet,
    /// `verify::not-rows`
    NotRows,
    /// `verify::unreadable`
    Unreadable,
}

impl VerifyCode {
    /// Every code, in declaration order.
    pub const ALL: &'static [VerifyCode] = &[
        VerifyCode::NotAResult,
        VerifyCode::BadDate,
        VerifyCode::UnknownRuleSet,
        VerifyCode::NotRows,
        VerifyCode::Unreadable,
    ];

    /// The stable string.
    pub fn as_str(self) -> &'static str {
        match self {
            VerifyCode::NotAResult => "verify::not-a-result",
            VerifyCode::BadDate => "verify::bad-date",
            VerifyCode::UnknownRuleSet => "verify::unknown-ruleset",
            VerifyCode::NotRows => "verify::not-rows",
            VerifyCode::Unreadable => "verify::unreadable",
        }
    }
}

impl VerifyError {
    /// Its code of its own, or the selection error that has its own code.
    fn own_code(&self) -> Result<VerifyCode, &SelectError> {
        match self {
            VerifyError::NotAResult(_) => Ok(VerifyCode::NotAResult),
            VerifyError::BadDate(_) => Ok(VerifyCode::BadDate),
            VerifyError::UnknownRuleSet { .. } => Ok(VerifyCode::UnknownRuleSet),
            VerifyError::NotRows { .. } => Ok(VerifyCode::NotRows),
            VerifyError::Unreadable { .. } => Ok(VerifyCode::Unreadable),
            VerifyError::Select(e) => Err(e),
        }
    }

    /// The code of its own; `None` for a selection error (its code is `select::*`).
    pub fn verify_code(&self) -> Option<VerifyCode> {
        self.own_code().ok()
    }

    /// The stable code: its own, or the selection error's.
    pub fn code(&self) -> &'static str {
        match self.own_code() {
            Ok(code) => code.as_str(),
            Err(e) => e.code(),
        }
    }
}

/// Evaluates `evidence` (one JSON record, as text) again with the rule set `recorded` names,
/// on its date, traced if it was, and compares.
pub fn verify(library: &Library, recorded: &Json, evidence: &str) -> Result<Verification, VerifyError> {
    let id = recorded.pointer("/rules/id").and_then(Json::as_str).ok_or(VerifyError::NotAResult("rules.id"))?;
    let on = match recorded.get("on").and_then(Json::as_str) {
        Some(text) => Some(text.parse().map_err(|_| VerifyError::BadDate(text.to_owned()))?),
        None => None,
    };
    // A layer over several national versions is a rule set of its id per version: the one whose
    // text the result names, else the one in force on its date.
    let sha256 = recorded.pointer("/rules/sha256").and_then(Json::as_str);
    let named = || library.rulesets().iter().filter(|r| r.id() == id);
    let rules = named()
        .find(|r| Some(r.fingerprint()) == sha256)
        .or_else(|| on.and_then(|on| named().find(|r| r.in_force_on(on))))
        .or_else(|| library.get(id))
        .ok_or_else(|| VerifyError::UnknownRuleSet {
            id: id.to_owned(),
            available: library.rulesets().iter().map(|r| format!("`{}`", r.id())).collect::<Vec<_>>().join(", "),
        })?;
    let traced = recorded.get("trace").and_then(Json::as_array).is_some_and(|t| !t.is_empty());
    let options = Options { on, trace: traced, ..Options::default() };
    let now = match rules.evaluate_json(evidence, &options) {
        Ok(result) => {
            // A result recorded with what it takes is made again with it: it is part of the record.
            let what_it_takes = recorded.get("what_it_takes").is_some();
            serde_json::to_value(crate::wire::result_record(&result, true, what_it_takes)).unwrap_or(Json::Null)
        }
        Err(error) => crate::wire::failure(rules.id(), &error, options.lang),
    };
    let mut differences = Vec::new();
    compare("", recorded, &now, &mut differences);
    // Why the version was chosen is said in the language the result was made in: any language's
    // words for the same reason reproduce it (results made before it was translated included).
    let reason = crate::outcome::chosen_because(rules, on);
    differences.retain(|d| {
        d.path != "rules.chosen_because" || !Lang::ALL.iter().any(|&lang| d.recorded == reason.render(lang).as_str())
    });
    differences.sort_by_key(|d| first_things(&d.path));
    Ok(Verification { ruleset: id.to_owned(), reproduced: differences.is_empty(), differences, result: now })
}

/// What a reader needs first: whether the rules are the same text, then the same engine (a
/// result's `rules.sha256` and `engine.version`, a row's `rules_sha256` and `engine`), then the
/// parameters' values (a simulation's overridden values are not the rules', and the rules as
/// written are what a result is verified against); then the rest, in order.
fn first_things(path: &str) -> u8 {
    match path {
        "rules.sha256" | "rules_sha256" => 0,
        "engine.version" | "engine" => 1,
        _ if path.starts_with("params.") => 2,
        _ => 3,
    }
}

/// How a batch was run: what `tieuchi batch` was given besides its rules and records. What is
/// not given is read from the rows ([`verify_batch`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BatchRun {
    /// The family named (`--ruleset`): any version's id; it also rates the records that give no
    /// date, as the batch's [`Library::batch`] does.
    pub ruleset: Option<String>,
    /// The run's evaluation date (`--on`), for the records that give none.
    pub on: Option<Date>,
}

/// At most this many rows that differ are listed (all are counted): a changed rule file makes
/// every row differ.
pub const MAX_LISTED_ROWS: usize = 10_000;

/// A recorded row that the batch does not give again.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct RowDifference {
    /// The row's position, from 0 (its `row` column, unless that is what was changed).
    pub row: u64,
    /// Its line in the recorded rows, from 1; `null` for a row the batch gives now that none
    /// recorded.
    pub line: Option<u64>,
    /// The first column that differs: `rules_sha256`, then `engine`, then the row's columns in
    /// order (`outcome`, `findings[0].message`); `row` for a row missing on either side, empty
    /// for a recorded line that is not a row at all.
    pub column: String,
    /// The recorded value of that column.
    pub recorded: Json,
    /// Its value now.
    pub now: Json,
    /// Every column that differs, in the same order.
    pub columns: Vec<String>,
}

/// What verifying a batch's rows found.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct BatchVerification<'l> {
    /// Whether the batch, run again, gives every recorded row, and no other.
    pub reproduced: bool,
    /// Rows recorded.
    pub rows: u64,
    /// Rows the batch gives again as recorded.
    pub rows_reproduced: u64,
    /// Rows that differ, counting rows recorded that the batch no longer gives and rows it gives
    /// that none recorded.
    pub rows_differing: u64,
    /// The run made again: its family (by the id given, or the version the rows name) and its
    /// evaluation date for the records that give none (given, or read from the rows).
    pub family: Option<String>,
    /// The evaluation date for records that give none.
    pub on: Option<String>,
    /// The engine that made the rows now, and the versions it could rate them with.
    pub engine: crate::wire::EngineRecord<'static>,
    /// The versions.
    pub rules: Vec<crate::wire::VersionRecord<'l>>,
    /// The first [`MAX_LISTED_ROWS`] rows that differ, in row order.
    pub differences: Vec<RowDifference>,
}

/// Runs a batch again over its records (`records`: the input `tieuchi batch` read, opened again
/// for each pass) with the rules of `library`, as it was run (`run`), and compares every row it
/// gives with the recorded rows (`rows`: the JSON Lines it wrote, opened once per pass): quotas
/// are decided over all the records again, so a row a quota demoted is reproduced as a whole.
///
/// What `run` does not give is read from the rows: the family is the one of the first row that
/// names a version (rules that do not hold it are an error, not a verdict); a rated row with no
/// date names the version the run rated undated records by (`--ruleset`); and when the rows of
/// records without a date of their own carry one, the run's date (`--on`) is that date (the
/// batch is then run once more with it).
pub fn verify_batch<'l>(
    library: &'l Library,
    rows: &mut dyn FnMut() -> io::Result<Box<dyn BufRead + Send>>,
    mut records: Input<'_>,
    run: &BatchRun,
) -> Result<BatchVerification<'l>, VerifyError> {
    let unreadable =
        |what: &'static str| move |e: io::Error| VerifyError::Unreadable { what, problem: Message::of_io(&e) };
    let read = read_run(rows().map_err(unreadable("rows"))?)?;
    let ruleset = run.ruleset.clone().or_else(|| read.undated.clone());
    let batch = |on: Option<Date>| -> Result<Batch<'l>, VerifyError> {
        let made = match (&ruleset, &read.family) {
            (Some(id), _) => library.batch(Some(id)),
            // The family the rows name, with no version for undated records: what `tieuchi batch`
            // runs without `--ruleset` when the rules hold that family alone.
            (None, Some(id)) => library.family(Some(id)).map(|versions| match versions.as_slice() {
                [only] => Batch::new(only),
                _ => Batch::family(versions),
            }),
            (None, None) => library.batch(None),
        };
        made.map(|batch| batch.on(on)).map_err(|error| match error {
            SelectError::Unknown(id) => VerifyError::UnknownRuleSet {
                id,
                available: library.rulesets().iter().map(|r| format!("`{}`", r.id())).collect::<Vec<_>>().join(", "),
            },
            other => VerifyError::Select(other),
        })
    };
    let mut on = run.on;
    let mut made = batch(on)?;
    let mut compared = compare_rows(&made, rows, reborrow(&mut records))?;
    if run.on.is_none() {
        if let Some(date) = compared.run_date.take() {
            // The rows were made with a run date: again with it.
            on = Some(date);
            made = batch(on)?;
            compared = compare_rows(&made, rows, records)?;
        }
    }
    let Compared { rows_read, reproduced, differing, differences, .. } = compared;
    Ok(BatchVerification {
        reproduced: differing == 0,
        rows: rows_read,
        rows_reproduced: reproduced,
        rows_differing: differing,
        family: ruleset.or(read.family),
        on: on.map(|d| d.to_string()),
        engine: crate::wire::EngineRecord::current(),
        rules: made.versions().iter().map(|r| crate::wire::VersionRecord::of(r)).collect(),
        differences,
    })
}

/// What the recorded rows say of their run: the family they name, and the version that rated a
/// record with no date.
struct ReadRun {
    family: Option<String>,
    undated: Option<String>,
}

fn read_run(rows: Box<dyn BufRead + Send>) -> Result<ReadRun, VerifyError> {
    let mut read = ReadRun { family: None, undated: None };
    let mut first = true;
    for (n, line) in rows.lines().enumerate() {
        let line = line.map_err(|e| VerifyError::Unreadable { what: "rows", problem: Message::of_io(&e) })?;
        if line.trim().is_empty() {
            continue;
        }
        let row: Option<serde_json::Map<String, Json>> = serde_json::from_str(&line).ok();
        let row = match row {
            Some(row) if row.contains_key("row") => row,
            // The first line says whether these are rows at all; a later one that is not a row
            // is a row that differs.
            _ if first => return Err(VerifyError::NotRows { line: n as u64 + 1 }),
            _ => continue,
        };
        first = false;
        let ruleset = row.get("ruleset").and_then(Json::as_str);
        if read.family.is_none() {
            read.family = ruleset.map(str::to_owned);
        }
        let rated = row.get("status").and_then(Json::as_str).is_some_and(|s| s != "error");
        if read.undated.is_none() && rated && row.get("on").is_some_and(Json::is_null) {
            read.undated = ruleset.map(str::to_owned);
        }
        if read.family.is_some() && read.undated.is_some() {
            break;
        }
    }
    if first {
        return Err(VerifyError::NotRows { line: 1 });
    }
    Ok(read)
}

/// An input lent again, for another pass.
fn reborrow<'a>(input: &'a mut Input<'_>) -> Input<'a> {
    match input {
        Input::Text { open, format } => Input::Text { open: &mut **open, format: *format },
        #[cfg(feature = "arrow")]
        Input::Arrow { open } => Input::Arrow { open: &mut **open },
        Input::Records(records) => Input::Records(records),
    }
}

/// One pass: the batch run over `records`, each row it writes compared with the next recorded one.
fn compare_rows(
    batch: &Batch<'_>,
    rows: &mut dyn FnMut() -> io::Result<Box<dyn BufRead + Send>>,
    records: Input<'_>,
) -> Result<Compared, VerifyError> {
    let recorded = rows().map_err(|e| VerifyError::Unreadable { what: "rows", problem: Message::of_io(&e) })?;
    let mut compared = Compared::new(recorded);
    let ran = batch.execute(records, Output::Text { out: &mut compared, format: OutputFormat::JsonLines }, &mut |_| {});
    match ran {
        Ok(_) => {}
        Err(BatchError::Write(e)) => return Err(VerifyError::Unreadable { what: "rows", problem: Message::of_io(&e) }),
        Err(e) => return Err(VerifyError::Unreadable { what: "records", problem: e.message() }),
    }
    compared.finish()?;
    Ok(compared)
}

/// The rows a batch writes, compared as they come with the recorded ones, a line at a time.
struct Compared {
    recorded: Box<dyn BufRead + Send>,
    /// Lines of the recorded rows read, blank ones included.
    line: u64,
    /// What the batch wrote past its last whole line.
    pending: Vec<u8>,
    /// Rows the batch gave.
    row: u64,
    rows_read: u64,
    reproduced: u64,
    differing: u64,
    differences: Vec<RowDifference>,
    /// A date the recorded rows carry where the batch now gives none: the run's own date.
    run_date: Option<Date>,
}

impl Compared {
    fn new(recorded: Box<dyn BufRead + Send>) -> Compared {
        Compared {
            recorded,
            line: 0,
            pending: Vec::new(),
            row: 0,
            rows_read: 0,
            reproduced: 0,
            differing: 0,
            differences: Vec::new(),
            run_date: None,
        }
    }

    /// The next recorded row that is not blank, with its line.
    fn next_recorded(&mut self) -> io::Result<Option<(u64, String)>> {
        let mut text = String::new();
        loop {
            text.clear();
            if self.recorded.read_line(&mut text)? == 0 {
                return Ok(None);
            }
            self.line += 1;
            let row = text.trim_end_matches(['\n', '\r']);
            if !row.trim().is_empty() {
                self.rows_read += 1;
                return Ok(Some((self.line, row.to_owned())));
            }
        }
    }

    fn differ(&mut self, difference: RowDifference) {
        self.differing += 1;
        if self.differences.len() < MAX_LISTED_ROWS {
            self.differences.push(difference);
        }
    }

    /// A row the batch gives now, against the next recorded one.
    fn compare(&mut self, now: &[u8]) -> io::Result<()> {
        let row = self.row;
        self.row += 1;
        let now_text = std::str::from_utf8(now).unwrap_or_default();
        let Some((line, recorded)) = self.next_recorded()? else {
            let now: Json = serde_json::from_str(now_text).unwrap_or(Json::Null);
            let columns = vec!["row".to_owned()];
            self.differ(RowDifference {
                row,
                line: None,
                column: "row".to_owned(),
                recorded: Json::Null,
                now,
                columns,
            });
            return Ok(());
        };
        if recorded == now_text {
            self.reproduced += 1;
            return Ok(());
        }
        let now: Json = serde_json::from_str(now_text).unwrap_or(Json::Null);
        let recorded: Json = match serde_json::from_str::<Json>(&recorded) {
            Ok(row) if row.get("row").is_some() => row,
            _ => {
                let recorded = Json::String(recorded);
                self.differ(RowDifference {
                    row,
                    line: Some(line),
                    column: String::new(),
                    recorded,
                    now,
                    columns: vec![],
                });
                return Ok(());
            }
        };
        let mut differences = Vec::new();
        compare("", &recorded, &now, &mut differences);
        if differences.is_empty() {
            // The same row written otherwise (spaces, key order): reproduced.
            self.reproduced += 1;
            return Ok(());
        }
        differences.sort_by_key(|d| first_things(&d.path));
        if self.run_date.is_none() {
            let date = differences.iter().find(|d| d.path == "on" && d.now.is_null());
            self.run_date = date.and_then(|d| d.recorded.as_str()).and_then(crate::value::parse_strict_date);
        }
        let columns = differences.iter().map(|d| d.path.clone()).collect();
        let first = differences.swap_remove(0);
        self.differ(RowDifference {
            row,
            line: Some(line),
            column: first.path,
            recorded: first.recorded,
            now: first.now,
            columns,
        });
        Ok(())
    }

    /// The recorded rows the batch no longer gives.
    fn finish(&mut self) -> Result<(), VerifyError> {
        let unreadable = |e: io::Error| VerifyError::Unreadable { what: "rows", problem: Message::of_io(&e) };
        if !self.pending.is_empty() {
            let last = std::mem::take(&mut self.pending);
            self.compare(&last).map_err(unreadable)?;
        }
        while let Some((line, recorded)) = self.next_recorded().map_err(unreadable)? {
            let recorded = serde_json::from_str(&recorded).unwrap_or(Json::String(recorded));
            let row = self.row;
            self.row += 1;
            let columns = vec!["row".to_owned()];
            self.differ(RowDifference {
                row,
                line: Some(line),
                column: "row".to_owned(),
                recorded,
                now: Json::Null,
                columns,
            });
        }
        Ok(())
    }
}

impl Write for Compared {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.pending.extend_from_slice(bytes);
        // Every whole line is compared; what follows the last newline waits for more bytes.
        let Some(last) = memchr::memrchr(b'\n', &self.pending) else { return Ok(bytes.len()) };
        let lines: Vec<u8> = self.pending.drain(..=last).collect();
        for line in lines.split_inclusive(|&b| b == b'\n') {
            self.compare(line.strip_suffix(b"\n").unwrap_or(line))?;
        }
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// The differences between two JSON documents: objects key by key (in the recorded order, then
/// keys only the new one has), lists of the same length item by item, anything else as a whole.
/// A rule's place (`span`, `rule`: `FILE:LINE:COLUMN`) compares by line and column only: the
/// fingerprint already says whether the text is the same, and the same file read from another
/// folder is the same rules.
fn compare(path: &str, recorded: &Json, now: &Json, out: &mut Vec<Difference>) {
    let join = |key: &str| if path.is_empty() { key.to_owned() } else { format!("{path}.{key}") };
    match (recorded, now) {
        (Json::Object(a), Json::Object(b)) => {
            for (key, value) in a {
                compare(&join(key), value, b.get(key).unwrap_or(&Json::Null), out);
            }
            for (key, value) in b.iter().filter(|(k, _)| !a.contains_key(*k)) {
                compare(&join(key), &Json::Null, value, out);
            }
        }
        (Json::Array(a), Json::Array(b)) if a.len() == b.len() => {
            for (i, (x, y)) in a.iter().zip(b).enumerate() {
                compare(&format!("{path}[{i}]"), x, y, out);
            }
        }
        (Json::String(a), Json::String(b)) if is_place(path) && place(a) == place(b) => {}
        _ if recorded == now => {}
        _ => out.push(Difference { path: path.to_owned(), recorded: recorded.clone(), now: now.clone() }),
    }
}

fn is_place(path: &str) -> bool {
    matches!(path.rsplit_once('.'), Some((_, "span" | "rule")))
}

/// `LINE:COLUMN` of `FILE:LINE:COLUMN`.
fn place(text: &str) -> &str {
    let mut colons = text.rmatch_indices(':').map(|(i, _)| i);
    match (colons.next(), colons.next()) {
        (Some(_), Some(start)) => &text[start + 1..],
        _ => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Lang;

    /// Every error of `tieuchi verify` is said in the catalogue's words, in either language, with
    /// its code unchanged; `Display` is the default language's.
    #[test]
    fn what_verify_cannot_check_is_said_in_either_language() {
        let said = |e: &VerifyError, lang| (e.message().render(lang), e.help().render(lang));
        let not_a_result = VerifyError::NotAResult("rules.id");
        let (vi, help) = said(&not_a_result, Lang::Vi);
        assert_eq!(vi, "kết quả đã lưu không có `rules.id`; đây có phải là kết quả do `tieuchi eval` ghi ra không?");
        assert_eq!(help, "cung cấp tệp JSON do `tieuchi eval` ghi ra, giữ nguyên nội dung");
        assert_eq!(not_a_result.to_string(), vi);
        let (en, _) = said(&not_a_result, Lang::En);
        assert_eq!(en, "the recorded result has no `rules.id`; is it a result of `tieuchi eval`?");
        assert_eq!(not_a_result.code(), "verify::not-a-result");

        let bad_date = VerifyError::BadDate("30/06/2026".to_owned());
        assert_eq!(said(&bad_date, Lang::Vi).0, "ngày đã lưu `30/06/2026` không phải là ngày");
        assert_eq!(said(&bad_date, Lang::En).0, "the recorded date `30/06/2026` is not a date");

        let not_rows = VerifyError::NotRows { line: 3 };
        assert!(said(&not_rows, Lang::Vi).0.starts_with("dòng 3 của tệp kết quả lô không phải là một hàng kết quả"));
        assert!(said(&not_rows, Lang::En).0.starts_with("line 3 of the rows is not a batch row"));
        assert_eq!(not_rows.code(), "verify::not-rows");

        // A problem carried by an I/O error is rendered in the language asked for; the system's
        // own words are kept.
        let header = crate::i18n::MessageError::io(io::ErrorKind::InvalidData, crate::msg!(CsvNoHeader));
        let records = VerifyError::Unreadable { what: "records", problem: BatchError::Read(header).message() };
        assert_eq!(
            said(&records, Lang::Vi).0,
            "không đọc được các bản ghi: không đọc được dữ liệu đầu vào: dữ liệu CSV không có dòng tiêu đề"
        );
        assert_eq!(
            said(&records, Lang::En).0,
            "cannot read the records: cannot read the input: the CSV input has no header row"
        );
        let rows = VerifyError::Unreadable { what: "rows", problem: Message::of_io(&io::Error::other("gone")) };
        assert_eq!(said(&rows, Lang::Vi).0, "không đọc được các hàng kết quả: gone");
        assert_eq!(said(&rows, Lang::En).0, "cannot read the rows: gone");
        assert_eq!(rows.code(), "verify::unreadable");

        // A selection error keeps its own words and code.
        let select = VerifyError::Select(SelectError::Empty);
        assert_eq!(
            said(&select, Lang::Vi),
            ("chưa nạp bộ quy tắc nào".to_owned(), "cung cấp ít nhất một tệp quy tắc".to_owned())
        );
        assert_eq!(said(&select, Lang::En).0, "no rule set is loaded");
        assert_eq!(select.code(), SelectError::Empty.code());
    }
}
