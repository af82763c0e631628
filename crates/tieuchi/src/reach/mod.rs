//! What it takes: for each tier better than the one a record reached, the changes of its
//! evidence that reach it, or the rule that puts it out of reach.
//!
//! A tier's condition is read as the checker typed it. `and` asks for every part, `or` gives
//! alternatives (`not` is pushed inwards). A comparison of a number with a constant is solved
//! exactly when the number is a sum of score items or numeric inputs, each counted once (a
//! score's items, `tong`, `a + b`, a constant multiple or quotient of them), or a `min`, `max` or
//! `clamp` of such sums: the least total change, and how much each item can still give within
//! its range. A yes/no or enum input is set; a count, share, `all` or `any` over a list says how
//! many more (or fewer) members must meet its condition. What cannot be solved exactly (a rounded
//! score, a streak, a condition inside `if`) is reported as such, never estimated.
//!
//! A knock-out, cap or exclusion that holds is reported as what blocks the better tiers,
//! whatever the scores; a quota on a tier is named, since the group's limit may still lower it.
//! Every way found is checked by evaluating the record with the change applied (scores and inputs
//! raised or lowered item by item, as far as each can go): a way that does not reach the tier is
//! dropped.

mod pending;

use std::borrow::Cow;
use std::fmt::Write as _;

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

use crate::check::model::{AdjustInfo, AggOp, ArithOp, CmpOp, Func, Model, NumKind, Ref, ScoreKind, TExpr, TKind, Type};
use crate::eval::evidence::Evidence;
use crate::kinds::AdjustKind;
use crate::msg;
use crate::outcome::Evaluation;
use crate::plan::EvidenceField;
use crate::span::Span;
use crate::value::Value;
use crate::{Options, RuleSet, Status};

/// Ways kept per tier: a condition with many `or`s would otherwise multiply them.
const MAX_WAYS: usize = 16;
/// Lets expanded inside one another before a condition is said to be unsolved.
const MAX_DEPTH: u32 = 32;

pub use pending::Pending;
#[cfg(feature = "internals")]
pub use pending::{Decides, Outcome, Piece};

/// What it takes for one record: one goal per tier better than the one reached (all tiers when
/// the record was not rated), best first; or, while evidence is missing, what is still possible.
#[derive(Debug, Clone, PartialEq)]
pub struct WhatItTakes {
    pub goals: Vec<Goal>,
    /// Set when the record is not determinable (and `goals` is then empty).
    pub pending: Option<Pending>,
}

/// One better tier, and what reaching it takes.
#[derive(Debug, Clone, PartialEq)]
pub struct Goal {
    /// The tier's index (tiers are written best first).
    pub tier: u16,
    pub reach: Reach,
    /// A quota limits this tier within the record's group: reaching it may not keep it.
    pub quota: Option<usize>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Reach {
    /// Each way reaches the tier (or a better one); all the changes of one way are needed.
    Ways(Vec<Vec<Change>>),
    /// A knock-out, cap or exclusion holds (its index): no change of the scores lifts it.
    Blocked(usize),
    /// The tier asks more than the evidence can give: what falls short, for each way.
    TooFar(Vec<Shortfall>),
    /// A part of the condition that is not solved exactly: where it is.
    NotSolved(Span),
}

/// One change of evidence.
#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    /// A number must rise (or fall) by `by` — by more than `by` when `strict` — shared among
    /// its items as their room allows.
    Points { of: Subject, rise: bool, by: Decimal, strict: bool, items: Vec<Item> },
    /// An input set to a value; `or_beyond`: or to any value further the same way.
    Set { input: usize, to: Value, or_beyond: bool },
    /// `count` members of a list input must come to meet `condition` (or stop meeting it).
    Members { input: usize, count: u64, meet: bool, condition: Span },
    /// A history's streak of years meeting `condition` must go on `count` more years (it has
    /// `now`): past years are what they were.
    Years { input: usize, count: u64, now: u64, condition: Span },
}

/// What a number compared in a condition is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Subject {
    Score(usize),
    Let(usize),
    Input(usize),
    /// An expression written in the condition itself.
    Expression(Span),
}

/// A score item or numeric input a change of points can move.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Var {
    Score(usize),
    Input(usize),
}

/// One item of a sum: its value now, and how far it can move the way asked (`None`: no bound).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Item {
    pub var: Var,
    pub now: Decimal,
    pub room: Option<Decimal>,
    /// For a computed score: the input that moves it, when its formula says how.
    pub via: Option<Via>,
}

/// How a computed score item moves: through one input of its formula.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Via {
    /// `score = a × input + b` (held to `0..max`): `per_unit` is `a`, the points one unit of the
    /// input gives (negative: one unit less gives them).
    Number { input: usize, per_unit: Decimal },
    /// `score = if input then max else 0` (or the reverse): the input set to `to`.
    Set { input: usize, to: bool },
}

/// A number that cannot move as far as a tier asks.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Shortfall {
    pub of: Subject,
    pub rise: bool,
    pub need: Decimal,
    pub strict: bool,
    pub room: Decimal,
}

/// `(Σ coefficient × var + constant) / divisor`, with a positive divisor: the exact form of a sum
/// of items, kept as a quotient so that `t / 35 >= 50%` is solved as `t >= 17.5`.
#[derive(Debug, Clone, PartialEq)]
struct Linear {
    terms: Vec<(Var, Decimal)>,
    constant: Decimal,
    divisor: Decimal,
}

impl Linear {
    fn constant(c: Decimal) -> Linear {
        Linear { terms: Vec::new(), constant: c, divisor: Decimal::ONE }
    }

    fn var(v: Var) -> Linear {
        Linear { terms: vec![(v, Decimal::ONE)], constant: Decimal::ZERO, divisor: Decimal::ONE }
    }

    fn scaled(mut self, by: Decimal) -> Option<Linear> {
        for (_, c) in &mut self.terms {
            *c = c.checked_mul(by)?;
        }
        self.constant = self.constant.checked_mul(by)?;
        Some(self)
    }

    fn divided(mut self, by: Decimal) -> Option<Linear> {
        if by.is_zero() {
            return None;
        }
        if by.is_sign_negative() {
            self = self.scaled(Decimal::NEGATIVE_ONE)?;
        }
        self.divisor = self.divisor.checked_mul(by.abs())?;
        Some(self)
    }

    fn plus(self, other: Linear) -> Option<Linear> {
        let (d1, d2) = (self.divisor, other.divisor);
        let mut a = if d1 == d2 { self } else { self.scaled(d2)? };
        let b = if d1 == d2 { other } else { other.scaled(d1)? };
        for (v, c) in b.terms {
            match a.terms.iter_mut().find(|(w, _)| *w == v) {
                Some((_, mine)) => *mine = mine.checked_add(c)?,
                None => a.terms.push((v, c)),
            }
        }
        a.terms.retain(|(_, c)| !c.is_zero());
        a.constant = a.constant.checked_add(b.constant)?;
        if d1 != d2 {
            a.divisor = d1.checked_mul(d2)?;
        }
        Some(a)
    }

    fn is_constant(&self) -> bool {
        self.terms.is_empty()
    }
}

/// Solves the conditions of one evaluated record.
struct Solver<'a, 'r> {
    rules: &'r RuleSet,
    model: &'r Model,
    evaluation: &'a Evaluation<'r>,
}

/// One part of a way: done already, a change, or why it cannot be.
#[derive(Debug, Clone, PartialEq)]
enum Need {
    Done,
    Change(Change),
    Short(Shortfall),
    Unsolved(Span),
}

type Ways = Vec<Vec<Need>>;

fn one(need: Need) -> Ways {
    vec![vec![need]]
}

