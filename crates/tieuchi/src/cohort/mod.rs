//! Population rules over a batch: records grouped by their keys, quotas applied in each group
//! with a deterministic ranking.

use std::sync::{Arc, RwLock};

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
            if let Some(tier) = crate::outcome::demoted_to(self.ruleset(), note) {
                self.demote(tier);
            }
        }
    }
}

/// The records of a batch as its quotas see them, in a few bytes each: the tier, whether a
/// knock-out set it, an interned group per quota; ranking values and subject only for the records
/// a quota may rank (rated at some quota's tier, not forced). Records are added in input order.
///
/// A large batch is summarised a chunk at a time by several workers: each fills a part
/// ([`Parts::part`]) and the cohort appends the parts in input order. A part looks a group key up
/// in the ids the cohort had given when the part was made, so that a key is hashed once per record
/// and copied only when it is new to the whole cohort, not once per chunk.
#[derive(Debug, Default)]
pub struct Cohort {
    quotas: usize,
    /// Per record: its tier, [`NO_TIER`] when not rated or not evaluated.
    tiers: Vec<u16>,
    /// Per record: [`EVALUATED`], [`FORCED`].
    flags: Vec<u8>,
    /// Per record and quota (stride `quotas`): the group's id, [`UNPLACED`] when a key is missing,
    /// [`OUTSIDE`] when the quota neither ranks nor counts the record.
    groups: Vec<u32>,
    /// A whole cohort: every group key it has met, by id. A part: the keys met that `known`
    /// lacks, numbered from [`PART_GROUP`] (the cohort numbers them when it appends the part).
    ids: GroupIds,
    /// A whole cohort: the ids its parts start from (published from `ids` now and then). A
    /// part: those of its cohort when it was made.
    known: Arc<GroupIds>,
    shared: Arc<RwLock<Arc<GroupIds>>>,
    is_part: bool,
    /// Where a record's group key is written before it is looked up.
    key: String,
    /// Per record: its place in `candidates`, or `u32::MAX`.
    candidate: Vec<u32>,
    candidates: Vec<Candidate>,
    /// Every candidate's ranking values, every quota's in turn (stride: all quotas' `rank_by`).
    ranks: Vec<Value>,
    subjects: String,
}

type GroupIds = rustc_hash::FxHashMap<Box<str>, u32>;

/// Makes the parts of a cohort, on any thread ([`Cohort::parts`]).
#[derive(Debug, Clone)]
pub struct Parts {
    quotas: usize,
    shared: Arc<RwLock<Arc<GroupIds>>>,
}

impl Parts {
    /// An empty part, for the next records, to be appended to the cohort in their turn.
    pub fn part(&self) -> Cohort {
        let known = Arc::clone(&self.shared.read().unwrap_or_else(std::sync::PoisonError::into_inner));
        Cohort { quotas: self.quotas, known, shared: Arc::clone(&self.shared), is_part: true, ..Cohort::default() }
    }
}

/// A candidate as a quota ranks it: its ranking values, its id, its record.
type RankKey<'a> = (&'a [Option<Decimal>], Option<&'a str>, usize);

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
/// In its group of the quota, which neither ranks nor counts it: the group is not looked up.
const OUTSIDE: u32 = u32::MAX - 1;
/// The first id a part gives a group key its cohort had not met when the part was made.
const PART_GROUP: u32 = 1 << 31;
/// A cohort republishes its group ids for its parts while it has fewer ids than this, or when
/// those it has not published are a quarter of the others: copies of the map then cost, in all,
/// a few times the keys.
const PUBLISH_ALWAYS_BELOW: usize = 1 << 16;

impl Cohort {
    pub fn new(ruleset: &RuleSet) -> Cohort {
        Cohort { quotas: ruleset.plan.quotas.len(), ..Cohort::default() }
    }

    /// What makes this cohort's parts.
    pub fn parts(&self) -> Parts {
        Parts { quotas: self.quotas, shared: Arc::clone(&self.shared) }
    }

