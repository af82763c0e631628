"""``tieuchi.spark.evaluate_many`` on a local Spark beside ``RuleSet.evaluate_many`` on one
machine, over the same generated civil-servant records (the ``rules/cong-chuc`` family: NĐ 90 and
NĐ 335, each record rated by the version in force on its own date, the HTXS quota per agency and
task group).

    python bindings/tieuchi-py/benchmarks/spark.py                       # 10,000,000 records
    python bindings/tieuchi-py/benchmarks/spark.py --rows 1000000 --masters 'local[2]'

The records are written once to Parquet (under ``--data``, removed at the end unless
``--keep``). One machine: the Parquet file read into a pyarrow table, ``evaluate_many`` over it
(the read is timed apart). Spark: the same file read by Spark, evaluated, every row written to
Spark's ``noop`` sink (so every row is computed and nothing else is); the time includes the job
that counts each input partition's records. Spark's start-up is not counted. The script checks
that Spark's outcome counts are those of one machine.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import time
import unicodedata
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

ROOT = Path(__file__).resolve().parents[3]
RULES = ROOT / "rules" / "cong-chuc"
ON = "2026-12-10"
DISCIPLINE = ["khien_trach", "canh_cao", "ha_bac_luong", "giang_chuc", "cach_chuc", "buoc_thoi_viec"]


def _decimal_text(cents: Any) -> Any:
    """Hundredths as decimal text (``2853`` -> ``"28.53"``), without a Python object per value."""
    whole = pc.cast(pa.array(cents // 100), pa.string())
    frac = pc.utf8_lpad(pc.cast(pa.array(cents % 100), pa.string()), 2, "0")
    return pc.binary_join_element_wise(whole, frac, ".")


def generate(rows: int, seed: int = 2026) -> pa.Table:
    """Records as a national HR export might give them, both versions in one table.

    400 agencies × 4 task groups; 85% of the records dated in 2026 (NĐ 335: points), 15% in 2025
    (NĐ 90: levels and percentages, ranked by a percentage, so ties are common); about 5% of the
    records write their agency's name decomposed (NFD), which the engine reads as the same
    agency; every 2,000th record repeats the one before it, id and all (a tie that only the input
    order breaks); a few records out of range, missing their task points or their agency, or
    dated when no version is in force.
    """
    rng = np.random.default_rng(seed)
    names = [f"Sở Nội vụ tỉnh {i:03d}" for i in range(400)]
    agencies = pa.array(names + [unicodedata.normalize("NFD", n) for n in names])
    groups = pa.array(["Chuyên viên", "Lãnh đạo phòng", "Văn thư", "Kế toán"])
    agency = rng.integers(0, 400, rows) + np.where(rng.random(rows) < 0.05, 400, 0)
    old = rng.random(rows) < 0.15
    on = np.where(old, np.datetime64("2025-06-30"), np.datetime64(ON)).astype("datetime64[D]")
    on[rng.random(rows) < 0.0005] = np.datetime64("1999-01-01")
    ids = pc.binary_join_element_wise("CC-", pc.utf8_lpad(pc.cast(pa.array(np.arange(rows)), pa.string()), 8, "0"), "")
    # NĐ 335: points as text ("28.53"), which the engine reads exactly; NĐ 90: a level.
    points = rng.integers(1500, 3001, rows)
    points[rng.random(rows) < 0.001] = 3100  # out of range: an error row
    levels = pa.array(
        np.array(["khong_dap_ung", "dap_ung", "thuc_hien_tot"], dtype=object)[rng.choice(3, rows, p=[0.02, 0.18, 0.8])]
    )
    tieu_chi_chung = pc.if_else(pa.array(old), levels, _decimal_text(points))
    task = np.round(rng.uniform(35, 70, rows), 2)
    task_missing = old | (rng.random(rows) < 0.002)
    discipline = np.array(DISCIPLINE, dtype=object)[rng.integers(0, len(DISCIPLINE), rows)]
    leader = rng.random(rows) < 0.1
    no_agency = rng.random(rows) < 0.001
    table = pa.table(
        {
            "id": ids,
            "on": pa.array(on, pa.date32()),
            "co_quan": pc.if_else(pa.array(no_agency), pa.nulls(rows, pa.string()), agencies.take(pa.array(agency))),
            "nhom": groups.take(pa.array(rng.integers(0, 4, rows))),
            "tieu_chi_chung": tieu_chi_chung,
            "ket_qua_nhiem_vu": pa.array(task, mask=task_missing),
            "suy_thoai": pa.array(rng.random(rows) < 0.005),
            "ky_luat_trong_nam": pa.array(discipline, pa.string(), mask=rng.random(rows) >= 0.02),
            "la_lanh_dao": pa.array(leader),
            "don_vi_tham_nhung": pa.array(leader & (rng.random(rows) < 0.01), mask=old),
            "thoi_gian_cong_tac": pa.array(rng.integers(6, 13, rows), mask=~old),
            "ty_le_hoan_thanh": pa.array(
                np.char.add(np.where(rng.random(rows) < 0.7, 100, rng.integers(60, 100, rows)).astype(str), "%").astype(
                    object
                ),
                pa.string(),
                mask=~old,
            ),
            "ty_le_vuot_muc": pa.array(
                np.char.add((10 * rng.integers(0, 9, rows)).astype(str), "%").astype(object), pa.string(), mask=~old
            ),
        }
    )
    # Every 2,000th record repeats the one before it: same id, same evidence.
    repeat = np.arange(rows)
    repeat[1::2000] = repeat[0::2000][: len(repeat[1::2000])]
    return table.take(pa.array(repeat))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--masters", default="local[1],local[2]")
    parser.add_argument("--data", default=str(ROOT / "target" / "spark-bench"))
    parser.add_argument("--partitions", type=int, default=0, help="shuffle partitions (default: 4 per core)")
    parser.add_argument("--keep", action="store_true", help="keep the generated Parquet file")
    parser.add_argument(
        "--engine-threads",
        type=int,
        default=0,
        help="threads of the engine in each Spark task (RAYON_NUM_THREADS; default: every core)",
    )
    args = parser.parse_args()

    import pyarrow.parquet as pq
    import tieuchi
    import tieuchi.spark

    data = Path(args.data)
    data.mkdir(parents=True, exist_ok=True)
    path = data / f"records-{args.rows}.parquet"
    if not path.exists():
        print(f"generating {args.rows:,} records …", file=sys.stderr, flush=True)
        pq.write_table(generate(args.rows), path, row_group_size=1_000_000)
    rules = tieuchi.load(RULES)
    print(f"{args.rows:,} records, {path.stat().st_size / 1e6:.0f} MB of Parquet; {os.cpu_count()} cores", flush=True)

    start = time.perf_counter()
    table = pq.read_table(path)
    read = time.perf_counter() - start
    start = time.perf_counter()
    rows = rules.evaluate_many(table, on=ON, output="arrow")
    alone = time.perf_counter() - start
    expected = dict(zip(*(c.to_pylist() for c in pc.value_counts(rows.column("outcome").cast(pa.string())).flatten())))
    print(
        f"one machine, evaluate_many: {alone:.1f} s ({args.rows / alone:,.0f} records/s; reading the file {read:.1f} s more)",
        flush=True,
    )
    del rows, table

    from pyspark.sql import SparkSession

    if args.engine_threads:
        # Local executors' Python workers inherit the environment the JVM started with.
        os.environ["RAYON_NUM_THREADS"] = str(args.engine_threads)
    for master in args.masters.split(","):
        cores = int(master[master.index("[") + 1 : -1])
        spark = (
            SparkSession.builder.master(master)
            .config("spark.ui.enabled", "false")
            .config("spark.driver.memory", "3g")
            .config("spark.sql.shuffle.partitions", str(args.partitions or 4 * cores))
            .config("spark.executorEnv.RAYON_NUM_THREADS", str(args.engine_threads or os.cpu_count()))
            .getOrCreate()
        )
        spark.sparkContext.setLogLevel("ERROR")
        df = spark.read.parquet(str(path))
        start = time.perf_counter()
        out = tieuchi.spark.evaluate_many(rules, df, on=ON)
        out.write.format("noop").mode("overwrite").save()
        took = time.perf_counter() - start
        print(f"Spark {master}: {took:.1f} s ({args.rows / took:,.0f} records/s), {took / alone:.1f}× one machine", flush=True)
        got = {r["outcome"]: r["count"] for r in out.groupBy("outcome").count().collect()}
        if got != expected:
            raise SystemExit(f"Spark's outcomes differ from one machine's: {got} != {expected}")
        spark.stop()
    if not args.keep:
        shutil.rmtree(data / path.name, ignore_errors=True)
        path.unlink(missing_ok=True)


if __name__ == "__main__":
    main()
