"""Words against numbers in a sentence: 'significantly' (or 'no significant difference') beside a
p-value that says the opposite, and a percentage change that does not follow from the two values
it is said to be between ('fell from 20 to 15 mg, a 40% reduction')."""
from __future__ import annotations

import re
from dataclasses import dataclass

from .printed import P_OP, P_VALUE, Printed, PValue, parse_number, parse_p

_P = re.compile(rf"(?<![A-Za-z])[Pp]\s?(?:-?\s?value)?\s?(?P<op>{P_OP})\s?(?P<v>{P_VALUE})")
# Any p-value, including 'p-values < 0.05' (a threshold, not a result): counted, never paired.
_ANY_P = re.compile(rf"(?<![A-Za-z])[Pp]['\u2019]?s?\s?(?:-?\s?values?)?\s?{P_OP}\s?\.?\d")
# Sentence ends: not after 'vs.', 'e.g.', 'i.e.', 'Fig.' (a result list goes on after them).
_END = re.compile(r"(?<=[.!?])(?<!vs\.)(?<!e\.g\.)(?<!i\.e\.)(?<!Fig\.)\s+(?=[A-Z(\[])")
_SIG = re.compile(r"(?i)\b(?:non-?|in)?significan(?:t|tly|ce)\b")
# A negation governing the word within four words: 'not significant', 'did not achieve statistical
# significance', 'failed to find a statistically significant', never across a verb 'to be' ('patients who
# did not finish the trial were significantly younger').
_NEG = re.compile(r"(?i)(?:\b(?:not|no|nor|without|never|failed|fail|fails|unable)|n't)"
                  r"(?:\s+(?!(?:was|were|is|are|be|been|being)\b)[\w-]+){0,4}\s+$")
# Sentences where the word and the p may not be about the same test at the same level.
_HEDGE = re.compile(r"(?i)trend|marginal|borderline|approach|tend|near|almost|close|clinical|weak|power|"
                    r"inferior|equivalen|bonferroni|correct|adjust|threshold|level|alpha|\u03b1|one[- ]sided|"
                    r"one[- ]tailed|considered|defined|set at|whereas|while|but|although|however|except|"
                    r"respectively|both|each|all\b|neither|either|nor\b|only")
_WINDOW = 100     # characters from the significance word to the p-value


