//! The result envelope: what made a result (engine, rules by fingerprint, why that version), the
//! tier the score reached beside an adjustment that overrode it, and reproducing a result.
#![allow(clippy::indexing_slicing, clippy::panic, clippy::expect_used, clippy::unwrap_used, reason = "tests")]

use std::path::{Path, PathBuf};

use serde_json::{json, Value};
use tieuchi::{Library, Options, RuleSet, SourceFile};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Every rule folder of `rules/`, compiled, with its examples.
fn folders() -> Vec<(Library, Vec<PathBuf>)> {
    let mut dirs: Vec<PathBuf> =
        std::fs::read_dir(root().join("rules")).unwrap().map(|e| e.unwrap().path()).filter(|p| p.is_dir()).collect();
    dirs.sort();
    dirs.into_iter()
        .map(|dir| {
            let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
                .unwrap()
                .map(|e| e.unwrap().path())
                .filter(|p| p.extension().is_some_and(|x| x == "tieuchi"))
                .collect();
            files.sort();
            let sources: Vec<SourceFile> = files
                .iter()
                .map(|p| SourceFile::new(p.strip_prefix(root()).unwrap().display().to_string(), read(p)))
                .collect();
            let library = Library::compile(&sources).unwrap_or_else(|e| panic!("{}", e.render_plain()));
            let mut examples: Vec<PathBuf> =
                std::fs::read_dir(dir.join("examples")).unwrap().map(|e| e.unwrap().path()).collect();
            examples.sort();
            (library, examples)
        })
        .collect()
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn date(text: &str) -> jiff::civil::Date {
    text.parse().unwrap()
}

fn wire(rules: &RuleSet, evidence: &Value, on: Option<&str>) -> Value {
    let options = Options { on: on.map(date), trace: true, ..Default::default() };
    serde_json::to_value(rules.evaluate(evidence, &options).unwrap().to_wire()).unwrap()
}

const NAMED: &str = "ruleset demo \"Ví dụ\" {\n  input diem \"Điểm\": number in 0..100\n  outcome ket_qua \"Kết quả\" {\n    dat \"Đạt\" when diem >= 50\n    khong_dat \"Không đạt\" otherwise\n  }\n}\n";

#[test]
fn every_example_gives_the_same_bytes_each_time_with_its_envelope() {
    let mut evaluated = 0;
    for (library, examples) in folders() {
        for example in examples {
            let text = read(&example);
            let record: Value = serde_json::from_str(&text).unwrap();
            let on = record.get("on").and_then(Value::as_str).map(date);
            // Each example against each rule set of its folder that reads it.
            for rules in library.rulesets() {
                let options = Options { on, trace: true, ..Default::default() };
                let Ok(first) = rules.evaluate_json(&text, &options) else { continue };
                let first = serde_json::to_string(&first.to_wire()).unwrap();
                let second = serde_json::to_string(&rules.evaluate_json(&text, &options).unwrap().to_wire()).unwrap();
                assert_eq!(first, second, "{} with `{}`", example.display(), rules.id());
                let result: Value = serde_json::from_str(&first).unwrap();
                assert_eq!(result["engine"], json!({"name": "tieuchi", "version": env!("CARGO_PKG_VERSION")}));
                assert_eq!(result["rules"]["id"], rules.id());
                assert_eq!(result["rules"]["sha256"], rules.fingerprint());
                evaluated += 1;
            }
        }
    }
    assert!(evaluated >= 18, "only {evaluated} example evaluations");
}

#[test]
fn the_fingerprint_is_the_rule_text_and_not_its_line_ends_or_name() {
    let print = |name: &str, text: &str| RuleSet::compile(name, text).unwrap().fingerprint().to_owned();
    let base = print("a.tieuchi", NAMED);
    assert_eq!(base.len(), 64);
    assert!(base.chars().all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase()), "{base}");
    assert_eq!(print("elsewhere/b.tieuchi", NAMED), base, "the file's name is not the rules");
    assert_eq!(print("a.tieuchi", &NAMED.replace('\n', "\r\n")), base, "CRLF line ends");
    assert_eq!(print("a.tieuchi", &NAMED.replace('\n', "\r")), base, "CR line ends");
    assert_eq!(print("a.tieuchi", &format!("\u{feff}{NAMED}")), base, "a byte order mark");
    // One character changed anywhere, even in a label or a comment, is other rules.
    assert_ne!(print("a.tieuchi", &NAMED.replace("Đạt\"", "Đạt.\"")), base);
    assert_ne!(print("a.tieuchi", &NAMED.replace(">= 50", ">= 51")), base);
    assert_ne!(print("a.tieuchi", &format!("# ghi chú\n{NAMED}")), base);
    // Every rule file of the library: one character more, another fingerprint.
    for (library, _) in folders() {
        for rules in library.rulesets() {
            let text = rules.source().text();
            let changed = text.replacen("outcome", "outcome ", 1);
            let again = RuleSet::compile(rules.source().name(), &changed);
            if let Ok(again) = again {
                assert_ne!(again.fingerprint(), rules.fingerprint(), "{}", rules.id());
            }
        }
    }
}

