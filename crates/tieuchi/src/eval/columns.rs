//! Many records at once: each plan node evaluated over a column of values, a chunk of records at a
//! time, then each record decided from its rules' results.
//!
//! One record at a time, the evaluator walks the plan's tree for every record: most of its cost
//! is the walk, not the arithmetic. Here the walk is paid once per chunk, and each node is a tight
//! loop over the records' values. The results are the row evaluator's, record for record:
//!
//! - the same exact arithmetic and three-valued logic, on the same [`Value`]s;
//! - the decision is made by the same function ([`super::decide`]), reading the conditions'
//!   results from the columns instead of evaluating them;
//! - a record whose evaluation meets anything that needs more than a value (an arithmetic error,
//!   a quotient with no exact decimal, a score clamped to its range: each is reported with its
//!   place in the rules) is left to the row evaluator, which reports it as it always does.
//!
//! Plans that read lists or histories (aggregates) are evaluated one record at a time.

use rust_decimal::Decimal;

use super::inexact::exact_quotient;
use super::node::{and_values, compare_values, or_values, round};
use super::{decide, Derived, Guards};
use super::{Decision, Tri};
use crate::check::model::{ArithOp, RoundingMode};
use crate::eval::evidence::Evidence;
use crate::plan::{Node, NodeId, Plan, Read, Step};
use crate::value::{add_decimals, compare_decimals, Date, FixedOperand, TextId, Value};
use crate::RuleSet;

/// A record's evaluation made column by column: what [`crate::Evaluation`] is built from.
#[derive(Debug, Clone)]
pub(crate) struct Prepared {
    pub derived: Derived,
    pub decision: Decision,
}

/// Whether every node of the plan can be evaluated over a column: none reads a list's members.
pub(crate) fn supports(plan: &Plan) -> bool {
    plan.nodes.iter().all(|node| {
        matches!(
            node,
            Node::Const { .. }
                | Node::Input { .. }
                | Node::Derived { .. }
                | Node::EvaluationYear
                | Node::Param { .. }
                | Node::Neg { .. }
                | Node::Not { .. }
                | Node::And { .. }
                | Node::Or { .. }
                | Node::Arith { .. }
                | Node::Cmp { .. }
                | Node::CmpConst { .. }
                | Node::If { .. }
                | Node::Min { .. }
                | Node::Max { .. }
                | Node::Clamp { .. }
                | Node::Round { .. }
                | Node::Floor { .. }
                | Node::Ceil { .. }
                | Node::Abs { .. }
        )
    })
}

/// Evaluates the records column by column (the caller has checked [`supports`]); `on` is the
/// date for records that give none. `None` for a record the row evaluator must take.
pub(crate) fn evaluate(ruleset: &RuleSet, records: &[&Evidence], on: Option<Date>) -> Vec<Option<Prepared>> {
    let chunk = Chunk::evaluated(ruleset, records, on);
    (0..records.len())
        .map(|record| {
            let decision = chunk.decision(record)?;
            Some(Prepared { derived: chunk.record_values(record), decision })
        })
        .collect()
}

/// What the columns made of a record, for a batch that writes its row straight from them.
#[derive(Debug, Clone)]
pub(crate) enum Made {
    /// Rated by the ladder alone, no knock-out, cap or exclusion fired or undecided, and the
    /// caller's `plain` test passed: the tier, and the values of the derived slots it asked for
    /// (in the order asked). Its evaluation would have no findings of the rules' making.
    Laddered { tier: u16, values: smallvec::SmallVec<[Value; 4]> },
    /// Any other record the columns could decide.
    Prepared(Prepared),
}

/// Evaluates the records column by column, as [`evaluate`] does; a record rated by the ladder
/// alone for which `plain(record, tier)` holds is given as [`Made::Laddered`], with the values
/// of `slots`, rather than as a whole [`Prepared`]. `None` for a record the row evaluator must
/// take.
pub(crate) fn evaluate_lean(
    ruleset: &RuleSet,
    records: &[&Evidence],
    on: Option<Date>,
    slots: &[u32],
    mut plain: impl FnMut(usize, u16) -> bool,
) -> Vec<Option<Made>> {
    let chunk = Chunk::evaluated(ruleset, records, on);
    (0..records.len())
        .map(|record| {
            if let Some(tier) = chunk.laddered(record).filter(|&tier| plain(record, tier)) {
                let values = slots.iter().map(|&slot| chunk.value(slot, record)).collect();
                return Some(Made::Laddered { tier, values });
            }
            let decision = chunk.decision(record)?;
            Some(Made::Prepared(Prepared { derived: chunk.record_values(record), decision }))
        })
        .collect()
}

