//! Every case file of the rule library, run through `tieuchi batch` as well as `tieuchi test`:
//! one row per record, and on each the expected outcome, what decided it, status or error, and
//! every score and value expected, as the exact decimal text the row writes.
//!
//! A single-record case (`given`) is a record evaluated alone: a quota cannot apply to it (its
//! result carries `quota-pending`). Through `tieuchi batch` it runs too, without the keys its
//! rule set's quotas group by (read from the compiled rule set, `Batch::partition_keys`), so
//! that no quota group holds it and every expectation, the tier included, is compared as the
//! case states it.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::{json, Value};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn files(dir: &Path, suffix: &str, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            files(&path, suffix, out);
        } else if path.to_string_lossy().ends_with(suffix) {
            out.push(path);
        }
    }
}

/// Runs `records` through `tieuchi batch` with the family of the rule set `id` of `folder`; each
/// record is rated by the version in force on its own `on` (or `on` given here).
#[expect(clippy::unwrap_used, reason = "a test stops on unreadable output")]
fn batch(folder: &Path, id: &str, on: Option<&str>, records: &[Value]) -> Vec<Value> {
    let input: String = records.iter().fold(String::new(), |mut text, r| {
        text.push_str(&r.to_string());
        text.push('\n');
        text
    });
    let mut cmd = Command::cargo_bin("tieuchi").unwrap();
    cmd.arg("batch").arg(folder).args(["-", "--ruleset", id, "--summary", "none"]);
    if let Some(on) = on {
        cmd.args(["--on", on]);
    }
    let output = cmd.write_stdin(input).output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(output.status.code().is_some_and(|c| c <= 1), "{stderr}");
    String::from_utf8(output.stdout).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect()
}

/// The rule files of `folder`, compiled together as `tieuchi batch` compiles a folder.
#[expect(clippy::unwrap_used, reason = "the rule library compiles")]
fn library(folder: &Path) -> tieuchi::Library {
    let mut rule_files = Vec::new();
    files(folder, ".tieuchi", &mut rule_files);
    rule_files.sort();
    let sources: Vec<tieuchi::SourceFile> = rule_files
        .iter()
        .map(|p| tieuchi::SourceFile::new(p.to_string_lossy(), std::fs::read_to_string(p).unwrap()))
        .collect();
    tieuchi::Library::compile(&sources).unwrap()
}

/// The keys that the quotas of the version `id` group records by, as a batch of the compiled
/// rule set reads them; `None` when it has no quota.
fn quota_keys(library: &tieuchi::Library, id: &str) -> Option<Vec<String>> {
    let rules = library.get(id)?;
    tieuchi::batch::Batch::new(rules).partition_keys().map(|keys| keys.into_iter().map(str::to_owned).collect())
}

/// What a row says, in the terms of a case's expectation; `None` where it agrees.
fn disagreement(row: &Value, expect: &Value) -> Option<String> {
    let Some(map) = expect.as_object() else {
        return Some(format!("the expectation is not an object: {expect}"));
    };
    for (key, value) in map {
        let agrees = match key.as_str() {
            "status" => row["status"] == *value,
            "error" => row["errors"].as_array().is_some_and(|es| es.iter().any(|e| e["code"] == *value)),
            // The version that evaluated the record (a family case file chooses it by date).
            "ruleset" => row["ruleset"] == *value,
            // What set the tier: a rated row's `decided_by` column. A row not rated shows none
            // (the exclusion is among its findings), and a row carries no citation, deciding
            // layer nor what it takes: they are checked by `tieuchi test`, through the core's
            // case runner.
            "decided_by" if row["status"] == "rated" => row["decided_by"] == *value,
            "decided_by" | "citation" | "layer" | "what_it_takes" => true,
            // A score or value column: the same decimal, however written; a value the row does
            // not know (null) agrees with no expectation.
            _ if row.get(key).is_some() => same_value(&row[key], value),
            // Anything else names the outcome.
            _ => row["outcome"] == *value,
        };
        if !agrees {
            return Some(format!("{key}: expected {value}, row {row}"));
        }
    }
    None
}

