//! Parsing: the syntax tree of every construct (snapshots of `fixtures/syntax/ok`), the rendered
//! errors of broken files (snapshots of `fixtures/syntax/err`), and the words errors use.

#![allow(clippy::indexing_slicing, clippy::panic, clippy::expect_used, clippy::unwrap_used, reason = "tests")]

mod common;

use tieuchi::syntax::ast::{Expr, ExprKind, Item, UnaryOp};
use tieuchi::{Code, SourceFile};

fn parse_path(path: &std::path::Path) -> Result<tieuchi::syntax::ast::RuleSetAst, Vec<tieuchi::Diagnostic>> {
    let source = SourceFile::new(common::short_name(path), common::read(path));
    tieuchi::syntax::parse(&source)
}

fn render(diagnostics: &[tieuchi::Diagnostic]) -> String {
    diagnostics.iter().map(tieuchi::Diagnostic::render_plain).collect::<Vec<_>>().join("\n")
}

/// The tree as JSON with every span written `line:column..line:column`, followed by the text it
/// covers when that is short, so that a reviewer can check each span of a snapshot by reading it.
fn readable(value: serde_json::Value, source: &SourceFile) -> serde_json::Value {
    use serde_json::Value as J;
    match value {
        J::Object(map) => {
            let as_offset = |k: &str| map.get(k).and_then(J::as_u64).and_then(|n| usize::try_from(n).ok());
            if let (2, Some(start), Some(end)) = (map.len(), as_offset("start"), as_offset("end")) {
                let span = tieuchi::span::Span::new(start, end);
                let (l1, c1) = source.line_column(span.start);
                let (l2, c2) = source.line_column(span.end);
                let text = source.slice(span);
                let shown = if text.chars().count() <= 40 && !text.contains('\n') {
                    format!(" `{text}`")
                } else {
                    String::new()
                };
                return J::String(format!("{l1}:{c1}..{l2}:{c2}{shown}"));
            }
            J::Object(map.into_iter().map(|(k, v)| (k, readable(v, source))).collect())
        }
        J::Array(items) => J::Array(items.into_iter().map(|v| readable(v, source)).collect()),
        // With `arbitrary_precision`, a JSON number would show as serde_json's private wrapper.
        J::Number(n) => J::String(n.to_string()),
        other => other,
    }
}

#[test]
fn valid_files_parse_to_their_syntax_tree() {
    insta::glob!("fixtures/syntax/ok/*.tieuchi", |path| {
        let source = SourceFile::new(common::short_name(path), common::read(path));
        let ast = tieuchi::syntax::parse(&source).unwrap_or_else(|d| panic!("{}", render(&d)));
        let tree = readable(serde_json::to_value(&ast).unwrap(), &source);
        insta::assert_yaml_snapshot!(tree);
    });
}

#[test]
fn broken_files_report_every_syntax_error() {
    insta::glob!("fixtures/syntax/err/*.tieuchi", |path| {
        let Err(diagnostics) = parse_path(path) else {
            panic!("{} parsed, but it is broken", path.display());
        };
        insta::assert_snapshot!(render(&diagnostics));
    });
}

/// Names of the grammar's rules that mean nothing to a rule author: every rule name with an
/// underscore (`or_expr`, `int_lit`, …) and the short internal ones.
fn internal_rule_names() -> Vec<String> {
    let grammar = include_str!("../src/syntax/grammar.pest");
    let mut names: Vec<String> = grammar
        .lines()
        .filter_map(|line| {
            let (name, _) = line.split_once('=')?;
            let name = name.trim();
            (!name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')).then(|| name.to_owned())
        })
        .filter(|name| name.contains('_') || name.chars().all(|c| c.is_ascii_uppercase()))
        .collect();
    names.extend(["expr", "ident", "primary", "paren", "arg", "qualified", "SOI", "EOI"].map(str::to_owned));
    names
}

fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).filter(|w| !w.is_empty())
}

