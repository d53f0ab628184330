# Shared by the tests/packaging scripts (sourced, POSIX sh).
#
# Each script tries one way of adopting the library as a new user would, from
# an installed tree: `meson install --destdir` of the build into a scratch
# folder, then pkg-config (PKG_CONFIG_SYSROOT_DIR), CMake or pip pointed at it.
#
# A script exits 77 (skipped) only when a tool it needs is missing, naming
# the tool and its Debian package; PACKAGING_REQUIRE=1 (CI) makes that a
# failure. Each ends with "N passed, M failed", as the bindings tests do.

passed=0 failed=0

ok() { passed=$((passed + 1)); echo "ok: $*"; }
bad() { failed=$((failed + 1)); echo "FAIL: $*"; }

# finish: the closing line; exit 1 on any failure (or when nothing passed).
finish() {
    echo "$passed passed, $failed failed"
    [ "$failed" = 0 ] && [ "$passed" -gt 0 ]
    exit $?
}

# missing WHAT PACKAGE: skip (77), or fail under PACKAGING_REQUIRE=1.
missing() {
    if [ "${PACKAGING_REQUIRE:-0}" = 1 ]; then
        echo "FAIL: $1 is missing (Debian: apt-get install $2)"
        exit 1
    fi
    echo "SKIP: $1 is missing (Debian: apt-get install $2)"
    exit 77
}

need() { command -v "$1" > /dev/null 2>&1 || missing "$1" "$2"; }

# install_tree BUILD ROOT: install the build into ROOT, fresh, as a package
# would be staged. Sets root (ROOT), prefix_dir (ROOT + the prefix), libdir (where
# libinfisical.* went) and pcdir (its pkgconfig folder).
install_tree() {
    root=$2
    rm -rf "$2"
    DESTDIR=$2 meson install -C "$1" --quiet --no-rebuild --skip-subprojects > "$2.log" 2>&1 ||
        { cat "$2.log"; echo "FAIL: meson install --destdir $2"; exit 1; }
    pcdir=$(dirname "$(find "$2" -name infisical.pc | head -n 1)")
    libdir=$(dirname "$pcdir")
    prefix_dir=$2$(meson introspect "$1" --buildoptions |
        python3 -c 'import json,sys; print([o["value"] for o in json.load(sys.stdin) if o["name"] == "prefix"][0])')
}

# pc ARGS...: pkg-config against the installed tree, as a user's would be.
pc() { PKG_CONFIG_PATH=$pcdir PKG_CONFIG_SYSROOT_DIR=$root pkg-config "$@"; }

# start_devserver PATH WORK: start infisical-devserver, wait until it listens,
# export what infisical_config_load_env() reads; stop_devserver at exit.
start_devserver() {
    "$1" > "$2/devserver.env" &
    devserver_pid=$!
    for _ in $(seq 200); do grep -q INFISICAL_DEV_READY "$2/devserver.env" && break; sleep 0.05; done
    grep -q INFISICAL_DEV_READY "$2/devserver.env" || { echo "FAIL: the devserver did not start"; exit 1; }
    export INFISICAL_API_URL INFISICAL_UNIVERSAL_AUTH_CLIENT_ID INFISICAL_UNIVERSAL_AUTH_CLIENT_SECRET
    INFISICAL_API_URL=$(sed -n 's/^INFISICAL_API_URL=//p' "$2/devserver.env")
    INFISICAL_UNIVERSAL_AUTH_CLIENT_ID=$(sed -n 's/^INFISICAL_UNIVERSAL_AUTH_CLIENT_ID=//p' "$2/devserver.env")
    INFISICAL_UNIVERSAL_AUTH_CLIENT_SECRET=$(sed -n 's/^INFISICAL_UNIVERSAL_AUTH_CLIENT_SECRET=//p' "$2/devserver.env")
}
stop_devserver() { [ -z "${devserver_pid:-}" ] || kill "$devserver_pid" 2>/dev/null || true; }

# links_libinfisical_so FILE: whether FILE needs libinfisical.so (its own
# DT_NEEDED, read with readelf, so a missing library does not matter).
links_libinfisical_so() { readelf -d "$1" | grep -q 'NEEDED.*libinfisical\.so'; }
