//! `tieuchi verify`: a recorded result, or a batch's rows, checked by the core's
//! [`tieuchi::verify`] against the rules and evidence given; this module reads the files and
//! renders what the core found.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use anyhow::{bail, Context as _, Result};
use tieuchi::batch::{ArrowBatches, Input};
use tieuchi::verify::{BatchRun, BatchVerification, Difference, RowDifference};

use tieuchi::i18n::Msg;
use tieuchi::msg;

use crate::command::batch::{self, Format as RecordFormat};
use crate::load::{load_library, parse_date, read_json};
use crate::{lang, ErrorFormat, Format};

/// What `verify` is told of a batch besides its files.
pub struct BatchOptions {
    /// `--batch`: the result is rows, whatever its name.
    pub forced: bool,
    pub ruleset: Option<String>,
    pub on: Option<String>,
    pub from: Option<RecordFormat>,
}

/// Rows printed in text, at most; `--format json` lists up to the core's limit.
const SHOWN_ROWS: usize = 100;

pub fn run(
    result: &Path,
    evidence: &Path,
    rules: &Path,
    options: &BatchOptions,
    format: Format,
    error_format: ErrorFormat,
) -> Result<bool> {
    if options.forced || is_rows(result)? {
        return verify_rows(result, evidence, rules, options, format, error_format);
    }
    if options.ruleset.is_some() || options.on.is_some() || options.from.is_some() {
        bail!("{}", msg!(CliVerifyOptionsForRows, file = result.display().to_string()).render(lang()));
    }
    verify_result(result, evidence, rules, format, error_format)
}

/// Whether `path` holds a batch's rows: named `.jsonl`/`.ndjson`, or a first line that is a row
/// (an object with `row`) rather than a result.
fn is_rows(path: &Path) -> Result<bool> {
    if matches!(path.extension().and_then(|e| e.to_str()), Some("jsonl" | "ndjson")) {
        return Ok(true);
    }
    if path.as_os_str() == "-" {
        return Ok(false);
    }
    let file = File::open(path).with_context(|| batch::cannot_read(path))?;
    let mut first = String::new();
    BufReader::new(file).take(1 << 20).read_line(&mut first).with_context(|| batch::cannot_read(path))?;
    let row: Option<serde_json::Map<String, serde_json::Value>> = serde_json::from_str(first.trim()).ok();
    Ok(row.is_some_and(|r| r.contains_key("row") && !r.contains_key("rules")))
}

fn verify_result(
    result: &Path,
    evidence: &Path,
    rules: &Path,
    format: Format,
    error_format: ErrorFormat,
) -> Result<bool> {
    let Some(library) = load_library(rules, error_format)? else { return Ok(false) };
    let (_, recorded) = read_json(result)?;
    let (text, _) = read_json(evidence)?;
    let verification = tieuchi::verify::verify(&library, &recorded, &text).map_err(|e| failed(&e, result))?;
    match format {
        Format::Json => out!("{}", serde_json::to_string_pretty(&verification)?),
        Format::Text => {
            let sha = |v: &serde_json::Value| v.pointer("/rules/sha256").and_then(|s| s.as_str()).map(str::to_owned);
            if verification.reproduced {
                let engine = recorded.pointer("/engine/version").and_then(|v| v.as_str()).unwrap_or("?");
                let sha256 = sha(&recorded).unwrap_or_default();
                let line = msg!(CliVerifyReproduced, ruleset = &verification.ruleset, sha256 = sha256, engine = engine);
                out!("{}", line.render(lang()));
            } else {
                out!("{}", msg!(CliVerifyNotReproduced, ruleset = &verification.ruleset).render(lang()));
                for d in &verification.differences {
                    out!("  {}", difference(d));
                }
            }
        }
    }
    Ok(verification.reproduced)
}

/// Why `tieuchi verify` could not check what it was given, with what to do about it.
fn failed(error: &tieuchi::verify::VerifyError, file: &Path) -> anyhow::Error {
    let (message, help) = (error.message().render(lang()), error.help().render(lang()));
    let help_label = tieuchi::diagnostic::help_label(lang());
    anyhow::anyhow!("[{}] `{}`: {message}\n  = {help_label}: {help}", error.code(), file.display())
}

/// `PATH: recorded X, now Y`, with why it matters first for the rules and the engine.
fn difference(d: &Difference) -> String {
    let line = msg!(CliVerifyDifference, path = &d.path, recorded = brief(&d.recorded), now = brief(&d.now));
    format!("{}{}", line.render(lang()), why(&d.path, Msg::CliVerifyResultRulesChanged))
}

/// Why a difference of the rules' fingerprint (`changed`: of the result or of the rows) or of the
/// engine matters.
fn why(path: &str, changed: Msg) -> String {
    match path {
        "rules.sha256" | "rules_sha256" => format!(" ({})", tieuchi::Message::new(changed).render(lang())),
        "engine.version" | "engine" => format!(" ({})", msg!(CliVerifyOtherEngine).render(lang())),
        _ => String::new(),
    }
}

/// A JSON value on one line, cut short when long (`--format json` gives it whole).
fn brief(value: &serde_json::Value) -> String {
    const LONG: usize = 160;
    let text = value.to_string();
    match text.char_indices().nth(LONG) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text,
    }
}

