//! The result of one evaluation, with its reasons. The model's tiers, rules and slots are read
//! by the ids the plan gave them; one that were missing would read as unknown or as nothing.

use std::borrow::Cow;

use rust_decimal::Decimal;

use crate::check::model::Type;
use crate::eval::evidence::Evidence;
mod run;

use crate::eval::{Decision, Derived, Notes, Trace, Unknown};
use crate::i18n::Lang;
use crate::kinds::AdjustKind;
use crate::msg;
use crate::plan::{Condition, Read};
use crate::value::{date_text, decimal_text, Date, Value};
use crate::RuleSet;
pub(crate) use run::{aggregate_value, from_prepared, member_tally, run, run_all, run_owned};

/// Every finding an evaluation can give. The strings are stable: tools and case files match on
/// them, and the calculator page heads each finding by its [`crate::codes`] entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FindingCode {
    /// A knock-out set the tier (`force`).
    Knockout,
    /// A cap held the tier down.
    Cap,
    /// An exclusion left the record not rated.
    Exclusion,
    /// Evidence a deciding rule needs is missing.
    MissingEvidence,
    /// A computed score was held to its range.
    ScoreClamped,
    /// A quotient with no exact decimal reached a value or a condition.
    InexactDivision,
    /// A quota applies, but the batch is not known yet (one record evaluated alone).
    QuotaPending,
    /// A quota kept the record's tier.
    QuotaKept,
    /// A quota lowered the record's tier.
    QuotaDemoted,
    /// A quota could not place the record (a key missing).
    QuotaUnplaced,
    /// The rule set chosen is not in force on the evaluation date.
    NotInForce,
}

impl FindingCode {
    /// Every finding, in declaration order.
    pub const ALL: &'static [FindingCode] = &[
        FindingCode::Knockout,
        FindingCode::Cap,
        FindingCode::Exclusion,
        FindingCode::MissingEvidence,
        FindingCode::ScoreClamped,
        FindingCode::InexactDivision,
        FindingCode::QuotaPending,
        FindingCode::QuotaKept,
        FindingCode::QuotaDemoted,
        FindingCode::QuotaUnplaced,
        FindingCode::NotInForce,
    ];

    /// The stable code: `knockout`, `quota-kept`.
    pub fn as_str(self) -> &'static str {
        match self {
            FindingCode::Knockout => "knockout",
            FindingCode::Cap => "cap",
            FindingCode::Exclusion => "exclusion",
            FindingCode::MissingEvidence => "missing-evidence",
            FindingCode::ScoreClamped => "score-clamped",
            FindingCode::InexactDivision => "inexact-division",
            FindingCode::QuotaPending => "quota-pending",
            FindingCode::QuotaKept => "quota-kept",
            FindingCode::QuotaDemoted => "quota-demoted",
            FindingCode::QuotaUnplaced => "quota-unplaced",
            FindingCode::NotInForce => "not-in-force",
        }
    }
}

impl std::fmt::Display for FindingCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

pub use crate::kinds::Status;

/// Whose rule decided a tier the ladder set in a layered rule set, where the national rules
/// alone are not simply the tier's own (see `Evaluation::band_decision`).
#[derive(Debug, Clone, Copy)]
pub(crate) enum Band<'r> {
    /// A layer's stricter value of a national parameter kept the record from a better tier.
    LayerValue(&'r crate::check::model::ParamValue),
    /// The condition a layer's tier (by index) adds to the national one kept the record from it.
    LayerTier(usize),
    /// The national rules give the same tier: the national tier the layer's tightens decided.
    National(&'r crate::check::model::NationalTier),
}

/// What a quota did to one record of a batch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QuotaNote {
    /// The quota's index in the rule set.
    pub quota: usize,
    /// 1-based rank among the group's candidates; `None` when the record could not be grouped.
    pub rank: Option<usize>,
    /// Records of the group at the quota's tier before it applied.
    pub candidates: usize,
    /// Records of the group in the share's denominator, as the quotas before it left them: at
    /// the tier `of`, or with `or better` at it or a better tier (then the candidates too, when
    /// their tier is one of these).
    pub counted: usize,
    /// How many candidates keep the tier.
    pub limit: usize,
    pub demoted: bool,
}