impl Evaluation<'_> {
    /// What it takes to reach each better tier, each way with the changes of evidence it needs
    /// and a sentence in the evaluation's language; while evidence is missing, what is still
    /// possible (`pending`).
    pub fn what_it_takes(&self) -> crate::wire::WhatItTakesRecord {
        solve(self).to_wire(self)
    }
}

/// What it takes for `evaluation`, as the solver found it (by the rule set's indices and spans).
pub fn solve(evaluation: &Evaluation<'_>) -> WhatItTakes {
    let rules = evaluation.ruleset();
    let solver = Solver { rules, model: &rules.model, evaluation };
    solver.solve()
}

impl Solver<'_, '_> {
    fn solve(&self) -> WhatItTakes {
        let status = self.evaluation.status();
        if status == Status::NotDeterminable {
            return WhatItTakes { goals: Vec::new(), pending: Some(self.pending()) };
        }
        let tiers = &self.model.outcome.tiers;
        let reached = self.evaluation.tier_index().map_or(tiers.len(), usize::from);
        let held = self.evaluation.held_adjustments();
        let mut goals = Vec::new();
        for (t, tier) in tiers.iter().enumerate().take(reached) {
            let quota = self.model.quotas.iter().position(|q| usize::from(q.tier) == t);
            let index = u16::try_from(t).unwrap_or(u16::MAX);
            // In the order of precedence: an exclusion, then a knock-out, then a cap.
            let blocks = |a: &usize| {
                let adjust = self.model.adjustments.get(*a)?;
                match adjust.kind {
                    AdjustKind::Exclude => Some(0),
                    AdjustKind::Force => adjust.tier.filter(|&f| index < f).map(|_| 1),
                    AdjustKind::Cap => adjust.tier.filter(|&c| index < c).map(|_| 2),
                }
            };
            let blocked =
                held.iter().map(|&a| usize::from(a)).filter_map(|a| Some((blocks(&a)?, a))).min().map(|(_, a)| a);
            let reach = match (blocked, &tier.when) {
                (Some(a), _) => Reach::Blocked(a),
                (None, Some(when)) => self.reach(index, when),
                // `otherwise`: the last tier, reached whenever no better one is.
                (None, None) => Reach::Ways(vec![Vec::new()]),
            };
            goals.push(Goal { tier: index, reach, quota });
        }
        WhatItTakes { goals, pending: None }
    }

    /// The ways that make `when` hold and reach tier `t`, checked by evaluation.
    fn reach(&self, t: u16, when: &TExpr) -> Reach {
        let mut ways = Vec::new();
        let mut shortfalls = Vec::new();
        let mut unsolved = None;
        for way in self.needs(when, true, 0) {
            let mut changes = Vec::new();
            let mut short = None;
            let mut solved = true;
            for need in way {
                match need {
                    Need::Done => {}
                    Need::Change(c) => changes.push(c),
                    Need::Short(s) => short = short.or(Some(s)),
                    Need::Unsolved(span) => {
                        unsolved = unsolved.or(Some(span));
                        solved = false;
                    }
                }
            }
            if !solved {
                continue;
            }
            drop_implied(&mut changes);
            match short {
                Some(s) => shortfalls.push(s),
                None if self.reaches(t, &changes) && !ways.contains(&changes) => ways.push(changes),
                None => {}
            }
        }
        if !ways.is_empty() {
            // The simplest first: fewer changes, then fewer items to move.
            ways.sort_by_key(|w| (w.len(), w.iter().map(change_weight).sum::<usize>()));
            return Reach::Ways(ways);
        }
        if let Some(span) = unsolved {
            return Reach::NotSolved(span);
        }
        if !shortfalls.is_empty() {
            return Reach::TooFar(shortfalls);
        }
        Reach::NotSolved(when.span)
    }

    /// Alternatives (each a list of needs, all required) that make `e` come out `want`.
    fn needs(&self, e: &TExpr, want: bool, depth: u32) -> Ways {
        if depth > MAX_DEPTH {
            return one(Need::Unsolved(e.span));
        }
        match &e.kind {
            TKind::Const(Value::Bool(b)) => one(if *b == want { Need::Done } else { Need::Unsolved(e.span) }),
            TKind::Not(x) => self.needs(x, !want, depth + 1),
            TKind::And(a, b) if want => product(&self.needs(a, true, depth + 1), &self.needs(b, true, depth + 1)),
            TKind::Or(a, b) if !want => product(&self.needs(a, false, depth + 1), &self.needs(b, false, depth + 1)),
            TKind::And(a, b) | TKind::Or(a, b) => {
                let mut ways = self.needs(a, want, depth + 1);
                ways.extend(self.needs(b, want, depth + 1));
                // A way with nothing to change makes the others moot.
                if ways.iter().any(|w| w.iter().all(|n| *n == Need::Done)) {
                    return one(Need::Done);
                }
                ways.truncate(MAX_WAYS);
                ways
            }
            TKind::Ref(Ref::Input(i)) if e.ty.base() == &Type::Bool => {
                if self.input_value(*i) == Value::Bool(want) {
                    one(Need::Done)
                } else {
                    one(Need::Change(Change::Set { input: *i, to: Value::Bool(want), or_beyond: false }))
                }
            }
            TKind::Ref(Ref::Let(l)) => {
                if self.let_value(*l) == Value::Bool(want) {
                    one(Need::Done)
                } else {
                    let value = self.model.lets.get(*l).map(|info| &info.value);
                    value.map_or_else(|| one(Need::Unsolved(e.span)), |value| self.needs(value, want, depth + 1))
                }
            }
            TKind::Agg { op: op @ (AggOp::All | AggOp::Any), list, body: Some(body), window: None } => {
                self.members_for_all_any(e, *op, *list, body, want)
            }
            TKind::Cmp { op, left, right, descending } => {
                let op = if want { *op } else { negated(*op) };
                self.comparison(e, op, left, right, *descending, depth)
            }
            _ => one(Need::Unsolved(e.span)),
        }
    }

    fn comparison(&self, e: &TExpr, op: CmpOp, left: &TExpr, right: &TExpr, descending: bool, depth: u32) -> Ways {
        // `min`/`max`/`clamp` on one side (written there or as a `let`): each argument compared.
        for (side, other, op) in [(left, right, op), (right, left, op.flipped())] {
            if let TKind::Func(func @ (Func::Min | Func::Max | Func::Clamp), args) = &self.through_lets(side).kind {
                if let Some(ways) = self.extremum(*func, args, op, other, depth) {
                    return ways;
                }
            }
        }
        for (side, other, op) in [(left, right, op), (right, left, op.flipped())] {
            if let TKind::Scale { x, from, to } = &self.through_lets(side).kind {
                return self.scale(e, op, x, (&from.0, &to.0, &from.1, &to.1), other, depth);
            }
        }
        if let Some(ways) = self.enum_comparison(op, left, right, descending) {
            return ways;
        }
        if let Some(ways) = self.count_comparison(e, op, left, right) {
            return ways;
        }
        match (self.linear(left, 0), self.linear(right, 0)) {
            (Some(l), Some(r)) => match r.scaled(Decimal::NEGATIVE_ONE).and_then(|r| l.plus(r)) {
                Some(form) => self.solve_linear(&form, op, Self::subject(left, right), e.span),
                None => one(Need::Unsolved(e.span)),
            },
            _ => one(Need::Unsolved(e.span)),
        }
    }

