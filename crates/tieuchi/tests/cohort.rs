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
    let results = rules.evaluate_batch(&records, &Options { lang: tieuchi::Lang::En, ..Options::default() });
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

// --- `of U or better`: NĐ 91/2017 Điều 9 khoản 3 with the CSTĐCS 2017 rule set --------------

const CSTDCS_2017: &str = include_str!("../../../rules/thi-dua/chien-si-thi-dua-co-so-2017.tieuchi");

/// The bundled CSTĐCS 2017 rule set with its quota line replaced by `quota` (the rest of the
/// declaration kept: rank by vote share, demote to `chi_ldtt`, count after demotion).
#[expect(clippy::panic, reason = "the bundled rule file must compile")]
fn cstdcs(quota: &str, demotion: &str) -> RuleSet {
    let text = CSTDCS_2017
        .replace("quota dat at most 15% of chi_ldtt or better within don_vi", quota)
        .replace("demote to chi_ldtt\n    count after demotion", demotion);
    RuleSet::compile("chien-si-thi-dua-co-so-2017.tieuchi", &text).unwrap_or_else(|e| panic!("{}", e.render_plain()))
}

fn cstdcs_2017() -> RuleSet {
    cstdcs("quota dat at most 15% of chi_ldtt or better within don_vi", "demote to chi_ldtt\n    count after demotion")
}

/// A unit of `ldtt` Lao động tiên tiến of whom the first `candidates` have a sáng kiến (the
/// earlier, the higher the vote share), and `others` who are not Lao động tiên tiến.
fn unit(name: &str, ldtt: usize, candidates: usize, others: usize) -> Vec<Value> {
    let person = |i: usize, ldtt: bool, sang_kien: bool| {
        json!({
            "id": format!("{name}-{i:03}"), "don_vi": name, "lao_dong_tien_tien": ldtt,
            "co_sang_kien": sang_kien, "co_de_tai": false,
            "ty_le_phieu_dong_y": format!("{}%", 100 - i.min(100)),
        })
    };
    let mut records: Vec<Value> = (0..ldtt).map(|i| person(i, true, i < candidates)).collect();
    records.extend((0..others).map(|i| person(ldtt + i, false, true)));
    records
}

fn count(tiers: &[String], tier: &str) -> usize {
    tiers.iter().filter(|t| *t == tier).count()
}

#[test]
fn or_better_counts_every_lao_dong_tien_tien_twenty_with_four_candidates_keep_three() {
    let records = unit("A", 20, 4, 0);
    let tiers = tiers(&cstdcs_2017(), &records);
    // 15% × 20 = 3: the three with the most votes keep the title, the fourth is lowered.
    assert_eq!(tiers[..4], ["dat", "dat", "dat", "chi_ldtt"]);
    assert_eq!(count(&tiers, "chi_ldtt"), 17);
}

#[test]
fn or_better_allows_exactly_the_share() {
    // 3 of 20 is exactly 15%: not above it.
    let tiers = tiers(&cstdcs_2017(), &unit("A", 20, 3, 0));
    assert_eq!(count(&tiers, "dat"), 3);
}

#[test]
fn or_better_floors_small_groups() {
    let rules = cstdcs_2017();
    // 15% × 6 = 0.9 → 0; 15% × 7 = 1.05 → 1.
    assert_eq!(count(&tiers(&rules, &unit("A", 6, 1, 0)), "dat"), 0);
    assert_eq!(count(&tiers(&rules, &unit("A", 7, 2, 0)), "dat"), 1);
    // Records below the tiers counted are not in the denominator: 7 + 7 others still allow 1.
    assert_eq!(count(&tiers(&rules, &unit("A", 7, 2, 7)), "dat"), 1);
}

#[test]
fn or_better_before_and_after_demotion_inside_the_denominator_agree() {
    // Demoted to `chi_ldtt`, the lowered stay Lao động tiên tiến: 15% × 40 = 6 either way.
    let records = unit("A", 40, 10, 0);
    for basis in ["count after demotion", "count before demotion"] {
        let rules = cstdcs(
            "quota dat at most 15% of chi_ldtt or better within don_vi",
            &format!("demote to chi_ldtt\n    {basis}"),
        );
        assert_eq!(count(&tiers(&rules, &records), "dat"), 6, "{basis}");
    }
}

