"""statistics: the cells of a paper's tables against their column's n and against each other
(auditor/extract/paper_tables.py), and values printed with a range that does not hold them."""
from __future__ import annotations

import math
import re
from typing import Iterator, NamedTuple

from auditor.extract.paper_tables import (MEAN_SD_CELL, PCT_CELL, RANGE_CELL, Column, Row, Table, num,
                                          read_tables)
from auditor.findings import Evidence, Finding
from auditor.model import Publication
from auditor.rules import rule

from .statistics_ci import _quote as quote_statement

_EPS = 1e-9
_TOTAL_NAME = re.compile(r"(?i)^(?:total|all|overall|combined|whole|entire)\b|\b(?:total|overall)\s*$|^all\s")
_LAST: list = [None, [], None]    # the paper last read, its tables, those the rules can align (built once)


def _all_tables(pub: Publication) -> list[Table]:
    if _LAST[0] is not pub:
        _LAST[0], _LAST[1], _LAST[2] = pub, read_tables(pub), None
    return _LAST[1]


def _tables(pub: Publication) -> list[Table]:
    """The tables whose columns give their n, in an order the cells can follow: a column totalling the
    others printed between them ('Placebo (n=88) Total (N=352) 10 mg (n=89)...', a two-level header)
    leaves the order of the data columns unknown."""
    tabs = _all_tables(pub)
    if _LAST[2] is not None:
        return _LAST[2]
    out = []
    for t in tabs:
        ns = [c.n for c in t.columns]
        if len(ns) < 2 or any(ns[k] == sum(ns) - ns[k] for k in range(1, len(ns) - 1)):
            continue
        if t.layout != "cells" and _misread(t):
            continue
        out.append(t)
    _LAST[2] = out
    return out


def _misread(tab: Table) -> bool:
    """A table set in one line whose header order cannot be the cells' order: the count rows add up
    with another column as the total than the one the header names, or many cells are no share of
    their column's n (the n belong to other columns, or the percentages to another denominator such
    as events). A real table with a typo fails one or two cells, not a third of them."""
    k = _total_index(tab.columns)
    fails = checked = confirm = contradict = 0
    for row in tab.rows:
        cells = _aligned(row, tab.columns, PCT_CELL)
        if cells is None or not _count_row(tab, row, cells):
            continue
        counts = [int(m.group("n")) for _, _, m in cells]
        for (_, _, m), col in zip(cells, tab.columns):
            checked += 1
            fails += not _grim_ok(int(m.group("n")), m.group("pct"), col.n)[0]
        if k is not None and sum(1 for c in counts if c) >= 2:
            if 2 * counts[k] == sum(counts):
                confirm += 1
            elif any(2 * counts[j] == sum(counts) for j in range(len(counts)) if j != k):
                contradict += 1
    return contradict > confirm or (fails >= 3 and fails >= 0.3 * checked)


def _aligned(row: Row, cols: list[Column], pattern: re.Pattern) -> list[tuple[int, str, re.Match]] | None:
    """The row's first len(cols) cells when every one matches pattern (one cell per column), else None.
    A row with more cells of that kind than columns is not aligned."""
    k = len(cols)
    cells = row.cells[:k]
    if len(cells) < k or sum(1 for _, c in row.cells if pattern.match(c)) != k:
        return None
    out = []
    for line, text in cells:
        m = pattern.match(text)
        if m is None:
            return None
        out.append((line, text, m))
    return out


_COUNT_PCT = re.compile(r"(?i)(?:\b(?:n|no\.?|number|patients|participants)\s?\(\s?%\s?\)|\bn\s?\[\s?%\s?\])")
_NOT_COUNT = re.compile(r"(?i)mean|\bs\.?d\b|median|iqr|range|\u00b1|%\s?\(n\)|kcal|score|\bage\b|years")
_COUNTED = re.compile(r"(?i)\(n\s?[,;)]|\bnumber\b|\bno\.|\bcount")
_SUMMARY = re.compile(r"(?i)median|iqr|interquartile|range|mean|\bci\b|confidence|min")


_SAYS: dict[int, tuple[Table, bool]] = {}


def _says_counts(tab: Table) -> bool:
    """The caption or header says 'n (%)' (kept for the tables of the paper being checked)."""
    hit = _SAYS.get(id(tab))
    if hit is None or hit[0] is not tab:
        if len(_SAYS) > 256:
            _SAYS.clear()
        hit = _SAYS[id(tab)] = (tab, bool(_COUNT_PCT.search(tab.caption) or _COUNT_PCT.search(tab.header)))
    return hit[1]


