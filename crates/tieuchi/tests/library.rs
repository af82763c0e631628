//! Rule families: versions linked by `replaces`, chosen by date.

use tieuchi::{Code, Library, SelectError, SourceFile};

fn version(id: &str, valid: &str, replaces: Option<&str>, threshold: u32) -> SourceFile {
    let replaces = replaces.map(|r| format!("  replaces {r}\n")).unwrap_or_default();
    SourceFile::new(
        format!("{id}.tieuchi"),
        format!(
            "ruleset {id} \"{id}\" {{\n  {valid}\n{replaces}  input diem \"Điểm\": number in 0..100\n  outcome o \"O\" {{\n    tot \"Tốt\" when diem >= {threshold}\n    dat \"Đạt\" otherwise\n  }}\n}}\n"
        ),
    )
}

#[expect(clippy::unwrap_used, reason = "the tests write valid dates")]
fn date(text: &str) -> jiff::civil::Date {
    text.parse().unwrap()
}

#[test]
fn the_version_in_force_is_chosen_by_date() {
    let library = Library::compile(&[
        version("nd335", "valid from 2026-01-01", Some("nd90"), 90),
        version("nd90", "valid from 2020-08-20 until 2025-12-31", None, 80),
    ])
    .unwrap();
    assert_eq!(library.families().len(), 1);
    assert_eq!(library.select(None, Some(date("2025-12-31"))).unwrap().id(), "nd90");
    assert_eq!(library.select(Some("nd90"), Some(date("2026-06-30"))).unwrap().id(), "nd335");
    assert_eq!(library.select(None, Some(date("2020-08-20"))).unwrap().id(), "nd90");
    assert!(matches!(library.select(None, Some(date("2020-08-19"))), Err(SelectError::NoneInForce { .. })));
    assert!(matches!(library.select(None, None), Err(SelectError::NeedDate { .. })));
    assert!(matches!(library.select(Some("khac"), None), Err(SelectError::Unknown(_))));
}

#[test]
fn unrelated_rule_sets_are_separate_families() {
    let library = Library::compile(&[
        version("a", "valid from 2020-01-01", None, 50),
        version("b", "valid from 2020-01-01", None, 60),
    ])
    .unwrap();
    assert_eq!(library.families().len(), 2);
    assert!(matches!(library.select(None, None), Err(SelectError::Ambiguous(_))));
    assert_eq!(library.select(Some("b"), None).unwrap().id(), "b");
}

#[test]
fn overlapping_versions_and_duplicate_ids_are_errors() {
    let error = Library::compile(&[
        version("moi", "valid from 2025-06-01", Some("cu"), 90),
        version("cu", "valid from 2020-01-01 until 2025-12-31", None, 80),
    ])
    .unwrap_err();
    let overlap = error.diagnostics.iter().find(|d| d.code == Code::OverlappingVersions).unwrap();
    assert_eq!(overlap.location().to_string(), "moi.tieuchi:2:3");
    assert!(
        overlap.message.contains("`cu` and `moi`") || overlap.message.contains("`moi` and `cu`"),
        "{}",
        overlap.message
    );

    let error = Library::compile(&[
        version("x", "valid from 2020-01-01", None, 50),
        version("x", "valid from 2021-01-01", None, 50),
    ])
    .unwrap_err();
    assert!(error.diagnostics.iter().any(|d| d.code == Code::DuplicateName));
}
