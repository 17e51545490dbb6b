"""Criteria-text rules: the numbering of eligibility-criteria lists, and criteria listed both as
inclusion and as exclusion criteria.

Numbering is read per list: the items of one kind (inclusion, exclusion, other), one numbering type
(1 2 3 or a b c) and one marker style ('1.', '1)', '(1)'). Nested and restarted lists are expected:
a 1 opens a (sub)list, and a number a parent list waits for closes the sublists above it
(1 2 3 [1 2] 4 5 is fine). A missing number written inline in an item of the list ('... as follows:
1) ...') is not reported: the splitting into items lost it, not the record.
"""
from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from typing import Iterator

from auditor.findings import Evidence, Finding
from auditor.model import FIELD_PATHS, Criterion, Trial
from auditor.rules import rule

_PATH = FIELD_PATHS["criteria_text"]
_DIGITS_OR_LETTER = re.compile(r"\d+|[A-Za-z]")
_LETTER = re.compile(r"[^\W\d_]")
_CONTINUATION = frozenset("-–.,;:)/")
_INLINE = re.compile(r"(?<![\w.,/-])(\d{1,3}|[A-Za-z])[a-z]?[.)](?!\d)")


@dataclass(slots=True)
class Item:
    """A numbered criterion of a list."""
    c: Criterion
    n: int                 # 1 for '1' or 'a'
    marker: str            # as written: '2.', '(b)', '3)'
    section: int           # items of one section: no criterion of another kind or sub-heading between them


@dataclass(slots=True)
class NumberedList:
    kind: str              # criterion kind: 'inclusion', 'exclusion', 'other'
    numbering: str         # 'arabic' (1 2 3) or 'lower' (a b c)
    items: list[Item]

    def label(self, n: int) -> str:
        return str(n) if self.numbering == "arabic" else chr(96 + n)

    def labels(self, ns: list[int]) -> str:
        return self.label(ns[0]) if len(ns) == 1 else f"{self.label(ns[0])}-{self.label(ns[-1])}"

    @property
    def name(self) -> str:
        return f"{self.kind} criteria" if self.kind != "other" else "eligibility criteria"


@dataclass(slots=True)
class Slip:
    what: str              # 'start', 'gap', 'back'
    items: list[Item]      # the item it starts at, or the two items it stands between
    missing: list[int]


def _value(number: str, prev_letter: int | None) -> tuple[str, int] | None:
    """(numbering, value) of a criterion number; None for dotted ('1.2') and roman ('iv') numbers and
    for capital letters, which label parts and sections ('B. Angiogenic responses') more often than
    criteria. A lone i, v or x counts as a letter only right after h, u or w."""
    if number.isdigit():
        return "arabic", int(number)
    if len(number) == 1 and "a" <= number <= "z":
        v = ord(number) - 96
        if number in "ivx" and prev_letter != v - 1:
            return None
        return "lower", v
    return None


def _markers(t: Trial) -> dict[int, str]:
    """The marker written before each numbered criterion ('2.', '(b)', '3)'), read back from the criteria
    text: criteria keep their number but not how it was written. Index in t.criteria -> marker."""
    raw = t.criteria_text.raw if t.criteria_text is not None and isinstance(t.criteria_text.raw, str) else ""
    out: dict[int, str] = {}
    pos = 0
    for i, c in enumerate(t.criteria):
        words = c.text.split()[:8]
        if not words:
            continue
        want = " ".join(words)
        j = raw.find(words[0], pos)
        while j >= 0 and " ".join(raw[j:j + 40 * len(words)].split()[:len(words)]) != want:
            j = raw.find(words[0], j + 1)
        if j < 0:
            continue
        before = raw[raw.rfind("\n", 0, j) + 1:j].split()
        if c.number and before and c.number in before[-1]:
            out[i] = before[-1]
        pos = j + 1
    return out


def numbered_lists(t: Trial) -> list[NumberedList]:
    """The numbered lists of a record's criteria with at least two items, in order. Items without a
    letter ('2).' left over from a wrapped '(Visit 2).') or that continue a number ('2.-9. (at least
    one yes)') are not list items."""
    markers = _markers(t)
    groups: dict[tuple[str, str, str], NumberedList] = {}
    last_letter: dict[str, int] = {}
    last_style: dict[tuple[str, str], str] = {}
    section = 0
    for i, c in enumerate(t.criteria):
        if i and (c.kind != t.criteria[i - 1].kind or c.heading != t.criteria[i - 1].heading):
            section += 1
        if not c.number or not _LETTER.search(c.text) or c.text[:1] in _CONTINUATION:
            continue
        v = _value(c.number, last_letter.get(c.kind))
        if v is None:
            continue
        numbering, n = v
        if numbering == "lower":
            last_letter[c.kind] = n
        marker = markers.get(i)
        # A marker not found again in the text takes the style of the list it continues.
        style = _DIGITS_OR_LETTER.sub("#", marker) if marker else last_style.get((c.kind, numbering), "#.")
        last_style[(c.kind, numbering)] = style
        marker = marker or style.replace("#", c.number)
        key = (c.kind, numbering, style)
        groups.setdefault(key, NumberedList(c.kind, numbering, [])).items.append(Item(c, n, marker, section))
    return [g for g in groups.values() if len(g.items) >= 2]


