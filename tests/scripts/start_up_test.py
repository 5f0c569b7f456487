"""The example topology of two hosts (topologies/veth-start-up.json) runs a
short config: the start-up configuration lands on both ends of both pairs
and is recorded command by command, the ends reach each other by IPv4 and
IPv6 (ICMP echo, then ARP / neighbour discovery pointing at the peer), the
run-time MTUs alternate by loop, each device is identified (driver veth) with
the host it ran on, `hammer history` filters by both, and afterwards every
address, group membership, MTU and flag is as found.

Runs on namespaces of its own, made by scripts/testbed.sh --kind veth-netns
and removed whatever happens. Usage: start_up_test.py HAMMER SOURCE_ROOT
"""
import json
import os
import pathlib
import shutil
import socket
import subprocess
import sys
import tempfile
import time

CONFIG = {
    "$comment": "start_up_test.py: short, two loops, control operations only",
    "duration": "12s", "seed": 5, "mode": "pair-exclusive", "order": "defined",
    "minimum_slot": "1s", "target_slot": "2s",
    "operations": [{"name": "mtu_change", "params": {"mtus": [1280, 1500], "include_device_max": False}},
                   {"name": "stats_snapshot", "params": {"interval_seconds": 0.2}}],
}


def main():
    hammer, root = sys.argv[1], pathlib.Path(sys.argv[2])
    if os.geteuid() != 0:
        if os.environ.get("CI") == "true":
            print("FAIL: start_up needs root (network namespaces) and CI must run as root")
            return 1
        print("SKIP: start_up needs root (network namespaces)")
        return 77
    netns = f"hm-startup-{os.getpid()}"
    work = pathlib.Path(tempfile.mkdtemp(prefix="hammer-start-up-"))
    testbed = root / "scripts/testbed.sh"
    problems = []
    try:
        subprocess.run([testbed, "up", netns, "--pairs", "2", "--kind", "veth-netns"], check=True, capture_output=True)
        before = {ns: settled_state(ns) for ns in (netns, netns + "-b")}
        text = (root / "topologies/veth-start-up.json").read_text()
        (work / "topology.json").write_text(text.replace("hammer-setup", netns))
        config = dict(CONFIG, output={"directory": str(work / "store"), "junit": False, "html": False})
        (work / "config.json").write_text(json.dumps(config))
        run = subprocess.run([hammer, "run", work / "topology.json", work / "config.json", "--out", work / "run"],
                             capture_output=True, text=True, timeout=120)
        if run.returncode != 0:
            problems.append(f"hammer run exited {run.returncode}")
        result = json.loads((work / "run/result.json").read_text())
        problems += check(result, netns)
        problems += check_history(hammer, work / "store/hammer.db")
        for ns, found in before.items():
            if state(ns) != found:
                problems.append(f"{ns} is not as found: {found} before, {state(ns)} after")
    finally:
        subprocess.run([testbed, "down", netns], capture_output=True)
        shutil.rmtree(work, ignore_errors=True)
    for problem in problems:
        print("FAIL:", problem)
    if problems:
        print(run.stdout[-3000:], run.stderr[-3000:])
        return 1
    print("start_up: ok")
    return 0


def state(netns):
    """Every interface's flags and MTU, its addresses but the kernel's
    link-local ones, and its multicast memberships."""
    links = json.loads(subprocess.run(["ip", "-n", netns, "-j", "address", "show"], capture_output=True, text=True,
                                      check=True).stdout)
    groups = subprocess.run(["ip", "-n", netns, "maddress", "show"], capture_output=True, text=True, check=True).stdout
    return ([(link["ifname"], sorted(link["flags"]), link["mtu"],
              sorted(a["local"] for a in link.get("addr_info", []) if a.get("scope") != "link"))
             for link in links], sorted(line.split()[1] for line in groups.splitlines() if "inet" in line))


