#!/bin/sh
# Build the library, its tests and the devserver for 32-bit x86 (i386) with
# -Werror, through a meson cross file. test.sh then runs the i386 unit and
# integration tests with build-i386/run.
#
# Why 32-bit: long, size_t and pointers are 4 bytes there, so a mix-up with
# int64_t or curl_off_t that is invisible on amd64 shows up as a warning or a
# wrong value. Users do build for 32-bit ARM and x86.
#
# Everything lives under build-i386/ (ignored by git), and each step is skipped
# when it is already done, so running this again is cheap:
#   build-i386/debs/     the downloaded i386 packages
#   build-i386/sysroot/  those packages unpacked: headers, .pc files, .so's
#   build-i386/run       runs one i386 program: `build-i386/run PROGRAM ARGS`
#   build-i386/cross.ini the meson cross file pointing at the sysroot
#   build-i386/build/    the meson build directory
# Debian 12, as root; the network is used only for Debian's archive.
set -eu
cd "$(dirname "$0")/.."
top=$PWD/build-i386
sysroot=$top/sysroot
multiarch=i386-linux-gnu

# The compiler is the native gcc with -m32: gcc-multilib brings the 32-bit
# crt files, libc and libgcc as amd64 packages, so it installs beside the
# native toolchain without touching it.
# qemu-user runs the i386 programs: the kernel of these machines is built
# without 32-bit emulation ("Exec format error" for any i386 binary), and
# qemu-i386 works whether the kernel has it or not. Without recommends it
# registers no binfmt handler, so it changes nothing else on the machine.
missing=""
for p in gcc-multilib qemu-user; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
    echo "installing:$missing"
    # Tolerate a failed index (see below); the install fails loudly if it
    # really misses something.
    apt-get update -q >/dev/null 2>&1 || echo "apt-get update reported an error; going on with the indexes it has"
    # shellcheck disable=SC2086
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $missing >/dev/null
fi

# The i386 libraries are not installed with apt: a foreign -dev package must
# have exactly the version of its amd64 twin, and the security archive's i386
# and amd64 indexes drift apart, so `apt-get install libcurl4-openssl-dev:i386`
# can fail. Downloading the packages and unpacking them into a sysroot that only
# this build sees has no such constraint and leaves the machine's packages alone.
#
# The headers and .pc files the build needs: libcurl, jansson, cmocka,
# libmicrohttpd (for the devserver), and the .pc files that libmicrohttpd.pc's
# Requires.private names (gnutls and what gnutls.pc requires), because
# pkg-config resolves them even for --cflags.
dev="libcurl4-openssl-dev libjansson-dev libcmocka-dev libmicrohttpd-dev
libgnutls28-dev nettle-dev libtasn1-6-dev libidn2-dev libp11-kit-dev"
# The shared libraries the test programs load, with everything they depend on.
runtime_roots="libcurl4 libjansson4 libcmocka0 libmicrohttpd12"

