#!/bin/sh
# The ABI guard: the library just built against what was promised.
#
#   sh scripts/check-abi.sh BUILD_DIR            check; exit 0 pass, 1 fail, 77 skip
#   sh scripts/check-abi.sh --update BUILD_DIR   rewrite the baseline on purpose and
#                                                print what changed (commit it, saying why)
#
# BUILD_DIR is a meson build directory, or the path of libinfisical.so.0 itself,
# built with debug info (-g: buildtype debugoptimized, the default, or debug).
#
# Two things are checked, against two committed files:
#  1. abi/libinfisical.abi: the functions and types of the shared library, as
#     abidw reads them from its DWARF, restricted to what include/infisical/
#     declares (private struct layouts do not count). abidiff compares it with
#     the library; a removed or changed function or type fails, an added
#     function passes (additions are allowed in 0.x and 1.x).
#  2. abi/constants.txt: every integer constant of include/infisical/*.h (status
#     codes, log levels, permission and check values, flags, limits, defaults)
#     and its value. abidiff cannot see these: they are enumerators of anonymous
#     enums and macros. Any difference fails, a new constant too, so that each
#     one is added to the list on purpose.
#
# Environment: ABI_SRC reads the headers of another source tree (the canary,
# scripts/check-abi-canary.sh, uses it); ABI_REQUIRE=1 turns a skip (tools
# missing, no debug info, another architecture) into a failure, for CI;
# CC picks the compiler of the constants program (default cc).
set -eu

repo=$(cd "$(dirname "$0")/.." && pwd)
src=${ABI_SRC:-$repo}
incdir=$src/include/infisical
baseline=$repo/abi/libinfisical.abi
constants=$repo/abi/constants.txt
update=0
if [ "${1:-}" = --update ]; then
    update=1
    shift
fi
[ $# = 1 ] || { echo "usage: sh scripts/check-abi.sh [--update] BUILD_DIR" >&2; exit 2; }

skip() {
    echo "SKIP: $*"
    [ "${ABI_REQUIRE:-0}" = 1 ] && { echo "FAIL: ABI_REQUIRE=1, so a skipped ABI guard is a failure"; exit 1; }
    exit 77
}

for tool in abidw abidiff readelf; do
    command -v "$tool" >/dev/null 2>&1 || skip "$tool not found: apt-get install abigail-tools binutils"
done

if [ -f "$1" ]; then
    lib=$1
else
    lib=$(find "$1" -maxdepth 3 -name libinfisical.so.0 | head -n 1)
    [ -n "$lib" ] || { echo "FAIL: no libinfisical.so.0 under $1: build it first (ninja -C $1)"; exit 1; }
fi
# abidw reads types from DWARF; without -g it would see bare symbols and miss
# every change of a parameter type.
readelf -S "$lib" | grep -q '\.debug_info' ||
    skip "$lib has no debug info: build it with -g (meson setup --buildtype=debugoptimized or debug)"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# The flags make the XML depend on the ABI only: no paths of the build machine
# (--no-corpus-path, --no-comp-dir-path), no line numbers, which move with
# every comment (--no-show-locs), no imported symbols or DT_NEEDED, which
# follow the implementation (--drop-undefined-syms, --no-elf-needed), type ids
# from a hash rather than a counter so one new type does not renumber the rest.
# --headers-dir with --drop-private-types leaves out every type not defined in
# the public headers: an opaque handle stays a declaration, whatever its layout.
abidw --headers-dir "$incdir" --drop-private-types --drop-undefined-syms --no-elf-needed \
    --no-corpus-path --no-comp-dir-path --no-show-locs --type-id-style hash \
    --out-file "$tmp/raw.abi" "$lib"
# Each translation unit is named by its path as the compiler was given it,
# relative to the build directory ("../lib/client.c", "../src/lib/client.c"):
# keep it from lib/ on so the file is the same from any build directory.
sed "s|^\(  <abi-instr [^>]* path='\)[^']*/\(lib/[^']*'\)|\1\2|" "$tmp/raw.abi" > "$tmp/current.abi"

# The baseline was made on one architecture; types have other sizes elsewhere.
arch() { sed -n "s/^<abi-corpus .*architecture='\([^']*\)'.*/\1/p" "$1"; }
if [ -f "$baseline" ] && [ "$(arch "$baseline")" != "$(arch "$tmp/current.abi")" ]; then
    skip "the baseline is for $(arch "$baseline"), this library is $(arch "$tmp/current.abi")"
fi

# Every INFISICAL_* integer constant of the public headers with its value, one
# "NAME VALUE" a line, sorted. The names come from the compiler's own view of
# the headers: macros from `cc -dM -E`, enumerators from the preprocessed text;
# their values from a program that includes the headers and prints each one,
# so an expression (1 << 3, another constant) gets its real value. Left out:
# include guards and INFISICAL_API (no integer value), strings, and
# INFISICAL_VERSION_*, which change with every release by design.
list_constants() {
    for h in "$incdir"/*.h; do echo "#include <infisical/${h##*/}>"; done > "$tmp/all.h"
    cc=${CC:-cc}
    $cc -std=c11 -I "$incdir/.." -dM -E "$tmp/all.h" |
        sed -n 's/^#define \(INFISICAL_[A-Z0-9_]*\) *\(.*\)$/\1 \2/p' |
        awk '$2 != "" && $2 !~ /^"/ && $2 !~ /^__/ && $1 !~ /^INFISICAL_VERSION_/ { print $1 }' > "$tmp/names"
    $cc -std=c11 -I "$incdir/.." -E -P "$tmp/all.h" | tr '\n' ' ' | grep -o 'enum[^{};]*{[^}]*}' |
        grep -o 'INFISICAL_[A-Z0-9_]*' >> "$tmp/names" || true
    {
        echo '#include <stdio.h>'
        echo '#include "all.h"'
        # A static assertion accepts integer constant expressions only: a
        # string, a float or a function-like value stops the compile here.
        sort -u "$tmp/names" | awk '{ printf "_Static_assert((%s) || 1, \"%s is not an integer constant\");\n", $1, $1 }'
        echo 'int main(void)'
        echo '{'
        sort -u "$tmp/names" | awk '{ printf "    printf(\"%%s %%lld\\n\", \"%s\", (long long)(%s));\n", $1, $1 }'
        echo '    return 0;'
        echo '}'
    } > "$tmp/constants.c"
    if ! $cc -std=c11 -I "$incdir/.." -I "$tmp" -o "$tmp/constants" "$tmp/constants.c" 2> "$tmp/cc.log"; then
        cat "$tmp/cc.log"
        echo "FAIL: constants: the program printing the header constants did not compile (see above);"
        echo "      a constant that is not an integer should be left out in list_constants() of $0"
        exit 1
    fi
    "$tmp/constants" | LC_ALL=C sort
}
list_constants > "$tmp/constants.now"

