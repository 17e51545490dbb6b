"""The same result told twice: a sentence of the abstract and a sentence of the results that give the
same numbers in the same order (group values, percentages, medians, means, p-values, the limits of
an unnamed estimate's interval) except one.

    numbers(sentence) -> list[Token]      (p_values(sentence): its p-values only; candidate_keys: a cheap superset)
    segments(tokens) -> the results of a sentence (its numbers cut after each p-value)
    one_change(a_tokens, b_tokens) -> (i, j) | None

A result is recognised by its numbers, not its words: two results that share at least two numbers in
the same order, with one number replaced next to a shared one, tell the same result; the replaced
number is then the one they disagree on. Named estimates with their intervals (HR, OR, differences:
STAT019's subject), dates, time points and doses are not compared.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from difflib import SequenceMatcher
from functools import lru_cache

from .printed import NUM, P_OP, P_VALUE, Printed, PValue, parse_number, parse_p

_P = re.compile(rf"(?<![A-Za-z])[Pp]\s?(?:-?\s?values?)?\s?(?P<op>{P_OP})\s?(?P<v>{P_VALUE})")
_NUMBER = re.compile(rf"(?<![\w.,/^\u00b7])(?P<v>{NUM})(?P<pct>\s?%)?(?![\w\u00b7]|[.,]\d|\s?/\s?\d)")
# Units printed after a number; other words after it ('vs', 'and') are not units.
_UNIT = re.compile(r"\s?((?:mg|g|kg|\u00b5g|mcg|ng|pg|mmol|\u00b5mol|nmol|pmol|mol|mEq|IU|U|ml|mL|l|L|dl|dL|mmHg|mm|cm|m|"
                   r"km|"
                   r"bpm|kcal|cal|s|sec|min|minutes?|h|hrs?|hours?|d|days?|wk|wks|weeks?|mo|mos|months?|y|yrs?|years?|"
                   r"points?|units?|doses?|times|sessions?|visits?|cycles?|cells|copies|episodes|events)"
                   r"(?:/[A-Za-z\u00b5]+\d?)*)(?![A-Za-z])")
# Time points and doses name the measurement, not its result: two statements differing in one are
# two statements.
_TIME = re.compile(r"(?i)^(?:s|sec|min|minutes?|h|hrs?|hours?|d|days?|wk|wks|weeks?|mo|mos|months?|y|yrs?|years?|"
                   r"mg|g|kg|\u00b5g|mcg|ml|mL|l|IU|units?|doses?|times|sessions?|visits?|cycles?)$")
_CI_BEFORE = re.compile(r"(?i)(?:\bCI\b|confidence|interval|\bIQR\b|range|\bto\b|[\u2013\u2014-]|;|,)\s*[\[(]?\s*$")
_CI_AFTER = re.compile(r"^\s*(?:[\u2013\u2014]|-(?!\s?\d+\s?%)|to\s)")
_CI_LEVEL = re.compile(r"(?i)^\s?%?\s*(?:CI|confidence|credible)")
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?"
_DATE_AFTER = re.compile(rf"^\s?{_MONTH}")
_DATE_BEFORE = re.compile(rf"{_MONTH}\s?$")
_YEAR = re.compile(r"^(?:19|20)\d\d$")
# A threshold ('>= 0.2 ug/mL', '< 5%') or a spread ('± 19.12', 'SD 1.2') is not the result itself.
_ASIDE_BEFORE = re.compile(r"(?:[<>\u2264\u2265\u00b1]|\+/-|\bSDs?\b|\bSE\b|\bSEM\b)\s?=?\s?$")
_RATIO = re.compile(r"(?i)\b(?:a?HR|a?OR|a?RR|IRR|ratio|difference|MD|SMD|WMD|beta|\u03b2)\b")
# Letters IGNORECASE folds but lower() does not ('\u0131' is 'i', '\u03d0' is '\u03b2'): a text with one
# is left to _RATIO itself, not to _ratio_before's substring test.
_ODD_CASE = ("\u0130", "\u0131", "\u017f", "\u212a", "\u03d0")
_DASH_OR_TO = re.compile(r"[\u2013\u2014-]|\bto\b")
MIN_SHARED = 2


@dataclass(slots=True, frozen=True)
class Token:
    kind: str                 # 'p' (a p-value), '%' (a percentage), 'n' (another number)
    key: str                  # what must be equal for two tokens to be 'the same number' (as printed)
    start: int
    end: int
    text: str
    number: Printed | None    # for '%' and 'n'
    p: PValue | None          # for 'p'
    unit: str                 # the word printed after the number ('', 'mg', 'weeks')
    in_interval: bool         # one end of a CI, IQR or range: not compared here
    count: str | None = None  # for '%': the count printed just before it, 'n (x%)'
    ratio: bool = False       # part of a named ratio or difference with its CI (STAT019 compares those)


def p_values(sentence: str) -> list[Token]:
    """The p-values of a sentence, in order."""
    out: list[Token] = []
    for m in _P.finditer(sentence):
        p = parse_p(m.group("op") + m.group("v"))
        if p is not None:
            text = " ".join(m.group(0).split())
            out.append(Token("p", "p" + m.group("op").replace(" ", "") + m.group("v").replace(" ", ""), m.start(),
                             m.end(), text, None, p, "", False))
    return out


def numbers(sentence: str) -> list[Token]:
    """The p-values and numbers of a sentence, in order (CI levels like '95% CI' left out)."""
    out = p_values(sentence)
    taken = [(t.start, t.end) for t in out]
    # Lowered once for the ratio test: the same length as the sentence without the letters lower() expands.
    low = None if any(c in sentence for c in _ODD_CASE) else sentence.lower()
    for m in _NUMBER.finditer(sentence):
        s, e, v = m.start(), m.end(), m.group("v")
        if taken and any(a <= s < b for a, b in taken) or _grouped(sentence, m):
            continue
        if _CI_LEVEL.match(sentence[e:e + 16]):
            continue
        num = _parsed(v)
        if num is None or _YEAR.match(v) or _DATE_AFTER.match(sentence[e:e + 5]) \
                or _DATE_BEFORE.search(sentence[max(0, s - 6):s]):
            continue                          # dates: when, not what was found
        if _ASIDE_BEFORE.search(sentence[max(0, s - 5):s]):
            continue
        kind = "%" if m.group("pct") else "n"
        u = _UNIT.match(sentence, e) if kind == "n" else None
        unit = u.group(1) if u else ""
        interval = bool(_CI_BEFORE.search(sentence[max(0, s - 12):s]) and
                        _DASH_OR_TO.search(sentence[max(0, s - 6):s])) \
            or bool(_CI_AFTER.match(sentence[e:e + 4]))
        # '33.36 vs. 46.61%': the sign is often printed once for both, so it is not part of the key.
        out.append(Token(kind, "v" + num.text.replace(" ", ""), s, e, m.group(0).strip(), num, None,
                         unit, interval, None, _ratio_before(sentence[max(0, s - 40):s], low and low[max(0, s - 40):s])))
    out.sort(key=lambda t: t.start)
    return [_with_count(sentence, out, k) for k in range(len(out))]


def candidate_keys(sentence: str) -> set[str]:
    """A superset of the keys of numbers(sentence), far cheaper (nothing parsed, nothing left out): a
    sentence whose candidates a statement's keys are not among cannot tell that statement."""
    keys = {t.key for t in p_values(sentence)}
    keys.update("v" + m.group("v").strip().replace(" ", "") for m in _NUMBER.finditer(sentence))
    return keys


