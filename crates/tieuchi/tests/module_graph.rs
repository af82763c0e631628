//! The core's modules form a pipeline: an earlier stage never imports a later one. This walks
//! every `crate::…` path in `src/` (in `use` lines, grouped `use crate::{a, b}` included, and in
//! code) and fails on an import against the order below.
//!
//! `KNOWN_BACKWARDS` lists the exceptions (there are none); the test fails on an arrow it does not
//! list, and on a listed one that is gone, so the list only shrinks.
#![allow(clippy::indexing_slicing, clippy::panic, clippy::expect_used, clippy::unwrap_used, reason = "tests")]

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Each top-level module's place in the pipeline; a module may import its own level and earlier.
const STAGES: &[(&str, u8)] = &[
    // Foundations every stage uses.
    ("span", 0),
    ("value", 0),
    ("limits", 0),
    ("nfc", 0),
    ("i18n", 0),
    ("kinds", 0),
    ("diagnostic", 1),
    // The pipeline.
    ("syntax", 2),
    ("check", 3),
    ("plan", 4),
    ("eval", 5),
    ("outcome", 6),
    ("cohort", 7),
    ("wire", 8),
    ("reach", 9),
    ("schema", 9),
    ("ruleset", 10),
    // What a compiled rule set is, as data for front ends.
    ("info", 10),
    // A layer is merged onto a compiled national rule set, for `ruleset` to compile.
    ("layer", 10),
    ("testing", 11),
    ("ide", 11),
    ("library", 11),
    ("batch", 12),
    ("verify", 13),
    // The registry of every code and the one failure type gather every stage's codes.
    ("codes", 14),
    ("error", 14),
    // Compiled rules as bytes, and their failure.
    ("compiled", 15),
];

/// `from -> to` imports against the order that are allowed: none. The list stays so that an
/// exception, if one is ever needed, is written down with its reason.
const KNOWN_BACKWARDS: &[(&str, &str)] = &[];

/// The top-level modules a file's text names after `crate::`.
fn imported(text: &str) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    let code: String = text.lines().filter(|l| !l.trim_start().starts_with("//")).collect::<Vec<_>>().join("\n");
    let mut rest = code.as_str();
    while let Some(at) = rest.find("crate::") {
        let before = rest[..at].chars().next_back();
        rest = &rest[at + "crate::".len()..];
        // `$crate::` in a macro and `tieuchi_crate::` are not this crate's paths.
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '$') {
            continue;
        }
        if let Some(group) = rest.strip_prefix('{') {
            // `crate::{a::b, c, d::{e, f}}`: the names at the group's top level.
            let (mut depth, mut name, mut names) = (0u32, String::new(), Vec::new());
            let mut expecting = true;
            for c in group.chars() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => break,
                    '}' => depth -= 1,
                    ',' if depth == 0 => expecting = true,
                    c if depth == 0 && expecting && (c.is_alphanumeric() || c == '_') => name.push(c),
                    _ if depth == 0 && expecting && !name.is_empty() => {
                        names.push(std::mem::take(&mut name));
                        expecting = false;
                    }
                    _ => {}
                }
            }
            if !name.is_empty() {
                names.push(name);
            }
            found.extend(names);
        } else {
            let name: String = rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
            found.insert(name);
        }
    }
    found
}

fn module_of(path: &Path, src: &Path) -> String {
    let relative = path.strip_prefix(src).unwrap();
    let first = relative.components().next().unwrap().as_os_str().to_str().unwrap();
    first.trim_end_matches(".rs").to_owned()
}

fn files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Every `from -> to` import between top-level modules, with a file that makes it.
fn arrows() -> BTreeMap<(String, String), String> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut paths = Vec::new();
    files(&src, &mut paths);
    let mut arrows = BTreeMap::new();
    for path in paths {
        let from = module_of(&path, &src);
        if from == "lib" {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        for to in imported(&text) {
            // `crate::msg!` is the catalogue's macro.
            let to = if to == "msg" { "i18n".to_owned() } else { to };
            if to != from && STAGES.iter().any(|(m, _)| *m == to) {
                arrows.entry((from.clone(), to)).or_insert_with(|| path.display().to_string());
            }
        }
    }
    arrows
}

fn stage(module: &str) -> u8 {
    let Some(&(_, stage)) = STAGES.iter().find(|(m, _)| *m == module) else {
        panic!("the module `{module}` has no place in STAGES: give it one")
    };
    stage
}

#[test]
fn no_stage_imports_a_later_one() {
    let arrows = arrows();
    let backwards: BTreeSet<(String, String)> =
        arrows.keys().filter(|(from, to)| stage(to) > stage(from)).cloned().collect();
    let known: BTreeSet<(String, String)> =
        KNOWN_BACKWARDS.iter().map(|(f, t)| ((*f).to_owned(), (*t).to_owned())).collect();
    let new: Vec<String> = backwards
        .difference(&known)
        .map(|(f, t)| format!("`{f}` imports the later stage `{t}` (in {})", arrows[&(f.clone(), t.clone())]))
        .collect();
    assert!(new.is_empty(), "imports against the pipeline's order:\n{}", new.join("\n"));
    let gone: Vec<String> = known.difference(&backwards).map(|(f, t)| format!("{f} -> {t}")).collect();
    assert!(gone.is_empty(), "no longer imported, remove from KNOWN_BACKWARDS: {}", gone.join(", "));
}

#[test]
fn every_module_has_a_stage() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut paths = Vec::new();
    files(&src, &mut paths);
    for path in paths {
        let module = module_of(&path, &src);
        if module != "lib" {
            stage(&module);
        }
    }
}

#[test]
fn the_walk_reads_grouped_and_inline_paths() {
    let text = "use crate::{check::model::Model, eval::{Frame, Trace}, value};\n\
                // crate::ignored::in_a_comment\n\
                fn f() { crate::outcome::Status::Rated; $crate::not_ours; }";
    let found: Vec<String> = imported(text).into_iter().collect();
    assert_eq!(found, ["check", "eval", "outcome", "value"]);
}
