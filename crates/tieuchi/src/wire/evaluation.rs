//! An [`Evaluation`] in the shape every front end shares: its record, findings and trace steps.

//!
//! The model's tiers, rules and slots are read by the ids the plan gave them; one that were
//! missing would be left out of the record or named by an empty id, never a panic.

use std::borrow::Cow;

use rust_decimal::Decimal;

use crate::eval::Attempt;
use crate::eval::{index_u16, index_u32, InexactAt, TriedRule};
use crate::i18n::Lang;
use crate::kinds::Status;
use crate::kinds::{AdjustKind, CountBasis};
use crate::msg;
use crate::outcome::{chosen_because, param_shown, Evaluation, FindingCode, QuotaNote};
use crate::plan::Read;
use crate::value::{date_text, decimal_text};
use crate::wire;
use crate::RuleSet;

impl<'r> Evaluation<'r> {
    /// The rules this result was made with, and why that version applies to its date.
    fn rules_record(&self) -> wire::RulesRecord<'r> {
        let ruleset: &'r RuleSet = self.ruleset;
        let chosen_because = chosen_because(ruleset, self.on).render(self.lang);
        wire::RulesRecord { version: wire::VersionRecord::of(ruleset), chosen_because }
    }

    /// Each parameter with the value in force on the evaluation date, as results show it.
    pub fn param_records(&self) -> wire::Fields<'r, wire::ParamRecord<'r>> {
        let ruleset: &'r RuleSet = self.ruleset;
        ruleset
            .model
            .params
            .iter()
            .map(|p| {
                let lean = self.lean_param(p);
                let record = wire::ParamRecord {
                    value: lean.value.to_json(),
                    from: lean.from.map(date_text),
                    source: lean.source.map(Cow::Borrowed),
                    overridden: lean.overridden,
                };
                (Cow::Borrowed(p.id.as_str()), record)
            })
            .collect()
    }

    /// A parameter with the value in force on the evaluation date, its id and texts apart.
    fn lean_param(&self, param: &'r crate::check::model::ParamInfo) -> wire::LeanParam<'r> {
        let used = param.value_on(self.on);
        wire::LeanParam {
            value: used.map_or(crate::outcome::Shown::Null, |v| param_shown(v.value)),
            from: used.and_then(|v| v.from),
            source: used.and_then(|v| v.source.as_deref()),
            overridden: param.overridden,
        }
    }

    /// The result in the one wire shape shared by the CLI, Python and JavaScript.
    pub fn to_wire(&self) -> wire::ResultRecord<'r> {
        let mut record = self.to_wire_without_trace();
        record.trace = self.trace_steps();
        record
    }

    /// [`Evaluation::to_wire`]'s trace: [`Evaluation::lean_trace`] joined with its rules' texts
    /// ([`RuleSet::traced_rules`]).
    pub fn trace_steps(&self) -> Vec<wire::TraceStep<'r>> {
        self.trace.attempts.iter().map(|a| self.trace_step(a)).collect()
    }

    /// [`Evaluation::to_wire`] with no trace steps: for a front end that writes the trace apart
    /// from its rules' texts ([`Evaluation::lean_trace`]).
    pub fn to_wire_without_trace(&self) -> wire::ResultRecord<'r> {
        let ruleset: &'r RuleSet = self.ruleset;
        let model = &ruleset.model;
        let plan = &ruleset.plan;
        let borrowed = |s: &'r str| Cow::Borrowed(s);
        let outcome = self.decision.tier.and_then(|t| model.tier(t)).map(|tier| {
            let decided_by = self.decided_by().unwrap_or_default();
            wire::OutcomeRecord {
                id: borrowed(&tier.id),
                label: borrowed(&tier.label),
                decided_by: borrowed(decided_by),
                source: self.outcome_source().map(borrowed),
                by_score: self
                    .overridden_tier()
                    .and_then(|t| model.tier(t))
                    .map(|tier| wire::TierRecord { id: borrowed(&tier.id), label: borrowed(&tier.label) }),
                layer: self
                    .deciding_layer()
                    .map(|l| wire::LayerRecord { id: borrowed(&l.id), source: l.source.as_deref().map(borrowed) }),
            }
        });
        let scores = model
            .scores
            .iter()
            .zip(&plan.score_slots)
            .zip(&plan.score_max)
            .map(|((s, &slot), max)| {
                let value = self.derived_value(slot).as_number().map(decimal_text);
                let record = wire::ScoreRecord {
                    value,
                    max: borrowed(max),
                    label: borrowed(&s.label),
                    parent: s.parent.and_then(|p| model.scores.get(p)).map(|p| borrowed(&p.id)),
                    source: s.source.as_deref().map(borrowed),
                };
                (borrowed(&s.id), record)
            })
            .collect();
        let values = model
            .lets
            .iter()
            .zip(&plan.let_slots)
            .map(|(l, &slot)| (borrowed(&l.id), self.show(self.derived_value(slot), Some(&l.value.ty))))
            .collect();

        let params = self.param_records();
        let findings = self.findings();
        wire::ResultRecord {
            ruleset: borrowed(&model.id),
            subject: self.evidence.subject.clone().map(Cow::Owned),
            on: self.on.map(date_text),
            engine: wire::EngineRecord::current(),
            rules: self.rules_record(),
            status: self.decision.status,
            outcome,
            scores,
            values,
            params,
            findings,
            trace: Vec::new(),
            what_it_takes: None,
        }
    }

    /// The result's record without what every result of its rule set repeats: see
    /// [`wire::LeanRecord`].
    pub fn lean_record(&self) -> wire::LeanRecord<'_> {
        let ruleset: &'r RuleSet = self.ruleset;
        let (model, plan) = (&ruleset.model, &ruleset.plan);
        let outcome = self.decision.tier.and_then(|t| Some((t, model.tier(t)?))).map(|(t, tier)| {
            let source = match self.outcome_source() {
                None => wire::LeanSource::None,
                Some(s) if tier.source.as_deref() == Some(s) => wire::LeanSource::Tier,
                Some(s) => wire::LeanSource::Text(s),
            };
            wire::LeanOutcome {
                tier: usize::from(t),
                decided_by: self.decided_by().unwrap_or_default(),
                source,
                by_score: self.overridden_tier().filter(|&t| model.tier(t).is_some()).map(usize::from),
                layer: self.deciding_layer().map(|l| wire::LayerRecord {
                    id: Cow::Borrowed(&l.id),
                    source: l.source.as_deref().map(Cow::Borrowed),
                }),
            }
        });
        let scores = model
            .scores
            .iter()
            .zip(&plan.score_slots)
            .zip(&plan.score_max)
            .map(|((_, &slot), _)| self.derived_value(slot).as_number())
            .collect();
        let values = model
            .lets
            .iter()
            .zip(&plan.let_slots)
            .map(|(l, &slot)| self.shown(self.derived_value(slot), Some(&l.value.ty)))
            .collect();
        let params = model.params.iter().map(|p| self.lean_param(p)).collect();
        wire::LeanRecord {
            subject: self.evidence.subject.as_deref(),
            on: self.on,
            chosen_because: chosen_because(ruleset, self.on).render(self.lang),
            status: self.decision.status,
            outcome,
            scores,
            values,
            params,
            findings: self.findings(),
        }
    }

    /// What the evaluation found, in the order results show it: the knock-outs, caps and
    /// exclusions that fired, missing evidence, clamped scores, inexact quotients, the quotas, a
    /// version not in force.
    pub fn findings(&self) -> Vec<wire::Finding<'r>> {
        let mut findings = Vec::new();
        self.adjustment_findings(&mut findings);
        if self.decision.status == Status::NotDeterminable {
            findings.push(self.missing_evidence_finding());
        }
        self.clamped_findings(&mut findings);
        self.inexact_findings(&mut findings);
        self.quota_findings(&mut findings);
        findings.extend(self.not_in_force_finding());
        findings
    }

    /// One finding per knock-out, cap or exclusion that fired, applied or not.
    fn adjustment_findings(&self, findings: &mut Vec<wire::Finding<'r>>) {
        let ruleset: &'r RuleSet = self.ruleset;
        let (model, plan) = (&ruleset.model, &ruleset.plan);
        let borrowed = |s: &'r str| Cow::Borrowed(s);
        for &a in &self.decision.fired {
            let (Some(adjust), Some(planned)) =
                (model.adjustments.get(usize::from(a)), plan.adjustments.get(usize::from(a)))
            else {
                continue;
            };
            let code = match adjust.kind {
                AdjustKind::Exclude => FindingCode::Exclusion,
                AdjustKind::Force => FindingCode::Knockout,
                AdjustKind::Cap => FindingCode::Cap,
            };
            findings.push(wire::Finding {
                code: borrowed(code.as_str()),
                label: match &adjust.because {
                    Some(because) => borrowed(because),
                    None => borrowed(plan.source.slice(adjust.when.span)),
                },
                source: adjust.source.as_deref().map(borrowed),
                rule: borrowed(&planned.location),
                tier: adjust.tier.map(|t| borrowed(tier_id(&model.outcome.tiers, t))),
                applied: Some(self.decision.decided_by == Some(a)),
                fields: Vec::new(),
            });
        }
    }

    fn missing_evidence_finding(&self) -> wire::Finding<'r> {
        let fields = self.missing_fields();
        wire::Finding {
            code: Cow::Borrowed(FindingCode::MissingEvidence.as_str()),
            label: Cow::Owned(msg!(FindingMissingEvidence, fields = fields.join(", ")).render(self.lang)),
            source: None,
            rule: Cow::Borrowed(""),
            tier: None,
            applied: None,
            fields: fields.into_iter().map(Cow::Owned).collect(),
        }
    }

    /// One finding per computed score held at its maximum.
    fn clamped_findings(&self, findings: &mut Vec<wire::Finding<'r>>) {
        let ruleset: &'r RuleSet = self.ruleset;
        let (model, plan) = (&ruleset.model, &ruleset.plan);
        for c in &self.notes.clamped {
            let Some(score) = model.scores.get(c.score as usize) else { continue };
            findings.push(wire::Finding {
                code: Cow::Borrowed(FindingCode::ScoreClamped.as_str()),
                label: Cow::Owned(
                    msg!(
                        FindingScoreClamped,
                        name = &score.id,
                        value = decimal_text(c.raw),
                        max = decimal_text(score.max)
                    )
                    .render(self.lang),
                ),
                source: score.source.as_deref().map(Cow::Borrowed),
                rule: Cow::Owned(plan.source.location(score.span).to_string()),
                tier: None,
                applied: Some(true),
                fields: vec![Cow::Borrowed(&score.id)],
            });
        }
    }

    /// In a batch, what each quota decided of this record; evaluated alone, that a quota is yet
    /// to decide a record at its tier.
    fn quota_findings(&self, findings: &mut Vec<wire::Finding<'r>>) {
        if self.cohort {
            findings.extend(self.quota_notes.iter().filter_map(|note| quota_finding(self.ruleset, note, self.lang)));
            return;
        }
        let ruleset: &'r RuleSet = self.ruleset;
        let (model, plan) = (&ruleset.model, &ruleset.plan);
        let tiers = &model.outcome.tiers;
        for q in model.quotas.iter().filter(|q| self.decision.tier == Some(q.tier)) {
            let share = q.share.checked_mul(Decimal::ONE_HUNDRED).unwrap_or(q.share);
            let within =
                q.within.iter().filter_map(|&k| model.inputs.get(k)).map(|i| i.id.as_str()).collect::<Vec<_>>();
            let within = within.join(", ");
            findings.push(wire::Finding {
                code: Cow::Borrowed(FindingCode::QuotaPending.as_str()),
                label: Cow::Owned(
                    msg!(
                        FindingQuotaPending,
                        tier = tier_id(tiers, q.tier),
                        share = decimal_text(share),
                        counted = counted_tiers(q, tiers),
                        within = within
                    )
                    .render(self.lang),
                ),
                source: q.source.as_deref().map(Cow::Borrowed),
                rule: Cow::Owned(plan.source.location(q.span).to_string()),
                tier: Some(Cow::Borrowed(tier_id(tiers, q.demote_to))),
                applied: Some(false),
                fields: Vec::new(),
            });
        }
    }

    /// A result on a date outside the rule set's validity says so.
    fn not_in_force_finding(&self) -> Option<wire::Finding<'r>> {
        let model = &self.ruleset.model;
        let on = self.on?;
        if self.ruleset.in_force_on(on) {
            return None;
        }
        let window = match (model.valid_from, model.valid_until) {
            (Some(f), Some(u)) => msg!(InForceFromUntil, from = f.to_string(), until = u.to_string()),
            (Some(f), None) => msg!(InForceFrom, from = f.to_string()),
            (None, Some(u)) => msg!(InForceUntil, until = u.to_string()),
            (None, None) => msg!(InForceAlways),
        };
        Some(wire::Finding {
            code: Cow::Borrowed(FindingCode::NotInForce.as_str()),
            label: Cow::Owned(
                msg!(FindingNotInForce, ruleset = &model.id, window = window, on = on.to_string()).render(self.lang),
            ),
            source: model.citation.as_deref().map(Cow::Borrowed),
            rule: Cow::Borrowed(""),
            tier: None,
            applied: None,
            fields: Vec::new(),
        })
    }

    /// One `inexact-division` finding per division whose quotient has no exact decimal value and
    /// reached the result unrounded: the lets and scores that show it, or a condition it may have
    /// decided.
    fn inexact_findings(&self, findings: &mut Vec<wire::Finding<'r>>) {
        let ruleset: &'r RuleSet = self.ruleset;
        let plan = &ruleset.plan;
        let notes = &self.notes.inexact;
        for (i, note) in notes.iter().enumerate() {
            if notes.iter().take(i).any(|n| n.division == note.division) {
                continue;
            }
            let span = plan.spans.get(note.division as usize).copied().unwrap_or_default();
            let text = |span| plan.source.slice(span).split_whitespace().collect::<Vec<_>>().join(" ");
            let division = text(span);
            let mut fields: Vec<Cow<'r, str>> = Vec::new();
            for n in notes.iter().filter(|n| n.division == note.division) {
                if let InexactAt::Derived(slot) = n.at {
                    let name = self.read_name(Read::Derived(slot));
                    if !fields.iter().any(|f| f == name) {
                        fields.push(Cow::Borrowed(name));
                    }
                }
            }
            let label = match note.at {
                InexactAt::Derived(slot) => {
                    let value = match self.show(self.derived_value(slot), self.read_type(Read::Derived(slot))) {
                        serde_json::Value::String(text) => text,
                        other => other.to_string(),
                    };
                    msg!(
                        FindingInexactValue,
                        division = division.as_str(),
                        name = self.read_name(Read::Derived(slot)),
                        value = value
                    )
                    .render(self.lang)
                }
                InexactAt::Condition(root) => {
                    let condition = text(plan.spans.get(root as usize).copied().unwrap_or_default());
                    msg!(FindingInexactCondition, division = division.as_str(), condition = condition).render(self.lang)
                }
            };
            findings.push(wire::Finding {
                code: Cow::Borrowed(FindingCode::InexactDivision.as_str()),
                label: Cow::Owned(label),
                source: None,
                rule: Cow::Owned(plan.source.location(span).to_string()),
                tier: None,
                applied: None,
                fields,
            });
        }
    }

    fn trace_step(&self, attempt: &Attempt) -> wire::TraceStep<'r> {
        let rule = traced_rule(self.ruleset, attempt.rule);
        let results = self.condition_results(attempt);
        wire::TraceStep {
            rule: Cow::Borrowed(rule.rule),
            span: Cow::Borrowed(rule.span),
            holds: attempt.holds.as_option(),
            source: rule.source.map(Cow::Borrowed),
            conditions: rule
                .conditions
                .into_iter()
                .zip(written_conditions(self.ruleset, attempt.rule))
                .zip(results)
                .map(|(((condition, names), c), holds)| wire::ConditionTrace {
                    condition: Cow::Borrowed(condition),
                    holds: holds.as_option(),
                    values: names
                        .into_iter()
                        .map(Cow::Borrowed)
                        .zip(c.reads.iter().map(|r| self.read_shown(*r).to_json()))
                        .collect(),
                })
                .collect(),
        }
    }

    /// The trace's steps without the rule set's own texts ([`RuleSet::traced_rules`]), which
    /// [`Evaluation::to_wire`]'s trace is these joined with.
    pub fn lean_trace(&self) -> wire::LeanTrace<'_> {
        let attempts = &self.trace.attempts;
        let mut lean = wire::LeanTrace {
            steps: Vec::with_capacity(attempts.len()),
            conditions: Vec::with_capacity(self.trace.conditions.len()),
            // Most conditions read one or two names.
            values: Vec::with_capacity(2 * self.trace.conditions.len()),
        };
        for attempt in attempts {
            for (c, holds) in written_conditions(self.ruleset, attempt.rule).iter().zip(self.condition_results(attempt))
            {
                lean.values.extend(c.reads.iter().map(|r| self.read_shown(*r)));
                lean.conditions.push((holds.as_option(), index_u32(lean.values.len())));
            }
            let rule = match attempt.rule {
                TriedRule::Tier(i) => wire::RuleRef::Tier(i),
                TriedRule::Adjustment(i) => wire::RuleRef::Adjustment(i),
            };
            lean.steps.push((rule, attempt.holds.as_option(), index_u32(lean.conditions.len())));
        }
        lean
    }

    /// Whether each condition of `attempt`'s rule held, as far as it was tried.
    fn condition_results(&self, attempt: &Attempt) -> &[crate::eval::Tri] {
        self.trace
            .conditions
            .get(attempt.conditions.start as usize..attempt.conditions.end as usize)
            .unwrap_or_default()
    }

    /// The value of a name a condition reads, as the trace shows it.
    fn read_shown(&self, read: Read) -> crate::outcome::Shown<'_> {
        self.shown(self.read_value(read), self.read_type(read))
    }
}

