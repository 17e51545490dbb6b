"""statistics: the means of a paper's tables against their group sizes: an overall mean against the group
means weighted by the columns' n, and GRIM/GRIMMER on means of integer data
(tables from auditor/extract/paper_tables.py)."""
from __future__ import annotations

import itertools
import math
import re
from typing import Iterator

from auditor.extract.paper_tables import MEAN_SD_CELL, Table, num
from auditor.extract.printed import Printed
from auditor.findings import Finding
from auditor.model import Publication
from auditor.rules import rule

from .statistics_tables import _aligned, _col_ev, _row_ev, _short, _tab_name, _tables, _total_index, mean_rows

_EPS = 1e-9
_MISSING = 0.10          # a row may lack up to this share of a column's n (missing data)


def _weighted_range(means: list[Printed], ns: list[int], missing: float = _MISSING) -> tuple[float, float]:
    """The lowest and highest mean of the pooled groups over every rounding of the printed group means
    and every group size from (1 - _MISSING) * n up to n."""
    bounds = [(max(1, math.ceil(n * (1 - missing))), n) for n in ns]
    lo, hi = math.inf, -math.inf
    for ws in itertools.product(*bounds):     # a weighted mean is extreme at extreme weights
        w = sum(ws)
        lo = min(lo, sum(x * m.lo for x, m in zip(ws, means)) / w)
        hi = max(hi, sum(x * m.hi for x, m in zip(ws, means)) / w)
    return lo, hi


@rule("STAT022", category="statistics", severity="warning", scope="publication",
      title="A table's overall mean is not the group means weighted by their sizes")
def table_pooled_mean(pub: Publication, ctx) -> Iterator[Finding]:
    """What: in tables with a total column ('Total (n = 62)', 'All', 'Overall') whose n is the sum of
    the group columns' n, reads rows of 'mean ± SD' cells and recomputes the overall mean as the group
    means weighted by the columns' n, over every rounding of the printed means and allowing each
    group up to 10% missing values; reports a printed overall mean that no such weighting gives. A
    table where another row pools only with missing values (its rows have their own n) is left out. An
    overall mean outside the range of the group means is STAT015's finding instead.
    Why: the mean of the pooled participants is the size-weighted mean of the group means; one that
    cannot be is a mistyped mean or a total column from another population.
    Example: 'Total (n = 60)' 48.0 ± 9.1, 'Drug (n = 30)' 50.0 ± 9.0, 'Placebo (n = 30)' 44.0 ± 8.8
    -> 'row "Age, years": the overall mean 48.0 cannot be the group means weighted by their n (47.0,
    46.7-47.3 over rounding and missing values).'"""
    for tab in _tables(pub):
        k = _total_index(tab.columns)
        if k is None:
            continue
        total, groups = tab.columns[k], [c for j, c in enumerate(tab.columns) if j != k]
        if sum(c.n for c in groups) != total.n:
            continue
        ns = [c.n for c in groups]
        found, missing_elsewhere = [], False
        for row, cells, tot, grp in mean_rows(tab, k):
            if tot.hi < min(g.lo for g in grp) - _EPS or tot.lo > max(g.hi for g in grp) + _EPS:
                continue                       # outside the group means: STAT015
            lo, hi = _weighted_range(grp, ns)
            if tot.hi >= lo - _EPS and tot.lo <= hi + _EPS:
                s_lo, s_hi = _weighted_range(grp, ns, 0.0)
                missing_elsewhere |= tot.hi < s_lo - _EPS or tot.lo > s_hi + _EPS
                continue
            found.append((row, cells, tot, grp, lo, hi))
        if missing_elsewhere:
            continue       # rows pooled over fewer than the columns' n: the weights of each row are unknown
        for row, cells, tot, grp, lo, hi in found:
            exact = sum(c.n * g.value for c, g in zip(groups, grp)) / total.n
            d = max(tot.decimals, 1) + 1
            yield Finding(
                rule="STAT022", category="statistics", severity="warning", record=pub.id,
                message=(f'{_tab_name(tab)}, row "{_short(row.label)}": the overall mean {tot.text} cannot be '
                         f"the group means weighted by their n ({exact:.{d}f}; {lo:.{d}f} to {hi:.{d}f} over "
                         "rounding and up to 10% missing values)."),
                evidence=_row_ev(pub, row, cells, tab.columns) + [_col_ev(pub, c) for c in tab.columns],
                values={"overall mean": tot.text, "group means": ", ".join(g.text for g in grp),
                        "group n": ", ".join(str(c.n) for c in groups),
                        "weighted mean": f"{exact:.{d}f}", "range over rounding": f"{lo:.{d}f} to {hi:.{d}f}"})


# Rows of integer data per participant: a count ('Number of exacerbations', 'No. of lesions') or an
# item scored in whole points that the label names as such. A rate, a duration, a dose or a share is not.
_INTEGER_ROW = re.compile(r"(?i)\b(?:number|no\.)\s+of\b|\(n\)\s*$")
_NOT_INTEGER = re.compile(r"(?i)\bper\b|/|rate|%|percent|duration|time|dose|\bmg\b|\bml\b|\bkg\b|hours?|days?|"
                          r"weeks?|months?|years?|age|level|ratio|index|change|difference|log|average|mean\s+of|"
                          r"score|scale")


