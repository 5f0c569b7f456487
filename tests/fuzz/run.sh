#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (ASan + UBSan) in a build directory of
# their own and runs each for a bounded time from its seed corpus. New inputs
# libFuzzer finds go to a scratch directory, not into the checked-in corpus; a
# crashing input is kept in the build directory (fuzz-artifacts/) and printed.
#
#   tests/fuzz/run.sh [--seconds N] [--build-dir DIR]      (defaults: 60, build-fuzz)
set -euo pipefail
cd "$(dirname "$0")/../.."

seconds=60
build=build-fuzz
while [ $# -gt 0 ]; do
    case $1 in
        --seconds) seconds=$2; shift 2 ;;
        --build-dir) build=$2; shift 2 ;;
        *) echo "usage: tests/fuzz/run.sh [--seconds N] [--build-dir DIR]" >&2; exit 2 ;;
    esac
done

if [ ! -f "$build/build.ninja" ]; then
    CXX=clang++ meson setup "$build" -Dfuzz=true -Db_sanitize=address,undefined -Db_lundef=false >/dev/null
fi
meson compile -C "$build" topology_fuzzer config_fuzzer

artifacts=$PWD/$build/fuzz-artifacts
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
mkdir -p "$artifacts"
export ASAN_OPTIONS="halt_on_error=1:detect_leaks=1"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1"
status=0
for target in topology config; do
    mkdir -p "$scratch/$target"
    log=$scratch/$target.log
    # -timeout: an input that takes seconds is a finding too (a loader must be fast on any input).
    if "$build/tests/fuzz/${target}_fuzzer" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
        -dict=tests/fuzz/json.dict -artifact_prefix="$artifacts/$target-" -print_final_stats=1 \
        "$scratch/$target" "tests/fuzz/corpus/$target" >"$log" 2>&1; then
        runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
        echo "fuzz: ${target}_fuzzer: ${runs:-?} inputs in ${seconds} s, no finding"
    else
        status=1
        tail -n 60 "$log" >&2
        echo "fuzz: ${target}_fuzzer FOUND A BUG; the input is in $artifacts" >&2
    fi
done
exit $status
