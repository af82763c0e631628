//! Population rules over a batch: records grouped by their keys, quotas applied in each group
//! with a deterministic ranking.

use std::collections::BTreeMap;

use rust_decimal::prelude::ToPrimitive as _;
use rust_decimal::Decimal;
use serde_json::Value as Json;

use crate::outcome::{Evaluation, QuotaNote, Status};
use crate::plan::PlanQuota;
use crate::syntax::ast::{CountBasis, Direction};
use crate::value::Value;
use crate::{EvaluateError, Options, RuleSet};

/// One record's result in a batch: its evaluation, or why it has none.
pub type BatchResult<'r> = Result<Evaluation<'r>, EvaluateError>;

impl RuleSet {
    /// Evaluates every record, then applies the population rules (quotas) over the batch.
    /// The results are in input order, one per record.
    pub fn evaluate_batch(&self, records: &[Json], options: &Options) -> Vec<BatchResult<'_>> {
        let mut results: Vec<BatchResult<'_>> = records.iter().map(|r| self.evaluate(r, options)).collect();
        apply_quotas(self, &mut results);
        results
    }
}

/// How many of `candidates` may keep the quota's tier, given `others` already at the tier the
/// share is counted against. "Không vượt quá" is a ceiling, so the limit is floored.
pub fn quota_limit(quota: &PlanQuota, candidates: usize, others: usize) -> usize {
    let (c, u) = (Decimal::from(candidates), Decimal::from(others));
    // Counted after demotion, the demoted join the denominator when they are demoted to the very
    // tier it counts: X ≤ share × (U + C − X), so X ≤ share × (U + C) / (1 + share). Otherwise
    // (counted before, or demoted elsewhere) the denominator is the U already there.
    let limit = if quota.count == CountBasis::AfterDemotion && quota.demote_to == quota.of {
        quota
            .share
            .checked_mul(u.checked_add(c).unwrap_or(Decimal::MAX))
            .and_then(|n| n.checked_div(Decimal::ONE.checked_add(quota.share)?))
    } else {
        quota.share.checked_mul(u)
    };
    let limit = limit.and_then(|l| l.floor().to_usize()).unwrap_or(0);
    limit.min(candidates)
}

/// Applies every quota of the rule set, in declaration order, to the rated results.
pub fn apply_quotas(ruleset: &RuleSet, results: &mut [BatchResult<'_>]) {
    for result in results.iter_mut().flatten() {
        result.mark_cohort_applied();
    }
    for (index, quota) in ruleset.plan.quotas.iter().enumerate() {
        let mut groups: BTreeMap<Vec<String>, Vec<usize>> = BTreeMap::new();
        for (i, result) in results.iter_mut().enumerate() {
            let Ok(evaluation) = result else { continue };
            match evaluation.group_key(&quota.within) {
                Some(key) => groups.entry(key).or_default().push(i),
                None => evaluation.note_quota(QuotaNote::unplaced(index)),
            }
        }
        for members in groups.values() {
            apply_in_group(quota, index, members, results);
        }
    }
}

fn apply_in_group(quota: &PlanQuota, index: usize, members: &[usize], results: &mut [BatchResult<'_>]) {
    let tier_of = |r: &BatchResult<'_>| match r {
        Ok(e) if e.status() == Status::Rated => e.tier_index(),
        _ => None,
    };
    // A knock-out outranks the quota: a forced tier is neither ranked nor demoted.
    let mut candidates: Vec<(usize, Vec<Value>)> = members
        .iter()
        .filter(|&&i| tier_of(&results[i]) == Some(quota.tier))
        .filter_map(|&i| match &results[i] {
            Ok(e) if !e.is_forced() => Some((i, quota.rank_by.iter().map(|(node, _)| e.rank_value(*node)).collect())),
            _ => None,
        })
        .collect();
    let others = members.iter().filter(|&&i| tier_of(&results[i]) == Some(quota.of)).count();
    let limit = quota_limit(quota, candidates.len(), others);
    candidates.sort_by(|(a, ka), (b, kb)| {
        for ((x, y), (_, direction)) in ka.iter().zip(kb).zip(&quota.rank_by) {
            let ord = rank_order(*x, *y, *direction);
            if ord.is_ne() {
                return ord;
            }
        }
        // The stable tie-break: the subject's id, then the input order.
        let id = |i: usize| results[i].as_ref().ok().and_then(|e| e.subject().map(str::to_owned));
        id(*a).cmp(&id(*b)).then(a.cmp(b))
    });
    let total = candidates.len();
    for (rank, (i, _)) in candidates.into_iter().enumerate() {
        if let Ok(evaluation) = &mut results[i] {
            let demoted = rank >= limit;
            evaluation.note_quota(QuotaNote {
                quota: index,
                rank: Some(rank + 1),
                candidates: total,
                counted: others,
                limit,
                demoted,
            });
            if demoted {
                evaluation.demote(quota.demote_to);
            }
        }
    }
}

/// Known values in the declared direction; a record whose ranking value is unknown goes last.
fn rank_order(x: Value, y: Value, direction: Direction) -> std::cmp::Ordering {
    use std::cmp::Ordering::{Equal, Greater, Less};
    match (x.as_number(), y.as_number()) {
        (Some(a), Some(b)) if direction == Direction::Desc => b.cmp(&a),
        (Some(a), Some(b)) => a.cmp(&b),
        (Some(_), None) => Less,
        (None, Some(_)) => Greater,
        (None, None) => Equal,
    }
}