/// Many records' ratings, a column each: what a table of results holds, without each record's
/// full result.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Ratings {
    /// Per record: its status, or `None` where its evaluation failed (see `errors`).
    pub status: Vec<Option<crate::Status>>,
    /// Per record: the index of its tier in the outcome's tiers, best first.
    pub tier: Vec<Option<u16>>,
    /// Per record: the index of the knock-out, cap or exclusion that decided, if not the ladder.
    pub decided_by: Vec<Option<u16>>,
    /// Per score of the rule set (in declaration order), its value for each record.
    pub scores: Vec<Vec<Option<Decimal>>>,
    /// The records whose evaluation failed, with the error.
    pub errors: Vec<(usize, super::EvalError)>,
}

/// The ratings of the records, made column by column where the rules allow it (see
/// [`RuleSet::rate_all`]).
pub(crate) fn rate(ruleset: &RuleSet, records: &[Evidence], options: super::Options) -> Ratings {
    let refs: Vec<&Evidence> = records.iter().collect();
    rate_from(ruleset, refs.as_slice(), records, options)
}

/// The ratings of records held column by column (see [`RuleSet::rate_columns`]).
pub(crate) fn rate_columns(ruleset: &RuleSet, columns: &EvidenceColumns<'_>, options: super::Options) -> Ratings {
    rate_from(ruleset, columns, columns.rows, options)
}

/// The ratings of `records`, read from `source` where the chunk evaluates them.
fn rate_from<S: Source + ?Sized>(
    ruleset: &RuleSet,
    source: &S,
    records: &[Evidence],
    options: super::Options,
) -> Ratings {
    let plan = &ruleset.plan;
    let n = records.len();
    let mut ratings = Ratings {
        status: Vec::with_capacity(n),
        tier: Vec::with_capacity(n),
        decided_by: Vec::with_capacity(n),
        scores: Vec::new(),
        errors: Vec::new(),
    };
    let options = super::Options { trace: false, ..options };
    let chunk = (supports(plan) && n > 1 && source.records() == n).then(|| Chunk::evaluated(ruleset, source, options.on));
    // The scores are the chunk's columns, but for the records the row evaluator takes.
    ratings.scores = plan
        .score_slots
        .iter()
        .map(|&slot| match &chunk {
            Some(chunk) => match chunk.derived.get(slot as usize) {
                Some(column) => column.iter().map(|v| v.as_number()).collect(),
                None => vec![None; n],
            },
            None => vec![None; n],
        })
        .collect();
    for (record, evidence) in records.iter().enumerate() {
        let laddered = chunk.as_ref().and_then(|c| c.laddered(record));
        let rating = if let Some(tier) = laddered {
            Some((crate::Status::Rated, Some(tier), None))
        } else if let Some(d) = chunk.as_ref().and_then(|c| c.decision(record)) {
            Some((d.status, d.tier, d.decided_by))
        } else {
            let evaluated = super::evaluated(ruleset, evidence, options).map_err(|f| f.into_error(&ruleset.plan));
            let derived = evaluated.as_ref().ok().map(|(derived, ..)| derived);
            for (column, &slot) in ratings.scores.iter_mut().zip(&plan.score_slots) {
                if let Some(cell) = column.get_mut(record) {
                    *cell = derived.and_then(|d| d.get(slot as usize)).and_then(|v| v.as_number());
                }
            }
            match evaluated {
                Ok((_, decision, ..)) => Some((decision.status, decision.tier, decision.decided_by)),
                Err(error) => {
                    ratings.errors.push((record, error));
                    None
                }
            }
        };
        ratings.status.push(rating.map(|r| r.0));
        ratings.tier.push(rating.and_then(|r| r.1));
        ratings.decided_by.push(rating.and_then(|r| r.2));
    }
    ratings
}

/// Where a chunk reads its records' evidence: one decoded record after another, or the records'
/// values slot by slot ([`EvidenceColumns`]).
pub(crate) trait Source {
    /// How many records.
    fn records(&self) -> usize;
    /// A record's value of an evidence slot; `None` when its evidence has no such slot (the
    /// record is then left to the row evaluator).
    fn value(&self, slot: u32, record: usize) -> Option<&Value>;
    /// The evaluation date the record gives, if any.
    fn on(&self, record: usize) -> Option<Date>;
    /// A text one of the record's values names.
    fn text<'s>(&'s self, record: usize, id: TextId, plan: &'s Plan) -> &'s str;
    /// A slot's values for every record, where they are held together.
    fn column(&self, slot: u32) -> Option<&[Value]>;
}

impl Source for [&Evidence] {
    fn records(&self) -> usize {
        self.len()
    }

