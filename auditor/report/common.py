"""Small readings of the result dict shared by the writers (no computing: the gate test mirrors
pipeline.gating on findings as written)."""
from __future__ import annotations

from typing import Any

from ..findings import SEVERITY_RANK


def is_gating(f: dict[str, Any], fail_on: str) -> bool:
    """True when the finding fails the gate: at or above fail_on, not waived, not in the baseline."""
    return (fail_on != "never" and SEVERITY_RANK[f["severity"]] >= SEVERITY_RANK[fail_on]
            and f.get("waived") is None and f.get("baseline") != "unchanged")


def has_baseline(result: dict[str, Any]) -> bool:
    """The run was compared with a baseline (findings marked new/unchanged, or some resolved)."""
    return any("baseline" in f for f in result["findings"]) or bool(result["resolved"])
