#!/usr/bin/env python3
"""Faults during a run of the real hammer on veth pairs in a namespace of the
test's own: what a qualification lab trusts is that hammer keeps going, loses
no event and leaves every interface as it found it.

    faults_test.py HAMMER SCENARIO

  interface-deleted  a pair's veth is deleted mid-run: its steps ERROR, recovery is
                     recorded, the endpoint is lost, the other pair finishes
  peer-down          a pair's undeclared veth peer is held down during a link flap:
                     ERROR after the up-timeout, recovery attempts recorded, the
                     endpoint lost, the other pair finishes
  mtu-refused        an MTU the device refuses (a macvlan above its lower device's):
                     recorded with the kernel's errno, the run goes on, all restored
  port-start         a DPDK port that cannot start (af_xdp on a veth whose peer's
                     MTU is too large for XDP): ERROR, recovery, the other pair finishes
  hugepages          no hugepages free at start: DPDK falls back to --no-huge, says so,
                     traffic runs
  signals            SIGINT, SIGTERM and SIGKILL at random points, 21 trials: each run
                     ends cleanly (or is restored and rendered after SIGKILL), every
                     interface equals its snapshot, no event written before the
                     signal is missing from result.json
"""
import json
import os
import pathlib
import random
import signal
import subprocess
import sys
import time

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import result_check  # noqa: E402
import testbed  # noqa: E402

hammer = sys.argv[1]
checks = testbed.Checks()


def main():
    testbed.run_scenario("faults", SCENARIOS, checks)


class Run:
    """hammer run in the background, its output in a log file."""

    def __init__(self, work, name, topology, config, *args):
        self.directory = work / name
        self.log_path = work / f"{name}.log"
        self.topology = testbed.write_json(work / f"{name}-topology.json", topology)
        self.config = testbed.write_json(work / f"{name}-config.json", config)
        with open(self.log_path, "w") as log:
            self.process = subprocess.Popen([hammer, "run", self.topology, self.config, "--out",
                                             str(self.directory), *args], stdout=log, stderr=subprocess.STDOUT)

    def wait(self, timeout):
        try:
            return self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            checks.check(False, f"hammer ended within {timeout} s", self.log()[-2000:])
            return None

    def log(self):
        return self.log_path.read_text(errors="replace")

    def result(self):
        path = self.directory / "result.json"
        return json.loads(path.read_text()) if path.exists() else None

    def stop(self):
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()


def ended_cleanly(run, returncode, expected):
    checks.none(testbed.crash_problems("hammer run", returncode if returncode is not None else -9, run.log()),
                "hammer run ended without a crash or a sanitizer report")
    checks.check(returncode == expected, f"hammer run exits {expected}",
                 f"exit {returncode}; log:\n{run.log()[-3000:]}")


def finished(run, returncode, expected):
    """ended_cleanly, then the run's result.json, or None (a failed check) when it has none."""
    ended_cleanly(run, returncode, expected)
    result = run.result()
    return result if checks.check(result is not None, "result.json written") else None


def steps_of(result, pair_id):
    return next(pair for pair in result["test"]["results"]["pairs"] if pair["pair-id"] == pair_id)


def other_pair_finished(run, result, pair_id):
    """The pair the fault did not hit ran every step of its schedule, none of them ERROR."""
    events = testbed.journal_events(run.directory)
    header = events[0]
    planned = len(next(p for p in header["schedule"]["pairs"] if p["id"] == pair_id)["slots"])
    steps = steps_of(result, pair_id)["steps"]
    outcomes = sorted({step["outcome"] for step in steps})
    checks.check(len(steps) == planned and outcomes in (["PASS"], ["PASS", "SKIP"], ["SKIP"]),
                 f"{pair_id}, not hit by the fault, ran all {planned} steps without ERROR or FAIL",
                 f"{len(steps)} steps: " + ", ".join(f"{s['operation']} {s['outcome']} {s['message'][:80]}"
                                                     for s in steps))