@lru_cache(maxsize=4096)
def _parsed(text: str) -> Printed | None:
    """parse_number, remembered: tables print the same few numbers again and again (Printed is frozen)."""
    return parse_number(text)


def _ratio_before(text: str, low: str | None = None) -> bool:
    """A named ratio or difference printed in text (a substring test first: the pattern costs more);
    low: text.lower(), when the caller has it."""
    if low is None:
        if any(c in text for c in _ODD_CASE):
            return _RATIO.search(text) is not None
        low = text.lower()
    if not ("or" in low or "hr" in low or "rr" in low or "md" in low or "ratio" in low or "difference" in low
            or "beta" in low or "\u03b2" in low):
        return False
    return _RATIO.search(text) is not None


_COUNT_GAP = re.compile(r"^\s?(?:[A-Za-z-]+\s)?\(\s?$")
_DENOMINATOR = re.compile(r"(?i)(?:\bof|/|\bout of)\s?$")


def _with_count(sentence: str, toks: list[Token], k: int) -> Token:
    t = toks[k]
    if t.kind != "%" or k == 0:
        return t
    prev = toks[k - 1]
    if prev.kind == "n" and prev.number.decimals == 0 and _COUNT_GAP.match(sentence[prev.end:t.start]) \
            and not _DENOMINATOR.search(sentence[max(0, prev.start - 8):prev.start]):
        return replace(t, count=prev.key)
    return t


