"""Test statistics printed with their p-value ('t(28) = 2.20, p = .01', 'F1,56 = 3.2, P < 0.05',
'χ2 = 3.67 (1 df), p = 0.06', 't = 2.1, df = 34, P = 0.04', 'z = −2.1, p = .04', 'Q(4) = 9.1, p = .06'),
and the p-value the statistic and its degrees of freedom imply.

The judgement follows statcheck's published rules (Nuijten et al., Behav Res Methods 2016;48:1205;
Epskamp & Nuijten, the R package 'statcheck', CRAN), re-implemented here:
- the printed statistic stands for every value that rounds to it (2.20 is 2.195-2.205), so the
  recomputed p is a range, and a printed p is inconsistent only when no rounding of both reconciles them;
- 'p < x' is inconsistent when the smallest recomputed p is above x, 'p > x' when the largest is below x;
- 'p = .000' is read as p < .0005 (statcheck's pZeroError = FALSE); 'p < .000' is always inconsistent;
- t, z and r are two-sided; when the paper says 'one-tailed', 'one-sided' or 'directional' anywhere,
  an inconsistency the one-tailed p explains is not one (statcheck's OneTailedTxt);
- a decision error is an inconsistency whose significance at alpha flips (p = alpha counts as
  significant, statcheck's pEqualAlphaSig); alpha is the paper's stated level, else .05.
A statistic without its degrees of freedom (other than z) is not checked, as in statcheck.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass

from .printed import P_OP, P_VALUE, PValue, parse_number, parse_p

_MINUS = "-\u2212\u2010\u2011\u2012\u2013\u2014\ufe63\uff0d"
_NUM = rf"[{_MINUS}+]?\s?(?:\d+(?:[.\u00b7]\d+)?|[.\u00b7]\d+)"
_DF = r"\d+(?:\.\d+)?"
_EPS = 1e-12

# The statistic's name. The chi-square sign as printed and as PDF extraction mangles it.
_NAME = (r"(?P<name>(?:\u03c7|\u03a7|[xX]|chi|Chi|CHI)(?:\s?-?\s?(?:2|\u00b2|\^2|squared?|Square))(?!\d)"
         r"|[tFrzZQ])")
# Degrees of freedom right after the name: '(28)', '(1, 40)', '(1, N = 100)', '( df = 2, N = 159)', 'F1,56'.
_DF_AFTER = (rf"(?:\s?[(\[]\s*(?:df\s*=\s*)?(?P<d1>{_DF})(?:\s*[,;/]\s*(?P<d2>{_DF}))?"
             rf"(?:\s*[,;]\s*[Nn]\s*=\s*[\d,]+)?\s*[)\]]"
             rf"|(?P<s1>\d+)\s?,\s?(?P<s2>\d+)(?=\s*[=<>])|(?P<u1>\d+)(?=\s?[=<>]))")
_TEST_OP = r"(?P<top>=|<|>|\u2264|\u2265)"
# Degrees of freedom after the value: '(1 df)', ', df = 34', '; df = 1, 54', ', degrees of freedom (df) = 3'.
_DF_LATER = (rf"(?:\s?\(\s?(?P<l1>{_DF})\s?(?:df|d\.f\.)\s?\)"
             rf"|\s?[,;]\s?(?:df|d\.f\.|DF|degrees? of freedom(?:\s?\(df\))?)\s?[=:]?\s?(?P<m1>{_DF})"
             rf"(?:\s?(?:,|/|and)\s?(?P<m2>\d+))?)")
_P_LABEL = r"(?:(?:two|one)[- ](?:sided|tailed)\s)?(?:[Pp](?:[- ]?values?)?)"
_P = (rf"(?:\s?[,;:(\[]\s?|\s)(?:{_P_LABEL}\s?(?P<pop>{P_OP})\s?(?P<pval>{P_VALUE})"
      rf"|(?P<ns>n\.?\s?s\.?)(?![a-z]))")

_RE = re.compile(rf"(?<![A-Za-z0-9_\u0370-\u03ff]){_NAME}(?:{_DF_AFTER})?\s?(?:\(\w{{1,3}}\)\s?)?"
                 rf"(?:-?\s?(?:value|statistic|test))?\s{{0,3}}{_TEST_OP}\s{{0,3}}(?P<val>{_NUM})(?![\d.,]\d)"
                 rf"(?:{_DF_LATER})?{_P}")
_ONE_TAILED = re.compile(r"(?i)\b(?:one|1)[- ]?(?:tailed|sided)\b|\bdirectional\b")
_MULTIPLICITY = re.compile(r"(?i)bonferroni|\bholm\b|\bsidak|\u0161id\u00e1k|adjusted for multiple|corrected for multiple|"
                           r"multiple[- ]comparisons? (?:correction|adjustment)")
_ADJUSTED = re.compile(r"(?i)adjust|correct|bonferroni|holm|FDR")
_ALPHA = re.compile(
    r"(?i)(?:\bp\s?(?:<|\u2264|<\s?=|values? (?:of )?(?:less than|below|<))\s?(0?\.\d+)\s?(?:was|were|is)"
    r"\s(?:considered|regarded|taken|accepted|defined)|(?:level of (?:statistical )?significance|significance level|"
    r"statistical significance)(?: was| of| at| is| set| to| =|:|\s)*(0?\.\d+))")
# A level stated for the sample size calculation is not the level results are judged at.
_POWER = re.compile(r"(?i)\bpower\b|sample size")
_ALPHAS = (0.01, 0.05, 0.1)


@dataclass(slots=True, frozen=True)
class TestStat:
    """One test statistic with its degrees of freedom and printed p-value."""
    kind: str                 # 't', 'F', 'r', 'z', 'chi2', 'Q'
    df1: float | None
    df2: float | None
    value: float
    decimals: int
    test_op: str              # '=', '<', '>'
    p: PValue
    p_value: float            # the printed p ('p = .04' -> 0.04; 'ns' -> alpha)
    start: int
    end: int
    text: str

    def shown(self) -> str:
        name = {"chi2": "\u03c72"}.get(self.kind, self.kind)
        df = ""
        if self.df1 is not None:
            df = f"({_g(self.df1)}{', ' + _g(self.df2) if self.df2 is not None else ''})"
        return f"{name}{df} {self.test_op} {self.value:.{self.decimals}f}"


def _g(x: float) -> str:
    return f"{x:g}"


def _kind(name: str) -> str:
    if name in ("z", "Z"):
        return "z"
    if name in ("t", "F", "r", "Q"):
        return name
    return "chi2"


_OPS = {"=": "=", "<": "<", ">": ">", "\u2264": "<", "\u2265": ">"}


def find_test_stats(line: str, alpha: float = 0.05) -> list[TestStat]:
    """Every complete test statistic in a line (statistic, degrees of freedom where the test needs
    them, p-value), in order. 'p = ns' stands for p > alpha."""
    if "=" not in line:
        return []
    out = []
    for m in _RE.finditer(line):
        t = _one(m, alpha)
        if t is not None:
            out.append(t)
    return out


def _one(m: re.Match, alpha: float) -> TestStat | None:
    kind = _kind(m.group("name"))
    if m.group("u1") and m.group("name") != "t":
        return None                       # only t takes its df as a subscript ('t9 = 1.52')
    d1 = m.group("d1") or m.group("s1") or m.group("u1") or m.group("l1") or m.group("m1")
    d2 = m.group("d2") or m.group("s2") or m.group("m2")
    if m.group("s1") and kind != "F":
        return None                       # 't1,2 =' is not a t test
    val = parse_number(m.group("val").replace(" ", ""))
    if val is None:
        return None
    df1 = float(d1) if d1 else None
    df2 = float(d2) if d2 else None
    if kind == "F":
        if df1 is None or df2 is None:
            return None
    elif kind == "z":
        df1 = df2 = None
    elif df1 is None or df2 is not None:
        return None                       # t, r, chi2, Q need exactly one df
    if any(d is not None and not 0 < d < 1e7 for d in (df1, df2)):
        return None
    if kind in ("chi2", "Q", "F") and (val.value < 0 or (df1 is not None and df1 != int(df1))):
        if kind != "F" or val.value < 0:
            return None
    if kind == "r" and not -1 < val.value < 1:
        return None
    if m.group("ns"):
        p = PValue(alpha, 1.0, ">", "ns")
        pv = alpha
    else:
        p = parse_p(m.group("pop") + m.group("pval"))
        if p is None:
            return None
        pv = _printed_p(p)
    return TestStat(kind, df1, df2, val.value, val.decimals, _OPS[m.group("top")], p, pv,
                    m.start(), m.end(), m.group(0))


def _printed_p(p: PValue) -> float:
    if p.op == "=":
        return (p.lo + p.hi) / 2 if p.lo > 0 else 0.0
    return p.hi if p.op in ("<", "<=") else p.lo


def compute_p(kind: str, stat: float, df1: float | None, df2: float | None, two_tailed: bool = True) -> float:
    """The p-value of a statistic: t, z and r two-sided unless two_tailed is False; F, chi2, Q upper tail."""
    from scipy import special   # lazy: start-up time; the special functions are much cheaper than scipy.stats
    if kind == "t":
        p = float(special.stdtr(df1, -abs(stat)))
    elif kind == "z":
        p = float(special.ndtr(-abs(stat)))
    elif kind == "r":
        if abs(stat) >= 1:
            return 0.0
        t = stat * math.sqrt(df1 / (1 - stat * stat))
        p = float(special.stdtr(df1, -abs(t)))
    elif kind == "F":
        p = float(special.fdtrc(df1, df2, stat))
        # F(1, df) is a squared t: its one-tailed p is half (statcheck halves t, z and r only).
        return p / 2 if not two_tailed and df1 == 1 else p
    else:
        return float(special.chdtrc(df1, stat))
    return 2 * p if two_tailed else p


@dataclass(slots=True, frozen=True)
class Verdict:
    computed: float           # from the statistic as printed
    low: float                # range over the statistic's rounding
    high: float
    inconsistent: bool
    decision_error: bool
    one_tailed: bool          # the one-tailed reading was used


def _range(t: TestStat, two_tailed: bool) -> tuple[float, float, float]:
    half = 0.5 * 10.0 ** -t.decimals
    mag = abs(t.value)
    near = max(mag - half, 0.0)
    far = mag + half
    if t.kind == "r":
        far = min(far, 1 - 1e-12)
    sign = -1.0 if t.value < 0 else 1.0
    comp = compute_p(t.kind, t.value, t.df1, t.df2, two_tailed)
    high = compute_p(t.kind, sign * near, t.df1, t.df2, two_tailed)
    low = compute_p(t.kind, sign * far, t.df1, t.df2, two_tailed)
    if t.test_op == "<":           # the statistic is at most the printed value: any larger p fits
        high = 1.0
    elif t.test_op == ">":
        low = 0.0
    return comp, low, high


def _inconsistent(t: TestStat, low: float, high: float) -> bool:
    if t.p.hi <= 0 and t.p.op in ("<", "<="):
        return True                 # 'p < .000'
    return high < t.p.lo - _EPS or low > t.p.hi + _EPS


def _decision(t: TestStat, computed: float, alpha: float) -> bool:
    """statcheck's decision error with p = alpha counted as significant."""
    rep, op, top = t.p_value, "<" if t.p.op in ("<", "<=") else ">" if t.p.op in (">", ">=") else "=", t.test_op
    if top == "=":
        if op == "=":
            return (rep <= alpha < computed) or (rep > alpha >= computed)
        if op == "<":
            return rep <= alpha < computed
        return rep >= alpha >= computed
    if top == "<":
        return op != ">" and rep <= alpha <= computed
    return op != "<" and (rep > alpha >= computed if op == "=" else rep >= alpha >= computed)


