//! Static checks: every diagnostic code the checker gives, rendered (snapshots of
//! `fixtures/check/err`, one file per code, named after it), and what every diagnostic carries.

#![allow(clippy::indexing_slicing, clippy::panic, clippy::expect_used, clippy::unwrap_used, reason = "tests")]

mod common;

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use tieuchi::{Code, Diagnostic, RuleSet, Severity};

/// Every diagnostic of a rule file: the errors when it does not compile, the warnings when it does.
fn diagnostics(path: &Path) -> Vec<Diagnostic> {
    match RuleSet::compile(&common::short_name(path), &common::read(path)) {
        Err(e) => e.diagnostics,
        Ok(rules) => rules.warnings().to_vec(),
    }
}

fn render(diagnostics: &[Diagnostic]) -> String {
    diagnostics.iter().map(Diagnostic::render_plain).collect::<Vec<_>>().join("\n")
}

fn fixtures(folder: &str) -> Vec<PathBuf> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(common::fixture(folder))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "tieuchi"))
        .collect();
    paths.sort();
    paths
}

#[test]
fn each_check_fixture_gives_the_diagnostics_of_its_code() {
    insta::glob!("fixtures/check/err/*.tieuchi", |path| {
        let found = diagnostics(path);
        let stem = path.file_stem().and_then(|s| s.to_str()).unwrap();
        let code = format!("check::{stem}");
        assert!(
            found.iter().any(|d| d.code.as_str() == code),
            "{} should give `{code}`, and gives:\n{}",
            path.display(),
            render(&found)
        );
        insta::assert_snapshot!(render(&found));
    });
}

#[test]
fn every_code_is_produced_by_some_fixture() {
    let mut produced: BTreeSet<&'static str> = BTreeSet::new();
    for folder in ["check/err", "syntax/err"] {
        for path in fixtures(folder) {
            let source = tieuchi::SourceFile::new(common::short_name(&path), common::read(&path));
            let found = match tieuchi::syntax::parse(&source) {
                Err(d) => d,
                Ok(_) => diagnostics(&path),
            };
            produced.extend(found.iter().map(|d| d.code.as_str()));
        }
    }
    // `syntax::too-large` needs a 1 MiB file: `syntax.rs` builds one. Overlapping versions need
    // two files: `library.rs` checks them.
    // A limit needs more than a thousand tiers: `limits.rs` builds them. A failed import needs
    // two files: `library.rs` checks it.
    let elsewhere = [
        Code::SourceTooLarge.as_str(),
        Code::OverlappingVersions.as_str(),
        Code::LimitExceeded.as_str(),
        Code::ImportFailed.as_str(),
        // A layer needs the rule set it extends beside it: `layers.rs` checks each of these.
        Code::LayerBase.as_str(),
        Code::LayerRedefines.as_str(),
        Code::LayerLoosens.as_str(),
    ];
    let missing: Vec<&str> =
        Code::ALL.iter().map(|c| c.as_str()).filter(|c| !produced.contains(c) && !elsewhere.contains(c)).collect();
    assert!(missing.is_empty(), "no fixture gives {missing:?}");
}

