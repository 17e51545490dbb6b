"""Participant numbers a trial report states: planned sample size, screened, enrolled, randomized
and analysed. Pure text functions: offsets are into the text given.

    find_counts(text) -> list[Count]

'we determined a sample size of 125 patients per group' -> planned 125 per group;
'250 patients were randomly assigned' -> randomized 250; 'enrolled 219 patients' -> enrolled 219;
'111 control patients and 108 UC-MSC treated patients were included in the primary analysis'
-> analysed 219; 'A total of 252 ... patients ... were recruited and screened' -> screened 252.
A number must stand next to the verb that says what it counts; percentages, years and numbers
inside '(n = 12)' group sizes are not counts of the whole trial.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .numbers import to_int

KINDS = ("planned", "screened", "enrolled", "randomized", "analysed")


@dataclass(frozen=True, slots=True)
class Count:
    kind: str                 # one of KINDS
    value: int
    per_group: bool           # 'per group' / 'in each group'
    start: int
    end: int
    text: str


_N = r"(?:\d{1,3}(?:,\d{3})+|\d{1,6})(?![\d.,]*\s*(?:%|percent|mg|years?|months?|weeks?|days?|hours?))"
_WHO = (r"(?:patients|participants|subjects|women|men|children|adults|infants|individuals|volunteers|persons|"
        r"people|pairs|couples|mothers|neonates|adolescents|students|cases|eyes|smokers|eligible)")
_GAP = r"(?:[\w()+\-/]+\s+){0,%d}?"
_PER = r"(?P<per>\s+(?:per|in\s+each|for\s+each|each)\s+(?:group|arm|treatment\s+group|study\s+group))?"

_PATTERNS: tuple[tuple[str, re.Pattern], ...] = (
    ("planned", re.compile(
        rf"(?i)\bsample\s+size\s+(?:of|was|of\s+about|was\s+(?:calculated|estimated|determined)\s+(?:to\s+be|as|at)|"
        rf"(?:calculation\s+)?(?:indicated|required)|:)\s+(?:a\s+total\s+of\s+|approximately\s+|about\s+)?(?P<n>{_N})"
        rf"(?:\s+{_WHO})?{_PER}")),
    ("planned", re.compile(
        rf"(?i)\b(?:planned|aimed|intended|expected|needed|required|was|were)\s+to\s+(?:recruit|enrol+|include|randomi[sz]e|enter)\s+"
        rf"(?:a\s+total\s+of\s+|approximately\s+|about\s+)?(?P<n>{_N})\s+{_GAP % 2}{_WHO}{_PER}")),
    ("planned", re.compile(
        rf"(?i)\b(?P<n>{_N})\s+{_WHO}{_PER}\s+(?:would\s+be|were|was|are)\s+(?:required|needed|necessary)\b")),
    ("planned", re.compile(
        rf"(?i)\b(?:recruitment|enrol+ment|inclusion|a\s+target)\s+of\s+(?P<n>{_N})\s+{_WHO}{_PER}\s+(?:was|were)\s+"
        rf"(?:anticipated|planned|intended|targeted|expected|sought)\b")),
    ("randomized", re.compile(
        rf"(?i)\b(?P<n>{_N})\s+{_GAP % 8}(?:were|was|had\s+been|being)\s+(?:subsequently\s+|then\s+|finally\s+)?"
        rf"(?:randomi[sz]ed|randomly\s+(?:assigned|allocated|divided))\b")),
    ("randomized", re.compile(
        rf"(?i)\b(?:we\s+)?randomi[sz]ed\s+(?:a\s+total\s+of\s+)?(?P<n>{_N})\s+{_GAP % 3}{_WHO}")),
    ("randomized", re.compile(rf"(?i)\b(?:of\s+)?(?:the|all|a\s+total\s+of)\s+(?P<n>{_N})\s+randomi[sz]ed\s+{_WHO}")),
    ("enrolled", re.compile(
        rf"(?i)\b(?:enrolled|included|recruited)\s+(?:a\s+total\s+of\s+)?(?P<n>{_N})\s+{_GAP % 4}{_WHO}")),
    ("enrolled", re.compile(
        rf"(?i)\b(?P<n>{_N})\s+{_GAP % 8}(?:were|was)\s+(?:finally\s+|successfully\s+)?(?:enrolled|recruited|"
        rf"included\s+in\s+(?:the|this)\s+(?:study|trial))\b(?!\s+(?:and\s+)?(?:screened|in\s+the\s+\w*\s*analys))")),
    ("analysed", re.compile(
        rf"(?i)\b(?P<n>{_N})\s+{_GAP % 5}and\s+(?P<n2>{_N})\s+{_GAP % 5}(?:were|was)\s+(?:included\s+in|used\s+in|"
        rf"available\s+for)\s+(?:the\s+)?{_GAP % 3}analys[ie]s\b")),
    ("analysed", re.compile(
        rf"(?i)\b(?P<n>{_N})\s+{_GAP % 6}(?:were|was)\s+(?:included\s+in|used\s+in|available\s+for)\s+(?:the\s+)?"
        rf"{_GAP % 3}analys[ie]s\b")),
    ("analysed", re.compile(rf"(?i)\banaly[sz]ed\s+(?:data\s+(?:from|of)\s+)?(?P<n>{_N})\s+{_GAP % 2}{_WHO}")),
    ("analysed", re.compile(
        rf"(?i)\b(?P<n>{_N})\s+{_GAP % 5}(?:were|was)\s+(?:finally\s+)?analy[sz]ed\b(?!\s+(?:for|as)\b)")),
    ("screened", re.compile(
        rf"(?i)\b(?P<n>{_N})\s+{_GAP % 10}(?:were|was)\s+(?:recruited\s+and\s+|assessed\s+and\s+)?screened\b")),
    ("screened", re.compile(
        rf"(?i)\bscreen(?:ed|ing)\s+(?:of\s+)?(?:a\s+total\s+of\s+)?(?P<n>{_N})\s+{_GAP % 3}{_WHO}")),
    ("screened", re.compile(rf"(?i)\b(?P<n>{_N})\s+{_GAP % 3}(?:were\s+)?assessed\s+for\s+eligibility\b")),
)
# 'sample sizes of 132 (drug A), 132 (drug B) and 66 (placebo)': the planned total is the sum.
_SIZE_LIST = re.compile(
    rf"(?i)\bsample\s+sizes\s+of\s+(?P<list>{_N}(?:\s*\([^()]{{0,60}}\))?(?:\s*(?:,|and|,\s*and)\s*{_N}"
    rf"(?:\s*\([^()]{{0,60}}\))?)+)")
_LIST_NUM = re.compile(r"(?<![\w(])(\d{1,3}(?:,\d{3})+|\d{1,6})(?=\s*(?:\(|,|and\b|$))")
# A number that is a year ('In 2010 patients were enrolled') or a group size inside '(n = 12)'.
_YEAR = re.compile(r"^(?:19|20)\d\d$")
_GROUP_SIZE = re.compile(r"(?i)\(\s*n\s*=\s*$")
# '465 (66.9%) of the 695 were enrolled', '38% of the 184 dropouts were enrolled': the number after
# 'of (the)' is the pool, not the count the verb is about.
_TOTAL_OF = re.compile(r"(?i)\btotal\s+of\s+$")
# 'The efficacy analysis included 38 patients', 'the safety population included 2,815': who was analysed.
_ANALYSIS_SUBJECT = re.compile(r"(?i)\b(?:analys[ie]s|population|data\s?set|set)\s+$")
_PART_OF = re.compile(r"(?i)\bof\s+(?:the\s+|all\s+|these\s+|those\s+)?$")


# Words each pattern of _PATTERNS needs (lower case): a sentence without one of them is not searched
# with it (the patterns cost far more than these substring tests).
_NEEDS = (("sample",), ("recruit", "enrol", "include", "randomi", "enter"), ("required", "needed", "necessary"),
          ("anticipated", "planned", "intended", "targeted", "expected", "sought"), ("random",), ("randomi",),
          ("randomi",), ("enrolled", "included", "recruited"), ("enrolled", "recruited", "included"), ("analys",),
          ("analys",), ("analy",), ("analy",), ("screened",), ("screen",), ("eligibility",))
# Letters that IGNORECASE matches to ASCII ones but str.lower() does not fold: with one, search with every pattern.
ODD_CASE = ("\u0130", "\u0131", "\u017f", "\u212a")


def find_counts(text: str) -> list[Count]:
    """Every count of the whole trial's participants the text states, in text order."""
    out: list[Count] = []
    seen: set[tuple[str, int, int]] = set()
    low = None if any(c in text for c in ODD_CASE) else text.lower()
    for (kind, pat), needs in zip(_PATTERNS, _NEEDS, strict=True):
        if low is not None and not any(w in low for w in needs):
            continue
        for m in pat.finditer(text):
            raw = m.group("n")
            before = text[max(0, m.start("n") - 12):m.start("n")]
            leading = m.start("n") == m.start()   # 'N ... were enrolled': N may be 'of the N'
            part_of = leading and _PART_OF.search(before) and not _TOTAL_OF.search(before)
            if _YEAR.match(raw) or _GROUP_SIZE.search(before) or part_of:
                continue
            k = kind
            if k == "enrolled" and _ANALYSIS_SUBJECT.search(text[max(0, m.start() - 40):m.start()]):
                k = "analysed"            # 'The efficacy analysis included 38 patients'
            n = to_int(raw.replace(",", ""))
            if n is None or n == 0:
                continue
            if "n2" in m.groupdict() and m.group("n2"):
                n2 = to_int(m.group("n2").replace(",", ""))
                if n2 is None:
                    continue
                n += n2
            key = (k, m.start("n"), n)
            if key in seen:
                continue
            seen.add(key)
            per = bool(m.groupdict().get("per"))
            out.append(Count(k, n, per, m.start(), m.end(), m.group(0)))
    for m in _SIZE_LIST.finditer(text) if low is None or "sample" in low else ():
        nums = [to_int(x.replace(",", "")) for x in _LIST_NUM.findall(m.group("list"))]
        if len(nums) >= 2 and all(nums):
            out.append(Count("planned", sum(nums), False, m.start(), m.end(), m.group(0)))
    out.sort(key=lambda c: (c.start, KINDS.index(c.kind)))
    return _drop_nested(out)


def _drop_nested(counts: list[Count]) -> list[Count]:
    """One reading per number: 'analysed' over two numbers wins over 'analysed' of the first alone."""
    out: list[Count] = []
    for c in counts:
        if any(o.kind == c.kind and o.start <= c.start and c.end <= o.end and o is not c and o.value != c.value
               and len(o.text) > len(c.text) for o in counts):
            continue
        out.append(c)
    return out
