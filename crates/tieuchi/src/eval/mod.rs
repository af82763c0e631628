//! One record through the plan: derived values, the ladder, knock-outs and caps, the trace.

pub mod evidence;
mod node;

use rust_decimal::Decimal;

use crate::outcome::{Attempt, Clamp, Decision, Evaluation, Status, Tri};
use crate::plan::{Guard, Plan, Step};
use crate::syntax::ast::AdjustKind;
use crate::value::{Date, Value};
use evidence::Evidence;
pub use node::{EvalError, EvalErrorKind};

/// How to evaluate.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Options {
    /// The evaluation date; it anchors history windows. Evidence may carry its own `on`.
    pub on: Option<Date>,
    /// Record which conditions held for every tier tried. Off, evaluation allocates less.
    pub trace: bool,
}

impl Options {
    pub fn traced() -> Self {
        Options {
            on: None,
            trace: true,
        }
    }
}

pub(crate) struct Frame<'a> {
    pub plan: &'a Plan,
    pub evidence: &'a Evidence,
    pub derived: &'a [Value],
    /// The year history windows count back from.
    pub anchor: Option<i32>,
}

pub(crate) fn run<'p>(
    ruleset: &'p crate::RuleSet,
    evidence: std::borrow::Cow<'p, Evidence>,
    options: Options,
) -> Result<Evaluation<'p>, EvalError> {
    let plan = &ruleset.plan;
    let on = evidence.on.or(options.on);
    let mut derived = vec![Value::Unknown; plan.derived_len as usize];
    let mut clamped = Vec::new();
    let anchor = on.map(|d| i32::from(d.year()));
    for step in &plan.steps {
        let frame = Frame {
            plan,
            evidence: &evidence,
            derived: &derived,
            anchor,
        };
        let (slot, value) = match step {
            Step::Let { slot, root } => (*slot, frame.eval(*root, None)?),
            Step::Assessed { slot, input } => (*slot, evidence.values[*input as usize]),
            Step::Sum {
                slot,
                children,
                max,
            } => {
                let mut total = Some(Decimal::ZERO);
                for c in children {
                    total = match (total, derived[*c as usize]) {
                        (Some(t), Value::Number(n)) => {
                            Some(t.checked_add(n).ok_or_else(|| {
                                EvalError::at(plan, EvalErrorKind::Overflow, None)
                            })?)
                        }
                        _ => None,
                    };
                }
                let value = total.map_or(Value::Unknown, |t| Value::Number(t.min(*max)));
                (*slot, value)
            }
            Step::Computed {
                slot,
                root,
                max,
                score,
            } => {
                let value = frame.eval(*root, None)?;
                let value = match value {
                    Value::Number(n) => {
                        let n = match ruleset.model.rounding {
                            Some(r) => node::round(n, r.places, r.mode),
                            None => n,
                        };
                        let bounded = n.max(Decimal::ZERO).min(*max);
                        if bounded != n {
                            clamped.push(Clamp {
                                score: *score,
                                raw: n,
                            });
                        }
                        Value::Number(bounded)
                    }
                    other => other,
                };
                (*slot, value)
            }
        };
        derived[slot as usize] = value;
    }
    let frame = Frame {
        plan,
        evidence: &evidence,
        derived: &derived,
        anchor,
    };
    let mut attempts = Vec::new();
    let decision = decide(&frame, options.trace, &mut attempts)?;
    Ok(Evaluation::new(
        ruleset, evidence, derived, decision, attempts, clamped, on,
    ))
}

/// Evaluates a guard's conditions with three-valued `and`. With `detail`, every condition is
/// evaluated (so the trace can say which held); without, evaluation stops at the first false.
fn guard(
    frame: &Frame<'_>,
    guard: &Guard,
    detail: Option<&mut Vec<Tri>>,
) -> Result<Tri, EvalError> {
    let mut result = Tri::True;
    match detail {
        Some(out) => {
            for c in &guard.conditions {
                let t = Tri::of(frame.eval(c.root, None)?);
                out.push(t);
                result = result.and(t);
            }
        }
        None => {
            for c in &guard.conditions {
                result = result.and(Tri::of(frame.eval(c.root, None)?));
                if result == Tri::False {
                    break;
                }
            }
        }
    }
    Ok(result)
}

