//! The typed syntax tree of one rule file, before names are resolved.

use rust_decimal::Decimal;
use serde::Serialize;

pub use crate::kinds::{AdjustKind, CountBasis, Direction};

use crate::span::Span;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Ident {
    pub name: String,
    pub span: Span,
}

/// A quoted, NFC-normalised string shown to people.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Label {
    pub text: String,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RuleSetAst {
    pub id: Ident,
    pub label: Label,
    /// `extends id`: the rule set this layer is merged onto.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub extends: Option<Ident>,
    pub items: Vec<Item>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "item", rename_all = "snake_case")]
pub enum Item {
    Label { lang: Ident, label: Label },
    Source(Label),
    Valid { from: Option<DateLit>, until: Option<DateLit>, span: Span },
    Replaces(Ident),
    Rounding { mode: Ident, places: u32, span: Span },
    Enum(EnumDecl),
    Input(InputDecl),
    Key(InputDecl),
    Param(ParamDecl),
    Let(LetDecl),
    Score(ScoreDecl),
    Outcome(OutcomeDecl),
    Adjust(AdjustDecl),
    Quota(QuotaDecl),
    Test(TestDecl),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct DateLit {
    #[serde(serialize_with = "crate::value::serialize_date")]
    pub date: jiff::civil::Date,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EnumDecl {
    pub id: Ident,
    pub label: Label,
    pub ordered: bool,
    pub values: Vec<(Ident, Label)>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct InputDecl {
    pub id: Ident,
    pub label: Option<Label>,
    pub ty: TypeExpr,
    pub range: Option<RangeLit>,
    pub default: Option<Literal>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RangeLit {
    pub low: Decimal,
    pub high: Decimal,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum TypeExpr {
    Named {
        name: Ident,
    },
    Qualified {
        ruleset: Ident,
        name: Ident,
    },
    Optional {
        inner: Box<TypeExpr>,
        span: Span,
    },
    List {
        fields: Vec<InputDecl>,
        span: Span,
    },
    /// Members that are subjects of another rule set, evaluated by it.
    ListOf {
        ruleset: Ident,
        span: Span,
    },
    History {
        fields: Vec<InputDecl>,
        span: Span,
    },
}

impl TypeExpr {
    pub fn span(&self) -> Span {
        match self {
            TypeExpr::Named { name } => name.span,
            TypeExpr::Qualified { ruleset, name } => ruleset.span.to(name.span),
            TypeExpr::Optional { span, .. }
            | TypeExpr::List { span, .. }
            | TypeExpr::ListOf { span, .. }
            | TypeExpr::History { span, .. } => *span,
        }
    }
}

/// `param id "…": T = V [from D] [source "…"] …`: a value the rules set, by date.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ParamDecl {
    pub id: Ident,
    pub label: Label,
    pub ty: TypeExpr,
    pub values: Vec<ParamValueDecl>,
    pub span: Span,
}

/// One value of a parameter: `= 85 from 2027-01-01 source "…"`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ParamValueDecl {
    pub value: Literal,
    /// `None`: the value applies before every dated one.
    pub from: Option<DateLit>,
    pub source: Option<Label>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LetDecl {
    pub id: Ident,
    pub label: Option<Label>,
    pub value: Expr,
    pub source: Option<Label>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScoreDecl {
    pub id: Ident,
    pub label: Label,
    pub max: Decimal,
    pub max_span: Span,
    /// `under parent`: a layer's item placed inside the national score `parent`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub under: Option<Ident>,
    pub children: Vec<ScoreDecl>,
    pub value: ScoreValue,
    pub source: Option<Label>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ScoreValue {
    /// The sum of the children.
    Sum,
    /// Entered by the assessor, bounded by the item's max.
    Assessed(Span),
    Computed(Expr),
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OutcomeDecl {
    pub id: Ident,
    pub label: Label,
    pub tiers: Vec<TierDecl>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TierDecl {
    pub id: Ident,
    pub label: Label,
    /// `None` for `otherwise`.
    pub when: Option<Expr>,
    pub source: Option<Label>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AdjustDecl {
    pub kind: AdjustKind,
    /// The tier forced or capped to; `None` for `exclude`.
    pub tier: Option<Ident>,
    pub when: Expr,
    pub because: Option<Label>,
    pub source: Option<Label>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QuotaDecl {
    pub tier: Ident,
    pub share: Decimal,
    pub share_span: Span,
    pub of: Ident,
    /// `of U or better`: the share counts U and every better tier; the span of `or better`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub or_better: Option<Span>,
    pub within: Vec<Ident>,
    pub rank_by: Vec<(Expr, Direction)>,
    pub demote_to: Ident,
    pub count: CountBasis,
    pub source: Option<Label>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TestDecl {
    pub name: Label,
    pub given: Literal,
    pub on: Option<DateLit>,
    pub expect: Vec<Expectation>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "expect", rename_all = "snake_case")]
pub enum Expectation {
    NotRated { span: Span },
    NotDeterminable { span: Span },
    Value { name: Ident, value: Literal },
}

/// Literal data: evidence in `given`, defaults.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Literal {
    pub kind: LiteralKind,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum LiteralKind {
    Number(Decimal),
    Percent(Decimal),
    Date(#[serde(serialize_with = "crate::value::serialize_date")] jiff::civil::Date),
    Text(String),
    Bool(bool),
    None,
    Name(String),
    List(Vec<Literal>),
    Object(Vec<(Ident, Literal)>),
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Expr {
    pub kind: ExprKind,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "expr", rename_all = "snake_case")]
pub enum ExprKind {
    Number {
        value: Decimal,
    },
    Percent {
        value: Decimal,
    },
    Date {
        #[serde(serialize_with = "crate::value::serialize_date")]
        value: jiff::civil::Date,
    },
    Text {
        value: String,
    },
    Bool {
        value: bool,
    },
    None,
    Path {
        segments: Vec<Ident>,
    },
    Unary {
        op: UnaryOp,
        operand: Box<Expr>,
    },
    Binary {
        op: BinaryOp,
        left: Box<Expr>,
        right: Box<Expr>,
    },
    If {
        cond: Box<Expr>,
        then: Box<Expr>,
        otherwise: Box<Expr>,
    },
    Call {
        func: Ident,
        args: Vec<Arg>,
        window: Option<Window>,
    },
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Arg {
    pub value: Expr,
    /// `a -> p` in `scale`.
    pub maps_to: Option<Expr>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Window {
    pub years: u32,
    pub span: Span,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum UnaryOp {
    Neg,
    Not,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BinaryOp {
    Or,
    And,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    Add,
    Sub,
    Mul,
    Div,
}

impl BinaryOp {
    pub fn symbol(self) -> &'static str {
        match self {
            BinaryOp::Or => "or",
            BinaryOp::And => "and",
            BinaryOp::Eq => "=",
            BinaryOp::Ne => "!=",
            BinaryOp::Lt => "<",
            BinaryOp::Le => "<=",
            BinaryOp::Gt => ">",
            BinaryOp::Ge => ">=",
            BinaryOp::Add => "+",
            BinaryOp::Sub => "-",
            BinaryOp::Mul => "*",
            BinaryOp::Div => "/",
        }
    }
}
