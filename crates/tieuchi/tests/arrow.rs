//! Arrow record batches through the batch engine: typed columns read as JSON would be, and the
//! rows as typed columns that say what the JSON Lines rows say.

#![cfg(feature = "arrow")]
#![allow(clippy::indexing_slicing, clippy::panic, clippy::expect_used, clippy::unwrap_used, reason = "tests")]

mod common;

use std::io;
use std::path::Path;
use std::sync::Arc;

use arrow_array::builder::{BooleanBuilder, Decimal128Builder, Int64Builder, StringBuilder, StringDictionaryBuilder};
use arrow_array::cast::AsArray;
use arrow_array::types::{Decimal128Type, Int32Type};
use arrow_array::{
    Array, ArrayRef, Date32Array, Float32Array, Float64Array, RecordBatch, StringArray, TimestampSecondArray,
};
use arrow_schema::{DataType, Field, Schema};
use proptest::prelude::*;
use serde_json::{json, Value as Json};
use tieuchi::batch::{fit_decimals, plain_strings, ArrowBatches, Batch, Input, InputFormat, Output, OutputFormat};
use tieuchi::RuleSet;

fn nd335() -> &'static RuleSet {
    static RULES: std::sync::OnceLock<RuleSet> = std::sync::OnceLock::new();
    RULES.get_or_init(|| {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../rules/cong-chuc/nd335-2025.tieuchi");
        common::compile(&std::fs::read_to_string(path).unwrap())
    })
}

/// Rows as JSON Lines from JSON Lines text.
fn rows_from_text(batch: &Batch<'_>, text: &str) -> String {
    let mut out = Vec::new();
    let text = text.to_owned();
    batch
        .run(
            &mut || Ok(Box::new(io::Cursor::new(text.clone().into_bytes()))),
            InputFormat::JsonLines,
            &mut out,
            OutputFormat::JsonLines,
            &mut |_| {},
        )
        .unwrap();
    String::from_utf8(out).unwrap()
}

/// Opens the batches as many times as the engine needs.
fn opener(batches: &[RecordBatch]) -> impl FnMut() -> io::Result<ArrowBatches> + '_ {
    move || {
        // The engine's input outlives this borrow: it holds the batches (their buffers are shared).
        let owned: Vec<RecordBatch> = batches.to_vec();
        Ok(Box::new(owned.into_iter().map(Ok)) as ArrowBatches)
    }
}

/// Rows as JSON Lines from record batches.
fn rows_from_arrow(batch: &Batch<'_>, batches: &[RecordBatch]) -> String {
    let mut out = Vec::new();
    let mut open = opener(batches);
    batch
        .execute(
            Input::Arrow { open: &mut open },
            Output::Text { out: &mut out, format: OutputFormat::JsonLines },
            &mut |_| {},
        )
        .unwrap();
    String::from_utf8(out).unwrap()
}

fn arrow_rows(batch: &Batch<'_>, batches: &[RecordBatch], fitted: bool) -> Vec<RecordBatch> {
    let mut open = opener(batches);
    let mut rows = Vec::new();
    let mut collect = |b: RecordBatch| {
        rows.push(b);
        Ok(())
    };
    let output = if fitted { Output::ArrowFitted(&mut collect) } else { Output::Arrow(&mut collect) };
    batch.execute(Input::Arrow { open: &mut open }, output, &mut |_| {}).unwrap();
    rows
}

