//! Layers (`extends`): a provincial rule set merged onto the national one may only make a
//! result stricter, and its results say which layer decided.
#![allow(clippy::indexing_slicing, reason = "tests")]
#![expect(clippy::unwrap_used, clippy::panic, reason = "tests stop at the first surprise")]

use serde_json::{json, Value};
use tieuchi::{Code, Library, Options, SourceFile};

/// The national rules: HTXS from `nguong` points (90, and 85 from 2027 — a national amendment
/// that loosens), a knock-out, valid from 2026.
const NATIONAL: &str = r#"ruleset quoc_gia "Quốc gia" {
  source "Nghị định quốc gia"
  valid from 2026-01-01
  param nguong "Ngưỡng xuất sắc": number
    = 90 source "NĐ, Điều 1"
    = 85 from 2027-01-01 source "NĐ sửa đổi, Điều 1"
  input diem "Điểm": number in 0..100
  input vi_pham "Vi phạm": bool default false
  score tong "Tổng" max 100 = diem
  outcome xep_loai "Xếp loại" {
    xs "Xuất sắc" when tong >= nguong source "NĐ, Điều 1"
    tot "Tốt" when tong >= 70 source "NĐ, Điều 2"
    dat "Đạt" otherwise source "NĐ, Điều 3"
  }
  force dat when vi_pham because "Vi phạm" source "NĐ, Điều 4"
}
"#;

fn layer_text(body: &str) -> String {
    format!(
        "ruleset tinh \"Tỉnh\" extends quoc_gia {{\n  source \"Quyết định của tỉnh\"\n  valid from 2026-07-01\n{body}}}\n"
    )
}

fn library(body: &str) -> Result<Library, tieuchi::CompileError> {
    Library::compile(&[
        SourceFile::new("quoc_gia.tieuchi", NATIONAL),
        SourceFile::new("tinh.tieuchi", layer_text(body)),
    ])
}

/// The diagnostics of a layer that must be refused: codes, each with `file:line:column`.
fn refused(body: &str) -> Vec<(Code, String)> {
    let Err(error) = library(body) else { panic!("the layer was accepted:\n{body}") };
    error.diagnostics.iter().filter(|d| d.is_error()).map(|d| (d.code, d.source.location(d.span).to_string())).collect()
}

fn date(text: &str) -> jiff::civil::Date {
    text.parse().unwrap()
}

/// The tier, deciding layer and `decided_by` of one record under the rule set `id`.
fn rate(library: &Library, id: &str, record: &Value, on: &str) -> (String, String, String) {
    let rules = library.get(id).unwrap();
    let result =
        rules.evaluate(record, &Options { on: Some(date(on)), trace: false, ..Options::default() }).unwrap().to_wire();
    let result = serde_json::to_value(&result).unwrap();
    let outcome = &result["outcome"];
    let layer = outcome["layer"]["id"].as_str().unwrap_or("-").to_owned();
    (outcome["id"].as_str().unwrap().to_owned(), layer, outcome["decided_by"].as_str().unwrap().to_owned())
}

const TIERS: [&str; 3] = ["xs", "tot", "dat"];

fn rank(tier: &str) -> usize {
    TIERS.iter().position(|t| *t == tier).unwrap()
}

#[test]
fn a_lower_threshold_is_refused_at_its_value() {
    let body = "  param nguong \"Ngưỡng\": number = 88 source \"QĐ tỉnh\"\n";
    assert_eq!(refused(body), [(Code::LayerLoosens, "tinh.tieuchi:4:35".to_owned())]);
    // A stricter value is accepted, and so is the national value repeated.
    assert!(library("  param nguong \"Ngưỡng\": number = 92 source \"QĐ tỉnh\"\n").is_ok());
    assert!(library("  param nguong \"Ngưỡng\": number = 90\n").is_ok());
}

#[test]
fn a_parameter_whose_direction_cannot_be_told_cannot_be_overridden() {
    let national = NATIONAL.replace(
        "  score tong \"Tổng\" max 100 = diem",
        "  score tong \"Tổng\" max 100 = diem\n  let thuong = nguong - tong",
    );
    let library = Library::compile(&[
        SourceFile::new("quoc_gia.tieuchi", national),
        SourceFile::new("tinh.tieuchi", layer_text("  param nguong \"Ngưỡng\": number = 95\n")),
    ]);
    let codes: Vec<Code> = library.unwrap_err().diagnostics.iter().map(|d| d.code).collect();
    assert_eq!(codes, [Code::LayerLoosens]);
}

#[test]
fn a_tier_that_drops_or_lowers_the_national_condition_is_refused() {
    let outcome = |xs: &str, tot: &str| {
        format!("  outcome xep_loai \"Xếp loại\" {{\n    xs \"Xuất sắc\" when {xs}\n    tot \"Tốt\" when {tot}\n    dat \"Đạt\" otherwise\n  }}\n")
    };
    // A lower threshold.
    assert_eq!(
        refused(&outcome("tong >= nguong", "tong >= 60")),
        [(Code::LayerLoosens, "tinh.tieuchi:6:20".to_owned())]
    );
    // A removed condition.
    assert_eq!(refused(&outcome("true", "tong >= 70")), [(Code::LayerLoosens, "tinh.tieuchi:5:24".to_owned())]);
    // A condition widened with `or`.
    assert_eq!(refused(&outcome("tong >= nguong", "tong >= 70 or vi_pham")).len(), 1);
    // A tier left out.
    let two =
        "  outcome xep_loai \"Xếp loại\" {\n    xs \"Xuất sắc\" when tong >= nguong\n    dat \"Đạt\" otherwise\n  }\n";
    assert_eq!(refused(two), [(Code::LayerLoosens, "tinh.tieuchi:4:11".to_owned())]);
    // Conditions added conjunctively are accepted.
    let stricter = format!(
        "  input sang_kien \"Có sáng kiến\": bool default false\n{}",
        outcome("tong >= nguong and sang_kien", "(tong >= 70) and not vi_pham")
    );
    assert!(library(&stricter).is_ok(), "{:?}", library(&stricter).err());
}

#[test]
fn a_force_to_a_better_tier_than_the_worst_is_refused() {
    let body = "  input x \"X\": bool default false\n  force tot when x\n";
    assert_eq!(refused(body), [(Code::LayerLoosens, "tinh.tieuchi:5:9".to_owned())]);
    assert!(library("  input x \"X\": bool default false\n  cap tot when x\n").is_ok());
}

#[test]
fn lifting_a_national_knock_out_is_refused() {
    // The knock-out reads `vi_pham`: declaring it again (say, as always false) would lift it.
    let body = "  let vi_pham = false\n";
    assert_eq!(refused(body), [(Code::LayerRedefines, "tinh.tieuchi:4:7".to_owned())]);
    let body = "  input vi_pham \"Vi phạm\": bool default false\n";
    assert_eq!(refused(body), [(Code::LayerRedefines, "tinh.tieuchi:4:9".to_owned())]);
    // Nor may the layer change the rounding of the national scores.
    assert_eq!(refused("  rounding floor 0\n")[0].0, Code::LayerRedefines);
}

#[test]
fn a_layer_without_its_national_rules_is_refused() {
    let alone = Library::compile(&[SourceFile::new("tinh.tieuchi", layer_text(""))]).unwrap_err();
    assert_eq!(alone.diagnostics[0].code, Code::LayerBase);
    let single = tieuchi::RuleSet::compile("tinh.tieuchi", &layer_text("")).unwrap_err();
    assert_eq!(single.diagnostics[0].code, Code::LayerBase);
}

