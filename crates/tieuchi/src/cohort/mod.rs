//! Population rules over a batch: records grouped by their keys, quotas applied in each group
//! with a deterministic ranking.

use rust_decimal::prelude::ToPrimitive as _;
use rust_decimal::Decimal;
use serde_json::Value as Json;

use crate::eval::evidence::Evidence;
use crate::kinds::{CountBasis, Direction};
use crate::outcome::{Evaluation, QuotaNote, Status};
use crate::plan::PlanQuota;
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
            if let Some(quota) = self.ruleset().plan.quotas.get(note.quota).filter(|_| note.demoted) {
                self.demote(quota.demote_to);
            }
        }
    }
}

/// The records of a batch as its quotas see them, in a few bytes each: the tier, whether a
/// knock-out set it, an interned group per quota; ranking values and subject only for the records
/// a quota may rank (rated at some quota's tier, not forced). Records are added in input order.
#[derive(Debug, Default)]
pub struct Cohort {
    quotas: usize,
    /// Per record: its tier, [`NO_TIER`] when not rated or not evaluated.
    tiers: Vec<u16>,
    /// Per record: [`EVALUATED`], [`FORCED`].
    flags: Vec<u8>,
    /// Per record and quota (stride `quotas`): the group's id, [`UNPLACED`] when a key is missing.
    groups: Vec<u32>,
    interned: rustc_hash::FxHashMap<Box<str>, u32>,
    /// Where a record's group key is written before it is looked up.
    key: String,
    /// Per record: its place in `candidates`, or `u32::MAX`.
    candidate: Vec<u32>,
    candidates: Vec<Candidate>,
    /// Every candidate's ranking values, every quota's in turn (stride: all quotas' `rank_by`).
    ranks: Vec<Value>,
    subjects: String,
}

#[derive(Debug, Clone, Copy)]
struct Candidate {
    ranks: u32,
    subject: Option<(u32, u32)>,
}

const NO_TIER: u16 = u16::MAX;
const EVALUATED: u8 = 1;
/// A knock-out set the tier: the quota neither ranks nor demotes it.
const FORCED: u8 = 2;
const UNPLACED: u32 = u32::MAX;

impl Cohort {
    pub fn new(ruleset: &RuleSet) -> Cohort {
        Cohort { quotas: ruleset.plan.quotas.len(), ..Cohort::default() }
    }

    pub(crate) fn len(&self) -> usize {
        self.tiers.len()
    }

    /// Adds the next record: its evaluation, or `None` when it could not be evaluated. Returns
    /// whether a quota decision may give the record a note ([`Cohort::decide`]): when a quota may
    /// rank it, or it has no group for one. No other record gets a note.
    pub fn push(&mut self, evaluation: Option<&Evaluation<'_>>) -> bool {
        let Some(evaluation) = evaluation else {
            self.tiers.push(NO_TIER);
            self.flags.push(0);
            self.groups.extend(std::iter::repeat_n(UNPLACED, self.quotas));
            self.candidate.push(u32::MAX);
            return false;
        };
        let ruleset = evaluation.ruleset();
        let tier = if evaluation.status() == Status::Rated { evaluation.tier_index() } else { None };
        let forced = evaluation.is_forced();
        self.tiers.push(tier.unwrap_or(NO_TIER));
        self.flags.push(EVALUATED | if forced { FORCED } else { 0 });
        let unplaced = !self.place(ruleset, evaluation.evidence());
        let may_rank = !forced && tier.is_some_and(|t| ruleset.plan.quotas.iter().any(|q| q.tier == t));
        if may_rank {
            let ranks = u32::try_from(self.ranks.len()).unwrap_or(u32::MAX);
            for quota in &ruleset.plan.quotas {
                self.ranks.extend(quota.rank_by.iter().map(|(node, _)| evaluation.rank_value(*node)));
            }
            let subject = evaluation.subject().map(|s| {
                let start = u32::try_from(self.subjects.len()).unwrap_or(u32::MAX);
                self.subjects.push_str(s);
                (start, u32::try_from(s.len()).unwrap_or(0))
            });
            self.candidate.push(u32::try_from(self.candidates.len()).unwrap_or(u32::MAX));
            self.candidates.push(Candidate { ranks, subject });
        } else {
            self.candidate.push(u32::MAX);
        }
        may_rank || unplaced
    }

