"""``evaluate_many``: lists of dicts, DataFrames and Arrow tables in; one row per record out, in
input order, with the batch's quotas applied; the rule library's own case files through it."""

from __future__ import annotations

import datetime
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

import tieuchi
from conftest import ROOT, nd335_record

FIXED = ["row", "subject", "ruleset", "rules_sha256", "engine", "on", "status", "outcome", "decided_by"]
ND335_COLUMNS = [*FIXED, "tong", "tieu_chi_chung", "ket_qua_nhiem_vu", "findings", "errors"]


def codes(findings: Any) -> list[str]:
    """The codes of a row's findings (a list of ``{code, rule, message}``)."""
    return [f["code"] for f in findings]


def error_text(errors: Any) -> str | None:
    """A row's errors as ``code@field`` joined, or ``None``."""
    if errors is None or len(errors) == 0:
        return None
    return "; ".join(f"{e['code']}@{e['field']}" if e["field"] else e["code"] for e in errors)


def group(points: list[tuple[int, int]], **fields: Any) -> list[dict[str, Any]]:
    return [
        nd335_record(id=f"CC-{i:02d}", co_quan="Sở Nội vụ", nhom="Chuyên viên", tieu_chi_chung=a, ket_qua_nhiem_vu=b)
        | fields
        for i, (a, b) in enumerate(points)
    ]


# Domain Ex 3: four candidates ≥ 90, five HTT, one HTNV: one HTXS is kept (20% × 8 after demotion).
EX3 = group([(30, 66), (30, 64), (30, 62), (30, 60), (25, 60), (25, 55), (25, 53), (25, 50), (22, 50), (20, 40)])
EX3_TIERS = ["htxs", "htt", "htt", "htt", "htt", "htt", "htt", "htt", "htt", "htnv"]


def test_a_list_of_dicts_gives_a_dataframe(nd335: tieuchi.RuleSet) -> None:
    out = nd335.evaluate_many(EX3)
    assert isinstance(out, pd.DataFrame)
    assert list(out.columns) == ND335_COLUMNS
    assert list(out.index) == list(range(10))
    assert out["outcome"].tolist() == EX3_TIERS
    assert out["subject"].tolist() == [r["id"] for r in EX3]
    assert out["decided_by"].tolist()[:4] == ["score", "quota", "quota", "quota"]
    assert [codes(f) for f in out["findings"].tolist()[:2]] == [["quota-kept"], ["quota-demoted"]]
    assert out["tong"][0] == Decimal(96) and isinstance(out["tong"][0], Decimal)
    assert out["errors"].isna().all()
    assert out["ruleset"].tolist() == [nd335.id] * 10
    assert out["row"].tolist() == list(range(10))
    # Labels are the rule set's, once, not on every row.
    assert dict(nd335.inputs.outcome.tiers)[out["outcome"][9]] == "Hoàn thành nhiệm vụ"


def test_quotas_apply_over_the_whole_batch_in_any_order(nd335: tieuchi.RuleSet) -> None:
    shuffled = EX3[::-1]
    out = nd335.evaluate_many(shuffled)
    assert out["outcome"].tolist() == EX3_TIERS[::-1]
    # One record alone cannot apply the quota: it is pending.
    single = nd335.evaluate(EX3[0])
    assert [f.code for f in single.findings] == ["quota-pending"]


def test_a_dataframe_keeps_its_index_and_order(nd335: tieuchi.RuleSet) -> None:
    frame = pd.DataFrame(EX3, index=[f"r{i}" for i in range(9, -1, -1)])
    out = nd335.evaluate_many(frame)
    assert list(out.index) == list(frame.index)
    assert out["outcome"].tolist() == EX3_TIERS
    joined = frame.join(out[["outcome"]])
    assert joined.loc["r9", "outcome"] == "htxs"


