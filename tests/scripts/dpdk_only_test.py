"""The example topology of DPDK-only ports (topologies/tap-dpdk-only.json)
runs configs/smoke.json: every control operation goes through ethdev and
PASSes (port_reset, which the tap PMD lacks, is a SKIP naming EOPNOTSUPP),
none is skipped for want of a kernel interface, the changes are recorded as
testpmd's commands, link_flap_traffic records its outage, the start-up
reaches the ports through ethdev and the ends reach each other by ARP and
neighbour discovery that hammer speaks for them, and the taps are as found
afterwards.

Runs in a namespace of its own, made by scripts/testbed.sh --kind tap and
removed whatever happens. Usage: dpdk_only_test.py HAMMER SOURCE_ROOT
"""
import json
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile

CONTROL = ("link_flap", "mtu_change", "channel_change", "ring_change", "link_speed_query", "stats_snapshot")


def main():
    hammer, root = sys.argv[1], pathlib.Path(sys.argv[2])
    if os.geteuid() != 0:
        if os.environ.get("CI") == "true":
            print("FAIL: dpdk_only needs root (network namespaces, taps) and CI must run as root")
            return 1
        print("SKIP: dpdk_only needs root (network namespaces, taps)")
        return 77
    netns = f"hm-dpdkonly-{os.getpid()}"
    work = pathlib.Path(tempfile.mkdtemp(prefix="hammer-dpdk-only-"))
    testbed = root / "scripts/testbed.sh"
    try:
        subprocess.run([testbed, "up", netns, "--pairs", "2", "--kind", "tap"], check=True, capture_output=True)
        before = links(netns)
        topology = json.loads((root / "topologies/tap-dpdk-only.json").read_text())
        topology["reference"]["tap-port"]["attr"]["dpdk"]["netns"] = netns
        (work / "topology.json").write_text(json.dumps(topology))
        run = subprocess.run([hammer, "run", work / "topology.json", root / "configs/smoke.json", "--out", work / "run"],
                             capture_output=True, text=True, timeout=240)
        problems = check(json.loads((work / "run/result.json").read_text()), run.returncode)
        if links(netns) != before:
            problems.append(f"the taps are not as found: {before} before, {links(netns)} after")
    finally:
        subprocess.run([testbed, "down", netns], capture_output=True)
        shutil.rmtree(work, ignore_errors=True)
    for problem in problems:
        print("FAIL:", problem)
    if problems:
        print(run.stdout[-3000:], run.stderr[-3000:])
        return 1
    print("dpdk_only: ok")
    return 0


def links(netns):
    """Each tap's admin state, all-multicast mode, MTU and multicast MACs:
    what the control operations and the start-up change. The tap PMD itself
    turns promiscuous mode on and gives the tap a multi-queue qdisc when it
    attaches: the driver's doing, not a change to undo."""
    shown = subprocess.run(["ip", "-n", netns, "-o", "link", "show"], capture_output=True, text=True, check=True)
    found = {}
    for line in shown.stdout.splitlines():
        name, rest = line.split(": ", 2)[1:3]
        if name.startswith("hm") and not name.endswith("br"):
            flags = rest.split(">")[0].lstrip("<").split(",")
            groups = subprocess.run(["ip", "-n", netns, "maddress", "show", "dev", name], capture_output=True,
                                    text=True, check=True).stdout
            found[name] = ("UP" in flags, "ALLMULTI" in flags, rest.split(" mtu ")[1].split()[0],
                           sorted(line.split()[1] for line in groups.splitlines() if "link" in line))
    return found


