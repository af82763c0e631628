"""Every error path: rule errors with diagnostics, version selection, evidence refused field by
field (by the engine or by the conversion), arithmetic without an exact answer, misuse of the
API. Each is an exception object; none crashes the interpreter."""

from __future__ import annotations

import math
import pickle
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import tieuchi
from conftest import ND335, nd335_record

BROKEN = """ruleset x "X" {
  input diem "Điểm": number in 0..100
  outcome ket_qua "Kết quả" {
    dat "Đạt" when tng >= 50
    khong_dat "Không đạt" otherwise
  }
}
"""


# --- rule errors ------------------------------------------------------------------------------


def test_a_check_error_carries_its_diagnostics() -> None:
    with pytest.raises(tieuchi.RuleError) as caught:
        tieuchi.compile(BROKEN, name="rules/x.tieuchi")
    error = caught.value
    assert isinstance(error, tieuchi.TieuchiError) and isinstance(error, ValueError)
    assert error.code == "check::unknown-name"
    errors = [d for d in error.diagnostics if d.is_error]
    [d] = errors
    assert (d.code, d.line, d.column) == ("check::unknown-name", 4, 20)
    assert d.message == "không có tên `tng`"
    assert d.file == "rules/x.tieuchi"
    assert d.source_line == "    dat \"Đạt\" when tng >= 50"
    assert d.help
    text = str(error)
    assert text.startswith("1 lỗi trong `rules/x.tieuchi`")
    assert "lỗi[check::unknown-name]: không có tên `tng`" in text
    assert "\n  = gợi ý: khai báo bằng `input`" in text
    assert "--> rules/x.tieuchi:4:20" in text
    assert "4 |     dat \"Đạt\" when tng >= 50" in text
    assert "^^^" in text


def test_a_syntax_error() -> None:
    with pytest.raises(tieuchi.RuleError) as caught:
        tieuchi.compile('ruleset x "X" {\n  input diem "Điểm" number\n', name="s.tieuchi")
    d = caught.value.diagnostics[0]
    assert d.code.startswith("syntax::")
    assert d.line == 2 and d.column > 1
    assert "--> s.tieuchi:2:" in str(caught.value)


def test_every_error_is_reported() -> None:
    text = BROKEN.replace("diem >= 50", "x").replace("tng >= 50", "tng >= 50 and abc")
    with pytest.raises(tieuchi.RuleError) as caught:
        tieuchi.compile(text)
    assert len([d for d in caught.value.diagnostics if d.is_error]) == 2
    assert str(caught.value).startswith("2 lỗi trong")


def test_an_empty_source() -> None:
    with pytest.raises(tieuchi.RuleError) as caught:
        tieuchi.compile("")
    assert caught.value.diagnostics


def test_a_source_too_large() -> None:
    with pytest.raises(tieuchi.RuleError) as caught:
        tieuchi.compile("#" * (2 << 20))
    assert caught.value.code == "syntax::too-large"


def test_nesting_too_deep() -> None:
    deep = "(" * 200 + "1" + ")" * 200
    with pytest.raises(tieuchi.RuleError) as caught:
        tieuchi.compile(
            f'ruleset d "D" {{\n  outcome o "O" {{\n    a "A" when {deep} > 0\n    b "B" otherwise\n  }}\n}}\n'
        )
    assert caught.value.code == "syntax::too-deep"


def test_compile_takes_text() -> None:
    with pytest.raises(TypeError):
        tieuchi.compile(b"ruleset")  # type: ignore[arg-type]


def test_load_reports_a_broken_file_in_a_folder(tmp_path: Path) -> None:
    (tmp_path / "a.tieuchi").write_text(BROKEN, encoding="utf-8")
    with pytest.raises(tieuchi.RuleError) as caught:
        tieuchi.load(tmp_path)
    assert caught.value.diagnostics[0].file == str(tmp_path / "a.tieuchi")