/// NĐ 335 records as typed columns: points as integers and decimals, booleans, the agency as a
/// dictionary.
fn columns(records: &[Json]) -> RecordBatch {
    let mut id = StringBuilder::new();
    let mut chung = Int64Builder::new();
    let mut nhiem_vu = Decimal128Builder::new().with_precision_and_scale(10, 1).unwrap();
    let mut suy_thoai = BooleanBuilder::new();
    let mut tham_nhung = BooleanBuilder::new();
    let mut co_quan = StringDictionaryBuilder::<Int32Type>::new();
    let mut nhom = StringBuilder::new();
    for r in records {
        id.append_option(r["id"].as_str());
        chung.append_option(r.get("tieu_chi_chung").and_then(Json::as_i64));
        let tenths = r["ket_qua_nhiem_vu"].as_str().map(|t| t.replace('.', "").parse::<i128>().unwrap());
        nhiem_vu.append_option(tenths);
        suy_thoai.append_option(r["suy_thoai"].as_bool());
        tham_nhung.append_option(r["don_vi_tham_nhung"].as_bool());
        co_quan.append_option(r.get("co_quan").and_then(Json::as_str));
        nhom.append_option(r["nhom"].as_str());
    }
    let columns: Vec<(&str, ArrayRef)> = vec![
        ("id", Arc::new(id.finish())),
        ("tieu_chi_chung", Arc::new(chung.finish())),
        ("ket_qua_nhiem_vu", Arc::new(nhiem_vu.finish())),
        ("suy_thoai", Arc::new(suy_thoai.finish())),
        ("don_vi_tham_nhung", Arc::new(tham_nhung.finish())),
        ("co_quan", Arc::new(co_quan.finish())),
        ("nhom", Arc::new(nhom.finish())),
    ];
    RecordBatch::try_from_iter(columns).unwrap()
}

fn record() -> impl Strategy<Value = Json> {
    (
        0u32..40,
        prop_oneof![Just(None), (0i64..=31).prop_map(Some)],
        0u32..=700,
        any::<bool>(),
        0u8..4,
        0u8..3,
        any::<bool>(),
    )
        .prop_map(|(id, chung, nhiem_vu, suy_thoai, co_quan, nhom, no_agency)| {
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
            if no_agency && id % 5 == 0 {
                r.as_object_mut().unwrap().remove("co_quan");
            }
            r
        })
}

/// The JSON Lines of records as JSON would write them (numbers of points as numbers).
fn json_lines(records: &[Json]) -> String {
    let mut lines = String::new();
    for r in records {
        let mut r = r.clone();
        let text = r["ket_qua_nhiem_vu"].as_str().unwrap().to_owned();
        r["ket_qua_nhiem_vu"] = serde_json::from_str(&text).unwrap();
        lines.push_str(&r.to_string());
        lines.push('\n');
    }
    lines
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 32, ..ProptestConfig::default() })]

    #[test]
    fn typed_columns_give_the_rows_their_json_lines_give(
        records in proptest::collection::vec(record(), 1..150),
        split in 1usize..50,
        chunk in 1usize..30,
    ) {
        let batch = Batch::new(nd335()).chunk_records(chunk);
        let whole = columns(&records);
        // Record batches of any size are one input, rows numbered across them.
        let mut batches = Vec::new();
        let mut start = 0;
        while start < whole.num_rows() {
            let n = split.min(whole.num_rows() - start);
            batches.push(whole.slice(start, n));
            start += n;
        }
        prop_assert_eq!(rows_from_arrow(&batch, &batches), rows_from_text(&batch, &json_lines(&records)));
    }
}