impl QuotaNote {
    pub(crate) fn unplaced(quota: usize) -> Self {
        QuotaNote { quota, rank: None, candidates: 0, counted: 0, limit: 0, demoted: false }
    }
}

/// The result of evaluating one record: compact, and rendered to the wire shape on demand.
#[derive(Debug, Clone)]
pub struct Evaluation<'r> {
    pub(crate) ruleset: &'r RuleSet,
    pub(crate) evidence: Cow<'r, Evidence>,
    pub(crate) derived: Derived,
    pub(crate) decision: Decision,
    pub(crate) trace: Trace,
    pub(crate) notes: Notes,
    pub(crate) on: Option<Date>,
    /// The language of the findings.
    pub(crate) lang: Lang,
    /// Set once population rules have run over the batch this record belongs to.
    pub(crate) cohort: bool,
    pub(crate) quota_notes: Vec<QuotaNote>,
}

impl<'r> Evaluation<'r> {
    pub(crate) fn new(
        ruleset: &'r RuleSet,
        evidence: Cow<'r, Evidence>,
        derived: Derived,
        decision: Decision,
        trace: Trace,
        notes: Notes,
        on: Option<Date>,
    ) -> Self {
        Evaluation {
            ruleset,
            evidence,
            derived,
            decision,
            trace,
            notes,
            on,
            lang: Lang::default(),
            cohort: false,
            quota_notes: Vec::new(),
        }
    }

    /// The same evaluation, its findings in `lang`.
    #[must_use]
    pub(crate) fn in_lang(mut self, lang: Lang) -> Self {
        self.lang = lang;
        self
    }

    /// The language of the findings.
    pub fn lang(&self) -> Lang {
        self.lang
    }

