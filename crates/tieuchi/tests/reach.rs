//! What it takes: the changes that reach each better tier, checked against the text of the law
//! and, for random records, by applying them.

#![allow(clippy::indexing_slicing, clippy::panic, clippy::expect_used, clippy::unwrap_used, reason = "tests")]

use std::path::Path;
use std::str::FromStr;

use proptest::prelude::*;
use rust_decimal::Decimal;
use serde_json::{json, Value as Json};
use tieuchi::reach::{Change, Reach, Var};
use tieuchi::wire::GoalRecord;
use tieuchi::{Options, RuleSet};

fn load(path: &str) -> RuleSet {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let text = std::fs::read_to_string(root.join(path)).unwrap();
    RuleSet::compile(path, &text).unwrap()
}

fn rules(path: &'static str) -> &'static RuleSet {
    use std::collections::HashMap;
    use std::sync::{Mutex, OnceLock};
    static ALL: OnceLock<Mutex<HashMap<&'static str, &'static RuleSet>>> = OnceLock::new();
    let mut all = ALL.get_or_init(Mutex::default).lock().unwrap();
    all.entry(path).or_insert_with(|| Box::leak(Box::new(load(path))))
}

fn goals_of(rules: &RuleSet, record: &Json) -> Vec<GoalRecord> {
    let result = rules.evaluate(record, &Options::default()).unwrap();
    result.what_it_takes().goals
}

fn d(text: &str) -> Decimal {
    Decimal::from_str(text).unwrap()
}

const ND335: &str = "rules/cong-chuc/nd335-2025.tieuchi";
const CDCS: &str = "rules/cong-doan/cdcs-bon-muc.tieuchi";

fn cong_chuc(chung: &str, nhiem_vu: &str) -> Json {
    json!({
        "tieu_chi_chung": chung, "ket_qua_nhiem_vu": nhiem_vu, "suy_thoai": false,
        "co_quan": "Sở Nội vụ", "nhom": "Chuyên viên"
    })
}

#[test]
fn a_cong_chuc_at_86_25_points_needs_3_75_more_for_htxs_within_what_each_part_can_still_give() {
    // NĐ 335/2025 Điều 20 khoản 1: HTXS from 90 points; Điều 12: tiêu chí chung at most 30,
    // kết quả thực hiện nhiệm vụ at most 70.
    let goals = goals_of(rules(ND335), &cong_chuc("27.5", "58.75"));
    assert_eq!(goals.len(), 1, "HTT reached: only HTXS is better");
    let htxs = &goals[0];
    assert_eq!((htxs.tier.as_str(), htxs.reachable), ("htxs", Some(true)));
    let way = serde_json::to_value(&htxs.ways).unwrap();
    assert_eq!(
        way,
        json!([[{"change": "points", "of": "tong", "label": "Tổng điểm", "rise": true, "by": "3.75", "strict": false,
        "items": [
            {"id": "tieu_chi_chung", "label": "Tiêu chí chung", "now": "27.5", "room": "2.5"},
            {"id": "ket_qua_nhiem_vu", "label": "Kết quả thực hiện nhiệm vụ", "now": "58.75", "room": "11.25"}
        ]}]])
    );
    // The HTXS quota of Điều 20 khoản 5 may still lower it within the group.
    assert_eq!(htxs.quota.as_ref().map(|q| (q.share.as_str(), q.of.as_str())), Some(("0.2", "htt")));
    assert!(htxs.text.starts_with("Để đạt Hoàn thành xuất sắc nhiệm vụ: Tổng điểm thêm 3,75 điểm"), "{}", htxs.text);
}

#[test]
fn what_it_takes_is_said_in_the_language_of_the_evaluation() {
    let goals_in = |lang, record: &Json| {
        let result = rules(ND335).evaluate(record, &Options { lang, ..Options::default() }).unwrap();
        result.what_it_takes().goals
    };
    let htt = cong_chuc("27.5", "58.75");
    let (vi, en) = (goals_in(tieuchi::Lang::Vi, &htt), goals_in(tieuchi::Lang::En, &htt));
    assert!(vi[0].text.starts_with("Để đạt Hoàn thành xuất sắc nhiệm vụ: Tổng điểm thêm 3,75 điểm"), "{}", vi[0].text);
    assert!(vi[0].text.contains("Số được giữ mức này trong nhóm còn tùy giới hạn 20%"), "{}", vi[0].text);
    // The rule file's own labels stay as written; the sentence around them and the numbers follow
    // the language.
    assert!(
        en[0].text.starts_with("To reach Hoàn thành xuất sắc nhiệm vụ: Tổng điểm up by 3.75 points"),
        "{}",
        en[0].text
    );
    assert!(en[0].text.contains("also depends on the limit of 20%"), "{}", en[0].text);
    assert!(!en[0].text.contains("thêm") && !en[0].text.contains("căn cứ"), "{}", en[0].text);
    // The structured parts are the same in both.
    assert_eq!(serde_json::to_value(&vi[0].ways).unwrap(), serde_json::to_value(&en[0].ways).unwrap());
    let mut knocked = cong_chuc("30", "67");
    knocked["ky_luat_trong_nam"] = json!("khien_trach");
    let (vi, en) = (goals_in(tieuchi::Lang::Vi, &knocked), goals_in(tieuchi::Lang::En, &knocked));
    assert!(vi[0].text.contains("có điều kiện loại trừ") && vi[0].text.contains("(căn cứ: "), "{}", vi[0].text);
    assert!(en[0].text.contains("there is a knock-out") && en[0].text.contains("(source: "), "{}", en[0].text);
}

#[test]
fn a_knock_out_that_holds_blocks_every_better_tier_with_its_citation() {
    // Điều 20 khoản 4 điểm c: disciplined from khiển trách up in the year → KHT, whatever the points.
    let mut record = cong_chuc("30", "67");
    record["ky_luat_trong_nam"] = json!("khien_trach");
    let goals = goals_of(rules(ND335), &record);
    assert_eq!(goals.iter().map(|g| g.tier.as_str()).collect::<Vec<_>>(), ["htxs", "htt", "htnv"]);
    for goal in &goals {
        assert_eq!(goal.reachable, Some(false));
        let block = goal.blocked_by.as_ref().unwrap();
        assert_eq!((block.rule.as_str(), block.tier.as_deref()), ("force", Some("kht")));
        assert!(block.source.as_deref().unwrap().contains("khoản 4 điểm c"), "{block:?}");
        assert!(goal.ways.is_empty());
    }
}

#[test]
fn a_cdcs_with_one_standard_under_half_its_max_needs_that_standard_raised_to_half() {
    // Vững mạnh: from 85 points, no standard under 50% of its max, nobody disciplined from cảnh
    // cáo up. 85.5 points, but tiêu chuẩn 4 has 7 of 15 (46.7%): 0.5 more on it.
    let record = json!({"tieu_chuan_1": 33, "tieu_chuan_2": "23.5", "tieu_chuan_3": 22, "tieu_chuan_4": 7,
        "ky_luat_doan_vien": []});
    let goals = goals_of(rules(CDCS), &record);
    let vung_manh = &goals[0];
    assert_eq!(vung_manh.tier, "vung_manh");
    assert_eq!(
        serde_json::to_value(&vung_manh.ways).unwrap(),
        json!([[{"change": "points", "of": "tieu_chuan_4", "label": "Tiêu chuẩn 4: Tài chính, kiểm tra, nữ công",
            "rise": true, "by": "0.5", "strict": false,
            "items": [{"id": "tieu_chuan_4", "label": "Tiêu chuẩn 4: Tài chính, kiểm tra, nữ công", "now": "7", "room": "8"}]}]])
    );
    // At 84 points with a member given a cảnh cáo: 1 more point and that member off the list.
    let record = json!({"tieu_chuan_1": 30, "tieu_chuan_2": 22, "tieu_chuan_3": 20, "tieu_chuan_4": 12,
        "ky_luat_doan_vien": [{"hinh_thuc": "canh_cao"}]});
    let goals = goals_of(rules(CDCS), &record);
    let ways = serde_json::to_value(&goals[0].ways).unwrap();
    assert_eq!(ways[0][0]["by"], "1", "{ways}");
    assert_eq!(
        ways[0][1],
        json!({"change": "members", "input": "ky_luat_doan_vien", "label": "Đoàn viên bị kỷ luật trong năm",
        "count": 1, "meet": false, "condition": "hinh_thuc >= canh_cao"})
    );
}

#[test]
fn a_collective_one_member_short_of_70_percent_ldtt_needs_one_more() {
    // Luật Thi đua, khen thưởng 2022: Tập thể lao động xuất sắc needs at least 70% of its
    // members at Lao động tiên tiến; 13 of 20 is 65%.
    let root =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../rules/thi-dua/examples/tap-the-lao-dong-xuat-sac-dat.json");
    let mut record: Json = serde_json::from_str(&std::fs::read_to_string(root).unwrap()).unwrap();
    let members = record["thanh_vien"].as_array_mut().unwrap();
    let mut ldtt = members.iter().filter(|m| m["lao_dong_tien_tien"] == true).count();
    for m in members.iter_mut().filter(|m| m["cstd_co_so"] == false) {
        if ldtt > 13 && m["lao_dong_tien_tien"] == true {
            m["lao_dong_tien_tien"] = json!(false);
            ldtt -= 1;
        }
    }
    assert_eq!((members.len(), ldtt), (20, 13));
    let goals = goals_of(rules("rules/thi-dua/tap-the-lao-dong-xuat-sac.tieuchi"), &record);
    assert_eq!(
        serde_json::to_value(&goals[0].ways).unwrap(),
        json!([[{"change": "members", "input": "thanh_vien", "label": "Cá nhân trong tập thể", "count": 1, "meet": true,
            "condition": "lao_dong_tien_tien"}]])
    );
}

#[test]
fn a_cstd_tinh_candidate_one_year_short_of_three_consecutive_years_needs_one_more() {
    // Luật Thi đua, khen thưởng 2022: Chiến sĩ thi đua tỉnh after 03 consecutive years of
    // Chiến sĩ thi đua cơ sở; 2023 and 2024 make 2.
    let record = json!({"on": "2025-11-30", "pham_vi_anh_huong": "bo_tinh",
        "lich_su": [{"year": 2023, "cstd_co_so": true}, {"year": 2024, "cstd_co_so": true}]});
    let goals = goals_of(rules("rules/thi-dua/chien-si-thi-dua-tinh.tieuchi"), &record);
    let ways = serde_json::to_value(&goals[0].ways).unwrap();
    assert_eq!(ways[0][0]["change"], "years");
    assert_eq!((&ways[0][0]["count"], &ways[0][0]["now"]), (&json!(1), &json!(2)));
}

#[test]
fn a_tier_the_points_cannot_reach_says_how_short_they_fall() {
    // 75 points with tiêu chuẩn 3 at 0: raising it to half its max (12.5) also gives the 85.
    let goals = goals_of(
        rules(CDCS),
        &json!({"tieu_chuan_1": 35, "tieu_chuan_2": 25, "tieu_chuan_3": 0, "tieu_chuan_4": 15,
        "ky_luat_doan_vien": []}),
    );
    assert_eq!(goals[0].reachable, Some(true), "{goals:?}");
    let ways = serde_json::to_value(&goals[0].ways).unwrap();
    assert_eq!((&ways[0][0]["of"], &ways[0][0]["by"]), (&json!("tieu_chuan_3"), &json!("12.5")), "{ways}");
    assert_eq!(
        ways[0].as_array().unwrap().len(),
        1,
        "raising tiêu chuẩn 3 by 12.5 gives the 10 points the total lacks"
    );

    let rules = load_inline(
        r#"ruleset r "R" {
          input so_nam "Số năm": integer in 0..5
          outcome x "X" { cao "Cao" when so_nam * 2 >= 14  thap "Thấp" otherwise }
        }"#,
    );
    let result = rules.evaluate(&json!({"so_nam": 3}), &Options::default()).unwrap();
    let goals = result.what_it_takes().goals;
    assert_eq!(goals[0].reachable, Some(false));
    assert_eq!(
        serde_json::to_value(&goals[0].short).unwrap(),
        json!([{"of": "so_nam", "label": "Số năm", "rise": true, "need": "4", "strict": false, "room": "2"}])
    );
    assert_eq!(goals[0].text, "Không thể đạt Cao: Số năm cần thêm 4 nhưng chỉ còn tăng được tối đa 2.");
}