#[test]
fn syntax_errors_never_name_grammar_rules() {
    let internal = internal_rule_names();
    assert!(internal.iter().any(|n| n == "or_expr") && internal.iter().any(|n| n == "label_inner"), "{internal:?}");
    let mut checked = 0;
    for entry in std::fs::read_dir(common::fixture("syntax/err")).unwrap() {
        let path = entry.unwrap().path();
        let Err(diagnostics) = parse_path(&path) else { continue };
        for d in &diagnostics {
            checked += 1;
            let en = tieuchi::Lang::En;
            for text in [d.message(en), d.help(en), d.label(en).unwrap_or_default()] {
                if let Some(w) = words(&text).find(|w| internal.iter().any(|n| n == w)) {
                    panic!("{}: the message names the grammar rule `{w}`:\n{}", path.display(), d.render_plain());
                }
            }
        }
    }
    assert!(checked >= 20, "only {checked} diagnostics checked");
}

/// The first syntax error of a rule set whose body is `body`.
fn first_error(body: &str) -> tieuchi::Diagnostic {
    let text = format!("ruleset x \"X\" {{\n{body}\n  outcome o \"O\" {{ t \"T\" otherwise }}\n}}\n");
    let source = SourceFile::new("x.tieuchi", text);
    tieuchi::syntax::parse(&source).err().and_then(|d| d.into_iter().next()).expect("a syntax error")
}

#[test]
fn syntax_errors_say_what_was_expected_in_words() {
    for (body, expected) in [
        ("  input 9a \"A\": bool", "a name"),
        ("  input a \"A\": number in 0..x", "a number"),
        ("  let x =", "an expression"),
        ("  let x = 1 +", "an expression"),
        ("  input a A: bool", "a quoted label"),
        ("  input a \"A\": ", "a type"),
        ("  valid from 2026", "a date"),
    ] {
        let d = first_error(body);
        assert_eq!(d.code, Code::SyntaxError, "{body}: {}", d.render_plain());
        let message = d.message(tieuchi::Lang::En);
        assert!(message.starts_with("expected "), "{body}: {message}");
        assert!(message.contains(expected), "{body}: expected the message to say {expected:?}: {message}");
        assert!(!d.help(tieuchi::Lang::En).is_empty(), "{body}: no help");
        assert!(d.message(tieuchi::Lang::Vi).starts_with("cần "), "{body}: {}", d.render_plain());
    }
}

#[test]
fn syntax_errors_point_at_the_line_and_column_where_the_text_breaks() {
    let d = first_error("  input a \"A\": number in 0..100\n  input b \"B\" bool");
    assert_eq!(d.source.line_column(d.span.start), (3, 15), "{}", d.render_plain());
    assert_eq!(d.source.slice(d.span), "bool");
    let message = d.message(tieuchi::Lang::En);
    assert!(message.ends_with("found `bool`"), "{message}");
    assert!(message.contains("`:`"), "{message}");
}

#[test]
fn syntax_errors_list_only_what_can_follow() {
    let d = first_error("  input a \"A\": number in 0..100\n  input b \"B\" bool");
    assert_eq!(d.message(tieuchi::Lang::En), "expected `:`, found `bool`");
    assert_eq!(d.message(tieuchi::Lang::Vi), "cần `:`, nhưng gặp `bool`");
}

#[test]
fn syntax_errors_name_each_expected_thing_once() {
    for entry in std::fs::read_dir(common::fixture("syntax/err")).unwrap() {
        let path = entry.unwrap().path();
        let Err(diagnostics) = parse_path(&path) else { continue };
        for d in &diagnostics {
            let message = d.message(tieuchi::Lang::En);
            let tokens: Vec<&str> = message.split('`').skip(1).step_by(2).collect();
            for (i, t) in tokens.iter().enumerate() {
                assert!(!tokens[i + 1..].contains(t), "{}: `{t}` is listed twice:\n{message}", path.display());
            }
        }
    }
}

