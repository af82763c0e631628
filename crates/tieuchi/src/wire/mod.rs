//! The one JSON shape of results, shared by the CLI, Python and JavaScript. Decimals are
//! strings, so that no front end rounds them. Text that comes from the rule file is borrowed
//! from the compiled rule set, so building a result copies little.

mod evaluation;
pub(crate) use evaluation::quota_finding;

use std::borrow::Cow;

use serde::{Deserialize, Serialize};

pub use crate::outcome::Shown;
use crate::outcome::Status;

/// Text of a record: borrowed from the rule set or the evidence where it can be, owned when read back.
pub type Text<'a> = Cow<'a, str>;

/// One evaluation's result, as every front end writes it (`tieuchi eval`, Python's `Result.to_dict()`,
/// JavaScript's `evaluate`, the service's answers) and as `tieuchi verify` reads it back.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ResultRecord<'a> {
    /// The rule set's id.
    #[serde(borrow)]
    pub ruleset: Text<'a>,
    /// The subject the evidence names (`subject`), if any.
    #[serde(borrow, skip_serializing_if = "Option::is_none", default)]
    pub subject: Option<Text<'a>>,
    /// The evaluation date (`YYYY-MM-DD`): the evidence's own `on`, or the run's.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub on: Option<String>,
    /// What produced the result: the engine…
    #[serde(borrow)]
    pub engine: EngineRecord<'a>,
    /// …and the rules, by fingerprint.
    #[serde(borrow)]
    pub rules: RulesRecord<'a>,
    /// Rated, not rated (an exclusion fired), or not determinable (evidence missing).
    pub status: Status,
    /// `null` unless rated.
    #[serde(borrow)]
    pub outcome: Option<OutcomeRecord<'a>>,
    /// Every score in declaration order, parents before their items.
    #[serde(borrow)]
    pub scores: Fields<'a, ScoreRecord<'a>>,
    /// Every `let`, by id.
    #[serde(borrow)]
    pub values: Fields<'a, serde_json::Value>,
    /// Every `param`, by id, with the value the rules used on the evaluation date; none when the
    /// rule set has no parameters.
    #[serde(borrow, skip_serializing_if = "Fields::is_empty", default)]
    pub params: Fields<'a, ParamRecord<'a>>,
    /// What the evaluation found: knock-outs, caps, exclusions, missing evidence, clamped scores,
    /// inexact divisions, quotas, a version not in force.
    #[serde(borrow)]
    pub findings: Vec<Finding<'a>>,
    /// Every rule tried, with its conditions' results, when the trace was asked for.
    #[serde(borrow)]
    pub trace: Vec<TraceStep<'a>>,
    /// What it takes to reach each better tier, when asked for
    /// ([`Evaluation::what_it_takes`](crate::Evaluation::what_it_takes)).
    /// Not read back: a recorded result is verified by what it decided, not by this advice.
    #[serde(skip_serializing_if = "Option::is_none", skip_deserializing)]
    pub what_it_takes: Option<WhatItTakesRecord>,
}

/// A result as `tieuchi eval --format json` prints it and `tieuchi serve` answers it: pretty JSON,
/// with the condition-by-condition trace and what it takes only when asked for. One function, so
/// that the two give the same bytes.
pub fn result_json(evaluation: &crate::Evaluation<'_>, trace: bool, what_it_takes: bool) -> serde_json::Result<String> {
    serde_json::to_string_pretty(&result_record(evaluation, trace, what_it_takes))
}

/// A result's record with what was asked for: the trace, what it takes.
pub fn result_record<'r>(evaluation: &crate::Evaluation<'r>, trace: bool, what_it_takes: bool) -> ResultRecord<'r> {
    let mut record = evaluation.to_wire();
    if !trace {
        record.trace.clear();
    }
    if what_it_takes {
        record.what_it_takes = Some(evaluation.what_it_takes());
    }
    record
}

/// The document a record that could not be evaluated gives where a result was asked for
/// (`tieuchi eval --format json`): the rule set, `status: "error"` and every error record.
pub fn failure(ruleset: &str, error: &crate::EvaluateError, lang: crate::Lang) -> serde_json::Value {
    let errors = crate::Failure::evaluate(error, lang).errors;
    serde_json::json!({"ruleset": ruleset, "status": "error", "errors": errors})
}

