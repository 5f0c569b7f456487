# Sourced by the store's end-to-end tests (store_cli_test.sh,
# concurrent_store_test.sh, lab_cli_test.sh) after they set `root`: a work
# directory removed on exit, fake interface state in it (tests/run's
# fake_hammer), the veth-2pair topology, a two-second config of mtu_change
# steps, and pass/fail that count failures; `finish` ends the test by them.
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

export HAMMER_FAKE_STATE=$work/state
mkdir -p "$HAMMER_FAKE_STATE"
topology=$root/topologies/veth-2pair.json
config=$work/config.json
cat >"$config" <<JSON
{"duration": 2, "seed": 11, "patterns": ["flat"], "minimum_slot": "1s", "target_slot": "1s",
 "operations": ["mtu_change"], "output": {"directory": "$work/runs"}}
JSON

failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
pass() { echo "ok: $*"; }
finish() { [ "$failures" -eq 0 ] || { echo "$failures failures" >&2; exit 1; }; }
