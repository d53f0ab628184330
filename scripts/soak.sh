#!/bin/sh
# soak.sh [OPS [SEED]]: the soak with faults (tests/soak/soak.c), 8 threads on
# one client while the devserver injects random faults. OPS defaults to 2000,
# CI's short version (about 15 s on 2 cores); the long run in
# docs/reliability.md is `sh scripts/soak.sh 20000 7`.
# BUILD names the build directory (default build; CI may pass build-tsan to run
# it under ThreadSanitizer). Exits non-zero on any violation.
set -eu
cd "$(dirname "$0")/.."
build=${BUILD:-build}
ops=${1:-2000}
seed=${2:-1}
[ -f "$build/build.ninja" ] || sh scripts/configure.sh "$build" false
ninja -C "$build" --quiet tests/soak/soak tests/devserver/infisical-devserver
exec "$build/tests/soak/soak" "$build/tests/devserver/infisical-devserver" "$ops" 8 "$seed"