def _grim_totals(mean: Printed, n: int) -> list[int]:
    """The integer sums of n whole numbers whose mean prints as the mean given (Brown & Heathers)."""
    lo, hi = math.ceil((mean.lo - _EPS) * n), math.floor((mean.hi + _EPS) * n)
    return list(range(lo, hi + 1))


def _grimmer_ok(total: int, sd: Printed, n: int) -> bool:
    """Some whole numbers summing to total have a standard deviation that prints as sd (Anaya): their
    sum of squares is an integer of the parity of total, in the range the printed SD allows (sample
    or population SD)."""
    for denom in (n - 1, n):
        if denom <= 0:
            continue
        base = total * total / n
        q_lo = math.ceil(denom * max(sd.lo, 0.0) ** 2 + base - _EPS)
        q_hi = math.floor(denom * sd.hi ** 2 + base + _EPS)
        for q in range(q_lo, min(q_hi, q_lo + 3) + 1):
            if (q - total) % 2 == 0:
                return True
    return False


@rule("STAT023", category="statistics", severity="warning", scope="publication",
      title="A table's mean of whole numbers cannot come from its group size (GRIM/GRIMMER)")
def table_grim(pub: Publication, ctx) -> Iterator[Finding]:
    """What: in tables whose columns give their n, reads rows of 'mean ± SD' cells whose label names a
    count per participant ('Number of relapses', 'No. of lesions', '... (n)'; never a rate, duration,
    dose, score or age) and applies GRIM (Brown & Heathers 2017, Soc Psychol Personal Sci 8:363): a
    mean of n whole numbers is a fraction with denominator n, so with 2 decimals and n < 100 (1
    decimal and n < 10) not every printed mean can occur. Each column size from 90% of its n up to n
    is tried (missing values). Where the mean passes, GRIMMER (Anaya 2016, PeerJ Preprints 2400)
    tests the SD: the sum of squares of whole numbers is a whole number of the parity of their sum.
    Why: a mean or SD that no set of whole numbers of that size can give is mistyped, or the n is
    not the number of participants the mean was computed on.
    Example: 'Drug (n = 12)', row 'Number of seizures', cell '3.46 ± 1.20' -> 'the mean 3.46 cannot be
    a mean of 11-12 whole numbers (41/12 = 3.42, 42/12 = 3.50).'"""
    for tab in _tables(pub):
        for row in tab.rows:
            if not _INTEGER_ROW.search(row.label) or _NOT_INTEGER.search(row.label):
                continue
            cells = _aligned(row, tab.columns, MEAN_SD_CELL)
            if cells is None:
                continue
            for j, ((line, text, m), col) in enumerate(zip(cells, tab.columns)):
                mean, sd = num(m.group("m")), num(m.group("sd"))
                if mean is None or sd is None or mean.value < 0 or col.n >= 10 ** mean.decimals:
                    continue
                sizes = range(max(1, math.ceil(col.n * (1 - _MISSING))), col.n + 1)
                grim = {n: _grim_totals(mean, n) for n in sizes}
                if not any(grim.values()):
                    near = _nearest(mean, col.n)
                    yield _grim_finding(pub, tab, row, cells, j, col, text, line, sizes,
                                        f"the mean {mean.text} cannot be a mean of {_span(sizes)} whole numbers "
                                        f"({near})", {"mean": mean.text, "n": _span(sizes), "nearest means": near})
                    continue
                if any(_grimmer_ok(t, sd, n) for n, ts in grim.items() for t in ts):
                    continue
                yield _grim_finding(pub, tab, row, cells, j, col, text, line, sizes,
                                    f"the SD {sd.text} cannot be the SD of {_span(sizes)} whole numbers with mean "
                                    f"{mean.text} (GRIMMER)", {"mean": mean.text, "sd": sd.text, "n": _span(sizes)})


def _span(sizes: range) -> str:
    return f"{sizes[0]}-{sizes[-1]}" if len(sizes) > 1 else str(sizes[0])


def _nearest(mean: Printed, n: int) -> str:
    t = math.floor(mean.value * n)
    return f"{t}/{n} = {t / n:.{mean.decimals}f}, {t + 1}/{n} = {(t + 1) / n:.{mean.decimals}f}"


def _grim_finding(pub, tab: Table, row, cells, j, col, text, line, sizes, what: str, values: dict) -> Finding:
    from .statistics_tables import _at, _ev
    return Finding(
        rule="STAT023", category="statistics", severity="warning", record=pub.id,
        message=f'{_tab_name(tab)}, row "{_short(row.label)}", column "{col.name}" (n = {col.n}): {what}.',
        evidence=[_ev(pub, line, text, f'cell of row "{_short(row.label)}"', col=_at(row, j)),
                  _ev(pub, row.line, row.label, "row label", col=_at(row, -1)), _col_ev(pub, col)],
        values=values)
