#!/bin/sh
# The meson subproject path: examples/vendoring is a parent project with the
# library in subprojects/libinfisical, built with default_library=static as
# a project that vendors the library would be. Checks that:
#  - the parent gets the library from dependency('infisical') (the override);
#  - our tests, devserver, examples and manual stay out: no cmocka, no
#    libmicrohttpd, no doxygen looked up, and `meson test --list` shows only
#    the parent's own test;
#  - only the archive is built, and the program needs no libinfisical.so;
#  - -Dinstall=false (the example's choice) installs nothing of ours;
#  - the program works, against the devserver.
#
#   sh vendoring.sh SOURCE_ROOT DEVSERVER WORK_DIR
set -eu
[ $# = 3 ] || { echo "usage: sh vendoring.sh SOURCE_ROOT DEVSERVER WORK_DIR" >&2; exit 2; }
src=$1 devserver=$2 work=$3
here=$(cd "$(dirname "$0")" && pwd)
. "$here/common.sh"
mkdir -p "$work"
trap stop_devserver EXIT
parent=$src/examples/vendoring
[ -e "$parent/subprojects/libinfisical/meson.build" ] ||
    { bad "examples/vendoring/subprojects/libinfisical does not lead to the library's source"; finish; }

# A fresh setup each time (the meson log is what is checked); the compile is
# the library's 23 files.
rm -rf "$work/build" "$work/stage"
echo "meson setup build examples/vendoring -Ddefault_library=static && ninja -C build"
if (cd "$parent" && meson setup "$work/build" -Ddefault_library=static) > "$work/setup.log" 2>&1; then
    ok "meson setup of the parent project"
else
    cat "$work/setup.log"; bad "meson setup of the parent project"; finish
fi
log=$work/build/meson-logs/meson-log.txt
grep -q 'Dependency infisical found: YES .*(overridden)' "$log" &&
    ok "dependency('infisical') is the subproject's override" || bad "dependency('infisical') did not come from the override"
for dep in cmocka libmicrohttpd doxygen; do
    grep -qi "$dep" "$log" && bad "the parent's setup looked for $dep" || ok "the parent's setup did not look for $dep"
done
tests=$(meson test -C "$work/build" --list 2> /dev/null | grep -v '^ninja' | tr '\n' ' ')
[ "$tests" = "vendored-app " ] && ok "the parent's meson test lists only its own test" ||
    bad "the parent's meson test lists: $tests"

if ninja -C "$work/build" > "$work/ninja.log" 2>&1; then ok "ninja"; else cat "$work/ninja.log"; bad "ninja"; finish; fi
find "$work/build/subprojects" -name 'libinfisical.so*' | grep -q . &&
    bad "a libinfisical.so was built although the parent asked for static" ||
    ok "only the archive was built (no libinfisical.so anywhere in the build)"
app=$work/build/vendored-app
if ldd "$app" | grep -q libinfisical; then
    bad "ldd vendored-app names libinfisical: $(ldd "$app" | grep libinfisical)"
else
    ok "ldd vendored-app names no libinfisical"
fi
nm -D --defined-only "$app" | grep -q ' infisical' && bad "vendored-app exports infisical_* symbols" ||
    ok "vendored-app exports no infisical_* symbol"

DESTDIR=$work/stage meson install -C "$work/build" --quiet > "$work/install.log" 2>&1 || { cat "$work/install.log"; bad "meson install"; }
staged=$(find "$work/stage" -type f 2> /dev/null | sed "s|^$work/stage||" | tr '\n' ' ')
[ -z "$staged" ] && ok "-Dinstall=false: meson install stages nothing of ours" || bad "meson install staged: $staged"

start_devserver "$devserver" "$work"
if out=$("$app" 2>&1); then
    echo "$out"
    echo "$out" | grep -q '^[0-9]* connection(s)$' && ok "vendored-app lists connections on the devserver" ||
        bad "vendored-app: $out"
else
    echo "$out"; bad "vendored-app failed"
fi
finish