    /// `min(a, b) >= t` holds when every argument does, `max(a, b) >= t` when one does;
    /// `clamp(x, lo, hi)` is `min(max(x, lo), hi)`.
    fn extremum(&self, func: Func, args: &[TExpr], op: CmpOp, other: &TExpr, depth: u32) -> Option<Ways> {
        let at_least = matches!(op, CmpOp::Ge | CmpOp::Gt);
        if !at_least && !matches!(op, CmpOp::Le | CmpOp::Lt) {
            return None;
        }
        let compare = |a: &TExpr| TExpr {
            kind: TKind::Cmp { op, left: Box::new(a.clone()), right: Box::new(other.clone()), descending: false },
            ty: Type::Bool,
            span: a.span.to(other.span),
        };
        let each = |args: &[TExpr], all: bool| -> Ways {
            let mut ways: Option<Ways> = None;
            for a in args {
                let mine = self.needs(&compare(a), true, depth + 1);
                ways = Some(match ways {
                    None => mine,
                    Some(w) if all => product(&w, &mine),
                    Some(mut w) => {
                        w.extend(mine);
                        w.truncate(MAX_WAYS);
                        w
                    }
                });
            }
            ways.unwrap_or_else(|| one(Need::Done))
        };
        match func {
            // min ≥ t: all; min ≤ t: one. max ≥ t: one; max ≤ t: all.
            Func::Min => Some(each(args, at_least)),
            Func::Max => Some(each(args, !at_least)),
            Func::Clamp => {
                let [x, lo, hi] = args else { return None };
                let (lo, hi) = (self.constant(lo)?, self.constant(hi)?);
                let t = self.constant(other)?;
                let holds = |v: Decimal| op.holds(v.cmp(&t));
                // The clamped value never leaves lo..hi: outside it the answer is fixed.
                if at_least && holds(lo) || !at_least && holds(hi) {
                    return Some(one(Need::Done));
                }
                if at_least && !holds(hi) || !at_least && !holds(lo) {
                    return Some(one(Need::Unsolved(x.span.to(other.span))));
                }
                Some(self.needs(&compare(x), true, depth + 1))
            }
            _ => None,
        }
    }

    /// `scale(x, a -> p, b -> q) op t`: the scale is monotone between its points and flat
    /// outside them, so it is `x op' a + (t − p)(b − a)/(q − p)` when `t` lies between `p` and
    /// `q`, and settled either way when it does not.
    fn scale(
        &self,
        e: &TExpr,
        op: CmpOp,
        x: &TExpr,
        (a, b, p, q): (&TExpr, &TExpr, &TExpr, &TExpr),
        other: &TExpr,
        depth: u32,
    ) -> Ways {
        let constants = (self.constant(a), self.constant(b), self.constant(p), self.constant(q), self.constant(other));
        let (Some(a), Some(b), Some(p), Some(q), Some(t)) = constants else { return one(Need::Unsolved(e.span)) };
        if p == q || a == b {
            return one(Need::Unsolved(e.span));
        }
        let (low, high) = (p.min(q), p.max(q));
        if t < low || t > high {
            // The scale never reaches `t`: the comparison is the same for every `x`.
            let holds = op.holds(low.cmp(&t));
            return one(if holds { Need::Done } else { Need::Unsolved(e.span) });
        }
        let threshold = (t - p)
            .checked_mul(b - a)
            .and_then(|n| n.checked_div(q - p).filter(|d| d.checked_mul(q - p) == Some(n)))
            .and_then(|d| a.checked_add(d));
        let Some(threshold) = threshold else { return one(Need::Unsolved(e.span)) };
        // A falling scale reverses the comparison.
        let op = if (q > p) == (b > a) { op } else { op.flipped() };
        let compare = TExpr {
            kind: TKind::Cmp {
                op,
                left: Box::new(x.clone()),
                right: Box::new(TExpr {
                    kind: TKind::Const(Value::Number(threshold)),
                    ty: x.ty.clone(),
                    span: other.span,
                }),
                descending: false,
            },
            ty: Type::Bool,
            span: e.span,
        };
        self.needs(&compare, true, depth + 1)
    }

    /// The expression a chain of `let`s stands for.
    fn through_lets<'e>(&'e self, mut e: &'e TExpr) -> &'e TExpr {
        for _ in 0..MAX_DEPTH {
            match &e.kind {
                TKind::Ref(Ref::Let(l)) => match self.model.lets.get(*l) {
                    Some(info) => e = &info.value,
                    None => break,
                },
                _ => break,
            }
        }
        e
    }

    /// An enum input compared with one of its values (or `none`).
    fn enum_comparison(&self, op: CmpOp, left: &TExpr, right: &TExpr, descending: bool) -> Option<Ways> {
        let (input, value, op) = match (&left.kind, &right.kind) {
            (TKind::Ref(Ref::Input(i)), TKind::Const(v)) => (*i, *v, op),
            (TKind::Const(v), TKind::Ref(Ref::Input(i))) => (*i, *v, op.flipped()),
            _ => return None,
        };
        let info = self.model.inputs.get(input)?;
        if let (Type::Date, Value::Date(date)) = (info.ty.base(), value) {
            return Some(self.date_comparison(input, op, date, left.span.to(right.span)));
        }
        let Type::Enum(enum_id) = info.ty.base() else {
            // An optional input of another type compared with `none`.
            if value != Value::None || !info.ty.is_optional() {
                return None;
            }
            let now = self.input_value(input);
            return Some(match op {
                CmpOp::Eq if now == Value::None => one(Need::Done),
                CmpOp::Eq => one(Need::Change(Change::Set { input, to: Value::None, or_beyond: false })),
                CmpOp::Ne if now != Value::None => one(Need::Done),
                _ => one(Need::Unsolved(left.span.to(right.span))),
            });
        };
        let values = u16::try_from(self.model.enum_info(*enum_id)?.values.len()).ok()?;
        // In the order the comparison reads: `none` below every value, tiers reversed.
        let rank = |v: Value| -> Option<i32> {
            match v {
                Value::None => Some(-1),
                Value::Enum(i) if descending => Some(i32::from(values) - 1 - i32::from(i)),
                Value::Enum(i) => Some(i32::from(i)),
                _ => None,
            }
        };
        let target = rank(value)?;
        let now = self.input_value(input);
        let holds = |v: Value| rank(v).is_some_and(|r| op.holds(r.cmp(&target)));
        if holds(now) {
            return Some(one(Need::Done));
        }
        let mut candidates: Vec<Value> = (0..values).map(Value::Enum).collect();
        if info.ty.is_optional() {
            candidates.push(Value::None);
        }
        let now_rank = rank(now);
        let nearest = candidates
            .into_iter()
            .filter(|v| holds(*v))
            .min_by_key(|v| rank(*v).map_or(i32::MAX, |r| now_rank.map_or(r.abs(), |n| (r - n).abs())))?;
        let or_beyond = !matches!(op, CmpOp::Eq | CmpOp::Ne);
        Some(one(Need::Change(Change::Set { input, to: nearest, or_beyond })))
    }

    /// A date input compared with a date: the nearest date that holds (or any beyond it).
    fn date_comparison(&self, input: usize, op: CmpOp, date: crate::value::Date, span: Span) -> Ways {
        let now = self.input_value(input);
        if let Value::Date(d) = now {
            if op.holds(d.cmp(&date)) {
                return one(Need::Done);
            }
        }
        let to = match op {
            CmpOp::Ge | CmpOp::Le | CmpOp::Eq => Some(date),
            CmpOp::Gt => date.tomorrow().ok(),
            CmpOp::Lt => date.yesterday().ok(),
            CmpOp::Ne => None,
        };
        match to {
            Some(to) => {
                one(Need::Change(Change::Set { input, to: Value::Date(to), or_beyond: !matches!(op, CmpOp::Eq) }))
            }
            None => one(Need::Unsolved(span)),
        }
    }