    fn value(&self, slot: u32, record: usize) -> Option<&Value> {
        self.get(record)?.values.get(slot as usize)
    }

    fn on(&self, record: usize) -> Option<Date> {
        self.get(record)?.on
    }

    fn text<'s>(&'s self, record: usize, id: TextId, plan: &'s Plan) -> &'s str {
        self.get(record).map_or("", |evidence| evidence.text(id, plan))
    }

    fn column(&self, _: u32) -> Option<&[Value]> {
        None
    }
}

/// Many records' decoded evidence with each evidence slot's values held together, record after
/// record, as [`RuleSet::rate_columns`] reads them: a column is read in one pass instead of a
/// value from each record's own evidence, which is most of what rating a decoded record costs.
/// Built once ([`EvidenceColumns::new`]) for records rated more than once, or made by a reader
/// that decodes a column at a time.
#[derive(Debug, Clone)]
pub struct EvidenceColumns<'a> {
    /// The records, for what is not held in columns (texts, lists, what is missing) and for the
    /// row evaluator.
    rows: &'a [Evidence],
    /// Per evidence slot, its value for each record.
    values: Vec<Vec<Value>>,
    /// Per record, its own evaluation date.
    dates: Vec<Option<Date>>,
}

impl<'a> EvidenceColumns<'a> {
    /// The records' values, slot by slot. Records decoded against other rules (with other slots
    /// than the first record's) are left to the row evaluator.
    pub fn new(rows: &'a [Evidence]) -> EvidenceColumns<'a> {
        let slots = rows.first().map_or(0, |e| e.values.len());
        let same = rows.iter().all(|e| e.values.len() == slots);
        let values = if same {
            (0..slots).map(|slot| rows.iter().map(|e| e.values.get(slot).copied().unwrap_or_default()).collect()).collect()
        } else {
            Vec::new()
        };
        EvidenceColumns { rows, values, dates: rows.iter().map(|e| e.on).collect() }
    }

    /// The records.
    pub fn rows(&self) -> &'a [Evidence] {
        self.rows
    }
}

impl Source for EvidenceColumns<'_> {
    fn records(&self) -> usize {
        self.rows.len()
    }

    fn value(&self, slot: u32, record: usize) -> Option<&Value> {
        self.values.get(slot as usize)?.get(record)
    }

    fn on(&self, record: usize) -> Option<Date> {
        self.dates.get(record).copied().flatten()
    }

    fn text<'s>(&'s self, record: usize, id: TextId, plan: &'s Plan) -> &'s str {
        self.rows.get(record).map_or("", |evidence| evidence.text(id, plan))
    }

    fn column(&self, slot: u32) -> Option<&[Value]> {
        self.values.get(slot as usize).map(Vec::as_slice)
    }
}

/// A slot's values held together for every record of the source; `None` where they are not (each
/// is then read from its record).
fn whole<S: Source + ?Sized>(source: &S, slot: u32) -> Option<&[Value]> {
    source.column(slot).filter(|column| column.len() == source.records())
}

/// Each `param`'s value on each record's date.
fn param_columns(ruleset: &RuleSet, dates: &[Option<Date>]) -> Vec<Vec<Value>> {
    let mut columns = vec![Vec::with_capacity(dates.len()); ruleset.model.params.len()];
    let mut last: Option<(Option<Date>, smallvec::SmallVec<[Value; 4]>)> = None;
    for &date in dates {
        if last.as_ref().is_none_or(|(d, _)| *d != date) {
            last = Some((date, super::param_values(&ruleset.model, date)));
        }
        let Some((_, values)) = &last else { continue };
        for (column, value) in columns.iter_mut().zip(values) {
            column.push(*value);
        }
    }
    columns
}

/// A value read where it is held, for one record after another.
#[derive(Clone, Copy)]
enum Operand<'c> {
    Const(Value),
    Input(u32),
    Column(&'c [Value]),
}

impl Operand<'_> {
    fn at<S: Source + ?Sized>(self, source: &S, record: usize) -> Value {
        match self {
            Operand::Const(value) => value,
            Operand::Input(slot) => source.value(slot, record).copied().unwrap_or_default(),
            Operand::Column(column) => column.get(record).copied().unwrap_or_default(),
        }
    }
}

/// The rules' results of one record, read from the chunk's columns: one per adjustment and one
/// per tier of the plan, as the chunk evaluated them.
struct Decided {
    adjustments: smallvec::SmallVec<[Tri; 8]>,
    tiers: smallvec::SmallVec<[Tri; 8]>,
}