fn load_inline(text: &str) -> RuleSet {
    RuleSet::compile("inline.tieuchi", text).unwrap()
}

#[test]
fn a_record_not_determinable_has_nothing_to_improve_on_yet() {
    let result = rules(ND335).evaluate(&json!({"tieu_chi_chung": 20}), &Options::default()).unwrap();
    let takes = tieuchi::reach::solve(&result);
    assert!(takes.goals.is_empty() && takes.pending.is_some());
}

/// A record's tier index (tiers best first), or `None` when not rated.
fn tier_of(rules: &RuleSet, record: &Json) -> Option<usize> {
    let result = rules.evaluate(record, &Options::default()).unwrap();
    let tier = result.tier()?;
    rules.model().outcome.tiers.iter().position(|t| t.id == tier)
}

/// The record with a Points change applied item by item (as far as each item's room allows),
/// `by` changed by `extra`.
fn applied(rules: &RuleSet, record: &Json, change: &Change, extra: Decimal) -> Option<Json> {
    let Change::Points { rise, by, items, .. } = change else { return None };
    let mut record = record.clone();
    let mut left = *by + extra;
    for item in items {
        let Var::Score(s) = item.var else { return None };
        let id = &rules.model().scores[s].id;
        let step = item.room.map_or(left, |r| r.min(left));
        let value = if *rise { item.now + step } else { item.now - step };
        record[id] = json!(value.to_string());
        left -= step;
    }
    (left <= Decimal::ZERO).then_some(record)
}

