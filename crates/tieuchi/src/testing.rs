//! Running `test` blocks and case files: expected against actual, with every mismatch named.

use std::str::FromStr;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use serde_json::Value as Json;

use crate::check::model::{Expected, TestCase};
use crate::i18n::Message;
use crate::msg;
use crate::outcome::Status;
use crate::{Library, Options, RuleSet, SelectError};

/// The expectation key naming the rule set (the version) that must evaluate the case.
pub const RULESET_KEY: &str = "ruleset";

/// The expectation key naming the kind of rule that decided the outcome: one of
/// [`DECIDED_BY`].
pub const DECIDED_BY_KEY: &str = "decided_by";

/// What `decided_by` may expect: the tier set by the score's band (`score`) or by the tiers' own
/// conditions (`tiers`), by a knock-out (`force`), a ceiling (`cap`) or a quota's lowering
/// (`quota`); or the record left not rated by an exclusion (`exclude`).
pub const DECIDED_BY: [&str; 6] = ["score", "tiers", "force", "cap", "exclude", "quota"];

/// The expectation key giving the citation of the rule that decided the outcome, exactly as the
/// rule file's `source` writes it (the result's `outcome.source`; for an exclusion, the
/// exclusion's); `null` expects that rule to cite nothing.
pub const CITATION_KEY: &str = "citation";

/// The expectation key naming the layer whose rule decided, for a rule set that `extends`
/// another (the result's `outcome.layer.id`): the layer's id or the national rule set's.
pub const LAYER_KEY: &str = "layer";

/// The expectation key of what it takes: an object whose keys are better tiers (each holding the
/// parts of its goal the case asserts, as `tieuchi eval --what-it-takes` shows it) and, for a
/// record with evidence missing, `pending`. The actual record may say more than the case asks;
/// what the case gives must match exactly (lists element by element).
pub const WHAT_IT_TAKES_KEY: &str = "what_it_takes";

/// A case file (`NAME.cases.json`) written beside a rule file.
///
/// It names what its cases run against: one rule set (`"ruleset": ID`), or a family of versions
/// (`"family": ID`, any version's id), in which case every case gives its date (`on`) and runs
/// against the version in force on it.
#[derive(Debug, Clone)]
pub struct CaseFile {
    /// What the cases run against.
    pub target: CaseTarget,
    /// What the cases check, in the file's words.
    pub description: Option<String>,
    /// The cases, in the file's order.
    pub cases: Vec<CaseSpec>,
}

/// What the cases of a case file run against.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CaseTarget {
    /// `"ruleset": ID`: that rule set, whatever the cases' dates.
    RuleSet(String),
    /// `"family": ID`: for each case, the version of the family of `ID` in force on the case's
    /// `on` (see [`Library::select`]).
    Family(String),
}

/// A case file as written: exactly one of `ruleset` and `family`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CaseFileJson {
    #[serde(default)]
    ruleset: Option<String>,
    #[serde(default)]
    family: Option<String>,
    #[serde(default)]
    description: Option<String>,
    cases: Vec<CaseSpec>,
}

impl TryFrom<CaseFileJson> for CaseFile {
    type Error = Message;

    fn try_from(file: CaseFileJson) -> Result<Self, Self::Error> {
        let target = match (file.ruleset, file.family) {
            (Some(id), None) => CaseTarget::RuleSet(id),
            (None, Some(id)) => CaseTarget::Family(id),
            (Some(_), Some(_)) => return Err(msg!(CaseFileBothTargets)),
            (None, None) => return Err(msg!(CaseFileNoTarget)),
        };
        Ok(CaseFile { target, description: file.description, cases: file.cases })
    }
}