def test_load_a_missing_path() -> None:
    with pytest.raises(FileNotFoundError, match="`rules/khong-co.tieuchi` không tồn tại"):
        tieuchi.load("rules/khong-co.tieuchi")
    with pytest.raises(FileNotFoundError, match="`rules/khong-co.tieuchi` does not exist"):
        tieuchi.load("rules/khong-co.tieuchi", lang="en")


def test_load_an_empty_folder(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="không có tệp quy tắc nào trong"):
        tieuchi.load(tmp_path)
    with pytest.raises(FileNotFoundError, match="no rule file under"):
        tieuchi.check(tmp_path, lang="en")


def test_explain_of_an_unknown_code_says_so_in_the_language_asked_for() -> None:
    with pytest.raises(KeyError, match="không có mã `select::nothing`"):
        tieuchi.explain("select::nothing")
    with pytest.raises(KeyError, match="no code `select::nothing`"):
        tieuchi.explain("select::nothing", lang="en")


def test_load_a_file_that_is_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "latin.tieuchi"
    path.write_bytes(b'ruleset x "\xe9" {}')
    with pytest.raises(UnicodeDecodeError):
        tieuchi.load(path)


def test_rule_errors_pickle() -> None:
    with pytest.raises(tieuchi.RuleError) as caught:
        tieuchi.compile(BROKEN)
    again = pickle.loads(pickle.dumps(caught.value))
    assert again.diagnostics == caught.value.diagnostics and str(again) == str(caught.value)


# --- choosing a version -------------------------------------------------------------------


def test_several_families_and_none_named() -> None:
    with pytest.raises(tieuchi.SelectError) as caught:
        tieuchi.load("rules")
    assert caught.value.code == "select::ambiguous"
    assert isinstance(caught.value, LookupError)
    assert "cong_chuc_nd335" in str(caught.value)


def test_an_unknown_family() -> None:
    with pytest.raises(tieuchi.SelectError) as caught:
        tieuchi.load("rules/cong-chuc", ruleset="khong_co")
    assert caught.value.code == "select::unknown"


def test_a_family_needs_a_date(cong_chuc: tieuchi.RuleSet) -> None:
    with pytest.raises(tieuchi.SelectError) as caught:
        cong_chuc.evaluate(nd335_record())
    assert caught.value.code == "select::need-date"
    # In a batch, each record is rated by the version in force on its date: one without a date
    # is its own error row; `errors="raise"` raises it.
    [row] = cong_chuc.evaluate_many([nd335_record()], output="records")
    assert row["status"] == "error" and row["errors"][0]["code"] == "select::need-date"
    assert row["errors"][0]["field"] == "on"
    with pytest.raises(tieuchi.SelectError):
        cong_chuc.evaluate_many([nd335_record()], errors="raise")


def test_an_unknown_or_unnamed_family_is_the_engine_s_select_error() -> None:
    with pytest.raises(tieuchi.SelectError) as caught:
        tieuchi.load("rules/cong-chuc", ruleset="cong_chuc_nd999")
    assert caught.value.code == "select::unknown"
    assert caught.value.to_dict()["summary"] == "chưa nạp bộ quy tắc `cong_chuc_nd999`"
    with pytest.raises(tieuchi.SelectError) as caught:
        tieuchi.load("rules")
    assert caught.value.code == "select::ambiguous"
    assert caught.value.to_dict()["errors"][0]["help"]


def test_no_version_in_force(cong_chuc: tieuchi.RuleSet) -> None:
    with pytest.raises(tieuchi.SelectError) as caught:
        cong_chuc.evaluate(nd335_record(), on="2001-01-01")
    assert caught.value.code == "select::none-in-force"
    with pytest.raises(tieuchi.SelectError):
        cong_chuc.version("2001-01-01")


