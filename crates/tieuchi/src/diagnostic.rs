//! Problems found in rule files, each with a stable code, a span and a help line.

use std::fmt;
use std::fmt::Write as _;

use serde::Serialize;

use crate::i18n::{Lang, Message};
use crate::span::{Location, SourceFile, Span};

/// How serious a problem is: an error stops compilation, a warning does not.
#[cfg_attr(feature = "compiled", derive(borsh::BorshSerialize, borsh::BorshDeserialize))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth a look; the rule set still compiles.
    Warning,
    /// The rule set does not compile.
    Error,
}

impl Severity {
    /// The word a rendered problem starts with (`error`, `lỗi`), in `lang`; the code after it and
    /// the `severity` of JSON records stay the same in every language.
    pub fn label(self, lang: Lang) -> String {
        let id = match self {
            Severity::Error => crate::i18n::Msg::LabelError,
            Severity::Warning => crate::i18n::Msg::LabelWarning,
        };
        Message::new(id).render(lang)
    }
}

/// The word before a help line (`help`, `gợi ý`), in `lang`.
pub fn help_label(lang: Lang) -> String {
    Message::new(crate::i18n::Msg::LabelHelp).render(lang)
}

macro_rules! codes {
    ($($variant:ident => $code:literal;)*) => {
        /// Every diagnostic the engine can give. The string codes are stable: tools match on them.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Code { $(#[doc = concat!("`", $code, "`")] $variant,)* }

        impl Code {
            /// Every code, in declaration order.
            pub const ALL: &'static [Code] = &[$(Code::$variant,)*];

            /// The stable string: `check::unknown-name`.
            pub fn as_str(self) -> &'static str {
                match self { $(Code::$variant => $code,)* }
            }
        }
    };
}

