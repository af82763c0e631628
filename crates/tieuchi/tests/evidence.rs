//! Evidence is typed: every problem of a record is reported by its code and the path of the
//! field, never coerced, and all of a record's problems are reported together.

#![allow(clippy::indexing_slicing, clippy::panic, clippy::expect_used, clippy::unwrap_used, reason = "tests")]

mod common;

use std::collections::BTreeSet;

use serde_json::{json, Value as Json};
use tieuchi::{EvaluateError, EvidenceCode, EvidenceError, Options, RuleSet};

const RULES: &str = r#"
ruleset ho_so "Hồ sơ" {
  enum xep_loai "Xếp loại" ordered {
    kht "Không hoàn thành"
    htnv "Hoàn thành"
    htt "Hoàn thành tốt"
  }
  input so_nam "Số năm công tác": integer in 0..50
  input diem_cong "Điểm cộng": number in 0..5
  input ty_le "Tỷ lệ": percent
  input ngay_vao "Ngày vào ngành": date
  input ghi_chu "Ghi chú": text
  input xep_loai_nam "Xếp loại năm": xep_loai
  input ky_luat "Kỷ luật": optional xep_loai
  input thanh_vien "Thành viên": list of {
    xep_loai: xep_loai
    diem: number in 0..10
    so_con: integer in 0..20 default 0
  }
  input lich_su "Lịch sử": history of { dat: bool }
  score tong "Tổng" max 30 = assessed
  outcome ket_qua "Kết quả" {
    dat "Đạt"
      when so_nam >= 1 and diem_cong >= 0 and ty_le >= 50% and ngay_vao >= 2000-01-01
       and ghi_chu != "" and xep_loai_nam >= htnv and ky_luat = none
       and all(thanh_vien, xep_loai >= htnv and diem >= 5 and so_con >= 0)
       and streak(lich_su, dat) >= 1 and tong >= 15
    khong_dat "Không đạt" otherwise
  }
}
"#;

/// Compiled once for the whole file.
fn rules() -> &'static RuleSet {
    static RULE_SET: std::sync::OnceLock<RuleSet> = std::sync::OnceLock::new();
    RULE_SET.get_or_init(|| common::compile(RULES))
}

/// A record every field of which is valid.
fn valid() -> Json {
    json!({
        "so_nam": 10, "diem_cong": "2.5", "ty_le": "80%", "ngay_vao": "2010-09-01", "ghi_chu": "—",
        "xep_loai_nam": "htt", "ky_luat": null,
        "thanh_vien": [{"xep_loai": "htt", "diem": 8}, {"xep_loai": "htnv", "diem": "6.5", "so_con": 2}],
        "lich_su": [{"year": 2025, "dat": true}],
        "tong": 20,
        "on": "2026-01-15"
    })
}

/// `valid()` with `field` set to `value`.
fn with(field: &str, value: Json) -> Json {
    let mut record = valid();
    record[field] = value;
    record
}

fn errors(record: &Json) -> Vec<EvidenceError> {
    match rules().evaluate(record, &Options::default()) {
        Err(EvaluateError::Evidence(errors)) => errors,
        Err(other) => panic!("expected evidence errors for {record}, got {other}"),
        Ok(result) => panic!("expected evidence errors for {record}, got {:?}", result.tier()),
    }
}

/// The one error of a record with one problem.
fn the_error(record: &Json) -> EvidenceError {
    let mut found = errors(record);
    assert_eq!(found.len(), 1, "{found:#?}");
    found.remove(0)
}

fn assert_error(record: &Json, code: EvidenceCode, field: &str) -> EvidenceError {
    let e = the_error(record);
    assert_eq!((e.code, e.field.as_str()), (code, field), "{e:#?}");
    assert!(!e.message.render(tieuchi::Lang::En).is_empty() && !e.help.render(tieuchi::Lang::En).is_empty(), "{e:#?}");
    e
}

