//! The shared error corpus (`tests/errors/*.json`) through the Rust engine: every bad input gives
//! exactly the recorded failure record. The command line, Python and JavaScript run the same files.
#![allow(clippy::indexing_slicing, clippy::panic, clippy::expect_used, clippy::unwrap_used, reason = "tests")]

use std::path::{Path, PathBuf};

use serde_json::Value;
use tieuchi::{Failure, Library, Options, SourceFile};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The rule files a case names, by their path from the repository root, or its own text.
fn sources(case: &Value) -> Vec<SourceFile> {
    if let Some(source) = case.get("source") {
        return vec![SourceFile::new(source["name"].as_str().unwrap(), source["text"].as_str().unwrap())];
    }
    let name = case["rules"].as_str().expect("`rules` or `source`");
    let path = root().join(name);
    let mut files: Vec<PathBuf> = if path.is_dir() {
        std::fs::read_dir(&path)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == "tieuchi"))
            .collect()
    } else {
        vec![path]
    };
    files.sort();
    files
        .iter()
        .map(|p| {
            let name = p.strip_prefix(root()).unwrap().display().to_string();
            SourceFile::new(name, std::fs::read_to_string(p).unwrap())
        })
        .collect()
}

/// What the engine gives for a case: its failure record, or `null` when nothing fails.
fn failure(case: &Value) -> Value {
    let library = match Library::compile(&sources(case)) {
        Ok(library) => library,
        Err(error) => return serde_json::to_value(Failure::compile(&error, tieuchi::Lang::default())).unwrap(),
    };
    let on = case.get("on").and_then(Value::as_str).map(|d| d.parse().unwrap());
    let rules = match library.select(case.get("ruleset").and_then(Value::as_str), on) {
        Ok(rules) => rules,
        Err(error) => return serde_json::to_value(Failure::select(&error, tieuchi::Lang::default())).unwrap(),
    };
    let Some(evidence) = case.get("evidence") else { return Value::Null };
    match rules.evaluate_json(&evidence.to_string(), &Options { on, trace: false, ..Default::default() }) {
        Ok(_) => Value::Null,
        Err(error) => serde_json::to_value(Failure::evaluate(&error, tieuchi::Lang::default())).unwrap(),
    }
}

#[test]
fn every_bad_input_gives_its_recorded_failure() {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(root().join("tests/errors"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    paths.sort();
    assert!(paths.len() >= 6, "the error corpus is short");
    let bless = std::env::var_os("TIEUCHI_BLESS").is_some();
    let mut failures = Vec::new();
    for path in &paths {
        let mut case: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        let got = failure(&case);
        assert!(!got.is_null(), "{}: nothing fails", path.display());
        if bless {
            case.as_object_mut().unwrap().insert("failure".to_owned(), got);
            std::fs::write(path, serde_json::to_string_pretty(&case).unwrap() + "\n").unwrap();
        } else if case["failure"] != got {
            failures.push(format!(
                "{}:\nexpected {}\nactual   {}",
                path.display(),
                serde_json::to_string_pretty(&case["failure"]).unwrap(),
                serde_json::to_string_pretty(&got).unwrap()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// Every kind of failure is in the corpus, and each record has what its kind needs.
#[test]
fn the_corpus_covers_every_kind_with_its_parts() {
    let mut kinds = std::collections::BTreeSet::new();
    for entry in std::fs::read_dir(root().join("tests/errors")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|x| x != "json") {
            continue;
        }
        let case: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let failure = &case["failure"];
        let kind = failure["kind"].as_str().unwrap().to_owned();
        for error in failure["errors"].as_array().unwrap() {
            let has = |key: &str| error.get(key).is_some_and(|v| !v.is_null());
            assert!(has("code") && has("message") && has("rendered"), "{}: {error}", path.display());
            match kind.as_str() {
                "compile" | "eval" => {
                    assert!(has("file") && has("line") && has("column") && has("source_line"), "{}", path.display());
                }
                "evidence" => assert!(has("field"), "{}", path.display()),
                _ => {}
            }
            if kind == "eval" {
                assert!(has("expression"), "{}", path.display());
            }
        }
        kinds.insert(kind);
    }
    assert_eq!(kinds.into_iter().collect::<Vec<_>>(), ["compile", "eval", "evidence", "select"]);
}