fn all_at_max(rules: &RuleSet, record: &Json) -> Json {
    let mut record = record.clone();
    for s in &rules.model().scores {
        if matches!(s.kind, tieuchi::check::model::ScoreKind::Assessed) {
            record[&s.id] = json!(s.max.to_string());
        }
    }
    record
}

fn points() -> impl Strategy<Value = Decimal> {
    (0i64..=4000).prop_map(|n| Decimal::new(n, 2))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn applying_what_it_takes_reaches_the_tier_and_less_does_not(
        chung in points(), nhiem_vu in points(), knock_out in prop::bool::weighted(0.1),
        t1 in points(), t2 in points(), t3 in points(), t4 in points(), disciplined in prop::bool::weighted(0.2),
        search in prop::collection::vec((0i64..=10_000).prop_map(|n| Decimal::new(n, 2)), 8),
    ) {
        let nd335 = cong_chuc(&chung.min(d("30")).to_string(), &nhiem_vu.min(d("70")).to_string());
        let mut nd335 = nd335;
        nd335["suy_thoai"] = json!(knock_out);
        let cdcs = json!({"tieu_chuan_1": t1.min(d("35")).to_string(), "tieu_chuan_2": t2.min(d("25")).to_string(),
            "tieu_chuan_3": t3.min(d("25")).to_string(), "tieu_chuan_4": t4.min(d("15")).to_string(),
            "ky_luat_doan_vien": if disciplined { json!([{"hinh_thuc": "ha_bac_luong"}]) } else { json!([]) }});
        for (rules, record) in [(rules(ND335), nd335), (rules(CDCS), cdcs)] {
            let result = rules.evaluate(&record, &Options::default()).unwrap();
            let takes = tieuchi::reach::solve(&result);
            let reached = tier_of(rules, &record);
            for goal in &takes.goals {
                let t = usize::from(goal.tier);
                prop_assert!(reached.is_none_or(|r| t < r));
                match &goal.reach {
                    Reach::Ways(ways) => {
                        for way in ways {
                            let points: Vec<&Change> = way.iter().filter(|c| matches!(c, Change::Points { .. })).collect();
                            if points.len() != 1 || way.len() != 1 {
                                continue;
                            }
                            let change = points[0];
                            let reaches = applied(rules, &record, change, Decimal::ZERO).unwrap();
                            prop_assert!(tier_of(rules, &reaches).is_some_and(|r| r <= t), "{reaches} does not reach {t}");
                            let Change::Points { by, strict: false, .. } = change else { continue };
                            if *by >= d("0.01") {
                                let less = applied(rules, &record, change, d("-0.01")).unwrap();
                                prop_assert!(tier_of(rules, &less).is_none_or(|r| r > t), "{less} reaches {t} with less");
                            }
                        }
                    }
                    Reach::Blocked(_) | Reach::TooFar(_) => {
                        // A search over the score items: all at their max, and other values.
                        let mut tried = vec![all_at_max(rules, &record)];
                        for k in 0..search.len() {
                            let mut other = record.clone();
                            for (j, s) in rules.model().scores.iter().enumerate() {
                                if matches!(s.kind, tieuchi::check::model::ScoreKind::Assessed) {
                                    let x = search[(k + j) % search.len()].min(s.max);
                                    other[&s.id] = json!(x.to_string());
                                }
                            }
                            tried.push(other);
                        }
                        for other in tried {
                            prop_assert!(tier_of(rules, &other).is_none_or(|r| r > t), "{other} reaches {t}");
                        }
                    }
                    Reach::NotSolved(_) => {}
                }
            }
        }
    }
}

