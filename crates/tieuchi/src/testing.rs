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
    /// One record's evidence…
    #[serde(default)]
    pub given: Option<Json>,
    /// …or a batch of records, evaluated together so that population rules (quotas) apply.
    #[serde(default)]
    pub batch: Option<Vec<Json>>,
    #[serde(default)]
    pub on: Option<String>,
    /// For one record: names to expected values; `status` for `not rated` / `not determinable`;
    /// `error` for the code of an expected evidence error. For a batch: a list of such objects,
    /// one per record.
    pub expect: Json,
}

/// A case of a case file: one record, or a batch with an expectation per record.
#[derive(Debug, Clone)]
pub enum Case {
    Single {
        case: TestCase,
        error: Option<String>,
    },
    Batch {
        name: String,
        origin: String,
        records: Vec<Json>,
        on: Option<crate::value::Date>,
        expect: Vec<(Vec<Expected>, Option<String>)>,
    },
}

fn expectations(name: &str, expect: &Json) -> Result<(Vec<Expected>, Option<String>), String> {
    let Json::Object(map) = expect else {
        return Err(format!("case `{name}`: `expect` must be an object of names to values"));
    };
    let mut out = Vec::new();
    let mut error = None;
    for (key, value) in map {
        match key.as_str() {
            "status" => {
                let status = value
                    .as_str()
                    .and_then(Status::parse)
                    .ok_or_else(|| format!("case `{name}`: unknown status {value}"))?;
                out.push(Expected::Status { status });
            }
            "error" => error = value.as_str().map(str::to_owned),
            _ => out.push(Expected::Value { name: key.clone(), value: value.clone() }),
        }
    }
    Ok((out, error))
}

impl CaseFile {
    pub fn parse(text: &str) -> Result<CaseFile, String> {
        serde_json::from_str(text).map_err(|e| format!("line {}, column {}: {e}", e.line(), e.column()))
    }

    /// The cases; a malformed case is an error naming it.
    pub fn cases(&self, file: &str) -> Result<Vec<Case>, String> {
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
                let origin = match &c.source {
                    Some(s) => format!("{file} ({s})"),
                    None => file.to_owned(),
                };
                match (&c.given, &c.batch) {
                    (Some(given), None) => {
                        let (expect, error) = expectations(&c.name, &c.expect)?;
                        let case = TestCase { name: c.name.clone(), given: given.clone(), on, expect, origin };
                        Ok(Case::Single { case, error })
                    }
                    (None, Some(records)) => {
                        let Json::Array(each) = &c.expect else {
                            return Err(format!("case `{}`: a batch expects a list, one object per record", c.name));
                        };
                        if each.len() != records.len() {
                            return Err(format!(
                                "case `{}`: {} records but {} expectations",
                                c.name,
                                records.len(),
                                each.len()
                            ));
                        }
                        let expect = each.iter().map(|e| expectations(&c.name, e)).collect::<Result<_, _>>()?;
                        Ok(Case::Batch { name: c.name.clone(), origin, records: records.clone(), on, expect })
                    }
                    _ => Err(format!("case `{}`: give either `given` (one record) or `batch` (records)", c.name)),
                }
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
        let result = self.evaluate(&case.given, &options);
        self.compare_result(&result, &case.expect, expected_error, &mut mismatches);
        TestReport { name: case.name.clone(), origin: case.origin.clone(), mismatches }
    }

    fn compare_result(
        &self,
        result: &Result<crate::Evaluation<'_>, crate::EvaluateError>,
        expect: &[Expected],
        expected_error: Option<&str>,
        mismatches: &mut Vec<Mismatch>,
    ) {
        match (result, expected_error) {
            (Err(e), Some(code)) => {
                let codes: Vec<&str> = match e {
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
                for expected in expect {
                    match expected {
                        Expected::Status { status } => {
                            if result.status() != *status {
                                mismatches.push(Mismatch {
                                    what: "status".into(),
                                    expected: status.as_str().into(),
                                    actual: describe_status(result),
                                });
                            }
                        }
                        Expected::Value { name, value } => {
                            if let Some(m) = self.compare(name, value, result, &wire) {
                                mismatches.push(m);
                            }
                        }
                    }
                }
            }
        }
    }

    /// Runs one case of a case file.
    pub fn run_file_case(&self, case: &Case) -> TestReport {
        match case {
            Case::Single { case, error } => self.run_case(case, error.as_deref()),
            Case::Batch { name, origin, records, on, expect } => {
                let options = Options { on: *on, trace: false };
                let results = self.evaluate_batch(records, &options);
                let mut mismatches = Vec::new();
                for (i, (result, (expected, error))) in results.iter().zip(expect).enumerate() {
                    let label = records[i]
                        .get("id")
                        .and_then(Json::as_str)
                        .map_or_else(|| format!("record {i}"), str::to_owned);
                    let mut report = Vec::new();
                    self.compare_result(result, expected, error.as_deref(), &mut report);
                    mismatches
                        .extend(report.into_iter().map(|m| Mismatch { what: format!("{label}: {}", m.what), ..m }));
                }
                TestReport { name: name.clone(), origin: origin.clone(), mismatches }
            }
        }
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
