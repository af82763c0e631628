//! A profiling harness for the column-by-column kernel: `RuleSet::rate_all` over 1,024 decoded
//! NĐ 335 records (the records of `benches/evaluate.rs`), `REPS` times (default 200), for
//! instruction counts under callgrind, which, unlike times, do not wander with the machine's load.
//!
//! `cargo build --release --example profile_rate && valgrind --tool=callgrind target/release/examples/profile_rate rules/cong-chuc/nd335-2025.tieuchi`
#![expect(clippy::unwrap_used, clippy::expect_used, reason = "a profiling harness stops on a broken setup")]
#[path = "../benches/common/mod.rs"]
mod common;

fn main() {
    let path = std::env::args().nth(1).expect("a rule file");
    let text = std::fs::read_to_string(&path).unwrap();
    let rules = tieuchi::RuleSet::compile(&path, &text).unwrap();
    let decoded: Vec<_> = common::nd335_records(&rules).iter().map(|record| rules.decode(record).unwrap()).collect();
    let reps: usize = std::env::var("REPS").ok().and_then(|n| n.parse().ok()).unwrap_or(200);
    let options = tieuchi::Options::default();
    // `HELD=1`: the records held column by column (`rate_columns`).
    let columns = std::env::var_os("HELD").map(|_| tieuchi::EvidenceColumns::new(&decoded));
    let rated: usize = (0..reps)
        .map(|_| match &columns {
            Some(columns) => rules.rate_columns(std::hint::black_box(columns), &options).tier.len(),
            None => rules.rate_all(std::hint::black_box(&decoded), &options).tier.len(),
        })
        .sum();
    println!("{rated} records rated");
}