    pub(crate) fn ruleset(&self) -> &'r RuleSet {
        self.ruleset
    }

    pub(crate) fn mark_cohort_applied(&mut self) {
        self.cohort = true;
    }

    pub(crate) fn note_quota(&mut self, note: QuotaNote) {
        self.quota_notes.push(note);
    }

    /// What the batch's quotas did to this record.
    pub fn quota_notes(&self) -> &[QuotaNote] {
        &self.quota_notes
    }

    /// A let's or score's value by its derived slot.
    /// An evidence slot's value.
    pub(crate) fn input(&self, slot: u32) -> Value {
        self.evidence.values.get(slot as usize).copied().unwrap_or(Value::Unknown)
    }

    pub(crate) fn derived_value(&self, slot: u32) -> Value {
        self.derived.get(slot as usize).copied().unwrap_or(Value::Unknown)
    }

    pub(crate) fn evidence(&self) -> &Evidence {
        &self.evidence
    }

    /// The knock-outs, caps and exclusions whose conditions held, in the rule set's order.
    pub(crate) fn held_adjustments(&self) -> &[u16] {
        &self.decision.fired
    }

    pub(crate) fn tier_index(&self) -> Option<u16> {
        self.decision.tier
    }

    /// Whether a knock-out set the tier.
    pub(crate) fn is_forced(&self) -> bool {
        self.deciding_kind() == Some(AdjustKind::Force)
    }

    /// The kind of the knock-out, cap or exclusion that decided, if one did.
    fn deciding_kind(&self) -> Option<AdjustKind> {
        let adjustments = &self.ruleset.model.adjustments;
        self.decision.decided_by.and_then(|a| adjustments.get(usize::from(a))).map(|a| a.kind)
    }

    pub(crate) fn demote(&mut self, tier: u16) {
        self.decision.tier = Some(tier);
        self.decision.demoted = true;
    }

    /// The values of the rule set's `key`s for this record, in declaration order; unknown keys
    /// are left out.
    pub fn keys(&self) -> Vec<String> {
        let slots: Vec<u32> = self
            .ruleset
            .model
            .inputs
            .iter()
            .enumerate()
            .filter(|(_, i)| i.is_key)
            .filter_map(|(i, _)| u32::try_from(i).ok())
            .filter(|&s| !self.input(s).is_unknown())
            .collect();
        self.group_key(&slots).unwrap_or_default()
    }

    /// The values of the evidence slots of a quota's keys; `None` if one is unknown.
    pub(crate) fn group_key(&self, slots: &[u32]) -> Option<Vec<String>> {
        slots
            .iter()
            .map(|&s| {
                let value = self.input(s);
                if value.is_unknown() {
                    return None;
                }
                Some(match self.show(value, None) {
                    serde_json::Value::String(text) => text,
                    other => other.to_string(),
                })
            })
            .collect()
    }

    /// A ranking expression's value for this record; unknown if it cannot be computed.
    pub(crate) fn rank_value(&self, node: crate::plan::NodeId) -> Value {
        let evaluation_year = self.on.map(|d| i32::from(d.year()));
        let frame = crate::eval::Frame {
            plan: &self.ruleset.plan,
            evidence: &self.evidence,
            derived: &self.derived,
            derived_inexact: &[],
            evaluation_year,
            params: &crate::eval::param_values(&self.ruleset.model, self.on),
            inexact: std::cell::Cell::new(None),
        };
        frame.eval(node, None).unwrap_or(Value::Unknown)
    }

    /// The evaluation date: the record's own `on`, else the one given to evaluate.
    pub fn on(&self) -> Option<Date> {
        self.on
    }

    /// The evidence, given back to be reused for the next record.
    pub(crate) fn into_evidence(self) -> Evidence {
        self.evidence.into_owned()
    }

    /// Rated, not rated, or not determinable.
    pub fn status(&self) -> Status {
        self.decision.status
    }

    /// The tier's id, when rated.
    pub fn tier(&self) -> Option<&'r str> {
        let model = &self.ruleset.model;
        self.decision.tier.and_then(|t| model.tier(t)).map(|t| t.id.as_str())
    }

    /// The tier's label, when rated.
    pub fn tier_label(&self) -> Option<&'r str> {
        let model = &self.ruleset.model;
        self.decision.tier.and_then(|t| model.tier(t)).map(|t| t.label.as_str())
    }

    /// A score's exact value, when known.
    pub fn score(&self, id: &str) -> Option<Decimal> {
        let index = self.ruleset.model.scores.iter().position(|s| s.id == id)?;
        self.derived_value(*self.ruleset.plan.score_slots.get(index)?).as_number()
    }

    /// The subject the evidence names, if any.
    pub fn subject(&self) -> Option<&str> {
        self.evidence.subject.as_deref()
    }

    /// Evidence fields whose absence left the result undetermined: inputs by id, members' fields
    /// by path (`thanh_vien[3].xep_loai`).
    pub fn missing_fields(&self) -> Vec<String> {
        let plan = &self.ruleset.plan;
        // Missing inputs, and collections that are present but have members with missing fields.
        let missing =
            |s: &u32| self.evidence.missing.contains(s) || self.evidence.missing_members.iter().any(|(m, _)| m == s);
        let mut slots: Vec<u32> =
            self.unknown_conditions().flat_map(|c| c.needs.iter().copied().filter(|s| missing(s))).collect();
        slots.sort_unstable();
        slots.dedup();
        let mut fields = Vec::new();
        for s in slots {
            if let Some(field) = plan.evidence.get(s as usize).filter(|_| self.evidence.missing.contains(&s)) {
                fields.push(crate::eval::evidence::field_name(&self.ruleset.model, field).to_owned());
            }
            fields.extend(self.evidence.missing_members.iter().filter(|(m, _)| *m == s).map(|(_, path)| path.clone()));
        }
        // Without an evaluation date `evaluation_year`, history windows and streaks are unknown:
        // the date is what is missing.
        if self.on.is_none() && self.unknown_conditions().any(|c| c.needs_date) {
            fields.push("on".to_owned());
        }
        fields
    }

    /// The conditions of the rules whose outcome stayed unknown.
    pub(crate) fn unknown_conditions(&self) -> impl Iterator<Item = &'r Condition> + '_ {
        let plan = &self.ruleset.plan;
        self.decision.unknown.iter().flat_map(move |u| {
            let conditions: &'r [Condition] = match *u {
                Unknown::Tier(i) => {
                    plan.tiers.get(usize::from(i)).and_then(|t| t.guard.as_ref()).map_or(&[], |g| &g.conditions)
                }
                Unknown::Adjust(i) => plan.adjustments.get(usize::from(i)).map_or(&[], |a| &a.guard.conditions),
            };
            conditions.iter()
        })
    }

    /// A value as the wire shows it.
    pub(crate) fn show(&self, v: Value, ty: Option<&Type>) -> serde_json::Value {
        show_value(self.ruleset, &self.evidence, v, ty)
    }

    pub(crate) fn shown(&self, v: Value, ty: Option<&Type>) -> Shown<'_> {
        shown(self.ruleset, &self.evidence, v, ty)
    }

    pub(crate) fn read_type(&self, read: Read) -> Option<&'r Type> {
        let model = &self.ruleset.model;
        let plan = &self.ruleset.plan;
        match read {
            Read::Input(s) => match plan.evidence.get(s as usize)? {
                crate::plan::EvidenceField::Input(i) => Some(&model.inputs.get(*i)?.ty),
                crate::plan::EvidenceField::AssessedScore(_) => None,
            },
            Read::Derived(s) => {
                let i = plan.let_slots.iter().position(|&l| l == s)?;
                Some(&model.lets.get(i)?.value.ty)
            }
            Read::Param(p) => Some(&model.params.get(p as usize)?.ty),
        }
    }

    pub(crate) fn read_value(&self, read: Read) -> Value {
        match read {
            Read::Input(s) => self.input(s),
            Read::Derived(s) => self.derived_value(s),
            Read::Param(p) => self.ruleset.model.params.get(p as usize).and_then(|p| p.value_on(self.on)).map_or(Value::Unknown, |v| v.value),
        }
    }

    pub(crate) fn read_name(&self, read: Read) -> &'r str {
        read_name(self.ruleset, read)
    }

    /// What set the tier, when rated: `score`, `tiers` (a ladder without scores), `force`,
    /// `cap`, `exclude` or `quota`.
    pub fn decided_by(&self) -> Option<&'static str> {
        self.decision.tier?;
        Some(decided_by(self.ruleset, self.deciding_kind(), self.decision.demoted))
    }

    /// `file:line:column` of the rule that set the result: the quota that lowered the tier, the
    /// knock-out, cap or exclusion that decided it, a layer's stricter value of a national
    /// parameter or a layer tier's added condition that kept the record from the better tier the
    /// national rules give, or else the tier whose condition held (for a layer that wrote the
    /// outcome again, the national tier it tightens where the national rules give the same).
    /// `None` for a result not determinable.
    pub fn deciding_rule(&self) -> Option<&'r str> {
        let ruleset: &'r RuleSet = self.ruleset;
        let plan = &ruleset.plan;
        if self.decision.demoted {
            let note = self.quota_notes.iter().find(|n| n.demoted)?;
            return plan.quotas.get(note.quota).map(|q| q.location.as_str());
        }
        match self.decision.decided_by {
            Some(a) => plan.adjustments.get(a as usize).map(|a| a.location.as_str()),
            None => match self.band_decision() {
                Some(Band::LayerValue(value)) => Some(value.location.as_str()),
                Some(Band::LayerTier(tier)) => plan.tiers.get(tier).map(|t| t.location.as_str()),
                Some(Band::National(national)) => Some(national.location.as_str()),
                None => plan.tiers.get(usize::from(self.decision.tier?)).map(|t| t.location.as_str()),
            },
        }
    }

    /// The layer whose rule decided, for a rule set that `extends` another: the rule
    /// [`Evaluation::deciding_rule`] names. A tier's band is the layer's when the layer kept the
    /// record from the better tier the national rules alone give: by its stricter value of a
    /// national parameter (91 points under a layer's HTXS threshold of 92, the national one being
    /// 90), or by a condition its own outcome adds to a national tier's. A record the national
    /// rules would give the same tier (95 points, or 50) is the national band's.
    pub fn deciding_layer(&self) -> Option<&'r crate::kinds::LayerInfo> {
        let ruleset: &'r RuleSet = self.ruleset;
        if ruleset.layers().is_empty() {
            return None;
        }
        let model = &ruleset.model;
        let span = if self.decision.demoted {
            let note = self.quota_notes.iter().find(|n| n.demoted)?;
            model.quotas.get(note.quota)?.span
        } else if let Some(a) = self.decision.decided_by {
            model.adjustments.get(a as usize)?.span
        } else {
            match self.band_decision() {
                Some(Band::LayerValue(value)) => value.span,
                Some(Band::LayerTier(tier)) => model.outcome.tiers.get(tier)?.span,
                Some(Band::National(national)) => national.span,
                None => model.outcome.tiers.get(usize::from(self.decision.tier?))?.span,
            }
        };
        ruleset.layer_at(span)
    }

    /// For a tier the ladder set in a layered rule set, whose rule decided the band: the national
    /// rules alone are asked what they give — the national values of the parameters layers made
    /// stricter, and of an outcome the layer wrote again only the conditions that repeat the
    /// national ones (everything else as evaluated). A better tier there means the layer kept the
    /// record from it: by its stricter parameter value, when that tier's whole condition holds
    /// with the national values (of the stricter values it reads, the first that alone makes the
    /// difference is named, else the first), or else by the condition its tier adds. The same
    /// tier means the national band decided. `None` where nothing is to ask: a knock-out, cap,
    /// exclusion or quota decided, or no layer tightened a parameter or wrote the outcome again
    /// (those pay nothing more than a look at the parameters).
    ///
    /// A layer's parameter is compared only by the tiers' own conditions (the merge refuses one
    /// read anywhere else), so no let, score or adjustment depends on it and the tiers' conditions
    /// are all there is to evaluate again.
    pub(crate) fn band_decision(&self) -> Option<Band<'r>> {
        let ruleset: &'r RuleSet = self.ruleset;
        if ruleset.layers().is_empty() || self.decision.decided_by.is_some() || self.decision.demoted {
            return None;
        }
        let reached = usize::from(self.decision.tier?);
        let model = &ruleset.model;
        let tiers = &model.outcome.tiers;
        let rewritten = tiers.first().is_some_and(|t| t.national.is_some());
        let stricter: smallvec::SmallVec<[(u32, &'r crate::check::model::ParamValue, Value); 2]> = model
            .params
            .iter()
            .enumerate()
            .filter_map(|(i, p)| {
                let (used, national) = p.layer_stricter_on(self.on)?;
                Some((u32::try_from(i).ok()?, used, national.value))
            })
            .collect();
        if stricter.is_empty() && !rewritten {
            return None;
        }
        let layer_values = crate::eval::param_values(model, self.on);
        let mut national_values = layer_values.clone();
        for &(i, _, national) in &stricter {
            if let Some(value) = national_values.get_mut(i as usize) {
                *value = national;
            }
        }
        for (index, tier) in ruleset.plan.tiers.iter().enumerate().take(reached) {
            let Some(guard) = &tier.guard else { continue };
            // The stricter values this tier's conditions read.
            let reads: smallvec::SmallVec<[&(u32, &'r crate::check::model::ParamValue, Value); 2]> = stricter
                .iter()
                .filter(|(i, ..)| guard.conditions.iter().any(|c| c.reads.contains(&Read::Param(*i))))
                .collect();
            let national_holds = match tiers.get(index).and_then(|t| t.national.as_ref()) {
                Some(national) => self.conditions_hold(guard, Some(&national.conditions), &national_values),
                // A national condition that reads none of them is what it was: false, the tier
                // not reached.
                None => !reads.is_empty() && self.conditions_hold(guard, None, &national_values),
            };
            if !national_holds {
                continue;
            }
            // The national rules give this better tier: the layer kept the record from it.
            if reads.is_empty() || !self.conditions_hold(guard, None, &national_values) {
                return Some(Band::LayerTier(index));
            }
            let alone = reads.iter().copied().find(|&&(i, _, national)| {
                let mut values = layer_values.clone();
                if let Some(value) = values.get_mut(i as usize) {
                    *value = national;
                }
                self.conditions_hold(guard, None, &values)
            });
            return alone.or_else(|| reads.first().copied()).map(|&(_, used, _)| Band::LayerValue(used));
        }
        tiers.get(reached)?.national.as_ref().map(Band::National)
    }

    /// Whether the conditions of `guard` (those of index in `only`, else all) hold for this record
    /// with the parameters' values `params` (by index); a condition undecided or in error does not.
    pub(crate) fn conditions_hold(&self, guard: &crate::plan::Guard, only: Option<&[u32]>, params: &[Value]) -> bool {
        let frame = crate::eval::Frame {
            plan: &self.ruleset.plan,
            evidence: &self.evidence,
            derived: &self.derived,
            derived_inexact: &[],
            evaluation_year: self.on.map(|d| i32::from(d.year())),
            params,
            inexact: std::cell::Cell::new(None),
        };
        let holds = |c: &Condition| frame.eval(c.root, None).is_ok_and(|v| v == Value::Bool(true));
        match only {
            Some(only) => only.iter().all(|&i| guard.conditions.get(i as usize).is_some_and(holds)),
            None => guard.conditions.iter().all(holds),
        }
    }

    /// The legal ground of the tier: the citation of the rule that set it — the quota that
    /// lowered it, the knock-out, cap or exclusion that decided it, the layer's rule that kept it
    /// from a better tier (see [`Evaluation::deciding_rule`]) — or, when the score or the tiers'
    /// own conditions did, the tier's. `None` when that rule cites nothing: the tier's
    /// citation would then name a ground that did not apply.
    pub fn outcome_source(&self) -> Option<&'r str> {
        let model = &self.ruleset.model;
        let tier = self.decision.tier?;
        if self.decision.demoted {
            let quota = self.quota_notes.iter().find(|n| n.demoted).and_then(|n| model.quotas.get(n.quota));
            return quota.and_then(|q| q.source.as_deref());
        }
        match self.decision.decided_by {
            Some(a) => model.adjustments.get(usize::from(a))?.source.as_deref(),
            None => match self.band_decision() {
                Some(Band::LayerValue(value)) => value.source.as_deref(),
                Some(Band::LayerTier(better)) => model.outcome.tiers.get(better)?.source.as_deref(),
                Some(Band::National(national)) => national.source.as_deref(),
                None => model.tier(tier)?.source.as_deref(),
            },
        }
    }

    /// The tier the score (or the tiers' own conditions) reached, when a knock-out, cap or quota
    /// decided the outcome instead: what the deciding rule overrode.
    pub(crate) fn overridden_tier(&self) -> Option<u16> {
        match self.decided_by()? {
            "score" | "tiers" => None,
            _ => self.decision.ladder,
        }
    }

    /// The exclusion that left the record not rated, if one did. A rated record, or one not
    /// determinable, has none.
    pub(crate) fn excluded_by(&self) -> Option<&'r crate::check::model::AdjustInfo> {
        let model = &self.ruleset.model;
        let a = self.decision.decided_by.filter(|_| self.decision.status == Status::NotRated)?;
        model.adjustments.get(usize::from(a)).filter(|adjust| adjust.kind == AdjustKind::Exclude)
    }

    /// The value of a derived slot as the wire shows it (a `let` with its type).
    pub(crate) fn let_value(&self, index: usize) -> serde_json::Value {
        let model = &self.ruleset.model;
        let value = self.ruleset.plan.let_slots.get(index).map_or(Value::Unknown, |&slot| self.derived_value(slot));
        self.show(value, model.lets.get(index).map(|l| &l.value.ty))
    }
}

