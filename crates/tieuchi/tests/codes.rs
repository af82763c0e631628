//! The registry of codes (`tieuchi::codes`): every code the engine gives in the bundled rules,
//! their case files and examples, the corpus and the check fixtures is registered, and every
//! entry explains itself.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde_json::Value as Json;
use tieuchi::batch::Batch;
use tieuchi::codes::{self, Kind};
use tieuchi::testing::{Case, CaseFile, CaseTarget};
use tieuchi::{EvaluateError, Lang, Library, Options, RuleSet, SourceFile};

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
    out.sort();
}

#[expect(clippy::panic, reason = "an unreadable file stops the test")]
fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Every code seen, with where it was first seen.
#[derive(Default)]
struct Seen(BTreeMap<String, String>);

impl Seen {
    fn add(&mut self, code: &str, at: &str) {
        self.0.entry(code.to_owned()).or_insert_with(|| at.to_owned());
    }

    /// One record through both paths: a single evaluation (quota pending) and a batch row.
    fn evaluate(&mut self, rules: &RuleSet, records: &[Json], on: Option<tieuchi::value::Date>, at: &str) {
        for record in records {
            match rules.evaluate(record, &Options { on, trace: false, ..Default::default() }) {
                Ok(result) => result.findings().iter().for_each(|f| self.add(&f.code, at)),
                Err(EvaluateError::Evidence(errors)) => errors.iter().for_each(|e| self.add(e.code.as_str(), at)),
                Err(EvaluateError::Eval(e)) => self.add(e.code.as_str(), at),
            }
        }
        let texts: Vec<String> = records.iter().map(Json::to_string).collect();
        let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
        for row in Batch::new(rules).on(on).rows_of_json(&texts) {
            row.findings.iter().for_each(|f| self.add(&f.code, at));
            row.errors.iter().for_each(|e| self.add(e.code, at));
        }
    }
}

/// The rule files under `dir` as one library, their case files, and the evidence beside them
/// (`examples/*.json` given to every rule set of the folder above, `x.records.json` to `x`).
#[expect(clippy::panic, reason = "a malformed case or evidence file stops the test")]
fn walk(dir: &Path, seen: &mut Seen) -> usize {
    let mut rule_files = Vec::new();
    files(dir, ".tieuchi", &mut rule_files);
    let sources: Vec<SourceFile> =
        rule_files.iter().map(|p| SourceFile::new(p.display().to_string(), read(p))).collect();
    let (library, diagnostics) = Library::compile_what_compiles(&sources);
    let at = dir.display().to_string();
    for d in diagnostics.iter().chain(library.rulesets().iter().flat_map(RuleSet::warnings)) {
        seen.add(d.code.as_str(), &at);
    }

    let mut case_files = Vec::new();
    files(dir, ".cases.json", &mut case_files);
    for path in &case_files {
        let name = path.display().to_string();
        let file = CaseFile::parse(&read(path)).unwrap_or_else(|e| panic!("{name}: {e}"));
        for case in file.cases(&name).unwrap_or_else(|e| panic!("{name}: {e}")) {
            let at = format!("{name}: {}", case.name());
            let rules = match &file.target {
                CaseTarget::RuleSet(id) => library.get(id),
                CaseTarget::Family(id) => match library.select(Some(id), case.on()) {
                    Ok(rules) => Some(rules),
                    Err(e) => {
                        seen.add(e.code(), &at);
                        None
                    }
                },
            };
            let Some(rules) = rules else { continue };
            match &case {
                Case::Single { case, .. } => seen.evaluate(rules, std::slice::from_ref(&case.given), case.on, &at),
                Case::Batch { records, on, .. } => seen.evaluate(rules, records, *on, &at),
            }
        }
    }

    let mut evidence = Vec::new();
    files(dir, ".json", &mut evidence);
    for path in &evidence {
        let at = path.display().to_string();
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let folder = path.parent().unwrap_or(Path::new(""));
        let (records, rules): (Vec<Json>, Vec<&RuleSet>) = if folder.ends_with("examples") {
            let record: Json = serde_json::from_str(&read(path)).unwrap_or_else(|e| panic!("{at}: {e}"));
            let above = folder.parent();
            (
                vec![record],
                library.rulesets().iter().filter(|r| Path::new(r.source().name()).parent() == above).collect(),
            )
        } else if let Some(stem) = name.strip_suffix(".records.json") {
            let records: BTreeMap<String, Json> =
                serde_json::from_str(&read(path)).unwrap_or_else(|e| panic!("{at}: {e}"));
            let file = folder.join(format!("{stem}.tieuchi")).display().to_string();
            (records.into_values().collect(), library.rulesets().iter().filter(|r| r.source().name() == file).collect())
        } else {
            continue;
        };
        for rules in rules {
            seen.evaluate(rules, &records, None, &at);
        }
    }
    case_files.len()
}

