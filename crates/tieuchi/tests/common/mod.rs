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
