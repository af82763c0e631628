//! While evidence is missing: what is already certain and what is still possible.
//!
//! Every score and `let` is evaluated over intervals — a missing assessed score is anything from
//! 0 to its max, a missing number anything in its range, a missing yes/no either — with the
//! values already known taken as they are. The result over-approximates: every way of completing
//! the record lands inside the ranges and among the tiers reported. When one input alone is
//! missing, what each of its values decides is given exactly: the points where a comparison
//! involving it changes are solved, and the record is evaluated at each of them and between them.

use std::borrow::Cow;

use rust_decimal::Decimal;

use super::{Solver, Var, MAX_DEPTH};
use crate::check::model::{AggOp, ArithOp, CmpOp, Derived, Func, NumKind, Ref, ScoreKind, TExpr, TKind, Type};
use crate::eval::evidence::Evidence;
use crate::kinds::AdjustKind;
use crate::msg;
use crate::plan::EvidenceField;
use crate::value::Value;
use crate::{Options, Status};

/// What is still possible for a record that is not determinable.
#[derive(Debug, Clone, PartialEq)]
pub struct Pending {
    /// The missing fields the result waits for, as the `missing-evidence` finding names them
    /// (`on` when it is the evaluation date, a path for a member's field).
    pub missing: Vec<String>,
    /// Each score's range (by score index); `None` for an end with no bound.
    pub scores: Vec<(usize, Option<Decimal>, Option<Decimal>)>,
    /// The tiers a completion of the record may reach, best first.
    pub tiers: Vec<u16>,
    /// Whether an exclusion may leave it not rated.
    pub may_be_excluded: bool,
    /// Knock-outs, caps and exclusions not decided yet: they may still hold.
    pub undecided: Vec<usize>,
    /// With one field alone missing: what each of its values gives.
    pub decides: Option<Decides>,
}

/// What the values of the one missing field give.
#[derive(Debug, Clone, PartialEq)]
pub enum Decides {
    /// A number's values, in ascending ranges.
    Ranges { slot: u32, pieces: Vec<Piece> },
    /// Each value of a yes/no or enum field.
    Values { slot: u32, results: Vec<(Value, Outcome)> },
}

/// A range of a number's values and what they give; ends are `(value, included)`.
#[derive(Debug, Clone, PartialEq)]
pub struct Piece {
    pub from: Option<(Decimal, bool)>,
    pub to: Option<(Decimal, bool)>,
    pub outcome: Outcome,
}

/// The result a completion gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Tier(u16),
    NotRated,
    /// Still not determinable, or an evaluation error.
    Undecided,
}

/// A value known only to lie in a set.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Abs {
    /// A number in `lo..=hi` (`None`: no bound that way).
    Num(Option<Decimal>, Option<Decimal>),
    /// A yes/no: which answers are possible.
    Bool { yes: bool, no: bool },
    /// Exactly this value.
    Exact(Value),
    /// Anything.
    Any,
}

impl Abs {
    fn point(v: Value) -> Abs {
        match v {
            Value::Number(n) => Abs::Num(Some(n), Some(n)),
            Value::Bool(b) => Abs::Bool { yes: b, no: !b },
            Value::Unknown => Abs::Any,
            other => Abs::Exact(other),
        }
    }

    fn bools(self) -> (bool, bool) {
        match self {
            Abs::Bool { yes, no } => (yes, no),
            _ => (true, true),
        }
    }

    fn num(self) -> Option<(Option<Decimal>, Option<Decimal>)> {
        match self {
            Abs::Num(lo, hi) => Some((lo, hi)),
            _ => None,
        }
    }

    fn join(self, other: Abs) -> Abs {
        match (self, other) {
            (Abs::Num(a, b), Abs::Num(c, d)) => Abs::Num(lower(a, c), upper(b, d)),
            (Abs::Bool { yes: a, no: b }, Abs::Bool { yes: c, no: d }) => Abs::Bool { yes: a || c, no: b || d },
            (x, y) if x == y => x,
            _ => Abs::Any,
        }
    }
}

fn lower(a: Option<Decimal>, b: Option<Decimal>) -> Option<Decimal> {
    Some(a?.min(b?))
}

fn upper(a: Option<Decimal>, b: Option<Decimal>) -> Option<Decimal> {
    Some(a?.max(b?))
}

/// Interval values of a record's lets and scores.
struct Intervals<'s, 'a, 'r> {
    solver: &'s Solver<'a, 'r>,
    lets: Vec<Abs>,
    scores: Vec<Abs>,
}

