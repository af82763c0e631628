//! The citation beside a result is the legal ground of the tier: the rule that set it. A tier a
//! knock-out, a cap or a quota decided cites that rule, not the score band the record reached.
#![allow(clippy::indexing_slicing, clippy::panic, clippy::expect_used, clippy::unwrap_used, reason = "tests")]

mod common;

use serde_json::{json, Value as Json};
use tieuchi::{Options, RuleSet};

fn rules(file: &str) -> RuleSet {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../rules").join(file);
    common::compile(&std::fs::read_to_string(path).unwrap())
}

fn nd335(tieu_chi_chung: u32, ket_qua: u32, extra: &Json) -> Json {
    let mut record = json!({
        "co_quan": "Sở Nội vụ", "nhom": "Chuyên viên",
        "tieu_chi_chung": tieu_chi_chung, "ket_qua_nhiem_vu": ket_qua, "suy_thoai": false,
    });
    if let (Some(r), Some(e)) = (record.as_object_mut(), extra.as_object()) {
        r.extend(e.clone());
    }
    record
}

/// The tier, what decided it, and its citation.
fn outcome(rules: &RuleSet, record: &Json) -> (String, String, Option<String>) {
    let result = rules.evaluate(record, &Options::default()).unwrap();
    let wire = result.to_wire();
    let o = wire.outcome.unwrap();
    (o.id.into_owned(), o.decided_by.into_owned(), o.source.map(std::borrow::Cow::into_owned))
}

#[test]
fn a_knocked_out_record_cites_the_knock_out_not_the_band() {
    // 97 points and a khiển trách in the year: KHT by NĐ 335 Điều 20 khoản 4 điểm c, not by the
    // band "dưới 50 điểm" (khoản 4 điểm a) that the tier's own citation names.
    let rules = rules("cong-chuc/nd335-2025.tieuchi");
    let (tier, by, source) = outcome(&rules, &nd335(30, 67, &json!({"ky_luat_trong_nam": "khien_trach"})));
    assert_eq!((tier.as_str(), by.as_str()), ("kht", "force"));
    let source = source.unwrap();
    assert!(source.contains("khoản 4 điểm c"), "{source}");
    assert!(!source.contains("điểm a"), "{source}");
}

#[test]
fn a_tier_set_by_the_score_cites_its_band() {
    let rules = rules("cong-chuc/nd335-2025.tieuchi");
    let (tier, by, source) = outcome(&rules, &nd335(25, 55, &json!({})));
    assert_eq!((tier.as_str(), by.as_str()), ("htt", "score"));
    let htt = rules.model().outcome.tiers.iter().find(|t| t.id == "htt").unwrap();
    assert_eq!(source.as_deref(), htt.source.as_deref());
}

#[test]
fn a_tier_set_by_a_cap_cites_the_cap() {
    // NĐ 90: four months of leave caps the tier at HTNV (Điều 2 khoản 3), whatever the results.
    let rules = rules("cong-chuc/nd90-2020.tieuchi");
    let record = json!({
        "on": "2024-12-10", "thoi_gian_cong_tac": 12, "thoi_gian_nghi": 4, "nghi_thai_san": false,
        "tieu_chi_chung": "thuc_hien_tot", "ty_le_hoan_thanh": "100%", "ty_le_vuot_muc": "40%",
        "suy_thoai": false, "ky_luat_trong_nam": null, "la_lanh_dao": false,
    });
    let (tier, by, source) = outcome(&rules, &record);
    assert_eq!((tier.as_str(), by.as_str()), ("htnv", "cap"));
    assert_eq!(source.as_deref(), Some("NĐ 90/2020/NĐ-CP, Điều 2 khoản 3"));
}

#[test]
fn a_tier_lowered_by_the_quota_cites_the_quota() {
    // Two at 95 points in one task group, none at HTT: the quota keeps none at HTXS (20% × 1 after
    // demotion is 0.2), and the one lowered cites Điều 20 khoản 5 điểm a, not the 70–90 band.
    let rules = rules("cong-chuc/nd335-2025.tieuchi");
    let records = [nd335(30, 65, &json!({"id": "A"})), nd335(30, 64, &json!({"id": "B"}))];
    let results = rules.evaluate_batch(&records, &Options::default());
    for result in &results {
        let wire = result.as_ref().unwrap().to_wire();
        let o = wire.outcome.unwrap();
        assert_eq!((o.id.as_ref(), o.decided_by.as_ref()), ("htt", "quota"));
        let source = o.source.unwrap();
        assert!(source.contains("khoản 5 điểm a"), "{source}");
    }
}

