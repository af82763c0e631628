//! The shared error corpus (`tests/errors/*.json`) through the command: `check` and `eval` with
//! JSON errors give exactly the error records the engine, Python and JavaScript give.
#![allow(clippy::indexing_slicing, clippy::panic, clippy::expect_used, clippy::unwrap_used, reason = "tests")]

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The JSON lines of a stream, each one record.
fn records(text: &[u8]) -> Vec<Value> {
    String::from_utf8_lossy(text)
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// What the command gives for a case: the error records it prints.
fn actual(case: &Value, scratch: &Path) -> Vec<Value> {
    // Rule text of the case's own is written where its name says, and the command runs there.
    let (dir, rules) = match case.get("source") {
        Some(source) => {
            let name = source["name"].as_str().unwrap();
            std::fs::write(scratch.join(name), source["text"].as_str().unwrap()).unwrap();
            (scratch.to_path_buf(), name.to_owned())
        }
        None => (root(), case["rules"].as_str().unwrap().to_owned()),
    };
    let kind = case["failure"]["kind"].as_str().unwrap();
    if kind == "compile" {
        let output = Command::cargo_bin("tieuchi")
            .unwrap()
            .current_dir(&dir)
            .args(["check", &rules, "--error-format", "json"])
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(1));
        return records(&output.stderr);
    }
    let mut cmd = Command::cargo_bin("tieuchi").unwrap();
    cmd.current_dir(&dir).args(["eval", &rules, "-", "--format", "json", "--error-format", "json"]);
    if let Some(on) = case.get("on").and_then(Value::as_str) {
        cmd.args(["--on", on]);
    }
    if let Some(id) = case.get("ruleset").and_then(Value::as_str) {
        cmd.args(["--ruleset", id]);
    }
    let output = cmd.write_stdin(case["evidence"].to_string()).output().unwrap();
    assert_eq!(output.status.code(), Some(1), "{}", String::from_utf8_lossy(&output.stderr));
    let on_stderr = records(&output.stderr);
    if kind == "select" {
        return on_stderr;
    }
    // The document on standard output holds the same records as standard error.
    let document: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(document["status"], "error");
    let errors = document["errors"].as_array().unwrap().clone();
    assert_eq!(errors, on_stderr);
    errors
}

#[test]
fn every_bad_input_gives_the_recorded_error_records() {
    let scratch_dir = tempfile::Builder::new().prefix("tieuchi-errors-").tempdir().unwrap();
    let scratch = scratch_dir.path();
    let mut paths: Vec<PathBuf> = std::fs::read_dir(root().join("tests/errors"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    paths.sort();
    assert!(!paths.is_empty());
    for path in paths {
        let case: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let expected = case["failure"]["errors"].as_array().unwrap();
        assert_eq!(&actual(&case, scratch), expected, "{}", path.display());
    }
}

/// Every record renders through miette the one way the command renders diagnostics on a terminal.
fn graphical(record: &tieuchi::ErrorRecord) -> String {
    let handler = miette::GraphicalReportHandler::new_themed(miette::GraphicalTheme::unicode_nocolor());
    let mut out = String::new();
    handler.render_report(&mut out, record).unwrap_or_default();
    out
}

#[test]
fn an_arithmetic_error_renders_its_line_with_the_expression_marked() {
    let rules = tieuchi::RuleSet::compile(
        "chia.tieuchi",
        "ruleset chia \"Chia\" {\n  input a \"A\": integer in 0..10\n  input b \"B\": integer in 0..10\n  let thuong = a / b\n  outcome k \"K\" {\n    lon \"Lớn\" when thuong >= 1\n    nho \"Nhỏ\" otherwise\n  }\n}\n",
    )
    .unwrap_or_else(|e| panic!("{}", e.render_plain()));
    let error = rules.evaluate(&serde_json::json!({"a": 3, "b": 0}), &tieuchi::Options::default()).unwrap_err();
    let failure = tieuchi::Failure::evaluate(&error, tieuchi::Lang::En);
    let out = graphical(&failure.errors[0]);
    assert!(out.contains("eval::division-by-zero"), "{out}");
    assert!(out.contains("[chia.tieuchi:4:16]"), "{out}");
    assert!(out.contains("4 │   let thuong = a / b"), "{out}");
    assert!(out.contains("   ·                ─────"), "the expression `a / b` is marked: {out}");
    assert!(out.contains("guard the division"), "{out}");
}

#[test]
fn an_evidence_error_renders_its_field_and_help() {
    let rules = tieuchi::RuleSet::compile(
        "d.tieuchi",
        "ruleset d \"D\" {\n  input diem \"Điểm\": number in 0..10\n  outcome k \"K\" {\n    dat \"Đạt\" when diem >= 5\n    khong \"Không\" otherwise\n  }\n}\n",
    )
    .unwrap_or_else(|e| panic!("{}", e.render_plain()));
    let error = rules.evaluate(&serde_json::json!({"diem": 11}), &tieuchi::Options::default()).unwrap_err();
    let out = graphical(&tieuchi::Failure::evaluate(&error, tieuchi::Lang::En).errors[0]);
    assert!(out.contains("evidence::out-of-range") && out.contains("`diem`: 11 is outside"), "{out}");
    assert!(out.contains("help:"), "{out}");
}