/// A score or value as the row writes it against the case's expectation, exactly: the decimal
/// text the row gives (`"89.5"`, not `"89.50"` nor `89.5`), a yes/no or text as JSON. A number in
/// the case is read as its text (`90` expects `"90"`); a percent (`"70%"`) expects the fraction
/// the row writes (`"0.7"`), which is the same text the core's decimal gives for it.
fn same_value(row: &Value, expect: &Value) -> bool {
    match (row, expect) {
        (Value::String(text), Value::String(expected)) => match expected.strip_suffix('%') {
            Some(percent) => tieuchi::value::parse_exact_decimal(&format!("{percent}e-2"))
                .is_ok_and(|fraction| fraction.normalize().to_string() == *text),
            None => text == expected,
        },
        (Value::String(text), Value::Number(expected)) => *text == expected.to_string(),
        _ => row == expect,
    }
}

#[test]
fn every_case_file_gives_the_same_results_through_batch() {
    let mut case_files = Vec::new();
    files(&root().join("rules"), ".cases.json", &mut case_files);
    case_files.sort();
    assert!(!case_files.is_empty());
    let mut failures = Vec::new();
    let mut checked = 0;
    let mut pinned = 0;
    // Rows of single-record cases of rule sets with a quota, run without the quota's keys.
    let mut alone_with_quota = 0;
    for path in &case_files {
        let file: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        // A `family` file chooses the version by each case's date: `--on` it.
        let family = file["family"].as_str();
        let id = family.or_else(|| file["ruleset"].as_str()).unwrap();
        let folder = path.parent().unwrap();
        let library = library(folder);
        // The keys any version of the family groups a quota by: a record evaluated alone is in
        // no quota group.
        let mut keys: Vec<String> =
            library.family_of(id).iter().filter_map(|rules| quota_keys(&library, rules.id())).flatten().collect();
        keys.sort();
        keys.dedup();
        let cases = file["cases"].as_array().unwrap();
        assert!(!cases.is_empty(), "{}: no case", path.display());
        for case in cases {
            let on = case["on"].as_str();
            let (records, expects, alone): (Vec<Value>, Vec<Value>, bool) = match (&case["given"], &case["batch"]) {
                (Value::Object(_), _) => (vec![case["given"].clone()], vec![case["expect"].clone()], true),
                (_, Value::Array(records)) => (records.clone(), case["expect"].as_array().unwrap().clone(), false),
                _ => panic!("{}: `{}` has neither `given` nor `batch`", path.display(), case["name"]),
            };
            assert_eq!(records.len(), expects.len(), "{}: `{}`", path.display(), case["name"]);
            let records: Vec<Value> = records
                .into_iter()
                .map(|mut r| {
                    if let Some(map) = r.as_object_mut() {
                        if let Some(on) = on {
                            map.entry("on").or_insert(json!(on));
                        }
                        if alone {
                            map.retain(|field, _| !keys.contains(field));
                        }
                    }
                    r
                })
                .collect();
            let rows = batch(folder, id, family.and(on), &records);
            if rows.len() != records.len() {
                failures.push(format!(
                    "{}: `{}`: {} rows for {} records",
                    path.display(),
                    case["name"],
                    rows.len(),
                    records.len()
                ));
                continue;
            }
            for (row, expect) in rows.iter().zip(&expects) {
                // A `ruleset` case dated outside that version's validity pins the version (as
                // `tieuchi test` and `eval --ruleset` without a date do); a batch rates each record
                // by the version in force on its date, so such a case is the family's business.
                if family.is_none() && row["ruleset"] != file["ruleset"] && row["ruleset"].is_string() {
                    pinned += 1;
                    continue;
                }
                checked += 1;
                let with_quota = row["ruleset"].as_str().and_then(|id| quota_keys(&library, id));
                if alone && with_quota.is_some() {
                    alone_with_quota += 1;
                    if row["decided_by"] == "quota" {
                        failures.push(format!(
                            "{}: `{}`: a record alone, without the keys {keys:?}, was decided by a quota: {row}",
                            path.display(),
                            case["name"]
                        ));
                    }
                }
                if row["decided_by"] == "quota" && with_quota.is_none() {
                    failures.push(format!(
                        "{}: `{}`: a row decided by a quota its rule set lacks",
                        path.display(),
                        case["name"]
                    ));
                }
                if let Some(why) = disagreement(row, expect) {
                    failures.push(format!("{}: `{}`: {why}", path.display(), case["name"]));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{} of {checked} rows disagree:\n{}", failures.len(), failures.join("\n"));
    assert!(checked > 100, "only {checked} rows checked");
    assert!(alone_with_quota > 40, "only {alone_with_quota} single cases of rule sets with a quota checked");
    // Two cases of `ruleset` files rate a family's record with the version not in force on its
    // date; `tieuchi test` runs them.
    assert_eq!(pinned, 2, "cases that pin a version outside its validity");
}
