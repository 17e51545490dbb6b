"""statistics: a test statistic (t, F, r, chi-square, z, Q) and the p-value printed with it, recomputed
the way statcheck does (auditor/extract/teststats.py)."""
from __future__ import annotations

import re
from typing import Iterator

from auditor.extract.printed import fmt_p
from auditor.extract.teststats import (TestStat, Verdict, adjusted_p, find_test_stats, judge,
                                       mentions_multiplicity, multiple_of,
                                       mentions_one_tailed, stated_alpha)
from auditor.findings import Evidence, Finding
from auditor.model import Publication
from auditor.rules import rule

from .statistics_ci import _quote

_SKIP_SECTIONS = {"references", "bibliography"}
_AFTER = 40          # characters after a p-value read for 'adjusted', 'Bonferroni'...

_LAST: list = [None, []]
# A line without a p-value (or 'ns') holds no complete test statistic: skip the long regex.
_HAS_P = re.compile(r"[pP]\s?(?:-?\s?values?)?\s?[=<>\u2264\u2265]|\bn\.?\s?s\b")


def _checked(pub: Publication) -> list[tuple[int, TestStat, Verdict, float]]:
    """Every test statistic of the paper with statcheck's verdict (kept for the paper's second rule)."""
    if _LAST[0] is pub:
        return _LAST[1]
    out = []
    skip = [(s.start_line, s.end_line) for s in pub.sections if s.kind in _SKIP_SECTIONS]
    found = []
    for i, line in enumerate(pub.lines, 1):
        if "=" not in line or not _HAS_P.search(line) or any(a <= i <= b for a, b in skip):
            continue
        for t in find_test_stats(line):
            if not adjusted_p(line[t.end:t.end + _AFTER]):
                found.append((i, t))
    if found:
        alpha = stated_alpha(pub.lines)
        said: dict[str, bool] = {}      # what the paper says, read only when a result needs it

        def says(what: str) -> bool:
            if what not in said:
                said[what] = (mentions_one_tailed if what == "one" else mentions_multiplicity)(pub.lines)
            return said[what]
        for i, t in found:
            if t.p.text == "ns":
                t = find_test_stats(pub.lines[i - 1][t.start:t.end], alpha)[0]
            v = judge(t, alpha, False)
            if v.inconsistent and says("one"):
                v = judge(t, alpha, True)
            # A paper that says it adjusted for multiple comparisons prints k times the raw p.
            if v.inconsistent and says("multiple") and multiple_of(t, v):
                continue
            out.append((i, t, v, alpha))
    _LAST[0], _LAST[1] = pub, out
    return out


def _p_shown(t: TestStat) -> str:
    if t.p.text == "ns":
        return "p = ns"
    s = "".join(t.p.text.split())
    return f"p {s[0]} {s[1:]}" if s[:1] in "=<>" else f"p = {s}"


def _range(v: Verdict) -> str:
    return f"{fmt_p(v.low)}-{fmt_p(v.high)}"


def _values(t: TestStat, v: Verdict, alpha: float) -> dict[str, str]:
    return {"statistic": t.shown(), "reported p": _p_shown(t)[2:].strip(),
            "recomputed p": f"{fmt_p(v.computed)} ({_range(v)})",
            "tails": "one" if v.one_tailed else ("two" if t.kind in ("t", "z", "r") else "upper"),
            "alpha": f"{alpha:g}"}


def _finding(pub: Publication, i: int, t: TestStat, v: Verdict, alpha: float, rid: str, sev: str,
             msg: str) -> Finding:
    ev = Evidence(source=pub.source, line=i, col=t.start + 1, text=_quote(pub.lines[i - 1], t),
                  label="test statistic and p-value", highlight=t.text.strip(" ,;([").strip())
    return Finding(rule=rid, category="statistics", severity=sev, record=pub.id, message=msg,
                   evidence=[ev], values=_values(t, v, alpha))


def _implied(t: TestStat, v: Verdict) -> str:
    return f"{t.shown()} gives p = {fmt_p(v.computed)} (range over rounding {_range(v)})"


@rule("STAT011", category="statistics", severity="error", scope="publication",
      title="A test statistic and its p-value disagree about significance")
def test_decision_error(pub: Publication, ctx) -> Iterator[Finding]:
    """What: recomputes the p-value of every t, F, r, chi-square, z and Q statistic printed with its
    degrees of freedom and p-value ('t(28) = 1.20, p = .03', 'F1,56 = 3.2, P < 0.05', 'χ2 = 3.67 (1 df),
    P = 0.04') and reports those where the printed p and the recomputed p fall on opposite sides of
    the paper's significance level (its stated alpha, else 0.05; p = alpha counts as significant),
    whatever the rounding of the statistic. Method: statcheck (Nuijten et al., Behav Res Methods
    2016;48:1205-1226), re-implemented: t, z and r two-sided unless the paper says one-tailed,
    one-sided or directional and the one-tailed p fits; 'p = .000' read as p < .0005.
    Why: a decision error changes the paper's conclusion about the test: either the statistic, its
    degrees of freedom or the p-value is mistyped or comes from another analysis.
    Example: 'F(1, 40) = 2.50, p < .05' -> 'F(1, 40) = 2.50 gives p = 0.122 (range over rounding
    0.121-0.122), but the paper prints p < .05: significant at 0.05 as printed, not as recomputed.'"""
    for i, t, v, alpha in _checked(pub):
        if v.decision_error:
            sig = t.p.op not in (">", ">=") and t.p_value <= alpha
            turn = ("significant at {a} as printed, not as recomputed" if sig else
                    "not significant at {a} as printed, significant as recomputed").format(a=f"{alpha:g}")
            msg = f"{_implied(t, v)}, but the paper prints {_p_shown(t)}: {turn}."
            yield _finding(pub, i, t, v, alpha, "STAT011", "error", msg)


@rule("STAT012", category="statistics", severity="warning", scope="publication",
      title="A p-value does not follow from its test statistic")
def test_inconsistent(pub: Publication, ctx) -> Iterator[Finding]:
    """What: the same recomputation as STAT011, reporting a printed p-value that no rounding of the
    statistic gives (statcheck's 'inconsistency') when significance does not flip: 'p = .01' for a p
    of 0.036, 'p < .001' for a p of 0.004. The statistic is read as the interval it was rounded from
    (2.20 is 2.195-2.205) and the p-value likewise, so rounding alone never raises a finding.
    Statistics without degrees of freedom (except z), p-values marked adjusted or corrected, and
    reference lists are skipped.
    Why: a p-value that does not match its statistic is a copying or typing error (or the wrong test
    was named); statcheck finds one in about 10% of psychology papers (Nuijten et al. 2016).
    Example: 't(28) = 2.20, p = .01' -> 't(28) = 2.20 gives p = 0.036 (range over rounding
    0.036-0.037), but the paper prints p = .01.'"""
    for i, t, v, alpha in _checked(pub):
        if v.inconsistent and not v.decision_error:
            yield _finding(pub, i, t, v, alpha, "STAT012", "warning",
                           f"{_implied(t, v)}, but the paper prints {_p_shown(t)}.")