#[test]
fn an_importer_fingerprint_covers_what_it_imports() {
    let member = |threshold: u32| {
        SourceFile::new(
            "ty-le.tieuchi",
            format!("ruleset ty_le \"Tỷ lệ\" {{\n  input dat \"Đạt\": integer in 0..100\n  outcome o \"O\" {{\n    cao \"Cao\" when dat >= {threshold}\n    thap \"Thấp\" otherwise\n  }}\n}}\n"),
        )
    };
    let group = SourceFile::new(
        "nhom.tieuchi",
        "ruleset nhom \"Nhóm\" {\n  input ds \"Danh sách\": list of ty_le\n  outcome k \"K\" {\n    tot \"Tốt\" when all(ds, o = cao)\n    chua \"Chưa\" otherwise\n  }\n}\n",
    );
    let before = Library::compile(&[member(50), group.clone()]).unwrap();
    let after = Library::compile(&[member(60), group.clone()]).unwrap();
    let reordered = Library::compile(&[group, member(50)]).unwrap();
    let print = |l: &Library, id: &str| l.get(id).unwrap().fingerprint().to_owned();
    assert_ne!(print(&before, "ty_le"), print(&after, "ty_le"));
    assert_ne!(print(&before, "nhom"), print(&after, "nhom"), "the importer's own text is unchanged");
    assert_eq!(print(&before, "nhom"), print(&reordered, "nhom"));
    let alone = RuleSet::compile("nhom.tieuchi", "ruleset nhom \"Nhóm\" {\n  input n \"N\": integer in 0..9\n  outcome k \"K\" {\n    tot \"Tốt\" when n > 1\n    chua \"Chưa\" otherwise\n  }\n}\n").unwrap();
    assert_ne!(alone.fingerprint(), print(&before, "nhom"));
}

#[test]
fn the_envelope_says_why_the_version_applies() {
    let folder = folders().into_iter().next().unwrap().0; // rules/cong-chuc
    let nd335 = folder.select(None, Some(date("2026-06-30"))).unwrap();
    let evidence = json!({"tieu_chi_chung": "28", "ket_qua_nhiem_vu": "62", "suy_thoai": false});
    let rules = &wire(nd335, &evidence, Some("2026-06-30"))["rules"];
    assert_eq!(rules["id"], "cong_chuc_nd335");
    assert_eq!(rules["chosen_because"], "có hiệu lực vào ngày 2026-06-30");
    assert_eq!(rules["valid_from"], "2026-01-01");
    assert!(rules.get("valid_until").is_none());
    let nd90 = folder.select(None, Some(date("2025-06-30"))).unwrap();
    assert_eq!(nd90.id(), "cong_chuc_nd90");
    let earlier = wire(nd335, &evidence, Some("2025-06-30"));
    assert_eq!(earlier["rules"]["chosen_because"], "được chỉ định; không có hiệu lực vào ngày 2025-06-30");
    assert_eq!(wire(nd335, &evidence, None)["rules"]["chosen_because"], "được chỉ định; không có ngày đánh giá");
    // In English when the evaluation is.
    let english = |on: Option<&str>| {
        let options = Options { on: on.map(date), lang: tieuchi::Lang::En, ..Default::default() };
        let result = serde_json::to_value(nd335.evaluate(&evidence, &options).unwrap().to_wire()).unwrap();
        result["rules"]["chosen_because"].clone()
    };
    assert_eq!(english(Some("2026-06-30")), "in force on 2026-06-30");
    assert_eq!(english(Some("2025-06-30")), "named; not in force on 2025-06-30");
    assert_eq!(english(None), "named; no evaluation date");
}

