#!/bin/sh
# configure.sh DIR WERROR [meson setup options]
#
# Set up the meson build directory DIR with -Dwerror=WERROR (true or false)
# and the given options; or, when DIR already exists, only bring its werror to
# WERROR. The scripts reuse their build directories, and meson keeps a
# directory's options from when it was set up: without this step a directory
# made before werror left meson.build's defaults (or one made by test.sh, which
# asks for werror) would keep -Werror for a user, and CI would run without it
# in a directory a user had made.
#
# A directory whose werror is already right is left alone: `meson configure`
# makes ninja regenerate it even for an unchanged value. The check reads
# meson's introspection file; if its format ever differs, the only cost is a
# needless reconfiguration.
set -eu
dir=$1 werror=$2
shift 2
case $werror in true | false) ;; *) echo "configure.sh: WERROR must be true or false, not '$werror'" >&2; exit 2 ;; esac

if [ -f "$dir/build.ninja" ]; then
    if ! grep -q "\"name\": \"werror\", \"value\": $werror" "$dir/meson-info/intro-buildoptions.json" 2>/dev/null; then
        meson configure "$dir" "-Dwerror=$werror" >/dev/null
        # Regenerate now, quietly, rather than in the caller's ninja run,
        # which would print all of meson's setup output; show it on failure.
        ninja -C "$dir" build.ninja > "$dir/regenerate.log" 2>&1 || { cat "$dir/regenerate.log"; exit 1; }
    fi
else
    meson setup "$dir" "-Dwerror=$werror" "$@" >/dev/null
fi
