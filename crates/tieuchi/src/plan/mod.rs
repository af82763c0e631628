//! Checked model to evaluation plan: names become slots, expressions a flat node array, guards
//! are split into the conditions a trace reports on.

use rust_decimal::Decimal;
use serde::Serialize;

use crate::check::lints::{flatten_and, visit};
use crate::check::model::{AggOp, ArithOp, CmpOp, Derived, Func, Model, Ref, ScoreKind, TExpr, TKind};
use crate::kinds::AdjustKind;
use crate::span::Span;
use crate::value::Value;

pub type NodeId = u32;

/// One operation. Children are indices into [`Plan::nodes`].
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "node", rename_all = "snake_case")]
pub enum Node {
    Const {
        #[serde(serialize_with = "serialize_value")]
        value: Value,
    },
    /// An evidence slot: an input or an assessed score.
    Input {
        slot: u32,
    },
    /// A computed slot: a `let` or a score.
    Derived {
        slot: u32,
    },
    /// A field of the member an aggregate is looking at.
    Field {
        index: u32,
    },
    Year,
    EvaluationYear,
    /// A `param`'s value on the evaluation date.
    Param {
        index: u32,
    },
    Neg {
        x: NodeId,
    },
    Not {
        x: NodeId,
    },
    And {
        a: NodeId,
        b: NodeId,
    },
    Or {
        a: NodeId,
        b: NodeId,
    },
    Arith {
        op: ArithOp,
        a: NodeId,
        b: NodeId,
    },
    Cmp {
        op: CmpOp,
        a: NodeId,
        b: NodeId,
        descending: bool,
    },
    /// A named value compared with a constant, the commonest condition, in one step.
    CmpConst {
        op: CmpOp,
        read: Read,
        #[serde(serialize_with = "serialize_value")]
        value: Value,
        descending: bool,
    },
    If {
        cond: NodeId,
        then: NodeId,
        otherwise: NodeId,
    },
    Min {
        args: Vec<NodeId>,
    },
    Max {
        args: Vec<NodeId>,
    },
    Clamp {
        x: NodeId,
        low: NodeId,
        high: NodeId,
    },
    Round {
        x: NodeId,
        places: u32,
    },
    Floor {
        x: NodeId,
    },
    Ceil {
        x: NodeId,
    },
    Abs {
        x: NodeId,
    },
    Scale {
        x: NodeId,
        a: NodeId,
        p: NodeId,
        b: NodeId,
        q: NodeId,
    },
    Agg {
        agg: AggOp,
        list: u32,
        body: Option<NodeId>,
        window: Option<u32>,
    },
}

fn serialize_value<S: serde::Serializer>(v: &Value, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(&format_args!("{v:?}"))
}

/// How a derived slot gets its value, in evaluation order.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "step", rename_all = "snake_case")]
pub enum Step {
    Let {
        slot: u32,
        root: NodeId,
    },
    /// An assessed score copies its evidence slot (range-checked when decoded).
    Assessed {
        slot: u32,
        input: u32,
    },
    Sum {
        slot: u32,
        children: Vec<u32>,
        max: Decimal,
    },
    Computed {
        slot: u32,
        root: NodeId,
        max: Decimal,
        score: u32,
    },
}

