//! What the main commands print, whole, on the bundled rule files: standard output, standard
//! error and the exit code of each, as snapshots (`tests/snapshots/`, insta-cmd). A change of a
//! command's output shows as a diff of its snapshot; review it with `cargo insta review` (or
//! rerun with `INSTA_UPDATE=always` and read `git diff`). The test command runs with
//! `INSTA_UPDATE=no`, so a snapshot that differs fails.
//!
//! The commands run from the repository root with relative paths, so that the output names files
//! as a user sees them; nothing they print depends on the machine.
#![allow(clippy::unwrap_used, reason = "tests")]

use std::path::{Path, PathBuf};
use std::process::Command;

use insta_cmd::{assert_cmd_snapshot, get_cargo_bin};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().unwrap()
}

/// `tieuchi ARGS…` from the repository root.
fn tieuchi(args: &[&str]) -> Command {
    let mut cmd = Command::new(get_cargo_bin("tieuchi"));
    cmd.current_dir(root()).args(args).env_remove("LANG").env_remove("TIEUCHI_LANG");
    cmd
}

const ND335: &str = "rules/cong-chuc/nd335-2025.tieuchi";
const HTT: &str = "rules/cong-chuc/examples/nd335-htt.json";
const SAMPLE: &str = "bindings/tieuchi-py/examples/cong_chuc_2026.csv";

#[test]
fn check_a_folder_of_rule_files() {
    assert_cmd_snapshot!(tieuchi(&["check", "rules/"]));
}

#[test]
fn check_a_rule_file_with_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(root().join(ND335)).unwrap().replacen(">= 70", ">= tong_htt", 1);
    std::fs::write(dir.path().join("nd335.tieuchi"), text).unwrap();
    let mut cmd = tieuchi(&["--lang", "en", "check", "nd335.tieuchi"]);
    cmd.current_dir(dir.path());
    assert_cmd_snapshot!(cmd);
}

#[test]
fn eval_json() {
    assert_cmd_snapshot!(tieuchi(&["eval", ND335, HTT, "--on", "2026-12-10"]));
}

#[test]
fn eval_text() {
    assert_cmd_snapshot!(tieuchi(&["eval", ND335, HTT, "--format", "text"]));
}

#[test]
fn eval_text_in_english() {
    assert_cmd_snapshot!(tieuchi(&["--lang", "en", "eval", ND335, HTT, "--format", "text"]));
}

#[test]
fn eval_refuses_evidence_with_every_problem() {
    let evidence = r#"{"tieu_chi_chung": 31, "suy_thoai": "no", "diem": 1}"#;
    assert_cmd_snapshot!(tieuchi(&["eval", ND335, "-"]).pass_stdin(evidence));
}

#[test]
fn batch_summary_table() {
    assert_cmd_snapshot!(tieuchi(&[
        "batch",
        "rules/cong-chuc",
        SAMPLE,
        "--on",
        "2026-12-10",
        "--to",
        "jsonl",
        "--summary",
        "table"
    ]));
}

#[test]
fn batch_summary_json() {
    assert_cmd_snapshot!(tieuchi(&["batch", "rules/cong-chuc", SAMPLE, "--on", "2026-12-10", "--summary", "json"]));
}

#[test]
fn explain_a_code() {
    assert_cmd_snapshot!(tieuchi(&["explain", "check::unknown-name"]));
}

#[test]
fn explain_a_finding_in_english() {
    assert_cmd_snapshot!(tieuchi(&["--lang", "en", "explain", "quota-demoted"]));
}

#[test]
fn fmt_check_of_the_rule_library() {
    assert_cmd_snapshot!(tieuchi(&["fmt", "--check", "rules/"]));
}

#[test]
fn fmt_check_of_a_file_that_would_change() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(root().join(ND335)).unwrap().replacen("  score tong", "  score   tong", 1);
    std::fs::write(dir.path().join("nd335.tieuchi"), text).unwrap();
    let mut cmd = tieuchi(&["fmt", "--check", "nd335.tieuchi"]);
    cmd.current_dir(dir.path());
    assert_cmd_snapshot!(cmd);
}

#[test]
fn diff_of_a_parameter() {
    assert_cmd_snapshot!(tieuchi(&[
        "--lang",
        "en",
        "diff",
        ND335,
        ND335,
        SAMPLE,
        "--on",
        "2026-12-10",
        "--changed-only",
        "--after-set",
        "nguong_htxs=95"
    ]));
}

#[test]
fn inputs_of_a_rule_set() {
    assert_cmd_snapshot!(tieuchi(&["inputs", ND335]));
}

#[test]
fn help_in_vietnamese() {
    assert_cmd_snapshot!(tieuchi(&["--help"]));
}

#[test]
fn help_of_a_command_in_english() {
    assert_cmd_snapshot!(tieuchi(&["--lang", "en", "batch", "--help"]));
}

#[test]
fn a_mistyped_command_and_a_wrong_value() {
    assert_cmd_snapshot!(tieuchi(&["evall", ND335]));
    assert_cmd_snapshot!(tieuchi(&["batch", ND335, SAMPLE, "--summary", "bang"]));
}
