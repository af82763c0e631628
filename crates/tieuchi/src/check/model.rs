//! The checked rule set: every name resolved, every expression typed.

use rust_decimal::Decimal;
use serde::Serialize;

use crate::kinds::{AdjustKind, CountBasis, Direction};
use crate::span::{SourceFile, Span};
use crate::value::{Date, Value};

#[cfg_attr(feature = "compiled", derive(borsh::BorshSerialize, borsh::BorshDeserialize))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NumKind {
    Integer,
    Number,
    Percent,
}

// Read back by hand (`crate::compiled`), with the depth of nesting bounded.
#[cfg_attr(feature = "compiled", derive(borsh::BorshSerialize))]
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Type {
    Bool,
    Number(NumKind),
    Date,
    Text,
    Enum(EnumId),
    Optional(Box<Type>),
    List(RecordId),
    History(RecordId),
    /// The literal `none`, before it meets an optional.
    NoneLiteral,
}

#[cfg_attr(feature = "compiled", derive(borsh::BorshSerialize, borsh::BorshDeserialize))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct EnumId(pub u16);

#[cfg_attr(feature = "compiled", derive(borsh::BorshSerialize, borsh::BorshDeserialize))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct RecordId(pub u16);

impl Type {
    pub fn is_numeric(&self) -> bool {
        matches!(self, Type::Number(_))
    }

    /// The type without `optional`.
    pub fn base(&self) -> &Type {
        match self {
            Type::Optional(inner) => inner.base(),
            other => other,
        }
    }

    pub fn is_optional(&self) -> bool {
        matches!(self, Type::Optional(_) | Type::NoneLiteral)
    }
}

/// A type in words, for messages: "a number", "a value of `ky_luat`".
pub fn type_name(ty: &Type, model: &Model) -> crate::i18n::Message {
    use crate::msg;
    match ty {
        Type::Bool => msg!(TypeBool),
        Type::Number(NumKind::Integer) => msg!(TypeInteger),
        Type::Number(NumKind::Number) => msg!(TypeNumber),
        Type::Number(NumKind::Percent) => msg!(TypePercent),
        Type::Date => msg!(TypeDate),
        Type::Text => msg!(TypeText),
        Type::Enum(e) => msg!(TypeEnum, name = model.enum_info(*e).map_or("", |info| info.id.as_str())),
        Type::Optional(inner) => msg!(TypeOptional, inner = type_name(inner, model)),
        Type::List(_) => msg!(TypeList),
        Type::History(_) => msg!(TypeHistory),
        Type::NoneLiteral => msg!(TypeNone),
    }
}

#[cfg_attr(feature = "compiled", derive(borsh::BorshSerialize, borsh::BorshDeserialize))]
#[derive(Debug, Clone, Serialize)]
pub struct EnumInfo {
    pub id: String,
    pub label: String,
    pub ordered: bool,
    /// Outcome tiers are written best first, so their order descends.
    pub descending: bool,
    pub values: Vec<(String, String)>,
}

impl EnumInfo {
    pub fn index_of(&self, id: &str) -> Option<u16> {
        self.values.iter().position(|(v, _)| v == id).and_then(|i| u16::try_from(i).ok())
    }
}

#[cfg_attr(feature = "compiled", derive(borsh::BorshSerialize, borsh::BorshDeserialize))]
#[derive(Debug, Clone, Serialize)]
pub struct RecordInfo {
    pub fields: Vec<InputInfo>,
    pub history: bool,
    /// Members are subjects of this rule set: their fields are its outcome, scores and lets.
    pub evaluated_by: Option<String>,
}

#[cfg_attr(feature = "compiled", derive(borsh::BorshSerialize, borsh::BorshDeserialize))]
#[derive(Debug, Clone, Serialize)]
pub struct InputInfo {
    pub id: String,
    pub label: Option<String>,
    #[serde(skip)]
    pub ty: Type,
    pub range: Option<(Decimal, Decimal)>,
    #[serde(skip)]
    pub default: Option<Value>,
    pub is_key: bool,
    #[serde(skip)]
    pub span: Span,
}

