#!/bin/sh
# Install the library into a scratch tree (shared library and archive side by
# side, as `ninja install` leaves them), build tests/abi/consumer.c against it
# with the README's two commands, and run both against a fresh devserver:
#
#   cc app.c $(pkg-config --cflags --libs infisical)                  the shared library
#   cc app.c $(pkg-config --static --cflags --libs infisical-static)  the archive
#
# (plus -std=c99 -pedantic -Werror). The static program must not need
# libinfisical.so: before infisical-static.pc, `pkg-config --static infisical`
# linked the shared library whenever it was installed, as it always is.
set -eu
build=$1 src=$2 devserver=$3
tmp=$(mktemp -d)
pid=
trap '[ -z "$pid" ] || kill "$pid" 2>/dev/null || true; rm -rf "$tmp"' EXIT

root=$tmp/root
DESTDIR=$root meson install -C "$build" --quiet --no-rebuild --skip-subprojects >/dev/null
pcdir=$(dirname "$(find "$root" -name infisical.pc)")
libdir=$(dirname "$pcdir")
for f in libinfisical.a libinfisical.so.0 pkgconfig/infisical-static.pc; do
    [ -e "$libdir/$f" ] || { echo "FAIL: $f is not installed beside infisical.pc"; exit 1; }
done

"$devserver" > "$tmp/env" &
pid=$!
for _ in $(seq 100); do grep -q INFISICAL_DEV_READY "$tmp/env" && break; sleep 0.05; done
export INFISICAL_API_URL INFISICAL_UNIVERSAL_AUTH_CLIENT_ID INFISICAL_UNIVERSAL_AUTH_CLIENT_SECRET
INFISICAL_API_URL=$(sed -n 's/^INFISICAL_API_URL=//p' "$tmp/env")
INFISICAL_UNIVERSAL_AUTH_CLIENT_ID=$(sed -n 's/^INFISICAL_UNIVERSAL_AUTH_CLIENT_ID=//p' "$tmp/env")
INFISICAL_UNIVERSAL_AUTH_CLIENT_SECRET=$(sed -n 's/^INFISICAL_UNIVERSAL_AUTH_CLIENT_SECRET=//p' "$tmp/env")

pc() { PKG_CONFIG_PATH=$pcdir PKG_CONFIG_SYSROOT_DIR=$root pkg-config "$@"; }
for kind in shared static; do
    if [ "$kind" = shared ]; then flags=$(pc --cflags --libs infisical); else flags=$(pc --static --cflags --libs infisical-static); fi
    echo "$kind: cc consumer.c $flags"
    # shellcheck disable=SC2086
    cc -std=c99 -Wall -Wextra -pedantic -Werror -o "$tmp/consumer-$kind" "$src" $flags
    if readelf -d "$tmp/consumer-$kind" | grep -q 'NEEDED.*libinfisical'; then needs=yes; else needs=no; fi
    if [ "$kind" = static ] && [ "$needs" = yes ]; then
        echo "FAIL: the program linked with pkg-config --static infisical-static needs libinfisical.so"; exit 1
    fi
    if [ "$kind" = shared ] && [ "$needs" = no ]; then
        echo "FAIL: the program linked with pkg-config infisical does not use libinfisical.so"; exit 1
    fi
    LD_LIBRARY_PATH=$libdir "$tmp/consumer-$kind"
done
# Bindings find the installed declarations through pkg-config (docs/bindings.md).
cdef=$(pc --variable=cdef infisical)
if [ ! -s "$cdef" ] || ! grep -q 'infisical_client_new' "$cdef"; then
    echo "FAIL: pkg-config --variable=cdef names '$cdef', which is not the installed infisical.cdef"; exit 1
fi
echo "consumer: the README's shared and static pkg-config commands work, the static one without libinfisical.so"
