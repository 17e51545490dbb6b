"""One failing value in one row of a validated frame, from pandera, a suite or a section check;
turned into a Finding by joining the row back to its record, source line and original text."""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from ..findings import Evidence, Finding
from . import fields
from .ruleset import RULES

_QUOTE_MAX = 300   # characters of a long text quoted as evidence


@dataclass(slots=True)
class Hit:
    table: str
    row: int                   # position in the view (views.ROW)
    column: str                # the field: a view column (min_age, not min_age_text)
    value: Any                 # the failing value as validated (None: absent)
    rule: str
    message: str
    severity: str | None = None            # None: the rule's default
    category: str = "schema"
    because: tuple[str, ...] = ()          # other columns quoted as evidence (why it was required)
    values: dict[str, str] = field(default_factory=dict)
    evidence: list[Evidence] | None = None  # given when the quoted text is not in the row (a heading)

    def key(self) -> tuple:
        """Two checks that fail the same value of the same field in the same row report one problem."""
        return (self.table, self.row, self.column, norm(self.value))


def norm(v: Any) -> str | None:
    if v is None or v is pd.NA or v is pd.NaT or (isinstance(v, float) and math.isnan(v)):
        return None
    if hasattr(v, "item"):      # numpy scalars from GX
        v = v.item()
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


def quote(text: str) -> str:
    return text if len(text) <= _QUOTE_MAX else text[:_QUOTE_MAX].rstrip() + " …"


def lower(label: str) -> str:
    """'Overall status' -> 'overall status'; 'NCT id' stays."""
    return label if label[1:2].isupper() else label[:1].lower() + label[1:]


def _cell(row: pd.Series, col: str) -> Any:
    v = row.get(col)
    return None if norm(v) is None else v


def _evidence(table: str, row: pd.Series, col: str, highlight: bool) -> Evidence | None:
    raw = _cell(row, f"{col}_raw")
    val = _cell(row, col)
    line = _cell(row, f"{col}_line")
    text = raw if raw is not None else val
    if text is None:
        return None
    text = quote(str(text))
    return Evidence(source=str(row["source"]), line=int(line) if line is not None else None, text=text,
                    label=fields.label(table, col), highlight=text if highlight and len(text) < 120 else None)


def to_finding(hit: Hit, views: dict[str, pd.DataFrame]) -> Finding:
    row = views[hit.table].iloc[hit.row]
    evidence = list(hit.evidence or [])
    own = _evidence(hit.table, row, hit.column, highlight=True)
    if own is not None:
        evidence.append(own)
    for col in hit.because:
        e = _evidence(hit.table, row, col, highlight=False)
        if e is not None:
            evidence.append(e)
    if not evidence:
        # An absent value has no text: point at the record's source.
        evidence.append(Evidence(source=str(row["source"]), line=None,
                                 text=f"no {lower(fields.label(hit.table, hit.column))}",
                                 label=fields.label(hit.table, hit.column)))
    info = RULES.get(hit.rule)
    severity = hit.severity or (info.severity if info else "warning")
    return Finding(rule=hit.rule, category=hit.category, severity=severity, record=str(row["record_id"]),
                   message=hit.message, evidence=evidence, fields=[fields.path(hit.table, hit.column)],
                   values=dict(hit.values))