#[test]
fn the_tier_the_score_reached_stays_beside_a_knockout_cap_or_quota() {
    let folder = folders().into_iter().next().unwrap().0; // rules/cong-chuc
    let nd335 = folder.get("cong_chuc_nd335").unwrap();
    let on = Some("2026-06-30");
    let by_score = |v: &Value| v["outcome"]["by_score"]["id"].clone();

    let plain = wire(nd335, &json!({"tieu_chi_chung": "30", "ket_qua_nhiem_vu": "67", "suy_thoai": false}), on);
    assert_eq!(plain["outcome"]["decided_by"], "score");
    assert!(plain["outcome"].get("by_score").is_none(), "{}", plain["outcome"]);

    let knocked_out = wire(nd335, &json!({"tieu_chi_chung": "30", "ket_qua_nhiem_vu": "67", "suy_thoai": true}), on);
    assert_eq!(knocked_out["outcome"]["id"], "kht");
    assert_eq!(knocked_out["outcome"]["decided_by"], "force");
    assert_eq!(by_score(&knocked_out), "htxs");
    // The knock-out's trace is unchanged: the ladder looked at beside it is not a rule tried.
    assert!(knocked_out["trace"].as_array().unwrap().iter().all(|s| s["rule"].as_str().unwrap().starts_with("force")));

    // A knock-out decides whatever the points: with them unknown, no tier stands beside it.
    let unknown_points = wire(nd335, &json!({"suy_thoai": true}), on);
    assert_eq!(unknown_points["outcome"]["id"], "kht");
    assert!(unknown_points["outcome"].get("by_score").is_none());

    let nd90 = folder.get("cong_chuc_nd90").unwrap();
    let case = folder_case(nd90, "cap");
    let capped = wire(nd90, &case, Some("2024-12-31"));
    assert_eq!(capped["outcome"]["decided_by"], "cap", "{}", capped["outcome"]);
    assert_ne!(by_score(&capped), capped["outcome"]["id"]);
    assert!(!by_score(&capped).is_null());

    let group = |i: u32, task: u32| json!({"id": format!("CC-{i}"), "co_quan": "S", "nhom": "N", "tieu_chi_chung": 30, "ket_qua_nhiem_vu": task, "suy_thoai": false});
    let records: Vec<Value> = (0..6).map(|i| group(i, if i < 2 { 65 } else { 50 })).collect();
    let results = nd335.evaluate_batch(&records, &Options { on: on.map(date), trace: false, ..Default::default() });
    let demoted: Vec<Value> = results
        .iter()
        .map(|r| serde_json::to_value(r.as_ref().unwrap().to_wire()).unwrap())
        .filter(|w| w["outcome"]["decided_by"] == "quota")
        .collect();
    assert_eq!(demoted.len(), 1, "20% of 4 HTT keeps none of 2 candidates after one is lowered? {demoted:?}");
    assert_eq!(demoted[0]["outcome"]["id"], "htt");
    assert_eq!(by_score(&demoted[0]), "htxs");
}

/// A record of the NĐ 90 rule set that its leave cap decides: a case file's record whose result
/// is decided by `cap`.
fn folder_case(rules: &RuleSet, decided_by: &str) -> Value {
    let cases: Value = serde_json::from_str(&read(&root().join("rules/cong-chuc/nd90-2020.cases.json"))).unwrap();
    for case in cases["cases"].as_array().unwrap() {
        let Some(given) = case.get("given") else { continue };
        let on = case.get("on").and_then(Value::as_str).or_else(|| given.get("on").and_then(Value::as_str));
        let options = Options { on: on.map(date), trace: false, ..Default::default() };
        if let Ok(result) = rules.evaluate(given, &options) {
            if result.decided_by() == Some(decided_by) {
                return given.clone();
            }
        }
    }
    panic!("no case of nd90-2020.cases.json is decided by `{decided_by}`")
}

