# shellcheck shell=bash
# Sourced (not run) by scripts that want DPDK on 2 MiB hugepages while they
# last: hugepages_reserve MB makes MB MiB free when root may raise
# /proc/sys/vm/nr_hugepages and remembers how many pages it added;
# hugepages_give_back takes exactly those away again (not "the old value":
# another process may have reserved pages meanwhile, and keeps them). Without
# the right to reserve, nothing changes and hammer's DPDK falls back to
# --no-huge by itself. Call hugepages_give_back from an EXIT trap.

hugepages_control=/proc/sys/vm/nr_hugepages
hugepages_free=/sys/kernel/mm/hugepages/hugepages-2048kB/free_hugepages
hugepages_taken=0

hugepages_reserve() {
    local want=$(($1 / 2)) free total got
    free=$(cat "$hugepages_free" 2>/dev/null || echo 0)
    total=$(cat "$hugepages_control" 2>/dev/null || echo 0)
    if [ "$free" -ge "$want" ] || [ ! -w "$hugepages_control" ]; then
        return 0
    fi
    echo $((total + want - free)) >"$hugepages_control" 2>/dev/null || true
    # The kernel gives what it can find in one piece, maybe fewer than asked.
    got=$(cat "$hugepages_control")
    hugepages_taken=$((got > total ? got - total : 0))
}

hugepages_give_back() {
    local now
    if [ "$hugepages_taken" -gt 0 ]; then
        now=$(cat "$hugepages_control")
        echo $((now > hugepages_taken ? now - hugepages_taken : 0)) >"$hugepages_control" 2>/dev/null || true
        hugepages_taken=0
    fi
}
