"""The public API: compiling and loading, what a rule set tells, one evaluation and its result."""

from __future__ import annotations

import datetime
import json
import threading
from decimal import Decimal

import pytest

import tieuchi
from conftest import CONG_CHUC, MAU, ND335, ROOT, nd335_record

SMALL = """
ruleset demo "Ví dụ" {
  input diem "Điểm": number in 0..100
  outcome ket_qua "Kết quả" {
    dat "Đạt" when diem >= 50
    khong_dat "Không đạt" otherwise
  }
}
"""


def test_compile_and_evaluate_a_source_text() -> None:
    rules = tieuchi.compile(SMALL, name="demo.tieuchi")
    assert rules.id == "demo"
    assert rules.label == "Ví dụ"
    assert rules.file == "demo.tieuchi"
    result = rules.evaluate({"diem": "72.5"})
    assert result.outcome is not None
    assert (result.outcome.id, result.outcome.label) == ("dat", "Đạt")
    assert result.tier == "dat"
    assert result.trace[0].span.startswith("demo.tieuchi:")


def test_compile_names_the_source_when_no_name_is_given() -> None:
    rules = tieuchi.compile(SMALL)
    assert rules.file == "<source>"


def test_load_a_rule_file(nd335: tieuchi.RuleSet) -> None:
    assert nd335.id == "cong_chuc_nd335"
    assert nd335.file == ND335
    assert nd335.valid_from == datetime.date(2026, 1, 1)
    assert nd335.valid_until is None
    assert nd335.replaces == "cong_chuc_nd90"
    assert nd335.source and "335/2025" in nd335.source
    assert [v.id for v in nd335.versions] == ["cong_chuc_nd335"]
    assert nd335.version("2020-01-01") is nd335  # a single file is evaluated as it is


def test_load_accepts_a_path_object() -> None:
    assert tieuchi.load(ROOT / ND335).id == "cong_chuc_nd335"


def test_a_folder_is_a_family_of_versions(cong_chuc: tieuchi.RuleSet) -> None:
    assert [v.id for v in cong_chuc.versions] == ["cong_chuc_nd90", "cong_chuc_nd335"]
    assert cong_chuc.id == "cong_chuc_nd335"  # the newest
    assert cong_chuc.version(datetime.date(2024, 6, 30)).id == "cong_chuc_nd90"
    assert cong_chuc.version("2026-06-30").id == "cong_chuc_nd335"
    assert "versions" in repr(cong_chuc)


def test_the_version_in_force_evaluates(cong_chuc: tieuchi.RuleSet) -> None:
    record = nd335_record()
    assert cong_chuc.evaluate(record, on="2026-12-10").ruleset == "cong_chuc_nd335"
    assert cong_chuc.evaluate(record, on=datetime.date(2026, 12, 10)).on == datetime.date(2026, 12, 10)
    # The record's own date chooses the version when it has one.
    assert cong_chuc.evaluate({**record, "on": "2027-01-05"}, on="2020-01-01").ruleset == "cong_chuc_nd335"
    nd90 = cong_chuc.versions[0]
    assert cong_chuc.version("2025-06-30").inputs.names == nd90.inputs.names


def test_a_folder_of_several_families_needs_a_name() -> None:
    rules = tieuchi.load("rules", ruleset="cong_chuc_nd335")
    assert [v.id for v in rules.versions] == ["cong_chuc_nd90", "cong_chuc_nd335"]
    # Any version's id names the family; named without a date, that version evaluates.
    nd90 = tieuchi.load("rules", ruleset="cong_chuc_nd90")
    assert nd90.id == "cong_chuc_nd90"
    assert [v.id for v in nd90.versions] == ["cong_chuc_nd90", "cong_chuc_nd335"]
    assert nd90.version("2026-06-30").id == "cong_chuc_nd335"


def test_inputs_are_the_typed_schema_with_labels(nd335: tieuchi.RuleSet) -> None:
    schema = nd335.inputs
    assert schema.ruleset == "cong_chuc_nd335"
    assert "tieu_chi_chung" in schema.names
    field = schema["tieu_chi_chung"]
    assert (field.role, field.type, field.min, field.max) == ("assessed", "number", Decimal(0), Decimal(30))
    assert field.label == "Tiêu chí chung"
    discipline = schema["ky_luat_trong_nam"]
    assert discipline.type == "enum" and discipline.optional and discipline.enum == "ky_luat"
    assert discipline.values[0] == ("khien_trach", "Khiển trách")
    assert schema["vi_pham_dieu_cam"].default is False
    assert schema["co_quan"].role == "key"
    assert schema.tiers == ["htxs", "htt", "htnv", "kht"]
    assert schema.outcome.tiers[0] == ("htxs", "Hoàn thành xuất sắc nhiệm vụ")
    assert len(schema) == len(schema.fields) and schema[0] == schema.fields[0]
    assert list(schema) == list(schema.fields)
    assert schema.to_dict()["fields"][0]["id"] == schema[0].id
    assert "tieu_chi_chung" in repr(schema) and "<table>" in schema._repr_html_()
    with pytest.raises(KeyError):
        schema["khong_co"]


