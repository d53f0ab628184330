#!/bin/sh
# Vet and test the cgo binding (this directory) against the library just built.
#
#   sh run.sh INCLUDE_DIR LIB_DIR DEVSERVER WORK_DIR
#
# INCLUDE_DIR holds infisical/infisical.h, LIB_DIR libinfisical.so; WORK_DIR
# (in the build tree) takes Go's caches, so that nothing is written to the
# source tree or to $HOME, which may be unset or shared on a CI machine.
# Exits 77 (a skip) when `go` is not installed, unless BINDINGS_REQUIRE=1 (CI),
# where that is a failure. Ends with "N passed, M failed", as the Python tests do.
set -eu
if [ $# -ne 4 ]; then
    echo "usage: sh run.sh INCLUDE_DIR LIB_DIR DEVSERVER WORK_DIR" >&2
    exit 2
fi
inc=$1 libdir=$2 devserver=$3 work=$4

if ! command -v go > /dev/null 2>&1; then
    if [ "${BINDINGS_REQUIRE:-0}" = 1 ]; then
        echo "FAIL: go is not installed (Debian: apt-get install golang-go)"
        exit 1
    fi
    echo "SKIP: go is not installed (Debian: apt-get install golang-go); the cgo binding is not tested"
    exit 77
fi

src=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$work"
# Where a real program would get these from `pkg-config --cflags --libs
# infisical`; the rpath lets the test binary find the library in the build tree.
export CGO_ENABLED=1
export CGO_CFLAGS="-I$inc"
export CGO_LDFLAGS="-L$libdir -linfisical -Wl,-rpath,$libdir"
# No network and no state outside the build tree: the module has no
# dependencies, so nothing is fetched (GOPROXY=off makes sure of it); the
# user's go env file and GOFLAGS are not read; a newer go never switches
# toolchains (GOTOOLCHAIN, ignored by go 1.19).
export GOCACHE="$work/cache" GOPATH="$work/gopath" GOENV=off GOFLAGS='' GOPROXY=off GOTOOLCHAIN=local
export INFISICAL_DEVSERVER="$devserver"

cd "$src"
go version
echo "== go vet"
go vet ./...
echo "== go test"
status=0
go test -count=1 -v ./... > "$work/test.log" 2>&1 || status=$?
cat "$work/test.log"
passed=$(grep -c -- '--- PASS:' "$work/test.log" || true)
failed=$(grep -c -- '--- FAIL:' "$work/test.log" || true)
# A build failure or a crash fails no single test: count it as one.
[ "$status" != 0 ] && [ "$failed" = 0 ] && failed=1
echo "$passed passed, $failed failed"
[ "$status" = 0 ] && [ "$passed" -gt 0 ]
