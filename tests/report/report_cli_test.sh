#!/usr/bin/env bash
# `hammer report` as a user meets it: one and several results, a run
# directory for a result, bad input named by file and JSON pointer (exit 3),
# and an output that is replaced whole or not at all.
# Usage: report_cli_test.sh HAMMER FIXTURES_DIR
set -uo pipefail

hammer=$1
fixtures=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
pass() { echo "ok: $*"; }
# expect CODE COMMAND...: runs it with stdout/stderr in $work/out, $work/err.
expect() {
    local code=$1 actual=0
    shift
    "$@" >"$work/out" 2>"$work/err" || actual=$?
    if [ "$actual" = "$code" ]; then
        pass "'${*##*/}' exits $code"
    else
        fail "'$*' exited $actual, expected $code: $(cat "$work/out" "$work/err")"
    fi
}
has() { # FILE TEXT
    if grep -qF -- "$2" "$1"; then pass "$(basename "$1") has: $2"; else fail "$1 lacks: $2 ($(head -c 400 "$1"))"; fi
}

# A real result: the recorder renders the journal of a DPDK ring-pair run.
mkdir -p "$work/ring"
cp "$fixtures/ring-traffic/journal.jsonl" "$work/ring/"
expect 0 "$hammer" render --out "$work/ring" --store "$work/store.db"
result=$work/ring/result.json

mkdir -p "$work/out-dir"
expect 0 "$hammer" report "$work/ring" -o "$work/out-dir/report.html"
has "$work/out" "$work/out-dir/report.html: report of 1 run"
report=$work/out-dir/report.html
has "$report" '<svg class="gantt" id="run-0-gantt"'
has "$report" '<svg class="chart throughput" id="run-0-pair0-throughput"'
has "$report" '<table class="outcome-matrix">'
bars=$(grep -o '<rect class="bar' "$report" | wc -l)
steps=$(python3 -c 'import json, sys; d = json.load(open(sys.argv[1])); print(sum(len(p["steps"]) for p in d["test"]["results"]["pairs"]))' "$result")
[ "$bars" -eq "$steps" ] && [ "$steps" -gt 0 ] && pass "one Gantt bar per step ($steps)" || fail "$bars bars for $steps steps"
[ ! -e "$report.tmp" ] && pass "no temporary file left" || fail "$report.tmp left behind"

expect 0 "$hammer" report "$result" "$work/ring" -o "$work/two.html"
has "$work/out" "$work/two.html: report of 2 runs"
has "$work/two.html" '<table class="comparison-table">'
has "$work/two.html" '<article class="run" id="run-1"'

# Bad input: exit 3, the file and the JSON pointer named, the old report untouched.
before=$(sha256sum "$report")
expect 3 "$hammer" report "$work/none.json" -o "$report"
has "$work/err" "$work/none.json: cannot read: no such file"
printf '{"test": ' >"$work/cut.json"
expect 3 "$hammer" report "$result" "$work/cut.json" -o "$report"
has "$work/err" "$work/cut.json: line 1, column 10: invalid JSON"
python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
d["test"]["results"]["pairs"][1]["steps"][2]["outcome"] = 7
d["test"]["metadata"]["test_execution"]["status"] = "MAYBE"
json.dump(d, open(sys.argv[2], "w"))' "$result" "$work/bad.json"
expect 3 "$hammer" report "$work/bad.json" -o "$report"
has "$work/err" "$work/bad.json: /test/metadata/test_execution/status: must be one of \"PASS\", \"FAIL\", \"ERROR\", found \"MAYBE\""
has "$work/err" "$work/bad.json: /test/results/pairs/1/steps/2/outcome: expected a string, found a number (7)"
[ "$(sha256sum "$report")" = "$before" ] && pass "a refused report leaves the old one" || fail "the old report changed"

expect 3 "$hammer" report "$result" -o "$work/no/such/dir/report.html"
has "$work/err" "--output: $work/no/such/dir/report.html: the directory $work/no/such/dir does not exist"
expect 3 "$hammer" report "$result"
has "$work/err" "--output is required"

[ "$failures" -eq 0 ] || { echo "$failures failures" >&2; exit 1; }
