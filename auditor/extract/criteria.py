"""Split eligibility-criteria text into items: inclusion, exclusion or other, each with its own
numbering as written and the place where it starts.

Sections are opened by headings ('Inclusion Criteria:', 'KEY EXCLUSION CRITERIA', 'Inclusion criteria
for Part A:', 'Criteria for inclusion:'), or by a lead-in line ending with a colon that names one section
('For inclusion in the study subjects should fulfill the following criteria:'); a heading may carry its
first item on the same line. Items start with a number ('1.', '2)', '(a)', 'ii.', '1.2'), a bullet ('-',
'*', '•') or, unmarked, on a line of their own. Short unmarked lines ending with a colon and holding no
number ('Patients must have:', 'DISEASE CHARACTERISTICS:') are sub-headings, kept on the items below
them up to the next heading or the first item standing left of them.

Line breaks mean different things by source: the legacy XML re-wraps every paragraph (a line
followed by a non-blank, unmarked line always continues it), while the JSON APIs keep one item per
line. Callers say which with `wrapped`.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from itertools import accumulate
from typing import Callable

from ..model import Criterion, Loc

Locate = Callable[[int], "Loc | None"]

_MARKER = re.compile(r"""(?x)
    (?:
        (?P<num>\d{1,3}(?:\.\d{1,3})*)(?:[.)](?=\s|[^\d\s])|-(?=\s))   # 1.  2)  1.2.  3-  1.Age
      | (?P<sub>\d{1,3}(?:\.\d{1,3})+)(?=\s+[A-Z])                   # 1.1 Text (not '18.5 kg/m2')
      | \((?P<par>\d{1,3}|[a-zA-Z]|[ivxIVX]{2,5})\)                  # (1) (a) (iv)
      | (?P<let>[a-zA-Z]|[ivxIVX]{2,5})[.)](?=\s)                    # a.  B)  iii.
      | (?P<ubul>[•·▪►◦○●■□➢✓])                                      # may touch the text
      | (?P<bul>[-*–—+]|o)(?=\s)                                      # '-', '*', 'o' need a space
      | (?P<dash>-)(?=[A-Za-z(])                                     # '-Age > 18'
    )[ \t]*""")

_HEADING = re.compile(r"""(?ix)^
    (?:(?:key|main|major|general|principal|additional|specific|other|selected|core|study|basic|
          common|essential|further|primary|secondary|patient|subject|participant)\s+)*
    (?:
        (?P<other>inclusion\s*(?:and|&|/|or)\s*exclusion|eligibility|selection)
      | (?P<inc>inclusion)
      | (?P<exc>exclusion|non[-\s]?inclusion|ineligibility)
    )
    (?P<crit>\s+criteri(?:a|on|as))?
    (?P<qual>\s*\([^)]{0,80}\)|\s+(?:for|of|in|at|-|–)\s*[^:：]{0,60}?)?
    (?:\s*(?P<colon>[:：])\s*(?P<content>.*))?\s*$""")
_CRITERIA_FOR = re.compile(r"""(?ix)^(?P<crit>criteria)\s+(?:for|of)\s+
    (?:(?P<inc>inclusion|participation|entry|enrol?lment)|(?P<exc>exclusion|non[-\s]?inclusion)|(?P<other>eligibility))
    \b(?P<qual>[^:：]{0,60}?)(?:\s*(?P<colon>[:：])\s*(?P<content>.*))?\s*$""")
# A lead-in line naming the section ('For inclusion in the study subjects should fulfill the
# following criteria:', 'INCLUSION REQUIREMENTS-PROBANDS:') heads it too.
_KIND_WORD = re.compile(r"(?i)\b(?:(?P<exc>non[-\s]?inclusions?|exclusions?)|(?P<inc>inclusions?))\b")
_DECOR = "*_# \t"
# Cheap test run before _heading on every line: can the line start a heading at all?
_MAY_HEAD = re.compile(r"(?i)[*_#\s]*(?:key|main|major|general|principal|additional|specific|other|selected|core|study|"
                       r"basic|common|essential|further|primary|secondary|patient|subject|participant|inclusion|"
                       r"exclusion|non|ineligib|eligib|selection|criteri)")
_DIGIT = re.compile(r"\d")


def text_locator(text: str, source: str, first_line: int | None, first_col: int | None = None) -> Locate:
    """Offsets in `text` -> Loc, for text whose first character stands at first_line (and first_col,
    if known) and whose newlines are real line breaks in the source."""
    # Offset where each line starts (built by C-level iteration only).
    starts = [0, *accumulate(map((1).__add__, map(len, text.split("\n"))))]

    def locate(off: int) -> Loc | None:
        if first_line is None:
            return Loc(source)
        k = bisect_right(starts, off) - 1
        if k == 0:
            return Loc(source, first_line, first_col + off if first_col is not None else None)
        return Loc(source, first_line + k, off - starts[k] + 1)
    return locate


def _heading(s: str) -> tuple[str, str | None, int] | None:
    """(kind, inline content, offset of the content in s) when the line s is a section heading."""
    core = s.strip(_DECOR)
    m = _HEADING.match(core) or _CRITERIA_FOR.match(core)
    if m is None:
        return _lead_in(core)
    # 'Exclusion of patients with ...' is a sentence, not a heading: a qualifier needs
    # the word 'criteria' or a colon to make a heading.
    if m.group("qual") and not (m.group("crit") or m.group("colon")):
        return None
    kind = "inclusion" if m.group("inc") else "exclusion" if m.group("exc") else "other"
    content = (m.group("content") or "").strip(_DECOR)
    if not content:
        return kind, None, 0
    return kind, content, s.index(core) + m.start("content")


def _may_be_heading(s: str) -> bool:
    """False when _heading(s) is sure to be None: it opens with no heading word and, stripped of
    decoration, does not end with a colon (a cheap test for the many numbered items)."""
    return _MAY_HEAD.match(s) is not None or s.strip(_DECOR).endswith((":", "："))


def _lead_in(core: str) -> tuple[str, None, int] | None:
    if not core.endswith((":", "：")) or len(core) > 120:
        return None
    kinds = {"exclusion" if m.group("exc") else "inclusion" for m in _KIND_WORD.finditer(core)}
    if len(kinds) != 1:
        return None
    return kinds.pop(), None, 0


def _number(m: re.Match) -> str | None:
    for g in ("num", "sub", "par", "let"):
        if m.group(g):
            return m.group(g)
    return None


def _is_subheading(text: str) -> bool:
    return (text.endswith(":") and len(text) <= 80 and len(text.split()) <= 8
            and not _DIGIT.search(text))


def split_criteria(text: str, locate: Locate, *, wrapped: bool = False) -> list[Criterion]:
    """The items of an eligibility-criteria text, in order. Each item's loc is where its marker (or
    its first word, when unmarked) stands; its text has line wraps and runs of spaces collapsed."""
    out: list[Criterion] = []
    kind = "other"
    sub: str | None = None
    sub_indent = 0
    # The open item: [start offset, number, marked, parts, indentation]
    cur: list | None = None

    def close() -> None:
        nonlocal cur, sub, sub_indent
        if cur is None:
            return
        start, number, marked, parts, indent = cur
        cur = None
        body = " ".join(" ".join(parts).split())
        if not body:
            return
        if not marked and len(parts) == 1 and _is_subheading(body):
            sub = body[:-1].strip(_DECOR) or None
            sub_indent = indent
            return
        if indent < sub_indent:
            # An item left of its sub-heading is outside it ('14. ...' after the list under
            # 'Postmenopausal is defined as:').
            sub = None
        out.append(Criterion(kind=kind, number=number, text=body, loc=locate(start), heading=sub))

    pos = 0
    blank_before = True
    for line in text.split("\n"):
        start = pos
        pos += len(line) + 1
        stripped = line.lstrip()
        s = stripped.rstrip()
        if not s:
            blank_before = True
            if wrapped and cur is not None:
                close()
            continue
        indent = len(line) - len(stripped)
        m = _MARKER.match(line, indent)
        if m is None:
            h = _heading(s) if _MAY_HEAD.match(s) or s[-1] in ":：" else None
        else:
            # A numbered or bulleted heading counts only when it carries no item of its own.
            rest = line[m.end():].strip()
            h = _heading(rest) if _may_be_heading(rest) else None
            if h is not None and h[1] is not None:
                h = None
        if h is not None:
            close()
            kind, content, coff = h
            sub = None
            sub_indent = 0
            if content is not None:
                cur = [start + indent + coff, None, False, [content], indent]
        elif m is not None:
            close()
            cur = [start + indent, _number(m), True, [line[m.end():]], indent]
        elif wrapped and cur is not None and not blank_before:
            cur[3].append(s)
        else:
            close()
            cur = [start + indent, None, False, [s], indent]
        blank_before = False
    close()
    return out