if [ $update = 1 ]; then
    mkdir -p "$repo/abi"
    if [ -f "$baseline" ]; then
        echo "== ABI changes from the old baseline (abidiff):"
        abidiff "$baseline" "$tmp/current.abi" && echo "(none)" || true
    fi
    cp "$tmp/current.abi" "$baseline"
    {
        echo "# Every integer constant of include/infisical/*.h and its value: part of the ABI"
        echo "# (docs/api-stability.md). Checked by scripts/check-abi.sh; regenerate on purpose with"
        echo "#   sh scripts/check-abi.sh --update BUILD_DIR"
        echo "# and say in the commit message why a value changed or a name went away."
        cat "$tmp/constants.now"
    } > "$tmp/constants.new"
    echo "== constants (- old, + new):"
    if [ -f "$constants" ]; then
        diff -u "$constants" "$tmp/constants.new" && echo "(unchanged)" || true
    else
        cat "$tmp/constants.new"
    fi
    cp "$tmp/constants.new" "$constants"
    echo "wrote $baseline ($(grep -c '<elf-symbol ' "$baseline") functions) and $constants ($(grep -vc '^#' "$constants") constants)"
    echo "review with git diff abi/, then commit, saying why the ABI changed"
    exit 0
fi

status=0

# 1. abidiff's exit status is a bit field: 1 an error of the tool, 2 a usage
# error, 4 some ABI change, 8 a change known to be incompatible (a removed
# function, say). A changed parameter type sets 4 only, and so does an added
# function, so the report decides: pass on 0, or on 4 when the only changes are
# additions (every "summary" line counts 0 Removed and 0 Changed, and
# something was Added). Anything else, a SONAME change included, fails.
[ -f "$baseline" ] || { echo "FAIL: no $baseline: make one with sh scripts/check-abi.sh --update BUILD_DIR"; exit 1; }
set +e
abidiff "$baseline" "$tmp/current.abi" > "$tmp/abidiff.log" 2>&1
rc=$?
set -e
cat "$tmp/abidiff.log"
only_added=$(awk '
    /summary:/ {
        for (i = 2; i <= NF; i++) {
            if (($i ~ /^Removed/ || $i ~ /^Changed/) && $(i - 1) + 0 > 0) bad = 1
            if ($i ~ /^Added/ && $(i - 1) + 0 > 0) added = 1
        }
    }
    END { print (added && !bad) ? 1 : 0 }' "$tmp/abidiff.log")
if [ $((rc & 3)) != 0 ]; then
    echo "FAIL: ABI: abidiff could not compare (exit status $rc)"
    status=1
elif [ $rc = 0 ]; then
    echo "ABI: no change from abi/libinfisical.abi ($(grep -c '<elf-symbol ' "$baseline") functions)"
elif [ $rc = 4 ] && [ "$only_added" = 1 ]; then
    echo "ABI: additions only, which are allowed; record them with sh scripts/check-abi.sh --update BUILD_DIR"
else
    echo "FAIL: ABI: the library's ABI differs from abi/libinfisical.abi (abidiff exit status $rc): a function or"
    echo "      type was removed or changed (see above). If this is on purpose (0.x only, see"
    echo "      docs/api-stability.md), run: sh scripts/check-abi.sh --update BUILD_DIR and say why in the commit"
    status=1
fi

# 2. The constants: any difference fails, with what differs named.
if [ ! -f "$constants" ]; then
    echo "FAIL: constants: no $constants: make one with sh scripts/check-abi.sh --update BUILD_DIR"
    status=1
elif grep -v '^#' "$constants" | diff - "$tmp/constants.now" > /dev/null; then
    echo "constants: all $(wc -l < "$tmp/constants.now") as listed in abi/constants.txt"
else
    grep -v '^#' "$constants" > "$tmp/constants.old"
    awk 'NR == FNR { old[$1] = $2; next }
         { now[$1] = $2 }
         END {
             for (n in old) if (!(n in now)) print "  removed: " n " (was " old[n] ")"
             for (n in old) if ((n in now) && now[n] != old[n]) print "  CHANGED: " n " " old[n] " -> " now[n]
             for (n in now) if (!(n in old)) print "  new:     " n " " now[n] " (not yet in the list)"
         }' "$tmp/constants.old" "$tmp/constants.now" | sort
    echo "FAIL: constants: the headers differ from abi/constants.txt. A value may never change and a"
    echo "      name never go away (docs/api-stability.md); a new constant is added to the list on"
    echo "      purpose: sh scripts/check-abi.sh --update BUILD_DIR, and say why in the commit"
    status=1
fi
exit $status
