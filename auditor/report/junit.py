"""audit.junit.xml: one test case per record for CI test dashboards (GitLab, Jenkins, Azure, CircleCI).

A record's test case fails when it has findings that fail the gate (at or above --fail-on, not waived,
not already in the baseline); its other findings are listed in system-out. Files that could not be
read and cross-record findings get a test case of their own, named by what the findings name."""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from lxml import etree

from ..findings import SEVERITY_RANK
from .common import is_gating

SUITE = "trial-audit"
# XML 1.0 cannot carry most control characters, which a damaged record may hold.
_BAD_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def write(result: dict[str, Any], out_dir: Path) -> Path:
    path = out_dir / "audit.junit.xml"
    path.write_bytes(to_junit(result))
    return path


def to_junit(result: dict[str, Any]) -> bytes:
    fail_on = result["run"]["fail_on"]
    by_record: dict[str, list[dict[str, Any]]] = {}
    for f in result["findings"]:
        by_record.setdefault(f["record"], []).append(f)
    cases: dict[str, str] = {}                      # record id -> classname (its source file)
    for r in result["records"]:
        cases[r["id"]] = r["sources"][0]["source"] if r["sources"] else r["id"]
    for rec, fs in by_record.items():
        if rec not in cases:
            first = next((e["source"] for f in fs for e in f["evidence"] if e.get("source")), "")
            cases[rec] = first or rec

    root = etree.Element("testsuites", name=SUITE)
    suite = etree.SubElement(root, "testsuite", name=SUITE)
    failures = 0
    for rec in sorted(cases):
        fs = by_record.get(rec, [])
        gate = [f for f in fs if is_gating(f, fail_on)]
        rest = [f for f in fs if not is_gating(f, fail_on)]
        case = etree.SubElement(suite, "testcase", classname=_clean(cases[rec]), name=_clean(rec), time="0")
        if gate:
            failures += 1
            worst = max(gate, key=lambda f: SEVERITY_RANK[f["severity"]])["severity"]
            n = len(gate)
            fail = etree.SubElement(case, "failure", type=worst,
                                    message=_clean(f"{n} finding{'s' if n != 1 else ''} at or above {fail_on}: "
                                                   + "; ".join(sorted({f['rule'] for f in gate}))))
            fail.text = _clean("\n".join(_lines(f) for f in gate))
        if rest:
            out = etree.SubElement(case, "system-out")
            out.text = _clean("\n".join(_lines(f) for f in rest))
    tests = len(cases)
    for el in (root, suite):
        el.set("tests", str(tests))
        el.set("failures", str(failures))
        el.set("errors", "0")
        el.set("skipped", "0")
        el.set("time", "0")
    suite.set("timestamp", result["run"]["today"] + "T00:00:00")
    props = etree.Element("properties")
    for k, v in (("fail-on", fail_on), ("gate", result["run"]["gate"]), ("tool-version", result["tool"]["version"])):
        etree.SubElement(props, "property", name=k, value=str(v))
    suite.insert(0, props)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _lines(f: dict[str, Any]) -> str:
    state = []
    if f.get("waived") is not None:
        state.append(f"waived: {f['waived']}")
    if f.get("baseline"):
        state.append(f"baseline: {f['baseline']}")
    head = f"{f['severity'].upper()} {f['rule']} [{f['category']}] {f['message']}"
    if state:
        head += f" ({'; '.join(state)})"
    lines = [head]
    for e in f["evidence"]:
        where = e["source"] + (f":{e['line']}" if e.get("line") else "")
        label = f"{e['label']}: " if e.get("label") else ""
        lines.append(f"    {where}: {label}{_one_line(e['text'])}")
    return "\n".join(lines)


def _one_line(text: str, limit: int = 300) -> str:
    s = " ".join(text.split())
    return s if len(s) <= limit else s[:limit] + " …"


def _clean(s: str) -> str:
    return _BAD_XML.sub("\ufffd", s)
