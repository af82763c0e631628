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
        # The command prints the engine's error records, the ones the exception carries.
        assert printed == e.to_dict()["errors"]
        assert [(r["code"], r["field"]) for r in printed] == [(p.code, p.field) for p in e.errors]
        return
    if cli.returncode != 0 and "select::none-in-force" in cli.stderr:
        # Given a single file, the command line refuses a date outside its validity, where the
        # engine (and so the corpus and the binding) evaluates and reports `not-in-force`.
        assert any(f.code == "not-in-force" for f in result.findings)
        return
    assert cli.returncode == 0, cli.stderr
    assert json.loads(cli.stdout) == result.to_dict()


EXAMPLES = sorted((ROOT / "rules").glob("*/examples/*.json"))


@pytest.mark.parametrize("path", EXAMPLES, ids=[f"{p.parent.parent.name}/{p.stem}" for p in EXAMPLES])
def test_every_example_gives_the_commands_result_envelope_and_all(path: Path) -> None:
    """Each example of `rules/`, by each rule set of its folder that reads it: the binding's
    result is the command's, engine, rules fingerprint and all, and the same each time."""
    folder = path.parent.parent.relative_to(ROOT).as_posix()
    example = path.relative_to(ROOT).as_posix()
    record = json.loads(path.read_text(encoding="utf-8"))
    compared = 0
    for file in sorted(path.parent.parent.glob("*.tieuchi")):
        ruleset = next(line.split()[1] for line in file.read_text(encoding="utf-8").splitlines() if line.startswith("ruleset "))
        cli = run("eval", folder, example, "--ruleset", ruleset)
        if cli.returncode != 0:
            continue
        printed = json.loads(cli.stdout)
        rules = tieuchi.load(folder, ruleset=ruleset)
        first, second = rules.evaluate(record), rules.evaluate(record)
        assert first.to_dict() == printed
        assert first.to_json() == second.to_json()
        assert first.rules.sha256 == printed["rules"]["sha256"] and first.engine.version == printed["engine"]["version"]
        compared += 1
    assert compared > 0, example


def _plain(row: dict[str, Any]) -> dict[str, Any]:
    """A Python row as JSON gives it: dates as text."""
    return {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in row.items()}


@pytest.mark.parametrize("given", ["records", "arrow", "pandas"])
def test_batch_and_evaluate_many_give_the_same_rows(tmp_path: Path, given: str) -> None:
    """The same records through `tieuchi batch` and `evaluate_many` give the same rows, every
    column: versions chosen per record, quotas, findings, error rows."""
    pa = pytest.importorskip("pyarrow")
    pd = pytest.importorskip("pandas")
    dated = [dict(r, on="2026-06-30") for r in EX3] + [dict(r, on="2025-06-30") for r in EX3[:3]]
    bad = [dict(EX3[0], id="X-1", on="2026-06-30", tieu_chi_chung=31), dict(EX3[1], id="X-2", on="2026-06-30", ho_ten="A")]
    records = dated + bad
    path = tmp_path / "records.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n", encoding="utf-8")
    cli = run("batch", "rules/cong-chuc", str(path), "--summary", "none")
    assert cli.returncode == 1, cli.stderr  # two records are refused
    lines: list[dict[str, Any]] = [json.loads(line) for line in cli.stdout.splitlines()]
    data: Any = records
    if given == "arrow":
        data = pa.Table.from_pylist([{**r, "ho_ten": r.get("ho_ten")} for r in records])
    elif given == "pandas":
        data = pd.DataFrame(records)
    rows = tieuchi.load("rules/cong-chuc").evaluate_many(data, output="records", decimals="str")
    assert [_plain(r) for r in rows] == lines
    # A column no input reads is refused where it has a value; a null cell of it is absent.
    assert [line["status"] for line in lines[-2:]] == ["error", "error"]
    assert [e["field"] for e in lines[-1]["errors"]] == ["ho_ten"]
    # The records of 2025 went to the version then in force (NĐ 90, which reads no points).
    assert {line["ruleset"] for line in lines[:10]} != {line["ruleset"] for line in lines[10:13]}