impl Guards for Decided {
    // `decide` asks for the plan's own adjustments and tiers, of which the chunk has one result
    // each: an index past them is a rule with no conditions evaluated, not known to hold.
    fn adjustment(&mut self, i: usize) -> Result<Tri, super::Fault> {
        Ok(self.adjustments.get(i).copied().unwrap_or(Tri::Unknown))
    }

    fn tier(&mut self, i: usize) -> Result<Tri, super::Fault> {
        Ok(self.tiers.get(i).copied().unwrap_or(Tri::Unknown))
    }

    fn ladder_beside_knockout(&mut self) -> Option<u16> {
        let (first, held) = self.tiers.iter().enumerate().find(|(_, t)| **t != Tri::False)?;
        (*held == Tri::True).then(|| u16::try_from(first).unwrap_or(u16::MAX))
    }
}

struct Chunk<'a, S: Source + ?Sized> {
    plan: &'a Plan,
    source: &'a S,
    /// Per record, its evaluation date.
    dates: Vec<Option<Date>>,
    /// Per `param`, its value for each record.
    params: Vec<Vec<Value>>,
    /// Per `param`, its value when every record has the same one (empty otherwise).
    shared_params: Vec<Value>,
    /// Per derived slot, its value for each record (filled step by step).
    derived: Vec<Vec<Value>>,
    /// Records left to the row evaluator.
    aside: Vec<bool>,
    /// Per adjustment, then per tier: the result of its conditions for each record.
    adjustments: Vec<Vec<Tri>>,
    tiers: Vec<Vec<Tri>>,
}

