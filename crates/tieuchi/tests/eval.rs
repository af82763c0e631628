//! Evaluation of whole rule files: their `test` blocks and case files pass, and the full wire
//! result of chosen evidence records (snapshots of `fixtures/eval/*.records.json`).

#![allow(clippy::panic, clippy::expect_used, clippy::unwrap_used, reason = "tests")]

mod common;

use std::path::{Path, PathBuf};

use serde_json::Value as Json;
use tieuchi::testing::{CaseFile, TestReport};
use tieuchi::{Options, RuleSet, Status};

fn rule_files() -> Vec<PathBuf> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(common::fixture("eval"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "tieuchi"))
        .collect();
    paths.sort();
    paths
}

/// `x.tieuchi` → `x.<suffix>`, when it exists.
fn beside(rule_file: &Path, suffix: &str) -> Option<PathBuf> {
    let stem = rule_file.file_stem()?.to_str()?;
    let path = rule_file.with_file_name(format!("{stem}.{suffix}"));
    path.exists().then_some(path)
}

fn failures(reports: &[TestReport]) -> String {
    reports
        .iter()
        .filter(|r| !r.passed())
        .map(|r| format!("{} ({}): {:?}", r.name, r.origin, r.mismatches))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn every_test_block_passes() {
    let mut total = 0;
    for path in rule_files() {
        let rules = common::compile_fixture(&path);
        let reports = rules.run_tests();
        assert!(!reports.is_empty(), "{} has no test block", path.display());
        assert!(reports.iter().all(TestReport::passed), "{}:\n{}", path.display(), failures(&reports));
        total += reports.len();
    }
    assert!(total >= 25, "only {total} test blocks");
}

#[test]
fn every_case_file_passes() {
    let mut files = 0;
    for path in rule_files() {
        let Some(cases_path) = beside(&path, "cases.json") else { continue };
        files += 1;
        let rules = common::compile_fixture(&path);
        let file =
            CaseFile::parse(&common::read(&cases_path)).unwrap_or_else(|e| panic!("{}: {e}", cases_path.display()));
        assert_eq!(file.ruleset, rules.id(), "{}", cases_path.display());
        let cases = file.cases(&common::short_name(&cases_path)).unwrap();
        let reports: Vec<TestReport> = cases.iter().map(|case| rules.run_file_case(case)).collect();
        assert!(reports.iter().all(TestReport::passed), "{}:\n{}", cases_path.display(), failures(&reports));
    }
    assert!(files > 0);
}

/// The case runner itself reports what does not hold, so a passing suite means something.
#[test]
fn a_wrong_expectation_is_reported_as_a_mismatch() {
    let rules = common::compile_fixture(&common::fixture("eval/cong_chuc.tieuchi"));
    let file = CaseFile::parse(
        r#"{"ruleset": "cong_chuc", "cases": [
            {"name": "sai bậc", "given": {"tieu_chi_chung": 28, "ket_qua_nhiem_vu": 62, "suy_thoai": false}, "expect": {"xep_loai": "htt", "tong": "91"}},
            {"name": "sai trạng thái", "given": {"suy_thoai": false}, "expect": {"status": "rated"}},
            {"name": "không lỗi", "given": {"suy_thoai": false}, "expect": {"error": "evidence::out-of-range"}}
        ]}"#,
    )
    .unwrap();
    let cases = file.cases("inline").unwrap();
    let reports: Vec<TestReport> = cases.iter().map(|c| rules.run_file_case(c)).collect();
    let mismatched: Vec<Vec<&str>> =
        reports.iter().map(|r| r.mismatches.iter().map(|m| m.what.as_str()).collect()).collect();
    assert_eq!(mismatched, [vec!["xep_loai", "tong"], vec!["status"], vec!["error"]]);
    assert_eq!(reports[1].mismatches[0].actual, "not determinable (missing tieu_chi_chung, ket_qua_nhiem_vu)");
}

#[test]
fn case_files_refuse_unknown_keys_and_bad_dates() {
    assert!(CaseFile::parse(r#"{"ruleset": "x", "cases": [], "extra": 1}"#).is_err());
    let file =
        CaseFile::parse(r#"{"ruleset": "x", "cases": [{"name": "n", "given": {}, "on": "2026-02-30", "expect": {}}]}"#)
            .unwrap();
    let error = file.cases("f").unwrap_err();
    assert!(error.contains("2026-02-30"), "{error}");
}

/// The full wire result, traced, of every record in `x.records.json`, evaluated by `x.tieuchi`.
#[test]
fn evidence_records_give_their_wire_results() {
    insta::glob!("fixtures/eval/*.records.json", |path| {
        let stem = path.file_name().unwrap().to_str().unwrap().trim_end_matches(".records.json");
        let rules = common::compile_fixture(&path.with_file_name(format!("{stem}.tieuchi")));
        let records: serde_json::Map<String, Json> = serde_json::from_str(&common::read(path)).unwrap();
        let mut results = serde_json::Map::new();
        for (name, evidence) in records {
            let result = rules.evaluate(&evidence, &Options::traced()).unwrap_or_else(|e| panic!("{name}: {e}"));
            results.insert(name, serde_json::to_value(result.to_wire()).unwrap());
        }
        insta::assert_json_snapshot!(Json::Object(results));
    });
}

/// The wire result survives a round trip through JSON, owned.
#[test]
fn wire_results_read_back_as_they_were_written() {
    let rules = common::compile_fixture(&common::fixture("eval/cong_chuc.tieuchi"));
    let evidence = serde_json::json!({"tieu_chi_chung": 28, "ket_qua_nhiem_vu": 62, "suy_thoai": false});
    let result = rules.evaluate(&evidence, &Options::traced()).unwrap();
    let text = serde_json::to_string(&result.to_wire()).unwrap();
    let back: tieuchi::wire::ResultRecord<'_> = serde_json::from_str(&text).unwrap();
    assert_eq!(back, result.to_wire());
    assert_eq!(back.clone().into_owned(), back);
    assert_eq!(back.status, Status::Rated);
}

/// A result on its own carries no rule set: `into_owned` keeps it after the rule set is gone.
#[test]
fn an_owned_wire_result_outlives_its_rule_set() {
    let owned = {
        let rules = common::compile_fixture(&common::fixture("eval/cdcs.tieuchi"));
        let evidence =
            serde_json::json!({"tieu_chuan_1": 35, "tieu_chuan_2": 25, "ty_le_tu_hoc": "100%", "tieu_chuan_4": 7});
        rules.evaluate(&evidence, &Options::default()).unwrap().to_wire().into_owned()
    };
    assert_eq!(owned.outcome.unwrap().id, "kha");
}

/// Decoded evidence can be evaluated many times (the batch path) with the same result.
#[test]
fn decoded_evidence_evaluates_like_json_evidence() {
    let rules: RuleSet = common::compile_fixture(&common::fixture("eval/tap_the.tieuchi"));
    let records: serde_json::Map<String, Json> =
        serde_json::from_str(&common::read(&common::fixture("eval/tap_the.records.json"))).unwrap();
    for (name, record) in records {
        let decoded = rules.decode(&record).unwrap();
        let a = rules.evaluate(&record, &Options::traced()).unwrap().to_wire().into_owned();
        let b = rules.evaluate_evidence(&decoded, &Options::traced()).unwrap().to_wire().into_owned();
        assert_eq!(a, b, "{name}");
    }
}
