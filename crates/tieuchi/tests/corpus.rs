//! The shared case corpus (`tests/corpus/*.json`) through the Rust engine.

use std::path::{Path, PathBuf};

use serde_json::{json, Value};
use tieuchi::{EvaluateError, Options, RuleSet};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// What the engine gives for one corpus case, in the corpus's own shape.
#[expect(clippy::expect_used, clippy::panic, reason = "a malformed corpus case stops the test")]
fn actual(case: &Value) -> Value {
    let name = case["rules"].as_str().expect("`rules` names a rule file");
    let text = std::fs::read_to_string(root().join(name)).expect("the rule file exists");
    let rules = RuleSet::compile(name, &text).unwrap_or_else(|e| panic!("{}", e.render_plain()));
    let on = case["on"].as_str().map(|d| d.parse().expect("`on` is a date"));
    let options = Options { on, trace: case["trace"].as_bool().unwrap_or(false), ..Default::default() };
    match rules.evaluate(&case["evidence"], &options) {
        Ok(result) => json!({ "result": result.to_wire() }),
        Err(EvaluateError::Evidence(errors)) => {
            json!({ "errors": errors.iter().map(|e| json!({"code": e.code.as_str(), "field": e.field})).collect::<Vec<_>>() })
        }
        Err(EvaluateError::Eval(e)) => {
            json!({ "errors": [{"code": e.code.as_str(), "field": e.location.to_string()}] })
        }
    }
}

#[test]
fn every_corpus_case_gives_its_recorded_result() {
    let dir = root().join("tests/corpus");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("tests/corpus exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    paths.sort();
    let bless = std::env::var_os("TIEUCHI_BLESS").is_some();
    let mut failures = Vec::new();
    for path in &paths {
        let text = std::fs::read_to_string(path).expect("readable case");
        let mut case: Value = serde_json::from_str(&text).expect("a case is JSON");
        let got = actual(&case);
        if bless {
            let map = case.as_object_mut().expect("a case is an object");
            map.remove("result");
            map.remove("errors");
            for key in ["result", "errors"] {
                if !got[key].is_null() {
                    map.insert(key.to_owned(), got[key].clone());
                }
            }
            std::fs::write(path, serde_json::to_string_pretty(&case).expect("serializable") + "\n").expect("writable");
            continue;
        }
        for key in ["result", "errors"] {
            if case[key] != got[key] {
                failures.push(format!(
                    "{} ({key}):\nexpected {}\nactual   {}",
                    path.display(),
                    serde_json::to_string_pretty(&case[key]).unwrap_or_default(),
                    serde_json::to_string_pretty(&got[key]).unwrap_or_default()
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    assert!(bless || !paths.is_empty(), "the corpus is empty");
}
