#!/usr/bin/env python3
"""What hammer may touch, shown with the real binary on veth pairs in a
namespace of the test's own.

    security_test.py HAMMER SCENARIO

  undeclared-veth  a veth pair in the same namespace that the topology does not
                   name stays exactly as it was through a run of every operation:
                   admin state, MTU, channels, link modes, offloads, counters and
                   carrier changes; the journal never names it
  default-route    a veth carrying the namespace's default route is refused (SKIP,
                   naming the route) and left alone unless the config allows it;
                   allowed, the same run changes it and restores it
  no-net-admin     without CAP_NET_ADMIN: a clear error naming the interface and
                   the permission, exit 2, no crash, every interface as it was
"""
import json
import pathlib
import subprocess
import sys

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent / "faults"))
import testbed  # noqa: E402

hammer = sys.argv[1]
checks = testbed.Checks()

EVERY_OPERATION = [
    {"name": "link_flap", "params": {"down_seconds": 0.2}},
    {"name": "mtu_change", "params": {"mtus": [1280, 9000], "include_device_max": True}},
    {"name": "channel_change", "params": {"counts": [1, 2, 8]}},
    "ring_change",
    {"name": "link_speed_query", "params": {"change_speed": True}},
    {"name": "stats_snapshot", "params": {"interval_seconds": 0.2}},
    {"name": "traffic_mix", "params": {"rate_pps": 20000}},
    {"name": "jumbo_frame", "params": {"rate_pps": 2000}},
    {"name": "payload_baseline", "params": {"rate_pps": 20000}},
    {"name": "ring_change_traffic", "params": {"sizes": [512, 1024], "rate_pps": 20000}},
    {"name": "link_flap_traffic", "params": {"down_seconds": 0.2, "rate_pps": 20000}},
    {"name": "link_speed_test", "params": {"rate_pps": 20000}},
]


def main():
    testbed.run_scenario("security", SCENARIOS, checks)


def run(work, name, topology, config, prefix=()):
    """hammer run to its end; returns (exit code, output, result document or None)."""
    topology_file = testbed.write_json(work / f"{name}-topology.json", topology)
    config_file = testbed.write_json(work / f"{name}-config.json", config)
    directory = work / name
    done = subprocess.run([*prefix, hammer, "run", topology_file, config_file, "--out", str(directory)],
                          capture_output=True, text=True, timeout=120)
    output = done.stdout + done.stderr
    checks.none(testbed.crash_problems(f"hammer run ({name})", done.returncode, output),
                f"{name}: hammer run ends without a crash or a sanitizer report")
    result_path = directory / "result.json"
    return done.returncode, output, json.loads(result_path.read_text()) if result_path.exists() else None


def steps(result):
    return [step for pair in result["test"]["results"]["pairs"] for step in pair["steps"]]


def undeclared_veth(netns, work):
    netns.add_veth("k0a", "k0b")
    netns.add_veth("n0a", "n0b")  # not in the topology: nothing may touch it
    declared_before = netns.snapshot(["k0a", "k0b"])
    undeclared_before = netns.snapshot(["n0a", "n0b"], counters=True)
    topology = testbed.topology(netns.name, [("k0a", "k0b")], dpdk=True)
    config = testbed.run_config(EVERY_OPERATION, "12s", work / "runs", minimum_slot="500ms")
    code, output, result = run(work, "undeclared", topology, config)
    checks.check(code in (0, 1), "the run ends with PASS or FAIL, not ERROR", output[-2000:])
    if checks.check(result is not None, "result.json written"):
        ran = {step["operation"] for step in steps(result)}
        checks.check(len(ran) == len(EVERY_OPERATION), "every operation ran", sorted(ran))
    journal = (work / "undeclared" / "journal.jsonl").read_text()
    checks.check("n0a" not in journal and "n0b" not in journal, "the journal never names the undeclared veth")
    checks.none(testbed.differences(undeclared_before, netns.snapshot(["n0a", "n0b"], counters=True)),
                "the undeclared veth is exactly as it was, counters and carrier changes included")
    checks.none(netns.settled_differences(declared_before), "the declared veth is restored")


