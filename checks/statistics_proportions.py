"""statistics: two proportions compared with one p-value in a sentence, against the p-values their
counts give (auditor/extract/proportions.py)."""
from __future__ import annotations

from typing import Iterator

from auditor.extract.printed import fmt_p
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
    medians or means are skipped: their p need not come from the 2x2 table.
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