/// One case as a case file writes it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CaseSpec {
    /// The case's name.
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
    /// The evaluation date (`YYYY-MM-DD`).
    #[serde(default)]
    pub on: Option<String>,
    /// For one record: names (the outcome's id, a score's, a `let`'s) to expected values, and
    /// the reserved keys: `status` for `not rated` / `not determinable`; `error` for the code of
    /// an expected evidence error; `ruleset` for the rule set (version) that must evaluate it;
    /// `decided_by` for the kind of rule that decided the outcome (`score`, `tiers`, `force`,
    /// `cap`, `exclude` or `quota`, see [`DECIDED_BY`]); `citation` for that rule's citation,
    /// exactly as its `source` is written (the result's `outcome.source`, or for an exclusion
    /// the exclusion's; `null` expects none). For a batch: a list of such objects, one per
    /// record, so that `"decided_by": "quota"` and the quota's citation are asserted per record.
    pub expect: Json,
}

/// A case of a case file: one record, or a batch with an expectation per record.
#[derive(Debug, Clone)]
pub enum Case {
    /// One record and what it must give.
    Single {
        /// The record, the expectations and where they come from.
        case: TestCase,
        /// The evidence error code it must give, if it must fail.
        error: Option<String>,
    },
    /// Records evaluated together (quotas apply), each with what it must give.
    Batch {
        /// The case's name.
        name: String,
        /// Where it is written: the case file and the case's place in it.
        origin: String,
        /// The records' evidence.
        records: Vec<Json>,
        /// The evaluation date.
        on: Option<crate::value::Date>,
        /// Per record: what it must give, and the rule set that must rate it.
        expect: Vec<(Vec<Expected>, Option<String>)>,
    },
}

fn expectations(name: &str, expect: &Json) -> Result<(Vec<Expected>, Option<String>), Message> {
    let Json::Object(map) = expect else {
        return Err(msg!(CaseExpectNotObject, name = name));
    };
    let mut out = Vec::new();
    let mut error = None;
    for (key, value) in map {
        match key.as_str() {
            "status" => {
                let status = value
                    .as_str()
                    .and_then(Status::parse)
                    .ok_or_else(|| msg!(CaseUnknownStatus, name = name, value = value.to_string()))?;
                out.push(Expected::Status { status });
            }
            "error" => error = value.as_str().map(str::to_owned),
            DECIDED_BY_KEY => {
                if !value.as_str().is_some_and(|by| DECIDED_BY.contains(&by)) {
                    let values = DECIDED_BY.map(|by| format!("`{by}`")).join(", ");
                    let value = value.to_string();
                    return Err(msg!(CaseDecidedByOneOf, name = name, key = key, values = values, value = value));
                }
                out.push(Expected::Value { name: key.clone(), value: value.clone() });
            }
            CITATION_KEY => {
                if !(value.is_string() || value.is_null()) {
                    return Err(msg!(CaseCitationNotText, name = name, key = key, value = value.to_string()));
                }
                out.push(Expected::Value { name: key.clone(), value: value.clone() });
            }
            LAYER_KEY => {
                if !value.is_string() {
                    return Err(msg!(CaseLayerNotId, name = name, key = key, value = value.to_string()));
                }
                out.push(Expected::Value { name: key.clone(), value: value.clone() });
            }
            WHAT_IT_TAKES_KEY => {
                if !value.is_object() {
                    return Err(msg!(CaseWhatItTakesNotObject, name = name, key = key, value = value.to_string()));
                }
                out.push(Expected::Value { name: key.clone(), value: value.clone() });
            }
            _ => out.push(Expected::Value { name: key.clone(), value: value.clone() }),
        }
    }
    Ok((out, error))
}

impl CaseFile {
    /// The case file of `text`; what is wrong with it, as a message of the catalogue (what JSON
    /// itself says of a file that does not parse is serde's, in English, at its line and column).
    pub fn parse(text: &str) -> Result<CaseFile, Message> {
        let file: CaseFileJson = serde_json::from_str(text).map_err(|e| {
            let problem = e.to_string();
            // serde's text ends with the place, which the message gives in words.
            let problem = problem.split(" at line ").next().unwrap_or(&problem).to_owned();
            if e.line() == 0 {
                msg!(CaseFileNotReadAnywhere, problem = problem)
            } else {
                msg!(CaseFileNotRead, line = e.line(), column = e.column(), problem = problem)
            }
        })?;
        CaseFile::try_from(file)
    }