/// What set a rated record's tier, as [`Evaluation::decided_by`] names it: a quota that lowered
/// it, else the kind of knock-out, cap or exclusion that decided (`deciding`), else the ladder.
pub(crate) fn decided_by(ruleset: &RuleSet, deciding: Option<AdjustKind>, demoted: bool) -> &'static str {
    match deciding {
        _ if demoted => "quota",
        Some(AdjustKind::Force) => "force",
        Some(AdjustKind::Cap) => "cap",
        Some(AdjustKind::Exclude) => "exclude",
        None if ruleset.model.scores.is_empty() => "tiers",
        None => "score",
    }
}

/// The tier a quota's note lowers a record to, when it demoted it.
pub(crate) fn demoted_to(ruleset: &RuleSet, note: &QuotaNote) -> Option<u16> {
    ruleset.plan.quotas.get(note.quota).filter(|_| note.demoted).map(|quota| quota.demote_to)
}

/// Writes the values of the evidence slots of a group's keys (a quota's, or the rule set's
/// `key`s) into `out`, joined as [`crate::cohort::group_key_text`] joins them; `false` if one is
/// unknown.
pub(crate) fn write_group_key(ruleset: &RuleSet, evidence: &Evidence, slots: &[u32], out: &mut String) -> bool {
    for (i, &s) in slots.iter().enumerate() {
        let value = evidence.values.get(s as usize).copied().unwrap_or(Value::Unknown);
        if value.is_unknown() {
            return false;
        }
        if i > 0 {
            out.push('\u{1f}');
        }
        match value {
            Value::Text(t) => out.push_str(evidence.text(t, &ruleset.plan)),
            other => match show_value(ruleset, evidence, other, None) {
                serde_json::Value::String(text) => out.push_str(&text),
                json => out.push_str(&json.to_string()),
            },
        }
    }
    true
}