#[test]
fn a_keyword_used_as_a_name_is_reported_at_the_keyword() {
    let d = first_error("  input when \"Khi\": bool");
    assert_eq!(d.source.line_column(d.span.start), (2, 9), "{}", d.render_plain());
    assert!(d.message(tieuchi::Lang::Vi).contains("`when`"), "{}", d.render_plain());
}

#[test]
fn each_broken_declaration_is_reported_once() {
    let errors = parse_path(&common::fixture("syntax/err/three_broken_declarations.tieuchi")).unwrap_err();
    let lines: Vec<usize> = errors.iter().map(|d| d.location().line).collect();
    assert_eq!(lines, [5, 6, 11], "{}", render(&errors));
}

#[test]
fn independent_errors_in_different_declarations_are_all_reported() {
    let errors = parse_path(&common::fixture("syntax/err/two_broken_declarations.tieuchi")).unwrap_err();
    let at: Vec<(usize, usize)> = errors.iter().map(|d| d.source.line_column(d.span.start)).collect();
    assert_eq!(at, [(4, 3), (4, 15)], "{}", render(&errors));
    let errors = parse_path(&common::fixture("syntax/err/missing_label.tieuchi")).unwrap_err();
    assert_eq!(errors.len(), 2, "{}", render(&errors));
    let errors = parse_path(&common::fixture("syntax/err/bad_dates_in_expressions_and_tests.tieuchi")).unwrap_err();
    assert_eq!(errors.len(), 3, "{}", render(&errors));
    assert!(errors.iter().all(|d| d.code == Code::BadDate));
}

#[test]
fn spans_end_at_the_last_token() {
    let text = "ruleset x \"X\" {\n  input a \"A\": bool\n  let v = f(a)   # ghi chú\n  outcome o \"O\" { t \"T\" when a = b  # ghi chú\n  u \"U\" otherwise }\n}\n";
    let source = SourceFile::new("x.tieuchi", text);
    let ast = tieuchi::syntax::parse(&source).unwrap_or_else(|d| panic!("{}", render(&d)));
    let Item::Input(input) = &ast.items[0] else { panic!() };
    assert_eq!(source.slice(input.span), "input a \"A\": bool");
    let Item::Let(l) = &ast.items[1] else { panic!() };
    assert_eq!(source.slice(l.value.span), "f(a)");
    let Item::Outcome(o) = &ast.items[2] else { panic!() };
    let when = o.tiers[0].when.as_ref().unwrap();
    assert_eq!(source.slice(when.span), "a = b");
}

#[test]
fn a_rule_file_above_the_size_limit_is_refused_before_parsing() {
    let padding = "#".repeat(tieuchi::syntax::MAX_SOURCE_BYTES);
    let text = format!("{padding}\nruleset x \"X\" {{ outcome o \"O\" {{ t \"T\" otherwise }} }}");
    let errors = tieuchi::syntax::parse(&SourceFile::new("big.tieuchi", text)).unwrap_err();
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].code, Code::SourceTooLarge);
    assert!(errors[0].help.is_some());
}

#[test]
fn a_long_else_if_chain_is_too_deep_not_a_syntax_error() {
    for n in [40, 300, 5000] {
        let chain = "if a then 1 else ".repeat(n);
        let d = first_error(&format!("  let v = {chain}2"));
        assert_eq!(d.code, Code::NestingTooDeep, "{n}: {}", d.render_plain());
    }
}

// --- Precedence, shown compactly -----------------------------------------------------------------

