#!/usr/bin/env bash
# Runs the fuzz targets, each for SECONDS, and prints what each did.
#
#   bash fuzz/run.sh SECONDS [TARGET...]      # default: every target, one after another
#   FUZZ_JOBS=2 bash fuzz/run.sh 1800         # two targets at once
#
# Builds with cargo-fuzz (installed if missing) on stable Rust (RUSTC_BOOTSTRAP=1, no
# sanitizer), makes the seed corpora from rules/ and tests/corpus/ (fuzz/make-corpus.py) into
# fuzz/corpus/<target>/, which keeps what each run finds; runs at the lowest priority. Prints per
# target: runs, exec/s, cov, ft, corpus size, crashes (logs in fuzz/logs/, crashing inputs in
# fuzz/artifacts/<target>/). Exits 1 when any target crashed.
set -euo pipefail

seconds="${1:?usage: fuzz/run.sh SECONDS [TARGET...]}"
shift
fuzz="$(cd "$(dirname "$0")" && pwd)"
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(parse_check evaluate batch_readers)
jobs="${FUZZ_JOBS:-1}"
export RUSTC_BOOTSTRAP=1

command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked
cd "$fuzz"
python3 make-corpus.py corpus >/dev/null
mkdir -p logs artifacts
cargo fuzz build --sanitizer none -O

dict_of() {
    case "$1" in
        parse_check) cat dict/keywords.dict dict/fields.dict ;;
        *) cat dict/json.dict ;;
    esac
}

run_one() {
    local target="$1" log="logs/$1.log"
    dict_of "$target" >"logs/$target.dict"
    mkdir -p "artifacts/$target"
    local start=$SECONDS status=0
    nice -n 19 cargo fuzz run --sanitizer none -O "$target" "corpus/$target" -- \
        -max_total_time="$seconds" -dict="logs/$target.dict" -timeout=30 -rss_limit_mb=4096 \
        -print_final_stats=1 -artifact_prefix="artifacts/$target/" >"$log" 2>&1 || status=$?
    echo "$status $((SECONDS - start))" >"logs/$target.status"
}

pids=()
for target in "${targets[@]}"; do
    run_one "$target" &
    pids+=($!)
    while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do wait -n || true; done
done
wait

failed=0
printf '%-14s %12s %8s %7s %7s %7s %8s %6s\n' target runs exec/s cov ft corpus crashes secs
for target in "${targets[@]}"; do
    log="logs/$target.log"
    read -r status secs <"logs/$target.status"
    last="$(grep -E '^#[0-9]+' "$log" | tail -n 1)"
    runs="$(grep -oE 'stat::number_of_executed_units: *[0-9]+' "$log" | grep -oE '[0-9]+$' || true)"
    execs="$(grep -oE 'stat::average_exec_per_sec: *[0-9]+' "$log" | grep -oE '[0-9]+$' || true)"
    cov="$(grep -oE 'cov: [0-9]+' <<<"$last" | grep -oE '[0-9]+' || true)"
    ft="$(grep -oE 'ft: [0-9]+' <<<"$last" | grep -oE '[0-9]+' || true)"
    corpus="$(find "corpus/$target" -type f | wc -l)"
    crashes="$(find "artifacts/$target" -type f | wc -l)"
    printf '%-14s %12s %8s %7s %7s %7s %8s %6s\n' "$target" "${runs:-?}" "${execs:-?}" "${cov:-?}" "${ft:-?}" \
        "$corpus" "$crashes" "$secs"
    if [ "$status" != 0 ] || [ "$crashes" != 0 ]; then
        failed=1
        echo "  $target failed (exit $status): see fuzz/$log and fuzz/artifacts/$target/" >&2
    fi
done
exit "$failed"