#[test]
fn every_diagnostic_has_help_and_a_span_inside_its_file() {
    let mut count = 0;
    for folder in ["check/err", "syntax/err"] {
        for path in fixtures(folder) {
            let text = common::read(&path);
            let source = tieuchi::SourceFile::new(common::short_name(&path), text.clone());
            let found = match tieuchi::syntax::parse(&source) {
                Err(d) => d,
                Ok(_) => diagnostics(&path),
            };
            assert!(!found.is_empty(), "{}: no diagnostic", path.display());
            for d in &found {
                count += 1;
                let (start, end) = (d.span.start as usize, d.span.end as usize);
                assert!(
                    !d.help(tieuchi::Lang::Vi).trim().is_empty(),
                    "{}: no help:\n{}",
                    path.display(),
                    d.render_plain()
                );
                assert!(!d.message(tieuchi::Lang::Vi).trim().is_empty(), "{}: no message", path.display());
                assert!(start <= end && end <= text.len(), "{}: span {start}..{end} outside the file", path.display());
                assert!(
                    text.is_char_boundary(start) && text.is_char_boundary(end),
                    "{}: span {start}..{end} splits a character",
                    path.display()
                );
                let location = d.location();
                assert_eq!(location.file, common::short_name(&path));
                assert!(location.line >= 1 && location.line <= text.lines().count() + 1, "{location}");
                let record = tieuchi::ErrorRecord::diagnostic(d, tieuchi::Lang::Vi);
                assert_eq!(record.code, d.code.as_str());
                assert_eq!(record.location(), Some(location.to_string()));
                assert_eq!(record.rendered, d.render_plain());
                let source_line = record.source_line.unwrap_or_default();
                assert!(!source_line.is_empty() || text.lines().nth(location.line - 1).is_none_or(str::is_empty));
            }
        }
    }
    assert!(count > 60, "only {count} diagnostics");
}

#[test]
fn warnings_alone_do_not_stop_compilation() {
    for name in ["unused-input", "overlapping-tiers", "tier-gap"] {
        let path = common::fixture(&format!("check/err/{name}.tieuchi"));
        let rules = common::compile_fixture(&path);
        assert!(!rules.warnings().is_empty(), "{name}");
        assert!(rules.warnings().iter().all(|d| d.severity == Severity::Warning), "{name}");
    }
}

#[test]
fn errors_come_with_the_warnings_found_beside_them() {
    let text = "ruleset x \"X\" {\n  input a \"A\": bool\n  input b \"B\": bool\n  outcome o \"O\" {\n    t \"T\" when a >= 1\n    u \"U\" otherwise\n  }\n}\n";
    let errors = common::compile_errors(text);
    let codes: Vec<&str> = errors.diagnostics.iter().map(|d| d.code.as_str()).collect();
    assert!(codes.contains(&"check::unused-input"), "{codes:?}");
    assert!(errors.diagnostics.iter().any(Diagnostic::is_error));
    assert_eq!(errors.to_string(), "1 lỗi trong `test.tieuchi`");
    assert_eq!(errors.summary(tieuchi::Lang::En), "1 error in `test.tieuchi`");
}

#[test]
fn unknown_names_suggest_the_closest_declared_name() {
    let text = "ruleset x \"X\" {\n  input diem_chung \"A\": number in 0..10\n  outcome o \"O\" {\n    t \"T\" when diem_chug >= 1\n    u \"U\" otherwise\n  }\n}\n";
    let errors = common::compile_errors(text);
    let d = errors.diagnostics.iter().find(|d| d.code == Code::UnknownName).expect("an unknown name");
    assert_eq!(d.help(tieuchi::Lang::En), "did you mean `diem_chung`?");
    assert_eq!(d.help(tieuchi::Lang::Vi), "có phải ý là `diem_chung`?");
    assert_eq!((d.location().line, d.location().column), (4, 16));
    assert_eq!(d.source.slice(d.span), "diem_chug");
}

#[test]
fn the_checker_accepts_every_rule_file_of_the_repository() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../rules");
    let mut stack = vec![root];
    let mut count = 0;
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|x| x == "tieuchi") {
                // A layer (`extends`) is checked with the folder it lives in.
                let text = common::read(&path);
                if text.lines().any(|l| l.starts_with("ruleset ") && l.contains(" extends ")) {
                    folder_library(&dir);
                } else {
                    common::compile_fixture(&path);
                }
                count += 1;
            }
        }
    }
    assert!(count > 0);
}

fn folder_library(dir: &Path) -> tieuchi::Library {
    let mut sources = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|x| x == "tieuchi") {
            sources.push(tieuchi::SourceFile::new(common::short_name(&path), common::read(&path)));
        }
    }
    tieuchi::Library::compile(&sources).unwrap_or_else(|e| panic!("{}", e.render_plain()))
}

