#!/usr/bin/env bash
# The HTML report in a real browser: Debian's Chromium, headless, loads a
# report that the real `hammer report` made of two real results — a run of
# the fake-backend hammer made here, and a DPDK ring-pair run rendered from
# its checked-in journal — and the DOM it builds must hold the timeline (a
# row per pair, a bar per step), the charts, the matrix and the comparison,
# while its console stays silent: no SVG attribute errors, no blocked fetch.
# A page with known faults is loaded first, to prove such errors are seen.
# Usage: chromium_report_test.sh HAMMER FAKE_HAMMER SOURCE_ROOT TEST_DIR
set -uo pipefail

hammer=$1
fake_hammer=$2
root=$3
here=$4

chromium=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$chromium" ]; then
    if [ "${CI:-}" = true ]; then
        echo "FAIL: chromium is not installed (scripts/install-deps.sh installs it)" >&2
        exit 1
    fi
    echo "SKIP: chromium is not installed; scripts/install-deps.sh installs it" >&2
    exit 77
fi

work=$(mktemp -d)
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill -KILL "$pid" 2>/dev/null; done
    rm -rf "$work"
}
trap cleanup EXIT

failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
pass() { echo "ok: $*"; }

# Chromium keeps its profile, caches and crash reports under HOME and the
# user-data-dir: both in our temporary directory, gone afterwards.
export HOME=$work/home XDG_CONFIG_HOME=$work/home/.config XDG_CACHE_HOME=$work/home/.cache
mkdir -p "$HOME"
browse() { # PAGE DOM_OUT LOG_OUT: loads PAGE, writes the DOM it built and Chromium's log
    local name
    name=$(basename "$2")
    timeout -k 5 90 "$chromium" --headless --no-sandbox --disable-gpu --no-first-run --disable-extensions \
        --user-data-dir="$work/profile-$name" --enable-logging=stderr --v=0 \
        --dump-dom "file://$1" >"$2" 2>"$3" &
    local pid=$!
    pids+=("$pid")
    wait "$pid"
}
# Chromium logs what the page's console shows, errors included, as "CONSOLE" lines.
console_of() { grep -F ':CONSOLE' "$1"; }

# 0. The detector sees console errors: a negative width and a blocked image fetch.
cat >"$work/faulty.html" <<'HTML'
<!DOCTYPE html><html><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>faulty</title></head><body><svg width="10" height="10"><rect width="-5" height="1"/></svg>
<img src="http://192.0.2.1/x.png"></body></html>
HTML
browse "$work/faulty.html" "$work/faulty.dom" "$work/faulty.log"
if console_of "$work/faulty.log" | grep -q 'negative value' && console_of "$work/faulty.log" | grep -q 'Content Security Policy'; then
    pass "console errors of a faulty page are seen"
else
    fail "console errors of a faulty page were not seen: $(cat "$work/faulty.log")"
fi

# 1. A real run with the fake backends (2 s, two pairs).
export HAMMER_FAKE_STATE=$work/state
mkdir -p "$HAMMER_FAKE_STATE"
cat >"$work/config.json" <<JSON
{"duration": 2, "seed": 5, "patterns": ["flat"], "minimum_slot": "1s", "target_slot": "1s",
 "operations": ["mtu_change", "link_flap"], "output": {"directory": "$work/runs"}}
JSON
if "$fake_hammer" run "$root/topologies/veth-2pair.json" "$work/config.json" --out "$work/fake" >"$work/fake.log" 2>&1; then
    pass "fake run"
else
    fail "fake run: $(cat "$work/fake.log")"
fi

# 2. A DPDK ring-pair run with traffic, per-second samples and latency, from its journal.
mkdir -p "$work/ring"
cp "$here/fixtures/ring-traffic/journal.jsonl" "$work/ring/"
"$hammer" render --out "$work/ring" --store "$work/store.db" >"$work/render.log" 2>&1 ||
    fail "render of the ring journal: $(cat "$work/render.log")"

# 3. One report of both, by the real hammer.
if "$hammer" report "$work/ring" "$work/fake" -o "$work/report.html" >"$work/report.log" 2>&1; then
    pass "hammer report"
else
    fail "hammer report: $(cat "$work/report.log")"
fi

browse "$work/report.html" "$work/report.dom" "$work/report.log"
if [ -s "$work/report.dom" ]; then
    pass "Chromium rendered the report ($(wc -c <"$work/report.dom") bytes of DOM)"
else
    fail "Chromium gave no DOM: $(cat "$work/report.log")"
fi
if console_of "$work/report.log" >"$work/console"; then
    fail "the report's console is not silent: $(cat "$work/console")"
else
    pass "the report's console is silent"
fi
python3 "$here/check_report_dom.py" "$work/report.dom" "$work/ring/result.json" "$work/fake/result.json" ||
    fail "the DOM lacks what the results hold"

[ "$failures" -eq 0 ] || { echo "$failures failures" >&2; exit 1; }
