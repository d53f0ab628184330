#!/bin/sh
# Install what is missing, build, and run the whole test suite: unit,
# integration (against the devserver, which each test starts itself), ABI,
# bindings, packaging and CLI checks; the benchmark's quick version; the soak
# with faults (plain and ThreadSanitizer); then the unit and integration tests
# again under valgrind's memcheck, built with ThreadSanitizer, and built with
# AddressSanitizer and UndefinedBehaviorSanitizer; the fuzz targets for a short
# time; the mutation run; and, built for i386, under qemu-i386. Each run ends
# with its totals. Every build here is made with -Werror (the build files do
# not impose it on users); besides the trees the tests run from, the tree is
# built with every meson buildtype, with gcc and clang.
set -eu
cd "$(dirname "$0")/.."
# phase TITLE: say what comes next, and how long the run has taken so far.
start=$(date +%s)
phase() {
    echo "== [$(( $(date +%s) - start )) s] $1"
}
sh scripts/setup.sh --werror
sh scripts/configure.sh build-tsan true -Db_sanitize=thread -Dexamples=false
ninja -C build-tsan --quiet
phase "the whole tree builds with clang too (-Wall -Wextra -Werror)"
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
    grep -q ', 0 failed$' "$tmp/summary-$1" || status=1
}

# capture COMMAND...: run it, its output shown and kept in $tmp/log, its exit
# status in $rc; any status but 0 fails the whole run. The status is written
# from the left side of the pipe, where set -e would end the group at a failing
# command before it could write anything (leaving an earlier run's 0 to be
# read): hence `|| rc=$?`, and the file removed first.
capture() {
    rm -f "$tmp/rc"
    { rc=0; "$@" 2>&1 || rc=$?; echo "$rc" > "$tmp/rc"; } | tee "$tmp/log"
    rc=$(cat "$tmp/rc" 2>/dev/null || echo "unknown")
    [ "$rc" = 0 ] || status=1
}

# run_cmd LABEL COMMAND...: capture the command and count its tests.
run_cmd() {
    label=$1
    shift
    capture "$@"
    count "$label"
}

# run LABEL BUILD_DIR [meson test arguments]: run_cmd for meson's tests in BUILD_DIR.
run() {
    label=$1 dir=$2
    shift 2
    run_cmd "$label" meson test -C "$dir" --no-rebuild --print-errorlogs --verbose "$@"
}


# The ABI guard skips when its tools or debug info are missing; here that must fail instead.
export ABI_REQUIRE=1
# Likewise the cffi and cgo callers skip without their tools, except here.
export BINDINGS_REQUIRE=1
# The packaging tests (tests/packaging) likewise: a missing python3-venv, cmake or go fails here.
export PACKAGING_REQUIRE=1
phase "all tests"
run tests build
# The benchmark (tests/bench) is a run target, not a test; its quick version
# runs here so that it cannot rot. Its figures are in docs/benchmarks.md.
phase "the benchmark builds and runs (quick version: 1,000 connections)"
if ninja -C build bench-quick; then echo "bench: ok" > "$tmp/summary-bench"; else echo "bench: FAILED" > "$tmp/summary-bench"; status=1; fi

# The soak (tests/soak): 8 threads on one client under random faults, in the
# plain build and under ThreadSanitizer; a violation fails the run.
phase "the soak with faults: 2000 operations, 8 threads, one client (plain and ThreadSanitizer)"
for b in build build-tsan; do
    capture env BUILD=$b sh scripts/soak.sh 2000 1
    echo "soak ($b): $(grep '^violations:' "$tmp/log" || echo 'did not finish'), exit $rc" >> "$tmp/summary-soak"
done
cat "$tmp/summary-soak"
phase "the unit and integration tests under valgrind's memcheck (any leak or error fails)"
run memcheck build --suite unit --suite integration --timeout-multiplier 4 \
    --wrapper 'valgrind --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect --quiet'
phase "the unit and integration tests built with ThreadSanitizer (any data race fails)"
export TSAN_OPTIONS="halt_on_error=1"
# Not test_hostile (suite "hostile" too): each of its clients is used by one
# thread, in a forked child, so TSan has nothing to look at there, and it is
# the longest program (memcheck and ASan still run it).
run tsan build-tsan --suite unit --suite integration --no-suite hostile --timeout-multiplier 2
phase "the unit and integration tests built with AddressSanitizer and UndefinedBehaviorSanitizer (any report fails)"
run_cmd asan sh scripts/asan.sh --verbose

# The fuzz targets (tests/fuzz, libFuzzer with ASan and UBSan, clang): each
# runs 10 s from its seed corpus; a crash, leak, timeout or failed oracle fails.
phase "the fuzz targets, 10 s each (libFuzzer, ASan, UBSan)"
capture sh scripts/fuzz.sh 10
echo "fuzz: $(awk '$NF == "ok"' "$tmp/log" | wc -l) targets ok, exit $rc" > "$tmp/summary-fuzz"