def default_route(netns, work):
    netns.add_veth("r0a", "r0b")
    netns.ip("addr", "add", "198.18.7.1/24", "dev", "r0a")
    netns.ip("route", "add", "default", "via", "198.18.7.2", "dev", "r0a")
    untouched = netns.snapshot(counters=True)
    before = netns.snapshot()
    topology = testbed.topology(netns.name, [("r0a", "r0b")])
    operations = [{"name": "link_flap", "params": {"down_seconds": 0.2}},
                  {"name": "mtu_change", "params": {"mtus": [1280], "include_device_max": False}}]

    code, output, result = run(work, "guarded", topology, testbed.run_config(operations, "2s", work / "runs"))
    checks.check(code == 0, "refused steps are SKIPs: the run passes", output[-2000:])
    if checks.check(result is not None, "result.json written"):
        checks.check(all(step["outcome"] == "SKIP" and "r0a carries the IPv4 default route" in step["message"] and
                         "allow_default_route_iface" in step["message"] for step in steps(result)),
                     "every step is a SKIP naming the route and the setting that allows it",
                     json.dumps([(s["outcome"], s["message"]) for s in steps(result)], indent=1))
        changes = [c["command"] for n in result["network"]["node"] for c in n.get("command-history", [])
                   if " set " in c["command"] or " -L " in c["command"] or " -G " in c["command"]]
        checks.check(not changes, "nothing was changed", changes)
    checks.none(testbed.differences(untouched, netns.snapshot(counters=True)),
                "both ends are exactly as they were, counters and carrier changes included")
    routes = netns.ip("-4", "route", "show", "default").stdout
    checks.check("198.18.7.2" in routes, "the default route is still there", routes)

    # Allowed, the same interface is changed (so the SKIP above was the guard's
    # doing) and restored. mtu_change only: a flap would take the route with it.
    allowed = testbed.run_config(operations[1:], "1s", work / "runs", allow_default_route_iface=True)
    code, output, result = run(work, "allowed", topology, allowed)
    checks.check(code == 0, "allowed, the run passes", output[-2000:])
    if checks.check(result is not None, "result.json written"):
        changed = [c for n in result["network"]["node"] for c in n.get("command-history", [])
                   if c["command"] == f"ip -n {netns.name} link set dev r0a mtu 1280" and c["return-code"] == 0]
        checks.check(changed, "allowed, r0a's MTU was changed")
    checks.none(netns.settled_differences(before), "allowed, r0a is restored")


def no_net_admin(netns, work):
    netns.add_veth("c0a", "c0b")
    before = netns.snapshot()
    topology = testbed.topology(netns.name, [("c0a", "c0b")], dpdk=True)
    operations = [{"name": "mtu_change", "params": {"mtus": [1280], "include_device_max": False}},
                  {"name": "traffic_mix", "params": {"rate_pps": 20000}}]
    # Root without CAP_NET_ADMIN: gone from the bounding set, so exec grants it to nobody.
    # CAP_SYS_ADMIN stays (entering the namespace), as does CAP_NET_RAW (af_packet sockets).
    drop = ["setpriv", "--bounding-set=-net_admin", "--inh-caps=-net_admin"]
    probe = subprocess.run([*drop, "grep", "CapEff", "/proc/self/status"], capture_output=True, text=True)
    checks.check(probe.returncode == 0 and not (int(probe.stdout.split()[1], 16) >> 12) & 1,
                 "setpriv drops CAP_NET_ADMIN (bit 12)", probe.stdout + probe.stderr)
    code, output, result = run(work, "no-net-admin", topology, testbed.run_config(operations, "2s", work / "runs"),
                               prefix=drop)
    # Refused before anything is touched, in one message naming the capability and what needs it.
    checks.check(code == 2, "exit 2: hammer cannot work here, though nothing is wrong with the input", output[-2000:])
    checks.check("lacks CAP_NET_ADMIN (for netlink and ethtool changes to c0a, netlink and ethtool changes to c0b"
                 in output, "one message names CAP_NET_ADMIN and both interfaces", output[-2000:])
    checks.check("Nothing was touched" in output, "it says nothing was touched", output[-2000:])
    checks.check(result is None and not (work / "no-net-admin").exists(), "no run directory was made")
    checks.none(netns.settled_differences(before), "every interface is as it was")


SCENARIOS = {
    "undeclared-veth": undeclared_veth,
    "default-route": default_route,
    "no-net-admin": no_net_admin,
}

if __name__ == "__main__":
    main()
