//! What a compiled rule set is, as data: its name, validity and citation, the outcome's tiers,
//! the scores, derived values and parameters with their kinds, and every rule that cites a text.
//!
//! Front ends (the CLI, the service, the bindings) describe a rule set from this, never from the
//! checked model or the plan, which are the engine's own and change with it.

use serde::Serialize;

use crate::check::model::{NumKind, Type};
use crate::kinds::AdjustKind;
use crate::value::Date;
use crate::RuleSet;

/// A rule set described for the people and programs that use it ([`RuleSet::info`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RuleSetInfo {
    /// The rule set's id (`nd335_2025`).
    pub id: String,
    /// Its label, as the rule file writes it.
    pub label: String,
    /// The file it was compiled from, as named when compiled.
    pub file: String,
    /// The legal text the rule set as a whole cites.
    pub source: Option<String>,
    /// The first day it is in force, if its `valid` clause gives one.
    #[serde(serialize_with = "crate::value::serialize_optional_date")]
    pub valid_from: Option<Date>,
    /// The last day it is in force, if its `valid` clause gives one.
    #[serde(serialize_with = "crate::value::serialize_optional_date")]
    pub valid_until: Option<Date>,
    /// The id of the version it replaces.
    pub replaces: Option<String>,
    /// The label in other languages, by language code.
    pub translations: Vec<(String, String)>,
    /// The outcome and its tiers, best first.
    pub outcome: OutcomeInfo,
    /// The scores in the order results give them, each with its maximum.
    pub scores: Vec<ScoreInfo>,
    /// The `let` values a result can show, with their kinds.
    pub values: Vec<ValueInfo>,
    /// The parameters, with their kinds.
    pub params: Vec<ParamInfo>,
    /// How many quotas apply across a batch.
    pub quotas: usize,
    /// Every rule that cites a text, in the order of the file.
    pub citations: Vec<Citation>,
}

/// The outcome a rule set decides.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OutcomeInfo {
    /// The outcome's id.
    pub id: String,
    /// Its label.
    pub label: String,
    /// Its tiers, best first.
    pub tiers: Vec<TierInfo>,
}

/// One tier of the outcome.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TierInfo {
    /// The tier's id.
    pub id: String,
    /// Its label.
    pub label: String,
    /// The legal text it cites.
    pub source: Option<String>,
}

/// One score.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ScoreInfo {
    /// The score's id.
    pub id: String,
    /// Its label.
    pub label: String,
    /// Its maximum, as results write it.
    pub max: String,
    /// The id of the score it counts towards.
    pub parent: Option<String>,
    /// The legal text it cites.
    pub source: Option<String>,
}

/// A value a result shows: a `let`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ValueInfo {
    /// The value's id.
    pub id: String,
    /// What kind of value it is.
    pub kind: ValueKind,
}

/// A parameter: a value the rules name, set per period and possibly overridden to simulate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ParamInfo {
    /// The parameter's id.
    pub id: String,
    /// Its label.
    pub label: String,
    /// What kind of value it is.
    pub kind: ValueKind,
}

/// The kind of a value, as a front end types it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ValueKind {
    /// True or false.
    Bool,
    /// A whole number.
    Integer,
    /// An exact decimal.
    Number,
    /// An exact decimal written as a fraction (`0.7` is 70%).
    Percent,
    /// A civil date.
    Date,
    /// Text.
    Text,
    /// One of an enumeration's members.
    Enum,
    /// A list of records.
    List,
    /// Dated values.
    History,
}

impl ValueKind {
    fn of(ty: &Type) -> ValueKind {
        match ty.base() {
            Type::Bool => ValueKind::Bool,
            Type::Number(NumKind::Integer) => ValueKind::Integer,
            Type::Number(NumKind::Number) => ValueKind::Number,
            Type::Number(NumKind::Percent) => ValueKind::Percent,
            Type::Date => ValueKind::Date,
            Type::Text | Type::NoneLiteral | Type::Optional(_) => ValueKind::Text,
            Type::Enum(_) => ValueKind::Enum,
            Type::List(_) => ValueKind::List,
            Type::History(_) => ValueKind::History,
        }
    }

    /// The kind's name, as [`RuleSetInfo`] serializes it.
    pub fn as_str(self) -> &'static str {
        match self {
            ValueKind::Bool => "bool",
            ValueKind::Integer => "integer",
            ValueKind::Number => "number",
            ValueKind::Percent => "percent",
            ValueKind::Date => "date",
            ValueKind::Text => "text",
            ValueKind::Enum => "enum",
            ValueKind::List => "list",
            ValueKind::History => "history",
        }
    }

    /// Whether values of this kind are numbers (integers, decimals, percents).
    pub fn is_number(self) -> bool {
        matches!(self, ValueKind::Integer | ValueKind::Number | ValueKind::Percent)
    }
}

