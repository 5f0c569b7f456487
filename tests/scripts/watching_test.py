"""Where users watch a run (docs/watching.md), with the real hammer.

  console     a demo-sized run on a veth pair (af_packet, control and traffic
              operations, jumbo frames that the PMD's mbufs cannot hold): every
              stderr line comes from hammer's logger or its live view (no raw
              DPDK line), the run is named after its directory, and the
              summary's traffic table agrees with result.json.

Usage: watching_test.py HAMMER SCENARIO. Root (namespace, veth, DPDK);
skipped with the reason otherwise.
"""
import json
import pathlib
import re
import subprocess
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent / "faults"))
import testbed  # noqa: E402

checks = testbed.Checks()

LOGGER_LINE = re.compile(r"^\[\d\d:\d\d:\d\d\.\d{3}\] \[(trace|debug|info|warning|error|critical)\] ")
SI = {"": 1.0, "k": 1e3, "M": 1e6, "G": 1e9, "T": 1e12}


def hammer_run(work, topology, operations, duration, *flags, name="watched", **popen):
    """Starts hammer run on `topology` into work/NAME; returns the process and the run directory."""
    config = testbed.run_config(operations, duration, work / "results", eal_args=[])
    run_directory = work / name
    command = [sys.argv[1], "run", testbed.write_json(work / "topology.json", topology),
               testbed.write_json(work / "config.json", config), "--out", str(run_directory), *flags]
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **popen), run_directory


def si_value(text, unit):
    """"1.23 Mpps" with unit "pps" -> 1230000.0."""
    number, scaled = text.split(" ")
    return float(number) * SI[scaled[: len(scaled) - len(unit)]]


def traffic_rows(stdout):
    """The traffic table's rows by (pair, direction): the columns as printed."""
    lines = stdout.splitlines()
    start = next((i for i, line in enumerate(lines) if line.startswith("pair") and "rx rate" in line), None)
    if start is None:
        return {}
    rows = {}
    for line in lines[start + 1:]:
        if not line.strip():
            break
        columns = re.split(r"\s{2,}", line.strip())
        rows[(columns[0], columns[1])] = columns
    return rows


def expected_rows(document):
    """What the table should show, from result.json's per-pair traffic."""
    rows = {}
    for pair in document["test"]["results"]["pairs"]:
        for direction in ("forward", "reverse"):
            points = [point for point in pair["traffic"] if point["direction"] == direction]
            if not points:
                continue
            seconds = sum(point["duration-ms"] for point in points) / 1000
            sent = sum(point["tx-packets"] for point in points)
            lost = sum(point["lost-packets"] for point in points)
            rows[(pair["pair-id"], direction)] = {
                "pps": sum(point["rx-packets"] for point in points) / seconds if seconds else 0.0,
                "bps": sum(point["rx-bytes"] * 8 for point in points) / seconds if seconds else 0.0,
                "lost": lost, "loss": lost / sent if sent else 0.0,
                "p99": max((point["latency"]["p99-ns"] for point in points if "latency" in point), default=None),
                "outages": len(pair["outages"])}
    return rows


def close(printed, expected, what):
    # Three significant digits: within 0.5 %, and 0 prints as 0.
    return checks.check(abs(printed - expected) <= 0.006 * abs(expected) + 1e-9, what, f"{printed} against {expected}")


def check_traffic_table(stdout, document):
    rows, expected = traffic_rows(stdout), expected_rows(document)
    checks.check(set(rows) == set(expected) and expected, "the traffic table has a row per pair and direction",
                 f"{sorted(rows)} against {sorted(expected)}")
    for key, want in expected.items():
        if key not in rows:
            continue
        _, _, rate, bits, loss, p99, *outage = rows[key]
        close(si_value(rate, "pps"), want["pps"], f"{key} rx rate agrees with result.json")
        close(si_value(bits, "bit/s"), want["bps"], f"{key} bit rate agrees with result.json")
        lost = int(re.search(r"\(([\d,]+) lost\)", loss).group(1).replace(",", ""))
        checks.check(lost == want["lost"], f"{key} lost packets agree with result.json", f"{lost} against {want}")
        close(float(loss.split(" ")[0]) / 100, want["loss"], f"{key} loss ratio agrees with result.json")
        checks.check((p99 == "-") == (want["p99"] is None), f"{key} p99 shown where result.json has one", p99)
        if key[1] == "forward" and want["outages"]:
            checks.check(outage and outage[0].startswith(f"{want['outages']} \u00d7"),
                         f"{key} outage counts the pair's outages", outage)


def foreign_stderr_lines(stderr, pair_ids):
    """Lines that neither hammer's logger nor its live view wrote."""
    return [line for line in stderr.splitlines()
            if line and not LOGGER_LINE.match(line) and not any(line.startswith(pair + " ") for pair in pair_ids)]


def console(netns, work):
    netns.add_veth("wa", "wb", queues=2, mtu=9000)
    topology = testbed.topology(netns.name, [("wa", "wb")], dpdk=True)
    operations = [{"name": "traffic_mix", "params": {"rate_pps": 20000}},
                  {"name": "jumbo_frame", "params": {"rate_pps": 2000}},
                  {"name": "link_flap_traffic", "params": {"down_seconds": 0.3, "rate_pps": 10000}},
                  {"name": "mtu_change", "params": {"mtus": [1280, 1500]}}]
    process, run_directory = hammer_run(work, topology, operations, "8s", name="console-demo")
    stdout, stderr = process.communicate(timeout=120)
    checks.none(testbed.crash_problems("hammer run", process.returncode, stderr), "hammer ended cleanly")
    checks.check(process.returncode in (0, 1), "hammer run exits 0 or 1 (a device may misbehave)", stderr[-2000:])
    foreign = foreign_stderr_lines(stderr, ["pair0", "l0"])
    checks.check(not foreign, "every stderr line comes from hammer's logger or live view", "\n".join(foreign[:10]))
    checks.check("run console-demo (1 pairs" in stderr, "the run is named after its directory", stderr[:600])
    document = json.loads((run_directory / "result.json").read_text())
    check_traffic_table(stdout, document)
    print(stdout)


if __name__ == "__main__":
    testbed.run_scenario("watching", {"console": console}, checks)
