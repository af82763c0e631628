//! One shape for every failure: an [`ErrorRecord`] per problem, and a [`Failure`] that gathers the
//! problems of one failed call. The command line, Python and JavaScript serialise these and
//! nothing else, so the same bad input gives the same record everywhere.
//!
//! A record is flat, with the parts a problem has: every record has a `code` (see
//! `tieuchi explain`), a `message` and a `help` line; a problem in rule text has its place
//! (`file`, `line`, `column`, the `source_line`), one in evidence its `field` path, one in
//! arithmetic its place and its `expression`.

use serde::{Deserialize, Serialize};

use crate::diagnostic::{help_label, CompileError, Diagnostic, Severity};
use crate::eval::evidence::{EvidenceCode, EvidenceError};
use crate::eval::EvalError;
use crate::i18n::{Lang, Message};
use crate::library::SelectError;
use crate::msg;
use crate::ruleset::EvaluateError;

/// Where a failure arose.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FailureKind {
    /// Rule text that does not compile.
    Compile,
    /// Evidence that does not fit the rule set's inputs.
    Evidence,
    /// Arithmetic with no exact answer.
    Eval,
    /// No rule set, or no version, could be chosen.
    Select,
    /// A front end's call was given an argument it cannot use (a date that is not a date, a
    /// value of the wrong type).
    Argument,
    /// Something failed that no input should make fail: a panic, a trap, a bug.
    Internal,
}

/// The stable code of each argument error, registered in [`crate::codes`]: a call a front end
/// made with an argument the engine cannot use, before any rule or evidence is looked at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ArgumentCode {
    /// An argument of the wrong type or shape.
    Invalid,
    /// An evaluation date that is not `YYYY-MM-DD`.
    BadDate,
    /// A call before the engine was loaded (the WebAssembly module before `init()`).
    NotInitialized,
    /// A parameter override names no `param` of the rule set.
    UnknownParam,
    /// A parameter override's value does not fit the parameter's type.
    BadParam,
    /// Bytes given as compiled rules are not compiled rules this engine reads.
    NotCompiled,
}

impl ArgumentCode {
    /// Every code, in declaration order.
    pub const ALL: &'static [ArgumentCode] = &[
        ArgumentCode::Invalid,
        ArgumentCode::BadDate,
        ArgumentCode::NotInitialized,
        ArgumentCode::UnknownParam,
        ArgumentCode::BadParam,
        ArgumentCode::NotCompiled,
    ];

    /// The stable string: `argument::invalid`.
    pub fn as_str(self) -> &'static str {
        match self {
            ArgumentCode::Invalid => "argument::invalid",
            ArgumentCode::BadDate => "argument::bad-date",
            ArgumentCode::NotInitialized => "argument::not-initialized",
            ArgumentCode::UnknownParam => "argument::unknown-param",
            ArgumentCode::BadParam => "argument::bad-param",
            ArgumentCode::NotCompiled => "argument::not-compiled",
        }
    }

    /// The code of `text`, if it is one.
    pub fn parse(text: &str) -> Option<ArgumentCode> {
        ArgumentCode::ALL.iter().copied().find(|c| c.as_str() == text)
    }
}

/// The stable code of each internal error, registered in [`crate::codes`]: what no input should
/// cause, reported rather than hidden.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum InternalCode {
    /// A failure with no more specific code (a result that cannot be written, a failure with no
    /// problem in it).
    Error,
    /// The engine panicked.
    Panic,
    /// The WebAssembly instance trapped (out of memory or stack).
    Trap,
}

impl InternalCode {
    /// Every code, in declaration order.
    pub const ALL: &'static [InternalCode] = &[InternalCode::Error, InternalCode::Panic, InternalCode::Trap];

    /// The stable string: `internal::panic`.
    pub fn as_str(self) -> &'static str {
        match self {
            InternalCode::Error => "internal::error",
            InternalCode::Panic => "internal::panic",
            InternalCode::Trap => "internal::trap",
        }
    }

    /// What to do about it, the same in every front end.
    pub fn help_message(self) -> Message {
        match self {
            InternalCode::Error => msg!(InternalErrorHelp),
            InternalCode::Panic => msg!(InternalPanicHelp),
            InternalCode::Trap => msg!(InternalTrapHelp),
        }
    }

    /// The code of `text`, if it is one.
    pub fn parse(text: &str) -> Option<InternalCode> {
        InternalCode::ALL.iter().copied().find(|c| c.as_str() == text)
    }
}

