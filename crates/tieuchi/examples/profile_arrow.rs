//! A profiling harness for the Arrow path of a batch: `N` generated NĐ 335 records in one record
//! batch, through `Batch::execute` to fitted Arrow output (what Python's `evaluate_many` does),
//! on `THREADS` threads (default 1, for instruction counts under callgrind).
//!
//! `cargo run --release --features arrow --example profile_arrow -- rules/cong-chuc/nd335-2025.tieuchi`
#![expect(clippy::unwrap_used, clippy::expect_used, reason = "a profiling harness")]
use std::sync::Arc;

use arrow_array::{ArrayRef, BooleanArray, Decimal128Array, RecordBatch, StringArray};
use tieuchi::batch::{Batch, Input, Output};

// As in the Python binding, whose `evaluate_many` this follows.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let path = std::env::args().nth(1).expect("a rule file");
    let text = std::fs::read_to_string(&path).unwrap();
    let rules = tieuchi::RuleSet::compile(&path, &text).unwrap();
    let n: usize = std::env::var("N").ok().and_then(|n| n.parse().ok()).unwrap_or(100_000);
    let threads: usize = std::env::var("THREADS").ok().and_then(|n| n.parse().ok()).unwrap_or(1);
    let mut seed = 0x2545_f491_4f6c_dd1d_u64;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let (mut chung, mut nhiem_vu, mut suy_thoai, mut co_quan, mut nhom, mut id) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for i in 0..n {
        chung.push(i128::from(next() % 61) * 50);
        nhiem_vu.push(i128::from(next() % 141) * 50);
        suy_thoai.push(next() % 50 == 0);
        co_quan.push(format!("CQ-{}", i % 2000));
        nhom.push(format!("N{}", (i / 2000) % 5));
        id.push(format!("CC-{i}"));
    }
    let column =
        |v: Vec<i128>| -> ArrayRef { Arc::new(Decimal128Array::from(v).with_precision_and_scale(5, 2).unwrap()) };
    let batch = RecordBatch::try_from_iter([
        ("id", Arc::new(StringArray::from(id)) as ArrayRef),
        ("co_quan", Arc::new(StringArray::from(co_quan))),
        ("nhom", Arc::new(StringArray::from(nhom))),
        ("tieu_chi_chung", column(chung)),
        ("ket_qua_nhiem_vu", column(nhiem_vu)),
        ("suy_thoai", Arc::new(BooleanArray::from(suy_thoai))),
    ])
    .unwrap();
    let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap();
    let engine = Batch::new(&rules).count_groups(std::env::var_os("GROUPS").is_some());
    let mut rows = 0usize;
    let mut collect = |b: RecordBatch| {
        rows += b.num_rows();
        Ok(())
    };
    let mut open = || Ok(Box::new(std::iter::once(Ok(batch.clone()))) as tieuchi::batch::ArrowBatches);
    let tally = pool
        .install(|| engine.execute(Input::Arrow { open: &mut open }, Output::ArrowFitted(&mut collect), &mut |_| {}))
        .unwrap();
    println!("{rows} rows, {} rated", tally.rows);
}
