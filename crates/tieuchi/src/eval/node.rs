//! Evaluating one plan node: exact, three-valued, never panicking. A node, slot, parameter or
//! list the plan names but the frame lacks reads as unknown (see [`super`]).

use std::cmp::Ordering;

use rust_decimal::{Decimal, RoundingStrategy};
use serde::Serialize;

use super::inexact::{clearly_apart, exact_quotient, rounding_settles};
use super::Frame;
use crate::check::model::{AggOp, ArithOp, CmpOp, RoundingMode};
use crate::plan::{Node, NodeId, Plan, Read};
use crate::span::Location;
use crate::value::{add_decimals, Value};

/// The kinds of arithmetic with no exact answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum EvalErrorKind {
    /// A division by zero.
    #[serde(rename = "eval::division-by-zero")]
    DivisionByZero,
    /// A number beyond the exact decimals' range (28 significant digits).
    #[serde(rename = "eval::overflow")]
    Overflow,
    /// An aggregate over an empty list that has no value (the minimum of nothing).
    #[serde(rename = "eval::empty-collection")]
    EmptyCollection,
}

impl EvalErrorKind {
    /// Every kind, in declaration order.
    pub const ALL: &'static [EvalErrorKind] =
        &[EvalErrorKind::DivisionByZero, EvalErrorKind::Overflow, EvalErrorKind::EmptyCollection];

    /// The stable code: `eval::division-by-zero`.
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
    /// The stable code.
    pub code: EvalErrorKind,
    /// What is wrong.
    pub message: &'static str,
    /// Where the expression is.
    pub location: Location,
    /// The expression's text.
    pub expression: String,
    /// The line of rule text the expression starts on (boxed: errors travel in `Result`s on the
    /// hot path and stay small).
    pub source_line: Box<str>,
    /// What to do about it.
    pub help: &'static str,
}

impl EvalError {
    /// What went wrong, in the catalogue's words (`message` is its English text).
    pub fn localized_message(&self) -> crate::i18n::Message {
        crate::i18n::Message::new(match self.code {
            EvalErrorKind::DivisionByZero => crate::i18n::Msg::DivisionByZero,
            EvalErrorKind::Overflow => crate::i18n::Msg::Overflow,
            EvalErrorKind::EmptyCollection => crate::i18n::Msg::EmptyCollection,
        })
    }

    /// What to do about it, in the catalogue's words.
    pub fn localized_help(&self) -> crate::i18n::Message {
        crate::i18n::Message::new(match self.code {
            EvalErrorKind::DivisionByZero => crate::i18n::Msg::DivisionByZeroHelp,
            EvalErrorKind::Overflow => crate::i18n::Msg::OverflowHelp,
            EvalErrorKind::EmptyCollection => crate::i18n::Msg::EmptyCollectionHelp,
        })
    }

