//! Evaluating one plan node: exact, three-valued, never panicking.

use std::cmp::Ordering;

use rust_decimal::{Decimal, RoundingStrategy};
use serde::Serialize;

use super::evidence::ListData;
use super::Frame;
use crate::check::model::{AggOp, ArithOp, CmpOp, RoundingMode};
use crate::plan::{Node, NodeId, Plan, Read};
use crate::span::Location;
use crate::value::Value;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum EvalErrorKind {
    #[serde(rename = "eval::division-by-zero")]
    DivisionByZero,
    #[serde(rename = "eval::overflow")]
    Overflow,
    #[serde(rename = "eval::empty-collection")]
    EmptyCollection,
}

impl EvalErrorKind {
    pub const ALL: &'static [EvalErrorKind] =
        &[EvalErrorKind::DivisionByZero, EvalErrorKind::Overflow, EvalErrorKind::EmptyCollection];

    /// One line on what the code means.
    pub fn summary(self) -> &'static str {
        match self {
            EvalErrorKind::DivisionByZero => "an expression divided by zero",
            EvalErrorKind::Overflow => "a result is too large to hold exactly",
            EvalErrorKind::EmptyCollection => "a mean, minimum, maximum or share of an empty list",
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            EvalErrorKind::DivisionByZero => "eval::division-by-zero",
            EvalErrorKind::Overflow => "eval::overflow",
            EvalErrorKind::EmptyCollection => "eval::empty-collection",
        }
    }
}

/// Arithmetic that has no exact answer, at the expression that asked for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[error("{location}: {message}")]
pub struct EvalError {
    pub code: EvalErrorKind,
    pub message: String,
    pub location: Location,
    /// The expression's text.
    pub expression: String,
    pub help: String,
}

impl EvalError {
    pub(crate) fn at(plan: &Plan, kind: EvalErrorKind, node: Option<NodeId>) -> EvalError {
        let span = node.and_then(|n| plan.spans.get(n as usize).copied()).unwrap_or_default();
        let source = &plan.source;
        let (message, help) = match kind {
            EvalErrorKind::DivisionByZero => {
                ("division by zero".to_owned(), "guard the division: `if d = 0 then … else x / d`")
            }
            EvalErrorKind::Overflow => {
                ("the result is too large to hold exactly".to_owned(), "check the evidence for implausible values")
            }
            EvalErrorKind::EmptyCollection => {
                ("the list is empty, so this has no value".to_owned(), "guard it with `count(list) > 0`")
            }
        };
        EvalError {
            code: kind,
            message,
            location: source.location(span),
            expression: source.slice(span).to_owned(),
            help: help.to_owned(),
        }
    }
}

type Row<'a> = Option<(&'a [Value], i32)>;

/// An evaluation error on the hot path: small, so that results stay cheap to return. It becomes
/// an [`EvalError`] with its location only when it reaches the caller.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Fault {
    pub kind: EvalErrorKind,
    pub node: Option<NodeId>,
}

impl Fault {
    pub(crate) fn into_error(self, plan: &Plan) -> EvalError {
        EvalError::at(plan, self.kind, self.node)
    }
}

