//! Evaluating records into [`Evaluation`]s: the evaluator's decision wrapped with the evidence
//! it read, one record at a time or column by column.

use std::borrow::Cow;
use std::cell::Cell;

use super::{Evaluation, Notes};
use crate::eval::columns::{evaluate as columns_evaluate, supports, Prepared};
use crate::eval::evidence::Evidence;
use crate::eval::{evaluated, param_values, EvalError, Fault, Frame, Options, Trace};
use crate::plan::NodeId;
use crate::value::Value;
use crate::RuleSet;

/// Of the members of the aggregate written at `span`, how many its condition holds for in this
/// evaluation, and how many there are.
pub(crate) fn member_tally(evaluation: &Evaluation<'_>, span: crate::span::Span) -> Option<(i64, i64)> {
    with_aggregate(evaluation, span, |frame: &Frame<'_>, node| frame.member_counts(node))
}

/// The value of the aggregate written at `span` in this evaluation.
pub(crate) fn aggregate_value(evaluation: &Evaluation<'_>, span: crate::span::Span) -> Option<Value> {
    with_aggregate(evaluation, span, |frame, node| frame.eval(node, None).ok())
}

/// Runs `read` on the aggregate node written at `span`, in a frame of the evaluation's values.
fn with_aggregate<T>(
    evaluation: &Evaluation<'_>,
    span: crate::span::Span,
    read: impl Fn(&Frame<'_>, NodeId) -> Option<T>,
) -> Option<T> {
    let plan = &evaluation.ruleset().plan;
    let derived: Vec<Value> = (0..plan.derived_len).map(|slot| evaluation.derived_value(slot)).collect();
    let derived_inexact = vec![None; derived.len()];
    let frame = Frame {
        plan,
        evidence: evaluation.evidence(),
        derived: &derived,
        derived_inexact: &derived_inexact,
        evaluation_year: evaluation.on().map(|d| i32::from(d.year())),
        params: &param_values(&evaluation.ruleset().model, evaluation.on()),
        inexact: Cell::new(None),
    };
    let node = plan.spans.iter().zip(&plan.nodes).enumerate().find_map(|(i, (s, node))| {
        (*s == span && matches!(node, crate::plan::Node::Agg { .. })).then_some(NodeId::try_from(i).ok()?)
    })?;
    read(&frame, node)
}

pub(crate) fn run<'p>(
    ruleset: &'p RuleSet,
    evidence: Cow<'p, Evidence>,
    options: Options,
) -> Result<Evaluation<'p>, EvalError> {
    evaluate(ruleset, evidence, options).map_err(|f| f.into_error(&ruleset.plan))
}

/// Many records' evidence evaluated at once: column by column where the plan allows it (see
/// [`columns`]), one at a time otherwise or when tracing; the same results as [`run`] on each, in
/// the same order.
pub(crate) fn run_all<'p>(
    ruleset: &'p RuleSet,
    evidences: Vec<Cow<'p, Evidence>>,
    options: Options,
) -> Vec<Result<Evaluation<'p>, EvalError>> {
    let prepared = if !options.trace && evidences.len() > 1 && supports(&ruleset.plan) {
        let records: Vec<&Evidence> = evidences.iter().map(|e| &**e).collect();
        columns_evaluate(ruleset, &records, options.on)
    } else {
        Vec::new()
    };
    let mut prepared = prepared.into_iter();
    evidences.into_iter().map(|evidence| finish(ruleset, evidence, prepared.next().flatten(), options)).collect()
}

/// A record's evaluation from what the columns made of it, or by the row evaluator.
pub(crate) fn finish<'p>(
    ruleset: &'p RuleSet,
    evidence: Cow<'p, Evidence>,
    prepared: Option<Prepared>,
    options: Options,
) -> Result<Evaluation<'p>, EvalError> {
    match prepared {
        Some(prepared) => Ok(from_prepared(prepared, ruleset, evidence, options)),
        None => run(ruleset, evidence, options),
    }
}

fn evaluate<'p>(ruleset: &'p RuleSet, evidence: Cow<'p, Evidence>, options: Options) -> Result<Evaluation<'p>, Fault> {
    let (derived, decision, trace, notes, on) = evaluated(ruleset, &evidence, options)?;
    Ok(Evaluation::new(ruleset, evidence, derived, decision, trace, notes, on).in_lang(options.lang))
}

/// A record evaluated alone, its evidence given back with the error when it fails (a batch's
/// error row names the record's subject, and the buffers serve the next record).
pub(crate) fn run_owned(
    ruleset: &RuleSet,
    evidence: Evidence,
    options: Options,
) -> Result<Evaluation<'_>, Box<(EvalError, Evidence)>> {
    match evaluated(ruleset, &evidence, options) {
        Ok((derived, decision, trace, notes, on)) => {
            Ok(Evaluation::new(ruleset, Cow::Owned(evidence), derived, decision, trace, notes, on)
                .in_lang(options.lang))
        }
        Err(fault) => Err(Box::new((fault.into_error(&ruleset.plan), evidence))),
    }
}

/// The record's evaluation: what the row evaluator gives it, which the columns found needs
/// no trace and no notes.
pub(crate) fn from_prepared<'p>(
    prepared: Prepared,
    ruleset: &'p RuleSet,
    evidence: Cow<'p, Evidence>,
    options: Options,
) -> Evaluation<'p> {
    let on = evidence.on.or(options.on);
    Evaluation::new(ruleset, evidence, prepared.derived, prepared.decision, Trace::default(), Notes::default(), on)
        .in_lang(options.lang)
}
