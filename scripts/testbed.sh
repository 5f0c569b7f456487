#!/usr/bin/env bash
# A veth testbed inside a network namespace of its own, so traffic and control
# operations never reach the machine's real interfaces.
#
#   scripts/testbed.sh up NAME [--pairs N] [--prefix P] [--queues Q] [--kind veth|tap]
#       Creates namespace NAME with N veth pairs P0a<->P0b ... (default 2, "hm", 8).
#       Each end gets Q tx and Q rx queues so channel changes have room, IPv6 is
#       off (no neighbour-discovery frames to confuse counters) and every end is up.
#       --kind tap: N pairs of persistent multi-queue tap devices P0a, P0b ...,
#       each pair joined by a bridge P0br, for DPDK's tap PMD to attach to
#       (topologies/tap-dpdk-only.json): ports only DPDK controls.
#       --kind veth-netns: N veth pairs with the a ends in NAME and the b ends
#       in a second namespace NAME-b, IPv6 on: two hosts, for start-up
#       addresses, VLANs and the reachability check (topologies/veth-start-up.json).
#   scripts/testbed.sh down NAME
#       Deletes namespace NAME (and NAME-b), and with them every interface
#       inside. Idempotent.
#   scripts/testbed.sh show NAME
#       Lists the interfaces in NAME.
set -euo pipefail

usage() {
    sed -n '2,21p' "$0" | sed 's/^# \{0,1\}//' >&2
    exit 2
}

[ $# -ge 2 ] || usage
action=$1
name=$2
shift 2
pairs=2
prefix=hm
queues=8
kind=veth
while [ $# -gt 0 ]; do
    case $1 in
        --pairs) pairs=$2; shift 2 ;;
        --prefix) prefix=$2; shift 2 ;;
        --queues) queues=$2; shift 2 ;;
        --kind) kind=$2; shift 2 ;;
        *) usage ;;
    esac
done

case $name in
    ''|*/*|.|..) echo "testbed: '$name' is not a namespace name" >&2; exit 2 ;;
esac

exists() { [ -e "/run/netns/$name" ] || [ -e "/run/netns/$name-b" ]; }

case $action in
up)
    [[ $pairs =~ ^[0-9]+$ ]] && [ "$pairs" -ge 1 ] && [ "$pairs" -le 64 ] ||
        { echo "testbed: --pairs must be 1..64" >&2; exit 2; }
    [[ $queues =~ ^[0-9]+$ ]] && [ "$queues" -ge 1 ] ||
        { echo "testbed: --queues must be a positive number" >&2; exit 2; }
    case $kind in veth|tap|veth-netns) ;; *) echo "testbed: --kind must be veth, tap or veth-netns" >&2; exit 2 ;; esac
    # ifnames are at most 15 characters: prefix + index + a/b (br).
    [ $(( ${#prefix} + ${#pairs} + 2 )) -le 15 ] || { echo "testbed: --prefix too long" >&2; exit 2; }
    if exists; then
        echo "testbed: namespace $name exists already; 'scripts/testbed.sh down $name' first" >&2
        exit 1
    fi
    ip netns add "$name"
    # Anything that fails from here on leaves nothing behind.
    trap 'ip netns del "$name" 2>/dev/null || true; ip netns del "$name-b" 2>/dev/null || true' ERR
    peer_netns=$name
    if [ "$kind" = veth-netns ]; then
        peer_netns=$name-b
        ip netns add "$peer_netns"
        ip -n "$peer_netns" link set lo up
    else
        # default.* applies to interfaces created after it: set it before the veths.
        ip netns exec "$name" sysctl -q -w net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
    fi
    ip -n "$name" link set lo up
    for ((i = 0; i < pairs; i++)); do
        a="${prefix}${i}a" b="${prefix}${i}b"
        if [ "$kind" = tap ]; then
            # Persistent, so that they outlive hammer's ports; multi_queue, as
            # the tap PMD opens one queue per file descriptor. The PMD brings
            # them up when its port starts.
            ip -n "$name" tuntap add dev "$a" mode tap multi_queue
            ip -n "$name" tuntap add dev "$b" mode tap multi_queue
            ip -n "$name" link add "${prefix}${i}br" type bridge
            ip -n "$name" link set "$a" master "${prefix}${i}br"
            ip -n "$name" link set "$b" master "${prefix}${i}br"
            ip -n "$name" link set "${prefix}${i}br" up
        else
            ip -n "$name" link add "$a" numtxqueues "$queues" numrxqueues "$queues" type veth \
                peer name "$b" numtxqueues "$queues" numrxqueues "$queues" netns "$peer_netns"
            ip -n "$name" link set "$a" up
            ip -n "$peer_netns" link set "$b" up
        fi
    done
    trap - ERR
    echo "testbed: namespace $name with $pairs $kind pair(s) ${prefix}0a<->${prefix}0b ..." \
        "$([ "$peer_netns" = "$name" ] || echo "(b ends in $peer_netns)")"
    ;;
down)
    for namespace in "$name" "$name-b"; do
        if [ -e "/run/netns/$namespace" ]; then
            ip netns del "$namespace"
            echo "testbed: namespace $namespace removed"
        fi
    done
    ;;
show)
    exists || { echo "testbed: no namespace $name" >&2; exit 1; }
    ip -n "$name" -brief link show
    if [ -e "/run/netns/$name-b" ]; then
        ip -n "$name-b" -brief link show
    fi
    ;;
*)
    usage
    ;;
esac