def interfaces_as_found(netns, before, what="every interface equals its snapshot"):
    checks.none(netns.settled_differences(before), what)


# ---- scenarios ----

def interface_deleted(netns, work):
    netns.add_veth("d0a", "d0b")
    netns.add_veth("d1a", "d1b")
    before = netns.snapshot(["d0a", "d0b"])
    operations = [{"name": "link_flap", "params": {"down_seconds": 0.2}},
                  {"name": "mtu_change", "params": {"mtus": [1280, 1500], "include_device_max": False}},
                  {"name": "traffic_mix", "params": {"rate_pps": 20000}},
                  {"name": "stats_snapshot", "params": {"interval_seconds": 0.2}}]
    run = Run(work, "deleted", testbed.topology(netns.name, [("d0a", "d0b"), ("d1a", "d1b")], dpdk=True),
              testbed.run_config(operations, "8s", work / "runs"))
    try:
        started = testbed.wait_for_event(run.directory, lambda e: e["event"] == "slot-end" and
                                         e["pair-id"] == "pair1", 20, run.process)
        checks.check(started is not None, "pair1 finished a step before its veth is deleted", run.log()[-2000:])
        netns.ip("link", "del", "d1a")  # takes its peer d1b with it
        returncode = run.wait(60)
    finally:
        run.stop()
    result = finished(run, returncode, 2)
    if result is None:
        return
    pair1 = steps_of(result, "pair1")
    errors = [s for s in pair1["steps"] if s["outcome"] == "ERROR"]
    checks.check(errors, "the deleted pair's steps after the deletion are ERROR")
    checks.check(pair1["recoveries"], "recovery attempts are recorded",
                 json.dumps(pair1, indent=1)[:1500])
    checks.check(pair1["lost-endpoints"], "the deleted endpoint is recorded as lost")
    failed = [s for n in result["network"]["node"] for s in n.get("state", [])
              if s["state-id"] == "restore-failed" and s["operational-data"]["tp-id"] == "p1"]
    checks.check(len(failed) >= 2, "the deleted interfaces' restores are recorded as failed")
    checks.check(result["test"]["metadata"]["test_execution"]["restored"], "restore completed")
    other_pair_finished(run, result, "pair0")
    interfaces_as_found(netns, before, "d0a and d0b equal their snapshots")


