"""Shared paths and rule sets for the binding's tests."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

import tieuchi

# No example database: the tests leave nothing behind in the working tree.
settings.register_profile("tieuchi", database=None, deadline=None)  # no test is timed: the machines are shared
settings.load_profile("tieuchi")

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
"""The repository root: rule files are named relative to it, as the corpus names them."""

ND335 = "rules/cong-chuc/nd335-2025.tieuchi"
CONG_CHUC = "rules/cong-chuc"
MAU = HERE / "data" / "mau.tieuchi"


@pytest.fixture(autouse=True)
def _at_root(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests run from the repository root, so rule files get the names the CLI gives them."""
    monkeypatch.chdir(ROOT)


@pytest.fixture(scope="session")
def nd335() -> tieuchi.RuleSet:
    os.chdir(ROOT)
    return tieuchi.load(ND335)


@pytest.fixture(scope="session")
def cong_chuc() -> tieuchi.RuleSet:
    os.chdir(ROOT)
    return tieuchi.load(CONG_CHUC)


@pytest.fixture(scope="session")
def mau() -> tieuchi.RuleSet:
    return tieuchi.load(MAU)


def nd335_record(**fields: object) -> dict[str, object]:
    """A complete, valid NĐ 335 record: 28 + 61.5 = 89.5 points, no knock-out."""
    record: dict[str, object] = {
        "tieu_chi_chung": 28,
        "ket_qua_nhiem_vu": "61.5",
        "suy_thoai": False,
        "don_vi_tham_nhung": False,
    }
    record.update(fields)
    return record