#[cfg_attr(feature = "compiled", derive(borsh::BorshSerialize, borsh::BorshDeserialize))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(tag = "kind", content = "index", rename_all = "snake_case")]
pub enum Ref {
    Input(usize),
    Let(usize),
    Score(usize),
    /// A field of the member currently looked at by an aggregate.
    Field(usize),
    /// The year of the evaluation date (`evaluation_year`); unknown without a date.
    EvaluationYear,
    /// A `param`: the value in force on the evaluation date.
    Param(usize),
}

// Read back by hand (`crate::compiled`), with the depth of nesting bounded.
#[cfg_attr(feature = "compiled", derive(borsh::BorshSerialize))]
#[derive(Debug, Clone, PartialEq)]
pub struct TExpr {
    pub kind: TKind,
    pub ty: Type,
    pub span: Span,
}

#[cfg_attr(feature = "compiled", derive(borsh::BorshSerialize, borsh::BorshDeserialize))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ArithOp {
    Add,
    Sub,
    Mul,
    Div,
}

#[cfg_attr(feature = "compiled", derive(borsh::BorshSerialize, borsh::BorshDeserialize))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CmpOp {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

impl CmpOp {
    /// The same comparison with its sides swapped: `a < b` is `b > a`.
    #[must_use]
    pub fn flipped(self) -> CmpOp {
        match self {
            CmpOp::Lt => CmpOp::Gt,
            CmpOp::Le => CmpOp::Ge,
            CmpOp::Gt => CmpOp::Lt,
            CmpOp::Ge => CmpOp::Le,
            other => other,
        }
    }

    /// The operator as written: `>=`.
    pub fn symbol(self) -> &'static str {
        match self {
            CmpOp::Eq => "=",
            CmpOp::Ne => "!=",
            CmpOp::Lt => "<",
            CmpOp::Le => "<=",
            CmpOp::Gt => ">",
            CmpOp::Ge => ">=",
        }
    }

    pub fn holds(self, ord: std::cmp::Ordering) -> bool {
        use std::cmp::Ordering::{Equal, Greater, Less};
        match self {
            CmpOp::Eq => ord == Equal,
            CmpOp::Ne => ord != Equal,
            CmpOp::Lt => ord == Less,
            CmpOp::Le => ord != Greater,
            CmpOp::Gt => ord == Greater,
            CmpOp::Ge => ord != Less,
        }
    }
}

#[cfg_attr(feature = "compiled", derive(borsh::BorshSerialize, borsh::BorshDeserialize))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Func {
    Min,
    Max,
    Clamp,
    Floor,
    Ceil,
    Abs,
}

#[cfg_attr(feature = "compiled", derive(borsh::BorshSerialize, borsh::BorshDeserialize))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AggOp {
    Count,
    Sum,
    Mean,
    Min,
    Max,
    All,
    Any,
    Share,
    Streak,
}

#[cfg_attr(feature = "compiled", derive(borsh::BorshSerialize, borsh::BorshDeserialize))]
#[derive(Debug, Clone, PartialEq)]
pub enum TKind {
    Const(Value),
    Ref(Ref),
    Neg(Box<TExpr>),
    Not(Box<TExpr>),
    And(Box<TExpr>, Box<TExpr>),
    Or(Box<TExpr>, Box<TExpr>),
    Arith(ArithOp, Box<TExpr>, Box<TExpr>),
    /// `descending` reverses enum order (outcome tiers).
    Cmp {
        op: CmpOp,
        left: Box<TExpr>,
        right: Box<TExpr>,
        descending: bool,
    },
    If(Box<TExpr>, Box<TExpr>, Box<TExpr>),
    Func(Func, Vec<TExpr>),
    /// `round(x, places)`: places is a literal.
    Round(Box<TExpr>, u32),
    Scale {
        x: Box<TExpr>,
        from: (Box<TExpr>, Box<TExpr>),
        to: (Box<TExpr>, Box<TExpr>),
    },
    Agg {
        op: AggOp,
        list: usize,
        body: Option<Box<TExpr>>,
        window: Option<u32>,
    },
}

