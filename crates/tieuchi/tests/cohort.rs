//! Quotas over a batch: domain.md Ex 3 and Ex 3b with the NĐ 335/2025 rule set.

use serde_json::{json, Value};
use tieuchi::{Options, RuleSet, Status};

const ND335: &str = include_str!("../../../rules/cong-chuc/nd335-2025.tieuchi");

#[expect(clippy::panic, reason = "the bundled rule file must compile")]
fn rules(count: &str) -> RuleSet {
    let text = ND335.replace("count after demotion", count);
    RuleSet::compile("nd335-2025.tieuchi", &text).unwrap_or_else(|e| panic!("{}", e.render_plain()))
}

/// One công chức of agency `co_quan`, task group `nhom`, with `total` points split 30/70.
fn record(id: &str, co_quan: &str, total: u32) -> Value {
    let chung = total.min(30);
    json!({
        "id": id, "co_quan": co_quan, "nhom": "N1",
        "tieu_chi_chung": chung, "ket_qua_nhiem_vu": total - chung, "suy_thoai": false,
    })
}

fn tiers(rules: &RuleSet, records: &[Value]) -> Vec<String> {
    rules
        .evaluate_batch(records, &Options::default())
        .iter()
        .map(|r| r.as_ref().map_or_else(ToString::to_string, |e| e.tier().unwrap_or("-").to_owned()))
        .collect()
}

#[test]
fn example_3_keeps_one_htxs_of_four() {
    let scores = [96, 94, 92, 90, 85, 80, 78, 75, 72, 60];
    let records: Vec<Value> = scores.iter().enumerate().map(|(i, s)| record(&format!("CC-{i:02}"), "A", *s)).collect();
    let expected = ["htxs", "htt", "htt", "htt", "htt", "htt", "htt", "htt", "htt", "htnv"];
    for count in ["count after demotion", "count before demotion"] {
        assert_eq!(tiers(&rules(count), &records), expected, "{count}");
    }
}

#[test]
fn example_3b_depends_on_the_declared_denominator() {
    let mut records: Vec<Value> = (0..10).map(|i| record(&format!("X{i:02}"), "A", 99 - i)).collect();
    records.extend((0..10).map(|i| record(&format!("Y{i:02}"), "A", 80)));
    let htxs = |rules: &RuleSet| tiers(rules, &records).iter().filter(|t| *t == "htxs").count();
    assert_eq!(htxs(&rules("count after demotion")), 3);
    assert_eq!(htxs(&rules("count before demotion")), 2);
}

#[test]
fn quotas_apply_within_each_group_and_say_so() {
    let rules = rules("count after demotion");
    let mut records = vec![record("A1", "A", 95), record("A2", "A", 93)];
    records.extend((0..5).map(|i| record(&format!("A-htt-{i}"), "A", 80)));
    records.extend([record("B1", "B", 91), record("B2", "B", 90), record("B3", "B", 80)]);
    let results = rules.evaluate_batch(&records, &Options::default());
    let tier = |i: usize| results[i].as_ref().map_or("error", |e| e.tier().unwrap_or("-"));
    // A: C = 2, U = 5: 20% × 7 / 1.2 = 1.16 → 1. B: C = 2, U = 1: 20% × 3 / 1.2 = 0.5 → 0.
    assert_eq!((tier(0), tier(1)), ("htxs", "htt"));
    assert_eq!((tier(7), tier(8)), ("htt", "htt"));
    let demoted = results[1].as_ref().map(tieuchi::Evaluation::to_wire).unwrap();
    assert_eq!(demoted.outcome.as_ref().map(|o| o.decided_by.as_ref()), Some("quota"));
    let finding = demoted.findings.iter().find(|f| f.code == "quota-demoted").unwrap();
    assert!(finding.label.contains("ranked 2 of 2"), "{}", finding.label);
    let kept = results[0].as_ref().map(tieuchi::Evaluation::to_wire).unwrap();
    assert!(kept.findings.iter().any(|f| f.code == "quota-kept"));
    assert!(!kept.findings.iter().any(|f| f.code == "quota-pending"));
}

#[test]
fn ties_break_by_subject_id_and_knockouts_are_not_ranked() {
    let rules = rules("count after demotion");
    let mut records = vec![record("Z", "A", 92), record("M", "A", 92)];
    records.extend((0..4).map(|i| record(&format!("H{i}"), "A", 80)));
    let mut forced = record("K", "A", 99);
    forced["suy_thoai"] = json!(true);
    records.push(forced);
    let results = rules.evaluate_batch(&records, &Options::default());
    let tier = |i: usize| results[i].as_ref().map_or("error", |e| e.tier().unwrap_or("-"));
    // C = 2, U = 4: 20% × 6 / 1.2 = 1: equal points, so `M` (first by id) keeps HTXS.
    assert_eq!((tier(0), tier(1)), ("htt", "htxs"));
    assert_eq!(tier(6), "kht");
    assert!(results[6].as_ref().is_ok_and(|e| e.quota_notes().is_empty()));
}

#[test]
fn a_bad_record_in_a_batch_is_an_error_and_the_rest_are_evaluated() {
    let rules = rules("count after demotion");
    let records = vec![record("A1", "A", 95), json!({"id": "bad", "tieu_chi_chung": "x"}), record("A3", "A", 70)];
    let results = rules.evaluate_batch(&records, &Options::default());
    assert_eq!(results.len(), 3);
    assert!(results[1].is_err());
    assert_eq!(results[2].as_ref().map(tieuchi::Evaluation::status).ok(), Some(Status::Rated));
}
