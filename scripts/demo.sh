#!/usr/bin/env bash
# A newcomer's first run: installs what is missing, builds hammer, makes a veth
# testbed in a network namespace of its own (hammer-demo), reserves 2 MiB
# hugepages for DPDK when it may (the fast path a lab uses), plans and runs
# hammer on it with topologies/veth-2pair.json and configs/smoke.json, prints
# where the results and the report are, and removes the testbed and gives back
# exactly the hugepages it took, also when something fails.
set -euo pipefail
cd "$(dirname "$0")/.."

namespace=hammer-demo
topology=topologies/veth-2pair.json
config=configs/smoke.json

scripts/install-deps.sh
[ -f build/build.ninja ] || meson setup build >/dev/null
meson compile -C build >/dev/null

. scripts/hugepages.sh
testbed_up=
# shellcheck disable=SC2317 # called by the EXIT trap
clean_up() {
    hugepages_give_back
    if [ -n "$testbed_up" ]; then scripts/testbed.sh down "$namespace"; fi
}
trap clean_up EXIT
# hammer's DPDK takes 512 MiB (pmd_ops' memory_mb): on hugepages when that much is free.
hugepages_reserve 512
scripts/testbed.sh up "$namespace" --pairs 2
testbed_up=1

out="results/demo-$(date +%Y%m%d-%H%M%S)"
mkdir -p "$out"
build/hammer validate "$topology" "$config" | tee "$out/validate.txt"
build/hammer plan "$topology" "$config" >"$out/plan.txt"
echo
sed -n '/^timeline/,$p' "$out/plan.txt"
echo

# The run itself: control operations through netlink and DPDK traffic on the
# same veths, every pair on its own pattern; every interface restored after.
status=0
# $out is the run directory too: its name is the run's id (demo-<time>).
build/hammer run "$topology" "$config" --out "$out" || status=$?

echo
echo "demo: plan in $out/plan.txt, journal and result.json (UTI) in $out/ (hammer exit $status)"
echo "demo: the report: $out/report.html"
exit "$status"
