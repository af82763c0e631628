//! Parameters (`param`): values the rules set, which may change by date, read like any value,
//! never set by evidence; a simulation overrides them and says so in its results.

#![allow(clippy::indexing_slicing, clippy::panic, clippy::expect_used, clippy::unwrap_used, reason = "tests")]

mod common;

use serde_json::json;
use tieuchi::{Lang, Options, RuleSet, Status};

const RULES: &str = r#"ruleset tham_so "Tham số" {
  param nguong_htxs "Ngưỡng điểm HTXS": number
    = 90 source "NĐ 335/2025/NĐ-CP, Điều 20 khoản 1"
    = 85 from 2027-01-01 source "giả định"
    = 80 from 2028-01-01
  param ty_le_htt "Tỷ lệ điểm HTT": percent = 70%
  input diem "Điểm": number in 0..100
  score tong "Tổng" max 100 = diem
  let ty_le "Tỷ lệ" = tong / tong.max
  outcome xep_loai "Xếp loại" {
    htxs "Xuất sắc" when tong >= nguong_htxs
    htt "Tốt" when ty_le >= ty_le_htt
    kht "Không" otherwise
  }
}
"#;

fn on(date: &str) -> Options {
    Options { on: Some(date.parse().unwrap()), trace: true, ..Default::default() }
}

fn tier(rules: &RuleSet, diem: u32, options: Options) -> Option<String> {
    rules.evaluate(&json!({ "diem": diem }), &options).unwrap().tier().map(str::to_owned)
}

#[test]
fn a_parameters_value_follows_the_evaluation_date() {
    let rules = common::compile(RULES);
    // 87 points: below 90 (2026), at least 85 (2027), at least 80 (2028).
    for (date, expected) in [
        ("2025-06-30", "htt"),
        ("2026-12-31", "htt"),
        ("2027-01-01", "htxs"),
        ("2027-12-31", "htxs"),
        ("2028-01-01", "htxs"),
    ] {
        assert_eq!(tier(&rules, 87, on(date)).as_deref(), Some(expected), "{date}");
    }
    // 82 points: HTXS only from 2028.
    assert_eq!(tier(&rules, 82, on("2027-12-31")).as_deref(), Some("htt"));
    assert_eq!(tier(&rules, 82, on("2028-01-01")).as_deref(), Some("htxs"));
}

#[test]
fn without_a_date_a_dated_parameter_is_unknown_and_the_date_is_missing() {
    let rules = common::compile(RULES);
    let result = rules.evaluate(&json!({ "diem": 87 }), &Options::traced()).unwrap();
    assert_eq!(result.status(), Status::NotDeterminable);
    assert_eq!(result.missing_fields(), vec!["on".to_owned()]);
}

#[test]
fn a_parameter_with_one_undated_value_needs_no_date() {
    let rules =
        common::compile(&RULES.replace("= 85 from 2027-01-01 source \"giả định\"\n    = 80 from 2028-01-01\n", ""));
    assert_eq!(tier(&rules, 92, Options::traced()).as_deref(), Some("htxs"));
    assert_eq!(tier(&rules, 75, Options::traced()).as_deref(), Some("htt"));
}

#[test]
fn a_date_before_every_value_leaves_the_parameter_unknown() {
    let rules = common::compile(&RULES.replace("= 90 source", "= 90 from 2026-01-01 source"));
    let result = rules.evaluate(&json!({ "diem": 95 }), &on("2025-12-31")).unwrap();
    assert_eq!(result.status(), Status::NotDeterminable);
    assert_eq!(tier(&rules, 95, on("2026-01-01")).as_deref(), Some("htxs"));
}

#[test]
fn a_parameter_without_a_value_before_its_first_date_is_warned_of() {
    let dated = RULES.replace("= 90 source", "= 90 from 2026-01-01 source");
    let rules = common::compile(&dated);
    let codes: Vec<&str> = rules.warnings().iter().map(|d| d.code.as_str()).collect();
    assert_eq!(codes, ["check::bad-param"]);
    let valid = dated.replace("{\n  param", "{\n  valid from 2026-01-01\n  param");
    assert!(common::compile(&valid).warnings().is_empty());
    assert!(common::compile(RULES).warnings().is_empty());
}