/// A rule that cites a legal text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Citation {
    /// What cites it.
    pub kind: CitationKind,
    /// The id of what cites it: the rule set's, the tier's, the score's; for a knock-out, a cap
    /// or a quota, the tier it sets or limits.
    pub id: Option<String>,
    /// The label of what cites it; for a knock-out or a cap, its `because`.
    pub label: Option<String>,
    /// The text cited.
    pub source: String,
    /// Where the rule is written, `file:line:column`.
    pub at: String,
}

/// The kinds of rule that cite a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CitationKind {
    /// The rule set as a whole.
    Ruleset,
    /// A tier of the outcome.
    Tier,
    /// A score.
    Score,
    /// A rule that forces a tier (a knock-out).
    Force,
    /// A rule that caps the tier.
    Cap,
    /// A rule that excludes the subject from rating.
    Exclude,
    /// A quota.
    Quota,
}

impl CitationKind {
    /// The kind's name, as [`Citation`] serializes it.
    pub fn as_str(self) -> &'static str {
        match self {
            CitationKind::Ruleset => "ruleset",
            CitationKind::Tier => "tier",
            CitationKind::Score => "score",
            CitationKind::Force => "force",
            CitationKind::Cap => "cap",
            CitationKind::Exclude => "exclude",
            CitationKind::Quota => "quota",
        }
    }
}

impl RuleSet {
    /// What this rule set is, as data: see [`RuleSetInfo`].
    pub fn info(&self) -> RuleSetInfo {
        let model = &self.model;
        let score_id = |i: usize| model.scores.get(i).map(|s| s.id.clone());
        RuleSetInfo {
            id: model.id.clone(),
            label: model.label.clone(),
            file: self.source().name().to_owned(),
            source: model.citation.clone(),
            valid_from: model.valid_from,
            valid_until: model.valid_until,
            replaces: model.replaces.clone(),
            translations: model.translations.clone(),
            outcome: OutcomeInfo {
                id: model.outcome.id.clone(),
                label: model.outcome.label.clone(),
                tiers: model
                    .outcome
                    .tiers
                    .iter()
                    .map(|t| TierInfo { id: t.id.clone(), label: t.label.clone(), source: t.source.clone() })
                    .collect(),
            },
            scores: model
                .scores
                .iter()
                .zip(&self.plan.score_max)
                .map(|(s, max)| ScoreInfo {
                    id: s.id.clone(),
                    label: s.label.clone(),
                    max: max.clone(),
                    parent: s.parent.and_then(score_id),
                    source: s.source.clone(),
                })
                .collect(),
            values: model
                .lets
                .iter()
                .map(|l| ValueInfo { id: l.id.clone(), kind: ValueKind::of(&l.value.ty) })
                .collect(),
            params: model
                .params
                .iter()
                .map(|p| ParamInfo { id: p.id.clone(), label: p.label.clone(), kind: ValueKind::of(&p.ty) })
                .collect(),
            quotas: model.quotas.len(),
            citations: citations(self),
        }
    }
}

fn citations(rules: &RuleSet) -> Vec<Citation> {
    let model = &rules.model;
    let at = |span| rules.source().location(span).to_string();
    let cite = |kind, id: &str, label: &str, source: &Option<String>, span| {
        source.as_ref().map(|source| Citation {
            kind,
            id: Some(id.to_owned()),
            label: Some(label.to_owned()),
            source: source.clone(),
            at: at(span),
        })
    };
    let tier_id = |t: u16| model.outcome.tiers.get(usize::from(t)).map(|t| t.id.clone());
    let mut out: Vec<Citation> = Vec::new();
    out.extend(cite(CitationKind::Ruleset, &model.id, &model.label, &model.citation, model.id_span));
    out.extend(model.outcome.tiers.iter().filter_map(|t| cite(CitationKind::Tier, &t.id, &t.label, &t.source, t.span)));
    out.extend(model.scores.iter().filter_map(|s| cite(CitationKind::Score, &s.id, &s.label, &s.source, s.span)));
    out.extend(model.adjustments.iter().filter_map(|a| {
        let kind = match a.kind {
            AdjustKind::Force => CitationKind::Force,
            AdjustKind::Cap => CitationKind::Cap,
            AdjustKind::Exclude => CitationKind::Exclude,
        };
        let source = a.source.clone()?;
        Some(Citation { kind, id: a.tier.and_then(tier_id), label: a.because.clone(), source, at: at(a.span) })
    }));
    out.extend(model.quotas.iter().filter_map(|q| {
        let source = q.source.clone()?;
        Some(Citation { kind: CitationKind::Quota, id: tier_id(q.tier), label: None, source, at: at(q.span) })
    }));
    out
}