impl<'a, S: Source + ?Sized> Chunk<'a, S> {
    /// Every step and every rule's conditions, evaluated over the records.
    fn evaluated(ruleset: &'a RuleSet, source: &'a S, on: Option<Date>) -> Chunk<'a, S> {
        let plan = &ruleset.plan;
        let n = source.records();
        let dates: Vec<Option<Date>> = (0..n).map(|record| source.on(record).or(on)).collect();
        // Parameters vary only with the date: with one date for every record (the commonest
        // case), each is one value, shared.
        let one_date = dates.split_first().filter(|(first, rest)| rest.iter().all(|d| d == *first));
        let shared_params: Vec<Value> = match one_date {
            Some((&date, _)) => super::param_values(&ruleset.model, date).into_vec(),
            None => Vec::new(),
        };
        let params = match one_date {
            Some(_) => shared_params.iter().map(|v| vec![*v; n]).collect(),
            None => param_columns(ruleset, &dates),
        };
        let mut chunk = Chunk {
            plan,
            source,
            dates,
            params,
            shared_params,
            derived: vec![Vec::new(); plan.derived_len as usize],
            aside: vec![false; n],
            adjustments: Vec::new(),
            tiers: Vec::new(),
        };
        for step in &plan.steps {
            let (slot, column) = match step {
                Step::Let { slot, root } => (*slot, chunk.column(*root)),
                Step::Assessed { slot, input } => (*slot, chunk.input(*input)),
                Step::Sum { slot, children, .. } => (*slot, chunk.sum(children)),
                Step::Computed { slot, root, max, .. } => {
                    let column = chunk.column(*root);
                    (*slot, chunk.bounded(column, *max, ruleset.model.rounding.map(|r| (r.places, r.mode))))
                }
            };
            match chunk.derived.get_mut(slot as usize) {
                Some(place) => *place = column,
                None => chunk.aside.fill(true),
            }
        }
        chunk.adjustments = plan.adjustments.iter().map(|a| chunk.guard(Some(&a.guard))).collect();
        chunk.tiers = plan.tiers.iter().map(|t| chunk.guard(t.guard.as_ref())).collect();
        chunk
    }

    /// The record's decision, `None` when it is left to the row evaluator.
    fn decision(&self, record: usize) -> Option<Decision> {
        if let Some(reached) = self.laddered(record) {
            return Some(Decision {
                status: crate::Status::Rated,
                tier: Some(reached),
                decided_by: None,
                fired: super::Adjustments::new(),
                unknown: Vec::new(),
                demoted: false,
                ladder: Some(reached),
            });
        }
        if self.aside.get(record).copied().unwrap_or(true) {
            return None;
        }
        let at = |columns: &[Vec<Tri>]| columns.iter().map(|c| c.get(record).copied()).collect::<Option<_>>();
        let decided = Decided { adjustments: at(&self.adjustments)?, tiers: at(&self.tiers)? };
        decide(self.plan, &mut { decided }).ok()
    }

    /// Every derived slot's value for a record, as the row evaluator holds them.
    fn record_values(&self, record: usize) -> Derived {
        self.derived.iter().map(|column| column.get(record).copied().unwrap_or_default()).collect()
    }

    /// A column of unknowns, every record set aside for the row evaluator: what a node, slot or
    /// parameter the plan names but the chunk lacks gives, rather than a value it cannot vouch
    /// for.
    fn unknowable(&mut self) -> Vec<Value> {
        self.aside.fill(true);
        vec![Value::Unknown; self.source.records()]
    }

    /// The commonest record: not set aside, no knock-out, cap or exclusion fired or undecided,
    /// and a tier's conditions hold, every better tier's fail. `decide` rates it with that tier
    /// and nothing else; the shortcut skips its bookkeeping.
    fn laddered(&self, record: usize) -> Option<u16> {
        let at = |column: &Vec<Tri>| column.get(record).copied().unwrap_or(Tri::Unknown);
        if self.aside.get(record).copied().unwrap_or(true) || self.adjustments.iter().any(|a| at(a) != Tri::False) {
            return None;
        }
        let reached = self.tiers.iter().position(|t| at(t) != Tri::False)?;
        let held = self.tiers.get(reached).is_some_and(|t| at(t) == Tri::True);
        held.then(|| u16::try_from(reached).ok()).flatten()
    }

    /// A derived slot's value for a record.
    fn value(&self, slot: u32, record: usize) -> Value {
        self.derived.get(slot as usize).and_then(|column| column.get(record)).copied().unwrap_or_default()
    }

    /// A node whose value is read, not computed: a constant, an input, a derived value or a
    /// parameter.
    fn operand(&self, id: NodeId) -> Option<Operand<'_>> {
        Some(match *self.plan.nodes.get(id as usize)? {
            Node::Const { value } => Operand::Const(value),
            Node::Input { slot } => Operand::Input(slot),
            Node::Derived { .. } | Node::Param { .. } => {
                Operand::Column(read_in_place(self.plan, &self.derived, &self.params, id)?)
            }
            _ => return None,
        })
    }

    /// An evidence slot's values; a record whose evidence lacks the slot is set aside.
    fn input(&mut self, slot: u32) -> Vec<Value> {
        if let Some(column) = whole(self.source, slot) {
            return column.to_vec();
        }
        let source = self.source;
        let records = self.aside.iter_mut().enumerate();
        records.map(|(record, aside)| source.value(slot, record).map_or_else(|| set_aside(aside), |v| *v)).collect()
    }

    fn read(&mut self, read: Read) -> Vec<Value> {
        let held = match read {
            Read::Input(slot) => return self.input(slot),
            Read::Derived(slot) => self.derived.get(slot as usize),
            Read::Param(index) => self.params.get(index as usize),
        };
        match held {
            Some(column) => column.clone(),
            None => self.unknowable(),
        }
    }

    fn column(&mut self, id: NodeId) -> Vec<Value> {
        let n = self.source.records();
        let Some(node) = self.plan.nodes.get(id as usize) else { return self.unknowable() };
        match node {
            Node::Const { value } => vec![*value; n],
            Node::Input { slot } => self.input(*slot),
            Node::Derived { slot } => self.read(Read::Derived(*slot)),
            Node::Param { index } => self.read(Read::Param(*index)),
            Node::EvaluationYear => {
                self.dates.iter().map(|d| d.map_or(Value::Unknown, |d| Value::Number(Decimal::from(d.year())))).collect()
            }
            Node::Neg { x } => map(self.column(*x), |v| match v {
                Value::Number(n) => Value::Number(-n),
                other => other,
            }),
            Node::Not { x } => map(self.column(*x), |v| match v {
                Value::Bool(b) => Value::Bool(!b),
                other => other,
            }),
            &Node::And { a, b } => {
                let (a, b) = (self.column(a), self.column(b));
                zip(a, &b, and_values)
            }
            &Node::Or { a, b } => {
                let (a, b) = (self.column(a), self.column(b));
                zip(a, &b, or_values)
            }
            &Node::Arith { op, a, b } => {
                let a = self.column(a);
                if let Some(b) = read_in_place(self.plan, &self.derived, &self.params, b) {
                    arith(op, a, b, &mut self.aside)
                } else {
                    let b = self.column(b);
                    arith(op, a, &b, &mut self.aside)
                }
            }
            &Node::CmpConst { op, read, value, descending } => {
                let column = self.read(read);
                self.compare(column, |_| value, op, descending)
            }
            &Node::Cmp { op, a, b, descending } => {
                let a = self.column(a);
                if let Some(b) = read_in_place(self.plan, &self.derived, &self.params, b) {
                    self.compare(a, |r| b.get(r).copied().unwrap_or_default(), op, descending)
                } else {
                    let b = self.column(b);
                    self.compare(a, |r| b.get(r).copied().unwrap_or_default(), op, descending)
                }
            }
            &Node::If { cond, then, otherwise } => {
                let (cond, then, otherwise) = (self.column(cond), self.column(then), self.column(otherwise));
                cond.iter()
                    .zip(then.iter().zip(&otherwise))
                    .map(|(c, (&t, &o))| match c {
                        Value::Bool(true) => t,
                        Value::Bool(false) => o,
                        // Undecided condition: the value is known only if both branches agree.
                        _ if t == o => t,
                        _ => Value::Unknown,
                    })
                    .collect()
            }
            Node::Min { args } => self.extremum(args, |_| false),
            Node::Max { args } => self.extremum(args, |_| true),
            // clamp(x, lo, hi) is max(x, lo), then min with hi.
            &Node::Clamp { x, low, high } => self.extremum(&[x, low, high], |i| i == 1),
            &Node::Round { x, places } => rounded(self.column(x), places, RoundingMode::HalfUp),
            &Node::Floor { x } => rounded(self.column(x), 0, RoundingMode::Floor),
            &Node::Ceil { x } => rounded(self.column(x), 0, RoundingMode::Ceil),
            &Node::Abs { x } => map(self.column(x), |v| match v {
                Value::Number(n) => Value::Number(n.abs()),
                _ => Value::Unknown,
            }),
            // Not reached: `supports` admits no other node. Every record goes to the row
            // evaluator rather than risk a wrong value.
            _ => self.unknowable(),
        }
    }

    fn compare(
        &self,
        mut a: Vec<Value>,
        b: impl Fn(usize) -> Value,
        op: crate::check::model::CmpOp,
        descending: bool,
    ) -> Vec<Value> {
        for (record, x) in a.iter_mut().enumerate() {
            let ordering = match (*x, b(record)) {
                (Value::Number(m), Value::Number(n)) => Some(compare_decimals(m, n)),
                (x, y) => compare_values(x, y, descending, |id| self.source.text(record, id, self.plan)),
            };
            *x = ordering.map_or(Value::Unknown, |ord| Value::Bool(op.holds(ord)));
        }
        a
    }

    /// `min`, `max` or `clamp`: unknown when any argument is; `larger(i)` says whether argument
    /// `i` is folded in with `max`.
    fn extremum(&mut self, args: &[NodeId], larger: impl Fn(usize) -> bool) -> Vec<Value> {
        let mut best: Vec<Option<Option<Decimal>>> = vec![Some(None); self.source.records()];
        for (i, &arg) in args.iter().enumerate() {
            let column = self.column(arg);
            for (b, v) in best.iter_mut().zip(column) {
                *b = match (*b, v) {
                    (Some(None), Value::Number(n)) => Some(Some(n)),
                    (Some(Some(m)), Value::Number(n)) => Some(Some(if larger(i) { m.max(n) } else { m.min(n) })),
                    _ => None,
                };
            }
        }
        best.into_iter().map(|b| b.flatten().map_or(Value::Unknown, Value::Number)).collect()
    }

    /// A sum of scores: unknown when any item is; an overflow sets the record aside.
    fn sum(&mut self, children: &[u32]) -> Vec<Value> {
        let Some(items) = children.iter().map(|&c| self.derived.get(c as usize)).collect::<Option<Vec<_>>>() else {
            return self.unknowable();
        };
        let n = self.source.records();
        // Each cell is a number whose decimal is written in place: a value built apart and
        // stored is copied by way of the stack, in pieces that stall on every record.
        let mut total = vec![Value::Number(Decimal::ZERO); n];
        for (record, (cell, aside)) in total.iter_mut().zip(self.aside.iter_mut()).enumerate() {
            // The row evaluator's sum starts from zero; a non-zero first item is that sum
            // already, at its own scale, and saves an addition.
            let (first, rest) = match items.split_first() {
                Some((first, rest)) => match first.get(record) {
                    Some(Value::Number(n)) if !n.is_zero() => (Some(*n), rest),
                    _ => (Some(Decimal::ZERO), items.as_slice()),
                },
                None => (Some(Decimal::ZERO), items.as_slice()),
            };
            let mut sum = first;
            for item in rest {
                sum = match (sum, item.get(record)) {
                    (Some(t), Some(Value::Number(n))) => {
                        let added = add_decimals(t, *n, false);
                        // An overflow: the row evaluator reports it.
                        *aside |= added.is_none();
                        added
                    }
                    _ => None,
                };
            }
            match (sum, &mut *cell) {
                (Some(sum), Value::Number(place)) => *place = sum,
                _ => *cell = Value::Unknown,
            }
        }
        total
    }

    /// A computed score, rounded as the rule set says; one outside `0..=max` is set aside, for
    /// the row evaluator notes the clamp.
    fn bounded(&mut self, mut column: Vec<Value>, max: Decimal, rounding: Option<(u32, RoundingMode)>) -> Vec<Value> {
        for (v, aside) in column.iter_mut().zip(&mut self.aside) {
            if let Value::Number(n) = *v {
                let n = rounding.map_or(n, |(places, mode)| round(n, places, mode));
                if n < Decimal::ZERO || n > max {
                    *aside = true;
                }
                *v = Value::Number(n);
            }
        }
        column
    }

    /// A guard's result per record: its conditions joined with three-valued `and`. The
    /// commonest conditions (a yes/no input, a named value against a constant) are read straight
    /// into the result, without a column of their own.
    fn guard(&mut self, guard: Option<&crate::plan::Guard>) -> Vec<Tri> {
        let mut result = vec![Tri::True; self.source.records()];
        for condition in guard.map_or(&[][..], |g| &g.conditions) {
            let plan = self.plan;
            let Some(node) = plan.nodes.get(condition.root as usize) else {
                self.unknowable();
                continue;
            };
            // A value against a parameter every record of the chunk shares (the commonest case:
            // one evaluation date) is a value against a constant.
            let constant = self.against_constant(node);
            let node = constant.as_ref().unwrap_or(node);
            let source = self.source;
            let records = result.iter_mut().zip(&mut self.aside).enumerate();
            match *node {
                Node::Input { slot } => match whole(source, slot) {
                    Some(column) => {
                        for (t, v) in result.iter_mut().zip(column) {
                            *t = t.and(Tri::of(*v));
                        }
                    }
                    None => {
                        for (record, (t, aside)) in records {
                            let held = source.value(slot, record);
                            *t = t.and(held.map_or_else(|| Tri::of(set_aside(aside)), |v| Tri::of(*v)));
                        }
                    }
                },
                Node::CmpConst { op, read: Read::Input(slot), value, descending } => match whole(source, slot) {
                    Some(column) => {
                        for (record, (t, x)) in result.iter_mut().zip(column).enumerate() {
                            let text = |id| source.text(record, id, plan);
                            *t = t.and(holds(op, compare_values(*x, value, descending, text)));
                        }
                    }
                    None => {
                        for (record, (t, aside)) in records {
                            let x = source.value(slot, record).map_or_else(|| set_aside(aside), |v| *v);
                            let text = |id| source.text(record, id, plan);
                            *t = t.and(holds(op, compare_values(x, value, descending, text)));
                        }
                    }
                },
                Node::CmpConst { op, read, value, descending } => {
                    let held = match read {
                        Read::Derived(slot) => self.derived.get(slot as usize),
                        Read::Param(index) => self.params.get(index as usize),
                        Read::Input(_) => None,
                    };
                    let Some(column) = held else {
                        self.unknowable();
                        continue;
                    };
                    // A score or a total against a number: the commonest comparison.
                    let fixed = value.as_number().map(FixedOperand::new);
                    for (record, (t, x)) in result.iter_mut().zip(column).enumerate() {
                        let ordering = match (x, &fixed) {
                            (Value::Number(n), Some(c)) => Some(c.compared(*n)),
                            (x, _) => compare_values(*x, value, descending, |id| source.text(record, id, plan)),
                        };
                        *t = t.and(holds(op, ordering));
                    }
                }
                _ => {
                    if !self.fold_in_place(condition.root, &mut result) {
                        let column = self.column(condition.root);
                        for (t, v) in result.iter_mut().zip(column) {
                            *t = t.and(Tri::of(v));
                        }
                    }
                }
            }
        }
        result
    }

    /// `a <op> p` or `p <op> a`, a named value against a parameter whose value is the same for
    /// every record, as that value's [`Node::CmpConst`]; `None` for any other node.
    fn against_constant(&self, node: &Node) -> Option<Node> {
        let Node::Cmp { op, a, b, descending } = *node else { return None };
        let read = |id: NodeId| match *self.plan.nodes.get(id as usize)? {
            Node::Input { slot } => Some(Read::Input(slot)),
            Node::Derived { slot } => Some(Read::Derived(slot)),
            Node::Param { index } => Some(Read::Param(index)),
            _ => None,
        };
        let shared = |id: NodeId| match *self.plan.nodes.get(id as usize)? {
            Node::Param { index } => self.shared_params.get(index as usize).copied(),
            _ => None,
        };
        let (op, read, value) = match (read(a), shared(b), shared(a), read(b)) {
            (Some(read), Some(value), ..) => (op, read, value),
            (_, _, Some(value), Some(read)) => (op.flipped(), read, value),
            _ => return None,
        };
        Some(Node::CmpConst { op, read, value, descending })
    }

    /// Folds a comparison or a connective of two operands into `result`, without a column of its
    /// own: a total against a parameter (`tong >= nguong`), two yes/no inputs (`a and b`). False,
    /// and `result` untouched, for any other node.
    fn fold_in_place(&self, root: NodeId, result: &mut [Tri]) -> bool {
        let Some(node) = self.plan.nodes.get(root as usize) else { return false };
        let (a, b, compared) = match *node {
            Node::Cmp { op, a, b, descending } => (a, b, Some((op, descending))),
            Node::And { a, b } | Node::Or { a, b } => (a, b, None),
            _ => return false,
        };
        let (Some(a), Some(b)) = (self.operand(a), self.operand(b)) else { return false };
        let source = self.source;
        let records = result.iter_mut().enumerate();
        if let Some((op, descending)) = compared {
            for (record, t) in records {
                let ordering = match (a.at(source, record), b.at(source, record)) {
                    (Value::Number(m), Value::Number(n)) => Some(compare_decimals(m, n)),
                    (x, y) => compare_values(x, y, descending, |id| source.text(record, id, self.plan)),
                };
                *t = t.and(holds(op, ordering));
            }
        } else {
            let and = matches!(node, Node::And { .. });
            let join = if and { and_values } else { or_values };
            for (record, t) in records {
                *t = t.and(Tri::of(join(a.at(source, record), b.at(source, record))));
            }
        }
        true
    }
}

