//! Amendment impact: the same records through two batches, joined record by record.
#![expect(clippy::unwrap_used, reason = "tests stop at the first surprise")]

use std::collections::BTreeMap;

use tieuchi::batch::{Batch, Change, Impact, ImpactSummary, Input, OutputFormat, ReadRecord, RowStatus};
use tieuchi::RuleSet;

const ND335: &str = include_str!("../../../rules/cong-chuc/nd335-2025.tieuchi");
const ND335_PATH: &str = "rules/cong-chuc/nd335-2025.tieuchi";

fn nd335() -> RuleSet {
    RuleSet::compile(ND335_PATH, ND335).unwrap()
}

/// NĐ 335 as written, with its HTXS threshold moved: the parameter `nguong_htxs`'s value 90
/// becomes `threshold` in the text (a different rule text, not a simulation).
fn nd335_with_threshold(threshold: u32) -> RuleSet {
    let text = ND335.replace("    = 90 source", &format!("    = {threshold} source"));
    assert_ne!(text, ND335, "the threshold is the parameter's value `= 90`");
    RuleSet::compile(ND335_PATH, &text).unwrap()
}

/// NĐ 335 without its HTXS quota.
fn nd335_without_quota() -> RuleSet {
    let start = ND335.find("  quota htxs").unwrap();
    let end = start + ND335[start..].find("source").unwrap();
    let end = end + ND335[end..].find('\n').unwrap();
    RuleSet::compile(ND335_PATH, &format!("{}{}", &ND335[..start], &ND335[end..])).unwrap()
}

