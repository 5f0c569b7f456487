#!/usr/bin/env python3
"""Prints one closing line, 'tests: N passed, N failed, N skipped', for a meson
test run: GoogleTest binaries count by test case (from their XML reports), any
other test (a script) counts once. Exits non-zero if nothing ran or anything failed.

    summarize-tests.py BUILD_DIR XML_DIR
"""
import json
import pathlib
import sys
import xml.etree.ElementTree as ET

build, xml_dir = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
passed = failed = skipped = 0

for line in (build / "meson-logs" / "testlog.json").read_text().splitlines():
    entry = json.loads(line)
    report = xml_dir / (pathlib.Path(entry["command"][0]).name + ".xml")
    if report.exists():
        for case in ET.parse(report).getroot().iter("testcase"):
            if case.get("status") == "notrun":
                continue
            if case.find("failure") is not None or case.find("error") is not None:
                failed += 1
            elif case.find("skipped") is not None:
                skipped += 1
            else:
                passed += 1
        # A binary that crashed after some cases passed must still fail the run.
        if entry["result"] not in ("OK", "SKIP"):
            failed += 1
    elif entry["result"] == "SKIP":
        skipped += 1
    elif entry["result"] in ("OK", "EXPECTEDFAIL"):
        passed += 1
    else:
        failed += 1

print(f"tests: {passed} passed, {failed} failed, {skipped} skipped")
sys.exit(0 if passed > 0 and failed == 0 else 1)
