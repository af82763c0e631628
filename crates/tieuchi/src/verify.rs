//! Reproducing a recorded result: evaluate its evidence again with the rules at hand and say
//! whether the same result comes out, and where it does not.
//!
//! A result names the rules it was made with (`rules.id`, `rules.sha256`), the engine
//! (`engine.version`) and its date (`on`); see [`crate::wire::ResultRecord`]. The first thing a
//! reader of a disputed result needs to know is whether the rules are the same text, so a
//! changed fingerprint is reported before anything else.

use serde_json::Value as Json;

use crate::{Library, Options};

/// One place where the recorded result and the result made now differ.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Difference {
    /// Where, as a dotted path into the result (`rules.sha256`, `outcome.id`,
    /// `scores.tong.value`, `findings`).
    pub path: String,
    /// What the recorded result holds there (`null` if nothing).
    pub recorded: Json,
    /// What evaluating again gives there (`null` if nothing).
    pub now: Json,
}

/// What verifying a recorded result found.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Verification {
    /// The rule set the recorded result names.
    pub ruleset: String,
    /// Whether evaluating again gives the recorded result, byte for byte.
    pub reproduced: bool,
    /// Every difference: the rule fingerprint first, then the engine, then the result in the
    /// order its keys are written.
    pub differences: Vec<Difference>,
    /// The result made now, or the errors evaluating again gave (`status: "error"`).
    pub result: Json,
}

/// Why a recorded result could not be checked at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum VerifyError {
    #[error("the recorded result has no `{0}`; is it a result of `tieuchi eval`?")]
    NotAResult(&'static str),
    #[error("the recorded date `{0}` is not a date")]
    BadDate(String),
    #[error("the rules given hold no rule set `{id}`; they hold {available}")]
    UnknownRuleSet { id: String, available: String },
}

/// The stable code of each [`VerifyError`], registered in [`crate::codes`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum VerifyCode {
    NotAResult,
    BadDate,
    UnknownRuleSet,
}

impl VerifyCode {
    pub const ALL: &'static [VerifyCode] = &[VerifyCode::NotAResult, VerifyCode::BadDate, VerifyCode::UnknownRuleSet];

    pub fn as_str(self) -> &'static str {
        match self {
            VerifyCode::NotAResult => "verify::not-a-result",
            VerifyCode::BadDate => "verify::bad-date",
            VerifyCode::UnknownRuleSet => "verify::unknown-ruleset",
        }
    }

    /// One line on what the code means.
    pub fn summary(self) -> &'static str {
        match self {
            VerifyCode::NotAResult => "the recorded document is not a result that names its rules",
            VerifyCode::BadDate => "the recorded result's date is not a date",
            VerifyCode::UnknownRuleSet => "the rules given do not hold the rule set the result names",
        }
    }
}

impl VerifyError {
    pub fn verify_code(&self) -> VerifyCode {
        match self {
            VerifyError::NotAResult(_) => VerifyCode::NotAResult,
            VerifyError::BadDate(_) => VerifyCode::BadDate,
            VerifyError::UnknownRuleSet { .. } => VerifyCode::UnknownRuleSet,
        }
    }

    pub fn code(&self) -> &'static str {
        self.verify_code().as_str()
    }
}

/// Evaluates `evidence` (one JSON record, as text) again with the rule set `recorded` names,
/// on its date, traced if it was, and compares.
pub fn verify(library: &Library, recorded: &Json, evidence: &str) -> Result<Verification, VerifyError> {
    let id = recorded.pointer("/rules/id").and_then(Json::as_str).ok_or(VerifyError::NotAResult("rules.id"))?;
    let rules = library.get(id).ok_or_else(|| VerifyError::UnknownRuleSet {
        id: id.to_owned(),
        available: library.rulesets().iter().map(|r| format!("`{}`", r.id())).collect::<Vec<_>>().join(", "),
    })?;
    let on = match recorded.get("on").and_then(Json::as_str) {
        Some(text) => Some(text.parse().map_err(|_| VerifyError::BadDate(text.to_owned()))?),
        None => None,
    };
    let traced = recorded.get("trace").and_then(Json::as_array).is_some_and(|t| !t.is_empty());
    let options = Options { on, trace: traced };
    let now = match rules.evaluate_json(evidence, &options) {
        Ok(result) => serde_json::to_value(result.to_wire()).unwrap_or(Json::Null),
        Err(error) => crate::wire::failure(rules.id(), &error),
    };
    let mut differences = Vec::new();
    compare("", recorded, &now, &mut differences);
    // What a reader needs first: whether the rules are the same text, then the same engine.
    differences.sort_by_key(|d| match d.path.as_str() {
        "rules.sha256" => 0,
        "engine.version" => 1,
        _ => 2,
    });
    Ok(Verification { ruleset: id.to_owned(), reproduced: differences.is_empty(), differences, result: now })
}

/// The differences between two JSON documents: objects key by key (in the recorded order, then
/// keys only the new one has), lists of the same length item by item, anything else as a whole.
/// A rule's place (`span`, `rule`: `FILE:LINE:COLUMN`) compares by line and column only: the
/// fingerprint already says whether the text is the same, and the same file read from another
/// folder is the same rules.
fn compare(path: &str, recorded: &Json, now: &Json, out: &mut Vec<Difference>) {
    let join = |key: &str| if path.is_empty() { key.to_owned() } else { format!("{path}.{key}") };
    match (recorded, now) {
        (Json::Object(a), Json::Object(b)) => {
            for (key, value) in a {
                compare(&join(key), value, b.get(key).unwrap_or(&Json::Null), out);
            }
            for (key, value) in b.iter().filter(|(k, _)| !a.contains_key(*k)) {
                compare(&join(key), &Json::Null, value, out);
            }
        }
        (Json::Array(a), Json::Array(b)) if a.len() == b.len() => {
            for (i, (x, y)) in a.iter().zip(b).enumerate() {
                compare(&format!("{path}[{i}]"), x, y, out);
            }
        }
        (Json::String(a), Json::String(b)) if is_place(path) && place(a) == place(b) => {}
        _ if recorded == now => {}
        _ => out.push(Difference { path: path.to_owned(), recorded: recorded.clone(), now: now.clone() }),
    }
}

fn is_place(path: &str) -> bool {
    matches!(path.rsplit_once('.'), Some((_, "span" | "rule")))
}

/// `LINE:COLUMN` of `FILE:LINE:COLUMN`.
fn place(text: &str) -> &str {
    let mut colons = text.rmatch_indices(':').map(|(i, _)| i);
    match (colons.next(), colons.next()) {
        (Some(_), Some(start)) => &text[start + 1..],
        _ => text,
    }
}