    /// A `count` or `share` over a list (written in the condition or as a `let`) compared with a
    /// constant: how many more members must meet its condition, or how many fewer.
    fn count_comparison(&self, e: &TExpr, op: CmpOp, left: &TExpr, right: &TExpr) -> Option<Ways> {
        let (agg, bound, op) = match (self.aggregate(left), self.constant(right)) {
            (Some(a), Some(b)) => (a, b, op),
            _ => (self.aggregate(right)?, self.constant(left)?, op.flipped()),
        };
        let TKind::Agg { op: kind, list, body, window: None } = &agg.kind else {
            return Some(one(Need::Unsolved(e.span)));
        };
        if *kind == AggOp::Streak {
            return Some(self.streak(e, op, agg, *list, bound));
        }
        let (yes, total) = self.tally(agg)?;
        let body_span = body.as_ref().map_or(agg.span, |b| b.span);
        // The least and greatest member counts that satisfy `count op bound`.
        let bound = match kind {
            AggOp::Count => bound,
            AggOp::Share => bound.checked_mul(Decimal::from(total))?,
            _ => return Some(one(Need::Unsolved(e.span))),
        };
        let (floor, ceil) = (bound.floor().to_i64()?, bound.ceil().to_i64()?);
        let wanted = match op {
            CmpOp::Ge => ceil.max(0)..=total,
            CmpOp::Gt => (floor + 1).max(0)..=total,
            CmpOp::Le => 0..=floor.min(total),
            CmpOp::Lt => 0..=(ceil - 1).min(total),
            CmpOp::Eq if bound == Decimal::from(floor) => floor..=floor,
            _ => return Some(one(Need::Unsolved(e.span))),
        };
        if wanted.contains(&yes) {
            return Some(one(Need::Done));
        }
        if wanted.is_empty() || body.is_none() {
            return Some(one(Need::Unsolved(e.span)));
        }
        let (meet, count) =
            if yes < *wanted.start() { (true, wanted.start() - yes) } else { (false, yes - wanted.end()) };
        Some(one(Need::Change(Change::Members {
            input: *list,
            count: u64::try_from(count).ok()?,
            meet,
            condition: body_span,
        })))
    }

    /// `streak(h, C) >= n`: the years still to come.
    fn streak(&self, e: &TExpr, op: CmpOp, agg: &TExpr, list: usize, bound: Decimal) -> Ways {
        let now = crate::outcome::aggregate_value(self.evaluation, agg.span).and_then(Value::as_number);
        let (Some(now), Some(condition)) = (now, Self::body_span(agg)) else { return one(Need::Unsolved(e.span)) };
        let wanted = match op {
            CmpOp::Ge => bound.ceil(),
            CmpOp::Gt => bound.floor() + Decimal::ONE,
            _ => return one(Need::Unsolved(e.span)),
        };
        if now >= wanted {
            return one(Need::Done);
        }
        let (Some(count), Some(now)) = ((wanted - now).to_u64(), now.to_u64()) else {
            return one(Need::Unsolved(e.span));
        };
        one(Need::Change(Change::Years { input: list, count, now, condition }))
    }

    fn body_span(agg: &TExpr) -> Option<Span> {
        match &agg.kind {
            TKind::Agg { body: Some(body), .. } => Some(body.span),
            _ => None,
        }
    }

    fn members_for_all_any(&self, e: &TExpr, op: AggOp, list: usize, body: &TExpr, want: bool) -> Ways {
        let Some((yes, total)) = self.tally(e) else { return one(Need::Unsolved(e.span)) };
        let change = |meet: bool, count: i64| {
            one(Need::Change(Change::Members {
                input: list,
                count: u64::try_from(count).unwrap_or_default(),
                meet,
                condition: body.span,
            }))
        };
        match (op, want) {
            (AggOp::All, true) if yes < total => change(true, total - yes),
            (AggOp::Any, false) if yes > 0 => change(false, yes),
            (AggOp::All, false) if yes == total && total > 0 => change(false, 1),
            (AggOp::Any, true) if yes == 0 && total > 0 => change(true, 1),
            (AggOp::Any, true) if total == 0 => one(Need::Unsolved(e.span)),
            _ => one(Need::Done),
        }
    }

    /// The aggregate `e` stands for: written there, or the value of a `let`.
    fn aggregate<'e>(&'e self, e: &'e TExpr) -> Option<&'e TExpr> {
        let e = self.through_lets(e);
        matches!(e.kind, TKind::Agg { .. }).then_some(e)
    }

    /// Of an aggregate's members, how many meet its condition, and how many there are.
    fn tally(&self, agg: &TExpr) -> Option<(i64, i64)> {
        crate::outcome::member_tally(self.evaluation, agg.span)
    }

    /// `form op 0`: the change of its items that makes it hold. What is not solved is shown at
    /// the subject's declaration, or at the comparison `written`.
    fn solve_linear(&self, form: &Linear, op: CmpOp, of: Subject, written: Span) -> Ways {
        let unsolved = || one(Need::Unsolved(self.span_of(of).unwrap_or(written)));
        let now = form
            .terms
            .iter()
            .try_fold(form.constant, |sum, (v, c)| c.checked_mul(self.var_value(*v)?).and_then(|p| sum.checked_add(p)));
        let Some(now) = now else { return unsolved() };
        if op.holds(now.cmp(&Decimal::ZERO)) {
            return one(Need::Done);
        }
        // Every item must count alike, so that "n more points" means the same for each.
        let Some(&(_, unit)) = form.terms.first() else { return unsolved() };
        if form.terms.iter().any(|(_, c)| *c != unit) {
            return unsolved();
        }
        // Σ x op' threshold, in the items' own units.
        let op = if unit.is_sign_negative() { op.flipped() } else { op };
        let Some(gap) = now.checked_div(unit).filter(|g| g.checked_mul(unit) == Some(now)) else {
            return unsolved();
        };
        let (rise, strict) = match op {
            CmpOp::Ge => (true, false),
            CmpOp::Gt => (true, true),
            CmpOp::Le => (false, false),
            CmpOp::Lt => (false, true),
            // `=`: one input set to the value that makes it hold.
            CmpOp::Eq => {
                return match form.terms.as_slice() {
                    [(Var::Input(i), _)] => match self.var_value(Var::Input(*i)).and_then(|v| v.checked_sub(gap)) {
                        Some(v) => one(Need::Change(Change::Set { input: *i, to: Value::Number(v), or_beyond: false })),
                        None => unsolved(),
                    },
                    _ => unsolved(),
                };
            }
            CmpOp::Ne => return unsolved(),
        };
        let by = gap.abs();
        // The change is counted in the items' own units: one item is itself the subject.
        let of = match form.terms.as_slice() {
            [(Var::Score(s), _)] => Subject::Score(*s),
            [(Var::Input(i), _)] => Subject::Input(*i),
            _ => of,
        };
        let items: Vec<Item> = form
            .terms
            .iter()
            .filter_map(|(v, _)| {
                let via = if rise { self.via(*v) } else { None };
                Some(Item { var: *v, now: self.var_value(*v)?, room: self.room(*v, rise), via })
            })
            .collect();
        // Whole numbers move by whole steps: "more than 2.5" is 3.
        let integer = items.iter().all(|i| self.is_integer(i.var));
        let (by, strict) = if integer {
            let whole = if strict { by.floor() + Decimal::ONE } else { by.ceil() };
            (whole, false)
        } else {
            (by, strict)
        };
        let room = items.iter().try_fold(Decimal::ZERO, |sum, i| i.room.and_then(|r| sum.checked_add(r)));
        if let Some(room) = room {
            if room < by || strict && room == by {
                return one(Need::Short(Shortfall { of, rise, need: by, strict, room }));
            }
        }
        let items = items.into_iter().filter(|i| i.room.is_none_or(|r| r > Decimal::ZERO)).collect();
        one(Need::Change(Change::Points { of, rise, by, strict, items }))
    }

