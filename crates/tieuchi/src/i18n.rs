//! The message catalogue: every sentence the engine shows people, in Vietnamese (the default: the
//! people who read them are civil servants) and in English.
//!
//! A problem keeps a [`Message`] — an id of the catalogue ([`Msg`]) and its arguments — and is put
//! into words only when it is rendered, in the [`Lang`] the caller asks for. The catalogue is
//! Project Fluent: `locales/{vi,en}/*.ftl`, embedded in the crate. Stable codes
//! (`check::unit-mismatch`) are never translated.
//!
//! Every id of [`Msg`] must have a message in every language, and every message of the catalogue an
//! id, with the same arguments in each language: the tests of this module check it
//! (`cargo test -p tieuchi --lib i18n`).

use std::borrow::Cow;
use std::fmt;
use std::sync::LazyLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use serde::{Deserialize, Serialize};

/// The language messages are rendered in. Vietnamese unless asked otherwise.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// Tiếng Việt.
    #[default]
    Vi,
    /// English.
    En,
}

impl Lang {
    pub const ALL: &'static [Lang] = &[Lang::Vi, Lang::En];

    /// The language's code: `vi`, `en`.
    pub fn as_str(self) -> &'static str {
        match self {
            Lang::Vi => "vi",
            Lang::En => "en",
        }
    }

    /// The language a tag names: `vi`, `en`, or a tag with a region (`vi-VN`, `en_US`), in any
    /// case. `None` for any other language.
    pub fn parse(tag: &str) -> Option<Lang> {
        let primary = tag.trim().split(['-', '_']).next().unwrap_or_default();
        Lang::ALL.iter().copied().find(|l| l.as_str().eq_ignore_ascii_case(primary))
    }

    /// The first language of an HTTP `Accept-Language` header that the catalogue has, in the
    /// order of the header's weights; `None` when it names none.
    pub fn from_accept_language(header: &str) -> Option<Lang> {
        let mut best: Option<(u16, Lang)> = None;
        for part in header.split(',') {
            let mut pieces = part.split(';');
            let Some(lang) = pieces.next().and_then(Lang::parse) else { continue };
            let weight = pieces.find_map(|p| p.trim().strip_prefix("q=")).map_or(1000, |q| parse_weight(q.trim()));
            if weight > 0 && best.is_none_or(|(w, _)| weight > w) {
                best = Some((weight, lang));
            }
        }
        best.map(|(_, lang)| lang)
    }
}

/// An HTTP quality value (`0.8`) in thousandths, without floats.
fn parse_weight(q: &str) -> u16 {
    let (whole, fraction) = q.split_once('.').unwrap_or((q, ""));
    let whole: u16 = whole.parse().unwrap_or(0);
    let digits: String = fraction.chars().take(3).collect();
    let fraction = format!("{digits:0<3}").parse::<u16>().unwrap_or(0);
    (whole * 1000 + fraction).min(1000)
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Lang {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Lang::parse(s).ok_or_else(|| format!("`{s}` is not a language tieuchi speaks; use `vi` or `en`"))
    }
}

/// The files of the catalogue, the same names in every language.
const RESOURCES: &[(Lang, &str, &str)] = &[
    (Lang::Vi, "syntax.ftl", include_str!("../locales/vi/syntax.ftl")),
    (Lang::Vi, "check.ftl", include_str!("../locales/vi/check.ftl")),
    (Lang::Vi, "common.ftl", include_str!("../locales/vi/common.ftl")),
    (Lang::Vi, "evidence.ftl", include_str!("../locales/vi/evidence.ftl")),
    (Lang::Vi, "errors.ftl", include_str!("../locales/vi/errors.ftl")),
    (Lang::Vi, "findings.ftl", include_str!("../locales/vi/findings.ftl")),
    (Lang::Vi, "report.ftl", include_str!("../locales/vi/report.ftl")),
    (Lang::En, "syntax.ftl", include_str!("../locales/en/syntax.ftl")),
    (Lang::En, "check.ftl", include_str!("../locales/en/check.ftl")),
    (Lang::En, "common.ftl", include_str!("../locales/en/common.ftl")),
    (Lang::En, "evidence.ftl", include_str!("../locales/en/evidence.ftl")),
    (Lang::En, "errors.ftl", include_str!("../locales/en/errors.ftl")),
    (Lang::En, "findings.ftl", include_str!("../locales/en/findings.ftl")),
    (Lang::En, "report.ftl", include_str!("../locales/en/report.ftl")),
];

