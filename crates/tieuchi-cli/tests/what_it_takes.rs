//! `tieuchi eval --what-it-takes`: the README's examples give what the README shows, and the JSON
//! carries the same record.
#![allow(clippy::indexing_slicing, clippy::panic, clippy::expect_used, clippy::unwrap_used, reason = "tests")]

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn tieuchi(args: &[&str]) -> String {
    let out = Command::cargo_bin("tieuchi").unwrap().current_dir(root()).args(args).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

/// The README's `--what-it-takes` commands, each with the output block after it.
fn readme_examples() -> Vec<(Vec<String>, Vec<String>)> {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let section = &readme[readme.find("## What it takes").unwrap()..];
    let section = &section[..section[3..].find("\n## ").unwrap()];
    let blocks: Vec<&str> = section.split("```").skip(1).step_by(2).collect();
    blocks
        .chunks(2)
        .map(|pair| {
            let command = pair[0].trim().strip_prefix("cargo run -q -p tieuchi-cli -- ").unwrap();
            let args = command.split_whitespace().map(str::to_owned).collect();
            (args, pair[1].trim().lines().map(str::to_owned).collect())
        })
        .collect()
}

#[test]
fn the_readme_examples_give_what_the_readme_shows() {
    let examples = readme_examples();
    assert_eq!(examples.len(), 2);
    for (args, shown) in examples {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let actual = tieuchi(&args);
        for line in shown {
            // `…` shortens a citation: the line up to it must be there.
            let expected = line.split('…').next().unwrap();
            assert!(actual.lines().any(|l| l.starts_with(expected)), "`{line}` is not in\n{actual}");
        }
    }
}

#[test]
fn the_json_result_carries_the_goals_only_when_asked() {
    let rules = "rules/cong-chuc/nd335-2025.tieuchi";
    let example = "rules/cong-chuc/examples/nd335-htt.json";
    let plain: Value = serde_json::from_str(&tieuchi(&["eval", rules, example])).unwrap();
    assert!(plain.get("what_it_takes").is_none());
    let asked: Value = serde_json::from_str(&tieuchi(&["eval", rules, example, "--what-it-takes"])).unwrap();
    let goals = &asked["what_it_takes"]["goals"];
    assert_eq!(goals[0]["tier"], "htxs");
    assert_eq!(goals[0]["ways"][0][0]["by"], "3.75");
    let Some(Value::Object(mut without)) = Some(asked.clone()) else { unreachable!() };
    without.remove("what_it_takes");
    assert_eq!(Value::Object(without), plain, "asking changes nothing else");
}

#[test]
fn a_result_recorded_with_what_it_takes_verifies() {
    let rules = "rules/cong-chuc/nd335-2025.tieuchi";
    let example = "rules/cong-chuc/examples/nd335-thieu-ket-qua.json";
    let recorded = tieuchi(&["eval", rules, example, "--what-it-takes"]);
    let scratch_dir = tempfile::Builder::new().prefix("tieuchi-takes-").tempdir().unwrap();
    let dir = scratch_dir.path();
    let path = dir.join("result.json");
    std::fs::write(&path, &recorded).unwrap();
    let out = tieuchi(&["verify", path.to_str().unwrap(), example, rules]);
    assert!(out.starts_with("tái lập được"), "{out}");
    // What it takes is part of the record: an edited sentence is a difference.
    std::fs::write(&path, recorded.replace("Còn thiếu: Kết quả", "Còn thiếu: Kết qủa")).unwrap();
    let out = Command::cargo_bin("tieuchi")
        .unwrap()
        .current_dir(root())
        .args(["verify", path.to_str().unwrap(), example, rules])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("what_it_takes.pending.text"),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}