    /// The rule set the cases are for, when the file names one (`"ruleset": ID`).
    pub fn ruleset(&self) -> Option<&str> {
        match &self.target {
            CaseTarget::RuleSet(id) => Some(id),
            CaseTarget::Family(_) => None,
        }
    }

    /// The family the cases are for, when the file names one (`"family": ID`).
    pub fn family(&self) -> Option<&str> {
        match &self.target {
            CaseTarget::Family(id) => Some(id),
            CaseTarget::RuleSet(_) => None,
        }
    }

    /// The cases; a malformed case is an error naming it. In a family file every case must give
    /// its date (`on`, which chooses the version), and a record's own `on`, if any, must be it.
    pub fn cases(&self, file: &str) -> Result<Vec<Case>, Message> {
        let family = self.family().is_some();
        self.cases
            .iter()
            .map(|c| {
                let on = match &c.on {
                    Some(d) => Some(
                        crate::value::Date::from_str(d).map_err(|_| msg!(CaseOnNotDate, name = &c.name, text = d))?,
                    ),
                    None if family => return Err(msg!(CaseFamilyNeedsOn, name = &c.name)),
                    None => None,
                };
                if family {
                    let records = c.given.iter().chain(c.batch.iter().flatten());
                    if let Some(own) = records.filter_map(|r| r.get("on")).find(|d| d.as_str() != c.on.as_deref()) {
                        return Err(msg!(CaseRecordOwnOn, name = &c.name, on = own.to_string()));
                    }
                }
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
                            return Err(msg!(CaseBatchExpectsList, name = &c.name));
                        };
                        if each.len() != records.len() {
                            return Err(msg!(
                                CaseBatchCount,
                                name = &c.name,
                                records = records.len(),
                                expectations = each.len()
                            ));
                        }
                        let expect = each.iter().map(|e| expectations(&c.name, e)).collect::<Result<_, _>>()?;
                        Ok(Case::Batch { name: c.name.clone(), origin, records: records.clone(), on, expect })
                    }
                    _ => Err(msg!(CaseGivenOrBatch, name = &c.name)),
                }
            })
            .collect()
    }
}

impl Case {
    /// The case's name.
    pub fn name(&self) -> &str {
        match self {
            Case::Single { case, .. } => &case.name,
            Case::Batch { name, .. } => name,
        }
    }

    /// Where it is written.
    pub fn origin(&self) -> &str {
        match self {
            Case::Single { case, .. } => &case.origin,
            Case::Batch { origin, .. } => origin,
        }
    }

    /// The evaluation date of the case.
    pub fn on(&self) -> Option<crate::value::Date> {
        match self {
            Case::Single { case, .. } => case.on,
            Case::Batch { on, .. } => *on,
        }
    }

    /// The report of a case whose version could not be chosen: it passes only where every record
    /// expects that error's code (`{"error": "select::none-in-force"}`).
    fn select_failed(&self, error: &SelectError) -> TestReport {
        let code = error.code();
        let actual = msg!(TestNoVersionChosen, code = code, problem = error.message());
        let check = |expect: &[Expected], expected_error: Option<&str>, mismatches: &mut Vec<Mismatch>| {
            let expected_ruleset = expected_ruleset(expect);
            if let Some(id) = &expected_ruleset {
                mismatches.push(Mismatch::new(RULESET_KEY, Message::verbatim(id.as_str()), actual.clone()));
            }
            match expected_error {
                Some(expected) if expected == code => {}
                Some(expected) => mismatches.push(Mismatch::new("error", Message::verbatim(expected), actual.clone())),
                None if expected_ruleset.is_none() => {
                    mismatches.push(Mismatch::new(RULESET_KEY, msg!(TestVersionInForce), actual.clone()));
                }
                None => {}
            }
        };
        let mut mismatches = Vec::new();
        match self {
            Case::Single { case, error } => check(&case.expect, error.as_deref(), &mut mismatches),
            Case::Batch { records, expect, .. } => {
                for (i, (expected, error)) in expect.iter().enumerate() {
                    let mut report = Vec::new();
                    check(expected, error.as_deref(), &mut report);
                    let label = record_label(records, i);
                    mismatches.extend(report.into_iter().map(|m| m.of_record(label.clone())));
                }
            }
        }
        TestReport { name: self.name().to_owned(), origin: self.origin().to_owned(), mismatches }
    }
}