impl Solver<'_, '_> {
    pub(super) fn pending(&self) -> Pending {
        let model = self.model;
        let mut intervals = Intervals {
            solver: self,
            lets: vec![Abs::Any; model.lets.len()],
            scores: vec![Abs::Any; model.scores.len()],
        };
        for step in &model.order {
            match *step {
                Derived::Let(l) => {
                    let known = self.let_value(l);
                    let value = if known.is_unknown() {
                        model.lets.get(l).map_or(Abs::Any, |info| intervals.eval(&info.value, 0))
                    } else {
                        Abs::point(known)
                    };
                    if let Some(entry) = intervals.lets.get_mut(l) {
                        *entry = value;
                    }
                }
                Derived::Score(s) => {
                    let known = self.score_value(s);
                    let value = if known.is_unknown() { intervals.score(s) } else { Abs::point(known) };
                    if let Some(entry) = intervals.scores.get_mut(s) {
                        *entry = value;
                    }
                }
            }
        }
        let scores = intervals
            .scores
            .iter()
            .enumerate()
            .map(|(s, value)| match *value {
                Abs::Num(lo, hi) => (s, lo, hi),
                _ => (s, None, None),
            })
            .collect();
        let (tiers, may_be_excluded, undecided) = intervals.possible();
        let missing = self.evaluation.missing_fields();
        let decides = match missing.as_slice() {
            [field] => self.slot_of(field).and_then(|slot| self.decides(u32::try_from(slot).ok()?)),
            _ => None,
        };
        Pending { missing, scores, tiers, may_be_excluded, undecided, decides }
    }

    /// The result of the record with the missing field at `slot` set to `value`.
    fn completed(&self, slot: u32, value: Value) -> Outcome {
        let mut evidence: Evidence = self.evaluation.evidence().clone();
        if !super::enter(&mut evidence, slot as usize, value) {
            return Outcome::Undecided;
        }
        evidence.missing.retain(|s| *s != slot);
        let options = Options { on: self.evaluation.on(), trace: false, lang: self.evaluation.lang() };
        match crate::outcome::run(self.rules, Cow::Owned(evidence), options) {
            Ok(result) => match (result.status(), result.tier_index()) {
                (Status::Rated, Some(t)) => Outcome::Tier(t),
                (Status::NotRated, _) => Outcome::NotRated,
                _ => Outcome::Undecided,
            },
            Err(_) => Outcome::Undecided,
        }
    }

    fn decides(&self, slot: u32) -> Option<Decides> {
        let model = self.model;
        let (var, ty, range) = match self.rules.plan.evidence.get(slot as usize)? {
            EvidenceField::Input(i) => {
                let info = model.inputs.get(*i)?;
                (Var::Input(*i), info.ty.clone(), info.range)
            }
            EvidenceField::AssessedScore(s) => {
                (Var::Score(*s), Type::Number(NumKind::Number), Some((Decimal::ZERO, model.scores.get(*s)?.max)))
            }
        };
        match ty.base() {
            Type::Bool => {
                let results = [true, false].map(|b| (Value::Bool(b), self.completed(slot, Value::Bool(b))));
                Some(Decides::Values { slot, results: results.to_vec() })
            }
            Type::Enum(e) => {
                let count = u16::try_from(model.enum_info(*e)?.values.len()).ok()?;
                let mut values: Vec<Value> = (0..count).map(Value::Enum).collect();
                if ty.is_optional() {
                    values.push(Value::None);
                }
                let results = values.into_iter().map(|v| (v, self.completed(slot, v))).collect();
                Some(Decides::Values { slot, results })
            }
            Type::Number(kind) => {
                let integer = *kind == NumKind::Integer;
                let pieces = self.pieces(var, range, integer)?;
                Some(Decides::Ranges { slot, pieces })
            }
            _ => None,
        }
    }

    /// The ranges of a number's values that give one result each, from the points where a
    /// comparison it takes part in changes; `None` when one of them is not linear in it.
    fn pieces(&self, var: Var, range: Option<(Decimal, Decimal)>, integer: bool) -> Option<Vec<Piece>> {
        let mut critical = Vec::new();
        let mut conditions: Vec<&TExpr> = self.model.outcome.tiers.iter().filter_map(|t| t.when.as_ref()).collect();
        conditions.extend(self.model.adjustments.iter().map(|a| &a.when));
        for condition in conditions {
            self.critical_points(condition, var, &mut critical, 0)?;
        }
        let (lo, hi) = range.map_or((None, None), |(lo, hi)| (Some(lo), Some(hi)));
        critical.retain(|c| lo.is_none_or(|lo| *c > lo) && hi.is_none_or(|hi| *c < hi));
        if integer {
            critical = critical.iter().flat_map(|c| [c.floor(), c.ceil()]).collect();
        }
        let mut points: Vec<Decimal> = lo.into_iter().chain(critical).chain(hi).collect();
        points.sort_unstable();
        points.dedup();
        let slot = self.slot_of_var(var)?;
        let at = |x: Decimal| self.completed(slot, Value::Number(x));
        let mut pieces: Vec<Piece> = Vec::new();
        let mut push = |from: Option<(Decimal, bool)>, to: Option<(Decimal, bool)>, outcome: Outcome| {
            if let Some(last) = pieces.last_mut() {
                if last.outcome == outcome {
                    last.to = to;
                    return;
                }
            }
            pieces.push(Piece { from, to, outcome });
        };
        let step = Decimal::ONE;
        if lo.is_none() {
            let first = points.first().copied().unwrap_or_default();
            push(None, Some((first, false)), at(first - step));
        }
        for (i, p) in points.iter().enumerate() {
            push(Some((*p, true)), Some((*p, true)), at(*p));
            let next = points.get(i + 1).copied();
            let between = match next {
                Some(n) if integer => (*p + step < n).then_some(*p + step),
                Some(n) => Some((*p + n) / Decimal::TWO),
                None if hi.is_none() => Some(*p + step),
                None => None,
            };
            if let Some(x) = between {
                push(Some((*p, false)), next.map(|n| (n, false)), at(x));
            }
        }
        Some(pieces)
    }

