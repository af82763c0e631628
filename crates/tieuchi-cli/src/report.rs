//! Problems on standard error, as a person or a program reads them: diagnostics, the engine's
//! error records and failures.

use std::io::IsTerminal as _;

use anyhow::{Context as _, Result};
use tieuchi::Diagnostic;

use crate::{lang, ErrorFormat};

/// Prints diagnostics to standard error: graphical on a terminal, plain otherwise, or JSON.
pub(crate) fn report(diagnostics: &[Diagnostic], format: ErrorFormat) {
    match format {
        ErrorFormat::Json => {
            for d in diagnostics {
                let record = tieuchi::ErrorRecord::diagnostic(d, lang());
                eprintln!("{}", serde_json::to_string(&record).unwrap_or_default());
            }
        }
        ErrorFormat::Human if std::io::stderr().is_terminal() => {
            for d in diagnostics {
                let record = tieuchi::ErrorRecord::diagnostic(d, lang());
                match graphical(&record, miette::GraphicalReportHandler::new(), lang()) {
                    Some(out) => eprintln!("{out}"),
                    None => eprintln!("{}", d.render(lang())),
                }
            }
        }
        ErrorFormat::Human => {
            for d in diagnostics {
                eprintln!("{}", d.render(lang()));
            }
        }
    }
}

/// An error record for a person: through miette on a terminal, as every diagnostic is; the
/// engine's plain rendering otherwise.
pub(crate) fn human(record: &tieuchi::ErrorRecord) -> String {
    if std::io::stderr().is_terminal() {
        if let Some(out) = graphical(record, miette::GraphicalReportHandler::new(), lang()) {
            return out;
        }
    }
    record.rendered.clone()
}

/// The record through a miette graphical `handler` (colours, the excerpt boxed), its help line
/// after the catalogue's label in `lang`. miette words the line before a help as an English
/// `help:` of its own, so the help goes into the handler's footer instead; `None` when miette
/// cannot render it (the caller falls back on the record's plain rendering).
pub(crate) fn graphical(
    record: &tieuchi::ErrorRecord,
    handler: miette::GraphicalReportHandler,
    lang: tieuchi::Lang,
) -> Option<String> {
    let mut shown = record.clone();
    let help = std::mem::take(&mut shown.help);
    let handler = if help.is_empty() {
        handler
    } else {
        handler.with_footer(format!("{}: {help}", tieuchi::diagnostic::help_label(lang)))
    };
    let mut out = String::new();
    handler.render_report(&mut out, &shown).ok()?;
    Some(out)
}

/// "the result could not be written as JSON", in the language asked for: serde's words follow as
/// the cause.
pub(crate) fn not_json() -> String {
    tieuchi::msg!(CliResultNotJson).render(lang())
}

/// A failure of the engine on standard error (one JSON record per problem with `--error-format
/// json`); the command fails.
pub(crate) fn report_failure(failure: &tieuchi::Failure, error_format: ErrorFormat) -> Result<bool> {
    for record in &failure.errors {
        match error_format {
            ErrorFormat::Json => eprintln!("{}", serde_json::to_string(record).with_context(not_json)?),
            ErrorFormat::Human => eprint!("{}", human(record)),
        }
    }
    Ok(false)
}

#[cfg(test)]
#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "tests")]

    use super::*;
    use tieuchi::{Library, SourceFile};

    /// On a terminal a problem goes through miette, which words the line before a help as an
    /// English `help:` of its own: the command puts the catalogue's label there instead.
    #[test]
    fn a_terminals_help_line_has_the_catalogues_label() {
        let source = SourceFile::new(
            "x.tieuchi",
            "ruleset x \"X\" {\n  outcome o \"O\" {\n    t \"T\" when c >= 1\n    u \"U\" otherwise\n  }\n}\n",
        );
        let diagnostics = Library::compile(&[source]).unwrap_err().diagnostics;
        let error = diagnostics.iter().find(|d| d.is_error()).unwrap();
        let plain = || miette::GraphicalReportHandler::new_themed(miette::GraphicalTheme::unicode_nocolor());
        let vi = graphical(&tieuchi::ErrorRecord::diagnostic(error, tieuchi::Lang::Vi), plain(), tieuchi::Lang::Vi);
        let vi = vi.unwrap();
        assert!(vi.contains("check::unknown-name") && vi.contains("không có tên `c`"), "{vi}");
        assert!(vi.contains("gợi ý: ") && !vi.contains("help"), "{vi}");
        let en = graphical(&tieuchi::ErrorRecord::diagnostic(error, tieuchi::Lang::En), plain(), tieuchi::Lang::En);
        let en = en.unwrap();
        assert!(en.contains("unknown name `c`") && en.contains("  help: "), "{en}");
    }
}
