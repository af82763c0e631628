//! The batch engine gives exactly what evaluating each record alone and then applying the
//! quotas gives, in input order, whatever the chunk size and the number of threads; a family's
//! version is chosen per record; every record has its row.

#![allow(clippy::indexing_slicing, clippy::panic, clippy::expect_used, clippy::unwrap_used, reason = "tests")]

mod common;

use std::path::Path;

use proptest::prelude::*;
use serde_json::{json, Value as Json};
use tieuchi::batch::{Batch, InputFormat, OutputFormat, Row, RowStatus};
use tieuchi::{Library, Options, RuleSet, SourceFile};

fn rules_dir() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../rules")
}

fn nd335() -> &'static RuleSet {
    static RULES: std::sync::OnceLock<RuleSet> = std::sync::OnceLock::new();
    RULES.get_or_init(|| {
        common::compile(&std::fs::read_to_string(rules_dir().join("cong-chuc/nd335-2025.tieuchi")).unwrap())
    })
}

fn cong_chuc() -> &'static Library {
    static LIBRARY: std::sync::OnceLock<Library> = std::sync::OnceLock::new();
    LIBRARY.get_or_init(|| {
        let sources: Vec<SourceFile> = ["nd90-2020.tieuchi", "nd335-2025.tieuchi"]
            .iter()
            .map(|f| {
                let path = rules_dir().join("cong-chuc").join(f);
                SourceFile::new(f.to_string(), std::fs::read_to_string(path).unwrap())
            })
            .collect();
        Library::compile(&sources).unwrap_or_else(|e| panic!("{}", e.render_plain()))
    })
}

/// Status, tier, what decided it, the scores, the findings (code, rule and message), the errors'
/// codes.
type Digest = (String, Option<String>, Option<String>, Vec<Option<String>>, Vec<String>, Vec<String>);

/// A finding whole: its code, rule and message.
fn finding(f: &tieuchi::wire::Finding<'_>) -> String {
    format!("{}|{}|{}", f.code, f.rule, f.label)
}

/// What a row says, comparable with a result evaluated alone: status, tier, what decided it,
/// every score, the findings whole, the codes of the errors.
fn digest(row: &Row<'_>) -> Digest {
    (
        row.status.as_str().to_owned(),
        row.outcome.map(str::to_owned),
        row.decided_by.map(str::to_owned),
        row.scores.iter().map(|s| s.map(tieuchi::value::decimal_text)).collect(),
        row.findings.iter().map(finding).collect(),
        row.errors.iter().map(|e| e.code.to_owned()).collect(),
    )
}

/// The same digest from per-record evaluation plus the quotas over the whole batch.
fn expected(rules: &RuleSet, records: &[Json]) -> Vec<Digest> {
    let results = rules.evaluate_batch(records, &Options::default());
    results
        .iter()
        .map(|r| match r {
            Ok(e) => {
                let wire = e.to_wire();
                (
                    e.status().as_str().to_owned(),
                    e.tier().map(str::to_owned),
                    e.decided_by().map(str::to_owned),
                    wire.scores.iter().map(|(_, s)| s.value.clone()).collect(),
                    wire.findings.iter().map(finding).collect(),
                    Vec::new(),
                )
            }
            Err(tieuchi::EvaluateError::Evidence(errors)) => (
                "error".to_owned(),
                None,
                None,
                vec![None; rules.model().scores.len()],
                Vec::new(),
                errors.iter().map(|e| e.code.as_str().to_owned()).collect(),
            ),
            Err(tieuchi::EvaluateError::Eval(e)) => (
                "error".to_owned(),
                None,
                None,
                vec![None; rules.model().scores.len()],
                Vec::new(),
                vec![e.code.as_str().to_owned()],
            ),
        })
        .collect()
}