    /// The values of `var` where a comparison in `e` changes, the other values as they are.
    fn critical_points(&self, e: &TExpr, var: Var, out: &mut Vec<Decimal>, depth: u32) -> Option<()> {
        if depth > MAX_DEPTH {
            return None;
        }
        match &e.kind {
            TKind::Cmp { left, right, .. } if self.mentions(e, var, 0) => {
                let form = self.linear(left, 0)?.plus(self.linear(right, 0)?.scaled(Decimal::NEGATIVE_ONE)?)?;
                // c·x + k with every other item known.
                let mut c = Decimal::ZERO;
                let mut k = form.constant;
                for (v, coefficient) in &form.terms {
                    if *v == var {
                        c += *coefficient;
                    } else {
                        k = k.checked_add(coefficient.checked_mul(self.var_value(*v)?)?)?;
                    }
                }
                if c.is_zero() {
                    return Some(());
                }
                let x = (-k).checked_div(c).filter(|x| x.checked_mul(c) == Some(-k))?;
                out.push(x);
                Some(())
            }
            TKind::Not(x) => self.critical_points(x, var, out, depth + 1),
            TKind::And(a, b) | TKind::Or(a, b) => {
                self.critical_points(a, var, out, depth + 1)?;
                self.critical_points(b, var, out, depth + 1)
            }
            TKind::Ref(Ref::Let(l)) => self.critical_points(&self.model.lets.get(*l)?.value, var, out, depth + 1),
            _ if self.mentions(e, var, 0) => None,
            _ => Some(()),
        }
    }

    /// Whether `e` reads `var`, through lets and scores.
    fn mentions(&self, e: &TExpr, var: Var, depth: u32) -> bool {
        if depth > MAX_DEPTH {
            return true;
        }
        let model = self.model;
        // A score or let the model does not have could read anything, as one too deep does.
        let score = |s: usize| -> bool {
            Var::Score(s) == var
                || model.scores.get(s).is_none_or(|score| match &score.kind {
                    ScoreKind::Sum => score.children.iter().any(|c| {
                        let child = TExpr { kind: TKind::Ref(Ref::Score(*c)), ty: e.ty.clone(), span: e.span };
                        self.mentions(&child, var, depth + 1)
                    }),
                    ScoreKind::Computed(x) => self.mentions(x, var, depth + 1),
                    ScoreKind::Assessed => false,
                })
        };
        match &e.kind {
            TKind::Const(_) | TKind::Ref(Ref::Field(_) | Ref::EvaluationYear | Ref::Param(_)) => false,
            TKind::Ref(Ref::Input(i)) => Var::Input(*i) == var,
            TKind::Ref(Ref::Score(s)) => score(*s),
            TKind::Ref(Ref::Let(l)) => model.lets.get(*l).is_none_or(|info| self.mentions(&info.value, var, depth + 1)),
            TKind::Neg(x) | TKind::Not(x) | TKind::Round(x, _) => self.mentions(x, var, depth + 1),
            TKind::And(a, b) | TKind::Or(a, b) | TKind::Arith(_, a, b) => {
                self.mentions(a, var, depth + 1) || self.mentions(b, var, depth + 1)
            }
            TKind::Cmp { left, right, .. } => {
                self.mentions(left, var, depth + 1) || self.mentions(right, var, depth + 1)
            }
            TKind::If(c, a, b) => [c, a, b].iter().any(|x| self.mentions(x, var, depth + 1)),
            TKind::Func(_, args) => args.iter().any(|x| self.mentions(x, var, depth + 1)),
            TKind::Scale { x, from, to } => {
                [x, &from.0, &from.1, &to.0, &to.1].iter().any(|x| self.mentions(x, var, depth + 1))
            }
            TKind::Agg { list, body, .. } => {
                Var::Input(*list) == var || body.as_ref().is_some_and(|b| self.mentions(b, var, depth + 1))
            }
        }
    }

