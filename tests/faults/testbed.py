"""What the fault, bad-input and security tests share: a network namespace of
the test's own with veth pairs in it, snapshots of every interface in it (as
`ip` and `ethtool` show them, read from the test, never from hammer), topologies
and configs naming those interfaces, and the real hammer binary run on them.

Tests may shell out to ip(8) and ethtool(8); hammer never does.
"""
import json
import os
import pathlib
import shutil
import signal
import subprocess
import sys
import tempfile
import time

SKIP = 77  # meson: the test could not run here

# What a sanitizer prints when it finds something; hammer itself never does.
SANITIZER_MARKS = ("ERROR: AddressSanitizer", "ERROR: LeakSanitizer", "runtime error:",
                   "WARNING: ThreadSanitizer", "ERROR: ThreadSanitizer")


def require_root(what):
    """Exits SKIP unless root: namespaces and veths need CAP_NET_ADMIN and
    CAP_SYS_ADMIN. CI runs as root; a CI that does not is a failure, never a skip."""
    if os.geteuid() != 0:
        if os.environ.get("CI") == "true":
            print(f"FAIL: {what} needs root (network namespaces, veth pairs) and CI must run as root")
            sys.exit(1)
        print(f"SKIP: {what} needs root (network namespaces, veth pairs)")
        sys.exit(SKIP)


def stop_on_sigterm():
    """meson's timeout sends SIGTERM: turn it into an exception so that every
    `finally` (namespace removal, processes we started) still runs."""
    def raise_exit(signum, _frame):
        raise SystemExit(f"stopped by signal {signum}")
    signal.signal(signal.SIGTERM, raise_exit)


