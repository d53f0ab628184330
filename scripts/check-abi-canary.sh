#!/bin/sh
# The test of the ABI guard: a guard that passes everything looks exactly like
# a guard that works, so break the library on purpose and require the guard
# (scripts/check-abi.sh, run as CI runs it) to fail.
#
#   sh scripts/check-abi-canary.sh          exit 0 when the guard caught every breakage
#
# It copies the source tree as it is now (committed or not) to a temporary
# directory, builds only the shared library there (buildtype debug, for -g),
# and runs the guard against the committed baseline after each change:
#   control   the unchanged copy                          must pass
#   addition  a new exported function                     must pass (allowed)
#   removed   a function gone from the header and source  must FAIL (ABI)
#   changed   one parameter's type changed                must FAIL (ABI)
#   renumbered a status code with a new value             must FAIL (constants)
#   dropped   a limit macro gone from the header          must FAIL (constants)
# The functions it breaks are named below; when the API changes so that a
# change no longer applies, the canary says so and fails: pick another.
set -eu

# A function without callers inside the library, removed from header and source.
remove_fn=infisical_version_number
# A function whose prototype (in the header and in the source) has this
# parameter on the line that names the function.
change_fn=infisical_config_set_timeout_ms
change_from='int64_t timeout_ms'
change_to='int32_t timeout_ms'

repo=$(cd "$(dirname "$0")/.." && pwd)
for tool in abidw abidiff meson; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "SKIP: $tool not found: apt-get install abigail-tools meson"
        [ "${ABI_REQUIRE:-0}" = 1 ] && exit 1
        exit 77
    fi
done
tmp=$(mktemp -d)
# ABI_CANARY_KEEP=1 keeps the copy, the build and every guard log for a look.
[ "${ABI_CANARY_KEEP:-0}" = 1 ] || trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/src"

# The working tree as it is: tracked and new files, without build directories.
if git -C "$repo" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    (cd "$repo" && git ls-files -co --exclude-standard -z | xargs -0 sh -c 'for f; do [ -e "$f" ] && printf "%s\n" "$f"; done' sh) > "$tmp/files"
    (cd "$repo" && tar -cf - -T "$tmp/files") | tar -xf - -C "$tmp/src"
else
    (cd "$repo" && tar -cf - --exclude='./build*' --exclude=./.git .) | tar -xf - -C "$tmp/src"
fi
cp -R "$tmp/src" "$tmp/pristine"

echo "== building the library from a copy in $tmp"
meson setup "$tmp/build" "$tmp/src" --buildtype=debug -Dwerror=false > "$tmp/setup.log" 2>&1 ||
    { cat "$tmp/setup.log"; echo "FAIL: canary: meson setup failed"; exit 1; }

build() {
    meson compile -C "$tmp/build" lib/infisical:shared_library > "$tmp/build.log" 2>&1 ||
        { tail -n 30 "$tmp/build.log"; echo "FAIL: canary '$1' did not build: adjust it in $0"; exit 1; }
}
# Put the copy back as it was (a plain cp: a new mtime, so ninja rebuilds).
restore() {
    for f in "$@"; do cp "$tmp/pristine/$f" "$tmp/src/$f"; done
}
# guard NAME EXPECT MARKER: run the guard; EXPECT pass, or fail with MARKER in its output.
failed=0
guard() {
    name=$1 expect=$2 marker=${3:-}
    set +e
    ABI_SRC=$tmp/src ABI_REQUIRE=1 sh "$repo/scripts/check-abi.sh" "$tmp/build" > "$tmp/guard-$name.log" 2>&1
    rc=$?
    set -e
    if [ "$expect" = pass ]; then
        if [ $rc = 0 ]; then
            echo "ok: $name: the guard passes"
        else
            cat "$tmp/guard-$name.log"
            echo "FAIL: canary: the ABI guard fails on the $name library, which it must accept"
            failed=1
        fi
    elif [ $rc = 1 ] && grep -q "^FAIL: $marker" "$tmp/guard-$name.log"; then
        echo "ok: $name: the guard fails: $(grep -E '^ +(removed|CHANGED|new):|^ +\[[A-Z]\] ' "$tmp/guard-$name.log" | head -n 1 | tr -s ' ' | tr '\n' ' ')"
    else
        cat "$tmp/guard-$name.log"
        echo "FAIL: the ABI guard did not catch the $name library (exit status $rc, expected 1 with 'FAIL: $marker')"
        failed=1
    fi
}
# files_with TEXT: the header and source files that contain TEXT.
files_with() {
    (cd "$tmp/src" && grep -rlF -- "$1" include lib)
}