/// One problem.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorRecord {
    /// The stable code (see [`crate::codes`]).
    pub code: String,
    /// Error or warning.
    pub severity: Severity,
    /// What is wrong, in the language asked for.
    pub message: String,
    /// What to do about it; empty when there is nothing to add.
    #[serde(default)]
    pub help: String,
    /// The path of an evidence field (`tieu_chi_chung`, `thanh_vien[3].xep_loai`); empty for the
    /// record as a whole.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub field: Option<String>,
    /// The rule file, for a problem in one.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub file: Option<String>,
    /// The line it starts on, from 1.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub line: Option<usize>,
    /// The column it starts at, from 1.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub column: Option<usize>,
    /// The line it ends on.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub end_line: Option<usize>,
    /// The column it ends at.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub end_column: Option<usize>,
    /// The line of rule text the problem starts on.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub source_line: Option<String>,
    /// What the caret under the excerpt says.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub label: Option<String>,
    /// The expression that had no exact answer.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub expression: Option<String>,
    /// The plain rendering the command line prints, the same in every front end.
    pub rendered: String,
}

impl ErrorRecord {
    fn new(code: &str, message: String, help: String) -> Self {
        ErrorRecord {
            code: code.to_owned(),
            severity: Severity::Error,
            message,
            help,
            field: None,
            file: None,
            line: None,
            column: None,
            end_line: None,
            end_column: None,
            source_line: None,
            label: None,
            expression: None,
            rendered: String::new(),
        }
    }

    /// A problem with no place in rule text, about a `field` (of evidence, or an argument) or
    /// about the whole, rendered as the command line prints it, its labels in `lang` (the message
    /// and help are given already in words).
    pub fn plain(code: &str, field: Option<String>, message: String, help: String, lang: Lang) -> Self {
        let place = match field.as_deref() {
            Some(field) if !field.is_empty() => format!("`{field}`: "),
            _ => String::new(),
        };
        let shown_help = if help.is_empty() { String::new() } else { format!("  = {}: {help}\n", help_label(lang)) };
        let rendered = format!("{}[{code}]: {place}{message}\n{shown_help}", Severity::Error.label(lang));
        ErrorRecord { field, rendered, ..ErrorRecord::new(code, message, help) }
    }

    /// `FILE:LINE:COLUMN`, when the problem has a place in rule text.
    pub fn location(&self) -> Option<String> {
        Some(format!("{}:{}:{}", self.file.as_deref()?, self.line?, self.column?))
    }
}

impl ErrorRecord {
    /// The record of a diagnostic, its words in `lang`.
    pub fn diagnostic(d: &Diagnostic, lang: Lang) -> Self {
        let start = d.location();
        let (end_line, end_column) = d.source.line_column(d.span.end);
        ErrorRecord {
            severity: d.severity,
            file: Some(start.file),
            line: Some(start.line),
            column: Some(start.column),
            end_line: Some(end_line),
            end_column: Some(end_column),
            source_line: Some(d.source_line().to_owned()),
            label: d.label(lang),
            rendered: d.render(lang),
            ..ErrorRecord::new(d.code.as_str(), d.message(lang), d.help(lang))
        }
    }
}

impl ErrorRecord {
    /// The record of an evidence problem, its words in `lang`.
    pub fn evidence(e: &EvidenceError, lang: Lang) -> Self {
        ErrorRecord::plain(e.code.as_str(), Some(e.field.clone()), e.message.render(lang), e.help.render(lang), lang)
    }

    /// The record of arithmetic with no exact answer, its words in `lang`.
    pub fn eval(e: &EvalError, lang: Lang) -> Self {
        let (message, help) = (e.localized_message().render(lang), e.localized_help().render(lang));
        let line = e.location.line.to_string();
        let gutter = " ".repeat(line.len());
        let rendered = format!(
            "{}[{}]: {}\n{gutter}--> {}\n{gutter} |\n{line} | {}\n{gutter} = {}: {}\n",
            Severity::Error.label(lang),
            e.code.as_str(),
            message,
            e.location,
            e.source_line,
            help_label(lang),
            help
        );
        ErrorRecord {
            file: Some(e.location.file.clone()),
            line: Some(e.location.line),
            column: Some(e.location.column),
            source_line: Some(e.source_line.to_string()),
            expression: Some(e.expression.clone()),
            rendered,
            ..ErrorRecord::new(e.code.as_str(), message, help)
        }
    }