def _count_row(tab: Table, row: Row, cells: list[tuple[int, str, re.Match]]) -> bool:
    """The row's 'a (b)' cells are counts with percentages: a cell prints '%', or the row label, caption
    or header says 'n (%)'; never when the label speaks of means, medians, scores or '% (n)'."""
    if _NOT_COUNT.search(row.label):
        return False
    if not any("%" in text for _, text, _ in cells) and not _COUNT_PCT.search(row.label) and not _says_counts(tab):
        return False
    return all(int(m.group("n")) <= c.n for (_, _, m), c in zip(cells, tab.columns))


def _grim_ok(count: int, pct_text: str, n: int) -> tuple[bool, float]:
    """Some denominator from count (at least 1) up to n gives count/d that prints as pct_text, rounded
    or truncated (one unit of the last printed digit either way, as STAT007 allows)."""
    p = num(pct_text)
    exact = 100.0 * count / n if n else float("nan")
    if p is None or n <= 0:
        return True, exact
    lo, hi = p.value - 2 * p.half - _EPS, p.value + 2 * p.half + _EPS
    if count == 0:
        return lo <= 0.0, exact
    # count/d falls as d grows: find the smallest d whose share is at most hi (start from the closed
    # form, then step to where the same float comparison turns), and test it against lo.
    first = max(count, 1)
    d = max(first, math.ceil(100.0 * count / hi)) if hi > 0 else n + 1
    while d > first and 100.0 * count / (d - 1) <= hi:
        d -= 1
    while d <= n and 100.0 * count / d > hi:
        d += 1
    return (d <= n and 100.0 * count / d >= lo), exact


def _ev(pub: Publication, line: int, text: str, label: str, hl: str | None = None,
        col: int | None = None) -> Evidence:
    return Evidence(source=pub.source, line=line, text=text, label=label, highlight=hl or text, col=col)


def _at(row: Row, j: int) -> int | None:
    """The 1-based column of the row's label (j = -1) or of its j-th cell, in a table set in one line."""
    return row.offsets[j + 1] + 1 if len(row.offsets) > j + 1 else None


def _row_ev(pub: Publication, row: Row, cells, cols: list[Column]) -> list[Evidence]:
    """The row label and each of its cells with the column it stands in."""
    return [_ev(pub, row.line, row.label, "row label", col=_at(row, -1))] + [
        _ev(pub, line, text, f'column "{c.name}"', col=_at(row, j))
        for j, ((line, text, _), c) in enumerate(zip(cells, cols))]


def _col_ev(pub: Publication, c: Column) -> Evidence:
    return _ev(pub, c.line, c.text, "column header", f"{c.n}", col=c.col or None)


@rule("STAT013", category="statistics", severity="warning", scope="publication",
      title="A table's percentage cannot come from its count and the column's n")
def table_percent_vs_column(pub: Publication, ctx) -> Iterator[Finding]:
    """What: in tables whose columns give their group size ('Placebo (n = 76)'), reads rows of 'n (%)'
    cells, one per column, and reports a cell whose percentage no denominator from the count up to
    the column's n can give (a GRIM-style test for percentages: missing data may shrink the
    denominator, never grow it). '12 (20.0)' under 'n = 50' is 24.0% of 50 and 20.0% only of 60.
    Why: a percentage that cannot be count/N is a mistyped count or percentage, or a column
    mix-up; readers compare groups by these percentages.
    Example: column 'SLED (n = 115)', row 'Sex (female)', cell '43 (32.4%)' -> 'Table 1, row "Sex
    (female)", column "SLED" (n = 115): 43 (32.4%) cannot be a share of at most 115 (43/115 = 37.4%).'"""
    for tab in _tables(pub):
        k = _total_index(tab.columns)
        # A total column whose n is not the groups' sum is STAT014's finding, once.
        wrong_total = k is not None and tab.columns[k].n != sum(c.n for j, c in enumerate(tab.columns) if j != k)
        for row in tab.rows:
            cells = _aligned(row, tab.columns, PCT_CELL)
            if cells is None or not _count_row(tab, row, cells):
                continue
            for j, ((line, text, m), col) in enumerate(zip(cells, tab.columns)):
                if wrong_total and j == k:
                    continue
                count = int(m.group("n"))
                ok, exact = _grim_ok(count, m.group("pct"), col.n)
                if ok:
                    continue
                yield Finding(
                    rule="STAT013", category="statistics", severity="warning", record=pub.id,
                    message=(f'{_tab_name(tab)}, row "{_short(row.label)}", column "{col.name}" (n = {col.n}): '
                             f"{text} cannot be a share of at most {col.n} ({count}/{col.n} = {exact:.1f}%)."),
                    evidence=[_ev(pub, line, text, f'cell of row "{_short(row.label)}"', col=_at(row, j)),
                              _ev(pub, row.line, row.label, "row label", col=_at(row, -1)), _col_ev(pub, col)],
                    values={"cell": text, "column n": str(col.n), "count/n": f"{exact:.1f}%",
                            "printed %": m.group("pct")})


