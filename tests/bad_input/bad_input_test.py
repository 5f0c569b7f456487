#!/usr/bin/env python3
"""Bad input, table-driven: malformed topologies, configs and flags, each given
to the real `hammer validate` and `hammer run`. Every one must exit 3 with a
message that names the file and the JSON pointer (or line and column, or the
flag), never crash or trip a sanitizer, create no run directory, and leave the
veth pair the good topology names exactly as it was.

    bad_input_test.py HAMMER
"""
import copy
import json
import pathlib
import subprocess
import sys
import tempfile

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent / "faults"))
import testbed  # noqa: E402

hammer = sys.argv[1]

# ---- the table ----
# Each case: (name, which file is bad, how to make it, expected location, expected message fragment).
# `make` gets deep copies of the good documents and returns the bad one: a dict
# (dumped as JSON), bytes (written as they are), or a callable writing the file itself.


def set_at(document, path, value):
    """document with the member at `path` (a list of keys and indexes) set to value; None deletes it."""
    target = document
    for key in path[:-1]:
        target = target[key]
    if value is None:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    return document


def tp(document, node, index):
    return document["network"]["node"][node]["termination-point"][index]


def deeply_nested(levels):
    return lambda _: ('{"version": "0.1.0", "metadata": {"x": ' + "[" * levels + "]" * levels + "}}").encode()


def sparse(size):
    """A file of `size` zero bytes that takes no disk space."""
    def write(path):
        with open(path, "wb") as file:
            file.truncate(size)
    return lambda _: write


