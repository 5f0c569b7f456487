#!/usr/bin/env bash
# A newcomer's first run: installs what is missing, builds hammer, makes a veth
# testbed in a network namespace of its own (hammer-demo), plans and runs hammer
# on it with topologies/veth-2pair.json and configs/smoke.json, prints where the
# results are, and removes the testbed, also when something fails.
set -euo pipefail
cd "$(dirname "$0")/.."

namespace=hammer-demo
topology=topologies/veth-2pair.json
config=configs/smoke.json

scripts/install-deps.sh
[ -f build/build.ninja ] || meson setup build >/dev/null
meson compile -C build >/dev/null

scripts/testbed.sh up "$namespace" --pairs 2
trap 'scripts/testbed.sh down "$namespace"' EXIT

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
exit "$status"