def _total_index(cols: list[Column]) -> int | None:
    """The column that totals the others: named total/all/overall, first or last."""
    if len(cols) < 3:
        return None
    for k in (0, len(cols) - 1):
        if _TOTAL_NAME.search(cols[k].name):
            return k
    return None


@rule("STAT014", category="statistics", severity="warning", scope="publication",
      title="A table's total column does not add up to its groups")
def table_total_vs_groups(pub: Publication, ctx) -> Iterator[Finding]:
    """What: in tables with a total column ('Total (n = 232)', 'All', 'Overall') beside two or more
    group columns whose n add up to it, reports an 'n (%)' row whose total count is not the sum of
    the groups' counts.
    Why: the total column counts the same participants as the groups; when it does not add up, a
    count is mistyped or the columns describe different populations without saying so.
    Example: 'All (n = 232)', 'SLED (n = 115)', 'CVVH (n = 117)', row 'Sex (female)' with '75 (32.3%)',
    '43 (37.4%)', '33 (28.2%)' -> 'row "Sex (female)": total 75, but the groups add up to 43 + 33 = 76.'"""
    for tab in _tables(pub):
        k = _total_index(tab.columns)
        if k is None:
            continue
        total, groups = tab.columns[k], [c for j, c in enumerate(tab.columns) if j != k]
        s = sum(c.n for c in groups)
        if s != total.n:
            continue          # the columns may overlap or leave people out: only rows can be compared
        for row in tab.rows:
            cells = _aligned(row, tab.columns, PCT_CELL)
            if cells is None or not _count_row(tab, row, cells):
                continue
            counts = [int(m.group("n")) for _, _, m in cells]
            t = counts[k]
            g = [c for j, c in enumerate(counts) if j != k]
            if sum(g) == t or any(not _grim_ok(int(m.group("n")), m.group("pct"), c.n)[0]
                                  for (_, _, m), c in zip(cells, tab.columns)):
                continue      # a cell that is no share of its column is STAT013's finding, once
            gp = " + ".join(str(x) for x in g)
            yield Finding(
                rule="STAT014", category="statistics", severity="warning", record=pub.id,
                message=(f'{_tab_name(tab)}, row "{_short(row.label)}": total {t}, but the groups add up to '
                         f"{gp} = {sum(g)}."),
                evidence=_row_ev(pub, row, cells, tab.columns),
                values={"total": str(t), "sum of groups": f"{gp} = {sum(g)}"})


@rule("STAT015", category="statistics", severity="warning", scope="publication",
      title="A table's overall mean lies outside its group means")
def table_overall_mean(pub: Publication, ctx) -> Iterator[Finding]:
    """What: in tables with a total column beside two or more groups, reads rows of 'mean ± SD' cells
    and reports an overall mean that lies outside the range of the group means (allowing for their
    rounding): the mean of the pooled participants is a weighted average of the group means, whatever
    the weights (so missing data cannot explain it).
    Why: an overall mean that no weighting of the group means can give is a mistyped value or a
    column from another population.
    Example: 'All (n = 232)' 70.4 ± 17.5, 'SLED (n = 115)' 80.7 ± 19.2, 'CVVH (n = 117)' 80.2 ± 15.6 ->
    'row "Body weight (kg)": the overall mean 70.4 lies outside the group means 80.2-80.7.'"""
    for tab in _tables(pub):
        k = _total_index(tab.columns)
        if k is None:
            continue
        for row, cells, tot, grp in mean_rows(tab, k):
            lo = min(g.lo for g in grp)
            hi = max(g.hi for g in grp)
            if tot.hi < lo - _EPS or tot.lo > hi + _EPS:
                gtxt = f"{min(g.value for g in grp):g}-{max(g.value for g in grp):g}"
                yield Finding(
                    rule="STAT015", category="statistics", severity="warning", record=pub.id,
                    message=(f'{_tab_name(tab)}, row "{_short(row.label)}": the overall mean {tot.text} lies '
                             f"outside the group means {gtxt}; a pooled mean lies between them."),
                    evidence=_row_ev(pub, row, cells, tab.columns),
                    values={"overall mean": tot.text, "group means": ", ".join(g.text for g in grp)})


