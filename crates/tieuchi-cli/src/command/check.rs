//! `tieuchi check`: rule files (or folders) checked together, every diagnostic printed.

use std::path::PathBuf;

use anyhow::Result;
use tieuchi::Library;

use crate::load::read_rule_files;
use crate::report::report;
use crate::{files, lang, ErrorFormat};

/// Checks every rule file named or found, together, so that versions of one family are checked
/// against each other (overlapping validity) as well as each on its own.
pub(crate) fn check(paths: &[PathBuf], format: ErrorFormat) -> Result<bool> {
    let files = files::rule_files(paths)?;
    let (sources, mut diagnostics) = read_rule_files(&files)?;
    diagnostics.extend(match Library::compile(&sources) {
        Ok(library) => library.warnings().to_vec(),
        Err(error) => error.diagnostics,
    });
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = diagnostics.len() - errors;
    report(&diagnostics, format);
    if format == ErrorFormat::Human {
        eprintln!(
            "{}",
            tieuchi::msg!(CliChecked, files = files.len(), errors = errors, warnings = warnings).render(lang())
        );
    }
    Ok(errors == 0)
}