if [ ! -f "$top/sysroot.done" ]; then
    # apt needs to know the i386 architecture to download i386 packages. It
    # is removed again when the script ends if it added it: while it is there,
    # every `apt-get update` on the machine also fetches the i386 indexes, and
    # when one of them fails to download (the security archive's i386 index
    # has been seen lagging behind its Release file) apt-get update exits
    # non-zero, which would break setup.sh and anything else that runs it.
    if ! dpkg --print-foreign-architectures | grep -qx i386; then
        dpkg --add-architecture i386
        trap 'dpkg --remove-architecture i386 || echo "could not remove the i386 architecture again"' EXIT
    fi
    # A failed index is not fatal here: what matters is that the downloads
    # below find their packages, and they fail loudly if not.
    apt-get update -q >/dev/null 2>&1 || echo "apt-get update reported an error; going on with the indexes it has"
    # The runtime closure, without libc6, libgcc-s1 and gcc-12-base: the
    # 32-bit libc and libgcc come from the host's libc6-i386 and lib32gcc-s1
    # (pulled in by gcc-multilib), which the compiler links against anyway.
    # shellcheck disable=SC2046
    runtime=$(apt-cache depends --recurse --no-recommends --no-suggests --no-conflicts \
            --no-breaks --no-replaces --no-enhances \
            $(for p in $runtime_roots; do echo "$p:i386"; done) \
        | grep -v '^[ <]' | grep ':i386$' | grep -v -e '^libc6:' -e '^libgcc-s1:' -e '^gcc-12-base:' | sort -u)
    [ -n "$runtime" ] || { echo "FAIL: apt knows no i386 packages for $runtime_roots"; exit 1; }
    rm -rf "$top/debs" "$sysroot"
    mkdir -p "$top/debs" "$sysroot"
    echo "downloading the i386 packages into $top/debs"
    # shellcheck disable=SC2046,SC2086
    (cd "$top/debs" && apt-get download -q -o APT::Sandbox::User=root \
        $(for p in $dev; do echo "$p:i386"; done) $runtime >/dev/null)
    for deb in "$top"/debs/*.deb; do
        dpkg-deb -x "$deb" "$sysroot"
    done
    # Some packages ship a link as an absolute path; inside the sysroot it must
    # point into the sysroot, not at the host's /usr/lib.
    find "$sysroot" -type l | while read -r link; do
        target=$(readlink "$link")
        case $target in /*) ln -sf "$sysroot$target" "$link" ;; esac
    done
    touch "$top/sysroot.done"
fi

libdirs="$sysroot/usr/lib/$multiarch:$sysroot/lib/$multiarch"

# How to run an i386 program here: under qemu-i386, with the sysroot's
# libraries on its search path (libc and the loader are the host's
# libc6-i386). A program it starts with exec runs outside qemu, so test.sh
# gives the i386 integration tests the native devserver.
cat > "$top/run" <<EOF
#!/bin/sh
# Generated by scripts/build-i386.sh: run one i386 program.
exec qemu-i386 -E LD_LIBRARY_PATH=$libdirs "\$@"
EOF
chmod +x "$top/run"

# The cross file. pkg-config looks only at the sysroot's .pc files
# (pkg_config_libdir) and prefixes the paths they give with the sysroot
# (sys_root). The key is `pkgconfig`: meson 1.0 does not know `pkg-config`.
#
# Linking: the library links for real against the sysroot's libcurl.so and
# libjansson.so, with -Wl,--no-undefined (from lib/meson.build), so each of
# its own references must resolve; ld does not chase libcurl's own
# dependencies when the output is a shared library. The test programs and the
# devserver are executables, for which ld also resolves what libcurl.so and
# libmicrohttpd.so need (nghttp2, gnutls, ...): -rpath-link lets it find those
# in the sysroot, where they are anyway for running the tests. So no
# --allow-shlib-undefined, and no unresolved symbol is waved through.
#
# exe_wrapper: meson runs i386 programs (its compiler sanity check, `meson
# test`) with build-i386/run; needs_exe_wrapper because meson would otherwise
# assume that x86_64 runs them natively.
cat > "$top/cross.ini.new" <<EOF
# Generated by scripts/build-i386.sh
[binaries]
c = ['gcc', '-m32']
ar = 'ar'
strip = 'strip'
pkgconfig = 'pkg-config'
exe_wrapper = '$top/run'

[properties]
sys_root = '$sysroot'
pkg_config_libdir = '$sysroot/usr/lib/$multiarch/pkgconfig:$sysroot/usr/share/pkgconfig'
needs_exe_wrapper = true

[built-in options]
c_link_args = ['-Wl,-rpath-link,$libdirs']

[host_machine]
system = 'linux'
cpu_family = 'x86'
cpu = 'i686'
endian = 'little'
EOF
# Replace the cross file only when it changed, so that ninja does not
# reconfigure for nothing.
if cmp -s "$top/cross.ini.new" "$top/cross.ini"; then
    rm "$top/cross.ini.new"
else
    mv "$top/cross.ini.new" "$top/cross.ini"
fi

# -Dwerror=true on a new directory and on one left by an earlier run alike.
sh scripts/configure.sh "$top/build" true --cross-file "$top/cross.ini"
# --quiet: no progress lines, but whatever the compiler says is shown.
ninja -C "$top/build" --quiet
readelf -h "$top/build/lib/libinfisical.so" | grep -q 'Machine: *Intel 80386' || {
    echo "FAIL: $top/build/lib/libinfisical.so is not an i386 library"
    exit 1
}
echo "i386: the library, tests and devserver build with -Werror"
