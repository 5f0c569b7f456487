#!/usr/bin/env python3
"""How close throughput_search gets to a known capacity and how long it
takes (docs/BENCHMARKS.md): the integration test's tbf-shaped veth
(tests/scripts/throughput_search_test.py) at each of two shaping rates,
RUNS times each, medians printed. Root; makes and removes its own namespace
per run.

Usage: scripts/throughput_search_bench.py build/hammer [RUNS] [MBIT ...]
"""
import pathlib
import shutil
import statistics
import sys
import tempfile

root = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(root / "tests" / "faults"))
sys.path.insert(0, str(root / "tests" / "scripts"))
import testbed  # noqa: E402
import throughput_search_test as shaped  # noqa: E402


def one_run(mbit):
    work = pathlib.Path(tempfile.mkdtemp(prefix="hammer-search-bench-"))
    try:
        with testbed.Namespace("sbench") as netns:
            capacity, _, search, _ = shaped.search_shaped(netns, work, mbit)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    ndr = search["ndr"]["lower"]["forward"]["rate"]["value"]
    pdr = search["pdr"]["lower"]["forward"]["rate"]["value"]
    return ndr / capacity, pdr / capacity, search["search"]["elapsed-ms"] / 1000, search["search"]["trial-count"]


def main():
    testbed.require_root("the search benchmark")
    testbed.stop_on_sigterm()
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    rates = [int(rate) for rate in sys.argv[3:]] or [10, 50]
    print(f"frame {shaped.FRAME} B, width {shaped.WIDTH}, final trials {shaped.TRIAL_SECONDS} s, {runs} runs each")
    for mbit in rates:
        samples = [one_run(mbit) for _ in range(runs)]
        ndr, pdr, seconds, trials = (list(column) for column in zip(*samples))
        capacity = mbit * 1e6 / (shaped.FRAME * 8)
        print(f"{mbit} Mbit/s ({capacity:.0f} pps per direction): NDR/capacity median {statistics.median(ndr):.4f} "
              f"{[round(x, 4) for x in ndr]}; PDR/capacity median {statistics.median(pdr):.4f}; "
              f"search time median {statistics.median(seconds):.1f} s {[round(x, 1) for x in seconds]}; "
              f"trials median {statistics.median(trials)} {trials}")


if __name__ == "__main__":
    main()
