//! One record through the plan: derived values, the ladder, knock-outs and caps, the trace.

//! The plan names its slots, nodes, parameters and rules by ids it gave them itself, so every
//! look-up finds what it asks for. Were one ever to miss, it reads as unknown: three-valued
//! logic never turns an unknown into a definite answer, so a miss can leave a result not
//! determinable, never make it wrong.

pub(crate) mod columns;
mod decision;
pub use columns::{EvidenceColumns, Ratings};
pub use decision::Tri;
pub(crate) use decision::{Attempt, Clamp, Decision, Notes};
pub mod evidence;
mod flat_json;
mod inexact;
mod node;

use std::cell::Cell;

use rust_decimal::Decimal;

/// Derived values of one evaluation; most rule sets have few, so they stay on the stack.
pub(crate) type Derived = smallvec::SmallVec<[Value; 8]>;
use crate::kinds::AdjustKind;
use crate::kinds::Status;
use crate::plan::{Guard, NodeId, Plan, Step};
use crate::value::{add_decimals, Date, Value};
use evidence::Evidence;
pub(crate) use node::round;
pub(crate) use node::Fault;
pub use node::{EvalError, EvalErrorKind};

/// How to evaluate.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Options {
    /// The evaluation date; it anchors history windows. Evidence may carry its own `on`.
    pub on: Option<Date>,
    /// Record which conditions held for every tier tried. Off, evaluation allocates less.
    pub trace: bool,
    /// The language of the result's findings and of the errors' messages.
    pub lang: crate::i18n::Lang,
}

impl Options {
    /// The default options with the trace on.
    pub fn traced() -> Self {
        Options { trace: true, ..Options::default() }
    }
}

pub(crate) struct Frame<'a> {
    pub plan: &'a Plan,
    pub evidence: &'a Evidence,
    pub derived: &'a [Value],
    /// Per derived slot: the inexact quotient its value carries, if any (see [`inexact`]).
    pub derived_inexact: &'a [Option<NodeId>],
    /// The year of the evaluation date, when there is one; history windows count back from it.
    pub evaluation_year: Option<i32>,
    /// Each `param`'s value on the evaluation date (unknown without one, for a dated parameter).
    pub params: &'a [Value],
    /// The first inexact quotient in the value being evaluated that no rounding or comparison has
    /// settled. One register for the whole expression rather than a flag on every value, so
    /// that [`Value`] stays small and exact arithmetic pays nothing for it.
    pub inexact: Cell<Option<NodeId>>,
}

/// A quotient with no exact decimal value that reached a result: a `let`'s or a score's value,
/// or a condition it may have decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Inexact {
    /// The division (`/`, `mean`, `share`, `scale`).
    pub division: NodeId,
    pub at: InexactAt,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum InexactAt {
    /// The value of a `let` or a score.
    Derived(u32),
    /// A condition, by its root node.
    Condition(NodeId),
}

/// The parameters' values on the evaluation date, by index.
pub(crate) fn param_values(model: &crate::check::model::Model, on: Option<Date>) -> smallvec::SmallVec<[Value; 4]> {
    model.params.iter().map(|p| p.value_on(on).map_or(Value::Unknown, |v| v.value)).collect()
}

/// What an evaluation of one record holds besides its evidence: derived values, the decision,
/// the trace, the notes and the evaluation date.
pub(crate) type Evaluated = (Derived, Decision, Trace, Notes, Option<Date>);