codes! {
    SyntaxError => "syntax::expected";
    SourceTooLarge => "syntax::too-large";
    NestingTooDeep => "syntax::too-deep";
    BadNumber => "syntax::bad-number";
    BadDate => "syntax::bad-date";
    DuplicateName => "check::duplicate-name";
    DuplicateHeader => "check::duplicate-header";
    ReservedName => "check::reserved-name";
    UnknownName => "check::unknown-name";
    UnknownType => "check::unknown-type";
    UnknownFunction => "check::unknown-function";
    WrongArity => "check::arity";
    TypeMismatch => "check::type-mismatch";
    EnumMismatch => "check::enum-mismatch";
    UnorderedEnum => "check::unordered-enum";
    BadRange => "check::bad-range";
    BadDefault => "check::bad-default";
    BadParam => "check::bad-param";
    ScoreAboveParent => "check::score-above-parent";
    ScoreUnreachable => "check::score-unreachable";
    ScoreExceeds => "check::score-exceeds";
    MissingOutcome => "check::missing-outcome";
    MultipleOutcomes => "check::multiple-outcomes";
    NoOtherwise => "check::no-otherwise";
    OtherwiseNotLast => "check::otherwise-not-last";
    UnreachableTier => "check::unreachable-tier";
    OverlappingTiers => "check::overlapping-tiers";
    TierGap => "check::tier-gap";
    UnknownTier => "check::unknown-tier";
    QuotaNotLower => "check::quota-not-lower";
    Cycle => "check::cycle";
    UnusedInput => "check::unused-input";
    NestedCollection => "check::nested-collection";
    ImportUnsupported => "check::import";
    BadTest => "check::bad-test";
    OverlappingVersions => "check::overlapping-versions";
    LimitExceeded => "check::limit";
    ConstantCondition => "check::constant-condition";
    UnitMismatch => "check::unit-mismatch";
    ImportFailed => "check::import-failed";
    UnroundedDivision => "check::unrounded-division";
    LayerBase => "check::layer-base";
    LayerRedefines => "check::layer-redefines";
    LayerLoosens => "check::layer-loosens";
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// One problem in a rule file. It owns its source so it can be rendered anywhere, and keeps its
/// words as messages of the catalogue, put into a language when rendered.
#[cfg_attr(feature = "compiled", derive(borsh::BorshSerialize, borsh::BorshDeserialize))]
#[derive(Debug, Clone, PartialEq)]
pub struct Diagnostic {
    /// The stable code.
    pub code: Code,
    /// Error or warning.
    pub severity: Severity,
    /// What is wrong.
    pub message: Message,
    /// Where, in `source`.
    pub span: Span,
    /// What the caret under the excerpt says.
    pub label: Option<Message>,
    /// What to do about it.
    pub help: Option<Message>,
    /// The rule file it is in.
    pub source: SourceFile,
}

impl Diagnostic {
    /// An error at `span` of `source`.
    pub fn error(code: Code, source: &SourceFile, span: Span, message: Message) -> Self {
        Diagnostic { code, severity: Severity::Error, message, span, label: None, help: None, source: source.clone() }
    }

    /// A warning at `span` of `source`.
    pub fn warning(code: Code, source: &SourceFile, span: Span, message: Message) -> Self {
        Diagnostic { severity: Severity::Warning, ..Self::error(code, source, span, message) }
    }

    /// With a help line.
    #[must_use]
    pub fn with_help(mut self, help: Message) -> Self {
        self.help = Some(help);
        self
    }

    /// With a caret label.
    #[must_use]
    pub fn with_label(mut self, label: Message) -> Self {
        self.label = Some(label);
        self
    }

    /// Whether it is an error (not a warning).
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The message in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        self.message.render(lang)
    }

    /// The help line in `lang`; empty when there is none.
    pub fn help(&self, lang: Lang) -> String {
        self.help.as_ref().map(|h| h.render(lang)).unwrap_or_default()
    }

    /// What the caret says, in `lang`.
    pub fn label(&self, lang: Lang) -> Option<String> {
        self.label.as_ref().map(|l| l.render(lang))
    }

    /// The file, line and column it starts at.
    pub fn location(&self) -> Location {
        self.source.location(self.span)
    }

    /// The source line the span starts on.
    pub fn source_line(&self) -> &str {
        self.source.line_of(self.span)
    }

    /// [`Diagnostic::render`] in the default language.
    pub fn render_plain(&self) -> String {
        self.render(Lang::default())
    }

    /// A plain rendering in `lang`, the same on every terminal (the labels `error`, `warning` and
    /// `help` in `lang` too: `lỗi`, `cảnh báo`, `gợi ý` in Vietnamese):
    ///
    /// ```text
    /// error[check::unknown-name]: unknown name `tng`
    ///   --> rules/x.tieuchi:12:30
    ///    |
    /// 12 |   htxs "..." when tng >= 90
    ///    |                   ^^^ not declared
    ///    = help: did you mean `tong`?
    /// ```
    pub fn render(&self, lang: Lang) -> String {
        let location = self.location();
        let severity = self.severity.label(lang);
        let line = self.source_line();
        let gutter = " ".repeat(location.line.to_string().len());
        let caret_len = {
            let rest: String = self.source.slice(self.span).lines().next().unwrap_or("").into();
            rest.chars().count().max(1)
        };
        let label = self.label(lang).map(|l| format!(" {l}")).unwrap_or_default();
        let mut out = format!(
            "{severity}[{}]: {}\n{gutter}--> {location}\n{gutter} |\n{} | {line}\n{gutter} | {}{}{label}\n",
            self.code,
            self.message(lang),
            location.line,
            " ".repeat(location.column - 1),
            "^".repeat(caret_len),
        );
        let help = self.help(lang);
        if !help.is_empty() {
            let _ = writeln!(out, "{gutter} = {}: {help}", help_label(lang));
        }
        out
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.location(), self.message(Lang::default()))
    }
}

impl std::error::Error for Diagnostic {}

impl miette::Diagnostic for Diagnostic {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(self.code.as_str()))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
        })
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        let help = self.help(Lang::default());
        (!help.is_empty()).then(|| Box::new(help) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        Some(&self.source)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = miette::LabeledSpan> + '_>> {
        Some(Box::new(std::iter::once(miette::LabeledSpan::new_with_span(self.label(Lang::default()), self.span))))
    }
}

/// A rule file that cannot be compiled: every error found, and the warnings beside them.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{}", self.summary(Lang::default()))]
pub struct CompileError {
    /// Every error found, then the warnings.
    pub diagnostics: Vec<Diagnostic>,
}

impl CompileError {
    /// The whole in one sentence, such as ``2 errors in `x.tieuchi` ``.
    pub fn summary(&self, lang: Lang) -> String {
        let errors = self.diagnostics.iter().filter(|d| d.is_error()).count();
        let file = self.diagnostics.first().map_or("", |d| d.source.name());
        crate::msg!(CompileSummary, errors = errors, file = file).render(lang)
    }

    /// [`CompileError::render`] in the default language.
    pub fn render_plain(&self) -> String {
        self.render(Lang::default())
    }

    /// Every diagnostic rendered in `lang`, a blank line between them.
    pub fn render(&self, lang: Lang) -> String {
        self.diagnostics.iter().map(|d| d.render(lang)).collect::<Vec<_>>().join("\n")
    }
}