fn record() -> impl Strategy<Value = Json> {
    (
        0u32..40,
        prop_oneof![Just(None), (0u32..=30).prop_map(Some)],
        0u32..=700,
        any::<bool>(),
        0u8..4,
        0u8..3,
        proptest::option::weighted(0.1, 0u8..3),
    )
        .prop_map(|(id, chung, nhiem_vu, suy_thoai, co_quan, nhom, odd)| {
            let mut r = json!({
                "id": format!("S{id:02}"),
                "ket_qua_nhiem_vu": format!("{}.{}", nhiem_vu / 10, nhiem_vu % 10),
                "suy_thoai": suy_thoai && id % 7 == 0,
                "don_vi_tham_nhung": false,
                "co_quan": format!("CQ{co_quan}"),
                "nhom": format!("N{nhom}"),
            });
            if let Some(c) = chung {
                r["tieu_chi_chung"] = json!(c);
            }
            match odd {
                Some(0) => r["tieu_chi_chung"] = json!(31),
                Some(1) => {
                    r.as_object_mut().unwrap().remove("co_quan");
                }
                Some(_) => r["ky_luat_trong_nam"] = json!("khien_trach"),
                None => {}
            }
            r
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn a_batch_is_per_record_evaluation_plus_quotas_in_input_order(
        records in proptest::collection::vec(record(), 0..120),
        chunk in 1usize..40,
        threads in 1usize..4,
    ) {
        let rules = nd335();
        let texts: Vec<String> = records.iter().map(Json::to_string).collect();
        let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
        let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap();
        let rows = pool.install(|| Batch::new(rules).chunk_records(chunk).rows_of_json(&texts));
        prop_assert_eq!(rows.len(), records.len());
        for (i, row) in rows.iter().enumerate() {
            prop_assert_eq!(row.record, i as u64);
        }
        let got: Vec<_> = rows.iter().map(digest).collect();
        prop_assert_eq!(got, expected(rules, &records));
    }
}

#[test]
fn every_case_file_of_the_library_rates_the_same_through_the_batch_engine() {
    // The CLI runs every case file through `tieuchi batch`; here the quota case files of NĐ 335
    // run through the engine directly, with the per-record results and quotas as the reference.
    let file: Json = serde_json::from_str(
        &std::fs::read_to_string(rules_dir().join("cong-chuc/nd335-2025-quota.cases.json")).unwrap(),
    )
    .unwrap();
    let mut checked = 0;
    for case in file["cases"].as_array().unwrap() {
        let Some(records) = case["batch"].as_array() else { continue };
        let texts: Vec<String> = records.iter().map(Json::to_string).collect();
        let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
        let rows = Batch::new(nd335()).chunk_records(3).rows_of_json(&texts);
        let got: Vec<_> = rows.iter().map(digest).collect();
        assert_eq!(got, expected(nd335(), records), "{}", case["name"]);
        for (row, expect) in rows.iter().zip(case["expect"].as_array().unwrap()) {
            if let Some(tier) = expect["xep_loai"].as_str() {
                assert_eq!(row.outcome, Some(tier), "{}: {:?}", case["name"], row.subject);
            }
        }
        checked += records.len();
    }
    assert!(checked >= 10, "{checked}");
}

#[test]
fn each_record_is_rated_by_the_version_in_force_on_its_own_date() {
    let family = cong_chuc().family_of("cong_chuc_nd335");
    assert_eq!(family.len(), 2);
    let records = [
        r#"{"id": "2025", "on": "2025-12-15", "diem_chung": 1}"#,
        r#"{"id": "2026", "on": "2026-12-15", "tieu_chi_chung": 28, "ket_qua_nhiem_vu": 50, "suy_thoai": false, "don_vi_tham_nhung": false}"#,
        r#"{"id": "1999", "on": "1999-01-01"}"#,
        r#"{"id": "undated", "tieu_chi_chung": 28}"#,
    ];
    let rows = Batch::family(family.clone()).rows_of_json(&records);
    let versions: Vec<Option<&str>> = rows.iter().map(|r| r.ruleset).collect();
    assert_eq!(versions[1], Some("cong_chuc_nd335"));
    assert_eq!(rows[1].outcome, Some("htt"));
    // NĐ 90 rated the 2025 record (its own fields: `diem_chung` is not NĐ 90's, so an error row
    // of NĐ 90, not of NĐ 335).
    assert_eq!(versions[0], Some("cong_chuc_nd90"), "{:?}", rows[0]);
    assert_eq!(rows[2].status, RowStatus::Error);
    assert_eq!(rows[2].errors[0].code, "select::none-in-force");
    assert_eq!(rows[3].errors[0].code, "select::need-date");
    // The run's date rates the undated record; a version named rates it without one.
    let rows = Batch::family(family.clone()).on(Some("2026-03-01".parse().unwrap())).rows_of_json(&records[3..]);
    assert_eq!(rows[0].ruleset, Some("cong_chuc_nd335"));
    let rows = Batch::family(family).undated("cong_chuc_nd335").rows_of_json(&records[3..]);
    assert_eq!(rows[0].ruleset, Some("cong_chuc_nd335"));
}

/// A family of one version chooses as one of several does: a record dated when that version is
/// not in force is an error row with the error `Library::select` gives it alone, not a row rated
/// by a version not in force; an undated record is that version's.
#[test]
fn a_record_dated_outside_the_only_version_is_an_error_row_as_alone() {
    let text = "ruleset mot \"Một phiên bản\" {\n  valid from 2026-01-01\n  input a \"A\": bool\n  \
                outcome kq \"Kết quả\" {\n    dat \"Đạt\" when a\n    khong \"Không đạt\" otherwise\n  }\n}\n";
    let library =
        Library::compile(&[SourceFile::new("mot.tieuchi", text)]).unwrap_or_else(|e| panic!("{}", e.render_plain()));
    let alone = library.select(None, Some("2025-06-30".parse().unwrap())).map(|_| ()).unwrap_err();
    let records = [
        r#"{"id": "old", "on": "2025-06-30", "a": true}"#,
        r#"{"id": "new", "on": "2026-06-30", "a": true}"#,
        r#"{"id": "undated", "a": true}"#,
    ];
    for id in [None, Some("mot")] {
        let rows = library.batch(id).unwrap().rows_of_json(&records);
        assert_eq!(rows[0].status, RowStatus::Error, "{:?}", rows[0]);
        assert_eq!(rows[0].errors[0].code, alone.code());
        assert_eq!(rows[0].errors[0].code, "select::none-in-force");
        assert_eq!((rows[1].status, rows[1].outcome), (RowStatus::Rated, Some("dat")));
        assert_eq!((rows[2].status, rows[2].outcome), (RowStatus::Rated, Some("dat")));
    }
}

/// A version pinned and run on a date it is not in force on rates every record, each row with
/// the `not-in-force` finding evaluating it alone gives; a record dated inside its window has
/// none. Rows with nothing to note are written straight from the columns that evaluated them, so
/// this holds the shortcut to what a whole evaluation says.
#[test]
fn a_pinned_version_out_of_force_notes_it_on_every_row_as_alone() {
    let rules = nd335();
    // Below the HTXS band: alone, a record in a quota's tier says the quota is pending.
    let records: Vec<Json> = (0..12)
        .map(|i| {
            json!({"id": format!("S{i}"), "tieu_chi_chung": 15 + i, "ket_qua_nhiem_vu": 30 + 2 * i,
                   "suy_thoai": false, "don_vi_tham_nhung": false, "co_quan": "CQ", "nhom": "N"})
        })
        .collect();
    let mut texts: Vec<String> = records.iter().map(Json::to_string).collect();
    texts.push(r#"{"id": "dated", "on": "2026-03-01", "tieu_chi_chung": 25, "ket_qua_nhiem_vu": 50, "suy_thoai": false, "don_vi_tham_nhung": false, "co_quan": "CQ", "nhom": "N"}"#.to_owned());
    let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
    let on = "2025-06-30".parse().unwrap();
    let rows = Batch::new(rules).on(Some(on)).rows_of_json(&texts);
    let options = Options { on: Some(on), ..Options::default() };
    for (row, text) in rows.iter().zip(&texts) {
        let alone = rules.evaluate_json(text, &options).unwrap();
        let codes: Vec<String> = row.findings.iter().map(|f| f.code.to_string()).collect();
        let alone_codes: Vec<String> = alone.to_wire().findings.iter().map(|f| f.code.to_string()).collect();
        assert_eq!(codes, alone_codes, "{text}");
        assert_eq!(row.outcome, alone.tier(), "{text}");
        let out_of_force = !text.contains("2026-03-01");
        assert_eq!(codes.iter().any(|c| c == "not-in-force"), out_of_force, "{text}");
    }
}

/// Issue 11: every kind of input gives one row per record, an error row where a record cannot
/// be read (defects 4 and 5 among them), and the rest as they would be alone.
#[test]
fn rows_in_equal_rows_out_for_every_kind_of_bad_input() {
    let good = r#"{"id": "G", "tieu_chi_chung": 28, "ket_qua_nhiem_vu": 50, "suy_thoai": false, "don_vi_tham_nhung": false, "co_quan": "A", "nhom": "1"}"#;
    let mut input = b"\xEF\xBB\xBF".to_vec();
    let bad: Vec<Vec<u8>> = vec![
        br#"{"id": "T", "tieu_chi_chung": 28"#.to_vec(),
        br#"{"id": "W", "tieu_chi_chung": true}"#.to_vec(),
        br#"{"id": "U", "khong_co": 1}"#.to_vec(),
        br#"{"id": "R", "tieu_chi_chung": 31}"#.to_vec(),
        br#"{"id": "D", "tieu_chi_chung": 1, "tieu_chi_chung": 2}"#.to_vec(),
        br#"{"id": "P", "ket_qua_nhiem_vu": "61.99999999999999999999999999999"}"#.to_vec(),
        b"{\"id\": \"X\", \"ghi\": \"\xFF\"}".to_vec(),
        b"[1, 2]".to_vec(),
        vec![b'x'; tieuchi::batch::MAX_RECORD_BYTES + 1],
    ];
    let mut expected_errors = Vec::new();
    for (i, b) in bad.iter().enumerate() {
        input.extend_from_slice(good.as_bytes());
        // Line ends of every kind, CR alone among them.
        input.extend_from_slice([&b"\n"[..], b"\r\n", b"\r"][i % 3]);
        input.extend_from_slice(b);
        input.extend_from_slice(b"\n\n");
        expected_errors.push(i * 2 + 1);
    }
    let mut out = Vec::new();
    let tally = Batch::new(nd335())
        .chunk_records(2)
        .run(
            &mut || Ok(Box::new(std::io::Cursor::new(input.clone()))),
            InputFormat::JsonLines,
            &mut out,
            OutputFormat::JsonLines,
            &mut |_| {},
        )
        .unwrap();
    let rows: Vec<Json> = String::from_utf8(out).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(rows.len(), bad.len() * 2);
    assert_eq!(tally.rows, rows.len() as u64);
    for (i, row) in rows.iter().enumerate() {
        assert_eq!(row["row"], i);
        if expected_errors.contains(&i) {
            assert_eq!(row["status"], "error", "{row}");
            assert!(row["errors"][0]["code"].is_string(), "{row}");
        } else {
            assert_eq!(row["subject"], "G", "{row}");
            // 28 + 50 = 78 points; one record per group, so no quota applies.
            assert_eq!(row["outcome"], "htt", "{row}");
        }
    }
    let codes: Vec<&str> = expected_errors.iter().map(|&i| rows[i]["errors"][0]["code"].as_str().unwrap()).collect();
    assert_eq!(
        codes,
        [
            "evidence::not-json",
            "evidence::wrong-type",
            "evidence::unknown-field",
            "evidence::out-of-range",
            "evidence::duplicate-field",
            "evidence::bad-number",
            "evidence::not-json",
            "evidence::not-an-object",
            "evidence::too-large",
        ]
    );
}

#[test]
fn csv_rows_are_the_same_columns_as_json_lines() {
    let csv = "id,tieu_chi_chung,ket_qua_nhiem_vu,suy_thoai,don_vi_tham_nhung,co_quan,nhom\n\
               a,28,65,false,false,A,1\n\
               b,\"28,5\",65,false,false,A,1\n\
               c,20,50,FALSE,false,\"A\",1\n";
    let run = |format| {
        let mut out = Vec::new();
        Batch::new(nd335())
            .run(&mut || Ok(Box::new(csv.as_bytes())), InputFormat::Csv, &mut out, format, &mut |_| {})
            .unwrap();
        String::from_utf8(out).unwrap()
    };
    let json: Vec<Json> = run(OutputFormat::JsonLines).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let csv_out = run(OutputFormat::Csv);
    let lines: Vec<&str> = csv_out.lines().collect();
    let header: Vec<&str> = lines[0].split(',').collect();
    let columns: Vec<&str> = json[0].as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(header, columns);
    assert_eq!(json.len(), 3);
    // 93 points, but the HTXS quota of its group (with one HTT) lowers it.
    assert_eq!(json[0]["outcome"], "htt");
    assert_eq!(json[0]["decided_by"], "quota");
    assert_eq!(json[1]["errors"][0]["code"], "evidence::bad-number");
    assert_eq!(json[2]["outcome"], "htt");
    let sha = nd335().fingerprint();
    assert_eq!(json[0]["rules_sha256"], sha);
    // Every row, an error row too, names the engine that made it, as a result's envelope does.
    let engine = format!("tieuchi {}", env!("CARGO_PKG_VERSION"));
    assert!(json.iter().all(|row| row["engine"] == engine.as_str()), "{json:?}");
    assert!(
        lines[1].starts_with(&format!("0,a,cong_chuc_nd335,{sha},{engine},,rated,htt,quota,93,28,65,")),
        "{}",
        lines[1]
    );
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// Written as text under a quota, the rows of the first pass are kept in a file and only the
    /// records a quota decision touches are evaluated again: the output is byte for byte what
    /// evaluating every record again with the decisions gives, in JSON Lines and in CSV.
    #[test]
    fn rows_kept_in_a_file_between_the_passes_are_the_rows_of_two_full_passes(
        records in proptest::collection::vec(record(), 0..150),
        chunk in 1usize..40,
    ) {
        let batch = Batch::new(nd335()).chunk_records(chunk);
        let texts: Vec<String> = records.iter().map(Json::to_string).collect();
        let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
        let rows = batch.rows_of_json(&refs);
        let input = texts.iter().fold(String::new(), |mut all, t| {
            all.push_str(t);
            all.push('\n');
            all
        });
        for format in [OutputFormat::JsonLines, OutputFormat::Csv] {
            let mut expected = Vec::new();
            if format == OutputFormat::Csv {
                tieuchi::batch::write_csv_line(&mut expected, batch.shape().columns().into_iter());
            }
            for row in &rows {
                match format {
                    OutputFormat::JsonLines => row.write_json(batch.shape(), &mut expected),
                    OutputFormat::Csv => row.write_csv(batch.shape(), &mut expected),
                }
            }
            let mut out = Vec::new();
            let bytes = input.clone().into_bytes();
            batch
                .run(&mut || Ok(Box::new(std::io::Cursor::new(bytes.clone()))), InputFormat::JsonLines, &mut out, format, &mut |_| {})
                .unwrap();
            prop_assert_eq!(String::from_utf8(out).unwrap(), String::from_utf8(expected).unwrap());
        }
    }
}

/// The failure evaluating one record alone gives: the version chosen by its own date (as
/// `tieuchi eval` chooses it), then its evidence and arithmetic; text that is not JSON has no
/// date to choose by, and is refused as it is by any version.
fn failure_alone(library: &Library, json: &str) -> Option<tieuchi::Failure> {
    let options = Options { on: None, trace: false, ..Default::default() };
    let Ok(record) = serde_json::from_str::<Json>(json) else {
        return library.rulesets()[0]
            .evaluate_json(json, &options)
            .err()
            .map(|e| tieuchi::Failure::evaluate(&e, tieuchi::Lang::En));
    };
    let on = record.get("on").and_then(Json::as_str).and_then(tieuchi::value::parse_strict_date);
    let rules = match library.select(None, on) {
        Ok(rules) => rules,
        Err(error) => return Some(tieuchi::Failure::select(&error, tieuchi::Lang::En)),
    };
    rules.evaluate_json(json, &options).err().map(|e| tieuchi::Failure::evaluate(&e, tieuchi::Lang::En))
}

#[test]
fn the_first_failure_of_a_batch_is_the_failure_of_its_record_alone() {
    use tieuchi::batch::{Input, ReadRecord};
    let library = cong_chuc();
    let good = json!({"id": "a", "on": "2026-06-30", "tieu_chi_chung": 28, "ket_qua_nhiem_vu": 61,
                      "suy_thoai": false, "don_vi_tham_nhung": false});
    let mut bad_evidence = good.clone();
    bad_evidence["tieu_chi_chung"] = json!(31);
    bad_evidence["suy_thoai"] = json!("no");
    bad_evidence["diem"] = json!(1);
    let mut no_version = good.clone();
    no_version["on"] = json!("2001-01-01");
    let mut no_date = good.clone();
    no_date.as_object_mut().unwrap().remove("on");
    let mut not_json = good.to_string();
    not_json.pop();
    let cases: Vec<String> =
        vec![good.to_string(), bad_evidence.to_string(), no_version.to_string(), no_date.to_string(), not_json];
    let batch = library.batch(None).unwrap().lang(tieuchi::Lang::En);
    let texts: Vec<&str> = cases.iter().map(String::as_str).collect();
    let rows = batch.rows_of_json(&texts);
    let kinds: Vec<Option<tieuchi::FailureKind>> = cases
        .iter()
        .zip(&rows)
        .map(|(json, row)| {
            let records = [ReadRecord { json: json.clone(), errors: Vec::new() }];
            let failure = batch.first_failure(Input::Records(&records)).unwrap();
            // Alone, and in a batch of one: the same failure, named as the batch's record 0.
            assert_eq!(failure, failure_alone(library, json).map(|f| f.for_record(0)), "{json}");
            // The row says the same in brief: each problem's code, by field.
            let codes: Vec<&str> = failure.iter().flat_map(|f| &f.errors).map(|e| e.code.as_str()).collect();
            assert_eq!(codes, row.errors.iter().map(|e| e.code).collect::<Vec<_>>(), "{json}");
            failure.map(|f| f.kind)
        })
        .collect();
    let (evidence, select) = (Some(tieuchi::FailureKind::Evidence), Some(tieuchi::FailureKind::Select));
    assert_eq!(kinds, [None, evidence, select, select, evidence]);

    // In the whole batch, the first refused record, with its every problem's help.
    let records: Vec<ReadRecord> =
        cases.iter().map(|json| ReadRecord { json: json.clone(), errors: Vec::new() }).collect();
    let first = batch.first_failure(Input::Records(&records)).unwrap().unwrap();
    assert_eq!(first.record, Some(1));
    assert_eq!(first.errors.len(), 3);
    assert!(first.errors.iter().all(|e| !e.help.is_empty() && e.field.is_some()), "{first:?}");
    // The same from the text of JSON Lines, and nothing when every record evaluates.
    let lines = cases.join("\n");
    let mut open = || Ok(Box::new(std::io::Cursor::new(lines.clone().into_bytes())) as Box<dyn std::io::Read + Send>);
    let from_text = batch.first_failure(Input::Text { open: &mut open, format: InputFormat::JsonLines }).unwrap();
    assert_eq!(from_text, Some(first));
    assert_eq!(batch.first_failure(Input::Records(&records[..1])).unwrap(), None);
}

/// Issue 17: the keys a batch may be split by are the quota keys every version shares; without a
/// quota, none are needed.
#[test]
fn a_batch_is_split_by_the_keys_every_quota_groups_by() {
    assert_eq!(Batch::new(nd335()).partition_keys(), Some(vec!["co_quan", "nhom"]));
    let family = cong_chuc().family_of("cong_chuc_nd335");
    assert_eq!(Batch::family(family).partition_keys(), Some(vec!["co_quan", "nhom"]));
    let plain = common::compile(
        r#"ruleset plain "P" {
  input diem "Điểm": number in 0..10
  outcome kq "K" {
    dat "Đạt" when diem >= 5
    khong "Không" otherwise
  }
}"#,
    );
    assert_eq!(Batch::new(&plain).partition_keys(), None);
    let mixed = common::compile(
        r#"ruleset mixed "M" {
  input diem "Điểm": number in 0..10
  key vung "Vùng": text
  key nam "Năm": number
  key loai "Loại": bool
  outcome kq "K" {
    gioi "Giỏi" when diem >= 8
    dat "Đạt" when diem >= 5
    khong "Không" otherwise
  }
  quota gioi at most 50% of dat within vung, nam, loai
    rank by diem desc
    demote to dat
    count before demotion
}"#,
    );
    // A number (written "1" or "1.0") and a boolean (`true`, "true") could put records written
    // differently in one group: left out.
    assert_eq!(Batch::new(&mixed).partition_keys(), Some(vec!["vung"]));
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 32, ..ProptestConfig::default() })]

    /// Records split by their partition keys (the agency written composed in some records and
    /// decomposed in others, one group to the engine) and each part evaluated apart give the rows
    /// of the whole batch.
    #[test]
    fn parts_split_by_the_partition_keys_give_the_rows_of_the_whole(
        records in proptest::collection::vec((record(), any::<bool>()), 0..120),
    ) {
        let rules = nd335();
        let batch = Batch::new(rules);
        let keys = batch.partition_keys().unwrap();
        let records: Vec<Json> = records
            .into_iter()
            .map(|(mut r, decomposed)| {
                if let Some(Json::String(co_quan)) = r.get("co_quan").cloned() {
                    let so = if decomposed { "So\u{31b}\u{309}" } else { "S\u{1edf}" };
                    r["co_quan"] = json!(format!("{so} {co_quan}"));
                }
                r
            })
            .collect();
        let texts: Vec<String> = records.iter().map(Json::to_string).collect();
        let whole: Vec<Digest> = batch.rows_of_json(&texts.iter().map(String::as_str).collect::<Vec<_>>()).iter().map(digest).collect();
        // As a cluster groups them: by the keys' values, text folded to its composed form.
        let fold = |v: Option<&Json>| v.and_then(Json::as_str).map(|s| s.replace("So\u{31b}\u{309}", "S\u{1edf}"));
        let mut parts: std::collections::BTreeMap<Vec<Option<String>>, Vec<usize>> = std::collections::BTreeMap::new();
        for (i, r) in records.iter().enumerate() {
            parts.entry(keys.iter().map(|k| fold(r.get(*k))).collect()).or_default().push(i);
        }
        let mut apart: Vec<Option<Digest>> = vec![None; records.len()];
        for members in parts.values() {
            let texts: Vec<&str> = members.iter().map(|&i| texts[i].as_str()).collect();
            for (row, &i) in batch.rows_of_json(&texts).iter().zip(members) {
                apart[i] = Some(digest(row));
            }
        }
        let apart: Vec<Digest> = apart.into_iter().map(Option::unwrap).collect();
        prop_assert_eq!(apart, whole);
    }
}

