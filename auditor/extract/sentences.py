"""Sentence boundaries in registry and article text, as offsets (so callers can quote and locate).

Registry text blocks wrap lines at a fixed width, so a single newline is not a boundary; a blank
line, a list bullet or a numbered item starting a line is, as is sentence punctuation followed by
a capital or a digit ('i.v., once', '0.5 mg' and 'b.i.d. (or every 8 hours)' stay inside one sentence).
"""
from __future__ import annotations

import re
from functools import lru_cache

_END = re.compile(r"(?<=[.;!?])\s+(?=[A-Z0-9])|\n\s*\n|\n\s*(?=[-•*·]|\d+[.)]\s)")


@lru_cache(maxsize=1024)
def sentence_spans(text: str) -> tuple[tuple[int, int], ...]:
    """(start, end) offsets of each sentence, in order; whitespace between sentences is left out.
    Cached: several rules read the same fields of a record one after the other."""
    out = []
    start = 0
    for m in _END.finditer(text):
        if m.start() > start:
            out.append((start, m.start()))
        start = m.end()
    if start < len(text):
        out.append((start, len(text)))
    return tuple(out)