    fn slot_of_var(&self, var: Var) -> Option<u32> {
        let id = match var {
            Var::Input(i) => &self.model.inputs.get(i)?.id,
            Var::Score(s) => &self.model.scores.get(s)?.id,
        };
        self.rules.plan.field_index.get(id.as_str()).copied()
    }
}

impl Intervals<'_, '_, '_> {
    fn score(&self, s: usize) -> Abs {
        let model = self.solver.model;
        let Some(info) = model.scores.get(s) else { return Abs::Any };
        match &info.kind {
            ScoreKind::Assessed => {
                let slot = self.solver.slot_of(&info.id);
                match slot.and_then(|slot| self.solver.evaluation.evidence().values.get(slot).copied()) {
                    Some(Value::Number(n)) => Abs::Num(Some(n), Some(n)),
                    _ => Abs::Num(Some(Decimal::ZERO), Some(info.max)),
                }
            }
            ScoreKind::Sum => {
                info.children.iter().fold(Abs::Num(Some(Decimal::ZERO), Some(Decimal::ZERO)), |sum, c| {
                    arith(ArithOp::Add, sum, self.score_interval(*c))
                })
            }
            ScoreKind::Computed(e) => {
                let (lo, hi) = self.eval(e, 0).num().unwrap_or((None, None));
                let round = |d: Option<Decimal>| match model.rounding {
                    Some(r) => d.map(|d| crate::eval::round(d, r.places, r.mode)),
                    None => d,
                };
                // Computed scores are held to 0..max.
                let hold = |d: Decimal| d.max(Decimal::ZERO).min(info.max);
                Abs::Num(Some(round(lo).map_or(Decimal::ZERO, hold)), Some(round(hi).map_or(info.max, hold)))
            }
        }
    }

    /// A score's interval as evaluated so far; anything for a score the model does not have.
    fn score_interval(&self, s: usize) -> Abs {
        self.scores.get(s).copied().unwrap_or(Abs::Any)
    }

    fn eval(&self, e: &TExpr, depth: u32) -> Abs {
        if depth > MAX_DEPTH {
            return Abs::Any;
        }
        let solver = self.solver;
        match &e.kind {
            TKind::Const(v) => Abs::point(*v),
            TKind::Ref(Ref::Input(i)) => {
                let Some(info) = solver.model.inputs.get(*i) else { return Abs::Any };
                match solver.input_value(*i) {
                    Value::Unknown => match info.ty.base() {
                        Type::Bool if !info.ty.is_optional() => Abs::Bool { yes: true, no: true },
                        Type::Number(_) if !info.ty.is_optional() => {
                            info.range.map_or(Abs::Num(None, None), |(lo, hi)| Abs::Num(Some(lo), Some(hi)))
                        }
                        _ => Abs::Any,
                    },
                    known => Abs::point(known),
                }
            }
            TKind::Ref(Ref::Let(l)) => self.lets.get(*l).copied().unwrap_or(Abs::Any),
            TKind::Ref(Ref::Score(s)) => self.score_interval(*s),
            TKind::Ref(Ref::EvaluationYear) => solver
                .evaluation
                .on()
                .map_or(Abs::Any, |d| Abs::point(Value::Number(Decimal::from(i32::from(d.year()))))),
            TKind::Ref(Ref::Param(p)) => {
                let param = solver.model.params.get(*p).and_then(|param| param.value_on(solver.evaluation.on()));
                param.map_or(Abs::Any, |v| Abs::point(v.value))
            }
            TKind::Neg(x) => arith(ArithOp::Sub, Abs::point(Value::Number(Decimal::ZERO)), self.eval(x, depth + 1)),
            TKind::Not(x) => {
                let (yes, no) = self.eval(x, depth + 1).bools();
                Abs::Bool { yes: no, no: yes }
            }
            TKind::And(a, b) => {
                let ((ay, an), (by, bn)) = (self.eval(a, depth + 1).bools(), self.eval(b, depth + 1).bools());
                Abs::Bool { yes: ay && by, no: an || bn }
            }
            TKind::Or(a, b) => {
                let ((ay, an), (by, bn)) = (self.eval(a, depth + 1).bools(), self.eval(b, depth + 1).bools());
                Abs::Bool { yes: ay || by, no: an && bn }
            }
            TKind::Arith(op, a, b) => arith(*op, self.eval(a, depth + 1), self.eval(b, depth + 1)),
            TKind::Cmp { op, left, right, descending } => {
                compare(*op, self.eval(left, depth + 1), self.eval(right, depth + 1), *descending)
            }
            TKind::If(c, a, b) => match self.eval(c, depth + 1).bools() {
                (true, false) => self.eval(a, depth + 1),
                (false, true) => self.eval(b, depth + 1),
                _ => self.eval(a, depth + 1).join(self.eval(b, depth + 1)),
            },
            TKind::Func(func, args) => {
                let values: Vec<Abs> = args.iter().map(|a| self.eval(a, depth + 1)).collect();
                function(*func, &values)
            }
            TKind::Round(x, places) => match self.eval(x, depth + 1) {
                Abs::Num(lo, hi) => {
                    let r = |d: Decimal| crate::eval::round(d, *places, crate::check::model::RoundingMode::HalfUp);
                    Abs::Num(lo.map(r), hi.map(r))
                }
                _ => Abs::Any,
            },
            TKind::Agg { op, list, .. } => {
                // Over a list that is given, the members decide it: its value is the evaluation's.
                if solver.input_value(*list).is_unknown() {
                    return match op {
                        AggOp::All | AggOp::Any => Abs::Bool { yes: true, no: true },
                        _ => Abs::Any,
                    };
                }
                crate::outcome::aggregate_value(solver.evaluation, e.span).map_or(Abs::Any, Abs::point)
            }
            TKind::Scale { .. } | TKind::Ref(Ref::Field(_)) => Abs::Any,
        }
    }

    /// The tiers a completion may reach, whether it may be excluded, and the adjustments not
    /// decided yet.
    fn possible(&self) -> (Vec<u16>, bool, Vec<usize>) {
        let model = self.solver.model;
        let mut undecided = Vec::new();
        let (mut excluded_surely, mut may_be_excluded) = (false, false);
        let mut forced: Vec<(u16, bool)> = Vec::new();
        let mut capped: Vec<(u16, bool)> = Vec::new();
        for (a, adjust) in model.adjustments.iter().enumerate() {
            let (yes, no) = self.eval(&adjust.when, 0).bools();
            if yes && no {
                undecided.push(a);
            }
            if !yes {
                continue;
            }
            match (adjust.kind, adjust.tier) {
                (AdjustKind::Exclude, _) => {
                    may_be_excluded = true;
                    excluded_surely |= !no;
                }
                (AdjustKind::Force, Some(t)) => forced.push((t, !no)),
                (AdjustKind::Cap, Some(t)) => capped.push((t, !no)),
                _ => {}
            }
        }
        if excluded_surely {
            return (Vec::new(), true, undecided);
        }
        let mut tiers: Vec<u16> = Vec::new();
        // A knock-out sure to hold decides the tier (the first, as the evaluation takes them).
        if let Some(&(t, _)) = forced.iter().find(|(_, sure)| *sure) {
            return (vec![t], may_be_excluded, undecided);
        }
        tiers.extend(forced.iter().map(|(t, _)| *t));
        let lowest_sure_cap = capped.iter().filter(|(_, sure)| *sure).map(|(t, _)| *t).max();
        for (t, tier) in model.outcome.tiers.iter().enumerate() {
            let t = u16::try_from(t).unwrap_or(u16::MAX);
            let (yes, no) = tier.when.as_ref().map_or((true, false), |w| self.eval(w, 0).bools());
            if yes {
                // A cap lowers a better tier to its own.
                let capped_to: Vec<u16> = capped.iter().filter(|(c, _)| t < *c).map(|(c, _)| *c).collect();
                match lowest_sure_cap {
                    Some(c) if t < c => tiers.push(c),
                    _ => tiers.push(t),
                }
                tiers.extend(capped_to);
            }
            if !no {
                break;
            }
        }
        tiers.sort_unstable();
        tiers.dedup();
        (tiers, may_be_excluded, undecided)
    }
}