fn own(text: Text<'_>) -> Text<'static> {
    Cow::Owned(text.into_owned())
}

impl ResultRecord<'_> {
    /// The record with every borrowed text copied, to keep it beyond the rule set.
    pub fn into_owned(self) -> ResultRecord<'static> {
        ResultRecord {
            ruleset: own(self.ruleset),
            subject: self.subject.map(own),
            on: self.on,
            engine: EngineRecord { name: own(self.engine.name), version: own(self.engine.version) },
            rules: RulesRecord {
                version: VersionRecord {
                    id: own(self.rules.version.id),
                    sha256: own(self.rules.version.sha256),
                    valid_from: self.rules.version.valid_from,
                    valid_until: self.rules.version.valid_until,
                },
                chosen_because: self.rules.chosen_because,
            },
            status: self.status,
            outcome: self.outcome.map(|o| OutcomeRecord {
                id: own(o.id),
                label: own(o.label),
                decided_by: own(o.decided_by),
                source: o.source.map(own),
                by_score: o.by_score.map(|t| TierRecord { id: own(t.id), label: own(t.label) }),
                layer: o.layer.map(|l| LayerRecord { id: own(l.id), source: l.source.map(own) }),
            }),
            scores: Fields(
                self.scores
                    .0
                    .into_iter()
                    .map(|(k, s)| {
                        let score = ScoreRecord {
                            value: s.value,
                            max: own(s.max),
                            label: own(s.label),
                            parent: s.parent.map(own),
                            source: s.source.map(own),
                        };
                        (own(k), score)
                    })
                    .collect(),
            ),
            values: Fields(self.values.0.into_iter().map(|(k, v)| (own(k), v)).collect()),
            params: Fields(
                self.params
                    .0
                    .into_iter()
                    .map(|(k, p)| {
                        let param = ParamRecord {
                            value: p.value,
                            from: p.from,
                            source: p.source.map(own),
                            overridden: p.overridden,
                        };
                        (own(k), param)
                    })
                    .collect(),
            ),
            findings: self
                .findings
                .into_iter()
                .map(|f| Finding {
                    code: own(f.code),
                    label: own(f.label),
                    source: f.source.map(own),
                    rule: own(f.rule),
                    tier: f.tier.map(own),
                    applied: f.applied,
                    fields: f.fields.into_iter().map(own).collect(),
                })
                .collect(),
            trace: self
                .trace
                .into_iter()
                .map(|t| TraceStep {
                    rule: own(t.rule),
                    span: own(t.span),
                    holds: t.holds,
                    source: t.source.map(own),
                    conditions: t
                        .conditions
                        .into_iter()
                        .map(|c| ConditionTrace {
                            condition: own(c.condition),
                            holds: c.holds,
                            values: Fields(c.values.0.into_iter().map(|(k, v)| (own(k), v)).collect()),
                        })
                        .collect(),
                })
                .collect(),
            what_it_takes: self.what_it_takes,
        }
    }
}

/// A parameter's value as a result used it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ParamRecord<'a> {
    /// An exact decimal as text, `true` or `false`; `null` when the parameter has no value on the
    /// evaluation date (a dated parameter without a date).
    pub value: serde_json::Value,
    /// The date the value applies from; absent for an undated value.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub from: Option<String>,
    /// The text the value cites.
    #[serde(borrow, skip_serializing_if = "Option::is_none", default)]
    pub source: Option<Text<'a>>,
    /// The value was set for a simulation ([`RuleSet::with_params`](crate::RuleSet::with_params),
    /// `--set`), not by the rules: the result is not the rules' own.
    #[serde(skip_serializing_if = "std::ops::Not::not", default)]
    pub overridden: bool,
}

/// What it takes: the better tiers and how to reach them, or, while evidence is missing, what is
/// still possible.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WhatItTakesRecord {
    /// Every tier better than the one reached, best first (empty at the best tier, and while
    /// evidence is missing).
    pub goals: Vec<GoalRecord>,
    /// While evidence is missing: what is still possible.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pending: Option<PendingRecord>,
}