/// A batch's error rows read in Vietnamese unless English is asked for; their codes are the same.
#[test]
fn error_rows_are_vietnamese_unless_english_is_asked_for() {
    let library = cong_chuc();
    let good = json!({"id": "a", "on": "2026-06-30", "tieu_chi_chung": 28, "ket_qua_nhiem_vu": 61,
                      "suy_thoai": false, "don_vi_tham_nhung": false});
    let mut bad_evidence = good.clone();
    bad_evidence["suy_thoai"] = json!("no");
    let mut no_version = good.clone();
    no_version["on"] = json!("2001-01-01");
    let texts = [bad_evidence.to_string(), no_version.to_string()];
    let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
    let vi = library.batch(None).unwrap().rows_of_json(&texts);
    let en = library.batch(None).unwrap().lang(tieuchi::Lang::En).rows_of_json(&texts);
    let errors = |rows: &[Row<'_>]| -> Vec<(&'static str, String, String)> {
        rows.iter().flat_map(|r| &r.errors).map(|e| (e.code, e.field.clone(), e.message.clone())).collect()
    };
    let (vi, en) = (errors(&vi), errors(&en));
    assert_eq!(vi.iter().map(|e| (e.0, &e.1)).collect::<Vec<_>>(), en.iter().map(|e| (e.0, &e.1)).collect::<Vec<_>>());
    assert_eq!(vi[0].0, "evidence::wrong-type");
    assert_eq!(vi[0].2, "cần true hoặc false, nhưng nhận được một chuỗi");
    assert_eq!(en[0].2, "expected true or false, found a string");
    assert_eq!(vi[1].0, "select::none-in-force");
    assert!(vi[1].2.starts_with("không có phiên bản nào của `"), "{}", vi[1].2);
    assert!(vi[1].2.contains("có hiệu lực vào ngày `2001-01-01`"), "{}", vi[1].2);
    assert!(en[1].2.starts_with("no version of `"), "{}", en[1].2);
}
