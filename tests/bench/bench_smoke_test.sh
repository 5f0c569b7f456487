#!/usr/bin/env bash
# Smoke test of hammer-bench: every case runs briefly and reports a positive
# rate and sane fields. It checks that the figures are produced and make sense,
# not that they meet the targets of docs/BENCHMARKS.md (CI machines are shared).
# Usage: bench_smoke_test.sh HAMMER_BENCH
set -euo pipefail
bench="$1"
if [ "$(id -u)" -ne 0 ]; then
    echo "SKIP: DPDK devices, namespaces and veth pairs need root" >&2
    exit 77
fi

ns="hm-bench-$$"
socket="/tmp/hm-bench-$$.sock"
cleanup() {
    ip netns del "$ns" 2>/dev/null || true
    rm -f "$socket"
}
trap cleanup EXIT INT TERM

ip netns add "$ns"
ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
for pair in a b; do
    ip -n "$ns" link add "hb${pair}0" type veth peer name "hb${pair}1"
    ip -n "$ns" link set "hb${pair}0" up
    ip -n "$ns" link set "hb${pair}1" up
done

# Brief windows, 4 KiB pages: the smoke test must not compete for hugepages.
common=(--no-huge --warmup 0.1 --duration 0.2)

# check CASE EXPECTED_LINES PYTHON_CONDITION... < lines: every line is JSON
# from hammer, of CASE, with the common fields sane (on LCORES worker lcores,
# 1 unless set), and each condition holds (Python expressions over `r`, the
# line's object).
check() {
    python3 -c '
import json, os, sys
lcores = int(os.environ.get("LCORES", "1"))
case, expected, conditions = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
lines = [json.loads(text) for text in sys.stdin.read().splitlines() if text.strip()]
assert len(lines) == expected, f"{case}: {len(lines)} lines, expected {expected}"
for r in lines:
    assert r["tool"] == "hammer" and r["case"] == case, r
    assert r["pps"] > 0 and r["bps"] > 0, f"{case}: no traffic: {r}"
    assert abs(r["bps"] - r["pps"] * r["size"] * 8) <= 0.01 * r["bps"], f"{case}: bps is not pps x size: {r}"
    assert 0.15 <= r["duration_s"] <= 5, f"{case}: a window of the wrong length: {r}"
    assert r["lcores"] == lcores and r["memory"] in ("hugepages", "no-huge"), r
    for condition in conditions:
        assert eval(condition), f"{case}: {condition} does not hold: {r}"
print(f"{case}: ok ({len(lines)} lines)")
' "$@"
}

"$bench" txonly "${common[@]}" | check txonly 1 'r["driver"] == "net_null"' 'r["size"] == 64' 'r["rx_pps"] == 0' \
    'r["lost"] == 0 and r["settled"]'

"$bench" pair "${common[@]}" --size 128 | check pair 1 'r["driver"] == "net_ring"' 'r["size"] == 128' \
    'r["lost"] == 0 and r["duplicates"] == 0 and r["reordered"] == 0'

"$bench" pair "${common[@]}" --a "net_memif0,role=server,id=0,socket=$socket" \
    --b "net_memif1,role=client,id=0,socket=$socket" | check pair 1 'r["driver"] == "net_memif"' 'r["lost"] == 0'

"$bench" pair "${common[@]}" --size 1500 --netns "$ns" --a net_af_packet0,iface=hba0 --b net_af_packet1,iface=hba1 |
    check pair 1 'r["driver"] == "net_af_packet"' 'r["size"] == 1500' 'r["duplicates"] == 0'

# Two lcores (on a machine with fewer CPUs they wrap onto the same one): a
# sink per lcore, a ring pair with a queue each way per lcore, each queue
# on its own lcore and carrying frames.
"$bench" txonly "${common[@]}" --lcores 2 | LCORES=2 check txonly 1 'r["ports"] == 2' 'r["lost"] == 0'
"$bench" pair "${common[@]}" --lcores 2 | LCORES=2 check pair 1 'r["queues"] == 2' \
    'r["lost"] == 0 and r["duplicates"] == 0 and r["reordered"] == 0' \
    'len({q["lcore"] for q in r["rx_by_queue"]}) == 2' 'all(q["rx_packets"] > 0 for q in r["rx_by_queue"])'
"$bench" scale "${common[@]}" --lcores 2 --pairs 2 | LCORES=2 check scale 1 'r["pairs"] == 2' 'r["lost"] == 0'

# 64 pairs: the most one lcore serves. On 4 KiB pages an mbuf takes a page
# of its own (objects do not cross pages): 64 pools need more than 512 MiB.
"$bench" scale "${common[@]}" --memory 1024 --pairs 1,64 | check scale 2 'r["pairs"] in (1, 64)' 'r["lost"] == 0' \
    'r["vs_one_pair"] > 0' 'abs(r["per_pair_pps"] * r["pairs"] - r["pps"]) <= 1e-6 * r["pps"]'

"$bench" flap --no-huge --warmup 0.1 --duration 0.3 --rounds 1 --netns "$ns" --pair-a hba0,hba1 --pair-b hbb0,hbb1 |
    check flap 1 'r["flaps"] >= 1' 'r["alone_pps"] > 0 and r["flapping_pps"] > 0' 'r["dent_percent"] < 100'
# The flapped link was left up.
ip -n "$ns" link show hbb0 | grep -q ',UP' || { echo "FAIL: hbb0 left down" >&2; exit 1; }

"$bench" latency "${common[@]}" | check latency 1 'r["load_percent"] == 50' \
    '0 < r["p50_ns"] <= r["p99_ns"] <= r["max_ns"]' 'abs(r["rate_pps"] - r["unpaced_pps"] / 2) <= 1 + r["unpaced_pps"] * 0.01'

"$bench" startup --warmup 0.1 --duration 0.2 | check startup 1 'r["pairs"] == 4' 'r["memory"] == "no-huge"' \
    '0 < r["first_packet_from_exec_s"] < 30' '0 < r["eal_init_s"] < r["first_packet_from_main_s"]' 'r["rss_mb"] > 0'

# Bad input is refused with exit code 3, before DPDK starts; a device that
# does not probe is a setup failure, exit code 2.
expect_exit() {
    local expected=$1 status=0
    shift
    "$bench" "$@" >/dev/null 2>&1 || status=$?
    [ "$status" -eq "$expected" ] || { echo "FAIL: hammer-bench $* gave exit $status, expected $expected" >&2; exit 1; }
}
expect_exit 3 scale --pairs 65
expect_exit 3 pair --size 10
expect_exit 3 txonly --lcores 0
expect_exit 2 txonly --no-huge --devargs net_nosuchdriver0
echo "bench smoke: ok"