    /// How a computed score rises: through the one input its formula reads, when the formula is
    /// `a × input + b` (also inside `max(0, …)`, `min(max, …)` or `clamp(…, 0, max)`, which the
    /// score's own range already makes), or `if input then … else …`.
    fn via(&self, v: Var) -> Option<Via> {
        let Var::Score(s) = v else { return None };
        let score = self.model.scores.get(s)?;
        let ScoreKind::Computed(e) = &score.kind else { return None };
        let mut e = e;
        // The score is held to 0..max anyway: a wrapper that holds it there says nothing more.
        loop {
            match &e.kind {
                TKind::Func(Func::Max, args) => {
                    let [a, b] = args.as_slice() else { break };
                    match (self.constant(a), self.constant(b)) {
                        (Some(c), None) if c <= Decimal::ZERO => e = b,
                        (None, Some(c)) if c <= Decimal::ZERO => e = a,
                        _ => return None,
                    }
                }
                TKind::Func(Func::Min, args) => {
                    let [a, b] = args.as_slice() else { break };
                    match (self.constant(a), self.constant(b)) {
                        (Some(c), None) if c >= score.max => e = b,
                        (None, Some(c)) if c >= score.max => e = a,
                        _ => return None,
                    }
                }
                TKind::If(c, a, b) => {
                    let TKind::Ref(Ref::Input(i)) = &c.kind else { return None };
                    let (a, b) = (self.constant(a)?, self.constant(b)?);
                    return (a != b).then_some(Via::Set { input: *i, to: a > b });
                }
                _ => break,
            }
        }
        let form = self.linear(e, 0)?;
        match form.terms.as_slice() {
            [(Var::Input(i), a)] => {
                let per_unit = a.checked_div(form.divisor).filter(|q| q.checked_mul(form.divisor) == Some(*a))?;
                Some(Via::Number { input: *i, per_unit })
            }
            _ => None,
        }
    }

    /// The exact linear form of a number, when it is one.
    fn linear(&self, e: &TExpr, depth: u32) -> Option<Linear> {
        if depth > MAX_DEPTH {
            return None;
        }
        match &e.kind {
            TKind::Const(Value::Number(n)) => Some(Linear::constant(*n)),
            TKind::Ref(Ref::Score(s)) => self.linear_score(*s, depth),
            TKind::Ref(Ref::Input(i)) if self.model.inputs.get(*i).is_some_and(|i| matches!(i.ty, Type::Number(_))) => {
                Some(Linear::var(Var::Input(*i)))
            }
            TKind::Ref(Ref::Let(l)) => self.linear(&self.model.lets.get(*l)?.value, depth + 1),
            // A parameter is a constant on the evaluation date (a simulation's value included:
            // `with_params` rewrites the model), so a threshold it sets is solved like a literal.
            TKind::Ref(Ref::Param(p)) => match self.model.params.get(*p)?.value_on(self.evaluation.on())?.value {
                Value::Number(n) => Some(Linear::constant(n)),
                _ => None,
            },
            TKind::Neg(x) => self.linear(x, depth + 1)?.scaled(Decimal::NEGATIVE_ONE),
            TKind::Arith(op, a, b) => {
                let (a, b) = (self.linear(a, depth + 1)?, self.linear(b, depth + 1)?);
                match op {
                    ArithOp::Add => a.plus(b),
                    ArithOp::Sub => a.plus(b.scaled(Decimal::NEGATIVE_ONE)?),
                    ArithOp::Mul if b.is_constant() => a.scaled(b.constant)?.divided(b.divisor),
                    ArithOp::Mul if a.is_constant() => b.scaled(a.constant)?.divided(a.divisor),
                    ArithOp::Div if b.is_constant() => a.scaled(b.divisor)?.divided(b.constant),
                    _ => None,
                }
            }
            _ => None,
        }
    }

    /// A score as an item of its parent's sum: a sum of its own items, or one item.
    fn linear_score(&self, s: usize, depth: u32) -> Option<Linear> {
        if depth > MAX_DEPTH {
            return None;
        }
        let score = self.model.scores.get(s)?;
        match score.kind {
            ScoreKind::Sum => score
                .children
                .iter()
                .try_fold(Linear::constant(Decimal::ZERO), |sum, c| sum.plus(self.linear_score(*c, depth + 1)?)),
            _ => Some(Linear::var(Var::Score(s))),
        }
    }

    fn constant(&self, e: &TExpr) -> Option<Decimal> {
        let form = self.linear(e, 0)?;
        if !form.is_constant() {
            return None;
        }
        form.constant.checked_div(form.divisor).filter(|q| q.checked_mul(form.divisor) == Some(form.constant))
    }

    fn subject(left: &TExpr, right: &TExpr) -> Subject {
        let named = |e: &TExpr| match &e.kind {
            TKind::Ref(Ref::Score(s)) => Some(Subject::Score(*s)),
            TKind::Ref(Ref::Let(l)) => Some(Subject::Let(*l)),
            TKind::Ref(Ref::Input(i)) => Some(Subject::Input(*i)),
            _ => None,
        };
        named(left).or_else(|| named(right)).unwrap_or(Subject::Expression(left.span))
    }

    fn span_of(&self, subject: Subject) -> Option<Span> {
        match subject {
            Subject::Score(s) => self.model.scores.get(s).map(|s| s.span),
            Subject::Let(l) => self.model.lets.get(l).map(|l| l.span),
            Subject::Input(i) => self.model.inputs.get(i).map(|i| i.span),
            Subject::Expression(span) => Some(span),
        }
    }

    fn input_value(&self, i: usize) -> Value {
        self.input_slot(i).and_then(|slot| self.evaluation.evidence().values.get(slot).copied()).unwrap_or(Value::Unknown)
    }

    fn let_value(&self, l: usize) -> Value {
        self.rules.plan.let_slots.get(l).map_or(Value::Unknown, |&slot| self.evaluation.derived_value(slot))
    }

    fn score_value(&self, s: usize) -> Value {
        self.rules.plan.score_slots.get(s).map_or(Value::Unknown, |&slot| self.evaluation.derived_value(slot))
    }

    fn var_value(&self, v: Var) -> Option<Decimal> {
        match v {
            Var::Score(s) => self.score_value(s).as_number(),
            Var::Input(i) => self.input_value(i).as_number(),
        }
    }

    /// How far an item can move up (or down): to its max, or its range's end.
    fn room(&self, v: Var, rise: bool) -> Option<Decimal> {
        let now = self.var_value(v)?;
        let (low, high) = match v {
            Var::Score(s) => (Some(Decimal::ZERO), Some(self.model.scores.get(s)?.max)),
            Var::Input(i) => match self.model.inputs.get(i)?.range {
                Some((lo, hi)) => (Some(lo), Some(hi)),
                None => (None, None),
            },
        };
        let room = if rise { high?.checked_sub(now)? } else { now.checked_sub(low?)? };
        Some(room.max(Decimal::ZERO))
    }

    fn is_integer(&self, v: Var) -> bool {
        let Var::Input(i) = v else { return false };
        self.model.inputs.get(i).is_some_and(|info| info.ty.base() == &Type::Number(NumKind::Integer))
    }

    fn slot_of(&self, field: &str) -> Option<usize> {
        self.rules.plan.field_index.get(field).map(|&s| s as usize)
    }