#[test]
fn with_one_field_missing_each_of_its_ranges_gives_one_tier() {
    // NĐ 335/2025 Điều 20: with tiêu chí chung at 27.5, kết quả thực hiện nhiệm vụ from 62.5 gives
    // the 90 points of HTXS, from 42.5 the 70 of HTT, from 22.5 the 50 of HTNV.
    let rules = rules(ND335);
    let result = rules.evaluate(&json!({"tieu_chi_chung": "27.5", "suy_thoai": false}), &Options::default()).unwrap();
    let pending = result.what_it_takes().pending.unwrap();
    assert_eq!(pending.missing, ["ket_qua_nhiem_vu"]);
    assert_eq!(pending.possible, ["htxs", "htt", "htnv", "kht"]);
    let tong = &pending.scores[0];
    assert_eq!((tong.id.as_str(), tong.min.as_deref(), tong.max.as_deref()), ("tong", Some("27.5"), Some("97.5")));
    let pieces = serde_json::to_value(&pending.decides.unwrap().pieces).unwrap();
    assert_eq!(
        pieces,
        json!([
            {"from": "0", "from_included": true, "to": "22.5", "to_included": false, "outcome": "kht"},
            {"from": "22.5", "from_included": true, "to": "42.5", "to_included": false, "outcome": "htnv"},
            {"from": "42.5", "from_included": true, "to": "62.5", "to_included": false, "outcome": "htt"},
            {"from": "62.5", "from_included": true, "to": "70", "to_included": true, "outcome": "htxs"}
        ])
    );
    assert!(pending.text.contains("từ 62,5 đến 70 → Hoàn thành xuất sắc nhiệm vụ"), "{}", pending.text);
}