fn arith(op: ArithOp, a: Abs, b: Abs) -> Abs {
    let (Some((a_lo, a_hi)), Some((b_lo, b_hi))) = (a.num(), b.num()) else { return Abs::Any };
    let add = |x: Option<Decimal>, y: Option<Decimal>| x?.checked_add(y?);
    let sub = |x: Option<Decimal>, y: Option<Decimal>| x?.checked_sub(y?);
    match op {
        ArithOp::Add => Abs::Num(add(a_lo, b_lo), add(a_hi, b_hi)),
        ArithOp::Sub => Abs::Num(sub(a_lo, b_hi), sub(a_hi, b_lo)),
        ArithOp::Mul | ArithOp::Div => {
            // Every end bounded: the extremes are among the corners.
            let (Some(a_lo), Some(a_hi), Some(b_lo), Some(b_hi)) = (a_lo, a_hi, b_lo, b_hi) else { return Abs::Any };
            if op == ArithOp::Div && b_lo <= Decimal::ZERO && b_hi >= Decimal::ZERO {
                return Abs::Any;
            }
            let f = |x: Decimal, y: Decimal| if op == ArithOp::Mul { x.checked_mul(y) } else { x.checked_div(y) };
            let corners = [f(a_lo, b_lo), f(a_lo, b_hi), f(a_hi, b_lo), f(a_hi, b_hi)];
            let Some(corners) = corners.into_iter().collect::<Option<Vec<_>>>() else { return Abs::Any };
            let lo = corners.iter().min().copied();
            let hi = corners.iter().max().copied();
            // A quotient may not end: widen by its last digit so that the interval holds it.
            if op == ArithOp::Div {
                let margin = Decimal::new(1, 26);
                return Abs::Num(lo.and_then(|l| l.checked_sub(margin)), hi.and_then(|h| h.checked_add(margin)));
            }
            Abs::Num(lo, hi)
        }
    }
}