def slips(items: list[Item]) -> Iterator[Slip]:
    """Numbering slips of one list: a start above 1 (when the next item continues from it), gaps,
    repeated or backward numbers."""
    first = items[0]
    if first.n != 1 and items[1].n == first.n + 1:
        yield Slip("start", [first], list(range(1, first.n)))
    waiting = [first.n + 1]          # the next number of each open (sub)list, innermost last
    for prev, it in itertools.pairwise(items):
        n = it.n
        if n == 1:
            waiting.append(2)        # a sublist, or the list restarted under a new sub-heading
        elif n in waiting:           # the innermost list waiting for n goes on; the ones inside it are closed
            del waiting[len(waiting) - waiting[::-1].index(n):]
            waiting[-1] = n + 1
        elif it.section != prev.section:
            waiting = [n + 1]        # another section (other kind or sub-heading in between): numbered anew
        elif n > waiting[-1]:
            yield Slip("gap", [prev, it], list(range(waiting[-1], n)))
            waiting[-1] = n + 1
        else:
            yield Slip("back", [prev, it], [])
            waiting[-1] = n + 1        # follow the numbering as written from here on


def _written_inline(t: Trial, lst: NumberedList, missing: list[int]) -> bool:
    """True when a missing number stands inline in a criterion of the same kind ('...: 1) Non-Hodgkin'),
    with or without a letter after it ('2a.', '2b.' between 1 and 3)."""
    text = " ".join(c.text for c in t.criteria if c.kind == lst.kind)
    inline = {m.group(1).lower() for m in _INLINE.finditer(text)}
    return any(lst.label(m).lower() in inline for m in missing)


# The last record read and its slips: CRIT001-003 ask in turn for the same record. The record itself
# is kept, so that an identity test cannot match a new record at a reused address.
_last: list = []


def _slips(t: Trial, what: str) -> Iterator[tuple[Slip, NumberedList]]:
    if not (_last and _last[0] is t):
        found = [(s, lst) for lst in numbered_lists(t) for s in slips(lst.items)
                 if not (s.missing and _written_inline(t, lst, s.missing))]
        _last[:] = [t, found]
    for s, lst in _last[1]:
        if s.what == what:
            yield s, lst


def _evidence(it: Item, lst: NumberedList, first: bool = False) -> Evidence:
    label = f"{'first ' if first else ''}{lst.kind + ' ' if lst.kind != 'other' else ''}criterion {it.marker}"
    return Evidence.at(it.c.loc, f"{it.marker} {it.c.text}"[:300], label=label, highlight=it.marker)


def _finding(rid: str, severity: str, t: Trial, message: str, evidence: list[Evidence],
             values: dict[str, str]) -> Finding:
    return Finding(rule=rid, category="criteria-text", severity=severity, record=t.id, message=message,
                   evidence=evidence, fields=[_PATH], values=values)


@rule("CRIT001", category="criteria-text", severity="warning", title="Criteria list does not start at 1")
def list_start(t: Trial, ctx) -> Iterator[Finding]:
    """What: A numbered list of inclusion or exclusion criteria whose first item is numbered 2 or more
    while the next item continues from it, with no item 1 written anywhere in that list.
    Why: A list that starts at 2 usually lost its first criterion when the record was entered or
    copied; a criterion missing from the registry changes who can take part.
    Example: 'Inclusion Criteria' followed directly by '2. Decompensated liver cirrhosis ...'.
    """
    for s, lst in _slips(t, "start"):
        first = s.items[0]
        missing = lst.labels(s.missing)
        yield _finding("CRIT001", "warning", t,
                       f"The {lst.name} are numbered from {first.c.number}, not 1: criterion {missing} "
                       f"may have been lost.",
                       [_evidence(first, lst, first=True)],
                       {"list": lst.name, "first": first.marker, "missing": missing})


@rule("CRIT002", category="criteria-text", severity="warning", title="Gap in criteria numbering")
def list_gap(t: Trial, ctx) -> Iterator[Finding]:
    """What: A numbered criteria list that skips numbers (1, 2, 4), where the skipped number is not
    written inline in the list.
    Why: A gap usually means a criterion was deleted or lost in copying; if it was dropped on purpose the
    list should be renumbered so that references to a criterion by number stay unambiguous.
    Example: '2. Patients with documented fasting blood glucose below 55 mg/dl.' then '4. Patients with ...'.
    """
    for s, lst in _slips(t, "gap"):
        a, b = s.items
        missing = lst.labels(s.missing)
        yield _finding("CRIT002", "warning", t,
                       f"The {lst.name} skip {missing}: item {b.c.number} follows item {a.c.number}.",
                       [_evidence(a, lst), _evidence(b, lst)],
                       {"list": lst.name, "after": a.marker, "next": b.marker, "missing": missing})