/// The layer's knock-out, cap and stricter threshold lower exactly the records they should, and
/// never raise one; each result names the layer whose rule decided.
#[test]
fn the_layer_lowers_exactly_the_records_its_rules_name() {
    let body = "  param nguong \"Ngưỡng\": number = 92 source \"QĐ tỉnh, Điều 1\"\n  input qua_han \"Hồ sơ quá hạn\": integer in 0..100 default 0\n  input nhac_nho \"Bị nhắc nhở\": bool default false\n  force dat when qua_han >= 3 because \"Quá hạn\" source \"QĐ tỉnh, Điều 2\"\n  cap tot when nhac_nho because \"Nhắc nhở\" source \"QĐ tỉnh, Điều 3\"\n";
    let library = library(body).unwrap();
    let mut lowered = 0;
    for diem in 0..=100 {
        for (qua_han, nhac_nho, vi_pham) in [(0, false, false), (3, false, false), (2, true, false), (0, false, true)] {
            let national_record = json!({ "diem": diem, "vi_pham": vi_pham });
            let record = json!({ "diem": diem, "vi_pham": vi_pham, "qua_han": qua_han, "nhac_nho": nhac_nho });
            let (national, national_layer, _) = rate(&library, "quoc_gia", &national_record, "2026-12-10");
            let (layered, layer, decided_by) = rate(&library, "tinh", &record, "2026-12-10");
            assert_eq!(national_layer, "-", "a rule set that is not a layer names none");
            let expected = if vi_pham || qua_han >= 3 {
                "dat"
            } else if diem >= 92 && !nhac_nho {
                "xs"
            } else if diem >= 70 {
                "tot"
            } else {
                "dat"
            };
            let context = format!("diem {diem}, qua_han {qua_han}, nhac_nho {nhac_nho}, vi_pham {vi_pham}");
            assert_eq!(layered, expected, "{context}");
            assert!(rank(&layered) >= rank(&national), "the layer raised {context}");
            lowered += usize::from(layered != national);
            // Who decided: the national knock-out first (national rules), the layer's own
            // knock-out and cap, the layer's threshold where it kept the record from the
            // national tier, the national bands otherwise.
            let expected_layer = match decided_by.as_str() {
                "force" if vi_pham => "quoc_gia",
                "force" | "cap" => "tinh",
                _ if layered != national => "tinh",
                _ => "quoc_gia",
            };
            assert_eq!(layer, expected_layer, "{context}: decided by {decided_by}");
        }
    }
    // 90 and 91 points (the threshold), 3 overdue files from 70 points up, a reminder from 90.
    assert_eq!(lowered, 2 + 31 + 11, "records the layer lowered");
}

/// The national text and the provincial decision change on different dates: before the layer
/// is in force there is no layered rule set for the date; after, on each date the stricter of
/// the national value in force and the layer's applies.
#[test]
fn national_and_provincial_versions_change_on_their_own_dates() {
    let body = "  param nguong \"Ngưỡng\": number = 88 from 2027-06-01 source \"QĐ tỉnh sửa đổi\"\n    = 92 source \"QĐ tỉnh\"\n";
    let library = library(body).unwrap();
    let at = |diem: u32, on: &str| rate(&library, "tinh", &json!({ "diem": diem }), on).0;
    let national_at = |diem: u32, on: &str| rate(&library, "quoc_gia", &json!({ "diem": diem }), on).0;
    // 2026-12: national 90, layer 92.
    assert_eq!((national_at(91, "2026-12-10"), at(91, "2026-12-10")), ("xs".into(), "tot".into()));
    // 2027-03: national 85 (its amendment), layer still 92.
    assert_eq!(
        (national_at(86, "2027-03-01"), at(91, "2027-03-01"), at(92, "2027-03-01")),
        ("xs".into(), "tot".into(), "xs".into())
    );
    // 2027-07: the layer's own amendment, 88, still stricter than the national 85.
    assert_eq!((at(87, "2027-07-01"), at(88, "2027-07-01")), ("tot".into(), "xs".into()));
    // Chosen by date: before the layer's `valid from` none is in force.
    assert!(library.select(Some("tinh"), Some(date("2026-06-30"))).is_err());
    assert_eq!(library.select(Some("tinh"), Some(date("2026-07-01"))).unwrap().id(), "tinh");
    // Without a name, the folder means the national rules.
    assert_eq!(library.select(None, Some(date("2026-07-01"))).unwrap().id(), "quoc_gia");
}

#[test]
fn a_layer_value_looser_than_a_later_national_value_is_refused() {
    // 88 from 2027-06 is fine against the national 85 of 2027, but 84 is not.
    let body = "  param nguong \"Ngưỡng\": number = 84 from 2027-06-01\n    = 92\n";
    assert_eq!(refused(body), [(Code::LayerLoosens, "tinh.tieuchi:4:35".to_owned())]);
}

#[test]
fn a_layer_header_is_formatted_on_one_line() {
    let messy = "ruleset  tinh \"Tỉnh\"   extends\n  quoc_gia{\n source \"QĐ\"\n  input x \"X\": bool default false\nforce dat when x\n}\n";
    let formatted = tieuchi::syntax::format(&SourceFile::new("tinh.tieuchi", messy)).unwrap();
    assert_eq!(
        formatted,
        "ruleset tinh \"Tỉnh\" extends quoc_gia {\n  source \"QĐ\"\n  input x \"X\": bool default false\n  force dat when x\n}\n"
    );
    let tree = tieuchi::syntax::parse(&SourceFile::new("tinh.tieuchi", formatted)).unwrap();
    assert_eq!(tree.extends.map(|base| base.name).as_deref(), Some("quoc_gia"));
}

/// A layer compiled alone with its national rules among the imports (what the browser package
/// does with the bundled files) is the layer a library makes: same fingerprint, same results.
#[test]
fn a_layer_compiles_onto_its_base_given_as_an_import() {
    let body = "  param nguong \"Ngưỡng\": number = 92 source \"QĐ tỉnh, Điều 1\"\n";
    let library = library(body).unwrap();
    let national = tieuchi::RuleSet::compile("quoc_gia.tieuchi", NATIONAL).unwrap();
    let alone = SourceFile::new("tinh.tieuchi", layer_text(body));
    let layered = tieuchi::RuleSet::from_source_with_imports(&alone, &[&national]).unwrap();
    let from_library = library.get("tinh").unwrap();
    assert_eq!(layered.fingerprint(), from_library.fingerprint());
    assert_eq!(layered.layers(), from_library.layers());
    for points in [91, 92, 95] {
        let record = json!({ "diem": points });
        let options = Options { on: Some(date("2026-09-01")), trace: false, ..Options::default() };
        let a = serde_json::to_value(layered.evaluate(&record, &options).unwrap().to_wire()).unwrap();
        let b = serde_json::to_value(from_library.evaluate(&record, &options).unwrap().to_wire()).unwrap();
        assert_eq!(a, b, "{points} points");
    }
    // Without its base the layer is refused, naming the rule set it extends.
    let Err(error) = tieuchi::RuleSet::from_source_with_imports(&alone, &[]) else { panic!("a layer compiled alone") };
    assert_eq!(error.diagnostics[0].code, Code::LayerBase);
}

/// The rule sets of `rules/cong-chuc`: NĐ 90, NĐ 335 and the model provincial layer on it.
fn cong_chuc() -> Library {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../rules/cong-chuc");
    let files: Vec<SourceFile> = ["nd90-2020.tieuchi", "nd335-2025.tieuchi", "tinh-mau-nd335.tieuchi"]
        .iter()
        .map(|f| SourceFile::new(*f, std::fs::read_to_string(dir.join(f)).unwrap()))
        .collect();
    Library::compile(&files).unwrap()
}

/// A batch's rows as JSON Lines and as CSV (header and lines).
fn batch_rows(batch: &tieuchi::batch::Batch<'_>, records: &[Value]) -> (Vec<Value>, Vec<Vec<String>>) {
    use tieuchi::batch::{InputFormat, OutputFormat};
    let input: String = records.iter().map(|r| r.to_string() + "\n").collect();
    let run = |format| {
        let mut out = Vec::new();
        batch
            .run(
                &mut || Ok(Box::new(std::io::Cursor::new(input.clone()))),
                InputFormat::JsonLines,
                &mut out,
                format,
                &mut |_| {},
            )
            .unwrap();
        String::from_utf8(out).unwrap()
    };
    let json = run(OutputFormat::JsonLines).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let csv = run(OutputFormat::Csv).lines().map(|l| l.split(',').map(str::to_owned).collect()).collect();
    (json, csv)
}

