//! `RuleSet::info`: what front ends describe a rule set from, read against the text of NĐ 335.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, reason = "tests")]

use tieuchi::info::{CitationKind, ValueKind};
use tieuchi::RuleSet;

fn nd335() -> RuleSet {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../rules/cong-chuc/nd335-2025.tieuchi");
    RuleSet::compile("nd335-2025.tieuchi", &std::fs::read_to_string(path).unwrap()).unwrap()
}

#[test]
fn the_tiers_scores_and_validity_are_the_decrees() {
    let info = nd335().info();
    assert_eq!(info.id, "cong_chuc_nd335");
    assert_eq!(info.valid_from.map(|d| d.to_string()).as_deref(), Some("2026-01-01"));
    assert_eq!(info.source.as_deref(), Some("Nghị định 335/2025/NĐ-CP ngày 21/12/2025 của Chính phủ"));
    // Điều 20: four levels, best first.
    let tiers: Vec<&str> = info.outcome.tiers.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(tiers, ["htxs", "htt", "htnv", "kht"]);
    assert_eq!(info.outcome.tiers[0].label, "Hoàn thành xuất sắc nhiệm vụ");
    // Điều 12: a 100-point scale of 30 (general criteria) and 70 (results of the tasks).
    let scores: Vec<(&str, &str, Option<&str>)> =
        info.scores.iter().map(|s| (s.id.as_str(), s.max.as_str(), s.parent.as_deref())).collect();
    assert_eq!(
        scores,
        [("tong", "100", None), ("tieu_chi_chung", "30", Some("tong")), ("ket_qua_nhiem_vu", "70", Some("tong"))]
    );
    // Điều 20 khoản 5: one quota, on the best tier.
    assert_eq!(info.quotas, 1);
}

#[test]
fn every_citation_is_listed_with_its_place() {
    let info = nd335().info();
    let quota = info.citations.iter().find(|c| c.kind == CitationKind::Quota).expect("the HTXS quota cites khoản 5");
    assert_eq!(quota.id.as_deref(), Some("htxs"));
    assert!(quota.source.contains("khoản 5 điểm a"), "{}", quota.source);
    assert!(quota.at.starts_with("nd335-2025.tieuchi:16"), "{}", quota.at);
    let first = &info.citations[0];
    assert_eq!((first.kind, first.id.as_deref()), (CitationKind::Ruleset, Some("cong_chuc_nd335")));
    let tier_citations = info.citations.iter().filter(|c| c.kind == CitationKind::Tier).count();
    assert_eq!(tier_citations, 4);
    assert!(info.citations.iter().any(|c| c.kind == CitationKind::Force));
}

#[test]
fn kinds_and_the_serialized_form() {
    let rules = RuleSet::compile(
        "kinds.tieuchi",
        r#"ruleset kinds "Kinds" {
  param ty_le "Tỷ lệ": percent = 20%
  input diem "Điểm": number in 0..10
  let dat = diem >= 5
  let nua = diem / 2
  outcome kq "Kết quả" {
    dat_ "Đạt" when dat and nua >= ty_le
    khong "Không đạt" otherwise
  }
}"#,
    )
    .unwrap();
    let info = rules.info();
    let values: Vec<(&str, ValueKind)> = info.values.iter().map(|v| (v.id.as_str(), v.kind)).collect();
    assert_eq!(values, [("dat", ValueKind::Bool), ("nua", ValueKind::Number)]);
    assert_eq!(info.params[0].kind, ValueKind::Percent);
    let json = serde_json::to_value(&info).unwrap();
    assert_eq!(json["valid_from"], serde_json::Value::Null);
    assert_eq!(json["params"][0]["kind"], "percent");
    assert_eq!(json["outcome"]["tiers"][1]["id"], "khong");
}