def settled_state(netns):
    """state() once carrier is up and IPv6 has made its link-local addresses
    (and joined their solicited-node groups): what the kernel does by itself
    within a second or two of a veth coming up."""
    for _ in range(50):
        shown = subprocess.run(["ip", "-n", netns, "address", "show"], capture_output=True, text=True).stdout
        if "NO-CARRIER" not in shown and "tentative" not in shown and shown.count("scope link") >= 2:
            break
        time.sleep(0.1)
    return state(netns)


def states(result, state_id):
    return [(node["node-id"], entry["operational-data"]) for node in result["network"]["node"]
            for entry in node.get("state", []) if entry["state-id"] == state_id]


def check(result, netns):
    problems = []
    commands = [c["command"] for node in result["network"]["node"] for c in node.get("command-history", [])]
    for wanted in (f"ip -n {netns} address add 192.0.2.1/30 dev hm0a",
                   f"ip -n {netns}-b address add 2001:db8::2/64 dev hm0b nodad",
                   f"ip -n {netns} link set dev hm1a mtu 9000",
                   f"ip -n {netns} link set dev hm1a allmulticast on",
                   f"ip -n {netns}-b link set dev hm1b promisc on",
                   f"ip -n {netns} link add link hm0a name hm0a.100 up type vlan id 100",
                   f"join 239.1.1.1 on hm0a in netns {netns} (IP_ADD_MEMBERSHIP, held by hammer until the restore)",
                   f"ip netns exec {netns} ping -c 1 -W 1 -I hm0a 192.0.2.2",
                   f"ip netns exec {netns} ping -6 -c 1 -W 1 -I hm0a 2001:db8::2",
                   f"ip -n {netns} neighbour show dev hm0a to 192.0.2.2"):
        if wanted not in commands:
            problems.append(f"command-history lacks {wanted!r}")
    start_up = states(result, "start-up")
    if len(start_up) != 4 or any(data["outcome"] != "PASS" for _, data in start_up):
        problems.append(f"start-up is not PASS on the 4 ends: {start_up}")
    if not any(data["ignored"] == ["/network/node/0/configuration/start-up/vpp-startup"] for _, data in start_up):
        problems.append("another tool's member is not noted as ignored")
    reached = [data for _, data in states(result, "reachability") if data["outcome"] == "PASS"]
    for address in ("192.0.2.1", "192.0.2.2", "2001:db8::1", "2001:db8::2", "192.0.2.5", "192.0.2.6"):
        if not any(data["address"] == address for data in reached):
            problems.append(f"{address} was not reached: {states(result, 'reachability')}")
    run_time = [data["settings"]["mtu"] for node, data in states(result, "run-time") if node == "host-a"]
    if run_time[:2] != [4000, 9000]:
        problems.append(f"run-time MTUs of host-a/p1 are {run_time}, expected 4000 then 9000")
    drivers = {data.get("driver") for _, data in states(result, "identity")}
    if drivers != {"veth"}:
        problems.append(f"identity drivers {drivers}, expected veth")
    host = result["test"]["metadata"].get("host", {})
    if host.get("name") != socket.gethostname() or not host.get("kernel-release"):
        problems.append(f"test.metadata.host is {host}")
    steps = [s for p in result["test"]["results"]["pairs"] for s in p["steps"]]
    if not steps or any(s["outcome"] != "PASS" for s in steps):
        problems.append(f"steps: {[(s['operation'], s['outcome'], s['message']) for s in steps]}")
    return problems


def check_history(hammer, store):
    problems = []
    for flag, value, runs in (("--driver", "veth", 1), ("--host", socket.gethostname(), 1), ("--driver", "ice", 0)):
        shown = subprocess.run([hammer, "history", "--store", store, "--json", flag, value],
                               capture_output=True, text=True)
        listed = json.loads(shown.stdout)["runs"] if shown.returncode == 0 and shown.stdout.strip() else []
        if len(listed) != runs or any(value not in (run["host"], *(d["driver"] for d in run["devices"])) for run in listed):
            problems.append(f"hammer history {flag} {value} lists {len(listed)} runs, expected {runs}: "
                            f"{shown.stdout[-500:]} {shown.stderr[-500:]}")
    return problems


if __name__ == "__main__":
    sys.exit(main())
