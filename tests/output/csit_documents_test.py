#!/usr/bin/env python3
"""The CSIT-model documents hammer writes, validated against the rules of
FD.io CSIT's test case model 1.5.1 (csit-test-case-rules.schema.json, our text
of FDio/csit's resources/model_schema/test_case.schema.yaml) with
python3-jsonschema. A sample result holding NDRPDR, MRR and outage results
(rendered from a real journal) is written out as a run writes it; every
document must validate. The schema is first shown to refuse what must be
refused — hammer's result.json itself (the issue's first finding), a passing
test with a message, latency without its pdr_0 load, a rate without a unit —
so a schema that accepts anything cannot pass the test.

Usage: csit_documents_test.py CSIT_TOOL SCHEMA
"""
import copy
import json
import pathlib
import subprocess
import sys
import tempfile

import jsonschema

tool, schema_path = sys.argv[1], sys.argv[2]
schema = json.load(open(schema_path))
jsonschema.Draft202012Validator.check_schema(schema)
validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())


def problems(document):
    return [f"{'/'.join(map(str, error.absolute_path))}: {error.message}" for error in validator.iter_errors(document)]


with tempfile.TemporaryDirectory() as work:
    work = pathlib.Path(work)
    sample = subprocess.run([tool, "--sample"], check=True, capture_output=True, text=True).stdout
    (work / "result.json").write_text(sample)
    subprocess.run([tool, str(work / "result.json"), str(work)], check=True)
    files = sorted((work / "csit").iterdir())
    names = [f.name for f in files]
    expected = ["pair0.flap.reconf.1.json", "pair0.flap.reconf.2.json", "pair0.mrr.mrr.1.json",
                "pair0.search.ndrpdr.1.json"]
    assert names == expected, names
    documents = {f.name: json.loads(f.read_text()) for f in files}
    for name, document in documents.items():
        found = problems(document)
        assert not found, (name, found)
    types = sorted(d["result"]["type"] for d in documents.values())
    assert types == ["mrr", "ndrpdr", "reconf", "reconf"], types
    ndrpdr = documents["pair0.search.ndrpdr.1.json"]
    assert set(ndrpdr["result"]) == {"type", "ndr", "pdr", "latency_forward", "latency_reverse"}, ndrpdr["result"]

    # What the schema must refuse.
    result = json.loads(sample)
    assert any("Additional properties are not allowed" in p for p in problems(result)), "result.json passed"
    refused = {
        "a pass with a message": lambda d: d.update(message="but"),
        "a failure without one": lambda d: d.update(passed=False),
        "latency without pdr_0": lambda d: d["result"]["latency_forward"].pop("pdr_0"),
        "a maximum latency of 0": lambda d: d["result"]["latency_forward"]["pdr_90"].update(max=0),
        "a rate without its unit": lambda d: d["result"]["ndr"]["lower"]["rate"].pop("unit"),
        "hammer's per-direction bounds": lambda d: d["result"]["ndr"]["lower"].update(forward={}),
        "an upper-case type": lambda d: d["result"].update(type="NDRPDR"),
        "another model version": lambda d: d.update(version="1.5.0"),
        "a time that is not RFC 3339": lambda d: d.update(start_time="2026-11-18 11:06:40"),
        "no host": lambda d: d.update(hosts=[]),
    }
    for what, change in refused.items():
        document = copy.deepcopy(ndrpdr)
        change(document)
        assert problems(document), f"the schema accepts {what}"
print(f"ok: {len(documents)} CSIT-model documents valid; the schema refuses result.json and {len(refused)} faults")
