//! Results an auditor can check: `tieuchi eval` gives the same bytes every time, the shared
//! corpus's results (envelope included) through the command, and `tieuchi verify`.
#![allow(clippy::indexing_slicing, clippy::panic, clippy::expect_used, clippy::unwrap_used, reason = "tests")]

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn tieuchi() -> Command {
    let mut cmd = Command::cargo_bin("tieuchi").unwrap();
    cmd.current_dir(root());
    cmd
}

#[expect(clippy::unwrap_used, reason = "a test stops on a broken setup")]
fn scratch(name: &str) -> tempfile::TempDir {
    tempfile::Builder::new().prefix(&format!("tieuchi-{name}-")).tempdir().unwrap()
}

/// `(rule folder, example)` for every example of `rules/`, as paths from the repository root.
fn examples() -> Vec<(String, String)> {
    let mut out = Vec::new();
    for dir in std::fs::read_dir(root().join("rules")).unwrap() {
        let dir = dir.unwrap().path();
        let Ok(entries) = std::fs::read_dir(dir.join("examples")) else { continue };
        let folder = dir.strip_prefix(root()).unwrap().display().to_string();
        for example in entries {
            let example = example.unwrap().path();
            out.push((folder.clone(), example.strip_prefix(root()).unwrap().display().to_string()));
        }
    }
    out.sort();
    out
}

/// The rule files of a folder, as paths from the repository root.
fn rule_files(folder: &str) -> Vec<String> {
    let mut files: Vec<String> = std::fs::read_dir(root().join(folder))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "tieuchi"))
        .map(|p| p.strip_prefix(root()).unwrap().display().to_string())
        .collect();
    files.sort();
    files
}

/// `tieuchi eval RULES EXAMPLE --ruleset ID` for each rule set of the folder that reads the example.
fn results_of(folder: &str, example: &str) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    for file in rule_files(folder) {
        let text = std::fs::read_to_string(root().join(&file)).unwrap();
        let id = text
            .lines()
            .find_map(|l| l.trim().strip_prefix("ruleset ").and_then(|r| r.split_whitespace().next()))
            .unwrap()
            .to_owned();
        let run = tieuchi().args(["eval", folder, example, "--ruleset", &id]).output().unwrap();
        // A family named gives the version in force on the example's date.
        let chosen: Value = serde_json::from_slice(&run.stdout).unwrap_or_default();
        let chosen = chosen["rules"]["id"].as_str().unwrap_or_default().to_owned();
        if run.status.success() && !out.iter().any(|(c, _)| *c == chosen) {
            out.push((chosen, run.stdout));
        }
    }
    out
}

#[test]
fn eval_gives_the_same_bytes_each_time_and_verify_reproduces_every_example() {
    let scratch_dir = scratch("examples");
    let dir = scratch_dir.path();
    let mut verified = 0;
    for (folder, example) in examples() {
        for (id, first) in results_of(&folder, &example) {
            let second = tieuchi().args(["eval", &folder, &example, "--ruleset", &id]).output().unwrap().stdout;
            assert_eq!(first, second, "{example} with `{id}`");
            let result: Value = serde_json::from_slice(&first).unwrap();
            assert_eq!(result["engine"]["name"], "tieuchi");
            assert_eq!(result["rules"]["id"], id.as_str());
            assert_eq!(result["rules"]["sha256"].as_str().map(str::len), Some(64));
            let recorded = dir.join(format!("{id}.json"));
            std::fs::write(&recorded, &first).unwrap();
            let check = tieuchi().args(["verify"]).arg(&recorded).args([&example, &folder]).output().unwrap();
            let stdout = String::from_utf8(check.stdout).unwrap();
            assert!(check.status.success(), "{example} with `{id}`: {stdout}");
            assert!(stdout.starts_with(&format!("tái lập được: `{id}`")), "{stdout}");
            verified += 1;
        }
    }
    assert!(verified >= 18, "only {verified} examples verified");
}