def mean_rows(tab: Table, k: int):
    """(row, cells, overall mean, group means) of the table's 'mean ± SD' rows, the total in column k."""
    for row in tab.rows:
        cells = _aligned(row, tab.columns, MEAN_SD_CELL)
        if cells is None:
            continue
        means = [num(m.group("m")) for _, _, m in cells]
        if any(x is None for x in means):
            continue
        yield row, cells, means[k], [x for j, x in enumerate(means) if j != k]


# Text: 'median 12 (IQR 14-20)', 'mean age 45.2 years (range 50-70)'.
_NUMT = r"[-\u2212\u2013]?\d+(?:[.\u00b7]\d+)?"
_SEPT = r"(?:\s?(?:to|,|;)\s?|\s?[\u2013\u2014]\s?|\s?-\s?(?=[\d\u2212\u2013-]))"
_TEXT_RANGE = re.compile(
    rf"(?i)\b(?P<kind>median|mean)\b[^()\[\];.\u00b1]{{0,40}}?(?<![\u00b1\d.])(?P<x>{_NUMT})"
    rf"(?:\s?(?:\u00b1|\+/-)\s?\d+(?:[.\u00b7]\d+)?)?\s?(?:[a-z%/]+\s?){{0,2}}"
    rf"[(\[]\s?(?P<what>IQR|interquartile range|range|min(?:imum)?[-\u2013 ]max(?:imum)?)[:,]?\s?"
    rf"(?P<a>{_NUMT}){_SEPT}(?P<b>{_NUMT})\s?(?:[a-z%/]+\s?)?[)\]]")


def _outside(x, a, b) -> bool:
    return a.value <= b.value and (x.hi < a.lo - _EPS or x.lo > b.hi + _EPS)


@rule("STAT016", category="statistics", severity="error", scope="publication",
      title="A mean or median lies outside the range printed with it")
def value_outside_range(pub: Publication, ctx) -> Iterator[Finding]:
    """What: reports a table cell 'value (low-high)' or 'value [low, high]' (a median with its IQR or
    range, a mean with its range or CI) whose value lies outside the interval printed with it, and
    the same in the text ('median 12 (IQR 14-20)'), whatever the rounding.
    Why: a median lies within its interquartile range and range, and a mean within its range and CI;
    a value outside means one of the three numbers is wrong.
    Example: '3.5 (4.0-6.0)' in a median (IQR) column -> 'Table 2, row "Length of stay": 3.5
    (4.0-6.0) lies outside its own interval 4.0-6.0.'"""
    seen: set[int] = set()
    for tab in _all_tables(pub):
        summary_table = bool(_SUMMARY.search(tab.caption) or _SUMMARY.search(tab.header))
        for row in tab.rows:
            if _COUNTED.search(row.label) or not (summary_table or _SUMMARY.search(row.label)):
                continue
            for line, text in row.cells:
                m = RANGE_CELL.match(text)
                if not m:
                    continue
                x, a, b = num(m.group("x")), num(m.group("a")), num(m.group("b"))
                if None in (x, a, b) or not _outside(x, a, b):
                    continue
                seen.add(line)
                yield Finding(
                    rule="STAT016", category="statistics", severity="error", record=pub.id,
                    message=(f'{_tab_name(tab)}, row "{_short(row.label)}": {text} lies outside its own '
                             f"interval {a.text} to {b.text}."),
                    evidence=[_ev(pub, line, text, f'cell of row "{_short(row.label)}"'),
                              _ev(pub, row.line, row.label, "row label")],
                    values={"value": x.text, "interval": f"{a.text} to {b.text}"})
    for i, line in enumerate(pub.lines, 1):
        if i in seen or "(" not in line or "ean" not in line and "edian" not in line or not (
                "IQR" in line or "range" in line or "nterquartile" in line or "inimum" in line or "min-" in line):
            continue
        for m in _TEXT_RANGE.finditer(line):
            x, a, b = num(m.group("x")), num(m.group("a")), num(m.group("b"))
            if None in (x, a, b) or not _outside(x, a, b):
                continue
            yield Finding(
                rule="STAT016", category="statistics", severity="error", record=pub.id,
                message=(f"The {m.group('kind').lower()} {x.text} lies outside the {m.group('what')} "
                         f"{a.text} to {b.text} printed with it."),
                evidence=[Evidence(source=pub.source, line=i, col=m.start() + 1,
                                   text=quote_statement(line, _Span(m.start(), m.end(), m.group(0))),
                                   label=f"{m.group('kind').lower()} and {m.group('what')}", highlight=m.group(0))],
                values={"value": x.text, "interval": f"{a.text} to {b.text}"})