/// The rule set a case expects to evaluate it (`"ruleset": ID` among its expectations).
fn expected_ruleset(expect: &[Expected]) -> Option<String> {
    expect.iter().find_map(|e| match e {
        Expected::Value { name, value } if name == RULESET_KEY => Some(json_text(value)),
        _ => None,
    })
}

/// A record of a batch case: its `id`, else its place.
fn record_label(records: &[Json], i: usize) -> Message {
    records
        .get(i)
        .and_then(|r| r.get("id"))
        .and_then(Json::as_str)
        .map_or_else(|| msg!(TestRecord, index = i), Message::verbatim)
}

impl Library {
    /// Runs every case of a case file (`name` is its path, as the rule files' names are given).
    ///
    /// With `"ruleset": ID`, every case runs against that rule set (if several rule sets of that
    /// id are loaded — itself an error of the library — the one in the case file's folder; a
    /// layer over several national versions, the one over the version in force on the case's
    /// date).
    /// With `"family": ID`, each case runs against the version in force on its `on`, chosen by
    /// [`Library::select`]; when none is, the case passes only if it expects that error
    /// (`{"error": "select::none-in-force"}`). In both, the expectation `"ruleset": ID` asserts
    /// which rule set evaluated the case.
    ///
    /// A rule set or family that is not loaded, or a malformed case, is an error for the whole
    /// file.
    pub fn run_case_file(&self, file: &CaseFile, name: &str) -> Result<Vec<TestReport>, Message> {
        match &file.target {
            CaseTarget::RuleSet(id) => {
                let rules = self.beside(id, name).ok_or_else(|| msg!(CaseNoRuleSetBeside, id = id))?;
                Ok(file.cases(name)?.iter().map(|case| self.layer_on(rules, case.on()).run_file_case(case)).collect())
            }
            CaseTarget::Family(id) => {
                if self.get(id).is_none() {
                    return Err(msg!(CaseNoRuleSetFamily, id = id));
                }
                let reports = file.cases(name)?.iter().map(|case| self.run_family_case(id, case)).collect();
                Ok(reports)
            }
        }
    }

    /// Runs one case against the version of `family` in force on the case's date.
    pub fn run_family_case(&self, family: &str, case: &Case) -> TestReport {
        match self.select(Some(family), case.on()) {
            Ok(rules) => rules.run_file_case(case),
            Err(error) => case.select_failed(&error),
        }
    }

    /// For a layer over several national versions (rule sets of one id from one file), the one
    /// in force on `on`; else `rules` itself.
    fn layer_on<'r>(&'r self, rules: &'r RuleSet, on: Option<crate::value::Date>) -> &'r RuleSet {
        let Some(on) = on else { return rules };
        if rules.layers().is_empty() || rules.in_force_on(on) {
            return rules;
        }
        self.rulesets()
            .iter()
            .filter(|r| r.id() == rules.id() && r.source().name() == rules.source().name())
            .find(|r| r.in_force_on(on))
            .unwrap_or(rules)
    }

    /// The rule set `id`, preferring the one whose file is in the folder of the file `beside`.
    fn beside(&self, id: &str, beside: &str) -> Option<&RuleSet> {
        let folder = std::path::Path::new(beside).parent();
        self.rulesets()
            .iter()
            .filter(|r| r.id() == id)
            .min_by_key(|r| usize::from(std::path::Path::new(r.source().name()).parent() != folder))
    }
}

/// One expectation that did not hold, in words rendered in the language asked for
/// ([`Mismatch::message`]); serialized in the default language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Mismatch {
    /// What was expected: an expectation's key (`xep_loai`, `status`, `error`), after the record it
    /// is of in a batch case (`a: xep_loai`).
    #[serde(serialize_with = "rendered")]
    pub what: Message,
    /// The value expected.
    #[serde(serialize_with = "rendered")]
    pub expected: Message,
    /// The value the engine gave.
    #[serde(serialize_with = "rendered")]
    pub actual: Message,
}