#[test]
fn the_valid_record_is_rated() {
    let result = rules().evaluate(&valid(), &Options::default()).unwrap();
    assert_eq!(result.tier(), Some("dat"));
}

#[test]
fn a_record_that_is_not_an_object_is_refused() {
    for record in [json!([]), json!("so_nam"), json!(7), json!(null), json!(true)] {
        let e = assert_error(&record, EvidenceCode::NotAnObject, "");
        assert!(
            e.message.render(tieuchi::Lang::En).starts_with("an evidence record must be an object"),
            "{}",
            e.message.render(tieuchi::Lang::En)
        );
    }
}

#[test]
fn an_unknown_field_is_refused_with_a_suggestion() {
    let mut record = valid();
    record["so_nams"] = json!(3);
    let e = assert_error(&record, EvidenceCode::UnknownField, "so_nams");
    assert_eq!(e.help.render(tieuchi::Lang::En), "did you mean `so_nam`?");
    let mut record = valid();
    record["hoan_toan_khac"] = json!(3);
    let e = assert_error(&record, EvidenceCode::UnknownField, "hoan_toan_khac");
    assert!(e.help.render(tieuchi::Lang::En).contains("`so_nam`"), "{}", e.help.render(tieuchi::Lang::En));
}

#[test]
fn an_unknown_field_of_a_member_is_refused_at_its_path() {
    let mut record = valid();
    record["thanh_vien"][1]["diemm"] = json!(3);
    let e = assert_error(&record, EvidenceCode::UnknownField, "thanh_vien[1].diemm");
    assert!(e.help.render(tieuchi::Lang::En).contains("`diem`"), "{}", e.help.render(tieuchi::Lang::En));
}

#[test]
fn a_value_of_the_wrong_type_is_refused_not_coerced() {
    for (field, value) in [
        ("so_nam", json!(true)),
        ("so_nam", json!([1])),
        ("diem_cong", json!({"v": 1})),
        ("ngay_vao", json!(20_100_901)),
        ("ghi_chu", json!(5)),
        ("xep_loai_nam", json!(2)),
        ("thanh_vien", json!({"xep_loai": "htt"})),
        ("lich_su", json!("2025")),
    ] {
        assert_error(&with(field, value), EvidenceCode::WrongType, field);
    }
    // A yes/no field takes only true or false: not 1, not "true", not "có".
    let rules = common::compile(
        "ruleset x \"X\" {\n  input co \"Có\": bool\n  outcome o \"O\" {\n    t \"T\" when co\n    u \"U\" otherwise\n  }\n}",
    );
    for value in [json!(1), json!("true"), json!("có"), json!(0)] {
        let Err(EvaluateError::Evidence(errors)) = rules.evaluate(&json!({"co": value}), &Options::default()) else {
            panic!("{value} was accepted as a yes/no value");
        };
        assert_eq!((errors[0].code, errors[0].field.as_str()), (EvidenceCode::WrongType, "co"));
    }
}

#[test]
fn a_member_that_is_not_a_record_is_refused_at_its_index() {
    let mut record = valid();
    record["thanh_vien"][0] = json!("htt");
    assert_error(&record, EvidenceCode::WrongType, "thanh_vien[0]");
}

#[test]
fn a_member_field_of_the_wrong_kind_names_its_path() {
    let mut record = valid();
    record["thanh_vien"][1]["xep_loai"] = json!("xuat_sac");
    let e = assert_error(&record, EvidenceCode::BadEnumValue, "thanh_vien[1].xep_loai");
    assert!(e.help.render(tieuchi::Lang::En).contains("`htt`"), "{}", e.help.render(tieuchi::Lang::En));
    let mut record = valid();
    record["thanh_vien"][0]["diem"] = json!(11);
    assert_error(&record, EvidenceCode::OutOfRange, "thanh_vien[0].diem");
    let mut record = valid();
    record["lich_su"][0]["dat"] = json!("yes");
    assert_error(&record, EvidenceCode::WrongType, "lich_su[0].dat");
}

