"""The binding against the command line: ``Result.to_dict()`` is what ``tieuchi eval`` prints,
evidence errors are the ones it reports, and ``evaluate_many`` rates a batch as ``tieuchi batch``
does. Runs when ``TIEUCHI_CLI`` names the ``tieuchi`` binary (tests/run-python.sh builds it)."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any

import pytest

import tieuchi
from conftest import ROOT
from test_many import EX3

CLI = os.environ.get("TIEUCHI_CLI")
pytestmark = pytest.mark.skipif(not CLI, reason="TIEUCHI_CLI does not name the tieuchi binary")
CASES = sorted((ROOT / "tests" / "corpus").glob("*.json"))


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    assert CLI
    return subprocess.run([CLI, *args], cwd=ROOT, input=stdin, capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_eval_prints_what_to_dict_gives(path: Path, tmp_path: Path) -> None:
    case = json.loads(path.read_text(encoding="utf-8"))
    evidence = tmp_path / "evidence.json"
    evidence.write_text(json.dumps(case["evidence"], ensure_ascii=False), encoding="utf-8")
    trace = bool(case.get("trace", False))
    args = ["eval", case["rules"], str(evidence), "--error-format", "json"]
    if case.get("on"):
        args += ["--on", case["on"]]
    if not trace:
        args.append("--no-trace")
    cli = run(*args)
    rules = tieuchi.load(case["rules"])
    try:
        result = rules.evaluate(case["evidence"], on=case.get("on"), trace=trace)
    except tieuchi.EvidenceError as e:
        assert cli.returncode == 1
        printed = [json.loads(line) for line in cli.stderr.splitlines() if line.startswith("{")]
        assert printed == [{"code": p.code, "field": p.field, "message": p.message, "help": p.help} for p in e.errors]
        return
    if cli.returncode != 0 and "select::none-in-force" in cli.stderr:
        # Given a single file, the command line refuses a date outside its validity, where the
        # engine (and so the corpus and the binding) evaluates and reports `not-in-force`.
        assert any(f.code == "not-in-force" for f in result.findings)
        return
    assert cli.returncode == 0, cli.stderr
    assert json.loads(cli.stdout) == result.to_dict()


def test_batch_rates_as_evaluate_many(tmp_path: Path) -> None:
    records = tmp_path / "records.jsonl"
    records.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in EX3) + "\n", encoding="utf-8")
    cli = run("batch", "rules/cong-chuc/nd335-2025.tieuchi", str(records), "--summary", "none")
    assert cli.returncode == 0, cli.stderr
    lines: list[dict[str, Any]] = [json.loads(line) for line in cli.stdout.splitlines()]
    rows = tieuchi.load("rules/cong-chuc/nd335-2025.tieuchi").evaluate_many(EX3, output="records", decimals="str")
    assert [(line["outcome"]["id"], line["outcome"]["decided_by"]) for line in lines] == [
        (r["outcome"], r["decided_by"]) for r in rows
    ]
    assert [line["scores"]["tong"]["value"] for line in lines] == [r["tong"] for r in rows]
    assert ["; ".join(f["code"] for f in line["findings"]) for line in lines] == [r["findings"] for r in rows]
