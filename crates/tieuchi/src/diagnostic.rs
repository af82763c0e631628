//! Problems found in rule files, each with a stable code, a span and a help line.

use std::fmt;
use std::fmt::Write as _;

use serde::Serialize;

use crate::i18n::{Lang, Message};
use crate::span::{Location, SourceFile, Span};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Warning,
    Error,
}

macro_rules! codes {
    ($($variant:ident => $code:literal, $summary:literal;)*) => {
        /// Every diagnostic the engine can give. The string codes are stable: tools match on them.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Code { $($variant,)* }

        impl Code {
            pub const ALL: &'static [Code] = &[$(Code::$variant,)*];

            pub fn as_str(self) -> &'static str {
                match self { $(Code::$variant => $code,)* }
            }

            /// One line on what the code means, for `--explain`-style listings.
            pub fn summary(self) -> &'static str {
                match self { $(Code::$variant => $summary,)* }
            }
        }
    };
}

codes! {
    SyntaxError => "syntax::expected", "the text does not follow the grammar";
    SourceTooLarge => "syntax::too-large", "the rule file exceeds the size limit";
    NestingTooDeep => "syntax::too-deep", "expressions or blocks nest deeper than the limit";
    BadNumber => "syntax::bad-number", "a number literal cannot be represented exactly";
    BadDate => "syntax::bad-date", "a date literal is not a real calendar date";
    DuplicateName => "check::duplicate-name", "a name is declared twice";
    DuplicateHeader => "check::duplicate-header", "a header item is given twice";
    ReservedName => "check::reserved-name", "a name is reserved for evidence metadata";
    UnknownName => "check::unknown-name", "a name refers to nothing declared";
    UnknownType => "check::unknown-type", "a type name is neither built in nor a declared enum";
    UnknownFunction => "check::unknown-function", "a function name is not one the language has";
    WrongArity => "check::arity", "a function got the wrong number of arguments";
    TypeMismatch => "check::type-mismatch", "an expression has a type its context cannot use";
    EnumMismatch => "check::enum-mismatch", "values of two different enums are compared";
    UnorderedEnum => "check::unordered-enum", "an enum without `ordered` is compared with < or >";
    BadRange => "check::bad-range", "an input range is empty or does not fit its type";
    BadDefault => "check::bad-default", "a default value does not fit its input's type or range";
    BadParam => "check::bad-param", "a parameter's type is not one a parameter may have, its values do not fit it or are not in date order, or (a warning) it has no value before its first date";
    ScoreAboveParent => "check::score-above-parent", "an item's max exceeds its parent's max";
    ScoreUnreachable => "check::score-unreachable", "a parent's max cannot be reached by its children";
    ScoreExceeds => "check::score-exceeds", "the children's maxima add up to more than the parent's max";
    MissingOutcome => "check::missing-outcome", "a rule set declares no outcome";
    MultipleOutcomes => "check::multiple-outcomes", "a rule set declares more than one outcome";
    NoOtherwise => "check::no-otherwise", "an outcome ladder can end without a tier";
    OtherwiseNotLast => "check::otherwise-not-last", "`otherwise` is not the last tier";
    UnreachableTier => "check::unreachable-tier", "a tier can never be chosen";
    OverlappingTiers => "check::overlapping-tiers", "part of a tier's band is already taken by a tier above";
    TierGap => "check::tier-gap", "values between a band and the band above it belong to neither, and fall to a tier below";
    UnknownTier => "check::unknown-tier", "a force, cap or quota names a tier the outcome lacks";
    QuotaNotLower => "check::quota-not-lower", "a quota's `demote to` tier is no worse than the tier it limits, so it would raise records";
    Cycle => "check::cycle", "derived values depend on themselves";
    UnusedInput => "check::unused-input", "an input is declared but never used";
    NestedCollection => "check::nested-collection", "a list or history sits inside another";
    ImportUnsupported => "check::import", "a qualified name needs the rule set it names";
    BadTest => "check::bad-test", "a test block names something the rule set lacks";
    OverlappingVersions => "check::overlapping-versions", "two versions of a rule family are in force on the same date";
    LimitExceeded => "check::limit", "a rule set has more tiers, enum values, rules or longer names than the engine allows";
    ConstantCondition => "check::constant-condition", "a comparison is decided by a declared range alone, such as a percent compared with 50 instead of 50%";
    UnitMismatch => "check::unit-mismatch", "points are compared with a percent, such as `tong >= 90%` where 90 points were meant";
    ImportFailed => "check::import-failed", "a rule set imports from one that does not compile";
    UnroundedDivision => "check::unrounded-division", "a computed score divides and nothing says how its quotient is rounded";
    LayerBase => "check::layer-base", "a layer extends a rule set that is not loaded, is itself a layer or is in force on none of its dates, or does not apply onto a national version in force on its dates; or a score is placed `under` another outside a layer";
    LayerRedefines => "check::layer-redefines", "a layer redeclares a name or header of the rule set it extends";
    LayerLoosens => "check::layer-loosens", "a layer rule could give a better tier than the national rules";
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
#[derive(Debug, Clone, PartialEq)]
pub struct Diagnostic {
    pub code: Code,
    pub severity: Severity,
    pub message: Message,
    pub span: Span,
    /// What the caret under the excerpt says.
    pub label: Option<Message>,
    pub help: Option<Message>,
    pub source: SourceFile,
}

impl Diagnostic {
    pub fn error(code: Code, source: &SourceFile, span: Span, message: Message) -> Self {
        Diagnostic { code, severity: Severity::Error, message, span, label: None, help: None, source: source.clone() }
    }

    pub fn warning(code: Code, source: &SourceFile, span: Span, message: Message) -> Self {
        Diagnostic { severity: Severity::Warning, ..Self::error(code, source, span, message) }
    }

    #[must_use]
    pub fn with_help(mut self, help: Message) -> Self {
        self.help = Some(help);
        self
    }

    #[must_use]
    pub fn with_label(mut self, label: Message) -> Self {
        self.label = Some(label);
        self
    }

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

    /// A plain rendering in `lang`, the same on every terminal:
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
        let severity = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
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
            let _ = writeln!(out, "{gutter} = help: {help}");
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
