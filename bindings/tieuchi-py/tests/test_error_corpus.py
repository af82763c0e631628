"""The shared error corpus (``tests/errors/*.json``) through the Python binding: every bad input
raises an exception whose ``failure`` is exactly the record the Rust engine, the command line and
JavaScript give."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import tieuchi
from conftest import ROOT

CASES = sorted((ROOT / "tests" / "errors").glob("*.json"))


def failure(case: dict[str, Any]) -> dict[str, Any]:
    try:
        if "source" in case:
            rules = tieuchi.compile(case["source"]["text"], name=case["source"]["name"])
        else:
            rules = tieuchi.load(case["rules"], ruleset=case.get("ruleset"))
        rules.evaluate(case["evidence"], on=case.get("on"))
    except tieuchi.TieuchiError as error:
        return error.to_dict()
    raise AssertionError("nothing failed")


def test_the_error_corpus_is_there() -> None:
    assert len(CASES) >= 6


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_case(path: Path) -> None:
    case = json.loads(path.read_text(encoding="utf-8"))
    assert failure(case) == case["failure"]


def test_the_exceptions_read_the_record() -> None:
    """The exception's attributes are the record's, for code that catches one kind."""
    case = json.loads((ROOT / "tests" / "errors" / "eval-division-by-zero.json").read_text(encoding="utf-8"))
    rules = tieuchi.compile(case["source"]["text"], name=case["source"]["name"])
    with pytest.raises(tieuchi.EvaluationError) as caught:
        rules.evaluate(case["evidence"])
    record = case["failure"]
    assert caught.value.code == record["code"]
    assert caught.value.location == f"{record['file']}:{record['line']}:{record['column']}"
    assert caught.value.expression == record["expression"]