fn compare(op: CmpOp, a: Abs, b: Abs, descending: bool) -> Abs {
    let both = Abs::Bool { yes: true, no: true };
    match (a, b) {
        (Abs::Num(a_lo, a_hi), Abs::Num(b_lo, b_hi)) => {
            // Could a be below, equal to, above b?
            let below = match (a_lo, b_hi) {
                (Some(x), Some(y)) => x < y,
                _ => true,
            };
            let above = match (a_hi, b_lo) {
                (Some(x), Some(y)) => x > y,
                _ => true,
            };
            let equal = lower_max(a_lo, b_lo) <= upper_min(a_hi, b_hi);
            let can = |o: std::cmp::Ordering| match o {
                std::cmp::Ordering::Less => below,
                std::cmp::Ordering::Equal => equal,
                std::cmp::Ordering::Greater => above,
            };
            let orderings = [std::cmp::Ordering::Less, std::cmp::Ordering::Equal, std::cmp::Ordering::Greater];
            let yes = orderings.iter().any(|o| can(*o) && op.holds(*o));
            let no = orderings.iter().any(|o| can(*o) && !op.holds(*o));
            Abs::Bool { yes, no }
        }
        (Abs::Exact(x), Abs::Exact(y)) => {
            let ord = match (x, y) {
                (Value::None, Value::None) => Some(std::cmp::Ordering::Equal),
                (Value::None, _) => Some(std::cmp::Ordering::Less),
                (_, Value::None) => Some(std::cmp::Ordering::Greater),
                (Value::Enum(a), Value::Enum(b)) if descending => Some(b.cmp(&a)),
                (Value::Enum(a), Value::Enum(b)) => Some(a.cmp(&b)),
                (Value::Date(a), Value::Date(b)) => Some(a.cmp(&b)),
                _ => None,
            };
            ord.map_or(both, |o| Abs::Bool { yes: op.holds(o), no: !op.holds(o) })
        }
        (Abs::Bool { yes: ay, no: an }, Abs::Bool { yes: by, no: bn })
            if matches!(op, CmpOp::Eq | CmpOp::Ne) && (ay != an) && (by != bn) =>
        {
            let equal = ay == by;
            let holds = (op == CmpOp::Eq) == equal;
            Abs::Bool { yes: holds, no: !holds }
        }
        _ => both,
    }
}

/// The larger of two lower ends (`None`: no bound, the smaller).
fn lower_max(a: Option<Decimal>, b: Option<Decimal>) -> Option<Decimal> {
    match (a, b) {
        (Some(x), Some(y)) => Some(x.max(y)),
        (x, None) => x,
        (None, y) => y,
    }
}

/// The smaller of two upper ends, compared so that no bound is above every number.
fn upper_min(a: Option<Decimal>, b: Option<Decimal>) -> Option<Decimal> {
    match (a, b) {
        (Some(x), Some(y)) => Some(x.min(y)),
        (x, None) => x,
        (None, y) => y,
    }
    .or(Some(Decimal::MAX))
}

fn function(func: Func, values: &[Abs]) -> Abs {
    let nums: Option<Vec<(Option<Decimal>, Option<Decimal>)>> = values.iter().map(|v| v.num()).collect();
    let Some(nums) = nums else { return Abs::Any };
    // An end with no bound wins where it is the extreme (a low end of `min`), and is no
    // candidate where it is not (the high end of `min`).
    let lows = || nums.iter().map(|n| n.0);
    let highs = || nums.iter().map(|n| n.1);
    let all = |ends: &mut dyn Iterator<Item = Option<Decimal>>| ends.collect::<Option<Vec<Decimal>>>();
    match (func, nums.as_slice()) {
        (Func::Min, _) => Abs::Num(all(&mut lows()).and_then(|v| v.into_iter().min()), highs().flatten().min()),
        (Func::Max, _) => Abs::Num(lows().flatten().max(), all(&mut highs()).and_then(|v| v.into_iter().max())),
        (Func::Clamp, [x, lo, hi]) => {
            let low = function(Func::Max, &[Abs::Num(x.0, x.1), Abs::Num(lo.0, lo.1)]);
            let Abs::Num(a, b) = low else { return Abs::Any };
            function(Func::Min, &[Abs::Num(a, b), Abs::Num(hi.0, hi.1)])
        }
        (Func::Floor, [(lo, hi)]) => Abs::Num(lo.map(|d| d.floor()), hi.map(|d| d.floor())),
        (Func::Ceil, [(lo, hi)]) => Abs::Num(lo.map(|d| d.ceil()), hi.map(|d| d.ceil())),
        (Func::Abs, [(Some(lo), Some(hi))]) => {
            if *lo >= Decimal::ZERO {
                Abs::Num(Some(*lo), Some(*hi))
            } else if *hi <= Decimal::ZERO {
                Abs::Num(Some(-*hi), Some(-*lo))
            } else {
                Abs::Num(Some(Decimal::ZERO), Some(lo.abs().max(*hi)))
            }
        }
        _ => Abs::Any,
    }
}

