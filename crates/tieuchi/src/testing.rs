//! Running `test` blocks and case files: expected against actual, with every mismatch named.

use std::str::FromStr;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use serde_json::Value as Json;

use crate::check::model::{Expected, TestCase};
use crate::outcome::Status;
use crate::{Options, RuleSet};

/// A case file (`NAME.cases.json`) written beside a rule file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CaseFile {
    /// The id of the rule set the cases are for.
    pub ruleset: String,
    #[serde(default)]
    pub description: Option<String>,
    pub cases: Vec<CaseSpec>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CaseSpec {
    pub name: String,
    /// Where the expectation comes from (the article of the law).
    #[serde(default)]
    pub source: Option<String>,
    pub given: Json,
    #[serde(default)]
    pub on: Option<String>,
    /// Names to expected values; `status` for `not rated` / `not determinable`; `error` for the
    /// code of an expected evidence error.
    pub expect: serde_json::Map<String, Json>,
}

impl CaseFile {
    pub fn parse(text: &str) -> Result<CaseFile, String> {
        serde_json::from_str(text).map_err(|e| format!("line {}, column {}: {e}", e.line(), e.column()))
    }

    /// The cases as test cases; a bad `on` date or status is an error naming the case.
    pub fn test_cases(&self, file: &str) -> Result<Vec<(TestCase, Option<String>)>, String> {
        self.cases
            .iter()
            .map(|c| {
                let on = match &c.on {
                    Some(d) => Some(
                        crate::value::Date::from_str(d)
                            .map_err(|_| format!("case `{}`: `on` is not a date: `{d}`", c.name))?,
                    ),
                    None => None,
                };
                let mut expect = Vec::new();
                let mut error = None;
                for (name, value) in &c.expect {
                    match name.as_str() {
                        "status" => {
                            let status = value
                                .as_str()
                                .and_then(Status::parse)
                                .ok_or_else(|| format!("case `{}`: unknown status {value}", c.name))?;
                            expect.push(Expected::Status { status });
                        }
                        "error" => error = value.as_str().map(str::to_owned),
                        _ => expect.push(Expected::Value { name: name.clone(), value: value.clone() }),
                    }
                }
                let origin = match &c.source {
                    Some(s) => format!("{file} ({s})"),
                    None => file.to_owned(),
                };
                Ok((TestCase { name: c.name.clone(), given: c.given.clone(), on, expect, origin }, error))
            })
            .collect()
    }
}

/// One expectation that did not hold.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Mismatch {
    pub what: String,
    pub expected: String,
    pub actual: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TestReport {
    pub name: String,
    pub origin: String,
    pub mismatches: Vec<Mismatch>,
}

impl TestReport {
    pub fn passed(&self) -> bool {
        self.mismatches.is_empty()
    }
}

impl RuleSet {
    /// Runs one test case. `expected_error` is the code of an evidence or evaluation error
    /// the case expects instead of a result.
    pub fn run_case(&self, case: &TestCase, expected_error: Option<&str>) -> TestReport {
        let options = Options { on: case.on, trace: false };
        let mut mismatches = Vec::new();
        match (self.evaluate(&case.given, &options), expected_error) {
            (Err(e), Some(code)) => {
                let codes: Vec<&str> = match &e {
                    crate::EvaluateError::Evidence(errors) => errors.iter().map(|x| x.code.as_str()).collect(),
                    crate::EvaluateError::Eval(x) => vec![x.code.as_str()],
                };
                if !codes.contains(&code) {
                    mismatches.push(Mismatch { what: "error".into(), expected: code.into(), actual: e.to_string() });
                }
            }
            (Err(e), None) => {
                mismatches.push(Mismatch {
                    what: "evaluation".into(),
                    expected: "a result".into(),
                    actual: e.to_string(),
                });
            }
            (Ok(result), Some(code)) => mismatches.push(Mismatch {
                what: "error".into(),
                expected: code.into(),
                actual: format!("a result ({})", result.tier().unwrap_or(result.status().as_str())),
            }),
            (Ok(result), None) => {
                let wire = result.to_wire();
                for expected in &case.expect {
                    match expected {
                        Expected::Status { status } => {
                            if result.status() != *status {
                                mismatches.push(Mismatch {
                                    what: "status".into(),
                                    expected: status.as_str().into(),
                                    actual: describe_status(&result),
                                });
                            }
                        }
                        Expected::Value { name, value } => {
                            if let Some(m) = self.compare(name, value, &result, &wire) {
                                mismatches.push(m);
                            }
                        }
                    }
                }
            }
        }
        TestReport { name: case.name.clone(), origin: case.origin.clone(), mismatches }
    }

    /// Runs the rule file's own `test` blocks.
    pub fn run_tests(&self) -> Vec<TestReport> {
        self.tests().iter().map(|t| self.run_case(t, None)).collect()
    }

    fn compare(
        &self,
        name: &str,
        expected: &Json,
        result: &crate::Evaluation<'_>,
        wire: &crate::wire::ResultRecord,
    ) -> Option<Mismatch> {
        let expected_text = json_text(expected);
        let mismatch =
            |actual: String| Some(Mismatch { what: name.to_owned(), expected: expected_text.clone(), actual });
        if name == self.model.outcome.id {
            return match result.tier() {
                Some(t) if t == expected_text => None,
                _ => mismatch(describe_status(result)),
            };
        }
        let actual = if let Some(score) = wire.scores.get(name) {
            score.value.clone().map_or(Json::Null, Json::String)
        } else if let Some(v) = wire.values.get(name) {
            v.clone()
        } else {
            return mismatch(format!("`{name}` is not an outcome, score or `let` of `{}`", self.model.id));
        };
        if values_equal(expected, &actual) {
            None
        } else {
            mismatch(json_text(&actual))
        }
    }
}

fn describe_status(result: &crate::Evaluation<'_>) -> String {
    match result.status() {
        Status::Rated => result.tier().unwrap_or_default().to_owned(),
        Status::NotRated => "not rated".to_owned(),
        Status::NotDeterminable => format!("not determinable (missing {})", result.missing_fields().join(", ")),
    }
}

fn json_text(v: &Json) -> String {
    match v {
        Json::String(s) => s.clone(),
        Json::Null => "null".to_owned(),
        other => other.to_string(),
    }
}

/// Decimals compare by value (`90` equals `90.00`), percents by their fraction.
fn values_equal(expected: &Json, actual: &Json) -> bool {
    let as_decimal = |v: &Json| -> Option<Decimal> {
        let text = json_text(v);
        match text.strip_suffix('%') {
            Some(p) => Decimal::from_str(p.trim()).ok()?.checked_div(Decimal::ONE_HUNDRED),
            None => Decimal::from_str(text.trim()).ok(),
        }
    };
    match (as_decimal(expected), as_decimal(actual)) {
        (Some(a), Some(b)) => a == b,
        _ => json_text(expected) == json_text(actual),
    }
}
