//! `tieuchi fmt`, end to end: in place, to standard output, `--check` for CI, and files that do
//! not parse left alone.

#![allow(clippy::indexing_slicing, clippy::panic, clippy::expect_used, clippy::unwrap_used, reason = "tests")]

use std::path::Path;

use assert_cmd::Command;
use predicates::prelude::*;

const MESSY: &str =
    "ruleset a \"A\" {\n      input x \"X\" : bool\noutcome k \"K\" { d \"D\" when x   k \"K\" otherwise }\n}\n";
const FORMATTED: &str =
    "ruleset a \"A\" {\n  input x \"X\": bool\n  outcome k \"K\" {\n    d \"D\" when x\n    k \"K\" otherwise\n  }\n}\n";
const BROKEN: &str = "ruleset hong \"Hỏng\" {\n  input x \"X\" number\n}\n";

fn tieuchi(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("tieuchi").unwrap();
    cmd.current_dir(dir);
    cmd
}

fn folder(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    dir
}

fn read(dir: &tempfile::TempDir, name: &str) -> String {
    std::fs::read_to_string(dir.path().join(name)).unwrap()
}

#[test]
fn fmt_rewrites_every_rule_file_of_a_folder_in_place() {
    let dir = folder(&[("rules/a.tieuchi", MESSY), ("rules/sub/b.tieuchi", FORMATTED), ("rules/a.cases.json", "[]")]);
    tieuchi(dir.path()).args(["fmt", "rules"]).assert().success().stdout("");
    assert_eq!(read(&dir, "rules/a.tieuchi"), FORMATTED);
    assert_eq!(read(&dir, "rules/sub/b.tieuchi"), FORMATTED);
    assert_eq!(read(&dir, "rules/a.cases.json"), "[]", "only rule files are formatted");
}

#[test]
fn fmt_check_names_the_files_that_would_change_shows_the_diff_and_changes_nothing() {
    let dir = folder(&[("a.tieuchi", MESSY), ("b.tieuchi", FORMATTED)]);
    tieuchi(dir.path())
        .args(["fmt", "--check", "a.tieuchi", "b.tieuchi"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("--- a.tieuchi"))
        .stdout(predicate::str::contains("+++ a.tieuchi (đã định dạng)"))
        .stdout(predicate::str::contains("\n-      input x \"X\" : bool\n"))
        .stdout(predicate::str::contains("\n+  input x \"X\": bool\n"))
        .stderr(predicate::str::contains("sẽ định dạng lại a.tieuchi"))
        .stderr(predicate::str::contains("sẽ định dạng lại b.tieuchi").not())
        .stderr(predicate::str::contains("1 trên 2 tệp quy tắc cần định dạng lại"));
    tieuchi(dir.path())
        .args(["--lang", "en", "fmt", "--check", "a.tieuchi", "b.tieuchi"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("+++ a.tieuchi (formatted)"))
        .stderr(predicate::str::contains("would reformat a.tieuchi"))
        .stderr(predicate::str::contains("1 of 2 rule files would be reformatted"));
    assert_eq!(read(&dir, "a.tieuchi"), MESSY);

    tieuchi(dir.path()).args(["fmt", "--check", "b.tieuchi"]).assert().success().stdout("");
}

#[test]
fn fmt_stdout_prints_the_formatted_file_and_leaves_it() {
    let dir = folder(&[("a.tieuchi", MESSY)]);
    tieuchi(dir.path()).args(["fmt", "--stdout", "a.tieuchi"]).assert().success().stdout(FORMATTED);
    assert_eq!(read(&dir, "a.tieuchi"), MESSY);
}

#[test]
fn fmt_reads_standard_input_for_a_dash() {
    let dir = folder(&[]);
    tieuchi(dir.path()).args(["fmt", "-"]).write_stdin(MESSY).assert().success().stdout(FORMATTED);
}

#[test]
fn fmt_reports_a_file_that_does_not_parse_with_its_location_and_leaves_it_alone() {
    let dir = folder(&[("hong.tieuchi", BROKEN), ("a.tieuchi", MESSY)]);
    tieuchi(dir.path())
        .args(["fmt", "."])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("hong.tieuchi:2:15"))
        .stderr(predicate::str::contains("cần `:`"));
    assert_eq!(read(&dir, "hong.tieuchi"), BROKEN);
    assert_eq!(read(&dir, "a.tieuchi"), FORMATTED, "the other files are still formatted");
}

#[test]
fn the_rule_library_is_formatted() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    tieuchi(&root).args(["fmt", "--check", "rules/"]).assert().success();
}