#[test]
fn or_better_after_demotion_out_of_the_denominator_shrinks_it() {
    let records = unit("A", 40, 10, 0);
    let quota = "quota dat at most 15% of chi_ldtt or better within don_vi";
    // Before demotion: 15% × 40 = 6.
    let before = cstdcs(quota, "demote to khong_dat\n    count before demotion");
    assert_eq!(count(&tiers(&before, &records), "dat"), 6);
    // After: the lowered leave the denominator: X ≤ 15% × (40 − (10 − X)), X ≤ 15% × 30 / 85%
    // = 5.29 → 5 (5 ≤ 15% × 35 = 5.25, but 6 > 15% × 36 = 5.4).
    let after = cstdcs(quota, "demote to khong_dat\n    count after demotion");
    let tiers = tiers(&after, &records);
    assert_eq!((count(&tiers, "dat"), count(&tiers, "khong_dat")), (5, 5));
}

#[test]
fn or_better_at_the_whole_share_keeps_every_candidate() {
    let records = unit("A", 10, 10, 0);
    let rules = cstdcs(
        "quota dat at most 100% of chi_ldtt or better within don_vi",
        "demote to khong_dat\n    count after demotion",
    );
    assert_eq!(count(&tiers(&rules, &records), "dat"), 10);
    let rules = cstdcs(
        "quota dat at most 0% of chi_ldtt or better within don_vi",
        "demote to khong_dat\n    count after demotion",
    );
    assert_eq!(count(&tiers(&rules, &records), "dat"), 0);
}

#[test]
fn of_u_without_or_better_is_unchanged() {
    let records = unit("A", 20, 4, 0);
    let quota = "quota dat at most 15% of chi_ldtt within don_vi";
    // Counted after demotion into `chi_ldtt`: X ≤ 15% × (16 + 4 − X), 15% × 20 / 1.15 = 2.6 → 2.
    let after = cstdcs(quota, "demote to chi_ldtt\n    count after demotion");
    assert_eq!(count(&tiers(&after, &records), "dat"), 2);
    // Before demotion: 15% × 16 = 2.4 → 2; demoted elsewhere, counted after: the same.
    let before = cstdcs(quota, "demote to chi_ldtt\n    count before demotion");
    assert_eq!(count(&tiers(&before, &records), "dat"), 2);
    let records = unit("A", 40, 10, 0);
    let after = cstdcs(quota, "demote to chi_ldtt\n    count after demotion");
    assert_eq!(count(&tiers(&after, &records), "dat"), 5, "15% × 40 / 1.15 = 5.2");
    let elsewhere = cstdcs(quota, "demote to khong_dat\n    count after demotion");
    assert_eq!(count(&tiers(&elsewhere, &records), "dat"), 4, "15% × 30 = 4.5");
}

#[test]
fn or_better_notes_count_the_candidates_and_findings_say_or_better() {
    let rules = cstdcs_2017();
    let english = Options { lang: tieuchi::Lang::En, ..Options::default() };
    let results = rules.evaluate_batch(&unit("A", 20, 4, 0), &english);
    let note = |i: usize| results[i].as_ref().map(|e| e.quota_notes()[0]).unwrap();
    assert_eq!((note(0).candidates, note(0).counted, note(0).limit), (4, 20, 3));
    assert!(note(3).demoted);
    let label = |i: usize, code: &str| {
        let wire = results[i].as_ref().map(tieuchi::Evaluation::to_wire).unwrap();
        wire.findings.iter().find(|f| f.code == code).map(|f| f.label.to_string()).unwrap()
    };
    assert_eq!(
        label(0, "quota-kept"),
        "ranked 1 of 4 for `dat`; 20 at `chi_ldtt` or better before the quota, at most 15% counted after demotion allows 3"
    );
    assert_eq!(
        label(3, "quota-demoted"),
        "ranked 4 of 4 for `dat`; 20 at `chi_ldtt` or better before the quota, at most 15% counted after demotion allows 3; lowered to `chi_ldtt`"
    );
    let alone = rules.evaluate(&unit("A", 1, 1, 0)[0], &english).unwrap().to_wire().into_owned();
    let pending = alone.findings.iter().find(|f| f.code == "quota-pending").unwrap();
    assert_eq!(
        pending.label,
        "`dat` is limited to 15% of `chi_ldtt` or better within don_vi; a single record cannot apply the quota"
    );
    // Vietnamese unless English is asked for, with the same code.
    let alone = rules.evaluate(&unit("A", 1, 1, 0)[0], &Options::default()).unwrap().to_wire().into_owned();
    let pending = alone.findings.iter().find(|f| f.code == "quota-pending").unwrap();
    assert_eq!(
        pending.label,
        "`dat` chỉ được tối đa 15% của `chi_ldtt` trở lên trong từng nhóm don_vi; \
         một bản ghi riêng lẻ không thể áp dụng tỷ lệ khống chế"
    );
}

