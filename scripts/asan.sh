#!/bin/sh
# asan.sh [meson test arguments]
#
# Build the library and its tests with AddressSanitizer and
# UndefinedBehaviorSanitizer into ./build-asan and run the unit and
# integration suites there. Any report fails the run: UBSan does not recover
# (-fno-sanitize-recover=all, so undefined behaviour aborts the program
# instead of printing a line and going on), ASan stops at its first error, and
# LeakSanitizer runs at every exit.
#
# b_lundef=false: meson's default -Wl,--no-undefined cannot link a shared
# library against the sanitizer runtimes, which the executable provides.
# The examples are left out: the suites do not run them, and the rest of CI
# builds them. WERROR=false builds without -Werror (CI leaves it on).
#
# The meson options are those of the directory's first setup (configure.sh
# only brings werror up to date): after changing the flags here, remove
# build-asan.
set -eu
cd "$(dirname "$0")/.."
# float-cast-overflow: gcc's -fsanitize=undefined leaves it out, and numbers a
# server sends (1e400 as a version, a Retry-After of 1e999) meet such casts.
san="-fno-sanitize-recover=all -fsanitize=float-cast-overflow -fno-omit-frame-pointer"
sh scripts/configure.sh build-asan "${WERROR:-true}" \
    -Db_sanitize=address,undefined -Db_lundef=false -Dexamples=false -Ddocs=disabled \
    "-Dc_args=$san" "-Dc_link_args=$san"
ninja -C build-asan --quiet

export ASAN_OPTIONS="detect_leaks=1:halt_on_error=1:abort_on_error=0:exitcode=86:print_stacktrace=1:strict_string_checks=1:detect_stack_use_after_return=1:check_initialization_order=1"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1:exitcode=87"
export LSAN_OPTIONS="exitcode=88"
exec meson test -C build-asan --no-rebuild --print-errorlogs --suite unit --suite integration \
    --timeout-multiplier 2 "$@"
