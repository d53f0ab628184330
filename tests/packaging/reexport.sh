#!/bin/sh
# A static archive linked into a user's own shared object must not re-export
# the library's symbols. Before, every public function of the archive that the
# object pulled in (36 for a small plugin) landed in the object's dynamic
# symbol table. Now the archive is built with INFISICAL_STATIC (all symbols
# hidden): link it into reexport/plugin.c's .so with the README's static
# pkg-config command, read `nm -D`, and run a program through the plugin.
#
# To show that the check can fail, the same plugin is also linked with the
# shared library's objects (default visibility, the way the archive used to
# be built), whose symbols must show up.
#
#   sh reexport.sh BUILD_DIR OBJECTS_ARCHIVE WORK_DIR
set -eu
[ $# = 3 ] || { echo "usage: sh reexport.sh BUILD_DIR OBJECTS_ARCHIVE WORK_DIR" >&2; exit 2; }
build=$1 objects=$2 work=$3
here=$(cd "$(dirname "$0")" && pwd)
. "$here/common.sh"
need nm binutils
need pkg-config pkg-config
mkdir -p "$work"
install_tree "$build" "$work/root"

flags=$(pc --static --cflags --libs infisical-static)
echo "cc -shared -fPIC -o libplugin.so plugin.c $flags"
# shellcheck disable=SC2086
cc -shared -fPIC -Wall -Wextra -Werror -o "$work/libplugin.so" "$here/reexport/plugin.c" $flags
exported=$(nm -D --defined-only "$work/libplugin.so" | awk '{ print $3 }')
leaked=$(echo "$exported" | grep '^infisical' || true)
if [ -z "$leaked" ]; then
    ok "the plugin's dynamic symbol table has no infisical_* symbol"
else
    bad "the plugin re-exports $(echo "$leaked" | wc -l) of the library's symbols: $(echo $leaked | cut -c1-200)..."
fi
echo "$exported" | grep -qx plugin_check && ok "the plugin exports its own plugin_check" || bad "plugin_check is not exported"
links_libinfisical_so "$work/libplugin.so" && bad "the plugin needs libinfisical.so" || ok "the plugin does not need libinfisical.so"
cc -Wall -Wextra -Werror -o "$work/host" "$here/reexport/host.c" -L"$work" -lplugin -Wl,-rpath,"$work"
if "$work/host"; then ok "the library works inside the plugin"; else bad "the host program through the plugin"; fi

# The canary: the objects of the shared library, default visibility.
# shellcheck disable=SC2086
cc -shared -fPIC -o "$work/libplugin-leaky.so" "$here/reexport/plugin.c" -I"$(pc --variable=includedir infisical)" \
    "$objects" $(pc --libs libcurl jansson) -lpthread
n=$(nm -D --defined-only "$work/libplugin-leaky.so" | awk '{ print $3 }' | grep -c '^infisical' || true)
[ "$n" -gt 0 ] && ok "canary: objects built for the shared library do leak $n symbols into a plugin, and the check sees them" ||
    bad "canary: the default-visibility objects leaked nothing, so the check above proves nothing"
finish
