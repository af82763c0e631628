//! The `tieuchi` command, end to end.

use assert_cmd::Command;
use predicates::prelude::*;

#[expect(clippy::unwrap_used, reason = "the tests need the binary they test")]
fn tieuchi() -> Command {
    let mut cmd = Command::cargo_bin("tieuchi").unwrap();
    cmd.current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data"));
    cmd
}

#[test]
fn check_accepts_a_valid_rule_file() {
    tieuchi()
        .args(["check", "nd335.tieuchi"])
        .assert()
        .success()
        .stderr(predicate::str::contains("đã kiểm tra 1 tệp quy tắc: 0 lỗi, 0 cảnh báo"));
    tieuchi()
        .args(["--lang", "en", "check", "nd335.tieuchi"])
        .assert()
        .success()
        .stderr(predicate::str::contains("checked 1 rule file: 0 errors, 0 warnings"));
}

#[test]
fn check_reports_unknown_names_with_location_excerpt_and_help() {
    tieuchi()
        .args(["check", "broken.tieuchi"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("lỗi[check::unknown-name]: không có tên `thuong`"))
        .stderr(predicate::str::contains("--> broken.tieuchi:3:21"))
        .stderr(predicate::str::contains("3 |   let tong = diem + thuong"))
        .stderr(predicate::str::contains("= gợi ý:"))
        .stderr(predicate::str::contains("help").not());
    // The labels follow `--lang` as the words do; the code is the same.
    tieuchi()
        .args(["--lang", "en", "check", "broken.tieuchi"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("error[check::unknown-name]: unknown name `thuong`"))
        .stderr(predicate::str::contains("= help:"));
}

#[test]
fn check_reports_every_syntax_error_in_words() {
    let output =
        tieuchi().args(["--lang", "en", "check", "syntax.tieuchi"]).assert().code(1).get_output().stderr.clone();
    let stderr = String::from_utf8(output).unwrap();
    assert!(stderr.contains("--> syntax.tieuchi:3:3"), "{stderr}");
    assert!(stderr.contains("expected a number, a percent or `-`, found `input`"), "{stderr}");
    assert!(stderr.contains("--> syntax.tieuchi:3:19"), "{stderr}");
    assert!(stderr.contains("expected `:`, found `bool`"), "{stderr}");
    assert!(!stderr.contains("signed_number"), "pest rule names leak: {stderr}");
}

#[test]
fn check_speaks_json_for_machines() {
    let output =
        tieuchi().args(["check", "--error-format", "json", "broken.tieuchi"]).assert().code(1).get_output().clone();
    let line = String::from_utf8(output.stderr).unwrap();
    let record: serde_json::Value = serde_json::from_str(line.lines().next().unwrap()).unwrap();
    assert_eq!(record["code"], "check::unknown-name");
    assert_eq!(record["line"], 3);
    assert_eq!(record["column"], 21);
    assert!(record["help"].as_str().is_some_and(|h| !h.is_empty()));
}

#[test]
fn eval_prints_the_wire_result() {
    let output = tieuchi().args(["eval", "nd335.tieuchi", "htt.json"]).assert().success().get_output().stdout.clone();
    let result: serde_json::Value = serde_json::from_slice(&output).unwrap();
    assert_eq!(result["subject"], "CC-0001");
    assert_eq!(result["outcome"]["id"], "htt");
    assert_eq!(result["outcome"]["label"], "Hoàn thành tốt nhiệm vụ");
    assert_eq!(result["scores"]["tong"]["value"], "89.5");
    assert_eq!(result["scores"]["tong"]["max"], "100");
    let trace = result["trace"].as_array().unwrap();
    let htxs = trace.iter().find(|s| s["rule"] == "xep_loai.htxs").unwrap();
    assert_eq!(htxs["holds"], false);
    assert_eq!(htxs["conditions"][0]["values"]["tong"], "89.5");
}

#[test]
fn eval_explains_in_vietnamese() {
    tieuchi()
        .args(["eval", "nd335.tieuchi", "htt.json", "--format", "text"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Xếp loại chất lượng: Hoàn thành tốt nhiệm vụ (htt)"))
        .stdout(predicate::str::contains("89.5 / 100"))
        .stdout(predicate::str::contains("tong >= 90 — không đạt (tong = 89.5)"));
}

#[test]
fn eval_reads_standard_input() {
    tieuchi()
        .args(["eval", "nd335.tieuchi", "-"])
        .write_stdin(r#"{"tieu_chi_chung": 30, "ket_qua_nhiem_vu": 70, "suy_thoai": true}"#)
        .assert()
        .success()
        .stdout(predicate::str::contains(r#""decided_by": "force""#));
}

/// Issue 12: with `--format json`, bad evidence printed nothing on standard output; a caller
/// reading it met an empty document. The failure is a JSON document there too, with the exit 1.
#[test]
fn eval_in_json_prints_a_failure_as_json_on_standard_output() {
    let output = tieuchi()
        .args(["eval", "nd335.tieuchi", "-", "--format", "json"])
        .write_stdin(r#"{"tieu_chi_chung": 31, "ket_qua_nhiem_vu": 70, "suy_thoai": false}"#)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("evidence::out-of-range"))
        .get_output()
        .stdout
        .clone();
    let document: serde_json::Value = serde_json::from_slice(&output).unwrap_or_default();
    assert_eq!(document["status"], "error");
    assert_eq!(document["ruleset"], "cong_chuc_nd335");
    assert_eq!(document["errors"][0]["code"], "evidence::out-of-range");
    assert_eq!(document["errors"][0]["field"], "tieu_chi_chung");
}

/// Found by the corrupted-input run (issue 11): `batch` refused a record that gives a field
/// twice, but `eval` read the same record and silently took the last value, a knock-out here.
#[test]
fn eval_refuses_a_field_given_twice_as_batch_does() {
    let record = r#"{"tieu_chi_chung": 28, "ket_qua_nhiem_vu": 61.5, "suy_thoai": false, "suy_thoai": true}"#;
    tieuchi()
        .args(["--lang", "en", "eval", "nd335.tieuchi", "-"])
        .write_stdin(record)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("error[evidence::duplicate-field]"))
        .stderr(predicate::str::contains("`suy_thoai` is given twice"));
    tieuchi()
        .args(["batch", "nd335.tieuchi", "-", "--from", "jsonl", "--summary", "none"])
        .write_stdin(record)
        .assert()
        .code(1)
        .stdout(predicate::str::contains("evidence::duplicate-field"));
}

/// A byte order mark at the start of the evidence file is skipped, as `batch` skips one.
#[test]
fn eval_skips_a_byte_order_mark() {
    tieuchi()
        .args(["eval", "nd335.tieuchi", "-"])
        .write_stdin("\u{feff}{\"tieu_chi_chung\": 28, \"ket_qua_nhiem_vu\": \"61.5\", \"suy_thoai\": false}")
        .assert()
        .success()
        .stdout(predicate::str::contains(r#""value": "89.5""#));
}

#[test]
fn eval_names_every_bad_field() {
    tieuchi()
        .args(["eval", "nd335.tieuchi", "bad.json"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("evidence::unknown-field"))
        .stderr(predicate::str::contains("`extra`"))
        .stderr(predicate::str::contains("evidence::bad-number"))
        .stderr(predicate::str::contains("`tieu_chi_chung`"))
        .stderr(predicate::str::contains("evidence::out-of-range"))
        .stderr(predicate::str::contains("`ket_qua_nhiem_vu`"))
        .stderr(predicate::str::contains("evidence::wrong-type"))
        .stderr(predicate::str::contains("`suy_thoai`"));
}

#[test]
fn test_runs_blocks_and_case_files() {
    tieuchi()
        .args(["--lang", "en", "test", "nd335.tieuchi"])
        .assert()
        .success()
        .stdout(predicate::str::ends_with("6 passed, 0 failed\n"));
    tieuchi()
        .args(["test", "nd335.tieuchi"])
        .assert()
        .success()
        .stdout(predicate::str::ends_with("6 đạt, 0 không đạt\n"));
}

#[test]
fn test_shows_expected_against_actual() {
    tieuchi()
        .args(["--lang", "en", "test", "failing"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("FAIL sai kỳ vọng"))
        .stdout(predicate::str::contains("xep_loai: expected htxs, actual htt"))
        .stdout(predicate::str::ends_with("3 passed, 1 failed\n"));
    tieuchi()
        .args(["test", "failing"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("KHÔNG ĐẠT sai kỳ vọng"))
        .stdout(predicate::str::contains("xep_loai: kỳ vọng htxs, thực tế htt"))
        .stdout(predicate::str::ends_with("3 đạt, 1 không đạt\n"));
}

#[test]
fn test_checks_the_deciding_rule_and_its_citation() {
    tieuchi()
        .args(["--lang", "en", "test", "nd335.tieuchi", "citation"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("FAIL sai trích dẫn"))
        .stdout(predicate::str::contains("citation: expected NĐ 335, Điều 9, actual NĐ 335/2025, Điều 10"))
        .stdout(predicate::str::contains("FAIL sai căn cứ"))
        .stdout(predicate::str::contains("decided_by: expected force, actual score"))
        .stdout(predicate::str::ends_with("9 passed, 2 failed\n"));
}

#[test]
fn inputs_describe_the_evidence() {
    let output = tieuchi().args(["inputs", "nd335.tieuchi"]).assert().success().get_output().stdout.clone();
    let schema: serde_json::Value = serde_json::from_slice(&output).unwrap();
    let fields = schema["fields"].as_array().unwrap();
    let discipline = fields.iter().find(|f| f["id"] == "ky_luat_trong_nam").unwrap();
    assert_eq!(discipline["type"], "enum");
    assert_eq!(discipline["optional"], true);
    assert_eq!(discipline["values"][1]["label"], "Cảnh cáo");
    let assessed = fields.iter().find(|f| f["id"] == "tieu_chi_chung").unwrap();
    assert_eq!(assessed["role"], "assessed");
    assert_eq!(assessed["max"], "30");
}

#[test]
fn inputs_export_json_schema() {
    let output = tieuchi()
        .args(["inputs", "nd335.tieuchi", "--format", "json-schema"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let schema: serde_json::Value = serde_json::from_slice(&output).unwrap();
    assert_eq!(schema["type"], "object");
    assert_eq!(schema["additionalProperties"], false);
    assert!(schema["required"].as_array().unwrap().iter().any(|r| r == "suy_thoai"));
    assert_eq!(schema["properties"]["ky_luat_trong_nam"]["anyOf"][0]["enum"][0], "khien_trach");
}

#[test]
fn missing_files_are_usage_errors() {
    tieuchi()
        .args(["eval", "nope.tieuchi", "htt.json"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("`nope.tieuchi` không tồn tại"));
    tieuchi()
        .args(["--lang", "en", "eval", "nope.tieuchi", "htt.json"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("`nope.tieuchi` does not exist"));
}

/// The rows `tieuchi batch` writes for `batch.jsonl` (domain.md Ex 3's scores, plus two bad lines).
#[expect(clippy::unwrap_used, reason = "a test stops on unreadable output")]
fn batch_rows(args: &[&str]) -> Vec<serde_json::Value> {
    let output = tieuchi().args(args).assert().code(1).get_output().stdout.clone();
    String::from_utf8(output).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect()
}

#[test]
fn batch_applies_the_quota_and_keeps_every_record() {
    let rows = batch_rows(&["batch", "nd335.tieuchi", "batch.jsonl"]);
    assert_eq!(rows.len(), 12, "one row per input line");
    let tier = |id: &str| {
        let row = rows.iter().find(|r| r["subject"] == id).unwrap();
        row["outcome"].as_str().unwrap_or("error").to_owned()
    };
    // Ex 3: 96, 94, 92, 90 → one HTXS; 85…72 HTT; 60 HTNV.
    assert_eq!(tier("A1"), "htxs");
    assert_eq!([tier("A2"), tier("A3"), tier("A4")], ["htt", "htt", "htt"]);
    assert_eq!(tier("A10"), "htnv");
    let bad = rows.iter().find(|r| r["subject"] == "BAD").unwrap();
    assert_eq!(bad["status"], "error");
    assert_eq!(bad["errors"][0]["code"], "evidence::out-of-range");
    assert_eq!(bad["errors"][0]["field"], "tieu_chi_chung");
    assert_eq!(rows[7]["status"], "error");
    assert_eq!(rows[7]["errors"][0]["code"], "evidence::not-json");
    assert_eq!(rows.iter().map(|r| r["row"].as_u64().unwrap()).collect::<Vec<_>>(), (0..12).collect::<Vec<_>>());
}

#[test]
fn batch_summarises_outcomes_for_machines() {
    let output = tieuchi()
        .args(["batch", "nd335.tieuchi", "batch.jsonl", "--summary", "json", "-o", "/dev/null", "--to", "jsonl"])
        .assert()
        .code(1)
        .get_output()
        .stderr
        .clone();
    let summary: serde_json::Value = serde_json::from_slice(&output).unwrap();
    assert_eq!(summary["rows"], 12);
    assert_eq!(summary["rated"], 10);
    assert_eq!(summary["errors"], 2);
    assert_eq!(summary["outcomes"]["htxs"], 1);
    assert_eq!(summary["outcomes"]["htt"], 8);
    assert_eq!(summary["groups"]["A / N1"]["htt"], 8);
    // What made the rows, once for the run: the engine and each version by fingerprint.
    assert_eq!(summary["engine"]["name"], "tieuchi");
    assert_eq!(summary["rules"][0]["id"], "cong_chuc_nd335");
    assert_eq!(summary["rules"][0]["sha256"].as_str().map(str::len), Some(64));
}

#[test]
fn batch_summary_gives_shares_of_the_rated_records_tiers_best_first() {
    // The model of HD 1294/HD-TLĐ: a CĐCS not yet eligible is counted, but not in the shares
    // (union reports give the shares of the units "đủ điều kiện xếp loại").
    let records = [
        r#"{"id": "1", "nhom_1": 40, "nhom_2": 38, "nhom_3": 14, "diem_thuong": 4}"#,
        r#"{"id": "2", "nhom_1": 36, "nhom_2": 34, "nhom_3": 14, "diem_thuong": 4}"#,
        r#"{"id": "3", "nhom_1": 20, "nhom_2": 19, "nhom_3": 10, "diem_thuong": 0}"#,
        r#"{"id": "4", "nhom_1": 30, "nhom_2": 30, "nhom_3": 12, "diem_thuong": 3}"#,
        r#"{"id": "5", "chua_du_dieu_kien": true}"#,
    ];
    let output = tieuchi()
        .args(["batch", "../../../../rules/cong-doan/cdcs-hd1294-mau.tieuchi", "-", "-o", "/dev/null", "--to", "jsonl"])
        .write_stdin(records.join("\n"))
        .assert()
        .success()
        .get_output()
        .stderr
        .clone();
    let table = String::from_utf8(output).unwrap();
    let lines: Vec<&str> = table.lines().map(str::trim).collect();
    assert_eq!(lines[0], "5 bản ghi, 4 được xếp loại; tỷ lệ tính trên số được xếp loại", "{table}");
    let cells: Vec<Vec<&str>> = lines[1..].iter().map(|l| l.split_whitespace().collect()).collect();
    assert_eq!(
        cells,
        [
            vec!["htxs", "1", "25.0%"],
            vec!["htt", "2", "50.0%"],
            vec!["htnv", "0", "0.0%"],
            vec!["kht", "1", "25.0%"],
            vec!["not", "rated", "1"],
        ],
        "{table}"
    );
}

#[test]
fn batch_reads_and_writes_csv() {
    let output = tieuchi()
        .args(["batch", "nd335.tieuchi", "batch.csv", "--to", "csv"])
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(output).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert!(
        lines[0].starts_with("row,subject,ruleset,rules_sha256,engine,on,status,outcome,decided_by,tong,"),
        "{}",
        lines[0]
    );
    // Each row names the rules that made it by their fingerprint, and the engine by its version.
    let sha = lines[1].split(',').nth(3).unwrap();
    assert_eq!(sha.len(), 64, "{}", lines[1]);
    let engine = format!("tieuchi {}", env!("CARGO_PKG_VERSION"));
    assert!(lines[1..].iter().all(|l| l.split(',').nth(4) == Some(engine.as_str())), "{text}");
    let lines: Vec<String> = lines.iter().map(|l| l.replace(&format!(",{sha},{engine},"), ",#,")).collect();
    assert!(lines[1].starts_with("0,C1,cong_chuc_nd335,#,,rated,htt,quota,94,"), "{}", lines[1]);
    assert!(lines[2].starts_with("1,C2,cong_chuc_nd335,#,,rated,kht,force,94,"), "{}", lines[2]);
    assert!(lines[3].starts_with("2,C3,cong_chuc_nd335,#,,rated,kht,"), "{}", lines[3]);
    assert!(
        lines[4].starts_with("3,C4,cong_chuc_nd335,#,,error,") && lines[4].contains("evidence::wrong-type@suy_thoai: "),
        "{}",
        lines[4]
    );
}

#[test]
fn a_folder_of_versions_evaluates_with_the_one_in_force() {
    let tier = |on: &str| {
        let output = tieuchi()
            .args(["eval", "family", "family-85.json", "--on", on])
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        let result: serde_json::Value = serde_json::from_slice(&output).unwrap();
        (result["ruleset"].as_str().unwrap().to_owned(), result["outcome"]["id"].as_str().unwrap().to_owned())
    };
    assert_eq!(tier("2025-12-31"), ("xep_loai_cu".to_owned(), "tot".to_owned()));
    assert_eq!(tier("2026-06-30"), ("xep_loai_moi".to_owned(), "dat".to_owned()));
}

#[test]
fn an_evaluation_date_that_is_not_a_date_is_the_engine_s_argument_error() {
    for command in ["eval", "batch"] {
        tieuchi()
            .args(["--lang", "en", command, "family", "family-85.json", "--on", "30/06/2026"])
            .assert()
            .code(2)
            .stderr(predicate::str::contains("[argument::bad-date] `30/06/2026` is not a date; write YYYY-MM-DD"));
        tieuchi()
            .args([command, "family", "family-85.json", "--on", "30/06/2026"])
            .assert()
            .code(2)
            .stderr(predicate::str::contains("[argument::bad-date] `30/06/2026` không phải là ngày"));
    }
}

#[test]
fn a_date_no_version_covers_is_a_clear_error() {
    tieuchi().args(["--lang", "en", "eval", "family", "family-85.json", "--on", "2019-01-01"]).assert().code(1).stderr(
        predicate::str::contains(
            "error[select::none-in-force]: no version of `xep_loai_moi` is in force on 2019-01-01",
        ),
    );
    tieuchi()
        .args(["eval", "family", "family-85.json"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("lỗi[select::need-date]"));
}

#[test]
fn overlapping_versions_are_a_check_error() {
    tieuchi()
        .args(["check", "overlap"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "lỗi[check::overlapping-versions]: `xep_loai_cu` và `xep_loai_moi` cùng có hiệu lực vào một số ngày",
        ))
        .stderr(predicate::str::contains("moi.tieuchi:3:3"));
}

#[test]
fn batch_streams_a_rule_set_without_population_rules() {
    let output = tieuchi()
        .args(["batch", "family/moi.tieuchi", "-", "--summary", "none"])
        .write_stdin("{\"id\": \"a\", \"diem\": 95}\n\n{\"id\": \"b\", \"diem\": 50}\n{\"id\": \"c\", \"diem\": 101}\n")
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let rows: Vec<serde_json::Value> =
        String::from_utf8(output).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let tiers: Vec<&str> = rows.iter().map(|r| r["outcome"].as_str().unwrap_or("error")).collect();
    assert_eq!(tiers, ["tot", "dat", "error"]);
    assert_eq!(rows[2]["errors"][0]["code"], "evidence::out-of-range");
}

#[test]
fn the_civil_servant_family_switches_decree_on_1_january_2026() {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");
    let evaluate = |evidence: &str, on: &str| {
        let output = tieuchi()
            .current_dir(root)
            .args([
                "--lang",
                "en",
                "eval",
                "rules/cong-chuc",
                evidence,
                "--no-trace",
                "--error-format",
                "json",
                "--on",
                on,
            ])
            .output()
            .unwrap();
        let result: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap_or_default();
        (result["ruleset"].as_str().unwrap_or_default().to_owned(), String::from_utf8(output.stderr).unwrap())
    };
    // NĐ 335 evidence, rated under NĐ 335 on 30/6/2026.
    let (ruleset, _) = evaluate("rules/cong-chuc/examples/nd335-htt.json", "2026-06-30");
    assert_eq!(ruleset, "cong_chuc_nd335");
    // The same evidence on 31/12/2025 goes to NĐ 90, whose inputs differ: refused by field, and
    // the JSON failure names the version that refused it.
    let (ruleset, stderr) = evaluate("rules/cong-chuc/examples/nd335-htt.json", "2025-12-31");
    assert_eq!(ruleset, "cong_chuc_nd90");
    assert!(stderr.contains("is not an input of `cong_chuc_nd90`"), "{stderr}");
    // The NĐ 90 example carries its own date (10/12/2024), which chooses NĐ 90 whatever `--on` says.
    let (ruleset, _) = evaluate("rules/cong-chuc/examples/nd90-htt.json", "2026-06-30");
    assert_eq!(ruleset, "cong_chuc_nd90");
}

/// A fresh temporary folder for one test, removed when it is dropped.
#[expect(clippy::unwrap_used, reason = "a test stops on a broken setup")]
fn scratch(name: &str) -> tempfile::TempDir {
    tempfile::Builder::new().prefix(&format!("tieuchi-{name}-")).tempdir().unwrap()
}

#[cfg(unix)]
#[test]
fn symlink_loops_in_a_rules_folder_load_each_file_once() {
    let scratch_dir = scratch("loops");
    let dir = scratch_dir.path();
    let rules = dir.join("rules");
    std::fs::create_dir_all(rules.join("sub")).unwrap();
    std::fs::copy(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/nd335.tieuchi"), rules.join("nd335.tieuchi"))
        .unwrap();
    // Two loops: each leads back to a folder already walked.
    std::os::unix::fs::symlink("..", rules.join("sub/up")).unwrap();
    std::os::unix::fs::symlink("../sub", rules.join("sub/again")).unwrap();
    std::os::unix::fs::symlink("nd335.tieuchi", rules.join("same.tieuchi")).unwrap();
    tieuchi()
        .timeout(std::time::Duration::from_secs(20))
        .arg("check")
        .arg(&rules)
        .assert()
        .success()
        .stderr(predicate::str::contains("đã kiểm tra 1 tệp quy tắc: 0 lỗi"));
}

#[test]
fn a_huge_rule_file_is_refused_without_reading_it() {
    let scratch_dir = scratch("huge");
    let dir = scratch_dir.path();
    let path = dir.join("huge.tieuchi");
    // A sparse 4 GiB file: reading it whole would take seconds and gigabytes.
    let file = std::fs::File::create(&path).unwrap();
    file.set_len(4 << 30).unwrap();
    let started = std::time::Instant::now();
    tieuchi()
        .timeout(std::time::Duration::from_secs(20))
        .arg("check")
        .arg(&path)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("lỗi[syntax::too-large]"))
        .stderr(predicate::str::contains("4294967296 byte"));
    assert!(started.elapsed() < std::time::Duration::from_secs(5), "took {:?}", started.elapsed());
}

/// Issue 11, defect 1: with a quota, an input that can be read only once (a pipe behind
/// `/dev/stdin`) is spooled, not read twice into nothing.
#[test]
fn batch_with_a_quota_reads_a_pipe_once_and_keeps_every_record() {
    let input = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/batch.jsonl")).unwrap();
    let output = tieuchi()
        .args(["batch", "nd335.tieuchi", "/dev/stdin", "--from", "jsonl", "--summary", "none"])
        .write_stdin(input)
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    assert_eq!(String::from_utf8(output).unwrap().lines().count(), 12);
}

/// Issue 11, defect 2: the output cannot be the input, which stays as it was.
#[test]
fn batch_refuses_to_write_over_its_input() {
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("same.jsonl");
    let records = "{\"id\": \"a\", \"tieu_chi_chung\": 28, \"ket_qua_nhiem_vu\": 62}\n";
    std::fs::write(&path, records).unwrap();
    let same = path.to_str().unwrap();
    tieuchi()
        .args(["batch", "nd335.tieuchi", same, "-o", same])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("chính là tệp đầu vào; hãy ghi kết quả ra một tệp khác"));
    tieuchi()
        .args(["--lang", "en", "batch", "nd335.tieuchi", same, "-o", same])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("is the input; write the rows to another file"));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), records);
}

/// `-o /dev/null` (or any device or pipe) is written, not replaced by a file renamed over it.
#[test]
fn batch_writes_into_a_pipe_without_replacing_it() {
    use std::os::unix::fs::FileTypeExt as _;
    let folder = tempfile::tempdir().unwrap();
    let fifo = folder.path().join("rows");
    assert!(std::process::Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::read_to_string(fifo).unwrap())
    };
    tieuchi()
        .args(["batch", "nd335.tieuchi", "batch.jsonl", "--summary", "none", "--to", "jsonl", "-o"])
        .arg(&fifo)
        .assert()
        .code(1);
    // Before joining: a reader of a replaced pipe would wait for ever.
    assert!(std::fs::metadata(&fifo).unwrap().file_type().is_fifo(), "the pipe was replaced");
    assert_eq!(reader.join().unwrap().lines().count(), 12);
}

/// Issue 11, defect 3: a folder is one clear error, not rows without end.
#[test]
fn batch_of_a_folder_is_one_clear_error() {
    tieuchi()
        .args(["batch", "nd335.tieuchi", ".", "--from", "jsonl"])
        .timeout(std::time::Duration::from_secs(20))
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains("`.` là một thư mục; hãy cho một tệp bản ghi (JSON Lines, CSV hoặc Parquet)"));
    tieuchi()
        .args(["--lang", "en", "batch", "nd335.tieuchi", ".", "--from", "jsonl"])
        .timeout(std::time::Duration::from_secs(20))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("`.` is a folder; give a file of records"));
}

/// A CSV input whose header row cannot be read stops the batch with one error, in the language
/// asked for.
#[test]
fn batch_of_a_csv_without_a_readable_header_says_why() {
    let folder = tempfile::tempdir().unwrap();
    let cases = [
        ("empty.csv", "\n", "dữ liệu CSV không có dòng tiêu đề", "the CSV input has no header row"),
        (
            "quote.csv",
            "id,\"tieu_chi_chung\n1,2\n",
            "dòng tiêu đề CSV: dấu ngoặc kép mở ở cột 4 không được đóng",
            "the CSV header row: a quote opened at column 4 is never closed",
        ),
    ];
    for (name, text, vi, en) in cases {
        let path = folder.path().join(name);
        std::fs::write(&path, text).unwrap();
        let path = path.to_str().unwrap();
        tieuchi()
            .args(["batch", "nd335.tieuchi", path])
            .assert()
            .code(2)
            .stderr(predicate::str::contains(format!("không đọc được dữ liệu đầu vào: {vi}")));
        tieuchi()
            .args(["--lang", "en", "batch", "nd335.tieuchi", path])
            .assert()
            .code(2)
            .stderr(predicate::str::contains(format!("cannot read the input: {en}")));
    }
    // A file that cannot be found, and one whose format cannot be told.
    let missing = folder.path().join("missing.csv");
    tieuchi()
        .args(["batch", "nd335.tieuchi", missing.to_str().unwrap()])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("không đọc được `"));
    let unnamed = folder.path().join("records.txt");
    std::fs::write(&unnamed, "{}\n").unwrap();
    tieuchi()
        .args(["batch", "nd335.tieuchi", unnamed.to_str().unwrap()])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("không xác định được định dạng của dữ liệu đầu vào"));
    tieuchi()
        .args(["--lang", "en", "batch", "nd335.tieuchi", unnamed.to_str().unwrap()])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("cannot tell the input format of"));
}

/// The rows go to a temporary file renamed at the end: a failed run leaves no half-written file.
#[test]
fn batch_writes_its_output_whole() {
    let folder = tempfile::tempdir().unwrap();
    let out = folder.path().join("rows.jsonl");
    tieuchi().args(["batch", "nd335.tieuchi", "batch.jsonl", "-o", out.to_str().unwrap()]).assert().code(1);
    assert_eq!(std::fs::read_to_string(&out).unwrap().lines().count(), 12);
    let leftovers: Vec<_> = std::fs::read_dir(folder.path()).unwrap().flatten().map(|e| e.file_name()).collect();
    assert_eq!(leftovers.len(), 1, "{leftovers:?}");
}

#[test]
fn explain_lists_every_code_of_the_registry_by_kind() {
    let output = tieuchi().args(["explain"]).assert().success().get_output().stdout.clone();
    let stdout = String::from_utf8(output).unwrap();
    for code in tieuchi::codes::all() {
        assert!(stdout.contains(code.code), "`{}` is not listed:\n{stdout}", code.code);
    }
    let select = stdout.find("select: ").unwrap();
    let finding = stdout.find("finding: ").unwrap();
    let none_in_force = stdout.find("select::none-in-force").unwrap();
    assert!(select < none_in_force && none_in_force < finding, "{stdout}");
    assert!(stdout[finding..].contains("quota-demoted"), "{stdout}");
}

#[test]
fn explain_gives_a_code_its_summary_explanation_and_example() {
    tieuchi()
        .args(["--lang", "en", "explain", "select::none-in-force"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with("select::none-in-force: no version of the rule family is in force"))
        .stdout(predicate::str::contains("valid from"))
        .stdout(predicate::str::contains("example:\n    tieuchi eval"));
    tieuchi()
        .args(["--lang", "en", "explain", "knockout"])
        .assert()
        .success()
        .stdout(predicate::str::contains("shown as: Điều kiện loại trừ"))
        .stdout(predicate::str::contains("force kht when suy_thoai"));
    tieuchi()
        .args(["--lang", "en", "explain", "check::score-exceeds"])
        .assert()
        .success()
        .stdout(predicate::str::contains("add up to more than the parent's max"));
}

#[test]
fn explain_of_an_unknown_code_is_an_error() {
    tieuchi().args(["explain", "select::nothing"]).assert().code(1).stderr(predicate::str::contains(
        "lỗi: không có mã `select::nothing`; `tieuchi explain` liệt kê tất cả các mã",
    ));
    tieuchi()
        .args(["--lang", "en", "explain", "select::nothing"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("error: no code `select::nothing`; `tieuchi explain` lists them all"));
}

/// An evidence error, a finding and a batch error row read in Vietnamese unless `--lang en` asks
/// for English; their codes are the same in both.
#[test]
fn messages_are_vietnamese_unless_english_is_asked_for() {
    let run = |lang: &[&str], args: &[&str], stdin: &str| {
        let output = tieuchi().args(lang).args(args).write_stdin(stdin).output().unwrap();
        (String::from_utf8(output.stdout).unwrap(), String::from_utf8(output.stderr).unwrap())
    };
    let vi: &[&str] = &[];
    let en: &[&str] = &["--lang", "en"];
    let bad = r#"{"tieu_chi_chung": true, "ket_qua_nhiem_vu": "61.5", "suy_thoai": false}"#;
    let (_, stderr_vi) = run(vi, &["eval", "nd335.tieuchi", "-"], bad);
    let (_, stderr_en) = run(en, &["eval", "nd335.tieuchi", "-"], bad);
    assert!(stderr_vi.contains("lỗi[evidence::wrong-type]: `tieu_chi_chung`: "), "{stderr_vi}");
    assert!(stderr_en.contains("error[evidence::wrong-type]: `tieu_chi_chung`: "), "{stderr_en}");
    assert!(stderr_vi.contains("cần một số, nhưng nhận được giá trị đúng/sai"), "{stderr_vi}");
    assert!(stderr_en.contains("expected a number, found a true/false value"), "{stderr_en}");

    let top = r#"{"id": "A", "tieu_chi_chung": 30, "ket_qua_nhiem_vu": "70", "suy_thoai": false, "co_quan": "X", "nhom": "Y"}"#;
    let finding = |lang: &[&str]| {
        let (stdout, _) = run(lang, &["eval", "nd335.tieuchi", "-", "--format", "json"], top);
        let result: serde_json::Value = serde_json::from_str(&stdout).unwrap();
        let found = result["findings"].as_array().unwrap().iter().find(|f| f["code"] == "quota-pending").cloned();
        found.unwrap()["label"].as_str().unwrap().to_owned()
    };
    assert!(finding(vi).starts_with("`htxs` chỉ được tối đa 20% của `htt`"), "{}", finding(vi));
    assert!(finding(en).starts_with("`htxs` is limited to 20% of `htt`"), "{}", finding(en));

    let row = |lang: &[&str]| {
        let (stdout, _) = run(lang, &["batch", "nd335.tieuchi", "-", "--from", "jsonl", "--summary", "none"], bad);
        let row: serde_json::Value = serde_json::from_str(stdout.lines().next().unwrap()).unwrap();
        row["errors"][0].clone()
    };
    let (row_vi, row_en) = (row(vi), row(en));
    assert_eq!((&row_vi["code"], &row_vi["field"]), (&row_en["code"], &row_en["field"]));
    assert_eq!(row_vi["code"], "evidence::wrong-type");
    assert_eq!(row_vi["message"], "cần một số, nhưng nhận được giá trị đúng/sai");
    assert_eq!(row_en["message"], "expected a number, found a true/false value");
}

/// What is wrong with a case file is said in Vietnamese, and in English with `--lang en`.
#[test]
fn a_broken_case_file_is_reported_in_the_language_asked_for() {
    let scratch_dir = scratch("cases-lang");
    let dir = scratch_dir.path();
    std::fs::copy(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/nd335.tieuchi"), dir.join("nd335.tieuchi")).unwrap();
    let batch = r#"{"ruleset": "cong_chuc_nd335", "cases": [{"name": "lô", "batch": [{}, {}], "expect": [{}]}]}"#;
    std::fs::write(dir.join("nd335.cases.json"), batch).unwrap();
    let run = |lang: Option<&str>| {
        let mut cmd = tieuchi();
        cmd.current_dir(dir);
        if let Some(lang) = lang {
            cmd.args(["--lang", lang]);
        }
        String::from_utf8(cmd.args(["test", "."]).assert().code(1).get_output().stdout.clone()).unwrap()
    };
    let vi = run(None);
    assert!(vi.contains("ca `lô`: 2 bản ghi nhưng 1 kết quả mong đợi"), "{vi}");
    let en = run(Some("en"));
    assert!(en.contains("case `lô`: 2 records but 1 expectations"), "{en}");
    std::fs::write(dir.join("nd335.cases.json"), r#"{"ruleset": "khong_co", "cases": []}"#).unwrap();
    assert!(run(None).contains("không có bộ quy tắc `khong_co` trong các tệp quy tắc đã cho"));
    assert!(run(Some("en")).contains("no rule set `khong_co` among the rule files given"));
}

/// Evidence that is not JSON is named, in the language asked for.
#[test]
fn evidence_that_is_not_json_is_named_in_either_language() {
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("hong.json");
    std::fs::write(&path, "{ not json").unwrap();
    let path = path.to_str().unwrap();
    tieuchi()
        .args(["eval", "nd335.tieuchi", path])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("hong.json` không phải là JSON hợp lệ"));
    tieuchi()
        .args(["--lang", "en", "eval", "nd335.tieuchi", path])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("hong.json` is not valid JSON"));
}

/// `tieuchi explain` speaks Vietnamese by default and English with `--lang en`; the codes stay.
#[test]
fn explain_is_in_the_language_asked_for() {
    let said =
        |args: &[&str]| String::from_utf8(tieuchi().args(args).assert().success().get_output().stdout.clone()).unwrap();
    let vi = said(&["explain"]);
    assert!(vi.contains("select: chọn bộ quy tắc hoặc phiên bản để đánh giá"), "{vi}");
    assert!(vi.contains("chưa nạp bộ quy tắc nào"), "{vi}");
    let en = said(&["--lang", "en", "explain"]);
    assert!(en.contains("select: choosing the rule set or version to evaluate with"), "{en}");
    assert!(en.contains("no rule set is loaded"), "{en}");

    let vi = said(&["explain", "evidence::out-of-range"]);
    assert!(vi.starts_with("evidence::out-of-range: một số nằm ngoài khoảng đã khai báo của trường\n"), "{vi}");
    assert!(vi.contains("ví dụ:\n    {\"diem_chung\": 35}   # khai báo 0..30"), "{vi}");
    let en = said(&["--lang", "en", "explain", "evidence::out-of-range"]);
    assert!(en.starts_with("evidence::out-of-range: a number lies outside its field's declared range\n"), "{en}");
    assert!(en.contains("example:\n    {\"diem_chung\": 35}   # declared 0..30"), "{en}");
    let knockout = said(&["explain", "knockout"]);
    assert!(knockout.contains("hiển thị với tiêu đề: Điều kiện loại trừ"), "{knockout}");
}
