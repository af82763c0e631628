//! Evaluation of whole rule files: their `test` blocks and case files pass, and the full wire
//! result of chosen evidence records (snapshots of `fixtures/eval/*.records.json`).

#![allow(clippy::indexing_slicing, clippy::panic, clippy::expect_used, clippy::unwrap_used, reason = "tests")]

mod common;

use std::path::{Path, PathBuf};

use serde_json::Value as Json;
use tieuchi::testing::{CaseFile, CaseTarget, TestReport};
use tieuchi::{Library, Options, RuleSet, SourceFile, Status};

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
        assert_eq!(file.ruleset(), Some(rules.id()), "{}", cases_path.display());
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
    let mismatched: Vec<Vec<String>> =
        reports.iter().map(|r| r.mismatches.iter().map(|m| m.what.render(tieuchi::Lang::En)).collect()).collect();
    assert_eq!(mismatched, [vec!["xep_loai", "tong"], vec!["status"], vec!["error"]]);
    // What the case got, in either language; the line `tieuchi test` prints.
    let not_determinable = &reports[1].mismatches[0];
    assert_eq!(
        not_determinable.actual.render(tieuchi::Lang::En),
        "not determinable (missing tieu_chi_chung, ket_qua_nhiem_vu)"
    );
    assert_eq!(
        not_determinable.message().render(tieuchi::Lang::Vi),
        "status: kỳ vọng rated, thực tế không xác định được (thiếu tieu_chi_chung, ket_qua_nhiem_vu)"
    );
    assert_eq!(
        not_determinable.message().render(tieuchi::Lang::En),
        "status: expected rated, actual not determinable (missing tieu_chi_chung, ket_qua_nhiem_vu)"
    );
    let got_a_result = reports[2].mismatches[0].actual.clone();
    assert!(got_a_result.render(tieuchi::Lang::Vi).starts_with("một kết quả ("), "{got_a_result}");
    assert!(got_a_result.render(tieuchi::Lang::En).starts_with("a result ("), "{got_a_result:?}");
}

#[test]
fn case_files_refuse_unknown_keys_and_bad_dates() {
    assert!(CaseFile::parse(r#"{"ruleset": "x", "cases": [], "extra": 1}"#).is_err());
    let file =
        CaseFile::parse(r#"{"ruleset": "x", "cases": [{"name": "n", "given": {}, "on": "2026-02-30", "expect": {}}]}"#)
            .unwrap();
    let error = file.cases("f").unwrap_err().to_string();
    assert!(error.contains("2026-02-30"), "{error}");
}

// --- family case files: the version in force on each case's date ------------------------------

/// Two versions of one framework, switching on 2026-01-01: `cu` rates `tot` from 80 points,
/// `moi` from 90 (and has a quota, so that a batch shows it applied).
fn family() -> Library {
    let version = |id: &str, header: &str, threshold: u32, quota: &str| {
        SourceFile::new(
            format!("fam/{id}.tieuchi"),
            format!(
                "ruleset {id} \"{id}\" {{\n  {header}\n  input diem \"Điểm\": number in 0..100\n  key nhom \"Nhóm\": text\n  outcome o \"O\" {{\n    tot \"Tốt\" when diem >= {threshold}\n    dat \"Đạt\" otherwise\n  }}\n{quota}}}\n"
            ),
        )
    };
    Library::compile(&[
        version("cu", "valid from 2020-08-20 until 2025-12-31", 80, ""),
        version(
            "moi",
            "valid from 2026-01-01\n  replaces cu",
            90,
            "  quota tot at most 50% of dat within nhom rank by diem desc demote to dat count before demotion\n",
        ),
    ])
    .unwrap_or_else(|e| panic!("{}", e.render_plain()))
}

/// The reports of a case file over [`family`], or what is wrong with it, in English.
fn run_family(text: &str) -> Result<Vec<TestReport>, String> {
    let file = CaseFile::parse(text).map_err(|e| e.render(tieuchi::Lang::En))?;
    family().run_case_file(&file, "fam/versions.cases.json").map_err(|e| e.render(tieuchi::Lang::En))
}

#[test]
fn a_family_file_runs_each_case_with_the_version_in_force_on_its_date() {
    let reports = run_family(
        r#"{"family": "moi", "cases": [
            {"name": "ngày cuối của bản cũ", "on": "2025-12-31", "given": {"diem": 85}, "expect": {"ruleset": "cu", "o": "tot"}},
            {"name": "ngày đầu của bản mới", "on": "2026-01-01", "given": {"diem": 85}, "expect": {"ruleset": "moi", "o": "dat"}},
            {"name": "trước bản đầu tiên", "on": "2020-08-19", "given": {"diem": 85}, "expect": {"error": "select::none-in-force"}},
            {"name": "lô theo bản mới", "on": "2026-06-30",
             "batch": [{"id": "a", "nhom": "x", "diem": 95}, {"id": "b", "nhom": "x", "diem": 92},
                       {"id": "c", "nhom": "x", "diem": 10}, {"id": "d", "nhom": "x", "diem": 20}],
             "expect": [{"ruleset": "moi", "o": "tot"}, {"o": "dat"}, {"o": "dat"}, {"o": "dat"}]},
            {"name": "lô trước bản đầu tiên", "on": "2019-01-01",
             "batch": [{"nhom": "x", "diem": 95}], "expect": [{"error": "select::none-in-force"}]}
        ]}"#,
    )
    .unwrap();
    assert_eq!(reports.len(), 5);
    assert!(reports.iter().all(TestReport::passed), "{}", failures(&reports));
    // A family names any of its versions.
    let file = CaseFile::parse(r#"{"family": "cu", "cases": []}"#).unwrap();
    assert_eq!(file.target, CaseTarget::Family("cu".into()));
    assert_eq!((file.family(), file.ruleset()), (Some("cu"), None));
}

#[test]
fn a_wrong_version_or_a_missing_one_is_a_mismatch() {
    let reports = run_family(
        r#"{"family": "cu", "cases": [
            {"name": "sai phiên bản", "on": "2026-01-01", "given": {"diem": 85}, "expect": {"ruleset": "cu", "o": "dat"}},
            {"name": "không có phiên bản", "on": "2019-12-31", "given": {"diem": 85}, "expect": {"o": "tot"}},
            {"name": "chờ phiên bản nhưng có", "on": "2024-01-01", "given": {"diem": 85}, "expect": {"error": "select::none-in-force"}},
            {"name": "lô không có phiên bản", "on": "2019-12-31", "batch": [{"id": "a", "diem": 85}], "expect": [{"ruleset": "cu"}]}
        ]}"#,
    )
    .unwrap();
    let en = |m: &tieuchi::Message| m.render(tieuchi::Lang::En);
    let mismatched: Vec<Vec<String>> =
        reports.iter().map(|r| r.mismatches.iter().map(|m| en(&m.what)).collect()).collect();
    assert_eq!(mismatched, [vec!["ruleset"], vec!["ruleset"], vec!["error"], vec!["a: ruleset"]]);
    let wrong = &reports[0].mismatches[0];
    assert_eq!((en(&wrong.expected), en(&wrong.actual)), ("cu".to_owned(), "moi".to_owned()));
    let none = &reports[1].mismatches[0];
    assert!(
        en(&none.actual).starts_with(
            "no version chosen: error[select::none-in-force]: no version of `moi` is in force on 2019-12-31"
        ),
        "{none:?}"
    );
    let vi = none.actual.render(tieuchi::Lang::Vi);
    assert!(vi.starts_with("không chọn được phiên bản: lỗi [select::none-in-force] không có phiên bản nào"), "{vi}");
    // A batch case's record: by its `id`, else by its place.
    assert_eq!(reports[3].mismatches[0].message().render(tieuchi::Lang::Vi).split(':').next(), Some("a"));
    // A `ruleset` file checks the key too: it names the rule set that evaluated.
    let rules = common::compile_fixture(&common::fixture("eval/cong_chuc.tieuchi"));
    let file = CaseFile::parse(
        r#"{"ruleset": "cong_chuc", "cases": [{"name": "n", "given": {"suy_thoai": true}, "expect": {"ruleset": "khac", "xep_loai": "kht"}}]}"#,
    )
    .unwrap();
    let reports: Vec<TestReport> = file.cases("inline").unwrap().iter().map(|c| rules.run_file_case(c)).collect();
    assert_eq!(reports[0].mismatches.len(), 1, "{:?}", reports[0].mismatches);
    assert_eq!(
        (en(&reports[0].mismatches[0].expected), en(&reports[0].mismatches[0].actual)),
        ("khac".to_owned(), "cong_chuc".to_owned())
    );
}

