#!/usr/bin/env python3
"""Nothing lost under bad input: `tieuchi batch` over generated NĐ 335 records, JSON Lines and
CSV, with a share of them corrupted in every way a real export goes wrong.

Checks, for each format:
- exactly one output row per input record, in input order (blank lines are not records);
- every corrupted record gives an error row whose code names its problem (and the field, where
  the problem is one field's);
- every intact record gives a result, never an error row; the tolerated oddities (a byte order
  mark, CR or CRLF line ends, blank lines) change nothing;
- a sample of the intact records gives, through `tieuchi eval` one at a time, the same scores
  and (where no quota decided) the same outcome.

    python3 tests/stress/corrupted.py                       # 20,000 records (the test run)
    python3 tests/stress/corrupted.py --records 1000000     # the full run, with timings

Exit status 0 when everything holds; otherwise every failure is printed (up to a limit) and the
status is 1. Standard library only.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RULES = "rules/cong-chuc/nd335-2025.tieuchi"
#: CSV columns; `on` is left empty except where a record's date is the corruption.
COLUMNS = ["id", "co_quan", "nhom", "tieu_chi_chung", "ket_qua_nhiem_vu", "suy_thoai", "don_vi_tham_nhung", "ky_luat_trong_nam", "on"]
HUGE = 10 * 1024 * 1024


@dataclass
class Expected:
    """What one input record must give: an error row with one of `codes` (naming `field` if
    given), or a result."""

    kind: str
    codes: tuple[str, ...] = ()
    field: str | None = None

    @property
    def error(self) -> bool:
        return bool(self.codes)


@dataclass
class Input:
    data: bytearray = field(default_factory=bytearray)
    expected: list[Expected] = field(default_factory=list)
    intact: dict[int, dict[str, object]] = field(default_factory=dict)


def record(rng: random.Random, i: int) -> dict[str, object]:
    general = rng.randrange(0, 121) / 4  # 0..30 by quarters
    task = rng.randrange(0, 281) / 4  # 0..70
    out: dict[str, object] = {
        "id": f"CC-{i:07d}",
        "co_quan": f"Cơ quan {rng.randrange(2000):04d}",
        "nhom": f"Nhóm {rng.randrange(5)}",
        "tieu_chi_chung": _num(general),
        "ket_qua_nhiem_vu": _num(task),
        "suy_thoai": rng.random() < 0.01,
        "don_vi_tham_nhung": False,
    }
    if rng.random() < 0.02:
        out["ky_luat_trong_nam"] = rng.choice(["khien_trach", "canh_cao"])
    return out


def _num(x: float) -> str:
    text = f"{x:.2f}".rstrip("0").rstrip(".")
    return text or "0"


# Each kind: (name, formats it applies to). JSON Lines and CSV share most.
KINDS_JSON = [
    "truncated-json",
    "wrong-type",
    "unknown-field",
    "out-of-range",
    "too-many-digits",
    "duplicate-key",
    "lenient-underscore",
    "lenient-plus",
    "lenient-percent",
    "not-an-object",
    "invalid-utf8",
    "huge-line",
    "bad-enum",
    "cr-line-end",  # tolerated: must be read as a record
    "blank-lines",  # tolerated: the blank lines are not records
]
KINDS_CSV = [
    "stray-quote",
    "wrong-type",
    "out-of-range",
    "too-many-digits",
    "lenient-underscore",
    "lenient-plus",
    "lenient-percent",
    "too-few-cells",
    "too-many-cells",
    "invalid-utf8",
    "huge-line",
    "bad-enum",
    "bad-date",
    "cr-line-end",
    "blank-lines",
]


def json_line(rec: dict[str, object]) -> bytes:
    return json.dumps(rec, ensure_ascii=False).encode()


def corrupt_json(kind: str, rec: dict[str, object], huge_left: list[int]) -> tuple[bytes, Expected]:
    line = json_line(rec)
    if kind == "truncated-json":
        return line[: len(line) // 2], Expected(kind, ("evidence::not-json",))
    if kind == "wrong-type":
        return json_line({**rec, "suy_thoai": "có"}), Expected(kind, ("evidence::wrong-type",), "suy_thoai")
    if kind == "unknown-field":
        return json_line({**rec, "diem_thuong": 5}), Expected(kind, ("evidence::unknown-field",), "diem_thuong")
    if kind == "out-of-range":
        return json_line({**rec, "tieu_chi_chung": "30.25"}), Expected(kind, ("evidence::out-of-range",), "tieu_chi_chung")
    if kind == "too-many-digits":
        bad = {**rec, "ket_qua_nhiem_vu": "61.99999999999999999999999999999"}
        return json_line(bad), Expected(kind, ("evidence::bad-number",), "ket_qua_nhiem_vu")
    if kind == "duplicate-key":
        return line[:-1] + b', "tieu_chi_chung": "29"}', Expected(kind, ("evidence::duplicate-field",), "tieu_chi_chung")
    if kind == "lenient-underscore":
        return json_line({**rec, "tieu_chi_chung": "1_0"}), Expected(kind, ("evidence::bad-number",), "tieu_chi_chung")
    if kind == "lenient-plus":
        return json_line({**rec, "tieu_chi_chung": "+10"}), Expected(kind, ("evidence::bad-number",), "tieu_chi_chung")
    if kind == "lenient-percent":
        return json_line({**rec, "tieu_chi_chung": "10%%"}), Expected(kind, ("evidence::bad-number", "evidence::wrong-type"), "tieu_chi_chung")
    if kind == "not-an-object":
        return b"[" + line + b"]", Expected(kind, ("evidence::not-an-object",))
    if kind == "invalid-utf8":
        return line.replace(b"C\xc6\xa1", b"C\xff", 1), Expected(kind, ("evidence::not-json",))
    if kind == "huge-line":
        if huge_left[0] > 0:
            huge_left[0] -= 1
            padding = "x" * HUGE
            return json_line({**rec, "co_quan": padding}), Expected(kind, ("evidence::too-large",))
        return corrupt_json("truncated-json", rec, huge_left)
    if kind == "bad-enum":
        return json_line({**rec, "ky_luat_trong_nam": "phe_binh"}), Expected(kind, ("evidence::bad-enum-value",), "ky_luat_trong_nam")
    raise ValueError(kind)


def csv_cell(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    text = "" if value is None else str(value)
    if any(c in text for c in ',"\r\n'):
        return '"' + text.replace('"', '""') + '"'
    return text


def csv_line(rec: dict[str, object]) -> bytes:
    return ",".join(csv_cell(rec.get(c)) for c in COLUMNS).encode()


def corrupt_csv(kind: str, rec: dict[str, object], huge_left: list[int]) -> tuple[bytes, Expected]:
    if kind == "stray-quote":
        cells = [csv_cell(rec.get(c)) for c in COLUMNS]
        cells[1] = '"' + cells[1]
        return ",".join(cells).encode(), Expected(kind, ("evidence::not-json",))
    if kind == "too-few-cells":
        return ",".join(csv_cell(rec.get(c)) for c in COLUMNS[:5]).encode(), Expected(kind, ("evidence::not-json",))
    if kind == "too-many-cells":
        return csv_line(rec) + b",thua", Expected(kind, ("evidence::not-json",))
    if kind == "bad-date":
        return csv_line({**rec, "on": "2024-12-31T23:00:00-05:00"}), Expected(kind, ("evidence::bad-date",), "on")
    if kind == "huge-line" and huge_left[0] > 0:
        huge_left[0] -= 1
        return csv_line({**rec, "co_quan": "x" * HUGE}), Expected(kind, ("evidence::too-large",))
    if kind == "huge-line":
        return corrupt_csv("too-few-cells", rec, huge_left)
    if kind == "invalid-utf8":
        return csv_line(rec).replace(b"C\xc6\xa1", b"C\xff", 1), Expected(kind, ("evidence::not-json",))
    if kind == "wrong-type":
        return csv_line({**rec, "suy_thoai": "có"}), Expected(kind, ("evidence::wrong-type",), "suy_thoai")
    # The rest change one value as in JSON Lines.
    line, expected = corrupt_json(kind, rec, huge_left)
    return csv_line(json.loads(line)), expected


def build(fmt: str, n: int, share: float, seed: int) -> Input:
    rng = random.Random(seed)
    kinds = KINDS_JSON if fmt == "jsonl" else KINDS_CSV
    out = Input()
    huge_left = [2]
    # A byte order mark at the start is tolerated.
    out.data += b"\xef\xbb\xbf"
    if fmt == "csv":
        out.data += ",".join(COLUMNS).encode() + b"\n"
    plain = json_line if fmt == "jsonl" else csv_line
    corrupted = set(rng.sample(range(n), int(n * share)))
    k = 0
    for i in range(n):
        rec = record(rng, i)
        end = b"\n"
        if i in corrupted:
            kind = kinds[k % len(kinds)]
            k += 1
            if kind == "cr-line-end":
                end = b"\r"
                line, expected = plain(rec), Expected(kind)
            elif kind == "blank-lines":
                out.data += b"\n \n\t\n" if fmt == "jsonl" else b"\n\n"
                line, expected = plain(rec), Expected(kind)
            elif fmt == "jsonl":
                line, expected = corrupt_json(kind, rec, huge_left)
            else:
                line, expected = corrupt_csv(kind, rec, huge_left)
        else:
            line, expected = plain(rec), Expected("intact")
        if not expected.error:
            out.intact[i] = rec
        out.data += line + end
        out.expected.append(expected)
    return out


def run_batch(tieuchi: str, path: Path, output: Path) -> float:
    start = time.perf_counter()
    proc = subprocess.run(
        [tieuchi, "batch", RULES, str(path), "-o", str(output), "--summary", "none"],
        cwd=ROOT,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
    )
    elapsed = time.perf_counter() - start
    # Exit 1 means some rows are error rows (expected here); 2 is a failure of the run.
    if proc.returncode not in (0, 1):
        sys.exit(f"tieuchi batch failed ({proc.returncode}): {proc.stderr}")
    return elapsed


def check(fmt: str, data: Input, rows: list[dict[str, object]], failures: list[str]) -> None:
    if len(rows) != len(data.expected):
        failures.append(f"{fmt}: {len(data.expected)} records in, {len(rows)} rows out")
    for i, (row, expected) in enumerate(zip(rows, data.expected)):
        if row.get("row") != i:
            failures.append(f"{fmt}: row {i} is numbered {row.get('row')}")
            break
        errors = row.get("errors") or []
        if expected.error:
            if row.get("status") != "error":
                failures.append(f"{fmt}: record {i} ({expected.kind}) gave `{row.get('status')}`, not an error row")
                continue
            codes = [e["code"] for e in errors]
            if not any(c in expected.codes for c in codes):
                failures.append(f"{fmt}: record {i} ({expected.kind}): codes {codes}, expected one of {list(expected.codes)}")
            if expected.field is not None and not any(e["field"] == expected.field for e in errors):
                failures.append(f"{fmt}: record {i} ({expected.kind}): no error names `{expected.field}`: {errors}")
            if any(not e["message"] for e in errors):
                failures.append(f"{fmt}: record {i} ({expected.kind}): an error without a message")
        elif row.get("status") == "error":
            failures.append(f"{fmt}: intact record {i} ({expected.kind}) gave an error row: {errors}")


def compare_with_eval(tieuchi: str, data: Input, rows: list[dict[str, object]], sample: int, seed: int, failures: list[str]) -> int:
    rng = random.Random(seed)
    chosen = rng.sample(sorted(data.intact), min(sample, len(data.intact)))
    with tempfile.TemporaryDirectory() as tmp:
        for i in chosen:
            path = Path(tmp) / "record.json"
            path.write_text(json.dumps(data.intact[i], ensure_ascii=False), encoding="utf-8")
            proc = subprocess.run([tieuchi, "eval", RULES, str(path), "--no-trace"], cwd=ROOT, capture_output=True, text=True)
            if proc.returncode != 0:
                failures.append(f"eval of intact record {i} failed: {proc.stderr.strip()}")
                continue
            single = json.loads(proc.stdout)
            row = rows[i]
            for score, value in single["scores"].items():
                if row.get(score) != value["value"]:
                    failures.append(f"record {i}: `{score}` is {row.get(score)} in the batch, {value['value']} alone")
            quota = row.get("decided_by") == "quota" or any(
                str(f.get("code", "")).startswith("quota") for f in row.get("findings") or []
            )
            outcome = single["outcome"]["id"] if single["outcome"] else None
            if not quota and row.get("outcome") != outcome:
                failures.append(f"record {i}: outcome {row.get('outcome')} in the batch, {outcome} alone")
            if row.get("rules_sha256") != single["rules"]["sha256"]:
                failures.append(f"record {i}: the batch row and the result name different rules")
    return len(chosen)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--records", type=int, default=20_000)
    parser.add_argument("--share", type=float, default=0.01, help="share of records corrupted (default 1%%)")
    parser.add_argument("--sample", type=int, default=100, help="intact records compared with `tieuchi eval`")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--tieuchi", default=os.environ.get("TIEUCHI_CLI", str(ROOT / "target" / "release" / "tieuchi")))
    args = parser.parse_args()
    if not Path(args.tieuchi).exists():
        sys.exit(f"no tieuchi at {args.tieuchi}: build it (cargo build --release -p tieuchi-cli) or set TIEUCHI_CLI")

    failures: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        for fmt in ("jsonl", "csv"):
            data = build(fmt, args.records, args.share, args.seed)
            path = Path(tmp) / f"records.{fmt}"
            path.write_bytes(data.data)
            out = Path(tmp) / f"rows-{fmt}.jsonl"
            elapsed = run_batch(args.tieuchi, path, out)
            with out.open(encoding="utf-8") as f:
                rows = [json.loads(line) for line in f]
            before = len(failures)
            check(fmt, data, rows, failures)
            compared = compare_with_eval(args.tieuchi, data, rows, args.sample, args.seed, failures)
            corrupted = sum(e.kind != "intact" for e in data.expected)
            kinds = sorted({e.kind for e in data.expected if e.kind != "intact"})
            print(
                f"{fmt}: {args.records:,} records ({len(data.data) / 2**20:,.1f} MiB), {corrupted:,} corrupted "
                f"of {len(kinds)} kinds, {len(rows):,} rows in {elapsed:.2f} s; "
                f"{compared} intact records compared with `tieuchi eval`; "
                f"{len(failures) - before} failure(s)"
            )
    for f in failures[:50]:
        print("FAIL", f)
    if len(failures) > 50:
        print(f"… and {len(failures) - 50} more")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
