//! What the commands read: rule files and folders compiled together, the version to use, an
//! evidence file, the arguments that are values (`--on`, `--set`).

use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result};
use tieuchi::{Diagnostic, Library, RuleSet, SourceFile};

use crate::command::batch::cannot_read;
use crate::report::{human, report, report_failure};
use crate::{files, lang, ErrorFormat};

/// Reads rule files, each at most up to the size limit: the files, and a diagnostic for each file
/// over the limit.
pub(crate) fn read_rule_files(paths: &[PathBuf]) -> Result<(Vec<SourceFile>, Vec<Diagnostic>)> {
    let mut sources = Vec::new();
    let mut too_large = Vec::new();
    for path in paths {
        match tieuchi::read_source(path).with_context(|| cannot_read(path))? {
            Ok(source) => sources.push(source),
            Err(diagnostic) => too_large.push(diagnostic),
        }
    }
    Ok((sources, too_large))
}

/// Compiles the rule files at `path` (a file or a folder) together, reporting what stops them.
pub(crate) fn load_library(path: &Path, format: ErrorFormat) -> Result<Option<Library>> {
    let (sources, too_large) = read_rule_files(&files::rule_files(&[path.to_path_buf()])?)?;
    if !too_large.is_empty() {
        report(&too_large, format);
        return Ok(None);
    }
    match Library::compile(&sources) {
        Ok(library) => Ok(Some(library)),
        Err(error) => {
            report(&error.diagnostics, format);
            Ok(None)
        }
    }
}

/// The version to evaluate with; a failure to choose is reported and gives `None`.
pub(crate) fn choose<'l>(
    library: &'l Library,
    id: Option<&str>,
    on: Option<jiff::civil::Date>,
    format: ErrorFormat,
) -> Option<&'l RuleSet> {
    match library.select(id, on) {
        Ok(rules) => Some(rules),
        Err(error) => {
            let record = tieuchi::ErrorRecord::select(&error, lang());
            match format {
                ErrorFormat::Json => eprintln!("{}", serde_json::to_string(&record).unwrap_or_default()),
                ErrorFormat::Human => eprint!("{}", human(&record)),
            }
            None
        }
    }
}

/// `--on`, read as every front end reads an evaluation date (`argument::bad-date` otherwise).
pub(crate) fn parse_date(text: &str) -> Result<jiff::civil::Date> {
    tieuchi::Failure::date_argument(text, lang()).map_err(|f| anyhow::anyhow!("[{}] {}", f.first.code, f.first.message))
}

/// The evidence file's text (a byte order mark at its start skipped, as `batch` skips one) and
/// its JSON.
pub(crate) fn read_json(path: &Path) -> Result<(String, serde_json::Value)> {
    let mut text = if path.as_os_str() == "-" {
        std::io::read_to_string(std::io::stdin()).with_context(|| tieuchi::msg!(CliCannotReadStdin).render(lang()))?
    } else {
        std::fs::read_to_string(path).with_context(|| cannot_read(path))?
    };
    if text.starts_with('\u{feff}') {
        text.drain(..'\u{feff}'.len_utf8());
    }
    let json = serde_json::from_str(&text)
        .with_context(|| tieuchi::msg!(CliNotJson, file = path.display().to_string()).render(lang()))?;
    Ok((text, json))
}

/// The `--set ID=VALUE` arguments as pairs.
pub(crate) fn parse_sets(sets: &[String]) -> Result<Vec<(String, String)>> {
    sets.iter()
        .map(|s| match s.split_once('=') {
            Some((id, value)) => Ok((id.trim().to_owned(), value.trim().to_owned())),
            None => anyhow::bail!("{}", tieuchi::msg!(CliSetForm, text = s).render(lang())),
        })
        .collect()
}

/// The library with `--set`-style overrides applied (itself when there are none); a failure is
/// reported and gives `None`.
pub(crate) fn simulated(library: Library, sets: &[String]) -> Result<Option<Library>> {
    let overrides = parse_sets(sets)?;
    if overrides.is_empty() {
        return Ok(Some(library));
    }
    match library.with_params_in(&overrides, lang()) {
        Ok(simulated) => Ok(Some(simulated)),
        Err(failure) => report_failure(&failure, ErrorFormat::Human).map(|_| None),
    }
}
