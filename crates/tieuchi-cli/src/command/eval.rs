//! `tieuchi eval`: one evidence record evaluated, the result as JSON or as a text report
//! ([`text`]).

mod text;

use std::path::Path;

use anyhow::{Context as _, Result};
use tieuchi::Options;

use crate::load::{choose, load_library, parse_date, parse_sets, read_json};
use crate::report::{human, not_json, report_failure};
use crate::{error_label, lang, ErrorFormat, Format};

/// What `eval` adds to a result.
#[derive(Debug, Clone)]
pub(crate) struct Asked {
    pub(crate) trace: bool,
    pub(crate) what_it_takes: bool,
    /// `--set ID=VALUE`: parameters simulated.
    pub(crate) set: Vec<String>,
}

pub(crate) fn eval(
    rules: &Path,
    ruleset: Option<&str>,
    evidence: &Path,
    format: Format,
    on: Option<&str>,
    &Asked { trace, what_it_takes, ref set }: &Asked,
    error_format: ErrorFormat,
) -> Result<bool> {
    let Some(library) = load_library(rules, error_format)? else { return Ok(false) };
    let (text, record) = read_json(evidence)?;
    let on = on.map(parse_date).transpose()?;
    let overrides = parse_sets(set)?;
    // The record's own date chooses the version as it anchors the evaluation.
    let record_on = record.get("on").and_then(serde_json::Value::as_str).and_then(|d| d.parse().ok());
    let Some(rules) = choose(&library, ruleset, record_on.or(on), error_format) else { return Ok(false) };
    let simulated;
    let rules = if overrides.is_empty() {
        rules
    } else {
        match rules.with_params_in(overrides.iter().map(|(id, value)| (id.as_str(), value.as_str())), lang()) {
            Ok(r) => {
                simulated = r;
                &simulated
            }
            Err(failure) => return report_failure(&failure, error_format),
        }
    };
    let options = Options { on, trace: trace || format == Format::Text, lang: lang() };
    // Read from the text, as `batch` reads a record: a field given twice is refused, not
    // silently taken at its last value.
    match rules.evaluate_json(&text, &options) {
        Ok(result) => {
            match format {
                Format::Json => {
                    out!("{}", tieuchi::wire::result_json(&result, trace, what_it_takes).with_context(not_json)?);
                }
                Format::Text => {
                    let wire = tieuchi::wire::result_record(&result, true, what_it_takes);
                    out!("{}", text::render(rules, &wire).trim_end());
                }
            }
            Ok(true)
        }
        Err(error) => {
            // With JSON asked for, standard output carries the failure too, so that a caller
            // reading it never meets an empty document.
            if format == Format::Json {
                let failure = tieuchi::wire::failure(rules.id(), &error, lang());
                out!("{}", serde_json::to_string_pretty(&failure).with_context(not_json)?);
            }
            report_evaluate_error(&error, evidence, error_format)?;
            Ok(false)
        }
    }
}

/// A failed evaluation on standard error, as the engine renders it: each evidence problem by its
/// field, or the arithmetic error at its rule; one JSON record per problem with `--error-format
/// json`.
fn report_evaluate_error(error: &tieuchi::EvaluateError, evidence: &Path, error_format: ErrorFormat) -> Result<()> {
    let failure = tieuchi::Failure::evaluate(error, lang());
    match error_format {
        ErrorFormat::Json => {
            for record in &failure.errors {
                eprintln!("{}", serde_json::to_string(record).with_context(not_json)?);
            }
        }
        ErrorFormat::Human => {
            let file = evidence.display().to_string();
            eprintln!(
                "{}: {}",
                error_label(),
                tieuchi::msg!(CliCannotEvaluate, file = file, summary = &failure.summary).render(lang())
            );
            for record in &failure.errors {
                eprint!("{}", human(record));
            }
        }
    }
    Ok(())
}
