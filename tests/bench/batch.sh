#!/usr/bin/env bash
# `tieuchi batch` beside a plain hand-written Rust program of the same rating (JSON Lines in, the
# NĐ 335 HTXS quota, one JSON line out), in one go on the same generated records; prints wall
# time, records/s and peak memory of each, and the ratio. Ratios from one run on a shared machine
# are the figure to quote, not absolute times.
#
#   bash tests/bench/batch.sh                 # 1,000,000 records, 3 runs each
#   SIZES="1000000 3000000" REPS=3 bash tests/bench/batch.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
SIZES=${SIZES:-1000000}; REPS=${REPS:-3}
DATA=${DATA:-$ROOT/target/bench-data}
RULES=$ROOT/rules/cong-chuc/nd335-2025.tieuchi
mkdir -p "$DATA"

cargo build --release --locked -q -p tieuchi-cli
(cd tests/bench/floor && CARGO_TARGET_DIR="$ROOT/target/bench-floor" cargo build --release -q)
TIEUCHI=$ROOT/target/release/tieuchi
FLOOR=$ROOT/target/bench-floor/release/floor
GEN=$ROOT/target/bench-floor/release/gen_jsonl
export TIMEV_STDERR=$DATA/timev.stderr
T="python3 $ROOT/tests/bench/timev.py"

printf 'label\twall s\tuser s\tsys s\tpeak MiB\tCPU\trecords\trecords/s\n'
for n in $SIZES; do
  IN=$DATA/nd335-$n.jsonl
  [ -f "$IN" ] || "$GEN" "$n" "$IN" 2000 5 2026
  for rep in $(seq "$REPS"); do
    rm -f "$DATA/out-tc.jsonl" "$DATA/out-floor.jsonl"
    $T "tieuchi batch, quota, n=$n" "$n" -- "$TIEUCHI" batch "$RULES" "$IN" -o "$DATA/out-tc.jsonl" --summary none
    $T "floor, quota, n=$n" "$n" -- "$FLOOR" "$IN" "$DATA/out-floor.jsonl" --quota
  done
  # The two agree on every record's tier.
  python3 - "$DATA/out-tc.jsonl" "$DATA/out-floor.jsonl" <<'PY'
import json, sys
a = [json.loads(l)["outcome"] for l in open(sys.argv[1])]
b = [json.loads(l)["outcome"] for l in open(sys.argv[2])]
same = sum(x == y for x, y in zip(a, b))
print(f"# tiers agree on {same} of {len(a)} records ({len(b)} from the floor)")
PY
done | tee "$DATA/batch.tsv"
python3 - "$DATA/batch.tsv" <<'PY'
import statistics, sys
rows = {}
for line in open(sys.argv[1]):
    if line.startswith("#") or "\t" not in line:
        continue
    f = line.rstrip("\n").split("\t")
    rows.setdefault(f[0], []).append((float(f[1]), float(f[4]), float(f[7])))
print("\nlabel\twall min / median s\tpeak MiB\trecords/s (best)")
for label, runs in rows.items():
    walls = sorted(r[0] for r in runs)
    print(f"{label}\t{walls[0]:.2f} / {statistics.median(walls):.2f}\t{max(r[1] for r in runs):.0f}\t{max(r[2] for r in runs):.0f}")
for label in rows:
    if label.startswith("tieuchi"):
        floor = label.replace("tieuchi batch", "floor")
        if floor in rows:
            t, f = min(r[0] for r in rows[label]), min(r[0] for r in rows[floor])
            print(f"ratio tieuchi / floor ({label.split(', n=')[1]} records): {t / f:.2f}x (best of each)")
PY

# evaluate_many beside the same rating in idiomatic pandas, when the Python package is built
# (bash tests/run-python.sh builds it into target/python-venv).
PY=${PY:-$ROOT/target/python-venv/bin/python}
if [ -x "$PY" ] && "$PY" -c "import tieuchi, pandas, pyarrow" 2>/dev/null; then
  for n in $SIZES; do
    "$PY" "$ROOT/bindings/tieuchi-py/benchmarks/evaluate_many.py" --rows "$n" --repeat "$REPS"
  done
else
  echo "# evaluate_many: skipped (run bash tests/run-python.sh first to build the package)"
fi
