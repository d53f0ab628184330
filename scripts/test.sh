#!/bin/sh
# Install what is missing, build, and run the whole test suite: unit,
# integration (against the devserver, which each test starts itself), ABI
# checks, then valgrind's memcheck over the unit and integration tests.
# Each run ends with cmocka's totals: "N passed, M failed".
set -eu
cd "$(dirname "$0")/.."
sh scripts/setup.sh

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0

# Run meson test with the given arguments, show its output, keep its exit status.
run() {
    label=$1
    shift
    { meson test -C build --no-rebuild --print-errorlogs --verbose "$@" 2>&1; echo $? > "$tmp/rc"; } | tee "$tmp/log"
    [ "$(cat "$tmp/rc")" = 0 ] || status=1
    # cmocka prints "[  PASSED  ] N test(s)." and "[  FAILED  ] N test(s), listed below:" per program.
    awk -v label="$label" '/\[  PASSED  \] [0-9]+ test/ { p += $4 } /\[  FAILED  \] [0-9]+ test/ { f += $4 }
         END { printf "%s: %d passed, %d failed\n", label, p, f }' "$tmp/log" > "$tmp/summary-$label"
    cat "$tmp/summary-$label"
}

echo "== all tests"
run tests
echo "== the unit and integration tests under valgrind's memcheck (any leak or error fails)"
run memcheck --suite unit --suite integration --timeout-multiplier 4 \
    --wrapper 'valgrind --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect --quiet'

[ $status = 0 ] && echo "== summary: all green" || echo "== summary: FAILED"
cat "$tmp/summary-memcheck" "$tmp/summary-tests"
exit $status
