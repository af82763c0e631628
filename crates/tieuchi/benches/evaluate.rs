//! Time per evaluation of the NĐ 335/2025 rule set over generated civil-servant records.
//!
//! `cargo bench -p tieuchi --bench evaluate`
#![allow(clippy::indexing_slicing, reason = "benchmarks")]
#![expect(clippy::expect_used, clippy::panic, reason = "a benchmark stops on a broken setup")]

use std::hint::black_box;

use std::str::FromStr;

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use rust_decimal::Decimal;
use tieuchi::{EvidenceColumns, Options, RuleSet};

mod common;

const RULES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../rules/cong-chuc/nd335-2025.tieuchi");
fn bench(c: &mut Criterion) {
    let path = std::env::var("TIEUCHI_BENCH_RULES").unwrap_or_else(|_| RULES.to_owned());
    let text = std::fs::read_to_string(&path).expect("the bundled NĐ 335 rule file");
    let rules = RuleSet::compile(&path, &text).unwrap_or_else(|e| panic!("{}", e.render_plain()));
    let raw = common::nd335_records(&rules);
    let decoded: Vec<_> = raw.iter().map(|r| rules.decode(r).expect("generated evidence is valid")).collect();

    let plain: Vec<Plain> = raw.iter().map(Plain::of).collect();

    let mut group = c.benchmark_group("nd335");
    group.throughput(Throughput::Elements(raw.len() as u64));
    // The yardstick: the same rating written by hand over the same records, exact decimals too.
    group.bench_function("hand-written rating", |b| {
        b.iter(|| {
            for p in &plain {
                black_box(black_box(p).rate());
            }
        });
    });
    group.bench_function("rate_all (columns)", |b| {
        let options = Options::default();
        b.iter(|| black_box(rules.rate_all(black_box(&decoded), &options)));
    });
    group.bench_function("rate_columns (columns held)", |b| {
        let options = Options::default();
        let columns = EvidenceColumns::new(&decoded);
        b.iter(|| black_box(rules.rate_columns(black_box(&columns), &options)));
    });
    group.bench_function("evaluate_all (columns), no trace", |b| {
        let options = Options::default();
        b.iter(|| {
            for result in rules.evaluate_all(black_box(&decoded), &options) {
                black_box(result.expect("evaluates").tier());
            }
        });
    });
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
    group.bench_function("evaluate + lean trace", |b| {
        let options = Options::traced();
        b.iter(|| {
            for e in &decoded {
                let result = rules.evaluate_evidence(black_box(e), &options).expect("evaluates");
                black_box(result.lean_trace());
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
    // What the browser's lean result is made of, beside the lean trace.
    group.bench_function("evaluate + lean record", |b| {
        let options = Options::traced();
        b.iter(|| {
            for e in &decoded {
                black_box(rules.evaluate_evidence(black_box(e), &options).expect("evaluates").lean_record().scores);
            }
        });
    });
    // What a browser's `evaluate` runs in the module: the evidence as JSON text, read, decoded
    // and evaluated.
    group.bench_function("evaluate_json (text), no trace", |b| {
        let options = Options::default();
        let texts: Vec<String> = raw.iter().map(|r| serde_json::to_string(r).expect("JSON")).collect();
        b.iter(|| {
            for t in &texts {
                let result = rules.evaluate_json(black_box(t), &options).expect("evaluates");
                black_box(result.tier());
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

/// A record of the NĐ 335 rating as a hand-written program would hold it.
struct Plain {
    chung: Decimal,
    nhiem_vu: Decimal,
    knocked_out: [bool; 3],
    ky_luat: Option<u8>,
    la_lanh_dao: bool,
    don_vi_tham_nhung: bool,
}

impl Plain {
    fn of(record: &serde_json::Value) -> Plain {
        let number = |k: &str| Decimal::from_str(record[k].as_str().unwrap_or("0")).expect("a decimal");
        let flag = |k: &str| record[k].as_bool().unwrap_or(false);
        Plain {
            chung: number("tieu_chi_chung"),
            nhiem_vu: number("ket_qua_nhiem_vu"),
            knocked_out: [flag("suy_thoai"), flag("vi_pham_dieu_cam"), flag("vi_pham_neu_guong")],
            ky_luat: record.get("ky_luat_trong_nam").map(|_| 0),
            la_lanh_dao: flag("la_lanh_dao"),
            don_vi_tham_nhung: flag("don_vi_tham_nhung"),
        }
    }

    /// 0 = HTXS, 1 = HTT, 2 = HTNV, 3 = KHT (Điều 20).
    #[inline(never)]
    fn rate(&self) -> u8 {
        if self.knocked_out.iter().any(|k| *k) || self.ky_luat.is_some() || (self.la_lanh_dao && self.don_vi_tham_nhung)
        {
            return 3;
        }
        let total = self.chung + self.nhiem_vu;
        if total >= Decimal::from(90) {
            0
        } else if total >= Decimal::from(70) {
            1
        } else if total >= Decimal::from(50) {
            2
        } else {
            3
        }
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