def test_a_bad_evaluation_date(nd335: tieuchi.RuleSet) -> None:
    with pytest.raises(ValueError, match="not a date") as caught:
        nd335.evaluate(nd335_record(), on="2026-13-01", lang="en")
    # The engine's argument error, as JavaScript throws it for the same call.
    assert isinstance(caught.value, tieuchi.ArgumentError) and isinstance(caught.value, tieuchi.TieuchiError)
    failure = caught.value.to_dict()
    assert (failure["kind"], failure["code"], failure["field"]) == ("argument", "argument::bad-date", "on")
    assert failure["message"] == "`2026-13-01` is not a date; write YYYY-MM-DD"
    assert failure["errors"][0]["rendered"].startswith("error[argument::bad-date]: `on`: ")
    assert caught.value.code in tieuchi.codes()
    with pytest.raises(TypeError):
        nd335.evaluate(nd335_record(), on=20260101)
    with pytest.raises(ValueError):
        nd335.evaluate_many([nd335_record()], on="hôm nay")


# --- evidence refused by the engine -----------------------------------------------------------


def problems(rules: tieuchi.RuleSet, record: object) -> list[tuple[str, str]]:
    with pytest.raises(tieuchi.EvidenceError) as caught:
        rules.evaluate(record)  # type: ignore[arg-type]
    assert caught.value.record is None
    return [(e.code, e.field) for e in caught.value.errors]


def test_the_corpus_evidence_errors_in_order(nd335: tieuchi.RuleSet) -> None:
    record = {"tieu_chi_chung": "31", "ket_qua_nhiem_vu": "abc", "suy_thoai": "no", "la_lanh_dao": False, "diem": 1}
    assert problems(nd335, record) == [
        ("evidence::unknown-field", "diem"),
        ("evidence::wrong-type", "suy_thoai"),
        ("evidence::out-of-range", "tieu_chi_chung"),
        ("evidence::bad-number", "ket_qua_nhiem_vu"),
    ]


def test_an_evidence_error_explains_itself(nd335: tieuchi.RuleSet) -> None:
    with pytest.raises(tieuchi.EvidenceError) as caught:
        nd335.evaluate(nd335_record(tieu_chi_chung=Decimal("30.5")), lang="en")
    error = caught.value
    assert isinstance(error, ValueError)
    assert (error.code, error.field) == ("evidence::out-of-range", "tieu_chi_chung")
    assert error.message == "30.5 is outside the range 0..30"
    assert str(error) == (
        "the evidence has 1 problem\n"
        "error[evidence::out-of-range]: `tieu_chi_chung`: 30.5 is outside the range 0..30\n"
        "  = help: the value must be between 0 and 30"
    )
    again = pickle.loads(pickle.dumps(error))
    assert again.errors == error.errors


def test_each_evidence_code(mau: tieuchi.RuleSet) -> None:
    base = {"diem": 60, "thanh_vien": [], "lich_su": [], "don_vi": "A"}
    assert problems(mau, [base]) == [("evidence::not-an-object", "")]
    assert problems(mau, {**base, "khong_co": 1}) == [("evidence::unknown-field", "khong_co")]
    assert problems(mau, {**base, "diem": True}) == [("evidence::wrong-type", "diem")]
    assert problems(mau, {**base, "so_lan": 2.5}) == [("evidence::not-integer", "so_lan")]
    assert problems(mau, {**base, "diem": 101}) == [("evidence::out-of-range", "diem")]
    assert problems(mau, {**base, "ty_le": 85}) == [("evidence::out-of-range", "ty_le")]
    assert problems(mau, {**base, "muc_do": "rat_cao"}) == [("evidence::bad-enum-value", "muc_do")]
    assert problems(mau, {**base, "ngay": "2026-02-30"}) == [("evidence::bad-date", "ngay")]
    assert problems(mau, {**base, "diem": "1e400"}) == [("evidence::bad-number", "diem")]
    assert problems(mau, {**base, "lich_su": [{"year": 2024, "dat": True}, {"year": 2024, "dat": False}]}) == [
        ("evidence::duplicate-year", "lich_su")
    ]
    assert problems(mau, {**base, "thanh_vien": [{"dat": True}] * 100_001}) == [("evidence::too-many", "thanh_vien")]
    assert problems(mau, {**base, "thanh_vien": [{"dat": "yes"}]}) == [("evidence::wrong-type", "thanh_vien[0].dat")]
    assert problems(mau, {**base, "id": ["x"]}) == [("evidence::wrong-type", "id")]
    assert problems(mau, {**base, "on": "tomorrow"}) == [("evidence::bad-date", "on")]


