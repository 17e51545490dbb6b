"""audit.json: the stable output contract. Byte-identical for the same input."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson

from ..spill import SpilledFindings


def dumps(result: dict[str, Any]) -> bytes:
    return orjson.dumps(result, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS) + b"\n"


_OPTS = orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS
_PLACE = b'\n  "findings": []'


def write_json(result: dict[str, Any], out_dir: Path) -> Path:
    """The same bytes as dumps(result), written a finding at a time: a run of 100,000 records never
    holds its whole audit.json in memory."""
    path = out_dir / "audit.json"
    findings = result.get("findings")
    if not isinstance(findings, (list, SpilledFindings)) or not findings:
        path.write_bytes(dumps({**result, "findings": []} if isinstance(findings, SpilledFindings) else result))
        return path
    # Spilled findings are read back from their file one at a time (auditor/spill.py).
    head, tail = orjson.dumps({**result, "findings": []}, option=_OPTS).split(_PLACE, 1)
    with open(path, "wb") as fh:
        fh.write(head + b'\n  "findings": [')
        for i, f in enumerate(findings):
            # An element of a list inside the top-level object is indented by four spaces; strings hold
            # no raw line breaks (JSON escapes them), so indenting every line is exact.
            fh.write((b"\n    " if i == 0 else b",\n    ") + orjson.dumps(f, option=_OPTS).replace(b"\n", b"\n    "))
        fh.write(b"\n  ]" + tail + b"\n")
    return path