#[test]
fn every_code_the_engine_gives_is_registered() {
    let mut seen = Seen::default();
    assert!(walk(&root().join("rules"), &mut seen) >= 10, "the bundled case files are found");
    walk(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/eval"), &mut seen);

    // The bundled rules guard their divisions, so one here does not.
    let unguarded = RuleSet::compile(
        "chia.tieuchi",
        r#"ruleset chia "Chia" {
  input a "A": integer in 0..10
  input b "B": integer in 0..10
  outcome ket_qua "Kết quả" {
    dat "Đạt" when round(a / b, 2) >= 1
    khong_dat "Không đạt" otherwise
  }
}"#,
    )
    .unwrap_or_else(|e| panic!("{}", e.render_plain()));
    seen.evaluate(&unguarded, &[serde_json::json!({"a": 1, "b": 0})], None, "chia.tieuchi");

    // `tieuchi verify` refuses what it cannot check.
    let library = Library::compile(&[SourceFile::new("chia.tieuchi", unguarded.source().text())])
        .unwrap_or_else(|e| panic!("{}", e.render_plain()));
    for recorded in [
        serde_json::json!({"status": "rated"}),
        serde_json::json!({"rules": {"id": "khac"}}),
        serde_json::json!({"rules": {"id": "chia"}, "on": "30/06/2026"}),
    ] {
        if let Err(e) = tieuchi::verify::verify(&library, &recorded, "{}") {
            seen.add(e.code(), "tieuchi verify");
        }
    }

    // `tieuchi verify --batch` refuses what are not rows, and rows it cannot read.
    let mut records = || Ok(Box::new(std::io::empty()) as Box<dyn std::io::Read + Send>);
    let run = tieuchi::verify::BatchRun::default();
    let mut not_rows =
        || Ok(Box::new(std::io::Cursor::new(b"row,subject\n".to_vec())) as Box<dyn std::io::BufRead + Send>);
    let mut unreadable = || Err::<Box<dyn std::io::BufRead + Send>, _>(std::io::Error::other("gone"));
    for rows in [&mut not_rows as &mut dyn FnMut() -> _, &mut unreadable] {
        let input = tieuchi::batch::Input::Text { open: &mut records, format: tieuchi::batch::InputFormat::JsonLines };
        if let Err(e) = tieuchi::verify::verify_batch(&library, rows, input, &run) {
            seen.add(e.code(), "tieuchi verify --batch");
        }
    }

    // A front end's call with an evaluation date that is not a date; a failure with no problem
    // in it (what the front ends' own argument and internal errors are registered beside).
    if let Err(failure) = tieuchi::Failure::date_argument("30/06/2026", Lang::En) {
        seen.add(&failure.first.code, "an `on` argument");
    }
    let empty = tieuchi::Failure::compile(&tieuchi::CompileError { diagnostics: Vec::new() }, Lang::Vi);
    seen.add(&empty.first.code, "a failure with no problem in it");

    let mut corpus = Vec::new();
    files(&root().join("tests/corpus"), ".json", &mut corpus);
    for path in &corpus {
        let case: Json = serde_json::from_str(&read(path)).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let Some(name) = case["rules"].as_str() else { continue };
        let Ok(rules) = RuleSet::compile(name, &read(&root().join(name))) else { continue };
        let on = case["on"].as_str().and_then(|d| d.parse().ok());
        seen.evaluate(&rules, std::slice::from_ref(&case["evidence"]), on, &path.display().to_string());
    }

    let mut fixtures = Vec::new();
    files(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures"), ".tieuchi", &mut fixtures);
    for path in &fixtures {
        let at = path.display().to_string();
        match RuleSet::compile(&at, &read(path)) {
            Ok(rules) => rules.warnings().iter().for_each(|d| seen.add(d.code.as_str(), &at)),
            Err(e) => e.diagnostics.iter().for_each(|d| seen.add(d.code.as_str(), &at)),
        }
    }

    let unregistered: Vec<String> =
        seen.0.iter().filter(|(code, _)| codes::lookup(code).is_none()).map(|(c, at)| format!("{c} ({at})")).collect();
    assert!(
        unregistered.is_empty(),
        "codes given but not registered in `tieuchi::codes`:\n{}",
        unregistered.join("\n")
    );
    // The walk must reach every kind, or it has lost its way and proves nothing.
    for kind in Kind::ALL {
        assert!(
            seen.0.keys().any(|c| codes::lookup(c).is_some_and(|e| e.kind == *kind)),
            "no `{}` code was given by the walk: {:?}",
            kind.as_str(),
            seen.0.keys().collect::<Vec<_>>()
        );
    }
    for finding in ["knockout", "missing-evidence", "quota-demoted", "quota-kept", "quota-pending"] {
        assert!(seen.0.contains_key(finding), "the walk never gave `{finding}`");
    }
}

#[test]
fn every_entry_is_unique_explained_and_of_its_kind() {
    let mut unique = BTreeSet::new();
    for entry in codes::all() {
        assert!(unique.insert(entry.code), "`{}` is registered twice", entry.code);
        for lang in Lang::ALL.iter().copied() {
            let text = entry.in_lang(lang);
            for (what, text) in
                [("Summary", &text.summary), ("Explanation", &text.explanation), ("Example", &text.example)]
            {
                assert!(
                    !text.trim().is_empty(),
                    "`{}` has no {what} in {lang}: the catalogue needs `{}`",
                    entry.code,
                    entry.message_id(what)
                );
            }
            assert!(!text.summary.ends_with('.'), "`{}`: a summary is a phrase without a final period", entry.code);
        }
        match entry.kind {
            Kind::Finding => {
                assert!(!entry.code.contains("::"), "`{}`: a finding's code has no prefix", entry.code);
                assert!(entry.heading.is_some_and(|h| !h.is_empty()), "`{}`: a finding has a heading", entry.code);
            }
            kind => {
                assert!(
                    entry.code.starts_with(&format!("{}::", kind.as_str())),
                    "`{}` is not of kind `{}`",
                    entry.code,
                    kind.as_str()
                );
            }
        }
        assert_eq!(codes::lookup(entry.code), Some(entry));
    }
    assert_eq!(codes::lookup("select::none-in-force").map(|e| e.kind), Some(Kind::Select));
    // A code's own `summary(lang)` is the catalogue's, in the language asked for: one text, no
    // English copy beside the enum.
    let exceeds = codes::lookup("check::score-exceeds").map(|e| e.summary(Lang::En));
    assert_eq!(exceeds.as_deref(), Some(tieuchi::Code::ScoreExceeds.summary(Lang::En).as_str()));
    assert_eq!(
        tieuchi::Code::ScoreExceeds.summary(Lang::Vi),
        "tổng điểm tối đa của các mục con lớn hơn điểm tối đa của mục cha"
    );
    assert_eq!(
        tieuchi::EvidenceCode::OutOfRange.summary(Lang::En),
        codes::lookup("evidence::out-of-range").map(|e| e.summary(Lang::En)).unwrap_or_default()
    );
    assert_eq!(
        tieuchi::FindingCode::QuotaPending.summary(Lang::Vi),
        codes::lookup("quota-pending").unwrap().summary(Lang::Vi)
    );
    assert_eq!(
        codes::lookup("check::score-exceeds").map(|e| e.summary(Lang::Vi)).as_deref(),
        Some("tổng điểm tối đa của các mục con lớn hơn điểm tối đa của mục cha")
    );
    assert!(codes::lookup("select::nothing").is_none());
}