#[test]
fn a_record_cannot_set_a_parameter() {
    let rules = common::compile(RULES);
    let error = rules.evaluate(&json!({ "diem": 87, "nguong_htxs": 80 }), &on("2026-06-30")).unwrap_err();
    assert_eq!(error.code(), "evidence::unknown-field", "{error}");
    assert!(error.to_string().contains("nguong_htxs"), "{error}");
}

#[test]
fn parameters_are_names_like_the_others() {
    let text = r#"ruleset ten "Tên" {
  input nguong "Ngưỡng (đầu vào)": number in 0..100
  param nguong "Ngưỡng": number = 90
  param ty_le "Tỷ lệ": percent = 70%
  score tong "Tổng" max 100 = nguong
  outcome xep_loai "Xếp loại" {
    dat "Đạt" when tong >= nguong_khac or tong >= ty_le
    khong_dat "Không đạt" otherwise
  }
}
"#;
    let errors = common::compile_errors(text);
    let codes: Vec<&str> = errors.diagnostics.iter().map(|d| d.code.as_str()).collect();
    assert!(codes.contains(&"check::duplicate-name"), "{codes:?}");
    assert!(codes.contains(&"check::unknown-name"), "{codes:?}");
    // A percent parameter is a percent to the unit check: `tong` counts points.
    assert!(codes.contains(&"check::unit-mismatch"), "{codes:?}");
    let reserved = common::compile_errors(&text.replace("param nguong \"", "param on \""));
    assert!(reserved.diagnostics.iter().any(|d| d.code.as_str() == "check::reserved-name"));
}

#[test]
fn a_parameter_formats_canonically_and_keeps_its_meaning() {
    let messy = "ruleset a \"A\" {\nparam n \"N\":number\n= 90 source \"x\" = 85 from 2027-01-01\n  input d \"D\": number in 0..100\n  outcome o \"O\" {\n    t \"T\" when d >= n\n    u \"U\" otherwise\n  }\n}\n";
    let once = tieuchi::syntax::format(&tieuchi::SourceFile::new("a.tieuchi", messy)).unwrap();
    assert!(once.contains("  param n \"N\": number\n    = 90 source \"x\"\n    = 85 from 2027-01-01\n"), "{once}");
    let twice = tieuchi::syntax::format(&tieuchi::SourceFile::new("a.tieuchi", once.as_str())).unwrap();
    assert_eq!(once, twice);
    let rules = common::compile(&once);
    assert_eq!(rules.evaluate(&json!({"d": 86}), &on("2027-01-01")).unwrap().tier(), Some("t"));
    assert_eq!(rules.evaluate(&json!({"d": 86}), &on("2026-12-31")).unwrap().tier(), Some("u"));
}

#[test]
fn the_editor_knows_parameters() {
    use tieuchi::ide::{CompletionKind, Document, SymbolKind};
    let document = Document::analyse(tieuchi::SourceFile::new("t.tieuchi", RULES), &[]);
    let symbol = document.symbols().iter().find(|s| s.name == "nguong_htxs").unwrap();
    assert_eq!(symbol.kind, SymbolKind::Param);
    let used = RULES.find("tong >= nguong_htxs").unwrap() + "tong >= ".len() + 2;
    assert_eq!(document.definition(used), Some(symbol.name_span));
    let hover = document.hover(used).unwrap().contents;
    assert!(hover.starts_with("**param** `nguong_htxs`"), "{hover}");
    assert!(hover.contains("= 85 from 2027-01-01"), "{hover}");
    let end = RULES.find("tong >= nguong_htxs").unwrap() + "tong >= ng".len();
    let completions = document.completions(end);
    assert!(
        completions.iter().any(|c| c.label == "nguong_htxs" && c.kind == CompletionKind::Symbol(SymbolKind::Param)),
        "{completions:?}"
    );
}

