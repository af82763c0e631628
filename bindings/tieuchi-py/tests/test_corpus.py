"""The shared case corpus (``tests/corpus/*.json``) through the Python binding: every case gives
exactly the wire result (or the evidence errors) the Rust engine recorded."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import tieuchi
from conftest import ROOT

CASES = sorted((ROOT / "tests" / "corpus").glob("*.json"))


def test_the_corpus_is_there() -> None:
    assert CASES, "tests/corpus holds no case"


def actual(case: dict[str, Any], rules: tieuchi.RuleSet, evidence: Any) -> dict[str, Any]:
    """What the binding gives, in the corpus's own shape (as crates/tieuchi/tests/corpus.rs)."""
    try:
        result = rules.evaluate(evidence, on=case.get("on"), trace=bool(case.get("trace", False)))
    except tieuchi.EvidenceError as e:
        return {"errors": [{"code": p.code, "field": p.field} for p in e.errors]}
    except tieuchi.EvaluationError as e:
        return {"errors": [{"code": e.code, "field": e.location}]}
    return {"result": result.to_dict()}


def expected(case: dict[str, Any]) -> dict[str, Any]:
    return {key: case[key] for key in ("result", "errors") if key in case}


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
@pytest.mark.parametrize("numbers", ["exact", "float"])
def test_case(path: Path, numbers: str) -> None:
    """JSON numbers read as ``Decimal`` (their exact text) and as Python floats: the same."""
    text = path.read_text(encoding="utf-8")
    case = json.loads(text, parse_float=Decimal) if numbers == "exact" else json.loads(text)
    source = (ROOT / case["rules"]).read_text(encoding="utf-8")
    rules = tieuchi.compile(source, name=case["rules"])
    assert actual(case, rules, case["evidence"]) == expected(json.loads(text))


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_case_through_load(path: Path) -> None:
    case = json.loads(path.read_text(encoding="utf-8"))
    rules = tieuchi.load(case["rules"])  # relative to the repository root, as the corpus names it
    assert actual(case, rules, case["evidence"]) == expected(case)


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_case_as_a_batch_of_one(path: Path) -> None:
    """A batch of one gives the same outcome and scores (its quotas apply to the batch, so a
    quota finding differs; nothing else does)."""
    case = json.loads(path.read_text(encoding="utf-8"))
    rules = tieuchi.load(case["rules"])
    [row] = rules.evaluate_many([case["evidence"]], on=case.get("on"), output="records", decimals="str")
    if "errors" in case:
        assert row["status"] == "error"
        got = [(x["code"], x["field"]) for x in row["errors"]]
        for e in case["errors"]:
            assert (e["code"], e["field"]) in got
        return
    result = case["result"]
    assert row["status"] == result["status"]
    outcome = result["outcome"] or {}
    label = dict(rules.inputs.outcome.tiers).get(row["outcome"]) if row["outcome"] else None
    assert (row["outcome"], label, row["decided_by"]) == (
        outcome.get("id"),
        outcome.get("label"),
        outcome.get("decided_by"),
    )
    for score, value in result["scores"].items():
        assert row[score] == value["value"]
    assert row["subject"] == result.get("subject")
