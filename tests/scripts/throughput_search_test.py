"""throughput_search and mrr on links of known capacity, run by the real hammer.

  shaped  a veth whose two egresses tc's tbf shapes to 10 Mbit/s (19 531 frames
          of 64 bytes per second each way), reached by af_packet with
          qdisc_bypass=0 so the qdisc applies: the NDR's lower bound must lie
          within the width goal below the shaping rate, and above it by no more
          than the frames the path can hold (tbf's bucket and queue, the PMD's
          TX ring) spread over a final trial: those arrive late, not lost.
  loss    a link losing 1 % of frames at random (lossy_link): no rate has
          zero loss, so the NDR is not found (or at the minimum); a PDR at
          2 % is found.
  ring    an in-process ring pair: the NDR sits at its unpaced rate (the
          search's own unpaced trial; within 20 % below, see the check),
          with zero loss at the NDR.

Usage: throughput_search_test.py HAMMER SCENARIO. Root (namespace, veth, tc);
skipped with the reason otherwise. The search's determinism for a given seed
and capacity is a unit test (tests/search), with a modelled device.
"""
import json
import pathlib
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent / "faults"))
import testbed  # noqa: E402

FRAME = 64
WIDTH = 0.005
TRIAL_SECONDS = 2.0
SHAPING_MBIT = 10
QUEUE_BYTES = 3000
TX_RING_FRAMES = 64  # af_packet's framecnt: frames the PMD took that the kernel sends later

checks = testbed.Checks()


def af_packet(index, ifname):
    return f"net_af_packet{index},iface={ifname},qdisc_bypass=0,framecnt={TX_RING_FRAMES}"


def veth_topology(netns, b="tsb"):
    topology = testbed.topology(netns, [("tsa", b)])
    for index, node in enumerate(topology["network"]["node"]):
        point = node["termination-point"][0]
        point["attr"]["dpdk"] = {"devargs": af_packet(index, point["attr"]["kernel"]["ifname"])}
    return topology


def ring_topology():
    return {"version": "0.1.0",
            "network": {"network-id": "ring",
                        "node": [{"node-id": "dpdk", "termination-point": [
                            {"tp-id": "r0a", "attr": {"dpdk": {"ring": "tsring0a"}}},
                            {"tp-id": "r0b", "attr": {"dpdk": {"ring": "tsring0b"}}}]}],
                        "link": [{"link-id": "ring0",
                                  "source": {"source-node": "dpdk", "source-tp": "r0a"},
                                  "destination": {"destination-node": "dpdk", "destination-tp": "r0b"}}]}}


def bucket_bytes(mbit):
    """tbf's bucket: 8 ms at the shaping rate, enough for the engine's bursts
    of 32 frames and a worker descheduled for several ms on a loaded 2-CPU
    machine (with 4 ms, one search in ten found the NDR 0.75 % low)."""
    return mbit * 1_000_000 // 8 * 8 // 1000


def shape(netns, mbit):
    """A veth tsa-tsb whose two egresses tbf shapes to `mbit`; returns the
    capacity per direction in frames per second and how far above it the
    NDR may be found: the frames the path holds (tbf's bucket and queue,
    the PMD's TX ring) spread over a final trial arrive late, not lost."""
    netns.add_veth("tsa", "tsb", queues=1)
    for ifname in ("tsa", "tsb"):
        netns.exec("tc", "qdisc", "add", "dev", ifname, "root", "tbf", "rate", f"{mbit}mbit",
                   "burst", str(bucket_bytes(mbit)), "limit", str(QUEUE_BYTES))
    # tbf counts a frame as its length without FCS: 64 bytes, 512 bits.
    capacity = mbit * 1e6 / (FRAME * 8)
    held_frames = (bucket_bytes(mbit) + QUEUE_BYTES) / FRAME + TX_RING_FRAMES
    return capacity, held_frames / (capacity * TRIAL_SECONDS)


