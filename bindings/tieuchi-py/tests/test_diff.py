"""tieuchi.diff: the same records through the rules before and after a change."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import tieuchi

ROOT = Path(__file__).resolve().parents[3]
ND335 = ROOT / "rules" / "cong-chuc" / "nd335-2025.tieuchi"
SAMPLE = ROOT / "bindings" / "tieuchi-py" / "examples" / "cong_chuc_2026.csv"
ON = "2026-12-10"


def variant(old: str, new: str) -> tieuchi.RuleSet:
    text = ND335.read_text(encoding="utf-8")
    assert old in text
    return tieuchi.compile(text.replace(old, new), name=str(ND335))


def test_a_rule_set_against_itself_changes_nothing() -> None:
    rules = tieuchi.load(str(ND335))
    impact = tieuchi.diff(rules, rules, pd.read_csv(SAMPLE), on=ON)
    assert impact.records == 24 and impact.changed == 0
    assert len(impact.rows) == 24
    assert not impact.rows["changed"].any()
    assert (impact.rows["before_outcome"].fillna("") == impact.rows["after_outcome"].fillna("")).all()
    matrix = impact.matrix()
    assert list(matrix.index) == impact.labels and impact.labels[0] == "htxs"
    off_diagonal = matrix.to_numpy().sum() - sum(matrix.loc[label, label] for label in impact.labels)
    assert off_diagonal == 0


def test_the_rows_are_two_batches_joined_by_record() -> None:
    before = tieuchi.load(str(ND335))
    after = variant("when tong >= 70", "when tong >= 65")
    sample = pd.read_csv(SAMPLE)
    impact = tieuchi.diff(before, after, sample, on=ON, changed_only=True)
    rows_before = before.evaluate_many(sample, on=ON, output="records")
    rows_after = after.evaluate_many(sample, on=ON, output="records")
    expected = [i for i, (b, a) in enumerate(zip(rows_before, rows_after)) if b["outcome"] != a["outcome"]]
    assert expected and list(impact.rows["row"]) == expected
    for _, change in impact.rows.iterrows():
        i = change["row"]
        assert change["subject"] == rows_before[i]["subject"]
        assert (change["before_outcome"], change["after_outcome"]) == (rows_before[i]["outcome"], rows_after[i]["outcome"])
        assert change["before_rule"].startswith(str(ND335))
    assert impact.transitions["htnv"]["htt"] == len(expected)
    assert sum(impact.matrix(group).to_numpy().sum() for group in impact.groups) == impact.records


def test_records_one_side_cannot_read_are_errors_on_that_side() -> None:
    nd90 = tieuchi.load(str(ROOT / "rules" / "cong-chuc" / "nd90-2020.tieuchi"))
    nd335 = tieuchi.load(str(ND335))
    impact = tieuchi.diff(nd90, nd335, pd.read_csv(SAMPLE), on=ON, output="records")
    assert impact.errors_before == 24 and impact.errors_after == 0
    assert all(r["before_status"] == "error" and r["before_error"] for r in impact.rows)


def test_bad_arguments_say_what_is_wrong() -> None:
    rules = tieuchi.load(str(ND335))
    with pytest.raises(ValueError, match="output="):
        tieuchi.diff(rules, rules, [], output="arrow")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        tieuchi.diff(rules, rules, 42)
