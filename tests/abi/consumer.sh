#!/bin/sh
# Install the library into a scratch tree, build tests/abi/consumer.c against
# it with `pkg-config --cflags --libs infisical` (shared) and `--static`
# (static archive), and run both against a fresh devserver.
set -eu
build=$1 src=$2 devserver=$3
tmp=$(mktemp -d)
trap 'kill "$pid" 2>/dev/null || true; rm -rf "$tmp"' EXIT

DESTDIR=$tmp/shared meson install -C "$build" --quiet --no-rebuild --skip-subprojects >/dev/null
cp -a "$tmp/shared" "$tmp/static"
# The static tree has only the archive, so -linfisical can only mean libinfisical.a.
find "$tmp/static" -name 'libinfisical.so*' -delete

"$devserver" > "$tmp/env" &
pid=$!
for _ in $(seq 100); do grep -q INFISICAL_DEV_READY "$tmp/env" && break; sleep 0.05; done
export INFISICAL_API_URL INFISICAL_UNIVERSAL_AUTH_CLIENT_ID INFISICAL_UNIVERSAL_AUTH_CLIENT_SECRET
INFISICAL_API_URL=$(sed -n 's/^INFISICAL_API_URL=//p' "$tmp/env")
INFISICAL_UNIVERSAL_AUTH_CLIENT_ID=$(sed -n 's/^INFISICAL_UNIVERSAL_AUTH_CLIENT_ID=//p' "$tmp/env")
INFISICAL_UNIVERSAL_AUTH_CLIENT_SECRET=$(sed -n 's/^INFISICAL_UNIVERSAL_AUTH_CLIENT_SECRET=//p' "$tmp/env")

for kind in shared static; do
    root=$tmp/$kind
    pcdir=$(dirname "$(find "$root" -name infisical.pc)")
    flags="--cflags --libs"
    [ "$kind" = static ] && flags="--static --cflags --libs"
    # shellcheck disable=SC2086
    cc -std=c99 -Wall -Wextra -pedantic -Werror -o "$tmp/consumer-$kind" "$src" \
        $(PKG_CONFIG_PATH=$pcdir PKG_CONFIG_SYSROOT_DIR=$root pkg-config $flags infisical)
    libdir=$(dirname "$pcdir")
    # Bindings find the installed declarations through pkg-config (docs/bindings.md).
    cdef=$(PKG_CONFIG_PATH=$pcdir PKG_CONFIG_SYSROOT_DIR=$root pkg-config --variable=cdef infisical)
    if [ ! -s "$cdef" ] || ! grep -q 'infisical_client_new' "$cdef"; then
        echo "FAIL: pkg-config --variable=cdef names '$cdef', which is not the installed infisical.cdef"; exit 1
    fi
    if [ "$kind" = static ] && ldd "$tmp/consumer-$kind" | grep -q libinfisical; then
        echo "FAIL: the static consumer still needs libinfisical.so"; exit 1
    fi
    LD_LIBRARY_PATH=$libdir "$tmp/consumer-$kind"
done
echo "consumer: shared and static builds through pkg-config work"