#[test]
fn the_rows_as_arrow_columns_are_typed_and_say_what_the_json_lines_say() {
    let records: Vec<Json> = (0..300)
        .map(|i| {
            json!({"id": format!("S{i}"), "tieu_chi_chung": 20 + i % 11, "ket_qua_nhiem_vu": format!("{}.{}", 45 + i % 26, i % 10),
                   "suy_thoai": false, "don_vi_tham_nhung": false, "co_quan": format!("CQ{}", i % 3), "nhom": "N1"})
        })
        .collect();
    let batch = Batch::new(nd335()).chunk_records(64);
    let rows = arrow_rows(&batch, &[columns(&records)], false);
    assert_eq!(rows.len(), 5, "a record batch per chunk");
    let schema = batch.arrow_schema();
    assert_eq!(rows[0].schema(), schema);
    let field = |name: &str| schema.field_with_name(name).unwrap().data_type().clone();
    assert_eq!(field("row"), DataType::UInt64);
    assert_eq!(field("status"), DataType::Dictionary(Box::new(DataType::Int32), Box::new(DataType::Utf8)));
    assert_eq!(field("outcome"), DataType::Dictionary(Box::new(DataType::Int32), Box::new(DataType::Utf8)));
    assert!(matches!(field("tong"), DataType::Decimal128(38, 28)), "{:?}", field("tong"));
    assert!(matches!(field("findings"), DataType::List(_)));
    assert_eq!(field("rules_sha256"), DataType::Dictionary(Box::new(DataType::Int32), Box::new(DataType::Utf8)));
    assert_eq!(field("engine"), DataType::Dictionary(Box::new(DataType::Int32), Box::new(DataType::Utf8)));
    assert!(!schema.field_with_name("engine").unwrap().is_nullable(), "every row names its engine");
    let engine = rows[0].column_by_name("engine").unwrap().as_dictionary::<Int32Type>();
    let engine_values = engine.values().as_string::<i32>();
    assert!(
        engine
            .keys()
            .iter()
            .all(|k| k.is_some_and(|k| engine_values.value(usize::try_from(k).unwrap()) == tieuchi::batch::ENGINE)),
        "every row names `{}`",
        tieuchi::batch::ENGINE
    );
    assert_eq!(tieuchi::batch::ENGINE, format!("tieuchi {}", env!("CARGO_PKG_VERSION")));
    assert_eq!(schema.metadata().get("tieuchi.engine.name").map(String::as_str), Some("tieuchi"));
    assert_eq!(schema.metadata().get("tieuchi.engine.version").map(String::as_str), Some(env!("CARGO_PKG_VERSION")));

    let text = rows_from_text(&batch, &json_lines(&records));
    let json_rows: Vec<Json> = text.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    // A stream's batches share the one scale that holds any score; fitted, each has its own, and
    // the run's batches together take the largest.
    assert_eq!(fit_decimals(&rows).unwrap()[0].schema(), schema);
    let narrowed = fit_decimals(&arrow_rows(&batch, &[columns(&records)], true)).unwrap();
    assert_eq!(narrowed[0].schema().metadata(), schema.metadata(), "the engine stays named when decimals narrow");
    assert_eq!(narrowed[0].schema().field_with_name("tong").unwrap().data_type(), &DataType::Decimal128(38, 1));
    let mut i = 0;
    for b in &narrowed {
        let total = b.column_by_name("tong").unwrap().as_primitive::<Decimal128Type>();
        let outcome = b.column_by_name("outcome").unwrap().as_dictionary::<Int32Type>();
        let outcome_values = outcome.values().as_string::<i32>();
        let row = b.column_by_name("row").unwrap().as_primitive::<arrow_array::types::UInt64Type>();
        for j in 0..b.num_rows() {
            let expected = &json_rows[i];
            assert_eq!(row.value(j), i as u64);
            let got = total.is_valid(j).then(|| tieuchi::value::decimal128_text(total.value(j), 1).parse().unwrap());
            let want: Option<rust_decimal::Decimal> = expected["tong"].as_str().map(|t| t.parse().unwrap());
            assert_eq!(got, want, "row {i}");
            let got =
                outcome.is_valid(j).then(|| outcome_values.value(usize::try_from(outcome.keys().value(j)).unwrap()));
            assert_eq!(got, expected["outcome"].as_str(), "row {i}");
            i += 1;
        }
    }
    assert_eq!(i, records.len());
}