/// A batch row of a layered rule set names the layer that decided, as a single result's
/// `outcome.layer` does: the province's knock-out, the national one, the national quota that
/// lowered a tier the province's threshold gave. Rows of a rule set without layers have no such
/// column, in JSON Lines, CSV and Arrow alike.
#[test]
fn batch_rows_of_a_layered_rule_set_name_the_deciding_layer() {
    let library = cong_chuc();
    let record = |id: &str, group: &str, ket_qua: u32, extra: Value| {
        let mut r = json!({
            "id": id, "co_quan": group, "nhom": "1", "tieu_chi_chung": 28, "ket_qua_nhiem_vu": ket_qua,
            "suy_thoai": false, "vi_pham_dieu_cam": false, "vi_pham_neu_guong": false, "la_lanh_dao": false,
        });
        r.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
        r
    };
    let records = [
        // 95 points and three files overdue: the province's knock-out.
        record("a", "A", 67, json!({ "ho_so_qua_han": 3 })),
        // 95 points, found degraded: the national knock-out.
        record("b", "B", 67, json!({ "suy_thoai": true })),
        // 91 points: HTT, HTXS by the national 90: the province's 92 decided.
        record("c", "C", 63, json!({})),
        // Alone in its group, 95 points: HTXS by either threshold, which the national quota (one
        // HTXS per five HTT) lowers.
        record("d", "D", 67, json!({})),
        // Evidence that does not fit: an error row, no layer.
        record("e", "E", 71, json!({})),
    ];
    let batch = library.batch(Some("cong_chuc_tinh_mau")).unwrap().on(Some(date("2026-12-10")));
    assert!(batch.shape().layered);
    let (rows, csv) = batch_rows(&batch, &records);
    let layers: Vec<&Value> = rows.iter().map(|r| &r["layer"]).collect();
    assert_eq!(
        layers,
        [
            &json!("cong_chuc_tinh_mau"),
            &json!("cong_chuc_nd335"),
            &json!("cong_chuc_tinh_mau"),
            &json!("cong_chuc_nd335"),
            &Value::Null
        ]
    );
    assert_eq!(rows[3]["decided_by"], "quota");
    assert_eq!(rows[4]["status"], "error");
    // A record no quota touches says what its single result says.
    let rules = library.get("cong_chuc_tinh_mau").unwrap();
    let options = Options { on: Some(date("2026-12-10")), trace: false, ..Options::default() };
    for (record, row) in records.iter().zip(&rows).take(3) {
        let result = serde_json::to_value(rules.evaluate(record, &options).unwrap().to_wire()).unwrap();
        assert_eq!(result["outcome"]["layer"]["id"], row["layer"], "{record}");
    }
    // The column follows `decided_by`, in CSV as in JSON Lines.
    let keys: Vec<&str> = rows[0].as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(csv[0], keys);
    let at = keys.iter().position(|k| *k == "layer").unwrap();
    assert_eq!(keys[at - 1], "decided_by");
    assert_eq!(
        csv.iter().skip(1).map(|line| line[at].as_str()).collect::<Vec<_>>(),
        ["cong_chuc_tinh_mau", "cong_chuc_nd335", "cong_chuc_tinh_mau", "cong_chuc_nd335", ""]
    );
    // And in the Arrow rows (Python's tables).
    #[cfg(feature = "arrow")]
    assert_eq!(batch.arrow_schema().field(at).name(), "layer");
    // NĐ 335 alone has no layers: its rows are as they always were.
    let national = library.batch(Some("cong_chuc_nd335")).unwrap().on(Some(date("2026-12-10")));
    assert!(!national.shape().layered);
    let (rows, csv) = batch_rows(&national, &records[1..3]);
    assert!(rows.iter().all(|r| r.get("layer").is_none()), "{rows:?}");
    assert!(!csv[0].iter().any(|c| c == "layer"));
    #[cfg(feature = "arrow")]
    assert!(national.arrow_schema().field_with_name("layer").is_err());
}

/// A national family of two versions: until 2026 HTXS from 90 and "tốt" from 70 points; from
/// 2027 (the amendment, `replaces` the first) "tốt" from 60 points and a new knock-out for a
/// disciplinary record (`ky_luat`, an input only the amendment reads).
const NATIONAL_2025: &str = r#"ruleset quoc_gia_2025 "Quốc gia 2025" {
  source "Nghị định 2025"
  valid from 2025-01-01 until 2026-12-31
  param nguong "Ngưỡng xuất sắc": number = 90 source "NĐ 2025, Điều 1"
  input diem "Điểm": number in 0..100
  input vi_pham "Vi phạm": bool default false
  score tong "Tổng" max 100 = diem
  outcome xep_loai "Xếp loại" {
    xs "Xuất sắc" when tong >= nguong source "NĐ 2025, Điều 1"
    tot "Tốt" when tong >= 70 source "NĐ 2025, Điều 2"
    dat "Đạt" otherwise source "NĐ 2025, Điều 3"
  }
  force dat when vi_pham because "Vi phạm" source "NĐ 2025, Điều 4"
}
"#;

const NATIONAL_2027: &str = r#"ruleset quoc_gia_2027 "Quốc gia 2027" {
  source "Nghị định 2027"
  valid from 2027-01-01
  replaces quoc_gia_2025
  param nguong "Ngưỡng xuất sắc": number = 90 source "NĐ 2027, Điều 1"
  input diem "Điểm": number in 0..100
  input vi_pham "Vi phạm": bool default false
  input ky_luat "Bị kỷ luật": bool default false
  score tong "Tổng" max 100 = diem
  outcome xep_loai "Xếp loại" {
    xs "Xuất sắc" when tong >= nguong source "NĐ 2027, Điều 1"
    tot "Tốt" when tong >= 60 source "NĐ 2027, Điều 2"
    dat "Đạt" otherwise source "NĐ 2027, Điều 3"
  }
  force dat when vi_pham because "Vi phạm" source "NĐ 2027, Điều 4"
  force dat when ky_luat because "Kỷ luật" source "NĐ 2027, Điều 5"
}
"#;

/// The province's layer, written against the 2027 text but in force from 2026-07-01: HTXS from
/// 92 points and a knock-out for three overdue files.
fn family_layer(valid: &str, extends: &str, extra: &str) -> String {
    format!(
        "ruleset tinh \"Tỉnh\" extends {extends} {{\n  source \"Quyết định của tỉnh\"\n  {valid}\n  param nguong \"Ngưỡng\": number = 92 source \"QĐ tỉnh, Điều 1\"\n  input qua_han \"Hồ sơ quá hạn\": integer in 0..100 default 0\n  force dat when qua_han >= 3 because \"Quá hạn\" source \"QĐ tỉnh, Điều 2\"\n{extra}}}\n"
    )
}

fn family_library(layer: &str) -> Result<Library, tieuchi::CompileError> {
    // The layer first: the library compiles it after every version of the family it extends.
    Library::compile(&[
        SourceFile::new("tinh.tieuchi", layer),
        SourceFile::new("quoc_gia_2027.tieuchi", NATIONAL_2027),
        SourceFile::new("quoc_gia_2025.tieuchi", NATIONAL_2025),
    ])
}

/// The tier and deciding layer of a record through the layered family, the version chosen by
/// the library for the date, as `tieuchi eval --ruleset tinh --on DATE` does.
fn rate_on(library: &Library, id: &str, record: &Value, on: &str) -> Result<(String, String), String> {
    let rules = library.select(Some(id), Some(date(on))).map_err(|e| e.to_string())?;
    let options = Options { on: Some(date(on)), trace: false, ..Options::default() };
    let result = rules.evaluate(record, &options).map_err(|e| e.code().to_owned())?;
    let result = serde_json::to_value(result.to_wire()).unwrap();
    let outcome = &result["outcome"];
    Ok((outcome["id"].as_str().unwrap().to_owned(), outcome["layer"]["id"].as_str().unwrap_or("-").to_owned()))
}

