//! Limits and bad input at scale: every limit is an error with its own code, deep nesting is a
//! diagnostic on a small stack, and checking stays near-linear (issue 11).

#![allow(clippy::indexing_slicing, clippy::panic, clippy::expect_used, clippy::unwrap_used, reason = "tests")]

use std::fmt::Write as _;

use proptest::prelude::*;
use serde_json::json;
use tieuchi::{Code, Library, Options, RuleSet, SourceFile};

fn codes(text: &str) -> Vec<Code> {
    match RuleSet::compile("x.tieuchi", text) {
        Ok(rules) => rules.warnings().iter().map(|d| d.code).collect(),
        Err(e) => e.diagnostics.iter().map(|d| d.code).collect(),
    }
}

fn ladder(tiers: usize) -> String {
    let mut text = String::from(
        "ruleset x \"X\" {\n  input diem \"Điểm\": number in 0..100000\n  input vi_pham \"Vi phạm\": bool\n  outcome kq \"KQ\" {\n",
    );
    for i in 0..tiers {
        let _ = writeln!(text, "    t{i} \"T{i}\" when diem >= {}", tiers - i);
    }
    text.push_str("    cuoi \"Cuối\" otherwise\n  }\n  force cuoi when vi_pham\n}\n");
    text
}

#[test]
fn more_tiers_than_the_limit_is_an_error_not_a_wrapped_index() {
    let text = ladder(5_000);
    let found = codes(&text);
    assert!(found.contains(&Code::LimitExceeded), "{found:?}");
    let err = RuleSet::compile("x.tieuchi", &text).unwrap_err();
    let d = err.diagnostics.iter().find(|d| d.code == Code::LimitExceeded).unwrap();
    assert!(d.message(tieuchi::Lang::En).contains("more than the limit of 1000"), "{}", d.render(tieuchi::Lang::En));
    assert_eq!(d.location().line, 4);
    // Within the limit, the last tier and the force work as written.
    let rules = RuleSet::compile("x.tieuchi", &ladder(tieuchi::limits::MAX_TIERS - 1)).unwrap();
    let low = rules.evaluate(&json!({"diem": "0", "vi_pham": false}), &Options::default()).unwrap();
    assert_eq!(low.tier(), Some("cuoi"));
    let forced = rules.evaluate(&json!({"diem": "99999", "vi_pham": true}), &Options::default()).unwrap();
    assert_eq!(forced.tier(), Some("cuoi"));
}

#[test]
fn enum_values_adjustments_and_names_have_limits() {
    let mut values = String::new();
    for i in 0..1_001 {
        let _ = write!(values, "v{i} \"V\" ");
    }
    let text = format!(
        "ruleset x \"X\" {{ enum e \"E\" {{ {values} }} input a \"A\": e outcome o \"O\" {{ t \"T\" when a = v1 u \"U\" otherwise }} }}"
    );
    assert!(codes(&text).contains(&Code::LimitExceeded));
    let forces: String = (0..1_001).map(|_| "force u when b ").collect();
    let text = format!(
        "ruleset x \"X\" {{ input b \"B\": bool outcome o \"O\" {{ t \"T\" when b u \"U\" otherwise }} {forces} }}"
    );
    assert!(codes(&text).contains(&Code::LimitExceeded));
    let long = "a".repeat(tieuchi::limits::MAX_NAME_BYTES + 1);
    let text = format!(
        "ruleset x \"X\" {{ input {long} \"B\": bool outcome o \"O\" {{ t \"T\" when {long} u \"U\" otherwise }} }}"
    );
    assert!(codes(&text).contains(&Code::LimitExceeded));
}

#[test]
fn a_percent_compared_with_a_bare_number_in_a_force_is_reported() {
    let text = "ruleset x \"X\" {\n  input ty_le \"Tỷ lệ\": percent\n  outcome o \"O\" {\n    t \"T\" when ty_le >= 90%\n    u \"U\" otherwise\n  }\n  force u when ty_le < 50\n  cap u when ty_le > 100\n  exclude when not (ty_le >= 50)\n}\n";
    let err = RuleSet::compile("x.tieuchi", text).unwrap_err();
    let found: Vec<(usize, Code)> = err.diagnostics.iter().map(|d| (d.location().line, d.code)).collect();
    assert_eq!(found, [(7, Code::ConstantCondition), (8, Code::ConstantCondition), (9, Code::ConstantCondition)]);
    assert!(
        err.diagnostics[0].help(tieuchi::Lang::En).contains("write `50%`"),
        "{}",
        err.diagnostics[0].render(tieuchi::Lang::En)
    );
    // The same condition written with `%` is fine.
    let fixed = text.replace("< 50\n", "< 50%\n").replace("> 100\n", "> 99%\n").replace(">= 50)", ">= 50%)");
    RuleSet::compile("x.tieuchi", &fixed).unwrap_or_else(|e| panic!("{}", e.render_plain()));
}

