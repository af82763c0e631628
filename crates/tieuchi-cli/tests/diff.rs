//! `tieuchi diff`: the bundled sample population through the rules before and after a change.
#![allow(clippy::indexing_slicing, reason = "tests")]
#![expect(clippy::unwrap_used, reason = "tests stop at the first surprise")]

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn tieuchi() -> Command {
    let mut cmd = Command::cargo_bin("tieuchi").unwrap();
    cmd.current_dir(root());
    cmd
}

const ND335: &str = "rules/cong-chuc/nd335-2025.tieuchi";
const SAMPLE: &str = "bindings/tieuchi-py/examples/cong_chuc_2026.csv";

/// NĐ 335 with `edit` applied to its text, in a temporary folder.
fn variant(edit: impl Fn(&str) -> String) -> (tempfile::TempDir, PathBuf) {
    let text = std::fs::read_to_string(root().join(ND335)).unwrap();
    let changed = edit(&text);
    assert_ne!(changed, text);
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("nd335-variant.tieuchi");
    std::fs::write(&path, changed).unwrap();
    (folder, path)
}

fn rows(stdout: &[u8]) -> Vec<Value> {
    String::from_utf8_lossy(stdout).lines().map(|l| serde_json::from_str(l).unwrap()).collect()
}

fn batch_rows(rules: &Path) -> Vec<Value> {
    let out = tieuchi()
        .args(["batch", rules.to_str().unwrap(), SAMPLE, "--on", "2026-12-10", "--summary", "none"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    rows(&out)
}

#[test]
fn the_rules_against_themselves_change_nothing() {
    let assert = tieuchi().args(["diff", ND335, ND335, SAMPLE, "--on", "2026-12-10"]).assert().success();
    let output = assert.get_output();
    let rows = rows(&output.stdout);
    assert_eq!(rows.len(), 24);
    assert!(rows.iter().all(|r| r["changed"] == false && r["before"] == r["after"]));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("24 bản ghi, 0 thay đổi; dòng lỗi: 0 trước, 0 sau"), "{stderr}");
    assert!(stderr.contains("trước \\ sau"), "{stderr}");
}

#[test]
fn without_the_quota_the_demoted_record_keeps_its_htxs() {
    let (_folder, without) = variant(|text| {
        let start = text.find("  quota htxs").unwrap();
        let end = start + text[start..].find("source").unwrap();
        let end = end + text[end..].find('\n').unwrap() + 1;
        format!("{}{}", &text[..start], &text[end..])
    });
    let assert = tieuchi()
        .args([
            "--lang",
            "en",
            "diff",
            ND335,
            without.to_str().unwrap(),
            SAMPLE,
            "--on",
            "2026-12-10",
            "--changed-only",
        ])
        .assert()
        .success();
    let output = assert.get_output();
    let changes = rows(&output.stdout);
    // The rows match two batch runs joined by record.
    let (before, after) = (batch_rows(&root().join(ND335)), batch_rows(&without));
    let expected: Vec<usize> = (0..before.len()).filter(|&i| before[i]["outcome"] != after[i]["outcome"]).collect();
    assert!(!expected.is_empty());
    assert_eq!(
        changes.iter().map(|c| usize::try_from(c["row"].as_u64().unwrap()).unwrap()).collect::<Vec<_>>(),
        expected
    );
    for change in &changes {
        let i = usize::try_from(change["row"].as_u64().unwrap()).unwrap();
        assert_eq!(change["subject"], before[i]["subject"]);
        assert_eq!(change["before"]["outcome"], before[i]["outcome"]);
        assert_eq!(change["after"]["outcome"], after[i]["outcome"]);
        assert_eq!(change["before"]["decided_by"], "quota");
        assert!(change["before"]["rule"].as_str().unwrap().starts_with(ND335));
    }
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains(&format!("24 records, {} changed", expected.len())), "{stderr}");
    assert!(stderr.contains("before \\ after"), "{stderr}");
    assert!(stderr.contains("group with changes") || stderr.contains("groups with changes"), "{stderr}");
    assert!(stderr.contains("htt → htxs"), "{stderr}");
}

