//! The README's example says what the engine does.

use serde_json::json;
use tieuchi::{Options, RuleSet};

#[test]
fn the_readme_example_gives_the_result_it_shows() {
    let readme = include_str!("../../../README.md");
    let start = readme.find("```\nruleset").map(|i| i + 4).expect("the README opens with a rule file");
    let end = readme[start..].find("```").map(|i| start + i).expect("the example block ends");
    let rules = RuleSet::compile("README.md", &readme[start..end]).unwrap_or_else(|e| panic!("{}", e.render_plain()));
    assert!(rules.warnings().is_empty());
    let after = &readme[readme.find("Evidence `").expect("the README gives evidence") + "Evidence `".len()..];
    let evidence: serde_json::Value = serde_json::from_str(&after[..after.find('`').unwrap()]).unwrap();
    assert_eq!(evidence, json!({"tieu_chi_chung": 28, "ket_qua_nhiem_vu": "61.5", "suy_thoai": false}));
    let result = rules.evaluate(&evidence, &Options::traced()).unwrap();
    let wire = serde_json::to_value(result.to_wire()).unwrap();
    assert_eq!(wire["status"], "rated");
    assert_eq!(wire["outcome"], json!({"id": "htt", "label": "Hoàn thành tốt nhiệm vụ", "decided_by": "score"}));
    assert_eq!(wire["scores"]["tong"], json!({"value": "89.5", "max": "100", "label": "Tổng điểm"}));
    let htxs = wire["trace"].as_array().unwrap().iter().find(|s| s["rule"] == "xep_loai.htxs").unwrap();
    assert_eq!(htxs["holds"], false);
    assert_eq!(
        htxs["conditions"][0],
        json!({"condition": "tong >= nguong_htxs", "holds": false, "values": {"tong": "89.5", "nguong_htxs": "90"}})
    );
}
