//! The semantics every version of the language keeps (design notes §3), as plain tests.

#![allow(clippy::indexing_slicing, clippy::panic, clippy::expect_used, clippy::unwrap_used, reason = "tests")]

mod common;

use rust_decimal::Decimal;
use serde_json::{json, Value as Json};
use tieuchi::eval::EvalErrorKind;
use tieuchi::wire::ResultRecord;
use tieuchi::{EvaluateError, Options, RuleSet, Status};

/// A rule set from its body; `outcome` is appended when the body has none.
fn rules(body: &str) -> RuleSet {
    let outcome = if body.contains("outcome ") {
        String::new()
    } else {
        "\n  outcome o \"O\" {\n    t \"T\" when true\n    u \"U\" otherwise\n  }".to_owned()
    };
    common::compile(&format!("ruleset x \"X\" {{\n{body}{outcome}\n}}\n"))
}

/// The owned wire result, traced.
fn run(rules: &RuleSet, evidence: &Json) -> ResultRecord<'static> {
    rules.evaluate(evidence, &Options::traced()).unwrap_or_else(|e| panic!("{evidence}: {e}")).to_wire().into_owned()
}

/// The value of a `let` or a score, as the wire shows it.
fn value(result: &ResultRecord<'_>, name: &str) -> Json {
    if let Some(score) = result.scores.get(name) {
        return score.value.clone().map_or(Json::Null, Json::String);
    }
    result.values.get(name).cloned().unwrap_or_else(|| panic!("no value `{name}`"))
}

fn tier(result: &ResultRecord<'_>) -> Option<String> {
    result.outcome.as_ref().map(|o| o.id.to_string())
}

fn dec(text: &str) -> Decimal {
    text.parse().unwrap()
}

// --- 1. Exact decimals -------------------------------------------------------------------------