/// Versions work per layer: one layer over a national family takes, on each date, the national
/// version in force then as its base.
#[test]
fn a_layer_takes_the_national_version_in_force_on_the_date() {
    let layer = family_layer("valid from 2026-07-01", "quoc_gia_2027", "");
    let library = family_library(&layer).unwrap();
    let rated = |diem: u32, on: &str| rate_on(&library, "tinh", &json!({ "diem": diem }), on).unwrap();
    // 65 points: below the 2025 text's 70 for "tốt", above the 2027 text's 60. Either way the
    // national band decides, and the result names the national version that wrote it.
    assert_eq!(rated(65, "2026-12-31"), ("dat".into(), "quoc_gia_2025".into()));
    assert_eq!(rated(65, "2027-01-01"), ("tot".into(), "quoc_gia_2027".into()));
    assert_eq!(rated(75, "2026-09-01"), ("tot".into(), "quoc_gia_2025".into()));
    // The layer's own rules apply on both sides of the national change.
    for on in ["2026-09-01", "2027-03-01"] {
        // 91 points: "xuất sắc" by the national 90, kept from it by the province's 92; 92
        // points pass both, the national band's.
        assert_eq!(rated(91, on), ("tot".into(), "tinh".into()), "91 points on {on}");
        assert_eq!(rated(92, on), ("xs".into(), national_version(on)), "92 points on {on}");
        let overdue = rate_on(&library, "tinh", &json!({ "diem": 95, "qua_han": 3 }), on).unwrap();
        assert_eq!(overdue, ("dat".into(), "tinh".into()), "3 overdue files on {on}");
    }
    // The 2027 knock-out is the 2027 text's alone: in 2026 its field is unknown evidence.
    let ky_luat = json!({ "diem": 95, "ky_luat": true });
    assert_eq!(rate_on(&library, "tinh", &ky_luat, "2027-03-01").unwrap(), ("dat".into(), "quoc_gia_2027".into()));
    assert_eq!(rate_on(&library, "tinh", &ky_luat, "2026-09-01").unwrap_err(), "evidence::unknown-field");
    // In force where both are: not before the layer's own date, whatever the national family.
    assert!(rate_on(&library, "tinh", &json!({ "diem": 95 }), "2026-06-30").unwrap_err().contains("tinh"));
    // The rule set named by id is the layer on the version it names; without a date the layer
    // over two national versions cannot be chosen.
    assert_eq!(library.get("tinh").unwrap().layers()[0].id, "quoc_gia_2027");
    assert!(matches!(library.select(Some("tinh"), None), Err(tieuchi::SelectError::NeedDate { .. })));
    let versions: Vec<&str> = library.family_of("tinh").iter().map(|r| r.layers()[0].id.as_str()).collect();
    assert_eq!(versions, ["quoc_gia_2025", "quoc_gia_2027"]);
    // Without a name the folder still means the national family.
    assert_eq!(library.select(None, Some(date("2026-09-01"))).unwrap().id(), "quoc_gia_2025");
}

fn national_version(on: &str) -> String {
    if on < "2027-01-01" { "quoc_gia_2025" } else { "quoc_gia_2027" }.to_owned()
}

/// The layer never raises a tier above the national version in force on the record's date.
#[test]
fn a_layer_over_a_national_family_never_raises_a_tier() {
    let layer = family_layer(
        "valid from 2026-07-01",
        "quoc_gia_2027",
        "  input nhac_nho \"Bị nhắc nhở\": bool default false\n  cap tot when nhac_nho because \"Nhắc nhở\"\n",
    );
    let library = family_library(&layer).unwrap();
    for on in ["2026-07-01", "2026-12-31", "2027-01-01", "2028-06-30"] {
        for diem in 0..=100 {
            for (qua_han, nhac_nho, vi_pham) in
                [(0, false, false), (3, false, false), (0, true, false), (0, false, true)]
            {
                let national_record = json!({ "diem": diem, "vi_pham": vi_pham });
                let record = json!({ "diem": diem, "vi_pham": vi_pham, "qua_han": qua_han, "nhac_nho": nhac_nho });
                let (national, _) = rate_on(&library, "quoc_gia_2027", &national_record, on).unwrap();
                let (layered, _) = rate_on(&library, "tinh", &record, on).unwrap();
                let tot_from = if on < "2027-01-01" { 70 } else { 60 };
                let expected = if vi_pham || qua_han >= 3 {
                    "dat"
                } else if diem >= 92 && !nhac_nho {
                    "xs"
                } else if diem >= tot_from {
                    "tot"
                } else {
                    "dat"
                };
                let context = format!("{on}: diem {diem}, qua_han {qua_han}, nhac_nho {nhac_nho}, vi_pham {vi_pham}");
                assert_eq!(layered, expected, "{context}");
                assert!(rank(&layered) >= rank(&national), "the layer raised {context}");
            }
        }
    }
}

/// A layer that does not apply onto one of the national versions in force during its validity
/// is refused at its `extends`, naming that version; limited to the dates of the version it fits,
/// it is accepted.
#[test]
fn a_layer_must_apply_onto_every_national_version_of_its_dates() {
    let reads_2027 = "  force dat when ky_luat and qua_han >= 1 because \"Kỷ luật và quá hạn\"\n";
    let Err(error) = family_library(&family_layer("valid from 2026-07-01", "quoc_gia_2027", reads_2027)) else {
        panic!("a layer reading a 2027 input was applied onto the 2025 text");
    };
    let first = &error.diagnostics[0];
    assert_eq!(
        (first.code, first.source.location(first.span).to_string()),
        (Code::LayerBase, "tinh.tieuchi:1:29".to_owned())
    );
    let message = first.message.render(tieuchi::Lang::En);
    assert!(message.contains("`quoc_gia_2025`"), "{message}");
    assert!(error.diagnostics.iter().any(|d| d.code == Code::UnknownName), "{:?}", error.diagnostics);
    let library = family_library(&family_layer("valid from 2027-01-01", "quoc_gia_2027", reads_2027)).unwrap();
    assert_eq!(library.family_of("tinh").len(), 1);
    // A layer that names a version in force on none of its dates is refused too.
    let Err(error) = family_library(&family_layer("valid from 2027-01-01", "quoc_gia_2025", "")) else {
        panic!("a layer extending a version out of force was accepted");
    };
    assert_eq!(error.diagnostics[0].code, Code::LayerBase);
    // A layer value looser than the national value of either version is refused: the 2025
    // text's 90 as much as the 2027 one's.
    let looser = family_layer("valid from 2026-07-01", "quoc_gia_2027", "").replace("= 92", "= 89");
    assert!(family_library(&looser).unwrap_err().diagnostics.iter().any(|d| d.code == Code::LayerLoosens));
}

/// The layer's tests run once each: a dated one on the rule set in force on its date, an undated
/// one on the layer over the version it names.
#[test]
fn a_layer_test_runs_on_the_national_version_of_its_date() {
    let tests = "  test \"65 điểm năm 2026: đạt\" {\n    given { diem: 65 }\n    on 2026-09-01\n    expect xep_loai = dat\n  }\n  test \"65 điểm năm 2027: tốt\" {\n    given { diem: 65 }\n    on 2027-09-01\n    expect xep_loai = tot\n  }\n  test \"92 điểm: xuất sắc\" {\n    given { diem: 92 }\n    expect xep_loai = xs\n  }\n";
    let library = family_library(&family_layer("valid from 2026-07-01", "quoc_gia_2027", tests)).unwrap();
    let mut ran: Vec<(String, String, bool)> = Vec::new();
    for rules in library.family_of("tinh") {
        for report in rules.run_tests() {
            ran.push((rules.layers()[0].id.clone(), report.name.clone(), report.passed()));
        }
    }
    ran.sort();
    assert_eq!(
        ran,
        [
            ("quoc_gia_2025".to_owned(), "65 điểm năm 2026: đạt".to_owned(), true),
            ("quoc_gia_2027".to_owned(), "65 điểm năm 2027: tốt".to_owned(), true),
            ("quoc_gia_2027".to_owned(), "92 điểm: xuất sắc".to_owned(), true),
        ]
    );
}