// --- case files assert the deciding rule: `decided_by` and `citation` ---------------------------

/// The mismatches of each case of an inline case file run against `rules`, as
/// `what: expected | actual`.
fn run_cases(rules: &RuleSet, cases: &str) -> Vec<Vec<String>> {
    run_cases_in(rules, cases, tieuchi::Lang::En)
}

/// The same, in `lang`.
fn run_cases_in(rules: &RuleSet, cases: &str, lang: tieuchi::Lang) -> Vec<Vec<String>> {
    let file = tieuchi::testing::CaseFile::parse(&format!(r#"{{"ruleset": "{}", "cases": {cases}}}"#, rules.id()))
        .unwrap_or_else(|e| panic!("{e}"));
    file.cases("inline.cases.json")
        .unwrap_or_else(|e| panic!("{e}"))
        .iter()
        .map(|case| {
            let report = rules.run_file_case(case);
            let words = |m: &tieuchi::Message| m.render(lang);
            report
                .mismatches
                .iter()
                .map(|m| format!("{}: {} | {}", words(&m.what), words(&m.expected), words(&m.actual)))
                .collect()
        })
        .collect()
}

const ND90_FORCE: &str = "NĐ 90/2020/NĐ-CP, Điều 11; Điều 2 khoản 5 (bổ sung bởi NĐ 48/2023/NĐ-CP: năm tính kỷ luật)";

fn nd90_record(extra: &Json) -> Json {
    let mut record = json!({
        "thoi_gian_cong_tac": 12, "tieu_chi_chung": "thuc_hien_tot", "ty_le_hoan_thanh": "100%",
        "ty_le_vuot_muc": "60%", "suy_thoai": false,
    });
    if let (Some(r), Some(e)) = (record.as_object_mut(), extra.as_object()) {
        r.extend(e.clone());
    }
    record
}

#[test]
fn a_case_asserting_the_right_deciding_rule_passes() {
    let rules = rules("cong-chuc/nd90-2020.tieuchi");
    let cases = json!([
        {"name": "force", "on": "2024-12-10", "given": nd90_record(&json!({"ky_luat_trong_nam": "khien_trach"})),
         "expect": {"xep_loai": "kht", "decided_by": "force", "citation": ND90_FORCE}},
        {"name": "cap", "given": nd90_record(&json!({"thoi_gian_cong_tac": 8, "thoi_gian_nghi": 4})),
         "expect": {"xep_loai": "htnv", "decided_by": "cap", "citation": "NĐ 90/2020/NĐ-CP, Điều 2 khoản 3"}},
        {"name": "exclude", "given": nd90_record(&json!({"thoi_gian_cong_tac": 4})),
         "expect": {"status": "not rated", "decided_by": "exclude", "citation": "NĐ 90/2020/NĐ-CP, Điều 2 khoản 3"}},
        {"name": "quota", "batch": [
            nd90_record(&json!({"id": "A", "co_quan": "X", "nhom": "N", "ty_le_vuot_muc": "90%"})),
            nd90_record(&json!({"id": "B", "co_quan": "X", "nhom": "N", "ty_le_vuot_muc": "80%"})),
         ],
         "expect": [{"xep_loai": "htt", "decided_by": "quota"}, {"xep_loai": "htt", "decided_by": "quota"}]},
    ]);
    let reports = run_cases(&rules, &cases.to_string());
    assert!(reports.iter().all(Vec::is_empty), "{reports:#?}");
}

#[test]
fn a_wrong_citation_or_deciding_rule_is_reported_with_expected_and_actual() {
    let rules = rules("cong-chuc/nd90-2020.tieuchi");
    let discipline = nd90_record(&json!({"ky_luat_trong_nam": "khien_trach"}));
    let cases = json!([
        // The tier is right, but the citation names the ladder's ground (> 50% chưa bảo đảm), not
        // the discipline that decided.
        {"name": "wrong citation", "on": "2024-12-10", "given": discipline,
         "expect": {"xep_loai": "kht", "decided_by": "force",
                    "citation": "NĐ 90/2020/NĐ-CP, Điều 11 (có trên 50% các tiêu chí về kết quả thực hiện nhiệm vụ chưa bảo đảm tiến độ, chất lượng, hiệu quả)"}},
        {"name": "wrong kind", "on": "2024-12-10", "given": discipline, "expect": {"decided_by": "tiers"}},
        {"name": "expects none", "on": "2024-12-10", "given": discipline, "expect": {"citation": null}},
        {"name": "not determinable", "given": nd90_record(&json!({"suy_thoai": null})),
         "expect": {"decided_by": "tiers", "citation": "x"}},
        {"name": "a batch record", "batch": [
            nd90_record(&json!({"id": "A", "co_quan": "X", "nhom": "N"})),
            nd90_record(&json!({"id": "B", "co_quan": "X", "nhom": "N"})),
         ],
         "expect": [{"citation": "NĐ 90/2020/NĐ-CP, Điều 8"}, {}]},
    ]);
    let reports = run_cases(&rules, &cases.to_string());
    let quota = rules.model().quotas[0].source.clone().unwrap();
    assert_eq!(
        reports,
        [
            vec![format!(
                "citation: NĐ 90/2020/NĐ-CP, Điều 11 (có trên 50% các tiêu chí về kết quả thực hiện nhiệm vụ chưa bảo đảm tiến độ, chất lượng, hiệu quả) | {ND90_FORCE}"
            )],
            vec!["decided_by: tiers | force".to_owned()],
            vec![format!("citation: null | {ND90_FORCE}")],
            vec![
                "decided_by: tiers | not determinable (missing suy_thoai)".to_owned(),
                "citation: x | not determinable (missing suy_thoai)".to_owned(),
            ],
            vec![format!("A: citation: NĐ 90/2020/NĐ-CP, Điều 8 | {quota}")],
        ]
    );
}

#[test]
fn the_deciding_rule_keys_take_only_their_values_and_other_names_stay_unknown() {
    let rules = rules("cong-chuc/nd90-2020.tieuchi");
    let parse = |expect: &str| {
        let text = format!(
            r#"{{"ruleset": "cong_chuc_nd90", "cases": [{{"name": "n", "given": {{}}, "expect": {expect}}}]}}"#
        );
        tieuchi::testing::CaseFile::parse(&text)
            .unwrap()
            .cases("f")
            .map(|_| ())
            .map_err(|e| e.render(tieuchi::Lang::En))
    };
    let error = parse(r#"{"decided_by": "knockout"}"#).unwrap_err();
    assert!(error.contains("`decided_by` is one of `score`, `tiers`, `force`, `cap`, `exclude`, `quota`"), "{error}");
    let error = parse(r#"{"citation": 11}"#).unwrap_err();
    assert!(error.contains("`citation` is the citation's text"), "{error}");
    assert!(parse(r#"{"citation": null, "decided_by": "exclude"}"#).is_ok());
    // A name that is neither reserved nor the rule set's is reported as before.
    let reports = run_cases(&rules, r#"[{"name": "n", "given": {}, "expect": {"deciding_rule": "force"}}]"#);
    assert_eq!(
        reports,
        [vec!["deciding_rule: force | `deciding_rule` is not an outcome, score or `let` of `cong_chuc_nd90`"]]
    );
    let reports = run_cases_in(
        &rules,
        r#"[{"name": "n", "given": {}, "expect": {"deciding_rule": "force"}}]"#,
        tieuchi::Lang::Vi,
    );
    assert_eq!(
        reports,
        [vec!["deciding_rule: force | `deciding_rule` không phải là kết quả xếp loại, điểm hay `let` của `cong_chuc_nd90`"]]
    );
}

/// What is wrong with a case file is a message of the catalogue: Vietnamese by default, English
/// on request, for the file as a whole, for a case, and for JSON that does not parse.
#[test]
fn case_file_errors_speak_both_languages() {
    use tieuchi::testing::CaseFile;
    use tieuchi::Lang;
    let both = CaseFile::parse(r#"{"ruleset": "a", "family": "b", "cases": []}"#).unwrap_err();
    assert!(both.to_string().starts_with("tệp ca kiểm thử chỉ nêu một trong hai"), "{both}");
    assert!(both.render(Lang::En).starts_with("a case file names either `ruleset`"));
    let file = CaseFile::parse(r#"{"family": "b", "cases": [{"name": "x", "given": {}, "expect": {}}]}"#).unwrap();
    let undated = file.cases("f").unwrap_err();
    assert_eq!(undated.render(Lang::En), "case `x`: a family file chooses the version by the case's date; give `on`");
    assert_eq!(undated.to_string(), "ca `x`: tệp theo nhóm phiên bản chọn phiên bản theo ngày của ca; hãy nêu `on`");
    let broken = CaseFile::parse("{\n  \"ruleset\": 1\n}").unwrap_err();
    assert!(broken.render(Lang::En).starts_with("line 2, column 14: invalid type"), "{}", broken.render(Lang::En));
    assert!(broken.to_string().starts_with("dòng 2, cột 14: invalid type"), "{broken}");
}