/// The rule set `x` with one number input `diem` and `body` around a two-tier outcome.
fn with_body(body: &str, guard: &str) -> String {
    format!(
        "ruleset x \"X\" {{\n  input diem \"Điểm\": number in 0..100\n{body}\n  outcome o \"O\" {{\n    t \"T\" when {guard}\n    u \"U\" otherwise\n  }}\n}}\n"
    )
}

#[test]
fn a_cycle_among_lets_is_an_error() {
    for body in ["  let a = b + diem\n  let b = a + 1", "  let a = a + diem"] {
        let errors = match RuleSet::compile("x.tieuchi", &with_body(body, "a >= 50")) {
            Ok(rules) => {
                let result = rules.evaluate(&serde_json::json!({"diem": 1}), &tieuchi::Options::default()).unwrap();
                panic!("compiled; `diem: 1` is rated {:?}", result.tier());
            }
            Err(e) => e,
        };
        let cycle = errors.diagnostics.iter().find(|d| d.code == Code::Cycle);
        let cycle = cycle.unwrap_or_else(|| panic!("no cycle reported:\n{}", errors.render_plain()));
        assert!(cycle.message(tieuchi::Lang::En).contains("`a`"), "{}", cycle.render(tieuchi::Lang::En));
    }
}

#[test]
fn a_cycle_through_a_score_is_an_error() {
    let errors = common::compile_errors(&with_body("  let a = s + 1\n  score s \"S\" max 10 = a", "a >= 5"));
    let cycle = errors.diagnostics.iter().find(|d| d.code == Code::Cycle).expect("a cycle");
    assert!(
        cycle.message(tieuchi::Lang::En).contains("`a` → `s` → `a`")
            || cycle.message(tieuchi::Lang::En).contains("`s` → `a` → `s`"),
        "{}",
        cycle.render(tieuchi::Lang::En)
    );
}

#[test]
fn optional_types_are_named_in_plain_words() {
    let text = with_body("  input cong \"Cộng\": optional number in 0..5\n  let d = diem + cong", "d >= 1");
    let errors = common::compile_errors(&text);
    let d = errors.diagnostics.iter().find(|d| d.code == Code::TypeMismatch).expect("a type mismatch");
    assert_eq!(d.message(tieuchi::Lang::En), "expected a number, found a number (optional)");
}

#[test]
fn a_rule_with_an_unknown_tier_still_has_its_condition_checked() {
    let text = with_body("  input vi_pham \"Vi phạm\": bool\n  force khong_co when vi_pham and tng > 1", "diem >= 50");
    let errors = common::compile_errors(&text);
    let codes: Vec<&str> = errors.diagnostics.iter().map(|d| d.code.as_str()).collect();
    assert!(codes.contains(&"check::unknown-tier"), "{codes:?}");
    assert!(codes.contains(&"check::unknown-name"), "`tng` is not reported: {codes:?}");
    assert!(!codes.contains(&"check::unused-input"), "`vi_pham` is read by the force: {codes:?}");
}

#[test]
fn a_test_expecting_an_unknown_tier_is_a_bad_test() {
    let text = with_body("  test \"t\" {\n    given { diem: 60 }\n    expect o = khong_co\n  }", "diem >= 50");
    let errors = common::compile_errors(&text);
    assert!(errors.diagnostics.iter().any(|d| d.code == Code::BadTest), "{}", errors.render_plain());
}

#[test]
fn a_tier_above_its_scores_max_is_unreachable() {
    let text = with_body("  score s \"S\" max 10 = diem / 10", "s >= 50");
    let errors = common::compile_errors(&text);
    assert!(errors.diagnostics.iter().any(|d| d.code == Code::UnreachableTier), "{}", errors.render_plain());
}