def test_an_arrow_table_gives_an_arrow_table(nd335: tieuchi.RuleSet) -> None:
    table = pa.Table.from_pylist(EX3)
    out = nd335.evaluate_many(table)
    assert isinstance(out, pa.Table)
    assert out.column_names == ND335_COLUMNS
    assert out.column("outcome").to_pylist() == EX3_TIERS
    assert pa.types.is_decimal(out.schema.field("tong").type)
    assert out.column("tong").to_pylist()[0] == Decimal(96)
    assert out.schema.field("status").type == pa.dictionary(pa.int32(), pa.string())
    # Each row names the rules that made it and the engine, as a result's envelope does; the
    # schema names the engine too.
    single = nd335.evaluate(EX3[0])
    assert set(out.column("rules_sha256").to_pylist()) == {single.rules.sha256}
    assert set(out.column("engine").to_pylist()) == {f"{single.engine.name} {single.engine.version}"}
    assert out.schema.field("engine").type == pa.dictionary(pa.int32(), pa.string())
    assert out.schema.metadata[b"tieuchi.engine.name"] == b"tieuchi"
    text = pa.field("code", pa.string(), False)
    finding = pa.struct([text, text.with_name("rule"), text.with_name("message")])
    assert out.schema.field("findings").type == pa.list_(pa.field("item", finding, False))
    batch = table.to_batches()[0]
    assert nd335.evaluate_many(batch).column("outcome").to_pylist() == EX3_TIERS


def test_outputs_and_decimals(nd335: tieuchi.RuleSet) -> None:
    records = [nd335_record(ket_qua_nhiem_vu="61.99"), nd335_record(ket_qua_nhiem_vu=None)]
    out = nd335.evaluate_many(records, output="records")
    assert out[0]["tong"] == Decimal("89.99") and out[1]["tong"] is None
    strings = nd335.evaluate_many(records, decimals="str", output="records")
    assert strings[0]["tong"] == "89.99"
    floats = nd335.evaluate_many(records, decimals="float")
    assert floats["tong"].dtype == pd.ArrowDtype(pa.float64())
    assert floats["tong"][0] == 89.99 and floats["tong"].isna().tolist() == [False, True]
    arrow = nd335.evaluate_many(records, output="arrow")
    assert arrow.column("tong").to_pylist() == [Decimal("89.99"), None]
    # The scale the values need, at decimal128's full precision.
    assert arrow.schema.field("tong").type == pa.decimal128(38, 2)
    arrow_floats = nd335.evaluate_many(records, output="arrow", decimals="float")
    assert arrow_floats.column("tong").to_pylist() == [89.99, None]
    assert nd335.evaluate_many(pd.DataFrame(records), output="records")[0]["tong"] == Decimal("89.99")


def test_an_empty_batch(nd335: tieuchi.RuleSet) -> None:
    out = nd335.evaluate_many([])
    assert len(out) == 0 and list(out.columns) == ND335_COLUMNS
    assert len(nd335.evaluate_many(pd.DataFrame({"tieu_chi_chung": []}))) == 0
    assert nd335.evaluate_many(pa.table({"tieu_chi_chung": pa.array([], pa.float64())})).num_rows == 0
    assert nd335.evaluate_many(iter([])) is not None


def test_a_generator_of_records(nd335: tieuchi.RuleSet) -> None:
    out = nd335.evaluate_many(r for r in EX3)
    assert out["outcome"].tolist() == EX3_TIERS


def test_statuses_in_a_batch(nd335: tieuchi.RuleSet) -> None:
    out = nd335.evaluate_many([nd335_record(), {"tieu_chi_chung": 28}, nd335_record(suy_thoai=True)])
    assert out["status"].tolist() == ["rated", "not determinable", "rated"]
    assert codes(out["findings"][1])[0] == "missing-evidence"
    assert out["outcome"][2] == "kht" and out["decided_by"][2] == "force"
    # Without its keys a record cannot be placed in a quota group: the batch says so.
    assert codes(out["findings"][2]) == ["knockout", "quota-unplaced"]