    /// Adds the next record when it was rated `tier` by the ladder alone, at no quota's tier and
    /// with every quota's keys known (a batch's plain record): no decision can give it a note.
    pub(crate) fn push_laddered(&mut self, ruleset: &RuleSet, tier: u16, evidence: &Evidence) {
        self.tiers.push(tier);
        self.flags.push(EVALUATED);
        self.place(ruleset, evidence);
        self.candidate.push(u32::MAX);
    }

    /// Puts the record just added in its group of each quota; `false` when a key of one is
    /// unknown (it is then in no group of that quota).
    fn place(&mut self, ruleset: &RuleSet, evidence: &Evidence) -> bool {
        let mut key = std::mem::take(&mut self.key);
        let mut placed = true;
        for quota in &ruleset.plan.quotas {
            key.clear();
            let group = if crate::outcome::write_group_key(ruleset, evidence, &quota.within, &mut key) {
                if let Some(&id) = self.interned.get(key.as_str()) {
                    id
                } else {
                    let id = u32::try_from(self.interned.len()).unwrap_or(UNPLACED);
                    self.interned.insert(key.as_str().into(), id);
                    id
                }
            } else {
                placed = false;
                UNPLACED
            };
            self.groups.push(group);
        }
        self.key = key;
        placed
    }

    /// Adds the records of `other` (the next records of the input, summarised apart, as a worker
    /// does for its chunk) after these.
    pub fn append(&mut self, other: Cohort) {
        // Their group ids, as ids of this cohort: one look-up per group, no key copied twice.
        let mut ids = vec![UNPLACED; other.interned.len()];
        for (key, id) in other.interned {
            let next = u32::try_from(self.interned.len()).unwrap_or(UNPLACED);
            let ours = *self.interned.entry(key).or_insert(next);
            if let Some(place) = ids.get_mut(id as usize) {
                *place = ours;
            }
        }
        self.tiers.extend(other.tiers);
        self.flags.extend(other.flags);
        self.groups.extend(other.groups.into_iter().map(|g| ids.get(g as usize).copied().unwrap_or(UNPLACED)));
        let (ranks, subjects, candidates) = (self.ranks.len(), self.subjects.len(), self.candidates.len());
        let offset = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        self.candidate
            .extend(other.candidate.into_iter().map(|c| if c == u32::MAX { c } else { c + offset(candidates) }));
        self.candidates.extend(other.candidates.into_iter().map(|c| Candidate {
            ranks: c.ranks + offset(ranks),
            subject: c.subject.map(|(start, len)| (start + offset(subjects), len)),
        }));
        self.ranks.extend(other.ranks);
        self.subjects.push_str(&other.subjects);
    }

    fn subject(&self, record: usize) -> Option<&str> {
        let c = self.candidates.get(*self.candidate.get(record)? as usize)?;
        let (start, len) = c.subject?;
        self.subjects.get(start as usize..(start + len) as usize)
    }

    fn rank(&self, record: usize, quota_offset: usize, i: usize) -> Value {
        let c = self.candidate.get(record).and_then(|&c| self.candidates.get(c as usize));
        c.and_then(|c| self.ranks.get(c.ranks as usize + quota_offset + i)).copied().unwrap_or(Value::Unknown)
    }

    /// The group of a record in quota `index` of `quotas`.
    fn group_of(&self, record: usize, quotas: usize, index: usize) -> u32 {
        self.groups.get(record * quotas + index).copied().unwrap_or(UNPLACED)
    }

    fn has_flag(&self, record: usize, flag: u8) -> bool {
        self.flags.get(record).is_some_and(|f| f & flag != 0)
    }

    fn tier_of(&self, record: usize) -> u16 {
        self.tiers.get(record).copied().unwrap_or(NO_TIER)
    }