impl super::Names<'_, '_> {
    pub(super) fn pending(&self, pending: &Pending) -> crate::wire::PendingRecord {
        use crate::wire::{PendingRecord, RangeRecord};
        let model = self.model;
        let text = |d: Option<Decimal>| d.map(crate::value::decimal_text);
        let missing: Vec<(String, String)> = pending
            .missing
            .iter()
            .map(|name| match self.rules.plan.field_index.get(name.as_str()) {
                Some(slot) => self.field(*slot),
                None if name == "on" => (name.clone(), self.say(&msg!(ReachEvaluationDate))),
                None => (name.clone(), name.clone()),
            })
            .collect();
        let scores = pending
            .scores
            .iter()
            .filter_map(|(s, lo, hi)| {
                let score = model.scores.get(*s)?;
                Some(RangeRecord { id: score.id.clone(), label: score.label.clone(), min: text(*lo), max: text(*hi) })
            })
            .collect();
        let decides = pending.decides.as_ref().map(|d| self.decides_record(d));
        let text = self.pending_text(pending, &missing, decides.as_ref().map_or("", |d| d.label.as_str()));
        PendingRecord {
            missing: missing.into_iter().map(|(id, _)| id).collect(),
            scores,
            possible: pending.tiers.iter().filter_map(|t| model.tier(*t)).map(|tier| tier.id.clone()).collect(),
            may_be_excluded: pending.may_be_excluded,
            undecided: pending.undecided.iter().filter_map(|a| self.block(model.adjustments.get(*a)?)).collect(),
            decides,
            text,
        }
    }

    /// An evidence slot's id and label.
    fn field(&self, slot: u32) -> (String, String) {
        let model = self.model;
        let named = match self.rules.plan.evidence.get(slot as usize) {
            Some(EvidenceField::Input(i)) => {
                model.inputs.get(*i).map(|info| (info.id.clone(), info.label.clone().unwrap_or_else(|| info.id.clone())))
            }
            Some(EvidenceField::AssessedScore(s)) => model.scores.get(*s).map(|s| (s.id.clone(), s.label.clone())),
            None => None,
        };
        named.unwrap_or_default()
    }

    fn outcome_id(&self, o: Outcome) -> String {
        match o {
            Outcome::Tier(t) => self.model.tier(t).map_or_else(String::new, |tier| tier.id.clone()),
            Outcome::NotRated => "not rated".to_owned(),
            Outcome::Undecided => "not determinable".to_owned(),
        }
    }

    fn outcome_label(&self, o: Outcome) -> String {
        match o {
            Outcome::Tier(t) => self.model.tier(t).map_or_else(String::new, |tier| tier.label.clone()),
            Outcome::NotRated => self.say(&msg!(ReachNotRated)),
            Outcome::Undecided => self.say(&msg!(ReachUndecided)),
        }
    }

    /// What the one missing field decides, as results show it.
    fn decides_record(&self, decides: &Decides) -> crate::wire::DecidesRecord {
        use crate::wire::{DecidesRecord, PieceRecord};
        match decides {
            Decides::Ranges { slot, pieces } => {
                let (id, label) = self.field(*slot);
                let pieces = pieces
                    .iter()
                    .map(|p| PieceRecord {
                        value: None,
                        from: p.from.map(|(d, _)| crate::value::decimal_text(d)),
                        from_included: p.from.map(|(_, i)| i),
                        to: p.to.map(|(d, _)| crate::value::decimal_text(d)),
                        to_included: p.to.map(|(_, i)| i),
                        outcome: self.outcome_id(p.outcome),
                    })
                    .collect();
                DecidesRecord { field: id, label, pieces }
            }
            Decides::Values { slot, results } => {
                let (id, label) = self.field(*slot);
                let ty = match self.rules.plan.evidence.get(*slot as usize) {
                    Some(EvidenceField::Input(i)) => self.model.inputs.get(*i).map(|info| &info.ty),
                    _ => None,
                };
                let pieces = results
                    .iter()
                    .map(|(v, o)| PieceRecord {
                        value: Some(crate::outcome::show_value(self.rules, self.evaluation.evidence(), *v, ty)),
                        from: None,
                        from_included: None,
                        to: None,
                        to_included: None,
                        outcome: self.outcome_id(*o),
                    })
                    .collect();
                DecidesRecord { field: id, label, pieces }
            }
        }
    }

