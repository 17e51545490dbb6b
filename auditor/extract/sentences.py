"""Sentence boundaries in registry and article text, as offsets (so callers can quote and locate).

Registry text blocks wrap lines at a fixed width, so a single newline is not a boundary; a blank
line, a list bullet or a numbered item starting a line is, as is sentence punctuation followed by
a capital, digit or bracket ('i.v., once' and '0.5 mg' stay inside one sentence).
"""
from __future__ import annotations

import re

_END = re.compile(r"(?<=[.;!?])\s+(?=[A-Z0-9(\[])|\n\s*\n|\n\s*(?=[-•*·]|\d+[.)]\s)")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) offsets of each sentence, in order; whitespace between sentences is left out."""
    out = []
    start = 0
    for m in _END.finditer(text):
        if m.start() > start:
            out.append((start, m.start()))
        start = m.end()
    if start < len(text):
        out.append((start, len(text)))
    return out
