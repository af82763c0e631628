//! Helpers shared by the integration tests.
#![allow(dead_code, reason = "each test binary uses a different part of this module")]
#![allow(clippy::panic, clippy::expect_used, reason = "a broken fixture stops the test")]

use std::path::{Path, PathBuf};

use tieuchi::RuleSet;

/// `tests/fixtures/<rest>`.
pub fn fixture(rest: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(rest)
}

/// The file name of a fixture, as diagnostics show it (no folders, so snapshots do not depend on
/// where the repository is checked out).
pub fn short_name(path: &Path) -> String {
    path.file_name().and_then(|n| n.to_str()).unwrap_or("fixture").to_owned()
}

pub fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Compiles rule text that must be valid, showing every diagnostic when it is not.
pub fn compile(text: &str) -> RuleSet {
    RuleSet::compile("test.tieuchi", text).unwrap_or_else(|e| panic!("{}", e.render_plain()))
}

/// Compiles a fixture file that must be valid.
pub fn compile_fixture(path: &Path) -> RuleSet {
    RuleSet::compile(&short_name(path), &read(path)).unwrap_or_else(|e| panic!("{}", e.render_plain()))
}

/// The rendered diagnostics of rule text that must not compile.
pub fn compile_errors(text: &str) -> tieuchi::CompileError {
    match RuleSet::compile("test.tieuchi", text) {
        Ok(_) => panic!("expected the rule text not to compile:\n{text}"),
        Err(e) => e,
    }
}

/// Every file under `dir` whose name ends with `ending`, sorted.
pub fn files_ending(dir: &Path, ending: &str) -> Vec<PathBuf> {
    fn walk(dir: &Path, ending: &str, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(&path, ending, out);
            } else if path.to_string_lossy().ends_with(ending) {
                out.push(path);
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, ending, &mut out);
    out.sort();
    out
}

/// The repository's `rules/`.
pub fn rules_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../rules")
}

/// Every rule file of `rules/`, compiled as one library.
pub fn rules_library() -> tieuchi::Library {
    let sources: Vec<tieuchi::SourceFile> = files_ending(&rules_root(), ".tieuchi")
        .iter()
        .map(|p| tieuchi::SourceFile::new(p.to_string_lossy(), read(p)))
        .collect();
    tieuchi::Library::compile(&sources).unwrap_or_else(|e| panic!("{}", e.render_plain()))
}

/// Every single-record case of the case files of `rules/`: its rule set's id, the record, the
/// evaluation date.
pub fn single_cases() -> Vec<(String, serde_json::Value, Option<tieuchi::value::Date>)> {
    let mut cases = Vec::new();
    for path in files_ending(&rules_root(), ".cases.json") {
        let file = tieuchi::testing::CaseFile::parse(&read(&path)).unwrap_or_else(|e| panic!("{e:?}"));
        let Some(id) = file.ruleset() else { continue };
        for case in file.cases(&path.to_string_lossy()).unwrap_or_else(|e| panic!("{e:?}")) {
            if let tieuchi::testing::Case::Single { case, error: None } = case {
                cases.push((id.to_owned(), case.given.clone(), case.on));
            }
        }
    }
    cases
}
