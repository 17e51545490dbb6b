"""Links between the results tables of one record: each table names its groups with its own ids
('FG000', 'BG000', 'OG000', 'EG000'; 'P1', 'B1', 'O1', 'E1'), so groups are matched by title."""
from __future__ import annotations

import re

from .model import FlowPeriod, GroupCount, ResultGroup, Results

_PUNCT = re.compile(r"[\s:;,.()\[\]\-_/]+")
_TOTAL = re.compile(r"^(?:total|overall|all (?:participants|patients|subjects))$")


def title_key(title: str) -> str:
    """A group title compared without case, spacing and punctuation."""
    return _PUNCT.sub(" ", title.lower()).strip()


def is_total(g: ResultGroup) -> bool:
    return bool(_TOTAL.match(title_key(g.name)))


def counts_by_group(counts: list[GroupCount]) -> dict[str, GroupCount]:
    """Group id -> its count, for counts that are whole numbers."""
    return {c.group: c for c in counts if c.count is not None and isinstance(c.count.value, int)}


def milestone(period: FlowPeriod, name: str):
    """The milestone of a period by its registry name ('STARTED', 'COMPLETED', 'NOT COMPLETED')."""
    for m in period.milestones:
        if m.name.strip().upper().replace("_", " ") == name:
            return m
    return None


def by_title(groups: list[ResultGroup]) -> dict[str, ResultGroup]:
    """Title key -> group, for titles that name one group only in the table."""
    seen: dict[str, list[ResultGroup]] = {}
    for g in groups:
        seen.setdefault(title_key(g.name), []).append(g)
    return {k: v[0] for k, v in seen.items() if len(v) == 1 and k}


def started_total(period: FlowPeriod) -> int | None:
    m = milestone(period, "STARTED")
    return sum(c.count.value for c in counts_by_group(m.counts).values()) if m is not None else None


def flow_in_parts(r: Results, enrollment: int | None) -> bool:
    """A flow whose periods hold different people (dose cohorts, study parts) rather than one
    sequence: several periods whose STARTED totals add up to no more than the enrollment."""
    totals = [t for t in (started_total(p) for p in r.periods) if t is not None]
    return len(totals) > 1 and enrollment is not None and sum(totals) <= enrollment


def started_by_title(r: Results, parts: bool = False) -> dict[str, tuple[ResultGroup, GroupCount, FlowPeriod]]:
    """Title key of a flow group -> its STARTED count: the largest over the periods (the period it
    counts), or with `parts` the sum over the periods (a GroupCount without location then, the first
    period's count kept as evidence)."""
    out: dict[str, tuple[ResultGroup, GroupCount, FlowPeriod]] = {}
    titled = by_title(r.flow_groups)
    ids = {g.id: k for k, g in titled.items()}
    for p in r.periods:
        m = milestone(p, "STARTED")
        if m is None:
            continue
        for gid, c in counts_by_group(m.counts).items():
            k = ids.get(gid)
            if k is None:
                continue
            if k not in out:
                out[k] = (titled[k], c, p)
            elif parts:
                prev = out[k][1]
                total = prev.count.value + c.count.value
                out[k] = (titled[k], GroupCount(gid, type(c.count)(total, str(total), prev.count.loc)), out[k][2])
            elif c.count.value > out[k][1].count.value:
                out[k] = (titled[k], c, p)
    return out