/// The name a condition's read shows its value under: the field, `let`, score or parameter.
pub(crate) fn read_name(ruleset: &RuleSet, read: Read) -> &str {
    let model = &ruleset.model;
    let plan = &ruleset.plan;
    let name = match read {
        Read::Input(s) => plan.evidence.get(s as usize).map(|field| crate::eval::evidence::field_name(model, field)),
        Read::Derived(s) => {
            let of_let = plan.let_slots.iter().position(|&l| l == s).and_then(|i| model.lets.get(i));
            let of_score = || plan.score_slots.iter().position(|&x| x == s).and_then(|i| model.scores.get(i));
            of_let.map(|l| l.id.as_str()).or_else(|| of_score().map(|score| score.id.as_str()))
        }
        Read::Param(p) => model.params.get(p as usize).map(|p| p.id.as_str()),
    };
    name.unwrap_or_default()
}

/// A parameter's value on the wire: a decimal as text, or a bool.
pub(crate) fn param_json(value: Value) -> serde_json::Value {
    param_shown(value).to_json()
}

/// A parameter's value as results show it.
pub(crate) fn param_shown(value: Value) -> Shown<'static> {
    match value {
        Value::Bool(b) => Shown::Bool(b),
        Value::Number(n) => Shown::Number(n),
        _ => Shown::Null,
    }
}