def judge(t: TestStat, alpha: float = 0.05, one_tailed_in_text: bool = False) -> Verdict:
    """statcheck's verdict on one statistic (see the module docstring)."""
    comp, low, high = _range(t, True)
    bad = _inconsistent(t, low, high)
    dec = bad and _decision(t, comp, alpha)
    if bad and one_tailed_in_text and (t.kind in ("t", "z", "r") or (t.kind == "F" and t.df1 == 1)):
        c1, l1, h1 = _range(t, False)
        if not _inconsistent(t, l1, h1):
            return Verdict(c1, l1, h1, False, False, True)
    return Verdict(comp, low, high, bad, dec, False)


def multiple_of(t: TestStat, v: Verdict, most: int = 20) -> int | None:
    """The k (2..most) for which the printed p is k times the recomputed one within rounding: a p-value
    multiplied for multiple comparisons (Bonferroni). Only for 'p = x' below 1."""
    if t.p.op != "=" or t.p.hi >= 1:
        return None
    for k in range(2, most + 1):
        if k * v.low <= t.p.hi + _EPS and k * v.high >= t.p.lo - _EPS:
            return k
    return None


def mentions_multiplicity(lines: list[str]) -> bool:
    """The paper says it multiplied or adjusted p-values for multiple comparisons."""
    return any(_MULTIPLICITY.search(ln) for ln in lines)


