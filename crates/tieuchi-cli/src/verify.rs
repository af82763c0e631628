//! `tieuchi verify`: a recorded result, or a batch's rows, checked by the core's
//! [`tieuchi::verify`] against the rules and evidence given; this module reads the files and
//! renders what the core found.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use anyhow::{bail, Context as _, Result};
use tieuchi::batch::{ArrowBatches, Input};
use tieuchi::verify::{BatchRun, BatchVerification, Difference, RowDifference};

use crate::batch::{self, Format as RecordFormat};
use crate::{load_library, parse_date, read_json, ErrorFormat, Format};

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
        bail!("`--ruleset`, `--on` and `--from` are for a batch's rows; `{}` is one result", result.display());
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
    let file = File::open(path).with_context(|| format!("cannot read `{}`", path.display()))?;
    let mut first = String::new();
    BufReader::new(file).take(1 << 20).read_line(&mut first)?;
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
    let verification = tieuchi::verify::verify(&library, &recorded, &text)
        .map_err(|e| anyhow::anyhow!("[{}] `{}`: {e}", e.code(), result.display()))?;
    match format {
        Format::Json => out!("{}", serde_json::to_string_pretty(&verification)?),
        Format::Text => {
            let sha = |v: &serde_json::Value| v.pointer("/rules/sha256").and_then(|s| s.as_str()).map(str::to_owned);
            if verification.reproduced {
                out!(
                    "reproduced: `{}` (rules sha256 {}, tieuchi {})",
                    verification.ruleset,
                    sha(&recorded).unwrap_or_default(),
                    recorded.pointer("/engine/version").and_then(|v| v.as_str()).unwrap_or("?")
                );
            } else {
                out!("not reproduced: `{}`", verification.ruleset);
                for d in &verification.differences {
                    out!("  {}", difference(d));
                }
            }
        }
    }
    Ok(verification.reproduced)
}

/// `PATH: recorded X, now Y`, with why it matters first for the rules and the engine.
fn difference(d: &Difference) -> String {
    format!("{}: recorded {}, now {}{}", d.path, brief(&d.recorded), brief(&d.now), why(&d.path, "the result was"))
}

/// Why a difference of the rules' fingerprint or of the engine matters, of what `made` names.
fn why(path: &str, made: &str) -> String {
    match path {
        "rules.sha256" | "rules_sha256" => format!(" (the rule text is not the text {made} made with)"),
        "engine.version" | "engine" => " (another version of the engine)".to_owned(),
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
    for (path, what) in [(rows, "rows"), (records, "records")] {
        if path.as_os_str() == "-" {
            bail!("the {what} are read more than once: give a file, not `-`");
        }
        if std::fs::metadata(path).with_context(|| format!("cannot read `{}`", path.display()))?.is_dir() {
            bail!("`{}` is a folder; give the file of {what}", path.display());
        }
    }
    let rows_path: PathBuf = rows.to_path_buf();
    let mut open_rows = || -> io::Result<Box<dyn BufRead + Send>> {
        Ok(Box::new(BufReader::with_capacity(1 << 20, File::open(&rows_path)?)))
    };
    let record_format = batch::resolve_format(options.from, Some(records), RecordFormat::Jsonl, "from")?;
    let mut open_text = || -> io::Result<Box<dyn Read + Send>> { Ok(Box::new(File::open(records)?)) };
    let mut open_parquet = || -> io::Result<ArrowBatches> {
        let builder = parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder::try_new(File::open(records)?)
            .map_err(io::Error::other)?;
        Ok(Box::new(builder.with_batch_size(tieuchi::batch::CHUNK_RECORDS).build().map_err(io::Error::other)?))
    };
    let input = match record_format {
        RecordFormat::Jsonl => Input::Text { open: &mut open_text, format: tieuchi::batch::InputFormat::JsonLines },
        RecordFormat::Csv => Input::Text { open: &mut open_text, format: tieuchi::batch::InputFormat::Csv },
        RecordFormat::Parquet => Input::Arrow { open: &mut open_parquet },
    };
    let verification = tieuchi::verify::verify_batch(&library, &mut open_rows, input, &run)
        .map_err(|e| anyhow::anyhow!("[{}] `{}`: {e}", e.code(), rows.display()))?;
    match format {
        Format::Json => out!("{}", serde_json::to_string_pretty(&verification)?),
        Format::Text => out!("{}", rows_text(&verification).trim_end()),
    }
    Ok(verification.reproduced)
}

/// The verdict, each row that differs by its first differing column, and a summary line.
fn rows_text(v: &BatchVerification<'_>) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    let rules: Vec<String> = v.rules.iter().map(|r| format!("`{}` sha256 {}", r.id, r.sha256)).collect();
    let made_with = format!("rules {}; {} {}", rules.join(", "), v.engine.name, v.engine.version);
    let run = match (&v.family, &v.on) {
        (Some(family), Some(on)) => format!(" (`{family}`, on {on} where a record gives no date)"),
        (Some(family), None) => format!(" (`{family}`)"),
        (None, Some(on)) => format!(" (on {on} where a record gives no date)"),
        (None, None) => String::new(),
    };
    if v.reproduced {
        let _ = writeln!(out, "reproduced: all {} rows{run}", v.rows);
        let _ = writeln!(out, "  {made_with}");
        return out;
    }
    let _ = writeln!(out, "not reproduced: {} of {} rows differ{run}", v.rows_differing, v.rows);
    for d in v.differences.iter().take(SHOWN_ROWS) {
        let _ = writeln!(out, "  {}", row_difference(d));
    }
    let listed = v.differences.len().min(SHOWN_ROWS) as u64;
    if v.rows_differing > listed {
        let _ = writeln!(out, "  … and {} more rows (`--format json` lists them)", v.rows_differing - listed);
    }
    let _ = writeln!(out, "{} of {} rows reproduced; {made_with}", v.rows_reproduced, v.rows);
    out
}

fn row_difference(d: &RowDifference) -> String {
    let place = match d.line {
        Some(line) => format!("row {} (line {line})", d.row),
        None => format!("row {}", d.row),
    };
    let what = match (d.column.as_str(), d.recorded.is_null(), d.now.is_null()) {
        ("", _, _) => format!("not a row: {}", brief(&d.recorded)),
        ("row", true, _) => "not recorded; the batch gives it now".to_owned(),
        ("row", _, true) => "recorded; the batch no longer gives it".to_owned(),
        (column, _, _) => {
            const NAMED: usize = 4;
            let others = d.columns.get(1..).unwrap_or_default();
            let more = match others.len() {
                0 => String::new(),
                n if n <= NAMED => format!("; also {}", others.join(", ")),
                n => format!("; also {}, … ({n} columns)", others[..NAMED].join(", ")),
            };
            let why = why(column, "the rows were");
            format!("{column}: recorded {}, now {}{why}{more}", brief(&d.recorded), brief(&d.now))
        }
    };
    format!("{place}: {what}")
}