# --- evidence refused by the conversion ---------------------------------------------------


def test_values_python_cannot_give_as_evidence(mau: tieuchi.RuleSet) -> None:
    base = {"diem": 60, "thanh_vien": [], "lich_su": [], "don_vi": "A"}
    assert problems(mau, {**base, "ghi_chu": {1, 2}}) == [("evidence::wrong-type", "ghi_chu")]
    assert problems(mau, {**base, "ghi_chu": b"bytes"}) == [("evidence::wrong-type", "ghi_chu")]
    assert problems(mau, {**base, "ghi_chu": object()}) == [("evidence::wrong-type", "ghi_chu")]
    assert problems(mau, {**base, "ghi_chu": "\ud800"}) == [("evidence::wrong-type", "ghi_chu")]
    assert problems(mau, {**base, "diem": math.inf}) == [("evidence::bad-number", "diem")]
    assert problems(mau, {**base, "diem": Decimal("-Infinity")}) == [("evidence::bad-number", "diem")]
    assert problems(mau, {**base, "diem": 10**40}) == [("evidence::bad-number", "diem")]
    assert problems(mau, {**base, "diem": Decimal("1E+999999999")}) == [("evidence::bad-number", "diem")]
    assert problems(mau, {**base, 3: 1}) == [("evidence::unknown-field", "3")]
    assert problems(mau, {**base, "thanh_vien": [{"dat": {1}}]}) == [("evidence::wrong-type", "thanh_vien[0].dat")]
    assert problems(mau, {1, 2}) == [("evidence::not-an-object", "")]
    assert problems(mau, None) == [("evidence::not-an-object", "")]


def test_conversion_and_engine_problems_together(mau: tieuchi.RuleSet) -> None:
    record = {"diem": 500, "ghi_chu": {1}, "thanh_vien": [], "lich_su": [], "don_vi": "A"}
    assert problems(mau, record) == [("evidence::wrong-type", "ghi_chu"), ("evidence::out-of-range", "diem")]


def test_nesting_without_end_is_refused(mau: tieuchi.RuleSet) -> None:
    deep: list[object] = []
    inner = deep
    for _ in range(10_000):
        nxt: list[object] = []
        inner.append(nxt)
        inner = nxt
    codes = problems(mau, {"diem": 60, "thanh_vien": deep, "lich_su": [], "don_vi": "A"})
    assert codes[0][0] == "evidence::wrong-type"
    cyclic: list[object] = []
    cyclic.append(cyclic)
    assert problems(mau, {"diem": 60, "thanh_vien": cyclic, "lich_su": [], "don_vi": "A"})
    looped: dict[str, object] = {"diem": 60}
    looped["self"] = looped
    assert problems(mau, looped)


# --- arithmetic without an exact answer -------------------------------------------------------


def test_division_by_zero(mau: tieuchi.RuleSet) -> None:
    record = {"diem": 90, "tu_so": 1, "mau_so": 0, "thanh_vien": [], "lich_su": [], "don_vi": "A"}
    with pytest.raises(tieuchi.EvaluationError) as caught:
        mau.evaluate(record, lang="en")
    error = caught.value
    assert isinstance(error, ArithmeticError) and isinstance(error, tieuchi.TieuchiError)
    assert error.code == "eval::division-by-zero"
    assert error.location.endswith("mau.tieuchi:24:23")
    assert "/" in error.expression
    assert "division by zero" in str(error)
    out = mau.evaluate_many([record, {**record, "mau_so": 2}], output="records")
    assert out[0]["status"] == "error" and out[0]["errors"][0]["code"] == "eval::division-by-zero"
    assert "mau.tieuchi:24:23" in out[0]["errors"][0]["message"]
    assert out[1]["status"] == "rated"
    with pytest.raises(tieuchi.EvaluationError) as many:
        mau.evaluate_many([{**record, "mau_so": 2}, record], errors="raise")
    assert many.value.record == 1


