"""``RuleSet.evaluate_many`` on generated civil-servant records (NĐ 335/2025) against the same
rating written as idiomatic pure pandas, side by side.

    python bindings/tieuchi-py/benchmarks/evaluate_many.py            # 1,000,000 rows
    python bindings/tieuchi-py/benchmarks/evaluate_many.py --rows 100000 --repeat 1

Both compute, for every row: the total (tiêu chí chung + kết quả thực hiện nhiệm vụ), the tier
by band, the five knock-outs, and the HTXS quota (at most 20% of HTT within each agency and task
group, counted after demotion, ranked by total then task points then id). The script checks
that both give the same tier for every row before it prints the times.

The pandas version is what an analyst would write: float columns, ``np.select`` for the bands,
boolean masks for the knock-outs, ``groupby`` and ``cumcount`` for the quota. It checks no
evidence (types, ranges, unknown fields), knows nothing of missing values (the generated data has
none), keeps no reasons, and rounds the float total to 2 places, without which float sums such as
28.1 + 61.9 = 89.99999999999999 fall below a band edge (the script counts those rows too).
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, Callable

import numpy as np
import pandas as pd
import pyarrow as pa

import tieuchi

ROOT = Path(__file__).resolve().parents[3]
RULES = ROOT / "rules" / "cong-chuc" / "nd335-2025.tieuchi"
DISCIPLINE = ["khien_trach", "canh_cao", "ha_bac_luong", "giang_chuc", "cach_chuc", "buoc_thoi_viec"]


def generate(rows: int, seed: int = 2026) -> pd.DataFrame:
    """Records as an HR export would give them: 500 agencies × 4 task groups, points with two
    decimals, rare knock-outs, discipline mostly absent."""
    rng = np.random.default_rng(seed)
    agencies = np.array([f"Sở {i:03d}" for i in range(500)], dtype=object)
    groups = np.array(["Chuyên viên", "Lãnh đạo phòng", "Văn thư", "Kế toán"], dtype=object)
    discipline = np.where(rng.random(rows) < 0.02, rng.choice(np.array(DISCIPLINE, dtype=object), rows), None)
    leader = rng.random(rows) < 0.1
    return pd.DataFrame(
        {
            "id": np.array([f"CC-{i:07d}" for i in range(rows)], dtype=object),
            "co_quan": agencies[rng.integers(0, len(agencies), rows)],
            "nhom": groups[rng.integers(0, len(groups), rows)],
            "tieu_chi_chung": np.round(rng.uniform(15, 30, rows), 2),
            "ket_qua_nhiem_vu": np.round(rng.uniform(35, 70, rows), 2),
            "suy_thoai": rng.random(rows) < 0.005,
            "vi_pham_dieu_cam": rng.random(rows) < 0.002,
            "vi_pham_neu_guong": rng.random(rows) < 0.002,
            "ky_luat_trong_nam": discipline,
            "la_lanh_dao": leader,
            "don_vi_tham_nhung": leader & (rng.random(rows) < 0.01),
        }
    )


def pure_pandas(df: pd.DataFrame, round_total: bool = True) -> pd.Series:
    """NĐ 335/2025 written directly in pandas (floats)."""
    tong = df["tieu_chi_chung"] + df["ket_qua_nhiem_vu"]
    if round_total:
        tong = tong.round(2)
    tier = pd.Series(
        np.select([tong >= 90, tong >= 70, tong >= 50], ["htxs", "htt", "htnv"], default="kht"),
        index=df.index,
        dtype=object,
    )
    forced = (
        df["suy_thoai"]
        | df["vi_pham_dieu_cam"]
        | df["vi_pham_neu_guong"]
        | df["ky_luat_trong_nam"].notna()
        | (df["la_lanh_dao"] & df["don_vi_tham_nhung"])
    )
    tier[forced] = "kht"
    # Quota: HTXS ≤ 20% of HTT per (agency, group), counted after demotion:
    # X ≤ 0.2 × (U + C − X)  ⇔  X ≤ (U + C) / 6, floored.
    keys = [df["co_quan"], df["nhom"]]
    candidate = (tier == "htxs") & ~forced
    c = candidate.groupby(keys).transform("sum")
    u = (tier == "htt").groupby(keys).transform("sum")
    limit = (u + c) // 6
    ranked = (
        pd.DataFrame({"co_quan": df["co_quan"], "nhom": df["nhom"], "tong": tong, "kq": df["ket_qua_nhiem_vu"],
                      "id": df["id"]})[candidate]
        .sort_values(["co_quan", "nhom", "tong", "kq", "id"], ascending=[True, True, False, False, True])
    )
    rank = ranked.groupby(["co_quan", "nhom"]).cumcount()
    demoted = rank.index[rank.to_numpy() >= limit[rank.index].to_numpy()]
    tier[demoted] = "htt"
    return tier


def resident_bytes() -> int:
    """The process's resident memory now (Linux)."""
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def peak_resident_bytes() -> int:
    """The process's peak resident memory since it was last reset (Linux)."""
    with open("/proc/self/status") as status:
        line = next(line for line in status if line.startswith("VmHWM:"))
    return int(line.split()[1]) * 1024


