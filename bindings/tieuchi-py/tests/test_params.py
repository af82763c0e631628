"""Parameters: ``RuleSet.with_params`` simulates other values; results name the values used."""

from __future__ import annotations

import pickle
from decimal import Decimal

import pytest

import tieuchi

RULES = """
ruleset tham_so "Tham số" {
  param nguong_htxs "Ngưỡng điểm HTXS": number
    = 90 source "NĐ 335/2025/NĐ-CP, Điều 20 khoản 1"
    = 85 from 2027-01-01
  param ty_le_htt "Tỷ lệ HTT": percent = 70%
  param ap_dung "Áp dụng HTXS": bool = true
  input diem "Điểm": number in 0..100
  score tong "Tổng" max 100 = diem
  outcome xep_loai "Xếp loại" {
    htxs "Xuất sắc" when ap_dung and tong >= nguong_htxs
    htt "Tốt" when tong / tong.max >= ty_le_htt
    kht "Không" otherwise
  }
}
"""


def test_a_parameter_follows_the_date_and_results_name_it() -> None:
    rules = tieuchi.compile(RULES)
    assert rules.evaluate({"diem": 86}, on="2026-06-30").tier == "htt"
    later = rules.evaluate({"diem": 86}, on="2027-06-30")
    assert later.tier == "htxs"
    assert later.to_dict()["params"]["nguong_htxs"] == {"value": "85", "from": "2027-01-01"}
    assert later.params == {"nguong_htxs": Decimal("85"), "ty_le_htt": Decimal("0.7"), "ap_dung": True}
    assert rules.evaluate({"diem": 86}).params["nguong_htxs"] is None


def test_with_params_simulates_and_says_so() -> None:
    rules = tieuchi.compile(RULES)
    simulated = rules.with_params(nguong_htxs=85, ty_le_htt="60%")
    result = simulated.evaluate({"diem": 86}, on="2026-06-30")
    assert result.tier == "htxs"
    params = result.to_dict()["params"]
    assert params["nguong_htxs"] == {"value": "85", "overridden": True}
    assert params["ty_le_htt"] == {"value": "0.6", "overridden": True}
    assert simulated.evaluate({"diem": 65}, on="2026-06-30").tier == "htt"
    assert rules.evaluate({"diem": 65}, on="2026-06-30").tier == "kht"
    # Every Python value converts: a bool, a Decimal, a float.
    off = rules.with_params(ap_dung=False, nguong_htxs=Decimal("80"), ty_le_htt=0.5)
    assert off.evaluate({"diem": 86}, on="2026-06-30").tier == "htt"
    # A simulation pickles with its values.
    again = pickle.loads(pickle.dumps(simulated))
    assert again.evaluate({"diem": 86}, on="2026-06-30").to_dict() == result.to_dict()


def test_with_params_refuses_what_is_not_a_parameter_or_does_not_fit() -> None:
    rules = tieuchi.compile(RULES)
    with pytest.raises(tieuchi.ArgumentError) as unknown:
        rules.with_params(diem=85)
    assert unknown.value.code == "argument::unknown-param"
    assert "nguong_htxs" in unknown.value.help
    with pytest.raises(tieuchi.ArgumentError) as bad:
        rules.with_params(ap_dung=1)
    assert bad.value.code == "argument::bad-param"
    # In Vietnamese, the default of the engine's messages; in English when asked.
    assert unknown.value.message == "`diem` không phải là tham số của `tham_so`", unknown.value.message
    with pytest.raises(tieuchi.ArgumentError) as english:
        rules.with_params(diem=85, lang="en")
    assert english.value.code == "argument::unknown-param"
    assert english.value.message != unknown.value.message and "diem" in english.value.message
    assert "không" not in english.value.message, english.value.message
    # A mapping gives the same simulation as keywords.
    by_mapping = rules.with_params({"nguong_htxs": 85}).evaluate({"diem": 86}, on="2026-06-30")
    by_keyword = rules.with_params(nguong_htxs=85).evaluate({"diem": 86}, on="2026-06-30")
    assert by_mapping.to_dict() == by_keyword.to_dict()


def test_evidence_cannot_set_a_parameter() -> None:
    rules = tieuchi.compile(RULES)
    with pytest.raises(tieuchi.EvidenceError) as caught:
        rules.evaluate({"diem": 86, "nguong_htxs": 80}, on="2026-06-30")
    assert caught.value.code == "evidence::unknown-field"
    assert caught.value.field == "nguong_htxs"
