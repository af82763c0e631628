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

/// What the quotas need to know of one record: small, so that a large batch can be decided from
/// its summaries and then evaluated again, one record at a time.
#[derive(Debug, Clone, PartialEq)]
pub struct Summary {
    /// The record's tier (as the quotas so far left it), when rated.
    pub tier: Option<u16>,
    /// A knock-out set the tier: the quota neither ranks nor demotes it.
    pub forced: bool,
    /// The values of each quota's keys; `None` where a key is missing.
    pub keys: Vec<Option<Vec<String>>>,
    /// The values of each quota's ranking expressions.
    pub ranks: Vec<Vec<Value>>,
    pub subject: Option<String>,
}

impl Evaluation<'_> {
    /// This record as the quotas see it.
    pub fn summary(&self) -> Summary {
        let quotas = &self.ruleset().plan.quotas;
        Summary {
            tier: if self.status() == Status::Rated { self.tier_index() } else { None },
            forced: self.is_forced(),
            keys: quotas.iter().map(|q| self.group_key(&q.within)).collect(),
            ranks: quotas.iter().map(|q| q.rank_by.iter().map(|(node, _)| self.rank_value(*node)).collect()).collect(),
            subject: self.subject().map(str::to_owned),
        }
    }

    /// Applies what the quotas decided for this record.
    pub fn apply_quota_notes(&mut self, notes: &[QuotaNote]) {
        self.mark_cohort_applied();
        for note in notes {
            self.note_quota(*note);
            if note.demoted {
                let quota = &self.ruleset().plan.quotas[note.quota];
                self.demote(quota.demote_to);
            }
        }
    }
}

/// Decides every quota of the rule set, in declaration order, over the records' summaries
/// (`None` for a record that could not be evaluated). Returns each record's notes.
pub fn decide(ruleset: &RuleSet, summaries: &mut [Option<Summary>]) -> Vec<Vec<QuotaNote>> {
    let mut notes: Vec<Vec<QuotaNote>> = vec![Vec::new(); summaries.len()];
    for (index, quota) in ruleset.plan.quotas.iter().enumerate() {
        let mut groups: BTreeMap<&[String], Vec<usize>> = BTreeMap::new();
        for (i, summary) in summaries.iter().enumerate() {
            let Some(summary) = summary else { continue };
            match &summary.keys[index] {
                Some(key) => groups.entry(key.as_slice()).or_default().push(i),
                None => notes[i].push(QuotaNote::unplaced(index)),
            }
        }
        let groups: Vec<Vec<usize>> = groups.into_values().collect();
        for members in &groups {
            decide_in_group(quota, index, members, summaries, &mut notes);
        }
    }
    notes
}

/// Applies every quota of the rule set to a batch of results held in memory.
pub fn apply_quotas(ruleset: &RuleSet, results: &mut [BatchResult<'_>]) {
    let mut summaries: Vec<Option<Summary>> =
        results.iter().map(|r| r.as_ref().ok().map(Evaluation::summary)).collect();
    let notes = decide(ruleset, &mut summaries);
    for (result, notes) in results.iter_mut().zip(&notes) {
        if let Ok(evaluation) = result {
            evaluation.apply_quota_notes(notes);
        }
    }
}

fn decide_in_group(
    quota: &PlanQuota,
    index: usize,
    members: &[usize],
    summaries: &mut [Option<Summary>],
    notes: &mut [Vec<QuotaNote>],
) {
    let tier_of = |i: usize| summaries[i].as_ref().and_then(|s| s.tier);
    let mut candidates: Vec<usize> = members
        .iter()
        .copied()
        .filter(|&i| tier_of(i) == Some(quota.tier) && summaries[i].as_ref().is_some_and(|s| !s.forced))
        .collect();
    let others = members.iter().filter(|&&i| tier_of(i) == Some(quota.of)).count();
    let limit = quota_limit(quota, candidates.len(), others);
    candidates.sort_by(|&a, &b| {
        let (Some(sa), Some(sb)) = (&summaries[a], &summaries[b]) else { return a.cmp(&b) };
        for ((x, y), (_, direction)) in sa.ranks[index].iter().zip(&sb.ranks[index]).zip(&quota.rank_by) {
            let ord = rank_order(*x, *y, *direction);
            if ord.is_ne() {
                return ord;
            }
        }
        // The stable tie-break: the subject's id, then the input order.
        sa.subject.cmp(&sb.subject).then(a.cmp(&b))
    });
    let total = candidates.len();
    for (rank, i) in candidates.into_iter().enumerate() {
        let demoted = rank >= limit;
        notes[i].push(QuotaNote {
            quota: index,
            rank: Some(rank + 1),
            candidates: total,
            counted: others,
            limit,
            demoted,
        });
        if demoted {
            if let Some(summary) = &mut summaries[i] {
                summary.tier = Some(quota.demote_to);
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
