#!/usr/bin/env bash
# hammer's engine against dpdk-testpmd, side by side in one run: the same
# devices, the same lcores, the same frame size, the two tools alternated
# (A B A B ...) after a warm-up run of each, medians and their ratio printed
# and written to docs/BENCHMARKS.md with the machine, the commands and the date.
# Cases without a testpmd peer (scale, flap, latency, startup) are measured
# against hammer itself or against their target. The lcore-scaling group
# (lcores) runs TX only and a ring pair on 1, 2, 4 ... lcores up to the CPU
# count, against hammer's own one-lcore rate and testpmd --nb-cores=N.
#
#   scripts/bench.sh [--quick] [--only CASES] [--build-dir DIR] [--out FILE] [--no-write] [--note TEXT]
#
#   --quick      2 alternations, short windows, no warm-up runs: under 2 minutes
#   --only       comma-separated: txonly,memif,af_packet,af_packet_rx,scale,flap,latency,startup,lcores
#   --build-dir  where hammer-bench is built (default: build; built if missing)
#   --out        the Markdown file whose generated section is replaced (default: docs/BENCHMARKS.md)
#   --no-write   print the table only
#   --note       a line printed above the table (say why the figures may be off)
#
# Needs root (DPDK devices, a network namespace with veth pairs), dpdk-testpmd
# (Debian's dpdk package) and python3. Reserves 2 MiB hugepages while it runs
# and puts the count back; falls back to --no-huge for both tools when it cannot.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

quick=0
build=build
out=docs/BENCHMARKS.md
write=1
note=""
only=""
while [ $# -gt 0 ]; do
    case $1 in
        --quick) quick=1; shift ;;
        --only) only=",$2,"; shift 2 ;;
        --build-dir) build=$2; shift 2 ;;
        --out) out=$2; shift 2 ;;
        --no-write) write=0; shift ;;
        --note) note=$2; shift 2 ;;
        *) echo "usage: scripts/bench.sh [--quick] [--only CASES] [--build-dir DIR] [--out FILE] [--no-write] [--note TEXT]" >&2
           exit 2 ;;
    esac
done
[ "$(id -u)" -eq 0 ] || { echo "bench.sh: needs root (DPDK devices, namespaces)" >&2; exit 2; }
command -v dpdk-testpmd >/dev/null || { echo "bench.sh: dpdk-testpmd not found (apt-get install dpdk)" >&2; exit 2; }

bench="$build/pmd_ops/bench/hammer-bench"
[ -f "$build/build.ninja" ] || meson setup "$build" >/dev/null
# ninja rather than meson compile: it regenerates a build directory set up
# before hammer-bench existed before it looks for the target.
ninja -C "$build" pmd_ops/bench/hammer-bench >/dev/null

# testpmd prints once a second: its windows are whole seconds. The cases
# without a testpmd peer use their own (shorter in --quick) windows.
if [ "$quick" -eq 1 ]; then
    reps=2; warm_runs=0; warmup=1; duration=1; rounds=2; own_warmup=0.3; own_duration=0.5; scale_warmup=0.1; scale_duration=0.3
else
    reps=5; warm_runs=1; warmup=1; duration=3; rounds=5; own_warmup=1; own_duration=2; scale_warmup=0.5; scale_duration=1
fi

