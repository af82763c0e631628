//! The README's opening example: its sketch of a rule set checks, and its evidence gives what the
//! README shows, through the sketch and through the bundled rule file it is taken from.
#![allow(clippy::indexing_slicing, clippy::panic, clippy::expect_used, clippy::unwrap_used, reason = "tests")]

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The README's text before its first section: the sketch, the evidence, and the result shown.
struct Intro {
    sketch: String,
    evidence: String,
    shown: String,
}

fn intro() -> Intro {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let intro = &readme[..readme.find("\n## ").unwrap()];
    let blocks: Vec<&str> = intro.split("```").skip(1).step_by(2).collect();
    assert_eq!(blocks.len(), 2, "the introduction has a sketch and a result");
    let after = &intro[intro.find("Evidence `").unwrap() + "Evidence `".len()..];
    Intro {
        sketch: blocks[0].trim_start_matches('\n').to_owned(),
        evidence: after[..after.find('`').unwrap()].to_owned(),
        shown: blocks[1].trim_start_matches("json").to_owned(),
    }
}

fn evaluate(rules: &Path, evidence: &Path) -> Value {
    let out = Command::cargo_bin("tieuchi")
        .unwrap()
        .current_dir(root())
        .args(["eval".as_ref(), rules.as_os_str(), evidence.as_os_str(), "--on".as_ref(), "2026-06-30".as_ref()])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

/// A value the README shows, read from its abridged JSON (`…` stands for what is left out).
fn shown_value<'t>(shown: &'t str, key: &str) -> &'t str {
    let at = shown.find(&format!("\"{key}\": ")).unwrap() + key.len() + 4;
    let rest = &shown[at..];
    let rest = rest.trim_start_matches('"');
    &rest[..rest.find('"').unwrap()]
}

#[test]
fn the_introduction_gives_what_it_shows_with_its_sketch_and_with_the_bundled_rule_file() {
    let intro = intro();
    let folder = tempfile::tempdir().unwrap();
    let sketch = folder.path().join("sketch.tieuchi");
    std::fs::write(&sketch, &intro.sketch).unwrap();
    let evidence = folder.path().join("evidence.json");
    std::fs::write(&evidence, &intro.evidence).unwrap();
    let bundled = root().join("rules/cong-chuc/nd335-2025.tieuchi");
    for rules in [sketch.as_path(), bundled.as_path()] {
        let result = evaluate(rules, &evidence);
        let context = format!("{}: {result}", rules.display());
        assert_eq!(result["status"], shown_value(&intro.shown, "status"), "{context}");
        assert_eq!(result["outcome"]["id"], shown_value(&intro.shown, "id"), "{context}");
        assert_eq!(result["outcome"]["decided_by"], shown_value(&intro.shown, "decided_by"), "{context}");
        assert_eq!(result["scores"]["tong"]["value"], shown_value(&intro.shown, "value"), "{context}");
        // The steps the README shows, in its order, among the trace's (it leaves some out).
        let trace = result["trace"].as_array().unwrap();
        let shown_rules: Vec<&str> =
            intro.shown.split("\"rule\": \"").skip(1).map(|r| &r[..r.find('"').unwrap()]).collect();
        let mut steps = trace.iter();
        for rule in &shown_rules {
            let step = steps.find(|step| step["rule"] == *rule).unwrap_or_else(|| panic!("no `{rule}`: {context}"));
            assert_eq!(step["holds"], false, "{context}");
        }
        let htxs = trace.iter().find(|step| step["rule"] == "xep_loai.htxs").unwrap();
        assert_eq!(htxs["conditions"][0]["condition"], shown_value(&intro.shown, "condition"), "{context}");
        assert_eq!(htxs["conditions"][0]["values"]["tong"], shown_value(&intro.shown, "value"), "{context}");
    }
}

/// The README's layer example: its command gives the outcome it shows, naming the layer.
#[test]
fn the_layer_example_gives_the_outcome_and_layer_it_shows() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let section = &readme[readme.find("\n## Layers").unwrap()..];
    let section = &section[..section[1..].find("\n## ").unwrap()];
    let blocks: Vec<&str> = section.split("```").skip(1).step_by(2).collect();
    let command = blocks.iter().find(|b| b.starts_with("sh")).unwrap();
    let shown = blocks.iter().find(|b| b.starts_with("json")).unwrap();
    let evidence = command.split('\'').nth(1).unwrap();
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("layer.json");
    std::fs::write(&path, evidence).unwrap();
    let eval = command.lines().find(|l| l.starts_with("tieuchi eval")).unwrap();
    let args: Vec<String> = eval
        .split_whitespace()
        .skip(1)
        .map(|a| if a == "layer.json" { path.to_str().unwrap().to_owned() } else { a.to_owned() })
        .collect();
    let out = Command::cargo_bin("tieuchi").unwrap().current_dir(root()).args(&args).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let result: Value = serde_json::from_slice(&out.stdout).unwrap();
    let outcome = &result["outcome"];
    assert_eq!(outcome["id"], shown_value(shown, "id"), "{result}");
    assert_eq!(outcome["decided_by"], shown_value(shown, "decided_by"), "{result}");
    assert_eq!(outcome["source"], shown_value(shown, "source"), "{result}");
    let layer_shown = &shown[shown.find("\"layer\"").unwrap()..];
    assert_eq!(outcome["layer"]["id"], shown_value(layer_shown, "id"), "{result}");
    assert_eq!(outcome["layer"]["source"], shown_value(layer_shown, "source"), "{result}");
    assert_eq!(result["params"]["nguong_htxs"]["value"], shown_value(shown, "value"), "{result}");
}