impl Frame<'_> {
    #[expect(clippy::unused_self, reason = "kept beside the frame's other helpers for call-site symmetry")]
    fn fault(&self, kind: EvalErrorKind, node: NodeId) -> Fault {
        Fault { kind, node: Some(node) }
    }

    fn number(&self, id: NodeId, row: Row<'_>) -> Result<Option<Decimal>, Fault> {
        Ok(self.eval(id, row)?.as_number())
    }

    pub(crate) fn eval(&self, id: NodeId, row: Row<'_>) -> Result<Value, Fault> {
        let overflow = || self.fault(EvalErrorKind::Overflow, id);
        Ok(match &self.plan.nodes[id as usize] {
            Node::Const { value } => *value,
            Node::Input { slot } => self.evidence.values[*slot as usize],
            Node::Derived { slot } => self.derived[*slot as usize],
            Node::Field { index } => row.map_or(Value::Unknown, |(r, _)| r[*index as usize]),
            Node::Year => row.map_or(Value::Unknown, |(_, y)| Value::Number(Decimal::from(y))),
            Node::EvaluationYear => self.evaluation_year.map_or(Value::Unknown, |y| Value::Number(Decimal::from(y))),
            Node::Neg { x } => match self.eval(*x, row)? {
                Value::Number(n) => Value::Number(-n),
                other => other,
            },
            Node::Not { x } => match self.eval(*x, row)? {
                Value::Bool(b) => Value::Bool(!b),
                other => other,
            },
            Node::And { a, b } => match self.eval(*a, row)? {
                Value::Bool(false) => Value::Bool(false),
                left => match (left, self.eval(*b, row)?) {
                    (_, Value::Bool(false)) => Value::Bool(false),
                    (Value::Bool(true), Value::Bool(true)) => Value::Bool(true),
                    _ => Value::Unknown,
                },
            },
            Node::Or { a, b } => match self.eval(*a, row)? {
                Value::Bool(true) => Value::Bool(true),
                left => match (left, self.eval(*b, row)?) {
                    (_, Value::Bool(true)) => Value::Bool(true),
                    (Value::Bool(false), Value::Bool(false)) => Value::Bool(false),
                    _ => Value::Unknown,
                },
            },
            Node::Arith { op, a, b } => {
                let (Some(x), Some(y)) = (self.number(*a, row)?, self.number(*b, row)?) else {
                    return Ok(Value::Unknown);
                };
                let r = match op {
                    ArithOp::Add => x.checked_add(y).ok_or_else(overflow)?,
                    ArithOp::Sub => x.checked_sub(y).ok_or_else(overflow)?,
                    ArithOp::Mul => x.checked_mul(y).ok_or_else(overflow)?,
                    ArithOp::Div => {
                        if y.is_zero() {
                            return Err(self.fault(EvalErrorKind::DivisionByZero, id));
                        }
                        x.checked_div(y).ok_or_else(overflow)?
                    }
                };
                Value::Number(r)
            }
            Node::CmpConst { op, read, value, descending } => {
                let x = match read {
                    Read::Input(slot) => self.evidence.values[*slot as usize],
                    Read::Derived(slot) => self.derived[*slot as usize],
                };
                self.compare(x, *value, *descending).map_or(Value::Unknown, |ord| Value::Bool(op.holds(ord)))
            }
            Node::Cmp { op, a, b, descending } => {
                let (x, y) = (self.eval(*a, row)?, self.eval(*b, row)?);
                match self.compare(x, y, *descending) {
                    Some(ord) => Value::Bool(op.holds(ord)),
                    None => self.compare_count_bounds(*op, (*a, x), (*b, y))?,
                }
            }
            Node::If { cond, then, otherwise } => match self.eval(*cond, row)? {
                Value::Bool(true) => self.eval(*then, row)?,
                Value::Bool(false) => self.eval(*otherwise, row)?,
                _ => {
                    // Undecided condition: the value is known only if both branches agree.
                    let (t, o) = (self.eval(*then, row)?, self.eval(*otherwise, row)?);
                    if t == o {
                        t
                    } else {
                        Value::Unknown
                    }
                }
            },
            _ => self.eval_cold(id, row)?,
        })
    }

    /// Functions and aggregates: kept out of [`Frame::eval`] so that its stack frame stays small.
    #[inline(never)]
    fn eval_cold(&self, id: NodeId, row: Row<'_>) -> Result<Value, Fault> {
        let overflow = || self.fault(EvalErrorKind::Overflow, id);
        Ok(match &self.plan.nodes[id as usize] {
            Node::Min { args } | Node::Max { args } => {
                let is_min = matches!(self.plan.nodes[id as usize], Node::Min { .. });
                let mut best: Option<Decimal> = None;
                for a in args {
                    let Some(n) = self.number(*a, row)? else {
                        return Ok(Value::Unknown);
                    };
                    best = Some(match best {
                        None => n,
                        Some(b) if is_min => b.min(n),
                        Some(b) => b.max(n),
                    });
                }
                best.map_or(Value::Unknown, Value::Number)
            }
            Node::Clamp { x, low, high } => {
                let (Some(x), Some(lo), Some(hi)) =
                    (self.number(*x, row)?, self.number(*low, row)?, self.number(*high, row)?)
                else {
                    return Ok(Value::Unknown);
                };
                Value::Number(x.max(lo).min(hi))
            }
            Node::Round { x, places } => match self.number(*x, row)? {
                Some(n) => Value::Number(round(n, *places, RoundingMode::HalfUp)),
                None => Value::Unknown,
            },
            Node::Floor { x } => self.number(*x, row)?.map_or(Value::Unknown, |n| Value::Number(n.floor())),
            Node::Ceil { x } => self.number(*x, row)?.map_or(Value::Unknown, |n| Value::Number(n.ceil())),
            Node::Abs { x } => self.number(*x, row)?.map_or(Value::Unknown, |n| Value::Number(n.abs())),
            Node::Scale { x, a, p, b, q } => {
                let values = (
                    self.number(*x, row)?,
                    self.number(*a, row)?,
                    self.number(*p, row)?,
                    self.number(*b, row)?,
                    self.number(*q, row)?,
                );
                let (Some(x), Some(a), Some(p), Some(b), Some(q)) = values else {
                    return Ok(Value::Unknown);
                };
                Value::Number(scale(x, a, p, b, q).ok_or_else(|| {
                    if a == b {
                        self.fault(EvalErrorKind::DivisionByZero, id)
                    } else {
                        overflow()
                    }
                })?)
            }
            Node::Agg { agg, list, body, window } => self.aggregate(id, *agg, *list, *body, *window)?,
            _ => Value::Unknown,
        })
    }

    /// `None` when either side is unknown. `none` orders below every value.
    fn compare(&self, x: Value, y: Value, descending: bool) -> Option<Ordering> {
        let ord = match (x, y) {
            (Value::Unknown, _) | (_, Value::Unknown) => return None,
            (Value::None, Value::None) => Ordering::Equal,
            (Value::None, _) => Ordering::Less,
            (_, Value::None) => Ordering::Greater,
            (Value::Number(a), Value::Number(b)) => a.cmp(&b),
            (Value::Bool(a), Value::Bool(b)) => a.cmp(&b),
            (Value::Date(a), Value::Date(b)) => a.cmp(&b),
            (Value::Enum(a), Value::Enum(b)) => {
                if descending {
                    b.cmp(&a)
                } else {
                    a.cmp(&b)
                }
            }
            (Value::Text(a), Value::Text(b)) => self.evidence.text(a, self.plan).cmp(self.evidence.text(b, self.plan)),
            _ => return None,
        };
        Some(ord)
    }

    /// The year history windows and streaks count back from: the evaluation year if the history
    /// has a record for it, else the year before; without a date, the newest record's year.
    fn anchor(&self, data: &ListData) -> Option<i32> {
        if data.years.is_empty() {
            return None;
        }
        match self.evaluation_year {
            Some(y) if data.years.contains(&y) => Some(y),
            Some(y) => Some(y - 1),
            None => data.years.first().copied(),
        }
    }

    /// How many members (in the window) the condition holds for, is unknown for, and in all;
    /// `None` when the list itself is unknown.
    fn tally(&self, list: u32, body: Option<NodeId>, window: Option<u32>) -> Result<Option<Tally>, Fault> {
        let Value::List(index) = self.evidence.values[list as usize] else {
            return Ok(None);
        };
        let data = &self.evidence.lists[index as usize];
        let year_of = |i: usize| data.years.get(i).copied().unwrap_or(0);
        let anchor = self.anchor(data);
        let mut tally = Tally::default();
        for i in (0..data.len()).filter(|&i| in_window(window, anchor, year_of(i))) {
            tally.total += 1;
            match body {
                None => tally.yes += 1,
                Some(b) => match self.eval(b, Some((data.row(i), year_of(i))))? {
                    Value::Bool(true) => tally.yes += 1,
                    Value::Bool(false) => {}
                    _ => tally.unknown += 1,
                },
            }
        }
        Ok(Some(tally))
    }

    /// A count or share compared with a known number, when some members are unknown: the
    /// members the condition holds for are at least `yes` and at most `yes + unknown`, so the
    /// comparison is known if it comes out the same at both ends ("≥ 70%" with 15 of 20 known
    /// to hold is true whatever the other 5 are). Anything else stays unknown.
    #[inline(never)]
    fn compare_count_bounds(
        &self,
        op: CmpOp,
        (a, x): (NodeId, Value),
        (b, y): (NodeId, Value),
    ) -> Result<Value, Fault> {
        let (op, agg_node, bound) = match (x, y) {
            (Value::Unknown, Value::Number(c)) => (op, a, c),
            (Value::Number(c), Value::Unknown) => (op.flipped(), b, c),
            _ => return Ok(Value::Unknown),
        };
        let Node::Agg { agg: agg @ (AggOp::Count | AggOp::Share), list, body, window } =
            self.plan.nodes[agg_node as usize]
        else {
            return Ok(Value::Unknown);
        };
        let Some(Tally { yes, unknown, total }) = self.tally(list, body, window)? else {
            return Ok(Value::Unknown);
        };
        let value = |n: i64| match agg {
            AggOp::Share => Decimal::from(n).checked_div(Decimal::from(total)),
            _ => Some(Decimal::from(n)),
        };
        let (Some(low), Some(high)) = (value(yes), value(yes + unknown)) else {
            return Ok(Value::Unknown);
        };
        let outside = bound < low || bound > high;
        Ok(match op {
            CmpOp::Eq if outside => Value::Bool(false),
            CmpOp::Ne if outside => Value::Bool(true),
            CmpOp::Eq | CmpOp::Ne => Value::Unknown,
            _ => {
                let (at_low, at_high) = (op.holds(low.cmp(&bound)), op.holds(high.cmp(&bound)));
                if at_low == at_high {
                    Value::Bool(at_low)
                } else {
                    Value::Unknown
                }
            }
        })
    }

    fn aggregate(
        &self,
        id: NodeId,
        agg: AggOp,
        list: u32,
        body: Option<NodeId>,
        window: Option<u32>,
    ) -> Result<Value, Fault> {
        let Value::List(index) = self.evidence.values[list as usize] else {
            return Ok(Value::Unknown);
        };
        let data = &self.evidence.lists[index as usize];
        let rows = data.len();
        let year_of = |i: usize| data.years.get(i).copied().unwrap_or(0);
        let row_at = |i: usize| Some((data.row(i), year_of(i)));
        let anchor = self.anchor(data);
        let in_window = |i: usize| in_window(window, anchor, year_of(i));
        let empty = || self.fault(EvalErrorKind::EmptyCollection, id);
        Ok(match agg {
            AggOp::Count | AggOp::Share | AggOp::All | AggOp::Any => {
                let Tally { yes, unknown, total } = self.tally(list, body, window)?.unwrap_or_default();
                match agg {
                    AggOp::All if yes + unknown < total => Value::Bool(false),
                    AggOp::Any if yes > 0 => Value::Bool(true),
                    _ if unknown > 0 => Value::Unknown,
                    AggOp::All => Value::Bool(true),
                    AggOp::Any => Value::Bool(false),
                    AggOp::Count => Value::Number(Decimal::from(yes)),
                    _ => {
                        if total == 0 {
                            return Err(empty());
                        }
                        Value::Number(Decimal::from(yes).checked_div(Decimal::from(total)).ok_or_else(empty)?)
                    }
                }
            }
            AggOp::Streak => {
                let Some(mut expected) = anchor else {
                    return Ok(Value::Number(Decimal::ZERO));
                };
                let mut streak = 0i64;
                for i in 0..rows {
                    let y = year_of(i);
                    if y > expected {
                        continue;
                    }
                    if y < expected {
                        break;
                    }
                    match body.map(|b| self.eval(b, row_at(i))).transpose()? {
                        Some(Value::Bool(true)) => streak += 1,
                        Some(Value::Bool(false)) | None => break,
                        Some(_) => return Ok(Value::Unknown),
                    }
                    expected -= 1;
                }
                Value::Number(Decimal::from(streak))
            }
            AggOp::Sum | AggOp::Mean | AggOp::Min | AggOp::Max => {
                let Some(b) = body else {
                    return Ok(Value::Unknown);
                };
                let mut acc: Option<Decimal> = None;
                let mut n = 0i64;
                for i in (0..rows).filter(|&i| in_window(i)) {
                    let Some(v) = self.eval(b, row_at(i))?.as_number() else {
                        return Ok(Value::Unknown);
                    };
                    n += 1;
                    acc = Some(match (acc, agg) {
                        (None, _) => v,
                        (Some(a), AggOp::Min) => a.min(v),
                        (Some(a), AggOp::Max) => a.max(v),
                        (Some(a), _) => a.checked_add(v).ok_or_else(|| self.fault(EvalErrorKind::Overflow, id))?,
                    });
                }
                match (acc, agg) {
                    (None, AggOp::Sum) => Value::Number(Decimal::ZERO),
                    (None, _) => return Err(empty()),
                    (Some(total), AggOp::Mean) => Value::Number(
                        total.checked_div(Decimal::from(n)).ok_or_else(|| self.fault(EvalErrorKind::Overflow, id))?,
                    ),
                    (Some(v), _) => Value::Number(v),
                }
            }
        })
    }
}

