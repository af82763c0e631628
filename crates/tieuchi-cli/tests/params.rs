//! Parameters on the command line: `--set ID=VALUE` simulates another value, and results say so.
#![allow(clippy::indexing_slicing, clippy::panic, clippy::expect_used, clippy::unwrap_used, reason = "tests")]

use assert_cmd::Command;
use predicates::prelude::*;

fn tieuchi() -> Command {
    let mut cmd = Command::cargo_bin("tieuchi").unwrap();
    cmd.current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data"));
    cmd
}

fn eval(extra: &[&str]) -> serde_json::Value {
    let mut args = vec!["eval", "params.tieuchi", "params-86.json", "--on", "2026-06-30", "--no-trace"];
    args.extend_from_slice(extra);
    serde_json::from_slice(&tieuchi().args(&args).assert().success().get_output().stdout).unwrap()
}

#[test]
fn set_simulates_a_parameter_and_the_result_says_so() {
    let law = eval(&[]);
    assert_eq!(law["outcome"]["id"], "kht");
    assert_eq!(
        law["params"]["nguong_htxs"],
        serde_json::json!({"value": "90", "source": "NĐ 335/2025/NĐ-CP, Điều 20 khoản 1"})
    );
    let simulated = eval(&["--set", "nguong_htxs=85"]);
    assert_eq!(simulated["outcome"]["id"], "htxs");
    assert_eq!(simulated["params"]["nguong_htxs"], serde_json::json!({"value": "85", "overridden": true}));
    tieuchi()
        .args([
            "eval",
            "params.tieuchi",
            "params-86.json",
            "--on",
            "2026-06-30",
            "--format",
            "text",
            "--set",
            "nguong_htxs=85",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains("Ngưỡng điểm HTXS (nguong_htxs): 85 — giá trị mô phỏng"));
}

#[test]
fn set_refuses_what_is_not_a_parameter_or_does_not_fit() {
    for (set, code) in [("diem=85", "argument::unknown-param"), ("nguong_htxs=cao", "argument::bad-param")] {
        tieuchi()
            .args(["eval", "params.tieuchi", "params-86.json", "--set", set])
            .assert()
            .code(1)
            .stderr(predicate::str::contains(code));
    }
    tieuchi().args(["eval", "params.tieuchi", "params-86.json", "--set", "nguong_htxs"]).assert().failure();
}

#[test]
fn a_record_cannot_set_a_parameter() {
    let output = tieuchi()
        .args(["eval", "params.tieuchi", "-", "--on", "2026-06-30"])
        .write_stdin(r#"{"diem": 86, "nguong_htxs": 80}"#)
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let failure: serde_json::Value = serde_json::from_slice(&output).unwrap();
    assert_eq!(failure["errors"][0]["code"], "evidence::unknown-field");
    assert_eq!(failure["errors"][0]["field"], "nguong_htxs");
}

#[test]
fn a_batch_simulation_says_so_in_its_summary() {
    let output = tieuchi()
        .args([
            "batch",
            "params.tieuchi",
            "params.jsonl",
            "--on",
            "2026-06-30",
            "--set",
            "nguong_htxs=80",
            "--summary",
            "json",
        ])
        .assert()
        .success()
        .get_output()
        .clone();
    let rows: Vec<serde_json::Value> = output
        .stdout
        .split(|b| *b == b'\n')
        .filter(|l| !l.is_empty())
        .map(|l| serde_json::from_slice(l).unwrap())
        .collect();
    assert!(rows.iter().all(|r| r["outcome"] == "htxs"), "{rows:?}");
    let summary: serde_json::Value = serde_json::from_slice(&output.stderr).unwrap();
    assert_eq!(summary["params"]["nguong_htxs"], serde_json::json!({"value": "80", "overridden": true}));
}

#[test]
fn inputs_lists_parameters_with_their_values_by_date() {
    let output = tieuchi().args(["inputs", "params.tieuchi"]).assert().success().get_output().stdout.clone();
    let schema: serde_json::Value = serde_json::from_slice(&output).unwrap();
    assert_eq!(
        schema["params"],
        serde_json::json!([{
            "id": "nguong_htxs", "label": "Ngưỡng điểm HTXS", "type": "number",
            "values": [
                {"value": "90", "source": "NĐ 335/2025/NĐ-CP, Điều 20 khoản 1"},
                {"value": "85", "from": "2027-01-01"}
            ]
        }])
    );
    assert!(schema["fields"].as_array().unwrap().iter().all(|f| f["id"] != "nguong_htxs"));
}

/// The text of `eval --format text` is worded in the language asked for: its headings, the
/// simulation mark and why the version applies; the rule file's own labels stay as written.
#[test]
fn the_text_of_a_result_is_in_the_language_asked_for() {
    let text = |lang: &str| {
        let mut args = vec!["--lang", lang];
        args.extend(["eval", "params.tieuchi", "params-86.json", "--on", "2026-06-30", "--format", "text"]);
        args.extend(["--set", "nguong_htxs=85"]);
        String::from_utf8(tieuchi().args(&args).assert().success().get_output().stdout.clone()).unwrap()
    };
    let vi = text("vi");
    assert!(
        vi.contains("Ngưỡng điểm HTXS (nguong_htxs): 85 — giá trị mô phỏng (--set), không phải của quy định"),
        "{vi}"
    );
    assert!(vi.contains("\nTham số\n") && vi.contains("· có hiệu lực vào ngày 2026-06-30 ·"), "{vi}");
    let en = text("en");
    assert!(en.contains("Ngưỡng điểm HTXS (nguong_htxs): 85 — simulated value (--set), not the rules' own"), "{en}");
    assert!(en.contains("\nParameters\n") && en.contains("· in force on 2026-06-30 ·"), "{en}");
}