/// A batch through the layer rates each record by the layer over the national version in force
/// on the record's date.
#[test]
fn a_batch_through_a_layer_routes_each_record_to_its_national_version() {
    let library = family_library(&family_layer("valid from 2026-07-01", "quoc_gia_2027", "")).unwrap();
    let batch = library.batch(Some("tinh")).unwrap();
    let records = [
        json!({ "id": "a", "on": "2026-12-31", "diem": 65 }),
        json!({ "id": "b", "on": "2027-01-01", "diem": 65 }),
        json!({ "id": "c", "on": "2027-01-01", "diem": 95, "ky_luat": true }),
        json!({ "id": "d", "on": "2026-12-31", "diem": 92 }),
        json!({ "id": "e", "on": "2026-12-31", "diem": 91 }),
    ];
    let (rows, _) = batch_rows(&batch, &records);
    let got: Vec<(&str, &str)> =
        rows.iter().map(|r| (r["outcome"].as_str().unwrap_or("-"), r["layer"].as_str().unwrap_or("-"))).collect();
    // 92 points pass the province's 92 and the nation's 90 alike: the national band; 91 points
    // are kept from "xuất sắc" by the province's 92.
    assert_eq!(
        got,
        [
            ("dat", "quoc_gia_2025"),
            ("tot", "quoc_gia_2027"),
            ("dat", "quoc_gia_2027"),
            ("xs", "quoc_gia_2025"),
            ("tot", "tinh")
        ]
    );
}

/// The national rules of [`NATIONAL`] with a score tree: `tong` (max 100) shows its two items
/// (30 + 60) and is computed from them, which leaves 10 points of room; `chung` is assessed.
/// A layer over two national versions named by its id: the one in force on the date, and
/// without a date, none (a batch's records that give no date are refused, not rated by one of
/// them at random).
#[test]
fn a_layer_named_by_id_over_two_national_versions_needs_a_date() {
    let library = family_library(&family_layer("valid from 2026-07-01", "quoc_gia_2027", "")).unwrap();
    let base = |on: &str| library.pinned("tinh", Some(date(on))).map(|r| r.layers()[0].id.clone());
    assert_eq!(base("2026-12-31").unwrap(), "quoc_gia_2025");
    assert_eq!(base("2027-01-01").unwrap(), "quoc_gia_2027");
    assert!(matches!(library.pinned("tinh", Some(date("2026-06-30"))), Err(tieuchi::SelectError::NoneInForce { .. })));
    assert!(matches!(library.pinned("tinh", None), Err(tieuchi::SelectError::NeedDate { .. })));
    assert!(matches!(library.pinned("khong_co", None), Err(tieuchi::SelectError::Unknown(_))));
    // A rule set of its own id is itself, dated or not.
    assert_eq!(library.pinned("quoc_gia_2025", Some(date("2030-01-01"))).unwrap().id(), "quoc_gia_2025");
    let batch = library.batch(Some("tinh")).unwrap();
    let (rows, _) =
        batch_rows(&batch, &[json!({ "id": "a", "diem": 65 }), json!({ "id": "b", "on": "2027-01-01", "diem": 65 })]);
    assert_eq!(rows[0]["errors"][0]["code"], "select::need-date", "{}", rows[0]);
    assert_eq!(rows[1]["outcome"], "tot", "{}", rows[1]);
    // Pinned to the layer, a batch still rates each record by its date.
    let pinned = library.pinned_batch("tinh").unwrap();
    let records =
        [json!({ "id": "c", "on": "2026-12-31", "diem": 65 }), json!({ "id": "d", "on": "2027-01-01", "diem": 65 })];
    let (rows, _) = batch_rows(&pinned, &records);
    let layers: Vec<&str> = rows.iter().map(|r| r["layer"].as_str().unwrap_or("-")).collect();
    assert_eq!(layers, ["quoc_gia_2025", "quoc_gia_2027"]);
    assert!(matches!(library.pinned_batch("khong_co"), Err(tieuchi::SelectError::Unknown(_))));
}

fn national_with_room(tong: &str) -> String {
    NATIONAL
        .replace("  input diem \"Điểm\": number in 0..100\n", "")
        .replace("  score tong \"Tổng\" max 100 = diem\n", tong)
}

const TREE_WITH_ROOM: &str = "  score tong \"Tổng\" max 100 {\n    score chung \"Chung\" max 30 = assessed\n    score nhiem_vu \"Nhiệm vụ\" max 60 = assessed\n  } = chung + nhiem_vu\n";
const TREE_WITHOUT_ROOM: &str = "  score tong \"Tổng\" max 100 {\n    score chung \"Chung\" max 40 = assessed\n    score nhiem_vu \"Nhiệm vụ\" max 60 = assessed\n  }\n";

fn library_on(national: &str, body: &str) -> Result<Library, tieuchi::CompileError> {
    Library::compile(&[
        SourceFile::new("quoc_gia.tieuchi", national),
        SourceFile::new("tinh.tieuchi", layer_text(body)),
    ])
}

/// A layer item placed `under` a national score: accepted within the room the score's maximum
/// leaves, refused beyond it with the place and the words of the catalogue.
#[test]
fn a_layer_item_fits_only_in_the_room_of_a_national_score() {
    let with_room = national_with_room(TREE_WITH_ROOM);
    let item = |max: u32| {
        format!("  score dac_thu \"Tiêu chí đặc thù của tỉnh\" max {max} under tong = assessed source \"QĐ tỉnh, Điều 5\"\n")
    };
    // 10 points of room: an item of 10 fits, and so do two of 4 and 6.
    assert!(library_on(&with_room, &item(10)).is_ok(), "{:?}", library_on(&with_room, &item(10)).err());
    let two = "  score a \"A\" max 4 under tong = assessed\n  score b \"B\" max 6 under nhiem_vu_khong_co = assessed\n";
    let codes: Vec<Code> = library_on(&with_room, two).unwrap_err().diagnostics.iter().map(|d| d.code).collect();
    assert_eq!(codes, [Code::UnknownName], "a parent the national rules lack");
    let two = "  score a \"A\" max 4 under tong = assessed\n  score b \"B\" max 6 under tong = assessed\n";
    assert!(library_on(&with_room, two).is_ok());
    // 11 points do not fit; nor does a second item once the first took the room.
    let Err(error) = library_on(&with_room, &item(11)) else { panic!("11 points placed in 10 of room") };
    let refusal = &error.diagnostics[0];
    assert_eq!(
        (refusal.code, refusal.source.location(refusal.span).to_string()),
        (Code::ScoreExceeds, "tinh.tieuchi:4:49".to_owned())
    );
    let english = refusal.render(tieuchi::Lang::En);
    assert!(
        english.contains("`dac_thu` (max 11) does not fit under `tong`: of its 100 points, 90 are already taken"),
        "{english}"
    );
    assert!(english.contains("tinh.tieuchi:4:49") && english.contains("max 11 under tong"), "{english}");
    assert!(english.contains("(10 points)"), "{english}");
    let vietnamese = refusal.render(tieuchi::Lang::Vi);
    assert!(vietnamese.contains("`dac_thu` (tối đa 11) không vừa dưới `tong`"), "{vietnamese}");
    let second = "  score a \"A\" max 6 under tong = assessed\n  score b \"B\" max 6 under tong = assessed\n";
    let refused_second = refused_on(&with_room, second);
    assert_eq!(refused_second, [(Code::ScoreExceeds, "tinh.tieuchi:5:19".to_owned())]);
    // A sum's items take its whole maximum, an assessed score's points are the assessor's: no room.
    assert_eq!(
        refused_on(&national_with_room(TREE_WITHOUT_ROOM), &item(1)),
        [(Code::ScoreExceeds, "tinh.tieuchi:4:49".to_owned())]
    );
    let under_chung = "  score a \"A\" max 1 under chung = assessed\n";
    assert_eq!(refused_on(&with_room, under_chung)[0].0, Code::ScoreExceeds);
    // The item may not take a national name, nor be placed outside a layer.
    let clash = "  score chung \"Chung\" max 5 under tong = assessed\n";
    assert_eq!(refused_on(&with_room, clash)[0].0, Code::LayerRedefines);
    let alone =
        with_room.replace("} = chung + nhiem_vu", "} = chung + nhiem_vu\n  score x \"X\" max 1 under tong = assessed");
    let error = tieuchi::RuleSet::compile("quoc_gia.tieuchi", &alone).unwrap_err();
    assert!(error.diagnostics.iter().any(|d| d.code == Code::LayerBase), "{:?}", error.diagnostics);
}

