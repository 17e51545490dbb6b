"""Counts printed beside each other in running text and tables: a percentage with its n/N
('20.7% (23/111)', '23/111 (20.7%)', '23 of 111 (20.7%)', '304 [29%] of 1058'), group sizes that should
add up to a stated total ('enrolled 219 patients ... control group (n = 111) and ... group (n = 108)'),
and the same in one-cell-per-line tables ('Gender (male/female)' / '96/15' under 'Control (n = 111)').

Offsets are character offsets into the text given; table helpers take the list of lines.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .numbers import WORD_NUMBER, to_int
from .printed import Printed, parse_number

_PCT = r"(?P<pct>\d{1,3}(?:[.\u00b7]\d+)?)\s?%"
_N = r"(?P<n>\d{1,6})"
_D = r"(?P<d>\d{1,6})"
_OPEN, _CLOSE = r"[\(\[]\s*", r"\s*[\)\]]"
# Standing alone: after a space, a bracket or the start, not glued to a footnote mark or a previous
# table cell ('†13/249 (1%)'), not after '=' ('subscore = 0/1 (21%)'), not in a date or a ratio chain.
_PRE = r"(?<![^\s(\[])(?<!=\s)"
_POST = r"(?![\d/:]|[.,\u00b7]\d)"
_PCT_FORMS = [
    re.compile(rf"{_PRE}{_PCT}\s*{_OPEN}{_N}\s*/\s*{_D}{_CLOSE}"),                                 # 20.7% (23/111)
    re.compile(rf"{_PRE}{_N}\s*/\s*{_D}\s*{_OPEN}{_PCT}{_CLOSE}"),                                # 23/111 (20.7%)
    re.compile(rf"{_PRE}{_N}\s+(?:of|out\s+of)\s+{_D}{_POST}(?:\s+[a-z]+){{0,2}}\s*{_OPEN}{_PCT}{_CLOSE}"),  # 23 of 111 (20.7%)
    re.compile(rf"{_PRE}{_N}\s*{_OPEN}{_PCT}{_CLOSE}\s+(?:of|out\s+of)\s+{_D}{_POST}"),           # 304 [29%] of 1058
]
# A table cell holding a percentage and its n/N without the % sign: '13.5 (15/111)'.
_PCT_CELL = re.compile(r"^\s*(?P<pct>\d{1,3}(?:[.\u00b7]\d+)?)\s*\(\s*(?P<n>\d{1,6})\s*/\s*(?P<d>\d{1,6})\s*\)\s*$")


@dataclass(slots=True, frozen=True)
class PercentCount:
    pct: Printed
    n: int
    total: int
    start: int
    end: int
    text: str

    @property
    def exact(self) -> float:
        return 100.0 * self.n / self.total

    def consistent(self) -> bool:
        """Some rounding of n/N to the printed decimals gives the printed percentage: rounding half up or
        down, or truncation, so a tolerance of one unit in the last printed digit. A percentage of N - 1 or
        N + 1 is accepted too: one missing answer is a common, harmless cause ('136/308 (44.3%)' is 136/307)."""
        tol = 2 * self.pct.half + 1e-9
        return any(abs(100.0 * self.n / d - self.pct.value) < tol
                   for d in (self.total, self.total - 1, self.total + 1) if d >= max(self.n, 1))


def _pc(m: re.Match, offset: int = 0) -> PercentCount | None:
    pct = parse_number(m.group("pct"))
    n, d = int(m.group("n")), int(m.group("d"))
    if pct is None or not 0 <= pct.value <= 100 or d < _MIN_TOTAL or n > d:
        return None
    return PercentCount(pct, n, d, offset + m.start(), offset + m.end(), m.group(0))


# A slash between a decimal and a number is a dose pair ('7.5/46 mg'): then '15/92 (27.6%)' is one too.
_DOSE_PAIR = re.compile(r"\d[.\u00b7]\d+\s*/\s*\d")
_MIN_TOTAL = 3    # '0/1' and '1/2' are more often scores or 'either' than counts


def find_percent_counts(text: str) -> list[PercentCount]:
    """Every percentage printed with its n/N in the text, in order, without overlaps; none in a
    sentence that writes dose pairs with a slash."""
    found: list[PercentCount] = []
    if "%" not in text:
        return found
    for rx in _PCT_FORMS:
        for m in rx.finditer(text):
            pc = _pc(m)
            if pc is not None and not any(pc.start < f.end and f.start < pc.end for f in found):
                found.append(pc)
    if found and _DOSE_PAIR.search(text):
        doses = [(m.start(), m.end()) for m in _SENTENCE.finditer(text) if _DOSE_PAIR.search(m.group(0))]
        found = [p for p in found if not any(a <= p.start < b for a, b in doses)]
    return sorted(found, key=lambda p: p.start)


def table_percent_cell(cell: str, row_label: str) -> PercentCount | None:
    """'13.5 (15/111)' in a table row whose label says it holds percentages ('> 15, % (n/total number)')."""
    if "%" not in row_label:
        return None
    m = _PCT_CELL.match(cell)
    return _pc(m) if m else None


# ------------------------------------------------------------------ group sizes against a stated total

def _count(name: str) -> str:
    return rf"(?P<{name}>\d{{1,3}}(?:,\d{{3}})+|\d+|{WORD_NUMBER})"


_PEOPLE = r"(?:patients|participants|subjects|individuals|women|men|children|infants|adults|volunteers|persons|people|cases)"
_TOTAL_VERB = r"(?:enrolled|randomi[sz]ed|recruited|included|allocated|assigned)"
# 'enrolled 219 patients' or '219 patients ... were enrolled/randomized'.
_TOTAL = re.compile(
    rf"(?i)(?<![\d.,])(?:{_TOTAL_VERB}\s+(?:a\s+total\s+of\s+)?{_count('t1')}\s+(?:[\w-]+\s+){{0,6}}?{_PEOPLE}"
    rf"|(?:a\s+total\s+of\s+)?{_count('t2')}\s+(?:[\w-]+\s+){{0,6}}?{_PEOPLE}\s+(?:[\w,-]+\s+){{0,12}}?"
    rf"(?:were|was)\s+(?:(?:then|subsequently|successfully|finally)\s+)?{_TOTAL_VERB})")
# A group size: 'control group (n = 111)', 'the UC-MSC-treated group (n=108)', 'placebo arm (n = 40)'.
_GROUP_N = re.compile(r"(?i)\b(?:group|arm|cohort)s?\s*[\(\[]\s*n\s*=\s*(?P<n>\d{1,6})\s*[\)\]]")
_EACH = re.compile(r"(?i)\(\s*n\s*=\s*\d+\s+(?:in\s+)?(?:each|per)\b")
# Words saying the group sizes count something other than the stated total.
_OTHER_STAGE = re.compile(r"(?i)analy[sz]|complet|withdr|excluded|lost|dropp|discontinu|died|evaluab|"
                          r"screen|eligible|per[- ]protocol|intention|of whom|among them|respectively|subgroup")
_SENTENCE = re.compile(r"(?:[^.!?]|[.!?](?=\d))+(?:[.!?]+|$)")


@dataclass(slots=True, frozen=True)
class GroupTotal:
    """A stated total with the group sizes the same sentence splits it into."""
    total: int
    total_text: str
    groups: tuple[int, ...]
    start: int
    end: int
    text: str          # the sentence


def find_group_totals(text: str) -> list[GroupTotal]:
    """Sentences that state one total of participants and split it into two or more groups written as
    'group (n = k)'. Sentences that also speak of analysis, completion, withdrawal or screening are left
    out: their group sizes may count another stage of the trial."""
    out = []
    if len(_GROUP_N.findall(text)) < 2:
        return out
    for sm in _SENTENCE.finditer(text):
        sent = sm.group(0)
        if "=" not in sent or len(groups := list(_GROUP_N.finditer(sent))) < 2 or _OTHER_STAGE.search(sent) \
                or _EACH.search(sent):
            continue
        totals = list(_TOTAL.finditer(sent))
        if len(totals) != 1 or groups[0].start() < totals[0].end():
            continue
        tm = totals[0]
        total = to_int(tm.group("t1") or tm.group("t2") or "")
        if total is None:
            continue
        out.append(GroupTotal(total, tm.group(0), tuple(int(g.group("n")) for g in groups),
                              sm.start(), sm.end(), sent.strip()))
    return out


# ------------------------------------------------------------------ one-cell-per-line tables

# A column header with its group size: 'Control (n = 111)', 'UC-MSC (N=108)'.
_HEADER_N = re.compile(r"^\s*(?P<name>[^\d()\[\]]{1,60}?)\s*[\(\[]\s*[nN]\s*=\s*(?P<n>\d{1,6})\s*[\)\]]\s*$")
# A row label naming a two-way split: 'Gender (male/female)', 'Ascites (presence/absence)', 'Sex, M/F'.
_SPLIT_LABEL = re.compile(r"(?i)(?:\(|,\s*)(?P<a>[a-z]+)\s*/\s*(?P<b>[a-z]+)\)?\s*(?:,?\s*n)?\s*$")
_SPLIT_CELL = re.compile(r"^\s*(?P<a>\d{1,6})\s*/\s*(?P<b>\d{1,6})\s*$")


@dataclass(slots=True, frozen=True)
class SplitRow:
    """A table row splitting each group in two ('96/15') under column headers with group sizes."""
    label: str
    label_line: int                       # 0-based index into the lines
    cells: tuple[tuple[int, int, int], ...]  # (line index, a, b) per group column
    headers: tuple[tuple[int, str, int], ...]  # (line index, header text, n) per group column


def find_split_rows(lines: list[str]) -> list[SplitRow]:
    """Rows like 'Gender (male/female)' followed, one cell per line, by exactly one 'a/b' cell per
    group column, where the columns were announced by consecutive header lines 'Name (n = N)'."""
    out: list[SplitRow] = []
    headers: list[tuple[int, str, int]] = []
    i = 0
    while i < len(lines):
        hm = _HEADER_N.match(lines[i])
        if hm:
            run = []
            while i < len(lines) and (m := _HEADER_N.match(lines[i])):
                run.append((i, lines[i].strip(), int(m.group("n"))))
                i += 1
            headers = run if len(run) >= 2 else headers
            continue
        if headers and i - headers[-1][0] > 400:     # far past the table's header: another table
            headers = []
        if headers and _SPLIT_LABEL.search(lines[i]) and not _SPLIT_CELL.match(lines[i]):
            k = len(headers)
            cells = []
            for j in range(i + 1, min(i + 1 + k, len(lines))):
                cm = _SPLIT_CELL.match(lines[j])
                if not cm:
                    break
                cells.append((j, int(cm.group("a")), int(cm.group("b"))))
            if len(cells) == k:
                out.append(SplitRow(lines[i].strip(), i, tuple(cells), tuple(headers)))
                i += 1 + k
                continue
        i += 1
    return out


# ------------------------------------------------------------------ participant flow in one paragraph

_NUMW = rf"(?:\d{{1,6}}|{WORD_NUMBER})"
_WHO = r"(?:patients|participants|subjects|women|men|children|infants|individuals)"
_ALLOC = r"(?:randomi[sz]ed|randomly\s+(?:assigned|allocated)|assigned|allocated)"
# '250 patients were randomly assigned to ... groups (n = 125 in each group)'
_RAND_EACH = re.compile(
    rf"(?i)(?<![\d.,])(?P<total>{_NUMW})\s+(?:[\w-]+\s+){{0,6}}?(?:were|was)\s+{_ALLOC}\b[^.;]*?"
    rf"[\(\[]\s*n\s*=\s*(?P<each>\d{{1,6}})\s+(?:in\s+)?(?:each|per)\s+(?:group|arm)\s*[\)\]]")
# '10 and 10 patients withdrew the consent', '4 and 7 patients were lost to follow-up'
_LOSS_PAIR = re.compile(
    rf"(?i)(?<![\d.,])(?P<a>{_NUMW})\s+and\s+(?P<b>{_NUMW})\s+(?:{_WHO}\s+)?(?:respectively\s+)?"
    rf"(?P<what>withdr\w+(?:\s+(?:the\s+|their\s+)?consent)?|were\s+withdrawn|were\s+lost\s+to\s+follow-?up|"
    rf"discontinued|dropped\s+out|were\s+excluded|died)")
_LOSS_WORD = re.compile(r"withdr|lost|discontinu|dropped|excluded|died")
_ALLOC_RE = re.compile(_ALLOC, re.I)
_ANY_PAIR = re.compile(rf"(?i)(?<![\d.,])(?:{_NUMW})\s+and\s+(?:{_NUMW})\b")
# '111 control patients and 108 UC-MSC treated patients were included in the primary analysis'
_ANALYSED = re.compile(
    rf"(?i)(?<![\d.,])(?P<a>{_NUMW})\s+(?:[\w-]+\s+){{0,4}}?and\s+(?P<b>{_NUMW})\s+(?:[\w-]+\s+){{0,4}}?"
    rf"(?:were|was)\s+(?:included\s+in\s+the\s+(?:[\w-]+\s+)?analys[ie]s|analy[sz]ed)")


@dataclass(slots=True, frozen=True)
class Flow:
    """One paragraph's participant flow for two groups: allocated, losses per reason, analysed."""
    allocated: tuple[int, int]
    allocated_text: str
    losses: tuple[tuple[str, int, int], ...]   # (what, group 1, group 2)
    losses_text: str
    analysed: tuple[int, int]
    analysed_text: str

    def expected(self) -> tuple[int, int]:
        return (self.allocated[0] - sum(l[1] for l in self.losses),
                self.allocated[1] - sum(l[2] for l in self.losses))

    def consistent(self) -> bool:
        """Allocated minus losses gives the analysed numbers, in the order written or the other."""
        e = self.expected()
        return e == self.analysed or e == self.analysed[::-1]