# --- batches ------------------------------------------------------------------------------


def test_refused_rows_have_an_error_column(nd335: tieuchi.RuleSet) -> None:
    rows = nd335.evaluate_many(
        [nd335_record(id="a"), nd335_record(id="b", tieu_chi_chung=31, diem=1), ["x"]], output="records", lang="en"
    )
    assert [r["status"] for r in rows] == ["rated", "error", "error"]
    assert rows[0]["errors"] is None
    assert rows[1]["subject"] == "b"
    assert rows[1]["errors"] == [
        {
            "code": "evidence::unknown-field",
            "field": "diem",
            "message": "`diem` is not an input of `cong_chuc_nd335`",
        },
        {"code": "evidence::out-of-range", "field": "tieu_chi_chung", "message": "31 is outside the range 0..30"},
    ]
    assert rows[2]["errors"][0]["code"] == "evidence::not-an-object"


def test_errors_raise(nd335: tieuchi.RuleSet) -> None:
    with pytest.raises(tieuchi.EvidenceError) as caught:
        nd335.evaluate_many([nd335_record(), nd335_record(), nd335_record(suy_thoai="no")], errors="raise")
    assert caught.value.record == 2
    assert str(caught.value).startswith("[2] dữ liệu minh chứng có 1 lỗi\n")
    with pytest.raises(tieuchi.EvidenceError) as caught:
        nd335.evaluate_many([nd335_record(), nd335_record(suy_thoai="no")], errors="raise", lang="en")
    assert str(caught.value).startswith("[1] the evidence has 1 problem\n")


def alone_and_in_a_batch(rules: tieuchi.RuleSet, records: Any, i: int, record: dict[str, Any]) -> None:
    """``evaluate_many(errors="raise")`` raises for the first refused record what ``evaluate``
    raises for it alone: the same class, the same failure record, plus the record's index."""
    with pytest.raises(tieuchi.TieuchiError) as alone:
        rules.evaluate(record)
    with pytest.raises(tieuchi.TieuchiError) as many:
        rules.evaluate_many(records, errors="raise")
    assert type(many.value) is type(alone.value)
    assert many.value.to_dict() == {**alone.value.to_dict(), "record": i}
    assert many.value.record == i  # type: ignore[attr-defined]
    assert many.value.to_dict()["errors"][0]["help"], "the whole failure, not a row's cells"


def test_errors_raise_gives_the_failure_of_the_record_alone(
    nd335: tieuchi.RuleSet, cong_chuc: tieuchi.RuleSet, mau: tieuchi.RuleSet
) -> None:
    good = nd335_record()
    # Evidence: every problem, by field, each with its help.
    bad = nd335_record(tieu_chi_chung=31, suy_thoai="no", diem=1)
    alone_and_in_a_batch(nd335, [good, good, bad, nd335_record(suy_thoai="no")], 2, bad)
    # What the conversion could not read, with what the engine found in the rest.
    unreadable = nd335_record(tieu_chi_chung=Decimal("NaN"), suy_thoai="no")
    alone_and_in_a_batch(nd335, [good, unreadable], 1, unreadable)
    # Arithmetic: the rule's place, its source line and expression.
    division = {"diem": 90, "tu_so": 1, "mau_so": 0, "thanh_vien": [], "lich_su": [], "don_vi": "A"}
    alone_and_in_a_batch(mau, [{**division, "mau_so": 2}, division], 1, division)
    with pytest.raises(tieuchi.EvaluationError) as caught:
        mau.evaluate_many([{**division, "mau_so": 2}, division], errors="raise")
    assert caught.value.location.endswith("mau.tieuchi:24:23") and caught.value.expression
    # The version chosen by the record's own date: none is in force on it.
    early = nd335_record(on="2001-01-01")
    alone_and_in_a_batch(cong_chuc, [nd335_record(on="2026-06-30"), early], 1, early)
    # From a DataFrame (Arrow columns), the same.
    pd = pytest.importorskip("pandas")
    over = nd335_record(tieu_chi_chung=31)
    alone_and_in_a_batch(nd335, pd.DataFrame([good, over, good]), 1, over)
    # Nothing refused: the rows.
    assert len(nd335.evaluate_many([good, good], errors="raise", output="records")) == 2