#[test]
fn decimals_are_exact() {
    let r = rules(
        "  input a \"A\": number\n  input b \"B\": number\n  let sum = a + b\n  let is_point_three = a + b = 0.3\n  let third = 1 / 3\n  let big = 12345678901234567890.123456789 + 0.000000001",
    );
    let result = run(&r, &json!({"a": "0.1", "b": "0.2"}));
    assert_eq!(value(&result, "sum"), json!("0.3"));
    assert_eq!(value(&result, "is_point_three"), json!(true));
    assert_eq!(value(&result, "third"), json!("0.3333333333333333333333333333"));
    assert_eq!(value(&result, "big"), json!("12345678901234567890.12345679"));
    // JSON numbers are read from their text, not through a binary float.
    let result = run(&r, &serde_json::from_str::<Json>(r#"{"a": 0.1, "b": 0.2}"#).unwrap());
    assert_eq!(value(&result, "sum"), json!("0.3"));
}

#[test]
fn a_total_just_under_a_bound_stays_under_it() {
    let r = common::compile_fixture(&common::fixture("eval/cong_chuc.tieuchi"));
    let result = run(&r, &json!({"tieu_chi_chung": "28", "ket_qua_nhiem_vu": "61.99", "suy_thoai": false}));
    assert_eq!(tier(&result).as_deref(), Some("htt"));
    assert_eq!(value(&result, "tong"), json!("89.99"));
    let evaluation = r
        .evaluate(&json!({"tieu_chi_chung": 28, "ket_qua_nhiem_vu": "61.99", "suy_thoai": false}), &Options::default())
        .unwrap();
    assert_eq!(evaluation.score("tong"), Some(dec("89.99")));
}

#[test]
fn decimals_leave_the_engine_as_their_shortest_text() {
    let r = rules("  input a \"A\": number\n  score s \"S\" max 100 = a * 2");
    assert_eq!(value(&run(&r, &json!({"a": "10.250"})), "s"), json!("20.5"));
    assert_eq!(value(&run(&r, &json!({"a": "45"})), "s"), json!("90"));
}

#[test]
fn percents_are_fractions() {
    let r = rules("  input p \"P\": percent\n  let plus = p + 5%\n  let at_least = p >= 70%\n  let scaled = p * 100");
    let result = run(&r, &json!({"p": "70%"}));
    assert_eq!(value(&result, "plus"), json!("0.75"));
    assert_eq!(value(&result, "at_least"), json!(true));
    assert_eq!(value(&result, "scaled"), json!("70"));
}

#[test]
fn round_is_half_up_and_only_where_a_rule_says_so() {
    let r = rules(
        "  input x \"X\": number\n  let r0 = round(x)\n  let r2 = round(x, 2)\n  let f = floor(x)\n  let c = ceil(x)\n  let plain = x * 1",
    );
    for (x, r0, r2, f, c) in [
        ("2.5", "3", "2.5", "2", "3"),
        ("-2.5", "-3", "-2.5", "-3", "-2"),
        ("1.005", "1", "1.01", "1", "2"),
        ("1.004999", "1", "1", "1", "2"),
        ("0.125", "0", "0.13", "0", "1"),
    ] {
        let result = run(&r, &json!({"x": x}));
        assert_eq!(
            [value(&result, "r0"), value(&result, "r2"), value(&result, "f"), value(&result, "c")],
            [json!(r0), json!(r2), json!(f), json!(c)],
            "x = {x}"
        );
        assert_eq!(value(&result, "plain"), json!(dec(x).normalize().to_string()), "no rounding without a rule");
    }
}

#[test]
fn round_places_written_with_a_fraction_are_read_by_value() {
    let text = "ruleset x \"X\" {\n  input x \"X\": number\n  let r = round(x, 2.0)\n  outcome o \"O\" {\n    t \"T\" when r >= 0\n    u \"U\" otherwise\n  }\n}";
    // Either `2.0` means two places, or it is refused; never twenty.
    if let Ok(rules) = RuleSet::compile("x.tieuchi", text) {
        assert_eq!(value(&run(&rules, &json!({"x": "1.23456"})), "r"), json!("1.23"));
    }
}

#[test]
fn a_rounding_policy_rounds_computed_scores() {
    let r = rules("  rounding half_up 1\n  input x \"X\": number\n  score s \"S\" max 100 = x / 3");
    assert_eq!(value(&run(&r, &json!({"x": 10})), "s"), json!("3.3"));
    assert_eq!(value(&run(&r, &json!({"x": "0.25"})), "s"), json!("0.1"));
    assert_eq!(value(&run(&r, &json!({"x": "0.45"})), "s"), json!("0.2"));
    let r = rules("  rounding half_even 0\n  input x \"X\": number\n  score s \"S\" max 100 = x");
    assert_eq!(value(&run(&r, &json!({"x": "2.5"})), "s"), json!("2"));
    assert_eq!(value(&run(&r, &json!({"x": "3.5"})), "s"), json!("4"));
}

#[test]
fn scale_is_linear_between_its_points_and_clamped_outside() {
    let r = rules("  input p \"P\": percent\n  let up = scale(p, 80% -> 0, 100% -> 10)\n  let down = scale(p, 80% -> 10, 100% -> 0)");
    for (p, up, down) in [
        ("0%", "0", "10"),
        ("80%", "0", "10"),
        ("85%", "2.5", "7.5"),
        ("90%", "5", "5"),
        ("99%", "9.5", "0.5"),
        ("100%", "10", "0"),
    ] {
        let result = run(&r, &json!({"p": p}));
        assert_eq!((value(&result, "up"), value(&result, "down")), (json!(up), json!(down)), "p = {p}");
    }
    let r = rules("  input x \"X\": number\n  let reversed_points = scale(x, 100 -> 10, 0 -> 0)");
    assert_eq!(value(&run(&r, &json!({"x": 150})), "reversed_points"), json!("10"));
    assert_eq!(value(&run(&r, &json!({"x": -5})), "reversed_points"), json!("0"));
    assert_eq!(value(&run(&r, &json!({"x": 25})), "reversed_points"), json!("2.5"));
}

#[test]
fn min_max_clamp_abs() {
    let r = rules(
        "  input x \"X\": number\n  let lo = min(x, 3, 7)\n  let hi = max(x, 3, 7)\n  let cl = clamp(x, 0, 5)\n  let ab = abs(x)",
    );
    let result = run(&r, &json!({"x": "-2.5"}));
    assert_eq!(
        [value(&result, "lo"), value(&result, "hi"), value(&result, "cl"), value(&result, "ab")],
        [json!("-2.5"), json!("7"), json!("0"), json!("2.5")]
    );
}

#[test]
fn a_computed_score_is_held_to_its_range_and_says_so() {
    let r = rules("  input x \"X\": number\n  score s \"S\" max 10 = x");
    let result = run(&r, &json!({"x": 12}));
    assert_eq!(value(&result, "s"), json!("10"));
    let finding = result.findings.iter().find(|f| f.code == "score-clamped").expect("a score-clamped finding");
    assert_eq!(finding.fields, ["s"]);
    let result = run(&r, &json!({"x": -3}));
    assert_eq!(value(&result, "s"), json!("0"));
    let result = run(&r, &json!({"x": 7}));
    assert!(result.findings.is_empty(), "{:?}", result.findings);
}

// --- 2. Typed evidence: missing is not false -----------------------------------------------------

#[test]
fn a_missing_required_input_leaves_the_result_not_determinable_and_is_named() {
    let r = common::compile_fixture(&common::fixture("eval/cong_chuc.tieuchi"));
    let evaluation = r.evaluate(&json!({"tieu_chi_chung": 28, "ket_qua_nhiem_vu": 67}), &Options::default()).unwrap();
    assert_eq!(evaluation.status(), Status::NotDeterminable);
    assert_eq!(evaluation.tier(), None);
    assert_eq!(evaluation.missing_fields(), ["suy_thoai"]);
    let wire = evaluation.to_wire();
    assert!(wire.outcome.is_none());
    let finding = wire.findings.iter().find(|f| f.code == "missing-evidence").unwrap();
    assert_eq!(finding.fields, ["suy_thoai"]);
}

#[test]
fn false_and_missing_is_false_so_it_does_not_block() {
    let r = rules(
        "  input a \"A\": bool\n  input b \"B\": bool\n  let and_ = a and b\n  let or_ = a or b\n  let not_ = not b\n  let if_ = if b then 1 else 1\n  let if_differs = if b then 1 else 2\n  outcome o \"O\" {\n    t \"T\" when a and b\n    u \"U\" otherwise\n  }",
    );
    let result = run(&r, &json!({"a": false}));
    assert_eq!(result.status, Status::Rated);
    assert_eq!(tier(&result).as_deref(), Some("u"));
    assert_eq!(value(&result, "and_"), json!(false));
    assert_eq!(value(&result, "or_"), Json::Null);
    assert_eq!(value(&result, "not_"), Json::Null);
    assert_eq!(value(&result, "if_"), json!("1"), "both branches agree, so the value is known");
    assert_eq!(value(&result, "if_differs"), Json::Null);
    let result = run(&r, &json!({"a": true}));
    assert_eq!(result.status, Status::NotDeterminable);
    assert_eq!(value(&result, "or_"), json!(true));
    assert_eq!(value(&result, "and_"), Json::Null);
}

#[test]
fn a_missing_value_below_a_decided_tier_does_not_block() {
    // The first tier holds; the second tier's missing input is never needed.
    let r = rules(
        "  input a \"A\": number\n  input b \"B\": number\n  outcome o \"O\" {\n    t \"T\" when a >= 1\n    v \"V\" when b >= 1\n    u \"U\" otherwise\n  }",
    );
    assert_eq!(tier(&run(&r, &json!({"a": 5}))).as_deref(), Some("t"));
    let result = run(&r, &json!({"a": 0}));
    assert_eq!(result.status, Status::NotDeterminable);
    assert_eq!(result.findings[0].fields, ["b"]);
}

#[test]
fn defaults_are_used_when_absent() {
    let r = rules(
        "  input a \"A\": bool default true\n  input n \"N\": number in 0..10 default 7.5\n  input p \"P\": percent default 80%\n  input d \"D\": date default 2026-01-01\n  input t \"T\": text default \"Hà Nội\"\n  let all_ = a and n = 7.5 and p = 0.8 and d = 2026-01-01 and t = \"Hà Nội\"",
    );
    assert_eq!(value(&run(&r, &json!({})), "all_"), json!(true));
    assert_eq!(value(&run(&r, &json!({"a": null})), "all_"), json!(true), "null is absent");
    assert_eq!(value(&run(&r, &json!({"n": 1})), "all_"), json!(false), "given values win over defaults");
}

#[test]
fn optional_absent_is_none_and_orders_below_every_value() {
    let r = rules(
        "  enum kl \"KL\" ordered {\n    khien_trach \"Khiển trách\"\n    canh_cao \"Cảnh cáo\"\n  }\n  input k \"K\": optional kl\n  input n \"N\": optional number\n  let from_reprimand = k >= khien_trach\n  let below_reprimand = k < khien_trach\n  let is_none = k = none\n  let n_below_zero = n < -1000000\n  let n_none = n = none",
    );
    let result = run(&r, &json!({}));
    assert_eq!(result.status, Status::Rated, "an absent optional is not missing");
    assert_eq!(
        [value(&result, "from_reprimand"), value(&result, "below_reprimand"), value(&result, "is_none")],
        [json!(false), json!(true), json!(true)]
    );
    assert_eq!((value(&result, "n_below_zero"), value(&result, "n_none")), (json!(true), json!(true)));
    let result = run(&r, &json!({"k": "canh_cao", "n": 5}));
    assert_eq!(
        [value(&result, "from_reprimand"), value(&result, "below_reprimand"), value(&result, "is_none")],
        [json!(true), json!(false), json!(false)]
    );
}

#[test]
fn a_missing_field_of_a_member_is_named() {
    let r = rules(
        "  input tv \"TV\": list of {\n    dat: bool\n  }\n  outcome o \"O\" {\n    t \"T\" when all(tv, dat)\n    u \"U\" otherwise\n  }",
    );
    let evaluation = r.evaluate(&json!({"tv": [{"dat": true}, {}]}), &Options::default()).unwrap();
    assert_eq!(evaluation.status(), Status::NotDeterminable);
    let missing = evaluation.missing_fields();
    assert!(!missing.is_empty(), "nothing named as missing");
    assert!(missing.iter().any(|m| m.contains("tv")), "{missing:?}");
}

// --- 3. Ordered tiers, first match wins ---------------------------------------------------------

#[test]
fn tiers_are_tried_top_down_and_extra_conditions_fall_through() {
    let r = common::compile_fixture(&common::fixture("eval/cdcs.tieuchi"));
    let result = run(&r, &json!({"tieu_chuan_1": 35, "tieu_chuan_2": 25, "ty_le_tu_hoc": "100%", "tieu_chuan_4": 7}));
    assert_eq!(tier(&result).as_deref(), Some("kha"));
    assert_eq!(value(&result, "tong"), json!("92"));
    // The trace says why not the tier above: its second condition failed.
    let above = &result.trace[0];
    assert_eq!(above.rule, "xep_loai.vung_manh");
    assert_eq!(above.holds, Some(false));
    let holds: Vec<Option<bool>> = above.conditions.iter().map(|c| c.holds).collect();
    assert_eq!(holds, [Some(true), Some(false)]);
    assert_eq!(above.conditions[1].condition, "thap_nhat >= 50%");
}

#[test]
fn ordered_enums_compare_by_declaration_order() {
    let r = rules(
        "  enum m \"M\" ordered {\n    thap \"Thấp\"\n    vua \"Vừa\"\n    cao \"Cao\"\n  }\n  input a \"A\": m\n  let ge_vua = a >= vua\n  let gt_vua = a > m.vua\n  let lt_cao = a < cao\n  let eq = a = vua",
    );
    for (a, ge, gt, lt, eq) in
        [("thap", false, false, true, false), ("vua", true, false, true, true), ("cao", true, true, false, false)]
    {
        let result = run(&r, &json!({"a": a}));
        assert_eq!(
            [value(&result, "ge_vua"), value(&result, "gt_vua"), value(&result, "lt_cao"), value(&result, "eq")],
            [json!(ge), json!(gt), json!(lt), json!(eq)],
            "a = {a}"
        );
    }
}

#[test]
fn dates_and_texts_compare() {
    let r = rules(
        "  input d \"D\": date\n  input t \"T\": text\n  let after = d > 2025-12-31\n  let same_text = t = \"Hà Nội\"",
    );
    // "Hà Nội" with a decomposed `à` (a + U+0300) and `ộ` equals the composed spelling in the rule.
    let decomposed = "Ha\u{300} N\u{1ed9}i".replace('\u{1ed9}', "o\u{323}\u{302}");
    let result = run(&r, &json!({"d": "2026-01-01", "t": decomposed}));
    assert_eq!((value(&result, "after"), value(&result, "same_text")), (json!(true), json!(true)));
    let result = run(&r, &json!({"d": "2025-12-31", "t": "Hà Tĩnh"}));
    assert_eq!((value(&result, "after"), value(&result, "same_text")), (json!(false), json!(false)));
}

// --- 4. Knock-outs and caps beat scores ---------------------------------------------------------

fn adjustments() -> RuleSet {
    common::compile_fixture(&common::fixture("eval/cong_chuc.tieuchi"))
}

fn decided(r: &RuleSet, extra: &Json) -> (Status, Option<String>, Option<String>) {
    let mut evidence = json!({"tieu_chi_chung": 28, "ket_qua_nhiem_vu": 67, "suy_thoai": false});
    for (k, v) in extra.as_object().unwrap() {
        evidence[k] = v.clone();
    }
    let result = run(r, &evidence);
    (result.status, tier(&result), result.outcome.map(|o| o.decided_by.to_string()))
}

#[test]
fn exclude_beats_force_beats_cap_beats_score() {
    let r = adjustments();
    let rated = |t: &str, by: &str| (Status::Rated, Some(t.to_owned()), Some(by.to_owned()));
    assert_eq!(decided(&r, &json!({})), rated("htxs", "score"));
    assert_eq!(decided(&r, &json!({"moi_tuyen_dung": true})), rated("htt", "cap"));
    assert_eq!(decided(&r, &json!({"moi_tuyen_dung": true, "suy_thoai": true})), rated("kht", "force"));
    assert_eq!(
        decided(&r, &json!({"moi_tuyen_dung": true, "suy_thoai": true, "so_thang_cong_tac": 2})),
        (Status::NotRated, None, None)
    );
}

#[test]
fn every_rule_that_fires_is_in_the_result() {
    let r = adjustments();
    let evidence = json!({"tieu_chi_chung": 28, "ket_qua_nhiem_vu": 67, "suy_thoai": true, "moi_tuyen_dung": true,
        "ky_luat_trong_nam": "khien_trach", "so_thang_cong_tac": 2});
    let result = run(&r, &evidence);
    let fired: Vec<(String, Option<bool>)> = result.findings.iter().map(|f| (f.code.to_string(), f.applied)).collect();
    assert_eq!(
        fired,
        [
            ("exclusion".to_owned(), Some(true)),
            ("knockout".to_owned(), Some(false)),
            ("knockout".to_owned(), Some(false)),
            ("cap".to_owned(), Some(false)),
        ]
    );
    let exclusion = &result.findings[0];
    assert_eq!(exclusion.source.as_deref(), Some("Điều 2"));
    assert_eq!(exclusion.rule, "cong_chuc.tieuchi:35:3");
}

#[test]
fn not_rated_is_distinct_from_the_lowest_tier() {
    let r = adjustments();
    let evaluation = r.evaluate(&json!({"so_thang_cong_tac": 1}), &Options::default()).unwrap();
    assert_eq!(evaluation.status(), Status::NotRated);
    assert_eq!(evaluation.tier(), None);
    assert_eq!(serde_json::to_value(evaluation.status()).unwrap(), json!("not rated"));
}

#[test]
fn a_cap_lowers_but_never_raises() {
    let r = adjustments();
    for (points, expected) in [((28, 67), "htt"), ((25, 50), "htt"), ((20, 40), "htnv"), ((10, 20), "kht")] {
        let (status, t, by) =
            decided(&r, &json!({"tieu_chi_chung": points.0, "ket_qua_nhiem_vu": points.1, "moi_tuyen_dung": true}));
        assert_eq!((status, t.as_deref()), (Status::Rated, Some(expected)), "{points:?}");
        // Only the record the cap moved is decided by it.
        assert_eq!(by.as_deref(), Some(if points == (28, 67) { "cap" } else { "score" }), "{points:?}");
    }
}

#[test]
fn the_lowest_of_several_caps_applies() {
    let r = rules(
        "  input x \"X\": number\n  input a \"A\": bool\n  input b \"B\": bool\n  outcome o \"O\" {\n    t1 \"1\" when x >= 90\n    t2 \"2\" when x >= 70\n    t3 \"3\" when x >= 50\n    t4 \"4\" otherwise\n  }\n  cap t3 when b\n  cap t2 when a",
    );
    let result = run(&r, &json!({"x": 95, "a": true, "b": true}));
    assert_eq!(tier(&result).as_deref(), Some("t3"));
    let result = run(&r, &json!({"x": 95, "a": true, "b": false}));
    assert_eq!(tier(&result).as_deref(), Some("t2"));
}

#[test]
fn a_knock_out_decides_even_when_the_score_is_missing() {
    let r = adjustments();
    let evaluation = r.evaluate(&json!({"suy_thoai": true}), &Options::default()).unwrap();
    assert_eq!(evaluation.tier(), Some("kht"));
}

#[test]
fn an_undecided_knock_out_to_another_tier_blocks_the_result() {
    let r = adjustments();
    // 95 points would be htxs, but a leader's unit's corruption is unknown: it could force kht.
    let evaluation = r
        .evaluate(
            &json!({"tieu_chi_chung": 28, "ket_qua_nhiem_vu": 67, "suy_thoai": false, "la_lanh_dao": true}),
            &Options::default(),
        )
        .unwrap();
    assert_eq!(evaluation.status(), Status::NotDeterminable);
    assert_eq!(evaluation.missing_fields(), ["don_vi_tham_nhung"]);
    // At 40 points the ladder gives kht anyway, so the unknown knock-out cannot change it.
    let evaluation = r
        .evaluate(
            &json!({"tieu_chi_chung": 10, "ket_qua_nhiem_vu": 30, "suy_thoai": false, "la_lanh_dao": true}),
            &Options::default(),
        )
        .unwrap();
    assert_eq!(evaluation.tier(), Some("kht"));
}

// --- 5. Population rules on a single record -----------------------------------------------------

#[test]
fn a_single_record_reports_that_a_quota_may_still_apply() {
    let r = adjustments();
    let result = run(&r, &json!({"tieu_chi_chung": 28, "ket_qua_nhiem_vu": 67, "suy_thoai": false}));
    let quota = result.findings.iter().find(|f| f.code == "quota-pending").expect("a pending quota");
    assert_eq!(quota.applied, Some(false));
    assert_eq!(quota.tier.as_deref(), Some("htt"));
    let result = run(&r, &json!({"tieu_chi_chung": 20, "ket_qua_nhiem_vu": 55, "suy_thoai": false}));
    assert!(result.findings.iter().all(|f| f.code != "quota-pending"), "only htxs records are subject to the quota");
}

// --- 6. History --------------------------------------------------------------------------------

fn history() -> RuleSet {
    rules(
        "  input ls \"LS\": history of { dat: bool }\n  let chuoi = streak(ls, dat)\n  let gan_day = count(ls, dat) in last 3 years\n  let nam_nam = count(ls, dat) in last 5 years\n  let tat_ca = count(ls)",
    )
}

/// A history of `(year, dat)` records as evidence.
fn years(ys: &[(i32, bool)]) -> Json {
    json!(ys.iter().map(|(y, d)| json!({"year": y, "dat": d})).collect::<Vec<_>>())
}

#[test]
fn a_missing_year_breaks_a_streak() {
    // Evaluated in 2026: the streak counts back from 2025, the year before the evaluation year,
    // whatever records there are; the window of `in last 3 years` is 2023–2025.
    let r = history();
    for (ls, streak, recent) in [
        (years(&[(2025, true), (2024, true), (2023, true)]), "3", "3"),
        (years(&[(2025, true), (2023, true), (2022, true)]), "1", "2"),
        (years(&[(2023, true), (2025, true), (2024, false)]), "1", "2"),
        // No record of 2025: the streak is 0, not counted from 2024.
        (years(&[(2024, true), (2023, true)]), "0", "2"),
        // The evaluation year's own record is not part of the history read.
        (years(&[(2026, true), (2025, true)]), "1", "1"),
        (years(&[]), "0", "0"),
    ] {
        let result = run(&r, &json!({"ls": ls, "on": "2026-05-01"}));
        assert_eq!((value(&result, "chuoi"), value(&result, "gan_day")), (json!(streak), json!(recent)), "{ls}");
    }
}

#[test]
fn a_false_record_for_the_evaluation_year_counts_as_no_record() {
    // Issue 15: adding `{year: 2026, dat: false}` changed a 5-year count from 2 to 1 (the window
    // moved when the evaluation year had a record). Evaluated in 2026 the window is 2021–2025
    // either way: the evaluation year's record, true or false, is not part of it.
    let r = history();
    let without = run(&r, &json!({"on": "2026-05-01", "ls": years(&[(2025, true), (2022, true), (2020, true)])}));
    let with =
        run(&r, &json!({"on": "2026-05-01", "ls": years(&[(2026, false), (2025, true), (2022, true), (2020, true)])}));
    for result in [&without, &with] {
        assert_eq!(value(result, "nam_nam"), json!("2"), "2025 and 2022 are in 2021–2025; 2020 is not");
        assert_eq!(value(result, "chuoi"), json!("1"), "2025, then 2024 is missing");
    }
    assert_eq!((value(&without, "tat_ca"), value(&with, "tat_ca")), (json!("3"), json!("4")));
}

#[test]
fn records_of_the_evaluation_year_and_after_are_outside_windows_and_streaks() {
    let r = history();
    let ls = years(&[(2028, true), (2027, true), (2026, true), (2025, true), (2024, true), (2021, true)]);
    let result = run(&r, &json!({"on": "2026-05-01", "ls": ls}));
    assert_eq!(value(&result, "chuoi"), json!("2"), "2025 and 2024; 2026 and later are not history");
    assert_eq!(value(&result, "gan_day"), json!("2"), "2023–2025 holds 2024 and 2025");
    assert_eq!(value(&result, "nam_nam"), json!("3"), "2021–2025 holds 2021, 2024 and 2025");
    assert_eq!(value(&result, "tat_ca"), json!("6"), "a count without a window reads every record");
}

#[test]
fn the_evaluation_date_anchors_history_windows() {
    let r = history();
    let ls = json!([{"year": 2025, "dat": true}, {"year": 2024, "dat": true}, {"year": 2020, "dat": true}]);
    let options = Options { on: Some("2021-06-01".parse().unwrap()), trace: false, ..Default::default() };
    let evaluation = r.evaluate(&json!({"ls": ls}), &options).unwrap();
    let wire = evaluation.to_wire();
    assert_eq!(wire.values.get("gan_day"), Some(&json!("1")), "only 2020 is within three years of 2021");
    // A date in the record wins over the option.
    let evaluation = r.evaluate(&json!({"ls": ls, "on": "2026-01-01"}), &options).unwrap();
    assert_eq!(evaluation.to_wire().values.get("gan_day"), Some(&json!("2")));
}

#[test]
fn without_a_date_windows_and_streaks_are_unknown_and_the_date_is_named() {
    let r = rules(
        "  input ls \"LS\": history of { dat: bool }\n  let chuoi = streak(ls, dat)\n  let gan_day = count(ls, dat) in last 3 years\n  let tat_ca = count(ls, dat)\n  outcome o \"O\" {\n    ba_nam \"Ba năm liền\" when chuoi >= 3\n    hai_lan \"Hai lần trong ba năm\" when gan_day >= 2\n    khac \"Khác\" otherwise\n  }",
    );
    let ls = years(&[(2025, true), (2024, true), (2023, true)]);
    let undated = r.evaluate(&json!({"ls": ls}), &Options::default()).unwrap();
    assert_eq!(undated.status(), Status::NotDeterminable, "not counted from the newest record");
    assert_eq!(undated.missing_fields(), ["on"]);
    let wire = undated.to_wire();
    assert_eq!((value(&wire, "chuoi"), value(&wire, "gan_day")), (Json::Null, Json::Null), "unknown");
    assert_eq!(wire.values.get("tat_ca"), Some(&json!("3")), "a count without a window needs no date");
    let dated = r.evaluate(&json!({"ls": ls, "on": "2026-01-10"}), &Options::default()).unwrap();
    assert_eq!(dated.tier(), Some("ba_nam"));
}

// --- 9. Arithmetic without an exact answer -------------------------------------------------------

#[test]
fn division_by_zero_is_an_error_at_the_expression() {
    let r = rules("  input a \"A\": number\n  input b \"B\": number\n  let q = a / b");
    let Err(EvaluateError::Eval(e)) = r.evaluate(&json!({"a": 1, "b": 0}), &Options::default()) else {
        panic!("no error");
    };
    assert_eq!(e.code, EvalErrorKind::DivisionByZero);
    assert_eq!(e.code.as_str(), "eval::division-by-zero");
    assert_eq!(e.location.to_string(), "test.tieuchi:4:11");
    assert!(e.expression.starts_with("a / b"), "{:?}", e.expression);
    assert!(!e.help.is_empty());
    assert_eq!(e.to_string(), "test.tieuchi:4:11: division by zero");
}

#[test]
fn an_evaluation_error_quotes_exactly_its_expression() {
    let r = rules("  input a \"A\": number\n  input b \"B\": number\n  let q = a / b");
    let Err(EvaluateError::Eval(e)) = r.evaluate(&json!({"a": 1, "b": 0}), &Options::default()) else {
        panic!("no error");
    };
    assert_eq!(e.expression, "a / b");
}

#[test]
fn overflow_is_an_error_at_the_expression() {
    let r = rules("  input a \"A\": number\n  let big = a * a * a");
    let Err(EvaluateError::Eval(e)) = r.evaluate(&json!({"a": "99999999999999999999"}), &Options::default()) else {
        panic!("no error");
    };
    assert_eq!(e.code, EvalErrorKind::Overflow);
    assert_eq!(e.location.line, 3);
    assert!(e.expression.starts_with("a * a"), "{}", e.expression);
}

#[test]
fn an_aggregate_of_an_empty_list_that_has_no_value_is_an_error() {
    let r = rules("  input tv \"TV\": list of { d: number }\n  let m = mean(tv, d)");
    let Err(EvaluateError::Eval(e)) = r.evaluate(&json!({"tv": []}), &Options::default()) else { panic!("no error") };
    assert_eq!(e.code, EvalErrorKind::EmptyCollection);
    let r = rules("  input tv \"TV\": list of { d: number }\n  let s = sum(tv, d)\n  let n = count(tv)");
    let result = run(&r, &json!({"tv": []}));
    assert_eq!((value(&result, "s"), value(&result, "n")), (json!("0"), json!("0")));
}

/// The `inexact-division` findings of a result: (the division's location, the values it reached).
fn inexact(result: &ResultRecord<'_>) -> Vec<(String, Vec<String>)> {
    result
        .findings
        .iter()
        .filter(|f| f.code == "inexact-division")
        .map(|f| (f.rule.to_string(), f.fields.iter().map(ToString::to_string).collect()))
        .collect()
}

/// Issue 11, defect 7: `1 / 3` was rounded to 28 digits and shown as if exact. The value is still
/// the nearest decimal, but the result says that it is not exact, naming the division and the
/// values it reached.
#[test]
fn inexact_division_is_reported_not_silently_rounded() {
    let r = rules(
        "  input a \"A\": number\n  input b \"B\": number in 1..100\n  let ty_le = a / b\n  score s \"S\" max 100 = ty_le * 10\n  score t \"T\" max 100 = a / b",
    );
    let result = run(&r, &json!({"a": 1, "b": 3}));
    assert_eq!(value(&result, "ty_le"), json!("0.3333333333333333333333333333"));
    assert_eq!(value(&result, "s"), json!("3.333333333333333333333333333"));
    assert_eq!(
        inexact(&result),
        [
            ("test.tieuchi:4:15".to_owned(), vec!["ty_le".to_owned(), "s".to_owned()]),
            ("test.tieuchi:6:25".to_owned(), vec!["t".to_owned()]),
        ]
    );
    let finding = result.findings.iter().find(|f| f.code == "inexact-division").unwrap();
    assert!(finding.label.contains("`a / b`") && finding.label.contains("0.3333"), "{}", finding.label);
    // The same rule set with a quotient that ends says nothing.
    assert!(inexact(&run(&r, &json!({"a": 1, "b": 8}))).is_empty());
    // `mean` and `share` divide too.
    let r = rules(
        "  input tv \"TV\": list of { d: number\n    ok: bool }\n  let m = mean(tv, d)\n  let phan = share(tv, ok)",
    );
    let result = run(&r, &json!({"tv": [{"d": 1, "ok": true}, {"d": 1, "ok": false}, {"d": 2, "ok": false}]}));
    assert_eq!(inexact(&result).iter().map(|(_, f)| f.join(",")).collect::<Vec<_>>(), ["m", "phan"]);
    let result = run(&r, &json!({"tv": [{"d": 1, "ok": true}, {"d": 2, "ok": false}]}));
    assert!(inexact(&result).is_empty(), "1.5 and 50% are exact");
}

#[test]
fn an_exact_division_stays_exact() {
    let r = rules("  input a \"A\": number\n  input b \"B\": number\n  let q = a / b");
    for (a, b, q) in [
        ("1", "8", "0.125"),
        ("17.5", "35", "0.5"),
        ("6.75", "-15", "-0.45"),
        ("100", "0.01", "10000"),
        ("1", "1024", "0.0009765625"),
        ("0", "7", "0"),
        ("12345678901234567890123456.78", "2", "6172839450617283945061728.39"),
    ] {
        let result = run(&r, &json!({"a": a, "b": b}));
        assert_eq!(value(&result, "q"), json!(q), "{a} / {b}");
        assert!(result.findings.is_empty(), "{a} / {b}: {:?}", result.findings);
    }
    // A quotient that ends, but only after more digits than a decimal holds, is not exact.
    let result = run(&r, &json!({"a": "99999999999999999999999999.99", "b": "8"}));
    assert_eq!(inexact(&result).len(), 1);
}

#[test]
fn a_division_the_rule_rounds_or_only_compares_is_not_reported() {
    let r = rules(
        "  input a \"A\": number\n  input b \"B\": number in 1..100\n  let r2 = round(a / b, 2)\n  let f = floor(a / b * 10)\n  let c = ceil(a / b)\n  let lo = min(a / b, 0.2)\n  let cl = clamp(a / b * 10, 0, 1)\n  let half = a / b >= 50%\n  let ba = if a / b < 0.5 then 1 else 2\n  outcome o \"O\" {\n    t \"T\" when a / b > 30%\n    u \"U\" otherwise\n  }",
    );
    let result = run(&r, &json!({"a": 1, "b": 3}));
    assert_eq!(
        ["r2", "f", "c", "lo", "cl", "half", "ba"].map(|n| value(&result, n)),
        [json!("0.33"), json!("3"), json!("1"), json!("0.2"), json!("1"), json!(false), json!("1")]
    );
    assert_eq!(tier(&result).as_deref(), Some("t"));
    assert!(result.findings.is_empty(), "{:?}", result.findings);
    // The rule set's `rounding` rounds computed scores, which settles their quotients too.
    let r = rules("  rounding half_up 1\n  input x \"X\": number\n  score s \"S\" max 100 = x / 3");
    let result = run(&r, &json!({"x": 10}));
    assert_eq!(value(&result, "s"), json!("3.3"));
    assert!(result.findings.is_empty(), "{:?}", result.findings);
    // A score clamped to its max is exact whatever the quotient was.
    let r = rules("  input x \"X\": number\n  score s \"S\" max 1 = x / 3");
    let result = run(&r, &json!({"x": 10}));
    assert_eq!(value(&result, "s"), json!("1"));
    assert_eq!(result.findings.iter().map(|f| f.code.as_ref()).collect::<Vec<_>>(), ["score-clamped"]);
}

#[test]
fn a_rounding_or_a_comparison_too_close_to_tell_is_still_reported() {
    // 1 / 3 × 3 is 1 exactly, but its decimal is 0.999…: `floor` and `>= 1` would get it wrong.
    let r = rules(
        "  input a \"A\": number\n  input b \"B\": number in 1..100\n  let f = floor(a / b * b)\n  let r = round(a / b * b, 2)\n  outcome o \"O\" {\n    t \"T\" when a / b * b >= 1\n    u \"U\" otherwise\n  }",
    );
    let result = run(&r, &json!({"a": 1, "b": 3}));
    assert_eq!((value(&result, "f"), value(&result, "r")), (json!("0"), json!("1")));
    let found = inexact(&result);
    assert_eq!(found.len(), 2, "{found:?}");
    assert_eq!(found[0].1, ["f"], "`round(…, 2)` settles it: 0.999… is far from a step of 0.005");
    let condition = result.findings.iter().filter(|f| f.code == "inexact-division").nth(1).unwrap();
    assert!(condition.label.contains("a / b * b >= 1"), "{}", condition.label);
    assert!(condition.fields.is_empty());
    // A share compared with a bound it could equal is noted; a share far from it is not.
    let r = rules(
        "  input tv \"TV\": list of { ok: bool }\n  outcome o \"O\" {\n    t \"T\" when share(tv, ok) >= 33.33333333333333333333333333%\n    u \"U\" otherwise\n  }",
    );
    let members = json!({"tv": [{"ok": true}, {"ok": false}, {"ok": false}]});
    assert_eq!(inexact(&run(&r, &members)).len(), 1);
    let r = rules("  input tv \"TV\": list of { ok: bool }\n  outcome o \"O\" {\n    t \"T\" when share(tv, ok) > 50%\n    u \"U\" otherwise\n  }");
    assert!(inexact(&run(&r, &members)).is_empty());
    let unknown = json!({"tv": [{"ok": true}, {"ok": true}, {}]});
    let result = run(&r, &unknown);
    assert_eq!(tier(&result).as_deref(), Some("t"), "2 of 3 known is over half whatever the third");
    assert!(inexact(&result).is_empty());
}

#[test]
fn scale_multiplies_before_it_divides() {
    let r = rules(
        "  input x \"X\": number\n  let thirds = scale(x, 0 -> 0, 3 -> 3)\n  let tenths = scale(x, 0 -> 0, 3 -> 1)",
    );
    let result = run(&r, &json!({"x": 1}));
    assert_eq!(value(&result, "thirds"), json!("1"), "not 3 × 0.333…");
    assert!(inexact(&result).iter().all(|(_, fields)| fields == &["tenths"]), "{:?}", result.findings);
    assert_eq!(inexact(&result).len(), 1);
}

// --- 8. Results carry their reasons ---------------------------------------------------------------

#[test]
fn the_trace_shows_each_condition_as_written() {
    let r = rules(
        "  input tv \"TV\": list of { d: bool }\n  input a \"A\": bool\n  outcome o \"O\" {\n    t \"T\" when a and\n      all(tv, d)\n    u \"U\" otherwise\n  }",
    );
    let result = run(&r, &json!({"a": true, "tv": [{"d": true}]}));
    let texts: Vec<&str> = result.trace[0].conditions.iter().map(|c| c.condition.as_ref()).collect();
    assert_eq!(texts, ["a", "all(tv, d)"]);
}

#[test]
fn the_trace_leaves_out_comments_after_a_condition() {
    let r = rules(
        "  input tv \"TV\": list of { d: bool }\n  input a \"A\": bool\n  outcome o \"O\" {\n    t \"T\" when all(tv, d) # mọi thành viên\n    v \"V\" when a # ghi chú\n    u \"U\" otherwise\n  }",
    );
    let result = run(&r, &json!({"a": true, "tv": [{"d": false}]}));
    let texts: Vec<&str> =
        result.trace.iter().flat_map(|s| s.conditions.iter().map(|c| c.condition.as_ref())).collect();
    assert_eq!(texts, ["all(tv, d)", "a"]);
}

#[test]
fn the_evaluation_year_can_be_read_and_is_unknown_without_a_date() {
    let r = rules(
        "  input nam_dang_ky \"Năm đăng ký\": integer in 2000..2100\n  let so_nam = evaluation_year - nam_dang_ky\n  outcome o \"O\" {\n    du \"Đủ hai năm\" when so_nam >= 2\n    chua \"Chưa\" otherwise\n  }",
    );
    let dated = r.evaluate(&json!({"nam_dang_ky": 2015, "on": "2017-03-01"}), &Options::default()).unwrap();
    assert_eq!(dated.tier(), Some("du"));
    assert_eq!(value(&dated.to_wire(), "so_nam"), json!("2"));
    let undated = r.evaluate(&json!({"nam_dang_ky": 2015}), &Options::default()).unwrap();
    assert_eq!(undated.status(), Status::NotDeterminable);
    // The date is what is missing, named as the evidence names it.
    assert_eq!(undated.missing_fields(), ["on"]);
    let neither = r.evaluate(&json!({}), &Options::default()).unwrap();
    assert_eq!(neither.missing_fields(), ["nam_dang_ky", "on"]);
    // A date given as an option counts as well as the record's own.
    let by_option =
        r.evaluate(&json!({}), &Options { on: "2017-03-01".parse().ok(), trace: false, ..Default::default() }).unwrap();
    assert_eq!(by_option.missing_fields(), ["nam_dang_ky"]);
}

/// Every list of up to four members, each holding, not holding or unknown.
fn member_lists() -> Vec<Vec<Option<bool>>> {
    let mut lists = vec![Vec::new()];
    let mut all = Vec::new();
    for _ in 0..4 {
        lists = lists
            .into_iter()
            .flat_map(|l: Vec<Option<bool>>| {
                [Some(true), Some(false), None].into_iter().map(move |m| {
                    let mut l = l.clone();
                    l.push(m);
                    l
                })
            })
            .collect();
        all.extend(lists.iter().cloned());
    }
    all
}

fn members_json(list: &[Option<bool>]) -> Json {
    Json::Array(list.iter().map(|m| m.map_or_else(|| json!({}), |d| json!({ "d": d }))).collect())
}

#[test]
fn a_count_or_share_with_unknown_members_is_known_when_every_completion_agrees() {
    // Sound: a known answer is the answer of every way of filling in the unknown members.
    // Precise for the ordering comparisons: unknown only when two completions disagree.
    for (agg, bounds) in [("count", ["0", "1", "2", "3", "4"]), ("share", ["0%", "25%", "50%", "70%", "100%"])] {
        for op in ["<", "<=", ">", ">=", "=", "!="] {
            for bound in bounds {
                let r = rules(&format!(
                    "  input tv \"TV\": list of {{ d \"D\": bool }}\n  outcome o \"O\" {{\n    t \"T\" when {agg}(tv, d) {op} {bound}\n    f \"F\" otherwise\n  }}"
                ));
                for list in member_lists() {
                    let result = r.evaluate(&json!({ "tv": members_json(&list) }), &Options::default()).unwrap();
                    let unknown: Vec<usize> = (0..list.len()).filter(|&i| list[i].is_none()).collect();
                    let completions: Vec<Option<String>> = (0..1u32 << unknown.len())
                        .map(|bits| {
                            let mut filled = list.clone();
                            for (k, &i) in unknown.iter().enumerate() {
                                filled[i] = Some(bits & (1 << k) != 0);
                            }
                            r.evaluate(&json!({ "tv": members_json(&filled) }), &Options::default())
                                .unwrap()
                                .tier()
                                .map(str::to_owned)
                        })
                        .collect();
                    let agree = completions.windows(2).all(|w| w[0] == w[1]);
                    let case = format!("{agg}(tv, d) {op} {bound} over {list:?}: {completions:?}");
                    match result.tier() {
                        Some(t) => assert!(completions.iter().all(|c| c.as_deref() == Some(t)), "{case}: gave {t}"),
                        None if ["=", "!="].contains(&op) => {}
                        None => assert!(!agree, "{case}: not determinable although every completion agrees"),
                    }
                }
            }
        }
    }
}

#[test]
fn a_collective_share_is_decided_by_the_members_known() {
    // Tập thể lao động xuất sắc: ≥ 70% of members Lao động tiên tiến. 15 of 20 known to hold is
    // 75% whatever the last 5; 13 known and 5 unknown of 20 could be 65% or 90%.
    let r = rules(
        "  input tv \"Thành viên\": list of { ldtt \"LĐTT\": bool }\n  outcome o \"O\" {\n    dat \"Đạt\" when share(tv, ldtt) >= 70%\n    khong \"Không\" otherwise\n  }",
    );
    let members = |yes: usize, no: usize, unknown: usize| {
        let mut m = vec![json!({"ldtt": true}); yes];
        m.extend(vec![json!({"ldtt": false}); no]);
        m.extend(vec![json!({}); unknown]);
        json!({ "tv": m })
    };
    assert_eq!(r.evaluate(&members(15, 0, 5), &Options::default()).unwrap().tier(), Some("dat"));
    assert_eq!(r.evaluate(&members(5, 7, 8), &Options::default()).unwrap().tier(), Some("khong"));
    let open = r.evaluate(&members(13, 2, 5), &Options::default()).unwrap();
    assert_eq!(open.status(), Status::NotDeterminable);
    assert_eq!(open.missing_fields(), ["tv[15].ldtt", "tv[16].ldtt", "tv[17].ldtt", "tv[18].ldtt", "tv[19].ldtt"]);
}

#[test]
fn a_condition_after_a_false_one_is_not_the_rules_error_traced_or_not() {
    // `count(tv) > 0 and share(tv, d) > 50%`: with no member the share has no value, but `and`
    // never reaches it. Traced (every condition shown) and untraced give the same result.
    let r = rules(
        "  input tv \"TV\": list of { d \"D\": bool }\n  outcome o \"O\" {\n    t \"T\" when count(tv) > 0 and share(tv, d) > 50%\n    u \"U\" otherwise\n  }",
    );
    for options in [Options::default(), Options::traced()] {
        let result = r.evaluate(&json!({ "tv": [] }), &options).unwrap();
        assert_eq!(result.tier(), Some("u"), "trace: {}", options.trace);
    }
    let traced = run(&r, &json!({ "tv": [] }));
    let holds: Vec<Option<bool>> = traced.trace[0].conditions.iter().map(|c| c.holds).collect();
    assert_eq!(holds, [Some(false), None]);
    // In the other order the share is reached first, and its error is the rule's.
    let r = rules(
        "  input tv \"TV\": list of { d \"D\": bool }\n  outcome o \"O\" {\n    t \"T\" when share(tv, d) > 50% and count(tv) > 0\n    u \"U\" otherwise\n  }",
    );
    for options in [Options::default(), Options::traced()] {
        assert!(r.evaluate(&json!({ "tv": [] }), &options).is_err(), "trace: {}", options.trace);
    }
}
