"""What it takes, from Python: the same record the command line gives, as typed views."""

from __future__ import annotations

import json
import os
import subprocess
from decimal import Decimal

import tieuchi
from conftest import ND335, ROOT


def test_a_cong_chuc_short_of_htxs_reads_how_many_points_and_where_from() -> None:
    # NĐ 335/2025 Điều 20 khoản 1: HTXS from 90 points; 27.5 + 58.75 = 86.25.
    rules = tieuchi.load(ND335)
    record = {"tieu_chi_chung": "27.5", "ket_qua_nhiem_vu": "58.75", "suy_thoai": False,
              "co_quan": "Sở Nội vụ", "nhom": "Chuyên viên"}
    assert rules.evaluate(record).what_it_takes is None, "only when asked"
    takes = rules.evaluate(record, what_it_takes=True).what_it_takes
    assert takes is not None and takes.pending is None
    (htxs,) = takes.goals
    assert (htxs.tier, htxs.reachable) == ("htxs", True)
    (way,) = htxs.ways
    (change,) = way
    assert (change["change"], change["of"], Decimal(change["by"])) == ("points", "tong", Decimal("3.75"))
    assert [(i["id"], Decimal(i["room"])) for i in change["items"]] == [
        ("tieu_chi_chung", Decimal("2.5")), ("ket_qua_nhiem_vu", Decimal("11.25"))]
    assert htxs.quota is not None and htxs.quota["of"] == "htt"
    assert str(takes).startswith("Để đạt Hoàn thành xuất sắc nhiệm vụ: Tổng điểm thêm 3,75 điểm")


def test_a_knock_out_blocks_and_cites_its_ground() -> None:
    rules = tieuchi.load(ND335)
    record = {"tieu_chi_chung": "30", "ket_qua_nhiem_vu": "67", "suy_thoai": False,
              "ky_luat_trong_nam": "khien_trach", "co_quan": "S", "nhom": "N"}
    takes = rules.evaluate(record, what_it_takes=True).what_it_takes
    assert takes is not None
    assert [g.tier for g in takes.goals] == ["htxs", "htt", "htnv"]
    assert all(g.reachable is False and g.blocked_by and "điểm c" in g.blocked_by["source"] for g in takes.goals)


def test_pending_evidence_gives_ranges_and_what_the_missing_field_decides() -> None:
    rules = tieuchi.load(ND335)
    takes = rules.evaluate({"tieu_chi_chung": "27.5", "suy_thoai": False}, what_it_takes=True).what_it_takes
    assert takes is not None and takes.pending is not None and takes.goals == ()
    p = takes.pending
    assert p.missing == ("ket_qua_nhiem_vu",)
    assert p.scores["tong"] == (Decimal("27.5"), Decimal("97.5"))
    assert p.possible == ("htxs", "htt", "htnv", "kht")
    assert p.decides is not None
    assert [(x.get("from"), x["outcome"]) for x in p.decides["pieces"]] == [
        ("0", "kht"), ("22.5", "htnv"), ("42.5", "htt"), ("62.5", "htxs")]


def test_the_command_line_gives_the_same_record() -> None:
    cli = os.environ.get("TIEUCHI_CLI")
    if not cli:
        import pytest

        pytest.skip("TIEUCHI_CLI is not set")
    example = ROOT / "rules" / "cong-chuc" / "examples" / "nd335-htt.json"
    out = subprocess.run([cli, "eval", str(ND335), str(example), "--no-trace", "--what-it-takes"],
                         capture_output=True, text=True, check=True).stdout
    from_cli = json.loads(out)["what_it_takes"]
    record = json.loads(example.read_text(encoding="utf-8"))
    result = tieuchi.load(ND335).evaluate(record, trace=False, what_it_takes=True)
    assert result.to_dict()["what_it_takes"] == from_cli


def test_a_batch_gives_a_29_digit_score_as_text_without_rounding_it() -> None:
    # Found by the batch-against-single property test: normalising in Python's default decimal
    # context (28 digits) dropped the last digit of a 29-digit sum.
    rules = tieuchi.load(ROOT / "rules" / "cong-doan" / "cdcs-bon-muc.tieuchi")
    record = {"ky_luat_doan_vien": [], "tieu_chuan_1": 0, "tieu_chuan_2": 0, "tieu_chuan_3": 25,
              "tieu_chuan_4": 5.7088715203445736e-12}
    (row,) = rules.evaluate_many([record], on="2026-06-30", output="records", decimals="str")
    single = rules.evaluate(record, on="2026-06-30", trace=False)
    assert row["tong"] == single.to_dict()["scores"]["tong"]["value"] == "25.000000000005708871520344574"
