"""statistics: what a paper's sentence says against the numbers in it: 'significantly' beside a p-value
above alpha (or 'no significant difference' beside one below), and a percentage change that does not
follow from the two values given (auditor/extract/claims.py)."""
from __future__ import annotations

from typing import Iterator

from auditor.extract.claims import FROM_TO, percent_changes, sentences, significance_claims
from auditor.extract.teststats import stated_alpha
from auditor.findings import Evidence, Finding
from auditor.model import Publication
from auditor.rules import rule

_SKIP_SECTIONS = {"references", "bibliography", "table"}
_LIMIT = 400


def _sentences(pub: Publication, needle: str, also: str = "", pattern=None) -> Iterator[tuple[int, str]]:
    skip = [(s.start_line, s.end_line) for s in pub.sections if s.kind in _SKIP_SECTIONS]
    for i, line in enumerate(pub.lines, 1):
        if needle not in line or also not in line or any(a <= i <= b for a, b in skip):
            continue
        if pattern is not None and not any(rx.search(line) for rx in pattern):
            continue
        for a, b in sentences(line):
            if needle in line[a:b]:
                yield i, line[a:b]


def _cut(s: str) -> str:
    s = " ".join(s.split())
    return s if len(s) <= _LIMIT else s[:_LIMIT - 1] + "\u2026"


@rule("STAT017", category="statistics", severity="warning", scope="publication",
      title="A sentence calls a result significant (or not) against its own p-value")
def significance_words(pub: Publication, ctx) -> Iterator[Finding]:
    """What: reads sentences with exactly one p-value and significance wording before it, and reports
    'significantly', 'a significant difference' beside a p-value certainly at or above the paper's
    alpha (its stated level, else 0.05), and 'no significant', 'non-significant' beside one certainly
    below it. Sentences that hedge ('trend', 'marginally', 'approached'), speak of corrections or
    thresholds, or contrast two results ('but', 'whereas', 'respectively') are skipped.
    Why: the words are what readers and abstracts repeat; when they contradict the number, either
    the claim or the p-value is wrong.
    Example: 'Pain decreased significantly in the treated group (p = 0.12).' -> 'The sentence calls the
    result significant, but p = 0.12 is not below 0.05.'"""
    alpha = None
    for i, sent in _sentences(pub, "ignifican", "="):
        for c in significance_claims(sent):
            if alpha is None:
                alpha = stated_alpha(pub.lines)
            p_text = " ".join(sent[c.p_start:c.p_end].split())
            if c.claims_significant and c.p.definitely_at_least(alpha):
                msg = f"The sentence calls the result significant, but {p_text} is not below {alpha:g}."
            elif not c.claims_significant and c.p.definitely_below(alpha):
                msg = f"The sentence calls the result not significant, but {p_text} is below {alpha:g}."
            else:
                continue
            yield Finding(rule="STAT017", category="statistics", severity="warning", record=pub.id, message=msg,
                          evidence=[Evidence(source=pub.source, line=i, text=_cut(sent),
                                             label="significance wording and p-value", highlight=p_text)],
                          values={"wording": "significant" if c.claims_significant else "not significant",
                                  "p": p_text, "alpha": f"{alpha:g}"})


@rule("STAT018", category="statistics", severity="warning", scope="publication",
      title="A percentage change does not follow from the two values given")
def percent_change(pub: Publication, ctx) -> Iterator[Finding]:
    """What: reads 'from A to B ... (an X% reduction)' and 'by X% from A to B' and reports an X that is
    neither the relative change |B - A| / A nor, when A and B are percentages, the change in
    percentage points, over every rounding of the three numbers. A change written in points ('a 10
    percentage point reduction', 'by 5 points from 20 to 15') is compared with |B - A| only.
    Why: a percentage change is often the headline number of a result; one that the paper's own
    values do not give is a miscalculation or a typo in one of the values.
    Example: 'HbA1c fell from 8.0% to 7.2% (a 20% reduction)' -> 'From 8.0% to 7.2% is a change of
    10.0% (0.8 points), not 20%.'"""
    for i, sent in _sentences(pub, "%", "from ", (FROM_TO,)):
        for c in percent_changes(sent):
            if c.fits():
                continue
            unit = "%" if c.points else ""
            if c.stated_points:
                d = abs(c.b.value - c.a.value)
                said, found = f"{c.x.text} points", f"{d:g} points"
            else:
                rel, _, _ = c.implied()
                pts = f" ({abs(c.b.value - c.a.value):g} points)" if c.points else ""
                said, found = f"{c.x.text}%", f"{rel:.1f}%{pts}"
            yield Finding(
                rule="STAT018", category="statistics", severity="warning", record=pub.id,
                message=f"From {c.a.text}{unit} to {c.b.text}{unit} is a change of {found}, not {said}.",
                evidence=[Evidence(source=pub.source, line=i, text=_cut(sent), label="values and percentage change",
                                   highlight=c.text)],
                values=_change_values(c))


def _change_values(c) -> dict:
    """The compared numbers, each reading with its range over rounding."""
    lo, hi = c.difference()
    out = {"from": c.a.text, "to": c.b.text,
           "stated change": f"{c.x.text} points" if c.stated_points else f"{c.x.text}%",
           "difference range": f"{lo:.4g} to {hi:.4g}"}
    if not c.stated_points:
        rel, rlo, rhi = c.implied()
        out["relative change"] = f"{rel:.1f}%"
        out["relative change range"] = f"{rlo:.4g}% to {rhi:.4g}%"
    return out