/// What is still possible while evidence is missing: every completion of the record lands
/// inside these ranges and among these tiers.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PendingRecord {
    /// The fields still missing.
    pub missing: Vec<String>,
    /// Each score's range (`null`: no bound that way).
    pub scores: Vec<RangeRecord>,
    /// The tiers a completion may reach, best first.
    pub possible: Vec<String>,
    /// An exclusion may leave the record not rated.
    pub may_be_excluded: bool,
    /// Knock-outs, caps and exclusions that may still hold.
    pub undecided: Vec<BlockRecord>,
    /// With one field alone missing: what its values give.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub decides: Option<DecidesRecord>,
    /// The same in sentences, in the evaluation's language (Vietnamese unless told otherwise).
    pub text: String,
}

/// A score's possible values.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RangeRecord {
    /// The score's id.
    pub id: String,
    /// Its label.
    pub label: String,
    /// The least it can be (`null`: no bound).
    pub min: Option<String>,
    /// The most it can be (`null`: no bound).
    pub max: Option<String>,
}

/// What the values of the one missing field give.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DecidesRecord {
    /// The missing field's name.
    pub field: String,
    /// Its label.
    pub label: String,
    /// Its values, or ranges of values, each with the result it gives.
    pub pieces: Vec<PieceRecord>,
}

/// A value (`value`), or a range of values (`from`/`to`, each end included or not; `null`: no
/// bound), and the result it gives: a tier id, `not rated` or `not determinable`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PieceRecord {
    /// The one value that gives `outcome`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<serde_json::Value>,
    /// The range's lower end (`null`: no bound).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    /// Whether `from` itself gives `outcome`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from_included: Option<bool>,
    /// The range's upper end (`null`: no bound).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
    /// Whether `to` itself gives `outcome`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to_included: Option<bool>,
    /// A tier id, `not rated` or `not determinable`.
    pub outcome: String,
}

/// A tier better than the one reached, and what reaching it takes.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GoalRecord {
    /// The tier's id.
    pub tier: String,
    /// Its label.
    pub label: String,
    /// `true`: each of `ways` reaches it; `false`: `blocked_by` or `short` says why not;
    /// `null`: `not_solved` names the condition that is not solved exactly.
    pub reachable: Option<bool>,
    /// Alternatives; all the changes of one are needed.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub ways: Vec<Vec<ChangeRecord>>,
    /// The knock-out, cap or exclusion that keeps the record below the tier.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub blocked_by: Option<BlockRecord>,
    /// The numbers that cannot move as far as the tier asks.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub short: Vec<ShortRecord>,
    /// The condition that is not solved exactly.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub not_solved: Option<PlaceRecord>,
    /// A quota limits the tier within the record's group.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub quota: Option<QuotaLimitRecord>,
    /// The same in one sentence, in the evaluation's language.
    pub text: String,
}

/// One change of evidence.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "change", rename_all = "snake_case")]
pub enum ChangeRecord {
    /// A number (a score, a `let`, an input, an expression) to raise or lower by `by` (by more
    /// than `by` when `strict`), shared among `items` as far as each can move.
    Points {
        /// The number's id, or the expression.
        of: String,
        /// Its label.
        label: String,
        /// `true`: it must rise; `false`: fall.
        rise: bool,
        /// By how much.
        by: String,
        /// By more than `by`.
        strict: bool,
        /// Its items and how far each can move.
        items: Vec<ItemRecord>,
    },
    /// An input set to `to`; `or_beyond`: or any value further the same way.
    Set {
        /// The input's name.
        input: String,
        /// Its label.
        label: String,
        /// The value it must take.
        to: serde_json::Value,
        /// Or any value further the same way.
        or_beyond: bool,
    },
    /// `count` members of a list to come to meet `condition` (`meet`), or to stop meeting it.
    Members {
        /// The list's name.
        input: String,
        /// Its label.
        label: String,
        /// How many members.
        count: u64,
        /// `true`: to come to meet the condition; `false`: to stop meeting it.
        meet: bool,
        /// The condition, as written.
        condition: String,
    },
    /// A history's streak meeting `condition` (`now` years) to go on `count` more years.
    Years {
        /// The history's name.
        input: String,
        /// Its label.
        label: String,
        /// How many more years.
        count: u64,
        /// The streak's length now, in years.
        now: u64,
        /// The condition, as written.
        condition: String,
    },
}

