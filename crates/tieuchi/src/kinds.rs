//! Kinds every stage shares: a checked rule's expected result and an evaluation's result speak of
//! the same statuses, so the type belongs to neither stage; the kinds of adjustment and of a
//! quota's order and count are read by the checker, the plan, the evaluator and the cohort alike.

use serde::{Deserialize, Serialize};

/// Whether a subject got a tier.
#[cfg_attr(feature = "compiled", derive(borsh::BorshSerialize, borsh::BorshDeserialize))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Status {
    /// A tier was decided.
    #[serde(rename = "rated")]
    Rated,
    /// An `exclude` fired: the subject is outside this evaluation (distinct from the lowest tier).
    #[serde(rename = "not rated")]
    NotRated,
    /// Evidence a deciding rule needs is missing.
    #[serde(rename = "not determinable")]
    NotDeterminable,
}

impl Status {
    /// The status as results write it: `rated`, `not rated`, `not determinable`.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Rated => "rated",
            Status::NotRated => "not rated",
            Status::NotDeterminable => "not determinable",
        }
    }

    /// The status written so, or with `_` for spaces; `None` for any other text.
    pub fn parse(text: &str) -> Option<Status> {
        match text {
            "rated" => Some(Status::Rated),
            "not rated" | "not_rated" => Some(Status::NotRated),
            "not determinable" | "not_determinable" => Some(Status::NotDeterminable),
            _ => None,
        }
    }
}

/// One layer of a rule set, for results to say which one decided.
#[cfg_attr(feature = "compiled", derive(borsh::BorshSerialize, borsh::BorshDeserialize))]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LayerInfo {
    /// The rule set id the layer's file declares.
    pub id: String,
    /// The layer's citation (its header `source`).
    pub source: Option<String>,
    /// The first byte of the layer's file in the joined text.
    pub(crate) starts_at: u32,
}

/// The layer a byte of a merged rule set's text belongs to.
pub(crate) fn layer_at(layers: &[LayerInfo], offset: u32) -> Option<&LayerInfo> {
    layers.iter().rev().find(|l| l.starts_at <= offset)
}

/// What a knock-out rule does: force a tier, cap the tier, or exclude the subject from rating.
#[cfg_attr(feature = "compiled", derive(borsh::BorshSerialize, borsh::BorshDeserialize))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AdjustKind {
    Force,
    Cap,
    Exclude,
}

/// The order a quota ranks its candidates by.
#[cfg_attr(feature = "compiled", derive(borsh::BorshSerialize, borsh::BorshDeserialize))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    Asc,
    Desc,
}

/// Whether a quota's share counts the group before or after the quotas before it demoted records.
#[cfg_attr(feature = "compiled", derive(borsh::BorshSerialize, borsh::BorshDeserialize))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CountBasis {
    BeforeDemotion,
    AfterDemotion,
}