#[test]
fn a_recorded_result_is_reproduced_or_its_differences_named_fingerprint_first() {
    for (library, examples) in folders() {
        for example in examples {
            let text = read(&example);
            let record: Value = serde_json::from_str(&text).unwrap();
            let on = record.get("on").and_then(Value::as_str).map(date);
            for rules in library.rulesets() {
                let Ok(result) = rules.evaluate_json(&text, &Options { on, trace: true, ..Default::default() }) else {
                    continue;
                };
                let recorded = serde_json::to_value(result.to_wire()).unwrap();
                let check = tieuchi::verify::verify(&library, &recorded, &text).unwrap();
                assert!(check.reproduced, "{} with `{}`: {:?}", example.display(), rules.id(), check.differences);
            }
        }
    }

    let folder = folders().into_iter().next().unwrap().0;
    let evidence = r#"{"tieu_chi_chung": "28", "ket_qua_nhiem_vu": "62", "suy_thoai": false}"#;
    let rules = folder.get("cong_chuc_nd335").unwrap();
    let options = Options { on: Some(date("2026-06-30")), trace: false, ..Default::default() };
    let recorded = serde_json::to_value(rules.evaluate_json(evidence, &options).unwrap().to_wire()).unwrap();

    // Other evidence: the score and the outcome differ, the rules do not.
    let other = r#"{"tieu_chi_chung": "28", "ket_qua_nhiem_vu": "52", "suy_thoai": false}"#;
    let check = tieuchi::verify::verify(&folder, &recorded, other).unwrap();
    assert!(!check.reproduced);
    let paths: Vec<&str> = check.differences.iter().map(|d| d.path.as_str()).collect();
    assert!(paths.contains(&"scores.tong.value") && paths.contains(&"outcome.id"), "{paths:?}");
    assert!(!paths.contains(&"rules.sha256"), "{paths:?}");

    // Changed rules: the fingerprint is the first difference.
    let source = rules.source();
    let edited = SourceFile::new(source.name(), source.text().replacen("90 điểm trở lên", "90 điểm trở lên.", 1));
    let changed = Library::compile(&[edited]).unwrap();
    let check = tieuchi::verify::verify(&changed, &recorded, evidence).unwrap();
    assert!(!check.reproduced);
    assert_eq!(check.differences[0].path, "rules.sha256");
    assert_eq!(check.differences[0].recorded, recorded["rules"]["sha256"]);

    // A result of rules that are not given, or not a result at all, is an error, not a verdict.
    let elsewhere = Library::compile(&[SourceFile::new("demo.tieuchi", NAMED)]).unwrap();
    let error = tieuchi::verify::verify(&elsewhere, &recorded, evidence).unwrap_err();
    assert_eq!(error.code(), "verify::unknown-ruleset");
    assert!(error.to_string().contains("`cong_chuc_nd335`") && error.to_string().contains("`demo`"), "{error}");
    let error = tieuchi::verify::verify(&folder, &json!({"status": "rated"}), evidence).unwrap_err();
    assert_eq!(error.code(), "verify::not-a-result");
}

/// Rows as a batch writes them (JSON Lines), for the records given as JSON Lines.
fn batch_rows(batch: &tieuchi::batch::Batch<'_>, records: &str) -> String {
    use tieuchi::batch::{InputFormat, OutputFormat};
    let mut out = Vec::new();
    let mut open = || Ok(Box::new(std::io::Cursor::new(records.as_bytes().to_vec())) as Box<dyn std::io::Read + Send>);
    batch.run(&mut open, InputFormat::JsonLines, &mut out, OutputFormat::JsonLines, &mut |_| {}).unwrap();
    String::from_utf8(out).unwrap()
}

/// `verify_batch` of `rows` against `records`, both JSON Lines text.
fn verify_rows<'l>(
    library: &'l Library,
    rows: &str,
    records: &str,
    run: &tieuchi::verify::BatchRun,
) -> Result<tieuchi::verify::BatchVerification<'l>, tieuchi::verify::VerifyError> {
    use tieuchi::batch::{Input, InputFormat};
    let rows = rows.to_owned();
    let mut open_rows =
        || Ok(Box::new(std::io::Cursor::new(rows.clone().into_bytes())) as Box<dyn std::io::BufRead + Send>);
    let mut open = || Ok(Box::new(std::io::Cursor::new(records.as_bytes().to_vec())) as Box<dyn std::io::Read + Send>);
    let input = Input::Text { open: &mut open, format: InputFormat::JsonLines };
    tieuchi::verify::verify_batch(library, &mut open_rows, input, run)
}

