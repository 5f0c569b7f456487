#!/usr/bin/env bash
# The hammer binary as a user meets it: output, messages on stderr, exit codes.
set -euo pipefail
hammer=$1
root=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

fail() { echo "FAIL: $*" >&2; exit 1; }

# expect CODE COMMAND... : runs it, keeps stdout/stderr in $work/out, $work/err.
expect() {
    local code=$1; shift
    local actual=0
    "$@" >"$work/out" 2>"$work/err" || actual=$?
    [ "$actual" = "$code" ] || { cat "$work/out" "$work/err" >&2; fail "'$*' exited $actual, expected $code"; }
}
has() { grep -qF -- "$2" "$work/$1" || { cat "$work/$1" >&2; fail "$1 lacks: $2"; }; }

expect 0 "$hammer" --version
has out "hammer 0.1.0"

expect 3 "$hammer"
has err "A subcommand is required"

expect 3 "$hammer" validate --no-such-flag x.json

for topology in "$root"/topologies/*.json; do
    expect 0 "$hammer" validate "$topology" --seed 7
    has out ": valid (version 0.1.0"
    has out "pair0  "
done

expect 0 "$hammer" validate "$root/topologies/veth-2pair.json" "$root/configs/smoke.json"
has out "configs/smoke.json: valid (17 operations, pair-exclusive"
has out "seed 20261122 (config)"

expect 3 "$hammer" validate "$work/missing.json"
has err "$work/missing.json: cannot read: no such file"

# An empty path is never what was meant: refused as bad input (exit 3), before a store is opened.
expect 3 "$hammer" run "$root/topologies/veth-2pair.json" "$root/configs/smoke.json" --out ''
has err "--out: the run directory is empty: give a path"
for command in restore render; do
    expect 3 "$hammer" "$command" --out ''
    has err "--out: the run directory is empty: give a path"
done
expect 3 "$hammer" report '' -o "$work/report.html"
has err "'': cannot read: the path is empty"
expect 3 "$hammer" report "$work/missing.json" -o ''
has err "--output: the report's path is empty: give a path"
expect 3 "$hammer" validate ''
has err "'': cannot read: the path is empty"

sed 's/"destination-tp": "p1"/"destination-tp": "p9"/' "$root/topologies/veth-2pair.json" >"$work/bad.json"
expect 3 "$hammer" validate "$work/bad.json"
has err "$work/bad.json: /network/link/1/destination/destination-tp: no termination point \"p9\" on node \"side-b\""
[ ! -s "$work/out" ] || fail "bad input printed to stdout"

printf '{"duration": 0, "operations": ["link_flap"]}' >"$work/bad-config.json"
expect 3 "$hammer" plan "$root/topologies/ring-loop.json" "$work/bad-config.json"
has err "$work/bad-config.json: /duration: duration 0 ms is out of range"

expect 0 "$hammer" plan "$root/topologies/veth-2pair.json" "$root/configs/smoke.json" --seed 99
has out "seed 99"
has out "timeline, one column = "
has out "  A link_flap"

expect 0 "$hammer" plan "$root/topologies/ring-loop.json" "$root/configs/smoke.json" --json
python3 - "$work/out" <<'PY'
import json, sys
plan = json.load(open(sys.argv[1]))
assert plan["seed_source"] == "config", plan["seed_source"]
assert [p["id"] for p in plan["pairs"]] == ["pair0", "pair1"]
for pair in plan["pairs"]:
    assert pair["slots"][-1]["end_ms"] == plan["duration_ms"] == 60000
    assert {s["operation"] for s in pair["slots"]} == {o["id"] for o in plan["operations"]}
PY

# A seed is decimal digits: CLI11 alone would take "010" as 8 and "-1" as 2^64 - 1.
expect 0 "$hammer" validate "$root/topologies/switch-4port.json" --seed 010
has out "seed 10 (--seed)"
expect 3 "$hammer" plan "$root/topologies/ring-loop.json" "$root/configs/smoke.json" --seed -1
has err '--seed: "-1" is not a seed'

# Without a seed anywhere, one is drawn and reported.
printf '{"duration": 10, "operations": ["link_flap"]}' >"$work/no-seed.json"
expect 0 "$hammer" validate "$root/topologies/switch-4port.json" "$work/no-seed.json"
has out "(drawn)"
# --lcores, --placement and --queues are checked as the config's members are;
# a bad value is bad input naming the flag, before any run directory or store exists.
for case in "--lcores|0|--lcores: must be 1 to 1024, found 0" \
            "--lcores|3-1|--lcores: expected a CPU list such as \"2-5,8\"" \
            "--lcores|1,1|CPU 1 is listed twice" \
            "--placement|dedicate|--placement: unknown value \"dedicate\" (expected one of: \"dedicated\", \"shared\")" \
            "--queues|0|--queues: must be 1 to 64, found 0" \
            "--queues|2.5|--queues: expected an integer, found a number (2.5)"; do
    IFS='|' read -r flag value message <<<"$case"
    expect 3 "$hammer" run "$root/topologies/ring-loop.json" "$root/configs/smoke.json" "$flag" "$value" \
        --out "$work/never" --store "$work/never.db"
    has err "$message"
    [ ! -e "$work/never" ] && [ ! -e "$work/never.db" ] || fail "$flag $value made a run directory or a store"
done
echo "cli: ok"
