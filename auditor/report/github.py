"""--format github: GitHub Actions workflow commands on stdout, so findings appear as annotations on the
files of a pull request. Waived findings and findings already in the baseline are not annotated."""
from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any, TextIO

LEVEL = {"error": "error", "warning": "warning", "info": "notice"}


def write(result: dict[str, Any], out_dir: Path, stream: TextIO | None = None) -> None:
    out = stream or sys.stdout
    for line in annotations(result):
        out.write(line + "\n")
    out.flush()


def annotations(result: dict[str, Any]) -> list[str]:
    lines = []
    skipped = 0
    for f in result["findings"]:
        if f.get("waived") is not None or f.get("baseline") == "unchanged":
            skipped += 1
            continue
        lines.append(_annotation(f))
    if skipped:
        lines.append(f"::notice title=trial-audit::{escape_data(_skipped(skipped))}")
    return lines


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