def test_dtypes_of_frame_columns(mau: tieuchi.RuleSet) -> None:
    n = 6
    frame = pd.DataFrame(
        {
            "id": pd.array([f"M{i}" for i in range(n)], dtype="string"),
            "diem": np.array([85, 60, 40, 90, 95, 10], dtype=np.float32),
            "so_lan": pd.array([1, None, 3, 4, 5, 6], dtype="Int64"),
            "ty_le": pd.array([0.85, None, 0.5, 1, 1, 1], dtype="Float64"),
            "ngay": pd.to_datetime([None, None, "2026-01-02", None, None, None]),
            "ghi_chu": pd.Categorical(["a", "b", None, "a", "a", "a"]),
            "muc_do": pd.array(["thap", None, "vua", "thap", "thap", None], dtype=object),
            "thanh_vien": [[{"dat": True}], [], [], [{"dat": True}], [{"dat": np.bool_(True)}], []],
            "lich_su": [[], [], [], [{"year": np.int64(2025), "dat": True}], [], []],
            "don_vi": ["A", "A", "A", "B", "B", "B"],
            "tu_so": np.array([1, 2, 3, 4, 5, 6], dtype=np.uint8),
            "mau_so": pd.array([True, True, True, True, True, True], dtype="boolean").astype("Int64"),
        }
    )
    out = mau.evaluate_many(frame)
    singles = [mau.evaluate(r).tier for r in _records(frame)]
    assert out["errors"].isna().all(), out["errors"].tolist()
    assert out["status"].tolist() == ["rated"] * 6
    assert out["tong"].tolist() == [Decimal(x) for x in (85, 60, 40, 90, 95, 10)]
    assert out["ti_so"].tolist() == [Decimal(x) for x in (1, 2, 3, 4, 5, 6)]
    assert out["co_ngay"].tolist() == [False, False, True, False, False, False]
    # Alone, M0, M3 and M4 would be `tot`; the quota (at most 50% of `dat`, counted before
    # demotion, per unit) keeps none of them: unit A has one `dat` (50% of 1 is 0), unit B none.
    assert singles == ["tot", "dat", "chua_dat", "tot", "tot", "chua_dat"]
    assert out["outcome"].tolist() == ["dat", "dat", "chua_dat", "dat", "dat", "chua_dat"]
    assert out["decided_by"].tolist()[:2] == ["quota", "score"]
    arrow = mau.evaluate_many(pa.Table.from_pandas(frame, preserve_index=False))
    assert arrow.column("outcome").to_pylist() == out["outcome"].tolist()


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    out = []
    for record in frame.to_dict("records"):
        out.append({k: v for k, v in record.items() if not _missing(v)})
    return out


def _missing(v: Any) -> bool:
    return v is None or v is pd.NA or v is pd.NaT or (isinstance(v, float) and v != v)


def _same_rows(a: pd.DataFrame, b: pd.DataFrame) -> None:
    """Two outputs of ``evaluate_many`` row for row, findings and errors included."""
    assert list(a.columns) == list(b.columns)
    assert list(a.index) == list(b.index)
    for column in a.columns:
        assert a[column].tolist() == b[column].tolist(), column