NODES = ["network", "node"]
TOPOLOGY_CASES = [
    ("empty file", lambda t: b"", "line 1, column 1", "invalid JSON"),
    ("truncated JSON", lambda t: json.dumps(t).encode()[:60], "line 1, column 61", "invalid JSON"),
    ("trailing garbage", lambda t: json.dumps(t).encode() + b" }", "line 1, column", "invalid JSON"),
    ("not an object", lambda t: [t], "", "expected an object, found an array"),
    ("invalid UTF-8 in a string", lambda t: json.dumps(t).replace("side-a", "side-\\u00e9").encode()
     .replace(b"\\u00e9", b"\xc3\x28"), "line 1", "invalid JSON"),
    ("a number too large for a double", lambda t: json.dumps(set_at(t, ["metadata"], {"n": 1})).replace(
        '"n": 1', '"n": 1e999').encode(), "line 1, column", "invalid JSON: number overflow parsing '1e999'"),
    ("nesting 100000 levels deep", deeply_nested(100000), "line 1, column", "nest"),
    ("100 MB file", sparse(100 * 1024 * 1024), "", "bytes; inputs larger than"),
    ("version missing", lambda t: set_at(t, ["version"], None), "/version", "required member is missing"),
    ("version a number", lambda t: set_at(t, ["version"], 1), "/version", "expected a string, found a number"),
    ("version from the future", lambda t: set_at(t, ["version"], "2.0.0"), "/version", "2.0.0"),
    ("version not semver", lambda t: set_at(t, ["version"], "0.1"), "/version", "not a MAJOR.MINOR.PATCH"),
    ("network missing", lambda t: set_at(t, ["network"], None), "/network", "required member is missing"),
    ("node not an array", lambda t: set_at(t, NODES, {"node-id": "x"}), "/network/node", "expected an array"),
    ("unknown top-level member", lambda t: set_at(t, ["networks"], {}), "/networks", 'unknown member "networks"'),
    ("termination-points typo", lambda t: set_at(t, NODES + [0, "termination-points"], []),
     "/network/node/0/termination-points", 'unknown member "termination-points"'),
    ("duplicate node-id", lambda t: set_at(t, NODES + [1, "node-id"], "side-a"), "/network/node/1/node-id",
     'duplicate node-id "side-a"'),
    ("duplicate tp-id", lambda t: set_at(t, NODES + [0, "termination-point"], [tp(t, 0, 0), tp(t, 0, 0)]),
     "/network/node/0/termination-point/1/tp-id", 'duplicate tp-id "p0"'),
    ("duplicate link-id", lambda t: set_at(t, ["network", "link"], t["network"]["link"] * 2),
     "/network/link/1/link-id", 'duplicate link-id "l0"'),
    ("empty node-id", lambda t: set_at(t, NODES + [0, "node-id"], ""), "/network/node/0/node-id", "must not be empty"),
    ("nesting cycle", lambda t: set_at(set_at(set_at(set_at(t, NODES + [0, "parent"], "side-b"),
                                                     NODES + [1, "parent"], "side-a"),
                                              NODES + [0, "children"], ["side-b"]),
                                       NODES + [1, "children"], ["side-a"]),
     "/network/node/", "cycle"),
    ("parent that does not list the child", lambda t: set_at(t, NODES + [0, "parent"], "side-b"),
     "/network/node/0/parent", 'does not list "side-a"'),
    ("reference cycle", lambda t: set_at(set_at(t, ["reference"], {"x": {"$ref": "y"}, "y": {"$ref": "x"}}),
                                         NODES + [0, "$ref"], "x"), "/reference/", "reference cycle"),
    ("unknown reference", lambda t: set_at(t, NODES + [0, "$ref"], "nowhere"), "/network/node/0/$ref",
     'no reference "nowhere"'),
    ("link to an unknown termination point",
     lambda t: set_at(t, ["network", "link", 0, "destination", "destination-tp"], "p9"),
     "/network/link/0/destination/destination-tp", 'no termination point "p9"'),
    ("link from a port to itself",
     lambda t: set_at(t, ["network", "link", 0, "destination"], {"destination-node": "side-a",
                                                                  "destination-tp": "p0"}),
     "/network/link/0", "same termination point"),
    ("ifname too long", lambda t: set_at(tp(t, 0, 0), ["attr", "kernel", "ifname"], "x" * 16) and t,
     "/network/node/0/termination-point/0/attr/kernel/ifname", "1 to 15 characters"),
    ("ifname with a slash", lambda t: set_at(tp(t, 0, 0), ["attr", "kernel", "ifname"], "a/b") and t,
     "/network/node/0/termination-point/0/attr/kernel/ifname", "no '/'"),
    ("ifname with a NUL", lambda t: set_at(tp(t, 0, 0), ["attr", "kernel", "ifname"], "a\u0000b") and t,
     "/network/node/0/termination-point/0/attr/kernel/ifname", "NUL character"),
    ("a member given twice, the last one wrong",
     lambda t: json.dumps(t).replace('"ifname": "bi0a"', '"ifname": "bi0a", "ifname": "hm9z"').encode(),
     "/network/node/0/termination-point/0/attr/kernel/ifname", '"ifname" is given twice'),
    ("network given twice", lambda t: (json.dumps(t)[:-1] + ', "network": {}}').encode(), "/network",
     '"network" is given twice'),
    ("a NUL byte, then garbage", lambda t: json.dumps(t).encode() + b"\0}}garbage", "line 1, column", "NUL byte"),
    ("200000 numbers for nodes", lambda t: set_at(t, NODES, list(range(200000))), "/network/node/0",
     "and 199950 more"),
    ("netns ..", lambda t: set_at(tp(t, 0, 0), ["attr", "kernel", "netns"], "..") and t,
     "/network/node/0/termination-point/0/attr/kernel/netns", "not a namespace name"),
    ("devargs and ring both", lambda t: set_at(tp(t, 0, 0), ["attr", "dpdk"], {"devargs": "net_null0",
                                                                                "ring": "r0"}) and t,
     "/network/node/0/termination-point/0/attr/dpdk", "exactly one of"),
    ("the same interface twice",
     lambda t: set_at(tp(t, 1, 0), ["attr", "kernel"], copy.deepcopy(tp(t, 0, 0)["attr"]["kernel"])) and t,
     "/network/node/1/termination-point/0/attr/kernel", "bi0a"),
    ("vlan a huge number", lambda t: set_at(tp(t, 0, 0), ["attr", "vlan"], 1e300) and t,
     "/network/node/0/termination-point/0/attr/vlan", "VLAN id must be 1..4094"),
    ("vlan negative", lambda t: set_at(tp(t, 0, 0), ["attr", "vlan"], -1) and t,
     "/network/node/0/termination-point/0/attr/vlan", "VLAN id must be 1..4094"),
    ("a start-up address without a prefix length",
     lambda t: set_at(tp(t, 0, 0), ["configuration"], {"start-up": {"addresses": ["192.0.2.1"]}}) and t,
     "/network/node/0/termination-point/0/configuration/start-up/addresses/0", "needs a prefix length"),
    ("a start-up MTU of 1e300", lambda t: set_at(tp(t, 0, 0), ["configuration"], {"start-up": {"mtu": 1e300}}) and t,
     "/network/node/0/termination-point/0/configuration/start-up/mtu", "68..65535"),
    ("a start-up VLAN 4095",
     lambda t: set_at(tp(t, 0, 0), ["configuration"], {"start-up": {"vlans": [{"id": 4095}]}}) and t,
     "/network/node/0/termination-point/0/configuration/start-up/vlans/0/id", "1..4094"),
    ("a unicast multicast group",
     lambda t: set_at(tp(t, 0, 0), ["configuration"], {"start-up": {"multicast-groups": ["192.0.2.9"]}}) and t,
     "/network/node/0/termination-point/0/configuration/start-up/multicast-groups/0", "not a multicast group"),
    ("a run-time entry that is a number", lambda t: set_at(tp(t, 0, 0), ["configuration"], {"run-time": [5]}) and t,
     "/network/node/0/termination-point/0/configuration/run-time/0", "expected an object"),
    ("pair-with an unknown node", lambda t: set_at(tp(t, 0, 0), ["attr", "pair-with"], {"node": "z", "tp": "p0"})
     and t, "/network/node/0/termination-point/0/attr/pair-with", '"z"'),
    ("no pairs at all", lambda t: set_at(t, ["network", "link"], None), "/network", "no interface pairs"),
    ("devargs naming no device", lambda t: set_at(tp(t, 0, 0), ["attr", "dpdk"], {"devargs": ",iface=bi0a"}) and t,
     "/network/node/0/termination-point/0/attr/dpdk/devargs", "names no device"),
    ("a pair end hammer cannot reach", lambda t: set_at(tp(t, 1, 0), ["attr"], None) and t,
     "/network/link/0", "has neither attr.kernel nor attr.dpdk"),
]

