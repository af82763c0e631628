//! The formatter (`tieuchi fmt`): the canonical layout of each fixture (snapshots of
//! `fixtures/format`), and over every file of the rule library and of the fixtures: formatting
//! twice gives the same text, keeps the syntax tree, the compiled plan and every comment, and
//! does not depend on how the spaces of a line were written.

#![allow(clippy::indexing_slicing, clippy::panic, clippy::expect_used, clippy::unwrap_used, reason = "tests")]

mod common;

use std::path::{Path, PathBuf};

use proptest::prelude::*;
use tieuchi::syntax::{format, FormatError};
use tieuchi::{Library, SourceFile};

fn rule_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            rule_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "tieuchi") {
            out.push(path);
        }
    }
}

fn library_files() -> Vec<PathBuf> {
    let mut files = Vec::new();
    rule_files(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../../rules"), &mut files);
    files.sort();
    assert!(files.len() >= 10, "the rule library is where it should be");
    files
}

/// The library's files and every fixture that parses.
fn every_valid_file() -> &'static [(String, String)] {
    static FILES: std::sync::OnceLock<Vec<(String, String)>> = std::sync::OnceLock::new();
    FILES.get_or_init(read_every_valid_file)
}

fn read_every_valid_file() -> Vec<(String, String)> {
    let mut files = library_files();
    rule_files(&common::fixture(""), &mut files);
    files
        .iter()
        .map(|p| (p.display().to_string(), common::read(p)))
        .filter(|(name, text)| tieuchi::syntax::parse(&SourceFile::new(name.as_str(), text.as_str())).is_ok())
        .collect()
}