def find_flow(text: str) -> Flow | None:
    """A paragraph that gives, for two groups, the numbers allocated, the numbers lost for each reason
    ('x and y ... withdrew ..., respectively') and the numbers analysed. None unless all three are
    there once and unambiguously: every 'x and y' pair of the loss sentence must be a loss."""
    low = text.lower()
    if "respectively" not in low or not ("analys" in low or "analyz" in low) or not _LOSS_WORD.search(low):
        return None
    analysed = list(_ANALYSED.finditer(text))
    allocated = _allocated(text)
    if allocated is None or len(analysed) != 1:
        return None
    losses = []
    loss_sentences = set()
    for sm in _SENTENCE.finditer(text):
        sent = sm.group(0)
        pairs = list(_LOSS_PAIR.finditer(sent))
        if not pairs:
            continue
        if "respectively" not in sent.lower() or len(pairs) != len(_ANY_PAIR.findall(sent)):
            return None
        for p in pairs:
            a, b = to_int(p.group("a")), to_int(p.group("b"))
            if a is None or b is None:
                return None
            losses.append((" ".join(p.group("what").split()).lower(), a, b))
        loss_sentences.add(sent.strip())
    if not losses or len(loss_sentences) != 1:
        return None
    am = analysed[0]
    a, b = to_int(am.group("a")), to_int(am.group("b"))
    if a is None or b is None:
        return None
    return Flow(allocated[0], allocated[1], tuple(losses), loss_sentences.pop(), (a, b), am.group(0))


def _allocated(text: str) -> tuple[tuple[int, int], str] | None:
    """The two group sizes at allocation: '(n = 125 in each group)' after a total of twice that, or one
    allocation sentence naming exactly two 'group (n = k)'."""
    rand = list(_RAND_EACH.finditer(text))
    if len(rand) == 1:
        total, each = to_int(rand[0].group("total")), int(rand[0].group("each"))
        return ((each, each), rand[0].group(0)) if total is not None and total == 2 * each else None
    if rand:
        return None
    found = None
    for sm in _SENTENCE.finditer(text):
        sent = sm.group(0)
        if "=" in sent and len(groups := _GROUP_N.findall(sent)) == 2 and _ALLOC_RE.search(sent):
            if found is not None:
                return None
            found = ((int(groups[0]), int(groups[1])), sent.strip())
    return found
