"""audit.sarif: SARIF 2.1.0 for code-scanning dashboards (GitHub, Azure DevOps, VS Code SARIF viewer).

Every evidence quote with a line becomes a location; quotes without a line become related locations
on their file. Waived findings carry an external suppression, baseline runs a baselineState, and findings
of the baseline that are gone are listed as 'absent'."""
from __future__ import annotations

import re
from pathlib import Path, PurePosixPath
from typing import Any, Iterator
from urllib.parse import quote

import orjson

from .common import has_baseline

SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
LEVEL = {"error": "error", "warning": "warning", "info": "note"}
FINGERPRINT_KEY = "trialAudit/v1"
MAX_SNIPPET = 2000


_PLACE = b'\n      "results": []'


def write(result: dict[str, Any], out_dir: Path) -> Path:
    """The bytes of to_sarif(result), written a result at a time (findings may be spilled to a file:
    auditor/spill.py)."""
    path = out_dir / "audit.sarif"
    head, tail = orjson.dumps(_sarif(result, []), option=orjson.OPT_INDENT_2).split(_PLACE, 1)
    with open(path, "wb") as fh:
        fh.write(head + b'\n      "results": [')
        n = 0
        for n, res in enumerate(_results(result), 1):
            # An element of runs[0].results is indented by eight spaces; strings hold no raw line breaks.
            fh.write((b"\n        " if n == 1 else b",\n        ")
                     + orjson.dumps(res, option=orjson.OPT_INDENT_2).replace(b"\n", b"\n        "))
        fh.write((b"\n      ]" if n else b"]") + tail + b"\n")
    return path


def to_sarif(result: dict[str, Any]) -> dict[str, Any]:
    return _sarif(result, list(_results(result)))


def _results(result: dict[str, Any]) -> Iterator[dict[str, Any]]:
    index = {r["id"]: i for i, r in enumerate(result["rules"])}
    baseline = has_baseline(result)
    for f in result["findings"]:
        yield _result(f, index, baseline)
    for f in result["resolved"]:
        yield _result(f, index, baseline, absent=True)


def _sarif(result: dict[str, Any], results: list[dict[str, Any]]) -> dict[str, Any]:
    rules = result["rules"]
    run: dict[str, Any] = {
        "tool": {"driver": {
            "name": result["tool"]["name"], "version": result["tool"]["version"],
            "semanticVersion": result["tool"]["version"],
            "rules": [_rule(r) for r in rules],
        }},
        "invocations": [{"executionSuccessful": True,
                         "properties": {"gate": result["run"]["gate"], "failOn": result["run"]["fail_on"],
                                        "today": result["run"]["today"]}}],
        "columnKind": "unicodeCodePoints",
        "results": results,
    }
    return {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}


def _rule(r: dict[str, Any]) -> dict[str, Any]:
    what, why, example = r.get("what") or r["title"], r.get("why") or "", r.get("example") or ""
    text = "\n\n".join(x for x in (f"What: {what}", f"Why: {why}" if why else "",
                                    f"Example: {example}" if example else "") if x)
    md = "\n\n".join(x for x in (f"**What.** {what}", f"**Why.** {why}" if why else "",
                                  f"**Example.**\n\n{_md_quote(example)}" if example else "") if x)
    return {
        "id": r["id"], "name": _pascal(r["title"]),
        "shortDescription": {"text": r["title"]},
        "fullDescription": {"text": what},
        "help": {"text": text, "markdown": md},
        "defaultConfiguration": {"level": LEVEL[r["severity"]]},
        "properties": {"category": r["category"], "tags": ["clinical-trial-data", r["category"]],
                       "defaultSeverity": r["default_severity"]},
    }


def _result(f: dict[str, Any], index: dict[str, int], baseline: bool, absent: bool = False) -> dict[str, Any]:
    with_line = [e for e in f["evidence"] if e.get("source") and e.get("line")]
    no_line = [e for e in f["evidence"] if e.get("source") and not e.get("line")]
    locations = [_location(e) for e in with_line]
    if not locations and no_line:      # a file-level finding (unreadable file): the file is the location
        locations, no_line = [_location(no_line[0])], no_line[1:]
    res: dict[str, Any] = {
        "ruleId": f["rule"], "level": LEVEL[f["severity"]], "message": {"text": f["message"]},
        "locations": locations,
        "partialFingerprints": {FINGERPRINT_KEY: f["fingerprint"]},
        "properties": {"category": f["category"], "record": f["record"]},
    }
    if f["rule"] in index:
        res["ruleIndex"] = index[f["rule"]]
    if no_line:
        res["relatedLocations"] = [dict(_location(e), id=i) for i, e in enumerate(no_line)]
    if f.get("related"):
        res["properties"]["related"] = f["related"]
    if f.get("values"):
        res["properties"]["values"] = f["values"]
    if f.get("waived") is not None:
        res["suppressions"] = [{"kind": "external", "status": "accepted", "justification": f["waived"]}]
    if absent:
        res["baselineState"] = "absent"
    elif baseline and f.get("baseline") in ("new", "unchanged"):
        res["baselineState"] = f["baseline"]
    return res


def _location(e: dict[str, Any]) -> dict[str, Any]:
    phys: dict[str, Any] = {"artifactLocation": {"uri": _uri(e["source"])}}
    if e.get("line"):
        region: dict[str, Any] = {"startLine": int(e["line"])}
        if e.get("col"):
            region["startColumn"] = int(e["col"])
        if e.get("text"):
            region["snippet"] = {"text": e["text"][:MAX_SNIPPET]}
        phys["region"] = region
    loc: dict[str, Any] = {"physicalLocation": phys}
    if e.get("label"):
        loc["message"] = {"text": e["label"]}
    return loc


def _uri(source: str) -> str:
    """A URI reference for a displayed path: relative and normalised ('.' and '..' parts removed, so
    it never climbs out of the audited root whatever a zip member was named); a path given as
    absolute (outside the working folder) becomes a file: URI. Control characters are %-encoded."""
    posix = source.replace("\\", "/")
    if PurePosixPath(posix).is_absolute():
        return "file://" + quote(_normal(posix, absolute=True), safe="/!")
    if re.match(r"^[A-Za-z]:/", posix):            # a Windows drive path
        return "file:///" + quote(posix[:3] + _normal(posix[3:]), safe="/:!")
    return quote(_normal(posix), safe="/!")


def _normal(posix: str, absolute: bool = False) -> str:
    # 'archive.zip!member': the member's path is normalised on its own too.
    pieces = ["/".join(p for p in piece.split("/") if p not in ("", ".", "..")) for piece in posix.split("!")]
    return ("/" if absolute else "") + "!".join(pieces)


def _pascal(title: str) -> str:
    return "".join(w[:1].upper() + w[1:] for w in re.findall(r"[A-Za-z0-9]+", title)) or "Rule"


def _md_quote(text: str) -> str:
    return "\n".join("> " + line for line in text.splitlines())