def peer_down(netns, work):
    # pair0 = u0a <-> u1a; their veth peers u0b and u1b are not in the topology.
    netns.add_veth("u0a", "u0b")
    netns.add_veth("u1a", "u1b")
    netns.add_veth("v0a", "v0b")
    declared = ["u0a", "u1a", "v0a", "v0b"]
    before = netns.snapshot(declared)
    operations = [{"name": "link_flap", "params": {"down_seconds": 1.0}},
                  {"name": "mtu_change", "params": {"mtus": [1280, 1500], "include_device_max": False}},
                  {"name": "stats_snapshot", "params": {"interval_seconds": 0.2}}]
    config = testbed.run_config(operations, "6s", work / "runs",
                                recovery={"up_timeout": "1s", "retries": 2, "backoff": "100ms"})
    run = Run(work, "peer-down", testbed.topology(netns.name, [("u0a", "u1a"), ("v0a", "v0b")]), config)
    try:
        down = testbed.wait_for_event(run.directory, lambda e: e["event"] == "command" and
                                      e["command"] == f"ip -n {netns.name} link set dev u0a down", 20, run.process)
        checks.check(down is not None, "pair0's link flap took u0a down", run.log()[-2000:])
        netns.ip("link", "set", "u0b", "down")  # from now on u0a has no carrier, whatever hammer does
        begun = time.monotonic()
        returncode = run.wait(90)
        took = time.monotonic() - begun
    finally:
        run.stop()
        netns.ip("link", "set", "u0b", "up")
    result = finished(run, returncode, 2)
    if result is None:
        return
    pair0 = steps_of(result, "pair0")
    flap = next((s for s in pair0["steps"] if s["operation"] == "link_flap"), None)
    checks.check(flap is not None and flap["outcome"] == "ERROR" and "carrier" in flap["message"],
                 "the flap whose link never came back is ERROR, naming the carrier", json.dumps(flap))
    # up_timeout is 1 s: the flap, two recovery attempts and the backoff take a few seconds, not 20.
    checks.check(flap is not None and flap["actual-ms"] < 6000,
                 "the carrier wait ends after the config's up_timeout", json.dumps(flap))
    attempts = [r for r in pair0["recoveries"] if r["tp-id"] == "p0" and r["node-id"] == "side-a"]
    checks.check(len(attempts) == 2 and all(r["outcome"] == "ERROR" for r in attempts),
                 "both recovery attempts on u0a are recorded as ERROR", json.dumps(pair0["recoveries"], indent=1))
    checks.check([e["tp-id"] for e in pair0["lost-endpoints"]] == ["p0"], "u0a is recorded as lost",
                 json.dumps(pair0["lost-endpoints"]))
    after = [s for s in pair0["steps"] if s["slot"] > flap["slot"]] if flap else []
    checks.check(all(s["outcome"] == "ERROR" and "lost" in s["message"] for s in after),
                 "every later step of pair0 is ERROR naming the loss")
    other_pair_finished(run, result, "pair1")
    # Identity: each veth end was identified before the run, its host recorded.
    kernel = [d for d in result["test"]["results"]["devices"] if d["backend"] == "kernel"]
    checks.check(len(kernel) == 4 and all(d.get("driver") == "veth" for d in kernel),
                 "every declared veth end is identified as driver veth", json.dumps(kernel, indent=1))
    host = result["test"]["metadata"].get("host", {})
    checks.check(host.get("name") == os.uname().nodename and bool(host.get("kernel-release")),
                 "the result names the host and its kernel", json.dumps(host))
    checks.check(took < 30, f"the run ended {took:.1f} s after the peer went down")
    interfaces_as_found(netns, before, "every declared interface equals its snapshot once u0b is back up")


def mtu_refused(netns, work):
    # Two macvlans on one veth end talk through it; a macvlan refuses an MTU above its lower device's.
    netns.add_veth("l0a", "l0b")
    for name in ("mv0", "mv1"):
        netns.ip("link", "add", name, "link", "l0a", "type", "macvlan", "mode", "bridge")
        netns.ip("link", "set", name, "up")
    before = netns.snapshot()
    operations = [{"name": "mtu_change", "params": {"mtus": [1280, 9000, 1500], "include_device_max": False}},
                  {"name": "link_flap", "params": {"down_seconds": 0.2}}]
    run = Run(work, "mtu", testbed.topology(netns.name, [("mv0", "mv1")]),
              testbed.run_config(operations, "2s", work / "runs"))
    try:
        returncode = run.wait(60)
    finally:
        run.stop()
    result = finished(run, returncode, 0)
    if result is None:
        return
    mtu = next(s for s in steps_of(result, "pair0")["steps"] if s["operation"] == "mtu_change")
    checks.check(mtu["outcome"] == "PASS" and "9000" in mtu["message"],
                 "the refused MTU is reported in a PASS: refusing is the device's right", json.dumps(mtu))
    refusals = [c for n in result["network"]["node"] for c in n.get("command-history", [])
                if c["command"].endswith("mtu 9000")]
    checks.check(refusals and all(c["return-code"] == 22 and "EINVAL" in c["response"] for c in refusals),
                 "each refusal is in the command history with EINVAL", json.dumps(refusals, indent=1))
    interfaces_as_found(netns, before)