#[test]
fn a_number_outside_its_range_is_refused() {
    for (field, value) in
        [("so_nam", json!(51)), ("so_nam", json!(-1)), ("diem_cong", json!("5.01")), ("tong", json!(31))]
    {
        assert_error(&with(field, value), EvidenceCode::OutOfRange, field);
    }
    // Bounds are inclusive.
    for (field, value) in [("so_nam", json!(50)), ("diem_cong", json!(0)), ("tong", json!("30.00"))] {
        rules().evaluate(&with(field, value), &Options::default()).unwrap();
    }
}

#[test]
fn a_percent_written_as_a_whole_number_is_out_of_range_with_a_hint() {
    let e = assert_error(&with("ty_le", json!(85)), EvidenceCode::OutOfRange, "ty_le");
    assert!(e.help.render(tieuchi::Lang::En).contains("\"85%\""), "{}", e.help.render(tieuchi::Lang::En));
    assert!(e.message.render(tieuchi::Lang::En).contains("8500%"), "{}", e.message.render(tieuchi::Lang::En));
    // Written as a percent, or as the fraction, it is accepted.
    for value in [json!("85%"), json!(0.85), json!("0.85"), json!("100%"), json!("0%")] {
        rules().evaluate(&with("ty_le", value.clone()), &Options::default()).unwrap_or_else(|e| panic!("{value}: {e}"));
    }
    assert_error(&with("ty_le", json!("101%")), EvidenceCode::OutOfRange, "ty_le");
}

#[test]
fn a_percent_sign_on_a_plain_number_is_refused() {
    assert_error(&with("diem_cong", json!("2%")), EvidenceCode::WrongType, "diem_cong");
}

#[test]
fn a_fraction_where_a_whole_number_is_needed_is_refused() {
    assert_error(&with("so_nam", json!(2.5)), EvidenceCode::NotInteger, "so_nam");
    assert_error(&with("so_nam", json!("2.5")), EvidenceCode::NotInteger, "so_nam");
    // `2.0` is the whole number two.
    rules().evaluate(&with("so_nam", json!("2.0")), &Options::default()).unwrap();
    let mut record = valid();
    record["thanh_vien"][1]["so_con"] = json!(1.5);
    assert_error(&record, EvidenceCode::NotInteger, "thanh_vien[1].so_con");
}

#[test]
fn a_value_outside_its_enum_is_refused() {
    let e = assert_error(&with("xep_loai_nam", json!("HTT")), EvidenceCode::BadEnumValue, "xep_loai_nam");
    assert!(e.help.render(tieuchi::Lang::En).contains("`kht`, `htnv`, `htt`"), "{}", e.help.render(tieuchi::Lang::En));
    assert_error(&with("ky_luat", json!("canh_cao")), EvidenceCode::BadEnumValue, "ky_luat");
}

#[test]
fn a_date_that_is_not_a_calendar_date_is_refused() {
    for value in ["2026-02-30", "2026-13-01", "01/09/2010", "2010-9-1", ""] {
        assert_error(&with("ngay_vao", json!(value)), EvidenceCode::BadDate, "ngay_vao");
    }
    let mut record = valid();
    record["on"] = json!("2026-02-29");
    assert_error(&record, EvidenceCode::BadDate, "on");
}

#[test]
fn a_number_that_cannot_be_read_exactly_is_refused() {
    for value in [json!("mười"), json!("1,5"), json!("")] {
        assert_error(&with("diem_cong", value), EvidenceCode::BadNumber, "diem_cong");
    }
    assert_error(&with("diem_cong", json!("1e400")), EvidenceCode::BadNumber, "diem_cong");
}

#[test]
fn a_history_with_two_records_for_one_year_is_refused() {
    let record = with(
        "lich_su",
        json!([{"year": 2025, "dat": true}, {"year": 2024, "dat": true}, {"year": 2025, "dat": false}]),
    );
    let e = assert_error(&record, EvidenceCode::DuplicateYear, "lich_su");
    assert!(e.message.render(tieuchi::Lang::En).contains("2025"), "{}", e.message.render(tieuchi::Lang::En));
}