/// An item of a number: its value now and how far it can still move (`null`: no bound).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ItemRecord {
    /// The item's id.
    pub id: String,
    /// Its label.
    pub label: String,
    /// Its value now.
    pub now: String,
    /// How far it can still move the way asked (`null`: no bound).
    pub room: Option<String>,
    /// For a computed score: the input that moves it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub via: Option<ViaRecord>,
}

/// How a computed score moves: `per_unit` points for each unit of `input` (negative: for each
/// unit less), or `input` set to `to`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ViaRecord {
    /// Each unit of a number input moves the score by `per_unit`.
    Number {
        /// The input's name.
        input: String,
        /// Points per unit (negative: per unit less).
        per_unit: String,
    },
    /// A yes/no input set to `to` moves the score.
    Set {
        /// The input's name.
        input: String,
        /// The value it must take.
        to: bool,
    },
}

/// The knock-out, cap or exclusion that holds and keeps the record below a tier.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BlockRecord {
    /// `force`, `cap` or `exclude`.
    pub rule: String,
    /// The tier it sets or caps at (none for an exclusion).
    pub tier: Option<String>,
    /// Why, as the rule states it (`because`).
    pub because: Option<String>,
    /// The text the rule cites.
    pub source: Option<String>,
    /// The rule's condition, as written.
    pub condition: String,
}

/// A number that cannot move as far as the tier asks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ShortRecord {
    /// The number's id (a score, a `let`, an input) or expression.
    pub of: String,
    /// Its label.
    pub label: String,
    /// `true`: it must rise; `false`: fall.
    pub rise: bool,
    /// By how much it must move.
    pub need: String,
    /// By more than `need` (the condition is strict).
    pub strict: bool,
    /// The most it can move.
    pub room: String,
}

/// A place in the rule file: the expression written there, and its line and column.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlaceRecord {
    /// The expression, as written.
    pub expression: String,
    /// Its line, from 1.
    pub line: usize,
    /// Its column, from 1.
    pub column: usize,
}

/// The quota on a tier: at most `share` of the tier `of` within the group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct QuotaLimitRecord {
    /// The share, as a decimal fraction (`0.2` for 20%).
    pub share: String,
    /// The tier the share is counted on.
    pub of: String,
    /// The text the quota cites.
    pub source: Option<String>,
}

/// The engine that made a result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EngineRecord<'a> {
    /// `tieuchi`.
    #[serde(borrow)]
    pub name: Text<'a>,
    /// The engine's version.
    #[serde(borrow)]
    pub version: Text<'a>,
}

impl EngineRecord<'static> {
    /// This engine.
    pub fn current() -> Self {
        EngineRecord { name: Cow::Borrowed("tieuchi"), version: Cow::Borrowed(env!("CARGO_PKG_VERSION")) }
    }
}

/// A version of a family: the rule set, the fingerprint of its text and imports, and its validity
/// window. A result names the one that made it; a run's summary lists them (each batch row names
/// its version by `ruleset` and `rules_sha256`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VersionRecord<'a> {
    /// The rule set's id.
    #[serde(borrow)]
    pub id: Text<'a>,
    /// SHA-256 of the normalised rule text and everything it imports (see
    /// [`RuleSet::fingerprint`](crate::RuleSet::fingerprint)).
    #[serde(borrow)]
    pub sha256: Text<'a>,
    /// The validity window the rule file declares, if any.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub valid_from: Option<String>,
    /// The last day of the validity window, if the rule file declares one.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub valid_until: Option<String>,
}

