//! Time per evaluation of the NĐ 335/2025 rule set over generated civil-servant records.
//!
//! `cargo bench -p tieuchi --bench evaluate`

#![expect(clippy::expect_used, clippy::panic, reason = "a benchmark stops on a broken setup")]

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use serde_json::json;
use tieuchi::{Options, RuleSet};

const RULES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../rules/cong-chuc/nd335-2025.tieuchi");
const RECORDS: usize = 1024;

/// Deterministic pseudo-random records spread over every band, with some knock-outs.
fn records() -> Vec<serde_json::Value> {
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move |n: u64| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state % n
    };
    (0..RECORDS)
        .map(|i| {
            let chung = format!("{}.{}", 10 + next(20), next(100));
            let nhiem_vu = format!("{}.{}", 25 + next(45), next(100));
            let mut record = json!({
                "id": format!("CC-{i:05}"),
                "co_quan": format!("CQ-{:03}", next(200)),
                "nhom": format!("N{}", next(5)),
                "tieu_chi_chung": chung,
                "ket_qua_nhiem_vu": nhiem_vu,
                "suy_thoai": next(50) == 0,
                "vi_pham_dang_vien": false,
                "vi_pham_neu_guong": false,
            });
            if next(20) == 0 {
                record["ky_luat_trong_nam"] = json!("khien_trach");
            }
            record
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let path = std::env::var("TIEUCHI_BENCH_RULES").unwrap_or_else(|_| RULES.to_owned());
    let text = std::fs::read_to_string(&path).expect("the bundled NĐ 335 rule file");
    let rules = RuleSet::compile(&path, &text).unwrap_or_else(|e| panic!("{}", e.render_plain()));
    // Only the fields this rule set reads, so the bench follows the rule file as it evolves.
    let schema = rules.schema();
    let known: Vec<&str> = schema.fields.iter().map(|f| f.id.as_str()).collect();
    let raw: Vec<serde_json::Value> = records()
        .into_iter()
        .map(|mut r| {
            if let Some(map) = r.as_object_mut() {
                map.retain(|k, _| k == "id" || known.contains(&k.as_str()));
                for field in &schema.fields {
                    if field.required && !map.contains_key(&field.id) && field.ty == "bool" {
                        map.insert(field.id.clone(), json!(false));
                    }
                }
            }
            r
        })
        .collect();
    let decoded: Vec<_> = raw.iter().map(|r| rules.decode(r).expect("generated evidence is valid")).collect();

    let mut group = c.benchmark_group("nd335");
    group.throughput(Throughput::Elements(RECORDS as u64));
    group.bench_function("evaluate, no trace", |b| {
        let options = Options::default();
        b.iter(|| {
            for e in &decoded {
                let result = rules.evaluate_evidence(black_box(e), &options).expect("evaluates");
                black_box(result.tier());
            }
        });
    });
    group.bench_function("evaluate, with trace", |b| {
        let options = Options::traced();
        b.iter(|| {
            for e in &decoded {
                let result = rules.evaluate_evidence(black_box(e), &options).expect("evaluates");
                black_box(result.tier());
            }
        });
    });
    group.bench_function("evaluate + wire result with trace", |b| {
        let options = Options::traced();
        b.iter(|| {
            for e in &decoded {
                let result = rules.evaluate_evidence(black_box(e), &options).expect("evaluates");
                black_box(result.to_wire());
            }
        });
    });
    group.bench_function("decode JSON + evaluate, no trace", |b| {
        let options = Options::default();
        b.iter_batched(
            || raw.clone(),
            |raw| {
                for r in &raw {
                    let result = rules.evaluate(black_box(r), &options).expect("evaluates");
                    black_box(result.tier());
                }
            },
            BatchSize::LargeInput,
        );
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
