#!/bin/sh
# fuzz.sh [SECONDS]
#
# Build the libFuzzer targets (tests/fuzz, clang, ASan + UBSan) in build-fuzz
# and run each one for SECONDS (default 10) over its seed corpus
# (tests/fuzz/corpus/<target>) with the JSON dictionary. What the fuzzer
# finds new goes to a scratch directory, never into the tree. Prints, per
# target, the executions and the coverage libFuzzer reports (cov: edges, ft:
# features); fails when any target crashes, leaks, runs out of time or memory,
# or breaks one of its oracles, and then shows the input that did it (the
# file is kept in FUZZ_ARTIFACTS, default a temporary directory).
#
# CI runs it with the default; a longer local run: sh scripts/fuzz.sh 240.
set -eu
cd "$(dirname "$0")/.."
secs=${1:-10}
case $secs in '' | *[!0-9]*) echo "usage: $0 [SECONDS]" >&2; exit 2 ;; esac

targets="decode_connection decode_list decode_options decode_error decode_token northflank_page northflank_error
iso8601 redact caller_input"

# Longest input per target: past every limit the code under test has (a
# message is cut at 4 KiB, a log line at 1 KiB, a time is 20-odd bytes), and
# no longer, so the executions go to shapes rather than to size.
max_len() {
    case $1 in
    iso8601) echo 64 ;;
    redact | caller_input) echo 3072 ;;
    decode_error | northflank_error) echo 8192 ;;
    *) echo 4096 ;;
    esac
}

dir=build-fuzz
CC=clang sh scripts/configure.sh "$dir" true -Dfuzz=true -Dtests=false -Dexamples=false -Ddocs=disabled \
    -Dinstall=false
# A directory set up earlier without the option gets it now.
if ! grep -q '"name": "fuzz", "value": true' "$dir/meson-info/intro-buildoptions.json" 2>/dev/null; then
    meson configure "$dir" -Dfuzz=true >/dev/null
fi
ninja -C "$dir" --quiet fuzz

scratch=$(mktemp -d)
artifacts=${FUZZ_ARTIFACTS:-$(mktemp -d)}
mkdir -p "$artifacts"
trap 'rm -rf "$scratch"' EXIT
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

status=0
printf '%-18s %12s %8s %8s %8s  %s\n' target executions cov ft corpus result
for t in $targets; do
    mkdir -p "$scratch/$t"
    log=$scratch/$t.log
    # The scratch directory comes first: libFuzzer writes new inputs into the
    # first corpus directory only, and reads the tree's seeds from the second.
    if "$dir/tests/fuzz/fuzz_$t" "$scratch/$t" "tests/fuzz/corpus/$t" -dict=tests/fuzz/json.dict \
        -max_total_time="$secs" -max_len="$(max_len "$t")" -rss_limit_mb=1024 -timeout=10 \
        -artifact_prefix="$artifacts/$t-" -print_final_stats=1 >"$log" 2>&1; then
        result=ok
    else
        result=FAILED
        status=1
    fi
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
    last=$(grep -E '^#[0-9]+' "$log" | tail -n 1)
    cov=$(echo "$last" | sed -n 's/.* cov: \([0-9]*\).*/\1/p')
    ft=$(echo "$last" | sed -n 's/.* ft: \([0-9]*\).*/\1/p')
    corp=$(echo "$last" | sed -n 's/.* corp: \([0-9]*\).*/\1/p')
    printf '%-18s %12s %8s %8s %8s  %s\n' "$t" "${execs:-?}" "${cov:-?}" "${ft:-?}" "${corp:-?}" "$result"
    if [ "$result" != ok ]; then
        grep -vE '^#[0-9]+' "$log" | tail -n 60
        for a in "$artifacts/$t-"*; do
            [ -f "$a" ] || continue
            echo "-- $a (od -c):"
            od -c "$a" | head -n 40
        done
    fi
done
[ "$status" = 0 ] || echo "fuzz: a target failed; its inputs are in $artifacts" >&2
exit "$status"