#[test]
fn a_family_case_without_a_date_is_an_error_naming_it() {
    let error = run_family(
        r#"{"family": "moi", "cases": [
            {"name": "có ngày", "on": "2026-01-01", "given": {"diem": 85}, "expect": {"o": "dat"}},
            {"name": "không ngày", "given": {"diem": 85}, "expect": {"o": "dat"}}
        ]}"#,
    )
    .unwrap_err();
    assert!(error.contains("`không ngày`") && error.contains("`on`"), "{error}");
    let error = run_family(
        r#"{"family": "moi", "cases": [{"name": "ngày riêng", "on": "2026-01-01", "batch": [{"diem": 85, "on": "2025-01-01"}], "expect": [{}]}]}"#,
    )
    .unwrap_err();
    assert!(error.contains("`ngày riêng`") && error.contains("2025-01-01"), "{error}");
    let error = run_family(r#"{"family": "khac", "cases": []}"#).unwrap_err();
    assert!(error.contains("`khac`"), "{error}");
}

#[test]
fn a_case_file_names_exactly_one_of_ruleset_and_family() {
    let both =
        CaseFile::parse(r#"{"ruleset": "cu", "family": "moi", "cases": []}"#).unwrap_err().render(tieuchi::Lang::En);
    assert!(both.contains("not both"), "{both}");
    let neither = CaseFile::parse(r#"{"description": "?", "cases": []}"#).unwrap_err().render(tieuchi::Lang::En);
    assert!(neither.contains("`\"ruleset\": ID`") && neither.contains("`\"family\": ID`"), "{neither}");
    // A `ruleset` file keeps its cases without dates, and runs against that version only.
    let reports = run_family(
        r#"{"ruleset": "cu", "cases": [{"name": "không ngày", "given": {"diem": 85}, "expect": {"ruleset": "cu", "o": "tot"}},
            {"name": "ngày của bản mới", "on": "2026-06-30", "given": {"diem": 85}, "expect": {"ruleset": "cu", "o": "tot"}}]}"#,
    )
    .unwrap();
    assert!(reports.iter().all(TestReport::passed), "{}", failures(&reports));
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