def timed(cases: list[tuple[str, Callable[[], Any]]], repeat: int) -> tuple[dict[str, list[float]], dict[str, Any]]:
    """Each case once per round, the rounds one after another: on a shared machine a change of
    load falls on every case alike, so that their ratios hold within one run."""
    times: dict[str, list[float]] = {name: [] for name, _ in cases}
    results: dict[str, Any] = {}
    for turn in range(1, repeat + 1):
        print(f"round {turn} of {repeat} …", file=sys.stderr)
        for name, fn in cases:
            start = time.perf_counter()
            results[name] = fn()
            times[name].append(time.perf_counter() - start)
    return times, results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--memory-of", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()

    print(f"generating {args.rows:,} records …", file=sys.stderr)
    df = generate(args.rows)
    table = pa.Table.from_pandas(df, preserve_index=False)
    rules = tieuchi.load(RULES)

    cases: list[tuple[str, Callable[[], Any]]] = [
        ("tieuchi  evaluate_many(DataFrame) → DataFrame, exact decimals", lambda: rules.evaluate_many(df)),
        ("tieuchi  evaluate_many(DataFrame, decimals='float')", lambda: rules.evaluate_many(df, decimals="float")),
        ("tieuchi  evaluate_many(pyarrow.Table) → Table, decimal128", lambda: rules.evaluate_many(table)),
        ("pandas   the same rating, idiomatic, floats", lambda: pure_pandas(df)),
    ]
    if args.memory_of is not None:
        # One case once, in a process of its own: how far its peak rises above the input.
        # Linux: `5` resets the peak, which generating the input set.
        with open("/proc/self/clear_refs", "w") as clear:
            clear.write("5")
        before = resident_bytes()
        cases[args.memory_of][1]()
        print(peak_resident_bytes() - before)
        return
    times, results = timed(cases, args.repeat)
    rows = [(name, min(times[name]), statistics.median(times[name])) for name, _ in cases]

    engine = results[cases[0][0]]
    pandas_tiers = results[cases[3][0]]
    assert (engine["status"] == "rated").all(), engine["status"].value_counts()
    differ = int((engine["outcome"].to_numpy() != pandas_tiers.to_numpy()).sum())
    unrounded = int((engine["outcome"].to_numpy() != pure_pandas(df, round_total=False).to_numpy()).sum())

    print()
    print(f"rows: {args.rows:,}; cores: {os.cpu_count()}; {platform.python_implementation()} "
          f"{platform.python_version()}; tieuchi {tieuchi.__version__}; pandas {pd.__version__}; "
          f"best and median of {args.repeat} rounds, the cases taking turns")
    width = max(len(n) for n, _, _ in rows)
    for name, best, median in rows:
        print(f"  {name:<{width}}  {best:7.2f} s  {median:7.2f} s  {args.rows / best / 1e6:5.2f} M rows/s")
    pandas_best = rows[3][1]
    for name, best, _ in rows[:3]:
        print(f"  ratio {name.split('  ', 1)[1]}: {best / pandas_best:.2f}× the pandas time")
    print(f"  same tier on every row: {'yes' if differ == 0 else f'NO, {differ} rows differ'}")
    print(f"  pandas without rounding the float total differs on {unrounded} rows")
    print(f"  outcomes: {engine['outcome'].value_counts().to_dict()}")
    print(f"  peak memory of this process (input, every case and its result): "
          f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")
    print(f"  input: {args.rows:,}-row DataFrame {df.memory_usage(deep=True).sum() / 2**20:.0f} MiB, "
          f"pyarrow Table {table.nbytes / 2**20:.0f} MiB; each case alone, its peak above the input:")
    for i, (name, _) in enumerate(cases):
        run = [sys.executable, __file__, "--rows", str(args.rows), "--memory-of", str(i)]
        above = int(subprocess.run(run, check=True, capture_output=True, text=True).stdout.split()[-1])
        print(f"    {name:<{width}}  +{above / 2**20:5.0f} MiB")
    if differ:
        sys.exit(1)


if __name__ == "__main__":
    main()