pub(crate) fn evaluated(ruleset: &crate::RuleSet, evidence: &Evidence, options: Options) -> Result<Evaluated, Fault> {
    let plan = &ruleset.plan;
    let on = evidence.on.or(options.on);
    let mut derived: Derived = smallvec::smallvec![Value::Unknown; plan.derived_len as usize];
    let mut derived_inexact: smallvec::SmallVec<[Option<NodeId>; 8]> =
        smallvec::smallvec![None; plan.derived_len as usize];
    let mut notes = Notes::default();
    let evaluation_year = on.map(|d| i32::from(d.year()));
    let params = param_values(&ruleset.model, on);
    for step in &plan.steps {
        let frame = Frame {
            plan,
            evidence,
            derived: &derived,
            derived_inexact: &derived_inexact,
            evaluation_year,
            params: &params,
            inexact: Cell::new(None),
        };
        let (slot, value, carried) = match step {
            Step::Let { slot, root } => {
                let value = frame.eval(*root, None)?;
                (*slot, value, frame.inexact.get())
            }
            Step::Assessed { slot, input } => (*slot, evidence.values.get(*input as usize).copied().unwrap_or_default(), None),
            Step::Sum { slot, children, .. } => {
                let mut total = Some(Decimal::ZERO);
                for c in children {
                    total = match (total, derived.get(*c as usize).copied().unwrap_or_default()) {
                        (Some(t), Value::Number(n)) => {
                            Some(add_decimals(t, n, false).ok_or(Fault { kind: EvalErrorKind::Overflow, node: None })?)
                        }
                        _ => None,
                    };
                }
                // The checker holds the items' maxima to the parent's, so the sum never exceeds it.
                let value = total.map_or(Value::Unknown, Value::Number);
                (*slot, value, children.iter().find_map(|c| derived_inexact.get(*c as usize).copied().flatten()))
            }
            Step::Computed { slot, root, max, score } => {
                let value = frame.eval(*root, None)?;
                let mut carried = frame.inexact.get();
                let value = match value {
                    Value::Number(n) => {
                        let n = match ruleset.model.rounding {
                            Some(r) => {
                                // The rule set states how its scores are rounded: that hides an
                                // inexact quotient unless the score sits on a step of the rounding.
                                if carried.is_some() && inexact::rounding_settles(n, r.places, r.mode) {
                                    carried = None;
                                }
                                round(n, r.places, r.mode)
                            }
                            None => n,
                        };
                        let bounded = n.max(Decimal::ZERO).min(*max);
                        if bounded != n {
                            notes.clamped.push(Clamp { score: *score, raw: n });
                            if inexact::clearly_apart(bounded, n) {
                                carried = None;
                            }
                        }
                        Value::Number(bounded)
                    }
                    other => other,
                };
                (*slot, value, carried)
            }
        };
        if let Some(place) = derived.get_mut(slot as usize) {
            *place = value;
        }
        // An unknown value shows no digits, so there is nothing inexact to report.
        if let Some(division) = carried.filter(|_| !value.is_unknown()) {
            if let Some(place) = derived_inexact.get_mut(slot as usize) {
                *place = Some(division);
            }
            notes.inexact.push(Inexact { division, at: InexactAt::Derived(slot) });
        }
    }
    let frame = Frame {
        plan,
        evidence,
        derived: &derived,
        derived_inexact: &derived_inexact,
        evaluation_year,
        params: &params,
        inexact: Cell::new(None),
    };
    let mut trace = options.trace.then(|| Trace::for_plan(plan));
    let decision = decide(plan, &mut RecordGuards { frame: &frame, trace: trace.as_mut(), found: &mut notes.inexact })?;
    Ok((derived, decision, trace.unwrap_or_default(), notes, on))
}

/// Evaluates a guard's conditions with three-valued `and`. When tracing, every condition is
/// evaluated (so the trace can say which held); otherwise evaluation stops at the first false.
/// Either way the result is the same: a condition after a false one is never reached by `and`,
/// so an error in it (the share of an empty list behind `count(l) > 0`) is not the rule's; the
/// trace shows that condition as undecided.
/// A condition that an inexact quotient may have decided is noted in `found`.
fn guard(frame: &Frame<'_>, guard: &Guard, trace: Option<&mut Trace>, found: &mut Vec<Inexact>) -> Result<Tri, Fault> {
    let mut result = Tri::True;
    let mut condition = |root: NodeId| {
        frame.inexact.set(None);
        let value = frame.eval(root, None);
        if let (Ok(_), Some(division)) = (&value, frame.inexact.take()) {
            found.push(Inexact { division, at: InexactAt::Condition(root) });
        }
        value
    };
    match trace {
        Some(trace) => {
            for c in &guard.conditions {
                let t = match condition(c.root) {
                    Ok(value) => Tri::of(value),
                    Err(_) if result == Tri::False => Tri::Unknown,
                    Err(fault) => return Err(fault),
                };
                trace.conditions.push(t);
                result = result.and(t);
            }
        }
        None => {
            for c in &guard.conditions {
                result = result.and(Tri::of(condition(c.root)?));
                if result == Tri::False {
                    break;
                }
            }
        }
    }
    Ok(result)
}

/// Every rule tried, with its conditions' results in one flat list.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Trace {
    pub attempts: Vec<Attempt>,
    pub conditions: Vec<Tri>,
}

impl Trace {
    /// An empty trace with room for every rule of `plan` tried, so that recording grows nothing.
    fn for_plan(plan: &Plan) -> Self {
        let rules = plan.tiers.len() + plan.adjustments.len();
        // Most guards have a few conditions: twice the rules is room for most traces, not a bound.
        Trace { attempts: Vec::with_capacity(rules), conditions: Vec::with_capacity(2 * rules) }
    }