    fn input_slot(&self, i: usize) -> Option<usize> {
        self.slot_of(&self.model.inputs.get(i)?.id)
    }

    /// Whether the changes, applied to the record, reach tier `t` or a better one. Changes of
    /// members cannot be applied (which members would change is the assessor's to say): a way
    /// with one is taken as solved, its arithmetic being exact.
    fn reaches(&self, t: u16, changes: &[Change]) -> bool {
        if changes.iter().any(|c| matches!(c, Change::Members { .. } | Change::Years { .. })) {
            return true;
        }
        let mut evidence: Evidence = self.evaluation.evidence().clone();
        // The narrowest sums first, so that a sum that contains another counts what it gave.
        let mut order: Vec<&Change> = changes.iter().collect();
        order.sort_by_key(|c| change_weight(c));
        let mut moved: Vec<(Var, Decimal)> = Vec::new();
        for change in order {
            match change {
                Change::Set { input, to, .. } => {
                    if !self.input_slot(*input).is_some_and(|slot| enter(&mut evidence, slot, *to)) {
                        return false;
                    }
                }
                Change::Points { rise, by, strict, items, .. } => {
                    let given: Decimal =
                        items.iter().filter_map(|i| moved.iter().find(|(v, _)| *v == i.var).map(|(_, d)| *d)).sum();
                    let mut left = *by - given;
                    if *strict {
                        left += smallest_step(items, *by);
                    }
                    for item in items {
                        if left <= Decimal::ZERO {
                            break;
                        }
                        let already = moved.iter().find(|(v, _)| *v == item.var).map_or(Decimal::ZERO, |(_, d)| *d);
                        let room = item.room.map_or(left, |r| (r - already).max(Decimal::ZERO));
                        let step = left.min(room);
                        if step.is_zero() {
                            continue;
                        }
                        let value = if *rise { item.now + already + step } else { item.now - already - step };
                        match (self.settable_slot(item.var), item.via) {
                            (Some(slot), _) => {
                                if !enter(&mut evidence, slot, Value::Number(value)) {
                                    return false;
                                }
                            }
                            (None, Some(via)) => {
                                if !self.move_through(&mut evidence, via, already + step) {
                                    return false;
                                }
                            }
                            // A computed score whose formula does not say how it moves: the
                            // arithmetic stands, unchecked by evaluation.
                            (None, None) => return true,
                        }
                        match moved.iter_mut().find(|(v, _)| *v == item.var) {
                            Some((_, d)) => *d += step,
                            None => moved.push((item.var, step)),
                        }
                        left -= step;
                    }
                    if left > Decimal::ZERO {
                        return false;
                    }
                }
                Change::Members { .. } | Change::Years { .. } => {}
            }
        }
        let options = Options { on: self.evaluation.on(), trace: false, lang: self.evaluation.lang() };
        match crate::outcome::run(self.rules, Cow::Owned(evidence), options) {
            Ok(result) => result.status() == Status::Rated && result.tier_index().is_some_and(|r| r <= t),
            Err(_) => false,
        }
    }

    /// Moves a computed score up by `gain` in all through its input: the input changed by whole
    /// units when it is an integer (one unit more may overshoot: the score is held to its max).
    fn move_through(&self, evidence: &mut Evidence, via: Via, gain: Decimal) -> bool {
        match via {
            Via::Set { input, to } => self.input_slot(input).is_some_and(|slot| enter(evidence, slot, Value::Bool(to))),
            Via::Number { input, per_unit } => {
                let Some(slot) = self.input_slot(input) else { return false };
                let Some(now) = self.input_value(input).as_number() else { return false };
                let Some(units) = gain.checked_div(per_unit) else { return false };
                let units = if self.is_integer(Var::Input(input)) {
                    if units.is_sign_negative() {
                        units.floor()
                    } else {
                        units.ceil()
                    }
                } else {
                    units
                };
                let value = now + units;
                if let Some((lo, hi)) = self.model.inputs.get(input).and_then(|info| info.range) {
                    if value < lo || value > hi {
                        return false;
                    }
                }
                enter(evidence, slot, Value::Number(value))
            }
        }
    }

    /// The evidence slot an item is entered in; a computed score has none (its inputs move it).
    fn settable_slot(&self, v: Var) -> Option<usize> {
        match v {
            Var::Input(i) => self.input_slot(i),
            Var::Score(s) => match self.model.scores.get(s)? {
                score if matches!(score.kind, ScoreKind::Assessed) => {
                    let slot = self.slot_of(&score.id)?;
                    matches!(self.rules.plan.evidence.get(slot), Some(EvidenceField::AssessedScore(_))).then_some(slot)
                }
                _ => None,
            },
        }
    }
}

/// Enters `value` in the evidence's `slot`; false when the plan has no such slot.
fn enter(evidence: &mut Evidence, slot: usize, value: Value) -> bool {
    evidence.values.get_mut(slot).map(|entry| *entry = value).is_some()
}

/// The least step past a bound the items are written in: `> 50` is reached at 50.01 when the
/// items have two decimals (at least one hundredth).
fn smallest_step(items: &[Item], by: Decimal) -> Decimal {
    let scale = items.iter().map(|i| i.now.scale()).chain([by.scale(), 2]).max().unwrap_or(2);
    Decimal::new(1, scale)
}

/// Leaves out a change of points another of the way already makes: raising `t3` by 12.5
/// raises `tong`, whose only item with room is `t3`, by 10 as well.
fn drop_implied(changes: &mut Vec<Change>) {
    let implies = |b: &Change, a: &Change| match (a, b) {
        (
            Change::Points { rise: ra, by: by_a, strict: sa, items: ia, .. },
            Change::Points { rise: rb, by: by_b, strict: sb, items: ib, .. },
        ) => {
            ra == rb
                && ib.iter().all(|i| ia.iter().any(|j| j.var == i.var))
                && (by_b > by_a || by_b == by_a && (*sb || !*sa))
        }
        _ => false,
    };
    let mut i = 0;
    while let Some(change) = changes.get(i) {
        let redundant = changes
            .iter()
            .enumerate()
            .any(|(j, other)| j != i && implies(other, change) && !(implies(change, other) && j > i));
        if redundant {
            changes.remove(i);
        } else {
            i += 1;
        }
    }
}

fn change_weight(c: &Change) -> usize {
    match c {
        Change::Points { items, .. } => items.len(),
        _ => 1,
    }
}

fn negated(op: CmpOp) -> CmpOp {
    match op {
        CmpOp::Eq => CmpOp::Ne,
        CmpOp::Ne => CmpOp::Eq,
        CmpOp::Lt => CmpOp::Ge,
        CmpOp::Le => CmpOp::Gt,
        CmpOp::Gt => CmpOp::Le,
        CmpOp::Ge => CmpOp::Lt,
    }
}

/// Every way of `a` with every way of `b`.
fn product(a: &Ways, b: &Ways) -> Ways {
    let mut ways = Vec::new();
    for x in a {
        for y in b {
            let mut way: Vec<Need> = x.iter().chain(y).filter(|n| **n != Need::Done).cloned().collect();
            if way.is_empty() {
                way.push(Need::Done);
            }
            ways.push(way);
            if ways.len() >= MAX_WAYS {
                return ways;
            }
        }
    }
    ways
}

/// A decimal as Vietnamese writes it: `3,75`.
fn vi(d: Decimal) -> String {
    crate::value::decimal_text(d).replace('.', ",")
}

