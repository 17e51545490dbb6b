"""Effect estimates with their confidence interval and p-value, as printed in running text:
'HR = 1.89, 95% CI 1.01–3.58, p = 0.051', 'odds ratio 0·80 [95% CI 0·66 to 0·98]; p=0·03',
'mean difference −16 mm, 95% CI: −26 to −6, P = 0.0032', 'OR [95% CI]: 2.26 [1.18-4.33], p = 0.014'.

Only statements whose estimate is named (hazard ratio, odds ratio, difference, ...) get a kind: an
unnamed number before a CI may be a single group's mean, whose null is unknown. The p-value is taken
only when it follows the CI directly, in the same clause, with no other number in between.
Offsets are character offsets into the text given.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from .printed import NUM, P_OP, P_VALUE, PValue, Printed, parse_number, parse_p
from .pvalues import DIFFERENCE, RATIO

# 'HR', 'aOR', 'hazard ratio', 'incidence rate ratio', 'sub-HR' ... Abbreviations are case-sensitive
# ('or' is a word); the spelled-out names are not.
_RATIO_ABBR = r"(?:a|A|adj\.?\s?|adjusted\s|s|sub-?|cs)?(?:HR|OR|RR|IRR|PR|GMR|SHR)s?"
_RATIO_WORDS = (r"(?i:(?:adjusted\s+|crude\s+|pooled\s+|sub-?distribution(?:al)?\s+|cause-specific\s+)?"
                r"(?:hazards?\s+ratio|odds\s+ratio|risk\s+ratio|relative\s+risk|rate\s+ratio|"
                r"incidence(?:\s+rate)?\s+ratio|prevalence\s+ratio|geometric\s+mean\s+ratio|"
                r"ratio\s+of\s+(?:the\s+)?geometric\s+means|ratio\s+of\s+means|mean\s+ratio|ratio))")
_DIFF_ABBR = r"(?:MD|WMD|SMD|RD|ARD|LSMD|\u03b2|(?i:beta|(?:regression\s+)?coefficient))"
_DIFF_WORDS = (r"(?i:(?:mean|median|absolute|adjusted|estimated|treatment|group|between[- ]group|risk|rate|"
               r"least[- ]squares?\s+mean|LS\s?mean|percent(?:age)?|standardi[sz]ed\s+mean|weighted\s+mean)?\s*"
               r"differences?(?:\s+in\s+(?:the\s+)?means)?)")
_LABEL_RE = re.compile(rf"(?<![\w-])(?P<ratio>{_RATIO_ABBR}|{_RATIO_WORDS})(?![\w-])"
                       rf"|(?<![\w-])(?P<diff>{_DIFF_ABBR}|{_DIFF_WORDS})(?![\w-])")

_LEVEL = r"(?P<level>\d{2}(?:[.\u00b7]\d)?)\s?%\s?"
_CI_WORD = (r"(?:CIs?\b|C\.I\.|[Cc]onfidence\s+[Ii]ntervals?|[Cc]onfidence\s+[Ll]imits?|CLs?\b)"
            r"(?:\s*[\(\[]\s*CI\s*[\)\]])?")
_CI_KW_RE = re.compile(_LEVEL + _CI_WORD)
# A unit after a number ('%', 'mm', 'mg/dL'), never a short word that may separate the limits ('to', 'at').
_UNIT = (r"(?:\s?%|\s?\u00b0|\s?(?!(?:to|at|and|a|of|in|vs|or|with)\b)[A-Za-z\u00b5\u03bc]{1,6}"
         r"(?:/[A-Za-z0-9]{1,6})?)?")
_SEP = r"(?:to|\u2013|\u2014|-|\u2010|\u2011|\u2212|,|;)"
# After the upper limit: no more digits ('1,2-3,4' decimal commas; '11 850' spaced thousands).
_NOT_MORE = r"(?!\d|[\d.,\u00b7]\d|\s?[-\u2013\u2212]\s?\d|\s\d{3}\b)"
# Form A: the limits follow the CI keyword ('95% CI: 1.01–3.58').
_LIMITS_A = re.compile(
    rf"\s*(?:(?:of|for)\s+(?:the\s+)?(?:mean\s+)?difference\s*)?[:=,]?\s*[\(\[]?\s*"
    rf"(?P<lo>{NUM}){_UNIT}\s*{_SEP}\s*(?P<hi>{NUM}){_NOT_MORE}{_UNIT}\s*[\)\]]?")
# Form B: '(95% CI)' then the estimate and bracketed limits ('OR [95% CI]: 2.26 [1.18-4.33]').
_LIMITS_B = re.compile(
    rf"\s*[\)\]]\s*(?:[^\d\[\]();]{{0,60}}?)?[:=,]?\s*(?P<est>{NUM}){_UNIT}\s*[\(\[]\s*"
    rf"(?P<lo>{NUM}){_UNIT}\s*{_SEP}\s*(?P<hi>{NUM}){_NOT_MORE}{_UNIT}\s*[\)\]]")
# The estimate right before the CI keyword: '1.89, ' / '0·80 [' / '−16 mm, ' / '3.05(' / '0·89 with '.
_EST_BEFORE = re.compile(rf"(?<![\d.,\u00b7])(?P<est>{NUM})(?P<unit>{_UNIT})\s*[,;:]?\s*(?:with\s+)?[\(\[]?\s*$")
# What may stand between a label and its estimate: '(HR)', ' = ', ' for OS was ', ' between groups '.
_LABEL_GAP = re.compile(r"^\s*(?:\([A-Za-z\-]{1,12}\))?[^\d;\[\]<>\u2264\u2265]{0,70}$")
# A gap ending like this puts a time point or a count, not the estimate, before the CI ('at 12 months').
_GAP_BAD_END = re.compile(r"(?i)\b(?:at|after|during|within|over|since|from|until|by|aged?|weeks?|months?|days?|"
                          r"years?|visits?|n|N|no\.|number)\s*[=:]?\s*[(\[]?\s*$")
_P_IN_GAP = re.compile(r"(?<![A-Za-z])[Pp]\s*(?:-?\s?values?)?\s*[=:]\s*$")
# A p-value right after the CI: '; p = 0.051', '), P<0.001', ' (log-rank p = 0.03)'.
_P_AFTER = re.compile(
    rf"\s*[\)\]]?\s*[,;:]?\s*(?:and\s+)?[\(\[]?\s*(?P<test>[A-Za-z\u03c7\u00b2' -]{{0,30}}?)\s*"
    rf"(?<![A-Za-z])[Pp](?:\s?-?\s?values?)?\s*(?P<p>(?:{P_OP}|:)\s*{P_VALUE})")
_NOT_SAME_TEST = re.compile(r"(?i)interaction|trend|heterogen|inferior|equivalen|superior|within")
_ONE_SIDED = re.compile(r"(?i)\bone[- ]sided|\bone[- ]tailed|\b1[- ]sided|non[-_\s]?inferior|equivalen")
_SENTENCE_END = re.compile(r"[.!?]\s+(?=[A-Z(\[])")


@dataclass(slots=True, frozen=True)
class Triple:
    """An estimate with its CI (and p-value when one follows) as printed."""
    kind: str | None          # RATIO, DIFFERENCE, or None when the estimate is not named
    label: str                # 'HR', 'odds ratio', 'difference' ('' when unnamed)
    estimate: Printed
    lower: Printed
    upper: Printed
    level: float              # the CI level in percent: 95.0
    p: PValue | None
    p_test: str               # the words printed before the p ('log-rank'), '' when none
    one_sided: bool           # the sentence speaks of one-sided tests, non-inferiority or equivalence
    p_shared: bool            # the same p is printed for another estimate of the sentence: a global test
    start: int
    end: int
    text: str                 # the statement as printed, label to p-value


def _sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    s = 0
    for m in _SENTENCE_END.finditer(text, 0, start):
        s = m.end()
    m = _SENTENCE_END.search(text, end)
    return s, (m.start() + 1 if m else len(text))


def _label_before(text: str, lo: int, est_start: int) -> re.Match | None:
    """The last estimate label in text[lo:est_start] with only a short, number-free gap to the estimate."""
    last = None
    for m in _LABEL_RE.finditer(text, lo, est_start):
        last = m
    if last is None:
        return None
    gap = text[last.end():est_start]
    if not _LABEL_GAP.match(gap) or _GAP_BAD_END.search(gap) or _P_IN_GAP.search(gap):
        return None
    return last


def _kind(label: re.Match | None, est: Printed, lower: Printed, upper: Printed, unit: str) -> str | None:
    if label is None:
        return None
    if label.group("ratio"):
        # A ratio is positive and unitless; 'HR 72 bpm' is a heart rate.
        if min(est.value, lower.value, upper.value) <= 0 or unit.strip() or est.value > 100:
            return None
        return RATIO
    return DIFFERENCE


@dataclass(slots=True)
class _Parts:
    label: re.Match | None
    start: int            # where the statement starts: its label, else its estimate
    est: str
    lo: str
    hi: str
    end: int
    unit: str             # the estimate's unit, '' when none


def _form_b(text: str, kw: re.Match, window: int) -> _Parts | None:
    """'OR [95% CI]: 2.26 [1.18-4.33]': the label must end right before the bracketed CI keyword."""
    mb = _LIMITS_B.match(text, kw.end())
    if not mb:
        return None
    head_end = len(text[window:kw.start()].rstrip(" (["))
    label = None
    for m in _LABEL_RE.finditer(text, window, window + head_end):
        label = m
    if label is not None and text[label.end():window + head_end].strip():
        label = None
    return _Parts(label, label.start() if label else kw.start(), mb.group("est"), mb.group("lo"), mb.group("hi"),
                  mb.end(), "")


def _form_a(text: str, kw: re.Match, window: int) -> _Parts | None:
    """'HR = 1.89, 95% CI 1.01-3.58': the estimate right before the keyword, its label before that."""
    ma = _LIMITS_A.match(text, kw.end())
    eb = _EST_BEFORE.search(text, window, kw.start()) if ma else None
    if not ma or not eb:
        return None
    label = _label_before(text, window, eb.start())
    return _Parts(label, label.start() if label else eb.start(), eb.group("est"), ma.group("lo"), ma.group("hi"),
                  ma.end(), eb.group("unit") or "")


def find_triples(text: str) -> list[Triple]:
    """Every estimate-with-CI statement in the text, in order."""
    out: list[Triple] = []
    prev_end = 0
    for kw in _CI_KW_RE.finditer(text):
        if kw.start() < prev_end:
            continue
        level = parse_number(kw.group("level"))
        if level is None or not 50 <= level.value < 100:
            continue
        window = max(prev_end, _sentence_bounds(text, kw.start(), kw.end())[0], kw.start() - 160)
        parts = _form_b(text, kw, window) or _form_a(text, kw, window)
        if parts is None:
            continue
        est, lower, upper = parse_number(parts.est), parse_number(parts.lo), parse_number(parts.hi)
        if est is None or lower is None or upper is None:
            continue
        if lower.value > upper.value:       # printed high-to-low
            lower, upper = upper, lower
        p, p_test, end = None, "", parts.end
        mp = _P_AFTER.match(text, parts.end)
        if mp and not _NOT_SAME_TEST.search(mp.group("test") or ""):
            raw = mp.group("p")
            p = parse_p("=" + raw[1:] if raw.startswith(":") else raw)
            if p is not None:
                p_test, end = (mp.group("test") or "").strip(" -'"), mp.end()
        s0, s1 = _sentence_bounds(text, parts.start, end)
        out.append(Triple(kind=_kind(parts.label, est, lower, upper, parts.unit),
                          label=parts.label.group(0).strip() if parts.label else "", estimate=est,
                          lower=lower, upper=upper, level=level.value, p=p, p_test=p_test,
                          one_sided=bool(_ONE_SIDED.search(text, s0, s1)), p_shared=False,
                          start=parts.start, end=end, text=text[parts.start:end]))
        prev_end = end
    return _mark_shared(text, out)


def _mark_shared(text: str, triples: list[Triple]) -> list[Triple]:
    """'0 vs -1 (OR 1.33, 95% CI 0.53-3.36; P = 0.027) and 1 vs -1 (OR 9.87, ...; P = 0.027)': one p for
    a factor with several levels. An exact p printed twice in one sentence belongs to neither estimate."""
    seen: dict[tuple[int, str], int] = {}
    for t in triples:
        if t.p is not None and not t.p.is_bound:
            key = (_sentence_bounds(text, t.start, t.end)[0], "".join(t.p.text.split()))
            seen[key] = seen.get(key, 0) + 1
    if not any(n > 1 for n in seen.values()):
        return triples
    out = []
    for t in triples:
        key = (_sentence_bounds(text, t.start, t.end)[0], "".join(t.p.text.split())) if t.p is not None else None
        out.append(replace(t, p_shared=True) if key is not None and seen.get(key, 0) > 1 else t)
    return out
