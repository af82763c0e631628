//! A profiling harness for the column-by-column kernel: `RuleSet::rate_all` over 1,024 decoded
//! NĐ 335 records (the records of `benches/evaluate.rs`), `REPS` times (default 200), for
//! instruction counts under callgrind, which, unlike times, do not wander with the machine's load.
//!
//! `cargo build --release --example profile_rate && valgrind --tool=callgrind target/release/examples/profile_rate rules/cong-chuc/nd335-2025.tieuchi`
#![expect(clippy::unwrap_used, clippy::expect_used, reason = "a profiling harness stops on a broken setup")]
use serde_json::json;

fn main() {
    let path = std::env::args().nth(1).expect("a rule file");
    let text = std::fs::read_to_string(&path).unwrap();
    let rules = tieuchi::RuleSet::compile(&path, &text).unwrap();
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move |n: u64| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state % n
    };
    let decoded: Vec<_> = (0..1024)
        .map(|i| {
            let mut record = json!({
                "id": format!("CC-{i:05}"),
                "co_quan": format!("CQ-{:03}", next(200)),
                "nhom": format!("N{}", next(5)),
                "tieu_chi_chung": format!("{}.{}", 10 + next(20), next(100)),
                "ket_qua_nhiem_vu": format!("{}.{}", 25 + next(45), next(100)),
                "suy_thoai": next(50) == 0,
                "vi_pham_dieu_cam": false,
                "vi_pham_neu_guong": false,
                "la_lanh_dao": false,
            });
            if next(20) == 0 {
                if let Some(map) = record.as_object_mut() {
                    map.insert("ky_luat_trong_nam".to_owned(), json!("khien_trach"));
                }
            }
            rules.decode(&record).unwrap()
        })
        .collect();
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