/// An expression as an s-expression: `(+ a (* b c))`.
fn sexp(e: &Expr) -> String {
    match &e.kind {
        ExprKind::Number { value } | ExprKind::Percent { value } => value.normalize().to_string(),
        ExprKind::Date { value } => value.to_string(),
        ExprKind::Text { value } => format!("{value:?}"),
        ExprKind::Bool { value } => value.to_string(),
        ExprKind::None => "none".to_owned(),
        ExprKind::Path { segments } => segments.iter().map(|s| s.name.as_str()).collect::<Vec<_>>().join("."),
        ExprKind::Unary { op: UnaryOp::Neg, operand } => format!("(neg {})", sexp(operand)),
        ExprKind::Unary { op: UnaryOp::Not, operand } => format!("(not {})", sexp(operand)),
        ExprKind::Binary { op, left, right } => format!("({} {} {})", op.symbol(), sexp(left), sexp(right)),
        ExprKind::If { cond, then, otherwise } => {
            format!("(if {} {} {})", sexp(cond), sexp(then), sexp(otherwise))
        }
        ExprKind::Call { func, args, window } => {
            let mut parts = vec![func.name.clone()];
            for a in args {
                parts.push(match &a.maps_to {
                    Some(m) => format!("({} -> {})", sexp(&a.value), sexp(m)),
                    None => sexp(&a.value),
                });
            }
            if let Some(w) = window {
                parts.push(format!("(last {} years)", w.years));
            }
            format!("({})", parts.join(" "))
        }
    }
}

/// Parses `let v = <expr>` and shows the expression as an s-expression.
fn shape(expr: &str) -> String {
    let text = format!("ruleset x \"X\" {{\n  let v = {expr}\n  outcome o \"O\" {{ t \"T\" otherwise }}\n}}\n");
    let ast = tieuchi::syntax::parse(&SourceFile::new("x.tieuchi", text))
        .unwrap_or_else(|d| panic!("`{expr}` does not parse:\n{}", render(&d)));
    match &ast.items[0] {
        Item::Let(l) => sexp(&l.value),
        other => panic!("{other:?}"),
    }
}

#[test]
fn arithmetic_and_comparison_bind_by_precedence() {
    for (expr, expected) in [
        ("a + b * c", "(+ a (* b c))"),
        ("a * b + c", "(+ (* a b) c)"),
        ("a - b - c", "(- (- a b) c)"),
        ("a / b * c", "(* (/ a b) c)"),
        ("(a + b) * c", "(* (+ a b) c)"),
        ("a + b * c >= d - e / f", "(>= (+ a (* b c)) (- d (/ e f)))"),
        ("-a * -b - -c", "(- (* (neg a) (neg b)) (neg c))"),
        ("- -a", "(neg (neg a))"),
        ("-5 + x", "(+ (neg 5) x)"),
        ("70% + 0.5", "(+ 0.7 0.5)"),
        ("1 + (if a then 2 else 3)", "(+ 1 (if a 2 3))"),
        ("if a then 1 else if b then 2 else 3", "(if a 1 (if b 2 3))"),
        ("if a then 1 else 2 + 3", "(if a 1 (+ 2 3))"),
        ("ngay >= 2026-01-01", "(>= ngay 2026-01-01)"),
        ("ky_luat >= ky_luat.canh_cao", "(>= ky_luat ky_luat.canh_cao)"),
        ("scale(x, 80% -> 0, 100% -> 10)", "(scale x (0.8 -> 0) (1 -> 10))"),
        ("count(h, d) in last 5 years >= 2", "(>= (count h d (last 5 years)) 2)"),
        ("not (a) >= 5", "(not (>= a 5))"),
    ] {
        assert_eq!(shape(expr), expected, "{expr}");
    }
}