#[test]
fn results_name_the_parameter_values_they_used() {
    let rules = common::compile(RULES);
    let result = rules.evaluate(&json!({ "diem": 87 }), &on("2027-03-01")).unwrap();
    let wire = serde_json::to_value(result.to_wire()).unwrap();
    assert_eq!(
        wire["params"],
        json!({
            "nguong_htxs": { "value": "85", "from": "2027-01-01", "source": "giả định" },
            "ty_le_htt": { "value": "0.7" }
        })
    );
    // The trace shows the value beside the condition that read it.
    let condition = &wire["trace"][0]["conditions"][0];
    assert_eq!(condition["condition"], "tong >= nguong_htxs");
    assert_eq!(condition["values"], json!({ "tong": "87", "nguong_htxs": "85" }));
    let undated = rules.evaluate(&json!({ "diem": 87 }), &Options::default()).unwrap();
    assert_eq!(serde_json::to_value(undated.to_wire()).unwrap()["params"]["nguong_htxs"], json!({ "value": null }));
    // A rule set without parameters shows none.
    let plain = common::compile(
        "ruleset a \"A\" {\n  input d \"D\": number in 0..100\n  outcome o \"O\" {\n    t \"T\" when d >= 50\n    u \"U\" otherwise\n  }\n}\n",
    );
    let wire = serde_json::to_value(plain.evaluate(&json!({"d": 60}), &Options::default()).unwrap().to_wire()).unwrap();
    assert!(wire.get("params").is_none(), "{wire}");
}

#[test]
fn an_override_changes_results_and_is_reported() {
    let rules = common::compile(RULES);
    assert_eq!(tier(&rules, 86, on("2026-06-30")).as_deref(), Some("htt"));
    let simulated = rules.with_params([("nguong_htxs", "85")]).unwrap();
    assert!(simulated.is_simulation() && !rules.is_simulation());
    // One value at every date, so no date is needed either.
    assert_eq!(tier(&simulated, 86, on("2026-06-30")).as_deref(), Some("htxs"));
    assert_eq!(tier(&simulated, 86, Options::traced()).as_deref(), Some("htxs"));
    let result = simulated.evaluate(&json!({ "diem": 86 }), &on("2026-06-30")).unwrap();
    let wire = serde_json::to_value(result.to_wire()).unwrap();
    assert_eq!(wire["params"]["nguong_htxs"], json!({ "value": "85", "overridden": true }));
    assert_eq!(wire["params"]["ty_le_htt"], json!({ "value": "0.7" }));
    // The fingerprint names the rule text the simulation was made from.
    assert_eq!(wire["rules"]["sha256"], json!(rules.fingerprint()));
    // A percent as `60%` or a fraction; a bool parameter as `true`.
    let lower = rules.with_params([("ty_le_htt", "60%")]).unwrap();
    assert_eq!(tier(&lower, 65, on("2026-06-30")).as_deref(), Some("htt"));
    assert_eq!(tier(&rules.with_params([("ty_le_htt", "0.6")]).unwrap(), 65, on("2026-06-30")).as_deref(), Some("htt"));
    assert_eq!(tier(&rules, 65, on("2026-06-30")).as_deref(), Some("kht"));
}

#[test]
fn an_override_must_name_a_parameter_and_fit_its_type() {
    let rules = common::compile(RULES);
    for (id, value, code) in [
        ("nguong", "85", "argument::unknown-param"),
        ("diem", "85", "argument::unknown-param"),
        ("nguong_htxs", "cao", "argument::bad-param"),
        ("ty_le_htt", "70", "argument::bad-param"),
        ("ty_le_htt", "true", "argument::bad-param"),
    ] {
        let failure = rules.with_params([(id, value)]).unwrap_err();
        assert_eq!(failure.first.code, code, "{id}={value}: {}", failure.first.message);
        assert!(tieuchi::codes::lookup(code).is_some(), "{code} is registered");
    }
    let failure = rules.with_params([("nguong", "85")]).unwrap_err();
    assert!(failure.first.help.contains("`nguong_htxs`, `ty_le_htt`"), "{}", failure.first.help);
}

#[test]
fn verifying_a_simulated_result_names_the_parameters_first() {
    let rules = common::compile(RULES);
    let simulated = rules.with_params([("nguong_htxs", "85")]).unwrap();
    let evidence = r#"{"diem": 86, "on": "2026-06-30"}"#;
    let result = simulated.evaluate_json(evidence, &Options::traced()).unwrap();
    let recorded = serde_json::to_value(tieuchi::wire::result_record(&result, true, false)).unwrap();
    let library = tieuchi::Library::compile(&[tieuchi::SourceFile::new("test.tieuchi", RULES)]).unwrap();
    let verification = tieuchi::verify::verify(&library, &recorded, evidence).unwrap();
    assert!(!verification.reproduced);
    assert!(verification.differences[0].path.starts_with("params.nguong_htxs"), "{:?}", verification.differences);
    assert!(verification.differences.iter().any(|d| d.path == "outcome.id"));
}

