fn main() {
    let path = std::env::args().nth(1).unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    match tieuchi::RuleSet::compile(&path, &text) {
        Err(e) => println!("{}", e.render_plain()),
        Ok(rs) => {
            for w in rs.warnings() {
                println!("{}", w.render_plain());
            }
            for r in rs.run_tests() {
                println!("{r:?}");
            }
            let ev = serde_json::json!({"chung": 28, "nhiem_vu": "61.5", "suy_thoai": false, "id": "CC-1"});
            let r = rs.evaluate(&ev, &tieuchi::Options::traced()).unwrap();
            println!("{}", serde_json::to_string_pretty(&r.to_wire()).unwrap());
        }
    }
}
