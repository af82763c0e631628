//! A compiled rule set or library, written as bytes and read back, is the same rules: every rule
//! file of `rules/` with its own tests and its case files, every case's result to the last
//! field, and bytes that are not what `to_bytes` wrote are an error, never other rules.
#![cfg(feature = "compiled")]
#![allow(clippy::unwrap_used, clippy::panic, clippy::indexing_slicing, reason = "tests")]

mod common;

use sha2::Digest as _;
use tieuchi::compiled::{Contents, LoadError};
use tieuchi::{Lang, Library, Options, RuleSet};

fn reloaded(library: &Library) -> Library {
    Library::from_bytes(&library.to_bytes()).unwrap_or_else(|e| panic!("{e}"))
}

fn warnings(rules: &RuleSet) -> Vec<String> {
    rules.warnings().iter().map(tieuchi::Diagnostic::render_plain).collect()
}

#[test]
fn every_rule_set_of_the_library_reads_back_as_the_same_rules() {
    let library = common::rules_library();
    for rules in library.rulesets() {
        let bytes = rules.to_bytes();
        let loaded = RuleSet::from_bytes(&bytes).unwrap_or_else(|e| panic!("{}: {e}", rules.id()));
        assert_eq!(loaded.id(), rules.id());
        assert_eq!(loaded.fingerprint(), rules.fingerprint());
        assert_eq!(format!("{:?}", loaded.plan()), format!("{:?}", rules.plan()), "{}", rules.id());
        assert_eq!(
            serde_json::to_value(loaded.info()).unwrap(),
            serde_json::to_value(rules.info()).unwrap(),
            "{}",
            rules.id()
        );
        assert_eq!(warnings(&loaded), warnings(rules), "{}", rules.id());
        assert_eq!(loaded.layers(), rules.layers());
        assert_eq!(loaded.to_bytes(), bytes, "{}: written again, the same bytes", rules.id());
        for report in loaded.run_tests() {
            assert!(report.passed(), "{}: {}: {:?}", rules.id(), report.name, report.mismatches);
        }
    }
}

#[test]
fn every_case_file_passes_against_the_library_read_back() {
    let loaded = reloaded(&common::rules_library());
    let mut ran = 0;
    for path in common::files_ending(&common::rules_root(), ".cases.json") {
        let name = path.to_string_lossy();
        let file = tieuchi::testing::CaseFile::parse(&common::read(&path)).unwrap();
        for report in loaded.run_case_file(&file, &name).unwrap_or_else(|e| panic!("{name}: {}", e.render(Lang::En))) {
            assert!(report.passed(), "{name}: {}: {:?}", report.name, report.mismatches);
            ran += 1;
        }
    }
    assert!(ran > 100, "only {ran} cases");
}

#[test]
fn every_case_gives_the_same_result_record_with_its_trace_and_what_it_takes() {
    let library = common::rules_library();
    let loaded = reloaded(&library);
    assert_eq!(loaded.warnings().len(), library.warnings().len());
    let cases = common::single_cases();
    assert!(cases.len() > 100, "only {} cases", cases.len());
    for (id, record, on) in cases {
        let options = Options { on, trace: true, ..Options::default() };
        let original = library.select(Some(&id), on).unwrap();
        let again = loaded.select(Some(&id), on).unwrap();
        let expected = original.evaluate(&record, &options).map(|e| tieuchi::wire::result_record(&e, true, true));
        let actual = again.evaluate(&record, &options).map(|e| tieuchi::wire::result_record(&e, true, true));
        match (expected, actual) {
            (Ok(expected), Ok(actual)) => {
                assert_eq!(
                    serde_json::to_value(actual).unwrap(),
                    serde_json::to_value(expected).unwrap(),
                    "{id}: {record}"
                );
            }
            (Err(expected), Err(actual)) => assert_eq!(actual, expected, "{id}: {record}"),
            (expected, actual) => panic!("{id}: {record}: {:?} against {:?}", actual.err(), expected.err()),
        }
    }
}

#[test]
fn bytes_that_are_not_a_compiled_rule_set_are_an_error_naming_why() {
    let rules = RuleSet::compile("demo.tieuchi", rules_text()).unwrap();
    let bytes = rules.to_bytes();

    let text = b"ruleset demo \"Demo\" { }";
    assert_eq!(RuleSet::from_bytes(text).unwrap_err(), LoadError::NotCompiled);
    assert_eq!(RuleSet::from_bytes(&[]).unwrap_err(), LoadError::NotCompiled);

    let library = Library::compile(&[tieuchi::SourceFile::new("demo.tieuchi", rules_text())]).unwrap();
    assert_eq!(
        RuleSet::from_bytes(&library.to_bytes()).unwrap_err(),
        LoadError::WrongContents { expected: Contents::RuleSet, found: Contents::Library }
    );
    assert_eq!(
        Library::from_bytes(&bytes).unwrap_err(),
        LoadError::WrongContents { expected: Contents::Library, found: Contents::RuleSet }
    );

    // The form's number is the two bytes after `tieuchi compiled`.
    let mut other_form = bytes.clone();
    other_form[16] = other_form[16].wrapping_add(1);
    let error = RuleSet::from_bytes(&other_form).unwrap_err();
    assert!(matches!(&error, LoadError::OtherEngine { engine, .. } if engine.starts_with("tieuchi ")), "{error:?}");

    let mut changed = bytes.clone();
    let last = changed.len() - 1;
    changed[last] ^= 1;
    assert!(matches!(RuleSet::from_bytes(&changed).unwrap_err(), LoadError::Damaged { .. }));
    for cut in [17, 30, bytes.len() / 2, bytes.len() - 1] {
        assert!(matches!(RuleSet::from_bytes(&bytes[..cut]).unwrap_err(), LoadError::Damaged { .. }), "cut at {cut}");
    }

    let failure = RuleSet::from_bytes(&changed).unwrap_err().failure(Lang::En);
    assert_eq!(failure.errors[0].code, "argument::not-compiled");
    assert!(failure.errors[0].message.starts_with("the compiled rules are damaged"), "{}", failure.errors[0].message);
    let vi = LoadError::NotCompiled.failure(Lang::Vi);
    assert_eq!(vi.errors[0].message, "các byte này không phải quy tắc do tieuchi biên dịch");
}

fn rules_text() -> &'static str {
    r#"ruleset demo "Demo" {
  input x "X": number in 0..10
  outcome kq "KQ" {
    dat "Đạt" when x >= 5
    khong "Không" otherwise
  }
}"#
}

/// The bytes of a small rule set, pinned: when a type the bytes are made of changes shape, this
/// fails, and `FORMAT` in `src/compiled.rs` must be raised (then the digest here updated), so that
/// bytes of the old form are refused instead of misread.
#[test]
fn the_compiled_form_is_pinned() {
    let rules = RuleSet::compile("demo.tieuchi", rules_text()).unwrap();
    let digest = format!("{:x}", sha2::Sha256::digest(rules.to_bytes()));
    assert_eq!(
        digest, "6c9b06b731a8c4289f3de275ce74a492b9b720b16843ee8f68581a9e303c5faf",
        "the compiled form changed: raise FORMAT in src/compiled.rs, then update this digest"
    );
}