/// One record of one column, through the engine: its row as JSON.
#[test]
fn plain_strings_spell_out_every_dictionary_column_and_leave_the_rest() {
    let records: Vec<Json> = (0..40)
        .map(|i| {
            json!({"id": format!("CC-{i}"), "co_quan": "So", "nhom": "A", "tieu_chi_chung": 20 + i % 11,
                   "ket_qua_nhiem_vu": 60, "suy_thoai": i == 7})
        })
        .collect();
    let batch = Batch::new(nd335()).chunk_records(16);
    let rows = fit_decimals(&arrow_rows(&batch, &[columns(&records)], true)).unwrap();
    let plain = plain_strings(&rows).unwrap();
    assert_eq!(plain.len(), rows.len());
    for (dictionary, spelled) in rows.iter().zip(&plain) {
        assert_eq!(dictionary.num_rows(), spelled.num_rows());
        assert_eq!(dictionary.schema().metadata(), spelled.schema().metadata());
        for (field, (before, after)) in
            dictionary.schema().fields().iter().zip(dictionary.columns().iter().zip(spelled.columns()))
        {
            let now = spelled.schema().field_with_name(field.name()).unwrap().clone();
            assert_eq!(now.is_nullable(), field.is_nullable(), "{}", field.name());
            if matches!(field.data_type(), DataType::Dictionary(..)) {
                assert_eq!(now.data_type(), &DataType::Utf8, "{}", field.name());
                let strings: Vec<Option<String>> =
                    after.as_string::<i32>().iter().map(|s| s.map(str::to_owned)).collect();
                assert_eq!(strings, arrow_cast_to_strings(before), "{}", field.name());
            } else {
                assert_eq!(now.data_type(), field.data_type(), "{}", field.name());
                assert_eq!(before.to_data(), after.to_data(), "{}", field.name());
            }
        }
    }
    let outcome = plain[0].column_by_name("outcome").unwrap().as_string::<i32>();
    assert_eq!(outcome.value(7), "kht", "a knock-out, spelled out");
}

/// A column that holds one text on every row of a batch is spelled out from one shared array:
/// still that batch's own text, whatever the other batches hold.
#[test]
fn plain_strings_of_a_column_of_one_text_are_that_batchs_text() {
    let column = |cells: &[Option<&str>]| {
        let dictionary: arrow_array::DictionaryArray<Int32Type> = cells.iter().copied().collect();
        RecordBatch::try_from_iter([("ruleset", Arc::new(dictionary) as ArrayRef)]).unwrap()
    };
    let cells: [&[Option<&str>]; 5] = [
        &[Some("nd335"); 3],
        &[Some("nd90"); 5],
        &[Some("nd335"); 2],
        &[Some("nd335"), None, Some("nd335")],
        &[Some("nd90"), Some("nd335"), Some("nd90")],
    ];
    let batches: Vec<RecordBatch> = cells.iter().map(|c| column(c)).collect();
    let plain = plain_strings(&batches).unwrap();
    for (expected, batch) in cells.iter().zip(&plain) {
        assert_eq!(batch.schema().field(0).data_type(), &DataType::Utf8);
        let spelled: Vec<Option<&str>> = batch.column(0).as_string::<i32>().iter().collect();
        assert_eq!(&spelled, expected);
    }
}

fn one(name: &str, array: ArrayRef) -> Json {
    let batch = RecordBatch::try_new(
        Arc::new(Schema::new(vec![Field::new(name, array.data_type().clone(), true)])),
        vec![array],
    )
    .unwrap();
    let text = rows_from_arrow(&Batch::new(nd335()), &[batch]);
    serde_json::from_str(text.lines().next().unwrap()).unwrap()
}

