#!/usr/bin/env bash
# Installs what is missing, builds hammer with warnings as errors and runs the
# whole suite: unit tests anywhere, integration tests (veth in a namespace of
# their own, DPDK virtual devices) where root allows. The exit code says pass or fail.
#
#   scripts/test.sh [--build-dir DIR] [--sanitize address|thread] [--full]
#
#   --sanitize address  the suite under ASan + UBSan (build dir build-asan)
#   --sanitize thread   the suite under TSan (build dir build-tsan)
#   --full              then the libFuzzer targets, built with clang in build-fuzz,
#                       each for about a minute from its corpus (tests/fuzz/corpus)
#
# docs/testing.md says what each mode shows, what it costs and which ones CI runs.
set -euo pipefail
cd "$(dirname "$0")/.."

usage() {
    echo "usage: scripts/test.sh [--build-dir DIR] [--sanitize address|thread] [--full]" >&2
    exit 2
}

build=
sanitize=
full=false
while [ $# -gt 0 ]; do
    case $1 in
        --build-dir) [ $# -ge 2 ] || usage; build=$2; shift 2 ;;
        --sanitize) [ $# -ge 2 ] || usage; sanitize=$2; shift 2 ;;
        --full) full=true; shift ;;
        *) usage ;;
    esac
done

suppressions=$PWD/tests/sanitizers
setup_options=()
# Instrumented code defeats gcc's flow analysis: -Wmaybe-uninitialized then
# fires inside libstdc++ (std::regex, std::function) where nothing is
# uninitialised. The default build keeps the warning, as an error.
sanitizer_warnings=-Dcpp_args=-Wno-maybe-uninitialized
timeout_multiplier=1
case $sanitize in
    '')
        build=${build:-build}
        ;;
    address)
        build=${build:-build-asan}
        # The DPDK and libnl libraries are not instrumented: b_lundef=false lets
        # the sanitizer runtime resolve their symbols at run time.
        setup_options=(-Db_sanitize=address,undefined -Db_lundef=false "$sanitizer_warnings")
        timeout_multiplier=3
        # abort_on_error: a finding kills the process with SIGABRT, which no
        # test can mistake for one of hammer's exit codes.
        export ASAN_OPTIONS="halt_on_error=1:abort_on_error=1:detect_leaks=1:detect_stack_use_after_return=1"
        export LSAN_OPTIONS="suppressions=$suppressions/lsan.supp:print_suppressions=0"
        export UBSAN_OPTIONS="halt_on_error=1:abort_on_error=1:print_stacktrace=1"
        ;;
    thread)
        build=${build:-build-tsan}
        setup_options=(-Db_sanitize=thread -Db_lundef=false "$sanitizer_warnings")
        timeout_multiplier=5
        export TSAN_OPTIONS="halt_on_error=1:abort_on_error=1:second_deadlock_stack=1:suppressions=$suppressions/tsan.supp"
        ;;
    *)
        usage
        ;;
esac

scripts/install-deps.sh

if [ -f "$build/build.ninja" ]; then
    meson setup --reconfigure "$build" >/dev/null
    # meson 1.0 drops -D options given with --reconfigure: set them this way.
    [ ${#setup_options[@]} -eq 0 ] || meson configure "$build" "${setup_options[@]}" >/dev/null
else
    meson setup "$build" "${setup_options[@]}" >/dev/null
fi
meson compile -C "$build"

# Each GoogleTest binary writes an XML report; the summary below counts test
# cases from them, not just test executables.
results="$PWD/$build/test-results"
rm -rf "$results"
mkdir -p "$results"
status=0
GTEST_OUTPUT="xml:$results/" meson test -C "$build" --print-errorlogs --num-processes 2 \
    --timeout-multiplier "$timeout_multiplier" || status=$?
python3 scripts/summarize-tests.py "$build" "$results" || status=1

if $full; then
    tests/fuzz/run.sh --seconds 60 || status=1
fi
exit $status
