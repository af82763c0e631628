//! `tieuchi fmt`: rule files in the canonical layout, rewritten in place, printed, or checked.

use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result};
use tieuchi::FormatError;
use tieuchi::{Msg, SourceFile};

use crate::report::report;
use crate::{files, ErrorFormat};

/// What `fmt` does with a file whose layout is not the canonical one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    /// Rewrite it in place.
    Write,
    /// Print the formatted text instead.
    Stdout,
    /// Change nothing; name it and show the difference (for CI).
    Check,
}

/// Formats every rule file named or under the folders named (`-` is standard input, printed
/// formatted). `Ok(false)` when a file does not parse, or, with [`Mode::Check`], when a file is
/// not formatted.
pub(crate) fn run(paths: &[PathBuf], mode: Mode, error_format: ErrorFormat) -> Result<bool> {
    let (stdin, paths): (Vec<&PathBuf>, Vec<&PathBuf>) = paths.iter().partition(|p| p.as_os_str() == "-");
    let mut sources = Vec::new();
    if !stdin.is_empty() {
        let text = std::io::read_to_string(std::io::stdin())
            .with_context(|| tieuchi::msg!(CliCannotReadStdin).render(crate::lang()))?;
        sources.push((None, SourceFile::new("<stdin>", text)));
    }
    let paths: Vec<PathBuf> = paths.into_iter().cloned().collect();
    let mut diagnostics = Vec::new();
    for path in files::rule_files(&paths)? {
        let read = tieuchi::read_source(&path).with_context(|| crate::batch::cannot_read(&path))?;
        match read {
            Ok(source) => sources.push((Some(path), source)),
            Err(too_large) => diagnostics.push(too_large),
        }
    }

    let mut unformatted = Vec::new();
    for (path, source) in &sources {
        let formatted = match tieuchi::format(source) {
            Ok(formatted) => formatted,
            Err(FormatError::Syntax { diagnostics: found, .. }) => {
                diagnostics.extend(found);
                continue;
            }
            Err(error @ FormatError::TokensChanged { .. }) => return Err(error.into()),
        };
        let changed = formatted != source.text();
        match (path, mode) {
            (None, _) | (Some(_), Mode::Stdout) => out!("{}", formatted.trim_end_matches('\n')),
            (Some(path), Mode::Write) if changed => write(path, &formatted)?,
            (Some(path), Mode::Check) if changed => {
                out!("{}", diff(path, source.text(), &formatted));
                unformatted.push(path.display().to_string());
            }
            (Some(_), _) => {}
        }
    }

    report(&diagnostics, error_format);
    if mode == Mode::Check && error_format == ErrorFormat::Human {
        let lang = crate::lang();
        for file in &unformatted {
            eprintln!("{}", tieuchi::msg!(CliFmtWouldReformat, file = file.as_str()).render(lang));
        }
        eprintln!("{}", tieuchi::msg!(CliFmtSummary, changed = unformatted.len(), files = sources.len()).render(lang));
    }
    Ok(diagnostics.is_empty() && unformatted.is_empty())
}

/// Replaces the file through a temporary file beside it, so that an interrupted run never leaves
/// half a rule file.
fn write(path: &Path, text: &str) -> Result<()> {
    let folder = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let mut temporary =
        tempfile::NamedTempFile::new_in(folder).with_context(|| file_message(Msg::CliCannotWriteBeside, path))?;
    std::io::Write::write_all(&mut temporary, text.as_bytes())
        .with_context(|| file_message(Msg::CliCannotWrite, path))?;
    if let Ok(metadata) = std::fs::metadata(path) {
        // Keep the file's permissions: a rule file read-only for others stays so.
        let _ = std::fs::set_permissions(temporary.path(), metadata.permissions());
    }
    temporary.persist(path).with_context(|| file_message(Msg::CliCannotReplace, path))?;
    Ok(())
}

/// A unified diff of the file as it is and as `fmt` would write it.
fn diff(path: &Path, before: &str, after: &str) -> String {
    let name = path.display().to_string();
    similar::TextDiff::from_lines(before, after)
        .unified_diff()
        .context_radius(2)
        .header(&name, &tieuchi::msg!(CliFmtFormatted, file = name.as_str()).render(crate::lang()))
        .to_string()
        .trim_end_matches('\n')
        .to_owned()
}

/// A message about the file at `path` (its one argument, `file`), in the run's language.
fn file_message(id: Msg, path: &Path) -> String {
    tieuchi::Message::new(id).arg("file", path.display().to_string()).render(crate::lang())
}
