//! A profiling harness for the Arrow path of a batch: `N` generated NĐ 335 records in one record
//! batch, through `Batch::execute` to fitted Arrow output (what Python's `evaluate_many` does),
//! on `THREADS` threads (default 1, for instruction counts under callgrind).
//!
//! `cargo run --release --features arrow --example profile_arrow -- rules/cong-chuc/nd335-2025.tieuchi`
#![allow(clippy::indexing_slicing, reason = "a profiling example")]
#![expect(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::float_arithmetic,
    reason = "a profiling harness: its input is made with floats, as the Python benchmark's frame is"
)]
use std::sync::Arc;

use arrow_array::{ArrayRef, BooleanArray, Float64Array, RecordBatch, StringArray};
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
    // The shape of the Python benchmark's pandas frame (bindings/tieuchi-py/benchmarks/evaluate_many.py):
    // points as 64-bit floats with two decimals, five yes/no columns, the discipline mostly null.
    let discipline = ["khien_trach", "canh_cao", "ha_bac_luong", "giang_chuc", "cach_chuc", "buoc_thoi_viec"];
    let mut columns: [Vec<bool>; 5] = Default::default();
    let (mut chung, mut nhiem_vu, mut ky_luat, mut co_quan, mut nhom, mut id) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for i in 0..n {
        chung.push(f64::from(u32::try_from(1500 + next() % 1501).unwrap()) / 100.0);
        nhiem_vu.push(f64::from(u32::try_from(3500 + next() % 3501).unwrap()) / 100.0);
        let leader = next() % 10 == 0;
        columns[0].push(next() % 200 == 0);
        columns[1].push(next() % 500 == 0);
        columns[2].push(next() % 500 == 0);
        columns[3].push(leader);
        columns[4].push(leader && next() % 100 == 0);
        ky_luat.push((next() % 50 == 0).then(|| discipline[usize::try_from(next() % 6).unwrap()]));
        co_quan.push(format!("Sở {:03}", next() % 500));
        nhom.push(["Chuyên viên", "Lãnh đạo phòng", "Văn thư", "Kế toán"][usize::try_from(next() % 4).unwrap()]);
        id.push(format!("CC-{i:07}"));
    }
    let [suy_thoai, dieu_cam, neu_guong, lanh_dao, tham_nhung] =
        columns.map(|c| Arc::new(BooleanArray::from(c)) as ArrayRef);
    let batch = RecordBatch::try_from_iter([
        ("id", Arc::new(StringArray::from(id)) as ArrayRef),
        ("co_quan", Arc::new(StringArray::from(co_quan))),
        ("nhom", Arc::new(StringArray::from(nhom))),
        ("tieu_chi_chung", Arc::new(Float64Array::from(chung))),
        ("ket_qua_nhiem_vu", Arc::new(Float64Array::from(nhiem_vu))),
        ("suy_thoai", suy_thoai),
        ("vi_pham_dieu_cam", dieu_cam),
        ("vi_pham_neu_guong", neu_guong),
        ("ky_luat_trong_nam", Arc::new(StringArray::from(ky_luat))),
        ("la_lanh_dao", lanh_dao),
        ("don_vi_tham_nhung", tham_nhung),
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
    let started = std::time::Instant::now();
    let tally = pool
        .install(|| engine.execute(Input::Arrow { open: &mut open }, Output::ArrowFitted(&mut collect), &mut |_| {}))
        .unwrap();
    let elapsed = started.elapsed();
    println!("{rows} rows, {} rated, {:.3} s in the engine", tally.rows, elapsed.as_secs_f64());
}
