"""Two proportions compared in one sentence with one p-value ('32/50 (64%) vs 20/48 (41.7%), p = 0.03'),
and the p-values the counts give under the usual tests of a 2x2 table."""
from __future__ import annotations

import re
from dataclasses import dataclass

from .claims import _P, sentences
from .counts import PercentCount, find_percent_counts
from .printed import PValue, parse_p

# Sentences where the p may come from another analysis than a plain 2x2 test of these counts:
# adjusted or model-based, paired (the same group at two times), one-sided or non-inferiority.
_OTHER = re.compile(r"(?i)adjust|odds|hazard|ratio|regression|model|stratif|mantel|\bcmh\b|\bgee\b|mixed|"
                    r"logistic|inferior|equivalen|one[- ]sided|one[- ]tailed|interaction|within|change|baseline|"
                    r"before|after|\bpre|\bpost|follow|week|month|day|year|visit|respectively|trend|mcnemar|"
                    r"difference|risk|relative|paired|each|both|overall|total|among|of whom|of these|median|mean")
_COMPARE = re.compile(r"(?i)\bvs\.?|\bversus\b|compared|\bthan\b|\band\b|\bin the\b")


# 'n/N (x%)' or 'x% (n/N)': counted cheaply before the full percentage readers run.
_PAIR = re.compile(r"\d\s?/\s?\d{1,6}\s?\(\s?\d[\d.\u00b7]*\s?%|%\s?\(\s?\d{1,6}\s?/\s?\d")


@dataclass(slots=True, frozen=True)
class TwoProportions:
    a: PercentCount
    b: PercentCount
    p: PValue
    p_text: str
    start: int             # offsets in the line
    end: int


def find_two_proportions(line: str) -> list[TwoProportions]:
    out = []
    if "%" not in line or "/" not in line or len(_PAIR.findall(line)) < 2 or not _P.search(line):
        return out
    for s0, s1 in sentences(line):
        sent = line[s0:s1]
        ps = list(_P.finditer(sent))
        if len(ps) != 1 or _OTHER.search(sent) or not _COMPARE.search(sent):
            continue
        pcs = find_percent_counts(sent)
        if len(pcs) != 2 or not all(pc.consistent() for pc in pcs) or ps[0].start() < pcs[1].end:
            continue
        if not _COMPARE.search(sent[pcs[0].end:pcs[1].start]):
            continue
        p = parse_p(ps[0].group("op") + ps[0].group("v"))
        if p is None:
            continue
        out.append(TwoProportions(pcs[0], pcs[1], p, " ".join(ps[0].group(0).split()), s0 + pcs[0].start,
                                  s0 + ps[0].end()))
    return out


def two_by_two_p(a: PercentCount, b: PercentCount) -> tuple[float, float]:
    """The smallest and largest p-value of Pearson's chi-square (with and without Yates' correction)
    and Fisher's exact test (two-sided, and the smaller one-sided) for n1/N1 against n2/N2."""
    from scipy import stats   # lazy: start-up time
    table = [[a.n, a.total - a.n], [b.n, b.total - b.n]]
    ps = [float(stats.fisher_exact(table)[1]),
          float(min(stats.fisher_exact(table, alternative="less")[1],
                    stats.fisher_exact(table, alternative="greater")[1]))]
    if min(a.n + b.n, a.total - a.n + b.total - b.n) > 0:
        for corr in (False, True):
            ps.append(float(stats.chi2_contingency(table, correction=corr)[1]))
    return min(ps), max(ps)