impl Mismatch {
    fn new(what: &str, expected: Message, actual: Message) -> Mismatch {
        Mismatch { what: Message::verbatim(what), expected, actual }
    }

    /// The same mismatch, of the record `record` of a batch case.
    fn of_record(self, record: Message) -> Mismatch {
        Mismatch { what: msg!(TestRecordWhat, record = record, what = self.what), ..self }
    }

    /// The mismatch in one line: `WHAT: expected X, actual Y`.
    pub fn message(&self) -> Message {
        msg!(CliMismatch, what = self.what.clone(), expected = self.expected.clone(), actual = self.actual.clone())
    }
}

fn rendered<S: serde::Serializer>(message: &Message, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(&message.to_string())
}

/// One test's or case's result: passed when nothing differs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TestReport {
    /// The test's or case's name.
    pub name: String,
    /// Where it is written.
    pub origin: String,
    /// What differs from the expectation.
    pub mismatches: Vec<Mismatch>,
}

impl TestReport {
    /// Whether nothing differs.
    pub fn passed(&self) -> bool {
        self.mismatches.is_empty()
    }
}

impl RuleSet {
    /// Runs one test case. `expected_error` is the code of an evidence or evaluation error
    /// the case expects instead of a result.
    pub fn run_case(&self, case: &TestCase, expected_error: Option<&str>) -> TestReport {
        let options = Options { on: case.on, ..Options::default() };
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
        if let Some(id) = expected_ruleset(expect) {
            if id != self.id() {
                mismatches.push(Mismatch::new(RULESET_KEY, Message::verbatim(id), Message::verbatim(self.id())));
            }
        }
        match (result, expected_error) {
            (Err(e), Some(code)) => {
                let codes: Vec<&str> = match e {
                    crate::EvaluateError::Evidence(errors) => errors.iter().map(|x| x.code.as_str()).collect(),
                    crate::EvaluateError::Eval(x) => vec![x.code.as_str()],
                };
                if !codes.contains(&code) {
                    mismatches.push(Mismatch::new("error", Message::verbatim(code), error_message(e)));
                }
            }
            (Err(e), None) => {
                mismatches.push(Mismatch {
                    what: msg!(TestEvaluation),
                    expected: msg!(TestAResult),
                    actual: error_message(e),
                });
            }
            (Ok(result), Some(code)) => mismatches.push(Mismatch::new(
                "error",
                Message::verbatim(code),
                msg!(TestAResultTier, tier = result.tier().unwrap_or(result.status().as_str())),
            )),
            (Ok(result), None) => {
                let wire = result.to_wire();
                for expected in expect {
                    match expected {
                        Expected::Status { status } => {
                            if result.status() != *status {
                                mismatches.push(Mismatch::new(
                                    "status",
                                    Message::verbatim(status.as_str()),
                                    describe_status(result),
                                ));
                            }
                        }
                        Expected::Value { name, .. } if name == RULESET_KEY => {}
                        Expected::Value { name, value } if name == DECIDED_BY_KEY => {
                            let actual = match deciding_rule(result) {
                                Some((by, _)) if value.as_str() == Some(by) => continue,
                                Some((by, _)) => Message::verbatim(by),
                                None => describe_status(result),
                            };
                            mismatches.push(Mismatch::new(name, Message::verbatim(json_text(value)), actual));
                        }
                        Expected::Value { name, value } if name == CITATION_KEY => {
                            let actual = match deciding_rule(result) {
                                Some((_, source)) if value.as_str() == source => continue,
                                Some((_, source)) => Message::verbatim(source.unwrap_or("null")),
                                None => describe_status(result),
                            };
                            mismatches.push(Mismatch::new(name, Message::verbatim(json_text(value)), actual));
                        }
                        Expected::Value { name, value } if name == LAYER_KEY => {
                            let actual = result.deciding_layer().map_or_else(|| "null".to_owned(), |l| l.id.clone());
                            if value.as_str() != Some(actual.as_str()) {
                                let expected = Message::verbatim(json_text(value));
                                mismatches.push(Mismatch::new(name, expected, Message::verbatim(actual)));
                            }
                        }
                        Expected::Value { name, value } if name == WHAT_IT_TAKES_KEY => {
                            let takes = result.what_it_takes();
                            let mut actual = serde_json::Map::new();
                            for goal in &takes.goals {
                                actual.insert(goal.tier.clone(), serde_json::to_value(goal).unwrap_or_default());
                            }
                            if let Some(pending) = &takes.pending {
                                actual.insert("pending".to_owned(), serde_json::to_value(pending).unwrap_or_default());
                            }
                            let actual = Json::Object(actual);
                            if !contains(value, &actual) {
                                mismatches.push(Mismatch::new(
                                    name,
                                    Message::verbatim(json_text(value)),
                                    Message::verbatim(json_text(&actual)),
                                ));
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
                let options = Options { on: *on, ..Options::default() };
                let results = self.evaluate_batch(records, &options);
                let mut mismatches = Vec::new();
                for (i, (result, (expected, error))) in results.iter().zip(expect).enumerate() {
                    let label = record_label(records, i);
                    let mut report = Vec::new();
                    self.compare_result(result, expected, error.as_deref(), &mut report);
                    mismatches.extend(report.into_iter().map(|m| m.of_record(label.clone())));
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
        let mismatch = |actual: Message| Some(Mismatch::new(name, Message::verbatim(expected_text.as_str()), actual));
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
            return mismatch(msg!(TestNotAName, name = name, ruleset = &self.model.id));
        };
        if values_equal(expected, &actual) {
            None
        } else {
            mismatch(Message::verbatim(json_text(&actual)))
        }
    }
}

/// What decided the outcome and that rule's citation: the rule that set the tier, or the
/// exclusion that left the record not rated; `None` for a record not determinable.
fn deciding_rule<'r>(result: &crate::Evaluation<'r>) -> Option<(&'static str, Option<&'r str>)> {
    match result.decided_by() {
        Some(by) => Some((by, result.outcome_source())),
        None => result.excluded_by().map(|exclusion| ("exclude", exclusion.source.as_deref())),
    }
}

/// Whether `actual` says all that `expected` says: every key of an expected object, with a
/// matching value; lists of the same length, element by element; anything else equal (decimals
/// by value).
pub fn contains(expected: &Json, actual: &Json) -> bool {
    match (expected, actual) {
        (Json::Object(e), Json::Object(a)) => e.iter().all(|(k, v)| a.get(k).is_some_and(|x| contains(v, x))),
        (Json::Array(e), Json::Array(a)) => e.len() == a.len() && e.iter().zip(a).all(|(x, y)| contains(x, y)),
        _ => values_equal(expected, actual),
    }
}

fn describe_status(result: &crate::Evaluation<'_>) -> Message {
    match result.status() {
        Status::Rated => Message::verbatim(result.tier().unwrap_or_default()),
        Status::NotRated => msg!(TestNotRated),
        Status::NotDeterminable => msg!(TestNotDeterminable, missing = result.missing_fields().join(", ")),
    }
}

/// Why a record could not be evaluated, in words rendered in the language asked for.
fn error_message(error: &crate::EvaluateError) -> Message {
    match error {
        crate::EvaluateError::Evidence(errors) => {
            let problems: Vec<crate::i18n::Arg> = errors
                .iter()
                .map(|e| msg!(TestFieldProblem, field = &e.field, problem = e.message.clone()).into())
                .collect();
            msg!(EvidenceSummary, count = errors.len(), problems = problems)
        }
        crate::EvaluateError::Eval(e) => e.localized_message(),
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
            Some(p) => crate::value::parse_exact_decimal(&format!("{}e-2", p.trim())).ok(),
            None => crate::value::parse_exact_decimal(text.trim()).ok(),
        }
    };
    match (as_decimal(expected), as_decimal(actual)) {
        (Some(a), Some(b)) => a == b,
        _ => json_text(expected) == json_text(actual),
    }
}