def check(result, returncode):
    problems = []
    if returncode != 0:
        problems.append(f"hammer exited {returncode}")
    steps = [step for pair in result["test"]["results"]["pairs"] for step in pair["steps"]]
    for step in steps:
        if "attr.kernel" in step["message"]:
            problems.append(f"{step['operation']} still wants a kernel interface: {step['message']}")
        if step["operation"] in CONTROL and step["outcome"] != "PASS":
            problems.append(f"{step['operation']} {step['outcome']}: {step['message']}")
        if step["operation"] == "port_reset" and (step["outcome"] != "SKIP" or "EOPNOTSUPP" not in step["message"]):
            problems.append(f"port_reset {step['outcome']}: {step['message']}")
    # Identity: the host, and each tap port's PMD (ports are identified when
    # the first step probes them; a DPDK-only topology has no kernel side).
    metadata = result["test"]["metadata"]
    if metadata.get("host", {}).get("name") != os.uname().nodename or not metadata["host"].get("kernel-release"):
        problems.append(f"test.metadata.host is {metadata.get('host')}")
    if not metadata.get("software", {}).get("dpdk", "").startswith("DPDK "):
        problems.append(f"test.metadata.software is {metadata.get('software')}")
    devices = {(d["node-id"], d["tp-id"]): d for d in result["test"]["results"]["devices"] if d["backend"] == "dpdk"}
    endpoints = {(end["node-id"], end["tp-id"]) for pair in result["test"]["results"]["pairs"]
                 for end in (pair.get("a"), pair.get("b")) if isinstance(end, dict)}
    if not devices or any(d.get("driver") != "net_tap" or d.get("bus") != "vdev" for d in devices.values()):
        problems.append(f"the tap ports are not identified as net_tap: {result['test']['results']['devices']}")
    if endpoints and set(devices) != endpoints:
        problems.append(f"identified {sorted(devices)}, the pairs have {sorted(endpoints)}")
    problems += check_start_up(result)
    ran = {step["operation"] for step in steps}
    problems += [f"{name} never ran" for name in CONTROL if name not in ran]
    commands = [entry["command"] for node in result["network"]["node"] for entry in node.get("command-history", [])]
    for expected in ("set link-down port ", "port config mtu ", "port config all rxq ", "show port info "):
        if not any(command.startswith(expected) or f"\n{expected}" in command for command in commands):
            problems.append(f"no command-history entry like '{expected}...'")
    outages = [outage for pair in result["test"]["results"]["pairs"] for outage in pair["outages"]
               if outage["operation-id"] == "link_flap_traffic"]
    if not outages:
        problems.append("link_flap_traffic recorded no outage")
    for outage in outages:
        # down_seconds 0.5 in smoke.json: the outage is the down time, and what carrier takes.
        if not 400 <= outage["outage-ms"] <= 1500:
            problems.append(f"link_flap_traffic outage {outage['outage-ms']} ms for a 500 ms flap")
    return problems


def check_start_up(result):
    """Every end's start-up applied through ethdev, each end reaching its
    peer's addresses, and the exchanges in command-history."""
    problems = []
    states = [(node["node-id"], entry) for node in result["network"]["node"] for entry in node.get("state", [])]
    start_up = [entry["operational-data"] for _, entry in states if entry["state-id"] == "start-up"]
    if len(start_up) != 4 or any(data["outcome"] != "PASS" for data in start_up):
        problems.append(f"start-up is not PASS on the 4 ends: {start_up}")
    reached = {(data["from-address"], data["address"]): data for _, entry in states
               if entry["state-id"] == "reachability" for data in [entry["operational-data"]]}
    for source, target, how in (("192.0.2.1", "192.0.2.2", "by ARP"), ("192.0.2.2", "192.0.2.1", "by ARP"),
                                ("2001:db8::1", "2001:db8::2", "by neighbour discovery"),
                                ("2001:db8::2", "2001:db8::1", "by neighbour discovery"),
                                ("198.51.100.1", "198.51.100.2", "by ARP"), ("198.51.100.2", "198.51.100.1", "by ARP")):
        data = reached.get((source, target))
        if data is None or data["outcome"] != "PASS" or how not in data["message"]:
            problems.append(f"{source} did not reach {target} {how}: {data}")
    commands = [entry["command"] for node in result["network"]["node"] for entry in node.get("command-history", [])]
    for expected in ("set allmulti ", "mcast_addr add ", "ARP request from port "):
        if not any(command.startswith(expected) for command in commands):
            problems.append(f"no command-history entry like '{expected}...'")
    return problems


if __name__ == "__main__":
    sys.exit(main())
