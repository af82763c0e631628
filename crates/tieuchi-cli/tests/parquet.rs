//! `tieuchi batch` reads and writes Parquet: the same rows as JSON Lines, as typed columns.
#![allow(clippy::indexing_slicing, reason = "tests")]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, reason = "tests")]

use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use arrow_array::cast::AsArray;
use arrow_array::types::{Decimal128Type, Int32Type};
use arrow_array::{ArrayRef, Float64Array, Int64Array, RecordBatch, StringArray};
use assert_cmd::Command;
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use parquet::arrow::ArrowWriter;
use serde_json::Value;

fn nd335() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../rules/cong-chuc/nd335-2025.tieuchi")
}

fn tieuchi(args: &[&std::ffi::OsStr]) -> std::process::Output {
    Command::cargo_bin("tieuchi").unwrap().arg("batch").args(args).args(["--summary", "none"]).output().unwrap()
}

/// 120 records: points from 0 to 100 in steps, one with points over the maximum.
fn records() -> Vec<(String, Option<i64>, f64, &'static str)> {
    (0..120)
        .map(|i| {
            let chung = if i == 7 { None } else { Some(i64::from(i % 31)) };
            // Quarter points, which a float holds exactly.
            let nhiem_vu = if i == 11 { 70.5 } else { format!("{}.25", i % 70).parse().unwrap() };
            (format!("S{i:03}"), chung, nhiem_vu, if i % 2 == 0 { "CQ1" } else { "CQ2" })
        })
        .collect()
}

fn json_lines() -> String {
    let mut text = String::new();
    for (id, chung, nhiem_vu, co_quan) in records() {
        let mut r = serde_json::json!({"id": id, "ket_qua_nhiem_vu": nhiem_vu, "suy_thoai": false,
            "don_vi_tham_nhung": false, "co_quan": co_quan, "nhom": "N1"});
        if let Some(c) = chung {
            r["tieu_chi_chung"] = c.into();
        }
        text.push_str(&r.to_string());
        text.push('\n');
    }
    text
}

fn parquet_input(path: &Path) {
    let records = records();
    let columns: Vec<(&str, ArrayRef)> = vec![
        ("id", Arc::new(StringArray::from_iter_values(records.iter().map(|r| r.0.clone())))),
        ("tieu_chi_chung", Arc::new(records.iter().map(|r| r.1).collect::<Int64Array>())),
        ("ket_qua_nhiem_vu", Arc::new(Float64Array::from_iter_values(records.iter().map(|r| r.2)))),
        ("suy_thoai", Arc::new(arrow_array::BooleanArray::from(vec![false; records.len()]))),
        ("don_vi_tham_nhung", Arc::new(arrow_array::BooleanArray::from(vec![false; records.len()]))),
        ("co_quan", Arc::new(StringArray::from_iter_values(records.iter().map(|r| r.3)))),
        ("nhom", Arc::new(StringArray::from_iter_values(records.iter().map(|_| "N1")))),
    ];
    let batch = RecordBatch::try_from_iter(columns).unwrap();
    let mut writer = ArrowWriter::try_new(File::create(path).unwrap(), batch.schema(), None).unwrap();
    // Two row groups, so that the reader crosses one.
    writer.write(&batch.slice(0, 50)).unwrap();
    writer.flush().unwrap();
    writer.write(&batch.slice(50, 70)).unwrap();
    writer.close().unwrap();
}

fn read_parquet(path: &Path) -> Vec<RecordBatch> {
    ParquetRecordBatchReaderBuilder::try_new(File::open(path).unwrap())
        .unwrap()
        .build()
        .unwrap()
        .collect::<Result<Vec<_>, _>>()
        .unwrap()
}

#[test]
fn parquet_in_gives_the_rows_json_lines_in_gives() {
    let dir = tempfile::tempdir().unwrap();
    let (jsonl, parquet) = (dir.path().join("in.jsonl"), dir.path().join("in.parquet"));
    std::fs::write(&jsonl, json_lines()).unwrap();
    parquet_input(&parquet);
    let from_json = tieuchi(&[nd335().as_os_str(), jsonl.as_os_str()]);
    let from_parquet = tieuchi(&[nd335().as_os_str(), parquet.as_os_str()]);
    assert_eq!(from_json.status.code(), Some(1), "one record has points over the maximum");
    assert_eq!(from_parquet.status.code(), Some(1));
    let text = String::from_utf8(from_parquet.stdout).unwrap();
    assert_eq!(text.lines().count(), 120);
    assert_eq!(text, String::from_utf8(from_json.stdout).unwrap());
    let row: Value = serde_json::from_str(text.lines().nth(11).unwrap()).unwrap();
    assert_eq!(row["errors"][0]["code"], "evidence::out-of-range");
    assert_eq!(row["errors"][0]["field"], "ket_qua_nhiem_vu");
}