type Bundle = FluentBundle<FluentResource>;

fn build(lang: Lang) -> Bundle {
    let id = lang.as_str().parse().unwrap_or_default();
    let mut bundle = Bundle::new_concurrent(vec![id]);
    // Plain text out: no Unicode isolation marks around arguments.
    bundle.set_use_isolating(false);
    for (of, _, text) in RESOURCES {
        if *of == lang {
            // A file that does not parse keeps the messages it could read; the tests of this
            // module fail on it.
            let resource = FluentResource::try_new((*text).to_owned()).unwrap_or_else(|(partial, _)| partial);
            let _ = bundle.add_resource(resource);
        }
    }
    bundle
}

static VI: LazyLock<Bundle> = LazyLock::new(|| build(Lang::Vi));
static EN: LazyLock<Bundle> = LazyLock::new(|| build(Lang::En));

fn bundle(lang: Lang) -> &'static Bundle {
    match lang {
        Lang::Vi => &VI,
        Lang::En => &EN,
    }
}

macro_rules! messages {
    ($($(#[$doc:meta])* $id:ident,)*) => {
        /// Every message id of the catalogue. The id in the `.ftl` files is the variant's name.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[allow(missing_docs)]
        pub enum Msg { $($(#[$doc])* $id,)* }

        impl Msg {
            pub const ALL: &'static [Msg] = &[$(Msg::$id,)*];

            /// The message's id in the catalogue.
            pub fn id(self) -> &'static str {
                match self { $(Msg::$id => stringify!($id),)* }
            }
        }
    };
}

messages! {
    // locales/*/syntax.ftl
    SourceTooLarge,
    SourceTooLargeHelp,
    BracketsTooDeep,
    NestsTooDeepToRead,
    NameAPartHelp,
    SyntaxExpected,
    SyntaxExpectedLabel,
    ReservedWord,
    ExpectedAName,
    ReservedWordHelp,
    FoundEndOfFile,
    FoundEndOfLine,
    FoundSpace,
    OneOf,
    WordDeclaration,
    WordOperator,
    WordSomethingElse,
    WordName,
    WordQuotedLabel,
    WordNumber,
    WordPercent,
    WordDate,
    WordExpression,
    WordAndOr,
    WordNot,
    WordComparison,
    WordType,
    WordField,
    WordValue,
    WordEnumValue,
    WordTier,
    WordOtherwise,
    WordAssessed,
    WordOrdered,
    WordRange,
    WordDefault,
    WordWindow,
    WordParamValue,
    WordFrom,
    WordDirection,
    WordCountBasis,
    WordRoundingMode,
    WordBecause,
    WordSource,
    WordExpectation,
    WordEndOfFile,
    HelpShareAsPercentOf,
    HelpShareAsPercent,
    HelpFieldsNoCommas,
    HelpQuotedLabel,
    HelpNameForm,
    HelpDeclarations,
    HelpSeeReference,
    ParserInternal,
    ParserInternalHelp,
    NumberTooPrecise,
    NumberTooPreciseHelp,
    PercentTooPrecise,
    PercentTooPreciseHelp,
    IntegerTooLarge,
    IntegerTooLargeHelp,
    NotADate,
    NotADateHelp,
    BlocksTooDeep,
    BlocksTooDeepHelp,
    ExpressionTooDeep,
    ExpressionTooDeepHelp,
    ChainTooLong,
    ChainTooLongHelp,
    PrefixTooLong,
    PrefixTooLongHelp,
    // locales/*/check.ftl
    LimitExceeded,
    LimitExceededHelp,
    NameTooLong,
    NameTooLongHelp,
    ReservedName,
    ReservedNameHelp,
    DeclaredTwice,
    DeclaredAgainHere,
    DeclaredTwiceHelp,
    TooManyAdjustments,
    TooManyAdjustmentsHelp,
    TooManyQuotas,
    TooManyQuotasHelp,
    TooManyEnumValues,
    TooManyEnumValuesHelp,
    EnumValueTwice,
    EnumValueTwiceHelp,
    RangeNotNumber,
    RangeNotNumberHelp,
    RangeEmpty,
    RangeEmptyHelp,
    DefaultOutsideRange,
    DefaultOutsideRangeHelp,
    DefaultWrongType,
    DefaultWrongTypeHelp,
    TooManyEnums,
    TooManyEnumsHelp,
    TooManyCollections,
    TooManyCollectionsHelp,
    NotAnEnumHelp,
    UnknownTypeHelp,
    UnknownType,
    OptionalCollection,
    OptionalCollectionHelp,
    FieldTwice,
    FieldTwiceHelp,
    HistoryYear,
    HistoryYearHelp,
    NestedCollection,
    NestedCollectionHelp,
    ListOfUnknownRuleSet,
    CheckTogetherHelp,
    QualifiedUnknownRuleSet,
    ItsOutcome,
    NoSuchEnumIn,
    ItHas,
    ScoreNoValue,
    ScoreNoValueHelp,
    ScoreItemsAssessed,
    ScoreItemsAssessedHelp,
    MaxNotPositive,
    MaxNotPositiveHelp,
    NoOutcome,
    NoOutcomeHelp,
    SecondOutcome,
    SecondOutcomeHelp,
    TooManyTiers,
    TooManyTiersHelp,
    TierTwice,
    TierTwiceHelp,
    OtherwiseNotLast,
    OtherwiseNotLastHelp,
    NoOtherwise,
    NoOtherwiseHelp,
    UnknownTier,
    ItsTiersAre,
    NotAKey,
    NotAKeyHelp,
    IdNotLast,
    IdNotLastHelp,
    QuotaNotLower,
    QuotaNotLowerHelp,
    QuotaShareRange,
    QuotaShareRangeHelp,
    HeaderTwice,
    HeaderTwiceHelp,
    ValidityEmpty,
    ValidityEmptyHelp,
    RoundingTooFine,
    RoundingTooFineHelp,
    TypeBool,
    TypeInteger,
    TypeNumber,
    TypePercent,
    TypeDate,
    TypeText,
    TypeEnum,
    TypeOptional,
    TypeList,
    TypeHistory,
    TypeNone,
    ExpectedType,
    CompareTheNumberHelp,
    TurnIntoPointsHelp,
    OptionalInArithmeticHelp,
    MakeTypesAgreeHelp,
    IfBranchesHelp,
    NoSuchEnumValue,
    ItsValuesAre,
    UnknownName,
    DottedNameHelp,
    OutcomeReadsItself,
    OutcomeReadsItselfHelp,
    EnumNotValue,
    EnumNotValueHelp,
    DidYouMean,
    UnknownNameHelp,
    NotDeclared,
    ValueOfSeveralEnums,
    WriteInFullHelp,
    OnlyOptionalNone,
    OnlyOptionalNoneHelp,
    EnumMismatch,
    EnumMismatchHelp,
    UnorderedEnum,
    UnorderedEnumHelp,
    UnitMismatch,
    UnitMismatchHelp,
    UnitMismatchScoreHelp,
    CannotBeOrdered,
    ComparedWith,
    CompareOneTypeHelp,
    TheFunctionsAre,
    UnknownFunction,
    ArrowNotScale,
    WriteUsage,
    WindowNotCount,
    WrongArity,
    TakesMinMax,
    TakesThreeNumbers,
    TakesRound,
    TakesOneNumber,
    TakesScale,
    RoundPlaces,
    ScaleSamePoints,
    ScaleSamePointsHelp,
    NeedsCollection,
    NestedAggregate,
    NestedAggregateHelp,
    StreakNeedsHistory,
    DeclareHistoryHelp,
    WindowNeedsHistory,
    TakesCollectionAndCondition,
    TakesCollectionAndExpression,
    ScoreAboveParent,
    ScoreAboveParentHelp,
    ScoreSumOverflow,
    ScoreSumOverflowHelp,
    ScoreUnreachable,
    ScoreUnreachableHelp,
    ScoreExceeds,
    ScoreExceedsHelp,
    PercentNotFractionHelp,
    CheckThresholdHelp,
    AlwaysTrue,
    AlwaysFalse,
    UnroundedDivision,
    UnroundedDivisionLabel,
    UnroundedDivisionHelp,
    TierGuardedByFalse,
    TierGuardedByFalseHelp,
    TierOutsideRange,
    TierShadowed,
    TierShadowedHelp,
    TiersOverlap,
    TiersOverlapHelp,
    ParamBadType,
    ParamBadTypeHelp,
    ParamValueWrongType,
    ParamPercentHelp,
    ParamValueHelp,
    ParamTwoUndated,
    ParamTwoUndatedHelp,
    ParamUndatedAfterDated,
    ParamUndatedAfterDatedHelp,
    ParamTwoValuesOneDate,
    ParamTwoValuesOneDateHelp,
    ParamOutOfOrder,
    ParamOutOfOrderHelp,
    ParamNoValueBefore,
    ParamNoValueBeforeValid,
    ParamNoValueBeforeHelp,
    EmptyWindow,
    EmptyWindowHelp,
    TierGap,
    TierGapHelp,
    Cycle,
    CycleHelp,
    UnusedInput,
    DeclaredHere,
    UnusedInputHelp,
    ImportCycle,
    ImportCycleHelp,
    RuleSetTwice,
    RuleSetTwiceHelp,
    VersionsOverlap,
    VersionsOverlapHelp,
    ImportFailed,
    ImportFailedHelp,
    TestUnknownName,
    TestUnknownNameHelp,
    TestUnknownTier,
    TestUnknownTierHelp,
    // locales/*/common.ftl
    CompileSummary,
    Quoted,
    TheString,
    FrontEndText,
    // locales/*/evidence.ftl
    KindNull,
    KindBool,
    KindNumber,
    KindString,
    KindDate,
    KindOther,
    KindList,
    KindObject,
    ExpectSubjectId,
    ExpectBool,
    ExpectString,
    ExpectEnumValue,
    ExpectListOfRecords,
    ExpectRecord,
    ExpectPercent,
    ExpectInteger,
    ExpectNumber,
    ExpectDate,
    EvNotJson,
    EvNotJsonHelp,
    EvDuplicateField,
    EvDuplicateFieldHelp,
    EvNotAnObject,
    EvNotAnObjectHelp,
    EvRuleSetReads,
    EvUnknownField,
    EvBadEnumValue,
    EvWriteOneOf,
    EvListNotJson,
    EvListNotJsonHelp,
    EvTooManyMembers,
    EvTooManyMembersHelp,
    EvNotAFieldOf,
    EvItsFieldsAre,
    EvDuplicateYear,
    EvDuplicateYearHelp,
    EvMemberRuleSetMissing,
    EvMemberRuleSetMissingHelp,
    EvMemberFailed,
    EvMemberFailedHelp,
    EvNoYear,
    EvNoYearHelp,
    EvWrongType,
    EvWrite,
    EvNotANumber,
    EvNotANumberHelp,
    EvInexactNumber,
    EvInexactNumberHelp,
    EvPercentInNumber,
    EvPercentInNumberHelp,
    EvPercentInexact,
    EvPercentInexactHelp,
    EvNotInteger,
    EvNotIntegerHelp,
    EvBareFractionHelp,
    EvBetweenHelp,
    EvOutOfRange,
    EvNotADate,
    EvNotADateHelp,
    EvidenceSummary,
    BatchLineTooLong,
    BatchLineTooLongHelp,
    BatchNotUtf8,
    BatchNotUtf8Help,
    BatchAtLine,
    BatchUnclosedQuoteHelp,
    BatchCellCount,
    BatchCellCountHelp,
    CsvQuoteNotClosed,
    CsvTextAfterQuote,
    CsvQuoteInCell,
    // locales/*/errors.ftl
    DivisionByZero,
    DivisionByZeroHelp,
    Overflow,
    OverflowHelp,
    EmptyCollection,
    EmptyCollectionHelp,
    SelectUnknown,
    SelectUnknownHelp,
    SelectNoneInForce,
    SelectNoneInForceHelp,
    SelectNeedDate,
    SelectNeedDateHelp,
    SelectAmbiguous,
    SelectAmbiguousHelp,
    SelectEmpty,
    SelectEmptyHelp,
    ArgBadDate,
    ArgBadDateHelp,
    InternalErrorHelp,
    InternalPanicHelp,
    InternalTrapHelp,
    // locales/*/findings.ftl
    FindingMissingEvidence,
    FindingScoreClamped,
    FindingQuotaPending,
    TierOrBetter,
    InForceFromUntil,
    InForceFrom,
    InForceUntil,
    InForceAlways,
    FindingNotInForce,
    FindingInexactValue,
    FindingInexactCondition,
    CountedBeforeDemotion,
    CountedAfterDemotion,
    FindingQuotaRanked,
    FindingQuotaUnplaced,
    FindingQuotaDemoted,
    // locales/*/report.ftl
    CliChecked,
    CliTally,
    CliCannotEvaluate,
}

/// One argument of a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Arg {
    /// Text shown as it is: a name, a number as written, a label.
    Text(Cow<'static, str>),
    /// A whole number, which a language may agree with (`1 error`, `2 errors`).
    Int(i64),
    /// A message of the catalogue, rendered in the same language.
    Msg(Box<Message>),
    /// Several arguments, rendered one after another with `, ` between them.
    Join(Vec<Arg>),
}

impl From<&str> for Arg {
    fn from(text: &str) -> Self {
        Arg::Text(Cow::Owned(text.to_owned()))
    }
}

impl From<String> for Arg {
    fn from(text: String) -> Self {
        Arg::Text(Cow::Owned(text))
    }
}

impl From<&String> for Arg {
    fn from(text: &String) -> Self {
        Arg::Text(Cow::Owned(text.clone()))
    }
}

impl From<Message> for Arg {
    fn from(message: Message) -> Self {
        Arg::Msg(Box::new(message))
    }
}

impl From<Msg> for Arg {
    fn from(id: Msg) -> Self {
        Arg::Msg(Box::new(Message::new(id)))
    }
}

impl From<Vec<Arg>> for Arg {
    fn from(items: Vec<Arg>) -> Self {
        Arg::Join(items)
    }
}

macro_rules! int_arg {
    ($($t:ty),*) => {$(
        impl From<$t> for Arg {
            fn from(n: $t) -> Self {
                i64::try_from(n).map_or_else(|_| Arg::Text(Cow::Owned(n.to_string())), Arg::Int)
            }
        }
    )*};
}
int_arg!(usize, u64, u32, i64, i32);

impl Arg {
    fn value(&self, lang: Lang) -> FluentValue<'static> {
        match self {
            Arg::Text(text) => FluentValue::String(text.clone()),
            Arg::Int(n) => FluentValue::from(*n),
            Arg::Msg(_) | Arg::Join(_) => FluentValue::String(Cow::Owned(self.render(lang))),
        }
    }

    fn render(&self, lang: Lang) -> String {
        match self {
            Arg::Text(text) => text.to_string(),
            Arg::Int(n) => n.to_string(),
            Arg::Msg(message) => message.render(lang),
            Arg::Join(items) => items.iter().map(|a| a.render(lang)).collect::<Vec<_>>().join(", "),
        }
    }
}

/// A message of the catalogue with its arguments, put into words by [`Message::render`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub id: Msg,
    pub args: Vec<(&'static str, Arg)>,
}

impl Message {
    pub fn new(id: Msg) -> Self {
        Message { id, args: Vec::new() }
    }

    /// The message with one more argument.
    #[must_use]
    pub fn arg(mut self, name: &'static str, value: impl Into<Arg>) -> Self {
        self.args.push((name, value.into()));
        self
    }

    /// The message in `lang`.
    pub fn render(&self, lang: Lang) -> String {
        let bundle = bundle(lang);
        let Some(pattern) = bundle.get_message(self.id.id()).and_then(|m| m.value()) else {
            // The tests of this module keep this from happening.
            return self.id.id().to_owned();
        };
        let mut args = FluentArgs::with_capacity(self.args.len());
        for (name, value) in &self.args {
            args.set(*name, value.value(lang));
        }
        let mut errors = Vec::new();
        let text = bundle.format_pattern(pattern, Some(&args), &mut errors).into_owned();
        debug_assert!(errors.is_empty(), "`{}` in {lang}: {errors:?}", self.id.id());
        text
    }
}

/// The message in the default language, Vietnamese: for `Display` of errors that carry one.
impl fmt::Display for Message {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(Lang::default()))
    }
}

impl From<Msg> for Message {
    fn from(id: Msg) -> Self {
        Message::new(id)
    }
}

/// A [`Message`]: `msg!(UnknownName, name = id.name)`, each argument anything that converts
/// into an [`Arg`].
#[macro_export]
#[doc(hidden)]
macro_rules! msg {
    ($id:ident $(, $name:ident = $value:expr)* $(,)?) => {
        $crate::i18n::Message {
            id: $crate::i18n::Msg::$id,
            args: vec![$((stringify!($name), $crate::i18n::Arg::from($value)),)*],
        }
    };
}

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, BTreeSet};

    use fluent_syntax::ast;

    use super::*;

    /// Each message of one language's files: its id and the names of the variables it uses.
    fn catalogue(lang: Lang) -> BTreeMap<String, BTreeSet<String>> {
        let mut messages = BTreeMap::new();
        for (of, file, text) in RESOURCES {
            if *of != lang {
                continue;
            }
            let resource = match FluentResource::try_new((*text).to_owned()) {
                Ok(resource) => resource,
                Err((_, errors)) => panic!("locales/{lang}/{file} does not parse: {errors:?}"),
            };
            for entry in resource.entries() {
                match entry {
                    ast::Entry::Message(m) => {
                        let mut vars = BTreeSet::new();
                        if let Some(value) = &m.value {
                            pattern_vars(value, &mut vars);
                        }
                        let id = m.id.name.to_owned();
                        assert!(
                            messages.insert(id.clone(), vars).is_none(),
                            "`{id}` is given twice in the {lang} catalogue"
                        );
                    }
                    ast::Entry::Term(_)
                    | ast::Entry::Comment(_)
                    | ast::Entry::GroupComment(_)
                    | ast::Entry::ResourceComment(_) => {}
                    ast::Entry::Junk { content } => panic!("locales/{lang}/{file}: cannot read {content:?}"),
                }
            }
        }
        messages
    }

    fn pattern_vars(pattern: &ast::Pattern<&str>, vars: &mut BTreeSet<String>) {
        for element in &pattern.elements {
            if let ast::PatternElement::Placeable { expression } = element {
                expression_vars(expression, vars);
            }
        }
    }

    fn expression_vars(expression: &ast::Expression<&str>, vars: &mut BTreeSet<String>) {
        match expression {
            ast::Expression::Select { selector, variants } => {
                inline_vars(selector, vars);
                for variant in variants {
                    pattern_vars(&variant.value, vars);
                }
            }
            ast::Expression::Inline(inline) => inline_vars(inline, vars),
        }
    }

    fn inline_vars(inline: &ast::InlineExpression<&str>, vars: &mut BTreeSet<String>) {
        match inline {
            ast::InlineExpression::VariableReference { id } => {
                vars.insert(id.name.to_owned());
            }
            ast::InlineExpression::Placeable { expression } => expression_vars(expression, vars),
            ast::InlineExpression::FunctionReference { arguments, .. } => {
                for a in &arguments.positional {
                    inline_vars(a, vars);
                }
            }
            _ => {}
        }
    }

    /// Every id the code can use has a message in every language, with the same arguments, and
    /// every message of the catalogue is an id the code can use.
    #[test]
    fn every_message_is_in_every_language() {
        let ids: BTreeSet<&str> = Msg::ALL.iter().map(|m| m.id()).collect();
        let vi = catalogue(Lang::Vi);
        let en = catalogue(Lang::En);
        let mut problems = Vec::new();
        for id in &ids {
            for (lang, messages) in [(Lang::Vi, &vi), (Lang::En, &en)] {
                if !messages.contains_key(*id) {
                    problems.push(format!("`{id}` has no {lang} message"));
                }
            }
            if let (Some(a), Some(b)) = (vi.get(*id), en.get(*id)) {
                // `count` may be used by one language alone, to agree with a number.
                let differ: Vec<_> = a.symmetric_difference(b).filter(|v| *v != "count").collect();
                if !differ.is_empty() {
                    problems.push(format!("`{id}` takes {a:?} in vi but {b:?} in en"));
                }
            }
        }
        for (lang, messages) in [(Lang::Vi, &vi), (Lang::En, &en)] {
            for id in messages.keys() {
                if !ids.contains(id.as_str()) {
                    problems.push(format!("the {lang} message `{id}` is not an id of `Msg`"));
                }
            }
        }
        assert!(problems.is_empty(), "the catalogue is incomplete:\n{}", problems.join("\n"));
    }

    /// Every message renders in every language with its arguments, as plain text.
    #[test]
    fn every_message_renders() {
        let vi = catalogue(Lang::Vi);
        let en = catalogue(Lang::En);
        for id in Msg::ALL {
            let vars: BTreeSet<String> =
                [&vi, &en].iter().flat_map(|c| c.get(id.id()).cloned().unwrap_or_default()).collect();
            let mut message = Message::new(*id);
            for var in vars {
                let name: &'static str = Box::leak(var.into_boxed_str());
                message = message.arg(name, 2_i64);
            }
            for lang in Lang::ALL {
                let bundle = bundle(*lang);
                let pattern = bundle.get_message(id.id()).and_then(|m| m.value());
                let Some(pattern) = pattern else { panic!("`{}` has no {lang} value", id.id()) };
                let mut args = FluentArgs::new();
                for (name, value) in &message.args {
                    args.set(*name, value.value(*lang));
                }
                let mut errors = Vec::new();
                let text = bundle.format_pattern(pattern, Some(&args), &mut errors);
                assert!(errors.is_empty(), "`{}` in {lang}: {errors:?}", id.id());
                assert!(!text.trim().is_empty(), "`{}` is empty in {lang}", id.id());
                assert!(!text.contains(['\u{2068}', '\u{2069}']), "`{}` has isolation marks", id.id());
            }
        }
    }

    #[test]
    fn languages_are_read_from_tags_and_headers() {
        assert_eq!(Lang::parse("vi-VN"), Some(Lang::Vi));
        assert_eq!(Lang::parse("EN_us"), Some(Lang::En));
        assert_eq!(Lang::parse("fr"), None);
        assert_eq!(Lang::from_accept_language("fr-FR, en;q=0.8, vi;q=0.9"), Some(Lang::Vi));
        assert_eq!(Lang::from_accept_language("en-US,en;q=0.5"), Some(Lang::En));
        assert_eq!(Lang::from_accept_language("de"), None);
        assert_eq!(Lang::default(), Lang::Vi);
    }
}
