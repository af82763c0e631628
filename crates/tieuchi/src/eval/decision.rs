//! What evaluating one record decided, before it becomes an [`crate::Evaluation`]: the tier
//! and the rule that set it, the rules tried, and what evaluation noticed on the way.

use rust_decimal::Decimal;
use serde::Serialize;

use super::{Adjustments, Inexact, TriedRule, Unknown};
use crate::kinds::Status;
use crate::value::Value;

/// Three-valued truth: missing evidence is neither true nor false.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Tri {
    True,
    False,
    Unknown,
}

impl Tri {
    pub(crate) fn of(v: Value) -> Tri {
        match v {
            Value::Bool(true) => Tri::True,
            Value::Bool(false) => Tri::False,
            _ => Tri::Unknown,
        }
    }

    #[must_use]
    pub fn and(self, other: Tri) -> Tri {
        match (self, other) {
            (Tri::False, _) | (_, Tri::False) => Tri::False,
            (Tri::True, Tri::True) => Tri::True,
            _ => Tri::Unknown,
        }
    }

    pub fn as_option(self) -> Option<bool> {
        match self {
            Tri::True => Some(true),
            Tri::False => Some(false),
            Tri::Unknown => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Decision {
    pub status: Status,
    pub tier: Option<u16>,
    /// The adjustment that set the tier, if not the ladder.
    pub decided_by: Option<u16>,
    pub fired: Adjustments,
    pub unknown: Vec<Unknown>,
    /// A quota lowered the tier.
    pub demoted: bool,
    /// The tier the ladder reached on its own, before a knock-out, cap or quota; `None` when it
    /// reached none (undecided evidence, an arithmetic error behind a knock-out that decided).
    pub ladder: Option<u16>,
}

impl Decision {
    pub(crate) fn undetermined(fired: Adjustments, unknown: Vec<Unknown>) -> Self {
        Decision {
            status: Status::NotDeterminable,
            tier: None,
            decided_by: None,
            fired,
            unknown,
            demoted: false,
            ladder: None,
        }
    }
}

/// One rule tried, for the trace: its result and where its conditions' results are.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Attempt {
    pub rule: TriedRule,
    pub holds: Tri,
    pub conditions: std::ops::Range<u32>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Clamp {
    pub score: u32,
    pub raw: Decimal,
}

/// What evaluation noticed on its way to the result: computed scores held to their range, and
/// quotients with no exact decimal value that reached a value or a condition.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Notes {
    pub clamped: Vec<Clamp>,
    pub inexact: Vec<Inexact>,
}
