//! Rule families: versions linked by `replaces`, chosen by date.

use tieuchi::{Code, Library, SelectError, SourceFile};

fn version(id: &str, valid: &str, replaces: Option<&str>, threshold: u32) -> SourceFile {
    let replaces = replaces.map(|r| format!("  replaces {r}\n")).unwrap_or_default();
    SourceFile::new(
        format!("{id}.tieuchi"),
        format!(
            "ruleset {id} \"{id}\" {{\n  {valid}\n{replaces}  input diem \"Điểm\": number in 0..100\n  outcome o \"O\" {{\n    tot \"Tốt\" when diem >= {threshold}\n    dat \"Đạt\" otherwise\n  }}\n}}\n"
        ),
    )
}

#[expect(clippy::unwrap_used, reason = "the tests write valid dates")]
fn date(text: &str) -> jiff::civil::Date {
    text.parse().unwrap()
}

#[test]
fn the_version_in_force_is_chosen_by_date() {
    let library = Library::compile(&[
        version("nd335", "valid from 2026-01-01", Some("nd90"), 90),
        version("nd90", "valid from 2020-08-20 until 2025-12-31", None, 80),
    ])
    .unwrap();
    assert_eq!(library.families().len(), 1);
    assert_eq!(library.select(None, Some(date("2025-12-31"))).unwrap().id(), "nd90");
    assert_eq!(library.select(Some("nd90"), Some(date("2026-06-30"))).unwrap().id(), "nd335");
    assert_eq!(library.select(None, Some(date("2020-08-20"))).unwrap().id(), "nd90");
    assert!(matches!(library.select(None, Some(date("2020-08-19"))), Err(SelectError::NoneInForce { .. })));
    assert!(matches!(library.select(None, None), Err(SelectError::NeedDate { .. })));
    assert!(matches!(library.select(Some("khac"), None), Err(SelectError::Unknown(_))));
    assert_eq!(library.select(Some("nd90"), None).unwrap().id(), "nd90");
}

#[test]
fn unrelated_rule_sets_are_separate_families() {
    let library = Library::compile(&[
        version("a", "valid from 2020-01-01", None, 50),
        version("b", "valid from 2020-01-01", None, 60),
    ])
    .unwrap();
    assert_eq!(library.families().len(), 2);
    assert!(matches!(library.select(None, None), Err(SelectError::Ambiguous(_))));
    assert_eq!(library.select(Some("b"), None).unwrap().id(), "b");
}

#[test]
fn overlapping_versions_and_duplicate_ids_are_errors() {
    let error = Library::compile(&[
        version("moi", "valid from 2025-06-01", Some("cu"), 90),
        version("cu", "valid from 2020-01-01 until 2025-12-31", None, 80),
    ])
    .unwrap_err();
    let overlap = error.diagnostics.iter().find(|d| d.code == Code::OverlappingVersions).unwrap();
    assert_eq!(overlap.location().to_string(), "moi.tieuchi:2:3");
    assert!(
        overlap.message(tieuchi::Lang::En).contains("`cu` and `moi`")
            || overlap.message(tieuchi::Lang::En).contains("`moi` and `cu`"),
        "{}",
        overlap.render(tieuchi::Lang::En)
    );

    let error = Library::compile(&[
        version("x", "valid from 2020-01-01", None, 50),
        version("x", "valid from 2021-01-01", None, 50),
    ])
    .unwrap_err();
    assert!(error.diagnostics.iter().any(|d| d.code == Code::DuplicateName));
}

#[test]
fn a_collective_reads_its_members_tiers_in_another_rule_sets_terms() {
    let nd335 = SourceFile::new("nd335-2025.tieuchi", include_str!("../../../rules/cong-chuc/nd335-2025.tieuchi"));
    // Luật TĐKT 2022 Art. 27(c): 100% of members at least HTNV, of whom ≥ 70% LĐTT.
    let tap_the = SourceFile::new(
        "tap-the.tieuchi",
        r#"ruleset tap_the "Tập thể" {
  input thanh_vien "Thành viên": list of {
    xep_loai "Xếp loại": cong_chuc_nd335.xep_loai
    ldtt "Lao động tiên tiến": bool
  }
  outcome ket_qua "Kết quả" {
    dat "Đủ tiêu chuẩn" when count(thanh_vien) > 0 and all(thanh_vien, xep_loai >= htnv) and share(thanh_vien, ldtt) >= 70%
    khong_dat "Không đủ tiêu chuẩn" otherwise
  }
  test "đủ" {
    given { thanh_vien: [{xep_loai: htxs, ldtt: true}, {xep_loai: htnv, ldtt: true}, {xep_loai: htt, ldtt: false}, {xep_loai: htt, ldtt: true}] }
    expect ket_qua = dat
  }
  test "một người không hoàn thành" {
    given { thanh_vien: [{xep_loai: kht, ldtt: true}, {xep_loai: htt, ldtt: true}] }
    expect ket_qua = khong_dat
  }
}
"#,
    );
    // The importing file first: the library compiles in dependency order anyway.
    let library = Library::compile(&[tap_the.clone(), nd335]).unwrap();
    let rules = library.get("tap_the").unwrap();
    assert!(rules.run_tests().iter().all(tieuchi::testing::TestReport::passed));
    let schema = rules.schema();
    let member = &schema.fields[0].fields[0];
    assert_eq!(member.enum_id.as_deref(), Some("cong_chuc_nd335.xep_loai"));
    assert_eq!(member.values[0].label, "Hoàn thành xuất sắc nhiệm vụ");

    // Alone, the import cannot be resolved, and the error says why.
    let error = Library::compile(&[tap_the]).unwrap_err();
    let d = error.diagnostics.iter().find(|d| d.code == Code::ImportUnsupported).unwrap();
    assert!(d.message(tieuchi::Lang::En).contains("not among the files checked"), "{}", d.render(tieuchi::Lang::En));
}