_SPACE = "[ \u2000-\u200a\u202f\u00a0]"
_GROUP_BEFORE = re.compile(rf"\d{_SPACE}$")
_GROUP_AFTER = re.compile(rf"^{_SPACE}\d{{3}}(?![\d.,\u00b7])")


def _grouped(sentence: str, m: re.Match) -> bool:
    """Part of a number grouped by spaces ('25 000', '100 000'): its pieces are not numbers."""
    v = m.group("v")
    if not v.isdigit():
        return False
    return bool(len(v) == 3 and _GROUP_BEFORE.search(sentence[max(0, m.start() - 2):m.start()])
                or len(v) <= 3 and _GROUP_AFTER.match(sentence[m.end():m.end() + 6]))


def significant(t: Token) -> bool:
    """A number unlikely to be shared by chance: a p-value, a decimal, or a whole number of two digits or more."""
    if t.kind == "p":
        return True
    if _TIME.match(t.unit or "-"):
        return False                   # '10 mg', '12 weeks': what was given or when, shared by many results
    return t.number is not None and (t.number.decimals > 0 or abs(t.number.value) >= 10)


def segments(tokens: list[Token]) -> list[list[Token]]:
    """The results of a sentence: its numbers cut after each p-value ('45% vs 30%, p = 0.02; 12 vs 15
    days, p = 0.4' is two results); numbers after the last p-value are one more."""
    out, cur = [], []
    for t in tokens:
        cur.append(t)
        if t.kind == "p":
            out.append(cur)
            cur = []
    if cur:
        out.append(cur)
    return out


def shared(a: list[Token], b: list[Token]) -> int:
    """How many significant numbers two statements share (each counted once)."""
    return len({t.key for t in a if significant(t)} & {t.key for t in b if significant(t)})


def one_change(a: list[Token], b: list[Token]) -> tuple[int, int] | None:
    """(i, j) when a[i] and b[j] are the only numbers replaced between two statements that give the
    same numbers in the same order: at least MIN_SHARED significant numbers equal, and one number
    replaced between two shared ones (a p-value closing both statements may follow one shared number).
    The statements may begin or end with other numbers (one side says more), but nothing else inside
    them may be replaced."""
    sm = SequenceMatcher(None, [t.key for t in a], [t.key for t in b], autojunk=False)
    ops = sm.get_opcodes()
    n_equal = sum(sum(significant(a[k]) for k in range(i1, i2)) for tag, i1, i2, _, _ in ops if tag == "equal")
    if n_equal < MIN_SHARED:
        return None
    last = len(ops) - 1
    inner = [k for k in range(1, last) if ops[k][0] == "replace"]
    if len(inner) > 1:
        return None
    if inner:
        k = inner[0]
        if ops[k - 1][0] != "equal" or ops[k + 1][0] != "equal":
            return None
    elif last > 0 and ops[last][0] == "replace" and ops[last - 1][0] == "equal" \
            and _closing(a[ops[last][1]], b[ops[last][3]]):
        k = last                       # the closing p-values (or 'n (x%)' percentages) differ
    else:
        return None
    _, i1, i2, j1, j2 = ops[k]
    if i2 - i1 != 1 or j2 - j1 != 1:
        return None
    x, y = a[i1], b[j1]
    if x.ratio or y.ratio:
        return None                    # a named estimate or its CI: STAT019 compares those
    if x.kind == "%" and not x.in_interval and not (x.count is not None and x.count == y.count):
        return None                    # 'n (x%)' on both sides with the same n: the same proportion
    return i1, j1


def _closing(x: Token, y: Token) -> bool:
    return (x.kind == y.kind == "p") or (x.kind == y.kind == "%" and x.count is not None and x.count == y.count)


def disagree(x: Token, y: Token) -> bool:
    """The two printed values cannot be the same number at any rounding (p-value bounds included)."""
    if x.kind != y.kind:
        return False
    if x.kind == "p":
        return x.p.hi < y.p.lo - 1e-12 or y.p.hi < x.p.lo - 1e-12
    a, b = x.number, y.number
    if a.decimals == b.decimals:
        return a.value != b.value
    fine, coarse = (a, b) if a.decimals > b.decimals else (b, a)
    return not (coarse.lo - 1e-9 <= fine.value <= coarse.hi + 1e-9)


def comparable(x: Token, y: Token) -> bool:
    """Two numbers that may be compared: same kind, unit and role (both limits or neither), not a time
    point or a dose."""
    if x.kind != y.kind or x.in_interval != y.in_interval:
        return False
    if x.kind == "n" and (x.unit != y.unit or _TIME.match(x.unit or "-") or _TIME.match(y.unit or "-")):
        return False
    return True
