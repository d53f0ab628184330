#!/bin/sh
# The Go module (examples/go) as a new user would use it, against an
# installed library found through pkg-config: go vet and go test, linked
# with the shared library (the default) and with the archive (-tags
# infisical_static), whose test binary must not need libinfisical.so.
# Nothing is downloaded (the module has no dependencies; GOPROXY=off), and
# Go's caches stay in WORK_DIR.
#
#   sh go.sh SOURCE_ROOT BUILD_DIR DEVSERVER WORK_DIR
set -eu
[ $# = 4 ] || { echo "usage: sh go.sh SOURCE_ROOT BUILD_DIR DEVSERVER WORK_DIR" >&2; exit 2; }
src=$1 build=$2 devserver=$3 work=$4
here=$(cd "$(dirname "$0")" && pwd)
. "$here/common.sh"
need go golang-go
need pkg-config pkg-config
mkdir -p "$work"
# A fixed root, so that Go's build cache recognises the same flags next time.
install_tree "$build" "$work/root"

export PKG_CONFIG_PATH=$pcdir PKG_CONFIG_SYSROOT_DIR=$root LD_LIBRARY_PATH=$libdir
export CGO_ENABLED=1 GOCACHE="$work/cache" GOPATH="$work/gopath" GOENV=off GOFLAGS='' GOPROXY=off GOTOOLCHAIN=local
export INFISICAL_DEVSERVER="$devserver"
unset CGO_CFLAGS CGO_LDFLAGS || true
cd "$src/examples/go"
go version

for mode in shared static; do
    tags=
    [ "$mode" = static ] && tags=-tags=infisical_static
    echo "== go vet $tags ./..."
    # shellcheck disable=SC2086
    if go vet $tags ./... > "$work/vet-$mode.log" 2>&1; then ok "go vet ($mode)"; else cat "$work/vet-$mode.log"; bad "go vet ($mode)"; fi
    echo "== go test $tags ./..."
    status=0
    # shellcheck disable=SC2086
    go test $tags -count=1 -v ./... > "$work/test-$mode.log" 2>&1 || status=$?
    grep -E -- '^(--- |ok|FAIL|PASS)|_test.go' "$work/test-$mode.log" || true
    p=$(grep -c -- '--- PASS:' "$work/test-$mode.log" || true)
    f=$(grep -c -- '--- FAIL:' "$work/test-$mode.log" || true)
    if [ "$status" != 0 ] && [ "$f" = 0 ]; then cat "$work/test-$mode.log"; f=1; fi
    passed=$((passed + p)) failed=$((failed + f))
    # shellcheck disable=SC2086
    go test $tags -c -o "$work/infisical-$mode.test" . > "$work/build-$mode.log" 2>&1 ||
        { cat "$work/build-$mode.log"; bad "go test -c ($mode)"; continue; }
    if [ "$mode" = shared ]; then
        links_libinfisical_so "$work/infisical-$mode.test" && ok "the default build uses libinfisical.so.0" ||
            bad "the default build does not use libinfisical.so"
    else
        links_libinfisical_so "$work/infisical-$mode.test" && bad "the infisical_static build needs libinfisical.so" ||
            ok "the infisical_static build does not need libinfisical.so"
    fi
done

# A user's own module, set up with the README's two commands (go mod edit
# -require and -replace), built both ways.
echo "== a user's module: go mod edit -require ... -replace ...=examples/go"
rm -rf "$work/user" && mkdir -p "$work/user"
cat > "$work/user/main.go" <<'GOEOF'
package main

import (
	"fmt"

	"example.com/libinfisical/infisical"
)

func main() { fmt.Println("libinfisical", infisical.Version(), "from Go") }
GOEOF
(cd "$work/user" && go mod init example.com/user > /dev/null 2>&1 &&
    go mod edit -require=example.com/libinfisical/infisical@v0.0.0 \
        -replace=example.com/libinfisical/infisical="$src/examples/go") || bad "go mod init / edit"
for mode in shared static; do
    tags=
    [ "$mode" = static ] && tags=-tags=infisical_static
    # shellcheck disable=SC2086
    if (cd "$work/user" && go build $tags -o "$work/user/app-$mode" . && "$work/user/app-$mode") > "$work/user-$mode.log" 2>&1; then
        cat "$work/user-$mode.log"; ok "a user's module builds and runs ($mode)"
    else
        cat "$work/user-$mode.log"; bad "a user's module ($mode)"
    fi
done
finish