#[test]
fn members_can_be_subjects_evaluated_by_their_own_rule_set() {
    let nd335 = SourceFile::new("nd335-2025.tieuchi", include_str!("../../../rules/cong-chuc/nd335-2025.tieuchi"));
    let tap_the = SourceFile::new(
        "tap-the.tieuchi",
        r#"ruleset tap_the "Tập thể" {
  input thanh_vien "Công chức của tập thể": list of cong_chuc_nd335
  let binh_quan "Điểm bình quân" = if count(thanh_vien) > 0 then mean(thanh_vien, tong) else 0
  outcome ket_qua "Kết quả" {
    dat "Đủ tiêu chuẩn" when count(thanh_vien) > 0 and all(thanh_vien, xep_loai >= htnv) and share(thanh_vien, xep_loai >= htt) >= 70%
    khong_dat "Không đủ tiêu chuẩn" otherwise
  }
}
"#,
    );
    let library = Library::compile(&[nd335, tap_the]).unwrap();
    let rules = library.get("tap_the").unwrap();
    let member = |chung: u32, nhiem_vu: u32, suy_thoai: bool| serde_json::json!({"tieu_chi_chung": chung, "ket_qua_nhiem_vu": nhiem_vu, "suy_thoai": suy_thoai});
    let evaluate = |members: Vec<serde_json::Value>| {
        let result = rules.evaluate(&serde_json::json!({"thanh_vien": members}), &tieuchi::Options::default()).unwrap();
        let wire = serde_json::to_value(result.to_wire()).unwrap();
        (result.tier().map(str::to_owned), wire["values"]["binh_quan"].clone())
    };
    // 92 → HTXS, 75 → HTT, 80 → HTT, 60 → HTNV: all at least HTNV, 3 of 4 = 75% at least HTT.
    let (tier, mean) =
        evaluate(vec![member(30, 62, false), member(25, 50, false), member(25, 55, false), member(20, 40, false)]);
    assert_eq!(tier.as_deref(), Some("dat"));
    assert_eq!(mean, serde_json::json!("76.75"));
    // A knock-out makes a member KHT, whatever the points, so the collective fails.
    let (tier, _) = evaluate(vec![member(30, 62, true), member(25, 50, false), member(25, 55, false)]);
    assert_eq!(tier.as_deref(), Some("khong_dat"));
    // A member's bad evidence is named by its path.
    let error =
        rules.evaluate(&serde_json::json!({"thanh_vien": [member(31, 50, false)]}), &tieuchi::Options::default());
    let Err(tieuchi::EvaluateError::Evidence(errors)) = error else { panic!("expected evidence errors") };
    assert_eq!(errors[0].field, "thanh_vien[0].tieu_chi_chung");
    assert_eq!(errors[0].code, tieuchi::EvidenceCode::OutOfRange);
}

#[test]
fn a_member_its_rule_set_cannot_evaluate_is_an_error_naming_it() {
    let member = SourceFile::new(
        "ty-le.tieuchi",
        "ruleset ty_le \"Tỷ lệ\" {\n  input dat \"Đạt\": integer in 0..100\n  input tong \"Tổng\": integer in 0..100\n  let r = dat / tong\n  outcome o \"O\" {\n    cao \"Cao\" when r >= 50%\n    thap \"Thấp\" otherwise\n  }\n}\n",
    );
    let group = SourceFile::new(
        "nhom.tieuchi",
        "ruleset nhom \"Nhóm\" {\n  input ds \"Danh sách\": list of ty_le\n  outcome k \"K\" {\n    tot \"Tốt\" when all(ds, o = cao)\n    chua \"Chưa\" otherwise\n  }\n}\n",
    );
    let library = Library::compile(&[member, group]).unwrap();
    let rules = library.get("nhom").unwrap();
    assert_eq!(rules.schema().fields[0].members_of.as_deref(), Some("ty_le"));
    assert_eq!(rules.schema().fields[0].fields.iter().map(|f| f.id.as_str()).collect::<Vec<_>>(), ["dat", "tong"]);
    let ok = rules.evaluate(&serde_json::json!({"ds": [{"dat": 3, "tong": 4}]}), &tieuchi::Options::default()).unwrap();
    assert_eq!(ok.tier(), Some("tot"));
    let error = rules.evaluate(
        &serde_json::json!({"ds": [{"dat": 3, "tong": 4}, {"dat": 0, "tong": 0}]}),
        &tieuchi::Options::default(),
    );
    let Err(tieuchi::EvaluateError::Evidence(errors)) = error else { panic!("expected an evidence error") };
    assert_eq!(errors[0].code, tieuchi::EvidenceCode::MemberError);
    assert_eq!(errors[0].field, "ds[1]");
    let message = errors[0].message.render(tieuchi::Lang::En);
    assert!(message.contains("division by zero"), "{message}");
    assert!(errors[0].message.render(tieuchi::Lang::Vi).contains("chia cho 0"), "{}", errors[0].message);
}