@rule("CRIT003", category="criteria-text", severity="info", title="Repeated or backward criteria number")
def list_back(t: Trial, ctx) -> Iterator[Finding]:
    """What: A criterion numbered the same as, or lower than, the one before it in the same list (1, 2, 3,
    3, 4 or 1, 2, 5, 3), other than a restart at 1 (a sublist or a new sub-heading).
    Why: Repeated numbers make references to a criterion ambiguous and often show an item pasted twice or
    a list merged from two versions.
    Example: '3. Subjects with any of the following complications ...' followed by '3. Subjects who ...'.
    """
    for s, lst in _slips(t, "back"):
        a, b = s.items
        what = f"number two items {b.c.number}" if a.n == b.n else f"go back from item {a.c.number} to {b.c.number}"
        yield _finding("CRIT003", "info", t, f"The {lst.name} {what}.",
                       [_evidence(a, lst), _evidence(b, lst)],
                       {"list": lst.name, "before": a.marker, "next": b.marker})


# Criteria are compared without case, punctuation and a leading 'patients with' / 'subjects who have'.
_LEAD = re.compile(r"^(?:patients?|subjects?|participants?|individuals?|persons?|people|women|men|children|"
                   r"adults?|volunteers?)\s+(?:with|who\s+(?:have|has|are|is|can)|having)\s+")
_PUNCT = re.compile(r"[^\w<>=≤≥%]+")
# Items that say how the list is organised: with them, an item may belong to a lead-in or another group.
_STRUCTURE = re.compile(r"(?=[:ficegp])(?::\s*$|\b(?:following|inclusion|exclusion|criteria|cohort|group|part)\b)",
                        re.I)
# Not a condition but a pointer elsewhere ('Standard Phase I', 'see protocol').
_REFERENCE = re.compile(r"\b(?:standard|see|as\s+(?:above|below|per)|protocol)\b", re.I)
_PLAIN_SHAPES = (["inclusion", "exclusion"], ["other", "inclusion", "exclusion"])


def _norm(text: str) -> str:
    return _LEAD.sub("", " ".join(_PUNCT.sub(" ", text.lower()).split()))


def required_and_excluded_pairs(t: Trial) -> list[tuple[Criterion, Criterion]]:
    """(inclusion, exclusion) pairs stating the same criterion, in records whose criteria are one plain
    inclusion list followed by one plain exclusion list: no sub-headings, no lead-in items ('none of the
    following:'), no second section, so that a repeated item cannot belong to another group or to a
    negated lead-in."""
    cs = [c for c in t.criteria if c.kind in ("inclusion", "exclusion")]
    if [k for k, _ in itertools.groupby(c.kind for c in t.criteria)] not in _PLAIN_SHAPES:
        return []
    if any(c.heading or _STRUCTURE.search(c.text) for c in cs):
        return []
    inclusion: dict[str, Criterion] = {}
    for c in cs:
        if c.kind == "inclusion":
            inclusion.setdefault(_norm(c.text), c)
    out: dict[str, tuple[Criterion, Criterion]] = {}
    for c in cs:
        k = _norm(c.text)
        if c.kind == "exclusion" and k in inclusion and len(k.split()) >= 3 and not _REFERENCE.search(c.text):
            out.setdefault(k, (inclusion[k], c))
    return list(out.values())


@rule("CRIT004", category="criteria-text", severity="warning", title="Same criterion required and excluded")
def required_and_excluded(t: Trial, ctx) -> Iterator[Finding]:
    """What: The same criterion (same words, ignoring case, punctuation and a leading 'patients with')
    stands in both the inclusion and the exclusion list, in a record whose criteria are one plain
    inclusion list and one plain exclusion list. Records with sub-headings, lead-in items ('none of the
    following:') or several sections (parts, cohorts) are not judged.
    Why: A condition cannot be required and excluded at once; the duplicate is usually a paste error that
    leaves the real criterion unknown.
    Example: 'Patients who can understand and sign the inform consent form.' under both inclusion and
    exclusion criteria.
    """
    pairs = required_and_excluded_pairs(t)
    if not pairs:
        return
    evidence: list[Evidence] = []
    for inc, exc in pairs[:5]:
        evidence.append(Evidence.at(inc.loc, inc.text[:300], label="inclusion criterion"))
        evidence.append(Evidence.at(exc.loc, exc.text[:300], label="exclusion criterion"))
    first = pairs[0][0].text[:120]
    subject = f"'{first}' stands" if len(pairs) == 1 else f"'{first}' and {len(pairs) - 1} more criteria stand"
    yield _finding("CRIT004", "warning", t, f"{subject} in both the inclusion and the exclusion criteria.",
                   evidence, {"criteria in both lists": str(len(pairs))})
