#!/usr/bin/env bash
# junit.xml read back by a real XML parser (Python's xml.etree, on expat, which
# refuses anything that is not well-formed XML 1.0): a sample result whose
# messages and names hold markup, quotes, control characters, non-characters,
# CR/LF and non-ASCII text is rendered, parsed, and every count, name, time
# and message compared with the document.
# Usage: junit_xml_test.sh JUNIT_TOOL
set -euo pipefail

tool=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$tool" --sample >"$work/sample.json"
python3 - "$tool" "$work" <<'PY'
import json, re, subprocess, sys
import xml.etree.ElementTree as ET

tool, work = sys.argv[1], sys.argv[2]
doc = json.load(open(f"{work}/sample.json"))

hostile = ('<script>alert("x")</script> & \'q\' ]]> \x01\x08\x0b\x0c\x1b[0m \ufffe\uffff '
           'tab\there\nnewline\r\ncrlf caf\u00e9 \u20ac \U0001F600 end')
doc["test"]["metadata"]["hammer"]["run-id"] = "run <&> \"1\""
pair = doc["test"]["results"]["pairs"][0]
pair["pair-id"] = 'pair "<0>"'
for step in pair["steps"]:
    if step["outcome"] != "PASS":
        step["message"] = step["outcome"] + ": " + hostile
json.dump(doc, open(f"{work}/hostile.json", "w"))
xml_text = subprocess.run([tool, f"{work}/hostile.json"], check=True, capture_output=True).stdout
root = ET.fromstring(xml_text)  # raises on anything that is not well-formed

def xml_safe(text):
    """What XML 1.0 can carry of `text`: the rest becomes U+FFFD."""
    return re.sub("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]", "\ufffd", text)

def seconds(ms):
    return "%d.%03d" % (ms // 1000, ms % 1000) if ms is not None else "0.000"

steps = pair["steps"]
outcomes = [s["outcome"] for s in steps]
expected_counts = {"tests": len(steps), "failures": outcomes.count("FAIL"),
                   "errors": outcomes.count("ERROR"), "skipped": outcomes.count("SKIP")}
assert root.tag == "testsuites", root.tag
assert root.get("name") == "hammer run <&> \"1\"", root.get("name")
for key, value in expected_counts.items():
    assert root.get(key) == str(value), (key, root.get(key), value)

suites = root.findall("testsuite")
assert len(suites) == 1, len(suites)
suite = suites[0]
assert suite.get("name") == 'pair "<0>"', suite.get("name")
for key, value in expected_counts.items():
    assert suite.get(key) == str(value), (key, suite.get(key), value)
assert suite.get("time") == seconds(sum(s["actual-ms"] or 0 for s in steps)), suite.get("time")
assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d", suite.get("timestamp")), suite.get("timestamp")

properties = {p.get("name"): p.get("value") for p in suite.find("properties").findall("property")}
history = doc["test"]["metadata"]["test"]["test-history"]
assert properties["hash"] == history["hash"] and properties["previous_hash"] == history["previous_hash"], properties
assert properties["seed"] == str(doc["test"]["metadata"]["hammer"]["seed"]), properties
assert properties["run-id"] == "run <&> \"1\"", properties

cases = suite.findall("testcase")
assert len(cases) == len(steps), (len(cases), len(steps))
element_of = {"FAIL": "failure", "ERROR": "error", "SKIP": "skipped"}
for case, step in zip(cases, steps):
    assert case.get("classname") == 'hammer.pair "<0>"', case.get("classname")
    assert case.get("name") == f'{step["operation-id"]}#loop{step["loop"]}', case.get("name")
    assert case.get("time") == seconds(step["actual-ms"]), (case.get("time"), step["actual-ms"])
    children = list(case)
    if step["outcome"] == "PASS":
        assert children == [], children
        continue
    assert len(children) == 1 and children[0].tag == element_of[step["outcome"]], children
    detail = children[0]
    # Attribute values come back exactly, tabs, CR and LF included.
    assert detail.get("message") == xml_safe(step["message"]), (detail.get("message"), step["message"])
    if step["outcome"] != "SKIP":
        assert detail.get("type") == step["phase"], detail.get("type")
        assert detail.text.endswith("\n" + xml_safe(step["message"])), repr(detail.text)
print("ok: junit.xml parses and matches the result:", expected_counts)
PY
