#!/usr/bin/env bash
# Fails when a tracked C file differs from .clang-format, naming each one. Run by .ci/test.sh
# first; `bash .ci/format.sh --fix` formats them in place.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v clang-format >/dev/null || { echo "clang-format is missing (bash .ci/deps.sh)"; exit 1; }
mapfile -t files < <(git ls-files '*.c' '*.h' 2>/dev/null || find kiosk sync tests -name '*.[ch]')
if [ "${1:-}" = --fix ]; then
    clang-format -i "${files[@]}"
    exit 0
fi
bad=()
for f in "${files[@]}"; do
    clang-format --dry-run -Werror "$f" >/dev/null 2>&1 || bad+=("$f")
done
if [ ${#bad[@]} -gt 0 ]; then
    echo "These files differ from .clang-format (bash .ci/format.sh --fix formats them):"
    printf '  %s\n' "${bad[@]}"
    exit 1
fi
echo "format: ${#files[@]} C files match .clang-format"
