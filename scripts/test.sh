#!/usr/bin/env bash
# Installs what is missing, builds hammer with warnings as errors and runs the
# whole suite: unit tests anywhere, integration tests (veth in a namespace of
# their own, DPDK virtual devices) where root allows. The exit code says pass or fail.
#
#   scripts/test.sh [--build-dir DIR]
set -euo pipefail
cd "$(dirname "$0")/.."

build=build
while [ $# -gt 0 ]; do
    case $1 in
        --build-dir) build=$2; shift 2 ;;
        *) echo "usage: scripts/test.sh [--build-dir DIR]" >&2; exit 2 ;;
    esac
done

scripts/install-deps.sh

if [ -f "$build/build.ninja" ]; then
    meson setup --reconfigure "$build" >/dev/null
else
    meson setup "$build" >/dev/null
fi
meson compile -C "$build"

# Each GoogleTest binary writes an XML report; the summary below counts test
# cases from them, not just test executables.
results="$PWD/$build/test-results"
rm -rf "$results"
mkdir -p "$results"
status=0
GTEST_OUTPUT="xml:$results/" meson test -C "$build" --print-errorlogs --num-processes 2 || status=$?
python3 scripts/summarize-tests.py "$build" "$results" || status=1
exit $status
