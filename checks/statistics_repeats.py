"""statistics: the same fact told twice. An estimate with its confidence interval stated in the
abstract and again in the body (results, tables) must be the same numbers."""
from __future__ import annotations

import re
from typing import Iterator

from auditor.extract.printed import Printed
from auditor.extract.stats import Triple
from auditor.findings import Evidence, Finding
from auditor.model import Publication
from auditor.rules import rule

from .statistics_ci import _pub_statements, _quote

_EPS = 1e-9
_MIN_DIGITS = 4      # shared numbers with fewer significant digits in all ('0', '-1') match by chance
# Words that name the analysis a statement comes from; two statements from different analyses
# (adjusted and crude, intention-to-treat and per-protocol) may differ.
_ANALYSIS = {
    "adjusted": re.compile(r"(?i)\badjust|multivariat|multivariable|\bA(?:HR|OR|RR)\b"),
    "crude": re.compile(r"(?i)unadjusted|univariat|univariable|\bcrude\b"),
    "itt": re.compile(r"(?i)intention|\bITT\b"),
    "pp": re.compile(r"(?i)per[- ]protocol|on[- ]treatment|\bcompleters?\b|sensitivity"),
}
_CONFLICTS = (("adjusted", "crude"), ("itt", "pp"))


def _statements(pub: Publication) -> tuple[list[tuple[int, Triple]], list[tuple[int, Triple]]]:
    """The named estimates with a CI (STAT001's reading, shared), split into abstract and body."""
    abstract, body = [], []
    for i, t, _ in _pub_statements(pub):
        sec = pub.section_of(i)
        (abstract if sec is not None and sec.kind == "abstract" else body).append((i, t))
    return abstract, body


def _analysis(pub: Publication, line: int, t: Triple) -> set[str]:
    text = pub.lines[line - 1]
    a = text.rfind(". ", 0, t.start)
    sent = text[max(a, 0):t.end] + " " + t.label
    return {k for k, rx in _ANALYSIS.items() if rx.search(sent)}


def _adjusted_label(t: Triple) -> bool:
    return bool(re.match(r"(?i)a(?:dj\.?|djusted)?\s?(?:HR|OR|RR|IRR)|adjusted", t.label))


def _conflict(x: set[str], y: set[str]) -> bool:
    return any((a in x and b in y and a not in y) or (b in x and a in y and b not in y) for a, b in _CONFLICTS)


_WORD = re.compile(r"[A-Za-z][A-Za-z-]{4,}")
_STOP = {"which", "those", "these", "there", "their", "group", "groups", "patients", "participants", "compared",
         "between", "ratio", "difference", "interval", "confidence", "significant", "significantly", "respectively",
         "after", "before", "during", "total", "overall", "higher", "lower", "associated", "analysis", "model",
         "hazard", "odds", "versus", "showed", "observed", "adjusted", "treatment", "control", "placebo"}


def _topic(pub: Publication, line: int, t: Triple) -> set[str]:
    """The content words printed before a statement: what it is about."""
    text = pub.lines[line - 1][max(0, t.start - 120):t.start]
    cut = max(text.rfind(")"), text.rfind(";"), text.rfind("]"))
    text = text[cut + 1:] if cut >= 0 else text       # not the words of the statement before
    return {w.lower() for w in _WORD.findall(text)} - _STOP


def _digits(p: Printed) -> int:
    return len(p.text.lstrip("+-\u2212\u2013 0.\u00b7").replace(".", "").replace("\u00b7", ""))


def _same(a: Printed, b: Printed) -> bool:
    return a.value == b.value and a.decimals == b.decimals


def _differs(a: Printed, b: Printed) -> bool:
    """Different whatever the rounding: neither printed value can be the other rounded."""
    if a.decimals == b.decimals:
        return a.value != b.value
    fine, coarse = (a, b) if a.decimals > b.decimals else (b, a)
    return not (coarse.lo - _EPS <= fine.value <= coarse.hi + _EPS)


def _shown(t: Triple) -> str:
    return f"{t.label} {t.estimate.text} ({t.level:g}% CI {t.lower.text} to {t.upper.text})"


@rule("STAT019", category="statistics", severity="warning", scope="publication",
      title="The abstract and the body give the same estimate with different numbers")
def abstract_vs_body(pub: Publication, ctx) -> Iterator[Finding]:
    """What: pairs each estimate with a confidence interval in the abstract ('HR 0.72, 95% CI 0.55-0.94')
    with the body's statements of the same kind and CI level that share two of its three numbers
    (estimate, lower and upper limit), and reports a pair whose third number differs beyond rounding.
    Statements told identically on the other side, pairs from different analyses (adjusted and crude,
    intention-to-treat and per-protocol), pairs whose preceding words share no content word (another
    outcome) and pairs sharing only short numbers ('0', '-1') are skipped.
    Why: the abstract is what most readers, reviewers and databases take from a paper; when it gives
    a different estimate, limit or p-value than the results, one of them is a typo or a leftover from an
    earlier analysis.
    Example: abstract 'OR 2.10 (95% CI 1.20-3.60), p = 0.01', results 'OR 2.10 (95% CI 1.20-3.68), p =
    0.01' -> 'The abstract gives OR 2.10 (95% CI 1.20 to 3.60), the results OR 2.10 (95% CI 1.20 to
    3.68): the upper limit differs.'"""
    abstract, body = _statements(pub)
    if not abstract or not body:
        return

    def key(t: Triple) -> tuple:
        return (t.kind, t.level, t.estimate.text, t.lower.text, t.upper.text)
    # A statement told identically on the other side has its twin: a near match is another result.
    told_a, told_b = {key(t) for _, t in abstract}, {key(t) for _, t in body}
    for ai, a in abstract:
        if key(a) in told_b:
            continue
        for bi, b in body:
            if a.kind != b.kind or a.level != b.level or key(b) in told_a:
                continue
            if _adjusted_label(a) != _adjusted_label(b) or _conflict(_analysis(pub, ai, a), _analysis(pub, bi, b)):
                continue
            if not _topic(pub, ai, a) & _topic(pub, bi, b):
                continue
            pairs = {"estimate": (a.estimate, b.estimate), "lower limit": (a.lower, b.lower),
                     "upper limit": (a.upper, b.upper)}
            same = [k for k, (x, y) in pairs.items() if _same(x, y)]
            diff = [k for k, (x, y) in pairs.items() if _differs(x, y)]
            if len(same) != 2 or len(diff) != 1 or sum(_digits(pairs[k][0]) for k in same) < _MIN_DIGITS:
                continue
            what = f"the {diff[0]} differs"
            yield Finding(
                rule="STAT019", category="statistics", severity="warning", record=pub.id,
                message=f"The abstract gives {_shown(a)}, the body {_shown(b)}: {what}.",
                evidence=[Evidence(source=pub.source, line=ai, col=a.start + 1, text=_quote(pub.lines[ai - 1], a),
                                   label="abstract", highlight=a.text),
                          Evidence(source=pub.source, line=bi, col=b.start + 1, text=_quote(pub.lines[bi - 1], b),
                                   label="body", highlight=b.text)],
                values={"abstract": " ".join(a.text.split()), "body": " ".join(b.text.split())})
            break