/// A `param`: a value the rules set, which may change by date; never read from evidence.
#[cfg_attr(feature = "compiled", derive(borsh::BorshSerialize, borsh::BorshDeserialize))]
#[derive(Debug, Clone)]
pub struct ParamInfo {
    pub id: String,
    pub label: String,
    /// `bool`, `integer`, `number` or `percent`.
    pub ty: Type,
    /// In ascending order of `from`, the undated value (if any) first.
    pub values: Vec<ParamValue>,
    /// Set by [`crate::RuleSet::with_params`] for a simulation, not by the rule text.
    pub overridden: bool,
    /// For a rule set that `extends` another, a parameter a layer gave a stricter value: the
    /// national values (as [`ParamInfo::values`]), to tell whether the layer's value decided a
    /// result (see [`crate::Evaluation::deciding_layer`]). Empty for any other parameter.
    pub national: Vec<ParamValue>,
    pub span: Span,
}

/// One value of a parameter and the date it applies from.
#[cfg_attr(feature = "compiled", derive(borsh::BorshSerialize, borsh::BorshDeserialize))]
#[derive(Debug, Clone)]
pub struct ParamValue {
    pub value: Value,
    /// `None`: the value applies before every dated one.
    #[cfg_attr(feature = "compiled", borsh(serialize_with = "crate::value::date_bytes::write_opt", deserialize_with = "crate::value::date_bytes::read_opt"))]
    pub from: Option<Date>,
    pub source: Option<String>,
    /// Where the value is written (for a layered rule set, which layer gave it); empty for a
    /// simulation's value.
    pub span: Span,
    /// `file:line:column` of the value, as a result names the rule that decided; empty for a
    /// simulation's value.
    pub location: String,
}

impl ParamInfo {
    /// Whether the value depends on the evaluation date.
    pub fn needs_date(&self) -> bool {
        self.values.iter().any(|v| v.from.is_some())
    }

    /// The value in force on `on`: the one with the latest `from` on or before it, else the
    /// undated one. Without a date, a parameter with dated values is unknown; on a date before
    /// every `from` with no undated value, it has none and is unknown too.
    pub fn value_on(&self, on: Option<Date>) -> Option<&ParamValue> {
        value_on(&self.values, on)
    }

    /// The value the national rules give on `on`, for a parameter a layer gave a stricter value
    /// ([`ParamInfo::national`]); `None` for any other parameter.
    pub fn national_on(&self, on: Option<Date>) -> Option<&ParamValue> {
        if self.national.is_empty() {
            return None;
        }
        value_on(&self.national, on)
    }

    /// The layer's value in force on `on` and the national value it replaces, when they differ:
    /// the layer made the parameter stricter on that date. `None` when the rules' value is the
    /// national one, for a parameter no layer set, and for a simulation's value.
    pub(crate) fn layer_stricter_on(&self, on: Option<Date>) -> Option<(&ParamValue, &ParamValue)> {
        if self.overridden {
            return None;
        }
        let national = self.national_on(on)?;
        let used = self.value_on(on)?;
        (used.value != national.value).then_some((used, national))
    }
}

/// Of a parameter's values in ascending order of `from`, the one in force on `on` (see
/// [`ParamInfo::value_on`]).
fn value_on(values: &[ParamValue], on: Option<Date>) -> Option<&ParamValue> {
    match on {
        None if values.iter().any(|v| v.from.is_some()) => None,
        None => values.first(),
        Some(on) => values.iter().rev().find(|v| v.from.is_none_or(|from| from <= on)),
    }
}

#[cfg_attr(feature = "compiled", derive(borsh::BorshSerialize, borsh::BorshDeserialize))]
#[derive(Debug, Clone)]
pub struct LetInfo {
    pub id: String,
    pub label: Option<String>,
    pub value: TExpr,
    pub span: Span,
}

#[cfg_attr(feature = "compiled", derive(borsh::BorshSerialize, borsh::BorshDeserialize))]
#[derive(Debug, Clone)]
pub enum ScoreKind {
    Sum,
    Assessed,
    Computed(TExpr),
}

#[cfg_attr(feature = "compiled", derive(borsh::BorshSerialize, borsh::BorshDeserialize))]
#[derive(Debug, Clone)]
pub struct ScoreInfo {
    pub id: String,
    pub label: String,
    pub max: Decimal,
    pub parent: Option<usize>,
    pub children: Vec<usize>,
    pub kind: ScoreKind,
    pub source: Option<String>,
    pub span: Span,
}