/// Exact arithmetic; a division by zero, an overflow or a quotient with no exact decimal sets
/// the record aside (the row evaluator reports the first two and notes the third).
fn arith(op: ArithOp, mut a: Vec<Value>, b: &[Value], aside: &mut [bool]) -> Vec<Value> {
    for ((x, y), aside) in a.iter_mut().zip(b).zip(aside) {
        let (Value::Number(x_n), Value::Number(y_n)) = (*x, *y) else {
            *x = Value::Unknown;
            continue;
        };
        let result = match op {
            ArithOp::Add => add_decimals(x_n, y_n, false),
            ArithOp::Sub => add_decimals(x_n, y_n, true),
            ArithOp::Mul => x_n.checked_mul(y_n),
            ArithOp::Div if y_n.is_zero() => None,
            ArithOp::Div => x_n.checked_div(y_n).filter(|q| exact_quotient(x_n, y_n, *q)),
        };
        *x = number_or_aside(result, aside);
    }
    a
}

/// The values of a node that are already held in a column (a derived value or a parameter), read
/// where they are instead of copied.
fn read_in_place<'c>(
    plan: &Plan,
    derived: &'c [Vec<Value>],
    params: &'c [Vec<Value>],
    id: NodeId,
) -> Option<&'c [Value]> {
    match *plan.nodes.get(id as usize)? {
        Node::Derived { slot } => derived.get(slot as usize).map(Vec::as_slice),
        Node::Param { index } => params.get(index as usize).map(Vec::as_slice),
        _ => None,
    }
}