def mentions_one_tailed(lines: list[str]) -> bool:
    return any(_ONE_TAILED.search(ln) for ln in lines)


_ALPHA_SEEN: list = [None, 0.05]     # the last paper's lines and level: two rules ask for it


# Words every match of _ALPHA holds (lower case): a paragraph without one is not searched (the pattern
# costs far more); letters IGNORECASE folds but lower() does not ('\u0131' is 'i') leave it to the pattern.
_ALPHA_WORDS = ("considered", "regarded", "taken", "accepted", "defined", "level of", "significance level",
                "statistical significance")
_ODD_CASE = ("\u0130", "\u0131", "\u017f", "\u212a")


def _may_state_alpha(line: str) -> bool:
    if any(c in line for c in _ODD_CASE):
        return True
    low = line.lower()
    return any(w in low for w in _ALPHA_WORDS)


def stated_alpha(lines: list[str]) -> float:
    """The significance level a paper states ('P < 0.01 was considered significant', 'the level of
    significance was set at 0.10'), when it states one level of 0.01, 0.05 or 0.10 outside its sample
    size calculation; else 0.05."""
    if _ALPHA_SEEN[0] is lines:
        return _ALPHA_SEEN[1]
    found = set()
    for ln in lines:
        if "ignific" not in ln or not _may_state_alpha(ln):
            continue
        for m in _ALPHA.finditer(ln):
            if _POWER.search(ln[max(0, m.start() - 150):m.end() + 80]):
                continue
            v = float(m.group(1) or m.group(2))
            if any(abs(v - a) < 1e-9 for a in _ALPHAS):
                found.add(round(v, 3))
    level = found.pop() if len(found) == 1 else 0.05
    _ALPHA_SEEN[0], _ALPHA_SEEN[1] = lines, level
    return level


def adjusted_p(text: str) -> bool:
    """The p-value is labelled adjusted or corrected (Bonferroni...): not comparable with the statistic."""
    return bool(_ADJUSTED.search(text))