def port_fails_to_start(netns, work):
    # XDP on a veth needs its peer's MTU small enough for a page (MACHINE-NOTES):
    # x0b at 9000 makes af_xdp on x0a fail when the port sets up its queue.
    netns.add_veth("x0a", "x0b", mtu=9000)
    netns.add_veth("y0a", "y0b")
    before = netns.snapshot()
    topology = testbed.topology(netns.name, [("x0a", "x0b"), ("y0a", "y0b")], dpdk=True)
    for node in topology["network"]["node"]:
        port = node["termination-point"][0]
        port["attr"]["dpdk"]["devargs"] = f"net_af_xdp{0 if node['node-id'] == 'side-a' else 1}," \
                                          f"iface={port['attr']['kernel']['ifname']}"
    operations = [{"name": "traffic_mix", "params": {"rate_pps": 20000}},
                  {"name": "payload_baseline", "params": {"rate_pps": 20000}}]
    run = Run(work, "port", topology, testbed.run_config(operations, "3s", work / "runs"))
    try:
        returncode = run.wait(90)
    finally:
        run.stop()
    result = finished(run, returncode, 2)
    if result is None:
        return
    pair0 = steps_of(result, "pair0")
    checks.check(pair0["steps"] and all(s["outcome"] == "ERROR" for s in pair0["steps"]),
                 "every step on the port that cannot start is ERROR",
                 json.dumps([(s["operation"], s["outcome"], s["message"]) for s in pair0["steps"]]))
    first = pair0["steps"][0]["message"] if pair0["steps"] else ""
    checks.check("rte_eth_" in first and "(port=" in first and "errno" in first,
                 "the ERROR names the DPDK call, the port and the errno", first)
    checks.check(pair0["recoveries"], "recovery attempts are recorded")
    other_pair_finished(run, result, "pair1")
    interfaces_as_found(netns, before)


def hugepages_exhausted(netns, work):
    netns.add_veth("h0a", "h0b")
    before = netns.snapshot()
    with HugepagesTaken(work):
        operations = [{"name": "traffic_mix", "params": {"rate_pps": 20000}}]
        run = Run(work, "huge", testbed.topology(netns.name, [("h0a", "h0b")], dpdk=True),
                  testbed.run_config(operations, "2s", work / "runs", eal_args=["--log-level=error"]))
        try:
            returncode = run.wait(60)
        finally:
            run.stop()
    ended_cleanly(run, returncode, 0)
    checks.check("no hugepages free, --no-huge" in run.log(), "the log says DPDK fell back to --no-huge",
                 run.log()[-2000:])
    result = run.result()
    if checks.check(result is not None, "result.json written"):
        steps = steps_of(result, "pair0")["steps"]
        checks.check(steps and all(s["outcome"] == "PASS" for s in steps), "traffic runs without hugepages",
                     json.dumps(steps, indent=1)[:2000])
    interfaces_as_found(netns, before)


class HugepagesTaken:
    """Takes every free 2 MiB hugepage for as long as it lives (a file on a
    hugetlbfs mount of its own), so that DPDK finds none at start."""

    def __init__(self, work):
        self.mount = work / "hugetlbfs"
        self.mounted = False

    def __enter__(self):
        free = int(pathlib.Path("/sys/kernel/mm/hugepages/hugepages-2048kB/free_hugepages").read_text())
        if free > 0:
            self.mount.mkdir()
            testbed.sh("mount", "-t", "hugetlbfs", "-o", "pagesize=2M", "none", str(self.mount))
            self.mounted = True
            with open(self.mount / "taken", "wb") as file:
                os.posix_fallocate(file.fileno(), 0, free * 2 * 1024 * 1024)
        print(f"hugepages: {free} were free, all taken")
        return self

    def __exit__(self, *_):
        if self.mounted:
            testbed.sh("umount", str(self.mount), check=False)