#[test]
fn verify_names_a_changed_rule_file_first_and_fails() {
    let scratch_dir = scratch("changed");
    let dir = scratch_dir.path();
    let rules = dir.join("nd335-2025.tieuchi");
    let text = std::fs::read_to_string(root().join("rules/cong-chuc/nd335-2025.tieuchi")).unwrap();
    std::fs::write(&rules, &text).unwrap();
    let example = "rules/cong-chuc/examples/nd335-htt.json";
    let recorded = dir.join("result.json");
    let output = tieuchi().args(["eval"]).arg(&rules).args([example, "--on", "2026-06-30"]).output().unwrap();
    assert!(output.status.success());
    std::fs::write(&recorded, &output.stdout).unwrap();
    let verify_in = |lang: &str, format: &str| {
        let mut cmd = tieuchi();
        cmd.args(["--lang", lang, "verify"]).arg(&recorded).arg(example).arg(&rules);
        cmd.args(["--format", format]).output().unwrap()
    };
    let verify = |format: &str| verify_in("vi", format);
    assert!(verify("text").status.success());
    let output = verify_in("en", "text");
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(stdout.starts_with("reproduced: `cong_chuc_nd335` (rules sha256 "), "{stdout}");

    // One character of a label changed.
    std::fs::write(&rules, text.replacen("Hoàn thành tốt nhiệm vụ\"", "Hoàn thành tốt nhiệm vụ.\"", 1)).unwrap();
    let output = verify("text");
    assert_eq!(output.status.code(), Some(1));
    let stdout = String::from_utf8(output.stdout).unwrap();
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines[0], "không tái lập được: `cong_chuc_nd335`");
    assert!(lines[1].trim_start().starts_with("rules.sha256: đã lưu \""), "{stdout}");
    assert!(lines[1].contains(", nay là \""), "{stdout}");
    assert!(lines[1].ends_with(" (văn bản quy tắc không phải văn bản đã dùng để tạo ra kết quả)"), "{stdout}");
    assert!(stdout.contains("outcome.label"), "{stdout}");
    let output = verify_in("en", "text");
    assert_eq!(output.status.code(), Some(1));
    let stdout = String::from_utf8(output.stdout).unwrap();
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines[0], "not reproduced: `cong_chuc_nd335`");
    assert!(lines[1].trim_start().starts_with("rules.sha256: recorded \""), "{stdout}");
    assert!(lines[1].contains("the rule text is not the text the result was made with"), "{stdout}");

    let output = verify("json");
    assert_eq!(output.status.code(), Some(1));
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["reproduced"], false);
    assert_eq!(report["differences"][0]["path"], "rules.sha256");
    assert_eq!(report["result"]["outcome"]["label"], "Hoàn thành tốt nhiệm vụ.");
}