/// Whether `x` lies in a piece's range.
fn in_piece(piece: &Json, x: Decimal) -> bool {
    let end =
        |key: &str, included: &str| piece.get(key).and_then(Json::as_str).map(|v| (d(v), piece[included] == true));
    let above = end("from", "from_included").is_none_or(|(v, inc)| x > v || inc && x == v);
    let below = end("to", "to_included").is_none_or(|(v, inc)| x < v || inc && x == v);
    above && below
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn every_completion_of_a_record_lands_inside_what_pending_evidence_reports(
        values in prop::collection::vec(points(), 4), flags in prop::collection::vec(prop::bool::ANY, 3),
        missing in prop::collection::vec(prop::bool::weighted(0.4), 6), fills in prop::collection::vec((points(), prop::bool::ANY), 8),
    ) {
        let nd335 = {
            let mut r = json!({"tieu_chi_chung": values[0].min(d("30")).to_string(), "ket_qua_nhiem_vu": values[1].min(d("70")).to_string(),
                "suy_thoai": flags[0], "la_lanh_dao": flags[1], "don_vi_tham_nhung": flags[2]});
            for (key, gone) in ["tieu_chi_chung", "ket_qua_nhiem_vu", "suy_thoai", "don_vi_tham_nhung"].iter().zip(&missing) {
                if *gone { r.as_object_mut().unwrap().remove(*key); }
            }
            r
        };
        let cdcs = {
            let mut r = json!({"tieu_chuan_1": values[0].min(d("35")).to_string(), "tieu_chuan_2": values[1].min(d("25")).to_string(),
                "tieu_chuan_3": values[2].min(d("25")).to_string(), "tieu_chuan_4": values[3].min(d("15")).to_string(),
                "ky_luat_doan_vien": []});
            for (key, gone) in ["tieu_chuan_1", "tieu_chuan_2", "tieu_chuan_3", "tieu_chuan_4"].iter().zip(&missing[2..]) {
                if *gone { r.as_object_mut().unwrap().remove(*key); }
            }
            r
        };
        for (rules, record) in [(rules(ND335), nd335), (rules(CDCS), cdcs)] {
            let result = rules.evaluate(&record, &Options::default()).unwrap();
            let Some(pending) = result.what_it_takes().pending else { continue };
            let mut completion = record.clone();
            let mut filled = Vec::new();
            for (i, input) in rules.model().inputs.iter().enumerate() {
                if completion.get(&input.id).is_none() && input.default.is_none() && input.ty.base() == &tieuchi::check::model::Type::Bool {
                    completion[&input.id] = json!(fills[i % fills.len()].1);
                }
            }
            for (i, score) in rules.model().scores.iter().enumerate() {
                if matches!(score.kind, tieuchi::check::model::ScoreKind::Assessed) && completion.get(&score.id).is_none() {
                    let x = fills[i % fills.len()].0.min(score.max);
                    completion[&score.id] = json!(x.to_string());
                    filled.push((score.id.clone(), x));
                }
            }
            let done = rules.evaluate(&completion, &Options::default()).unwrap();
            match done.tier() {
                Some(tier) => prop_assert!(pending.possible.iter().any(|t| t == tier), "{completion} gives {tier}, not in {:?}", pending.possible),
                None => prop_assert!(pending.may_be_excluded || done.status() != tieuchi::Status::NotRated, "{completion}"),
            }
            for range in &pending.scores {
                if let Some(v) = done.score(&range.id) {
                    prop_assert!(range.min.as_deref().is_none_or(|m| v >= d(m)) && range.max.as_deref().is_none_or(|m| v <= d(m)),
                        "{} = {v} outside {:?}..{:?}", range.id, range.min, range.max);
                }
            }
            if let (Some(decides), [(id, x)]) = (&pending.decides, filled.as_slice()) {
                if &decides.field == id {
                    let pieces = serde_json::to_value(&decides.pieces).unwrap();
                    let piece = pieces.as_array().unwrap().iter().find(|p| in_piece(p, *x));
                    let expected = piece.map(|p| p["outcome"].as_str().unwrap().to_owned());
                    let actual = done.tier().map_or_else(|| done.status().as_str().to_owned(), str::to_owned);
                    prop_assert_eq!(expected, Some(actual), "{} = {} in {}", id, x, pieces);
                }
            }
        }
    }
}