#[test]
fn a_library_simulation_sets_each_rule_set_that_declares_the_parameter() {
    let other = "ruleset khac \"Khác\" {\n  param nguong_khac \"Ngưỡng khác\": number = 50\n  input d \"D\": number in 0..100\n  outcome o \"O\" {\n    t \"T\" when d >= nguong_khac\n    u \"U\" otherwise\n  }\n}\n";
    let sources = [tieuchi::SourceFile::new("a.tieuchi", RULES), tieuchi::SourceFile::new("b.tieuchi", other)];
    let library = tieuchi::Library::compile(&sources).unwrap();
    let simulated = library.with_params(&[("nguong_htxs", "85")]).unwrap();
    let rules = simulated.get("tham_so").unwrap();
    assert!(rules.is_simulation() && !simulated.get("khac").unwrap().is_simulation());
    assert_eq!(tier(rules, 86, on("2026-06-30")).as_deref(), Some("htxs"));
    let failure = library.with_params(&[("nguong", "85")]).unwrap_err();
    assert_eq!(failure.first.code, "argument::unknown-param");
    assert!(failure.first.help.contains("`nguong_htxs`, `nguong_khac`, `ty_le_htt`"), "{}", failure.first.help);
}

/// An override's failure speaks the language asked for, with the same code and field: Vietnamese
/// by default, English on request; the help says what to write for the parameter's type.
#[test]
fn an_override_failure_is_in_the_language_asked_for() {
    let rules = common::compile(RULES);
    let library = tieuchi::Library::compile(&[tieuchi::SourceFile::new("a.tieuchi", RULES)]).unwrap();
    for (id, value, vi, en) in [
        ("nguong", "85", "`nguong` không phải là tham số của", "`nguong` is not a parameter of"),
        ("nguong_htxs", "cao", "`cao` không phù hợp với tham số `nguong_htxs`", "`cao` does not fit the parameter"),
    ] {
        let default = rules.with_params([(id, value)]).unwrap_err();
        let in_vi = rules.with_params_in([(id, value)], Lang::Vi).unwrap_err();
        let in_en = rules.with_params_in([(id, value)], Lang::En).unwrap_err();
        assert_eq!(default, in_vi, "Vietnamese is the default");
        assert!(in_vi.first.message.starts_with(vi), "{}", in_vi.first.message);
        assert!(in_en.first.message.starts_with(en), "{}", in_en.first.message);
        assert_eq!((&in_vi.first.code, &in_vi.first.field), (&in_en.first.code, &in_en.first.field));
        assert_ne!(in_vi.first.help, in_en.first.help);
        let from_library = library.with_params_in(&[(id, value)], Lang::En).unwrap_err();
        assert_eq!(from_library.first.code, in_en.first.code);
        assert!(from_library.first.message.contains(en.trim_end_matches(" of")), "{}", from_library.first.message);
    }
    let help = |lang| rules.with_params_in([("ty_le_htt", "true")], lang).unwrap_err().first.help;
    assert_eq!(help(Lang::En), "write a percent such as `85%`, or the fraction `0.85`");
    assert_eq!(help(Lang::Vi), "viết một tỷ lệ phần trăm như `85%`, hoặc phân số `0.85`");
}

/// Overrides given as JSON (the service's and the browser package's `params`) are read as their
/// text: a number, its text and a percent alike.
#[test]
fn overrides_given_as_json_are_read_by_the_parameters_type() {
    let rules = common::compile(RULES);
    let params = |text: &str| -> serde_json::Map<String, serde_json::Value> { serde_json::from_str(text).unwrap() };
    for given in [r#"{"nguong_htxs": 85}"#, r#"{"nguong_htxs": "85"}"#] {
        let simulated = rules.with_json_params(&params(given), Lang::Vi).unwrap();
        assert_eq!(simulated.overrides(), [("nguong_htxs", json!("85"))], "{given}");
    }
    let simulated = rules.with_json_params(&params(r#"{"ty_le_htt": "70%"}"#), Lang::Vi).unwrap();
    assert_eq!(simulated.overrides(), [("ty_le_htt", json!("0.7"))]);
    let refused = rules.with_json_params(&params(r#"{"nguong_htxs": true}"#), Lang::En).unwrap_err();
    assert_eq!(refused.first.code, "argument::bad-param");
    assert_eq!(refused.first.message, "`true` does not fit the parameter `nguong_htxs`");
}