impl<'a> VersionRecord<'a> {
    /// The version of a compiled rule set.
    pub fn of(rules: &'a crate::RuleSet) -> Self {
        let model = &rules.model;
        VersionRecord {
            id: Cow::Borrowed(rules.id()),
            sha256: Cow::Borrowed(rules.fingerprint()),
            valid_from: model.valid_from.map(crate::value::date_text),
            valid_until: model.valid_until.map(crate::value::date_text),
        }
    }
}

/// The rules a result was made with: the version (its rule set, fingerprint and validity window)
/// and why that version applies.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RulesRecord<'a> {
    /// The rule set, its fingerprint and validity window.
    #[serde(borrow, flatten)]
    pub version: VersionRecord<'a>,
    /// Why this version rated the record, in the evaluation's language: in force on the date, or
    /// named (no date, or a date outside its window, which a `not-in-force` finding then
    /// reports). Text for a person; `tieuchi verify` accepts it in any language.
    pub chosen_because: String,
}

/// The tier a rated record reached, and what decided it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutcomeRecord<'a> {
    /// The tier's id.
    #[serde(borrow)]
    pub id: Text<'a>,
    /// Its label.
    #[serde(borrow)]
    pub label: Text<'a>,
    /// `score`, `tiers`, `force`, `cap` or `exclude`.
    #[serde(borrow)]
    pub decided_by: Text<'a>,
    /// The text the deciding rule cites.
    #[serde(borrow, skip_serializing_if = "Option::is_none", default)]
    pub source: Option<Text<'a>>,
    /// The tier the score (or the tiers' own conditions) reached, when a knock-out, cap or quota
    /// set another: the outcome names the rule that decided, and this what it overrode.
    #[serde(borrow, skip_serializing_if = "Option::is_none", default)]
    pub by_score: Option<TierRecord<'a>>,
    /// For a rule set that `extends` another: the layer whose rule decided (the national rules
    /// or the layer), by id and citation.
    #[serde(borrow, skip_serializing_if = "Option::is_none", default)]
    pub layer: Option<LayerRecord<'a>>,
}

/// A layer of a rule set, by the id its file declares and its citation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LayerRecord<'a> {
    /// The layer's id.
    #[serde(borrow)]
    pub id: Text<'a>,
    /// The text the layer cites.
    #[serde(borrow, skip_serializing_if = "Option::is_none", default)]
    pub source: Option<Text<'a>>,
}

/// A tier, by id and label.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TierRecord<'a> {
    /// The tier's id.
    #[serde(borrow)]
    pub id: Text<'a>,
    /// Its label.
    #[serde(borrow)]
    pub label: Text<'a>,
}

/// One score of a result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScoreRecord<'a> {
    /// `null` when evidence is missing.
    pub value: Option<String>,
    /// Its maximum.
    #[serde(borrow)]
    pub max: Text<'a>,
    /// Its label.
    #[serde(borrow)]
    pub label: Text<'a>,
    /// The score it counts towards.
    #[serde(borrow, skip_serializing_if = "Option::is_none", default)]
    pub parent: Option<Text<'a>>,
    /// The text it cites.
    #[serde(borrow, skip_serializing_if = "Option::is_none", default)]
    pub source: Option<Text<'a>>,
}

/// Something the evaluation found: a knock-out, a cap, an exclusion, missing evidence, a clamped
/// score, a pending quota. `code` is stable.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding<'a> {
    /// Its stable code (see [`crate::codes`]).
    #[serde(borrow)]
    pub code: Text<'a>,
    /// What it is, for a person.
    #[serde(borrow)]
    pub label: Text<'a>,
    /// The text the rule cites.
    #[serde(borrow, skip_serializing_if = "Option::is_none", default)]
    pub source: Option<Text<'a>>,
    /// `file:line:column` of the rule.
    #[serde(borrow, skip_serializing_if = "str::is_empty", default)]
    pub rule: Text<'a>,
    /// The tier the rule sets, caps at or limits.
    #[serde(borrow, skip_serializing_if = "Option::is_none", default)]
    pub tier: Option<Text<'a>>,
    /// Whether it changed the outcome (a knock-out below a tier already chosen does not).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub applied: Option<bool>,
    /// The fields it concerns (missing evidence).
    #[serde(borrow, skip_serializing_if = "Vec::is_empty", default)]
    pub fields: Vec<Text<'a>>,
}