/// Runs `payload` in a child process (this test binary, filtered to `test`), so that a crash
/// such as a stack overflow fails one test instead of aborting the whole binary.
fn in_child_process(test: &str, payload: impl FnOnce()) {
    if std::env::var_os("TIEUCHI_TEST_CHILD").is_some() {
        payload();
        return;
    }
    let output = std::process::Command::new(std::env::current_exe().unwrap())
        .args(["--exact", test, "--include-ignored", "--nocapture", "--test-threads", "1"])
        .env("TIEUCHI_TEST_CHILD", "1")
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "the child process failed ({}):\n{}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn a_long_chain_of_lets_declared_in_reverse_compiles() {
    in_child_process("a_long_chain_of_lets_declared_in_reverse_compiles", || {
        let n = 2000;
        let mut body = String::new();
        for i in (1..n).rev() {
            let _ = writeln!(body, "  let a{i} = a{} + 1", i - 1);
        }
        body.push_str("  let a0 = diem");
        let text = with_body(&body, &format!("a{} >= 1", n - 1));
        let rules = RuleSet::compile("x.tieuchi", &text).unwrap_or_else(|e| panic!("{}", e.render_plain()));
        let result = rules.evaluate(&serde_json::json!({"diem": 1}), &tieuchi::Options::default()).unwrap();
        assert_eq!(result.tier(), Some("t"));
    });
}

#[test]
fn a_long_chain_of_lets_declared_in_order_compiles() {
    let n = 2000;
    let mut body = String::new();
    for i in 1..n {
        let _ = writeln!(body, "  let a{i} = a{} + 1", i - 1);
    }
    let text = with_body(&format!("  let a0 = diem\n{body}"), &format!("a{} >= 1", n - 1));
    let rules = common::compile(&text);
    let result = rules.evaluate(&serde_json::json!({"diem": 1}), &tieuchi::Options::default()).unwrap();
    assert_eq!(result.to_wire().values.get(&format!("a{}", n - 1)), Some(&serde_json::json!("2000")));
}

#[test]
fn bands_that_meet_or_overlap_leave_no_gap_and_a_gap_names_its_range() {
    let ladder = |htt: &str| {
        format!(
            "ruleset x \"X\" {{\n  input tong \"T\": number in 0..100\n  outcome o \"O\" {{\n    a \"A\" when tong >= 90\n    b \"B\" when {htt}\n    c \"C\" otherwise\n  }}\n}}\n"
        )
    };
    let gaps = |htt: &str| -> Vec<String> {
        let rules = RuleSet::compile("gap.tieuchi", &ladder(htt)).unwrap();
        rules.warnings().iter().filter(|d| d.code == Code::TierGap).map(|d| d.message(tieuchi::Lang::En)).collect()
    };
    assert!(gaps("tong >= 70 and tong < 90").is_empty());
    assert!(gaps("tong >= 70 and tong <= 90").is_empty());
    assert!(gaps("tong >= 70").is_empty());
    assert_eq!(gaps("tong >= 70 and tong <= 85"), ["a record with `tong > 85 and tong < 90` is in neither the band of `b` nor that of `a` above it, and falls to a tier below"]);
    // Both ends open at the same number: that one value is in neither band.
    let ladder_open = "ruleset x \"X\" {\n  input tong \"T\": number in 0..100\n  outcome o \"O\" {\n    a \"A\" when tong > 90\n    b \"B\" when tong >= 70 and tong < 90\n    c \"C\" otherwise\n  }\n}\n";
    let rules = RuleSet::compile("gap.tieuchi", ladder_open).unwrap();
    let messages: Vec<String> =
        rules.warnings().iter().filter(|d| d.code == Code::TierGap).map(|d| d.message(tieuchi::Lang::En)).collect();
    assert_eq!(
        messages,
        ["a record with `tong = 90` is in neither the band of `b` nor that of `a` above it, and falls to a tier below"]
    );
}