pub(crate) fn round(n: Decimal, places: u32, mode: RoundingMode) -> Decimal {
    let strategy = match mode {
        RoundingMode::HalfUp => RoundingStrategy::MidpointAwayFromZero,
        RoundingMode::HalfEven => RoundingStrategy::MidpointNearestEven,
        RoundingMode::Floor => RoundingStrategy::ToNegativeInfinity,
        RoundingMode::Ceil => RoundingStrategy::ToPositiveInfinity,
        RoundingMode::Truncate => RoundingStrategy::ToZero,
    };
    n.round_dp_with_strategy(places, strategy)
}

/// Linear interpolation from `a -> p` to `b -> q`, clamped to the points.
fn scale(x: Decimal, a: Decimal, p: Decimal, b: Decimal, q: Decimal) -> Option<Decimal> {
    let (lo, hi) = if a < b { (a, b) } else { (b, a) };
    let x = x.max(lo).min(hi);
    let fraction = x.checked_sub(a)?.checked_div(b.checked_sub(a)?)?;
    p.checked_add(q.checked_sub(p)?.checked_mul(fraction)?)
}

/// Members of a list counted by a condition: known to hold, unknown, and in all.
#[derive(Debug, Clone, Copy, Default)]
struct Tally {
    yes: i64,
    unknown: i64,
    total: i64,
}

/// Whether a member of year `year` is inside the window of `count(…) in last N years` counted
/// back from `anchor` (always, without a window).
fn in_window(window: Option<u32>, anchor: Option<i32>, year: i32) -> bool {
    match (window, anchor) {
        (Some(n), Some(a)) => year <= a && i64::from(year) > i64::from(a) - i64::from(n),
        (Some(_), None) => false,
        (None, _) => true,
    }
}
