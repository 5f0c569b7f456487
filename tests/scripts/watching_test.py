"""Where users watch a run (docs/watching.md), with the real hammer.

  console     a demo-sized run on a veth pair (af_packet, control and traffic
              operations, jumbo frames that the PMD's mbufs cannot hold): every
              stderr line comes from hammer's logger or its live view (no raw
              DPDK line), the run is named after its directory, and the
              summary's traffic table agrees with result.json.
  prometheus  a real Prometheus server (Debian's prometheus), on a free port
              with a config file and a storage directory of the test's own,
              scrapes a run on ring pairs (`--metrics PORT`) every second; a
              query through its HTTP API returns hammer's series with the
              pairs' labels.
  telemetry   DPDK's telemetry socket of a run on ring pairs, named by the
              file prefix hammer logs: dpdk-telemetry.py (Debian's dpdk-dev)
              lists the ports and reads ethdev stats that count the traffic.

Usage: watching_test.py HAMMER SCENARIO. Root (namespace, veth, DPDK);
skipped with the reason otherwise.
"""
import json
import pathlib
import re
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent / "faults"))
import testbed  # noqa: E402

checks = testbed.Checks()

LOGGER_LINE = re.compile(r"^\[\d\d:\d\d:\d\d\.\d{3}\] \[(trace|debug|info|warning|error|critical)\] ")
SI = {"": 1.0, "k": 1e3, "M": 1e6, "G": 1e9, "T": 1e12}


def hammer_run(work, topology, operations, duration, *flags, name="watched", slot="1s", stderr=subprocess.PIPE):
    """Starts hammer run on `topology` into work/NAME with slots of about
    `slot`; returns the process and the run directory."""
    config = testbed.run_config(operations, duration, work / "results", eal_args=[], minimum_slot=slot,
                                target_slot=slot)
    run_directory = work / name
    command = [sys.argv[1], "run", testbed.write_json(work / "topology.json", topology),
               testbed.write_json(work / "config.json", config), "--out", str(run_directory), *flags]
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=stderr, text=True), run_directory


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
    process, run_directory = hammer_run(work, topology, operations, "8s", name="console-demo", slot="500ms")
    stdout, stderr = process.communicate(timeout=120)
    checks.none(testbed.crash_problems("hammer run", process.returncode, stderr), "hammer ended cleanly")
    checks.check(process.returncode in (0, 1), "hammer run exits 0 or 1 (a device may misbehave)", stderr[-2000:])
    foreign = foreign_stderr_lines(stderr, ["pair0", "l0"])
    checks.check(not foreign, "every stderr line comes from hammer's logger or live view", "\n".join(foreign[:10]))
    checks.check("run console-demo (1 pairs" in stderr, "the run is named after its directory", stderr[:600])
    document = json.loads((run_directory / "result.json").read_text())
    check_traffic_table(stdout, document)
    print(stdout)


def ring_topology():
    """Two in-process ring pairs: DPDK virtual devices, no kernel interface."""
    points = [{"tp-id": tp, "attr": {"dpdk": {"ring": f"w{tp}"}}} for tp in ("r0a", "r0b", "r1a", "r1b")]
    links = [{"link-id": f"ring{i}", "source": {"source-node": "dpdk", "source-tp": f"r{i}a"},
              "destination": {"destination-node": "dpdk", "destination-tp": f"r{i}b"}} for i in (0, 1)]
    return {"version": "0.1.0",
            "network": {"network-id": "rings",
                        "node": [{"node-id": "dpdk", "termination-point": points}], "link": links}}


def free_port():
    """A port no one listens on now (the kernel's pick, released at once)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def query(prometheus_port, expression):
    """The result vector of an instant query through Prometheus' HTTP API; [] on failure."""
    url = f"http://127.0.0.1:{prometheus_port}/api/v1/query?" + urllib.parse.urlencode({"query": expression})
    try:
        with urllib.request.urlopen(url, timeout=2) as answer:
            reply = json.load(answer)
    except OSError:
        return []
    return reply["data"]["result"] if reply.get("status") == "success" else []


def start_prometheus(work, target_port):
    """Prometheus on a free port, scraping 127.0.0.1:target_port every second,
    once it is ready; returns the process and its port."""
    port = free_port()
    config = work / "prometheus.yml"
    config.write_text("global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\n"
                      "scrape_configs:\n  - job_name: hammer\n    static_configs:\n"
                      f"      - targets: ['127.0.0.1:{target_port}']\n")
    log = open(work / "prometheus.log", "w")
    process = subprocess.Popen(["/usr/bin/prometheus", f"--config.file={config}",
                                f"--storage.tsdb.path={work / 'tsdb'}", f"--web.listen-address=127.0.0.1:{port}"],
                               stdout=log, stderr=subprocess.STDOUT)
    log.close()
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and process.poll() is None:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/-/ready", timeout=1):
                break
        except OSError:
            time.sleep(0.2)
    return process, port


