#!/bin/sh
# Install what is missing (Debian 12, as root) and build into ./build.
# Run by demo.sh and test.sh; safe to run again.
# Usage: sh scripts/setup.sh [--werror]
#   --werror  warnings are errors (test.sh passes it, for CI). Without it they
#             are shown but do not fail the build, also in an existing ./build
#             that an earlier --werror run left.
set -eu
cd "$(dirname "$0")/.."
werror=false
case ${1:-} in
    --werror) werror=true ;;
    "") ;;
    *) echo "usage: sh scripts/setup.sh [--werror]" >&2; exit 2 ;;
esac

packages="build-essential clang pkg-config meson ninja-build libcurl4-openssl-dev libjansson-dev
libcmocka-dev libmicrohttpd-dev valgrind openssl curl python3
libnghttp2-dev librtmp-dev libssh2-1-dev libpsl-dev libkrb5-dev libldap-dev libzstd-dev
libbrotli-dev zlib1g-dev libidn2-dev
doxygen abigail-tools
python3-cffi golang-go python3-venv cmake
libclang-rt-14-dev"
# The second group is what `pkg-config --static --libs libcurl` names: the static consumer test needs it.
# Then: the reference manual and man pages (doxygen) and the ABI guard (abidw, abidiff).
# The last: the bindings tests (tests/bindings): cffi for Python, go for cgo; and the packaging tests
# (tests/packaging): a venv to pip install the Python package into, cmake for the CMake consumer.
# Last, libFuzzer and clang's sanitizer runtimes for the fuzz targets (tests/fuzz): clang only recommends them.

missing=""
for p in $packages; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
    echo "installing:$missing"
    apt-get update -q >/dev/null
    # shellcheck disable=SC2086
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $missing >/dev/null
fi

sh scripts/configure.sh build "$werror" --buildtype=debugoptimized -Ddocs=enabled
# --quiet: no progress lines, but whatever the compiler says is shown.
ninja -C build --quiet