/// `levels` brackets, each holding a chain of `chain` additions around the next.
fn nested_file(levels: usize, chain: usize) -> String {
    let mut e = "x".to_owned();
    for _ in 0..levels {
        let mut c = String::from("(");
        c.push_str(&e);
        for _ in 0..chain {
            c.push_str(" + x");
        }
        c.push(')');
        e = c;
    }
    format!("ruleset a \"A\" {{\n  input x \"X\": number in 0..10\n  let y = {e}\n  outcome o \"O\" {{\n    t \"T\" when y > 1\n    u \"U\" otherwise\n  }}\n}}\n")
}

#[test]
fn deep_nesting_within_the_bracket_limit_is_a_diagnostic_not_a_stack_overflow() {
    // 23 levels of 60-operator chains, each level within the documented limits: once enough to
    // abort the CLI.
    let text = nested_file(23, 60);
    assert!(text.len() > 5_000);
    let found = std::thread::Builder::new()
        .stack_size(2 * 1024 * 1024)
        .spawn(move || RuleSet::compile("a.tieuchi", &text).map(|_| ()).unwrap_err())
        .unwrap()
        .join()
        .expect("no stack overflow");
    assert_eq!(found.diagnostics.len(), 1, "{:?}", found.diagnostics);
    assert_eq!(found.diagnostics[0].code, Code::NestingTooDeep);
    assert!(
        found.diagnostics[0].message(tieuchi::Lang::En).contains("nests more than 96"),
        "{}",
        found.diagnostics[0].render(tieuchi::Lang::En)
    );
}

#[test]
fn importing_a_rule_set_that_fails_to_compile_is_not_called_a_cycle() {
    let base = SourceFile::new("a.tieuchi", "ruleset a \"A\" { enum e \"E\" { v \"V\" } input x \"X\": e outcome o \"O\" { t \"T\" when khong_co u \"U\" otherwise } }");
    let user = SourceFile::new(
        "b.tieuchi",
        "ruleset b \"B\" { input y \"Y\": a.e outcome o \"O\" { t \"T\" when y = v u \"U\" otherwise } }",
    );
    let broken = SourceFile::new("c.tieuchi", "ruleset c \"C\" { input y \"Y\" a.e }");
    let user_of_broken =
        SourceFile::new("d.tieuchi", "ruleset d \"D\" { input y \"Y\": c.o outcome o \"O\" { u \"U\" otherwise } }");
    let err = Library::compile(&[base, user, broken, user_of_broken]).unwrap_err();
    let failed: Vec<String> =
        err.diagnostics.iter().filter(|d| d.code == Code::ImportFailed).map(|d| d.message(tieuchi::Lang::En)).collect();
    assert_eq!(
        failed,
        ["`b` imports from `a`, which does not compile", "`d` imports from `c`, which does not compile"]
    );
    assert!(
        !err.diagnostics.iter().any(|d| d.message(tieuchi::Lang::En).contains("in turn")),
        "{}",
        err.render_plain()
    );
    // A true cycle is still one, and a file that only imports from it is told its import failed.
    let a =
        SourceFile::new("a.tieuchi", "ruleset a \"A\" { input y \"Y\": b.o outcome o \"O\" { u \"U\" otherwise } }");
    let b =
        SourceFile::new("b.tieuchi", "ruleset b \"B\" { input y \"Y\": a.o outcome o \"O\" { u \"U\" otherwise } }");
    let c =
        SourceFile::new("c.tieuchi", "ruleset c \"C\" { input y \"Y\": a.o outcome o \"O\" { u \"U\" otherwise } }");
    let err = Library::compile(&[a, b, c]).unwrap_err();
    let found: Vec<(&str, Code)> = err.diagnostics.iter().map(|d| (d.source.name(), d.code)).collect();
    assert_eq!(
        found,
        [
            ("a.tieuchi", Code::ImportUnsupported),
            ("b.tieuchi", Code::ImportUnsupported),
            ("c.tieuchi", Code::ImportFailed)
        ]
    );
}

