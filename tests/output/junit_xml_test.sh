#!/usr/bin/env bash
# junit.xml read back by a real XML parser (Python's xml.etree, on expat, which
# refuses anything that is not well-formed XML 1.0): a sample result whose
# messages and names hold markup, quotes, control characters, non-characters,
# CR/LF and non-ASCII text is rendered, parsed, and every count, name, time
# and message compared with the document. Both the sample's junit.xml and the
# hostile one are validated with `xmllint --schema` against
# junit-10-rules.xsd, the rules of Jenkins' xUnit junit-10.xsd; the schema is
# first shown to refuse what the issue found wrong (`skipped` and `timestamp`
# on <testsuites>), so a schema that accepts anything cannot pass the test.
# Usage: junit_xml_test.sh JUNIT_TOOL JUNIT_XSD
set -euo pipefail

tool=$1
xsd=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$tool" --sample >"$work/sample.json"
"$tool" "$work/sample.json" >"$work/sample.xml"
xmllint --noout --schema "$xsd" "$work/sample.xml"
for bad in 'skipped="1"' 'timestamp="2026-11-18T11:06:40"'; do
    sed "s|<testsuites |<testsuites $bad |" "$work/sample.xml" >"$work/bad.xml"
    if xmllint --noout --schema "$xsd" "$work/bad.xml" 2>"$work/bad.log"; then
        echo "FAIL: the schema accepts <testsuites $bad>" >&2
        exit 1
    fi
    grep -q "attribute '${bad%%=*}' is not allowed" "$work/bad.log" || { cat "$work/bad.log" >&2; exit 1; }
done
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
open(f"{work}/hostile.xml", "wb").write(xml_text)

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
    if key != "skipped":  # junit-10.xsd has no skipped on <testsuites>
        assert root.get(key) == str(value), (key, root.get(key), value)
assert set(root.keys()) == {"name", "tests", "failures", "errors", "time"}, root.keys()

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
# The sample's recovery (11:06:44.100) happened in its fourth step (the ERROR
# that started at 11:06:44.000): its line is in that case's system-out.
recoveries = pair["recoveries"]
assert len(recoveries) == 1, recoveries
assert suite.find("system-out") is None, "recovery lines belong to the test case"
loops = []
for index, (case, step) in enumerate(zip(cases, steps)):
    assert case.get("classname") == 'hammer.pair "<0>"', case.get("classname")
    assert case.get("name") == f'{step["operation-id"]}#loop{step["loop"]}', case.get("name")
    loops.append(step["loop"])
    assert case.get("time") == seconds(step["actual-ms"]), (case.get("time"), step["actual-ms"])
    children = [child for child in case if child.tag != "system-out"]
    logs = [child.text for child in case if child.tag == "system-out"]
    if index == 3:
        assert logs == [recoveries[0]["timestamp"] + " recovery of dut1/p0 (kernel, attempt 1): PASS link up again\n"], logs
    else:
        assert logs == [], (index, logs)
    if step["outcome"] == "PASS":
        assert children == [], children
        continue
    assert len(children) == 1 and children[0].tag == element_of[step["outcome"]], children
    detail = children[0]
    # Attribute values come back exactly, tabs, CR and LF included.
    assert detail.get("message") == xml_safe(step["message"]), (detail.get("message"), step["message"])
    # The reason is in the text as well (GitLab shows the text).
    if step["outcome"] == "SKIP":
        assert detail.text == xml_safe(step["message"]), repr(detail.text)
    else:
        assert detail.get("type") == step["phase"], detail.get("type")
        assert detail.text.endswith("\n" + xml_safe(step["message"])), repr(detail.text)
assert min(loops) == 1, "loops are counted from 1: " + repr(loops)
print("ok: junit.xml parses and matches the result:", expected_counts)
PY
xmllint --noout --schema "$xsd" "$work/hostile.xml"
