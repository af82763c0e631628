"""Python values as evidence: what each type means to the engine."""

from __future__ import annotations

import collections
import datetime
import enum
import types
from decimal import Decimal
from typing import Any

import numpy as np
import pandas as pd
import pytest

import tieuchi

BASE: dict[str, Any] = {"thanh_vien": [], "lich_su": [], "don_vi": "A"}


def points(mau: tieuchi.RuleSet, value: Any) -> Decimal | None:
    """The exact number the engine read for `diem` (the score `tong` is `diem`)."""
    return mau.evaluate({**BASE, "diem": value}, trace=False).scores["tong"].value


def test_decimals_are_exact(mau: tieuchi.RuleSet) -> None:
    assert points(mau, Decimal("61.99")) == Decimal("61.99")
    assert points(mau, Decimal("6.199E+1")) == Decimal("61.99")
    assert points(mau, Decimal("1E+1")) == Decimal(10)
    assert points(mau, Decimal("-0")) == 0
    assert points(mau, Decimal("0.0000000000000000000000000001")) == Decimal("1E-28")


def test_floats_are_read_from_their_shortest_text(mau: tieuchi.RuleSet) -> None:
    assert points(mau, 61.99) == Decimal("61.99")  # not 61.990000000000001989519660128…
    assert points(mau, 0.1) == Decimal("0.1")
    assert points(mau, 1e-7) == Decimal("1E-7")
    assert points(mau, 0.1 + 0.2) == Decimal("0.30000000000000004")  # the float that was computed
    assert points(mau, 100.0) == Decimal(100)


def test_ints_and_bools(mau: tieuchi.RuleSet) -> None:
    assert points(mau, 42) == Decimal(42)
    result = mau.evaluate({**BASE, "diem": 50, "so_lan": 7, "thanh_vien": [{"dat": True}]})
    assert result.status == "rated"


def test_strings_of_numbers_and_percents(mau: tieuchi.RuleSet) -> None:
    assert points(mau, "61.99") == Decimal("61.99")
    low = mau.evaluate({**BASE, "diem": 90, "ty_le": "40%", "thanh_vien": [{"dat": True}]})
    high = mau.evaluate({**BASE, "diem": 90, "ty_le": Decimal("0.6"), "thanh_vien": [{"dat": True}]})
    assert (low.tier, high.tier) == ("dat", "tot")


def test_missing_values(mau: tieuchi.RuleSet) -> None:
    for missing in (None, float("nan"), Decimal("NaN"), np.nan, np.float32("nan"), pd.NA, pd.NaT, np.datetime64("NaT")):
        result = mau.evaluate({**BASE, "diem": missing})
        assert result.status == "not determinable", missing
        assert result.missing_fields == ["diem"]


def test_numpy_scalars(mau: tieuchi.RuleSet) -> None:
    assert points(mau, np.float64(61.99)) == Decimal("61.99")
    assert points(mau, np.float32(61.99)) == Decimal("61.99")  # at float32's own precision
    assert points(mau, np.float16(0.5)) == Decimal("0.5")
    assert points(mau, np.int64(42)) == Decimal(42)
    assert points(mau, np.uint8(42)) == Decimal(42)
    result = mau.evaluate({**BASE, "diem": 90, "thanh_vien": [{"dat": np.bool_(True)}], "don_vi": np.str_("A")})
    assert result.tier == "tot"
    assert mau.evaluate({**BASE, "diem": 50, "thanh_vien": np.array([{"dat": True}], dtype=object)}).rated


@pytest.mark.parametrize(
    "value",
    [
        datetime.date(2026, 1, 2),
        datetime.datetime(2026, 1, 2),
        pd.Timestamp("2026-01-02"),
        np.datetime64("2026-01-02"),
        np.datetime64("2026-01-02T00:00:00.000000000"),
        "2026-01-02",
    ],
    ids=repr,
)
def test_dates(mau: tieuchi.RuleSet, value: Any) -> None:
    result = mau.evaluate({**BASE, "diem": 90, "ngay": value})
    assert result.values["co_ngay"] is True
    assert result.tier == "chua_dat"


def test_a_datetime_with_a_time_is_given_in_full(mau: tieuchi.RuleSet) -> None:
    """The binding does not drop the time: the engine reads the full ISO text."""
    for value in (datetime.datetime(2026, 1, 2, 10, 30), pd.Timestamp("2026-01-02 10:30")):
        try:
            via_python = mau.evaluate({**BASE, "diem": 90, "ngay": value}).to_dict()
        except tieuchi.EvidenceError as e:
            via_python = {"error": e.code}
        try:
            via_text = mau.evaluate({**BASE, "diem": 90, "ngay": "2026-01-02T10:30:00"}).to_dict()
        except tieuchi.EvidenceError as e:
            via_text = {"error": e.code}
        assert via_python == via_text


def test_containers(mau: tieuchi.RuleSet) -> None:
    members = ({"dat": True}, collections.OrderedDict(dat=True), types.MappingProxyType({"dat": True}))
    result = mau.evaluate({**BASE, "diem": 90, "thanh_vien": members})
    assert result.tier == "tot"
    record = types.MappingProxyType({**BASE, "diem": 90, "thanh_vien": [{"dat": True}]})
    assert mau.evaluate(record).tier == "tot"  # type: ignore[arg-type]


def test_a_pandas_row_is_a_record(mau: tieuchi.RuleSet) -> None:
    frame = pd.DataFrame([{**BASE, "diem": 90.0, "thanh_vien": [{"dat": True}], "ngay": None}])
    assert mau.evaluate(frame.iloc[0]).tier == "tot"  # type: ignore[arg-type]


def test_int_enums_are_ints(mau: tieuchi.RuleSet) -> None:
    class Points(enum.IntEnum):
        HIGH = 90

    assert points(mau, Points.HIGH) == Decimal(90)


def test_enum_values_are_their_ids(mau: tieuchi.RuleSet) -> None:
    result = mau.evaluate({**BASE, "diem": 90, "thanh_vien": [{"dat": True}], "muc_do": "cao"})
    assert result.tier == "dat" and result.outcome is not None and result.outcome.decided_by == "cap"


def test_histories_with_numpy_years(mau: tieuchi.RuleSet) -> None:
    history = [{"year": np.int64(2016 + i), "dat": True} for i in range(10)]
    result = mau.evaluate({**BASE, "diem": 90, "lich_su": history}, on=datetime.date(2026, 6, 30))
    assert result.status == "not rated"
    assert result.values["so_nam"] == Decimal(10)


def test_evaluation_dates(nd335: tieuchi.RuleSet) -> None:
    record = {"tieu_chi_chung": 28, "ket_qua_nhiem_vu": 62, "suy_thoai": False, "don_vi_tham_nhung": False}
    for on in ("2026-06-30", datetime.date(2026, 6, 30), datetime.datetime(2026, 6, 30), pd.Timestamp("2026-06-30"),
               np.datetime64("2026-06-30")):
        assert nd335.evaluate(record, on=on).on == datetime.date(2026, 6, 30)
    with pytest.raises(ValueError):
        nd335.evaluate(record, on=datetime.datetime(2026, 6, 30, 8))