/// A guard, split into the conjuncts the trace reports one by one.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Guard {
    pub conditions: Vec<Condition>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Condition {
    pub root: NodeId,
    #[serde(skip)]
    pub span: Span,
    /// The condition's source text on one line, as the trace shows it.
    #[serde(skip)]
    pub text: String,
    /// The names whose values the trace shows beside the condition.
    pub reads: Vec<Read>,
    /// Evidence slots the condition may need, to name missing evidence.
    pub needs: Vec<u32>,
    /// The condition reads `evaluation_year`, a history window or a streak, or a `param` with
    /// dated values (directly or through a `let` or score), so an evaluation without a date may
    /// leave it unknown; the date is then named as missing.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub needs_date: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "slot", rename_all = "snake_case")]
pub enum Read {
    Input(u32),
    Derived(u32),
    /// A `param`, by index: shown beside the conditions that read it, never evidence.
    Param(u32),
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlanTier {
    /// `None` for `otherwise`.
    pub guard: Option<Guard>,
    /// `outcome.tier`, as the trace names it.
    #[serde(skip)]
    pub rule: String,
    /// `file:line:column` of the tier.
    #[serde(skip)]
    pub location: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlanAdjust {
    pub kind: AdjustKind,
    pub tier: Option<u16>,
    pub guard: Guard,
    /// `force kht`, `cap htnv`, `exclude`, as the trace names it.
    #[serde(skip)]
    pub rule: String,
    #[serde(skip)]
    pub location: String,
}

/// The evidence a rule set reads, slot by slot.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", content = "index", rename_all = "snake_case")]
pub enum EvidenceField {
    Input(usize),
    AssessedScore(usize),
}

impl EvidenceField {
    /// The evidence key that fills the slot: the input's or the assessed score's id.
    pub fn key<'m>(&self, model: &'m Model) -> &'m str {
        match self {
            EvidenceField::Input(i) => model.inputs.get(*i).map_or("", |input| input.id.as_str()),
            EvidenceField::AssessedScore(s) => model.scores.get(*s).map_or("", |score| score.id.as_str()),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Plan {
    pub nodes: Vec<Node>,
    /// The source span of each node, for evaluation errors.
    #[serde(skip)]
    pub spans: Vec<Span>,
    /// Text constants of the rule file.
    #[serde(skip)]
    pub texts: Vec<String>,
    #[serde(skip)]
    pub source: crate::span::SourceFile,
    /// Evidence slot `i` holds this field.
    pub evidence: Vec<EvidenceField>,
    /// The evidence slot of each field name, to decode a record in one look-up per key.
    #[serde(skip)]
    pub field_index: rustc_hash::FxHashMap<Box<str>, u32>,
    /// What evidence slot `i` takes, worked out once rather than for every record decoded.
    #[serde(skip)]
    pub(crate) slot_kinds: Vec<SlotKind>,
    /// Derived slot of each `let` and each score.
    pub let_slots: Vec<u32>,
    pub score_slots: Vec<u32>,
    pub derived_len: u32,
    pub steps: Vec<Step>,
    pub tiers: Vec<PlanTier>,
    pub adjustments: Vec<PlanAdjust>,
    /// Each score's max as results show it.
    #[serde(skip)]
    pub score_max: Vec<String>,
    /// Population rules, applied over a batch by [`crate::cohort`].
    pub quotas: Vec<PlanQuota>,
}

/// A quota with its ranking lowered to nodes.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlanQuota {
    pub tier: u16,
    pub of: u16,
    /// `of U or better`: the share counts the records at `of` and at every better tier (a lower
    /// index: tiers are written best first).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub or_better: bool,
    pub demote_to: u16,
    pub share: Decimal,
    /// Evidence slots of the grouping keys.
    pub within: Vec<u32>,
    pub rank_by: Vec<(NodeId, crate::kinds::Direction)>,
    /// The order of the ids of records the ranking leaves tied; ascending unless written.
    #[serde(skip_serializing_if = "is_ascending")]
    pub ties_by_id: crate::kinds::Direction,
    pub count: crate::kinds::CountBasis,
    #[serde(skip)]
    pub location: String,
}

#[expect(clippy::trivially_copy_pass_by_ref, reason = "serde's `skip_serializing_if` passes a reference")]
fn is_ascending(direction: &crate::kinds::Direction) -> bool {
    *direction == crate::kinds::Direction::Asc
}

impl PlanQuota {
    /// Whether a record at `tier` is in the share's denominator: at `of`, or, with `or better`,
    /// at `of` or a better tier.
    pub fn counts(&self, tier: u16) -> bool {
        if self.or_better {
            tier <= self.of
        } else {
            tier == self.of
        }
    }
}

impl Plan {
    pub fn lower(model: &Model) -> Plan {
        let mut evidence: Vec<EvidenceField> = (0..model.inputs.len()).map(EvidenceField::Input).collect();
        let mut assessed_slot = Vec::with_capacity(model.scores.len());
        for (i, score) in model.scores.iter().enumerate() {
            let assessed = matches!(score.kind, ScoreKind::Assessed);
            assessed_slot.push(assessed.then(|| slot_u32(evidence.len())));
            if assessed {
                evidence.push(EvidenceField::AssessedScore(i));
            }
        }
        let slots = DerivedSlots { lets: model.lets.len() };
        let let_slots: Vec<u32> = (0..model.lets.len()).map(|i| slots.of_let(i)).collect();
        let score_slots: Vec<u32> = (0..model.scores.len()).map(|i| slots.of_score(i)).collect();
        let derived_len = slot_u32(model.lets.len() + model.scores.len());
        let mut lowering = Lowering { nodes: Vec::new(), spans: Vec::new(), slots };
        let steps = lowering.steps(model, &assessed_slot);
        let (derived_reads, derived_needs_date) = lowering.derived_needs(model, &assessed_slot, derived_len);
        let params_dated: Vec<bool> = model.params.iter().map(crate::check::model::ParamInfo::needs_date).collect();
        let needs = Needs {
            model,
            derived_reads: &derived_reads,
            derived_needs_date: &derived_needs_date,
            params_dated: &params_dated,
        };
        let tiers = model
            .outcome
            .tiers
            .iter()
            .map(|t| PlanTier {
                guard: t.when.as_ref().map(|w| lowering.guard(&needs, w)),
                rule: format!("{}.{}", model.outcome.id, t.id),
                location: model.source.location(t.span).to_string(),
            })
            .collect();
        let adjustments = model.adjustments.iter().map(|a| lowering.adjustment(&needs, a)).collect();
        let score_max = model.scores.iter().map(|s| crate::value::decimal_text(s.max)).collect();
        let quotas = model.quotas.iter().map(|q| lowering.quota(model, q)).collect();
        let field_index =
            evidence.iter().enumerate().map(|(slot, field)| (field.key(model).into(), slot_u32(slot))).collect();
        let slot_kinds = evidence.iter().map(|field| SlotKind::of(model, field)).collect();
        Plan {
            field_index,
            slot_kinds,
            nodes: lowering.nodes,
            spans: lowering.spans,
            texts: model.texts.clone(),
            source: model.source.clone(),
            evidence,
            let_slots,
            score_slots,
            derived_len,
            steps,
            tiers,
            adjustments,
            score_max,
            quotas,
        }
    }
}

/// What an evidence slot takes: its type, its range, and its value when the record does not give
/// it (an input's default, `none` for an optional one, else unknown). An assessed score is a
/// number from 0 to its maximum, unknown when absent.
#[derive(Debug, Clone)]
pub(crate) struct SlotKind {
    pub ty: crate::check::model::Type,
    pub range: Option<(Decimal, Decimal)>,
    pub absent: Value,
}

impl SlotKind {
    fn of(model: &Model, field: &EvidenceField) -> SlotKind {
        use crate::check::model::{NumKind, Type};
        match field {
            EvidenceField::Input(i) => {
                let Some(info) = model.inputs.get(*i) else {
                    return SlotKind { ty: Type::NoneLiteral, range: None, absent: Value::Unknown };
                };
                let absent = match info.default {
                    Some(d) => d,
                    None if info.ty.is_optional() => Value::None,
                    None => Value::Unknown,
                };
                SlotKind { ty: info.ty.clone(), range: info.range, absent }
            }
            EvidenceField::AssessedScore(s) => SlotKind {
                ty: Type::Number(NumKind::Number),
                range: model.scores.get(*s).map(|score| (Decimal::ZERO, score.max)),
                absent: Value::Unknown,
            },
        }
    }
}

fn slot_u32(i: usize) -> u32 {
    u32::try_from(i).unwrap_or(u32::MAX)
}

/// Where the derived values live: each `let` in the slot of its index, then each score.
#[derive(Clone, Copy)]
struct DerivedSlots {
    lets: usize,
}

impl DerivedSlots {
    #[expect(clippy::unused_self, reason = "beside `of_score`: the lets come first, so their slots start at 0")]
    fn of_let(self, i: usize) -> u32 {
        slot_u32(i)
    }

    fn of_score(self, i: usize) -> u32 {
        slot_u32(self.lets + i)
    }
}

struct Lowering {
    nodes: Vec<Node>,
    spans: Vec<Span>,
    slots: DerivedSlots,
}

/// What the conditions of a rule set need, worked out once for all of them.
struct Needs<'a> {
    model: &'a Model,
    /// What each derived slot reads directly.
    derived_reads: &'a [Vec<Read>],
    derived_needs_date: &'a [bool],
    params_dated: &'a [bool],
}

impl Lowering {
    /// The steps that compute each let and score, in the order they depend on each other.
    fn steps(&mut self, model: &Model, assessed_slot: &[Option<u32>]) -> Vec<Step> {
        let mut steps = Vec::new();
        for d in &model.order {
            match *d {
                Derived::Let(i) => {
                    let Some(declared) = model.lets.get(i) else { continue };
                    let root = self.lower(&declared.value);
                    steps.push(Step::Let { slot: self.slots.of_let(i), root });
                }
                Derived::Score(i) => {
                    let Some(score) = model.scores.get(i) else { continue };
                    let slot = self.slots.of_score(i);
                    steps.push(match &score.kind {
                        ScoreKind::Assessed => Step::Assessed { slot, input: assessed_input(assessed_slot, i) },
                        ScoreKind::Sum => Step::Sum {
                            slot,
                            children: score.children.iter().map(|&c| self.slots.of_score(c)).collect(),
                            max: score.max,
                        },
                        ScoreKind::Computed(e) => {
                            Step::Computed { slot, root: self.lower(e), max: score.max, score: slot_u32(i) }
                        }
                    });
                }
            }
        }
        steps
    }

    /// What each derived slot reads directly, and whether it needs the evaluation date; what a
    /// condition needs from the evidence is found by following these (storing every slot's
    /// transitive needs would be quadratic in a chain of lets).
    fn derived_needs(
        &self,
        model: &Model,
        assessed_slot: &[Option<u32>],
        derived_len: u32,
    ) -> (Vec<Vec<Read>>, Vec<bool>) {
        let slots = self.slots;
        let mut derived_reads: Vec<Vec<Read>> = vec![Vec::new(); derived_len as usize];
        let mut derived_needs_date: Vec<bool> = vec![false; derived_len as usize];
        let params_dated: Vec<bool> = model.params.iter().map(crate::check::model::ParamInfo::needs_date).collect();
        for d in &model.order {
            let dated = Dated { derived: &derived_needs_date, params: &params_dated };
            let (slot, mut reads, mut needs_date) = match *d {
                Derived::Let(i) => {
                    let Some(declared) = model.lets.get(i) else { continue };
                    let value = &declared.value;
                    (slots.of_let(i), reads_of(value, slots), needs_date_of(value, &dated, slots))
                }
                Derived::Score(i) => {
                    let Some(score) = model.scores.get(i) else { continue };
                    let (mut reads, mut needs_date) = match &score.kind {
                        ScoreKind::Assessed => (vec![Read::Input(assessed_input(assessed_slot, i))], false),
                        ScoreKind::Computed(e) => (reads_of(e, slots), needs_date_of(e, &dated, slots)),
                        ScoreKind::Sum => (Vec::new(), false),
                    };
                    for &c in &score.children {
                        reads.push(Read::Derived(slots.of_score(c)));
                        needs_date |= dated.of_derived(slots.of_score(c));
                    }
                    (slots.of_score(i), reads, needs_date)
                }
            };
            if let Some(place) = derived_reads.get_mut(slot as usize) {
                *place = std::mem::take(&mut reads);
            }
            if let Some(place) = derived_needs_date.get_mut(slot as usize) {
                *place = std::mem::replace(&mut needs_date, false);
            }
        }
        (derived_reads, derived_needs_date)
    }

    /// A rule's condition as its conjuncts, each lowered with what it reads and needs.
    fn guard(&mut self, needs: &Needs<'_>, e: &TExpr) -> Guard {
        let slots = self.slots;
        let mut conjuncts = Vec::new();
        flatten_and(e, &mut conjuncts);
        Guard {
            conditions: conjuncts
                .into_iter()
                .map(|c| Condition {
                    root: self.lower(c),
                    span: c.span,
                    text: needs.model.source.slice(c.span).split_whitespace().collect::<Vec<_>>().join(" "),
                    reads: reads_of(c, slots),
                    needs: needs_of(c, needs.derived_reads, slots),
                    needs_date: needs_date_of(
                        c,
                        &Dated { derived: needs.derived_needs_date, params: needs.params_dated },
                        slots,
                    ),
                })
                .collect(),
        }
    }

    fn adjustment(&mut self, needs: &Needs<'_>, a: &crate::check::model::AdjustInfo) -> PlanAdjust {
        let model = needs.model;
        let kind = match a.kind {
            AdjustKind::Force => "force",
            AdjustKind::Cap => "cap",
            AdjustKind::Exclude => "exclude",
        };
        let rule = match a.tier {
            Some(t) => format!("{kind} {}", model.tier(t).map_or("", |t| t.id.as_str())),
            None => kind.to_owned(),
        };
        PlanAdjust {
            kind: a.kind,
            tier: a.tier,
            guard: self.guard(needs, &a.when),
            rule,
            location: model.source.location(a.span).to_string(),
        }
    }

    fn quota(&mut self, model: &Model, q: &crate::check::model::QuotaInfo) -> PlanQuota {
        PlanQuota {
            tier: q.tier,
            of: q.of,
            or_better: q.or_better,
            demote_to: q.demote_to,
            share: q.share,
            within: q.within.iter().map(|&k| slot_u32(k)).collect(),
            rank_by: q.rank_by.iter().map(|(e, d)| (self.lower(e), *d)).collect(),
            ties_by_id: q.ties_by_id,
            count: q.count,
            location: model.source.location(q.span).to_string(),
        }
    }
}

impl Lowering {
    /// The slot a reference reads, for references outside list members.
    fn read(&self, r: Ref) -> Option<Read> {
        match r {
            Ref::Input(i) => Some(Read::Input(slot_u32(i))),
            Ref::Let(i) => Some(Read::Derived(self.slots.of_let(i))),
            Ref::Score(i) => Some(Read::Derived(self.slots.of_score(i))),
            Ref::Field(_) | Ref::EvaluationYear | Ref::Param(_) => None,
        }
    }

    fn push(&mut self, node: Node, span: Span) -> NodeId {
        self.nodes.push(node);
        self.spans.push(span);
        slot_u32(self.nodes.len() - 1)
    }

    fn lower(&mut self, e: &TExpr) -> NodeId {
        let node = match &e.kind {
            TKind::Const(value) => Node::Const { value: *value },
            TKind::Ref(Ref::Input(i)) => Node::Input { slot: slot_u32(*i) },
            TKind::Ref(Ref::Let(i)) => Node::Derived { slot: self.slots.of_let(*i) },
            TKind::Ref(Ref::Score(i)) => Node::Derived { slot: self.slots.of_score(*i) },
            TKind::Ref(Ref::Field(usize::MAX)) => Node::Year,
            TKind::Ref(Ref::EvaluationYear) => Node::EvaluationYear,
            TKind::Ref(Ref::Param(i)) => Node::Param { index: slot_u32(*i) },
            TKind::Ref(Ref::Field(i)) => Node::Field { index: slot_u32(*i) },
            TKind::Neg(x) => Node::Neg { x: self.lower(x) },
            TKind::Not(x) => Node::Not { x: self.lower(x) },
            TKind::And(a, b) => Node::And { a: self.lower(a), b: self.lower(b) },
            TKind::Or(a, b) => Node::Or { a: self.lower(a), b: self.lower(b) },
            TKind::Arith(op, a, b) => Node::Arith { op: *op, a: self.lower(a), b: self.lower(b) },
            TKind::Cmp { op, left, right, descending } => match (&left.kind, &right.kind) {
                (TKind::Ref(r), TKind::Const(value)) if self.read(*r).is_some() => Node::CmpConst {
                    op: *op,
                    read: self.read(*r).unwrap_or(Read::Input(0)),
                    value: *value,
                    descending: *descending,
                },
                (TKind::Const(value), TKind::Ref(r)) if self.read(*r).is_some() => Node::CmpConst {
                    op: op.flipped(),
                    read: self.read(*r).unwrap_or(Read::Input(0)),
                    value: *value,
                    descending: *descending,
                },
                _ => Node::Cmp { op: *op, a: self.lower(left), b: self.lower(right), descending: *descending },
            },
            TKind::If(c, t, o) => Node::If { cond: self.lower(c), then: self.lower(t), otherwise: self.lower(o) },
            TKind::Func(f, args) => {
                let ids: Vec<NodeId> = args.iter().map(|a| self.lower(a)).collect();
                match (f, ids.as_slice()) {
                    (Func::Min, _) => Node::Min { args: ids },
                    (Func::Max, _) => Node::Max { args: ids },
                    (Func::Clamp, &[x, low, high]) => Node::Clamp { x, low, high },
                    (Func::Floor, &[x]) => Node::Floor { x },
                    (Func::Ceil, &[x]) => Node::Ceil { x },
                    (Func::Abs, &[x]) => Node::Abs { x },
                    // The checker refuses a call with the wrong number of arguments.
                    (Func::Clamp | Func::Floor | Func::Ceil | Func::Abs, _) => Node::Const { value: Value::Unknown },
                }
            }
            TKind::Round(x, places) => Node::Round { x: self.lower(x), places: *places },
            TKind::Scale { x, from, to } => Node::Scale {
                x: self.lower(x),
                a: self.lower(&from.0),
                p: self.lower(&from.1),
                b: self.lower(&to.0),
                q: self.lower(&to.1),
            },
            TKind::Agg { op, list, body, window } => Node::Agg {
                agg: *op,
                list: slot_u32(*list),
                body: body.as_ref().map(|b| self.lower(b)),
                window: *window,
            },
        };
        self.push(node, e.span)
    }
}

fn reads_of(e: &TExpr, slots: DerivedSlots) -> Vec<Read> {
    let mut reads = Vec::new();
    visit(e, &mut |e| {
        let read = match e.kind {
            TKind::Ref(Ref::Input(i)) => Some(Read::Input(slot_u32(i))),
            TKind::Ref(Ref::Let(i)) => Some(Read::Derived(slots.of_let(i))),
            TKind::Ref(Ref::Score(i)) => Some(Read::Derived(slots.of_score(i))),
            TKind::Ref(Ref::Param(i)) => Some(Read::Param(slot_u32(i))),
            TKind::Agg { list, .. } => Some(Read::Input(slot_u32(list))),
            _ => None,
        };
        if let Some(r) = read {
            if !reads.contains(&r) {
                reads.push(r);
            }
        }
    });
    reads
}

fn needs_date_of(e: &TExpr, dated: &Dated<'_>, slots: DerivedSlots) -> bool {
    let mut needs = false;
    visit(e, &mut |e| {
        needs |= match e.kind {
            // `evaluation_year`, the history windows and streaks that end before it, and the
            // parameters whose value depends on the date.
            TKind::Ref(Ref::EvaluationYear)
            | TKind::Agg { op: AggOp::Streak, .. }
            | TKind::Agg { window: Some(_), .. } => true,
            TKind::Ref(Ref::Param(i)) => dated.params.get(i).copied().unwrap_or(true),
            TKind::Ref(Ref::Let(i)) => dated.of_derived(slots.of_let(i)),
            TKind::Ref(Ref::Score(i)) => dated.of_derived(slots.of_score(i)),
            _ => false,
        };
    });
    needs
}

/// What reads the evaluation date: each derived slot (transitively), each parameter (one with
/// dated values).
#[derive(Clone, Copy)]
struct Dated<'a> {
    derived: &'a [bool],
    params: &'a [bool],
}

impl Dated<'_> {
    /// Whether a derived slot reads the date; a slot not worked out yet is taken to.
    fn of_derived(&self, slot: u32) -> bool {
        self.derived.get(slot as usize).copied().unwrap_or(true)
    }
}

/// The evidence slot of an assessed score.
fn assessed_input(assessed_slot: &[Option<u32>], score: usize) -> u32 {
    assessed_slot.get(score).copied().flatten().unwrap_or(0)
}

/// Every evidence slot `e` reads, directly or through the lets and scores it reads.
fn needs_of(e: &TExpr, derived_reads: &[Vec<Read>], slots: DerivedSlots) -> Vec<u32> {
    let mut needs = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let mut stack = reads_of(e, slots);
    while let Some(read) = stack.pop() {
        match read {
            Read::Input(s) => needs.push(s),
            Read::Param(_) => {}
            Read::Derived(d) => {
                if seen.insert(d) {
                    stack.extend(derived_reads.get(d as usize).into_iter().flatten().copied());
                }
            }
        }
    }
    needs.sort_unstable();
    needs.dedup();
    needs
}