    /// How many groups the records are in, over all quotas.
    fn group_count(&self) -> usize {
        self.ids.len()
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
        let unplaced = !self.place(ruleset, evaluation.evidence(), tier);
        let may_rank = !forced && tier.is_some_and(|t| ruleset.plan.quotas.iter().any(|q| q.tier == t));
        if may_rank {
            let ranks = ruleset.plan.quotas.iter().flat_map(|q| &q.rank_by).map(|(node, _)| evaluation.rank_value(*node));
            self.add_candidate(ranks, evaluation.subject());
        } else {
            self.candidate.push(u32::MAX);
        }
        may_rank || unplaced
    }

    /// Adds the next record when it was rated `tier` by the ladder alone, with no knock-out fired
    /// and every quota's keys known (a batch's plain record); `ranks`, its values of every quota's
    /// ranking in turn, are read when `tier` is a quota's. Returns whether a quota decision may
    /// give the record a note: only then, as [`Cohort::push`] says.
    pub(crate) fn push_laddered(
        &mut self,
        ruleset: &RuleSet,
        (tier, evidence): (u16, &Evidence),
        ranks: impl IntoIterator<Item = Value>,
    ) -> bool {
        self.tiers.push(tier);
        self.flags.push(EVALUATED);
        self.place(ruleset, evidence, Some(tier));
        let may_rank = ruleset.plan.quotas.iter().any(|q| q.tier == tier);
        if may_rank {
            self.add_candidate(ranks, evidence.subject.as_deref());
        } else {
            self.candidate.push(u32::MAX);
        }
        may_rank
    }

    /// Makes the record just added a candidate a quota may rank, with its ranking values (every
    /// quota's in turn) and its subject.
    fn add_candidate(&mut self, ranks: impl IntoIterator<Item = Value>, subject: Option<&str>) {
        let start = u32::try_from(self.ranks.len()).unwrap_or(u32::MAX);
        self.ranks.extend(ranks);
        let subject = subject.map(|s| {
            let start = u32::try_from(self.subjects.len()).unwrap_or(u32::MAX);
            self.subjects.push_str(s);
            (start, u32::try_from(s.len()).unwrap_or(0))
        });
        self.candidate.push(u32::try_from(self.candidates.len()).unwrap_or(u32::MAX));
        self.candidates.push(Candidate { ranks: start, subject });
    }

    /// Puts the record just added, rated `tier`, in its group of each quota; `false` when a key
    /// of one is unknown (it is then in no group of that quota). A record no quota may rank and
    /// none counts at its tier, which no decision changes, is in its groups by the way
    /// ([`OUTSIDE`]): its keys are not looked up.
    fn place(&mut self, ruleset: &RuleSet, evidence: &Evidence, tier: Option<u16>) -> bool {
        let quotas = &ruleset.plan.quotas;
        let ranked = tier.is_some_and(|t| quotas.iter().any(|q| q.tier == t));
        let mut key = std::mem::take(&mut self.key);
        let mut placed = true;
        let unknown = |&k: &u32| evidence.values.get(k as usize).is_none_or(|v| v.is_unknown());
        for quota in quotas {
            // `None` when a key is unknown.
            let group = if ranked || tier.is_some_and(|t| quota.counts(t)) {
                key.clear();
                crate::outcome::write_group_key(ruleset, evidence, &quota.within, &mut key).then(|| self.id_of(&key))
            } else {
                (!quota.within.iter().any(unknown)).then_some(OUTSIDE)
            };
            self.groups.push(group.unwrap_or_else(|| {
                placed = false;
                UNPLACED
            }));
        }
        self.key = key;
        placed
    }

    /// The id of a group key: the cohort's, or (in a part) one to be numbered when it is appended.
    fn id_of(&mut self, key: &str) -> u32 {
        if let Some(&id) = self.known.get(key).or_else(|| self.ids.get(key)) {
            return id;
        }
        let next = u32::try_from(self.ids.len()).unwrap_or(UNPLACED);
        let id = if self.is_part { PART_GROUP | next } else { next };
        self.ids.insert(key.into(), id);
        id
    }

