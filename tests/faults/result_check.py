"""Checks that a run's result.json holds every journal event that was written
before some moment (a signal, a crash): the journal lines read then must still
open the journal, and each event must be found where docs/uti.md says it goes.
"""
import json
import pathlib


def journal_lines(run_directory):
    """The complete lines of the journal now (a line being written is left out)."""
    path = pathlib.Path(run_directory) / "journal.jsonl"
    if not path.exists():
        return []
    text = path.read_text()
    return text[:text.rfind("\n") + 1].splitlines() if "\n" in text else []


def missing_events(lines_before, run_directory):
    """Everything of `lines_before` that the run directory lost: lines no
    longer at the start of the journal, and events result.json does not show."""
    problems = []
    now = journal_lines(run_directory)
    if now[:len(lines_before)] != lines_before:
        problems.append(f"the journal no longer starts with the {len(lines_before)} lines written before")
    result_path = pathlib.Path(run_directory) / "result.json"
    if not lines_before:
        return problems
    if not result_path.exists():
        return problems + ["no result.json"]
    result = json.loads(result_path.read_text())
    nodes = {node["node-id"]: node for node in result["network"]["node"]}
    pairs = {pair["pair-id"]: pair for pair in result["test"]["results"]["pairs"]}
    execution = result["test"]["metadata"]["test_execution"]
    traffic = {"forward": 0, "reverse": 0}

    def in_node(event, array, **wanted):
        entries = nodes.get(event["node-id"], {}).get(array, [])
        if not any(all(entry.get(key) == value for key, value in wanted.items()) for entry in entries):
            problems.append(f"seq {event['seq']} ({event['event']}) not in {event['node-id']}'s {array}")

    def state(event, state_id):
        in_node(event, "state", **{"state-id": state_id, "timestamp": event["time"]})

    def step(event):
        steps = [s for s in pairs.get(event["pair-id"], {}).get("steps", []) if s["slot"] == event["slot"]]
        if not steps:
            problems.append(f"seq {event['seq']}: step {event['pair-id']} slot {event['slot']} not in the result")
        return steps[0] if steps else None

    for line in lines_before:
        event = json.loads(line)
        kind = event["event"]
        if kind == "run-start":
            if result["test"]["metadata"]["hammer"]["run-id"] != event["run-id"]:
                problems.append("result.json is of another run")
        elif kind == "snapshot":
            state(event, "pre-test")
        elif kind == "command":
            in_node(event, "command-history", timestamp=event["time"], command=event["command"],
                    **{"return-code": event["return-code"]})
        elif kind == "state":
            state(event, event["state-id"])
            if event["state-id"] == "identity":
                backend = event["operational-data"].get("backend")
                if not any((d["node-id"], d["tp-id"], d.get("backend")) == (event["node-id"], event["tp-id"], backend)
                           for d in result["test"]["results"].get("devices", [])):
                    problems.append(f"seq {event['seq']}: the identity of {event['node-id']}/{event['tp-id']} "
                                    "is not in test.results.devices")
        elif kind == "restore":
            state(event, "restored" if event["outcome"] in ("PASS", "SKIP") else "restore-failed")
        elif kind == "recovery":
            state(event, "recovery")
            if not any(r["timestamp"] == event["time"] for r in pairs[event["pair-id"]]["recoveries"]):
                problems.append(f"seq {event['seq']}: recovery not in {event['pair-id']}'s recoveries")
        elif kind == "endpoint-lost":
            state(event, "lost")
        elif kind == "slot-start":
            step(event)
        elif kind == "slot-end":
            found = step(event)
            if found and (found["outcome"], found["message"]) != (event["outcome"], event["message"]):
                problems.append(f"seq {event['seq']}: step {event['slot']} of {event['pair-id']} shows "
                                f"{found['outcome']} {found['message']!r}, the journal {event['outcome']}")
        elif kind == "stop-requested":
            if not execution["interrupted"]:
                problems.append(f"seq {event['seq']}: a stop was requested, the result is not interrupted")
        elif kind == "restore-complete":
            if not execution["restored"]:
                problems.append(f"seq {event['seq']}: restore completed, the result says not restored")
        elif kind == "run-end":
            if execution["status"] != event["status"]:
                problems.append(f"seq {event['seq']}: run-end {event['status']}, result {execution['status']}")
        elif kind == "traffic":
            traffic[event["direction"]] += event["tx-packets"]
    for direction, packets in traffic.items():
        shown = result["test"]["results"]["total"][direction]["tx-packets"]
        if shown < packets:
            problems.append(f"{direction} traffic: the journal had {packets} packets sent, the result {shown}")
    return problems