    pub(crate) fn at(plan: &Plan, kind: EvalErrorKind, node: Option<NodeId>) -> EvalError {
        let span = node.and_then(|n| plan.spans.get(n as usize).copied()).unwrap_or_default();
        let source = &plan.source;
        let (message, help) = match kind {
            EvalErrorKind::DivisionByZero => ("division by zero", "guard the division: `if d = 0 then … else x / d`"),
            EvalErrorKind::Overflow => {
                ("the result is too large to hold exactly", "check the evidence for implausible values")
            }
            EvalErrorKind::EmptyCollection => {
                ("the list is empty, so this has no value", "guard it with `count(list) > 0`")
            }
        };
        EvalError {
            code: kind,
            message,
            location: source.location(span),
            expression: source.slice(span).to_owned(),
            source_line: source.line_of(span).into(),
            help,
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

    /// Notes an inexact quotient in the value being evaluated; the first one is kept.
    fn raise(&self, division: NodeId) {
        if self.inexact.get().is_none() {
            self.inexact.set(Some(division));
        }
    }

    /// `x / y` for the division `id`, noting it when the quotient has no exact decimal value.
    fn quotient(&self, id: NodeId, x: Decimal, y: Decimal) -> Option<Decimal> {
        let q = x.checked_div(y)?;
        if !exact_quotient(x, y, q) {
            self.raise(id);
        }
        Some(q)
    }

    /// A value read from a `let` or a score carries the inexact quotient it was computed from.
    fn derived(&self, slot: u32) -> Value {
        if let Some(&Some(division)) = self.derived_inexact.get(slot as usize) {
            self.raise(division);
        }
        self.derived.get(slot as usize).copied().unwrap_or_default()
    }

    fn input(&self, slot: u32) -> Value {
        self.evidence.values.get(slot as usize).copied().unwrap_or_default()
    }

    fn param(&self, index: u32) -> Value {
        self.params.get(index as usize).copied().unwrap_or_default()
    }

    /// The list an evidence slot holds, if it holds one.
    fn list(&self, slot: u32) -> Option<&super::evidence::ListData> {
        let Value::List(index) = self.input(slot) else { return None };
        self.evidence.lists.get(index as usize)
    }

    /// After a comparison of `x` with `y` whose sides carried the inexact quotient `division`:
    /// the comparison settles it when the sides are clearly apart (`1 / 3 < 0.5` holds whatever
    /// the 28th digit) or when it is undecided anyway; otherwise it is noted again.
    #[inline(never)]
    fn settle(&self, division: NodeId, x: Value, y: Value, result: Value) {
        match (x, y) {
            _ if result.is_unknown() => {}
            (Value::Number(x), Value::Number(y)) if clearly_apart(x, y) => {}
            _ => self.raise(division),
        }
    }

    /// Each kind of node that reads others has its own function: evaluation recurses through
    /// them, and a debug build gives a function a frame as large as all its branches together, so
    /// a small dispatcher keeps the stack a deep expression needs small.
    pub(crate) fn eval(&self, id: NodeId, row: Row<'_>) -> Result<Value, Fault> {
        let Some(node) = self.plan.nodes.get(id as usize) else { return Ok(Value::Unknown) };
        Ok(match node {
            Node::Const { value } => *value,
            Node::Input { slot } => self.input(*slot),
            Node::Derived { slot } => self.derived(*slot),
            Node::Field { index } => row.and_then(|(r, _)| r.get(*index as usize).copied()).unwrap_or_default(),
            Node::Year => row.map_or(Value::Unknown, |(_, y)| Value::Number(Decimal::from(y))),
            Node::EvaluationYear => self.evaluation_year.map_or(Value::Unknown, |y| Value::Number(Decimal::from(y))),
            Node::Param { index } => self.param(*index),
            Node::Neg { x } => self.neg(*x, row)?,
            Node::Not { x } => self.not(*x, row)?,
            Node::And { a, b } => self.and(*a, *b, row)?,
            Node::Or { a, b } => self.or(*a, *b, row)?,
            Node::Arith { op, a, b } => self.arith(id, *op, *a, *b, row)?,
            Node::CmpConst { op, read, value, descending } => self.cmp_const(*op, *read, *value, *descending),
            Node::Cmp { op, a, b, descending } => self.cmp(*op, *a, *b, *descending, row)?,
            Node::If { cond, then, otherwise } => self.if_node(*cond, *then, *otherwise, row)?,
            _ => self.eval_cold(id, row)?,
        })
    }

    /// A named value compared with a constant; a `let` or score that carries an inexact quotient
    /// is settled as any comparison is. Apart from [`Frame::eval`], whose frame every level of a
    /// deep expression pays for.
    #[inline(never)]
    fn cmp_const(&self, op: CmpOp, read: Read, value: Value, descending: bool) -> Value {
        let (x, carried) = match read {
            Read::Input(slot) => (self.input(slot), None),
            Read::Param(index) => (self.param(index), None),
            Read::Derived(slot) => (
                self.derived.get(slot as usize).copied().unwrap_or_default(),
                self.derived_inexact.get(slot as usize).copied().flatten(),
            ),
        };
        let result = self.compare(x, value, descending).map_or(Value::Unknown, |ord| Value::Bool(op.holds(ord)));
        if let Some(division) = carried {
            self.settle(division, x, value, result);
        }
        result
    }

    fn neg(&self, x: NodeId, row: Row<'_>) -> Result<Value, Fault> {
        Ok(match self.eval(x, row)? {
            Value::Number(n) => Value::Number(-n),
            other => other,
        })
    }

    fn not(&self, x: NodeId, row: Row<'_>) -> Result<Value, Fault> {
        Ok(match self.eval(x, row)? {
            Value::Bool(b) => Value::Bool(!b),
            other => other,
        })
    }

    fn and(&self, a: NodeId, b: NodeId, row: Row<'_>) -> Result<Value, Fault> {
        Ok(match self.eval(a, row)? {
            Value::Bool(false) => Value::Bool(false),
            left => and_values(left, self.eval(b, row)?),
        })
    }

    fn or(&self, a: NodeId, b: NodeId, row: Row<'_>) -> Result<Value, Fault> {
        Ok(match self.eval(a, row)? {
            Value::Bool(true) => Value::Bool(true),
            left => or_values(left, self.eval(b, row)?),
        })
    }

    fn arith(&self, id: NodeId, op: ArithOp, a: NodeId, b: NodeId, row: Row<'_>) -> Result<Value, Fault> {
        let (Some(x), Some(y)) = (self.number(a, row)?, self.number(b, row)?) else {
            return Ok(Value::Unknown);
        };
        self.apply(id, op, x, y)
    }

    /// Exact arithmetic on two known numbers. Apart from [`Frame::arith`] because the decimal
    /// operations inline into their caller even in a debug build, and their locals would enlarge
    /// every recursive frame.
    #[inline(never)]
    fn apply(&self, id: NodeId, op: ArithOp, x: Decimal, y: Decimal) -> Result<Value, Fault> {
        if op == ArithOp::Div && y.is_zero() {
            return Err(self.fault(EvalErrorKind::DivisionByZero, id));
        }
        let r = match op {
            ArithOp::Add => add_decimals(x, y, false),
            ArithOp::Sub => add_decimals(x, y, true),
            ArithOp::Mul => x.checked_mul(y),
            ArithOp::Div => x.checked_div(y),
        };
        let r = r.ok_or_else(|| self.fault(EvalErrorKind::Overflow, id))?;
        if op == ArithOp::Div && !exact_quotient(x, y, r) {
            self.raise(id);
        }
        Ok(Value::Number(r))
    }

    fn cmp(&self, op: CmpOp, a: NodeId, b: NodeId, descending: bool, row: Row<'_>) -> Result<Value, Fault> {
        let outer = self.inexact.take();
        let (x, y) = (self.eval(a, row)?, self.eval(b, row)?);
        self.compared(op, (a, x), (b, y), descending, outer)
    }

    /// The comparison of two evaluated sides; `outer` is the inexact quotient met before them.
    #[inline(never)]
    fn compared(
        &self,
        op: CmpOp,
        (a, x): (NodeId, Value),
        (b, y): (NodeId, Value),
        descending: bool,
        outer: Option<NodeId>,
    ) -> Result<Value, Fault> {
        let inner = self.inexact.replace(outer);
        let result = match self.compare(x, y, descending) {
            Some(ord) => Value::Bool(op.holds(ord)),
            None => self.compare_count_bounds(op, (a, x), (b, y))?,
        };
        if let Some(division) = inner {
            self.settle(division, x, y, result);
        }
        Ok(result)
    }

    fn if_node(&self, cond: NodeId, then: NodeId, otherwise: NodeId, row: Row<'_>) -> Result<Value, Fault> {
        Ok(match self.eval(cond, row)? {
            Value::Bool(true) => self.eval(then, row)?,
            Value::Bool(false) => self.eval(otherwise, row)?,
            _ => {
                // Undecided condition: the value is known only if both branches agree.
                let (t, o) = (self.eval(then, row)?, self.eval(otherwise, row)?);
                if t == o {
                    t
                } else {
                    Value::Unknown
                }
            }
        })
    }

    /// Functions and aggregates: kept out of [`Frame::eval`] so that its stack frame stays small.
    #[inline(never)]
    fn eval_cold(&self, id: NodeId, row: Row<'_>) -> Result<Value, Fault> {
        let Some(node) = self.plan.nodes.get(id as usize) else { return Ok(Value::Unknown) };
        Ok(match node {
            Node::Min { args } => self.extremum(Pick::Min, args, row)?,
            Node::Max { args } => self.extremum(Pick::Max, args, row)?,
            Node::Clamp { x, low, high } => self.extremum(Pick::Clamp, &[*x, *low, *high], row)?,
            Node::Round { x, places } => self.rounded(*x, *places, RoundingMode::HalfUp, row)?,
            Node::Floor { x } => self.rounded(*x, 0, RoundingMode::Floor, row)?,
            Node::Ceil { x } => self.rounded(*x, 0, RoundingMode::Ceil, row)?,
            Node::Abs { x } => self.number(*x, row)?.map_or(Value::Unknown, |n| Value::Number(n.abs())),
            Node::Scale { x, a, p, b, q } => self.scale(id, [*x, *a, *p, *b, *q], row)?,
            Node::Agg { agg, list, body, window } => self.aggregate(id, *agg, *list, *body, *window)?,
            _ => Value::Unknown,
        })
    }

    /// `scale(x, a -> p, b -> q)`. Apart from [`Frame::eval_cold`], whose frame every function
    /// call in a deep expression pays for.
    #[inline(never)]
    fn scale(&self, id: NodeId, [x, a, p, b, q]: [NodeId; 5], row: Row<'_>) -> Result<Value, Fault> {
        let values = (
            self.number(x, row)?,
            self.number(a, row)?,
            self.number(p, row)?,
            self.number(b, row)?,
            self.number(q, row)?,
        );
        let (Some(x), Some(a), Some(p), Some(b), Some(q)) = values else {
            return Ok(Value::Unknown);
        };
        let (value, exact) = scale(x, a, p, b, q).ok_or_else(|| {
            let kind = if a == b { EvalErrorKind::DivisionByZero } else { EvalErrorKind::Overflow };
            self.fault(kind, id)
        })?;
        if !exact {
            self.raise(id);
        }
        Ok(Value::Number(value))
    }

    /// `min`, `max` or `clamp` of the arguments, each evaluated apart: the result carries the
    /// inexact quotients of the arguments it could be (within the margin of it), not those of
    /// arguments it is clearly not (`min(1 / 3, 0.2)` is exactly 0.2). Apart from
    /// [`Frame::eval_cold`] so that the frame of every other function stays small.
    #[inline(never)]
    fn extremum(&self, pick: Pick, args: &[NodeId], row: Row<'_>) -> Result<Value, Fault> {
        let mut carried = Carried::new(self);
        let mut best: Option<Decimal> = None;
        for (i, a) in args.iter().enumerate() {
            let Some(n) = self.number(*a, row)? else {
                return Ok(Value::Unknown);
            };
            carried.note(n);
            // clamp(x, lo, hi) is max(x, lo), then min with hi.
            let larger = matches!(pick, Pick::Max) || (matches!(pick, Pick::Clamp) && i == 1);
            best = Some(match best {
                None => n,
                Some(b) if larger => b.max(n),
                Some(b) => b.min(n),
            });
        }
        let Some(best) = best else { return Ok(Value::Unknown) };
        carried.settle(best);
        Ok(Value::Number(best))
    }

    /// `round`, `floor` and `ceil`: the rounding settles an inexact quotient in `x` unless `x`
    /// is too close to one of its steps to tell which side the exact value is on.
    #[inline(never)]
    fn rounded(&self, x: NodeId, places: u32, mode: RoundingMode, row: Row<'_>) -> Result<Value, Fault> {
        let outer = self.inexact.take();
        let n = self.number(x, row)?;
        let inner = self.inexact.replace(outer);
        let Some(n) = n else { return Ok(Value::Unknown) };
        if let Some(division) = inner {
            if !rounding_settles(n, places, mode) {
                self.raise(division);
            }
        }
        Ok(Value::Number(round(n, places, mode)))
    }

    /// `None` when either side is unknown. `none` orders below every value.
    fn compare(&self, x: Value, y: Value, descending: bool) -> Option<Ordering> {
        compare_values(x, y, descending, |id| self.evidence.text(id, self.plan))
    }

    /// The year history windows and streaks end with: the year before the evaluation year. A
    /// history holds the years already judged; the evaluation year is judged by the rule set's
    /// other inputs, so a record for it (true, false or absent) never moves a window or a streak.
    fn last_history_year(&self) -> Option<i32> {
        self.evaluation_year.map(|y| y - 1)
    }

    /// Of the members an aggregate node looks at, how many its condition holds for, and how
    /// many there are; `None` for another node, an unknown list, or a member not decided.
    pub(crate) fn member_counts(&self, node: NodeId) -> Option<(i64, i64)> {
        let Node::Agg { list, body, window, .. } = self.plan.nodes.get(node as usize)? else { return None };
        let tally = self.tally(*list, *body, *window).ok()??;
        (tally.unknown == 0).then_some((tally.yes, tally.total))
    }

    /// How many members (in the window) the condition holds for, is unknown for, and in all;
    /// `None` when the list itself is unknown, or when a window has no evaluation year to end at.
    fn tally(&self, list: u32, body: Option<NodeId>, window: Option<u32>) -> Result<Option<Tally>, Fault> {
        let Some(data) = self.list(list) else {
            return Ok(None);
        };
        if window.is_some() && self.evaluation_year.is_none() {
            return Ok(None);
        }
        let year_of = |i: usize| data.years.get(i).copied().unwrap_or(0);
        let mut tally = Tally::default();
        for i in (0..data.len()).filter(|&i| in_window(window, self.last_history_year(), year_of(i))) {
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
        let Some(&Node::Agg { agg: agg @ (AggOp::Count | AggOp::Share), list, body, window }) =
            self.plan.nodes.get(agg_node as usize)
        else {
            return Ok(Value::Unknown);
        };
        let Some(Tally { yes, unknown, total }) = self.tally(list, body, window)? else {
            return Ok(Value::Unknown);
        };
        // With the exactness of each end: a share of 1 in 3 has no exact decimal.
        let value = |n: i64| match agg {
            AggOp::Share => {
                let (n, total) = (Decimal::from(n), Decimal::from(total));
                n.checked_div(total).map(|q| (q, exact_quotient(n, total, q)))
            }
            _ => Some((Decimal::from(n), true)),
        };
        let (Some((low, low_exact)), Some((high, high_exact))) = (value(yes), value(yes + unknown)) else {
            return Ok(Value::Unknown);
        };
        let result = count_bounds(op, bound, low, high);
        let unsettled = |v: Decimal, exact: bool| !exact && !clearly_apart(v, bound);
        if !result.is_unknown() && (unsettled(low, low_exact) || unsettled(high, high_exact)) {
            self.raise(agg_node);
        }
        Ok(result)
    }

    fn aggregate(
        &self,
        id: NodeId,
        agg: AggOp,
        list: u32,
        body: Option<NodeId>,
        window: Option<u32>,
    ) -> Result<Value, Fault> {
        let Some(data) = self.list(list) else {
            return Ok(Value::Unknown);
        };
        // A window, or a streak, ends the year before the evaluation year: without a date it has
        // no place.
        if (window.is_some() || agg == AggOp::Streak) && self.evaluation_year.is_none() {
            return Ok(Value::Unknown);
        }
        let rows = data.len();
        let year_of = |i: usize| data.years.get(i).copied().unwrap_or(0);
        let row_at = |i: usize| Some((data.row(i), year_of(i)));
        let in_window = |i: usize| in_window(window, self.last_history_year(), year_of(i));
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
                        Value::Number(self.quotient(id, Decimal::from(yes), Decimal::from(total)).ok_or_else(empty)?)
                    }
                }
            }
            AggOp::Streak => {
                let Some(mut expected) = self.last_history_year() else {
                    return Ok(Value::Unknown);
                };
                // Members are in descending years, one per year: the streak is the run of members
                // of the years `expected`, `expected - 1`, … whose condition holds; a member of the
                // evaluation year or after is not part of it, a missing year or a false one ends it.
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
                // A sum or mean carries every member's inexact quotient; a minimum or maximum
                // only those of the members it could be.
                let mut carried = Carried::new(self);
                let pick = matches!(agg, AggOp::Min | AggOp::Max);
                for i in (0..rows).filter(|&i| in_window(i)) {
                    let Some(v) = self.eval(b, row_at(i))?.as_number() else {
                        return Ok(Value::Unknown);
                    };
                    if pick {
                        carried.note(v);
                    }
                    n += 1;
                    acc = Some(match (acc, agg) {
                        (None, _) => v,
                        (Some(a), AggOp::Min) => a.min(v),
                        (Some(a), AggOp::Max) => a.max(v),
                        (Some(a), _) => add_decimals(a, v, false).ok_or_else(|| self.fault(EvalErrorKind::Overflow, id))?,
                    });
                }
                match acc {
                    Some(v) if pick => carried.settle(v),
                    _ => drop(carried),
                }
                match (acc, agg) {
                    (None, AggOp::Sum) => Value::Number(Decimal::ZERO),
                    (None, _) => return Err(empty()),
                    (Some(total), AggOp::Mean) => Value::Number(
                        self.quotient(id, total, Decimal::from(n))
                            .ok_or_else(|| self.fault(EvalErrorKind::Overflow, id))?,
                    ),
                    (Some(v), _) => Value::Number(v),
                }
            }
        })
    }
}

