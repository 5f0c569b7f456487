#!/usr/bin/env bash
# Several `hammer run`s that start together and store at the same moment, with
# the fake backends of tests/run, into one PostgreSQL server (run through
# with_postgresql.sh) and into one SQLite file: every run is stored, the store
# keeps one chain (each run's previous_hash is the hash of the run stored just
# before it: no fork, no two runs naming the same previous hash),
# `history --verify` passes, and each run's result.json is the document stored.
# Usage: with_postgresql.sh concurrent_store_test.sh FAKE_HAMMER SOURCE_ROOT
set -uo pipefail

hammer=$1
root=$2
postgresql=${HAMMER_TEST_POSTGRESQL:?run through with_postgresql.sh}
# shellcheck source=tests/store/fake_runs.sh
source "$(dirname "$0")/fake_runs.sh"
runs=4

# $1 a name for messages and directories, $2 the store.
check_store() {
    local name=$1 store=$2 pids=() i rc
    mkdir -p "$work/$name"
    # All start before any stores: each reads the same newest hash at its start.
    for i in $(seq 1 "$runs"); do
        mkdir -p "$work/$name/state$i"
        HAMMER_FAKE_STATE=$work/$name/state$i "$hammer" run "$topology" "$config" --out "$work/$name/run$i" \
            --store "$store" >"$work/$name/run$i.log" 2>&1 &
        pids+=($!)
    done
    for i in $(seq 1 "$runs"); do
        wait "${pids[$((i - 1))]}"
        rc=$?
        [ "$rc" -eq 0 ] || fail "$name: run $i exited $rc: $(cat "$work/$name/run$i.log")"
    done
    "$hammer" history --store "$store" --verify >"$work/$name/verify.log" 2>&1
    rc=$?
    [ "$rc" -eq 0 ] && grep -q "verified $runs runs" "$work/$name/verify.log" && pass "$name: history --verify passes" ||
        fail "$name: history --verify: exit $rc: $(cat "$work/$name/verify.log")"
    "$hammer" history --store "$store" --json >"$work/$name/history.json" 2>"$work/$name/history.err" ||
        fail "$name: history --json: $(cat "$work/$name/history.err")"
    python3 - "$work/$name" "$runs" <<'PY' && pass "$name: one chain, each result.json as stored" ||
import json, sys
directory, count = sys.argv[1], int(sys.argv[2])
runs = json.load(open(directory + "/history.json"))["runs"]
assert len(runs) == count, f"{len(runs)} runs stored of {count}"
previous = ""
for run in runs:
    assert run["previous-hash"] == previous, f"run #{run['position']} names {run['previous-hash'][:12]!r}, not {previous[:12]!r}: the chain forks"
    previous = run["hash"]
stored = {run["hash"] for run in runs}
for i in range(1, count + 1):
    result = json.load(open(f"{directory}/run{i}/result.json"))
    history = result["test"]["metadata"]["test"]["test-history"]
    assert history["hash"] in stored, f"run{i}/result.json has hash {history['hash'][:12]}, which the store does not hold"
PY
        fail "$name: the stored runs do not form one chain"
}

check_store postgresql "$postgresql"
check_store sqlite "$work/lab.db"

finish