#[test]
fn logical_operators_bind_by_precedence() {
    for (expr, expected) in [
        ("a or b and c", "(or a (and b c))"),
        ("a and b or c", "(or (and a b) c)"),
        ("a and b and c", "(and (and a b) c)"),
        ("a or b and not c", "(or a (and b (not c)))"),
        ("not a or b", "(or (not a) b)"),
        ("not x >= 5", "(not (>= x 5))"),
        ("not not a", "(not (not a))"),
        ("x >= 1 and y < 2", "(and (>= x 1) (< y 2))"),
        ("a = 1 or a != 2", "(or (= a 1) (!= a 2))"),
        ("all(l, x) and share(l, y) >= 70%", "(and (all l x) (>= (share l y) 0.7))"),
        ("a and\n    b", "(and a b)"),
    ] {
        assert_eq!(shape(expr), expected, "{expr}");
    }
}

/// `and`, `or` and `not` are whole words, with or without a space after them. (They once were
/// not: `a and b` was refused, and `a and (b)` failed inside the tree builder.)
#[test]
fn keyword_operators_are_whole_words_with_or_without_a_space() {
    for (expr, expected) in [
        ("a and (b)", "(and a b)"),
        ("a and(b)", "(and a b)"),
        ("a or (b)", "(or a b)"),
        ("a and -b", "(and a (neg b))"),
        ("(a) and (b) or (c)", "(or (and a b) c)"),
        ("not(a)", "(not a)"),
        ("not (a)", "(not a)"),
        ("a and # ghi chú\n b", "(and a b)"),
    ] {
        assert_eq!(shape(expr), expected, "{expr}");
    }
}

#[test]
fn keyword_operators_need_a_word_boundary() {
    // `andx` is a name, not `and x`; `notice` is a name, not `not ice`.
    assert_eq!(shape("notice"), "notice");
    assert_eq!(shape("android + 1"), "(+ android 1)");
    assert_eq!(shape("order_total"), "order_total");
    assert_eq!(shape("a + nothing"), "(+ a nothing)");
    assert_eq!(shape("a + oranges"), "(+ a oranges)");
}

#[test]
fn a_non_ascii_character_anywhere_gives_diagnostics_not_a_panic() {
    // Word boundaries are found on bytes in places; a multi-byte character next to a word must be
    // stepped over whole (once a BOM before `percent` panicked).
    let text = "ruleset x \"X\" {\n  input a \"A\": percent in 0%..100%\n  let b \"B\" = a >= 50% and not c\n  \
                input c \"C\": bool default false\n  outcome o \"O\" {\n    t \"T\" when b\n    u \"U\" otherwise\n  }\n}\n";
    for extra in ['é', '\u{feff}', '“', 'Đ'] {
        for (at, _) in text.char_indices() {
            let mut mutated = text.to_owned();
            mutated.insert(at, extra);
            let source = SourceFile::new("x.tieuchi", mutated);
            if let Err(diagnostics) = tieuchi::syntax::parse(&source) {
                assert!(!diagnostics.is_empty());
                for d in &diagnostics {
                    let _ = d.render_plain();
                }
            }
        }
    }
}

/// Issue 11, defect 6: a rule literal that a decimal cannot hold exactly is refused, not rounded.
#[test]
fn a_literal_with_more_digits_than_a_decimal_holds_is_refused() {
    for literal in ["0.12345678901234567890123456784", "0.1234567890123456789012345678%"] {
        let text = format!(
            "ruleset x \"X\" {{\n  input a \"A\": number\n  outcome o \"O\" {{\n    t \"T\" when a >= {literal}\n    u \"U\" otherwise\n  }}\n}}"
        );
        let error = tieuchi::RuleSet::compile("x.tieuchi", &text).expect_err(literal);
        assert!(
            error.diagnostics.iter().any(|d| d.code.as_str() == "syntax::bad-number"),
            "{literal}: {}",
            error.render_plain()
        );
    }
    // What fits is kept exactly.
    let text = "ruleset x \"X\" {\n  input a \"A\": number\n  outcome o \"O\" {\n    t \"T\" when a >= 0.1234567890123456789012345678\n    u \"U\" otherwise\n  }\n}";
    assert!(tieuchi::RuleSet::compile("x.tieuchi", text).is_ok());
}
