//! The one JSON shape of results, shared by the CLI, Python and JavaScript. Decimals are
//! strings, so that no front end rounds them.

use std::collections::BTreeMap;

use indexmap::IndexMap;
use serde::{Deserialize, Serialize};

use crate::outcome::Status;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ResultRecord {
    pub ruleset: String,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub subject: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub on: Option<String>,
    pub status: Status,
    /// `null` unless rated.
    pub outcome: Option<OutcomeRecord>,
    /// Every score in declaration order, parents before their items.
    pub scores: IndexMap<String, ScoreRecord>,
    /// Every `let`, by id.
    pub values: IndexMap<String, serde_json::Value>,
    pub findings: Vec<Finding>,
    pub trace: Vec<TraceStep>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutcomeRecord {
    pub id: String,
    pub label: String,
    /// `score`, `tiers`, `force`, `cap` or `exclude`.
    pub decided_by: String,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub source: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScoreRecord {
    /// `null` when evidence is missing.
    pub value: Option<String>,
    pub max: String,
    pub label: String,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub parent: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub source: Option<String>,
}

/// Something the evaluation found: a knock-out, a cap, an exclusion, missing evidence, a clamped
/// score, a pending quota. `code` is stable.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    pub code: String,
    pub label: String,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub source: Option<String>,
    /// `file:line:column` of the rule.
    #[serde(skip_serializing_if = "String::is_empty", default)]
    pub rule: String,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub tier: Option<String>,
    /// Whether it changed the outcome (a knock-out below a tier already chosen does not).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub applied: Option<bool>,
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub fields: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TraceStep {
    /// `xep_loai.htxs`, `force kht`, `cap htnv`, `exclude`.
    pub rule: String,
    pub span: String,
    /// `null` when evidence was missing.
    pub holds: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub source: Option<String>,
    pub conditions: Vec<ConditionTrace>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ConditionTrace {
    pub condition: String,
    pub holds: Option<bool>,
    pub values: BTreeMap<String, serde_json::Value>,
}