    /// The record of a rule set that could not be chosen, its words in `lang`.
    pub fn select(e: &SelectError, lang: Lang) -> Self {
        let (message, help) = (e.message().render(lang), e.help().render(lang));
        let rendered =
            format!("{}[{}]: {message}\n  = {}: {help}\n", Severity::Error.label(lang), e.code(), help_label(lang));
        ErrorRecord { rendered, ..ErrorRecord::new(e.code(), message, help) }
    }
}

/// A failed call: where it failed, a sentence for the whole, and every problem. The first error's
/// fields are repeated at the top (`code`, `message`, `file`, `line`, `field`, …), so that a caller
/// that looks at one problem needs nothing else.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Failure {
    /// Where it failed: compiling, choosing a rule set, reading evidence, evaluating, an argument, the engine.
    pub kind: FailureKind,
    /// The whole failure in one sentence, such as ``2 errors in `x.tieuchi` ``.
    pub summary: String,
    /// The first error, its fields at the top level.
    #[serde(flatten)]
    pub first: ErrorRecord,
    /// Every problem, errors and the warnings beside them, in the order found.
    pub errors: Vec<ErrorRecord>,
    /// The index of the record that failed, in a call that evaluates many.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub record: Option<u64>,
}

impl Failure {
    fn of(kind: FailureKind, summary: String, errors: Vec<ErrorRecord>) -> Failure {
        let first = errors
            .iter()
            .find(|e| e.severity == Severity::Error)
            .or(errors.first())
            .cloned()
            .unwrap_or_else(|| internal_record(InternalCode::Error, summary.clone(), Lang::default()));
        Failure { kind, summary, first, errors, record: None }
    }

    /// Rule text that does not compile, its words in `lang`.
    pub fn compile(error: &CompileError, lang: Lang) -> Failure {
        let records = error.diagnostics.iter().map(|d| ErrorRecord::diagnostic(d, lang)).collect();
        Failure::of(FailureKind::Compile, error.summary(lang), records)
    }

    /// A record that could not be evaluated, its words in `lang`.
    pub fn evaluate(error: &EvaluateError, lang: Lang) -> Failure {
        match error {
            EvaluateError::Evidence(errors) => {
                let records: Vec<ErrorRecord> = errors.iter().map(|e| ErrorRecord::evidence(e, lang)).collect();
                let listed = records.iter().map(ToString::to_string).collect::<Vec<_>>().join("; ");
                let summary = msg!(EvidenceSummary, count = errors.len(), problems = listed).render(lang);
                Failure::of(FailureKind::Evidence, summary, records)
            }
            EvaluateError::Eval(e) => {
                let record = ErrorRecord::eval(e, lang);
                Failure::of(FailureKind::Eval, record.message.clone(), vec![record])
            }
        }
    }

    /// No rule set or version could be chosen, its words in `lang`.
    pub fn select(error: &SelectError, lang: Lang) -> Failure {
        let record = ErrorRecord::select(error, lang);
        Failure::of(FailureKind::Select, record.message.clone(), vec![record])
    }

    /// An argument a front end was given and cannot use; `field` names the argument (`on`)
    /// when it has a name; `message` and `help` are in words already, in `lang`.
    pub fn argument(code: ArgumentCode, message: String, help: String, field: Option<&str>, lang: Lang) -> Failure {
        let record = ErrorRecord::plain(code.as_str(), field.map(str::to_owned), message, help, lang);
        Failure::of(FailureKind::Argument, record.message.clone(), vec![record])
    }

    /// What no input should cause, with the code's help in `lang`.
    pub fn internal(code: InternalCode, message: String, lang: Lang) -> Failure {
        let record = internal_record(code, message, lang);
        Failure::of(FailureKind::Internal, record.message.clone(), vec![record])
    }

    /// What a front end reports for a problem it found itself, by its registered code: an
    /// argument it cannot use (`argument::*`), what no input should cause (`internal::*`), or an
    /// evidence problem its own conversion met (`evidence::bad-number` for a JavaScript `NaN`),
    /// about `field`, with a `help` line (an internal problem's is its code's, and an evidence
    /// problem must have one). `None` for a code that is none of these, or an evidence problem
    /// with no help: a front end gives no other.
    pub fn front_end(
        code: &str,
        message: Message,
        help: Option<Message>,
        field: Option<&str>,
        lang: Lang,
    ) -> Option<Failure> {
        if let Some(code) = ArgumentCode::parse(code) {
            let help = help.map(|h| h.render(lang)).unwrap_or_default();
            return Some(Failure::argument(code, message.render(lang), help, field, lang));
        }
        if let Some(code) = InternalCode::parse(code) {
            return Some(Failure::internal(code, message.render(lang), lang));
        }
        let code = EvidenceCode::ALL.iter().copied().find(|c| c.as_str() == code)?;
        let error = EvidenceError { code, field: field.unwrap_or_default().to_owned(), message, help: help? };
        Some(Failure::evaluate(&EvaluateError::Evidence(vec![error]), lang))
    }

