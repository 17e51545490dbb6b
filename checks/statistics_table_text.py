"""statistics: a count the paper's text gives for one group against the same row and group of its tables
(auditor/extract/paper_tables.py)."""
from __future__ import annotations

import re
from typing import Iterator, NamedTuple

from auditor.extract.claims import sentences
from auditor.extract.counts import PercentCount
from auditor.extract.paper_tables import PCT_CELL, Column, Row, Table, num
from auditor.findings import Evidence, Finding
from auditor.model import Publication
from auditor.rules import rule

from .statistics_tables import _aligned, _all_tables, _at, _col_ev, _count_row, _ev, _short, _tab_name

# '12 (16%)', '12 patients (16%)', '12/76 (16%)', '12 of 76 (16%)': one count with its percentage.
_TEXT_COUNT = re.compile(r"(?<![\d.,/\u00b1])(?<!\bof\s)(?P<n>\d{1,5})(?:\s?/\s?(?P<d>\d{1,5})|\s(?:out\s)?of\s\d{1,5})?"
                         r"\s?(?:[a-z]+\s)?\(\s?(?P<pct>\d{1,3}(?:\.\d+)?)\s?%\s?\)")
_WORD = re.compile(r"[a-z][a-z0-9\-]+")
# Words of a row label that say nothing of what was counted.
_GENERIC = frozenset("""n no yes number patients participants subjects total any all with without other the and
of in or for at to by from on per mean sd median iqr range none data grade""".split())
# Group names that are also common words of running text.
_COMMON_NAMES = frozenset("before after total all overall group groups yes no early late low high".split())
_OTHER_FACT = re.compile(r"(?i)\b(?:respectively|both|each|weeks?|months?|days?|years?|baseline|follow|visit|"
                         r"after|before|at\s+\d|adjusted|among|of\s+(?:whom|these|those))\b")
_SKIP = {"references", "bibliography", "table"}


class _Cell(NamedTuple):
    tab: Table
    row: Row
    j: int
    col: Column
    line: int
    text: str
    count: int
    pct: str


def _label_words(label: str) -> tuple[str, ...]:
    """The content words of a row label as stems (first five letters), in order."""
    return tuple(w[:5] for w in _WORD.findall(label.lower()) if w not in _GENERIC and len(w) >= 4)


def _names_row(label: tuple[str, ...], words: set[str]) -> bool:
    """The sentence names the row: its last content word (the label proper, after any heading the
    label carries: 'Risk factors Diabetes') and at least half of the others."""
    return label[-1] in words and 2 * sum(1 for w in label if w in words) >= len(label)


def _cells(pub: Publication) -> list[tuple[tuple[str, ...], _Cell]]:
    """Every 'n (%)' cell of a count row of a table whose columns give their n, with its row's words."""
    out = []
    for tab in _all_tables(pub):
        if len(tab.columns) < 2:
            continue
        for row in tab.rows:
            words = _label_words(row.label)
            cells = _aligned(row, tab.columns, PCT_CELL)
            if not words or cells is None or not _count_row(tab, row, cells):
                continue
            for j, ((line, text, m), col) in enumerate(zip(cells, tab.columns)):
                out.append((words, _Cell(tab, row, j, col, line, text, int(m.group("n")), m.group("pct"))))
    return out


def _name_re(name: str) -> re.Pattern | None:
    n = " ".join(name.split())
    if len(n) < 4 or n.lower() in _COMMON_NAMES or not re.search(r"[A-Za-z]{3}", n):
        return None
    return re.compile(rf"(?<![\w-]){re.escape(n)}(?![\w-])", re.I)


def _prose(pub: Publication) -> Iterator[tuple[int, int, str]]:
    """(line, start offset, text) of the running text: table sections left out, and a line holding an
    inline table cut where the table starts."""
    starts: dict[int, int] = {}
    for tab in _all_tables(pub):
        if tab.layout == "inline":
            starts[tab.line] = min(starts.get(tab.line, 10 ** 9), tab.col - 1)
    skip = [(s.start_line, s.end_line) for s in pub.sections if s.kind in _SKIP]
    for i, line in enumerate(pub.lines, 1):
        if "%" not in line or any(a <= i <= b for a, b in skip):
            continue
        yield i, 0, line[:starts.get(i, len(line))]