#[test]
fn a_computed_item_says_which_input_moves_it_and_by_how_much() {
    // The model scorecard of QĐ 129/2007/QĐ-TTg: trang phục is max(0, 10 − 2 × the times a
    // civil servant was seen not dressed as the rule asks): each time fewer gives 2 points.
    let rules = rules("rules/van-hoa-cong-so/van-hoa-cong-so-mau.tieuchi");
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../rules/van-hoa-cong-so/examples/so-noi-vu-kha.json");
    let record: Json = serde_json::from_str(&std::fs::read_to_string(root).unwrap()).unwrap();
    let goals = goals_of(rules, &record);
    let way = serde_json::to_value(&goals[0].ways[0]).unwrap();
    let items = way[0]["items"].as_array().unwrap();
    let dress = items.iter().find(|i| i["via"]["input"] == "so_lan_vi_pham_trang_phuc").unwrap();
    assert_eq!(dress["via"], json!({"kind": "number", "input": "so_lan_vi_pham_trang_phuc", "per_unit": "-2"}));
    assert!(goals[0].text.contains("mỗi đơn vị"), "{}", goals[0].text);
}

#[test]
fn a_scaled_score_is_solved_through_its_scale() {
    // 0 → 0 points and 20 → 10 points, linear between: 8 points need 16.
    let rules = load_inline(
        r#"ruleset r "R" {
          input so_gio "Số giờ học": number in 0..40
          let diem "Điểm học tập" = scale(so_gio, 0 -> 0, 20 -> 10)
          outcome x "X" { dat "Đạt" when diem >= 8  chua "Chưa đạt" otherwise }
        }"#,
    );
    let result = rules.evaluate(&json!({"so_gio": 10}), &Options::default()).unwrap();
    let goals = result.what_it_takes().goals;
    let way = serde_json::to_value(&goals[0].ways).unwrap();
    assert_eq!((&way[0][0]["of"], &way[0][0]["by"]), (&json!("so_gio"), &json!("6")), "{way}");
}

#[test]
fn a_date_condition_names_the_date_that_meets_it() {
    let rules = load_inline(
        r#"ruleset r "R" {
          input ngay_nop "Ngày nộp hồ sơ": date
          outcome x "X" { dung_han "Đúng hạn" when ngay_nop <= 2026-11-30  tre "Trễ hạn" otherwise }
        }"#,
    );
    let result = rules.evaluate(&json!({"ngay_nop": "2026-12-05"}), &Options::default()).unwrap();
    let goals = result.what_it_takes().goals;
    assert_eq!(
        serde_json::to_value(&goals[0].ways).unwrap(),
        json!([[{"change": "set", "input": "ngay_nop", "label": "Ngày nộp hồ sơ", "to": "2026-11-30", "or_beyond": true}]])
    );
    assert!(goals[0].text.contains("Ngày nộp hồ sơ: 30/11/2026"), "{}", goals[0].text);
}