OPERATIONS = ["operations"]
CONFIG_CASES = [
    ("empty file", lambda c: b"", "line 1, column 1", "invalid JSON"),
    ("truncated JSON", lambda c: json.dumps(c).encode()[:30], "line 1, column 31", "invalid JSON"),
    ("invalid UTF-8", lambda c: json.dumps(c).encode().replace(b"mtu_change", b"mtu_\xff\xfechange"), "line 1",
     "invalid JSON"),
    ("100 MB file", sparse(100 * 1024 * 1024), "", "bytes; inputs larger than"),
    ("duration missing", lambda c: set_at(c, ["duration"], None), "/duration", "required member is missing"),
    ("duration zero", lambda c: set_at(c, ["duration"], 0), "/duration", "out of range"),
    ("duration negative", lambda c: set_at(c, ["duration"], -5), "/duration", "expected a duration"),
    ("duration negative string", lambda c: set_at(c, ["duration"], "-5s"), "/duration", "expected a duration"),
    ("duration huge", lambda c: set_at(c, ["duration"], 1e300), "/duration", "expected a duration"),
    ("duration over 30 days", lambda c: set_at(c, ["duration"], "720h1ms"), "/duration", "out of range"),
    ("duration wrong type", lambda c: set_at(c, ["duration"], [60]), "/duration", "found an array"),
    ("duration with a space", lambda c: set_at(c, ["duration"], "90 s"), "/duration", "expected a duration"),
    ("unknown operation", lambda c: set_at(c, OPERATIONS, ["link_flop"]), "/operations/0", "link_flop"),
    ("operation of the wrong type", lambda c: set_at(c, OPERATIONS, [42]), "/operations/0", "found a number"),
    ("operations empty", lambda c: set_at(c, OPERATIONS, []), "/operations", "1 to 256"),
    ("duplicate operation id", lambda c: set_at(c, OPERATIONS, [{"id": "a", "name": "link_flap"},
                                                                {"id": "a", "name": "mtu_change"}]),
     "/operations/1/id", 'duplicate operation id "a"'),
    ("parameter of the wrong type", lambda c: set_at(c, OPERATIONS, [{"name": "mtu_change",
                                                                      "params": {"mtus": "9000"}}]),
     "/operations/0/params/mtus", "found a string"),
    ("parameter out of range", lambda c: set_at(c, OPERATIONS, [{"name": "mtu_change",
                                                                 "params": {"mtus": [1500, 10]}}]),
     "/operations/0/params/mtus/1", "68 to 65535"),
    ("parameter a huge number", lambda c: set_at(c, OPERATIONS, [{"name": "link_flap",
                                                                  "params": {"down_seconds": 1e308}}]),
     "/operations/0/params/down_seconds", "down_seconds"),
    ("unknown parameter", lambda c: set_at(c, OPERATIONS, [{"name": "traffic_mix",
                                                            "params": {"framesize": 64}}]),
     "/operations/0/params/framesize", 'no parameter "framesize"'),
    ("search thresholds out of order", lambda c: set_at(c, OPERATIONS, [{"name": "throughput_search",
                                                                         "params": {"ndr_loss": 0.01}}]),
     "/operations/0/params/ndr_loss", "pdr_loss (0.005) must be at least ndr_loss (0.01)"),
    ("search width zero", lambda c: set_at(c, OPERATIONS, [{"name": "throughput_search", "params": {"width": 0}}]),
     "/operations/0/params/width", "0.0001 to 0.5"),
    ("seed negative", lambda c: set_at(c, ["seed"], -1), "/seed", "integer from 0 to"),
    ("seed above 2^64", lambda c: json.dumps(c).replace('"seed": 7', '"seed": 18446744073709551616').encode(),
     "/seed", "integer from 0 to"),
    ("seed with a fraction", lambda c: set_at(c, ["seed"], 5.5), "/seed", "expected an integer"),
    ("seed -0", lambda c: json.dumps(c).replace('"seed": 7', '"seed": -0').encode(), "/seed", "written as digits"),
    ("max_pair_threads huge", lambda c: set_at(c, ["max_pair_threads"], 1e12), "/max_pair_threads", "0 to 4096"),
    ("recovery retries negative", lambda c: set_at(c, ["recovery"], {"retries": -1}), "/recovery/retries",
     "0 to 100"),
    ("recovery up_timeout zero", lambda c: set_at(c, ["recovery"], {"up_timeout": "0s"}), "/recovery/up_timeout",
     "out of range"),
    ("unknown top-level member", lambda c: set_at(c, ["durations"], 60), "/durations", 'unknown member "durations"'),
    ("output directory empty", lambda c: set_at(c, ["output", "directory"], ""), "/output/directory",
     "must not be empty"),
    ("output directory given twice", lambda c: json.dumps(c).replace(
        '"directory": ', '"directory": "elsewhere", "directory": ').encode(), "/output/directory", "given twice"),
    ("output directory with a NUL", lambda c: set_at(c, ["output", "directory"], "res\u0000ults"),
     "/output/directory", "NUL character"),
    ("unknown mode", lambda c: set_at(c, ["mode"], "pair_exclusive"), "/mode", 'unknown value "pair_exclusive"'),
    ("patterns empty", lambda c: set_at(c, ["patterns"], []), "/patterns", "1 to 64"),
    ("unknown pattern", lambda c: set_at(c, ["patterns"], ["zigzag"]), "/patterns/0", 'unknown pattern "zigzag"'),
    ("minimum_slot above target_slot", lambda c: set_at(set_at(c, ["minimum_slot"], "5s"), ["target_slot"], "1s"),
     "/minimum_slot", "longer than target_slot"),
    ("duration too short for every operation", lambda c: set_at(c, ["duration"], "600ms"), "/duration",
     "cannot run 2 operations"),
    ("too many slots", lambda c: set_at(set_at(set_at(c, ["duration"], "720h"), ["minimum_slot"], 0),
                                        ["target_slot"], "1ms"), "/target_slot", "slots"),
    ("eal_args not strings", lambda c: set_at(c, ["eal_args"], [1]), "/eal_args/0", "expected a string"),
    ("lcores zero", lambda c: set_at(c, ["lcores"], 0), "/lcores", "must be 1 to 1024"),
    ("lcores CPU listed twice", lambda c: set_at(c, ["lcores"], [1, 1]), "/lcores/1", "CPU 1 is listed twice"),
    ("lcores bad cpulist", lambda c: set_at(c, ["lcores"], "3-1"), "/lcores", "ends before it starts"),
    ("unknown placement", lambda c: set_at(c, ["placement"], "pinned"), "/placement", 'unknown value "pinned"'),
    ("queues above 64", lambda c: set_at(c, ["queues"], 65), "/queues", "must be 1 to 64"),
    ("allow_default_route_iface a string", lambda c: set_at(c, ["allow_default_route_iface"], "yes"),
     "/allow_default_route_iface", "expected a boolean"),
    ("nesting 100000 levels deep", lambda c: ('{"duration": 1, "operations": ["link_flap"], "$comment": ' +
                                              "[" * 100000 + "]" * 100000 + "}").encode(),
     "line 1, column", "nest"),
]

