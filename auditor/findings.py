"""Findings: what a rule reports, with the quoted evidence a curator needs to act on it."""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from typing import Any

from .model import Field, Loc

SEVERITIES = ("error", "warning", "info")
SEVERITY_RANK = {"error": 3, "warning": 2, "info": 1, "never": 99}

CATEGORIES = ("input", "schema", "age-limits", "masking-placebo", "dosing", "enrollment", "phase",
              "status-dates", "arms-interventions", "criteria-text", "typo", "statistics", "cross-source",
              "outcomes", "results")


@dataclass(slots=True)
class Evidence:
    """A quoted piece of original text with where it stands. `label` says what it is
    ('stated minimum age'); `highlight` is the part of text that conflicts."""
    source: str
    line: int | None
    text: str
    label: str | None = None
    highlight: str | None = None
    col: int | None = None

    @classmethod
    def of(cls, f: Field | None, label: str | None = None, highlight: str | None = None) -> "Evidence | None":
        if f is None:
            return None
        loc = f.loc or Loc("")
        return cls(source=loc.source, line=loc.line, text=f.raw, label=label, highlight=highlight, col=loc.col)

    @classmethod
    def at(cls, loc: Loc | None, text: str, label: str | None = None, highlight: str | None = None) -> "Evidence":
        loc = loc or Loc("")
        return cls(source=loc.source, line=loc.line, text=text, label=label, highlight=highlight, col=loc.col)

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"source": self.source, "line": self.line, "text": self.text}
        if self.col is not None:
            d["col"] = self.col
        if self.label:
            d["label"] = self.label
        if self.highlight:
            d["highlight"] = self.highlight
        return d


@dataclass(slots=True)
class Finding:
    rule: str
    category: str
    severity: str
    record: str
    message: str
    evidence: list[Evidence] = field(default_factory=list)
    fields: list[str] = field(default_factory=list)
    related: list[str] = field(default_factory=list)
    # Normalized values compared, for side-by-side display: {"stated": "21-69 years", "computed": "22-70 years"}
    values: dict[str, str] = field(default_factory=dict)
    waived: str | None = None            # the waiver's reason when waived
    waived_until: str | None = None      # the waiver's expiry date (yyyy-mm-dd), when it has one
    baseline: str | None = None          # 'new' / 'unchanged' when a baseline was given
    default_severity: str | None = None  # the rule's own severity, when the config re-levelled it
    baseline_severity: str | None = None  # the severity in the baseline, when it differs now

    def fingerprint(self) -> str:
        """Stable across line shifts: rule, record, and the evidence texts without numbers' positions."""
        h = hashlib.sha256()
        h.update(self.rule.encode())
        h.update(b"\0" + self.record.encode())
        for e in sorted({(_base(e.source), _stable(e.text)) for e in self.evidence}):
            h.update(b"\0" + e[0].encode() + b"\0" + e[1].encode())
        if not self.evidence:
            h.update(b"\0" + _stable(self.message).encode())
        return h.hexdigest()[:32]

    def sort_key(self) -> tuple:
        first = self.evidence[0] if self.evidence else None
        return (self.record, -SEVERITY_RANK[self.severity], self.rule,
                first.source if first else "", (first.line or 0) if first else 0, self.message)

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "rule": self.rule, "category": self.category, "severity": self.severity, "record": self.record,
            "related": sorted(set(self.related)), "message": self.message,
            "evidence": [e.to_dict() for e in self.evidence], "fields": list(dict.fromkeys(self.fields)),
            "fingerprint": self.fingerprint(),
        }
        if self.values:
            d["values"] = dict(self.values)
        if self.waived is not None:
            d["waived"] = self.waived
            if self.waived_until is not None:
                d["waived_until"] = self.waived_until
        if self.baseline is not None:
            d["baseline"] = self.baseline
        if self.default_severity is not None:
            d["default_severity"] = self.default_severity
        if self.baseline_severity is not None:
            d["baseline_severity"] = self.baseline_severity
        return d


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().lower()


# Positions and object addresses inside quoted texts (parser errors: "unexpected end of data at line 40",
# "<object at 0x7f...>") change when a file shifts or per run: left out of the fingerprint.
_UNSTABLE = re.compile(r"\b(?:line|lines|column|col|char|offset|pos|position)\s*:?\s*\d+|\b0x[0-9a-f]+")


def _stable(text: str) -> str:
    return _UNSTABLE.sub("#", _squash(text))


def _base(path: str) -> str:
    return path.replace("\\", "/").rsplit("/", 1)[-1]


def merge_duplicates(findings: list[Finding]) -> list[Finding]:
    """One finding per (rule, record, message): the same problem seen in two renderings of one
    record is one finding with the evidence of both."""
    out: dict[tuple, Finding] = {}
    for f in findings:
        k = (f.rule, f.record, f.message)
        if k not in out:
            out[k] = f
            continue
        g = out[k]
        seen = {(e.source, e.line, e.text) for e in g.evidence}
        for e in f.evidence:
            if (e.source, e.line, e.text) not in seen:
                g.evidence.append(e)
                seen.add((e.source, e.line, e.text))
        g.related = sorted(set(g.related) | set(f.related))
        g.fields = list(dict.fromkeys(g.fields + f.fields))
    return list(out.values())