def run_scenario(suite, scenarios, checks):
    """Runs the scenario named by argv[2] in a namespace and a work directory
    of its own, removes both whatever happens, and exits with the checks' verdict."""
    scenario = sys.argv[2]
    require_root(f"{suite} {scenario}")
    stop_on_sigterm()
    work = pathlib.Path(tempfile.mkdtemp(prefix=f"hammer-{suite}-{scenario}-"))
    try:
        with Namespace(suite) as netns:
            scenarios[scenario](netns, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    checks.exit()


def sh(*args, check=True):
    result = subprocess.run(args, capture_output=True, text=True)
    if check and result.returncode != 0:
        raise RuntimeError(f"{' '.join(args)}: exit {result.returncode}: {result.stderr.strip()}")
    return result


class Namespace:
    """A network namespace named hm-TAG-PID, IPv6 off (no neighbour discovery
    frames to move counters), removed with everything in it on exit."""

    def __init__(self, tag):
        self.name = f"hm-{tag}-{os.getpid()}"

    def __enter__(self):
        sh("ip", "netns", "add", self.name)
        try:
            self.exec("sysctl", "-qw", "net.ipv6.conf.all.disable_ipv6=1", "net.ipv6.conf.default.disable_ipv6=1")
            self.ip("link", "set", "lo", "up")
        except BaseException:
            self.remove()
            raise
        return self

    def __exit__(self, *_):
        self.remove()

    def remove(self):
        sh("ip", "netns", "del", self.name, check=False)

    def ip(self, *args, check=True):
        return sh("ip", "-n", self.name, *args, check=check)

    def exec(self, *args, check=True):
        return sh("ip", "netns", "exec", self.name, *args, check=check)

    def add_veth(self, a, b, queues=8, mtu=1500):
        """A veth pair a<->b with `queues` channels each (room for channel_change), both up."""
        self.ip("link", "add", a, "mtu", str(mtu), "numtxqueues", str(queues), "numrxqueues", str(queues),
                "type", "veth", "peer", "name", b, "mtu", str(mtu), "numtxqueues", str(queues),
                "numrxqueues", str(queues))
        self.ip("link", "set", a, "up")
        self.ip("link", "set", b, "up")
        self.wait_operstate_up([a, b])

    def wait_operstate_up(self, ifnames, timeout=5.0):
        """Returns once every one of `ifnames` reports operstate UP. The kernel
        sets it through linkwatch, up to a second after the carrier, later on a
        loaded machine: a snapshot taken before then differs from every later one."""
        deadline = time.monotonic() + timeout
        while True:
            links = json.loads(self.ip("-j", "link", "show").stdout)
            waiting = [link["ifname"] for link in links
                       if link["ifname"] in ifnames and link.get("operstate") != "UP"]
            if not waiting:
                return
            if time.monotonic() >= deadline:
                raise RuntimeError(f"{', '.join(waiting)} not operationally up after {timeout} s")
            time.sleep(0.05)

    # ---- snapshots ----

    def snapshot(self, ifnames=None, counters=False):
        """{ifname: state} for `ifnames` (default: every interface but lo). The
        state is everything `ip -d` and ethtool report that a run could change
        (admin and oper state, flags, MTU, promiscuity, queues, channels,
        rings, offloads, link modes). With `counters`, also the 64-bit
        statistics and carrier_changes: for interfaces nothing should touch at all."""
        state = {}
        for link in json.loads(self.ip("-j", "-d", "-s", "-s", "link", "show").stdout):
            name = link["ifname"]
            if name == "lo" or (ifnames is not None and name not in ifnames):
                continue
            stats = link.pop("stats64", {})
            if counters:
                link["stats64"] = stats
            state[name] = {
                "link": link,
                "channels": self._ethtool("-l", name),
                "rings": self._ethtool("-g", name),
                "offloads": self._ethtool("-k", name),
                "link-modes": self._ethtool(name),
            }
        return state

    def _ethtool(self, *args):
        result = self.exec("ethtool", *args, check=False)
        # Unsupported queries (rings on veth) are part of the state too: they must stay unsupported.
        return result.stdout if result.returncode == 0 else f"exit {result.returncode}: {result.stderr.strip()}"

    def settled_differences(self, before, timeout=3.0):
        """Differences between `before` and the interfaces now, waiting up to
        `timeout` for them to vanish: the kernel reports a restored carrier's
        operstate through linkwatch, which may lag by up to a second."""
        deadline = time.monotonic() + timeout
        while True:
            now = self.snapshot(list(before))
            problems = differences(before, now)
            if not problems or time.monotonic() >= deadline:
                return problems
            time.sleep(0.1)


def differences(before, after, path=""):
    """Human-readable differences between two snapshots (nested dicts/lists/scalars)."""
    if isinstance(before, dict) and isinstance(after, dict):
        problems = []
        for key in sorted(set(before) | set(after)):
            if key not in after:
                problems.append(f"{path}/{key}: gone (was {short(before[key])})")
            elif key not in before:
                problems.append(f"{path}/{key}: new ({short(after[key])})")
            else:
                problems += differences(before[key], after[key], f"{path}/{key}")
        return problems
    if isinstance(before, str) and isinstance(after, str) and "\n" in before:
        changed = [f"{path}: '{b.strip()}' -> '{a.strip()}'"
                   for b, a in zip(before.splitlines(), after.splitlines()) if a != b]
        if len(before.splitlines()) != len(after.splitlines()):
            changed.append(f"{path}: {len(before.splitlines())} lines -> {len(after.splitlines())}")
        return changed
    return [] if before == after else [f"{path}: {short(before)} -> {short(after)}"]


def short(value):
    text = json.dumps(value) if not isinstance(value, str) else value
    return text if len(text) <= 80 else text[:77] + "..."


# ---- inputs ----

def termination_point(tp_id, ifname, netns, devargs=None):
    attr = {"kernel": {"ifname": ifname, "netns": netns}}
    if devargs:
        attr["dpdk"] = {"devargs": devargs}
    return {"tp-id": tp_id, "attr": attr}


def af_packet(index, ifname):
    """af_packet devargs on a veth end, sized for jumbo frames (MACHINE-NOTES)."""
    return f"net_af_packet{index},iface={ifname},blocksz=20480,framesz=10240,framecnt=512"


def topology(netns, pairs, dpdk=False):
    """Pairs (a_ifname, b_ifname) linked a -> b: node "side-a" holds the a ends,
    "side-b" the b ends; with `dpdk` every end also gets af_packet devargs."""
    side_a, side_b, links = [], [], []
    for index, (a, b) in enumerate(pairs):
        side_a.append(termination_point(f"p{index}", a, netns, af_packet(2 * index, a) if dpdk else None))
        side_b.append(termination_point(f"p{index}", b, netns, af_packet(2 * index + 1, b) if dpdk else None))
        links.append({"link-id": f"l{index}",
                      "source": {"source-node": "side-a", "source-tp": f"p{index}"},
                      "destination": {"destination-node": "side-b", "destination-tp": f"p{index}"}})
    return {"version": "0.1.0",
            "network": {"network-id": "test",
                        "node": [{"node-id": "side-a", "termination-point": side_a},
                                 {"node-id": "side-b", "termination-point": side_b}],
                        "link": links}}


def run_config(operations, duration, directory, **more):
    """A short run: slots of half a second or more, quick recovery, DPDK quiet."""
    config = {"duration": duration, "seed": 7, "patterns": ["flat"], "minimum_slot": "500ms",
              "target_slot": "1s", "operations": operations,
              "recovery": {"up_timeout": "1s", "retries": 1, "backoff": "100ms"},
              "eal_args": ["--log-level=error"],
              "output": {"directory": str(directory), "junit": False, "html": False}}
    config.update(more)
    return config


def write_json(path, document):
    pathlib.Path(path).write_text(json.dumps(document, indent=1))
    return str(path)


# ---- hammer ----

def sanitizer_report(text):
    return next((line for line in text.splitlines() if any(mark in line for mark in SANITIZER_MARKS)), None)


def crash_problems(what, returncode, stderr):
    """A signal exit or a sanitizer report: hammer must never end that way."""
    problems = []
    if returncode < 0:
        problems.append(f"{what}: killed by signal {-returncode}")
    if returncode > 3:
        problems.append(f"{what}: exit {returncode}, not one of hammer's codes 0-3")
    report = sanitizer_report(stderr)
    if report:
        problems.append(f"{what}: sanitizer: {report}")
    return problems


def journal_events(run_directory):
    path = pathlib.Path(run_directory) / "journal.jsonl"
    if not path.exists():
        return []
    events = []
    for line in path.read_text().splitlines():
        try:
            events.append(json.loads(line))
        except json.JSONDecodeError:
            break  # a line being written right now
    return events


def wait_for_event(run_directory, predicate, timeout, process=None):
    """Polls the journal until an event matches; returns it, or None on timeout
    or when `process` ended first."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for event in journal_events(run_directory):
            if predicate(event):
                return event
        if process is not None and process.poll() is not None:
            return None
        time.sleep(0.02)
    return None


class Checks:
    """Collects failures so one run reports all of them; exit 1 if any."""

    def __init__(self):
        self.failures = []

    def check(self, condition, what, detail=""):
        if condition:
            print(f"ok: {what}")
        else:
            failure = f"FAIL: {what}" + (f"\n      {detail}" if detail else "")
            self.failures.append(failure)
            print(failure)
        return condition

    def none(self, problems, what):
        return self.check(not problems, what, "\n      ".join(problems[:20]))

    def exit(self):
        if self.failures:
            # Again at the end, where a log cut to its tail still shows them.
            print("\n".join(self.failures))
            print(f"{len(self.failures)} failure(s)")
            sys.exit(1)
        sys.exit(0)
