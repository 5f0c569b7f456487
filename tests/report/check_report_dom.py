#!/usr/bin/env python3
"""Checks the DOM Chromium built from a hammer report against the results it
was made of: the timeline has one bar per step with its outcome, a row per
pair; charts are there for the pairs that had traffic; the matrix, verdict
and comparison are there; nothing refers outside the page.

Usage: check_report_dom.py DOM_FILE RESULT.json...   (the results in report order)
Prints one line per check; exits 1 when any failed."""

import json
import sys
from html.parser import HTMLParser


class Node:
    def __init__(self, tag, attrs, parent):
        self.tag = tag
        self.attrs = dict(attrs)
        self.parent = parent
        self.children = []
        self.text = ""

    def classes(self):
        return self.attrs.get("class", "").split()

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()

    def all_text(self):
        return self.text + "".join(child.all_text() for child in self.children)


VOID = {"meta", "br", "link", "img", "input", "hr", "area", "base", "col", "embed", "source", "track", "wbr"}


class Tree(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", [], None)
        self.current = self.root

    def handle_starttag(self, tag, attrs):
        node = Node(tag, attrs, self.current)
        self.current.children.append(node)
        if tag not in VOID:
            self.current = node

    def handle_startendtag(self, tag, attrs):
        self.current.children.append(Node(tag, attrs, self.current))

    def handle_endtag(self, tag):
        node = self.current
        while node is not self.root and node.tag != tag:
            node = node.parent
        if node is not self.root:
            self.current = node.parent

    def handle_data(self, data):
        self.current.text += data


failures = 0


def check(condition, what):
    global failures
    print(("ok: " if condition else "FAIL: ") + what)
    if not condition:
        failures += 1


def by_id(root, element_id):
    return next((node for node in root.walk() if node.attrs.get("id") == element_id), None)


def main():
    dom_file, result_files = sys.argv[1], sys.argv[2:]
    tree = Tree()
    tree.feed(open(dom_file, encoding="utf-8").read())
    root = tree.root
    results = [json.load(open(name, encoding="utf-8")) for name in result_files]

    title = next((node for node in root.walk() if node.tag == "title"), None)
    check(title is not None and title.all_text().startswith("hammer report"), "the page has its title")
    check(not any(node.tag in ("script", "img", "link", "iframe", "object") for node in root.walk()),
          "no script, image, link, frame or object element")
    outside = [node.attrs.get(name) for node in root.walk() for name in ("src", "href")
               if node.attrs.get(name) is not None and not node.attrs.get(name).startswith("#")]
    check(not outside, "nothing refers outside the page " + str(outside[:3]))

    for index, result in enumerate(results):
        run = "run-%d" % index
        pairs = result["test"]["results"]["pairs"]
        status = result["test"]["metadata"]["test_execution"]["status"]
        verdict = by_id(root, run + "-verdict")
        check(verdict is not None and verdict.all_text().startswith(status), "%s: verdict %s" % (run, status))

        gantt = by_id(root, run + "-gantt")
        check(gantt is not None and gantt.tag == "svg", "%s: the timeline is an inline SVG" % run)
        if gantt is None:
            continue
        rows = [node for node in gantt.walk() if "gantt-row" in node.classes()]
        check([row.attrs.get("data-pair") for row in rows] == [pair["pair-id"] for pair in pairs],
              "%s: a timeline row per pair, in order (%d)" % (run, len(pairs)))
        for row, pair in zip(rows, pairs):
            bars = [node for node in row.walk() if node.tag == "rect" and "bar" in node.classes()]
            outcomes = [bar.attrs.get("data-outcome") for bar in bars]
            check(outcomes == [step["outcome"] for step in pair["steps"]],
                  "%s %s: one bar per step with its outcome (%d)" % (run, pair["pair-id"], len(pair["steps"])))
            check(all(float(bar.attrs["width"]) > 0 and bar.children and bar.children[0].tag == "title"
                      for bar in bars), "%s %s: every bar has a width and a tooltip" % (run, pair["pair-id"]))
        axis_labels = [node.all_text() for node in gantt.walk()
                       if node.tag == "text" and node.parent is not None and "time-axis" in node.parent.classes()]
        check(len(axis_labels) >= 3 and axis_labels[0] in ("0 s", "0.0 s", "0:00", "0:00:00"),
              "%s: the time axis has tick labels %s" % (run, axis_labels[:4]))

        matrix = by_id(root, run + "-matrix")
        cells = [node for node in matrix.walk() if node.tag == "td"] if matrix else []
        check(len(cells) == (len(pairs) + 1) *
              (len({step["operation-id"] for pair in pairs for step in pair["steps"]}) + 1),
              "%s: the outcome matrix has a cell per pair and operation, with totals" % run)

        for number, pair in enumerate(pairs):
            chart = by_id(root, "%s-pair%d-throughput" % (run, number))
            measured = bool(pair.get("traffic") or pair.get("samples"))
            check((chart is not None) == measured,
                  "%s %s: a throughput chart exactly when traffic was measured (%s)" % (run, pair["pair-id"], measured))
            if chart is not None and pair.get("samples"):
                lines = [node for node in chart.walk() if node.tag == "polyline"]
                check(len(lines) >= 2, "%s %s: throughput lines forward and reverse" % (run, pair["pair-id"]))
            latency = by_id(root, "%s-pair%d-latency" % (run, number))
            has_latency = any("latency" in point for point in pair.get("traffic", []))
            check((latency is not None) == has_latency,
                  "%s %s: a latency chart exactly when latency was measured" % (run, pair["pair-id"]))

    if len(results) > 1:
        table = next((node for node in root.walk() if "comparison-table" in node.classes()), None)
        rows = [node for node in table.walk() if node.tag == "tr" and "data-run" in node.attrs] if table else []
        check(len(rows) == len(results), "the comparison has a row per run (%d)" % len(results))

    sys.exit(1 if failures else 0)


main()
