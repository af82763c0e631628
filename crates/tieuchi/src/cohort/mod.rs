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

/// How many of `candidates` may keep the quota's tier, given the `counted` records of the group
/// in the share's denominator ([`PlanQuota::counts`]: at `of`, or at `of` and every better tier
/// with `or better`, which then takes in the candidates when their tier is one of these).
/// "Không vượt quá" is a ceiling, so the limit is floored.
pub fn quota_limit(quota: &PlanQuota, candidates: usize, counted: usize) -> usize {
    let (c, n, p) = (Decimal::from(candidates), Decimal::from(counted), quota.share);
    // X of the C candidates keep the tier; P is the share, N the denominator as it stands.
    // Counted before demotion, or when the demoted stay on the side of the denominator they were
    // on: X ≤ P × N. Counted after demotion, the C − X demoted go to `demote to`, and
    // - join the denominator (candidates not counted, `demote to` counted: `of U … demote to U`):
    //   X ≤ P × (N + C − X), so X ≤ P × (N + C) / (1 + P);
    // - leave it (candidates counted by `or better`, `demote to` a tier worse than U):
    //   X ≤ P × (N − (C − X)), so (1 − P) × X ≤ P × (N − C), X ≤ P × (N − C) / (1 − P);
    //   N ≥ C, so at P = 100% (and whenever the quotient is too large to hold) all may keep it.
    // Without `or better` the candidates are never taken as counted, whatever their tier, so
    // `of U` keeps the formula it has always had.
    let candidates_counted = quota.or_better && quota.counts(quota.tier);
    let demoted_counted = quota.counts(quota.demote_to);
    let bound = if quota.count == CountBasis::BeforeDemotion || candidates_counted == demoted_counted {
        p.checked_mul(n)
    } else if demoted_counted {
        p.checked_mul(n.checked_add(c).unwrap_or(Decimal::MAX))
            .and_then(|x| x.checked_div(Decimal::ONE.checked_add(p)?))
    } else {
        let kept_share = Decimal::ONE.checked_sub(p).unwrap_or(Decimal::ZERO);
        if kept_share <= Decimal::ZERO {
            return candidates;
        }
        let rest = Decimal::from(counted.saturating_sub(candidates));
        match p.checked_mul(rest).and_then(|x| x.checked_div(kept_share)) {
            Some(bound) => Some(bound),
            None => return candidates,
        }
    };
    let limit = match bound {
        Some(b) if b.is_sign_negative() => 0,
        Some(b) => b.floor().to_usize().unwrap_or(usize::MAX),
        None => 0,
    };
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
    let counted = members.iter().filter(|&&i| tier_of(i).is_some_and(|t| quota.counts(t))).count();
    let limit = quota_limit(quota, candidates.len(), counted);
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
        notes[i].push(QuotaNote { quota: index, rank: Some(rank + 1), candidates: total, counted, limit, demoted });
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
