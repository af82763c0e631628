//! Time to check generated rule sets of 1k, 10k and 100k items: lets in a chain, tiers, and
//! unknown names. Each should grow about linearly with the item count.
//!
//! `cargo bench -p tieuchi --bench check`

#![expect(clippy::expect_used, clippy::indexing_slicing, reason = "a benchmark stops on a broken setup")]

use std::fmt::Write as _;
use std::hint::black_box;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use tieuchi::syntax::ast::{ExprKind, Item, RuleSetAst};

const SIZES: [usize; 3] = [1_000, 10_000, 100_000];

fn outcome(tiers: usize) -> String {
    let mut text = String::from("  outcome o \"O\" {\n");
    for i in 0..tiers {
        let _ = writeln!(text, "    t{i} \"\" when a > {}", tiers - i);
    }
    text.push_str("    u \"\" otherwise\n  }\n}\n");
    text
}

/// A chain of lets, each reading the one before.
fn lets(n: usize) -> String {
    let mut text = String::from("ruleset x \"X\" {\n  input a \"\": number\n  let l0 = a\n");
    for i in 1..n {
        let _ = writeln!(text, "  let l{i} = l{} + a", i - 1);
    }
    text + &outcome(1)
}

/// A ladder of tiers.
fn tiers(n: usize) -> String {
    String::from("ruleset x \"X\" {\n  input a \"\": number\n") + &outcome(n)
}

/// Lets that each name something undeclared.
fn unknown(n: usize) -> String {
    let mut text = String::from("ruleset x \"X\" {\n  input a \"\": number\n  let l0 = a\n");
    for i in 1..n {
        let _ = writeln!(text, "  let l{i} = l{} + m{i}", i - 1);
    }
    text + &outcome(1)
}

/// The tree of `text` with its items repeated to `n`, names renumbered: 100k items do not fit
/// the 1 MiB source limit, so large sets are built from a small file's tree (spans point into it).
fn grown(text: &str, n: usize) -> (tieuchi::SourceFile, RuleSetAst) {
    let source = tieuchi::SourceFile::new("bench.tieuchi", text);
    let mut ast = tieuchi::syntax::parse(&source).expect("the generated rule set parses");
    let renumber = |name: &mut String, i: usize| {
        let stem: String = name.chars().take_while(char::is_ascii_alphabetic).collect();
        *name = format!("{stem}{i}");
    };
    let mut items = Vec::with_capacity(n + 4);
    for item in ast.items.drain(..) {
        match item {
            Item::Let(template) if template.id.name == "l1" => {
                for i in 1..n {
                    let mut l = template.clone();
                    renumber(&mut l.id.name, i);
                    if let ExprKind::Binary { left, .. } = &mut l.value.kind {
                        if let ExprKind::Path { segments } = &mut left.kind {
                            renumber(&mut segments[0].name, i - 1);
                        }
                    }
                    if let ExprKind::Binary { right, .. } = &mut l.value.kind {
                        if let ExprKind::Path { segments } = &mut right.kind {
                            if segments[0].name.starts_with('m') {
                                renumber(&mut segments[0].name, i);
                            }
                        }
                    }
                    items.push(Item::Let(l));
                }
            }
            Item::Outcome(mut o) if o.tiers.len() > 2 => {
                let template = o.tiers[0].clone();
                let last = o.tiers.pop().expect("an otherwise tier");
                // With the `otherwise` tier, 1k stays within the tier limit; 10k and 100k time
                // the limit's error.
                o.tiers = (0..n - 1)
                    .map(|i| {
                        let mut t = template.clone();
                        renumber(&mut t.id.name, i);
                        t
                    })
                    .collect();
                o.tiers.push(last);
                items.push(Item::Outcome(o));
            }
            other => items.push(other),
        }
    }
    ast.items = items;
    (source, ast)
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("check");
    group.sample_size(10);
    for (name, text) in [("lets", lets(3)), ("tiers", tiers(3)), ("unknown_names", unknown(3))] {
        for n in SIZES {
            let (source, ast) = grown(&text, n);
            group.throughput(Throughput::Elements(n as u64));
            group.bench_with_input(BenchmarkId::new(name, n), &(source, ast), |b, (source, ast)| {
                b.iter(|| black_box(tieuchi::check::check(source, ast).is_ok()));
            });
        }
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