# ---- the testbed: namespace, veth pairs, memif socket, hugepages ----------
work=$(mktemp -d /tmp/hm-bench.XXXXXX)
ns="hm-bench-$$"
socket="$work/memif.sock"
hugepages_control=/proc/sys/vm/nr_hugepages
hugepages_found=$(cat "$hugepages_control")
running=()
cleanup() {
    for pid in "${running[@]}"; do
        testpmd_stop "$pid"
    done
    ip netns del "$ns" 2>/dev/null || true
    # Never below what was found; others may have raised it meanwhile.
    if [ "$(cat "$hugepages_control")" -gt "$hugepages_found" ] && [ -n "${hugepages_raised:-}" ]; then
        echo "$hugepages_found" > "$hugepages_control" 2>/dev/null || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT INT TERM

ip netns add "$ns"
ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
for pair in x y; do
    ip -n "$ns" link add "hb${pair}0" type veth peer name "hb${pair}1"
    ip -n "$ns" link set "hb${pair}0" up
    ip -n "$ns" link set "hb${pair}1" up
done

# 384 pages (768 MiB): the 64 pools of the scale case take ~220 MiB, each
# testpmd ~40 MiB. Both tools get the same memory mode.
if [ "$hugepages_found" -lt 384 ]; then
    echo 384 > "$hugepages_control" 2>/dev/null && hugepages_raised=1 || true
fi
free_mb=$(( $(awk '/HugePages_Free/ {print $2}' /proc/meminfo) * 2 ))
if [ "$free_mb" -ge 600 ]; then
    memory=hugepages
    hammer_memory=()
    testpmd_memory=(--in-memory)
else
    memory=no-huge
    hammer_memory=(--no-huge)
    testpmd_memory=(--no-huge --no-shconf -m 512)
fi
# The 64 pools of the scale case's pool-per-pair row, with the ring ports,
# come near 512 MiB on 4 KiB pages. With hugepages --memory is also the free
# memory EAL asks for: keep the default.
scale_memory=()
[ "$memory" = hugepages ] || scale_memory=(--memory 1024)

# The lcores hammer's EAL takes (pmd_ops/eal.cpp): the worker pinned to the
# last CPU, the main lcore on the others (on all when there is only one).
# testpmd gets the same; its second process (memif rxonly) forwards on the
# CPU before the last, its main lcore floating.
mapfile -t cpus < <(python3 -c 'import os; print("\n".join(map(str, sorted(os.sched_getaffinity(0)))))')
all_cpus=$(IFS=,; echo "${cpus[*]}")
last=${cpus[-1]}
before_last=${cpus[-2]:-${cpus[-1]}}
control_cpus=$all_cpus
[ ${#cpus[@]} -lt 2 ] || control_cpus=$(IFS=,; echo "${cpus[*]:0:${#cpus[@]}-1}")
lcores="0@($control_cpus),1@$last"
lcores_second="0@($all_cpus),1@$before_last"

# eal_lcores N: hammer's EAL --lcores for N workers (pmd_ops/lcore_layout.cpp):
# worker i on the i-th CPU from the last, wrapping; the main lcore on the
# CPUs no worker has, floating over all of them when none is left.
eal_lcores() {
    local workers=$1 i placed=() control=() cpu used
    for ((i = 0; i < workers; i++)); do
        placed+=("${cpus[${#cpus[@]} - 1 - i % ${#cpus[@]}]}")
    done
    for cpu in "${cpus[@]}"; do
        used=0
        for i in "${placed[@]}"; do [ "$i" != "$cpu" ] || used=1; done
        [ "$used" -eq 1 ] || control+=("$cpu")
    done
    [ ${#control[@]} -gt 0 ] || control=("${cpus[@]}")
    local text="0@($(IFS=,; echo "${control[*]}"))"
    for ((i = 0; i < workers; i++)); do text+=",$((i + 1))@${placed[i]}"; done
    echo "$text"
}
# The lcore counts of the scaling group: 1, 2, 4, ... and the CPU count
# itself, at most 16 (a ring pair's queues each way).
scaling_counts=()
for ((n = 1; n <= ${#cpus[@]} && n <= 16; n *= 2)); do scaling_counts+=("$n"); done
last_count=$(( ${#cpus[@]} < 16 ? ${#cpus[@]} : 16 ))
[ "${scaling_counts[-1]}" -eq "$last_count" ] || scaling_counts+=("$last_count")

results="$work/results.jsonl"
commands="$work/commands.txt"
: > "$results"
: > "$commands"
log() { echo "[bench] $*" >&2; }
# wanted CASE: whether --only lets CASE run.
wanted() { [ -z "$only" ] || [[ $only == *",$1,"* ]]; }

# record LABEL TOOL REP VALUE RAW_JSON: one measured figure.
record() {
    python3 -c 'import json, sys; print(json.dumps({"label": sys.argv[1], "tool": sys.argv[2], "rep": int(sys.argv[3]),
        "value": float(sys.argv[4]), "raw": json.loads(sys.argv[5])}))' "$@" >> "$results"
}

# remember LABEL TOOL COMMAND...: the command line, once per label and tool, for the report.
remember() {
    local label=$1 tool=$2
    shift 2
    grep -q "^$label $tool: " "$commands" || echo "$label $tool: $*" >> "$commands"
}

# ---- hammer ---------------------------------------------------------------
# hammer_run LABEL REP FIELD [netns] ARGS...: runs hammer-bench, records FIELD
# of its (last) result line; REP < 0 is a warm-up, run but not recorded.
hammer_run() {
    local label=$1 rep=$2 field=$3
    shift 3
    local line
    remember "$label" hammer "$bench" "$@" "${hammer_memory[@]}"
    line=$("$bench" "$@" "${hammer_memory[@]}" 2>"$work/hammer.err" | tail -n 1) || {
        log "hammer-bench $* failed:"; cat "$work/hammer.err" >&2; return 1
    }
    [ "$rep" -lt 0 ] && return 0
    record "$label" hammer "$rep" "$(python3 -c 'import json, sys; print(json.loads(sys.argv[1])[sys.argv[2]])' "$line" "$field")" "$line"
}

# ---- testpmd --------------------------------------------------------------
# Runs with --stats-period 1: every second or so (its loop sleeps a second
# between looks) testpmd prints each port's throughput since the last print,
# timed by the TSC. The first print covers nothing (0), the next `warmup` are
# the warm-up; the `duration` after them are averaged, the way hammer-bench
# averages its window.
samples_needed=$(( 1 + warmup + duration ))

# testpmd_start LOG [ip netns exec NS] EAL... -- APP...: starts testpmd in the background, sets $started.
testpmd_start() {
    local log_file=$1
    shift
    # Emptied here, not by the child's redirection: testpmd_wait must not
    # read the previous run's prints before the child gets to truncate it.
    : > "$log_file"
    "$@" </dev/null >>"$log_file" 2>&1 &
    started=$!
    running+=("$started")
}

# testpmd_wait LOG PORTS COUNT PID: until LOG holds COUNT complete prints of
# its PORTS ports (Tx-pps is the last line of a port's block), or testpmd died.
testpmd_wait() {
    local log_file=$1 ports=$2 count=$3 pid=$4 waited=0
    while [ "$(grep -c "Tx-pps:" "$log_file" || true)" -lt "$((count * ports))" ]; do
        if ! kill -0 "$pid" 2>/dev/null; then
            log "testpmd exited early:"; tail -n 20 "$log_file" >&2; return 1
        fi
        sleep 0.2
        waited=$((waited + 1))
        [ "$waited" -lt 300 ] || { log "testpmd printed no statistics in 60 s"; return 1; }
    done
}

# testpmd_stop PID: SIGTERM (testpmd stops its ports and prints its totals;
# SIGINT would be ignored by a background job of a script until testpmd sets
# its handler), SIGKILL after 10 s.
testpmd_stop() {
    kill -TERM "$1" 2>/dev/null || true
    local waited=0
    while kill -0 "$1" 2>/dev/null && [ "$waited" -lt 50 ]; do
        sleep 0.2
        waited=$((waited + 1))
    done
    kill -KILL "$1" 2>/dev/null || true
    wait "$1" 2>/dev/null || true
    local still=() pid
    for pid in "${running[@]}"; do
        [ "$pid" = "$1" ] || still+=("$pid")
    done
    running=("${still[@]}")
}

# testpmd_rate LOG PORT FIELD WHICH: mean of the window's samples (Rx-pps or
# Tx-pps of PORT, or with PORT=all their sum over every port, print by print):
# the `duration` after the first print (always 0) and the warm-up
# (WHICH=first), or the last `duration` (WHICH=last: the sender of a
# two-process run, whose early prints predate the receiver).
testpmd_rate() {
    python3 - "$1" "$2" "$3" "$4" "$warmup" "$duration" <<'EOF'
import re, sys
log, port, field, which = sys.argv[1:5]
warmup, duration = int(sys.argv[5]), int(sys.argv[6])
by_port, current = {}, None
for line in open(log, errors="replace"):
    heading = re.search(r"NIC statistics for port (\d+) ", line)
    if heading:
        current = heading.group(1)
        continue
    value = re.search(field + r":\s+(\d+)", line)
    if value and current is not None:
        by_port.setdefault(current, []).append(int(value.group(1)))
if port == "all":
    # A print covers every port: the n-th samples of all ports are one print.
    samples = [sum(column) for column in zip(*by_port.values())] if by_port else []
else:
    samples = by_port.get(port, [])
needed = 1 + warmup + duration if which == "first" else 1 + duration
if len(samples) < needed:
    sys.exit(f"only {len(samples)} samples of port {port}, {needed} needed")
window = samples[1 + warmup:1 + warmup + duration] if which == "first" else samples[-duration:]
# Nothing moved at all: the run broke (a memif client that never connected).
if sum(window) == 0:
    sys.exit(f"no traffic in the window of port {port}")
print(sum(window) / len(window))
EOF
}

testpmd_common=(--lcores="$lcores" --no-pci --no-telemetry --log-level=error "${testpmd_memory[@]}")
testpmd_app=(--stats-period 1 --nb-cores=1 --burst=32 --rxd=1024 --txd=1024 --total-num-mbufs=8192)

# testpmd_single LABEL REP FIELD SIZE PORTS [PREFIX...] -- VDEV_ARGS... -- APP_ARGS...:
# one testpmd process with PORTS ports; records FIELD of port 0.
testpmd_single() {
    local label=$1 rep=$2 field=$3 size=$4 ports=$5
    shift 5
    local prefix=() vdevs=() app=()
    while [ "$1" != "--" ]; do prefix+=("$1"); shift; done
    shift
    while [ "$1" != "--" ]; do vdevs+=("$1"); shift; done
    shift
    app=("$@")
    local command=("${prefix[@]}" dpdk-testpmd "${testpmd_common[@]}" --file-prefix="hmtp-$$" "${vdevs[@]}" --
                   "${testpmd_app[@]}" --txpkts="$size" "${app[@]}")
    testpmd_measure "$label" "$rep" "$field" "$ports" 0 "" "${command[@]}"
}

# testpmd_measure LABEL REP FIELD PORTS PORT EXTRA COMMAND...: runs one
# testpmd COMMAND until PORTS ports printed enough samples, stops it and
# records FIELD of PORT (a port number, or all: summed over the ports), with
# EXTRA appended to the JSON record. REP < 0 is a warm-up: nothing recorded.
testpmd_measure() {
    local label=$1 rep=$2 field=$3 ports=$4 port=$5 extra=$6
    shift 6
    local log_file="$work/testpmd.log"
    remember "$label" testpmd "$@"
    testpmd_start "$log_file" "$@"
    local pid=$started
    testpmd_wait "$log_file" "$ports" "$samples_needed" "$pid" || { testpmd_stop "$pid"; return 1; }
    testpmd_stop "$pid"
    [ "$rep" -lt 0 ] && return 0
    local rate
    rate=$(testpmd_rate "$log_file" "$port" "$field" first) || { tail -n 30 "$log_file" >&2; return 1; }
    record "$label" testpmd "$rep" "$rate" "{\"case\": \"$label\", \"$field\": $rate$extra}"
}

# testpmd_two LABEL REP SIZE FIELD SIDE [PREFIX...] -- TX_VDEV RX_VDEV: txonly
# on TX_VDEV, rxonly on RX_VDEV in a second process (testpmd runs one
# forwarding mode per process) forwarding on the CPU before the last; records
# FIELD of the SIDE (tx or rx) process. The sender starts first: a memif
# client connects at start only, so the server must be listening.
testpmd_two() {
    local label=$1 rep=$2 size=$3 field=$4 side=$5
    shift 5
    local prefix=()
    while [ "$1" != "--" ]; do prefix+=("$1"); shift; done
    local tx_vdev=$2 rx_vdev=$3
    local tx_log="$work/testpmd-tx.log" rx_log="$work/testpmd-rx.log"
    local tx_command=("${prefix[@]}" dpdk-testpmd "${testpmd_common[@]}" --file-prefix="hmtp-$$-tx"
                      --vdev="$tx_vdev" -- "${testpmd_app[@]}" --forward-mode=txonly --txpkts="$size")
    local rx_command=("${prefix[@]}" dpdk-testpmd --lcores="$lcores_second" "${testpmd_common[@]:1}"
                      --file-prefix="hmtp-$$-rx" --vdev="$rx_vdev" -- "${testpmd_app[@]}" --forward-mode=rxonly)
    remember "$label" testpmd "${tx_command[*]}  &&  ${rx_command[*]}"
    testpmd_start "$tx_log" "${tx_command[@]}"
    local tx_pid=$started
    testpmd_wait "$tx_log" 1 1 "$tx_pid" || { testpmd_stop "$tx_pid"; return 1; }
    testpmd_start "$rx_log" "${rx_command[@]}"
    local rx_pid=$started
    testpmd_wait "$rx_log" 1 "$samples_needed" "$rx_pid" || { testpmd_stop "$rx_pid"; testpmd_stop "$tx_pid"; return 1; }
    # What both printed while both ran: once one stops, the other's next
    # print covers a stopped peer.
    cp "$tx_log" "$tx_log.both"
    cp "$rx_log" "$rx_log.both"
    # The sender stops first (MACHINE-NOTES: a memif server may crash when its client goes mid-traffic).
    testpmd_stop "$tx_pid"
    testpmd_stop "$rx_pid"
    rm -f "$socket"
    [ "$rep" -lt 0 ] && return 0
    local rate log_file=$rx_log.both which=first
    if [ "$side" = tx ]; then
        log_file=$tx_log.both
        which=last
    fi
    rate=$(testpmd_rate "$log_file" 0 "$field" "$which") || { tail -n 30 "$log_file" >&2; return 1; }
    record "$label" testpmd "$rep" "$rate" "{\"case\": \"$label\", \"$field\": $rate}"
}

# testpmd_scaled LABEL REP FIELD PORTS LCORES -- VDEV_ARGS... -- APP_ARGS...:
# one testpmd process forwarding on LCORES lcores laid out as hammer's EAL
# lays out as many workers (eal_lcores); records FIELD summed over all PORTS
# ports. APP_ARGS give the mode and --txpkts.
testpmd_scaled() {
    local label=$1 rep=$2 field=$3 ports=$4 count=$5
    shift 6
    local vdevs=()
    while [ "$1" != "--" ]; do vdevs+=("$1"); shift; done
    shift
    local command=(dpdk-testpmd --lcores="$(eal_lcores "$count")" "${testpmd_common[@]:1}" --file-prefix="hmtp-$$"
                   "${vdevs[@]}" -- --stats-period 1 --nb-cores="$count" "${testpmd_app[@]:3}" "$@")
    testpmd_measure "$label" "$rep" "$field" "$ports" all ", \"lcores\": $count" "${command[@]}"
}

# ---- the cases ------------------------------------------------------------
window=(--warmup "$warmup" --duration "$duration")
memif_a="net_memif0,role=server,id=0,socket=$socket"
memif_b="net_memif1,role=client,id=0,socket=$socket"

case_txonly() {
    local rep=$1
    hammer_run txonly-64 "$rep" pps txonly --size 64 "${window[@]}"
    testpmd_single txonly-64 "$rep" Tx-pps 64 1 -- --vdev=net_null0 -- --forward-mode=txonly
}
case_memif() {
    local rep=$1
    hammer_run memif-64 "$rep" rx_pps pair --size 64 --a "$memif_a" --b "$memif_b" "${window[@]}"
    rm -f "$socket"
    testpmd_two memif-64 "$rep" 64 Rx-pps rx -- "$memif_a" "$memif_b"
}
# testpmd sends on port 0 only (port 1, the veth's other end, is open as in
# hammer's pair); both tools are compared on what they sent.
case_af_packet() {
    local size=$1 rep=$2
    hammer_run "af_packet-$size" "$rep" tx_pps pair --size "$size" --netns "$ns" \
        --a net_af_packet0,iface=hbx0 --b net_af_packet1,iface=hbx1 "${window[@]}"
    testpmd_single "af_packet-$size" "$rep" Tx-pps "$size" 2 ip netns exec "$ns" -- \
        --vdev=net_af_packet0,iface=hbx0 --vdev=net_af_packet1,iface=hbx1 -- \
        --forward-mode=txonly --portmask=0x1 --port-topology=loop
}
# The same, with testpmd receiving on the veth's other end in a second
# process, as hammer's pair does: the kernel then copies every frame into that
# end's ring, which a txonly-only testpmd leaves full (the kernel drops there).
case_af_packet_received() {
    local size=$1 rep=$2
    hammer_run "af_packet-rx-$size" "$rep" tx_pps pair --size "$size" --netns "$ns" \
        --a net_af_packet0,iface=hbx0 --b net_af_packet1,iface=hbx1 "${window[@]}"
    testpmd_two "af_packet-rx-$size" "$rep" "$size" Tx-pps tx ip netns exec "$ns" -- \
        net_af_packet0,iface=hbx0 net_af_packet1,iface=hbx1
}

# Lcore scaling, TX only: hammer sends into a net_null port per lcore (one
# job pinned to each), testpmd txonly forwards on as many cores, a stream
# (port) each; both counted as the sum of every port's TX.
case_lcores_txonly() {
    local count=$1 rep=$2 vdevs=() i
    for ((i = 0; i < count; i++)); do vdevs+=(--vdev="net_null$i"); done
    hammer_run "lcores-txonly-$count" "$rep" pps txonly --lcores "$count" --size 64 "${window[@]}"
    testpmd_scaled "lcores-txonly-$count" "$rep" Tx-pps "$count" "$count" -- "${vdevs[@]}" -- \
        --forward-mode=txonly --txpkts=64
}
# Lcore scaling, ring pair: hammer's pair over a ring pair with a queue each
# way per lcore (queue q's TX and RX on lcore q), every frame checked; RX
# rate. testpmd cannot run a ring pair (rte_eth_from_rings is an API, and a
# second net_ring vdev ATTACHing to the first's rings does not probe), nor
# send and receive one stream in txonly or rxonly: its peer is flowgen on
# net_ring0, whose 16 queues each loop onto themselves (a TX enqueues into
# the ring its RX dequeues from: per frame the ring work of a pair), with as
# many queues and cores, each core receiving, freeing, building and sending
# its own stream (no check). flowgen writes --txpkts less the 4-byte FCS.
case_lcores_ring() {
    local count=$1 rep=$2
    hammer_run "lcores-ring-$count" "$rep" rx_pps pair --lcores "$count" --size 64 "${window[@]}"
    testpmd_scaled "lcores-ring-$count" "$rep" Rx-pps 1 "$count" -- --vdev=net_ring0 -- \
        --forward-mode=flowgen --txpkts=68 --rxq="$count" --txq="$count" --port-topology=loop
}
# lcore_scaling REP: every count, both cases, alternating tools within each.
lcore_scaling() {
    local rep=$1 count
    for count in "${scaling_counts[@]}"; do
        case_lcores_txonly "$count" "$rep" || log "lcores: TX only, $count lcore(s), run $rep failed, left out"
        case_lcores_ring "$count" "$rep" || log "lcores: ring pair, $count lcore(s), run $rep failed, left out"
    done
}

compare() {
    local name=$1
    shift
    log "$name: $warm_runs warm-up, then $reps × (hammer, testpmd)"
    for ((rep = -warm_runs; rep < reps; rep++)); do
        [ "$rep" -eq 0 ] && [ "$warm_runs" -gt 0 ] && log "$name: measuring"
        "$@" "$rep" || log "$name: run $rep failed, left out"
    done
}

# hammer_lines LABEL_FIELD VALUE_FIELD REP ARGS...: runs hammer-bench and
# records every result line, labelled "<case>" or "<case>-<LABEL_FIELD's value>".
hammer_lines() {
    local label_field=$1 value_field=$2 rep=$3
    shift 3
    remember "$1" hammer "$bench" "$@" "${hammer_memory[@]}"
    "$bench" "$@" "${hammer_memory[@]}" >"$work/lines.jsonl" 2>"$work/hammer.err" || {
        log "hammer-bench $* failed:"; cat "$work/hammer.err" >&2; return 1
    }
    python3 - "$work/lines.jsonl" "$label_field" "$value_field" "$rep" >> "$results" <<'EOF'
import json, sys
path, label_field, value_field, rep = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
for text in open(path):
    raw = json.loads(text)
    label = raw["case"] + ("-" + str(raw[label_field]) if label_field else "")
    print(json.dumps({"label": label, "tool": "hammer", "rep": rep, "value": raw[value_field], "raw": raw}))
EOF
}

hammer_reps=$reps
[ "$quick" -eq 1 ] && hammer_reps=1
case_scale() {
    hammer_lines pairs vs_one_pair "$1" scale --pairs 1,2,4,8,16,64 --warmup "$scale_warmup" \
        --duration "$scale_duration" "${scale_memory[@]}"
}
case_scale_per_pair() {
    hammer_lines pools vs_one_pair "$1" scale --pairs 64 --pool-per-pair --warmup "$scale_warmup" \
        --duration "$scale_duration" "${scale_memory[@]}"
}
case_latency() {
    hammer_lines "" p99_ns "$1" latency --load 50 --warmup "$own_warmup" --duration "$own_duration"
}
case_startup() {
    hammer_lines "" first_packet_from_exec_s "$1" startup --pairs 4 --warmup 0.2 --duration 0.5
}
# The flap case alternates its windows itself: one run.
case_flap() {
    [ "$1" -eq 0 ] || return 0
    hammer_lines "" dent_percent 0 flap --netns "$ns" --pair-a hbx0,hbx1 --pair-b hby0,hby1 --flaps-per-s 10 \
        --rounds "$rounds" --warmup "$own_warmup" --duration "$own_duration"
}

# alone NAME CASE...: a case without a testpmd peer, hammer_reps times.
alone() {
    local name=$1
    shift
    log "$name: $hammer_reps run(s)"
    for ((rep = 0; rep < hammer_reps; rep++)); do
        "$@" "$rep" || log "$name: run $rep failed, left out"
    done
}

start_load=$(cut -d' ' -f1-3 /proc/loadavg)
started_at=$(date -u '+%Y-%m-%d %H:%M UTC')
SECONDS=0

if wanted txonly; then compare "TX only 64 B, net_null" case_txonly; fi
if wanted memif; then compare "pair 64 B, memif" case_memif; fi
if wanted af_packet; then compare "pair 64 B, af_packet on veth" case_af_packet 64; fi
if wanted af_packet; then compare "pair 1500 B, af_packet on veth" case_af_packet 1500; fi
if [ "$quick" -eq 0 ] && wanted af_packet_rx; then
    compare "pair 64 B, af_packet on veth, testpmd receiving too" case_af_packet_received 64
    compare "pair 1500 B, af_packet on veth, testpmd receiving too" case_af_packet_received 1500
fi
if wanted scale; then alone "scale: 1..64 pairs on one lcore" case_scale; fi
if wanted scale; then alone "scale: 64 pairs, a pool each" case_scale_per_pair; fi
if wanted flap; then alone "flap: pair A alone / while pair B flaps 10×/s, $rounds alternations" case_flap; fi
if wanted latency; then alone "latency at 50 % load on a ring pair" case_latency; fi
if wanted startup; then alone "startup: 4 ring pairs, --no-huge" case_startup; fi
if wanted lcores; then compare "lcore scaling: ${scaling_counts[*]} lcore(s), TX only and ring pairs" lcore_scaling; fi

# ---- the report -----------------------------------------------------------
machine="$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), ${#cpus[@]} CPUs"
if grep -q -m1 '^flags.* hypervisor' /proc/cpuinfo; then
    machine="$machine (virtual machine)"
fi
machine="$machine, Linux $(uname -r), DPDK $(dpkg-query -W -f '${Version}' dpdk 2>/dev/null || echo '?')"
export BENCH_MODE BENCH_STARTED BENCH_NOTE BENCH_MACHINE BENCH_SETUP BENCH_LOAD BENCH_CPUS
BENCH_CPUS=${#cpus[@]}
BENCH_MODE=$([ "$quick" -eq 1 ] && echo quick || echo full)
BENCH_STARTED=$started_at
BENCH_NOTE=$note
BENCH_MACHINE=$machine
warm_text=""
[ "$warm_runs" -eq 0 ] || warm_text=" after one warm-up run of each"
BENCH_SETUP="memory: $memory for both tools; lcores: hammer's EAL \`--lcores=$lcores\`, testpmd the same (its memif rxonly process \`--lcores=$lcores_second\`); windows against testpmd: $warmup s warm-up, $duration s measured, $reps alternations (hammer, testpmd)$warm_text; scale: $scale_warmup + $scale_duration s per window, $hammer_reps run(s); flap and latency: $own_warmup + $own_duration s; took $SECONDS s"
if wanted lcores; then
    layouts=""
    for count in "${scaling_counts[@]}"; do layouts+="${layouts:+, }$count: \`--lcores=$(eal_lcores "$count")\`"; done
    BENCH_SETUP+="; lcore scaling, both tools (hammer-bench --lcores N, testpmd --nb-cores=N): $layouts"
fi
BENCH_LOAD="load average at the start $start_load, at the end $(cut -d' ' -f1-3 /proc/loadavg)"
python3 - "$results" "$commands" "$out" "$write" <<'EOF'
import json, os, statistics, sys
results_path, commands_path, out_path, write = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4] == "1"
rows = [json.loads(line) for line in open(results_path)]

def values(label, tool="hammer"):
    return [r["value"] for r in rows if r["label"] == label and r["tool"] == tool]

def med(label, tool="hammer"):
    found = values(label, tool)
    return statistics.median(found) if found else None

def mpps(value):
    return "—" if value is None else f"{value / 1e6:.2f} Mpps"

def runs(label, tool="hammer", scale=1e6, digits=2):
    return ", ".join(f"{v / scale:.{digits}f}" for v in values(label, tool)) or "—"

def ratio_text(ratio):
    return "—" if ratio is None else f"{ratio:.2f}×"

def verdict(ok):
    return "—" if ok is None else ("yes" if ok else "**no**")

table = ["| case | hammer | peer | ratio | target | met | runs (hammer / peer) |",
         "| --- | --- | --- | --- | --- | --- | --- |"]
compared = [
    ("txonly-64", "TX only, 64 B, net_null, 1 lcore, seq + TSC stamped", "testpmd txonly"),
    ("memif-64", "pair TX→RX, sequence checked, 64 B, memif (RX rate)", "testpmd txonly → rxonly, 2 lcores"),
    ("af_packet-64", "pair on veth, af_packet, 64 B (TX rate)", "testpmd txonly"),
    ("af_packet-1500", "pair on veth, af_packet, 1500 B (TX rate)", "testpmd txonly"),
    ("af_packet-rx-64", "the same, 64 B", "testpmd txonly → rxonly on the other end, 2 lcores"),
    ("af_packet-rx-1500", "the same, 1500 B", "testpmd txonly → rxonly on the other end, 2 lcores"),
]
for label, title, peer in compared:
    h, t = med(label), med(label, "testpmd")
    if h is None and t is None:
        continue
    ratio = h / t if h and t else None
    table.append(f"| {title} | {mpps(h)} | {peer}: {mpps(t)} | {ratio_text(ratio)} | ≥ 1.0× | "
                 f"{verdict(None if ratio is None else ratio >= 1.0)} | {runs(label)} / {runs(label, 'testpmd')} Mpps |")

# Each count was measured between two 1-pair windows (hammer-bench scale):
# the ratio is the median of those per-run ratios.
for pairs in (1, 2, 4, 8, 16, 64):
    label = f"scale-{pairs}"
    raw = [r["raw"] for r in rows if r["label"] == label]
    if not raw:
        continue
    aggregate = statistics.median(r["pps"] for r in raw)
    one = statistics.median(r["one_pair_pps"] for r in raw)
    ratio = med(label)
    last = pairs == 64
    table.append(f"| {pairs} pair{'s' if pairs > 1 else ''} (looped ring queues) on one lcore, 64 B, aggregate | "
                 f"{mpps(aggregate)} | hammer, 1 pair, windows around it: {mpps(one)} | {ratio_text(ratio)} | "
                 f"{'≥ 0.9× at 64' if last else ''} | {verdict(ratio >= 0.9 if last else None)} | "
                 f"{runs(label, scale=1)} (ratios) |")

per_pair = [r["raw"] for r in rows if r["label"] == "scale-per pair"]
if per_pair:
    table.append(f"| 64 pairs on one lcore, a pool each (the runtime before its shared TX pool) | "
                 f"{mpps(statistics.median(r['pps'] for r in per_pair))} | hammer, 1 pair, windows around it: "
                 f"{mpps(statistics.median(r['one_pair_pps'] for r in per_pair))} | "
                 f"{ratio_text(med('scale-per pair'))} | — | — | {runs('scale-per pair', scale=1)} (ratios) |")

for f in (r["raw"] for r in rows if r["label"] == "flap"):
    table.append(f"| pair A (af_packet, 64 B) while pair B flaps {f['flaps_per_s']:g}×/s ({f['flaps']} flaps) | "
                 f"{mpps(f['flapping_pps'])} | pair A alone: {mpps(f['alone_pps'])} | dent {f['dent_percent']:.1f} % | "
                 f"dent ≤ 2 % | {verdict(f['dent_percent'] <= 2)} | medians of {f['rounds']} alternating windows each |")

latency = [r["raw"] for r in rows if r["label"] == "latency"]
if latency:
    p99 = med("latency")
    p50 = statistics.median(r["p50_ns"] for r in latency)
    p999 = statistics.median(r["p999_ns"] for r in latency)
    # Pacing on a shared CPU may fall short of the rate asked: say what the load really was.
    load = statistics.median(r["pps"] / r["unpaced_pps"] * 100 for r in latency if r["unpaced_pps"] > 0)
    table.append(f"| latency at 50 % load, ring pair, 64 B | p99 {p99 / 1000:.2f} µs (p50 {p50 / 1000:.2f}, "
                 f"p99.9 {p999 / 1000:.2f} µs; load reached {load:.0f} %) | — | — | p99 ≤ 2 µs | "
                 f"{verdict(p99 <= 2000)} | p99 {runs('latency', scale=1000)} µs |")

startup = [r["raw"] for r in rows if r["label"] == "startup"]
if startup:
    first = med("startup")
    main = statistics.median(r["first_packet_from_main_s"] for r in startup)
    rss = statistics.median(r["rss_mb"] for r in startup)
    table.append(f"| time to first packet, 4 ring pairs, no hugepages | {first:.3f} s from exec ({main:.3f} s from main) | "
                 f"— | — | ≤ 0.5 s | {verdict(first <= 0.5)} | {runs('startup', scale=1, digits=3)} s |")
    table.append(f"| peak RSS (VmHWM), same runs | {rss:.0f} MB | — | — | ≤ 150 MB | {verdict(rss <= 150)} | "
                 + ", ".join(f"{r['rss_mb']:.0f}" for r in startup) + " MB |")

# Lcore scaling: each count against N x hammer's one-lcore rate of the same
# run (medians), and against testpmd on as many cores.
cpus = int(os.environ["BENCH_CPUS"])
scaling = [
    ("lcores-txonly", "TX only, 64 B, net_null, a port per lcore (TX rate)", "testpmd txonly, a port per core"),
    ("lcores-ring", "ring pair, 64 B, a queue each way per lcore, sequence checked (RX rate)",
     "testpmd flowgen on a looped ring port (net_ring0), a queue per core, no check"),
]
counts = sorted({r["raw"].get("lcores", 0) for r in rows if r["label"].startswith("lcores-") and r["tool"] == "hammer"})
for prefix, title, peer in scaling:
    one_h, one_t = med(f"{prefix}-1"), med(f"{prefix}-1", "testpmd")
    for n in counts:
        label = f"{prefix}-{n}"
        h, t = med(label), med(label, "testpmd")
        if h is None and t is None:
            continue
        shared = " (every CPU has a worker: the main lcore shares them)" if n >= cpus else ""
        what = f"lcore scaling: {title}, {n} lcore{'s' if n > 1 else ''}{shared}"
        if n > 1:
            ideal = n * one_h if one_h else None
            ratio = h / ideal if h and ideal else None
            table.append(f"| {what}, against {n} × one lcore | {mpps(h)} | {n} × hammer on 1 lcore (same run): "
                         f"{mpps(ideal)} | {ratio_text(ratio)} | ≥ 0.9× | "
                         f"{verdict(None if ratio is None else ratio >= 0.9)} | {runs(label)} / {runs(prefix + '-1')} Mpps |")
        ratio = h / t if h and t else None
        itself = ""
        if n > 1 and t and one_t:
            itself = f" (itself {t / (n * one_t):.2f}× {n} × its 1-core rate)"
        table.append(f"| {what}, against testpmd | {mpps(h)} | {peer}, --nb-cores={n}: {mpps(t)}{itself} | "
                     f"{ratio_text(ratio)} | ≥ 1.0× | {verdict(None if ratio is None else ratio >= 1.0)} | "
                     f"{runs(label)} / {runs(label, 'testpmd')} Mpps |")

env = os.environ
header = [f"### {env['BENCH_MODE']} run, {env['BENCH_STARTED']}", ""]
if env["BENCH_NOTE"]:
    header += [f"> {env['BENCH_NOTE']}", ""]
header += [f"- machine: {env['BENCH_MACHINE']}", f"- {env['BENCH_SETUP']}", f"- {env['BENCH_LOAD']}", ""]
commands = ["Commands, as run (one per case and tool):", "", "```"]
commands += [line.rstrip() for line in open(commands_path)] + ["```"]
section = "\n".join(header + table + [""] + commands) + "\n"
print(section)
if write:
    begin, end = "<!-- bench:begin -->", "<!-- bench:end -->"
    try:
        text = open(out_path).read()
    except FileNotFoundError:
        text = "# Benchmarks\n"
    if begin in text and end in text:
        text = text[:text.index(begin) + len(begin)] + "\n" + section + text[text.index(end):]
    else:
        text += f"\n{begin}\n{section}{end}\n"
    open(out_path, "w").write(text)
    print(f"[bench] written to {out_path}", file=sys.stderr)
EOF