def signals(netns, work):
    netns.add_veth("s0a", "s0b")
    netns.add_veth("s1a", "s1b")
    before = netns.snapshot()
    topology = testbed.topology(netns.name, [("s0a", "s0b"), ("s1a", "s1b")], dpdk=True)
    operations = [{"name": "link_flap", "params": {"down_seconds": 0.3}},
                  {"name": "mtu_change", "params": {"mtus": [1280, 9000], "include_device_max": False}},
                  {"name": "channel_change", "params": {"counts": [1, 2]}},
                  {"name": "traffic_mix", "params": {"rate_pps": 20000}},
                  {"name": "jumbo_frame", "params": {"rate_pps": 2000}},
                  {"name": "stats_snapshot", "params": {"interval_seconds": 0.2}}]
    config = testbed.run_config(operations, "4s", work / "runs")
    seed = int(os.environ.get("HAMMER_FAULTS_SEED", time.time_ns() % 100000))
    print(f"signal trials with seed {seed} (HAMMER_FAULTS_SEED={seed} repeats them)")
    rng = random.Random(seed)
    plan = [signal.SIGINT, signal.SIGTERM, signal.SIGKILL] * 7
    rng.shuffle(plan)
    for trial, signal_number in enumerate(plan):
        signal_trial(netns, work, before, topology, config, trial, signal_number, rng.uniform(0.05, 4.2))
    killed_before_the_first_event(netns, work, before)


def signal_trial(netns, work, before, topology, config, trial, signal_number, delay):
    name = f"trial{trial}"
    what = f"trial {trial}: {signal.Signals(signal_number).name} after {delay:.2f} s"
    run = Run(work, name, topology, config)
    try:
        time.sleep(delay)
        written = result_check.journal_lines(run.directory)
        run.process.send_signal(signal_number)
        returncode = run.wait(60)
    finally:
        run.stop()
    events = [json.loads(line)["event"] for line in written]
    problems = testbed.crash_problems("hammer run", returncode if signal_number != signal.SIGKILL else 0, run.log())
    if signal_number == signal.SIGKILL:
        if returncode != -signal.SIGKILL:
            problems.append(f"exit {returncode} after SIGKILL")
        if (run.directory / "journal.jsonl").exists():
            for command in ("restore", "render"):
                done = subprocess.run([hammer, command, "--out", str(run.directory)], capture_output=True, text=True,
                                      timeout=60)
                problems += testbed.crash_problems(f"hammer {command}", done.returncode, done.stderr)
                if done.returncode != 0:
                    problems.append(f"hammer {command}: exit {done.returncode}: {done.stderr.strip()[-500:]}")
    elif not written and returncode == -signal_number:
        pass  # the signal came before hammer listened for it: nothing was touched yet, no journal
    elif "run-end" in events:
        if returncode not in (0, 1, 2):
            problems.append(f"exit {returncode} after the run had ended")
    elif returncode != 2:
        problems.append(f"exit {returncode}, expected 2 (interrupted)")
    if written:
        problems += result_check.missing_events(written, run.directory)
    problems += netns.settled_differences(before)
    if problems:
        problems.append("log: " + run.log()[-1500:])
    checks.none(problems, f"{what} ({len(written)} events written before it): "
                          "clean end, interfaces as found, every event in result.json")


def killed_before_the_first_event(netns, work, before):
    """A SIGKILL between creating the journal and writing its first line leaves
    a journal with no complete event. Nothing was touched then; such a
    directory must not hold up the next run in the output directory."""
    runs = work / "stale-runs"
    for name, text in (("empty", ""), ("torn", '{"event":"run-st')):
        (runs / name).mkdir(parents=True)
        (runs / name / "journal.jsonl").write_text(text)
    operations = [{"name": "mtu_change", "params": {"mtus": [1280], "include_device_max": False}}]
    config = testbed.write_json(work / "stale-config.json", testbed.run_config(operations, "1s", runs))
    topology = testbed.write_json(work / "stale-topology.json", testbed.topology(netns.name, [("s0a", "s0b")]))
    done = subprocess.run([hammer, "run", topology, config], capture_output=True, text=True, timeout=60)
    started = [d.name for d in runs.iterdir() if (d / "result.json").exists()]
    checks.check(done.returncode == 0 and len(started) == 1,
                 "runs killed before their first event do not hold up the next run", done.stderr[-1500:])
    checks.none(netns.settled_differences(before), "after that run, every interface equals its snapshot")


