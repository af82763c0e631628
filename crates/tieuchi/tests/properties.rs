//! Properties over generated input: the engine never panics on any text or any evidence, and
//! evaluating valid evidence always gives a declared tier with scores inside their maxima.

#![allow(clippy::indexing_slicing, clippy::panic, clippy::expect_used, clippy::unwrap_used, reason = "tests")]

mod common;

use std::sync::OnceLock;

use proptest::prelude::*;
use rust_decimal::Decimal;
use serde_json::{json, Value as Json};
use tieuchi::syntax::ast::CountBasis;
use tieuchi::{Options, RuleSet, SourceFile, Status};

/// Rule files the mutations start from.
fn seeds() -> &'static [String] {
    static SEEDS: OnceLock<Vec<String>> = OnceLock::new();
    SEEDS.get_or_init(|| {
        ["eval/cong_chuc.tieuchi", "eval/cdcs.tieuchi", "eval/tap_the.tieuchi", "syntax/ok/expressions.tieuchi"]
            .iter()
            .map(|f| common::read(&common::fixture(f)))
            .collect()
    })
}

fn fixture_rules(name: &str) -> &'static RuleSet {
    static CONG_CHUC: OnceLock<RuleSet> = OnceLock::new();
    static CDCS: OnceLock<RuleSet> = OnceLock::new();
    static TAP_THE: OnceLock<RuleSet> = OnceLock::new();
    let cell = match name {
        "cong_chuc" => &CONG_CHUC,
        "cdcs" => &CDCS,
        _ => &TAP_THE,
    };
    cell.get_or_init(|| common::compile_fixture(&common::fixture(&format!("eval/{name}.tieuchi"))))
}

/// Parsing and compiling `text` returns, whatever the text.
fn parse_and_compile(text: &str) {
    let source = SourceFile::new("p.tieuchi", text);
    let parsed = tieuchi::syntax::parse(&source);
    match RuleSet::from_source(&source) {
        Ok(rules) => {
            assert!(parsed.is_ok());
            // A rule set that compiles can be described and evaluated on empty evidence.
            let _ = (rules.schema(), rules.json_schema());
            let _ = rules.evaluate(&json!({}), &Options::traced()).map(|r| r.to_wire().into_owned());
        }
        Err(e) => {
            assert!(!e.diagnostics.is_empty(), "a compile error without diagnostics");
            for d in &e.diagnostics {
                assert!(d.span.end as usize <= text.len(), "span outside the text");
                let _ = d.render_plain();
            }
        }
    }
}

/// Words and symbols of the language, so that generated text gets past the first token.
fn token() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![
        "ruleset",
        "x",
        "\"X\"",
        "{",
        "}",
        "(",
        ")",
        "[",
        "]",
        "input",
        "let",
        "score",
        "outcome",
        "force",
        "cap",
        "exclude",
        "quota",
        "better",
        "test",
        "given",
        "expect",
        "when",
        "otherwise",
        "and",
        "or",
        "not",
        "if",
        "then",
        "else",
        "=",
        ">=",
        "<",
        "+",
        "-",
        "*",
        "/",
        ":",
        ",",
        ".",
        "->",
        "..",
        "max",
        "assessed",
        "number",
        "bool",
        "percent",
        "integer",
        "date",
        "text",
        "optional",
        "list",
        "of",
        "history",
        "in",
        "last",
        "years",
        "1",
        "0",
        "90",
        "70%",
        "2026-01-01",
        "2026-02-30",
        "99999999999999999999999999999999",
        "none",
        "true",
        "false",
        "a",
        "b",
        "all",
        "any",
        "share",
        "streak",
        "count",
        "sum",
        "mean",
        "min",
        "scale",
        "round",
        "enum",
        "ordered",
        "key",
        "default",
        "source",
        "because",
        "rounding",
        "half_up",
        "valid",
        "from",
        "until",
        "#",
        "\n",
        "\"",
        "é",
        "ộ",
    ])
}

fn token_text() -> impl Strategy<Value = String> {
    prop::collection::vec(token(), 0..120).prop_map(|t| t.join(" "))
}

#[derive(Debug, Clone)]
enum Edit {
    Delete { at: usize, len: usize },
    Insert { at: usize, text: String },
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (any::<usize>(), 1..8usize).prop_map(|(at, len)| Edit::Delete { at, len }),
        (any::<usize>(), prop_oneof![token().prop_map(str::to_owned), any::<char>().prop_map(String::from)])
            .prop_map(|(at, text)| Edit::Insert { at, text }),
    ]
}