def search_shaped(netns, work, mbit):
    """throughput_search on a veth shaped to `mbit`: (capacity, allowance, result, test.type)."""
    capacity, allowance = shape(netns, mbit)
    results, held = run(work, veth_topology(netns.name),
                        [{"name": "throughput_search", "params": {"frame_size": FRAME, "width": WIDTH,
                                                                  "trial_seconds": TRIAL_SECONDS}}], "50s")
    return capacity, allowance, results.get("throughput_search"), held


def run(work, topology, operations, duration):
    """Runs hammer; returns the pair's throughput results by operation id."""
    config = testbed.run_config(operations, duration, work / "results", minimum_slot="5s", target_slot=duration,
                                output={"directory": str(work / "results"), "junit": False, "html": True})
    run_directory = work / "run"
    result = subprocess.run([sys.argv[1], "run", testbed.write_json(work / "topology.json", topology),
                             testbed.write_json(work / "config.json", config), "--out", str(run_directory)],
                            capture_output=True, text=True, timeout=600)
    checks.none(testbed.crash_problems("hammer run", result.returncode, result.stderr), "hammer ended cleanly")
    checks.check(result.returncode == 0, "hammer run exits 0", result.stderr[-2000:])
    document = json.loads((run_directory / "result.json").read_text())
    pair = document["test"]["results"]["pairs"][0]
    for step in pair["steps"]:
        print(f"{step['operation-id']}: {step['outcome']}: {step['message']}")
        checks.check(step["outcome"] == "PASS", f"{step['operation-id']} passes", step["message"])
    held = document["test"]["metadata"]["test"]["type"]
    report = (run_directory / "report.html").read_text()
    checks.check('<tr class="bound" data-threshold="ndr">' in report, "report.html shows the bounds")
    return {entry["operation-id"]: entry["result"] for entry in pair["throughput"]}, held


def per_direction(bound):
    return None if bound is None else bound["forward"]["rate"]["value"]


def shaped(netns, work):
    capacity, allowance, search, held = search_shaped(netns, work, SHAPING_MBIT)
    checks.check(held == "HAMMER NDRPDR", "test.type names the result type", held)
    if not checks.check(search is not None, "the search is in result.json"):
        return
    ndr = search["ndr"]
    lower = per_direction(ndr["lower"])
    print(f"shaping {capacity:.0f} pps per direction; NDR lower {lower}, upper {per_direction(ndr['upper'])}, "
          f"{search['search']['trial-count']} trials in {search['search']['elapsed-ms']} ms; "
          f"allowed above: {allowance:.2%}")
    checks.check(search["search"]["complete"], "the search completes in its slot", search["search"])
    checks.check(ndr["width-reached"] and ndr["relative-width"] <= WIDTH, "the NDR bounds reach the width goal",
                 ndr["relative-width"])
    checks.check(lower is not None and capacity * (1 - WIDTH) <= lower <= capacity * (1 + allowance),
                 f"NDR within {WIDTH:.1%} below the shaping rate, at most {allowance:.2%} above",
                 f"NDR {lower} against {capacity:.0f}")
    checks.check(search["trials"][-1]["duration-ms"] == TRIAL_SECONDS * 1000, "the final trials last trial_seconds")
    checks.check(search["trials"][0]["duration-ms"] < search["trials"][-1]["duration-ms"],
                 "trials grow longer as the bounds close")
    latency = search.get("latency", {})
    checks.check(all(f"pdr_{p}" in latency.get("forward", {}) for p in (0, 10, 50, 90)),
                 "latency at the minimum rate and at 10, 50 and 90 % of the PDR", latency)


# Classic BPF for cls_bpf: load a random u32 (SKF_AD_OFF + SKF_AD_RANDOM);
# from 2^32 / 100 up, return -1 (a match: the filter's action runs), else 0.
NINETY_NINE_PERCENT = "4,32 0 0 4294963256,53 0 1 42949673,6 0 0 4294967295,6 0 0 0"