@dataclass(slots=True, frozen=True)
class SigClaim:
    claims_significant: bool
    word_start: int
    p: PValue
    p_start: int
    p_end: int


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of a paragraph, for claims that must not lose their clause."""
    out, start = [], 0
    for m in _END.finditer(text):
        out.append((start, m.start()))
        start = m.end()
    out.append((start, len(text)))
    return out


def significance_claims(sentence: str) -> list[SigClaim]:
    """The one p-value of a sentence with the significance wording before it, when the sentence has
    exactly one p-value, all its significance words say the same, and nothing hedges the pairing."""
    ps = list(_P.finditer(sentence))
    if len(ps) != 1 or len(_ANY_P.findall(sentence)) != 1 or _HEDGE.search(sentence):
        return []
    pm = ps[0]
    words = [w for w in _SIG.finditer(sentence) if w.end() <= pm.start()]
    if not words or any(w.start() > pm.end() for w in _SIG.finditer(sentence)):
        return []
    polar = {_polarity(sentence, w) for w in _SIG.finditer(sentence)}
    if len(polar) != 1:
        return []
    w = words[-1]
    if pm.start() - w.end() > _WINDOW or ";" in sentence[w.end():pm.start()]:
        return []
    p = parse_p(pm.group("op") + pm.group("v"))
    if p is None:
        return []
    return [SigClaim(polar.pop(), w.start(), p, pm.start(), pm.end())]


def _polarity(sentence: str, w: re.Match) -> bool:
    word = w.group(0).lower()
    if word.startswith(("non", "in")):
        return False
    before = sentence[max(0, w.start() - 40):w.start()]
    return not _NEG.search(before)


# 'from 20 to 15 mg (a 40% reduction)', 'decreased from 8.1% to 7.2%, a reduction of 11%', 'from 40% to 30%
# (a 10 percentage point reduction)', 'by 5 points from 20 to 15'.
_V = r"(?P<{0}>\d+(?:[.\u00b7]\d+)?)(?P<{0}u>\s?%)?"
# Both forms hold 'from A [unit] to B': a cheap test before the full patterns.
FROM_TO = re.compile(r"(?i)\bfrom\s\d[\d.,\u00b7]*\s?%?\s?(?:[a-z/\u00b5]{1,8}\s)?(?:at baseline\s)?to\s\d")
CHANGE = re.compile(
    r"(?i)\bfrom\s" + _V.format("a") + r"(?:\s?[a-z/\u00b5]{1,8})?\s(?:at baseline\s)?to\s" + _V.format("b")
    + r"(?:\s?[a-z/\u00b5]{1,8})?(?:\s?[,(]\s?|\s)(?:(?:a|an|representing|corresponding to|i\.e\.,?)\s)?"
    r"(?P<x>\d+(?:[.\u00b7]\d+)?)\s?(?:%|(?P<xp>-?\s?(?:percentage[- ]|percent[- ])?points?\b))\s?(?P<what>relative\s)?"
    r"(?P<dir>reduction|decrease|increase|decline|drop|"
    r"fall|rise|improvement|change|lower|higher)")
BY = re.compile(r"(?i)\b(?:by|of)\s(?P<x>\d+(?:[.\u00b7]\d+)?)\s?(?:%|(?P<xp>(?:percentage\s|percent\s)?points?\b))"
                r"\s[^.;]{0,30}?\bfrom\s" + _V.format("a")
                 + r"(?:\s?[a-z/\u00b5]{1,8})?\sto\s" + _V.format("b"))


@dataclass(slots=True, frozen=True)
class PercentChange:
    a: Printed
    b: Printed
    x: Printed
    start: int
    end: int
    text: str
    points: bool          # the two values are percentages: a change in points is also a reading
    stated_points: bool = False   # the change is written in points ('a 10 percentage point fall'): only that reading

    def implied(self) -> tuple[float, float, float]:
        """The relative change |b - a| / a in percent, with its range over rounding."""
        if self.a.value <= 0:
            return float("nan"), 0.0, float("inf")
        rel = abs(self.b.value - self.a.value) / self.a.value * 100
        cands = []
        for a in (self.a.lo, self.a.hi):
            for b in (self.b.lo, self.b.hi):
                if a > 0:
                    cands.append(abs(b - a) / a * 100)
        lo, hi = min(cands), max(cands)
        if (self.b.lo - self.a.hi) * (self.b.hi - self.a.lo) <= 0:
            lo = 0.0
        return rel, lo, hi

    def difference(self) -> tuple[float, float]:
        """The absolute change |b - a| (in points when a and b are percentages), over rounding."""
        d = abs(self.b.value - self.a.value)
        return max(0.0, d - self.a.half - self.b.half), d + self.a.half + self.b.half

    def fits(self) -> bool:
        x0, x1 = self.x.lo, self.x.hi
        if not self.stated_points:
            rel, lo, hi = self.implied()
            if x1 >= lo - 1e-9 and x0 <= hi + 1e-9:
                return True
        if self.points or self.stated_points:
            d0, d1 = self.difference()
            if x1 >= d0 - 1e-9 and x0 <= d1 + 1e-9:
                return True
        return False


def _years(a: Printed, b: Printed) -> bool:
    return a.decimals == 0 and 1900 <= a.value <= 2100 and 1900 <= b.value < 2101


def percent_changes(sentence: str) -> list[PercentChange]:
    out = []
    for rx in (CHANGE, BY):
        for m in rx.finditer(sentence):
            a, b, x = (parse_number(m.group(k)) for k in ("a", "b", "x"))
            if a is None or b is None or x is None or a.value == b.value or _years(a, b):
                continue
            points = bool(m.group("au") or m.group("bu"))
            out.append(PercentChange(a, b, x, m.start(), m.end(), m.group(0), points, bool(m.group("xp"))))
    return out