#[test]
fn changes_as_csv_with_the_matrix_as_json() {
    let (_folder, lower) = variant(|text| text.replace("when tong >= 70", "when tong >= 60"));
    let assert = tieuchi()
        .args([
            "diff",
            ND335,
            lower.to_str().unwrap(),
            SAMPLE,
            "--on",
            "2026-12-10",
            "--to",
            "csv",
            "--summary",
            "json",
        ])
        .assert()
        .success();
    let output = assert.get_output();
    let csv = String::from_utf8_lossy(&output.stdout);
    let mut lines = csv.lines();
    assert!(lines.next().unwrap().starts_with("row,subject,group,changed,before_ruleset"));
    assert_eq!(lines.count(), 24);
    let summary: Value = serde_json::from_slice(&output.stderr).unwrap();
    assert_eq!(summary["records"], 24);
    let moved = summary["transitions"]["htnv"]["htt"].as_u64().unwrap_or(0);
    assert!(moved > 0, "{summary}");
    assert_eq!(summary["labels"][0], "htxs");
}

#[test]
fn records_only_one_side_reads_are_error_rows_on_that_side() {
    let assert = tieuchi()
        .args(["diff", "rules/cong-chuc/nd90-2020.tieuchi", ND335, SAMPLE, "--on", "2026-12-10"])
        .assert()
        .success();
    let output = assert.get_output();
    let rows = rows(&output.stdout);
    assert_eq!(rows.len(), 24);
    assert!(rows.iter().all(|r| r["before"]["status"] == "error" && r["before"]["error"].is_string()));
    assert!(rows.iter().all(|r| r["after"]["ruleset"] == "cong_chuc_nd335"));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("dòng lỗi: 24 trước, 0 sau"), "{stderr}");
}

#[test]
fn the_same_rules_with_a_parameter_simulated_give_its_impact_alone() {
    let data = root().join("crates/tieuchi-cli/tests/data");
    let rules = data.join("params.tieuchi");
    let records = data.join("params.jsonl");
    let (rules, records) = (rules.to_str().unwrap(), records.to_str().unwrap());
    let run = |extra: &[&str]| {
        let mut args = vec!["diff", rules, rules, records, "--on", "2026-06-01"];
        args.extend_from_slice(extra);
        tieuchi().args(args).assert()
    };
    // 86 and 80 points: HTXS from 90 before; from 85, 86 is HTXS; from 80, both are.
    let at_85 = rows(&run(&["--after-set", "nguong_htxs=85"]).success().get_output().stdout);
    assert_eq!(at_85.iter().map(|r| r["changed"].as_bool().unwrap()).collect::<Vec<_>>(), [true, false]);
    assert_eq!(
        (&at_85[0]["before"]["outcome"], &at_85[0]["after"]["outcome"]),
        (&Value::from("kht"), &Value::from("htxs"))
    );
    let both =
        rows(&run(&["--before-set", "nguong_htxs=85", "--after-set", "nguong_htxs=80"]).success().get_output().stdout);
    assert_eq!(both.iter().map(|r| r["changed"].as_bool().unwrap()).collect::<Vec<_>>(), [false, true]);
    // A name that is not a parameter is refused, naming the ones there are.
    let refused = run(&["--after-set", "nguong=80"]).code(1).get_output().stderr.clone();
    assert!(String::from_utf8_lossy(&refused).contains("nguong_htxs"));
}

/// The README's "Amendment impact" commands that diff NĐ 335 against itself with
/// `--after-set`, each with the summary shown in the text block after it.
fn readme_parameter_diffs() -> Vec<(Vec<String>, String)> {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let section = &readme[readme.find("\n## Amendment impact").unwrap()..];
    let section = &section[..section[1..].find("\n## ").unwrap()];
    let blocks: Vec<&str> = section.split("```").skip(1).step_by(2).collect();
    blocks
        .chunks(2)
        .filter(|pair| pair[0].contains("--after-set"))
        .map(|pair| {
            let command = pair[0].trim_start_matches("sh").replace("\\\n", " ");
            let args = command.split_whitespace().skip(1).map(str::to_owned).collect();
            let shown = pair[1].trim_start_matches("text\n");
            // The first line is an abridged row (`…`); the summary after it is shown in full.
            let summary = shown.lines().filter(|l| !l.starts_with('{')).collect::<Vec<_>>().join("\n");
            (args, summary)
        })
        .collect()
}

#[test]
fn the_readme_parameter_impact_gives_the_summary_it_shows() {
    let diffs = readme_parameter_diffs();
    assert!(!diffs.is_empty(), "the README shows a parameter's impact");
    for (args, shown) in diffs {
        assert!(args.iter().any(|a| a == ND335), "{args:?}");
        let output = tieuchi().args(&args).assert().success().get_output().clone();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(stderr.trim_end(), shown.trim_end(), "{args:?}");
        let changed: Vec<String> = rows(&output.stdout).iter().map(|r| r["subject"].to_string()).collect();
        assert_eq!(changed, ["\"CC-009\""], "{args:?}");
    }
}