impl RuleSet {
    /// The texts of every rule a trace step may name, the same on every evaluation: what
    /// [`Evaluation::lean_trace`]'s steps refer to by position.
    pub fn traced_rules(&self) -> wire::TracedRules<'_> {
        let plan = &self.plan;
        let tiers = (0..plan.tiers.len()).map(|i| traced_rule(self, TriedRule::Tier(index_u16(i)))).collect();
        let adjustments =
            (0..plan.adjustments.len()).map(|i| traced_rule(self, TriedRule::Adjustment(index_u16(i)))).collect();
        wire::TracedRules { tiers, adjustments }
    }
}

/// A rule's texts as its trace steps name it.
fn traced_rule(ruleset: &RuleSet, rule: TriedRule) -> wire::TracedRule<'_> {
    let conditions = written_conditions(ruleset, rule)
        .iter()
        .map(|c| (c.text.as_str(), c.reads.iter().map(|r| crate::outcome::read_name(ruleset, *r)).collect()))
        .collect();
    let (rule, span, source) = tried_rule(ruleset, rule).0.unwrap_or_default();
    wire::TracedRule { rule, span, source, conditions }
}

/// The conditions of a tried rule's guard, as written; none for a rule the plan lacks.
fn written_conditions(ruleset: &RuleSet, rule: TriedRule) -> &[crate::plan::Condition] {
    tried_rule(ruleset, rule).1.map(|g| g.conditions.as_slice()).unwrap_or_default()
}

