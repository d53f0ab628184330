#!/bin/sh
# The Python package as a new user gets it (README, "Adopting it"):
#
#   python3 -m venv venv && venv/bin/pip install ./examples/python
#
# into a throwaway venv, offline (PIP_NO_INDEX=1: nothing may be downloaded,
# the in-tree build backend needs nothing), then the package's unittest tests
# against the devserver, the library's loading rules, and, as root, a real
# `meson install` into /usr/local in a private mount namespace after which
# ctypes.util.find_library('infisical') (through the loader cache: meson 1.0
# runs no ldconfig, lib/meson.build does) and `import infisical` find the
# library with no environment variable.
#
#   sh python.sh PYTHON SOURCE_ROOT BUILD_DIR LIBINFISICAL_SO DEVSERVER WORK_DIR
set -eu
[ $# = 6 ] || { echo "usage: sh python.sh PYTHON SOURCE_ROOT BUILD_DIR LIBINFISICAL_SO DEVSERVER WORK_DIR" >&2; exit 2; }
python=$1 src=$2 build=$3 libso=$4 devserver=$5 work=$6
. "$(dirname "$0")/common.sh"

need unshare util-linux
need cc build-essential
"$python" -c 'import venv, ensurepip' 2> /dev/null || missing "$python's venv module (with ensurepip)" python3-venv
# The interpreter itself, not a wrapper (pyenv's shims need bash and PATH).
python=$("$python" -c 'import sys; print(sys.executable)')
mkdir -p "$work"
venv=$work/venv
export PIP_NO_INDEX=1 PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_INPUT=1 PYTHONDONTWRITEBYTECODE=1
unset PIP_FIND_LINKS PIP_INDEX_URL PIP_EXTRA_INDEX_URL PYTHONPATH INFISICAL_LIBRARY || true
"$python" --version

echo "== python3 -m venv venv && venv/bin/pip install ./examples/python"
rm -rf "$venv"
"$python" -m venv "$venv" > "$work/venv.log" 2>&1 || { cat "$work/venv.log"; bad "python3 -m venv"; finish; }
if (cd "$src" && "$venv/bin/pip" install ./examples/python) > "$work/pip.log" 2>&1; then
    ok "pip install ./examples/python ($(sed -n 's/^Successfully installed //p' "$work/pip.log"))"
else
    cat "$work/pip.log"; bad "pip install ./examples/python"; finish
fi
pyproject_version=$(sed -n 's/^version = "\(.*\)"/\1/p' "$src/examples/python/pyproject.toml")
meson_version=$(meson introspect "$build" --projectinfo | "$python" -c 'import json,sys; print(json.load(sys.stdin)["version"])')
[ "$pyproject_version" = "$meson_version" ] && ok "the package's version is the library's ($meson_version)" ||
    bad "pyproject.toml says $pyproject_version, meson.build $meson_version"

echo "== the package's tests (examples/python/tests) against the devserver"
status=0
(cd "$work" && INFISICAL_LIBRARY=$libso INFISICAL_DEVSERVER=$devserver \
    "$venv/bin/python" -m unittest discover -s "$src/examples/python/tests" -v) > "$work/unittest.log" 2>&1 || status=$?
cat "$work/unittest.log"
ran=$(sed -n 's/^Ran \([0-9]*\) tests\{0,1\} .*/\1/p' "$work/unittest.log")
ran=${ran:-0}
broken=$(grep -c -E ' \.\.\. (FAIL|ERROR)$' "$work/unittest.log" || true)
if [ "$status" = 0 ] && [ "$ran" -gt 0 ]; then
    passed=$((passed + ran)); echo "ok: $ran unittest tests"
else
    [ "$broken" -gt 0 ] || broken=1   # a crash or an import error fails no single test
    passed=$((passed + ran - broken)); failed=$((failed + broken)); echo "FAIL: the unittest tests (exit $status)"
fi

echo "== loading: the loader, the environment variable, the version check"
libdir=$(dirname "$libso")
name=$(cd "$work" && LD_LIBRARY_PATH=$libdir "$venv/bin/python" -c 'import infisical; print(infisical.library_name)' 2>&1) &&
    [ "$name" = libinfisical.so.0 ] && ok "found as libinfisical.so.0 through the loader (LD_LIBRARY_PATH)" ||
    bad "import infisical with LD_LIBRARY_PATH=$libdir: $name"
# A library of another minor version must be refused at import, naming both.
cat > "$work/fake.c" <<'CEOF'
unsigned int infisical_version_number(void) { return 300; }
const char *infisical_version(void) { return "0.3.0"; }
CEOF
cc -shared -fPIC -o "$work/libinfisical-fake.so" "$work/fake.c"
out=$(cd "$work" && INFISICAL_LIBRARY=$work/libinfisical-fake.so "$venv/bin/python" -c 'import infisical' 2>&1) &&
    bad "a libinfisical 0.3.0 was accepted" ||
    { echo "$out" | grep -q 'is libinfisical 0.3.0; this package wraps the 0.2 API' &&
      ok "a 0.3.0 library is refused at import" || bad "a 0.3.0 library: $out"; }
out=$(cd "$work" && INFISICAL_LIBRARY=$work/nonexistent.so "$venv/bin/python" -c 'import infisical' 2>&1) &&
    bad "a missing INFISICAL_LIBRARY was accepted" ||
    { echo "$out" | grep -q "ImportError: INFISICAL_LIBRARY=$work/nonexistent.so" &&
      ok "INFISICAL_LIBRARY overrides, and names itself when it is wrong" || bad "a missing INFISICAL_LIBRARY: $out"; }

echo "== after a real install (meson install into /usr/local, in a private mount namespace)"
prefix=$(meson introspect "$build" --buildoptions |
    "$python" -c 'import json,sys; print([o["value"] for o in json.load(sys.stdin) if o["name"] == "prefix"][0])')
if [ "$(id -u)" != 0 ] || ! unshare -m true 2> /dev/null; then
    # Like the pinned-CA test: without root (or where the namespace is refused)
    # there is no private /usr/local to install into.
    why="no private mount namespace to install into (not root, or unshare -m refused)"
    if [ "${PACKAGING_REQUIRE:-0}" = 1 ]; then bad "$why"; finish; fi
    echo "SKIP (this part): $why"
elif [ "$prefix" != /usr/local ]; then
    bad "the build's prefix is $prefix; this check installs into a private /usr/local only"
else
    rm -rf "$work/etc"
    # /usr/local is a fresh tmpfs, /etc a copy (ldconfig writes /etc/ld.so.cache,
    # and /var/cache/ldconfig, a tmpfs too):
    # nothing of this outlives the namespace.
    if unshare -m sh -c '
        set -eu
        mount --make-rprivate /
        mount -t tmpfs tmpfs /usr/local
        cp -a /etc "$1/etc" && mount --bind "$1/etc" /etc
        [ ! -d /var/cache/ldconfig ] || mount -t tmpfs tmpfs /var/cache/ldconfig
        meson install -C "$2" --no-rebuild --quiet --skip-subprojects > "$1/install.log" 2>&1 || { cat "$1/install.log"; exit 1; }
        # No PATH: find_library may not fall back on gcc or ld (which search
        # /usr/local themselves): only the loader cache counts, as on a
        # machine without a compiler.
        env -u LD_LIBRARY_PATH PATH=/nonexistent "$3" -c "import ctypes.util; print(ctypes.util.find_library(\"infisical\"))"
        cd "$1" && env -u LD_LIBRARY_PATH -u INFISICAL_LIBRARY "$4/bin/python" -c \
            "import infisical; print(infisical.library_name, infisical.library_version)"
        ' sh "$work" "$build" "$python" "$venv" > "$work/installed.log" 2>&1; then
        cat "$work/installed.log"
        [ "$(sed -n 1p "$work/installed.log")" = libinfisical.so.0 ] &&
            ok "ctypes.util.find_library('infisical') is libinfisical.so.0 after meson install" ||
            bad "find_library after meson install: $(sed -n 1p "$work/installed.log")"
        [ "$(sed -n 2p "$work/installed.log")" = "libinfisical.so.0 $meson_version" ] &&
            ok "import infisical finds the installed library with no environment variable" ||
            bad "import infisical after meson install: $(sed -n 2p "$work/installed.log")"
    else
        cat "$work/installed.log"; bad "the install in a private mount namespace"
    fi
fi
finish