#[cfg_attr(feature = "compiled", derive(borsh::BorshSerialize, borsh::BorshDeserialize))]
#[derive(Debug, Clone)]
pub struct TierInfo {
    pub id: String,
    pub label: String,
    pub when: Option<TExpr>,
    pub source: Option<String>,
    pub span: Span,
    /// For a rule set that `extends` another and writes the outcome again: the national tier
    /// this one tightens (its condition being the national one `and` more), to tell whether the
    /// layer's conditions decided a result. `None` for a tier the national rules wrote.
    pub national: Option<NationalTier>,
}

/// The national tier a layer's tier tightens (see [`TierInfo::national`]).
#[cfg_attr(feature = "compiled", derive(borsh::BorshSerialize, borsh::BorshDeserialize))]
#[derive(Debug, Clone)]
pub struct NationalTier {
    /// Of the layer's tier's conditions (its conjuncts, as the plan splits them), the indices of
    /// those that repeat the national condition: all that the national tier asks.
    pub conditions: Vec<u32>,
    pub source: Option<String>,
    pub span: Span,
    /// `file:line:column` of the national tier, as a result names the rule that decided.
    pub location: String,
}

#[cfg_attr(feature = "compiled", derive(borsh::BorshSerialize, borsh::BorshDeserialize))]
#[derive(Debug, Clone)]
pub struct OutcomeInfo {
    pub id: String,
    pub label: String,
    pub tiers: Vec<TierInfo>,
    pub enum_id: EnumId,
}

#[cfg_attr(feature = "compiled", derive(borsh::BorshSerialize, borsh::BorshDeserialize))]
#[derive(Debug, Clone)]
pub struct AdjustInfo {
    pub kind: AdjustKind,
    pub tier: Option<u16>,
    pub when: TExpr,
    pub because: Option<String>,
    pub source: Option<String>,
    pub span: Span,
}

#[cfg_attr(feature = "compiled", derive(borsh::BorshSerialize, borsh::BorshDeserialize))]
#[derive(Debug, Clone)]
pub struct QuotaInfo {
    pub tier: u16,
    pub share: Decimal,
    pub of: u16,
    /// `of U or better`: the share counts the records at `of` and at every better tier.
    pub or_better: bool,
    pub within: Vec<usize>,
    pub rank_by: Vec<(TExpr, Direction)>,
    /// The order of the records' ids among those the ranking keys leave tied (`then id desc`;
    /// ascending unless written).
    pub ties_by_id: Direction,
    pub demote_to: u16,
    pub count: CountBasis,
    pub source: Option<String>,
    pub span: Span,
}

#[cfg_attr(feature = "compiled", derive(borsh::BorshSerialize, borsh::BorshDeserialize))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RoundingMode {
    HalfUp,
    HalfEven,
    Floor,
    Ceil,
    Truncate,
}

#[cfg_attr(feature = "compiled", derive(borsh::BorshSerialize, borsh::BorshDeserialize))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Rounding {
    pub mode: RoundingMode,
    pub places: u32,
}

/// What a test expects of one name.
#[cfg_attr(feature = "compiled", derive(borsh::BorshSerialize, borsh::BorshDeserialize))]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Expected {
    Status { status: crate::kinds::Status },
    Value {
        name: String,
        #[cfg_attr(
            feature = "compiled",
            borsh(serialize_with = "json_bytes::write", deserialize_with = "json_bytes::read")
        )]
        value: serde_json::Value,
    },
}

#[cfg_attr(feature = "compiled", derive(borsh::BorshSerialize, borsh::BorshDeserialize))]
#[derive(Debug, Clone, Serialize)]
pub struct TestCase {
    pub name: String,
    #[cfg_attr(feature = "compiled", borsh(serialize_with = "json_bytes::write", deserialize_with = "json_bytes::read"))]
    pub given: serde_json::Value,
    #[serde(serialize_with = "serialize_opt_date")]
    #[cfg_attr(feature = "compiled", borsh(serialize_with = "crate::value::date_bytes::write_opt", deserialize_with = "crate::value::date_bytes::read_opt"))]
    pub on: Option<Date>,
    pub expect: Vec<Expected>,
    /// Where the case comes from: a `test` block's position, or a case file's citation.
    pub origin: String,
}

