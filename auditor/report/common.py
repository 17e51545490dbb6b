"""Small readings of the result dict shared by the writers (no computing: the gate test mirrors
pipeline.gating on findings as written)."""
from __future__ import annotations

import re
from typing import Any

from ..findings import SEVERITY_RANK


def is_gating(f: dict[str, Any], fail_on: str) -> bool:
    """True when the finding fails the gate: at or above fail_on, not waived, not in the baseline."""
    return (fail_on != "never" and SEVERITY_RANK[f["severity"]] >= SEVERITY_RANK[fail_on]
            and f.get("waived") is None and f.get("baseline") != "unchanged")


def has_baseline(result: dict[str, Any]) -> bool:
    """The run was compared with a baseline (findings marked new/unchanged, or some resolved)."""
    return any("baseline" in f for f in result["findings"]) or bool(result["resolved"])


# C0 and C1 controls (ESC starts terminal escape sequences; CSI 0x9b does too), DEL, and the bidi
# overrides that make a line read differently from its bytes.
_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_LINE_BREAKS = re.compile("\r\n|[\r\n\v\f\x85\u2028\u2029]")


def safe_text(text: Any) -> str:
    """Record text or a file name made safe for a terminal or a CI log: one line (breaks shown as
    ' / '), no control character or escape sequence (shown as '?'), and no '::' that a CI runner
    could take for a workflow command."""
    s = _LINE_BREAKS.sub(" / ", str(text))
    s = _CONTROLS.sub("?", s)
    return s.replace("::", ":\u200b:")