# Flags: (name, the commands that take it, extra arguments, the flag the message must name, fragment).
SEED_TAKERS = ("validate", "plan", "run")
FLAG_CASES = [
    ("--duration zero", ("run",), ["--duration", "0"], "--duration", "is not a duration"),
    ("--duration negative", ("run",), ["--duration", "-5s"], "--duration", ""),
    ("--duration nonsense", ("run",), ["--duration", "soon"], "--duration", "is not a duration"),
    ("--duration over 30 days", ("run",), ["--duration", "721h"], "--duration", "at most 30 days"),
    ("--duration too short for the operations", ("run",), ["--duration", "100ms"], "--duration", "cannot run"),
    ("--lcores zero", ("run",), ["--lcores", "0"], "--lcores", "must be 1 to 1024"),
    ("--lcores bad cpulist", ("run",), ["--lcores", "2-x"], "--lcores", "is neither a CPU id nor a range"),
    ("--placement unknown", ("run",), ["--placement", "pinned"], "--placement", 'unknown value "pinned"'),
    ("--queues zero", ("run",), ["--queues", "0"], "--queues", "must be 1 to 64"),
    ("--metrics nonsense", ("run",), ["--metrics", "soon"], "--metrics", "is not [ADDR:]PORT"),
    ("--metrics port too high", ("run",), ["--metrics", "65536"], "--metrics", "from 0 to 65535"),
    ("--metrics host name", ("run",), ["--metrics", "localhost:9464"], "--metrics", "numeric IPv4"),
    ("--seed negative", SEED_TAKERS, ["--seed", "-1"], "--seed", "is not a seed"),
    ("--seed above 2^64", SEED_TAKERS, ["--seed", "18446744073709551616"], "--seed", "is not a seed"),
    ("--seed in hex", SEED_TAKERS, ["--seed", "0x10"], "--seed", "is not a seed"),
]


