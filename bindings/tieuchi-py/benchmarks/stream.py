"""A ``pyarrow.RecordBatchReader`` of many rows through ``evaluate_many(output="stream")``: the
input is generated a batch at a time and the rows are consumed a batch at a time, so the peak
memory stays bounded whatever the number of rows. The rule set is NĐ 335/2025 without its quota
(a quota needs all of its population, so it holds the input).

    python bindings/tieuchi-py/benchmarks/stream.py --rows 10000000
"""

from __future__ import annotations

import argparse
import re
import resource
import sys
import time
from pathlib import Path

import numpy as np
import pyarrow as pa

import tieuchi

ROOT = Path(__file__).resolve().parents[3]
RULES = ROOT / "rules" / "cong-chuc" / "nd335-2025.tieuchi"


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--batch", type=int, default=65_536)
    args = parser.parse_args()
    text = RULES.read_text(encoding="utf-8")
    # The rating without the population rule: every record is rated on its own.
    text = re.sub(r"\n  quota .*?\n\n", "\n\n", text, flags=re.S)
    rules = tieuchi.compile(text)
    rng = np.random.default_rng(2026)
    schema = pa.schema(
        [("tieu_chi_chung", pa.float64()), ("ket_qua_nhiem_vu", pa.float64()), ("suy_thoai", pa.bool_()),
         ("don_vi_tham_nhung", pa.bool_()), ("co_quan", pa.string()), ("nhom", pa.string())]
    )

    def batches():  # type: ignore[no-untyped-def]
        left = args.rows
        while left > 0:
            n = min(args.batch, left)
            left -= n
            yield pa.record_batch(
                [pa.array(np.round(rng.uniform(15, 30, n), 2)), pa.array(np.round(rng.uniform(35, 70, n), 2)),
                 pa.array(rng.random(n) < 0.005), pa.array(np.zeros(n, dtype=bool)),
                 pa.array(np.full(n, "Sở 001", dtype=object)), pa.array(np.full(n, "Chuyên viên", dtype=object))],
                schema=schema,
            )

    before = peak_mib()
    start = time.perf_counter()
    rows = 0
    rated = 0
    for out in rules.evaluate_many(pa.RecordBatchReader.from_batches(schema, batches()), output="stream"):
        rows += out.num_rows
        rated += out.num_rows - out.column("outcome").null_count
    wall = time.perf_counter() - start
    print(f"rows: {rows:,} ({rated:,} rated) in {wall:.2f} s, {rows / wall / 1e6:.2f} M rows/s; "
          f"peak memory {peak_mib():.0f} MiB (before the run {before:.0f} MiB)")
    if rows != args.rows:
        sys.exit(1)


if __name__ == "__main__":
    main()
