//! The message catalogue: every sentence the engine shows people, in Vietnamese (the default: the
//! people who read them are civil servants) and in English.
//!
//! A problem keeps a [`Message`] — an id of the catalogue ([`Msg`]) and its arguments — and is put
//! into words only when it is rendered, in the [`Lang`] the caller asks for. The catalogue is
//! Project Fluent: `locales/{vi,en}/*.ftl`, turned into Rust data by `build.rs` when the crate is
//! built (no Fluent runtime is linked; [`Message::render`] walks the data). Stable codes
//! (`check::unit-mismatch`) are never translated.
//!
//! Every id of [`Msg`] must have a message in every language, and every message of the catalogue an
//! id, with the same arguments in each language: the tests of this module check it
//! (`cargo test -p tieuchi --lib i18n`); an id with a message in no language does not compile.

use std::borrow::Cow;
use std::cmp::Ordering;
use std::fmt;
use std::sync::OnceLock;

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
    /// Every language, Vietnamese first.
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

    /// The refusal is the catalogue's, in the default language: the language asked for is the one
    /// not understood.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Lang::parse(s).ok_or_else(|| {
            let lang = Lang::default();
            format!(
                "{}; {}",
                crate::msg!(ArgUnknownLang, text = s).render(lang),
                crate::msg!(ArgUnknownLangHelp).render(lang)
            )
        })
    }
}

