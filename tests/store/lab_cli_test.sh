#!/usr/bin/env bash
# A lab of two hosts on one PostgreSQL server (run through with_postgresql.sh),
# with the fake backends of tests/run: runs of host lab7 (testbed tb-a, named by
# --testbed) and host lab8 (testbed from the topology's metadata) store into one
# store; history lists both with host and testbed and filters by either;
# --verify finds a changed testbed column; report --store writes one report of
# runs of both hosts; a bad --testbed or --host is bad input, nothing touched.
# Usage: with_postgresql.sh lab_cli_test.sh FAKE_HAMMER SOURCE_ROOT
set -uo pipefail

hammer=$1
root=$2
store=${HAMMER_TEST_POSTGRESQL:?run through with_postgresql.sh}
# shellcheck source=tests/store/fake_runs.sh
source "$(dirname "$0")/fake_runs.sh"

# 1. Bad --host or --testbed: bad input, nothing made.
for flag in --host --testbed; do
    "$hammer" run "$topology" "$config" --out "$work/bad" --store "$store" "$flag" "" >"$work/bad.log" 2>&1
    rc=$?
    [ "$rc" -eq 3 ] && grep -q -- "$flag" "$work/bad.log" && [ ! -e "$work/bad" ] &&
        pass "an empty $flag is bad input" || fail "empty $flag: exit $rc: $(cat "$work/bad.log")"
done

# 2. Two hosts, two testbeds, one store.
run() { # run-directory, then flags
    local out=$1
    shift
    "$hammer" run "$topology" "$config" --out "$work/$out" --store "$store" "$@" >"$work/$out.log" 2>&1 ||
        fail "$out exited $?: $(cat "$work/$out.log")"
}
run a1 --host lab7 --testbed tb-a
run b1 --host lab8
run a2 --host lab7 --testbed tb-a

"$hammer" history --store "$store" --json >"$work/history.json" 2>&1 || fail "history: $(cat "$work/history.json")"
python3 - "$work/history.json" <<'PY' && pass "history lists both hosts with their testbeds" ||
import json, sys
runs = json.load(open(sys.argv[1]))["runs"]
assert [(r["run-id"], r["host"], r["testbed"]) for r in runs] == [
    ("a1", "lab7", "tb-a"), ("b1", "lab8", "veth"), ("a2", "lab7", "tb-a")], runs
PY
    fail "history does not list the hosts and testbeds"

"$hammer" history --store "$store" >"$work/history.txt" 2>&1
grep -Eq '^#2 .* b1 .* lab8 +veth ' "$work/history.txt" && pass "the table shows host and testbed" ||
    fail "history table: $(cat "$work/history.txt")"

"$hammer" history --store "$store" --testbed tb-a --json >"$work/tb-a.json" 2>&1
"$hammer" history --store "$store" --host lab8 --json >"$work/lab8.json" 2>&1
python3 - "$work" <<'PY' && pass "history filters by testbed and by host" || fail "history filters"
import json, sys
ids = lambda name: [r["run-id"] for r in json.load(open(f"{sys.argv[1]}/{name}.json"))["runs"]]
assert ids("tb-a") == ["a1", "a2"], ids("tb-a")
assert ids("lab8") == ["b1"], ids("lab8")
PY

"$hammer" history --store "$store" --verify >"$work/verify.log" 2>&1 && grep -q "verified 3 runs" "$work/verify.log" &&
    pass "history --verify passes" || fail "history --verify: $(cat "$work/verify.log")"

# 3. One report of runs of both hosts, from the store.
"$hammer" report --store "$store" --last 2 -o "$work/lab.html" >"$work/report.log" 2>&1
rc=$?
[ "$rc" -eq 0 ] && grep -q "report of 2 runs" "$work/report.log" && grep -q "lab8/veth b1" "$work/lab.html" &&
    grep -q "lab7/tb-a a2" "$work/lab.html" && pass "report --store compares runs of two hosts" ||
    fail "report --store: exit $rc: $(cat "$work/report.log")"
"$hammer" report --store "$store" --host lab9 -o "$work/none.html" >"$work/none.log" 2>&1
rc=$?
[ "$rc" -eq 3 ] && grep -q "no stored run matches" "$work/none.log" && [ ! -e "$work/none.html" ] &&
    pass "report --store without a matching run is bad input" || fail "report of no run: exit $rc: $(cat "$work/none.log")"

# 4. A changed testbed column fails --verify, named.
"$HAMMER_TEST_PSQL" "$store" -q -c "UPDATE hammer_runs SET testbed = 'tb-z' WHERE run_id = 'b1'" >/dev/null 2>&1 ||
    fail "psql could not change the row"
"$hammer" history --store "$store" --verify >"$work/tampered.log" 2>&1
rc=$?
[ "$rc" -eq 1 ] && grep -q 'run b1 (#2): column testbed: the store says "tb-z", the document "veth"' "$work/tampered.log" &&
    pass "a changed testbed fails --verify" || fail "tampered testbed: exit $rc: $(cat "$work/tampered.log")"

finish