    /// Adds the records of `other` (the next records of the input, summarised apart, as a worker
    /// does for its chunk: a part from [`Cohort::parts`]) after these.
    pub fn append(&mut self, other: Cohort) {
        debug_assert!(other.is_part && Arc::ptr_eq(&self.shared, &other.shared), "a part of this cohort");
        // The keys the part met first: one look-up per key, none copied twice.
        let mut fresh = vec![UNPLACED; other.ids.len()];
        for (key, id) in other.ids {
            let next = u32::try_from(self.ids.len()).unwrap_or(UNPLACED);
            let ours = *self.ids.entry(key).or_insert(next);
            if let Some(place) = fresh.get_mut((id & !PART_GROUP) as usize) {
                *place = ours;
            }
        }
        self.tiers.extend(other.tiers);
        self.flags.extend(other.flags);
        self.groups.extend(other.groups.into_iter().map(|g| {
            if g != UNPLACED && g != OUTSIDE && g & PART_GROUP != 0 {
                fresh.get((g & !PART_GROUP) as usize).copied().unwrap_or(UNPLACED)
            } else {
                g
            }
        }));
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
        self.publish();
    }

    /// Lets the parts made from now on look up the ids given since the last time.
    fn publish(&mut self) {
        let unpublished = self.ids.len() - self.known.len();
        if unpublished > 0 && (self.ids.len() < PUBLISH_ALWAYS_BELOW || unpublished * 4 >= self.known.len()) {
            self.known = Arc::new(self.ids.clone());
            *self.shared.write().unwrap_or_else(std::sync::PoisonError::into_inner) = Arc::clone(&self.known);
        }
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

    /// Decides every quota, in declaration order. Returns the notes, by record, in record order;
    /// a record no quota placed or ranked has none.
    pub fn decide(mut self, ruleset: &RuleSet) -> Vec<(usize, QuotaNote)> {
        let mut notes: Vec<(usize, QuotaNote)> = Vec::new();
        let mut offset = 0;
        let q = self.quotas;
        for (index, quota) in ruleset.plan.quotas.iter().enumerate() {
            // One pass in record order counts each group's denominator and notes its candidates
            // (a tenth of the records, say); then the candidates of each group are put together
            // (a counting sort over the group ids): `starts[g]` is where group `g`'s begin in
            // `order`, `starts[g + 1]` where they end. Only candidates are ranked, so only they
            // are gathered.
            let groups = self.group_count();
            let mut counted = vec![0usize; groups];
            let mut starts = vec![0u32; groups + 1];
            let mut candidates: Vec<(u32, u32)> = Vec::new();
            let records = self.tiers.iter().zip(&self.flags).zip(&self.candidate);
            let placed = self.groups.iter().skip(index).step_by(q.max(1));
            for (record, (((&tier, &flags), &candidate), &group)) in records.zip(placed).enumerate() {
                if flags & EVALUATED == 0 {
                    continue;
                }
                if group == UNPLACED {
                    notes.push((record, QuotaNote::unplaced(index)));
                    continue;
                }
                if group == OUTSIDE {
                    continue;
                }
                if let Some(count) = counted.get_mut(group as usize).filter(|_| tier != NO_TIER && quota.counts(tier)) {
                    *count += 1;
                }
                // A quota may rank it: rated at its tier, not by a knock-out.
                if tier == quota.tier && flags & FORCED == 0 && candidate != u32::MAX {
                    if let Some(size) = starts.get_mut(group as usize + 1) {
                        *size += 1;
                    }
                    candidates.push((group, u32::try_from(record).unwrap_or(u32::MAX)));
                }
            }
            let mut gathered = 0;
            for start in &mut starts {
                gathered += *start;
                *start = gathered;
            }
            let mut order = vec![0u32; gathered as usize];
            let mut next = starts.clone();
            for (group, record) in candidates {
                if let Some(at) = next.get_mut(group as usize) {
                    if let Some(place) = order.get_mut(*at as usize) {
                        *place = record;
                    }
                    *at += 1;
                }
            }
            // The groups are ranked apart (on every core), then their demotions applied: a
            // quota's groups share no record.
            let groups: Vec<(&[u32], usize)> = starts
                .iter()
                .zip(starts.iter().skip(1))
                .zip(&counted)
                .map(|((&start, &end), &counted)| (order.get(start as usize..end as usize).unwrap_or_default(), counted))
                .filter(|(candidates, _)| !candidates.is_empty())
                .collect();
            let rank = |&(candidates, counted): &(&[u32], usize)| self.rank_group(quota, (index, offset), candidates, counted);
            #[cfg(feature = "parallel")]
            let ranked: Vec<Vec<(usize, QuotaNote)>> = {
                use rayon::prelude::*;
                groups.par_iter().with_min_len(64).map(rank).collect()
            };
            #[cfg(not(feature = "parallel"))]
            let ranked: Vec<Vec<(usize, QuotaNote)>> = groups.iter().map(rank).collect();
            for (record, note) in ranked.into_iter().flatten() {
                if let Some(tier) = self.tiers.get_mut(record).filter(|_| note.demoted) {
                    *tier = quota.demote_to;
                }
                notes.push((record, note));
            }
            offset += quota.rank_by.len();
        }
        notes.sort_by_key(|(record, note)| (*record, note.quota));
        notes
    }

    /// Ranks a group's `candidates` (in record order) for quota number `index`, whose ranking
    /// values start at `offset` among a candidate's, `counted` being the group's denominator:
    /// each candidate's note, best first.
    fn rank_group(
        &self,
        quota: &PlanQuota,
        (index, offset): (usize, usize),
        candidates: &[u32],
        counted: usize,
    ) -> Vec<(usize, QuotaNote)> {
        let candidates: Vec<usize> = candidates.iter().map(|&r| r as usize).collect();
        let limit = quota_limit(quota, candidates.len(), counted);
        // Each candidate's ranking values and id read once, not at every comparison.
        let width = quota.rank_by.len();
        let values: Vec<Option<Decimal>> = candidates
            .iter()
            .flat_map(|&r| (0..width).map(move |i| (r, i)))
            .map(|(r, i)| self.rank(r, offset, i).as_number())
            .collect();
        let mut keyed: Vec<RankKey<'_>> = candidates
            .iter()
            .enumerate()
            .map(|(at, &r)| (values.get(at * width..(at + 1) * width).unwrap_or_default(), self.subject(r), r))
            .collect();
        // Input order breaks the last ties: no two keys are equal, so an unstable sort is stable.
        keyed.sort_unstable_by(|(a_ranks, a_id, a), (b_ranks, b_id, b)| {
            for ((x, y), (_, direction)) in a_ranks.iter().zip(*b_ranks).zip(&quota.rank_by) {
                let ord = rank_order(*x, *y, *direction);
                if ord.is_ne() {
                    return ord;
                }
            }
            // The stable tie-break: the subject's id (ascending unless `then id desc`), then the
            // input order.
            let by_id = a_id.cmp(b_id);
            let by_id = if quota.ties_by_id == Direction::Desc { by_id.reverse() } else { by_id };
            by_id.then(a.cmp(b))
        });
        let total = keyed.len();
        keyed
            .into_iter()
            .enumerate()
            .map(|(rank, (_, _, record))| {
                let demoted = rank >= limit;
                (record, QuotaNote { quota: index, rank: Some(rank + 1), candidates: total, counted, limit, demoted })
            })
            .collect()
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
fn rank_order(x: Option<Decimal>, y: Option<Decimal>, direction: Direction) -> std::cmp::Ordering {
    use std::cmp::Ordering::{Equal, Greater, Less};
    match (x, y) {
        (Some(a), Some(b)) if direction == Direction::Desc => b.cmp(&a),
        (Some(a), Some(b)) => a.cmp(&b),
        (Some(_), None) => Less,
        (None, Some(_)) => Greater,
        (None, None) => Equal,
    }
}
