//! Loading compiled rules against compiling their text: NĐ 335 alone, and every rule file of
//! `rules/` as one library; the sizes of text and bytes are printed beside.
//!
//! `cargo bench -p tieuchi --bench compiled`

#![expect(clippy::expect_used, reason = "a benchmark stops on a broken setup")]

use std::hint::black_box;
use std::path::{Path, PathBuf};

use criterion::{criterion_group, criterion_main, Criterion};
use tieuchi::{Library, RuleSet, SourceFile};

fn rules_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../rules")
}

fn rule_files(dir: &Path, out: &mut Vec<SourceFile>) {
    let mut entries: Vec<PathBuf> =
        std::fs::read_dir(dir).expect("rules/ is readable").filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            rule_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "tieuchi") {
            let text = std::fs::read_to_string(&path).expect("a rule file is readable");
            out.push(SourceFile::new(path.to_string_lossy(), text));
        }
    }
}

fn bench(c: &mut Criterion) {
    let path = rules_root().join("cong-chuc/nd335-2025.tieuchi");
    let text = std::fs::read_to_string(&path).expect("NĐ 335 is readable");
    let rules = RuleSet::compile("nd335-2025.tieuchi", &text).expect("NĐ 335 compiles");
    let bytes = rules.to_bytes();
    let mut sources = Vec::new();
    rule_files(&rules_root(), &mut sources);
    let library = Library::compile(&sources).expect("the library compiles");
    let library_bytes = library.to_bytes();
    let library_text: usize = sources.iter().map(|s| s.text().len()).sum();
    eprintln!(
        "NĐ 335: {} bytes of text, {} compiled; the library ({} files): {library_text} bytes of text, {} compiled",
        text.len(),
        bytes.len(),
        sources.len(),
        library_bytes.len()
    );

    let mut group = c.benchmark_group("nd335");
    group.bench_function("compile", |b| b.iter(|| RuleSet::compile("nd335-2025.tieuchi", black_box(&text))));
    group.bench_function("from_bytes", |b| b.iter(|| RuleSet::from_bytes(black_box(&bytes))));
    group.bench_function("to_bytes", |b| b.iter(|| black_box(&rules).to_bytes()));
    group.finish();

    let mut group = c.benchmark_group("library");
    group.sample_size(20);
    group.bench_function("compile", |b| b.iter(|| Library::compile(black_box(&sources))));
    group.bench_function("from_bytes", |b| b.iter(|| Library::from_bytes(black_box(&library_bytes))));
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