def test_a_large_dataframe_streams_in_slices_and_rates_as_its_records(
    nd335: tieuchi.RuleSet, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tieuchi import _frames

    monkeypatch.setattr(_frames, "SLICE_ROWS", 4)
    # Ex 3 twice over, in two agencies, so that the quota spans slices; the discipline column
    # has no value in the first slice and text after it.
    records = [r | {"co_quan": agency} for agency in ("Sở A", "Sở B") for r in EX3]
    frame = pd.DataFrame(records, index=[f"r{i}" for i in range(len(records))])
    frame["ky_luat_trong_nam"] = [None] * 5 + ["khien_trach"] + [None] * 14
    assert isinstance(_frames.prepare(frame, stream=True)[1], _frames.FrameStream)
    out = nd335.evaluate_many(frame)
    assert list(out.index) == list(frame.index)
    assert out["outcome"].tolist()[:4] == ["htxs", "htt", "htt", "htt"]
    assert out["outcome"].tolist()[5] == "kht"
    _same_rows(out, nd335.evaluate_many(_records(frame)).set_axis(frame.index))
    # A stream of rows out reads a frame converted whole.
    assert pa.Table.from_batches(list(nd335.evaluate_many(frame, output="stream"))).num_rows == len(frame)


def test_a_slice_its_first_slices_types_cannot_hold_goes_again_converted_whole(
    nd335: tieuchi.RuleSet, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tieuchi import _frames

    monkeypatch.setattr(_frames, "SLICE_ROWS", 4)
    frame = pd.DataFrame(EX3)
    # Whole numbers in the first slice, text after: typed as integers by the first slice, a
    # column pyarrow cannot type at all once whole (the records then go one by one).
    frame["nhom"] = pd.Series([1, 2, 3, 4] + ["Chuyên viên"] * 6, dtype=object)
    stream = _frames.prepare(frame, stream=True)[1]
    assert isinstance(stream, _frames.FrameStream)
    with pytest.raises(pa.ArrowInvalid):
        pa.RecordBatchReader.from_stream(stream).read_all()
    assert _frames.stream_failed(stream)
    out = nd335.evaluate_many(frame)
    _same_rows(out, nd335.evaluate_many(_records(frame)))
    assert out["subject"].tolist() == [r["id"] for r in EX3]


def test_arrow_types(mau: tieuchi.RuleSet) -> None:
    table = pa.table(
        {
            "diem": pa.array([Decimal("85.50"), Decimal("60")], pa.decimal128(5, 2)),
            "so_lan": pa.array([1, None], pa.int16()),
            "ty_le": pa.array([0.85, None], pa.float32()),
            "ngay": pa.array([datetime.date(2026, 1, 2), None], pa.date32()),
            "ghi_chu": pa.array(["a", None]).dictionary_encode(),
            "muc_do": pa.array(["thap", None]),
            "thanh_vien": pa.array([[{"dat": True}], []]),
            "lich_su": pa.array([[{"year": 2025, "dat": True}], []], pa.list_(pa.struct([("year", pa.int32()), ("dat", pa.bool_())]))),
            "don_vi": pa.array(["A", "A"]),
            "tu_so": pa.array([3, 4], pa.uint32()),
        }
    )
    out = mau.evaluate_many(table, output="records")
    assert [r["errors"] for r in out] == [None, None]
    assert [r["tong"] for r in out] == [Decimal("85.5"), Decimal(60)]
    assert [r["co_ngay"] for r in out] == [True, False]
    assert [r["outcome"] for r in out] == ["chua_dat", "dat"]  # a decision date forces `chua_dat`


def test_timestamps_that_are_not_whole_days(mau: tieuchi.RuleSet) -> None:
    """A timestamp at midnight is its day; any other is refused (a date has no time of day)."""
    frame = pd.DataFrame(
        {
            "diem": [50, 50],
            "ngay": pd.to_datetime(["2026-01-02 00:00", "2026-01-02 10:30"]),
            "thanh_vien": [[], []],
            "lich_su": [[], []],
            "don_vi": ["A", "A"],
        }
    )
    out = mau.evaluate_many(frame, output="records", decimals="str")
    assert out[0]["errors"] is None
    base = {"diem": 50, "thanh_vien": [], "lich_su": [], "don_vi": "A"}
    expected = mau.evaluate({**base, "ngay": "2026-01-02"})
    assert (out[0]["status"], out[0]["outcome"], out[0]["co_ngay"]) == (expected.status, expected.tier, True)
    # A time of day is not a date: refused, naming the field, never cut to its day.
    assert error_text(out[1]["errors"]) == "evidence::wrong-type@ngay"
    # The column's type is named in the language asked for.
    assert "một ngày kèm giờ trong ngày" in out[1]["errors"][0]["message"]
    english = mau.evaluate_many(frame, output="records", decimals="str", lang="en")
    assert "a date with a time of day" in english[1]["errors"][0]["message"]


def test_infinity_in_a_float_column(nd335: tieuchi.RuleSet) -> None:
    frame = pd.DataFrame([nd335_record(tieu_chi_chung=1.0), nd335_record(tieu_chi_chung=float("inf"))])
    out = nd335.evaluate_many(frame)
    assert out["status"].tolist() == ["rated", "error"]
    assert error_text(out["errors"][1]) == "evidence::bad-number@tieu_chi_chung"


def test_a_score_named_like_a_fixed_column_is_prefixed() -> None:
    rules = tieuchi.compile(
        'ruleset p "P" {\n  score status "S" max 10 = assessed\n'
        '  outcome o "O" {\n    a "A" when status >= 5\n    b "B" otherwise\n  }\n}\n'
    )
    out = rules.evaluate_many([{"status": 7}])
    assert out["status"][0] == "rated" and out["status_score"][0] == Decimal(7)


def test_a_family_in_a_batch(cong_chuc: tieuchi.RuleSet) -> None:
    out = cong_chuc.evaluate_many(EX3, on="2026-12-10")
    assert out["outcome"].tolist() == EX3_TIERS


def test_rows_of_a_layered_rule_set_name_the_deciding_layer() -> None:
    """The model provincial layer on NĐ 335: each row names the layer whose rule decided, as a
    single result's ``outcome.layer`` does, in every output; NĐ 335's rows have no such column."""
    rules = tieuchi.load(ROOT / "rules/cong-chuc", ruleset="cong_chuc_tinh_mau")
    # Every record gives every field: an Arrow table built from dicts takes its columns from the first.
    records = [
        *group([(30, 65)], ho_so_qua_han=0),  # 95 points alone: HTXS by either threshold, lowered by the national quota
        *group([(30, 65)], co_quan="A", ho_so_qua_han=3),  # the province's knock-out
        *group([(30, 61)], co_quan="B", ho_so_qua_han=0),  # 91 points: HTT, kept from HTXS (90) by the province's 92
        *group([(30, 65)], co_quan="C", tieu_chi_chung=31, ho_so_qua_han=0),  # refused: no layer
    ]
    expected = ["cong_chuc_nd335", "cong_chuc_tinh_mau", "cong_chuc_tinh_mau", None]
    frame = rules.evaluate_many(records, on="2026-12-10")
    assert list(frame.columns[: len(FIXED) + 1]) == [*FIXED, "layer"]
    assert [None if pd.isna(x) else x for x in frame["layer"]] == expected
    assert frame["decided_by"].tolist()[:3] == ["quota", "force", "score"]
    assert [r["layer"] for r in rules.evaluate_many(records, on="2026-12-10", output="records")] == expected
    table = rules.evaluate_many(pa.Table.from_pylist(records), on="2026-12-10")
    assert table.schema.field("layer").type == pa.dictionary(pa.int32(), pa.string())
    assert table.column("layer").to_pylist() == expected
    # A record alone says the same, where no quota is at work.
    for record, layer in zip(records[1:3], expected[1:3], strict=True):
        outcome = rules.evaluate(record, on="2026-12-10").outcome
        assert outcome is not None and outcome.layer is not None and outcome.layer.id == layer
    national = tieuchi.load(ROOT / "rules/cong-chuc/nd335-2025.tieuchi").evaluate_many(records, on="2026-12-10")
    assert "layer" not in national.columns


# --- the rule library's case files through the binding -----------------------------------------


CASE_FILES = sorted(ROOT.glob("rules/*/*.cases.json"))


def _same(expected: Any, actual: Any) -> bool:
    if isinstance(actual, Decimal):
        text = str(expected)
        value = Decimal(text[:-1]) / 100 if text.endswith("%") else Decimal(text)
        return value == actual
    return bool(expected == actual)


def _contains(expected: Any, actual: Any) -> bool:
    """Whether ``actual`` says all that ``expected`` says, as the core's case runner reads a
    ``what_it_takes`` expectation: every key of an object, lists element by element."""
    if isinstance(expected, dict):
        return isinstance(actual, dict) and all(k in actual and _contains(v, actual[k]) for k, v in expected.items())
    if isinstance(expected, list):
        return (
            isinstance(actual, list)
            and len(expected) == len(actual)
            and all(_contains(x, y) for x, y in zip(expected, actual, strict=True))
        )
    return _same(expected, actual)


def _check(expect: dict[str, Any], outcome_id: str, get: Any, where: str) -> list[str]:
    wrong = []
    for key, value in expect.items():
        actual = get(key)
        if key == outcome_id or key == "status":
            ok = actual == value
        elif key == "error":
            ok = actual is not None and value in actual
        elif key == "what_it_takes":
            ok = _contains(value, actual)
        else:
            ok = _same(value, actual)
        if not ok:
            wrong.append(f"{where}: {key}: expected {value!r}, actual {actual!r}")
    return wrong


def _case_rules(
    spec: dict[str, Any], family: tieuchi.RuleSet, case: dict[str, Any]
) -> tuple[tieuchi.RuleSet | None, list[str]]:
    """The rule set a case runs against (``None`` if none could be chosen), and what went wrong
    in choosing it. A ``ruleset`` file names it; a ``family`` file names the family, whose version
    in force on the case's ``on`` is chosen (``RuleSet.version``). ``"ruleset"`` among a case's
    expectations names the rule set that must evaluate it."""
    expects = case["expect"] if isinstance(case["expect"], list) else [case["expect"]]
    if "ruleset" in spec:
        [rules] = [v for v in family.versions if v.id == spec["ruleset"]]
    else:
        try:
            rules = family.version(case["on"])
        except tieuchi.SelectError as e:
            return None, [f"{case['name']}: expected {x}, actual {e}" for x in expects if x.get("error") != e.code]
    wrong = [
        f"{case['name']}: ruleset: expected {x['ruleset']}, actual {rules.id}"
        for x in expects
        if x.get("ruleset", rules.id) != rules.id
    ]
    return rules, wrong


def _without_ruleset(expect: dict[str, Any]) -> dict[str, Any]:
    """An expectation without its ``ruleset`` key, which ``_case_rules`` checks."""
    return {k: v for k, v in expect.items() if k != "ruleset"}


def _deciding_rule_checkable(expect: dict[str, Any], rated: bool, citation: bool) -> dict[str, Any]:
    """An expectation without the deciding-rule keys the binding's result cannot show: a record
    not rated has no ``outcome`` (the exclusion that decided is among its findings), and a batch
    row carries ``decided_by`` and the deciding ``layer`` but no citation. ``tieuchi test``
    checks them all through the core's case runner."""
    skip = {"decided_by", "citation"} if not rated else set() if citation else {"citation"}
    return {k: v for k, v in expect.items() if k not in skip}


@pytest.mark.parametrize("path", CASE_FILES, ids=[f"{p.parent.name}/{p.name}" for p in CASE_FILES])
def test_the_rule_librarys_case_files(path: Path) -> None:
    """Every case of the case files, single records through ``evaluate`` and batches through
    ``evaluate_many``, gives what the case expects (as ``tieuchi test`` checks it); a family
    file's cases through the version the family chooses by their date."""
    spec = json.loads(path.read_text(encoding="utf-8"))
    family = tieuchi.load(path.parent.relative_to(ROOT), ruleset=spec.get("ruleset") or spec["family"])
    wrong: list[str] = []
    for case in spec["cases"]:
        rules, chosen = _case_rules(spec, family, case)
        wrong += chosen
        if rules is None:
            continue
        outcome_id = rules.inputs.outcome.id
        on = case.get("on")
        if "batch" in case:
            rows = rules.evaluate_many(case["batch"], on=on, output="records")
            for i, (row, expect) in enumerate(zip(rows, case["expect"], strict=True)):
                row = dict(row, **{outcome_id: row["outcome"], "error": error_text(row["errors"])})
                expect = _deciding_rule_checkable(_without_ruleset(expect), row["status"] == "rated", citation=False)
                wrong += _check(expect, outcome_id, row.get, f"{case['name']} [{i}]")
            continue
        try:
            result = rules.evaluate(case["given"], on=on, trace=False, what_it_takes="what_it_takes" in case["expect"])
        except (tieuchi.EvidenceError, tieuchi.EvaluationError) as e:
            codes = [p.code for p in e.errors] if isinstance(e, tieuchi.EvidenceError) else [e.code]
            expected_error = case["expect"].get("error")
            if expected_error not in codes:
                wrong.append(f"{case['name']}: unexpected {codes}")
            continue
        if result.ruleset != rules.id:
            wrong.append(f"{case['name']}: evaluated by {result.ruleset}, not {rules.id}")

        def get(key: str, result: tieuchi.Result = result) -> Any:
            if key == outcome_id:
                return result.tier
            if key == "status":
                return result.status
            if key == "error":
                return None
            if key == "layer":
                # The layer that decided, for a rule set that extends another.
                layer = result.outcome.layer if result.outcome is not None else None
                return layer.id if layer is not None else None
            if key in ("decided_by", "citation") and result.outcome is not None:
                return result.outcome.decided_by if key == "decided_by" else result.outcome.source
            if key == "what_it_takes":
                # By tier, and `pending`: as the core's case runner reads the record.
                takes = result.to_dict()["what_it_takes"]
                by_tier = {g["tier"]: g for g in takes["goals"]}
                return by_tier | ({"pending": takes["pending"]} if "pending" in takes else {})
            if key in result.scores:
                return result.scores[key].value
            return result.values.get(key)

        expect = _deciding_rule_checkable(_without_ruleset(case["expect"]), result.outcome is not None, citation=True)
        wrong += _check(expect, outcome_id, get, case["name"])
    assert not wrong, "\n".join(wrong)


def test_arrow_text_columns_chunked_sliced_and_null(nd335: tieuchi.RuleSet) -> None:
    records = EX3 + [nd335_record(id=None, co_quan=None, nhom="Chuyên viên", ket_qua_nhiem_vu=61)]
    table = pa.Table.from_pylist(records)
    chunked = pa.concat_tables([table.slice(0, 4), table.slice(4)])
    assert chunked.column("id").num_chunks == 2
    i = table.schema.get_field_index("id")
    large = table.set_column(i, pa.field("id", pa.large_string()), table.column("id").cast(pa.large_string()))
    for given in (table, chunked, large):
        out = nd335.evaluate_many(given, output="records")
        assert [r["subject"] for r in out] == [r["id"] for r in records]
        assert [r["outcome"] for r in out][:10] == EX3_TIERS
        assert codes(out[10]["findings"]) == ["quota-unplaced"]  # no agency: not placed in a quota group
    sliced = nd335.evaluate_many(table.slice(3, 4), output="records")
    assert [r["subject"] for r in sliced] == ["CC-03", "CC-04", "CC-05", "CC-06"]
    assert nd335.evaluate_many(pa.table({"co_quan": pa.array([], pa.string())})).num_rows == 0


# --- any Arrow producer ------------------------------------------------------------------------


def test_a_polars_frame_gives_a_polars_frame(nd335: tieuchi.RuleSet) -> None:
    pl = pytest.importorskip("polars")
    frame = pl.DataFrame(EX3)
    out = nd335.evaluate_many(frame)
    assert isinstance(out, pl.DataFrame)
    assert out["outcome"].to_list() == EX3_TIERS
    assert out["tong"].to_list()[0] == Decimal(96)
    assert nd335.evaluate_many(frame, output="records")[0]["outcome"] == "htxs"


def test_a_duckdb_result(nd335: tieuchi.RuleSet) -> None:
    duckdb = pytest.importorskip("duckdb")
    con = duckdb.connect()
    con.register("records", pa.Table.from_pylist(EX3))
    result = con.sql("select * from records")
    out = nd335.evaluate_many(result)
    assert isinstance(out, pa.Table)
    assert out.column("outcome").to_pylist() == EX3_TIERS


def test_a_record_batch_reader_is_read_a_batch_at_a_time(nd335: tieuchi.RuleSet) -> None:
    table = pa.Table.from_pylist(EX3 * 3)
    reader = pa.RecordBatchReader.from_batches(table.schema, table.to_batches(max_chunksize=4))
    out = nd335.evaluate_many(reader)
    assert out.num_rows == 30
    # The quota is over the whole stream: one group of 30, 20% of 24 candidates after demotion.
    assert out.column("row").to_pylist() == list(range(30))


def test_a_stream_without_a_quota_streams(mau: tieuchi.RuleSet) -> None:
    rules = tieuchi.compile(
        'ruleset s "S" {\n  score d "D" max 10 = assessed\n'
        '  outcome o "O" {\n    a "A" when d >= 5\n    b "B" otherwise\n  }\n}\n'
    )
    seen = []

    def batches():  # type: ignore[no-untyped-def]
        for i in range(50):
            seen.append(i)
            yield pa.record_batch({"d": pa.array([i % 11] * 1000, pa.int64())})

    schema = pa.schema([("d", pa.int64())])
    out = rules.evaluate_many(pa.RecordBatchReader.from_batches(schema, batches()))
    assert out.num_rows == 50_000 and len(seen) == 50
    assert out.column("outcome").to_pylist()[::1000][:11] == ["b"] * 5 + ["a"] * 6


def test_what_cannot_be_read_is_a_type_error(nd335: tieuchi.RuleSet) -> None:
    with pytest.raises(TypeError, match="không nhận int"):
        nd335.evaluate_many(5)
    with pytest.raises(TypeError, match="not int"):
        nd335.evaluate_many(5, lang="en")
    with pytest.raises(TypeError, match="không nhận dict"):
        nd335.evaluate_many({"tieu_chi_chung": 1})
    pl = pytest.importorskip("polars")
    with pytest.raises(TypeError, match="LazyFrame"):
        nd335.evaluate_many(pl.DataFrame(EX3).lazy())


def test_each_record_is_rated_by_the_version_in_force_on_its_date(cong_chuc: tieuchi.RuleSet) -> None:
    records = [dict(r, on="2025-06-30") for r in EX3[:2]] + [dict(r, on="2026-06-30") for r in EX3[:2]]
    out = cong_chuc.evaluate_many(pa.Table.from_pylist(records), output="records")
    versions = [r["ruleset"] for r in out]
    assert versions[0] == versions[1] and versions[2] == versions[3] and versions[0] != versions[2]
    assert versions[2] == cong_chuc.version("2026-06-30").id
    assert versions[0] == cong_chuc.version("2025-06-30").id
    early = [dict(r, on="1990-01-01") for r in EX3[:1]]
    [row] = cong_chuc.evaluate_many(early, output="records")
    assert row["status"] == "error" and row["errors"][0]["code"] == "select::none-in-force"


def test_a_stream_of_rows_from_a_stream_of_records() -> None:
    rules = tieuchi.compile(
        'ruleset s "S" {\n  score d "D" max 10 = assessed\n'
        '  outcome o "O" {\n    a "A" when d >= 5\n    b "B" otherwise\n  }\n}\n'
    )
    produced = []

    def batches():  # type: ignore[no-untyped-def]
        for i in range(200):
            produced.append(i)
            yield pa.record_batch({"d": pa.array([i % 11] * 500, pa.int64())})

    reader = rules.evaluate_many(pa.RecordBatchReader.from_batches(pa.schema([("d", pa.int64())]), batches()), output="stream")
    assert isinstance(reader, pa.RecordBatchReader)
    first = reader.read_next_batch()
    # The engine reads a few groups of batches ahead, not the whole input.
    assert first.num_rows > 0 and len(produced) < 100
    rest = reader.read_all()
    assert first.num_rows + rest.num_rows == 100_000
    outcomes = first.column("outcome").to_pylist() + rest.column("outcome").to_pylist()
    assert outcomes[::500][:11] == ["b"] * 5 + ["a"] * 6
    with pytest.raises(ValueError, match="stream"):
        rules.evaluate_many([{"d": 1}], output="stream")


def test_the_packages_own_keyword_errors_are_vietnamese_unless_english_is_asked_for(nd335: tieuchi.RuleSet) -> None:
    records = [nd335_record()]
    with pytest.raises(ValueError, match='output= phải là "pandas"') as vi:
        nd335.evaluate_many(records, output="nope")  # type: ignore[arg-type]
    assert "'nope'" in str(vi.value)
    with pytest.raises(ValueError, match='output= must be "pandas"'):
        nd335.evaluate_many(records, output="nope", lang="en")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="errors= phải là"):
        nd335.evaluate_many(records, errors="ignore")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match='decimals= must be "decimal"'):
        nd335.evaluate_many(records, decimals="int", lang="en")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="không đọc danh sách"):
        nd335.evaluate_many(records, output="stream")
    with pytest.raises(TypeError, match=r"compile\(\) takes the rule file's text as str, not bytes"):
        tieuchi.compile(b"ruleset x {}", lang="en")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="không phải bytes"):
        tieuchi.compile(b"ruleset x {}")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="on= nhận một ngày"):
        nd335.evaluate_many(records, on=3.5)
    with pytest.raises(TypeError, match="on= takes a date or 'YYYY-MM-DD', not float"):
        nd335.evaluate_many(records, on=3.5, lang="en")