/// One rule tried, for the trace.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TraceStep<'a> {
    /// `xep_loai.htxs`, `force kht`, `cap htnv`, `exclude`.
    #[serde(borrow)]
    pub rule: Text<'a>,
    /// `file:line:column` of the rule.
    #[serde(borrow)]
    pub span: Text<'a>,
    /// `null` when evidence was missing.
    pub holds: Option<bool>,
    /// The text the rule cites.
    #[serde(borrow, skip_serializing_if = "Option::is_none", default)]
    pub source: Option<Text<'a>>,
    /// Its conditions, in the order written.
    #[serde(borrow)]
    pub conditions: Vec<ConditionTrace<'a>>,
}

/// One condition of a rule tried.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ConditionTrace<'a> {
    /// The condition, as written.
    #[serde(borrow)]
    pub condition: Text<'a>,
    /// Whether it held (`null`: evidence missing, or not reached after a false one).
    pub holds: Option<bool>,
    /// The values of the names the condition reads.
    #[serde(borrow)]
    pub values: Fields<'a, serde_json::Value>,
}

/// An evaluation's record without what every result of its rule set repeats
/// ([`crate::Evaluation::lean_record`]): the varying parts of [`ResultRecord`] (its trace apart,
/// [`LeanTrace`]), each score, value and parameter in the order of [`crate::RuleSetInfo`]'s
/// `scores`, `values` and `params`, the tier by its place among the outcome's tiers. Joined with
/// the rule set's [`crate::RuleSetInfo`] and [`VersionRecord::of`], it is the result's record
/// (`rules_library.rs` joins every example and compares): a front end that holds those once per
/// rule set sends only this per evaluation.
#[derive(Debug, Clone, PartialEq)]
pub struct LeanRecord<'a> {
    /// As [`ResultRecord::subject`].
    pub subject: Option<&'a str>,
    /// As [`ResultRecord::on`].
    pub on: Option<crate::value::Date>,
    /// As [`RulesRecord::chosen_because`].
    pub chosen_because: String,
    /// As [`ResultRecord::status`].
    pub status: Status,
    /// As [`ResultRecord::outcome`]; `None` when not rated.
    pub outcome: Option<LeanOutcome<'a>>,
    /// Each score's value (`None`: not determinable).
    pub scores: Vec<Option<rust_decimal::Decimal>>,
    /// Each value, as [`ResultRecord::values`] shows it.
    pub values: Vec<Shown<'a>>,
    /// Each parameter, as [`ResultRecord::params`] gives it.
    pub params: Vec<LeanParam<'a>>,
    /// As [`ResultRecord::findings`].
    pub findings: Vec<Finding<'a>>,
}

/// [`OutcomeRecord`] with its tiers by place among the outcome's tiers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeanOutcome<'a> {
    /// The tier reached.
    pub tier: usize,
    /// As [`OutcomeRecord::decided_by`].
    pub decided_by: &'static str,
    /// As [`OutcomeRecord::source`].
    pub source: LeanSource<'a>,
    /// As [`OutcomeRecord::by_score`].
    pub by_score: Option<usize>,
    /// As [`OutcomeRecord::layer`].
    pub layer: Option<LayerRecord<'a>>,
}

/// The citation of an outcome: none, the tier's own, or another rule's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LeanSource<'a> {
    /// The rule that decided cites nothing.
    None,
    /// The tier's own citation ([`crate::info::TierInfo::source`]).
    Tier,
    /// Another rule's citation.
    Text(&'a str),
}

/// [`ParamRecord`] without the parameter's id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LeanParam<'a> {
    /// As [`ParamRecord::value`].
    pub value: Shown<'a>,
    /// As [`ParamRecord::from`].
    pub from: Option<crate::value::Date>,
    /// As [`ParamRecord::source`].
    pub source: Option<&'a str>,
    /// As [`ParamRecord::overridden`].
    pub overridden: bool,
}

