#!/bin/sh
# CMake, as a new user would: after the library is installed,
#
#   find_package(infisical CONFIG REQUIRED)
#   target_link_libraries(app PRIVATE infisical::infisical)
#
# The project in cmake/ is configured with CMAKE_PREFIX_PATH at a staged
# install (DESTDIR), built with both targets, and both programs run: the
# shared one needs libinfisical.so.0, the static one must not.
#
#   sh cmake.sh BUILD_DIR WORK_DIR
set -eu
[ $# = 2 ] || { echo "usage: sh cmake.sh BUILD_DIR WORK_DIR" >&2; exit 2; }
build=$1 work=$2
here=$(cd "$(dirname "$0")" && pwd)
. "$here/common.sh"
need cmake cmake
mkdir -p "$work"
install_tree "$build" "$work/root"
cmake --version | head -n 1
generator=
command -v ninja > /dev/null 2>&1 && generator="-G Ninja"

rm -rf "$work/project"
echo "cmake -S tests/packaging/cmake -B project -DCMAKE_PREFIX_PATH=$prefix_dir"
# shellcheck disable=SC2086
if cmake -S "$here/cmake" -B "$work/project" $generator -DCMAKE_PREFIX_PATH="$prefix_dir" \
        -DCMAKE_C_FLAGS="-Wall -Wextra -Werror" > "$work/configure.log" 2>&1; then
    grep 'infisical 0' "$work/configure.log"
    ok "find_package(infisical 0.2 CONFIG REQUIRED), with and without COMPONENTS static; the version file refuses 0.1, 0.3, 1.0"
else
    cat "$work/configure.log"; bad "cmake configure"; finish
fi
if cmake --build "$work/project" > "$work/build.log" 2>&1; then
    ok "cmake --build: app (infisical::infisical) and app_static (infisical::infisical_static)"
else
    cat "$work/build.log"; bad "cmake --build"; finish
fi
links_libinfisical_so "$work/project/app" && ok "app uses libinfisical.so.0" || bad "app does not use libinfisical.so"
links_libinfisical_so "$work/project/app_static" && bad "app_static needs libinfisical.so" ||
    ok "app_static does not need libinfisical.so"
LD_LIBRARY_PATH=$libdir "$work/project/app" && ok "app runs" || bad "app"
"$work/project/app_static" && ok "app_static runs" || bad "app_static"
finish