#[derive(Debug, Clone, Copy)]
enum Pick {
    Min,
    Max,
    Clamp,
}

/// The arguments of `min`, `max` or `clamp`, each evaluated apart, with the inexact quotients
/// they carry: the result carries those of the arguments it could be (within the margin of it),
/// not those of arguments it is clearly not (`min(1 / 3, 0.2)` is exactly 0.2).
struct Carried<'f, 'a> {
    frame: &'f Frame<'a>,
    outer: Option<NodeId>,
    arguments: Vec<(Decimal, NodeId)>,
}

impl<'f, 'a> Carried<'f, 'a> {
    fn new(frame: &'f Frame<'a>) -> Self {
        Carried { frame, outer: frame.inexact.take(), arguments: Vec::new() }
    }

    /// An argument just evaluated to `n`: the inexact quotient it met, if any, goes with it.
    fn note(&mut self, n: Decimal) {
        if let Some(division) = self.frame.inexact.take() {
            self.arguments.push((n, division));
        }
    }

    /// The result is `result`: it carries the quotients of the arguments within the margin of it.
    fn settle(mut self, result: Decimal) {
        self.arguments.retain(|&(n, _)| !clearly_apart(n, result));
    }
}

impl Drop for Carried<'_, '_> {
    /// Puts back the quotient the expression around had met, or else the first one carried here
    /// (all of them, when nothing settled them: an early return for an unknown value lands here).
    fn drop(&mut self) {
        let met = self.frame.inexact.take();
        self.frame.inexact.set(self.outer.or(met).or(self.arguments.first().map(|&(_, d)| d)));
    }
}

