"""Cut a registry page rendering into sections by their headings, and find its renderings.

A listing page may hold a summary of the record followed by the full record in the PRS section
order ('1. Study Identification', '2. Study Status', ...): those are two renderings, read apart."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .text_common import Doc, norm_label
from .text_registry_vocab import (
    CONTINUE_KINDS, FULL_INFO, HELPER, HELPER_MIN_SECTIONS, LABELS, PRS_SECTION, TEXT_KINDS, heading_kind,
)

Body = list[tuple[int, str]]
_NAV_RUN = 3                 # this many headings on consecutive lines are a navigation menu
_FULL_INFO_LOOKBACK = 15     # how far before the first PRS section a 'Full Information' title may stand
_CRITERIA_PART = re.compile(r"(?i)\b(?:inclusion|exclusion)\b")
_ARM_INNER = frozenset({"treatment", "treatments", "intervention", "interventions", "description",
                        "assigned interventions"})


@dataclass(slots=True)
class Section:
    kind: str                            # heading kind (text_registry_vocab.HEADINGS), 'preamble' or 'misc'
    heading: str | None
    line: int | None
    body: Body = field(default_factory=list)
    consumed: set[int] = field(default_factory=set)   # lines taken by a field label and its value

    def free(self) -> Body:
        return [(n, s) for n, s in self.body if n not in self.consumed]


def renderings(doc: Doc) -> list[tuple[str, int, int]]:
    """(name, first line, last line) of each rendering: 'main', or 'summary' and 'full'."""
    last = len(doc.lines)
    prs = next((i for i, ln in enumerate(doc.lines, 1) if PRS_SECTION.match(ln.strip())), None)
    if prs is None or prs == 1:
        return [("main", 1, last)]
    split = prs
    for j in range(prs - 1, max(0, prs - _FULL_INFO_LOOKBACK), -1):
        if FULL_INFO.match(doc.lines[j - 1].strip()):
            split = j
            break
    return [("summary", 1, split - 1), ("full", split, last)]


def segment(doc: Doc, first: int, last: int) -> list[Section]:
    rows = [(n, doc.lines[n - 1].strip()) for n in range(first, last + 1)]
    kinds = {n: k for n, s in rows if s and (k := heading_kind(s))}
    nav: set[int] = set()
    run: list[int] = []
    for n, s in rows + [(last + 1, "")]:
        if s and n in kinds:
            run.append(n)
            continue
        if len(run) >= _NAV_RUN:
            nav.update(run)
        run = []
    sections = [Section("preamble", None, None)]
    for n, s in rows:
        if not s or n in nav:
            continue
        cur = sections[-1]
        k = kinds.get(n)
        if k and cur.kind == "arms" and s.endswith(":") and norm_label(s) in _ARM_INNER:
            k = None         # 'Treatment:' / 'Description:' inside an arm
        if k:
            if k == cur.kind and k in CONTINUE_KINDS:
                cur.body.append((n, s))
            elif k == "eligibility" and _CRITERIA_PART.search(s):
                sections.append(Section(k, s, n, [(n, s)]))   # the criteria text starts at its heading
            else:
                sections.append(Section(k, s, n))
            continue
        if cur.kind in TEXT_KINDS and len(s) <= 80 and norm_label(s) in LABELS:
            sections.append(Section("misc", None, n, [(n, s)]))
            continue
        cur.body.append((n, s))
    _drop_helpers(sections)
    return sections


def _drop_helpers(sections: list[Section]) -> None:
    """Remove the helper sentence a site prints under its headings, when the page does so
    consistently (under several headings); a helper sentence is not record content."""
    hits = [s for s in sections if s.heading is not None and s.body and HELPER.match(s.body[0][1])]
    if len(hits) >= HELPER_MIN_SECTIONS:
        for s in hits:
            s.body.pop(0)