/// A value as a result shows it (`show_value`): borrowed from the rule set and the evidence, so
/// that a trace holds its values without a `String` each, and written to JSON as the same text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shown<'a> {
    /// Unknown or absent: `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A decimal, written as its text (`"86.25"`).
    Number(Decimal),
    /// A date, written `"YYYY-MM-DD"`.
    Date(Date),
    /// A text, or an enum's value by its id.
    Text(&'a str),
    /// An enum's value by its number, when its type is not known.
    Ordinal(u16),
    /// A list, by how many members it has (`"3 members"`).
    Members(usize),
}

impl Shown<'_> {
    /// The value as a `serde_json::Value` (what the whole record's trace holds).
    pub fn to_json(self) -> serde_json::Value {
        use serde_json::Value as J;
        match self {
            Shown::Null => J::Null,
            Shown::Bool(b) => J::Bool(b),
            Shown::Number(n) => J::String(decimal_text(n)),
            Shown::Date(d) => J::String(date_text(d)),
            Shown::Text(t) => J::String(t.to_owned()),
            Shown::Ordinal(i) => J::String(i.to_string()),
            Shown::Members(n) => J::String(format!("{n} members")),
        }
    }
}

impl serde::Serialize for Shown<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match *self {
            Shown::Null => serializer.serialize_unit(),
            Shown::Bool(b) => serializer.serialize_bool(b),
            Shown::Number(n) => serializer.collect_str(&crate::value::DecimalText(n)),
            Shown::Date(d) => serializer.serialize_str(&date_text(d)),
            Shown::Text(t) => serializer.serialize_str(t),
            Shown::Ordinal(i) => serializer.collect_str(&i),
            Shown::Members(n) => serializer.collect_str(&format_args!("{n} members")),
        }
    }
}