fn verify_rows(
    rows: &Path,
    records: &Path,
    rules: &Path,
    options: &BatchOptions,
    format: Format,
    error_format: ErrorFormat,
) -> Result<bool> {
    let Some(library) = load_library(rules, error_format)? else { return Ok(false) };
    let run = BatchRun { ruleset: options.ruleset.clone(), on: options.on.as_deref().map(parse_date).transpose()? };
    for (path, what) in [(rows, Msg::VerifyWhatRows), (records, Msg::VerifyWhatRecords)] {
        if path.as_os_str() == "-" {
            bail!("{}", msg!(CliVerifyReadTwice, what = what).render(lang()));
        }
        if std::fs::metadata(path).with_context(|| batch::cannot_read(path))?.is_dir() {
            bail!("{}", msg!(CliVerifyFolder, file = path.display().to_string(), what = what).render(lang()));
        }
    }
    let rows_path: PathBuf = rows.to_path_buf();
    let mut open_rows = || -> io::Result<Box<dyn BufRead + Send>> {
        Ok(Box::new(BufReader::with_capacity(1 << 20, File::open(&rows_path)?)))
    };
    let record_format = batch::resolve_format(options.from, Some(records), RecordFormat::Jsonl, "from")?;
    let mut open_text = || -> io::Result<Box<dyn Read + Send>> { Ok(Box::new(File::open(records)?)) };
    let mut open_parquet = || -> io::Result<ArrowBatches> { batch::parquet_batches(records) };
    let input = match record_format {
        RecordFormat::Jsonl => Input::Text { open: &mut open_text, format: tieuchi::batch::InputFormat::JsonLines },
        RecordFormat::Csv => Input::Text { open: &mut open_text, format: tieuchi::batch::InputFormat::Csv },
        RecordFormat::Parquet => Input::Arrow { open: &mut open_parquet },
    };
    let verification =
        tieuchi::verify::verify_batch(&library, &mut open_rows, input, &run).map_err(|e| failed(&e, rows))?;
    match format {
        Format::Json => out!("{}", serde_json::to_string_pretty(&verification)?),
        Format::Text => out!("{}", rows_text(&verification).trim_end()),
    }
    Ok(verification.reproduced)
}

/// The verdict, each row that differs by its first differing column, and a summary line.
fn rows_text(v: &BatchVerification<'_>) -> String {
    use std::fmt::Write as _;
    let lang = lang();
    let mut out = String::new();
    let rules: Vec<String> = v.rules.iter().map(|r| format!("`{}` sha256 {}", r.id, r.sha256)).collect();
    let engine = format!("{} {}", v.engine.name, v.engine.version);
    let made_with = msg!(CliVerifyMadeWith, rules = rules.join(", "), engine = engine).render(lang);
    let on = v.on.as_ref().map(|on| msg!(CliVerifyRunOn, on = on).render(lang));
    let run = match (&v.family, on) {
        (Some(family), Some(on)) => format!(" (`{family}`, {on})"),
        (Some(family), None) => format!(" (`{family}`)"),
        (None, Some(on)) => format!(" ({on})"),
        (None, None) => String::new(),
    };
    if v.reproduced {
        let _ = writeln!(out, "{}{run}", msg!(CliVerifyRowsReproduced, rows = v.rows).render(lang));
        let _ = writeln!(out, "  {made_with}");
        return out;
    }
    let verdict = msg!(CliVerifyRowsNotReproduced, differing = v.rows_differing, rows = v.rows);
    let _ = writeln!(out, "{}{run}", verdict.render(lang));
    for d in v.differences.iter().take(SHOWN_ROWS) {
        let _ = writeln!(out, "  {}", row_difference(d));
    }
    let listed = v.differences.len().min(SHOWN_ROWS) as u64;
    if v.rows_differing > listed {
        let _ = writeln!(out, "  {}", msg!(CliVerifyMoreRows, count = v.rows_differing - listed).render(lang));
    }
    let tally = msg!(CliVerifyRowsTally, reproduced = v.rows_reproduced, rows = v.rows, made = made_with);
    let _ = writeln!(out, "{}", tally.render(lang));
    out
}

fn row_difference(d: &RowDifference) -> String {
    let lang = lang();
    let place = match d.line {
        Some(line) => msg!(CliVerifyRowAtLine, row = d.row, line = line),
        None => msg!(CliVerifyRow, row = d.row),
    };
    let what = match (d.column.as_str(), d.recorded.is_null(), d.now.is_null()) {
        ("", _, _) => msg!(CliVerifyNotARow, text = brief(&d.recorded)).render(lang),
        ("row", true, _) => msg!(CliVerifyRowNotRecorded).render(lang),
        ("row", _, true) => msg!(CliVerifyRowGone).render(lang),
        (column, _, _) => {
            const NAMED: usize = 4;
            let others = d.columns.get(1..).unwrap_or_default();
            let more = match others.len() {
                0 => String::new(),
                n if n <= NAMED => format!("; {}", msg!(CliVerifyAlso, columns = others.join(", ")).render(lang)),
                n => {
                    let also = msg!(
                        CliVerifyAlsoMany,
                        columns = others.get(..NAMED).unwrap_or_default().join(", "),
                        count = n
                    );
                    format!("; {}", also.render(lang))
                }
            };
            let why = why(column, Msg::CliVerifyRowsRulesChanged);
            let line = msg!(CliVerifyDifference, path = column, recorded = brief(&d.recorded), now = brief(&d.now));
            format!("{}{why}{more}", line.render(lang))
        }
    };
    format!("{}: {what}", place.render(lang))
}