/// A seed rule file with random deletions and insertions, at character boundaries.
fn mutated() -> impl Strategy<Value = String> {
    (0..4usize, prop::collection::vec(edit(), 1..6)).prop_map(|(seed, edits)| {
        let mut text = seeds()[seed].clone();
        for e in edits {
            let boundaries: Vec<usize> = text.char_indices().map(|(i, _)| i).chain([text.len()]).collect();
            match e {
                Edit::Delete { at, len } => {
                    let start = at % boundaries.len();
                    let end = (start + len).min(boundaries.len() - 1);
                    text.replace_range(boundaries[start]..boundaries[end], "");
                }
                Edit::Insert { at, text: t } => text.insert_str(boundaries[at % boundaries.len()], &t),
            }
        }
        text
    })
}

/// A decimal from 0 to `max` with up to two places.
fn points(max: u32) -> impl Strategy<Value = Decimal> {
    (0..=max * 100).prop_map(|n| Decimal::new(i64::from(n), 2))
}

/// Any JSON value, nested a few levels.
fn any_json() -> impl Strategy<Value = Json> {
    let leaf = prop_oneof![
        Just(Json::Null),
        any::<bool>().prop_map(Json::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        any::<f64>().prop_filter("finite", |f| f.is_finite()).prop_map(|f| json!(f)),
        ".*".prop_map(Json::String),
        prop::sample::select(vec![
            "85%",
            "-1",
            "1e400",
            "2026-02-29",
            "2025-01-01",
            "htt",
            "canh_cao",
            " 12.50 ",
            "1.5"
        ])
        .prop_map(|s| Json::String(s.to_owned())),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Json::Array),
            prop::collection::vec((field_name(), inner), 0..8)
                .prop_map(|fields| Json::Object(fields.into_iter().collect())),
        ]
    })
}

/// Field names the fixture rule sets read, and some they do not.
fn field_name() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "id",
            "on",
            "year",
            "suy_thoai",
            "tieu_chi_chung",
            "ket_qua_nhiem_vu",
            "ky_luat_trong_nam",
            "la_lanh_dao",
            "don_vi_tham_nhung",
            "so_thang_cong_tac",
            "moi_tuyen_dung",
            "tieu_chuan_1",
            "tieu_chuan_2",
            "tieu_chuan_4",
            "ty_le_tu_hoc",
            "so_doan_vien_ky_luat",
            "thanh_vien",
            "lich_su",
            "xep_loai",
            "lao_dong_tien_tien",
            "cstd_co_so",
            "tap_the_xuat_sac",
        ])
        .prop_map(str::to_owned),
        "[a-z_]{1,12}",
    ]
}