#[test]
fn thousands_of_unknown_names_and_long_let_chains_check_in_linear_time() {
    let started = std::time::Instant::now();
    let mut text = String::from("ruleset x \"X\" {\n  input a0 \"A\": number in 0..10\n");
    for i in 0..5_000 {
        let _ = writeln!(text, "  input a{} \"A\": number in 0..10", i + 1);
        let _ = writeln!(text, "  let l{i} = a{i} + missing_name_{i}");
    }
    text.push_str("  outcome o \"O\" {\n    u \"U\" otherwise\n  }\n}\n");
    let err = RuleSet::compile("x.tieuchi", &text).unwrap_err();
    assert_eq!(err.diagnostics.iter().filter(|d| d.code == Code::UnknownName).count(), 5_000);
    // A chain of lets, each reading its own input: the needs of the last are every input.
    let mut text = String::from("ruleset x \"X\" {\n  input a0 \"A\": number in 0..10\n  let l0 = a0\n");
    for i in 1..12_000 {
        let _ = writeln!(text, "  input a{i} \"A\": number in 0..10\n  let l{i} = l{} + a{i}", i - 1);
    }
    text.push_str("  outcome o \"O\" {\n    t \"T\" when l11999 > 5\n    u \"U\" otherwise\n  }\n}\n");
    let rules = RuleSet::compile("x.tieuchi", &text).unwrap_or_else(|e| panic!("{}", e.render_plain()));
    let result = rules.evaluate(&json!({"a0": "1"}), &Options::default()).unwrap();
    assert_eq!(result.missing_fields().len(), 11_999);
    // Debug builds are slow; quadratic behaviour took minutes here.
    assert!(started.elapsed() < std::time::Duration::from_secs(60), "took {:?}", started.elapsed());
}

#[test]
fn a_chain_of_importing_files_compiles_in_linear_time() {
    let mut sources = vec![SourceFile::new("f0.tieuchi", "ruleset f0 \"F\" { outcome o \"O\" { u \"U\" otherwise } }")];
    for i in 1..1_000 {
        let text = format!("ruleset f{i} \"F\" {{ input y \"Y\": optional f{}.o outcome o \"O\" {{ t \"T\" when y = none u \"U\" otherwise }} }}", i - 1);
        sources.push(SourceFile::new(format!("f{i}.tieuchi"), text));
    }
    sources.reverse();
    let started = std::time::Instant::now();
    let library = Library::compile(&sources).unwrap_or_else(|e| panic!("{}", e.render_plain()));
    assert_eq!(library.rulesets().len(), 1_000);
    assert!(started.elapsed() < std::time::Duration::from_secs(30), "took {:?}", started.elapsed());
}

/// An expression of depth at most `depth` over the number `x` and the flag `b`.
fn number_expr(depth: u32) -> impl Strategy<Value = String> {
    let leaf = prop_oneof![Just("x".to_owned()), (0u32..20).prop_map(|n| n.to_string())];
    leaf.prop_recursive(depth, 4 * depth, 3, |inner| {
        prop_oneof![
            (inner.clone(), prop_oneof![Just("+"), Just("-"), Just("*")], inner.clone())
                .prop_map(|(a, op, b)| format!("({a} {op} {b})")),
            (inner.clone(), 1usize..64).prop_map(|(a, n)| format!("({a}{})", " + x".repeat(n))),
            (inner.clone(), inner.clone(), inner.clone())
                .prop_map(|(c, t, e)| format!("(if {c} > 3 and b then {t} else {e})")),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("max({a}, {b})")),
            inner.prop_map(|a| format!("-{a}")),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// Whatever passes `check` compiles and evaluates on a 256 KiB stack; what is too deep is a
    /// diagnostic, never a crash.
    #[test]
    fn what_checks_compiles_and_evaluates_on_a_small_stack(e in number_expr(12), n in 0u32..64) {
        let text = format!(
            "ruleset a \"A\" {{\n  input x \"X\": number in 0..10\n  input b \"B\": bool\n  let y = {e}\n  score s \"S\" max 10 = clamp({e}, 0, 10)\n  outcome o \"O\" {{\n    t \"T\" when y > {n} and not (s < 1)\n    u \"U\" otherwise\n  }}\n  force u when {e} > 5 or b\n}}\n"
        );
        let checked = RuleSet::compile("a.tieuchi", &text);
        let small = std::thread::Builder::new()
            .stack_size(256 * 1024)
            .spawn(move || {
                let rules = RuleSet::compile("a.tieuchi", &text).map_err(|e| e.diagnostics)?;
                let _ = rules.evaluate(&json!({"x": "7", "b": true}), &Options::traced());
                let _ = rules.evaluate(&json!({"b": false}), &Options::traced());
                Ok::<(), Vec<tieuchi::Diagnostic>>(())
            })
            .unwrap()
            .join();
        let small = small.expect("no stack overflow");
        match (checked, small) {
            (Ok(_), Ok(())) => {}
            (Ok(_), Err(d)) => prop_assert!(false, "checks, but not on 256 KiB: {:?}", d.iter().map(|d| d.message(tieuchi::Lang::En)).collect::<Vec<_>>()),
            (Err(e), _) => prop_assert!(
                e.diagnostics.iter().all(|d| d.code == Code::NestingTooDeep),
                "{}", e.render_plain()
            ),
        }
    }
}