#[test]
fn a_history_record_needs_a_plausible_year() {
    assert_error(&with("lich_su", json!([{"dat": true}])), EvidenceCode::WrongType, "lich_su[0].year");
    assert_error(&with("lich_su", json!([{"year": 1800, "dat": true}])), EvidenceCode::OutOfRange, "lich_su[0].year");
    assert_error(&with("lich_su", json!([{"year": 2024.5, "dat": true}])), EvidenceCode::NotInteger, "lich_su[0].year");
}

#[test]
fn a_history_year_written_with_a_zero_fraction_is_that_year() {
    let rules = common::compile(
        "ruleset x \"X\" {\n  input ls \"LS\": history of { dat: bool }\n  let s = streak(ls, dat)\n  outcome o \"O\" {\n    t \"T\" when s >= 2\n    u \"U\" otherwise\n  }\n}",
    );
    let evidence = json!({"on": "2026-01-01", "ls": [{"year": "2025.0", "dat": true}, {"year": 2024, "dat": true}]});
    let result = rules.evaluate(&evidence, &Options::default()).unwrap();
    assert_eq!(result.to_wire().values.get("s"), Some(&json!("2")));
}

#[test]
fn a_subject_id_of_the_wrong_type_is_refused() {
    for id in [json!(true), json!({"so": 1}), json!([1])] {
        assert_error(&with("id", id), EvidenceCode::WrongType, "id");
    }
}

#[test]
fn a_list_longer_than_the_limit_is_refused() {
    let members: Vec<Json> = (0..=100_000).map(|_| json!({"xep_loai": "htt", "diem": 5})).collect();
    assert_error(&with("thanh_vien", Json::Array(members)), EvidenceCode::TooMany, "thanh_vien");
}

#[test]
fn every_problem_of_a_record_is_reported_together() {
    let mut record = valid();
    record["so_nam"] = json!("nhiều");
    record["ty_le"] = json!(85);
    record["xep_loai_nam"] = json!("gioi");
    record["thanh_vien"][0]["diem"] = json!(-1);
    record["thanh_vien"][1]["so_con"] = json!(0.5);
    record["lich_su"] = json!([{"year": 2025, "dat": true}, {"year": 2025, "dat": true}]);
    record["extra"] = json!(1);
    let found: BTreeSet<(&str, String)> = errors(&record).into_iter().map(|e| (e.code.as_str(), e.field)).collect();
    let expected: BTreeSet<(&str, String)> = [
        ("evidence::bad-number", "so_nam"),
        ("evidence::out-of-range", "ty_le"),
        ("evidence::bad-enum-value", "xep_loai_nam"),
        ("evidence::out-of-range", "thanh_vien[0].diem"),
        ("evidence::not-integer", "thanh_vien[1].so_con"),
        ("evidence::duplicate-year", "lich_su"),
        ("evidence::unknown-field", "extra"),
    ]
    .into_iter()
    .map(|(c, f)| (c, f.to_owned()))
    .collect();
    assert_eq!(found, expected);
}