proptest! {
    // 256 cases each unless `PROPTEST_CASES` says otherwise.
    #![proptest_config(ProptestConfig::default())]

    #[test]
    fn parsing_and_compiling_any_string_returns(text in ".*") {
        parse_and_compile(&text);
    }

    #[test]
    fn parsing_and_compiling_token_soup_returns(text in token_text()) {
        parse_and_compile(&text);
        parse_and_compile(&format!("ruleset x \"X\" {{\n{text}\n}}"));
    }

    #[test]
    fn parsing_and_compiling_a_mutated_rule_file_returns(text in mutated()) {
        parse_and_compile(&text);
    }

    #[test]
    fn valid_evidence_always_gets_a_declared_tier(
        chung in points(30),
        nhiem_vu in points(70),
        suy_thoai in any::<bool>(),
        ky_luat in prop::option::of(prop::sample::select(vec!["khien_trach", "canh_cao", "buoc_thoi_viec"])),
        la_lanh_dao in any::<bool>(),
        don_vi_tham_nhung in any::<bool>(),
        so_thang in 6..=12u32,
        moi_tuyen_dung in any::<bool>(),
    ) {
        let rules = fixture_rules("cong_chuc");
        let evidence = json!({
            "tieu_chi_chung": chung.to_string(), "ket_qua_nhiem_vu": nhiem_vu.to_string(), "suy_thoai": suy_thoai,
            "ky_luat_trong_nam": ky_luat, "la_lanh_dao": la_lanh_dao, "don_vi_tham_nhung": don_vi_tham_nhung,
            "so_thang_cong_tac": so_thang, "moi_tuyen_dung": moi_tuyen_dung,
        });
        let result = rules.evaluate(&evidence, &Options::traced()).unwrap();
        prop_assert_eq!(result.status(), Status::Rated);
        let tier = result.tier().unwrap();
        prop_assert!(["htxs", "htt", "htnv", "kht"].contains(&tier));
        let total = chung + nhiem_vu;
        prop_assert_eq!(result.score("tong"), Some(total));
        // The tier the points give, then the knock-outs and the cap.
        let by_points = if total >= Decimal::from(90) { "htxs" }
            else if total >= Decimal::from(70) { "htt" }
            else if total >= Decimal::from(50) { "htnv" }
            else { "kht" };
        let knocked_out = suy_thoai || ky_luat.is_some() || (la_lanh_dao && don_vi_tham_nhung);
        let expected = if knocked_out { "kht" } else if moi_tuyen_dung && by_points == "htxs" { "htt" } else { by_points };
        prop_assert_eq!(tier, expected);
        let _ = result.to_wire();
    }

    #[test]
    fn scores_stay_within_their_maxima(
        tc1 in points(35),
        tc2 in points(25),
        tc4 in points(15),
        ty_le in 0..=10_000u32,
        so in 0..=10_000u32,
    ) {
        let rules = fixture_rules("cdcs");
        let evidence = json!({
            "tieu_chuan_1": tc1.to_string(), "tieu_chuan_2": tc2.to_string(), "tieu_chuan_4": tc4.to_string(),
            "ty_le_tu_hoc": format!("{}%", Decimal::new(i64::from(ty_le), 2)), "so_doan_vien_ky_luat": so,
        });
        let result = rules.evaluate(&evidence, &Options::default()).unwrap();
        prop_assert_eq!(result.status(), Status::Rated);
        prop_assert!(["vung_manh", "kha", "trung_binh", "yeu"].contains(&result.tier().unwrap()));
        let wire = result.to_wire();
        for (id, score) in wire.scores.iter() {
            let value: Decimal = score.value.as_deref().unwrap().parse().unwrap();
            let max: Decimal = score.max.parse().unwrap();
            prop_assert!(value >= Decimal::ZERO && value <= max, "{} = {} above its max {}", id, value, max);
        }
        let sum: Decimal = ["tieu_chuan_1", "tieu_chuan_2", "tieu_chuan_3", "tieu_chuan_4"]
            .iter()
            .map(|s| result.score(s).unwrap())
            .sum();
        prop_assert_eq!(result.score("tong"), Some(sum));
    }

    #[test]
    fn sums_of_evidence_are_exact(a in any::<i64>(), b in any::<i64>(), sa in 0..10u32, sb in 0..10u32) {
        let rules = {
            static RULES: OnceLock<RuleSet> = OnceLock::new();
            RULES.get_or_init(|| common::compile(
                "ruleset x \"X\" {\n  input a \"A\": number\n  input b \"B\": number\n  let s = a + b\n  outcome o \"O\" {\n    t \"T\" when s >= 0\n    u \"U\" otherwise\n  }\n}",
            ))
        };
        let (a, b) = (Decimal::new(a, sa), Decimal::new(b, sb));
        let result = rules.evaluate(&json!({"a": a.to_string(), "b": b.to_string()}), &Options::default());
        match a.checked_add(b) {
            Some(sum) => {
                let result = result.unwrap();
                let wire = result.to_wire();
                let shown: Decimal = wire.values.get("s").unwrap().as_str().unwrap().parse().unwrap();
                prop_assert_eq!(shown, sum);
                prop_assert_eq!(result.tier(), Some(if sum >= Decimal::ZERO { "t" } else { "u" }));
            }
            None => prop_assert!(result.is_err()),
        }
    }

    #[test]
    fn evaluating_any_json_returns(value in any_json()) {
        for name in ["cong_chuc", "cdcs", "tap_the"] {
            let rules = fixture_rules(name);
            if let Ok(result) = rules.evaluate(&value, &Options::traced()) {
                let _ = result.to_wire();
                let _ = result.missing_fields();
            }
        }
    }

    /// The limit is the largest X (0 ≤ X ≤ C) that the law's inequality allows, X ≤ P × N′ with
    /// N′ the denominator once the C − X demoted have moved (taken out when the candidates are
    /// counted, put in when `demote to` is): found by trying every X, in exact decimals.
    #[test]
    fn the_quota_limit_is_the_largest_count_the_share_allows(
        tier in 0..4u16,
        of in 0..4u16,
        demote_to in 0..4u16,
        or_better in any::<bool>(),
        after in any::<bool>(),
        basis_points in 0..=10_000u32,
        candidates in 0..60usize,
        rest in 0..200usize,
    ) {
        let quota = tieuchi::plan::PlanQuota {
            tier, of, or_better, demote_to,
            share: Decimal::new(i64::from(basis_points), 4),
            within: Vec::new(),
            rank_by: Vec::new(),
            ties_by_id: tieuchi::syntax::ast::Direction::Asc,
            count: if after { CountBasis::AfterDemotion } else { CountBasis::BeforeDemotion },
            location: String::new(),
        };
        // Without `or better` the candidates are never counted (the formula `of U` always had).
        let candidates_counted = or_better && tier <= of;
        let demoted_counted = quota.counts(demote_to);
        let counted = rest + if candidates_counted { candidates } else { 0 };
        let allows = |x: usize| {
            let moved = candidates - x;
            let n = if after {
                counted - if candidates_counted { moved } else { 0 } + if demoted_counted { moved } else { 0 }
            } else {
                counted
            };
            Decimal::from(x) <= quota.share * Decimal::from(n)
        };
        let expected = (0..=candidates).rev().find(|&x| allows(x)).unwrap_or(0);
        prop_assert_eq!(tieuchi::cohort::quota_limit(&quota, candidates, counted), expected);
    }

    #[test]
    fn evaluating_any_members_returns(members in prop::collection::vec(any_json(), 0..8), years in prop::collection::vec(any_json(), 0..8)) {
        let rules = fixture_rules("tap_the");
        let evidence = json!({"thanh_vien": members, "lich_su": years, "on": "2026-01-01"});
        if let Ok(result) = rules.evaluate(&evidence, &Options::traced()) {
            let _ = result.to_wire();
        }
    }
}

