"""statistics: two proportions compared with one p-value in a sentence, against the p-values their
counts give (auditor/extract/proportions.py)."""
from __future__ import annotations

import math
import re
from typing import Iterator

from auditor.extract.counts import PercentCount
from auditor.extract.printed import fmt_p, parse_number, parse_p
from auditor.extract.proportions import find_two_proportions, two_by_two_p
from auditor.findings import Evidence, Finding
from auditor.model import Publication
from auditor.rules import rule

_SKIP_SECTIONS = {"references", "bibliography", "table"}
_FACTOR = 3.0        # how far outside the range of the usual tests a printed p must lie
_LIMIT = 400


@rule("STAT020", category="statistics", severity="warning", scope="publication",
      title="Two proportions and the p-value comparing them disagree")
def two_proportions(pub: Publication, ctx) -> Iterator[Finding]:
    """What: reads sentences comparing two proportions printed with their counts ('9/30 (30%) ...
    compared to 4/26 (15%) ..., p = 0.22') and one p-value, recomputes the p-value of the 2x2 table with
    Pearson's chi-square (with and without Yates' correction) and Fisher's exact test (two-sided and
    one-sided), and reports a printed p more than three times outside the range those tests give.
    Sentences that speak of adjusted or model-based analyses, ratios, paired or repeated measures,
    medians or means are skipped: their p need not come from the 2x2 table. The same in tables with two
    columns giving their n: a row of two 'n (%)' cells, each count/n of its column, and a p-value cell
    (not in tables or rows that speak of adjusted, model-based, rank or trend tests).
    Why: a p-value that no usual test of the printed counts gives belongs to another comparison or is
    mistyped; the counts are what a reader can check.
    Example: '9/30 (30%) children in the treatment group compared to 4/26 (15%) in the control group
    (p = 0.0238)' -> '9/30 (30%) against 4/26 (15%): the usual tests of these counts give p = 0.165-0.330,
    but the paper prints p = 0.0238.'"""
    skip = [(s.start_line, s.end_line) for s in pub.sections if s.kind in _SKIP_SECTIONS]
    for i, line in enumerate(pub.lines, 1):
        if "%" not in line or "/" not in line or any(a <= i <= b for a, b in skip):
            continue
        for t in find_two_proportions(line):
            lo, hi = two_by_two_p(t.a, t.b)
            if not (t.p.hi < lo / _FACTOR or t.p.lo > hi * _FACTOR):
                continue
            rng = f"{fmt_p(lo)}-{fmt_p(hi)}"
            text = " ".join(line[t.start:t.end].split())
            yield Finding(
                rule="STAT020", category="statistics", severity="warning", record=pub.id,
                message=(f"{t.a.text} against {t.b.text}: the usual tests of these counts give p = {rng}, "
                         f"but the paper prints {t.p_text}."),
                evidence=[Evidence(source=pub.source, line=i, col=t.start + 1,
                                   text=text if len(text) <= _LIMIT else text[:_LIMIT - 1] + "\u2026",
                                   label="two proportions and their p-value", highlight=t.p_text)],
                values={"counts": f"{t.a.n}/{t.a.total} vs {t.b.n}/{t.b.total}", "reported p": t.p_text,
                        "recomputed p": rng})
    yield from _table_two_proportions(pub)


# Tables whose p-values may come from another analysis than a plain test of the two counts.
_TABLE_OTHER = re.compile(r"(?i)adjust|odds|hazard|regression|model|stratif|mantel|\bcmh\b|\bgee\b|mixed|logistic|"
                          r"inferior|equivalen|one[- ]sided|trend|mcnemar|paired|log[- ]?rank|kaplan|anova|"
                          r"kruskal|wilcoxon|mann|\bt[- ]test|interaction|change")


def _row_counts(row, cells, cols) -> list[PercentCount] | None:
    """The two cells as counts of their column's n, when count/n prints as the cell's percentage."""
    out = []
    for (_, text, m), col in zip(cells, cols):
        pct = parse_number(m.group("pct"))
        if pct is None:
            return None
        pc = PercentCount(pct, int(m.group("n")), col.n, 0, len(text), text)
        if not pc.consistent():
            return None
        out.append(pc)
    return out


def _near_chi2(pcs: list[PercentCount], p) -> bool:
    """The printed p is within the factor of the uncorrected chi-square p, which lies between the lowest
    and highest p of the usual tests: no finding, and no need to compute the others (scipy)."""
    a, b = pcs
    n1, n2, m1 = a.total, b.total, a.n + b.n
    m2 = n1 + n2 - m1
    if min(m1, m2) <= 0:
        return False
    chi2 = (n1 + n2) * (a.n * (b.total - b.n) - (a.total - a.n) * b.n) ** 2 / (n1 * n2 * m1 * m2)
    q = math.erfc(math.sqrt(chi2 / 2))          # upper tail of chi-square with 1 df
    return p.hi >= q / _FACTOR and p.lo <= q * _FACTOR


def _table_two_proportions(pub: Publication) -> Iterator[Finding]:
    """STAT020 on tables: rows of two 'n (%)' cells under two columns giving their n, then a p-value cell."""
    from .statistics_tables import (PCT_CELL, _aligned, _at, _col_ev, _count_row, _ev, _P_CELL, _short,
                                    _tab_name, _tables)
    for tab in _tables(pub):
        if len(tab.columns) != 2 or _TABLE_OTHER.search(f"{tab.caption} {tab.header}"):
            continue
        for row in tab.rows:
            cells = _aligned(row, tab.columns, PCT_CELL)
            if cells is None or len(row.cells) != 3 or not _count_row(tab, row, cells) or _TABLE_OTHER.search(row.label):
                continue
            mp = _P_CELL.match(row.cells[2][1])
            p = parse_p(mp.group("p")) if mp else None
            pcs = _row_counts(row, cells, tab.columns)
            if p is None or pcs is None or _near_chi2(pcs, p):
                continue
            lo, hi = two_by_two_p(*pcs)
            if not (p.hi < lo / _FACTOR or p.lo > hi * _FACTOR):
                continue
            rng = f"{fmt_p(lo)}-{fmt_p(hi)}"
            a, b = tab.columns
            yield Finding(
                rule="STAT020", category="statistics", severity="warning", record=pub.id,
                message=(f'{_tab_name(tab)}, row "{_short(row.label)}": {pcs[0].n}/{a.n} against {pcs[1].n}/{b.n}: '
                         f"the usual tests of these counts give p = {rng}, but the table prints {row.cells[2][1]}."),
                evidence=[_ev(pub, row.line, row.label, "row label", col=_at(row, -1))]
                + [_ev(pub, line, text, f'column "{c.name}"', col=_at(row, j))
                   for j, ((line, text, _), c) in enumerate(zip(cells, tab.columns))]
                + [_ev(pub, row.cells[2][0], row.cells[2][1], "p-value cell", col=_at(row, 2)),
                   _col_ev(pub, a), _col_ev(pub, b)],
                values={"counts": f"{pcs[0].n}/{a.n} vs {pcs[1].n}/{b.n}", "reported p": row.cells[2][1],
                        "recomputed p": rng})