/// One part of a message's pattern. `build.rs` writes every message of `locales/<lang>/*.ftl` as
/// compact text (a [`Catalogue`] per language), read as these the first time a message is
/// rendered; no Fluent parser or bundle is linked.
#[derive(Debug, Clone, Copy)]
#[allow(dead_code, reason = "which kinds of piece are built depends on what the .ftl files hold today")]
enum Piece {
    /// Text as it is.
    Text(&'static str),
    /// The argument of that name (`{ $name }`).
    Var(&'static str),
    /// Another message of the same language, rendered with the same arguments, or a term
    /// (`-name`), rendered with none.
    Ref(&'static str),
    /// `{ $on -> [key] … *[default] … }`: the first variant whose key matches the argument, else the
    /// default (an index of `variants`).
    Select { on: &'static str, variants: &'static [(Key, &'static [Piece])], default: usize },
}

/// The key of a variant of a selection.
#[derive(Debug)]
#[allow(dead_code, reason = "which kinds of key are built depends on what the .ftl files hold today")]
enum Key {
    /// A plural category (`one`, `other`) for a number, or the text itself for a text.
    Name(&'static str),
    /// A number as written (`[1]`).
    Number(&'static str),
}

/// One language's messages, in the order of the ids (`IDS`): the text of every pattern one after
/// another, and `bounds`, where each starts and (one more) where the last ends. A start with
/// `ABSENT` set is a message the language lacks.
#[derive(Debug)]
struct Catalogue {
    text: &'static str,
    bounds: &'static [u32],
}

// `IDS`, `SELECTS`, a `Catalogue` per language and `catalogue`; the marks and bit they are written
// with.
include!(concat!(env!("OUT_DIR"), "/catalogue.rs"));

impl Catalogue {
    /// The pattern of the id at `place` in `IDS`.
    fn pattern(&self, place: usize) -> Option<Pieces> {
        let [start, end] = *self.bounds.get(place..place + 2)? else { return None };
        if start & ABSENT != 0 {
            return None;
        }
        let range = usize::try_from(start).ok()?..usize::try_from(end & !ABSENT).ok()?;
        self.text.get(range).map(Pieces)
    }
}

/// A message's pattern as the catalogue holds it, read as the [`Piece`]s it stands for: its text,
/// with each placeable between two of the same mark (`VAR` around an argument's name, `REF`
/// around a message's id, `SELECT` around a selection's place in `SELECTS`).
#[derive(Debug)]
struct Pieces(&'static str);

impl Iterator for Pieces {
    type Item = Piece;

    fn next(&mut self) -> Option<Piece> {
        let rest = self.0.as_bytes();
        let at = memchr::memchr3(VAR, REF, SELECT, rest);
        if at != Some(0) {
            let (text, after) = self.0.split_at_checked(at.unwrap_or(rest.len()))?;
            self.0 = after;
            return (!text.is_empty()).then_some(Piece::Text(text));
        }
        let mark = *rest.first()?;
        let inner = self.0.get(1..)?;
        let (name, after) = inner.split_at_checked(memchr::memchr(mark, inner.as_bytes())?)?;
        self.0 = after.get(1..)?;
        match mark {
            VAR => Some(Piece::Var(name)),
            REF => Some(Piece::Ref(name)),
            _ => SELECTS.get(name.parse::<usize>().ok()?).copied(),
        }
    }
}

/// The id at `place` in `IDS`.
fn id_at(place: usize) -> Option<&'static str> {
    let [start, end] = *ID_BOUNDS.get(place..place + 2)? else { return None };
    IDS.get(usize::from(start)..usize::from(end))
}

/// The place of `id` in `IDS`, which is sorted.
fn place_of(id: &str) -> Option<usize> {
    let (mut low, mut high) = (0, ID_BOUNDS.len().saturating_sub(1));
    while low < high {
        let middle = low + (high - low) / 2;
        match id_at(middle)?.cmp(id) {
            Ordering::Less => low = middle + 1,
            Ordering::Greater => high = middle,
            Ordering::Equal => return Some(middle),
        }
    }
    None
}

/// How many messages deep a reference may go: a message that names itself is an error, not a hang.
const MAX_REFERENCE_DEPTH: usize = 16;

/// The pattern of message `id` in `lang`.
fn pattern(lang: Lang, id: &str) -> Option<&'static [Piece]> {
    pattern_at(lang, place_of(id)?)
}

/// The pattern of message `id` in `lang`, by the id's place in the catalogue, which [`Msg`] knows
/// without a search: a batch renders a message for thousands of rows, and a search of the
/// catalogue by name costs more than the rendering.
fn pattern_of(lang: Lang, id: Msg) -> Option<&'static [Piece]> {
    pattern_at(lang, id.place()?)
}

/// The pattern of the id at `place` in `IDS`, in `lang`: read from the catalogue's text the first
/// time it is asked for, then kept, since reading the text for its marks costs more than rendering
/// the pieces (a third more for a message with an argument).
fn pattern_at(lang: Lang, place: usize) -> Option<&'static [Piece]> {
    type Table = OnceLock<Box<[OnceLock<Option<Box<[Piece]>>>]>>;
    static TABLES: [Table; 2] = [Table::new(), Table::new()];
    let table = match lang {
        Lang::Vi => &TABLES[0],
        Lang::En => &TABLES[1],
    };
    let table = table.get_or_init(|| (1..ID_BOUNDS.len()).map(|_| OnceLock::new()).collect());
    let pattern = table.get(place)?.get_or_init(|| Some(catalogue(lang.as_str())?.pattern(place)?.collect()));
    pattern.as_deref()
}

/// The plural category of a whole number, by the CLDR rules of the language (what a variant key
/// such as `[one]` matches).
fn plural_category(lang: Lang, n: i64) -> &'static str {
    match lang {
        // `one`: the integer 1 (and -1); everything else `other`.
        Lang::En if n.unsigned_abs() == 1 => "one",
        // Vietnamese has no plural forms.
        Lang::En | Lang::Vi => "other",
    }
}

impl Key {
    /// Whether the variant is the one for `arg`, as Fluent selects: a number by its plural category
    /// or by an equal number key, a text by a key of the same text.
    fn matches(&self, arg: &Arg, lang: Lang) -> bool {
        match (self, arg) {
            (Key::Name(name), Arg::Int(n)) => plural_category(lang, *n) == *name,
            // A key written with decimals (`[1.0]`) keeps them, and so never equals a whole number.
            (Key::Number(key), Arg::Int(n)) => !key.contains('.') && key.parse::<i64>() == Ok(*n),
            (Key::Name(name), text) => text.render(lang) == *name,
            (Key::Number(_), _) => false,
        }
    }
}

/// Writes `pieces` in `lang` into `out`; what cannot be rendered (an argument not given, a message
/// the catalogue lacks) is written as Fluent writes it (`{$name}`) and noted in `errors`.
fn write_pattern(
    pieces: &[Piece],
    lang: Lang,
    args: &[(&'static str, Arg)],
    out: &mut String,
    errors: &mut Vec<String>,
    depth: usize,
) {
    let find = |name: &str| args.iter().find(|(known, _)| *known == name).map(|(_, value)| value);
    for piece in pieces {
        match piece {
            Piece::Text(text) => out.push_str(text),
            Piece::Var(name) => {
                if let Some(value) = find(name) {
                    value.write(lang, out, errors, depth);
                } else {
                    errors.push(format!("no argument `{name}`"));
                    out.push_str("{$");
                    out.push_str(name);
                    out.push('}');
                }
            }
            Piece::Ref(id) => match pattern(lang, id) {
                Some(referred) if depth < MAX_REFERENCE_DEPTH => {
                    let args = if id.starts_with('-') { &[][..] } else { args };
                    write_pattern(referred, lang, args, out, errors, depth + 1);
                }
                found => {
                    errors.push(if found.is_some() {
                        format!("`{id}` refers to itself")
                    } else {
                        format!("no message `{id}`")
                    });
                    out.push('{');
                    out.push_str(id);
                    out.push('}');
                }
            },
            Piece::Select { on, variants, default } => {
                let value = find(on);
                if value.is_none() {
                    errors.push(format!("no argument `{on}`"));
                }
                let chosen = value.and_then(|v| variants.iter().position(|(key, _)| key.matches(v, lang)));
                if let Some((_, variant)) = variants.get(chosen.unwrap_or(*default)) {
                    write_pattern(variant, lang, args, out, errors, depth);
                }
            }
        }
    }
}

macro_rules! messages {
    ($($(#[$doc:meta])* $id:ident,)*) => {
        /// Every message id of the catalogue. The id in the `.ftl` files is the variant's name.
        #[derive(Clone, Copy, PartialEq, Eq, Hash)]
        #[allow(missing_docs, reason = "a message id is documented by its text in the catalogue")]
        pub enum Msg { $($(#[$doc])* $id,)* }

        /// As derived, from the catalogue's copy of the names.
        impl fmt::Debug for Msg {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.id())
            }
        }

        impl Msg {
            /// Every message, in catalogue order.
            pub const ALL: &'static [Msg] = &[$(Msg::$id,)*];

            /// The message's id in the catalogue.
            pub fn id(self) -> &'static str {
                // The catalogue's copy: the names of the variants are not kept a second time.
                self.place().and_then(id_at).unwrap_or_default()
            }

            /// The place of the message's id in the catalogue (`IDS`).
            fn place(self) -> Option<usize> {
                static PLACES: &[u16] = &[$(place::$id,)*];
                #[expect(clippy::as_conversions, reason = "a field-less enum's discriminant is its place in `Msg::ALL`")]
                let at = self as usize;
                PLACES.get(at).map(|place| usize::from(*place))
            }

            /// The message of that id, if the catalogue has it: for a front end whose own
            /// messages (written in another language, such as the JavaScript wrapper's) name
            /// their message by id.
            pub fn parse(id: &str) -> Option<Msg> {
                Msg::ALL.iter().copied().find(|m| m.id() == id)
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
    LayerBaseUnknown,
    LayerBaseUnknownHelp,
    LayerBaseIsLayer,
    LayerBaseIsLayerHelp,
    LayerRedefines,
    LayerRedefinesHelp,
    LayerRounding,
    LayerRoundingHelp,
    LayerParamLooser,
    LayerParamLooserHelp,
    LayerParamNoDirection,
    LayerParamNoDirectionHelp,
    LayerParamType,
    LayerOutcomeTiers,
    LayerOutcomeTiersHelp,
    LayerTierDropsCondition,
    LayerTierDropsConditionHelp,
    LayerForceNotWorst,
    LayerForceNotWorstHelp,
    LayerBaseNotInForce,
    LayerBaseNotInForceHelp,
    LayerBaseVersion,
    LayerBaseVersionHelp,
    LayerScoreUnknownParent,
    LayerScoreUnknownParentHelp,
    LayerScoreNoRoom,
    LayerScoreNoRoomHelp,
    ScoreUnderOutsideLayer,
    ScoreUnderOutsideLayerHelp,
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
    Verbatim,
    LabelError,
    LabelWarning,
    LabelHelp,
    // locales/*/ide.ftl
    RenameNothingHere,
    RenameBadName,
    RenameReserved,
    RenameAmbiguous,
    RenameTaken,
    RenameDoesNotParse,
    LspBadParams,
    LspCannotAnswer,
    // locales/*/python.ftl
    PyNotEvidence,
    PyNotEvidenceHelp,
    PyNotADict,
    PyNotADictHelp,
    PyLoneSurrogate,
    PyLoneSurrogateHelp,
    PyTooDeep,
    PyTooDeepHelp,
    PyUnreadable,
    PyUnreadableHelp,
    PyKeyNotAName,
    PyKeyNotANameHelp,
    PyNotExact,
    PyFiniteHelp,
    PyIntegerUnreadable,
    PyDigitsHelp,
    PyInfiniteDecimal,
    PyDecimalNotExact,
    // locales/*/evidence.ftl
    KindNull,
    KindBool,
    KindNumber,
    KindString,
    KindDate,
    // A column type of Arrow data no field takes, named as Arrow does.
    ArrowDictionary,
    ArrowTimestampWithZone,
    ArrowBytes,
    ArrowFloat16,
    ArrowDecimalWidth,
    ArrowTimeOfDay,
    ArrowDuration,
    ArrowUnreadType,
    ArrowDateOutOfRange,
    ArrowDateWithTime,
    ArrowNumberNotFinite,
    ArrowListOutOfRange,
    ArrowCellOutOfRange,
    ArrowMapKeysNotText,
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
    CsvNoHeader,
    CsvHeaderTooLong,
    CsvHeaderNotUtf8,
    CsvHeaderBad,
    BatchReadFailed,
    BatchWriteFailed,
    BatchSpillFailed,
    BatchInputChanged,
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
    ArgUnknownLang,
    ArgUnknownLangHelp,
    ParamUnknown,
    ParamUnknownNoneHelp,
    ParamUnknownHelp,
    ParamUnknownAny,
    ParamNoneLoadedHelp,
    ParamKnownHelp,
    ParamBadValue,
    ParamWriteBoolHelp,
    ParamWritePercentHelp,
    ParamWriteIntegerHelp,
    ParamWriteNumberHelp,
    CompiledRuleSet,
    CompiledLibrary,
    CompiledNotCompiled,
    CompiledOtherEngine,
    CompiledWrongContents,
    CompiledDamaged,
    CompiledHelp,
    InternalErrorHelp,
    InternalPanicHelp,
    InternalTrapHelp,
    // locales/*/testing.ftl
    CaseFileBothTargets,
    CaseFileNoTarget,
    CaseFileNotRead,
    CaseFileNotReadAnywhere,
    CaseExpectNotObject,
    CaseUnknownStatus,
    CaseDecidedByOneOf,
    CaseCitationNotText,
    CaseLayerNotId,
    CaseWhatItTakesNotObject,
    CaseOnNotDate,
    CaseFamilyNeedsOn,
    CaseRecordOwnOn,
    CaseBatchExpectsList,
    CaseBatchCount,
    CaseGivenOrBatch,
    CaseNoRuleSetBeside,
    CaseNoRuleSetFamily,
    TestVersionInForce,
    TestNoVersionChosen,
    TestAResult,
    TestAResultTier,
    TestNotRated,
    TestNotDeterminable,
    TestNotAName,
    TestRecord,
    TestRecordWhat,
    TestEvaluation,
    TestFieldProblem,
    // locales/*/wasm.ftl
    WasmNotInitialized,
    WasmNotInitializedHelp,
    WasmNoFailureRecord,
    WasmStoppedRestarted,
    WasmStoppedNotRestarted,
    WasmUnknownCode,
    WasmUnknownMessage,
    WasmAnswerNotJson,
    WasmAnswerNotText,
    WasmEvidenceNotText,
    WasmBatchFailed,
    WasmNestsTooDeep,
    WasmNestsTooDeepHelp,
    WasmNotANumber,
    WasmNotANumberHelp,
    WasmRecordsNotArray,
    WasmRecordsNotArrayHelp,
    WasmOnNotText,
    WasmOnNotTextHelp,
    WasmLangNotText,
    WasmParamsNotObject,
    WasmParamsNotObjectHelp,
    WasmSourceNotText,
    WasmFileSourceNotText,
    WasmSourceNotTextHelp,
    WasmNameNotText,
    WasmNameNotTextHelp,
    WasmImportsNotRuleSets,
    WasmImportsNotRuleSetsHelp,
    WasmRuleSetFreed,
    WasmRuleSetFreedHelp,
    WasmLibraryFreed,
    WasmLibraryFreedHelp,
    WasmNoCompiler,
    WasmNoCompilerHelp,
    WasmBytesNotBytes,
    WasmBytesNotBytesHelp,
    WasmOffsetNotIndex,
    WasmOffsetNotIndexHelp,
    WasmIdNotText,
    WasmIdNotTextHelp,
    WasmFilesNotList,
    WasmFilesNotListHelp,
    WasmFilesNotRead,
    WasmFileNoName,
    WasmFileNoNameHelp,
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
    ChosenInForce,
    ChosenNamedNotInForce,
    ChosenNamedNoDate,
    // locales/*/python.ftl: the package's own checks
    PyRecordHead,
    PyDecidedBy,
    PyMissingFields,
    PyFindingCount,
    PyNoCode,
    PyCompileNotText,
    PyBadErrors,
    PyBadDecimals,
    PyBadOutput,
    PyStreamNeedsArrow,
    PyStreamAsItComes,
    PyBadDiffOutput,
    PyLazyFrame,
    PyNotTable,
    PyColumnTwice,
    PyOnTimeOfDay,
    PyOnNotDate,
    // locales/*/report.ftl
    CliChecked,
    CliTally,
    CliCannotEvaluate,
    CliTestFailed,
    CliFileDoesNotCompile,
    CliFileFailed,
    CliMismatch,
    CliFmtWouldReformat,
    CliFmtSummary,
    CliCannotRead,
    CliCannotWrite,
    CliCannotWriteIn,
    CliOutputIsInput,
    CliParquetNotStream,
    CliRecordsFolder,
    CliNoTempFile,
    CliCannotSpool,
    CliNotParquet,
    CliParquetUnreadable,
    CliResultNotJson,
    CliCannotWriteRows,
    CliUnknownInputFormat,
    CliUnknownOutputFormat,
    CliSimulation,
    CliCannotReadStdin,
    CliNotJson,
    CliDoesNotExist,
    CliCannotReadFolder,
    CliCannotWriteBeside,
    CliCannotReplace,
    CliFmtFormatted,
    CliNoRuleFile,
    CliSetForm,
    CliDiffWritesRows,
    CliBatchTally,
    CliGroups,
    CliMoreGroups,
    CliDiffTally,
    CliDiffCorner,
    CliDiffGroups,
    CliExplainMore,
    CliExplainNoCode,
    CliExplainShownAs,
    CliExplainExample,
    CliLspDescribe,
    CliLspNotInitialized,
    CliLspLeftDuringShutdown,
    CliLspClientGone,
    CliLspConnectionFailed,
    CliLspUnknownRequest,
    CliLspNotOpen,
    ExplainSource,
    ExplainSubject,
    ExplainOn,
    ExplainScores,
    ExplainParams,
    ExplainYes,
    ExplainNo,
    ExplainFrom,
    ExplainSimulated,
    ExplainByForce,
    ExplainByCap,
    ExplainByQuota,
    ExplainByScore,
    ExplainByTiers,
    ExplainReached,
    ExplainLayer,
    ExplainNotRated,
    ExplainNotDeterminable,
    ExplainPending,
    ExplainBetter,
    ExplainBest,
    ExplainFindings,
    ExplainRules,
    ExplainWhy,
    ExplainHolds,
    ExplainFails,
    ExplainUnknown,
    // locales/*/reach.ftl
    ReachNothingToChange,
    ReachAnd,
    ReachOr,
    ReachToReach,
    ReachBlocked,
    ReachKindForce,
    ReachKindCap,
    ReachKindExclude,
    ReachShortRise,
    ReachShortFall,
    ReachOutOfReach,
    ReachNotSolved,
    ReachQuotaLimit,
    ReachCitation,
    ReachMoreThan,
    ReachPoints,
    ReachChangeUp,
    ReachChangeDown,
    ReachItemRoomUp,
    ReachItemRoomDown,
    ReachItemNow,
    ReachViaUnitAdded,
    ReachViaUnitRemoved,
    ReachViaSet,
    ReachYes,
    ReachNo,
    ReachNoValue,
    ReachOrBeyond,
    ReachMembersMore,
    ReachMembersFewer,
    ReachYears,
    ReachEvaluationDate,
    ReachNotRated,
    ReachUndecided,
    ReachMissing,
    ReachNoTierYet,
    ReachOnlyTier,
    ReachBetweenTiers,
    ReachOrNotRated,
    ReachRange,
    ReachMayApply,
    ReachExactly,
    ReachFromTo,
    ReachAbove,
    ReachBelow,
    ReachFrom,
    ReachUpTo,
    ReachAnyValue,
    // locales/*/cli.ftl: the command line's help and usage errors, looked up by name
    CliHelpAbout,
    CliHelpUsage,
    CliHelpCommands,
    CliHelpArguments,
    CliHelpOptions,
    CliHelpDefault,
    CliHelpValues,
    CliHelpCheck,
    CliHelpEval,
    CliHelpBatch,
    CliHelpDiff,
    CliHelpInputs,
    CliHelpVerify,
    CliHelpServe,
    CliHelpExplain,
    CliHelpFmt,
    CliHelpLsp,
    CliHelpTest,
    CliHelpArgLang,
    CliHelpArgHelp,
    CliHelpArgVersion,
    CliHelpArgPaths,
    CliHelpArgRules,
    CliHelpArgRuleset,
    CliHelpArgEvidence,
    CliHelpArgInput,
    CliHelpArgOutput,
    CliHelpArgFrom,
    CliHelpArgTo,
    CliHelpArgOn,
    CliHelpArgSet,
    CliHelpArgSummary,
    CliHelpArgFormat,
    CliHelpArgErrorFormat,
    CliHelpEvalNoTrace,
    CliHelpEvalWhatItTakes,
    CliHelpDiffBefore,
    CliHelpDiffAfter,
    CliHelpDiffRuleset,
    CliHelpDiffChangedOnly,
    CliHelpDiffSummary,
    CliHelpDiffBeforeSet,
    CliHelpDiffAfterSet,
    CliHelpInputsOn,
    CliHelpVerifyResult,
    CliHelpVerifyEvidence,
    CliHelpVerifyRules,
    CliHelpVerifyBatch,
    CliHelpVerifyRuleset,
    CliHelpVerifyOn,
    CliHelpVerifyFrom,
    CliHelpExplainCode,
    CliHelpFmtCheck,
    CliHelpFmtStdout,
    CliHelpLspStdio,
    CliHelpServeRules,
    CliHelpServeHost,
    CliHelpServePort,
    CliHelpServeTokens,
    CliHelpServeNoAuth,
    CliHelpServeTlsCert,
    CliHelpServeTlsKey,
    CliHelpServeDecisionLog,
    CliHelpServeLogEvidence,
    CliHelpServeCorsOrigins,
    CliHelpServeNoWatch,
    CliHelpServeMaxBody,
    CliHelpServeMaxBatchBody,
    CliHelpServeMaxBatchRecords,
    CliHelpServeTimeout,
    CliHelpServeBatchTimeout,
    CliHelpServeMaxConcurrency,
    CliHelpServeMaxBatches,
    CliHelpServeShutdownGrace,
    CliUsageUnknownArgument,
    CliUsageUnknownCommand,
    CliUsageDidYouMean,
    CliUsageInvalidValue,
    CliUsageValidValues,
    CliUsageBadValue,
    CliUsageMissing,
    CliUsageConflict,
    CliUsageNeedsValue,
    CliUsageTooMany,
    CliUsageSeeHelp,
    // locales/*/codes.ftl
    CodeKindSyntax,
    CodeKindCheck,
    CodeKindEvidence,
    CodeKindEval,
    CodeKindSelect,
    CodeKindVerify,
    CodeKindArgument,
    CodeKindInternal,
    CodeKindFinding,
    CodeSyntaxExpectedSummary,
    CodeSyntaxExpectedExplanation,
    CodeSyntaxExpectedExample,
    CodeSyntaxTooLargeSummary,
    CodeSyntaxTooLargeExplanation,
    CodeSyntaxTooLargeExample,
    CodeSyntaxTooDeepSummary,
    CodeSyntaxTooDeepExplanation,
    CodeSyntaxTooDeepExample,
    CodeSyntaxBadNumberSummary,
    CodeSyntaxBadNumberExplanation,
    CodeSyntaxBadNumberExample,
    CodeSyntaxBadDateSummary,
    CodeSyntaxBadDateExplanation,
    CodeSyntaxBadDateExample,
    CodeCheckDuplicateNameSummary,
    CodeCheckDuplicateNameExplanation,
    CodeCheckDuplicateNameExample,
    CodeCheckDuplicateHeaderSummary,
    CodeCheckDuplicateHeaderExplanation,
    CodeCheckDuplicateHeaderExample,
    CodeCheckReservedNameSummary,
    CodeCheckReservedNameExplanation,
    CodeCheckReservedNameExample,
    CodeCheckUnknownNameSummary,
    CodeCheckUnknownNameExplanation,
    CodeCheckUnknownNameExample,
    CodeCheckUnknownTypeSummary,
    CodeCheckUnknownTypeExplanation,
    CodeCheckUnknownTypeExample,
    CodeCheckUnknownFunctionSummary,
    CodeCheckUnknownFunctionExplanation,
    CodeCheckUnknownFunctionExample,
    CodeCheckAritySummary,
    CodeCheckArityExplanation,
    CodeCheckArityExample,
    CodeCheckTypeMismatchSummary,
    CodeCheckTypeMismatchExplanation,
    CodeCheckTypeMismatchExample,
    CodeCheckEnumMismatchSummary,
    CodeCheckEnumMismatchExplanation,
    CodeCheckEnumMismatchExample,
    CodeCheckUnorderedEnumSummary,
    CodeCheckUnorderedEnumExplanation,
    CodeCheckUnorderedEnumExample,
    CodeCheckBadRangeSummary,
    CodeCheckBadRangeExplanation,
    CodeCheckBadRangeExample,
    CodeCheckBadDefaultSummary,
    CodeCheckBadDefaultExplanation,
    CodeCheckBadDefaultExample,
    CodeCheckBadParamSummary,
    CodeCheckBadParamExplanation,
    CodeCheckBadParamExample,
    CodeCheckScoreAboveParentSummary,
    CodeCheckScoreAboveParentExplanation,
    CodeCheckScoreAboveParentExample,
    CodeCheckScoreUnreachableSummary,
    CodeCheckScoreUnreachableExplanation,
    CodeCheckScoreUnreachableExample,
    CodeCheckScoreExceedsSummary,
    CodeCheckScoreExceedsExplanation,
    CodeCheckScoreExceedsExample,
    CodeCheckMissingOutcomeSummary,
    CodeCheckMissingOutcomeExplanation,
    CodeCheckMissingOutcomeExample,
    CodeCheckMultipleOutcomesSummary,
    CodeCheckMultipleOutcomesExplanation,
    CodeCheckMultipleOutcomesExample,
    CodeCheckNoOtherwiseSummary,
    CodeCheckNoOtherwiseExplanation,
    CodeCheckNoOtherwiseExample,
    CodeCheckOtherwiseNotLastSummary,
    CodeCheckOtherwiseNotLastExplanation,
    CodeCheckOtherwiseNotLastExample,
    CodeCheckUnreachableTierSummary,
    CodeCheckUnreachableTierExplanation,
    CodeCheckUnreachableTierExample,
    CodeCheckOverlappingTiersSummary,
    CodeCheckOverlappingTiersExplanation,
    CodeCheckOverlappingTiersExample,
    CodeCheckTierGapSummary,
    CodeCheckTierGapExplanation,
    CodeCheckTierGapExample,
    CodeCheckUnknownTierSummary,
    CodeCheckUnknownTierExplanation,
    CodeCheckUnknownTierExample,
    CodeCheckQuotaNotLowerSummary,
    CodeCheckQuotaNotLowerExplanation,
    CodeCheckQuotaNotLowerExample,
    CodeCheckCycleSummary,
    CodeCheckCycleExplanation,
    CodeCheckCycleExample,
    CodeCheckUnusedInputSummary,
    CodeCheckUnusedInputExplanation,
    CodeCheckUnusedInputExample,
    CodeCheckNestedCollectionSummary,
    CodeCheckNestedCollectionExplanation,
    CodeCheckNestedCollectionExample,
    CodeCheckImportSummary,
    CodeCheckImportExplanation,
    CodeCheckImportExample,
    CodeCheckBadTestSummary,
    CodeCheckBadTestExplanation,
    CodeCheckBadTestExample,
    CodeCheckOverlappingVersionsSummary,
    CodeCheckOverlappingVersionsExplanation,
    CodeCheckOverlappingVersionsExample,
    CodeCheckLimitSummary,
    CodeCheckLimitExplanation,
    CodeCheckLimitExample,
    CodeCheckConstantConditionSummary,
    CodeCheckConstantConditionExplanation,
    CodeCheckConstantConditionExample,
    CodeCheckUnitMismatchSummary,
    CodeCheckUnitMismatchExplanation,
    CodeCheckUnitMismatchExample,
    CodeCheckImportFailedSummary,
    CodeCheckImportFailedExplanation,
    CodeCheckImportFailedExample,
    CodeCheckUnroundedDivisionSummary,
    CodeCheckUnroundedDivisionExplanation,
    CodeCheckUnroundedDivisionExample,
    CodeCheckLayerBaseSummary,
    CodeCheckLayerBaseExplanation,
    CodeCheckLayerBaseExample,
    CodeCheckLayerRedefinesSummary,
    CodeCheckLayerRedefinesExplanation,
    CodeCheckLayerRedefinesExample,
    CodeCheckLayerLoosensSummary,
    CodeCheckLayerLoosensExplanation,
    CodeCheckLayerLoosensExample,
    CodeEvidenceNotJsonSummary,
    CodeEvidenceNotJsonExplanation,
    CodeEvidenceNotJsonExample,
    CodeEvidenceNotAnObjectSummary,
    CodeEvidenceNotAnObjectExplanation,
    CodeEvidenceNotAnObjectExample,
    CodeEvidenceUnknownFieldSummary,
    CodeEvidenceUnknownFieldExplanation,
    CodeEvidenceUnknownFieldExample,
    CodeEvidenceWrongTypeSummary,
    CodeEvidenceWrongTypeExplanation,
    CodeEvidenceWrongTypeExample,
    CodeEvidenceNotIntegerSummary,
    CodeEvidenceNotIntegerExplanation,
    CodeEvidenceNotIntegerExample,
    CodeEvidenceOutOfRangeSummary,
    CodeEvidenceOutOfRangeExplanation,
    CodeEvidenceOutOfRangeExample,
    CodeEvidenceBadEnumValueSummary,
    CodeEvidenceBadEnumValueExplanation,
    CodeEvidenceBadEnumValueExample,
    CodeEvidenceBadDateSummary,
    CodeEvidenceBadDateExplanation,
    CodeEvidenceBadDateExample,
    CodeEvidenceBadNumberSummary,
    CodeEvidenceBadNumberExplanation,
    CodeEvidenceBadNumberExample,
    CodeEvidenceDuplicateYearSummary,
    CodeEvidenceDuplicateYearExplanation,
    CodeEvidenceDuplicateYearExample,
    CodeEvidenceTooManySummary,
    CodeEvidenceTooManyExplanation,
    CodeEvidenceTooManyExample,
    CodeEvidenceMemberErrorSummary,
    CodeEvidenceMemberErrorExplanation,
    CodeEvidenceMemberErrorExample,
    CodeEvidenceDuplicateFieldSummary,
    CodeEvidenceDuplicateFieldExplanation,
    CodeEvidenceDuplicateFieldExample,
    CodeEvidenceTooLargeSummary,
    CodeEvidenceTooLargeExplanation,
    CodeEvidenceTooLargeExample,
    CodeEvalDivisionByZeroSummary,
    CodeEvalDivisionByZeroExplanation,
    CodeEvalDivisionByZeroExample,
    CodeEvalOverflowSummary,
    CodeEvalOverflowExplanation,
    CodeEvalOverflowExample,
    CodeEvalEmptyCollectionSummary,
    CodeEvalEmptyCollectionExplanation,
    CodeEvalEmptyCollectionExample,
    CodeSelectUnknownSummary,
    CodeSelectUnknownExplanation,
    CodeSelectUnknownExample,
    CodeSelectNoneInForceSummary,
    CodeSelectNoneInForceExplanation,
    CodeSelectNoneInForceExample,
    CodeSelectNeedDateSummary,
    CodeSelectNeedDateExplanation,
    CodeSelectNeedDateExample,
    CodeSelectAmbiguousSummary,
    CodeSelectAmbiguousExplanation,
    CodeSelectAmbiguousExample,
    CodeSelectEmptySummary,
    CodeSelectEmptyExplanation,
    CodeSelectEmptyExample,
    CodeVerifyNotAResultSummary,
    CodeVerifyNotAResultExplanation,
    CodeVerifyNotAResultExample,
    CodeVerifyBadDateSummary,
    CodeVerifyBadDateExplanation,
    CodeVerifyBadDateExample,
    CodeVerifyUnknownRulesetSummary,
    CodeVerifyUnknownRulesetExplanation,
    CodeVerifyUnknownRulesetExample,
    CodeVerifyNotRowsSummary,
    CodeVerifyNotRowsExplanation,
    CodeVerifyNotRowsExample,
    CodeVerifyUnreadableSummary,
    CodeVerifyUnreadableExplanation,
    CodeVerifyUnreadableExample,
    CodeArgumentInvalidSummary,
    CodeArgumentInvalidExplanation,
    CodeArgumentInvalidExample,
    CodeArgumentBadDateSummary,
    CodeArgumentBadDateExplanation,
    CodeArgumentBadDateExample,
    CodeArgumentNotInitializedSummary,
    CodeArgumentNotInitializedExplanation,
    CodeArgumentNotInitializedExample,
    CodeArgumentUnknownParamSummary,
    CodeArgumentUnknownParamExplanation,
    CodeArgumentUnknownParamExample,
    CodeArgumentBadParamSummary,
    CodeArgumentBadParamExplanation,
    CodeArgumentBadParamExample,
    CodeArgumentNotCompiledSummary,
    CodeArgumentNotCompiledExplanation,
    CodeArgumentNotCompiledExample,
    CodeInternalErrorSummary,
    CodeInternalErrorExplanation,
    CodeInternalErrorExample,
    CodeInternalPanicSummary,
    CodeInternalPanicExplanation,
    CodeInternalPanicExample,
    CodeInternalTrapSummary,
    CodeInternalTrapExplanation,
    CodeInternalTrapExample,
    CodeFindingKnockoutSummary,
    CodeFindingKnockoutExplanation,
    CodeFindingKnockoutExample,
    CodeFindingCapSummary,
    CodeFindingCapExplanation,
    CodeFindingCapExample,
    CodeFindingExclusionSummary,
    CodeFindingExclusionExplanation,
    CodeFindingExclusionExample,
    CodeFindingMissingEvidenceSummary,
    CodeFindingMissingEvidenceExplanation,
    CodeFindingMissingEvidenceExample,
    CodeFindingScoreClampedSummary,
    CodeFindingScoreClampedExplanation,
    CodeFindingScoreClampedExample,
    CodeFindingInexactDivisionSummary,
    CodeFindingInexactDivisionExplanation,
    CodeFindingInexactDivisionExample,
    CodeFindingQuotaPendingSummary,
    CodeFindingQuotaPendingExplanation,
    CodeFindingQuotaPendingExample,
    CodeFindingQuotaKeptSummary,
    CodeFindingQuotaKeptExplanation,
    CodeFindingQuotaKeptExample,
    CodeFindingQuotaDemotedSummary,
    CodeFindingQuotaDemotedExplanation,
    CodeFindingQuotaDemotedExample,
    CodeFindingQuotaUnplacedSummary,
    CodeFindingQuotaUnplacedExplanation,
    CodeFindingQuotaUnplacedExample,
    CodeFindingNotInForceSummary,
    CodeFindingNotInForceExplanation,
    CodeFindingNotInForceExample,
    // locales/*/serve.ftl
    ServeMalformedSummary,
    ServeUnauthorizedSummary,
    ServeForbiddenSummary,
    ServeNotFoundSummary,
    ServeMethodNotAllowedSummary,
    ServeTooLargeSummary,
    ServeTooManyRecordsSummary,
    ServeMediaTypeSummary,
    ServeNotAcceptableSummary,
    ServeTimeoutSummary,
    ServeUnavailableSummary,
    ServeInternalSummary,
    ServeMalformedHelp,
    ServeUnauthorizedHelp,
    ServeForbiddenHelp,
    ServeNotFoundHelp,
    ServeMethodNotAllowedHelp,
    ServeTooLargeHelp,
    ServeTooManyRecordsHelp,
    ServeMediaTypeHelp,
    ServeNotAcceptableHelp,
    ServeTimeoutHelp,
    ServeUnavailableHelp,
    ServeInternalHelp,
    ServeBadQuery,
    ServeNotADate,
    ServeBadEvaluateBody,
    ServeResultNotJson,
    ServeShuttingDown,
    ServeNoEndpoint,
    ServeMethodNotAnswered,
    ServeNeedsToken,
    ServeUnknownToken,
    ServeMissingScope,
    ServeBatchNotReadFrom,
    ServeRowsNotWrittenAs,
    ServeBatchTimeout,
    ServeCannotHoldBatch,
    ServeNoFirstRow,
    ServeTooManyRecords,
    ServeRowsNotWritten,
    ServeBodyUnreadable,
    ServeHeldBodyUnreadable,
    ServeNotArrow,
    ServeBodyTooLarge,
    ServeRequestBodyUnreadable,
    ServeRequestTimeout,
    ServeDecisionLogUnwritable,
    ServeMalformedExample,
    ServeUnauthorizedExample,
    ServeForbiddenExample,
    ServeNotFoundExample,
    ServeMethodNotAllowedExample,
    ServeTooLargeExample,
    ServeTooManyRecordsExample,
    ServeMediaTypeExample,
    ServeNotAcceptableExample,
    ServeTimeoutExample,
    ServeUnavailableExample,
    ServeInternalExample,
    // locales/*/serve.ftl: the operator's lines
    ServeListening,
    ServeRulesInForce,
    ServeStoppingOn,
    ServeStoppingNow,
    ServeStoppedLog,
    ServeServerFailed,
    ServeCannotStartRuntime,
    ServeCannotMakeMetrics,
    ServeCannotListen,
    ServeCannotListenSighup,
    ServeCannotListenSigterm,
    ServeCannotWatch,
    ServeNoAuthWarning,
    ServeLogEvidenceWarning,
    ServeCannotOpenDecisionLog,
    ServeDecisionLogWrittenAgain,
    ServeDecisionLogFailing,
    ServeTlsUnusable,
    ServeNoAuthOffLoopback,
    ServeLogEvidenceNeedsLog,
    ServeZeroSizeLimit,
    ServeZeroConcurrency,
    ServeZeroTimeLimit,
    ServeCorsAnyOrigin,
    ServeNotAnOrigin,
    ServeCannotReadTokens,
    ServeTokenLineNoScopes,
    ServeTokenLineTooLong,
    ServeTokenTooShort,
    ServeTokenUnknownScope,
    ServeTokenTwice,
    ServeNoTokens,
    ServeTokensStay,
    ServeReloadFailed,
    ServeReloadUnchanged,
    ServeReloadDone,
    ServeReloadStopped,
    ServeFolderTally,
    ServeTriggerSighup,
    ServeTriggerFileChanged,
    ServeTriggerRequest,
    ServeBatchStopped,
    ServeCannotCreateSpool,
    ServeCannotWriteSpool,
    ServeBatchTimeUp,
    ServeClientGone,
    // locales/*/verify.ftl
    VerifyNotAResult,
    VerifyNotAResultHelp,
    VerifyBadDate,
    VerifyBadDateHelp,
    VerifyUnknownRuleSet,
    VerifyUnknownRuleSetHelp,
    VerifyNotRows,
    VerifyNotRowsHelp,
    VerifyUnreadable,
    VerifyUnreadableHelp,
    VerifyWhatRows,
    VerifyWhatRecords,
    CliVerifyReproduced,
    CliVerifyNotReproduced,
    CliVerifyDifference,
    CliVerifyResultRulesChanged,
    CliVerifyRowsRulesChanged,
    CliVerifyOtherEngine,
    CliVerifyRunOn,
    CliVerifyMadeWith,
    CliVerifyRowsReproduced,
    CliVerifyRowsNotReproduced,
    CliVerifyMoreRows,
    CliVerifyRowsTally,
    CliVerifyRow,
    CliVerifyRowAtLine,
    CliVerifyNotARow,
    CliVerifyRowNotRecorded,
    CliVerifyRowGone,
    CliVerifyAlso,
    CliVerifyAlsoMany,
    CliVerifyOptionsForRows,
    CliVerifyReadTwice,
    CliVerifyFolder,
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
    fn render(&self, lang: Lang) -> String {
        let mut text = String::new();
        let mut errors = Vec::new();
        self.write(lang, &mut text, &mut errors, 0);
        text
    }

    /// Writes the argument in `lang` at the end of `out`.
    fn write(&self, lang: Lang, out: &mut String, errors: &mut Vec<String>, depth: usize) {
        match self {
            Arg::Text(text) => out.push_str(text),
            Arg::Int(n) => {
                use std::fmt::Write as _;
                let _ = write!(out, "{n}");
            }
            Arg::Msg(message) => message.write(lang, out, errors, depth + 1),
            Arg::Join(items) => {
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    item.write(lang, out, errors, depth);
                }
            }
        }
    }
}

/// A message of the catalogue with its arguments, put into words by [`Message::render`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    /// The message's id in the catalogue.
    pub id: Msg,
    /// Its arguments, by the names the catalogue's text uses.
    pub args: Vec<(&'static str, Arg)>,
}

impl Message {
    /// The message without arguments.
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
        let mut errors = Vec::new();
        let text = self.render_noting(lang, &mut errors);
        debug_assert!(errors.is_empty(), "`{}` in {lang}: {errors:?}", self.id.id());
        text
    }

    /// The message in `lang`, with what could not be rendered noted in `errors`.
    fn render_noting(&self, lang: Lang, errors: &mut Vec<String>) -> String {
        // Room for the pattern's own text and a few words per argument: a batch renders a
        // message on many rows, and growing the text from nothing reallocates it several times.
        let room = pattern_of(lang, self.id).map_or(0, |pieces| {
            pieces.iter().map(|piece| if let Piece::Text(text) = piece { text.len() } else { 24 }).sum()
        });
        let mut text = String::with_capacity(room);
        self.write(lang, &mut text, errors, 0);
        text
    }

    /// Writes the message in `lang` at the end of `out`, `depth` messages deep.
    fn write(&self, lang: Lang, out: &mut String, errors: &mut Vec<String>, depth: usize) {
        match pattern_of(lang, self.id) {
            Some(pieces) if depth < MAX_REFERENCE_DEPTH => write_pattern(pieces, lang, &self.args, out, errors, depth),
            // The tests of this module keep this from happening.
            _ => out.push_str(self.id.id()),
        }
    }
}

impl Message {
    /// The message of the catalogue named `id` (`PyBadOutput`), with arguments a front end names
    /// at run time: how a wrapper written in another language words its own problems. `None`
    /// for an id the catalogue lacks.
    pub fn named<I, N, A>(id: &str, args: I) -> Option<Message>
    where
        I: IntoIterator<Item = (N, A)>,
        N: AsRef<str>,
        A: Into<Arg>,
    {
        let mut message = Message::new(Msg::parse(id)?);
        for (name, value) in args {
            message = message.arg(argument_name(name.as_ref()), value);
        }
        Some(message)
    }
}

/// An argument's name as messages hold them (`&'static str`): a front end's names are a handful,
/// each kept once for the life of the process.
pub(crate) fn argument_name(name: &str) -> &'static str {
    static NAMES: std::sync::Mutex<Vec<&'static str>> = std::sync::Mutex::new(Vec::new());
    let mut names = NAMES.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    if let Some(known) = names.iter().find(|known| **known == name) {
        return known;
    }
    let kept: &'static str = Box::leak(name.to_owned().into_boxed_str());
    names.push(kept);
    kept
}

/// The message in the default language, Vietnamese: for `Display` of errors that carry one.
impl fmt::Display for Message {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(Lang::default()))
    }
}

/// A [`Message`] where an error type is needed: inside an [`std::io::Error`], so that whoever
/// shows the error renders it in the language asked for ([`Message::of_io`]). Its `Display` is the
/// default language's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MessageError(pub Message);

impl fmt::Display for MessageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl std::error::Error for MessageError {}

impl MessageError {
    /// An [`std::io::Error`] of `kind` that carries `message`.
    pub fn io(kind: std::io::ErrorKind, message: Message) -> std::io::Error {
        std::io::Error::new(kind, MessageError(message))
    }
}

impl Message {
    /// The words of an I/O error: the message it carries ([`MessageError`]), or else the system's
    /// own text, as it is.
    pub fn of_io(error: &std::io::Error) -> Message {
        match error.get_ref().and_then(|inner| inner.downcast_ref::<MessageError>()) {
            Some(MessageError(message)) => message.clone(),
            None => crate::msg!(Verbatim, text = error.to_string()),
        }
    }

    /// Text shown as it is, in every language: a value, a name, a system's own words.
    pub fn verbatim(text: impl Into<String>) -> Message {
        crate::msg!(Verbatim, text = text.into())
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

    #[test]
    fn a_front_end_names_a_message_and_its_arguments_at_run_time() {
        let named = Message::named("PyBadOutput", [("given".to_owned(), Arg::from("'nope'"))]);
        assert_eq!(named.as_ref().map(|m| m.id), Some(Msg::PyBadOutput));
        let text = named.map(|m| m.render(Lang::En)).unwrap_or_default();
        assert!(text.ends_with("not 'nope'"), "{text}");
        assert_eq!(Message::named("NoSuchMessage", Vec::<(String, Arg)>::new()), None);
    }

    /// The catalogue's files of one language: each file's name and text.
    fn files(lang: Lang) -> Vec<(String, String)> {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("locales").join(lang.as_str());
        let mut files: Vec<(String, String)> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "ftl"))
            .map(|p| {
                let text = std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("cannot read {}: {e}", p.display()));
                (p.file_name().unwrap_or_default().to_string_lossy().into_owned(), text)
            })
            .collect();
        files.sort();
        assert!(!files.is_empty(), "{} holds no .ftl file", dir.display());
        files
    }

    /// Each message of one language's files: its id and the names of the variables it uses.
    fn catalogue(lang: Lang) -> BTreeMap<String, BTreeSet<String>> {
        let mut messages = BTreeMap::new();
        for (file, text) in files(lang) {
            let resource = match fluent_syntax::parser::parse(text.as_str()) {
                Ok(resource) => resource,
                Err((_, errors)) => panic!("locales/{lang}/{file} does not parse: {errors:?}"),
            };
            for entry in &resource.body {
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

    /// A message with every variable either language uses set to `value`.
    fn with_every_var(
        id: Msg,
        vi: &BTreeMap<String, BTreeSet<String>>,
        en: &BTreeMap<String, BTreeSet<String>>,
        value: &Arg,
    ) -> Message {
        let vars: BTreeSet<String> =
            [vi, en].iter().flat_map(|c| c.get(id.id()).cloned().unwrap_or_default()).collect();
        let mut message = Message::new(id);
        for var in vars {
            let name: &'static str = Box::leak(var.into_boxed_str());
            message = message.arg(name, value.clone());
        }
        message
    }

    /// Every message renders in every language with its arguments, as plain text.
    #[test]
    fn every_message_renders() {
        let vi = catalogue(Lang::Vi);
        let en = catalogue(Lang::En);
        for id in Msg::ALL {
            let message = with_every_var(*id, &vi, &en, &Arg::Int(2));
            for lang in Lang::ALL {
                assert!(pattern(*lang, id.id()).is_some(), "`{}` has no {lang} value", id.id());
                let mut errors = Vec::new();
                let text = message.render_noting(*lang, &mut errors);
                assert!(errors.is_empty(), "`{}` in {lang}: {errors:?}", id.id());
                assert!(!text.trim().is_empty(), "`{}` is empty in {lang}", id.id());
                assert!(!text.contains(['\u{2068}', '\u{2069}']), "`{}` has isolation marks", id.id());
            }
        }
    }

    /// What the files do not use today renders as Fluent renders it: a reference to another
    /// message (with the same arguments) and to a term (with none), a number key, a text selector,
    /// an argument not given, a message that names itself.
    #[test]
    fn references_and_keys_render_as_fluent_does() {
        static COUNT: &[Piece] = &[Piece::Select {
            on: "n",
            variants: &[
                (Key::Number("0"), &[Piece::Text("none")]),
                (Key::Number("1.0"), &[Piece::Text("never")]),
                (Key::Name("one"), &[Piece::Text("one "), Piece::Ref("-thing")]),
                (Key::Name("other"), &[Piece::Var("n"), Piece::Text(" "), Piece::Ref("-thing"), Piece::Text("s")]),
            ],
            default: 3,
        }];
        let render = |pieces: &[Piece], lang: Lang, args: &[(&'static str, Arg)]| {
            let mut out = String::new();
            let mut errors = Vec::new();
            write_pattern(pieces, lang, args, &mut out, &mut errors, 0);
            (out, errors.len())
        };
        // `-thing` is no term of the catalogue: written as Fluent writes it, and noted.
        assert_eq!(render(COUNT, Lang::En, &[("n", Arg::Int(0))]), ("none".to_owned(), 0));
        assert_eq!(render(COUNT, Lang::En, &[("n", Arg::Int(1))]), ("one {-thing}".to_owned(), 1));
        assert_eq!(render(COUNT, Lang::Vi, &[("n", Arg::Int(1))]), ("1 {-thing}s".to_owned(), 1));
        assert_eq!(render(COUNT, Lang::En, &[("n", Arg::from("one"))]), ("one {-thing}".to_owned(), 1));
        assert_eq!(render(COUNT, Lang::En, &[]), ("{$n} {-thing}s".to_owned(), 3));
        // A reference renders the message with the caller's arguments.
        let summary = &[Piece::Text("["), Piece::Ref("CompileSummary"), Piece::Text("]")];
        let args = [("errors", Arg::Int(1)), ("file", Arg::from("a.tieuchi"))];
        assert_eq!(render(summary, Lang::En, &args), ("[1 error in `a.tieuchi`]".to_owned(), 0));
        let mut errors = Vec::new();
        let mut out = String::new();
        write_pattern(summary, Lang::En, &args, &mut out, &mut errors, MAX_REFERENCE_DEPTH);
        assert_eq!((out.as_str(), errors.len()), ("[{CompileSummary}]", 1));
    }

    /// The catalogue's text reads back as the pieces `build.rs` wrote: a reference too, which the
    /// files do not use today, and an argument right after another.
    #[test]
    fn patterns_are_read_from_the_catalogue_text() {
        assert_eq!([VAR, REF, SELECT], *b"\x01\x02\x03");
        let pieces = |text: &'static str| format!("{:?}", Pieces(text).collect::<Vec<_>>());
        let written =
            [Piece::Text("["), Piece::Ref("CompileSummary"), Piece::Text("] "), Piece::Var("a"), Piece::Var("b")];
        let written: Vec<Piece> = written.into_iter().chain(SELECTS.first().copied()).collect();
        assert_eq!(pieces("[\u{2}CompileSummary\u{2}] \u{1}a\u{1}\u{1}b\u{1}\u{3}0\u{3}"), format!("{written:?}"));
        assert_eq!(pieces(""), "[]");
    }

    /// A language's bounds tell a message it lacks from one of no text; every id is found at its
    /// place, and every message's place is its id's.
    #[test]
    fn the_catalogue_finds_its_ids_and_patterns() {
        let catalogue = Catalogue { text: "ab", bounds: &[0, 1 | ABSENT, 1, 1, 2] };
        let texts: Vec<Option<&str>> = (0..5).map(|place| catalogue.pattern(place).map(|p| p.0)).collect();
        assert_eq!(texts, [Some("a"), None, Some(""), Some("b"), None]);
        let ids = ID_BOUNDS.len() - 1;
        for place in 0..ids {
            let id = id_at(place).unwrap_or_default();
            assert_eq!(place_of(id), Some(place), "`{id}`");
        }
        assert_eq!((place_of(""), place_of("ZZZ"), id_at(ids)), (None, None, None));
        for id in Msg::ALL {
            assert_eq!(Msg::parse(id.id()), Some(*id));
            assert_eq!(format!("{id:?}"), id.id());
        }
        assert_eq!(format!("{:?}", Msg::PyBadOutput), "PyBadOutput");
    }

    /// The catalogue as built renders every message as Fluent's own runtime renders the `.ftl`
    /// files: numbers that take the plural forms and those that do not, and text.
    #[test]
    fn messages_render_as_fluent_renders_them() {
        use fluent_bundle::{FluentArgs, FluentBundle, FluentResource, FluentValue};

        let vi = catalogue(Lang::Vi);
        let en = catalogue(Lang::En);
        for lang in Lang::ALL {
            let mut bundle = FluentBundle::new(vec![lang.as_str().parse().unwrap_or_default()]);
            bundle.set_use_isolating(false);
            for (file, text) in files(*lang) {
                let resource = FluentResource::try_new(text).unwrap_or_else(|_| panic!("{lang}/{file} does not parse"));
                bundle.add_resource(resource).unwrap_or_else(|e| panic!("{lang}/{file}: {e:?}"));
            }
            for value in [Arg::Int(1), Arg::Int(2), Arg::Int(0), Arg::Text(Cow::Borrowed("một `tên`"))] {
                for id in Msg::ALL {
                    let message = with_every_var(*id, &vi, &en, &value);
                    let mut args = FluentArgs::new();
                    for (name, arg) in &message.args {
                        let fluent = match arg {
                            Arg::Int(n) => FluentValue::from(*n),
                            other => FluentValue::from(other.render(*lang)),
                        };
                        args.set(*name, fluent);
                    }
                    let pattern = bundle.get_message(id.id()).and_then(|m| m.value());
                    let Some(pattern) = pattern else { panic!("`{}` has no {lang} value", id.id()) };
                    let mut errors = Vec::new();
                    let expected = bundle.format_pattern(pattern, Some(&args), &mut errors);
                    assert_eq!(message.render(*lang), expected, "`{}` in {lang} with {value:?}", id.id());
                }
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
        // `--lang fr` is refused in the default language, the catalogue's words.
        let refused = "fr".parse::<Lang>().unwrap_err();
        assert!(refused.starts_with(&crate::msg!(ArgUnknownLang, text = "fr").render(Lang::Vi)), "{refused}");
        assert!(refused.contains("`fr`"), "{refused}");
    }
}