@rule("STAT024", category="statistics", severity="warning", scope="publication",
      title="A count in the text differs from the table's count for the same row and group")
def text_vs_table_count(pub: Publication, ctx) -> Iterator[Finding]:
    """What: reads sentences of the running text that give one count with its percentage ('12 (16%)
    patients in the placebo group had headache') and name exactly one group of a table (a column
    header's name, 'Placebo (n = 76)') and the words of exactly one of its 'n (%)' rows ('Headache');
    reports when the text and the cell agree on one of the two numbers but not on the other (the same
    percentage with another count that is no such share of the group's n, or the same count with another
    percentage: the same group counted over another denominator). When both differ the
    sentence is taken to speak of another time or population and nothing is reported; sentences that
    compare, list several results ('respectively') or name a time point are skipped.
    Why: the text and the table report the same fact; one of them was mistyped or not updated.
    Example: text '12 (16%) patients in the placebo group had headache', Table 2 row 'Headache',
    column 'Placebo (n = 76)' cell '14 (16%)' -> 'the text gives 12 (16%) for "Headache" in Placebo;
    Table 2 gives 14 (16%).'"""
    cells = _cells(pub)
    if not cells:
        return
    names = {c.col.name: _name_re(c.col.name) for _, c in cells}
    named = [rx.pattern for rx in names.values() if rx is not None]
    if not named:
        return
    any_name = re.compile("|".join(f"(?:{p})" for p in named), re.I)
    for i, off, text in _prose(pub):
        if not any_name.search(text) or not _TEXT_COUNT.search(text):
            continue
        for s0, s1 in sentences(text):
            sent = text[s0:s1]
            ms = list(_TEXT_COUNT.finditer(sent))
            if not ms or len(ms) > 4 or _OTHER_FACT.search(sent):
                continue
            words = {w[:5] for w in _WORD.findall(sent.lower())}
            for k, m in enumerate(ms):
                c = _match(sent, m, ms[k + 1].start() if k + 1 < len(ms) else len(sent), words, cells, names)
                if c is None:
                    continue
                n_text, p1, p2 = int(m.group("n")), num(m.group("pct")), num(c.pct)
                if p1 is None or p2 is None:
                    continue
                same_pct = abs(p1.value - p2.value) <= max(p1.half, p2.half) + 1e-9
                if (n_text == c.count) == same_pct:
                    continue          # both agree, or both differ (another time or population)
                if same_pct and PercentCount(p1, n_text, c.col.n, 0, 0, "").consistent():
                    continue          # another count of that share of the group ('3 (2%)' and '2 (2%)' of 150)
                yield _finding(pub, i, off + s0, sent, m, c)


def _match(sent: str, m: re.Match, stop: int, words: set[str], cells, names) -> _Cell | None:
    """The one cell a count of the sentence stands for: exactly one group named between the count and the
    next count ('12 (16%) in the placebo group'), and exactly one count row of that group whose label's
    words are all in the sentence."""
    window = sent[m.end():min(stop, m.end() + 80)]
    named = {name for name, rx in names.items() if rx is not None and rx.search(window)}
    if len(named) != 1:
        return None
    hits = [c for w, c in cells if c.col.name in named and _names_row(w, words)]
    return hits[0] if len(hits) == 1 else None


def _finding(pub: Publication, i: int, at: int, sent: str, m: re.Match, c: _Cell) -> Finding:
    quoted = " ".join(sent.split())
    quoted = quoted if len(quoted) <= 400 else quoted[:399] + "\u2026"
    return Finding(
        rule="STAT024", category="statistics", severity="warning", record=pub.id,
        message=(f'The text gives {m.group(0).strip()} for "{_short(c.row.label)}" in {c.col.name}; '
                 f"{_tab_name(c.tab)} gives {c.text}."),
        evidence=[Evidence(source=pub.source, line=i, col=at + m.start() + 1, text=quoted,
                           label="sentence", highlight=m.group(0)),
                  _ev(pub, c.line, c.text, f'cell of row "{_short(c.row.label)}"', col=_at(c.row, c.j)),
                  _ev(pub, c.row.line, c.row.label, "row label", col=_at(c.row, -1)), _col_ev(pub, c.col)],
        values={"text": m.group(0).strip(), "table": c.text, "column n": str(c.col.n)})
