#![expect(clippy::unwrap_used, reason = "a profiling harness")]
fn main() {
    let path = std::env::args().nth(1).unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    let rules = tieuchi::RuleSet::compile(&path, &text).unwrap();
    let ev = serde_json::json!({"tieu_chi_chung": 28, "ket_qua_nhiem_vu": "61.5", "suy_thoai": false, "don_vi_tham_nhung": false, "id": "CC-1"});
    let e = rules.decode(&ev).unwrap();
    let mode = std::env::args().nth(2).unwrap_or_default();
    let trace = mode == "trace" || mode == "wire";
    let wire = mode == "wire";
    let options = tieuchi::Options { on: None, trace, ..Default::default() };
    let mut n = 0usize;
    let iterations: usize = std::env::var("N").ok().and_then(|n| n.parse().ok()).unwrap_or(2_000_000);
    for _ in 0..iterations {
        let r = rules.evaluate_evidence(&e, &options).unwrap();
        n += r.tier().map_or(0, str::len);
        if wire {
            n += r.to_wire().trace.len();
        }
    }
    println!("{n}");
}