def test_evaluate_many_refuses_what_is_not_a_batch(nd335: tieuchi.RuleSet) -> None:
    for bad in (nd335_record(), "records", 42, None):
        with pytest.raises(TypeError, match="evaluate_many nhận"):
            nd335.evaluate_many(bad)
        with pytest.raises(TypeError, match="evaluate_many takes"):
            nd335.evaluate_many(bad, lang="en")
    with pytest.raises(ValueError, match="errors="):
        nd335.evaluate_many([], errors="ignore")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="decimals="):
        nd335.evaluate_many([], decimals="binary")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="output="):
        nd335.evaluate_many([], output="excel")  # type: ignore[arg-type]


def test_a_frame_with_a_column_twice(nd335: tieuchi.RuleSet) -> None:
    pd = pytest.importorskip("pandas")
    frame = pd.DataFrame([[1, 2]], columns=["tieu_chi_chung", "tieu_chi_chung"])
    with pytest.raises(ValueError, match="`tieu_chi_chung` xuất hiện hai lần"):
        nd335.evaluate_many(frame)
    with pytest.raises(ValueError, match="`tieu_chi_chung` appears twice"):
        nd335.evaluate_many(frame, lang="en")


def test_unknown_columns_are_refused_row_by_row(nd335: tieuchi.RuleSet) -> None:
    pd = pytest.importorskip("pandas")
    frame = pd.DataFrame([{**nd335_record(), "ho_ten": "Nguyễn Văn A"}])
    out = nd335.evaluate_many(frame)
    assert out["status"].tolist() == ["error"]
    [error] = out["errors"][0]
    assert (error["code"], error["field"]) == ("evidence::unknown-field", "ho_ten")
    assert ND335


def test_nothing_lenient_or_inexact_is_read(mau: tieuchi.RuleSet) -> None:
    """Issue 11, defects 6 and 9: a datetime with a time is not a date, a Decimal with more than
    28 significant digits is refused (not rounded), and `1_0`, `+10`, `60%%` are not numbers."""
    import datetime

    base = {"diem": 60, "thanh_vien": [], "lich_su": [], "don_vi": "A"}
    assert problems(mau, {**base, "ngay": datetime.datetime(2024, 12, 31, 23, 0)}) == [("evidence::bad-date", "ngay")]
    assert problems(mau, {**base, "ngay": "20250101"}) == [("evidence::bad-date", "ngay")]
    assert problems(mau, {**base, "diem": Decimal("59.99999999999999999999999999999")}) == [
        ("evidence::bad-number", "diem")
    ]
    for text in ["1_0", "+10", "60%%"]:
        assert problems(mau, {**base, "diem": text}) == [("evidence::bad-number", "diem")], text


