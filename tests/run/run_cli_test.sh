#!/usr/bin/env bash
# hammer run / restore / render end to end, with fake backends whose
# "interfaces" are JSON files: a complete run, SIGTERM mid-run, two signals,
# SIGKILL then restore and render, and the refusals that protect a killed run.
# Usage: run_cli_test.sh FAKE_HAMMER SOURCE_ROOT
set -uo pipefail

hammer=$1
root=$2
work=$(mktemp -d)
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill -KILL "$pid" 2>/dev/null; done
    rm -rf "$work"
}
trap cleanup EXIT

export HAMMER_FAKE_STATE=$work/state
mkdir -p "$HAMMER_FAKE_STATE"
topology=$root/topologies/veth-2pair.json
config=$work/config.json
cat >"$config" <<JSON
{"duration": 4, "seed": 5, "patterns": ["flat"], "minimum_slot": "1s", "target_slot": "2s",
 "operations": ["mtu_change", "link_flap"], "output": {"directory": "$work/runs"}}
JSON

failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
pass() { echo "ok: $*"; }
# json FILE EXPR: EXPR in Python over the document d
json() { python3 -c 'import json, sys; d = json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$1" "$2"; }
# The set of MTUs the fake interfaces have now, e.g. [1500] or [1500, 9000].
mtus() { cat "$HAMMER_FAKE_STATE"/*.json 2>/dev/null | python3 -c 'import sys, json; print(sorted({json.loads(l)["mtu"] for l in sys.stdin}))'; }
# Waits until some fake interface has MTU 9000: a step is under way.
wait_for_change() {
    for _ in $(seq 1 200); do
        grep -qs 9000 "$HAMMER_FAKE_STATE"/*.json && return 0
        sleep 0.05
    done
    return 1
}
start_run() { # OUT [more args]: runs in the background for 30 s, sets $pid
    local out=$1
    shift
    "$hammer" run "$topology" "$config" --duration 30 --out "$out" "$@" >"$out.log" 2>&1 &
    pid=$!
    pids+=("$pid")
}

# 1. A complete run passes, writes result.json, and leaves every interface as found.
"$hammer" run "$topology" "$config" --out "$work/complete" >"$work/complete.log" 2>&1
rc=$?
[ "$rc" -eq 0 ] && pass "complete run exits 0" || fail "complete run exited $rc: $(cat "$work/complete.log")"
[ "$(json "$work/complete/result.json" 'd["test"]["metadata"]["test_execution"]["status"]')" = PASS ] &&
    pass "complete run: status PASS" || fail "complete run: status not PASS"
[ "$(json "$work/complete/result.json" 'len(d["test"]["results"]["pairs"][0]["steps"])')" -gt 0 ] &&
    pass "complete run: steps in the result" || fail "complete run: no steps in the result"
[ "$(mtus)" = "[1500]" ] && pass "complete run: MTUs restored" || fail "complete run left MTUs $(mtus)"
# junit.xml beside result.json, as a real XML parser reads it: a case per step.
python3 - "$work/complete" <<'PY' && pass "complete run: junit.xml has a case per step" || fail "complete run: junit.xml does not match result.json"
import json, sys
import xml.etree.ElementTree as ET
result = json.load(open(sys.argv[1] + "/result.json"))
suites = ET.parse(sys.argv[1] + "/junit.xml").getroot().findall("testsuite")
pairs = result["test"]["results"]["pairs"]
assert [s.get("name") for s in suites] == [p["pair-id"] for p in pairs], suites
for suite, pair in zip(suites, pairs):
    names = [c.get("name") for c in suite.findall("testcase")]
    assert names == [f'{s["operation-id"]}#loop{s["loop"]}' for s in pair["steps"]], names
PY
# ... and valid against the rules of Jenkins' junit-10.xsd (tests/output/junit_xml_test.sh has more).
xmllint --noout --schema "$root/tests/output/junit-10-rules.xsd" "$work/complete/junit.xml" 2>"$work/xmllint.log" &&
    pass "complete run: junit.xml valid against junit-10.xsd's rules" || fail "complete run: junit.xml invalid: $(cat "$work/xmllint.log")"
# report.html beside them: a timeline bar per step.
python3 - "$work/complete" <<'PY' && pass "complete run: report.html has a timeline bar per step" || fail "complete run: report.html does not match result.json"
import json, re, sys
result = json.load(open(sys.argv[1] + "/result.json"))
page = open(sys.argv[1] + "/report.html").read()
steps = sum(len(p["steps"]) for p in result["test"]["results"]["pairs"])
assert len(re.findall(r'<rect class="bar[ "]', page)) == steps, steps
PY

# 2. SIGTERM mid-run: the step ends, the interfaces are restored, result.json says interrupted.
start_run "$work/terminated"
if wait_for_change; then
    kill -TERM "$pid"
    wait "$pid"
    rc=$?
    [ "$rc" -eq 2 ] && pass "SIGTERM: exit 2" || fail "SIGTERM: exit $rc"
    result=$work/terminated/result.json
    [ -f "$result" ] && pass "SIGTERM: result.json written" || fail "SIGTERM: no result.json"
    [ "$(json "$result" 'd["test"]["metadata"]["test_execution"]["interrupted"]')" = True ] &&
        pass "SIGTERM: marked interrupted" || fail "SIGTERM: not marked interrupted"
    [ "$(json "$result" 'd["test"]["metadata"]["test_execution"]["restored"]')" = True ] &&
        pass "SIGTERM: marked restored" || fail "SIGTERM: not marked restored"
    [ "$(mtus)" = "[1500]" ] && pass "SIGTERM: MTUs restored" || fail "SIGTERM left MTUs $(mtus)"
else
    fail "SIGTERM: no step started"
fi

# 3. Two signals: the second hurries, the restore still runs.
start_run "$work/hurried"
if wait_for_change; then
    kill -TERM "$pid"
    sleep 0.05
    kill -INT "$pid" 2>/dev/null
    wait "$pid"
    rc=$?
    [ "$rc" -eq 2 ] && pass "two signals: exit 2" || fail "two signals: exit $rc"
    [ "$(mtus)" = "[1500]" ] && pass "two signals: MTUs restored" || fail "two signals left MTUs $(mtus)"
else
    fail "two signals: no step started"
fi

# 4. SIGKILL: nothing runs after it; the journal lets restore and render finish the job.
killed=$work/runs/killed
mkdir -p "$work/runs"
start_run "$killed"
if wait_for_change; then
    kill -KILL "$pid"
    wait "$pid" 2>/dev/null
    [ ! -f "$killed/result.json" ] && pass "SIGKILL: no result.json yet" || fail "SIGKILL: result.json exists"
    [ "$(mtus)" = "[1500, 9000]" ] || [ "$(mtus)" = "[9000]" ] &&
        pass "SIGKILL: MTUs left changed" || fail "SIGKILL: MTUs $(mtus)"

    "$hammer" run "$topology" "$config" --out "$killed" >"$work/again.log" 2>&1
    rc=$?
    [ "$rc" -eq 3 ] && grep -q "hammer restore --out $killed" "$work/again.log" &&
        pass "run refuses the unrestored directory and offers the restore" ||
        fail "run on the unrestored directory: exit $rc: $(cat "$work/again.log")"
    "$hammer" run "$topology" "$config" >"$work/default.log" 2>&1
    rc=$?
    [ "$rc" -eq 3 ] && grep -q "$killed holds a run whose interfaces were not restored" "$work/default.log" &&
        pass "run refuses to start beside an unrestored run" ||
        fail "run beside the unrestored run: exit $rc: $(cat "$work/default.log")"

    "$hammer" restore --out "$killed" >"$work/restore.log" 2>&1
    rc=$?
    [ "$rc" -eq 0 ] && pass "restore exits 0" || fail "restore exited $rc: $(cat "$work/restore.log")"
    [ "$(mtus)" = "[1500]" ] && pass "restore: MTUs restored" || fail "restore left MTUs $(mtus)"
    "$hammer" restore --out "$killed" | grep -q "already restored" &&
        pass "a second restore has nothing to do" || fail "a second restore did something"

    "$hammer" render --out "$killed" >"$work/render.log" 2>&1
    rc=$?
    [ "$rc" -eq 0 ] && pass "render exits 0" || fail "render exited $rc: $(cat "$work/render.log")"
    # The rendered steps are exactly the journal's: one per slot-start, outcomes from the slot-ends.
    python3 - "$killed" <<'PY' && pass "render: steps match the journal" || fail "render: steps differ from the journal"
import json, sys
directory = sys.argv[1]
events = [json.loads(line) for line in open(directory + "/journal.jsonl")]
result = json.load(open(directory + "/result.json"))
execution = result["test"]["metadata"]["test_execution"]
assert execution["status"] == "ERROR" and execution["restored"] is True, execution
starts = {(e["pair-id"], e["slot"]) for e in events if e["event"] == "slot-start"}
ends = {(e["pair-id"], e["slot"]): e["outcome"] for e in events if e["event"] == "slot-end"}
steps = {(p["pair-id"], s["slot"]): s["outcome"] for p in result["test"]["results"]["pairs"] for s in p["steps"]}
assert set(steps) == starts, (sorted(steps), sorted(starts))
for key, outcome in steps.items():
    assert outcome == ends.get(key, "ERROR"), (key, outcome)
assert any(key not in ends for key in starts), "the killed step should be in the result as unfinished"
PY
else
    fail "SIGKILL: no step started"
fi

# 5. Bad flags are bad input, named.
"$hammer" run "$topology" "$config" --duration soon --out "$work/bad" >"$work/bad.log" 2>&1
rc=$?
[ "$rc" -eq 3 ] && grep -q -- "--duration" "$work/bad.log" && pass "a bad --duration is bad input, named" ||
    fail "bad --duration: exit $rc: $(cat "$work/bad.log")"
[ ! -e "$work/bad" ] && pass "bad input touches nothing" || fail "bad input made $work/bad"
# name FLAG VALUE FRAGMENT: a bad value of FLAG stops the run with exit 3, naming the flag.
bad_flag() {
    local name=$1 flag=$2 value=$3 fragment=$4
    "$hammer" run "$topology" "$config" "$flag" "$value" --out "$work/bad" --store "$work/bad.db" >"$work/bad.log" 2>&1
    rc=$?
    [ "$rc" -eq 3 ] && grep -qF -- "$flag: " "$work/bad.log" && grep -qF -- "$fragment" "$work/bad.log" && [ ! -e "$work/bad" ] && [ ! -e "$work/bad.db" ] &&
        pass "$name: exit 3, named, nothing touched" || fail "$name: exit $rc: $(cat "$work/bad.log")"
}
bad_flag "--lcores 0" --lcores 0 "must be 1 to 1024, found 0"
bad_flag "--lcores reversed range" --lcores 5-2 'the range "5-2" ends before it starts'
bad_flag "--lcores CPU listed twice" --lcores 1-3,2 "CPU 2 is listed twice"
bad_flag "--lcores nonsense" --lcores all 'expected a CPU list such as "2-5,8"'
bad_flag "--placement unknown" --placement both 'unknown value "both" (expected one of: "dedicated", "shared")'
bad_flag "--queues 0" --queues 0 "must be 1 to 64, found 0"
bad_flag "--queues 65" --queues 65 "must be 1 to 64, found 65"
bad_flag "--queues not a number" --queues four 'expected an integer, found a string ("four")'

# 5b. --lcores, --placement and --queues reach the backends, over the config's members.
cat >"$work/lcores.json" <<JSON
{"duration": 2, "seed": 5, "patterns": ["flat"], "minimum_slot": "1s", "target_slot": "1s",
 "operations": ["mtu_change", "link_flap"], "lcores": 4, "placement": "shared", "queues": 2,
 "output": {"directory": "$work/lcores-runs"}}
JSON
request() { python3 -c 'import json, sys; print(json.dumps(json.load(open(sys.argv[1])), sort_keys=True))' "$work/request.json"; }
HAMMER_FAKE_REQUEST=$work/request.json "$hammer" run "$topology" "$work/lcores.json" --out "$work/lcores-config" \
    --store "$work/lcores.db" >"$work/lcores.log" 2>&1
rc=$?
[ "$rc" -eq 0 ] && [ "$(request)" = '{"cpus": [], "eal_args": [], "lcores": 4, "placement": "shared", "queues": 2}' ] &&
    pass "the config's lcores, placement and queues reach the backends" ||
    fail "config lcores: exit $rc, request $(request 2>&1): $(cat "$work/lcores.log")"
HAMMER_FAKE_REQUEST=$work/request.json "$hammer" run "$topology" "$work/lcores.json" --out "$work/lcores-flags" \
    --store "$work/lcores.db" --lcores 2-3,6 --placement dedicated --queues 8 -- -l 0-1 >"$work/lcores.log" 2>&1
rc=$?
[ "$rc" -eq 0 ] &&
    [ "$(request)" = '{"cpus": [2, 3, 6], "eal_args": ["-l", "0-1"], "lcores": 3, "placement": "dedicated", "queues": 8}' ] &&
    pass "--lcores, --placement and --queues override the config" ||
    fail "lcore flags: exit $rc, request $(request 2>&1): $(cat "$work/lcores.log")"

# 6. The default store (hammer.db in the config's output directory) holds every
#    run that ended, the SIGKILLed one through render, chained in that order;
#    `history --verify` passes, and fails naming the run once a row is changed.
store=$work/runs/hammer.db
"$hammer" history --store "$store" --verify >"$work/history.log" 2>&1
rc=$?
[ "$rc" -eq 0 ] && grep -q "^verified 4 runs" "$work/history.log" && pass "history --verify passes on 4 runs" ||
    fail "history --verify: exit $rc: $(cat "$work/history.log")"
"$hammer" history --store "$store" --json >"$work/history.json" 2>&1
python3 - "$work" <<'PY' && pass "the store chains the runs in the order they ended" || fail "the store's chain is wrong"
import json, sys
work = sys.argv[1]
runs = json.load(open(work + "/history.json"))["runs"]
directories = {"complete": "complete", "terminated": "terminated", "hurried": "hurried", "killed": "runs/killed"}
assert [r["run-id"] for r in runs] == list(directories), [r["run-id"] for r in runs]
previous = ""
for run in runs:
    result = json.load(open(f"{work}/{directories[run['run-id']]}/result.json"))
    assert run["hash"] == result["test"]["metadata"]["test"]["test-history"]["hash"], run
    assert run["previous-hash"] == previous, (run, previous)
    previous = run["hash"]
PY
# 7. Identity: every run names its host and each endpoint's driver (the fake
#    backend's "file"); history filters by both, exactly, and refuses empty names.
python3 - "$work" <<'PY' && pass "history shows each run's host and drivers" || fail "history lacks host or drivers"
import json, os, sys
runs = json.load(open(sys.argv[1] + "/history.json"))["runs"]
for run in runs:
    assert run["host"] == os.uname().nodename and run["kernel-release"] == os.uname().release, run
    assert run["devices"] and {d["driver"] for d in run["devices"]} == {"file"}, run["devices"]
PY
count() { python3 -c 'import json, sys; print(len(json.load(sys.stdin)["runs"]))'; }
[ "$("$hammer" history --store "$store" --json --driver file --host "$(uname -n)" | count)" = 4 ] &&
    [ "$("$hammer" history --store "$store" --json --driver veth | count)" = 0 ] &&
    [ "$("$hammer" history --store "$store" --json --host "no-such-host" | count)" = 0 ] &&
    pass "--host and --driver select runs exactly" || fail "--host/--driver filters"
"$hammer" history --store "$store" --driver veth >"$work/none.log" 2>&1
rc=$?
[ "$rc" -eq 0 ] && grep -q "none of its 4 runs matches" "$work/none.log" && pass "no match is said so" ||
    fail "no match: exit $rc: $(cat "$work/none.log")"
"$hammer" history --store "$store" --driver file >"$work/table.log" 2>&1
grep -q "$(uname -n)  *veth  *file " "$work/table.log" && pass "the table shows host, testbed and drivers" ||
    fail "table: $(cat "$work/table.log")"
for flag in --host --driver; do
    "$hammer" history --store "$store" "$flag" "" >"$work/empty.log" 2>&1
    rc=$?
    [ "$rc" -eq 3 ] && grep -q -- "$flag: \"\" is not a name to match" "$work/empty.log" &&
        pass "an empty $flag is bad input" || fail "empty $flag: exit $rc: $(cat "$work/empty.log")"
done

cp "$store" "$work/tampered.db"
python3 -c 'import sqlite3, sys; db = sqlite3.connect(sys.argv[1]); db.execute("UPDATE hammer_runs SET status = '"'PASS'"' WHERE run_id = '"'killed'"'"); db.commit()' "$work/tampered.db"
"$hammer" history --store "$work/tampered.db" --verify >"$work/tampered.log" 2>&1
rc=$?
[ "$rc" -eq 1 ] && grep -q 'run killed (#4): column status: the store says "PASS", the document "ERROR"' "$work/tampered.log" &&
    pass "a changed row fails history --verify, named" || fail "tampered store: exit $rc: $(cat "$work/tampered.log")"

# 8. Replay: a run again from its result.json alone (docs/running.md, "Replay").
complete=$work/complete/result.json
"$hammer" plan "$topology" "$config" --json >"$work/plan.json" 2>"$work/plan.log" &&
    "$hammer" plan --replay "$complete" --json >"$work/replay-plan.json" 2>"$work/replay-plan.log"
rc=$?
[ "$rc" -eq 0 ] && pass "plan --replay exits 0" || fail "plan --replay exited $rc: $(cat "$work/plan.log" "$work/replay-plan.log")"
python3 - "$work/plan.json" "$work/replay-plan.json" "$complete" <<'PY' && pass "plan --replay: the original's schedule, the steps the run recorded" || fail "plan --replay: another schedule"
import json, sys
plan, replayed, result = (json.load(open(f)) for f in sys.argv[1:])
assert replayed["seed_source"] == "--replay", replayed["seed_source"]
del plan["seed_source"], replayed["seed_source"]
assert plan == replayed, (plan, replayed)
for planned, pair in zip(replayed["pairs"], result["test"]["results"]["pairs"]):
    assert planned["id"] == pair["pair-id"]
    origin = pair["steps"][0]["planned-start-ms"]
    slots = [(s["operation"], s["loop"], s["start_ms"], s["end_ms"] - s["start_ms"]) for s in planned["slots"]]
    steps = [(s["operation-id"], s["loop"], s["planned-start-ms"] - origin, s["planned-ms"]) for s in pair["steps"]]
    assert slots == steps, (slots, steps)
PY
# The flags of the run are in its config: the SIGTERM run ran with --duration 30.
[ "$("$hammer" plan --replay "$work/terminated/result.json" --json | python3 -c 'import json, sys; print(json.load(sys.stdin)["duration_ms"])')" = 30000 ] &&
    pass "plan --replay: the run's --duration replayed" || fail "plan --replay: the run's --duration lost"
"$hammer" run --replay "$complete" --out "$work/replayed" >"$work/replayed.log" 2>&1
rc=$?
[ "$rc" -eq 0 ] && pass "run --replay exits 0" || fail "run --replay exited $rc: $(cat "$work/replayed.log")"
python3 - "$complete" "$work/replayed/result.json" <<'PY' && pass "run --replay: the same seed, files, test id and steps; replay-of names the original" || fail "run --replay: not the same run"
import json, sys
first, again = (json.load(open(f)) for f in sys.argv[1:])
hammer_first, hammer_again = first["test"]["metadata"]["hammer"], again["test"]["metadata"]["hammer"]
assert hammer_again["seed-source"] == "--replay", hammer_again
history = first["test"]["metadata"]["test"]["test-history"]
assert hammer_again["replay-of"] == {"file": sys.argv[1], "run-id": hammer_first["run-id"], "hash": history["hash"]}, hammer_again
assert "replay-of" not in hammer_first
for key in ("seed", "config", "topology-file", "config-file", "duration-ms", "mode"):
    assert hammer_first[key] == hammer_again[key], key
assert first["test"]["metadata"]["test"]["id"] == again["test"]["metadata"]["test"]["id"]
shape = lambda d: [[(s["operation-id"], s["loop"], s["planned-ms"]) for s in p["steps"]] for p in d["test"]["results"]["pairs"]]
assert shape(first) == shape(again), (shape(first), shape(again))
PY
"$hammer" validate "$complete" >"$work/validate.log" 2>&1
rc=$?
[ "$rc" -eq 0 ] && grep -q "valid (version 0.1.0" "$work/validate.log" &&
    pass "validate accepts a result document as a topology" || fail "validate result.json: exit $rc: $(cat "$work/validate.log")"
# Bad replay input: exit 3, the file and the pointer named.
bad_replay() { # NAME PYTHON-EDIT EXPECTED
    python3 -c 'import json, sys; d = json.load(open(sys.argv[1])); exec(sys.argv[2]); json.dump(d, open(sys.argv[3], "w"))' \
        "$complete" "$2" "$work/$1.json"
    "$hammer" plan --replay "$work/$1.json" >"$work/$1.log" 2>&1
    rc=$?
    [ "$rc" -eq 3 ] && grep -qF "$work/$1.json: $3" "$work/$1.log" &&
        pass "bad replay input ($1): exit 3, named" || fail "bad replay input ($1): exit $rc: $(cat "$work/$1.log")"
}
bad_replay no-seed 'del d["test"]["metadata"]["hammer"]["seed"]' "/test/metadata/hammer/seed: required member is missing"
bad_replay bad-duration 'd["test"]["metadata"]["hammer"]["config"]["duration"] = "soon"' "/test/metadata/hammer/config/duration:"
bad_replay bad-version 'd["topology-version"] = "9.0.0"' "/topology-version:"
bad_replay bad-node 'd["network"]["node"][0]["node-id"] = 5' "/network/node/0/node-id:"
bad_replay not-a-result 'd.pop("test")' "/test: required member is missing"
"$hammer" run --replay "$complete" "$topology" "$config" >"$work/both.log" 2>&1
rc=$?
[ "$rc" -eq 3 ] && grep -q -- "--replay: the result holds the topology and config" "$work/both.log" &&
    pass "run --replay with TOPOLOGY CONFIG is refused" || fail "--replay with positionals: exit $rc: $(cat "$work/both.log")"

[ "$failures" -eq 0 ] || { echo "$failures failures" >&2; exit 1; }
