"""--format github: GitHub Actions workflow commands on stdout, so findings appear as annotations on the
files of a pull request. Waived findings and findings already in the baseline are not annotated."""
from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any, TextIO

from ..findings import SEVERITY_RANK

LEVEL = {"error": "error", "warning": "warning", "info": "notice"}


DEFAULT_MAX = 50   # GitHub shows at most 10 errors and 10 warnings per step and 50 per job


def write(result: dict[str, Any], out_dir: Path, stream: TextIO | None = None,
          max_annotations: int | None = None) -> None:
    out = stream or sys.stdout
    for line in annotations(result, DEFAULT_MAX if max_annotations is None else max_annotations):
        out.write(line + "\n")
    out.flush()


def annotations(result: dict[str, Any], max_annotations: int | None = None) -> list[str]:
    """The summary first (GitHub may hide what comes late), then one annotation per finding, most severe
    first, at most max_annotations (None: all), then how many were left out and why."""
    shown = []
    skipped = 0
    for f in result["findings"]:
        if f.get("waived") is not None or f.get("baseline") == "unchanged":
            skipped += 1
            continue
        shown.append(f)
    shown.sort(key=lambda f: -SEVERITY_RANK[f["severity"]])       # stable: the report's order within a level
    capped = shown if max_annotations is None else shown[:max_annotations]
    lines = [f"::notice title=trial-audit summary::{escape_data(_summary(result))}"]
    lines += [_annotation(f) for f in capped]
    if len(capped) < len(shown):
        rest = len(shown) - len(capped)
        lines.append(f"::notice title=trial-audit::{escape_data(_capped(rest, len(capped)))}")
    if skipped:
        lines.append(f"::notice title=trial-audit::{escape_data(_skipped(skipped))}")
    return lines


def _summary(result: dict[str, Any]) -> str:
    from .terminal import verdict_line
    return verdict_line(result).removeprefix("trial-audit: ")


def _capped(rest: int, shown: int) -> str:
    return (f"{rest:,} more finding{'s' if rest != 1 else ''} not annotated (the first {shown:,}, most severe "
            "first, are; github.max_annotations in the config sets the cap); all are in the reports")


def _annotation(f: dict[str, Any]) -> str:
    located = [e for e in f["evidence"] if e.get("source")]
    first = next((e for e in located if e.get("line")), located[0] if located else None)
    props = []
    if first is not None:
        props.append(f"file={escape_property(first['source'])}")
        if first.get("line"):
            props.append(f"line={int(first['line'])}")
            if first.get("col"):
                props.append(f"col={int(first['col'])}")
    props.append(f"title={escape_property(f['rule'] + ' ' + f['record'])}")
    others = [e for e in located if e is not first]
    message = f["message"]
    if others:
        message += "\n" + "\n".join("Also: " + e["source"] + (f":{e['line']}" if e.get("line") else "")
                                    + (f" ({e['label']})" if e.get("label") else "") for e in others)
    return f"::{LEVEL[f['severity']]} {','.join(props)}::{escape_data(message)}"


def _skipped(n: int) -> str:
    return f"{n} waived or baseline finding{'s' if n != 1 else ''} not annotated"


# Controls other than CR and LF (which escapeData encodes): ESC would reach the log viewer as a
# terminal escape sequence.
_CONTROLS = re.compile("[\x00-\x09\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def escape_data(s: str) -> str:
    """Workflow-command message escaping (actions/toolkit: escapeData), other controls shown as '?'."""
    return _CONTROLS.sub("?", s).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(s: str) -> str:
    """Workflow-command property escaping (actions/toolkit: escapeProperty)."""
    return escape_data(s).replace(":", "%3A").replace(",", "%2C")