# The mutation run (scripts/mutate.py, tests/mutation/mutants.txt): each
# mutant is a bug a real change could bring into lib/, and a named test must
# fail on it. Below 95 percent killed, or a stale snippet, fails the run.
phase "the mutation run: every mutant of tests/mutation/mutants.txt must be killed by its tests"
capture python3 scripts/mutate.py
echo "mutation: $(grep -E '^[0-9]+ of [0-9]+ mutants killed' "$tmp/log" || echo 'did not finish'), exit $rc" > "$tmp/summary-mutation"

# gcc's warnings depend on the optimizer (-Wformat-truncation, -Wstringop-*,
# -Wmaybe-uninitialized appear at -O2/-O3 only), so each buildtype is a build
# of its own. debugoptimized is ./build (gcc) and build-clang. "plain" adds no
# flags of meson's; it is what distributions use, with their own flags, so it
# gets Debian's packaging flags (-O2, _FORTIFY_SOURCE=2, -Werror=format-security).
# clang's warnings hardly depend on the optimizer: release and debug are enough.
# Only ninja: the test runs above cover behaviour. What users and packagers
# build: the library and the examples (the command-line tool among them), not
# the tests (-Dtests=false), which build/ and build-clang/ hold to -Werror.
phase "every meson buildtype builds the library and the examples clean (-Werror): gcc plain (Debian's flags), debug, release, minsize; clang debug, release"
buildtypes=ok
for cfg in gcc-plain gcc-debug gcc-release gcc-minsize clang-debug clang-release; do
    compiler=${cfg%%-*} buildtype=${cfg#*-}
    dir=build-buildtypes/$cfg
    cflags="" ldflags=""
    if [ "$buildtype" = plain ]; then
        cflags="$(dpkg-buildflags --get CFLAGS) $(dpkg-buildflags --get CPPFLAGS)"
        ldflags=$(dpkg-buildflags --get LDFLAGS)
    fi
    cxx=g++
    [ "$compiler" = clang ] && cxx=clang++
    if CC=$compiler CXX=$cxx CFLAGS=$cflags CXXFLAGS=$cflags LDFLAGS=$ldflags \
            sh scripts/configure.sh "$dir" true --buildtype="$buildtype" -Dtests=false -Ddocs=disabled &&
        ninja -C "$dir" --quiet; then
        echo "$cfg: ok"
    else
        echo "$cfg: FAILED"
        buildtypes=FAILED status=1
    fi
done

# 32-bit: gcc -m32 against i386 libcurl and jansson unpacked into a sysroot;
# see scripts/build-i386.sh. The tests run under qemu-i386 (build-i386/run).
# A program started by exec runs outside qemu, and the integration tests start
# the devserver with execv, so they get the native one from ./build: the 32-bit
# client against the same server as above.
phase "the library, tests and devserver build for i386 (gcc -m32, -Werror); the unit tests and five integration programs run there under qemu-i386"
if sh scripts/build-i386.sh; then
    devserver=$PWD/build/tests/devserver/infisical-devserver
    # The loop runs on the left of a pipe, in a subshell: it reports a
    # failure through a file.
    # Every unit test, and the integration tests where 32-bit arithmetic and
    # sizes meet the wire (lifetimes, deadlines, budgets, the syncs' polls);
    # the transport and memory-hostile programs take minutes under qemu and
    # exercise libcurl's code more than ours.
    for t in build-i386/build/tests/unit/test_* build-i386/build/tests/integration/test_connections \
             build-i386/build/tests/integration/test_auth build-i386/build/tests/integration/test_trust \
             build-i386/build/tests/integration/test_options build-i386/build/tests/integration/test_syncs; do
        [ -f "$t" ] || continue
        case $t in */integration/*) set -- "$devserver" ;; *) set -- ;; esac
        echo "-- $t"
        timeout 300 build-i386/run "$t" "$@" 2>&1 || { echo "FAIL: $t exited with $?"; touch "$tmp/i386-failed"; }
    done | tee "$tmp/log"
    [ ! -f "$tmp/i386-failed" ] || status=1
    count i386
else
    echo "i386: the build FAILED" > "$tmp/summary-i386"
    status=1
fi

[ $status = 0 ] && echo "== summary: all green" || echo "== summary: FAILED"
echo "buildtypes: $buildtypes"
cat "$tmp/summary-i386" "$tmp/summary-fuzz" "$tmp/summary-mutation" "$tmp/summary-bench" "$tmp/summary-soak" "$tmp/summary-asan" "$tmp/summary-tsan" "$tmp/summary-memcheck" "$tmp/summary-tests"
exit $status