/// A rule as the trace steps that try it name it: the texts every such step repeats, which a
/// trace written without them ([`LeanTrace`]) refers to by position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TracedRule<'a> {
    /// As [`TraceStep::rule`].
    pub rule: &'a str,
    /// As [`TraceStep::span`].
    pub span: &'a str,
    /// As [`TraceStep::source`].
    pub source: Option<&'a str>,
    /// Each condition as written, with the names whose values a step shows beside it, in order.
    pub conditions: Vec<(&'a str, Vec<&'a str>)>,
}

/// The rules a rule set's trace steps may name ([`crate::RuleSet::traced_rules`]): its tiers,
/// best first, then its knock-outs, caps and exclusions, in the order written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TracedRules<'a> {
    /// By the tier's index, best first.
    pub tiers: Vec<TracedRule<'a>>,
    /// By the knock-out's, cap's or exclusion's index.
    pub adjustments: Vec<TracedRule<'a>>,
}

/// Which of [`TracedRules`] a step tried.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RuleRef {
    /// [`TracedRules::tiers`]' rule at this index.
    Tier(u16),
    /// [`TracedRules::adjustments`]' rule at this index.
    Adjustment(u16),
}

/// An evaluation's trace without its rules' texts ([`crate::Evaluation::lean_trace`]): for each
/// step, the rule, whether it held, and for each of its conditions tried whether it held and the
/// values of the names it reads, in the order of [`TracedRule::conditions`]. Each step joined
/// with its [`TracedRule`] is the [`TraceStep`] of the result's record.
///
/// Held flat, in three vectors for the whole trace rather than one per step and condition, which
/// nearly halves the cost of making it. Written as JSON, it is one flat array: for each step
/// `kind` (0 a tier, 1 a knock-out, cap or exclusion), its index, whether it held and the number
/// of its conditions tried, then for each of those whether it held and the values it read, as
/// many as [`TracedRule::conditions`] names for it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LeanTrace<'a> {
    /// Each step's rule, whether it held, and where its conditions end in `conditions`.
    pub(crate) steps: Vec<(RuleRef, Option<bool>, u32)>,
    /// Each condition's holds, and where its values end in `values`.
    pub(crate) conditions: Vec<(Option<bool>, u32)>,
    /// The values read, borrowed from the evaluation: written as the whole trace writes them.
    pub(crate) values: Vec<Shown<'a>>,
}

impl<'a> LeanTrace<'a> {
    /// The steps, in the order they were tried.
    pub fn steps(&self) -> impl ExactSizeIterator<Item = LeanStep<'_, 'a>> {
        let (mut first_condition, mut first_value) = (0, 0);
        self.steps.iter().map(move |&(rule, holds, end)| {
            let conditions = self.conditions.get(first_condition..end as usize).unwrap_or_default();
            let values_from = first_value;
            first_condition = end as usize;
            first_value = conditions.last().map_or(first_value, |&(_, end)| end as usize);
            LeanStep { rule, holds, conditions, values: &self.values, values_from }
        })
    }
}

/// One step of a [`LeanTrace`].
#[derive(Debug, Clone, Copy)]
pub struct LeanStep<'t, 'a> {
    /// The rule tried.
    pub rule: RuleRef,
    /// As [`TraceStep::holds`].
    pub holds: Option<bool>,
    conditions: &'t [(Option<bool>, u32)],
    values: &'t [Shown<'a>],
    /// Where the values of the step's first condition start in `values`.
    values_from: usize,
}

impl<'t, 'a> LeanStep<'t, 'a> {
    /// Per condition tried: whether it held, and the values it read.
    pub fn conditions(&self) -> impl ExactSizeIterator<Item = (Option<bool>, &'t [Shown<'a>])> + use<'t, 'a> {
        let (values, mut first) = (self.values, self.values_from);
        self.conditions.iter().map(move |&(holds, end)| {
            let read = values.get(first..end as usize).unwrap_or_default();
            first = end as usize;
            (holds, read)
        })
    }
}