fn formatted(name: &str, text: &str) -> String {
    format(&SourceFile::new(name, text)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// A JSON value with every span (`{start, end}`) taken out: what is left is what the file means.
fn without_spans(value: serde_json::Value) -> serde_json::Value {
    use serde_json::Value as J;
    match value {
        J::Object(map) if map.len() == 2 && map.contains_key("start") && map.contains_key("end") => J::Null,
        J::Object(map) => J::Object(map.into_iter().map(|(k, v)| (k, without_spans(v))).collect()),
        J::Array(items) => J::Array(items.into_iter().map(without_spans).collect()),
        other => other,
    }
}

fn tree(name: &str, text: &str) -> serde_json::Value {
    let ast = tieuchi::syntax::parse(&SourceFile::new(name, text)).unwrap_or_else(|e| panic!("{name}: {e:?}"));
    without_spans(serde_json::to_value(ast).unwrap())
}

/// The comments of a file, in order, without trailing spaces.
fn comments(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    for line in text.lines() {
        let mut quoted = false;
        let mut escaped = false;
        for (i, c) in line.char_indices() {
            match c {
                '\\' if quoted && !escaped => {
                    escaped = true;
                    continue;
                }
                '"' if !escaped => quoted = !quoted,
                '#' if !quoted => {
                    found.push(line[i..].trim_end().to_owned());
                    break;
                }
                _ => {}
            }
            escaped = false;
        }
    }
    found
}

#[test]
fn each_format_fixture_gives_its_canonical_layout() {
    insta::glob!("fixtures/format/*.tieuchi", |path| {
        let text = common::read(path);
        let once = formatted(&common::short_name(path), &text);
        insta::assert_snapshot!(once);
    });
}

#[test]
fn formatting_twice_gives_the_same_text() {
    for (name, text) in every_valid_file() {
        let once = formatted(name, text);
        let twice = formatted(name, &once);
        assert_eq!(once, twice, "{name}: a second pass changed the layout");
    }
}

#[test]
fn formatting_keeps_the_syntax_tree_and_every_comment() {
    for (name, text) in every_valid_file() {
        let once = formatted(name, text);
        assert_eq!(tree(name, text), tree(name, &once), "{name}: the tree changed");
        assert_eq!(comments(text), comments(&once), "{name}: a comment was lost or changed");
    }
}

#[test]
fn the_rule_library_is_formatted() {
    for path in library_files() {
        let text = common::read(&path);
        let name = path.display().to_string();
        assert_eq!(formatted(&name, &text), text, "{name} is not formatted: run `tieuchi fmt rules/`");
    }
}

/// The checked and lowered library is the same before and after formatting: the plan of every
/// rule set, spans aside, and its warnings.
#[test]
fn formatting_keeps_the_compiled_plan_of_the_library() {
    let files = library_files();
    let compile = |format_first: bool| {
        let sources: Vec<SourceFile> = files
            .iter()
            .map(|p| {
                let name = p.display().to_string();
                let text = common::read(p);
                let text = if format_first { formatted(&name, &text) } else { text };
                SourceFile::new(name, text)
            })
            .collect();
        let library = Library::compile(&sources).unwrap_or_else(|e| panic!("{}", e.render_plain()));
        library
            .rulesets()
            .iter()
            .map(|r| {
                let warnings: Vec<_> = r.warnings().iter().map(|w| (w.code, w.message(tieuchi::Lang::En))).collect();
                (r.id().to_owned(), without_spans(serde_json::to_value(r.plan()).unwrap()), format!("{warnings:?}"))
            })
            .collect::<Vec<_>>()
    };
    let before = compile(false);
    let after = compile(true);
    assert_eq!(before.len(), after.len());
    for (b, a) in before.iter().zip(&after) {
        assert_eq!(b, a, "the plan of `{}` changed", b.0);
    }
}

#[test]
fn a_file_that_does_not_parse_is_refused_with_its_syntax_errors() {
    let source = SourceFile::new("hong.tieuchi", "ruleset hong \"Hỏng\" {\n  input x \"X\" number\n}\n");
    let Err(FormatError::Syntax { file, diagnostics }) = format(&source) else {
        panic!("a broken file was formatted");
    };
    assert_eq!(file, "hong.tieuchi");
    let first = &diagnostics[0];
    assert_eq!(first.code, tieuchi::Code::SyntaxError);
    assert_eq!(source.location(first.span).to_string(), "hong.tieuchi:2:15");
}

#[test]
fn line_ends_and_a_byte_order_mark_are_normalised() {
    let text = "\u{feff}ruleset a \"A\" {\r\n  input x \"X\": bool\r\n\r\n\r\n  outcome k \"K\" { d \"D\" when x\r\n  k \"K\" otherwise }\r\n}";
    let expected = "ruleset a \"A\" {\n  input x \"X\": bool\n\n  outcome k \"K\" {\n    d \"D\" when x\n    k \"K\" otherwise\n  }\n}\n";
    assert_eq!(formatted("crlf.tieuchi", text), expected);
}

/// The text with each run of spaces and tabs between tokens written another way, and spaces
/// added at some line ends: nothing a reader of the code could tell apart.
fn respaced(text: &str, choices: &[u8]) -> String {
    let mut out = String::with_capacity(text.len() * 2);
    let mut choice = choices.iter().cycle();
    let mut quoted = false;
    let mut comment = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\n' => {
                quoted = false;
                comment = false;
                if choice.next().is_some_and(|n| n % 3 == 0) {
                    out.push_str("  ");
                }
                out.push('\n');
            }
            ' ' | '\t' if !quoted && !comment => {
                while chars.peek().is_some_and(|&d| d == ' ' || d == '\t') {
                    chars.next();
                }
                let n = choice.next().copied().unwrap_or(1);
                let run = match n % 4 {
                    0 => " ",
                    1 => "  ",
                    2 => "\t",
                    _ => "   \t ",
                };
                out.push_str(run);
            }
            '"' if !comment => {
                quoted = !quoted;
                out.push(c);
            }
            '\\' if quoted => {
                out.push(c);
                if let Some(next) = chars.next() {
                    out.push(next);
                }
            }
            '#' if !quoted => {
                comment = true;
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 32, ..ProptestConfig::default() })]

    /// However the spaces of each line are written, a file formats to the same text, and the
    /// formatted text means what the file meant.
    #[test]
    fn spaces_within_lines_do_not_change_the_layout(
        file in 0usize..64,
        choices in proptest::collection::vec(any::<u8>(), 1..64),
    ) {
        let files = every_valid_file();
        let (name, text) = &files[file % files.len()];
        let canonical = formatted(name, text);
        let messy = respaced(text, &choices);
        let from_messy = formatted(name, &messy);
        prop_assert_eq!(&from_messy, &canonical);
        prop_assert_eq!(tree(name, &messy), tree(name, &from_messy));
    }
}