def lossy_link(netns):
    """tsa <-> tsd through two veths, tsa-tsb and tsc-tsd, joined at tsb's
    and tsc's ingress by mirred redirects that take 99 % of the frames,
    drawn at random: the other 1 % stay on tsb or tsc, lost to the pair.
    The loss is on the receive path: a qdisc dropping on af_packet's send
    path (netem, which this machine's kernel lacks besides) makes the PMD
    send some frames again, so the loss would depend on the rate."""
    netns.add_veth("tsa", "tsb", queues=1)
    netns.add_veth("tsc", "tsd", queues=1)
    for ingress, egress in (("tsb", "tsc"), ("tsc", "tsb")):
        netns.exec("tc", "qdisc", "add", "dev", ingress, "clsact")
        netns.exec("tc", "filter", "add", "dev", ingress, "ingress", "bpf", "bytecode", NINETY_NINE_PERCENT,
                   "action", "mirred", "egress", "redirect", "dev", egress)


def loss(netns, work):
    lossy_link(netns)
    results, _ = run(work, veth_topology(netns.name, "tsd"),
                     [{"name": "throughput_search", "params": {"frame_size": FRAME, "pdr_loss": 0.02, "width": 0.02,
                                                               "min_rate_pps": 2000, "latency": False}}], "40s")
    search = results.get("throughput_search")
    if not checks.check(search is not None, "the search is in result.json"):
        return
    ndr, pdr = search["ndr"], search["pdr"]
    print(f"NDR found {ndr['found']} lower {per_direction(ndr['lower'])}; PDR lower {per_direction(pdr['lower'])}")
    checks.check(not ndr["found"] or per_direction(ndr["lower"]) == 2000, "NDR not found, or at the minimum",
                 ndr)
    checks.check(pdr["found"] and per_direction(pdr["lower"]) > 2000, "PDR at 2 % found above the minimum", pdr)


def ring(_netns, _work):
    # The run directory in memory: each trial is journaled as it ends, and on
    # this VM the disk's completions land on the CPU the worker polls on. With
    # the journal on the ext4 disk the NDR came out at 0.75 of the unpaced
    # rate (3 of 3 runs), in memory at 0.96: the search found the disk, not the ring.
    work = pathlib.Path(tempfile.mkdtemp(prefix="hammer-tsearch-ring-", dir="/dev/shm"))
    try:
        ring_search(work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def ring_search(work):
    results, held = run(work, ring_topology(),
                        [{"name": "mrr", "params": {"frame_size": FRAME, "rate_percent": 0, "trials": 3}},
                         {"name": "throughput_search", "params": {"frame_size": FRAME, "width": 0.02}}], "40s")
    checks.check(held == "HAMMER MRR NDRPDR", "test.type names both result types", held)
    search, mrr = results.get("throughput_search"), results.get("mrr")
    if not checks.check(search is not None and mrr is not None, "the search and the MRR are in result.json"):
        return
    unpaced = search["search"]["max-rate-pps"]
    lower = per_direction(search["ndr"]["lower"])
    print(f"unpaced {unpaced:.0f} pps per direction ({search['search']['max-rate-source']}); NDR lower {lower}; "
          f"MRR unpaced {mrr['forward']['receive_rate']['rate']['avg']:.0f}")
    checks.check(search["search"]["max-rate-source"] == "unpaced", "the ring's top is its unpaced rate",
                 search["search"]["max-rate-source"])
    # Paced near its unpaced rate the engine has no headroom left to catch up
    # after its worker is descheduled, and a shortfall counts as loss: on a
    # shared 2-CPU machine the NDR came out at 0.87 to 0.97 of the unpaced
    # rate (6 runs, 2026-12-05), so within 20 % below.
    checks.check(lower is not None and 0.8 * unpaced <= lower <= unpaced, "NDR at the unpaced rate, within 20 %",
                 f"NDR {lower} against {unpaced:.0f}")
    at_ndr = [trial for trial in search["trials"] if trial["rate-pps"] == lower and trial["phase"] ==
              search["ndr"]["phase"]]
    checks.check(at_ndr and all(trial["loss-ratio"] == 0 for trial in at_ndr), "zero loss at the NDR", at_ndr)


if __name__ == "__main__":
    testbed.run_scenario("tsearch", {"shaped": shaped, "loss": loss, "ring": ring}, checks)