def test_nested_fields_of_lists_and_histories(mau: tieuchi.RuleSet) -> None:
    members = mau.inputs["thanh_vien"]
    assert members.type == "list" and [f.id for f in members.fields] == ["dat"]
    assert mau.inputs["lich_su"].type == "history"


def test_json_schema(nd335: tieuchi.RuleSet) -> None:
    schema = nd335.json_schema()
    assert schema["$schema"].endswith("2020-12/schema")
    assert schema["additionalProperties"] is False
    assert "tieu_chi_chung" in schema["properties"]


def test_check_gives_the_warnings() -> None:
    rules = tieuchi.compile(
        'ruleset w "W" {\n  input a "A": number\n  input b "B": bool\n'
        '  outcome o "O" {\n    t "T" when a > 1\n    u "U" otherwise\n  }\n}\n',
        name="w.tieuchi",
    )
    [warning] = rules.check()
    assert warning.code == "check::unused-input"
    assert warning.severity == "warning" and not warning.is_error
    assert (warning.file, warning.line, warning.column) == ("w.tieuchi", 3, 3)
    assert "input b" in warning.source_line
    assert "--> w.tieuchi:3:3" in str(warning)
    assert warning.help


def test_module_check_reports_without_raising(tmp_path: object) -> None:
    assert tieuchi.check(ND335) == []
    import pathlib

    broken = pathlib.Path(str(tmp_path)) / "x.tieuchi"
    broken.write_text('ruleset x "X" {\n  outcome o "O" { t "T" when nope > 1\n u "U" otherwise }\n}\n')
    [d] = [d for d in tieuchi.check(broken) if d.is_error]
    assert d.code == "check::unknown-name"


def test_the_rule_files_own_tests_pass(nd335: tieuchi.RuleSet, cong_chuc: tieuchi.RuleSet) -> None:
    reports = nd335.test()
    assert reports and all(r.passed for r in reports), [r for r in reports if not r.passed]
    assert len(cong_chuc.test()) > len(reports)  # both versions'


def test_result_attributes(nd335: tieuchi.RuleSet) -> None:
    result = nd335.evaluate(nd335_record(id="CC-0001"), on="2026-12-10")
    assert result.ruleset == "cong_chuc_nd335"
    assert result.subject == "CC-0001"
    assert result.on == datetime.date(2026, 12, 10)
    assert result.status == "rated" and result.rated
    assert result.outcome == tieuchi.Outcome(
        "htt",
        "Hoàn thành tốt nhiệm vụ",
        "score",
        "NĐ 335/2025/NĐ-CP, Điều 20 (mức xếp loại chất lượng công chức) khoản 2: hoàn thành tốt nhiệm vụ"
        " đạt từ 70 điểm trở lên đến dưới 90 điểm",
    )
    tong = result.scores["tong"]
    assert tong.value == Decimal("89.5") and isinstance(tong.value, Decimal)
    assert tong.max == Decimal(100) and tong.label == "Tổng điểm" and tong.parent is None
    assert result.scores["tieu_chi_chung"].parent == "tong"
    assert list(result.scores) == ["tong", "tieu_chi_chung", "ket_qua_nhiem_vu"]
    assert result.findings == []
    assert result.missing_fields == []
    first = result.trace[0]
    assert first.rule == "force kht" and first.holds is False
    assert first.span.startswith(ND335 + ":")
    assert first.conditions[0].condition == "suy_thoai"
    assert first.conditions[0].values == {"suy_thoai": False}
    ladder = [t for t in result.trace if t.rule.startswith("xep_loai.")]
    assert [t.rule for t in ladder] == ["xep_loai.htxs", "xep_loai.htt"]
    assert ladder[0].conditions[0].values == {"tong": "89.5", "nguong_htxs": "90"}