fn error_codes(row: &Json) -> Vec<(String, String)> {
    row["errors"]
        .as_array()
        .map(|errors| {
            errors
                .iter()
                .map(|e| (e["code"].as_str().unwrap().to_owned(), e["field"].as_str().unwrap().to_owned()))
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn a_cell_that_cannot_be_read_exactly_is_an_error_naming_its_field_never_rounded() {
    // 31 digits: a Decimal holds 28.
    let wide = Decimal128Builder::new().with_precision_and_scale(38, 29).unwrap();
    let mut wide = wide;
    wide.append_value(6_199_999_999_999_999_999_999_999_999_999i128);
    let row = one("ket_qua_nhiem_vu", Arc::new(wide.finish()));
    assert_eq!(error_codes(&row), [("evidence::bad-number".to_owned(), "ket_qua_nhiem_vu".to_owned())]);

    // A date with a time of day is not a date.
    let row = one("on", Arc::new(TimestampSecondArray::from(vec![1_735_686_000])));
    assert_eq!(error_codes(&row), [("evidence::wrong-type".to_owned(), "on".to_owned())]);

    // A float reads as its shortest text: 28.3 is 28.3, not 28.300000000000000710…; a 32-bit
    // 0.1 is 0.1, not 0.100000001490116…
    let row = one("tieu_chi_chung", Arc::new(Float64Array::from(vec![28.3])));
    assert_eq!(row["tieu_chi_chung"], "28.3", "{row}");
    let row = one("tieu_chi_chung", Arc::new(Float32Array::from(vec![0.1f32])));
    assert_eq!(row["tieu_chi_chung"], "0.1", "{row}");
    let row = one("tieu_chi_chung", Arc::new(Float64Array::from(vec![30.5])));
    assert_eq!(error_codes(&row), [("evidence::out-of-range".to_owned(), "tieu_chi_chung".to_owned())]);

    // NaN in a float column is a missing value (pandas writes one so), not an error.
    let row = one("tieu_chi_chung", Arc::new(Float64Array::from(vec![f64::NAN])));
    assert_eq!(row["errors"], Json::Null, "{row}");
    assert_eq!(row["status"], "not determinable");

    let row = one("tieu_chi_chung", Arc::new(Float64Array::from(vec![f64::INFINITY])));
    assert_eq!(error_codes(&row), [("evidence::bad-number".to_owned(), "tieu_chi_chung".to_owned())]);
}

#[test]
fn dates_and_strings_read_as_json_gives_them() {
    // 2025-06-30 is day 20,269 of the epoch.
    let row = one("on", Arc::new(Date32Array::from(vec![20_269])));
    assert_eq!(row["on"], "2025-06-30");
    let row = one("on", Arc::new(TimestampSecondArray::from(vec![20_269 * 86_400])));
    assert_eq!(row["on"], "2025-06-30");
    let row = one("ky_luat_trong_nam", Arc::new(StringArray::from(vec!["khong_co"])));
    assert_eq!(error_codes(&row), [("evidence::bad-enum-value".to_owned(), "ky_luat_trong_nam".to_owned())]);
    let row = one("nhom", Arc::new(arrow_array::BinaryArray::from(vec![b"N1".as_slice()])));
    assert!(row["errors"].to_string().contains("bytes"), "{row}");
    let column = arrow_array::NullArray::new(1);
    assert!(column.is_nullable());
}

/// The message of the one error of a one-column record, in `lang`.
fn error_message_in(lang: tieuchi::Lang, name: &str, array: ArrayRef) -> String {
    let batch = RecordBatch::try_new(
        Arc::new(Schema::new(vec![Field::new(name, array.data_type().clone(), true)])),
        vec![array],
    )
    .unwrap();
    let text = rows_from_arrow(&Batch::new(nd335()).lang(lang), &[batch]);
    let row: Json = serde_json::from_str(text.lines().next().unwrap()).unwrap();
    assert_eq!(error_codes(&row), [("evidence::wrong-type".to_owned(), name.to_owned())], "{row}");
    row["errors"][0]["message"].as_str().unwrap().to_owned()
}

/// A field, a column of a type it does not take, and how the error names that type in
/// Vietnamese and in English.
type Case = (&'static str, fn() -> ArrayRef, &'static str, &'static str);

#[test]
fn a_column_of_a_type_no_field_takes_is_named_in_the_language_of_the_run() {
    use arrow_array::{DurationSecondArray, Time32SecondArray};
    use tieuchi::Lang;
    let zoned = || Arc::new(TimestampSecondArray::from(vec![0]).with_timezone("+07:00")) as ArrayRef;
    let cases: [Case; 4] = [
        ("on", zoned, "một mốc thời gian có múi giờ", "a timestamp with a time zone"),
        ("tieu_chi_chung", || Arc::new(Time32SecondArray::from(vec![60])), "một giờ trong ngày", "a time of day"),
        ("ket_qua_nhiem_vu", || Arc::new(DurationSecondArray::from(vec![60])), "một khoảng thời gian", "a duration"),
        (
            "nhom",
            || Arc::new(arrow_array::BinaryArray::from(vec![b"N1".as_slice()])),
            "dữ liệu nhị phân (bytes)",
            "bytes",
        ),
    ];
    for (field, column, vi, en) in cases {
        let message = error_message_in(Lang::Vi, field, column());
        assert!(message.contains(vi) && (vi.contains(en) || !message.contains(en)), "{message}");
        let message = error_message_in(Lang::En, field, column());
        assert!(message.contains(en), "{message}");
    }
}

/// Each row as `(row, status, outcome, decided_by, total, finding codes, error codes)`.
type Digest = (u64, String, Option<String>, Option<String>, Option<rust_decimal::Decimal>, Vec<String>, Vec<String>);

fn digest_json(text: &str) -> Vec<Digest> {
    text.lines()
        .map(|l| {
            let r: Json = serde_json::from_str(l).unwrap();
            let codes = |v: &Json| -> Vec<String> {
                v.as_array()
                    .map(|a| a.iter().map(|x| x["code"].as_str().unwrap().to_owned()).collect())
                    .unwrap_or_default()
            };
            // A finding whole: its code, rule and message.
            let findings = |v: &Json| -> Vec<String> {
                v.as_array()
                    .map(|a| a.iter().map(|x| format!("{}|{}|{}", x["code"], x["rule"], x["message"])).collect())
                    .unwrap_or_default()
            };
            (
                r["row"].as_u64().unwrap(),
                r["status"].as_str().unwrap().to_owned(),
                r["outcome"].as_str().map(str::to_owned),
                r["decided_by"].as_str().map(str::to_owned),
                r["tong"].as_str().map(|t| t.parse().unwrap()),
                findings(&r["findings"]),
                codes(&r["errors"]),
            )
        })
        .collect()
}

fn digest_arrow(batches: &[RecordBatch]) -> Vec<Digest> {
    let mut out = Vec::new();
    for b in batches {
        let text = |name: &str, j: usize| -> Option<String> {
            let c = b.column_by_name(name).unwrap();
            let plain = arrow_cast_to_strings(c);
            plain[j].clone()
        };
        let DataType::Decimal128(_, scale) = b.schema().field_with_name("tong").unwrap().data_type().clone() else {
            panic!("tong is not decimal128")
        };
        let total = b.column_by_name("tong").unwrap().as_primitive::<Decimal128Type>();
        let row = b.column_by_name("row").unwrap().as_primitive::<arrow_array::types::UInt64Type>();
        let list_codes = |name: &str, j: usize| -> Vec<String> {
            let list = b.column_by_name(name).unwrap().as_list::<i32>();
            if list.is_null(j) {
                return Vec::new();
            }
            let items = list.value(j);
            let codes = items.as_struct().column(0).as_string::<i32>().clone();
            codes.iter().map(|c| c.unwrap().to_owned()).collect()
        };
        // A finding whole, as `digest_json` writes it: its code, rule and message.
        let findings = |j: usize| -> Vec<String> {
            let list = b.column_by_name("findings").unwrap().as_list::<i32>();
            if list.is_null(j) {
                return Vec::new();
            }
            let items = list.value(j);
            let fields = items.as_struct();
            let text =
                |name: &str, k: usize| Json::from(fields.column_by_name(name).unwrap().as_string::<i32>().value(k));
            (0..items.len())
                .map(|k| format!("{}|{}|{}", text("code", k), text("rule", k), text("message", k)))
                .collect()
        };
        for j in 0..b.num_rows() {
            out.push((
                row.value(j),
                text("status", j).unwrap(),
                text("outcome", j),
                text("decided_by", j),
                total.is_valid(j).then(|| tieuchi::value::decimal128_text(total.value(j), scale).parse().unwrap()),
                findings(j),
                list_codes("errors", j),
            ));
        }
    }
    out
}

/// A dictionary column's values as plain strings.
fn arrow_cast_to_strings(column: &ArrayRef) -> Vec<Option<String>> {
    let dict = column.as_dictionary::<Int32Type>();
    let values = dict.values().as_string::<i32>();
    (0..dict.len())
        .map(|j| dict.is_valid(j).then(|| values.value(usize::try_from(dict.keys().value(j)).unwrap()).to_owned()))
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 32, ..ProptestConfig::default() })]

    /// Collected whole, a quota's rows come from one pass: each record evaluated once, the
    /// records a decision may touch held until the groups are decided (without the tally's
    /// groups, a candidate rated by the ladder alone decided from its tier and notes, its record
    /// not read again). The rows, their findings' texts included, and the tally are those of two
    /// full passes.
    #[test]
    fn rows_kept_between_the_passes_are_the_rows_of_two_passes(
        records in proptest::collection::vec(record(), 1..150),
        chunk in 1usize..30,
        groups in any::<bool>(),
    ) {
        let batch = Batch::new(nd335()).chunk_records(chunk).count_groups(groups);
        let input = [columns(&records)];
        let mut open = opener(&input);
        let mut rows = Vec::new();
        let mut collect = |b: RecordBatch| {
            rows.push(b);
            Ok(())
        };
        let kept_tally = batch.execute(Input::Arrow { open: &mut open }, Output::ArrowFitted(&mut collect), &mut |_| {}).unwrap();
        let rows = fit_decimals(&rows).unwrap();
        let mut out = Vec::new();
        let mut open = opener(&input);
        let text_tally = batch
            .execute(Input::Arrow { open: &mut open }, Output::Text { out: &mut out, format: OutputFormat::JsonLines }, &mut |_| {})
            .unwrap();
        prop_assert_eq!(digest_arrow(&rows), digest_json(&String::from_utf8(out).unwrap()));
        prop_assert_eq!(kept_tally, text_tally);
    }
}

/// Records of the given columns through the engine: their rows as JSON.
fn rows_of_columns(batch: &Batch<'_>, columns: Vec<(&str, ArrayRef)>) -> Vec<Json> {
    let fields: Vec<Field> = columns.iter().map(|(n, a)| Field::new(*n, a.data_type().clone(), true)).collect();
    let batches =
        [RecordBatch::try_new(Arc::new(Schema::new(fields)), columns.into_iter().map(|(_, a)| a).collect()).unwrap()];
    rows_from_arrow(batch, &batches).lines().map(|l| serde_json::from_str(l).unwrap()).collect()
}

#[test]
fn columns_are_read_by_name_once_and_say_what_a_record_with_those_fields_says() {
    let points = || -> ArrayRef { Arc::new(Float64Array::from(vec![Some(25.0), None])) };
    // A column named twice is refused on every row, as a field given twice is.
    let rows = rows_of_columns(
        &Batch::new(nd335()),
        vec![("tieu_chi_chung", points()), ("ket_qua_nhiem_vu", points()), ("tieu_chi_chung", points())],
    );
    for row in &rows {
        assert_eq!(error_codes(row), [("evidence::duplicate-field".to_owned(), "tieu_chi_chung".to_owned())], "{row}");
    }
    // A column no input reads is refused where it has a value, and says nothing where it is null.
    let rows = rows_of_columns(
        &Batch::new(nd335()),
        vec![("tieu_chi_chung", points()), ("ket_qua_nhiem_vu", points()), ("ghi_chu", points())],
    );
    assert_eq!(error_codes(&rows[0]), [("evidence::unknown-field".to_owned(), "ghi_chu".to_owned())]);
    assert_eq!(rows[1]["errors"], Json::Null, "{}", rows[1]);
    assert_eq!(rows[1]["status"], "not determinable");
    // Ids and dates by position too; a null id is no id.
    let ids: ArrayRef = Arc::new(StringArray::from(vec![Some("CC-1"), None]));
    let on: ArrayRef = Arc::new(Date32Array::from(vec![Some(20_269), None]));
    let rows = rows_of_columns(&Batch::new(nd335()), vec![("on", on), ("id", ids), ("tieu_chi_chung", points())]);
    assert_eq!((&rows[0]["subject"], &rows[0]["on"]), (&json!("CC-1"), &json!("2025-06-30")));
    assert_eq!((&rows[1]["subject"], &rows[1]["on"]), (&Json::Null, &Json::Null));
}

/// A family's rows collected whole, with the quota of one version: each record rated by the
/// version in force on its own date, in one pass, gives the rows and the tally of two passes.
#[test]
fn a_family_collected_whole_gives_each_record_its_version_and_the_rows_of_two_passes() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../rules/cong-chuc");
    let sources: Vec<tieuchi::SourceFile> = ["nd90-2020.tieuchi", "nd335-2025.tieuchi"]
        .iter()
        .map(|f| tieuchi::SourceFile::new(f.to_string(), std::fs::read_to_string(dir.join(f)).unwrap()))
        .collect();
    let library = tieuchi::Library::compile(&sources).unwrap_or_else(|e| panic!("{}", e.render_plain()));
    let records: Vec<Json> = (0..60)
        .map(|i| {
            json!({
                "id": format!("S{i:02}"),
                "tieu_chi_chung": 20 + i % 11,
                "ket_qua_nhiem_vu": format!("{}.{}", 55 + i % 16, i % 10),
                "suy_thoai": false,
                "don_vi_tham_nhung": false,
                "co_quan": format!("CQ{}", i % 2),
                "nhom": "N0",
            })
        })
        .collect();
    let plain = columns(&records);
    // 2025 records (NĐ 90) and 2026 records (NĐ 335, whose quota decides) alternate.
    let days: Vec<i32> = (0..60).map(|i| if i % 3 == 0 { 20_269 } else { 20_634 }).collect();
    let schema = plain.schema();
    let mut fields: Vec<(&str, ArrayRef)> =
        schema.fields().iter().map(|f| f.name().as_str()).zip(plain.columns().iter().cloned()).collect();
    fields.push(("on", Arc::new(Date32Array::from(days))));
    let input = [RecordBatch::try_from_iter(fields).unwrap()];
    let batch = Batch::family(library.family_of("cong_chuc_nd335")).chunk_records(7);
    let mut open = opener(&input);
    let mut rows = Vec::new();
    let mut collect = |b: RecordBatch| {
        rows.push(b);
        Ok(())
    };
    let kept = batch.execute(Input::Arrow { open: &mut open }, Output::ArrowFitted(&mut collect), &mut |_| {}).unwrap();
    let rows = fit_decimals(&rows).unwrap();
    let mut out = Vec::new();
    let mut open = opener(&input);
    let passes = batch
        .execute(
            Input::Arrow { open: &mut open },
            Output::Text { out: &mut out, format: OutputFormat::JsonLines },
            &mut |_| {},
        )
        .unwrap();
    let text = String::from_utf8(out).unwrap();
    assert_eq!(digest_arrow(&rows), digest_json(&text));
    assert_eq!(kept, passes);
    let versions: Vec<Option<String>> =
        rows.iter().flat_map(|b| arrow_cast_to_strings(b.column_by_name("ruleset").unwrap())).collect();
    let expected: Vec<Option<String>> =
        text.lines().map(|l| serde_json::from_str::<Json>(l).unwrap()["ruleset"].as_str().map(str::to_owned)).collect();
    assert_eq!(versions, expected);
    assert!(versions.iter().any(|v| v.as_deref() == Some("cong_chuc_nd90")));
    assert!(versions.iter().any(|v| v.as_deref() == Some("cong_chuc_nd335")));
    // The quota decided some of the NĐ 335 records.
    assert!(text.contains("quota-demoted") && text.contains("quota-kept"), "{text}");
}