def prometheus(_netns, work):
    if not pathlib.Path("/usr/bin/prometheus").exists():
        print("SKIP: /usr/bin/prometheus is missing (Debian package prometheus)")
        sys.exit(77)
    metrics_port = free_port()
    server, port = start_prometheus(work, metrics_port)
    process = None
    try:
        taken, _ = hammer_run(work, ring_topology(), ["traffic_mix"], "2s", "--metrics", str(port), name="taken")
        _, taken_stderr = taken.communicate(timeout=60)
        checks.check(taken.returncode == 3 and "--metrics" in taken_stderr,
                     "a port that is taken is bad input naming --metrics", f"exit {taken.returncode}: {taken_stderr}")
        process, run_directory = hammer_run(work, ring_topology(), [{"name": "traffic_mix",
                                                                     "params": {"rate_pps": 20000}}],
                                            "10s", "--metrics", str(metrics_port), slot="3s")
        # Poll while hammer runs: once the target is gone, Prometheus marks its series stale.
        series, rates, deadline = [], [], time.monotonic() + 9
        while time.monotonic() < deadline and process.poll() is None:
            series = query(port, 'hammer_traffic_rx_packets_total{direction="forward"} > 0')
            rates = query(port, 'max_over_time(hammer_traffic_rx_packets_per_second{direction="forward"}[10s]) > 0')
            if len({entry["metric"].get("pair") for entry in series + rates}) == 2 and len(series) == len(rates):
                break
            time.sleep(0.5)
        state = query(port, 'hammer_run_state == 1')
        steps = query(port, 'hammer_pair_operation')
        latency = query(port, 'hammer_traffic_latency_seconds{quantile="0.99"}')
        stdout, stderr = process.communicate(timeout=60)
    finally:
        if process is not None and process.poll() is None:
            process.kill()
            process.wait()
        server.terminate()
        server.wait(timeout=10)
    checks.none(testbed.crash_problems("hammer run", process.returncode, stderr), "hammer ended cleanly")
    checks.check(process.returncode == 0, "hammer run --metrics exits 0", stderr[-2000:])
    checks.check(f"metrics on http://127.0.0.1:{metrics_port}/metrics" in stderr, "hammer says where its metrics are",
                 stderr[:1000])
    document = json.loads((run_directory / "result.json").read_text())
    pair_ids = {pair["pair-id"] for pair in document["test"]["results"]["pairs"]}
    labels = {entry["metric"].get("pair") for entry in series}
    checks.check(labels == pair_ids, "Prometheus has every pair's forward received packets, labelled with its pair",
                 f"{series} against {pair_ids}; prometheus log: {(work / 'prometheus.log').read_text()[-1500:]}")
    checks.check({entry["metric"].get("pair") for entry in rates} == pair_ids,
                 "and every pair's live forward receive rate", rates)
    checks.check({(entry["metric"].get("pair"), entry["metric"].get("direction")) for entry in latency} ==
                 {(pair, direction) for pair in pair_ids for direction in ("forward", "reverse")},
                 "and the p99 latency of each pair and direction", latency)
    checks.check(all(entry["metric"].get("job") == "hammer" for entry in series), "scraped by the test's job")
    checks.check([entry["metric"].get("state") for entry in state] == ["running"], "the run's state is running",
                 state)
    checks.check({entry["metric"].get("operation") for entry in steps} == {"traffic_mix"},
                 "each pair's current operation is there", steps)


def telemetry_replies(prefix, *commands):
    """What dpdk-telemetry.py -f PREFIX answers to `commands`, one JSON object each."""
    answer = subprocess.run(["dpdk-telemetry.py", "-f", prefix], input="\n".join(commands) + "\n",
                            capture_output=True, text=True, timeout=10)
    replies = {}
    for line in answer.stdout.splitlines():
        try:
            replies.update(json.loads(line))
        except json.JSONDecodeError:
            pass  # "Error connecting to ..." while EAL is not up yet
    return replies


def telemetry(_netns, work):
    log_path = work / "hammer.stderr"
    with open(log_path, "w") as log:
        process, run_directory = hammer_run(work, ring_topology(), [{"name": "traffic_mix",
                                                                     "params": {"rate_pps": 20000}}],
                                            "8s", stderr=log, slot="2s")
    prefix, stats = None, {}
    try:
        deadline = time.monotonic() + 7
        while time.monotonic() < deadline and process.poll() is None:
            found = re.search(r"dpdk-telemetry\.py -f (\S+)", log_path.read_text())
            prefix = found.group(1) if found else None
            ports = telemetry_replies(prefix, "/ethdev/list").get("/ethdev/list") if prefix else None
            if ports:
                stats = telemetry_replies(prefix, f"/ethdev/stats,{ports[0]}").get("/ethdev/stats", {})
                if stats.get("ipackets", 0) > 0:
                    break
            time.sleep(0.5)
        process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    stderr = log_path.read_text()
    checks.none(testbed.crash_problems("hammer run", process.returncode, stderr), "hammer ended cleanly")
    checks.check(process.returncode == 0, "hammer run exits 0", stderr[-2000:])
    checks.check(prefix is not None and prefix.startswith("hammer-"), "hammer logs its telemetry prefix", stderr[:1000])
    checks.check(stats.get("ipackets", 0) > 0 and stats.get("opackets", 0) > 0,
                 "dpdk-telemetry.py reads ethdev stats that count the run's traffic", stats)
    checks.check(not pathlib.Path(f"/var/run/dpdk/{prefix}").exists(),
                 "the telemetry socket and its runtime directory are gone once hammer is")
    checks.check((run_directory / "result.json").exists(), "the run ended with its result")


if __name__ == "__main__":
    testbed.run_scenario("watching", {"console": console, "prometheus": prometheus, "telemetry": telemetry}, checks)