def main():
    testbed.require_root("bad_input")
    testbed.stop_on_sigterm()
    checks = testbed.Checks()
    work = pathlib.Path(tempfile.mkdtemp(prefix="hammer-bad-input-"))
    try:
        with testbed.Namespace("bad") as netns:
            netns.add_veth("bi0a", "bi0b")
            run_cases(netns, work, checks)
    finally:
        subprocess.run(["rm", "-rf", str(work)])
    print(f"{len(TOPOLOGY_CASES) + len(CONFIG_CASES) + len(FLAG_CASES) + 6} bad inputs")
    checks.exit()


def run_cases(netns, work, checks):
    runs = work / "runs"  # the good config's output directory: no run may appear in it
    good_topology = testbed.topology(netns.name, [("bi0a", "bi0b")])
    good_config = testbed.run_config(["mtu_change", "link_flap"], "2s", runs)
    topology_file = testbed.write_json(work / "topology.json", good_topology)
    config_file = testbed.write_json(work / "config.json", good_config)
    before = netns.snapshot(counters=True)

    # The good inputs are good: otherwise every case below would prove nothing.
    valid = subprocess.run([hammer, "validate", topology_file, config_file], capture_output=True, text=True)
    checks.check(valid.returncode == 0, "the good topology and config validate", valid.stderr)

    cases = []
    for index, (name, make, location, fragment) in enumerate(TOPOLOGY_CASES):
        path = write_case(work / f"t{index}.json", make(copy.deepcopy(good_topology)))
        cases.append((f"topology: {name}", [path, config_file], [], path, location, fragment))
    for index, (name, make, location, fragment) in enumerate(CONFIG_CASES):
        path = write_case(work / f"c{index}.json", make(copy.deepcopy(good_config)))
        cases.append((f"config: {name}", [topology_file, path], [], path, location, fragment))
    (work / "loop.json").symlink_to(work / "loop.json")
    unreadable = [("topology", work / "missing.json", "no such file"), ("topology", work, "not a regular file"),
                  ("config", work / "nowhere.json", "no such file"), ("topology", work / "loop.json", "link loop"),
                  ("config", pathlib.Path(topology_file) / "x.json", "is not a directory")]
    for what, path, fragment in unreadable:
        files = [str(path), config_file] if what == "topology" else [topology_file, str(path)]
        cases.append((f"{what}: {fragment}", files, [], str(path), "", fragment))
    cases.append(("topology: an empty path", ["", config_file], [], "''", "", "the path is empty"))
    for name, takers, args, flag, fragment in FLAG_CASES:
        cases.append((f"flag: {name}", [topology_file, config_file], args, None, flag, fragment, takers))

    for index, (name, files, args, bad_file, location, fragment, *takers) in enumerate(cases):
        out = work / "out" / f"case{index}"
        for command in takers[0] if takers else ("validate", "plan", "run"):
            arguments = [command, *files, *args] + (["--out", str(out)] if command == "run" else [])
            result = subprocess.run([hammer, *arguments], capture_output=True, timeout=60)
            stderr = result.stderr.decode(errors="replace")
            problems = testbed.crash_problems(command, result.returncode, stderr)
            if result.returncode != 3:
                problems.append(f"exit {result.returncode}, expected 3")
            expected = named(bad_file, location)
            if expected not in stderr:
                problems.append(f"stderr lacks {expected!r}")
            if fragment and fragment not in stderr:
                problems.append(f"stderr lacks {fragment!r}")
            # validate may say the topology is valid before it reports the config.
            if (command != "validate" and result.stdout) or f"{bad_file}: valid".encode() in result.stdout:
                problems.append(f"printed to stdout: {result.stdout[:200]!r}")
            if out.exists() or runs.exists():
                problems.append("a run directory was created")
                subprocess.run(["rm", "-rf", str(out), str(runs)])  # so that the next case starts clean
            if command == "run":
                now = netns.snapshot(counters=True)
                problems += testbed.differences(before, now)
                before = now  # the next case is judged on its own
            if problems:
                problems.append("stderr: " + stderr.strip()[:600])
            checks.none(problems, f"{name}: hammer {command} exits 3 naming {expected}, touches nothing")


def write_case(path, content):
    if callable(content):
        content(path)
    elif isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(json.dumps(content))
    return str(path)


def named(bad_file, location):
    """How the diagnostic starts: "FILE: LOCATION: ", "FILE: " for the whole file, or the flag."""
    if bad_file is None:
        return location
    return f"{bad_file}: {location}" if location else f"{bad_file}: "


if __name__ == "__main__":
    main()
