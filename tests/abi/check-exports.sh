#!/bin/sh
# The shared library exports exactly the public API listed in exports.txt, and
# the static archive defines no global symbol outside the infisical prefix.
set -eu
so=$1 archive=$2 expected=$3
actual=$(nm -D --defined-only "$so" | awk '$2 != "A" { print $3 }' | sed 's/@.*//' | sort)
if ! diff -u "$expected" - <<EOF2
$actual
EOF2
then
    echo "FAIL: the exported symbols differ from $expected (- expected, + actual)"
    exit 1
fi
stray=$(nm -g --defined-only "$archive" | awk 'NF == 3 { print $3 }' | grep -v '^infisical_' || true)
if [ -n "$stray" ]; then
    echo "FAIL: the static archive defines symbols outside the infisical_ prefix:"
    echo "$stray"
    exit 1
fi
soname=$(readelf -d "$so" | sed -n 's/.*Library soname: \[\(.*\)\]/\1/p')
[ "$soname" = "libinfisical.so.0" ] || { echo "FAIL: SONAME is '$soname'"; exit 1; }
echo "exports: $(echo "$actual" | wc -l) symbols, all listed; archive clean; SONAME $soname"