impl Serialize for LeanTrace<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq as _;
        let mut seq = serializer.serialize_seq(None)?;
        for step in self.steps() {
            let (kind, index) = match step.rule {
                RuleRef::Tier(i) => (0u8, i),
                RuleRef::Adjustment(i) => (1u8, i),
            };
            let conditions = step.conditions();
            seq.serialize_element(&kind)?;
            seq.serialize_element(&index)?;
            seq.serialize_element(&step.holds)?;
            seq.serialize_element(&conditions.len())?;
            for (holds, values) in conditions {
                seq.serialize_element(&holds)?;
                for value in values {
                    seq.serialize_element(value)?;
                }
            }
        }
        seq.end()
    }
}

/// Named values in a fixed order, written as a JSON object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fields<'a, V>(pub Vec<(Text<'a>, V)>);

impl<V> Default for Fields<'_, V> {
    fn default() -> Self {
        Fields(Vec::new())
    }
}

impl<V> Fields<'_, V> {
    /// The value named `key`.
    pub fn get(&self, key: &str) -> Option<&V> {
        self.0.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    /// Each name with its value, in order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &V)> {
        self.0.iter().map(|(k, v)| (k.as_ref(), v))
    }

    /// How many there are.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl<'a, V> FromIterator<(Text<'a>, V)> for Fields<'a, V> {
    fn from_iter<I: IntoIterator<Item = (Text<'a>, V)>>(iter: I) -> Self {
        Fields(iter.into_iter().collect())
    }
}

impl<V: Serialize> Serialize for Fields<'_, V> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.0.iter().map(|(k, v)| (k.as_ref(), v)))
    }
}

impl<'de: 'a, 'a, V: Deserialize<'de>> Deserialize<'de> for Fields<'a, V> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visitor<'a, V>(std::marker::PhantomData<(&'a (), V)>);
        impl<'de: 'a, 'a, V: Deserialize<'de>> serde::de::Visitor<'de> for Visitor<'a, V> {
            type Value = Fields<'a, V>;

            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("an object")
            }

            fn visit_map<M: serde::de::MapAccess<'de>>(self, mut map: M) -> Result<Self::Value, M::Error> {
                let mut out = Vec::new();
                while let Some((k, v)) = map.next_entry::<Cow<'de, str>, V>()? {
                    out.push((k, v));
                }
                Ok(Fields(out))
            }
        }
        d.deserialize_map(Visitor(std::marker::PhantomData))
    }
}

#[cfg(test)]
mod tests {
    use rust_decimal::Decimal;
    use serde_json::json;

    use super::{LeanTrace, RuleRef, Shown};

    /// A step with no condition tried (an unguarded tier) between two that have some: each step
    /// still reads its own values, and the JSON is the flat array the wrapper walks.
    #[test]
    fn a_lean_traces_steps_read_their_own_conditions_and_values() {
        let trace = LeanTrace {
            steps: vec![
                (RuleRef::Adjustment(0), Some(false), 2),
                (RuleRef::Tier(3), Some(true), 2),
                (RuleRef::Tier(1), None, 3),
            ],
            conditions: vec![(Some(false), 1), (None, 3), (None, 4)],
            values: vec![
                Shown::Bool(false),
                Shown::Number(Decimal::new(8625, 2)),
                Shown::Null,
                Shown::Number(Decimal::new(900, 1)),
            ],
        };
        let steps: Vec<_> = trace
            .steps()
            .map(|step| {
                let conditions = step.conditions().map(|(h, v)| (h, v.iter().map(|v| v.to_json()).collect::<Vec<_>>()));
                (step.rule, step.holds, conditions.collect::<Vec<_>>())
            })
            .collect();
        assert_eq!(
            steps,
            vec![
                (
                    RuleRef::Adjustment(0),
                    Some(false),
                    vec![(Some(false), vec![json!(false)]), (None, vec![json!("86.25"), json!(null)])]
                ),
                (RuleRef::Tier(3), Some(true), vec![]),
                (RuleRef::Tier(1), None, vec![(None, vec![json!("90")])]),
            ]
        );
        assert_eq!(
            serde_json::to_value(&trace).ok(),
            Some(json!([1, 0, false, 2, false, false, null, "86.25", null, 0, 3, true, 0, 0, 1, null, 1, null, "90"]))
        );
    }
}