#[test]
fn every_evidence_code_is_produced_by_some_test_here() {
    // Each code, with a record that gives it.
    let mut long = valid();
    long["thanh_vien"] = Json::Array((0..=100_000).map(|_| json!({"xep_loai": "htt", "diem": 5})).collect());
    let cases = [
        (EvidenceCode::NotAnObject, json!([])),
        (EvidenceCode::UnknownField, with("x", json!(1))),
        (EvidenceCode::WrongType, with("so_nam", json!(true))),
        (EvidenceCode::NotInteger, with("so_nam", json!(1.5))),
        (EvidenceCode::OutOfRange, with("so_nam", json!(99))),
        (EvidenceCode::BadEnumValue, with("xep_loai_nam", json!("x"))),
        (EvidenceCode::BadDate, with("ngay_vao", json!("2026-02-30"))),
        (EvidenceCode::BadNumber, with("diem_cong", json!("x"))),
        (
            EvidenceCode::DuplicateYear,
            with("lich_su", json!([{"year": 2020, "dat": true}, {"year": 2020, "dat": true}])),
        ),
        (EvidenceCode::TooMany, long),
    ];
    // A field given twice can only be seen in the text (a parsed JSON object keeps one).
    let twice = rules().evaluate_json(r#"{"so_nam": 1, "so_nam": 2}"#, &Options::default());
    assert!(
        matches!(&twice, Err(EvaluateError::Evidence(e)) if e[0].code == EvidenceCode::DuplicateField),
        "{twice:?}"
    );
    let mut covered: BTreeSet<&str> = cases.iter().map(|(c, _)| c.as_str()).collect();
    covered.insert(EvidenceCode::DuplicateField.as_str());
    // `not-json` is given by the batch reader, before a record reaches the engine (cli.rs tests it);
    // `member-error` needs two rule sets (library.rs); `too-large` is a batch line over the limit
    // (batch.rs).
    let elsewhere = [EvidenceCode::NotJson, EvidenceCode::MemberError, EvidenceCode::TooLarge];
    let all: BTreeSet<&str> = EvidenceCode::ALL.iter().filter(|c| !elsewhere.contains(c)).map(|c| c.as_str()).collect();
    assert_eq!(covered, all, "add a case for each new evidence code");
    for (code, record) in &cases {
        assert!(errors(record).iter().any(|e| e.code == *code), "{code}");
        assert!(!code.summary(tieuchi::Lang::Vi).is_empty() && !code.summary(tieuchi::Lang::En).is_empty());
    }
}

#[test]
fn missing_fields_are_not_errors_but_leave_the_result_undetermined() {
    let mut record = valid();
    record.as_object_mut().unwrap().remove("so_nam");
    let result = rules().evaluate(&record, &Options::default()).unwrap();
    assert_eq!(result.status(), tieuchi::Status::NotDeterminable);
    assert_eq!(result.missing_fields(), ["so_nam"]);
    // `null` is the same as absent.
    let result = rules().evaluate(&with("so_nam", Json::Null), &Options::default()).unwrap();
    assert_eq!(result.missing_fields(), ["so_nam"]);
}

#[test]
fn the_subject_id_and_date_are_read_from_the_record() {
    let mut record = valid();
    record["id"] = json!("CC-7");
    record["on"] = json!("2026-06-30");
    let result = rules().evaluate(&record, &Options::default()).unwrap();
    assert_eq!(result.subject(), Some("CC-7"));
    assert_eq!(result.to_wire().on.as_deref(), Some("2026-06-30"));
    record["id"] = json!(42);
    assert_eq!(rules().evaluate(&record, &Options::default()).unwrap().subject(), Some("42"));
}

#[test]
fn decimals_in_evidence_keep_every_digit() {
    let rules = common::compile(
        "ruleset x \"X\" {\n  input a \"A\": number\n  score s \"S\" max 1000 = a\n  outcome o \"O\" {\n    t \"T\" when s >= 1\n    u \"U\" otherwise\n  }\n}",
    );
    for (given, shown) in [
        (json!("0.1000000000000000000000000001"), "0.1000000000000000000000000001"),
        (serde_json::from_str::<Json>("123.456789012345678901234567").unwrap(), "123.456789012345678901234567"),
        (json!("  12.50 "), "12.5"),
    ] {
        let result = rules.evaluate(&json!({"a": given}), &Options::default()).unwrap();
        assert_eq!(result.to_wire().scores.get("s").unwrap().value.as_deref(), Some(shown));
    }
}

/// Issue 11, defect 6: a number that cannot be held exactly is refused, not rounded, whether it
/// arrives as JSON text, as a string, or through a parsed value.
#[test]
fn decimals_beyond_28_significant_digits_are_refused_not_rounded() {
    let nd335 = common::compile(
        &std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../rules/cong-chuc/nd335-2025.tieuchi"))
            .unwrap(),
    );
    for given in ["\"61.99999999999999999999999999999\"", "61.99999999999999999999999999999"] {
        let text = format!(
            r#"{{"tieu_chi_chung": 28, "ket_qua_nhiem_vu": {given}, "suy_thoai": false, "don_vi_tham_nhung": false}}"#
        );
        let result = nd335.evaluate_json(&text, &Options::default());
        let Err(EvaluateError::Evidence(errors)) = &result else { panic!("{given} was accepted: {result:?}") };
        assert_eq!((errors[0].code, errors[0].field.as_str()), (EvidenceCode::BadNumber, "ket_qua_nhiem_vu"));
        let parsed: Json = serde_json::from_str(&text).unwrap();
        assert!(nd335.evaluate(&parsed, &Options::default()).is_err(), "{given} through a value");
    }
    // Just above a field's max, with more digits than a decimal holds: not "70", not in range.
    let over = with("diem_cong", json!("5.00000000000000000000000000001"));
    assert_eq!(errors(&over)[0].code, EvidenceCode::BadNumber);
}

/// Issue 11, defect 8: a field given twice is refused, naming it, in JSON text.
#[test]
fn duplicate_keys_in_a_json_record_are_refused() {
    let result = rules().evaluate_json(r#"{"diem_cong": 1, "diem_cong": 3}"#, &Options::default());
    let Err(EvaluateError::Evidence(errors)) = result else { panic!("accepted") };
    assert_eq!(errors[0].code, EvidenceCode::DuplicateField);
    assert_eq!(errors[0].field, "diem_cong");
}

/// Issue 11, defect 9: nothing lenient is read as a number or a date.
#[test]
fn lenient_numbers_and_dates_are_refused() {
    for (field, value, code) in [
        ("so_nam", json!("1_0"), EvidenceCode::BadNumber),
        ("so_nam", json!("+10"), EvidenceCode::BadNumber),
        ("ty_le", json!("60%%"), EvidenceCode::BadNumber),
        ("ngay_vao", json!("2024-12-31T23:00:00-05:00"), EvidenceCode::BadDate),
        ("ngay_vao", json!("20250101"), EvidenceCode::BadDate),
    ] {
        let found = errors(&with(field, value.clone()));
        assert!(found.iter().any(|e| e.code == code && e.field == field), "{field} = {value}: {found:?}");
    }
    // What is plain stays readable.
    assert!(rules().evaluate(&with("ty_le", json!("60%")), &Options::default()).is_ok());
    assert!(rules().evaluate(&with("so_nam", json!("10")), &Options::default()).is_ok());
}

/// An evidence error reads in Vietnamese unless English is asked for; its code is the same.
#[test]
fn evidence_errors_are_vietnamese_unless_english_is_asked_for() {
    let mut record = valid();
    record["so_nam"] = json!(true);
    let Err(error) = rules().evaluate(&record, &Options::default()) else { panic!("expected an evidence error") };
    let vi = tieuchi::Failure::evaluate(&error, tieuchi::Lang::default());
    let en = tieuchi::Failure::evaluate(&error, tieuchi::Lang::En);
    assert_eq!((vi.first.code.as_str(), en.first.code.as_str()), ("evidence::wrong-type", "evidence::wrong-type"));
    assert_eq!(vi.first.message, "cần một số nguyên, nhưng nhận được giá trị đúng/sai");
    assert_eq!(vi.first.help, "viết một số nguyên");
    assert_eq!(en.first.message, "expected a whole number, found a true/false value");
    assert_eq!(
        vi.summary,
        "dữ liệu minh chứng có 1 lỗi: `so_nam`: cần một số nguyên, nhưng nhận được giá trị đúng/sai"
    );
    assert!(en.summary.starts_with("the evidence has 1 problem: `so_nam`: expected"), "{}", en.summary);
}