fn refused_on(national: &str, body: &str) -> Vec<(Code, String)> {
    let Err(error) = library_on(national, body) else { panic!("the layer was accepted:\n{body}") };
    error.diagnostics.iter().filter(|d| d.is_error()).map(|d| (d.code, d.source.location(d.span).to_string())).collect()
}

/// A layer item in the national tree is shown there and read by the layer's own rules, but it
/// never raises a tier: the national score keeps its value, and a rule that would let the item
/// lift a record is refused by the loosening checks.
#[test]
fn an_added_item_cannot_raise_a_tier() {
    let national = national_with_room(TREE_WITH_ROOM);
    let item =
        "  score dac_thu \"Tiêu chí đặc thù của tỉnh\" max 10 under tong = assessed source \"QĐ tỉnh, Điều 5\"\n";
    // What would raise is refused: the item as a way into a better tier, the national score
    // computed again with the item in it, a knock-out to a better tier.
    let outcome = |xs: &str| {
        format!("{item}  outcome xep_loai \"Xếp loại\" {{\n    xs \"Xuất sắc\" when {xs}\n    tot \"Tốt\" when tong >= 70\n    dat \"Đạt\" otherwise\n  }}\n")
    };
    assert_eq!(refused_on(&national, &outcome("tong >= nguong or dac_thu >= 8"))[0].0, Code::LayerLoosens);
    assert_eq!(refused_on(&national, &outcome("tong + dac_thu >= nguong"))[0].0, Code::LayerLoosens);
    assert_eq!(refused_on(&national, &format!("{item}  force xs when dac_thu >= 10\n"))[0].0, Code::LayerLoosens);
    let again = format!("{item}  score tong \"Tổng\" max 110 = chung + nhiem_vu + dac_thu\n");
    assert_eq!(refused_on(&national, &again)[0].0, Code::LayerRedefines);
    // What is accepted: HTXS only with at least 5 of the province's 10 points.
    let library = library_on(&national, &outcome("tong >= nguong and dac_thu >= 5")).unwrap();
    let options = Options { on: Some(date("2026-12-10")), trace: false, ..Options::default() };
    let evaluate = |id: &str, record: &Value| {
        serde_json::to_value(library.get(id).unwrap().evaluate(record, &options).unwrap().to_wire()).unwrap()
    };
    let mut lowered = 0;
    for chung in [0, 10, 20, 25, 30] {
        for nhiem_vu in (0..=60).step_by(5) {
            for dac_thu in [0, 4, 5, 10] {
                let national_result = evaluate("quoc_gia", &json!({ "chung": chung, "nhiem_vu": nhiem_vu }));
                let result = evaluate("tinh", &json!({ "chung": chung, "nhiem_vu": nhiem_vu, "dac_thu": dac_thu }));
                let context = format!("chung {chung}, nhiem_vu {nhiem_vu}, dac_thu {dac_thu}");
                let (national_tier, tier) =
                    (national_result["outcome"]["id"].as_str().unwrap(), result["outcome"]["id"].as_str().unwrap());
                assert!(rank(tier) >= rank(national_tier), "the item raised {context}: {national_tier} → {tier}");
                // The national score keeps its value; the item is scored beside it, bounded.
                assert_eq!(result["scores"]["tong"]["value"], national_result["scores"]["tong"]["value"], "{context}");
                assert_eq!(result["scores"]["dac_thu"]["value"], json!(dac_thu.to_string()), "{context}");
                assert_eq!(result["scores"]["dac_thu"]["max"], json!("10"));
                let total = chung + nhiem_vu;
                let expected = if total >= 90 && dac_thu >= 5 {
                    "xs"
                } else if total >= 70 {
                    "tot"
                } else {
                    "dat"
                };
                assert_eq!(tier, expected, "{context}");
                lowered += usize::from(tier != national_tier);
            }
        }
    }
    // The national items reach 90 at most (30 + 60), HTXS nationally; the layer lowers it when
    // the province's item has fewer than 5 points (0 and 4 in the grid).
    assert_eq!(lowered, 2, "records the layer lowered");
}

/// A separate sub-score of the layer's own, with its own maximum, read by a cap.
#[test]
fn a_layer_scores_a_sub_score_of_its_own() {
    let body = "  score tinh_diem \"Điểm của tỉnh\" max 20 {\n    score cai_cach \"Cải cách hành chính\" max 10 = assessed\n    score chuyen_doi_so \"Chuyển đổi số\" max 10 = assessed\n  }\n  cap tot when tinh_diem < 10 because \"Dưới 10 điểm của tỉnh\" source \"QĐ tỉnh, Điều 6\"\n";
    let library = library(body).unwrap();
    let options = Options { on: Some(date("2026-12-10")), trace: false, ..Options::default() };
    for (diem, cai_cach, chuyen_doi_so, expected, layer) in [
        (95, 5, 5, "xs", "quoc_gia"),
        (95, 5, 4, "tot", "tinh"),
        (80, 0, 0, "tot", "quoc_gia"),
        (50, 10, 10, "dat", "quoc_gia"),
    ] {
        let record = json!({ "diem": diem, "cai_cach": cai_cach, "chuyen_doi_so": chuyen_doi_so });
        let result =
            serde_json::to_value(library.get("tinh").unwrap().evaluate(&record, &options).unwrap().to_wire()).unwrap();
        assert_eq!(result["outcome"]["id"], expected, "{record}");
        assert_eq!(result["outcome"]["layer"]["id"], layer, "{record}");
        assert_eq!(result["scores"]["tinh_diem"]["max"], "20");
        assert_eq!(result["scores"]["tinh_diem"]["value"], json!((cai_cach + chuyen_doi_so).to_string()));
    }
}

/// The provincial decision has versions of its own (`replaces`), on dates of its own: each
/// layer version applies onto each national version of its dates, and a date chooses one pair.
#[test]
fn layer_versions_and_national_versions_pair_by_date() {
    let first = family_layer("valid from 2026-07-01 until 2027-06-30", "quoc_gia_2027", "");
    let second = family_layer("valid from 2027-07-01", "quoc_gia_2027", "  replaces tinh\n")
        .replace("ruleset tinh ", "ruleset tinh_2027 ")
        .replace("= 92 source \"QĐ tỉnh, Điều 1\"", "= 95 source \"QĐ tỉnh sửa đổi, Điều 1\"");
    let library = Library::compile(&[
        SourceFile::new("tinh_2027.tieuchi", second),
        SourceFile::new("tinh.tieuchi", first),
        SourceFile::new("quoc_gia_2027.tieuchi", NATIONAL_2027),
        SourceFile::new("quoc_gia_2025.tieuchi", NATIONAL_2025),
    ])
    .unwrap();
    let pairs: Vec<(&str, &str)> =
        library.family_of("tinh_2027").iter().map(|r| (r.id(), r.layers()[0].id.as_str())).collect();
    assert_eq!(pairs, [("tinh", "quoc_gia_2025"), ("tinh", "quoc_gia_2027"), ("tinh_2027", "quoc_gia_2027")]);
    let rated = |diem: u32, on: &str| {
        let rules = library.select(Some("tinh_2027"), Some(date(on))).unwrap();
        let (tier, layer) = rate_on(&library, "tinh_2027", &json!({ "diem": diem }), on).unwrap();
        (rules.id().to_owned(), tier, layer)
    };
    // 93 points pass the first layer's 92 and the nation's 90: the national band. Under the
    // second layer's 95 they are "tốt", which that layer's value decided.
    assert_eq!(rated(93, "2026-09-01"), ("tinh".into(), "xs".into(), "quoc_gia_2025".into()));
    assert_eq!(rated(91, "2026-09-01"), ("tinh".into(), "tot".into(), "tinh".into()));
    assert_eq!(rated(65, "2026-09-01"), ("tinh".into(), "dat".into(), "quoc_gia_2025".into()));
    assert_eq!(rated(65, "2027-03-01"), ("tinh".into(), "tot".into(), "quoc_gia_2027".into()));
    assert_eq!(rated(93, "2027-06-30"), ("tinh".into(), "xs".into(), "quoc_gia_2027".into()));
    assert_eq!(rated(93, "2027-07-01"), ("tinh_2027".into(), "tot".into(), "tinh_2027".into()));
    assert_eq!(rated(95, "2027-07-01"), ("tinh_2027".into(), "xs".into(), "quoc_gia_2027".into()));
}