impl WhatItTakes {
    /// The goals as results show them, each with its sentence in the evaluation's language.
    pub fn to_wire(&self, evaluation: &Evaluation<'_>) -> crate::wire::WhatItTakesRecord {
        let rules = evaluation.ruleset();
        let names = Names { rules, model: &rules.model, evaluation, lang: evaluation.lang() };
        crate::wire::WhatItTakesRecord {
            goals: self.goals.iter().filter_map(|g| names.goal(g)).collect(),
            pending: self.pending.as_ref().map(|p| names.pending(p)),
        }
    }
}

/// The names, labels and texts a goal is shown with.
struct Names<'a, 'r> {
    rules: &'r RuleSet,
    model: &'r Model,
    evaluation: &'a Evaluation<'r>,
    /// The language of the sentences: the evaluation's.
    lang: crate::Lang,
}

impl Names<'_, '_> {
    fn say(&self, message: &crate::Message) -> String {
        message.render(self.lang)
    }

    /// A number as the sentences write it: with a decimal comma in Vietnamese.
    fn num(&self, d: Decimal) -> String {
        match self.lang {
            crate::Lang::Vi => vi(d),
            crate::Lang::En => crate::value::decimal_text(d),
        }
    }

    /// The goal as results show it; `None` when it names a tier, rule or input the model does
    /// not have.
    fn goal(&self, goal: &Goal) -> Option<crate::wire::GoalRecord> {
        use crate::wire::{GoalRecord, QuotaLimitRecord, ShortRecord};
        let tier = self.model.tier(goal.tier)?;
        let mut record = GoalRecord {
            tier: tier.id.clone(),
            label: tier.label.clone(),
            reachable: None,
            ways: Vec::new(),
            blocked_by: None,
            short: Vec::new(),
            not_solved: None,
            quota: None,
            text: String::new(),
        };
        let text = match &goal.reach {
            Reach::Ways(ways) => {
                record.reachable = Some(true);
                record.ways =
                    ways.iter().map(|w| w.iter().map(|c| self.change(c)).collect::<Option<Vec<_>>>()).collect::<Option<_>>()?;
                let sentences = ways.iter().map(|w| self.way_text(w)).collect::<Option<Vec<_>>>()?;
                let or = format!("; {} ", self.say(&msg!(ReachOr)));
                self.say(&msg!(ReachToReach, tier = &tier.label, ways = sentences.join(&or)))
            }
            Reach::Blocked(a) => {
                record.reachable = Some(false);
                let adjust = self.model.adjustments.get(*a)?;
                let kind = match adjust.kind {
                    AdjustKind::Force => msg!(ReachKindForce),
                    AdjustKind::Cap => msg!(ReachKindCap),
                    AdjustKind::Exclude => msg!(ReachKindExclude),
                };
                record.blocked_by = Some(self.block(adjust)?);
                self.say(&msg!(ReachBlocked, tier = &tier.label, kind = kind, ground = self.ground(adjust)))
            }
            Reach::TooFar(shorts) => {
                record.reachable = Some(false);
                record.short = shorts
                    .iter()
                    .map(|s| {
                        Some(ShortRecord {
                            of: self.subject_id(s.of)?,
                            label: self.subject_label(s.of)?,
                            rise: s.rise,
                            need: crate::value::decimal_text(s.need),
                            strict: s.strict,
                            room: crate::value::decimal_text(s.room),
                        })
                    })
                    .collect::<Option<_>>()?;
                let parts = shorts
                    .iter()
                    .map(|s| {
                        let need = self.num(s.need);
                        let amount = if s.strict { self.say(&msg!(ReachMoreThan, value = need)) } else { need };
                        let (subject, room) = (self.subject_label(s.of)?, self.num(s.room));
                        Some(self.say(&if s.rise {
                            msg!(ReachShortRise, subject = subject, amount = amount, room = room)
                        } else {
                            msg!(ReachShortFall, subject = subject, amount = amount, room = room)
                        }))
                    })
                    .collect::<Option<Vec<_>>>()?;
                self.say(&msg!(ReachOutOfReach, tier = &tier.label, parts = parts.join("; ")))
            }
            Reach::NotSolved(span) => {
                let (line, column) = self.model.source.line_column(span.start);
                let expression = self.text_of(*span);
                let text =
                    self.say(&msg!(ReachNotSolved, tier = &tier.label, expression = expression.as_str(), line = line));
                record.not_solved = Some(crate::wire::PlaceRecord { expression, line, column });
                text
            }
        };
        record.text = text;
        if let Some(q) = goal.quota {
            let quota = self.model.quotas.get(q)?;
            let of = self.model.tier(quota.of)?;
            record.quota = Some(QuotaLimitRecord {
                share: crate::value::decimal_text(quota.share),
                of: of.id.clone(),
                source: quota.source.clone(),
            });
            if record.reachable == Some(true) {
                let source = quota.source.as_ref().map(|s| self.citation(s)).unwrap_or_default();
                let share = self.num(quota.share * Decimal::ONE_HUNDRED);
                let _ = write!(
                    record.text,
                    " {}",
                    self.say(&msg!(ReachQuotaLimit, share = share, of = &of.label, source = source))
                );
            }
        }
        Some(record)
    }

    /// One way in words: its changes joined by "and", or that nothing needs to change.
    fn way_text(&self, way: &[Change]) -> Option<String> {
        if way.is_empty() {
            return Some(self.say(&msg!(ReachNothingToChange)));
        }
        let and = format!(" {} ", self.say(&msg!(ReachAnd)));
        Some(way.iter().map(|c| self.change_text(c)).collect::<Option<Vec<_>>>()?.join(&and))
    }

    fn change(&self, change: &Change) -> Option<crate::wire::ChangeRecord> {
        use crate::wire::{ChangeRecord, ItemRecord, ViaRecord};
        Some(match change {
            Change::Points { of, rise, by, strict, items } => ChangeRecord::Points {
                of: self.subject_id(*of)?,
                label: self.subject_label(*of)?,
                rise: *rise,
                by: crate::value::decimal_text(*by),
                strict: *strict,
                items: items
                    .iter()
                    .map(|i| {
                        let via = match i.via {
                            Some(Via::Number { input, per_unit }) => Some(ViaRecord::Number {
                                input: self.model.inputs.get(input)?.id.clone(),
                                per_unit: crate::value::decimal_text(per_unit),
                            }),
                            Some(Via::Set { input, to }) => {
                                Some(ViaRecord::Set { input: self.model.inputs.get(input)?.id.clone(), to })
                            }
                            None => None,
                        };
                        Some(ItemRecord {
                            id: self.var_id(i.var)?.to_owned(),
                            label: self.var_label(i.var)?.to_owned(),
                            now: crate::value::decimal_text(i.now),
                            room: i.room.map(crate::value::decimal_text),
                            via,
                        })
                    })
                    .collect::<Option<_>>()?,
            },
            Change::Set { input, to, or_beyond } => {
                let info = self.model.inputs.get(*input)?;
                ChangeRecord::Set {
                    input: info.id.clone(),
                    label: info.label.clone().unwrap_or_else(|| info.id.clone()),
                    to: crate::outcome::show_value(self.rules, self.evaluation.evidence(), *to, Some(&info.ty)),
                    or_beyond: *or_beyond,
                }
            }
            Change::Members { input, count, meet, condition } => {
                let info = self.model.inputs.get(*input)?;
                ChangeRecord::Members {
                    input: info.id.clone(),
                    label: info.label.clone().unwrap_or_else(|| info.id.clone()),
                    count: *count,
                    meet: *meet,
                    condition: self.text_of(*condition),
                }
            }
            Change::Years { input, count, now, condition } => {
                let info = self.model.inputs.get(*input)?;
                ChangeRecord::Years {
                    input: info.id.clone(),
                    label: info.label.clone().unwrap_or_else(|| info.id.clone()),
                    count: *count,
                    now: *now,
                    condition: self.text_of(*condition),
                }
            }
        })
    }