    /// The evaluation date given to a call (`on`, `--on`): `YYYY-MM-DD`, spaces around it
    /// ignored; anything else is an `argument::bad-date` failure naming the argument `on`.
    pub fn date_argument(text: &str, lang: Lang) -> Result<crate::value::Date, Box<Failure>> {
        crate::value::parse_strict_date(text.trim()).ok_or_else(|| {
            Box::new(Failure::argument(
                ArgumentCode::BadDate,
                msg!(ArgBadDate, text = text).render(lang),
                msg!(ArgBadDateHelp).render(lang),
                Some("on"),
                lang,
            ))
        })
    }

    /// The language of messages given to a call (`lang`, `--lang`): `vi` or `en`, a region
    /// ignored (`vi-VN`); anything else is an `argument::invalid` failure naming the argument
    /// `lang`, in Vietnamese (the language asked for is the one not understood).
    pub fn lang_argument(text: &str) -> Result<Lang, Box<Failure>> {
        Lang::parse(text).ok_or_else(|| {
            let lang = Lang::default();
            Box::new(Failure::argument(
                ArgumentCode::Invalid,
                msg!(ArgUnknownLang, text = text).render(lang),
                msg!(ArgUnknownLangHelp).render(lang),
                Some("lang"),
                lang,
            ))
        })
    }

    /// The same failure, naming the record it is about.
    #[must_use]
    pub fn for_record(mut self, record: u64) -> Failure {
        self.record = Some(record);
        self
    }
}

fn internal_record(code: InternalCode, message: String, lang: Lang) -> ErrorRecord {
    ErrorRecord::plain(code.as_str(), None, message, code.help_message().render(lang), lang)
}

impl std::fmt::Display for ErrorRecord {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.field.as_deref() {
            Some(field) if !field.is_empty() => write!(f, "`{field}`: {}", self.message),
            _ => f.write_str(&self.message),
        }
    }
}

impl std::error::Error for ErrorRecord {}

/// Every record renders through miette as a diagnostic of rule text does: its code, its help and,
/// when it has a place, the source line with the span marked (the record keeps that one line, so
/// it is its own source).
impl miette::Diagnostic for ErrorRecord {
    fn code<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        Some(Box::new(&self.code))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
        })
    }

    fn help<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        (!self.help.is_empty()).then(|| Box::new(&self.help) as Box<dyn std::fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        self.source_line.as_ref().map(|_| self as &dyn miette::SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = miette::LabeledSpan> + '_>> {
        let line = self.source_line.as_deref()?;
        let column = self.column?;
        // Columns count characters; the span is in bytes of the line.
        let byte = |column: usize| line.char_indices().nth(column.saturating_sub(1)).map_or(line.len(), |(i, _)| i);
        let start = byte(column);
        let end = match (self.end_line, self.end_column, &self.expression) {
            (Some(end_line), Some(end_column), _) if Some(end_line) == self.line => byte(end_column),
            (_, _, Some(expression)) => (start + expression.lines().next().unwrap_or("").len()).min(line.len()),
            _ => line.len(),
        };
        // At least one character marked, within the line.
        let end = end.max(start + 1).min(line.len());
        let span = miette::SourceSpan::from((start, end.saturating_sub(start)));
        Some(Box::new(std::iter::once(miette::LabeledSpan::new_with_span(self.label.clone(), span))))
    }
}

impl miette::SourceCode for ErrorRecord {
    fn read_span<'a>(
        &'a self,
        span: &miette::SourceSpan,
        _lines_before: usize,
        _lines_after: usize,
    ) -> Result<Box<dyn miette::SpanContents<'a> + 'a>, miette::MietteError> {
        let text = self.source_line.as_deref().ok_or(miette::MietteError::OutOfBounds)?;
        let name = self.file.clone().unwrap_or_default();
        let line = self.line.unwrap_or(1).saturating_sub(1);
        // The column of the span asked for, so that the header names the place the record does.
        let column = text.get(..span.offset()).map_or(0, |before| before.chars().count());
        let contents =
            miette::MietteSpanContents::new_named(name, text.as_bytes(), (0, text.len()).into(), line, column, 1);
        Ok(Box::new(contents))
    }
}