/// How a result shows `v`, of type `ty` when it is known.
pub(crate) fn shown<'a>(ruleset: &'a RuleSet, evidence: &'a Evidence, v: Value, ty: Option<&Type>) -> Shown<'a> {
    match v {
        Value::Unknown | Value::None => Shown::Null,
        Value::Bool(b) => Shown::Bool(b),
        Value::Number(n) => Shown::Number(n),
        Value::Date(d) => Shown::Date(d),
        Value::Text(t) => Shown::Text(evidence.text(t, &ruleset.plan)),
        Value::Enum(i) => match ty.map(Type::base) {
            Some(Type::Enum(e)) => Shown::Text(
                ruleset
                    .model
                    .enum_info(*e)
                    .and_then(|info| info.values.get(usize::from(i)))
                    .map_or("", |(id, _)| id.as_str()),
            ),
            _ => Shown::Ordinal(i),
        },
        Value::List(l) => {
            Shown::Members(evidence.lists.get(l as usize).map_or(0, super::eval::evidence::ListData::len))
        }
    }
}

/// [`shown`] as a `serde_json::Value`.
pub(crate) fn show_value(ruleset: &RuleSet, evidence: &Evidence, v: Value, ty: Option<&Type>) -> serde_json::Value {
    shown(ruleset, evidence, v, ty).to_json()
}

/// Why `ruleset` rates a record of the evaluation date `on`: it is in force then, or it was named
/// (a date outside its window, or none). A result's `rules.chosen_because`, in the evaluation's
/// language.
pub(crate) fn chosen_because(ruleset: &RuleSet, on: Option<Date>) -> crate::i18n::Message {
    match on {
        Some(on) if ruleset.in_force_on(on) => msg!(ChosenInForce, on = date_text(on)),
        Some(on) => msg!(ChosenNamedNotInForce, on = date_text(on)),
        None => msg!(ChosenNamedNoDate),
    }
}
