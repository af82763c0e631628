//! The generated NĐ 335 records of the benches, shared with the profiling example
//! `examples/profile_rate.rs` so that both measure the same records.

use serde_json::json;
use tieuchi::RuleSet;

const RECORDS: usize = 1024;

/// Deterministic pseudo-random records spread over every band, with some knock-outs, with only
/// the fields `rules` reads (each required yes/no it lacks set to false), so that the records
/// follow the rule file as it evolves.
pub fn nd335_records(rules: &RuleSet) -> Vec<serde_json::Value> {
    let schema = rules.schema();
    let known: Vec<&str> = schema.fields.iter().map(|f| f.id.as_str()).collect();
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
            let disciplined = next(20) == 0;
            if let Some(map) = record.as_object_mut() {
                if disciplined {
                    map.insert("ky_luat_trong_nam".to_owned(), json!("khien_trach"));
                }
                map.retain(|k, _| k == "id" || known.contains(&k.as_str()));
                for field in &schema.fields {
                    if field.required && !map.contains_key(&field.id) && field.ty == "bool" {
                        map.insert(field.id.clone(), json!(false));
                    }
                }
            }
            record
        })
        .collect()
}
