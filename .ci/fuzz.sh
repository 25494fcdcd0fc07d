#!/usr/bin/env bash
# Fuzzes every harness of tests/fuzz/ for a bounded time with libFuzzer (clang, ASan + UBSan),
# as CI does after the two ctest runs (.ci/test.sh). Fails on any crash, leak, timeout or
# property violation (a harness's abort()); prints per harness the inputs tried.
#
#   bash .ci/fuzz.sh [SECONDS_PER_HARNESS]     default AUKIO_FUZZ_SECONDS or 20
#
# Each harness starts from a temporary copy of its seeds and reproducers, so nothing it finds is
# written into the source tree; a failing input is kept in build-fuzz/findings/NAME/ to be looked
# at (and, once its bug is fixed, added to tests/fuzz/regress/NAME/ under the bug's name).
set -uo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-${AUKIO_FUZZ_SECONDS:-20}}
dir=build-fuzz
command -v clang >/dev/null || { echo "fuzz: clang is missing (bash .ci/deps.sh)"; exit 1; }

echo "== fuzz build =="
mkdir -p "$dir"
CC=clang cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DAUKIO_FUZZ=ON \
    > "$dir/configure.log" 2>&1 || { cat "$dir/configure.log"; exit 1; }
cmake --build "$dir" -j "$(nproc)" --target fuzzers || exit 1

work=$(mktemp -d "${TMPDIR:-/tmp}/aukio-fuzz.XXXXXX")
trap 'rm -rf "$work"' EXIT
rm -rf "$dir/findings"
export TZ=Europe/Helsinki
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:symbolize=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1

status=0
rows=()
for src in tests/fuzz/fuzz_*.c; do
    target=$(basename "$src" .c)
    name=${target#fuzz_}
    corpus="$work/$name"
    mkdir -p "$corpus" "$dir/findings/$name"
    for d in tests/fuzz/corpus/"$name" tests/fuzz/regress/"$name"; do
        [ -d "$d" ] && cp -r "$d"/. "$corpus"/
    done
    log="$dir/findings/$name/fuzz.log"
    echo "== fuzz $name (${seconds}s) =="
    "$dir/tests/fuzz/$target" "$corpus" -max_total_time="$seconds" -timeout=10 \
        -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1 \
        -artifact_prefix="$dir/findings/$name/" > "$log" 2>&1
    rc=$?
    runs=$(sed -n 's/^Done \([0-9]*\) runs.*/\1/p' "$log" | tail -1)
    runs=${runs:-$(sed -n 's/^stat::number_of_executed_units: *\([0-9]*\)/\1/p' "$log" | tail -1)}
    if [ $rc -eq 0 ]; then
        result=ok
    else
        result="FAILED (exit $rc)"
        status=1
        grep -E '^(==[0-9]+==ERROR|SUMMARY|.*runtime error|round trip|artifact_prefix|Test unit)' \
            "$log" | head -20
        echo "   full log: $log"
    fi
    rows+=("$(printf '%-14s %12s  %s' "$name" "${runs:-?}" "$result")")
done

echo "== fuzz summary (${seconds}s per harness) =="
printf '%-14s %12s  %s\n' harness inputs result
printf '%s\n' "${rows[@]}"
exit $status