    fn change_text(&self, change: &Change) -> Option<String> {
        Some(match change {
            Change::Points { of, rise, by, strict, items } => {
                let points = matches!(of, Subject::Score(_)) || items.iter().all(|i| matches!(i.var, Var::Score(_)));
                let mut amount = self.num(*by);
                if points {
                    amount = self.say(&msg!(ReachPoints, value = amount));
                }
                if *strict {
                    amount = self.say(&msg!(ReachMoreThan, value = amount));
                }
                let subject = self.subject_label(*of)?;
                let mut text = self.say(&if *rise {
                    msg!(ReachChangeUp, subject = subject, amount = amount)
                } else {
                    msg!(ReachChangeDown, subject = subject, amount = amount)
                });
                let shown: Vec<String> = items
                    .iter()
                    .filter(|i| items.len() > 1 || !matches!(*of, Subject::Score(s) if Var::Score(s) == i.var))
                    .map(|i| self.item_text(i, *rise))
                    .collect::<Option<_>>()?;
                if !shown.is_empty() {
                    let _ = write!(text, " ({})", shown.join("; "));
                }
                text
            }
            Change::Set { input, to, or_beyond } => {
                let info = self.model.inputs.get(*input)?;
                let label = info.label.as_deref().unwrap_or(&info.id);
                let value = match (to, info.ty.base()) {
                    (Value::Bool(true), _) => self.say(&msg!(ReachYes)),
                    (Value::Bool(false), _) => self.say(&msg!(ReachNo)),
                    (Value::None, _) => self.say(&msg!(ReachNoValue)),
                    (Value::Number(n), _) => self.num(*n),
                    (Value::Date(d), _) if self.lang == crate::Lang::En => d.to_string(),
                    // `strftime("%d/%m/%Y")`, written out: jiff's formatter would bring its whole
                    // language (time zones, names, padding flags) into the WebAssembly build.
                    (Value::Date(d), _) => {
                        let sign = if d.year() < 0 { "-" } else { "" };
                        format!("{:02}/{:02}/{sign}{:04}", d.day(), d.month(), d.year().unsigned_abs())
                    }
                    (Value::Enum(i), Type::Enum(e)) => self
                        .model
                        .enum_info(*e)
                        .and_then(|info| info.values.get(usize::from(*i)))
                        .map_or_else(String::new, |(_, label)| label.clone()),
                    _ => String::new(),
                };
                let beyond = if *or_beyond { format!(" {}", self.say(&msg!(ReachOrBeyond))) } else { String::new() };
                format!("{label}: {value}{beyond}")
            }
            Change::Members { input, count, meet, condition } => {
                let info = self.model.inputs.get(*input)?;
                let label = info.label.as_deref().unwrap_or(&info.id);
                let condition = self.text_of(*condition);
                self.say(&if *meet {
                    msg!(ReachMembersMore, input = label, count = *count, condition = condition)
                } else {
                    msg!(ReachMembersFewer, input = label, count = *count, condition = condition)
                })
            }
            Change::Years { input, count, now, condition } => {
                let info = self.model.inputs.get(*input)?;
                let label = info.label.as_deref().unwrap_or(&info.id);
                let condition = self.text_of(*condition);
                self.say(&msg!(ReachYears, input = label, count = *count, condition = condition, now = *now))
            }
        })
    }

    /// An item of a change of points: how far it can move, and through which input.
    fn item_text(&self, item: &Item, rise: bool) -> Option<String> {
        let label = self.var_label(item.var)?;
        let mut text = self.say(&match item.room {
            Some(room) if rise => msg!(ReachItemRoomUp, item = label, room = self.num(room)),
            Some(room) => msg!(ReachItemRoomDown, item = label, room = self.num(room)),
            None => msg!(ReachItemNow, item = label, now = self.num(item.now)),
        });
        match item.via {
            Some(Via::Number { input, per_unit }) => {
                let input = self.input_label(input)?;
                let via = if per_unit.is_sign_negative() {
                    msg!(ReachViaUnitRemoved, input = input, points = self.num(-per_unit))
                } else {
                    msg!(ReachViaUnitAdded, input = input, points = self.num(per_unit))
                };
                let _ = write!(text, ", {}", self.say(&via));
            }
            Some(Via::Set { input, to }) => {
                let value = self.say(&if to { msg!(ReachYes) } else { msg!(ReachNo) });
                let via = msg!(ReachViaSet, input = self.input_label(input)?, value = value);
                let _ = write!(text, ", {}", self.say(&via));
            }
            None => {}
        }
        Some(text)
    }

    /// What a knock-out, cap or exclusion is, as results show it; `None` when it forces or caps
    /// to a tier the model does not have.
    fn block(&self, adjust: &AdjustInfo) -> Option<crate::wire::BlockRecord> {
        let rule = match adjust.kind {
            AdjustKind::Force => "force",
            AdjustKind::Cap => "cap",
            AdjustKind::Exclude => "exclude",
        };
        Some(crate::wire::BlockRecord {
            rule: rule.to_owned(),
            tier: match adjust.tier {
                Some(t) => Some(self.model.tier(t)?.id.clone()),
                None => None,
            },
            because: adjust.because.clone(),
            source: adjust.source.clone(),
            condition: self.text_of(adjust.when.span),
        })
    }

    /// Why an adjustment holds, and its citation: "… (căn cứ: …)".
    fn ground(&self, adjust: &AdjustInfo) -> String {
        let because = adjust.because.clone().unwrap_or_else(|| self.text_of(adjust.when.span));
        let source = adjust.source.as_ref().map(|s| self.citation(s)).unwrap_or_default();
        format!("{because}{source}")
    }

    /// " (căn cứ: SOURCE)", after what it cites.
    fn citation(&self, source: &str) -> String {
        format!(" {}", self.say(&msg!(ReachCitation, source = source)))
    }

    fn text_of(&self, span: Span) -> String {
        self.model.source.text().get(span.start as usize..span.end as usize).unwrap_or_default().to_owned()
    }

    fn subject_id(&self, of: Subject) -> Option<String> {
        Some(match of {
            Subject::Score(s) => self.model.scores.get(s)?.id.clone(),
            Subject::Let(l) => self.model.lets.get(l)?.id.clone(),
            Subject::Input(i) => self.model.inputs.get(i)?.id.clone(),
            Subject::Expression(span) => self.text_of(span),
        })
    }

    fn subject_label(&self, of: Subject) -> Option<String> {
        Some(match of {
            Subject::Score(s) => self.model.scores.get(s)?.label.clone(),
            Subject::Let(l) => {
                let info = self.model.lets.get(l)?;
                info.label.clone().unwrap_or_else(|| info.id.clone())
            }
            Subject::Input(i) => self.input_label(i)?.to_owned(),
            Subject::Expression(span) => format!("`{}`", self.text_of(span)),
        })
    }

    fn input_label(&self, i: usize) -> Option<&str> {
        let info = self.model.inputs.get(i)?;
        Some(info.label.as_deref().unwrap_or(&info.id))
    }

    fn var_id(&self, v: Var) -> Option<&str> {
        match v {
            Var::Score(s) => self.model.scores.get(s).map(|score| score.id.as_str()),
            Var::Input(i) => self.model.inputs.get(i).map(|input| input.id.as_str()),
        }
    }

    fn var_label(&self, v: Var) -> Option<&str> {
        match v {
            Var::Score(s) => self.model.scores.get(s).map(|score| score.label.as_str()),
            Var::Input(i) => self.input_label(i),
        }
    }
}