#[test]
fn verify_of_rules_that_do_not_hold_the_rule_set_is_an_error() {
    let scratch_dir = scratch("other");
    let dir = scratch_dir.path();
    let recorded = dir.join("result.json");
    let example = "rules/cong-chuc/examples/nd335-htt.json";
    let output = tieuchi().args(["eval", "rules/cong-chuc/nd335-2025.tieuchi", example]).output().unwrap();
    std::fs::write(&recorded, &output.stdout).unwrap();
    let output = tieuchi().arg("verify").arg(&recorded).args([example, "rules/van-hoa"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("verify::unknown-ruleset") && stderr.contains("`cong_chuc_nd335`"), "{stderr}");
    assert!(stderr.contains("các tệp quy tắc đã cho không có bộ quy tắc `cong_chuc_nd335`; chỉ có `"), "{stderr}");
    assert!(stderr.contains("= gợi ý: cung cấp các tệp quy tắc đã dùng để tạo ra kết quả"), "{stderr}");
    assert!(stderr.starts_with("lỗi: "), "{stderr}");
    let output =
        tieuchi().args(["--lang", "en", "verify"]).arg(&recorded).args([example, "rules/van-hoa"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("[verify::unknown-ruleset]"), "{stderr}");
    assert!(stderr.contains("the rules given hold no rule set `cong_chuc_nd335`; they hold `"), "{stderr}");
    assert!(stderr.contains("= help: give the rule files the result was made with"), "{stderr}");
    assert!(stderr.starts_with("error: "), "{stderr}");
    // Options of a batch's rows, given with one result.
    let output =
        tieuchi().arg("verify").arg(&recorded).args([example, "rules/cong-chuc", "--on", "2026-01-01"]).output();
    let stderr = String::from_utf8(output.unwrap().stderr).unwrap();
    assert!(stderr.contains("`--ruleset`, `--on` và `--from` chỉ dùng cho các hàng kết quả của lô"), "{stderr}");
}

/// The shared corpus (`tests/corpus`) through `tieuchi eval`: the same result, envelope and all,
/// that the Rust engine, Python and JavaScript give.
#[test]
fn the_shared_corpus_gives_its_recorded_results_through_eval() {
    let scratch_dir = scratch("corpus");
    let dir = scratch_dir.path();
    let mut cases: Vec<PathBuf> = std::fs::read_dir(root().join("tests/corpus"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    cases.sort();
    let mut compared = 0;
    for path in cases {
        let case: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let Some(expected) = case.get("result") else { continue };
        // The command chooses the version in force on the date and refuses a date outside every
        // window (`select::none-in-force`); the engine, given a rule set, rates with a finding.
        let findings = expected["findings"].as_array().into_iter().flatten();
        if findings.into_iter().any(|f| f["code"] == "not-in-force") {
            continue;
        }
        let evidence = dir.join("evidence.json");
        std::fs::write(&evidence, case["evidence"].to_string()).unwrap();
        let mut cmd = tieuchi();
        cmd.args(["eval", case["rules"].as_str().unwrap()]).arg(&evidence);
        if let Some(on) = case["on"].as_str() {
            cmd.args(["--on", on]);
        }
        if case["trace"].as_bool() != Some(true) {
            cmd.arg("--no-trace");
        }
        let output = cmd.output().unwrap();
        assert!(output.status.success(), "{}: {}", path.display(), String::from_utf8_lossy(&output.stderr));
        let actual: Value = serde_json::from_slice(&output.stdout).unwrap();
        assert_eq!(&actual, expected, "{}", path.display());
        compared += 1;
    }
    assert!(compared >= 5);
}

/// Records of one group where the HTXS quota keeps one of four candidates, a refused record, and
/// a record with a date of its own; written as JSON Lines in `dir`.
fn quota_records(dir: &Path) -> PathBuf {
    let points = [(30, 66), (30, 64), (30, 62), (30, 60), (25, 60), (25, 55), (25, 53), (25, 50), (22, 50), (20, 40)];
    let mut lines: Vec<String> = points
        .iter()
        .enumerate()
        .map(|(i, (a, b))| {
            serde_json::json!({"id": format!("CC-{i:02}"), "co_quan": "Sở Nội vụ", "nhom": "Chuyên viên",
                               "tieu_chi_chung": a, "ket_qua_nhiem_vu": b, "suy_thoai": false, "don_vi_tham_nhung": false})
            .to_string()
        })
        .collect();
    lines.push(r#"{"id": "bad", "tieu_chi_chung": 31}"#.to_owned());
    lines.push(r#"{"id": "cu", "on": "2025-06-30", "tieu_chi_chung": 25}"#.to_owned());
    let path = dir.join("records.jsonl");
    std::fs::write(&path, lines.join("\n") + "\n").unwrap();
    path
}

#[test]
fn verify_reproduces_a_batch_with_a_quota_and_names_each_row_that_differs() {
    let scratch_dir = scratch("batch");
    let dir = scratch_dir.path();
    let records = quota_records(dir);
    let rows = dir.join("rows.jsonl");
    let batch = tieuchi()
        .args(["batch", "rules/cong-chuc"])
        .arg(&records)
        .arg("-o")
        .arg(&rows)
        .args(["--on", "2026-12-10", "--summary", "none"])
        .output()
        .unwrap();
    assert_eq!(batch.status.code(), Some(1), "one record is refused");
    let text = std::fs::read_to_string(&rows).unwrap();
    let demoted = text.lines().position(|l| l.contains(r#""decided_by":"quota""#)).expect("a row the quota decided");

    // Reproduced as a whole, the quota decided again over every record; the run's date is read
    // from the rows.
    let verify = |rows: &Path, rules: &str, extra: &[&str]| {
        tieuchi().arg("verify").arg(rows).arg(&records).arg(rules).args(extra).output().unwrap()
    };
    let output = verify(&rows, "rules/cong-chuc", &[]);
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert_eq!(output.status.code(), Some(0), "{stdout}{}", String::from_utf8_lossy(&output.stderr));
    assert!(
        stdout.starts_with("tái lập được: cả 12 hàng (`cong_chuc_nd335`, ngày 2026-12-10 cho bản ghi không nêu ngày)"),
        "{stdout}"
    );
    assert!(stdout.contains(&format!("tieuchi {}", env!("CARGO_PKG_VERSION"))), "{stdout}");
    let output = verify(&rows, "rules/cong-chuc", &["--lang", "en"]);
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(stdout.starts_with("reproduced: all 12 rows"), "{stdout}");
    assert!(stdout.contains("on 2026-12-10 where a record gives no date"), "{stdout}");

    // A row's outcome edited: named by its number and line, with the column.
    let edited = dir.join("edited.jsonl");
    let lines: Vec<String> = text
        .lines()
        .enumerate()
        .map(|(i, l)| if i == demoted { l.replace(r#""outcome":"htt""#, r#""outcome":"htxs""#) } else { l.to_owned() })
        .collect();
    std::fs::write(&edited, lines.join("\n") + "\n").unwrap();
    let output = verify(&edited, "rules/cong-chuc", &["--on", "2026-12-10"]);
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert_eq!(output.status.code(), Some(1), "{stdout}");
    let lines: Vec<&str> = stdout.lines().collect();
    assert!(lines[0].starts_with("không tái lập được: 1 trên 12 hàng khác nhau"), "{stdout}");
    assert_eq!(lines[1], format!("  hàng {demoted} (dòng {}): outcome: đã lưu \"htxs\", nay là \"htt\"", demoted + 1));
    assert!(lines[2].starts_with("11 trên 12 hàng tái lập được; quy tắc `"), "{stdout}");
    let output = verify(&edited, "rules/cong-chuc", &["--on", "2026-12-10", "--lang", "en"]);
    let stdout = String::from_utf8(output.stdout).unwrap();
    let lines: Vec<&str> = stdout.lines().collect();
    assert!(lines[0].starts_with("not reproduced: 1 of 12 rows differ"), "{stdout}");
    assert_eq!(lines[1], format!("  row {demoted} (line {}): outcome: recorded \"htxs\", now \"htt\"", demoted + 1));
    assert!(lines[2].starts_with("11 of 12 rows reproduced; rules `"), "{stdout}");

    // One character of a rule file changed: every row, its fingerprint first.
    let folder = dir.join("rules");
    std::fs::create_dir_all(&folder).unwrap();
    for file in rule_files("rules/cong-chuc") {
        let text = std::fs::read_to_string(root().join(&file)).unwrap();
        let text = if file.ends_with("nd335-2025.tieuchi") {
            text.replacen("90 điểm trở lên", "90 điểm trở lên.", 1)
        } else {
            text
        };
        std::fs::write(folder.join(Path::new(&file).file_name().unwrap()), text).unwrap();
    }
    let output = verify(&rows, folder.to_str().unwrap(), &["--format", "text"]);
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert_eq!(output.status.code(), Some(1), "{stdout}");
    let lines: Vec<&str> = stdout.lines().collect();
    assert!(lines[0].starts_with("không tái lập được: 11 trên 12 hàng khác nhau"), "{stdout}");
    assert!(lines[1].starts_with("  hàng 0 (dòng 1): rules_sha256: đã lưu \""), "{stdout}");
    assert!(lines[1].contains("văn bản quy tắc không phải văn bản đã dùng để tạo ra các hàng kết quả"), "{stdout}");
    // The record dated 2025 is rated by the older version, whose text did not change.
    assert!(!stdout.contains("hàng 11 "), "{stdout}");
    let output = verify(&rows, folder.to_str().unwrap(), &["--format", "text", "--lang", "en"]);
    let stdout = String::from_utf8(output.stdout).unwrap();
    let lines: Vec<&str> = stdout.lines().collect();
    assert!(lines[0].starts_with("not reproduced: 11 of 12 rows differ"), "{stdout}");
    assert!(lines[1].starts_with("  row 0 (line 1): rules_sha256: recorded \""), "{stdout}");
    assert!(lines[1].contains("the rule text is not the text the rows were made with"), "{stdout}");

    let output = verify(&rows, folder.to_str().unwrap(), &["--format", "json"]);
    assert_eq!(output.status.code(), Some(1));
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["reproduced"], false);
    assert_eq!(report["rows_differing"], 11);
    assert_eq!(report["differences"][demoted]["row"], demoted);
    assert_eq!(report["differences"][demoted]["column"], "rules_sha256");
}

#[test]
fn verify_refuses_rows_it_cannot_read() {
    let scratch_dir = scratch("not-rows");
    let dir = scratch_dir.path();
    let records = quota_records(dir);
    let csv = dir.join("rows.csv");
    let output = tieuchi().args(["batch", "rules/cong-chuc"]).arg(&records).arg("-o").arg(&csv).output().unwrap();
    assert!(csv.exists(), "{}", String::from_utf8_lossy(&output.stderr));
    let output = tieuchi().args(["verify", "--batch"]).arg(&csv).arg(&records).arg("rules/cong-chuc").output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("verify::not-rows") && stderr.contains("dòng 1 của tệp kết quả lô"), "{stderr}");
    assert!(stderr.contains("không kiểm tra được hàng kết quả dạng CSV hay Parquet"), "{stderr}");
    let output = tieuchi()
        .args(["--lang", "en", "verify", "--batch"])
        .arg(&csv)
        .arg(&records)
        .arg("rules/cong-chuc")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("verify::not-rows") && stderr.contains("line 1 of the rows"), "{stderr}");
    // Rows read from standard input cannot be read twice.
    let output = tieuchi().args(["verify", "--batch", "-"]).arg(&records).arg("rules/cong-chuc").output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("các hàng kết quả được đọc nhiều lần: hãy cho một tệp, không dùng `-`"), "{stderr}");
}