    /// Decides every quota, in declaration order. Returns the notes, by record, in record order;
    /// a record no quota placed or ranked has none.
    pub fn decide(mut self, ruleset: &RuleSet) -> Vec<(usize, QuotaNote)> {
        let mut notes: Vec<(usize, QuotaNote)> = Vec::new();
        let mut offset = 0;
        let q = self.quotas;
        for (index, quota) in ruleset.plan.quotas.iter().enumerate() {
            // Members of each group, in record order: a counting sort over the interned ids.
            // `starts[g]` is where group `g`'s members begin in `order`, `starts[g + 1]` where
            // they end.
            let mut starts = vec![0u32; self.interned.len() + 1];
            for record in 0..self.len() {
                if !self.has_flag(record, EVALUATED) {
                    continue;
                }
                let group = self.group_of(record, q, index);
                if group == UNPLACED {
                    notes.push((record, QuotaNote::unplaced(index)));
                } else if let Some(size) = starts.get_mut(group as usize + 1) {
                    *size += 1;
                }
            }
            let mut placed = 0;
            for start in &mut starts {
                placed += *start;
                *start = placed;
            }
            let mut order = vec![0u32; placed as usize];
            let mut next = starts.clone();
            for record in 0..self.len() {
                let group = self.group_of(record, q, index);
                if group == UNPLACED || !self.has_flag(record, EVALUATED) {
                    continue;
                }
                if let Some(at) = next.get_mut(group as usize) {
                    if let Some(place) = order.get_mut(*at as usize) {
                        *place = u32::try_from(record).unwrap_or(u32::MAX);
                    }
                    *at += 1;
                }
            }
            for (&start, &end) in starts.iter().zip(starts.iter().skip(1)) {
                let members = order.get(start as usize..end as usize).unwrap_or_default();
                self.decide_in_group(quota, index, offset, members, &mut notes);
            }
            offset += quota.rank_by.len();
        }
        notes.sort_by_key(|(record, note)| (*record, note.quota));
        notes
    }

    fn decide_in_group(
        &mut self,
        quota: &PlanQuota,
        index: usize,
        offset: usize,
        members: &[u32],
        notes: &mut Vec<(usize, QuotaNote)>,
    ) {
        let mut candidates: Vec<usize> = members
            .iter()
            .map(|&r| r as usize)
            .filter(|&r| {
                self.tier_of(r) == quota.tier
                    && !self.has_flag(r, FORCED)
                    && self.candidate.get(r).is_some_and(|&c| c != u32::MAX)
            })
            .collect();
        let counted = members
            .iter()
            .map(|&r| self.tier_of(r as usize))
            .filter(|&tier| tier != NO_TIER && quota.counts(tier))
            .count();
        let limit = quota_limit(quota, candidates.len(), counted);
        candidates.sort_by(|&a, &b| {
            for (i, (_, direction)) in quota.rank_by.iter().enumerate() {
                let ord = rank_order(self.rank(a, offset, i), self.rank(b, offset, i), *direction);
                if ord.is_ne() {
                    return ord;
                }
            }
            // The stable tie-break: the subject's id (ascending unless `then id desc`), then the
            // input order.
            let by_id = self.subject(a).cmp(&self.subject(b));
            let by_id = if quota.ties_by_id == Direction::Desc { by_id.reverse() } else { by_id };
            by_id.then(a.cmp(&b))
        });
        let total = candidates.len();
        for (rank, record) in candidates.into_iter().enumerate() {
            let demoted = rank >= limit;
            notes.push((
                record,
                QuotaNote { quota: index, rank: Some(rank + 1), candidates: total, counted, limit, demoted },
            ));
            if let Some(tier) = self.tiers.get_mut(record).filter(|_| demoted) {
                *tier = quota.demote_to;
            }
        }
    }
}


/// Applies every quota of the rule set to a batch of results held in memory.
pub fn apply_quotas(ruleset: &RuleSet, results: &mut [BatchResult<'_>]) {
    let mut cohort = Cohort::new(ruleset);
    for result in results.iter() {
        cohort.push(result.as_ref().ok());
    }
    let mut notes = cohort.decide(ruleset).into_iter().peekable();
    for (record, result) in results.iter_mut().enumerate() {
        let mut mine = Vec::new();
        while let Some((_, note)) = notes.next_if(|(r, _)| *r == record) {
            mine.push(note);
        }
        if let Ok(evaluation) = result {
            evaluation.apply_quota_notes(&mine);
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