/// A rule's text, location and citation.
type RuleTexts<'r> = (&'r str, &'r str, Option<&'r str>);

/// A tried rule's texts (`None` for a rule the plan lacks), and its guard.
fn tried_rule(ruleset: &RuleSet, rule: TriedRule) -> (Option<RuleTexts<'_>>, Option<&crate::plan::Guard>) {
    let (model, plan) = (&ruleset.model, &ruleset.plan);
    match rule {
        TriedRule::Tier(index) => {
            let tier = plan.tiers.get(usize::from(index));
            let source = model.tier(index).and_then(|t| t.source.as_deref());
            (tier.map(|t| (t.rule.as_str(), t.location.as_str(), source)), tier.and_then(|t| t.guard.as_ref()))
        }
        TriedRule::Adjustment(index) => {
            let adjust = plan.adjustments.get(usize::from(index));
            let source = model.adjustments.get(usize::from(index)).and_then(|a| a.source.as_deref());
            (adjust.map(|a| (a.rule.as_str(), a.location.as_str(), source)), adjust.map(|a| &a.guard))
        }
    }
}

/// The tiers a quota's share is counted on, as findings name them: "`htt`", "`chi_ldtt` or better".
fn counted_tiers(
    quota: &crate::check::model::QuotaInfo,
    tiers: &[crate::check::model::TierInfo],
) -> crate::i18n::Message {
    let tier = tier_id(tiers, quota.of);
    if quota.or_better {
        msg!(TierOrBetter, tier = tier)
    } else {
        msg!(Quoted, text = tier)
    }
}

