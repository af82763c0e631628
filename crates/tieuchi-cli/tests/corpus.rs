//! The shared case corpus (`tests/corpus/*.json`) through the command line: `tieuchi eval` of each
//! case's rule file and evidence (`--on`, `--no-trace` as the case says, `--error-format json`)
//! must print exactly the recorded result, keys in the same order, or refuse the evidence with
//! exactly the recorded errors (`{code, field}`, as the Rust, Python and WebAssembly runs of the
//! corpus read them). The core, Python and wasm runs of the same files are
//! `crates/tieuchi/tests/corpus.rs`, `bindings/tieuchi-py/tests/test_cli.py` and
//! `bindings/tieuchi-wasm/test/corpus.test.mjs`.
#![allow(clippy::indexing_slicing, clippy::panic, clippy::expect_used, clippy::unwrap_used, reason = "tests")]

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::{json, Value};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Cases where the command line, by design, does not give the engine's result, with what it
/// gives instead and why. Given a rule file, the command chooses the version in force on the
/// evaluation date (as with a folder), so a date before the file's validity is refused; the
/// engine evaluates a rule set it is handed whatever the date, with a `not-in-force` finding.
const THE_COMMAND_CHOOSES: &[(&str, &str)] = &[("nd335-before-in-force.json", "select::none-in-force")];

/// What `tieuchi eval` gives for one corpus case, in the corpus's own shape; the codes of a
/// refusal to choose a version (`select::…`) as `{"select": [codes]}`.
fn actual(case: &Value) -> Value {
    let rules = case["rules"].as_str().expect("`rules` names a rule file");
    let mut cmd = Command::cargo_bin("tieuchi").unwrap();
    cmd.current_dir(root()).args(["eval", rules, "-", "--error-format", "json"]);
    if let Some(on) = case["on"].as_str() {
        cmd.args(["--on", on]);
    }
    if !case["trace"].as_bool().unwrap_or(false) {
        cmd.arg("--no-trace");
    }
    let out = cmd.write_stdin(case["evidence"].to_string()).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    if out.status.success() {
        return json!({ "result": serde_json::from_slice::<Value>(&out.stdout).unwrap() });
    }
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    // One error record per line on standard error.
    let records: Vec<Value> = stderr
        .lines()
        .filter(|l| l.starts_with('{'))
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect();
    assert!(!records.is_empty(), "exit 1 with no error record: {stderr}");
    if records.iter().all(|r| r["code"].as_str().is_some_and(|c| c.starts_with("select::"))) {
        return json!({ "select": records.iter().map(|r| r["code"].clone()).collect::<Vec<_>>() });
    }
    // An evidence error names its field; an evaluation error its rule's place.
    let errors: Vec<Value> = records
        .iter()
        .map(|r| {
            let field = match r["field"].as_str() {
                Some(field) => json!(field),
                None => json!(format!("{}:{}:{}", r["file"].as_str().unwrap(), r["line"], r["column"])),
            };
            json!({ "code": r["code"], "field": field })
        })
        .collect();
    json!({ "errors": errors })
}

#[test]
fn every_corpus_case_gives_its_recorded_result_through_the_command_line() {
    let dir = root().join("tests/corpus");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    paths.sort();
    assert!(paths.len() >= 10, "only {} corpus cases", paths.len());
    let mut failures = Vec::new();
    let mut chosen = Vec::new();
    for path in &paths {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let case: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        let got = actual(&case);
        if let Some((_, code)) = THE_COMMAND_CHOOSES.iter().find(|(file, _)| *file == name) {
            chosen.push(name.clone());
            if got != json!({ "select": [code] }) {
                failures.push(format!("{name}: expected the command to refuse with {code}, got {got}"));
            }
            continue;
        }
        assert!(case.get("result").is_some() != case.get("errors").is_some(), "{name}: `result` or `errors`");
        for key in ["result", "errors"] {
            // The same JSON text: values and key order.
            let (expected, actual) = (case[key].to_string(), got[key].to_string());
            if expected != actual {
                failures.push(format!(
                    "{name} ({key}):\nexpected {}\nactual   {}",
                    serde_json::to_string_pretty(&case[key]).unwrap(),
                    serde_json::to_string_pretty(&got[key]).unwrap()
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    assert_eq!(chosen.len(), THE_COMMAND_CHOOSES.len(), "THE_COMMAND_CHOOSES names a case the corpus lacks");
}