def journal_full(netns, work):
    """The run directory's file system fills up under the run: hammer stops as
    on SIGINT (it would change interfaces without recording them), restores
    every interface from memory and exits 2; once there is room again, `hammer
    render` makes the result of everything written before the failure."""
    netns.add_veth("j0a", "j0b")
    before = netns.snapshot(["j0a", "j0b"])
    directory = work / "full"  # the run directory, on a small file system of its own
    directory.mkdir()
    testbed.sh("mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(directory))
    try:
        operations = [{"name": "link_flap", "params": {"down_seconds": 0.2}},
                      {"name": "mtu_change", "params": {"mtus": [1280, 1500], "include_device_max": False}},
                      {"name": "stats_snapshot", "params": {"interval_seconds": 0.05}}]
        run = Run(work, "full", testbed.topology(netns.name, [("j0a", "j0b")]),
                  testbed.run_config(operations, "60s", work / "runs"))
        try:
            started = testbed.wait_for_event(run.directory, lambda e: e["event"] == "slot-end", 30, run.process)
            checks.check(started is not None, "a step ended before the disk fills", run.log()[-2000:])
            filled_at = time.monotonic()
            filler = directory / "filler"
            subprocess.run(["dd", "if=/dev/zero", f"of={filler}", "bs=64k"], capture_output=True)
            returncode = run.wait(60)
            stopped_after = time.monotonic() - filled_at
        finally:
            run.stop()
        ended_cleanly(run, returncode, 2)
        log = run.log()
        checks.check("the journal can no longer be written: stopping" in log, "hammer says why it stops",
                     log[-2000:])
        checks.check(stopped_after < 30, f"stopped {stopped_after:.1f} s after the disk filled, not at the 60 s end")
        interfaces_as_found(netns, before, "j0a and j0b equal their snapshots")
        filler.unlink()
        render = subprocess.run([hammer, "render", "--out", str(run.directory)], capture_output=True, text=True)
        result = run.result()
        if checks.check(render.returncode == 0 and result is not None, "render writes the result once there is room",
                        render.stdout + render.stderr):
            steps = steps_of(result, "pair0")["steps"]
            checks.check(steps, "the steps journaled before the failure are in the result", json.dumps(result)[:800])
    finally:
        testbed.sh("umount", "-l", str(directory), check=False)


def run_directory_removed(netns, work):
    """The run directory is deleted under the run: interfaces were touched, so
    hammer may not say "bad input, nothing touched" (exit 3). It restores
    every interface and exits 2."""
    netns.add_veth("r0a", "r0b")
    before = netns.snapshot(["r0a", "r0b"])
    operations = [{"name": "link_flap", "params": {"down_seconds": 0.2}},
                  {"name": "mtu_change", "params": {"mtus": [1280, 1500], "include_device_max": False}}]
    run = Run(work, "removed", testbed.topology(netns.name, [("r0a", "r0b")]),
              testbed.run_config(operations, "6s", work / "runs"))
    try:
        started = testbed.wait_for_event(run.directory, lambda e: e["event"] == "slot-start", 30, run.process)
        checks.check(started is not None, "a step started before the directory is removed", run.log()[-2000:])
        subprocess.run(["rm", "-rf", str(run.directory)])
        returncode = run.wait(60)
    finally:
        run.stop()
    ended_cleanly(run, returncode, 2)
    checks.check("journal could not be read back" in run.log(), "hammer says the journal is gone", run.log()[-2000:])
    interfaces_as_found(netns, before, "r0a and r0b equal their snapshots")


SCENARIOS = {
    "interface-deleted": interface_deleted,
    "peer-down": peer_down,
    "mtu-refused": mtu_refused,
    "port-start": port_fails_to_start,
    "hugepages": hugepages_exhausted,
    "signals": signals,
    "journal-full": journal_full,
    "run-directory-removed": run_directory_removed,
}

if __name__ == "__main__":
    main()