/// `under` is a word of the declaration: formatted like the rest of it, a line break before it
/// kept as a continuation line.
#[test]
fn a_score_under_a_national_score_is_formatted_with_its_declaration() {
    let format = |text: &str| tieuchi::syntax::format(&SourceFile::new("tinh.tieuchi", text)).unwrap();
    let head = "ruleset tinh \"Tỉnh\" extends quoc_gia {\n";
    assert_eq!(
        format(&format!("{head}  score  dac_thu \"Đặc thù\"   max 10 under   tong = assessed\n}}\n")),
        format!("{head}  score dac_thu \"Đặc thù\" max 10 under tong = assessed\n}}\n")
    );
    assert_eq!(
        format(&format!("{head}  score dac_thu \"Đặc thù\" max 10\n under   tong = assessed\n}}\n")),
        format!("{head}  score dac_thu \"Đặc thù\" max 10\n    under tong = assessed\n}}\n")
    );
}

/// A result of the layer over either national version is verified against the rule set that
/// made it (by its text's fingerprint), not against the layer over the version `extends` names.
#[test]
fn a_layer_result_verifies_against_the_national_version_it_was_rated_with() {
    let library = family_library(&family_layer("valid from 2026-07-01", "quoc_gia_2027", "")).unwrap();
    for on in ["2026-09-01", "2027-03-01"] {
        let rules = library.select(Some("tinh"), Some(date(on))).unwrap();
        let evidence = r#"{"diem": 65}"#;
        let options = Options { on: Some(date(on)), trace: true, ..Options::default() };
        let recorded = serde_json::to_value(rules.evaluate_json(evidence, &options).unwrap().to_wire()).unwrap();
        let verification = tieuchi::verify::verify(&library, &recorded, evidence).unwrap();
        assert!(verification.reproduced, "{on}: {:?}", verification.differences);
    }
}

/// A case file for the layer (`"ruleset"`) runs each dated case on the layer over the national
/// version in force on its date.
#[test]
fn a_layer_case_file_runs_each_case_on_the_national_version_of_its_date() {
    let library = family_library(&family_layer("valid from 2026-07-01", "quoc_gia_2027", "")).unwrap();
    let file = tieuchi::testing::CaseFile::parse(
        r#"{ "ruleset": "tinh", "cases": [
            { "name": "65 điểm năm 2026", "given": { "diem": 65 }, "on": "2026-09-01", "expect": { "xep_loai": "dat", "layer": "quoc_gia_2025" } },
            { "name": "65 điểm năm 2027", "given": { "diem": 65 }, "on": "2027-09-01", "expect": { "xep_loai": "tot", "layer": "quoc_gia_2027" } }
        ] }"#,
    )
    .unwrap();
    let reports = library.run_case_file(&file, "tinh.cases.json").unwrap();
    assert!(reports.iter().all(tieuchi::testing::TestReport::passed), "{reports:?}");
}

/// What decided a record's tier under the rule set `id` on `on`, as the result says it: the
/// tier, the deciding layer, `decided_by`, the deciding rule's place and the outcome's citation.
fn decision(rules: &tieuchi::RuleSet, record: &Value, on: &str) -> (String, String, String, String, String) {
    let result = rules.evaluate(record, &Options { on: Some(date(on)), trace: false, ..Options::default() }).unwrap();
    let wire = serde_json::to_value(result.to_wire()).unwrap();
    let outcome = &wire["outcome"];
    assert_eq!(
        outcome["layer"]["id"].as_str(),
        result.deciding_layer().map(|l| l.id.as_str()),
        "the wire record names the layer deciding_layer names"
    );
    assert_eq!(outcome["source"].as_str(), result.outcome_source(), "the wire record cites the outcome's source");
    (
        outcome["id"].as_str().unwrap().to_owned(),
        outcome["layer"]["id"].as_str().unwrap_or("-").to_owned(),
        outcome["decided_by"].as_str().unwrap().to_owned(),
        result.deciding_rule().unwrap_or("-").to_owned(),
        outcome["source"].as_str().unwrap_or("-").to_owned(),
    )
}

fn strings(tier: &str, layer: &str, by: &str, rule: &str, source: &str) -> (String, String, String, String, String) {
    (tier.into(), layer.into(), by.into(), rule.into(), source.into())
}

/// A layer's stricter threshold decides exactly the records it keeps from the tier the national
/// threshold gives: 91 points under the province's 92 (the nation's 90) is "tốt" because of the
/// province's value, which the result names, places and cites. A record both thresholds rate
/// alike is the national band's, whether both pass (95, 92) or neither (89, 75, 50).
#[test]
fn a_stricter_layer_threshold_decides_the_records_it_keeps_from_a_better_tier() {
    let library = library("  param nguong \"Ngưỡng\": number = 92 source \"QĐ tỉnh, Điều 1\"\n").unwrap();
    let rules = library.get("tinh").unwrap();
    let at = |diem: u32| decision(rules, &json!({ "diem": diem }), "2026-12-10");
    // The layer's value: line 4 of the layer's file, the `92`.
    let by_layer = strings("tot", "tinh", "score", "tinh.tieuchi:4:35", "QĐ tỉnh, Điều 1");
    assert_eq!(at(91), by_layer);
    assert_eq!(at(90), by_layer);
    let xs = strings("xs", "quoc_gia", "score", "quoc_gia.tieuchi:11:5", "NĐ, Điều 1");
    let tot = strings("tot", "quoc_gia", "score", "quoc_gia.tieuchi:12:5", "NĐ, Điều 2");
    let dat = strings("dat", "quoc_gia", "score", "quoc_gia.tieuchi:13:5", "NĐ, Điều 3");
    assert_eq!(at(95), xs);
    assert_eq!(at(92), xs);
    assert_eq!(at(89), tot);
    assert_eq!(at(75), tot);
    assert_eq!(at(50), dat);
    // A knock-out decides before any band, the layer's threshold notwithstanding.
    let forced = decision(rules, &json!({ "diem": 91, "vi_pham": true }), "2026-12-10");
    assert_eq!(forced, strings("dat", "quoc_gia", "force", "quoc_gia.tieuchi:15:3", "NĐ, Điều 4"));
    // The same value as the nation's is no tightening: the national band decides.
    let same = library_on(NATIONAL, "  param nguong \"Ngưỡng\": number = 90 source \"QĐ tỉnh\"\n").unwrap();
    let same = same.get("tinh").unwrap();
    assert_eq!(decision(same, &json!({ "diem": 89 }), "2026-12-10"), tot);
    assert_eq!(decision(same, &json!({ "diem": 91 }), "2026-12-10"), xs);
    // The trace shows the value that kept the record from "xuất sắc".
    let traced = rules
        .evaluate(&json!({ "diem": 91 }), &Options { on: Some(date("2026-12-10")), trace: true, ..Options::default() })
        .unwrap();
    let wire = serde_json::to_value(traced.to_wire()).unwrap();
    let xs = wire["trace"].as_array().unwrap().iter().find(|step| step["rule"] == "xep_loai.xs").unwrap();
    assert_eq!(xs["conditions"][0]["values"]["nguong"], "92", "{wire}");
    assert_eq!(wire["params"]["nguong"]["source"], "QĐ tỉnh, Điều 1");
}