    fn record(&mut self, rule: TriedRule, holds: Tri, start: usize) {
        let start = u32::try_from(start).unwrap_or(u32::MAX);
        let end = u32::try_from(self.conditions.len()).unwrap_or(u32::MAX);
        self.attempts.push(Attempt { rule, holds, conditions: start..end });
    }
}

/// Where a decision reads its rules' results from: conditions evaluated one record at a time
/// ([`RecordGuards`]), or results a chunk of records already has ([`columns`]).
pub(crate) trait Guards {
    /// The result of adjustment `i`'s conditions.
    fn adjustment(&mut self, i: usize) -> Result<Tri, Fault>;
    /// The result of tier `i`'s conditions (`otherwise` holds).
    fn tier(&mut self, i: usize) -> Result<Tri, Fault>;
    /// The tier the ladder reaches beside a knock-out, when it is known (see
    /// [`ladder_beside_knockout`]).
    fn ladder_beside_knockout(&mut self) -> Option<u16>;
}

/// Conditions evaluated for one record, in the order a decision asks for them, traced if asked.
struct RecordGuards<'f, 'a, 't> {
    frame: &'f Frame<'a>,
    trace: Option<&'t mut Trace>,
    found: &'f mut Vec<Inexact>,
}

impl Guards for RecordGuards<'_, '_, '_> {
    fn adjustment(&mut self, i: usize) -> Result<Tri, Fault> {
        let start = self.trace.as_ref().map_or(0, |t| t.conditions.len());
        let t = match self.frame.plan.adjustments.get(i) {
            Some(adjustment) => guard(self.frame, &adjustment.guard, self.trace.as_deref_mut(), self.found)?,
            None => Tri::Unknown,
        };
        if let Some(trace) = self.trace.as_deref_mut() {
            trace.record(TriedRule::Adjustment(index_u16(i)), t, start);
        }
        Ok(t)
    }

    fn tier(&mut self, i: usize) -> Result<Tri, Fault> {
        let start = self.trace.as_ref().map_or(0, |t| t.conditions.len());
        let t = match self.frame.plan.tiers.get(i).map(|t| t.guard.as_ref()) {
            Some(Some(g)) => guard(self.frame, g, self.trace.as_deref_mut(), self.found)?,
            Some(None) => Tri::True,
            None => Tri::Unknown,
        };
        if let Some(trace) = self.trace.as_deref_mut() {
            trace.record(TriedRule::Tier(index_u16(i)), t, start);
        }
        Ok(t)
    }

    fn ladder_beside_knockout(&mut self) -> Option<u16> {
        ladder_beside_knockout(self.frame)
    }
}

/// The knock-outs, caps and exclusions whose conditions hold or are unknown, and the first
/// exclusion, the first knock-out and the lowest cap among those that hold.
struct Adjusted {
    fired: Adjustments,
    unknown: Adjustments,
    exclude: Option<u16>,
    force: Option<u16>,
    /// The cap and its ceiling.
    cap: Option<(u16, u16)>,
}

fn adjusted(plan: &Plan, guards: &mut impl Guards) -> Result<Adjusted, Fault> {
    let mut adjusted =
        Adjusted { fired: Adjustments::new(), unknown: Adjustments::new(), exclude: None, force: None, cap: None };
    for (i, adjust) in plan.adjustments.iter().enumerate() {
        let t = guards.adjustment(i)?;
        let i = index_u16(i);
        match t {
            Tri::True => {
                adjusted.fired.push(i);
                match (adjust.kind, adjust.tier) {
                    (AdjustKind::Exclude, _) => {
                        adjusted.exclude.get_or_insert(i);
                    }
                    (AdjustKind::Force, _) => {
                        adjusted.force.get_or_insert(i);
                    }
                    // Tiers are indexed best first: the lowest ceiling is the largest index.
                    (AdjustKind::Cap, Some(tier)) => {
                        if adjusted.cap.is_none_or(|(_, lowest)| tier > lowest) {
                            adjusted.cap = Some((i, tier));
                        }
                    }
                    (AdjustKind::Cap, None) => {}
                }
            }
            Tri::Unknown => adjusted.unknown.push(i),
            Tri::False => {}
        }
    }
    Ok(adjusted)
}