#[test]
fn a_batch_is_reproduced_as_a_whole_quotas_included_or_its_rows_named() {
    use tieuchi::verify::BatchRun;
    let library = folders().into_iter().next().unwrap().0;
    // One group: four records above 90 points, the HTXS quota keeps one; a record refused; an
    // undated record rated on the run's date.
    let points = [(30, 66), (30, 64), (30, 62), (30, 60), (25, 60), (25, 55), (25, 53), (25, 50), (22, 50), (20, 40)];
    let mut records: Vec<String> = points
        .iter()
        .enumerate()
        .map(|(i, (a, b))| {
            json!({"id": format!("CC-{i:02}"), "co_quan": "Sở Nội vụ", "nhom": "Chuyên viên",
                   "tieu_chi_chung": a, "ket_qua_nhiem_vu": b, "suy_thoai": false, "don_vi_tham_nhung": false})
            .to_string()
        })
        .collect();
    records.push(r#"{"id": "bad", "tieu_chi_chung": 31}"#.to_owned());
    let records = records.join("\n");
    let run = BatchRun { ruleset: None, on: Some(date("2026-12-10")) };
    let rows = batch_rows(&library.batch(None).unwrap().on(run.on), &records);
    let lines: Vec<&str> = rows.lines().collect();
    let demoted = lines.iter().position(|l| l.contains(r#""decided_by":"quota""#)).unwrap();
    assert!(lines[demoted].contains(r#""outcome":"htt""#), "{}", lines[demoted]);

    // Reproduced, with the date given and with the date read from the rows (the records give none).
    for given in [run.clone(), BatchRun::default()] {
        let check = verify_rows(&library, &rows, &records, &given).unwrap();
        assert!(check.reproduced, "{:?}", check.differences);
        assert_eq!((check.rows, check.rows_reproduced, check.rows_differing), (11, 11, 0));
        assert_eq!(check.on.as_deref(), Some("2026-12-10"));
        assert_eq!(check.engine.version, env!("CARGO_PKG_VERSION"));
    }
    // A quota-demoted row cannot be checked alone: its record evaluated by itself is only pending.
    let alone = library
        .select(None, run.on)
        .unwrap()
        .evaluate_json(
            records.lines().nth(demoted).unwrap(),
            &Options { on: run.on, trace: false, ..Default::default() },
        )
        .unwrap();
    assert_eq!(alone.tier(), Some("htxs"));

    // A row's outcome edited: that row, by its number, and its first differing column.
    let edited: String = rows
        .lines()
        .enumerate()
        .map(|(i, l)| if i == demoted { l.replace(r#""outcome":"htt""#, r#""outcome":"htxs""#) } else { l.to_owned() } + "\n")
        .collect();
    let check = verify_rows(&library, &edited, &records, &run).unwrap();
    assert!(!check.reproduced);
    assert_eq!((check.rows_reproduced, check.rows_differing), (10, 1));
    let difference = &check.differences[0];
    assert_eq!(
        (difference.row, difference.line, difference.column.as_str()),
        (demoted as u64, Some(demoted as u64 + 1), "outcome")
    );
    assert_eq!((&difference.recorded, &difference.now), (&json!("htxs"), &json!("htt")));

    // One character of the rule file changed: every row, the fingerprint first.
    let rules = library.get("cong_chuc_nd335").unwrap();
    let edited_rules = SourceFile::new(
        rules.source().name(),
        rules.source().text().replacen("90 điểm trở lên", "90 điểm trở lên.", 1),
    );
    let older = library.get("cong_chuc_nd90").unwrap().source().clone();
    let changed = Library::compile(&[older, edited_rules]).unwrap();
    let check = verify_rows(&changed, &rows, &records, &run).unwrap();
    assert_eq!(check.rows_differing, 11);
    assert!(check.differences.iter().all(|d| d.column == "rules_sha256"), "{:?}", check.differences);
    assert_eq!(check.differences[3].row, 3);
    assert_eq!(check.differences[0].recorded, json!(rules.fingerprint()));

    // Rows missing or added, and a line that is not a row.
    let fewer: String = rows.lines().take(10).flat_map(|l| [l, "\n"]).collect();
    let check = verify_rows(&library, &fewer, &records, &run).unwrap();
    assert_eq!((check.rows, check.rows_differing), (10, 1));
    assert_eq!(
        (check.differences[0].row, check.differences[0].line, check.differences[0].column.as_str()),
        (10, None, "row")
    );
    let more = format!("{rows}{}\n", lines[0]);
    let check = verify_rows(&library, &more, &records, &run).unwrap();
    assert_eq!((check.differences[0].row, check.differences[0].line), (11, Some(12)));
    let broken = rows.replacen(lines[2], "not a row", 1);
    let check = verify_rows(&library, &broken, &records, &run).unwrap();
    assert_eq!((check.differences[0].row, check.differences[0].column.as_str()), (2, ""));

    // What cannot be checked at all.
    let error = verify_rows(&library, "row,subject\n0,a\n", &records, &run).unwrap_err();
    assert_eq!(error.code(), "verify::not-rows");
    let elsewhere = Library::compile(&[SourceFile::new("demo.tieuchi", NAMED)]).unwrap();
    let error = verify_rows(&elsewhere, &rows, &records, &run).unwrap_err();
    assert_eq!(error.code(), "verify::unknown-ruleset");
}