    /// The sentences: what is missing; from which tier to which the result can be; the scores'
    /// ranges; the rules that may still apply; what the one missing field decides (`label`).
    fn pending_text(&self, pending: &Pending, missing: &[(String, String)], label: &str) -> String {
        let model = self.model;
        let fields = missing.iter().map(|(_, l)| l.as_str()).collect::<Vec<_>>().join(", ");
        let mut sentences = vec![self.say(&msg!(ReachMissing, fields = fields))];
        let labels: Vec<&str> = pending.tiers.iter().filter_map(|t| model.tier(*t)).map(|t| t.label.as_str()).collect();
        let mut possible = self.say(&match labels.as_slice() {
            [] => msg!(ReachNoTierYet),
            [one] => msg!(ReachOnlyTier, tier = *one),
            [best, .., worst] => msg!(ReachBetweenTiers, worst = *worst, best = *best),
        });
        if pending.may_be_excluded {
            possible.push_str(", ");
            possible.push_str(&self.say(&msg!(ReachOrNotRated)));
        }
        sentences.push(possible);
        let ranges: Vec<String> = pending
            .scores
            .iter()
            .filter_map(|(s, lo, hi)| {
                let score = model.scores.get(*s).filter(|score| score.parent.is_none() && lo != hi)?;
                let bound = |d: &Option<Decimal>| d.map_or_else(|| "…".to_owned(), |d| self.num(d));
                Some(self.say(&msg!(ReachRange, label = &score.label, low = bound(lo), high = bound(hi))))
            })
            .collect();
        if !ranges.is_empty() {
            sentences.push(ranges.join("; "));
        }
        let undecided: Vec<String> =
            pending.undecided.iter().filter_map(|a| model.adjustments.get(*a)).map(|adjust| self.ground(adjust)).collect();
        if !undecided.is_empty() {
            sentences.push(self.say(&msg!(ReachMayApply, rules = undecided.join("; "))));
        }
        if let Some(d) = &pending.decides {
            sentences.push(format!("{label}: {}", self.decides_text(d).join("; ")));
        }
        format!("{}.", sentences.join(". "))
    }

    /// Each range or value of the one missing field, with the result it gives.
    fn decides_text(&self, decides: &Decides) -> Vec<String> {
        match decides {
            Decides::Ranges { pieces, .. } => pieces
                .iter()
                .map(|p| {
                    // An end the range leaves out is written `trên`/`dưới` (above, below).
                    let low = |a: Decimal, included: bool| {
                        if included {
                            self.num(a)
                        } else {
                            self.say(&msg!(ReachAbove, value = self.num(a)))
                        }
                    };
                    let high = |b: Decimal, included: bool| {
                        if included {
                            self.num(b)
                        } else {
                            self.say(&msg!(ReachBelow, value = self.num(b)))
                        }
                    };
                    let range = self.say(&match (p.from, p.to) {
                        (Some((a, _)), Some((b, _))) if a == b => msg!(ReachExactly, value = self.num(a)),
                        (Some((a, ai)), Some((b, bi))) => msg!(ReachFromTo, from = low(a, ai), to = high(b, bi)),
                        (Some((a, true)), None) => msg!(ReachFrom, value = self.num(a)),
                        (Some((a, false)), None) => msg!(ReachAbove, value = self.num(a)),
                        (None, Some((b, true))) => msg!(ReachUpTo, value = self.num(b)),
                        (None, Some((b, false))) => msg!(ReachBelow, value = self.num(b)),
                        (None, None) => msg!(ReachAnyValue),
                    });
                    format!("{range} → {}", self.outcome_label(p.outcome))
                })
                .collect(),
            Decides::Values { results, .. } => results
                .iter()
                .map(|(v, o)| {
                    let value = match v {
                        Value::Bool(true) => self.say(&msg!(ReachYes)),
                        Value::Bool(false) => self.say(&msg!(ReachNo)),
                        Value::None => self.say(&msg!(ReachNoValue)),
                        other => crate::outcome::show_value(self.rules, self.evaluation.evidence(), *other, None)
                            .as_str()
                            .map_or_else(String::new, str::to_owned),
                    };
                    format!("{value} → {}", self.outcome_label(*o))
                })
                .collect(),
        }
    }
}