#[test]
fn or_better_applies_per_unit() {
    let mut records = unit("A", 10, 3, 0);
    records.extend(unit("B", 14, 3, 0));
    let tiers = tiers(&cstdcs_2017(), &records);
    // 15% × 10 = 1.5 → 1; 15% × 14 = 2.1 → 2.
    assert_eq!((count(&tiers[..10], "dat"), count(&tiers[10..], "dat")), (1, 2));
}

#[test]
fn or_better_parses_to_the_span_of_its_two_words() {
    let text = "ruleset x \"X\" {\n  key k \"K\": text\n  outcome o \"O\" {\n    a \"A\" when true\n    b \"B\" otherwise\n  }\n  quota a at most 15% of b or better within k rank by 1 desc demote to b count after demotion\n}\n";
    let source = tieuchi::SourceFile::new("x.tieuchi", text);
    let ast = tieuchi::syntax::parse(&source).unwrap_or_else(|d| panic!("{d:?}"));
    let quotas: Vec<_> = ast
        .items
        .iter()
        .filter_map(|i| match i {
            tieuchi::syntax::ast::Item::Quota(q) => Some(q),
            _ => None,
        })
        .collect();
    let span = quotas[0].or_better.unwrap();
    assert_eq!(source.slice(span), "or better");
    assert!(!RuleSet::compile("x.tieuchi", &text.replace(" or better", "")).unwrap().plan().quotas[0].or_better);
    assert!(RuleSet::compile("x.tieuchi", text).unwrap().plan().quotas[0].or_better);
}

/// Ties the ranking keys leave are broken by the record's id: ascending (the default, and
/// `then id asc`), or descending with `then id desc`; then by input order.
#[test]
fn ties_are_broken_by_id_in_the_direction_written() {
    // Five records of 95 points, equal on every key, beside five of 80: one keeps HTXS (at most
    // 20% of the ten HTT once the other four are demoted).
    let mut records: Vec<Value> =
        ["CC-3", "CC-1", "CC-5", "CC-2", "CC-4"].iter().map(|id| record(id, "A", 95)).collect();
    records.extend((6..=10).map(|i| record(&format!("CC-{i:02}"), "A", 80)));
    let kept = |rules: &RuleSet| -> Vec<String> {
        let tiers = tiers(rules, &records);
        records
            .iter()
            .zip(tiers)
            .filter(|(_, t)| t == "htxs")
            .map(|(r, _)| r["id"].as_str().unwrap().to_owned())
            .collect()
    };
    let rank = "rank by tong desc then ket_qua_nhiem_vu desc";
    assert!(ND335.contains(rank));
    let with = |tail: &str| {
        let text = ND335.replace(rank, &format!("{rank}{tail}"));
        RuleSet::compile("nd335-2025.tieuchi", &text).unwrap()
    };
    assert_eq!(kept(&rules("count after demotion")), ["CC-1"]);
    assert_eq!(kept(&with(" then id asc")), ["CC-1"]);
    assert_eq!(kept(&with(" then id desc")), ["CC-5"]);
    let misplaced = ND335.replace(rank, "rank by tong desc then id desc then ket_qua_nhiem_vu desc");
    let error = RuleSet::compile("nd335-2025.tieuchi", &misplaced).unwrap_err();
    assert!(
        error.render(tieuchi::Lang::En).contains("`id` breaks the ties the ranking keys leave, so it comes last"),
        "{}",
        error.render_plain()
    );
}