def test_to_dict_is_the_wire_shape(nd335: tieuchi.RuleSet) -> None:
    result = nd335.evaluate(nd335_record())
    wire = result.to_dict()
    assert list(wire) == ["ruleset", "engine", "rules", "status", "outcome", "scores", "values", "params", "findings", "trace"]
    # The HTXS threshold is a parameter of the rules (NĐ 335, Điều 20 khoản 1), not evidence.
    assert wire["params"]["nguong_htxs"]["value"] == "90"
    assert wire["scores"]["tong"] == {
        "value": "89.5",
        "max": "100",
        "label": "Tổng điểm",
        "source": "NĐ 335/2025/NĐ-CP, Điều 12 (thang điểm 100)",
    }
    wire["status"] = "changed"
    assert result.status == "rated"  # a copy
    assert json.loads(result.to_json()) == result.to_dict()
    assert result == nd335.evaluate(nd335_record())


def test_trace_can_be_left_out(nd335: tieuchi.RuleSet) -> None:
    assert nd335.evaluate(nd335_record(), trace=False).trace == []


def test_not_determinable_names_the_missing_fields(nd335: tieuchi.RuleSet) -> None:
    result = nd335.evaluate({"tieu_chi_chung": 28})
    assert result.status == "not determinable" and not result.rated
    assert result.outcome is None and result.tier is None
    assert "suy_thoai" in result.missing_fields and "ket_qua_nhiem_vu" in result.missing_fields
    assert result.scores["tong"].value is None
    assert "chưa xác định được (thiếu " in repr(result)
    english = nd335.evaluate({"tieu_chi_chung": 28}, lang="en")
    assert "not determinable (missing " in repr(english)


def test_knock_out_findings(nd335: tieuchi.RuleSet) -> None:
    result = nd335.evaluate(nd335_record(ky_luat_trong_nam="canh_cao", ket_qua_nhiem_vu=67))
    assert result.outcome is not None and result.outcome.id == "kht" and result.outcome.decided_by == "force"
    [finding] = result.findings
    assert finding.code == "knockout" and finding.applied is True and finding.tier == "kht"
    assert finding.rule and finding.rule.startswith(ND335)


def test_values_are_typed(mau: tieuchi.RuleSet) -> None:
    result = mau.evaluate(
        {"diem": 85, "tu_so": 3, "mau_so": 4, "thanh_vien": [{"dat": True}], "lich_su": [], "don_vi": "A"},
        on="2026-06-30",
    )
    assert result.values == {"ti_so": Decimal("0.75"), "so_nam": Decimal(0), "co_ngay": False}
    assert result.to_dict()["values"] == {"ti_so": "0.75", "so_nam": "0", "co_ngay": False}


def test_repr_str_and_html(nd335: tieuchi.RuleSet) -> None:
    result = nd335.evaluate(nd335_record(id="CC-7"))
    text = repr(result)
    assert text.startswith("<Result cong_chuc_nd335 subject='CC-7': htt")
    # The result's own words are in the language it was asked in: Vietnamese unless asked.
    assert "quyết định bởi score" in text and "decided by" not in text
    assert "decided by score" in repr(nd335.evaluate(nd335_record(id="CC-7"), lang="en"))
    assert "quyết định bởi score" in result._repr_html_()
    assert "tong=89.5/100" in text
    shown = str(result)
    assert "Tổng điểm: 89.5 / 100" in shown
    page = result._repr_html_()
    assert "Hoàn thành tốt nhiệm vụ" in page and "<details>" in page
    assert "<script" not in tieuchi.compile(SMALL.replace("Đạt", "<script>")).evaluate({"diem": 60})._repr_html_()
    assert repr(nd335).startswith("<RuleSet cong_chuc_nd335")
    assert "<table>" in nd335._repr_html_()


def test_codes_and_version() -> None:
    codes = tieuchi.codes()
    assert "check::unknown-name" in codes and "evidence::out-of-range" in codes
    assert any(c.startswith("eval::") for c in codes)
    assert "select::none-in-force" in codes and "quota-demoted" in codes
    entry = tieuchi.explain("select::none-in-force")
    assert entry["kind"] == "select" and entry["summary"] == codes["select::none-in-force"]
    assert entry["explanation"] and entry["example"] and "heading" not in entry
    assert tieuchi.explain("knockout")["heading"] == "Điều kiện loại trừ"
    # Vietnamese by default, English when asked; the codes are the same.
    assert codes["select::empty"] == "chưa nạp bộ quy tắc nào"
    assert tieuchi.codes(lang="en")["select::empty"] == "no rule set is loaded"
    assert tieuchi.explain("select::empty", lang="en")["explanation"].startswith("there is no rule set")
    with pytest.raises(KeyError):
        tieuchi.explain("select::nothing")
    assert tieuchi.__version__