/// A tier's id by its index (best first); empty for an index the outcome lacks.
fn tier_id(tiers: &[crate::check::model::TierInfo], index: u16) -> &str {
    tiers.get(usize::from(index)).map_or("", |t| t.id.as_str())
}

/// The finding of a quota's note, in `lang`; none for a quota the rule set lacks. What
/// [`Evaluation::findings`] gives for the note, and what a batch gives for a record it decided
/// without its whole evaluation.
pub(crate) fn quota_finding<'r>(ruleset: &'r RuleSet, note: &QuotaNote, lang: Lang) -> Option<wire::Finding<'r>> {
    let model = &ruleset.model;
    let tiers = &model.outcome.tiers;
    let (quota, planned) = (model.quotas.get(note.quota)?, ruleset.plan.quotas.get(note.quota)?);
    let (tier, to) = (tier_id(tiers, quota.tier), tier_id(tiers, quota.demote_to));
    let share = decimal_text(quota.share.checked_mul(Decimal::ONE_HUNDRED).unwrap_or(quota.share));
    let counted = counted_tiers(quota, tiers);
    // Every number a reviewer needs to redo the arithmetic: the candidates, the records the
    // share is counted on as they stood, the basis, the limit.
    let basis = match quota.count {
        CountBasis::BeforeDemotion => msg!(CountedBeforeDemotion),
        CountBasis::AfterDemotion => msg!(CountedAfterDemotion),
    };
    let ranked = |rank: usize| {
        msg!(
            FindingQuotaRanked,
            rank = rank,
            candidates = note.candidates,
            tier = tier,
            counted = note.counted,
            tiers = counted.clone(),
            share = share.as_str(),
            basis = basis.clone(),
            limit = note.limit
        )
    };
    let (code, label) = match note.rank {
        None => (FindingCode::QuotaUnplaced, msg!(FindingQuotaUnplaced, tier = tier)),
        Some(rank) if note.demoted => {
            (FindingCode::QuotaDemoted, msg!(FindingQuotaDemoted, ranked = ranked(rank), to = to))
        }
        Some(rank) => (FindingCode::QuotaKept, ranked(rank)),
    };
    let label = label.render(lang);
    Some(wire::Finding {
        code: Cow::Borrowed(code.as_str()),
        label: Cow::Owned(label),
        source: quota.source.as_deref().map(Cow::Borrowed),
        rule: Cow::Borrowed(planned.location.as_str()),
        tier: Some(Cow::Borrowed(if note.demoted { to } else { tier })),
        applied: Some(note.demoted),
        fields: Vec::new(),
    })
}
