#!/usr/bin/env bash
# `tieuchi serve` under load, on loopback only: one-record evaluations (`POST /v1/evaluate`, a
# bearer token checked on each) at 64 connections kept alive for 10 s, by the bounded load
# generator of tests/bench/serve-load; then the same records through the command line: all at once
# with `tieuchi batch`, and one process per record with `tieuchi eval` for a sample. Release builds.
# The load generator shares the machine's cores with the service: on 2 cores, it takes about a
# third of them, and anything else running (other builds) shows in the figures.
#
#   bash tests/bench/serve.sh
#   CONNECTIONS=64 SECONDS_LOAD=10 RECORDS=10000 bash tests/bench/serve.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
CONNECTIONS=${CONNECTIONS:-64}
SECONDS_LOAD=${SECONDS_LOAD:-10}
RECORDS=${RECORDS:-10000}
DATA=$TARGET/bench-data
mkdir -p "$DATA"

cargo build --release --locked -q -p tieuchi-cli
(cd tests/bench/floor && CARGO_TARGET_DIR="$TARGET/bench-floor" cargo build --release -q)
(cd tests/bench/serve-load && CARGO_TARGET_DIR="$TARGET/bench-serve-load" cargo build --release -q)
TIEUCHI=$TARGET/release/tieuchi
LOAD=$TARGET/bench-serve-load/release/serve-load

# The records: NĐ 335 civil servants, each dated; as JSON Lines for the command line and as
# request bodies for the service.
REC=$DATA/serve-records-$RECORDS.jsonl
BODIES=$DATA/serve-bodies-$RECORDS.jsonl
if [ ! -f "$BODIES" ]; then
  "$TARGET/bench-floor/release/gen_jsonl" "$RECORDS" "$DATA/serve-raw.jsonl" 2000 5 2026
  python3 - "$DATA/serve-raw.jsonl" "$REC" "$BODIES" <<'PY'
import json, sys
with open(sys.argv[1]) as raw, open(sys.argv[2], "w") as rec, open(sys.argv[3], "w") as bodies:
    for line in raw:
        record = json.loads(line)
        record["on"] = "2026-12-10"
        rec.write(json.dumps(record, ensure_ascii=False) + "\n")
        bodies.write(json.dumps({"ruleset": "cong_chuc_nd335", "evidence": record}, ensure_ascii=False) + "\n")
PY
fi

TOKEN=load-test-token-$(python3 -c 'import secrets; print(secrets.token_hex(16))')
printf '%s evaluate load-test\n' "$TOKEN" > "$DATA/serve-tokens"
"$TIEUCHI" serve rules/ --port 0 --tokens "$DATA/serve-tokens" --no-watch 2> "$DATA/serve.log" &
SERVER=$!
trap 'kill "$SERVER" 2>/dev/null || true' EXIT
for _ in $(seq 200); do
  URL=$(grep -o 'http://[0-9.:]*' "$DATA/serve.log" | head -1) || true
  [ -n "${URL:-}" ] && break
  sleep 0.05
done
[ -n "${URL:-}" ] || { cat "$DATA/serve.log"; exit 1; }

echo "== tieuchi serve: POST /v1/evaluate, $CONNECTIONS connections, $SECONDS_LOAD s ($(nproc) cores)"
"$LOAD" "$URL/v1/evaluate" "$BODIES" --token "$TOKEN" --connections "$CONNECTIONS" --seconds "$SECONDS_LOAD" | tee "$DATA/serve-load.tsv"
curl -s "$URL/metrics" | grep -E '^tieuchi_evaluations_total' || true
kill -TERM "$SERVER"; wait "$SERVER" || true; trap - EXIT

echo "== the same $RECORDS records through tieuchi batch (quota applied, one process)"
python3 tests/bench/timev.py "tieuchi batch" "$RECORDS" -- \
  "$TIEUCHI" batch rules/cong-chuc "$REC" --ruleset cong_chuc_nd335 -o "$DATA/serve-batch-out.jsonl" --summary none

SAMPLE=200
echo "== $SAMPLE of them through tieuchi eval, one process each"
head -n "$SAMPLE" "$REC" > "$DATA/serve-sample.jsonl"
python3 - "$TIEUCHI" "$DATA/serve-sample.jsonl" <<'PY'
import subprocess, sys, time
tieuchi, sample = sys.argv[1], sys.argv[2]
lines = open(sample).read().splitlines()
start = time.perf_counter()
for line in lines:
    subprocess.run([tieuchi, "eval", "rules/cong-chuc", "-", "--ruleset", "cong_chuc_nd335", "--no-trace"],
                   input=line.encode(), stdout=subprocess.DEVNULL, check=False)
took = time.perf_counter() - start
print(f"tieuchi eval\t{len(lines)} records\t{took:.2f} s\t{len(lines) / took:.0f} records/s\t{took / len(lines) * 1000:.2f} ms each")
PY
