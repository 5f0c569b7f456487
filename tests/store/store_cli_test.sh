#!/usr/bin/env bash
# hammer run / render / history against a real PostgreSQL server (run through
# with_postgresql.sh), with the fake backends of tests/run: two runs chained in
# the store, junit.xml beside each result, render of a stored run adding
# nothing, `history --verify` passing, then failing and naming the run once a
# row is changed; a bad --store is bad input, an unreachable one stops the run
# before anything is touched.
# Usage: with_postgresql.sh store_cli_test.sh FAKE_HAMMER SOURCE_ROOT
set -uo pipefail

hammer=$1
root=$2
store=${HAMMER_TEST_POSTGRESQL:?run through with_postgresql.sh}
# shellcheck source=tests/store/fake_runs.sh
source "$(dirname "$0")/fake_runs.sh"

# 1. A --store that is no store is bad input, named; nothing is made.
"$hammer" run "$topology" "$config" --out "$work/bad" --store "mysql://db/results" >"$work/bad.log" 2>&1
rc=$?
[ "$rc" -eq 3 ] && grep -q -- '--store: "mysql" is not a store' "$work/bad.log" && [ ! -e "$work/bad" ] &&
    pass "a bad --store is bad input" || fail "bad --store: exit $rc: $(cat "$work/bad.log")"

# 2. A store that cannot be reached stops the run before anything is touched.
"$hammer" run "$topology" "$config" --out "$work/unreachable" --store "host=$work/nowhere dbname=hammer" \
    >"$work/unreachable.log" 2>&1
rc=$?
[ "$rc" -eq 2 ] && grep -q -- "--store host=$work/nowhere dbname=hammer: cannot connect" "$work/unreachable.log" &&
    grep -q "nothing was touched" "$work/unreachable.log" && [ ! -e "$work/unreachable" ] &&
    pass "an unreachable store stops the run first" ||
    fail "unreachable store: exit $rc: $(cat "$work/unreachable.log")"

# 3. Two runs: each result is in the store, the second chained to the first.
for run in first second; do
    "$hammer" run "$topology" "$config" --out "$work/$run" --store "$store" >"$work/$run.log" 2>&1
    rc=$?
    [ "$rc" -eq 0 ] && pass "$run run exits 0" || fail "$run run exited $rc: $(cat "$work/$run.log")"
done
"$hammer" history --store "$store" --json >"$work/history.json" 2>"$work/history.err"
rc=$?
[ "$rc" -eq 0 ] && pass "history exits 0" || fail "history exited $rc: $(cat "$work/history.err")"
python3 - "$work" <<'PY' && pass "the store holds both results, chained" || fail "the store does not hold the results"
import json, sys
import xml.etree.ElementTree as ET
work = sys.argv[1]
runs = json.load(open(work + "/history.json"))["runs"]
assert [r["run-id"] for r in runs] == ["first", "second"], runs
for run in runs:
    result = json.load(open(f"{work}/{run['run-id']}/result.json"))
    history = result["test"]["metadata"]["test"]["test-history"]
    assert run["hash"] == history["hash"] and run["previous-hash"] == history["previous_hash"], (run, history)
    assert run["seed"] == 11 and run["status"] == result["test"]["metadata"]["test_execution"]["status"], run
    steps = sum(len(p["steps"]) for p in result["test"]["results"]["pairs"])
    junit = ET.parse(f"{work}/{run['run-id']}/junit.xml").getroot()
    assert junit.get("tests") == str(steps) and len(list(junit.iter("testcase"))) == steps, (junit.attrib, steps)
assert runs[0]["previous-hash"] == "" and runs[1]["previous-hash"] == runs[0]["hash"], runs
assert runs[1]["previous-position"] == 1, runs
PY

"$hammer" history --store "$store" --verify >"$work/verify.log" 2>&1
rc=$?
[ "$rc" -eq 0 ] && grep -q "verified 2 runs" "$work/verify.log" && pass "history --verify passes" ||
    fail "history --verify: exit $rc: $(cat "$work/verify.log")"

# 4. Rendering a stored run again gives the same document: nothing is added.
"$hammer" render --out "$work/first" --store "$store" >"$work/render.log" 2>&1
rc=$?
[ "$rc" -eq 0 ] && grep -q "is stored already" "$work/render.log" && pass "render of a stored run adds nothing" ||
    fail "render: exit $rc: $(cat "$work/render.log")"
[ "$("$hammer" history --store "$store" --json | python3 -c 'import json, sys; print(len(json.load(sys.stdin)["runs"]))')" = 2 ] &&
    pass "still two runs" || fail "render added a run"

# 5. A changed row: --verify fails and names the run and what differs.
"$HAMMER_TEST_PSQL" "$store" -q -c "UPDATE hammer_runs SET status = 'FAIL' WHERE run_id = 'first'" >/dev/null 2>&1 ||
    fail "psql could not change the row"
"$hammer" history --store "$store" --verify >"$work/tampered.log" 2>&1
rc=$?
[ "$rc" -eq 1 ] && grep -q 'run first (#1): column status: the store says "FAIL", the document "PASS"' "$work/tampered.log" &&
    pass "a changed row fails --verify, named" || fail "tampered store: exit $rc: $(cat "$work/tampered.log")"

# 6. history itself: a bad --store is bad input, an unreachable one an error.
"$hammer" history --store "mysql://db" >/dev/null 2>&1
rc=$?
[ "$rc" -eq 3 ] && pass "history: bad --store exits 3" || fail "history: bad --store exited $rc"
"$hammer" history --store "host=$work/nowhere dbname=hammer" >"$work/history-unreachable.log" 2>&1
rc=$?
[ "$rc" -eq 2 ] && grep -q "cannot connect" "$work/history-unreachable.log" &&
    pass "history: unreachable store exits 2" || fail "history: unreachable store exited $rc"

finish
