#!/usr/bin/env bash
# The whole test suite, as the README's second quick-start command and CI run it:
# installs what is missing, checks that every C file is formatted by .clang-format, builds twice
# (plain, and with AddressSanitizer + UBSan) and runs every test in both builds with ctest, then
# fuzzes each harness of tests/fuzz/ for a bounded time (.ci/fuzz.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
bash .ci/deps.sh

jobs=$(nproc)
status=0
# A formatting difference fails the run, after the tests have still been run and reported.
bash .ci/format.sh || status=1
for variant in plain sanitize; do
  dir="build-test-$variant"
  flags=(-DCMAKE_BUILD_TYPE=RelWithDebInfo)
  [ "$variant" = sanitize ] && flags+=(-DAUKIO_SANITIZE=ON)
  echo "== $variant build =="
  cmake -S . -B "$dir" "${flags[@]}" > "$dir.configure.log" 2>&1 || { cat "$dir.configure.log"; exit 1; }
  cmake --build "$dir" -j "$jobs"
  echo "== $variant tests =="
  export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
  export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
  (cd "$dir" && ctest --output-on-failure -j "$jobs") || status=1
done
# Then every fuzz harness for a bounded time under libFuzzer (clang): a finding fails the run.
echo "== fuzzing =="
bash .ci/fuzz.sh || status=1
exit $status