/// Precedence: exclude > force > cap > the ladder. Unknown conditions that could change the
/// result make it not determinable.
fn decide(
    frame: &Frame<'_>,
    trace: bool,
    attempts: &mut Vec<Attempt>,
) -> Result<Decision, EvalError> {
    let plan = frame.plan;
    let mut fired = Vec::new();
    let mut unknown_adjusts = Vec::new();
    for (i, adjust) in plan.adjustments.iter().enumerate() {
        let mut detail = Vec::new();
        let t = guard(frame, &adjust.guard, trace.then_some(&mut detail))?;
        if trace {
            attempts.push(Attempt::Adjustment {
                index: index_u16(i),
                holds: t,
                conditions: detail,
            });
        }
        match t {
            Tri::True => fired.push(index_u16(i)),
            Tri::Unknown => unknown_adjusts.push(i),
            Tri::False => {}
        }
    }
    let of_kind = |list: &[u16], kind: AdjustKind| -> Vec<u16> {
        list.iter()
            .copied()
            .filter(|&i| plan.adjustments[i as usize].kind == kind)
            .collect()
    };
    let unknown_of = |kind: AdjustKind| -> Vec<usize> {
        unknown_adjusts
            .iter()
            .copied()
            .filter(|&i| plan.adjustments[i].kind == kind)
            .collect()
    };

    let excludes = of_kind(&fired, AdjustKind::Exclude);
    if let Some(&first) = excludes.first() {
        return Ok(Decision {
            status: Status::NotRated,
            tier: None,
            decided_by: Some(first),
            fired,
            unknown: Vec::new(),
        });
    }
    let unknown_excludes = unknown_of(AdjustKind::Exclude);
    if !unknown_excludes.is_empty() {
        return Ok(Decision::undetermined(
            fired,
            unknown_excludes
                .iter()
                .map(|&i| Unknown::Adjust(i))
                .collect(),
        ));
    }

    // The ladder, top down: first tier whose guard holds.
    let mut ladder = None;
    let mut ladder_unknown = None;
    for (i, tier) in plan.tiers.iter().enumerate() {
        let Some(g) = &tier.guard else {
            if trace {
                attempts.push(Attempt::Tier {
                    index: index_u16(i),
                    holds: Tri::True,
                    conditions: Vec::new(),
                });
            }
            ladder = Some(index_u16(i));
            break;
        };
        let mut detail = Vec::new();
        let t = guard(frame, g, trace.then_some(&mut detail))?;
        if trace {
            attempts.push(Attempt::Tier {
                index: index_u16(i),
                holds: t,
                conditions: detail,
            });
        }
        match t {
            Tri::True => {
                ladder = Some(index_u16(i));
                break;
            }
            Tri::Unknown => {
                ladder_unknown = Some(i);
                break;
            }
            Tri::False => {}
        }
    }

    let forces = of_kind(&fired, AdjustKind::Force);
    let unknown_forces = unknown_of(AdjustKind::Force);
    if let Some(&first) = forces.first() {
        let tier = plan.adjustments[first as usize].tier;
        // An undecided knock-out to another tier could still take precedence.
        let blocking: Vec<usize> = unknown_forces
            .iter()
            .copied()
            .filter(|&u| u < first as usize && plan.adjustments[u].tier != tier)
            .collect();
        if !blocking.is_empty() {
            return Ok(Decision::undetermined(
                fired,
                blocking.into_iter().map(Unknown::Adjust).collect(),
            ));
        }
        return Ok(Decision {
            status: Status::Rated,
            tier,
            decided_by: Some(first),
            fired,
            unknown: Vec::new(),
        });
    }

    let Some(mut tier) = ladder else {
        let mut unknown: Vec<Unknown> = ladder_unknown.map(Unknown::Tier).into_iter().collect();
        unknown.extend(unknown_forces.into_iter().map(Unknown::Adjust));
        return Ok(Decision::undetermined(fired, unknown));
    };
    let mut decided_by = None;
    // Caps: the lowest ceiling that fired; tiers are indexed best first, so lower is a larger index.
    for &c in &of_kind(&fired, AdjustKind::Cap) {
        if let Some(cap) = plan.adjustments[c as usize].tier {
            if cap > tier {
                tier = cap;
                decided_by = Some(c);
            }
        }
    }
    let mut unknown: Vec<Unknown> = Vec::new();
    for u in unknown_of(AdjustKind::Cap) {
        if plan.adjustments[u].tier.is_some_and(|cap| cap > tier) {
            unknown.push(Unknown::Adjust(u));
        }
    }
    for u in unknown_forces {
        if plan.adjustments[u].tier != Some(tier) {
            unknown.push(Unknown::Adjust(u));
        }
    }
    if !unknown.is_empty() {
        return Ok(Decision::undetermined(fired, unknown));
    }
    Ok(Decision {
        status: Status::Rated,
        tier: Some(tier),
        decided_by,
        fired,
        unknown: Vec::new(),
    })
}

/// A rule whose condition could not be decided for lack of evidence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unknown {
    Tier(usize),
    Adjust(usize),
}

fn index_u16(i: usize) -> u16 {
    u16::try_from(i).unwrap_or(u16::MAX)
}