#[expect(
    clippy::ref_option,
    clippy::trivially_copy_pass_by_ref,
    reason = "serde's `serialize_with` passes a reference"
)]
fn serialize_opt_date<S: serde::Serializer>(date: &Option<Date>, s: S) -> Result<S::Ok, S::Error> {
    match date {
        Some(d) => s.collect_str(d),
        None => s.serialize_none(),
    }
}

/// Derived values in the order they must be computed.
#[cfg_attr(feature = "compiled", derive(borsh::BorshSerialize, borsh::BorshDeserialize))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "index", rename_all = "snake_case")]
pub enum Derived {
    Let(usize),
    Score(usize),
}

#[cfg_attr(feature = "compiled", derive(borsh::BorshSerialize, borsh::BorshDeserialize))]
#[derive(Debug, Clone)]
pub struct Model {
    pub source: SourceFile,
    pub id: String,
    pub id_span: Span,
    pub label: String,
    pub translations: Vec<(String, String)>,
    pub citation: Option<String>,
    #[cfg_attr(feature = "compiled", borsh(serialize_with = "crate::value::date_bytes::write_opt", deserialize_with = "crate::value::date_bytes::read_opt"))]
    pub valid_from: Option<Date>,
    #[cfg_attr(feature = "compiled", borsh(serialize_with = "crate::value::date_bytes::write_opt", deserialize_with = "crate::value::date_bytes::read_opt"))]
    pub valid_until: Option<Date>,
    /// Where the `valid` clause is, for diagnostics about versions.
    pub valid_span: Option<Span>,
    pub replaces: Option<String>,
    pub rounding: Option<Rounding>,
    pub enums: Vec<EnumInfo>,
    pub records: Vec<RecordInfo>,
    pub inputs: Vec<InputInfo>,
    pub params: Vec<ParamInfo>,
    pub lets: Vec<LetInfo>,
    pub scores: Vec<ScoreInfo>,
    pub outcome: OutcomeInfo,
    pub adjustments: Vec<AdjustInfo>,
    pub quotas: Vec<QuotaInfo>,
    pub tests: Vec<TestCase>,
    pub texts: Vec<String>,
    pub order: Vec<Derived>,
}

impl Model {
    /// Whether a test may expect `name`: the outcome, a score or a `let`.
    pub fn has_result_name(&self, name: &str) -> bool {
        name == self.outcome.id || self.scores.iter().any(|s| s.id == name) || self.lets.iter().any(|l| l.id == name)
    }

    /// The enumeration of the outcome's tiers.
    pub fn outcome_enum(&self) -> Option<&EnumInfo> {
        self.enum_info(self.outcome.enum_id)
    }

    /// A tier of the outcome by its index (best first).
    pub fn tier(&self, index: u16) -> Option<&TierInfo> {
        self.outcome.tiers.get(usize::from(index))
    }

    /// An enumeration by its id.
    pub fn enum_info(&self, id: EnumId) -> Option<&EnumInfo> {
        self.enums.get(usize::from(id.0))
    }

    /// A record type (of a list or history's members) by its id.
    pub fn record_info(&self, id: RecordId) -> Option<&RecordInfo> {
        self.records.get(usize::from(id.0))
    }
}

/// A JSON value in compiled rules (`crate::compiled`): a test's evidence and expectations.
#[cfg(feature = "compiled")]
mod json_bytes {
    use std::io::{self, Read, Write};

    use borsh::{BorshDeserialize, BorshSerialize};

    /// A JSON value (a test's evidence and expectations) as its text, exact with
    /// `arbitrary_precision`.
    pub(crate) fn write<W: Write>(value: &serde_json::Value, writer: &mut W) -> io::Result<()> {
        value.to_string().serialize(writer)
    }

    pub(crate) fn read<R: Read>(reader: &mut R) -> io::Result<serde_json::Value> {
        serde_json::from_str(&String::deserialize_reader(reader)?).map_err(|_| io::Error::new(io::ErrorKind::InvalidData, "not JSON"))
    }
}
