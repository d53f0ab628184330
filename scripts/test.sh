#!/bin/sh
# Install what is missing, build, and run the whole test suite: unit,
# integration (against the devserver, which each test starts itself), ABI
# checks; then the unit and integration tests again under valgrind's memcheck
# and built with ThreadSanitizer. Each run ends with cmocka's totals. Every
# build here is made with -Werror (the build files do not impose it on users).
set -eu
cd "$(dirname "$0")/.."
sh scripts/setup.sh --werror
sh scripts/configure.sh build-tsan true -Db_sanitize=thread -Dexamples=false
ninja -C build-tsan --quiet
echo "== the whole tree builds with clang too (-Wall -Wextra -Werror)"
CC=clang CXX=clang++ sh scripts/configure.sh build-clang true
ninja -C build-clang --quiet

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0

# count LABEL: count cmocka's "[  PASSED  ] N test(s)." / "[  FAILED  ] N
# test(s)" in $tmp/log into $tmp/summary-LABEL, and show that line.
count() {
    awk -v label="$1" '/\[  PASSED  \] [0-9]+ test/ { p += $4 } /\[  FAILED  \] [0-9]+ test/ { f += $4 }
         END { printf "%s: %d passed, %d failed\n", label, p, f }' "$tmp/log" > "$tmp/summary-$1"
    cat "$tmp/summary-$1"
}

# run LABEL BUILD_DIR [meson test arguments]: show the output, keep the exit
# status, and count the tests.
run() {
    label=$1 dir=$2
    shift 2
    { meson test -C "$dir" --no-rebuild --print-errorlogs --verbose "$@" 2>&1; echo $? > "$tmp/rc"; } | tee "$tmp/log"
    [ "$(cat "$tmp/rc")" = 0 ] || status=1
    count "$label"
}

echo "== all tests"
run tests build
echo "== the unit and integration tests under valgrind's memcheck (any leak or error fails)"
run memcheck build --suite unit --suite integration --timeout-multiplier 4 \
    --wrapper 'valgrind --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect --quiet'
echo "== the unit and integration tests built with ThreadSanitizer (any data race fails)"
export TSAN_OPTIONS="halt_on_error=1"
run tsan build-tsan --suite unit --suite integration --timeout-multiplier 2

[ $status = 0 ] && echo "== summary: all green" || echo "== summary: FAILED"
cat "$tmp/summary-tsan" "$tmp/summary-memcheck" "$tmp/summary-tests"
exit $status