/// A simulation's value (`--set`, `with_params`) is not a layer: the result stays the national
/// band's, whatever value the simulation gives the layer's parameter.
#[test]
fn a_simulated_parameter_value_is_not_a_layer() {
    let library = library("  param nguong \"Ngưỡng\": number = 92 source \"QĐ tỉnh, Điều 1\"\n").unwrap();
    let layered = library.get("tinh").unwrap();
    let simulated = layered.with_params([("nguong", "95")]).unwrap();
    let (tier, layer, by, rule, _) = decision(&simulated, &json!({ "diem": 93 }), "2026-12-10");
    assert_eq!((tier.as_str(), layer.as_str(), by.as_str()), ("tot", "quoc_gia", "score"));
    assert_eq!(rule, "quoc_gia.tieuchi:12:5");
    // Nor is a simulation on the national rules: they have no layers.
    let national = library.get("quoc_gia").unwrap().with_params([("nguong", "95")]).unwrap();
    assert_eq!(decision(&national, &json!({ "diem": 93 }), "2026-12-10").1, "-");
    // A simulation of another parameter leaves the layer's value deciding what it decides.
    let national = NATIONAL.replace("  input diem", "  param san \"Sàn\": number = 70 source \"NĐ\"\n  input diem");
    let national = national.replace("tot \"Tốt\" when tong >= 70", "tot \"Tốt\" when tong >= san");
    let library = library_on(&national, "  param nguong \"Ngưỡng\": number = 92 source \"QĐ tỉnh, Điều 1\"\n").unwrap();
    let simulated = library.get("tinh").unwrap().with_params([("san", "60")]).unwrap();
    let (tier, layer, ..) = decision(&simulated, &json!({ "diem": 91 }), "2026-12-10");
    assert_eq!((tier.as_str(), layer.as_str()), ("tot", "tinh"));
    let (tier, layer, ..) = decision(&simulated, &json!({ "diem": 65 }), "2026-12-10");
    assert_eq!((tier.as_str(), layer.as_str()), ("tot", "quoc_gia"));
}

/// A layer parameter with dated values: on each date, the layer decides where its value in force
/// then keeps the record from the tier the national value in force then gives, and the result
/// names that value.
#[test]
fn a_dated_layer_threshold_decides_by_the_values_of_the_date() {
    // National: 90, then 85 from 2027. Layer: 92, then 88 from 2027-06-01.
    let body = "  param nguong \"Ngưỡng\": number = 92 source \"QĐ tỉnh\"\n    = 88 from 2027-06-01 source \"QĐ tỉnh sửa đổi\"\n";
    let library = library(body).unwrap();
    let rules = library.get("tinh").unwrap();
    let at = |diem: u32, on: &str| {
        let (tier, layer, _, rule, source) = decision(rules, &json!({ "diem": diem }), on);
        (tier, layer, rule, source)
    };
    let own =
        |tier: &str, rule: &str, source: &str| (tier.to_owned(), "tinh".to_owned(), rule.to_owned(), source.to_owned());
    let national = |tier: &str, line: u32| {
        (
            tier.to_owned(),
            "quoc_gia".to_owned(),
            format!("quoc_gia.tieuchi:{line}:5"),
            format!("NĐ, Điều {}", line - 10),
        )
    };
    // 2026-12: 90 against 92.
    assert_eq!(at(91, "2026-12-10"), own("tot", "tinh.tieuchi:4:35", "QĐ tỉnh"));
    assert_eq!(at(87, "2026-12-10"), national("tot", 12));
    // 2027-03: 85 against 92; 86 points are "xuất sắc" nationally.
    assert_eq!(at(86, "2027-03-01"), own("tot", "tinh.tieuchi:4:35", "QĐ tỉnh"));
    assert_eq!(at(84, "2027-03-01"), national("tot", 12));
    // 2027-07: 85 against the layer's amended 88.
    assert_eq!(at(87, "2027-07-01"), own("tot", "tinh.tieuchi:5:7", "QĐ tỉnh sửa đổi"));
    assert_eq!(at(88, "2027-07-01"), national("xs", 11));
    assert_eq!(at(91, "2027-07-01"), national("xs", 11));
}

/// A batch row's `layer` says what the single result of the same record says, row by row, on
/// either side of the layer's threshold (the column-wise path of a batch included).
#[test]
fn batch_rows_name_the_layer_a_single_evaluation_names() {
    let library = library(
        "  param nguong \"Ngưỡng\": number = 92 source \"QĐ tỉnh, Điều 1\"\n  input qua_han \"Hồ sơ quá hạn\": integer in 0..100 default 0\n  force dat when qua_han >= 3 because \"Quá hạn\" source \"QĐ tỉnh, Điều 2\"\n",
    )
    .unwrap();
    let rules = library.get("tinh").unwrap();
    let records: Vec<Value> = [50, 75, 89, 90, 91, 92, 95, 100]
        .iter()
        .enumerate()
        .flat_map(|(i, diem)| {
            [
                json!({ "id": format!("a{i}"), "diem": diem }),
                json!({ "id": format!("b{i}"), "diem": diem, "qua_han": 3 }),
            ]
        })
        .collect();
    let batch = library.batch(Some("tinh")).unwrap().on(Some(date("2026-12-10")));
    let (rows, _) = batch_rows(&batch, &records);
    let options = Options { on: Some(date("2026-12-10")), trace: false, ..Options::default() };
    let mut by_layer = 0;
    for (record, row) in records.iter().zip(&rows) {
        let result = rules.evaluate(record, &options).unwrap();
        let single = result.deciding_layer().map(|l| l.id.as_str());
        assert_eq!(row["layer"].as_str(), single, "{record}: {row}");
        assert_eq!(row["outcome"].as_str(), result.tier(), "{record}");
        by_layer += usize::from(single == Some("tinh") && result.decided_by() == Some("score"));
    }
    // 90 and 91 points, held below "xuất sắc" by the province's 92.
    assert_eq!(by_layer, 2);
}

/// A layer that writes the outcome again (each tier the national condition `and` more) decides
/// the records its added conditions or its stricter threshold keep from the tier the national
/// rules give; a record the national rules rate alike is the national tier's, named, placed and
/// cited as the national text writes it.
#[test]
fn a_rewritten_outcome_decides_only_the_records_it_keeps_from_a_better_tier() {
    let body = "  param nguong \"Ngưỡng\": number = 92 source \"QĐ tỉnh, Điều 1\"\n  input sk \"Sáng kiến\": bool default false\n  outcome xep_loai \"Xếp loại\" {\n    xs \"Xuất sắc\" when tong >= nguong and sk source \"QĐ tỉnh, Điều 5\"\n    tot \"Tốt\" when (tong >= 70) source \"QĐ tỉnh, Điều 6\"\n    dat \"Đạt\" otherwise\n  }\n";
    let library = library(body).unwrap();
    let rules = library.get("tinh").unwrap();
    let at = |diem: u32, sk: bool| decision(rules, &json!({ "diem": diem, "sk": sk }), "2026-12-10");
    // Both the national rules and the layer's: the national tier.
    assert_eq!(at(95, true), strings("xs", "quoc_gia", "score", "quoc_gia.tieuchi:11:5", "NĐ, Điều 1"));
    assert_eq!(at(75, true), strings("tot", "quoc_gia", "score", "quoc_gia.tieuchi:12:5", "NĐ, Điều 2"));
    assert_eq!(at(50, false), strings("dat", "quoc_gia", "score", "quoc_gia.tieuchi:13:5", "NĐ, Điều 3"));
    // "Xuất sắc" nationally, kept from it by the layer's added condition…
    let added = strings("tot", "tinh", "score", "tinh.tieuchi:7:5", "QĐ tỉnh, Điều 5");
    assert_eq!(at(95, false), added);
    assert_eq!(at(91, false), added);
    // … or by its threshold alone.
    assert_eq!(at(91, true), strings("tot", "tinh", "score", "tinh.tieuchi:4:35", "QĐ tỉnh, Điều 1"));
}