class _Span(NamedTuple):
    start: int
    end: int
    text: str


def _tab_name(tab: Table) -> str:
    m = re.match(r"(?i)(table\s*(?:\d+|[IVX]+\b))", tab.caption)
    return m.group(1) if m else "A table"


def _short(s: str, limit: int = 60) -> str:
    s = " ".join(s.split())
    return s if len(s) <= limit else s[:limit - 1] + "\u2026"


# A ratio table: its header names a ratio and no difference or mean (whose null is 0, not 1).
_RATIO_HEAD = re.compile(r"\b(?:a|adj\.?\s?)?(?:HR|OR|RR|IRR|PR)s?\b|(?i:hazard ratio|odds ratio|risk ratio|"
                         r"relative risk|rate ratio)")
_NOT_RATIO = re.compile(r"(?i)difference|\bmean|median|\bMD\b|\u03b2|\bbeta\b|coefficient|change|\bB\b")
_CI_LEVEL = re.compile(r"(\d{2}(?:\.\d)?)\s?%\s?(?:CI|confidence)")
_P_CELL = re.compile(r"^\s*(?P<p>(?:[<>\u2264\u2265=]\s?)?(?:0?[.\u00b7]\d+|1(?:\.0+)?))\s*[*\u2020\u2021a-d]{0,3}\s*$")


@rule("STAT021", category="statistics", severity="warning", scope="publication",
      title="A table's ratio, its confidence interval and its p-value disagree")
def table_ratio_ci_p(pub: Publication, ctx) -> Iterator[Finding]:
    """What: in tables printed one cell per line whose header names a ratio (HR, OR, RR, 'hazard
    ratio'...), in rows whose label names no difference, mean or median, reads a cell 'ratio (lower-upper)' followed by a p-value cell,
    and applies the tests of STAT001 and STAT002 to it: the CI excludes 1 while p is at or above
    alpha (or includes 1 while p is below), or p is more than `p_ratio_warning` times off the p the CI
    implies (Altman & Bland), over every rounding of the printed numbers.
    Why: the text rules only read running text; tables hold most of a paper's estimates, and a p-value
    that does not belong to its CI is a copying error or a p from another model.
    Example: row 'Age > 65', cells '2.10 (1.50-2.94)', '0.02' -> 'HR 2.10 (95% CI 1.50 to 2.94):
    reported p = 0.02 is over 100 times off the p-value the CI implies; the CI implies p = 1.5e-05.'"""
    from auditor.extract.pvalues import RATIO
    from auditor.extract.printed import parse_p

    from ._ci_common import assess, decision_message, far_message, values
    factor = float(ctx.threshold("p_ratio_warning"))
    for tab in _all_tables(pub):
        head = f"{tab.caption} {tab.header}"
        m_ratio = _RATIO_HEAD.search(head)
        if m_ratio is None:
            continue
        lv = _CI_LEVEL.search(head)
        level = float(lv.group(1)) if lv else 95.0
        for row in tab.rows:
            if _NOT_RATIO.search(row.label):
                continue
            for (line, text), (_, ptext) in zip(row.cells, row.cells[1:]):
                m, mp = RANGE_CELL.match(text), _P_CELL.match(ptext)
                if not m or not mp:
                    continue
                est, lo, hi, p = num(m.group("x")), num(m.group("a")), num(m.group("b")), parse_p(mp.group("p"))
                if None in (est, lo, hi, p) or not 0 < lo.value < hi.value:
                    continue
                a = assess(RATIO, m_ratio.group(0), est, lo, hi, level, p, comparable=True, rank_test=False)
                if a.decision_conflict():
                    msg = decision_message(a)
                else:
                    off = a.far_factor(factor)
                    if off is None:
                        continue
                    msg = far_message(a, off)
                yield Finding(
                    rule="STAT021", category="statistics", severity="warning", record=pub.id,
                    message=f'{_tab_name(tab)}, row "{_short(row.label)}": {msg}',
                    evidence=[_ev(pub, line, text, f'cell of row "{_short(row.label)}"'),
                              _ev(pub, line + 1 if pub.lines[line].strip() == ptext else line, ptext, "p-value cell"),
                              _ev(pub, row.line, row.label, "row label")],
                    values=values(a))