/// Three-valued `and`: false if either side is, true if both are, else unknown.
pub(crate) fn and_values(x: Value, y: Value) -> Value {
    match (x, y) {
        (Value::Bool(false), _) | (_, Value::Bool(false)) => Value::Bool(false),
        (Value::Bool(true), Value::Bool(true)) => Value::Bool(true),
        _ => Value::Unknown,
    }
}

/// Three-valued `or`: true if either side is, false if both are, else unknown.
pub(crate) fn or_values(x: Value, y: Value) -> Value {
    match (x, y) {
        (Value::Bool(true), _) | (_, Value::Bool(true)) => Value::Bool(true),
        (Value::Bool(false), Value::Bool(false)) => Value::Bool(false),
        _ => Value::Unknown,
    }
}

/// The order of two values, `None` when either side is unknown or they cannot be compared.
/// `none` orders below every value; `text` gives a text value's characters.
pub(crate) fn compare_values<'t>(
    x: Value,
    y: Value,
    descending: bool,
    text: impl Fn(crate::value::TextId) -> &'t str,
) -> Option<Ordering> {
    let ord = match (x, y) {
        (Value::Unknown, _) | (_, Value::Unknown) => return None,
        (Value::None, Value::None) => Ordering::Equal,
        (Value::None, _) => Ordering::Less,
        (_, Value::None) => Ordering::Greater,
        (Value::Number(a), Value::Number(b)) => crate::value::compare_decimals(a, b),
        (Value::Bool(a), Value::Bool(b)) => a.cmp(&b),
        (Value::Date(a), Value::Date(b)) => a.cmp(&b),
        (Value::Enum(a), Value::Enum(b)) => {
            if descending {
                b.cmp(&a)
            } else {
                a.cmp(&b)
            }
        }
        (Value::Text(a), Value::Text(b)) => text(a).cmp(text(b)),
        _ => return None,
    };
    Some(ord)
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

/// Linear interpolation from `a -> p` to `b -> q`, clamped to the points, and whether its one
/// division was exact. It multiplies before it divides, so that a value the interpolation gives
/// exactly stays exact (`scale(1, 0 -> 0, 3 -> 3)` is 1, not 3 × 0.333…); only a product too
/// large to hold falls back to dividing first.
fn scale(x: Decimal, a: Decimal, p: Decimal, b: Decimal, q: Decimal) -> Option<(Decimal, bool)> {
    let (lo, hi) = if a < b { (a, b) } else { (b, a) };
    let x = x.max(lo).min(hi);
    let (run, span, rise) = (x.checked_sub(a)?, b.checked_sub(a)?, q.checked_sub(p)?);
    if let Some(product) = rise.checked_mul(run) {
        let step = product.checked_div(span)?;
        return Some((p.checked_add(step)?, exact_quotient(product, span, step)));
    }
    let fraction = run.checked_div(span)?;
    Some((p.checked_add(rise.checked_mul(fraction)?)?, exact_quotient(run, span, fraction)))
}

/// A count or share whose value lies in `low..=high` compared with `bound`: known when both ends
/// give the same answer.
fn count_bounds(op: CmpOp, bound: Decimal, low: Decimal, high: Decimal) -> Value {
    let outside = bound < low || bound > high;
    match op {
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
    }
}

/// Members of a list counted by a condition: known to hold, unknown, and in all.
#[derive(Debug, Clone, Copy, Default)]
struct Tally {
    yes: i64,
    unknown: i64,
    total: i64,
}

/// Whether a member of year `year` is inside the window of `count(…) in last N years`: the `N`
/// years ending with `last`, the year before the evaluation year, whatever members the history
/// has (always, without a window; never, without an evaluation year, which callers treat as
/// unknown).
fn in_window(window: Option<u32>, last: Option<i32>, year: i32) -> bool {
    match (window, last) {
        (Some(n), Some(a)) => year <= a && i64::from(year) > i64::from(a) - i64::from(n),
        (Some(_), None) => false,
        (None, _) => true,
    }
}