build control
guard control pass

# Header-only changes first: the library built above stays the control one.
hdr=$(cd "$tmp/src" && grep -lE '^ *INFISICAL_E[A-Z0-9_]* = -[0-9]+' include/infisical/*.h | head -n 1)
sed -i '0,/^\( *INFISICAL_E[A-Z0-9_]* = \)-[0-9][0-9]*/s//\1-999/' "$tmp/src/$hdr"
cmp -s "$tmp/src/$hdr" "$tmp/pristine/$hdr" && { echo "FAIL: canary 'renumbered' found no status code to renumber"; exit 1; }
guard renumbered fail constants
restore "$hdr"

hdr=$(cd "$tmp/src" && grep -lE '^#define INFISICAL_[A-Z0-9_]*_MAX [0-9]' include/infisical/*.h | head -n 1)
sed -i '0,/^#define INFISICAL_[A-Z0-9_]*_MAX [0-9]/{//d}' "$tmp/src/$hdr"
cmp -s "$tmp/src/$hdr" "$tmp/pristine/$hdr" && { echo "FAIL: canary 'dropped' found no limit macro to drop"; exit 1; }
guard dropped fail constants
restore "$hdr"

# An addition: a new function exported from one source file (the guard allows it).
src_c=$(cd "$tmp/src" && ls lib/*.c | head -n 1)
printf '\nINFISICAL_API int infisical_canary_added(int x);\nint infisical_canary_added(int x)\n{\n    return x;\n}\n' >> "$tmp/src/$src_c"
build addition
guard addition pass
restore "$src_c"

# Removed: the declaration (INFISICAL_API ... name( ... ;) and the definition
# (name( at the start of a line ... the next "}" in column 0) both go.
files=$(files_with "$remove_fn(")
[ -n "$files" ] || { echo "FAIL: canary 'removed': $remove_fn is gone; pick another function in $0"; exit 1; }
for f in $files; do
    awk -v fn="$remove_fn(" '
        skip == 1 { if ($0 ~ /^}/) skip = 0; next }
        skip == 2 { if ($0 ~ /;/) skip = 0; next }
        index($0, fn) && /^INFISICAL_API/ { if ($0 !~ /;/) skip = 2; next }
        index($0, fn) && /^[A-Za-z]/ && !/;/ { skip = 1; next }
        { print }' "$tmp/pristine/$f" > "$tmp/src/$f"
done
if (cd "$tmp/src" && grep -rF -- "$remove_fn(" include lib | grep -q -e ':INFISICAL_API' -e ':[A-Za-z].*[^;]$'); then
    echo "FAIL: canary 'removed' could not delete the declaration of $remove_fn; adjust $0"
    exit 1
fi
build removed
guard removed fail ABI
# shellcheck disable=SC2086
restore $files

# Changed: one parameter's type, in the prototype and the definition.
files=$(files_with "$change_fn(")
for f in $files; do
    sed -i "/$change_fn(/s/$change_from/$change_to/" "$tmp/src/$f"
done
if ! (cd "$tmp/src" && grep -rF -- "$change_fn(" include | grep -qF -- "$change_to"); then
    echo "FAIL: canary 'changed': no '$change_from' on the line of $change_fn( in include/; adjust $0"
    exit 1
fi
build changed
guard changed fail ABI
# shellcheck disable=SC2086
restore $files

if [ $failed = 0 ]; then
    echo "== the ABI guard caught every breakage and accepted the control and the addition"
else
    echo "== FAIL: the ABI guard is broken (see above)"
fi
exit $failed