def test_messages_are_vietnamese_unless_english_is_asked_for(nd335: tieuchi.RuleSet) -> None:
    """An evidence error, a finding and a batch's error row: Vietnamese by default, English with
    ``lang="en"``, the codes the same."""
    bad = nd335_record(tieu_chi_chung=Decimal("30.5"))
    raised = {}
    for lang in ("vi", "en"):
        with pytest.raises(tieuchi.EvidenceError) as caught:
            nd335.evaluate(bad, lang=lang)
        raised[lang] = caught.value
    with pytest.raises(tieuchi.EvidenceError) as caught:
        nd335.evaluate(bad)
    assert caught.value.message == raised["vi"].message
    assert raised["vi"].code == raised["en"].code == "evidence::out-of-range"
    assert raised["vi"].message == "30.5 nằm ngoài khoảng 0..30"
    assert raised["vi"].errors[0].help == "giá trị phải nằm trong khoảng từ 0 đến 30"
    assert raised["en"].message == "30.5 is outside the range 0..30"
    assert str(raised["vi"]).startswith("dữ liệu minh chứng có 1 lỗi\n")

    top = nd335_record(tieu_chi_chung=Decimal("30"), ket_qua_nhiem_vu=Decimal("70"))
    labels = {}
    for lang in ("vi", "en"):
        findings = nd335.evaluate(top, lang=lang).findings
        pending = [f for f in findings if f.code == "quota-pending"]
        assert len(pending) == 1, findings
        labels[lang] = pending[0].label
    assert labels["vi"].startswith("`htxs` chỉ được tối đa 20% của `htt`"), labels["vi"]
    assert labels["en"].startswith("`htxs` is limited to 20% of `htt`"), labels["en"]

    rows = {lang: nd335.evaluate_many([bad], output="records", lang=lang) for lang in ("vi", "en")}
    vi, en = rows["vi"][0]["errors"][0], rows["en"][0]["errors"][0]
    assert (vi["code"], vi["field"]) == (en["code"], en["field"]) == ("evidence::out-of-range", "tieu_chi_chung")
    assert vi["message"] == "30.5 nằm ngoài khoảng 0..30"
    assert en["message"] == "30.5 is outside the range 0..30"

    # A language the engine does not read is its own argument error, as every front end gives it.
    with pytest.raises(tieuchi.ArgumentError) as unknown:
        nd335.evaluate(bad, lang="fr")  # type: ignore[arg-type]
    assert (unknown.value.code, unknown.value.field) == ("argument::invalid", "lang")
    assert unknown.value.message == "`fr` không phải là ngôn ngữ tieuchi hỗ trợ"

    # What the Python conversion refuses follows the language too.
    odd = nd335_record(tieu_chi_chung=object())
    for lang, words in (("vi", "không dùng làm dữ liệu minh chứng được"), ("en", "cannot be evidence")):
        with pytest.raises(tieuchi.EvidenceError) as caught:
            nd335.evaluate(odd, lang=lang)
        assert caught.value.code == "evidence::wrong-type"
        assert words in caught.value.message, caught.value.message


def test_errors_are_worded_in_the_language_asked_for_labels_included(mau: tieuchi.RuleSet, nd335: tieuchi.RuleSet) -> None:
    """The engine's labels (`lỗi`/`error`, `gợi ý`/`help`) and the package's own words around an
    error (`bản ghi 1: `/`record 1: `) follow `lang`, Vietnamese by default; codes are the same."""
    bad = nd335_record(tieu_chi_chung=Decimal("30.5"))
    with pytest.raises(tieuchi.EvidenceError) as vi:
        nd335.evaluate(bad)
    assert str(vi.value) == (
        "dữ liệu minh chứng có 1 lỗi\n"
        "lỗi[evidence::out-of-range]: `tieu_chi_chung`: 30.5 nằm ngoài khoảng 0..30\n"
        "  = gợi ý: giá trị phải nằm trong khoảng từ 0 đến 30"
    )
    assert pickle.loads(pickle.dumps(vi.value)).errors == vi.value.errors
    record = {"diem": 90, "tu_so": 1, "mau_so": 0, "thanh_vien": [], "lich_su": [], "don_vi": "A"}
    for lang, head, label, help_label in (("vi", "bản ghi 1: ", "lỗi[", "= gợi ý: "), ("en", "record 1: ", "error[", "= help: ")):
        with pytest.raises(tieuchi.EvaluationError) as caught:
            mau.evaluate_many([{**record, "mau_so": 2}, record], errors="raise", lang=lang)
        text = str(caught.value)
        assert text.startswith(head + label + "eval::division-by-zero]: "), text
        assert help_label in text, text
    with pytest.raises(tieuchi.ArgumentError) as argument:
        nd335.evaluate(nd335_record(), on="2026-13-01")
    assert str(argument.value).startswith("lỗi[argument::bad-date]: `on`: "), str(argument.value)
    with pytest.raises(tieuchi.SelectError) as select:
        tieuchi.load("rules/cong-chuc", ruleset="cong_chuc_nd999")
    assert str(select.value).startswith("lỗi[select::unknown]: "), str(select.value)