/// Precedence: exclude > force > cap > the ladder. Unknown conditions that could change the
/// result make it not determinable.
pub(crate) fn decide(plan: &Plan, guards: &mut impl Guards) -> Result<Decision, Fault> {
    let Adjusted { fired, unknown, exclude, force, cap } = adjusted(plan, guards)?;
    // An adjustment the plan lacked would count as an undecided exclusion: it blocks a result.
    let kind_of = |i: u16| plan.adjustments.get(usize::from(i)).map_or(AdjustKind::Exclude, |a| a.kind);
    let tier_of = |i: u16| plan.adjustments.get(usize::from(i)).and_then(|a| a.tier);
    let undetermined = |fired: Adjustments, blocking: Vec<Unknown>| Ok(Decision::undetermined(fired, blocking));

    if let Some(first) = exclude {
        return Ok(Decision {
            status: Status::NotRated,
            tier: None,
            decided_by: Some(first),
            fired,
            unknown: Vec::new(),
            demoted: false,
            ladder: None,
        });
    }
    if unknown.iter().any(|&u| kind_of(u) == AdjustKind::Exclude) {
        let blocking =
            unknown.iter().filter(|&&u| kind_of(u) == AdjustKind::Exclude).map(|&u| Unknown::Adjust(u)).collect();
        return undetermined(fired, blocking);
    }
    if let Some(first) = force {
        let tier = tier_of(first);
        // An undecided knock-out declared earlier, to another tier, could still take precedence.
        let blocking: Vec<Unknown> = unknown
            .iter()
            .filter(|&&u| kind_of(u) == AdjustKind::Force && u < first && tier_of(u) != tier)
            .map(|&u| Unknown::Adjust(u))
            .collect();
        if !blocking.is_empty() {
            return undetermined(fired, blocking);
        }
        return Ok(Decision {
            status: Status::Rated,
            tier,
            decided_by: Some(first),
            fired,
            unknown: Vec::new(),
            demoted: false,
            ladder: guards.ladder_beside_knockout(),
        });
    }

    let reached = match climb(plan, guards)? {
        Some((i, Tri::True)) => i,
        Some((i, _)) => {
            let mut blocking = vec![Unknown::Tier(i)];
            blocking.extend(unknown.iter().filter(|&&u| kind_of(u) == AdjustKind::Force).map(|&u| Unknown::Adjust(u)));
            return undetermined(fired, blocking);
        }
        None => return undetermined(fired, Vec::new()),
    };
    let mut tier = reached;
    let mut decided_by = None;
    if let Some((c, ceiling)) = cap {
        if ceiling > tier {
            tier = ceiling;
            decided_by = Some(c);
        }
    }
    // Undecided rules matter only if they could move the tier: a lower cap, a knock-out elsewhere.
    let blocking: Vec<Unknown> = unknown
        .iter()
        .filter(|&&u| match kind_of(u) {
            AdjustKind::Cap => tier_of(u).is_some_and(|c| c > tier),
            AdjustKind::Force => tier_of(u) != Some(tier),
            AdjustKind::Exclude => true,
        })
        .map(|&u| Unknown::Adjust(u))
        .collect();
    if !blocking.is_empty() {
        return undetermined(fired, blocking);
    }
    Ok(Decision {
        status: Status::Rated,
        tier: Some(tier),
        decided_by,
        fired,
        unknown: Vec::new(),
        demoted: false,
        ladder: Some(reached),
    })
}

/// The ladder, top down: the first tier whose guard is not false, and whether it holds (true) or
/// is undecided for lack of evidence; `None` when every guard is false.
pub(crate) fn climb(plan: &Plan, guards: &mut impl Guards) -> Result<Option<(u16, Tri)>, Fault> {
    for i in 0..plan.tiers.len() {
        let t = guards.tier(i)?;
        if t != Tri::False {
            return Ok(Some((index_u16(i), t)));
        }
    }
    Ok(None)
}

/// The tier the ladder would reach where a knock-out decided, to show beside the result what the
/// knock-out overrode. The knock-out decides whatever the ladder does, so an undecided condition
/// or an arithmetic error here leaves this unknown instead of failing the evaluation; the trace
/// and findings stay those of the rules that decided.
fn ladder_beside_knockout(frame: &Frame<'_>) -> Option<u16> {
    let mut guards = RecordGuards { frame, trace: None, found: &mut Vec::new() };
    match climb(frame.plan, &mut guards) {
        Ok(Some((i, Tri::True))) => Some(i),
        _ => None,
    }
}

/// Indices of adjustments (`exclude`, `force`, `cap`): those that fired, or those left undecided;
/// few, so kept inline.
pub(crate) type Adjustments = smallvec::SmallVec<[u16; 4]>;

/// A rule whose condition could not be decided for lack of evidence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unknown {
    Tier(u16),
    Adjust(u16),
}

/// Which rule an attempt tried.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TriedRule {
    Tier(u16),
    Adjustment(u16),
}

pub(crate) fn index_u16(i: usize) -> u16 {
    u16::try_from(i).unwrap_or(u16::MAX)
}

pub(crate) fn index_u32(i: usize) -> u32 {
    u32::try_from(i).unwrap_or(u32::MAX)
}