def test_a_rule_set_is_shared_by_threads(nd335: tieuchi.RuleSet) -> None:
    results: list[str | None] = []

    def work() -> None:
        for i in range(200):
            results.append(nd335.evaluate(nd335_record(ket_qua_nhiem_vu=i % 70)).tier)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(results) == 800 and set(results) <= {"htxs", "htt", "htnv", "kht"}


def test_mau_is_a_path() -> None:
    assert MAU.is_file()


def test_a_result_names_its_engine_and_rules(cong_chuc: tieuchi.RuleSet) -> None:
    """The envelope: the same bytes as the command line gives (the shared corpus checks them),
    typed here."""
    result = cong_chuc.evaluate(nd335_record(), on="2026-06-30")
    assert result.engine == tieuchi.Engine("tieuchi", tieuchi.__version__)
    rules = result.rules
    assert rules.id == "cong_chuc_nd335"
    assert len(rules.sha256) == 64 and int(rules.sha256, 16) >= 0
    assert rules.chosen_because == "có hiệu lực vào ngày 2026-06-30"
    english = cong_chuc.evaluate(nd335_record(), on="2026-06-30", lang="en")
    assert english.rules.chosen_because == "in force on 2026-06-30"
    assert rules.valid_from == datetime.date(2026, 1, 1) and rules.valid_until is None
    # The fingerprint is the rule text's, not the file's name.
    text = (ROOT / ND335).read_text(encoding="utf-8")
    assert tieuchi.compile(text, name="elsewhere.tieuchi").evaluate(nd335_record()).rules.sha256 == rules.sha256
    changed = tieuchi.compile(text.replace("Hoàn thành tốt nhiệm vụ", "Hoàn thành tốt nhiệm vụ.", 1))
    assert changed.evaluate(nd335_record()).rules.sha256 != rules.sha256


def test_the_tier_the_score_reached_stays_beside_a_knockout(nd335: tieuchi.RuleSet) -> None:
    result = nd335.evaluate(nd335_record(ket_qua_nhiem_vu=67, suy_thoai=True))
    assert result.outcome is not None
    assert (result.outcome.id, result.outcome.decided_by) == ("kht", "force")
    assert result.outcome.by_score == tieuchi.Tier("htxs", "Hoàn thành xuất sắc nhiệm vụ")
    plain = nd335.evaluate(nd335_record())
    assert plain.outcome is not None and plain.outcome.by_score is None


def test_a_rule_set_pickles_as_its_rule_text(cong_chuc: tieuchi.RuleSet) -> None:
    # What a cluster's executors receive: the rule files' text, compiled again there.
    import pickle

    data = pickle.dumps(cong_chuc.version("2026-12-10"))
    assert b"ruleset cong_chuc_nd335" in data
    again = pickle.loads(data)
    assert again.id == "cong_chuc_nd335" and len(again._family_ids()) == 1
    family = pickle.loads(pickle.dumps(cong_chuc))
    assert family._family_ids() == cong_chuc._family_ids()
    record = {"on": "2025-12-10", "co_quan": "A", "nhom": "B", "thoi_gian_cong_tac": 12}
    assert family.evaluate(record).to_dict() == cong_chuc.evaluate(record).to_dict()
    # The engine's split of a batch and its row shape, for tieuchi.spark.
    assert family._partition_keys() == ["co_quan", "nhom"]
    assert tieuchi.compile(SMALL)._partition_keys() is None
    assert family._row_schema().names[:3] == ["row", "subject", "ruleset"]


def test_a_layered_result_names_the_layer_that_decided() -> None:
    """The model provincial layer on NĐ 335: its own knock-out is its decision, a national
    knock-out stays the national rules' (rules/cong-chuc/tinh-mau-nd335.cases.json)."""
    rules = tieuchi.load(CONG_CHUC, ruleset="cong_chuc_tinh_mau")
    base = nd335_record(tieu_chi_chung=30, ket_qua_nhiem_vu=65)
    own = rules.evaluate({**base, "ho_so_qua_han": 3}, on="2026-12-10").outcome
    assert own is not None and (own.id, own.decided_by) == ("kht", "force")
    assert own.layer is not None and own.layer.id == "cong_chuc_tinh_mau" and "MẪU" in (own.layer.source or "")
    national = rules.evaluate({**base, "ky_luat_trong_nam": "khien_trach"}, on="2026-12-10").outcome
    assert national is not None and national.layer is not None and national.layer.id == "cong_chuc_nd335"
    assert tieuchi.load(ND335).evaluate(base, on="2026-12-10").outcome.layer is None  # type: ignore[union-attr]