#[test]
fn parquet_out_is_the_rows_as_typed_columns() {
    let dir = tempfile::tempdir().unwrap();
    let (jsonl, out) = (dir.path().join("in.jsonl"), dir.path().join("rows.parquet"));
    std::fs::write(&jsonl, json_lines()).unwrap();
    let run = tieuchi(&[nd335().as_os_str(), jsonl.as_os_str(), "-o".as_ref(), out.as_os_str()]);
    assert_eq!(run.status.code(), Some(1), "{}", String::from_utf8_lossy(&run.stderr));
    let rows = tieuchi(&[nd335().as_os_str(), jsonl.as_os_str()]);
    let rows: Vec<Value> =
        String::from_utf8(rows.stdout).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let batches = read_parquet(&out);
    assert_eq!(batches.iter().map(RecordBatch::num_rows).sum::<usize>(), 120);
    let mut i = 0;
    for batch in &batches {
        let total = batch.column_by_name("tong").unwrap().as_primitive::<Decimal128Type>();
        let status = batch.column_by_name("status").unwrap().as_dictionary::<Int32Type>();
        let status_values = status.values().as_string::<i32>();
        for j in 0..batch.num_rows() {
            let got = arrow_array::Array::is_valid(total, j)
                .then(|| tieuchi::value::decimal128_text(total.value(j), 28).parse::<rust_decimal::Decimal>().unwrap());
            let want = rows[i]["tong"].as_str().map(|t| t.parse::<rust_decimal::Decimal>().unwrap());
            assert_eq!(got, want, "row {i}");
            let key = usize::try_from(status.keys().value(j)).unwrap();
            assert_eq!(status_values.value(key), rows[i]["status"].as_str().unwrap(), "row {i}");
            i += 1;
        }
    }
}

#[test]
fn a_parquet_input_must_be_a_file() {
    // Vietnamese unless English is asked for.
    for (lang, said) in
        [(&[][..], "dữ liệu Parquet phải là một tệp"), (&["--lang", "en"][..], "Parquet input must be a file")]
    {
        let run = Command::cargo_bin("tieuchi")
            .unwrap()
            .args(lang)
            .arg("batch")
            .arg(nd335())
            .args(["-", "--from", "parquet"])
            .write_stdin("PAR1")
            .output()
            .unwrap();
        assert_eq!(run.status.code(), Some(2), "{run:?}");
        assert!(String::from_utf8_lossy(&run.stderr).contains(said), "{run:?}");
    }
}

/// A file Parquet cannot read: the sentence a person reads first names what failed, in their
/// language; Parquet's own (English) words follow as the cause.
#[test]
fn a_file_parquet_cannot_read_is_named_in_the_readers_language() {
    let dir = tempfile::tempdir().unwrap();
    let junk = dir.path().join("ho-so.parquet");
    std::fs::write(&junk, b"PAR1 not really parquet PAR1").unwrap();
    let run = |lang: &[&str], command: &[&str]| {
        let output = Command::cargo_bin("tieuchi").unwrap().args(lang).args(command).arg(&junk).output().unwrap();
        assert_eq!(output.status.code(), Some(2), "{output:?}");
        String::from_utf8(output.stderr).unwrap()
    };
    let rules = nd335();
    let rules = rules.to_str().unwrap();
    let batch = run(&[], &["batch", rules]);
    assert!(batch.starts_with("lỗi: `") && batch.contains("ho-so.parquet` không phải là tệp Parquet: "), "{batch}");
    let batch = run(&["--lang", "en"], &["batch", rules]);
    assert!(batch.starts_with("error: `") && batch.contains("ho-so.parquet` is not a Parquet file: "), "{batch}");
    // `diff` reads the records through Parquet's reader itself.
    let diff = run(&[], &["diff", rules, rules]);
    assert!(diff.starts_with("lỗi: không đọc được dữ liệu đầu vào: không đọc được `"), "{diff}");
    assert!(diff.contains("ho-so.parquet` dưới dạng Parquet: "), "{diff}");
    let diff = run(&["--lang", "en"], &["diff", rules, rules]);
    assert!(
        diff.starts_with("error: cannot read the input: `") && diff.contains("` cannot be read as Parquet: "),
        "{diff}"
    );
}