fn history_rules() -> &'static RuleSet {
    static RULES: OnceLock<RuleSet> = OnceLock::new();
    RULES.get_or_init(|| {
        common::compile(
            "ruleset h \"H\" {\n  input ls \"LS\": history of { dat: bool }\n  let chuoi = streak(ls, dat)\n  let ba = count(ls, dat) in last 3 years\n  let nam = count(ls, dat) in last 5 years\n  outcome o \"O\" {\n    t \"T\" when true\n    u \"U\" otherwise\n  }\n}",
        )
    })
}

/// The streak, the 3-year and the 5-year counts of a history given as `(year, dat)` records,
/// evaluated on 30 June of `on`.
fn history_values(on: i32, records: &[(i32, bool)]) -> (String, String, String) {
    let ls: Vec<Json> = records.iter().map(|(y, d)| json!({"year": y, "dat": d})).collect();
    let evidence = json!({"ls": ls, "on": format!("{on}-06-30")});
    let wire = history_rules().evaluate(&evidence, &Options::default()).unwrap().to_wire().into_owned();
    let get = |name: &str| wire.values.get(name).and_then(Json::as_str).unwrap_or_default().to_owned();
    (get("chuoi"), get("ba"), get("nam"))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    /// `streak` and `count … in last N years` by their definitions: the run of years meeting the
    /// condition back from the year before the evaluation year, and the years meeting it among the
    /// N years before the evaluation year, whatever other records the history holds (the
    /// evaluation year's and later ones included); a false record weighs what no record does.
    #[test]
    fn history_windows_and_streaks_end_the_year_before_the_evaluation_year(
        on in 2000..2030i32,
        // Per year from 8 before the evaluation year to 3 after it: no record, false or true.
        marks in prop::collection::vec(0..3u8, 12),
    ) {
        let records: Vec<(i32, bool)> =
            (-8i32..=3).zip(&marks).filter(|(_, m)| **m > 0).map(|(k, m)| (on + k, *m == 2)).collect();
        let holds = |y: i32| records.contains(&(y, true));
        let streak = (1..=12).take_while(|k| holds(on - k)).count();
        let within = |n: i32| (1..=n).filter(|k| holds(on - k)).count();
        let expected = (streak.to_string(), within(3).to_string(), within(5).to_string());
        prop_assert_eq!(history_values(on, &records), expected.clone());
        // A false record for every year without one changes nothing.
        let filled: Vec<(i32, bool)> =
            (-8i32..=3).map(|k| records.iter().copied().find(|(y, _)| *y == on + k).unwrap_or((on + k, false))).collect();
        prop_assert_eq!(history_values(on, &filled), expected);
    }
}