/// Sets a record aside for the row evaluator; the value it stands for is unknown.
fn set_aside(aside: &mut bool) -> Value {
    *aside = true;
    Value::Unknown
}

/// An arithmetic result; none (an error, or a quotient with no exact decimal) sets the record
/// aside for the row evaluator, which reports it.
fn number_or_aside(result: Option<Decimal>, aside: &mut bool) -> Value {
    result.map_or_else(
        || {
            *aside = true;
            Value::Unknown
        },
        Value::Number,
    )
}

/// A comparison's result: unknown when the order is.
fn holds(op: crate::check::model::CmpOp, ordering: Option<std::cmp::Ordering>) -> Tri {
    match ordering {
        Some(ord) if op.holds(ord) => Tri::True,
        Some(_) => Tri::False,
        None => Tri::Unknown,
    }
}

fn map(mut column: Vec<Value>, f: impl Fn(Value) -> Value) -> Vec<Value> {
    for v in &mut column {
        *v = f(*v);
    }
    column
}

fn zip(mut a: Vec<Value>, b: &[Value], f: impl Fn(Value, Value) -> Value) -> Vec<Value> {
    for (x, y) in a.iter_mut().zip(b) {
        *x = f(*x, *y);
    }
    a
}

fn rounded(column: Vec<Value>, places: u32, mode: RoundingMode) -> Vec<Value> {
    map(column, |v| match v {
        Value::Number(n) => Value::Number(round(n, places, mode)),
        _ => Value::Unknown,
    })
}
