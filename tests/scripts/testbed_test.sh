#!/usr/bin/env bash
# Integration test of scripts/testbed.sh in a namespace of its own.
set -euo pipefail
testbed="$1"
if [ "$(id -u)" -ne 0 ]; then
    echo "SKIP: making network namespaces needs root" >&2
    exit 77
fi
ns="hmt-testbed-$$"
trap 'ip netns del "$ns" 2>/dev/null || true; ip netns del "$ns-b" 2>/dev/null || true' EXIT

fail() { echo "FAIL: $*" >&2; exit 1; }

"$testbed" up "$ns" --pairs 3 --prefix tb >/dev/null
[ -e "/run/netns/$ns" ] || fail "namespace not created"

for i in 0 1 2; do
    for end in a b; do
        dev="tb$i$end"
        ip -n "$ns" link show "$dev" | grep -q 'state UP\|,UP' || fail "$dev not up"
        rx=$(ip netns exec "$ns" sh -c "ls -d /sys/class/net/$dev/queues/rx-* | wc -l")
        tx=$(ip netns exec "$ns" sh -c "ls -d /sys/class/net/$dev/queues/tx-* | wc -l")
        [ "$rx" = 8 ] && [ "$tx" = 8 ] || fail "$dev has $rx rx / $tx tx queues, expected 8"
        [ "$(ip netns exec "$ns" cat /proc/sys/net/ipv6/conf/$dev/disable_ipv6)" = 1 ] || fail "IPv6 on for $dev"
    done
    peer=$(ip -n "$ns" -o link show "tb${i}a" | sed -n 's/.*tb'"$i"'a@\([^:]*\):.*/\1/p')
    [ "$peer" = "tb${i}b" ] || fail "tb${i}a is paired with '$peer'"
done

# The host side is untouched: none of the testbed's interfaces leaked out.
ip -o link show | grep -q ' tb0a' && fail "interface visible outside the namespace"

# A second 'up' on the same name refuses instead of touching what is there.
"$testbed" up "$ns" --pairs 1 --prefix tb 2>/dev/null && fail "second up succeeded"
ip -n "$ns" link show tb2a >/dev/null || fail "second up changed the testbed"

"$testbed" down "$ns" >/dev/null
[ -e "/run/netns/$ns" ] && fail "namespace left behind"
"$testbed" down "$ns" >/dev/null || fail "down is not idempotent"

# Taps for DPDK's tap PMD: persistent, multi-queue, each pair on a bridge of its own.
"$testbed" up "$ns" --pairs 2 --prefix tb --kind tap >/dev/null
for i in 0 1; do
    for end in a b; do
        dev="tb$i$end"
        ip -n "$ns" -d link show "$dev" | grep -q 'tun type tap.*multi_queue' || fail "$dev is not a multi-queue tap"
        ip -n "$ns" link show "$dev" | grep -q "master tb${i}br" || fail "$dev is not on bridge tb${i}br"
    done
    ip -n "$ns" link show "tb${i}br" | grep -q ',UP' || fail "bridge tb${i}br is not up"
done
"$testbed" up "$ns" --kind ring 2>/dev/null && fail "an unknown --kind was accepted"
"$testbed" down "$ns" >/dev/null
[ -e "/run/netns/$ns" ] && fail "namespace left behind (tap)"
# Two hosts: a ends in NS, b ends in NS-b, IPv6 on; down removes both.
"$testbed" up "$ns" --pairs 2 --prefix tb --kind veth-netns >/dev/null
for i in 0 1; do
    ip -n "$ns" link show "tb${i}a" | grep -q ',UP' || fail "tb${i}a is not up in $ns"
    ip -n "$ns-b" link show "tb${i}b" | grep -q ',UP' || fail "tb${i}b is not up in $ns-b"
    ip -n "$ns" link show "tb${i}b" >/dev/null 2>&1 && fail "tb${i}b is in $ns too"
    [ "$(ip netns exec "$ns" cat /proc/sys/net/ipv6/conf/tb${i}a/disable_ipv6)" = 0 ] || fail "IPv6 off for tb${i}a"
done
"$testbed" down "$ns" >/dev/null
[ -e "/run/netns/$ns" ] || [ -e "/run/netns/$ns-b" ] && fail "namespaces left behind (veth-netns)"
echo "testbed: ok"