/// A population of 40 agencies × 2 groups with every kind of record: rated at each tier, knocked
/// out, not determinable, and unreadable.
fn population() -> Vec<String> {
    let mut records = Vec::new();
    for i in 0..400u32 {
        let (chung, nhiem_vu) = (10 + i % 21, 30 + (i * 7) % 41);
        let record = match i % 23 {
            0 => format!(r#"{{"id":"CC-{i}","co_quan":"CQ-{}","nhom":"N{}","tieu_chi_chung":{chung}}}"#, i % 40, i % 2),
            1 => {
                format!(r#"{{"id":"CC-{i}","co_quan":"CQ-{}","nhom":"N{}","tieu_chi_chung":"ba mươi"}}"#, i % 40, i % 2)
            }
            2 => format!(
                r#"{{"id":"CC-{i}","co_quan":"CQ-{}","nhom":"N{}","tieu_chi_chung":{chung},"ket_qua_nhiem_vu":{nhiem_vu},"suy_thoai":true}}"#,
                i % 40,
                i % 2
            ),
            _ => format!(
                r#"{{"id":"CC-{i}","co_quan":"CQ-{}","nhom":"N{}","tieu_chi_chung":{chung},"ket_qua_nhiem_vu":{nhiem_vu},"suy_thoai":false}}"#,
                i % 40,
                i % 2
            ),
        };
        records.push(record);
    }
    records
}

fn run(before: &RuleSet, after: &RuleSet, records: &[String]) -> (Vec<Change<'static>>, ImpactSummary) {
    // The rule sets outlive the run; the changes are copied out with owned texts.
    let read: Vec<ReadRecord> =
        records.iter().map(|json| ReadRecord { json: json.clone(), errors: Vec::new() }).collect();
    let impact = Impact::new(Batch::new(before), Batch::new(after));
    let mut changes = Vec::new();
    let summary = impact
        .run(
            Input::Records(&read),
            &mut |change| {
                changes.push(owned(change));
                Ok(())
            },
            &mut |_| {},
        )
        .unwrap();
    (changes, summary)
}

fn owned(change: &Change<'_>) -> Change<'static> {
    let leak = |s: Option<&str>| s.map(|s| &*Box::leak(s.to_owned().into_boxed_str()));
    let side = |s: &tieuchi::batch::Side<'_>| tieuchi::batch::Side {
        ruleset: leak(s.ruleset),
        status: s.status,
        outcome: leak(s.outcome),
        decided_by: s.decided_by,
        rule: leak(s.rule),
        error: s.error,
    };
    Change {
        row: change.row,
        subject: change.subject.clone(),
        group: change.group.clone(),
        changed: change.changed,
        before: side(&change.before),
        after: side(&change.after),
    }
}

#[test]
fn a_rule_set_against_itself_changes_nothing() {
    let rules = nd335();
    let records = population();
    let (changes, summary) = run(&rules, &rules, &records);
    assert_eq!(changes.len(), records.len());
    assert!(changes.iter().all(|c| !c.changed && c.before == c.after), "{:?}", changes.iter().find(|c| c.changed));
    assert_eq!(summary.changed, 0);
    assert_eq!(summary.records, 400);
    for (from, row) in &summary.transitions {
        assert!(row.keys().all(|to| to == from), "{from} → {row:?}");
    }
    // Every kind of record is there: each tier, a knock-out, not determinable, an error.
    let labels: Vec<&String> = summary.transitions.keys().collect();
    for label in ["htxs", "htt", "htnv", "kht", "not determinable", "error"] {
        assert!(labels.iter().any(|l| *l == label), "no `{label}` in {labels:?}");
    }
    assert_eq!(summary.errors_before, summary.errors_after);
    assert!(summary.errors_before > 0);
}

#[test]
fn each_change_is_the_two_batches_rows_joined_by_record() {
    let (before, after) = (nd335(), nd335_with_threshold(85));
    let records = population();
    let (changes, summary) = run(&before, &after, &records);
    let texts: Vec<&str> = records.iter().map(String::as_str).collect();
    let rows_before = Batch::new(&before).rows_of_json(&texts);
    let rows_after = Batch::new(&after).rows_of_json(&texts);
    assert_eq!(changes.len(), rows_before.len());
    for ((change, b), a) in changes.iter().zip(&rows_before).zip(&rows_after) {
        assert_eq!(change.row, b.record);
        assert_eq!(change.subject, a.subject);
        for (side, row) in [(&change.before, b), (&change.after, a)] {
            assert_eq!(side.status, row.status, "record {}", row.record);
            assert_eq!(side.outcome, row.outcome, "record {}", row.record);
            assert_eq!(side.decided_by, row.decided_by, "record {}", row.record);
            assert_eq!(side.error, row.errors.first().map(|e| e.code), "record {}", row.record);
        }
        assert_eq!(change.changed, b.outcome != a.outcome || b.status != a.status);
    }
    // A lower threshold only raises: records move from htt to htxs (or are held by the quota).
    assert!(summary.changed > 0);
    let raised = summary.transitions.get("htt").and_then(|r| r.get("htxs")).copied().unwrap_or(0);
    assert!(raised > 0, "{:?}", summary.transitions);
    for (from, row) in &summary.transitions {
        for to in row.keys() {
            assert!(from == to || (from == "htt" && to == "htxs"), "{from} → {to}");
        }
    }
    // The per-group matrices and the records with no group (an error row has none) add up to
    // the overall one.
    let mut added: BTreeMap<String, BTreeMap<String, u64>> = BTreeMap::new();
    for change in changes.iter().filter(|c| c.group.is_none()) {
        *added
            .entry(change.before.label().to_owned())
            .or_default()
            .entry(change.after.label().to_owned())
            .or_default() += 1;
    }
    for matrix in summary.groups.values() {
        for (from, row) in matrix {
            for (to, n) in row {
                *added.entry(from.clone()).or_default().entry(to.clone()).or_default() += n;
            }
        }
    }
    assert_eq!(added, summary.transitions);
}

#[test]
fn a_quota_applies_on_its_side_and_names_its_rule() {
    let (with_quota, without) = (nd335(), nd335_without_quota());
    // One group: five records at 95 points, twenty at 80: 20% of 20 HTT is 4, so one HTXS is
    // demoted (ties broken by id, the last one).
    let mut records = Vec::new();
    for i in 0..25 {
        let (chung, nhiem_vu) = if i < 5 { (28, 67) } else { (25, 55) };
        records.push(format!(
            r#"{{"id":"CC-{i:02}","co_quan":"CQ","nhom":"N","tieu_chi_chung":{chung},"ket_qua_nhiem_vu":{nhiem_vu},"suy_thoai":false}}"#
        ));
    }
    let (changes, summary) = run(&with_quota, &without, &records);
    let moved: Vec<&Change<'_>> = changes.iter().filter(|c| c.changed).collect();
    assert_eq!(moved.len(), 1, "{moved:?}");
    let demoted = moved[0];
    assert_eq!((demoted.before.outcome, demoted.after.outcome), (Some("htt"), Some("htxs")));
    assert_eq!(demoted.before.decided_by, Some("quota"));
    let quota_line = ND335[..ND335.find("  quota htxs").unwrap()].lines().count() + 1;
    let quota_rule = format!("{ND335_PATH}:{quota_line}:3");
    assert_eq!(demoted.before.rule, Some(quota_rule.as_str()));
    assert_eq!(demoted.after.decided_by, Some("score"));
    assert!(demoted.after.rule.is_some_and(|r| r.starts_with(ND335_PATH)));
    assert_eq!(summary.transitions["htt"]["htxs"], 1);
    assert_eq!(summary.groups["CQ / N"]["htxs"]["htxs"], 4);
}

#[test]
fn records_one_side_cannot_evaluate_are_counted_and_listed() {
    let before = RuleSet::compile(
        "before.tieuchi",
        "ruleset r \"R\" {\n  input a \"A\": number\n  outcome o \"O\" {\n    dat \"Đạt\" when a >= 5\n    khong \"Không\" otherwise\n  }\n}\n",
    )
    .unwrap();
    let after = RuleSet::compile(
        "after.tieuchi",
        "ruleset r \"R\" {\n  input a \"A\": number in 0..10\n  outcome o \"O\" {\n    dat \"Đạt\" when a >= 5\n    khong \"Không\" otherwise\n  }\n}\n",
    )
    .unwrap();
    let records: Vec<String> =
        [r#"{"id":"x","a":3}"#, r#"{"id":"y","a":12}"#, r#"{"id":"z","a":7}"#].map(str::to_owned).to_vec();
    let (changes, summary) = run(&before, &after, &records);
    assert_eq!(changes.len(), 3);
    assert_eq!(summary.errors_before, 0);
    assert_eq!(summary.errors_after, 1);
    let y = &changes[1];
    assert_eq!(y.subject.as_deref(), Some("y"));
    assert!(y.changed);
    assert_eq!((y.before.status, y.after.status), (RowStatus::Rated, RowStatus::Error));
    assert!(y.after.error.is_some());
    assert_eq!(summary.transitions["dat"]["error"], 1);
    assert!(!changes[0].changed && !changes[2].changed);
}

#[test]
fn changes_render_as_json_lines_and_csv() {
    let (before, after) = (nd335(), nd335_with_threshold(85));
    let records = population();
    let (changes, _) = run(&before, &after, &records);
    let change = changes.iter().find(|c| c.changed).unwrap();
    let mut json = Vec::new();
    change.write(OutputFormat::JsonLines, &mut json);
    let value: serde_json::Value = serde_json::from_slice(&json).unwrap();
    assert_eq!(value["changed"], true);
    assert_eq!(value["before"]["outcome"], "htt");
    assert_eq!(value["after"]["outcome"], "htxs");
    assert_eq!(value["after"]["status"], "rated");
    let mut csv = Vec::new();
    change.write(OutputFormat::Csv, &mut csv);
    let line = String::from_utf8(csv).unwrap();
    let cells: Vec<&str> = line.trim_end().split(',').collect();
    assert_eq!(cells.len(), tieuchi::batch::CHANGE_COLUMNS.len());
    assert_eq!(cells[3], "true");
    assert_eq!(cells[6], "htt");
    assert_eq!(cells[12], "htxs");
}
