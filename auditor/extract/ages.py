"""Age limits written in eligibility text: '18-70 years', 'aged 18 to 65', '>= 18', 'older than 17',
'age <=21 years and >70 years old' (in exclusions), 'less than 20 or more than 70', months and
weeks for paediatric trials, words as numbers.

A bound keeps how it was written: symbols and 'more/less/older/younger than' are exact
(strict or inclusive); 'over', 'under', 'above', 'below' are used both ways in registry text,
so they yield two readings and a stated limit matching either is not a contradiction."""
from __future__ import annotations

import math
import re
from dataclasses import dataclass

from ..model import Criterion, Loc
from ..vocab import age_in_years

_WORDS = {"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
          "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
          "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30,
          "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100}
_TENS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
_WORD_NUM = (rf"(?:(?:{_TENS})(?:[\s-](?:one|two|three|four|five|six|seven|eight|nine))?|"
             r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|"
             r"sixteen|seventeen|eighteen|nineteen|one hundred|hundred)")
NUM = rf"(?:\d{{1,3}}(?:\.\d+)?|{_WORD_NUM})"
UNIT = r"(?:years?|yrs?|y(?=\b)|months?|mos?|weeks?|wks?|days?)"

# Comparator words -> (direction, strict readings). Direction '>' bounds from below, '<' from above.
# Each reading is True for strict, False for inclusive.
_OPS: list[tuple[str, str, tuple[bool, ...]]] = [
    (r">=|=>|≥|⩾|\bnot\s+(?:less|younger)\s+than|\bat\s+least|\bminimum(?:\s+(?:of|age))?|\bno\s+(?:less|younger)\s+than|\bequal\s+(?:to\s+)?or\s+(?:greater|older|more)\s+than|\bfrom", ">", (False,)),
    (r"<=|=<|≤|⩽|\bnot\s+(?:more|older|greater)\s+than|\bno\s+(?:more|older)\s+than|\bat\s+most|\bmaximum(?:\s+(?:of|age))?|\bup\s+to|\bequal\s+(?:to\s+)?or\s+(?:less|younger)\s+than", "<", (False,)),
    (r">|\b(?:more|greater|older)\s+than", ">", (True,)),
    (r"<|\b(?:less|younger)\s+than", "<", (True,)),
    (r"\b(?:over|above|exceeding)", ">", (True, False)),
    (r"\b(?:under|below)", "<", (True, False)),
]
_OP_RE = "|".join(f"(?:{p})" for p, _, _ in _OPS)
_POST_GE = r"(?:or|and)\s+(?:older|above|over|greater|more)|\+|or\s+elder"
_POST_LE = r"(?:or|and)\s+(?:younger|below|under|less)"

_RANGE = re.compile(
    rf"(?i)(?<![\w.])(?P<lo>{NUM})\s*(?P<u1>{UNIT})?(?:\s*(?:old|of\s+age))?\s*(?:-|to|through|until|and)\s*"
    rf"(?P<hi>{NUM})\s*(?P<u2>{UNIT})")
_RANGE_NOUNIT = re.compile(rf"(?i)\bage[ds]?\s*(?:of|between|from|range|:)?\s*(?P<lo>\d{{1,3}})\s*(?:-|to|and)\s*(?P<hi>\d{{1,3}})\b(?!\s*(?:%|mg|kg|cm|mm|ml))")
_BOUND = re.compile(rf"(?i)(?P<op>{_OP_RE})\s*(?:the\s+age\s+of\s+|age\s+)?(?P<n>{NUM})\s*(?P<u>{UNIT})?")
_POSTFIX = re.compile(rf"(?i)(?<![\w.])(?P<n>{NUM})\s*(?P<u>{UNIT})?(?:\s*(?:old|of\s+age))?\s*(?P<post>{_POST_GE}|{_POST_LE})(?!\w)")

_CUE = re.compile(r"(?i)\b(?:older|younger)\s+than\b|\bage[ds]?\b|\byears?\s+old\b|\byears?\s+of\s+age\b|\byear-old\b|\byrs?\s+old\b|\badults?\b|"
                  r"\bchildren\b|\bmen\b|\bwomen\b|\bmales?\b|\bfemales?\b|\bpatients?\b|\bsubjects?\b|\bparticipants?\b|"
                  r"\bvolunteers?\b|\bindividuals?\b|\bpersons?\b|\bpeople\b|\binfants?\b|\badolescents?\b|\bboys?\b|\bgirls?\b")
_STRONG_CUE = re.compile(r"(?i)\b(?:older|younger)\s+than\b|\bage[ds]?\b|\byears?\s+old\b|\byears?\s+of\s+age\b|\byear-old\b|\byrs?\s+old\b")
# Ages that are not the participant's current age, and durations that look like ages.
_NOT_AGE = re.compile(
    r"(?i)gestation|post-?menstrual|corrected\s+age|\bonset\b|diagnos|menarche|menopaus|bone\s+age|mental\s+age|"
    r"history|duration|expectancy|survival|smok|since|\bprior\b|\bago\b|\bwithin\b|\bfor\s+(?:at\s+least|more\s+than|over)|"
    r"\bbefore\s+(?:the\s+)?age|\bafter\s+(?:the\s+)?age|\bparent|\bcaregiver|"
    r"\bsibling|\bspouse|\bpartner|\bmother|\bfather|\bdaughter|\bson\b|\bfollow|\bweeks?\s+of\s+(?:treatment|therapy)|"
    r"\bpregnan|\bage[ds]?\s+at\s+(?:diagnosis|onset|first)|\bage\s+of\s+(?:onset|diagnosis)|\bdisease\b|\bsymptoms?\b|\bstable\b")


@dataclass(slots=True, frozen=True)
class Bound:
    """One side of an eligible age range, in years, with every reading the wording allows."""
    direction: str            # '>' lower bound, '<' upper bound
    readings: tuple[float, ...]  # eligible limit in years for each reading (inclusive form)
    text: str                 # the matched words
    unit: str = "year"        # the unit written, for whole-unit steps


@dataclass(slots=True, frozen=True)
class AgeMention:
    """An age range written in free text (papers, descriptions)."""
    low: float | None
    high: float | None
    start: int
    end: int
    text: str


@dataclass(slots=True)
class CriteriaAges:
    """The eligible range the criteria imply: each side as the set of possible readings, with
    the criteria items that say so."""
    low: tuple[float, ...] = ()
    high: tuple[float, ...] = ()
    low_items: list[tuple[Criterion, str]] | None = None
    high_items: list[tuple[Criterion, str]] | None = None


def _num(text: str) -> float | None:
    t = text.strip().lower()
    try:
        return float(t)
    except ValueError:
        pass
    parts = re.split(r"[\s-]+", t)
    total = 0
    for p in parts:
        if p not in _WORDS:
            return None
        total += _WORDS[p] if p != "hundred" else 100
    return float(total)


def _unit(u: str | None) -> str:
    if not u:
        return "year"
    u = u.lower()
    if u.startswith("m"):
        return "month"
    if u.startswith("w"):
        return "week"
    if u.startswith("d"):
        return "day"
    return "year"


def _step(unit: str) -> float:
    """One whole unit, in years: the next eligible age after a strict bound."""
    return age_in_years(1, unit)


def normalize(text: str) -> str:
    """Same length as the input so offsets stay valid."""
    t = text.replace("\\<", " <").replace("\\>", " >").replace("–", "-").replace("—", "-").replace("−", "-")
    return t.replace("\u2009", " ").replace("\xa0", " ")


def _cued(text: str, start: int, end: int, strong: bool) -> bool:
    window = text[max(0, start - 45):min(len(text), end + 25)]
    if _NOT_AGE.search(text[max(0, start - 60):min(len(text), end + 20)]):
        return False
    return bool((_STRONG_CUE if strong else _CUE).search(window))


def bounds_in(text: str) -> list[Bound]:
    """Every age bound in one criterion's text, as written (not yet inverted for exclusions)."""
    t = normalize(text)
    out: list[Bound] = []
    used: list[tuple[int, int]] = []
    for m in _RANGE.finditer(t):
        lo, hi = _num(m.group("lo")), _num(m.group("hi"))
        u2 = _unit(m.group("u2"))
        u1 = _unit(m.group("u1")) if m.group("u1") else u2
        if lo is None or hi is None or age_in_years(lo, u1) >= age_in_years(hi, u2) or hi > 125:
            continue
        if not _cued(t, m.start(), m.end(), strong=False):
            continue
        out.append(Bound(">", (age_in_years(lo, u1),), m.group(0), u1))
        out.append(Bound("<", (age_in_years(hi, u2),), m.group(0), u2))
        used.append(m.span())
    for m in _RANGE_NOUNIT.finditer(t):
        if any(m.start() < e and s < m.end() for s, e in used):
            continue
        lo, hi = float(m.group("lo")), float(m.group("hi"))
        if lo >= hi or hi > 120 or _NOT_AGE.search(t[max(0, m.start() - 60):m.end() + 20]):
            continue
        out.append(Bound(">", (lo,), m.group(0)))
        out.append(Bound("<", (hi,), m.group(0)))
        used.append(m.span())
    for m in _BOUND.finditer(t):
        if any(m.start() < e and s < m.end() for s, e in used):
            continue
        n = _num(m.group("n"))
        if n is None or n > 125:
            continue
        has_unit = bool(m.group("u"))
        if not has_unit and not re.search(r"(?i)\bage[ds]?\W{0,3}(?:is|of|:)?\s*$", t[max(0, m.start() - 20):m.start()]):
            continue
        if not _cued(t, m.start(), m.end(), strong=not has_unit):
            continue
        unit = _unit(m.group("u"))
        op = m.group("op")
        for pat, direction, readings in _OPS:
            if re.fullmatch(pat, op, re.I):
                break
        else:
            continue
        vals = tuple(sorted({(age_in_years(n, unit) + (_step(unit) if strict else 0.0)) if direction == ">" else
                             (age_in_years(n, unit) - (_step(unit) if strict else 0.0)) for strict in readings}))
        out.append(Bound(direction, vals, m.group(0).strip(), unit))
        used.append(m.span())
    for m in _POSTFIX.finditer(t):
        if any(m.start() < e and s < m.end() for s, e in used):
            continue
        n = _num(m.group("n"))
        if n is None or n > 125 or not _cued(t, m.start(), m.end(), strong=not m.group("u")):
            continue
        unit = _unit(m.group("u"))
        direction = ">" if re.match(_POST_GE, m.group("post"), re.I) else "<"
        out.append(Bound(direction, (age_in_years(n, unit),), m.group(0).strip(), unit))
        used.append(m.span())
    return out


def criteria_ages(criteria: list[Criterion]) -> CriteriaAges | None:
    """The eligible age range implied by the inclusion and exclusion criteria, or None."""
    lows: dict[float, list] = {}
    highs: dict[float, list] = {}
    for c in criteria:
        bounds = bounds_in(c.text)
        if not bounds:
            continue
        if c.kind == "exclusion":
            # A range inside an exclusion ('aged 18-65') is too ambiguous to invert.
            t = normalize(c.text)
            if _RANGE.search(t) and not re.search(r"(?i)\bor\b", t):
                continue
            for b in bounds:
                elig = _excluded_to_eligible(b)
                target = lows if elig.direction == ">" else highs
                for r in elig.readings:
                    target.setdefault(round(r, 4), []).append((c, b.text))
        elif c.kind == "inclusion":
            for b in bounds:
                target = lows if b.direction == ">" else highs
                for r in b.readings:
                    target.setdefault(round(r, 4), []).append((c, b.text))
    if not lows and not highs:
        return None
    out = CriteriaAges(low=tuple(sorted(lows)), high=tuple(sorted(highs)))
    out.low_items = _dedupe([it for v in sorted(lows) for it in lows[v]])
    out.high_items = _dedupe([it for v in sorted(highs) for it in highs[v]])
    return out


def _dedupe(items: list[tuple[Criterion, str]]) -> list[tuple[Criterion, str]]:
    seen, out = set(), []
    for c, t in items:
        k = (id(c), t)
        if k not in seen:
            seen.add(k)
            out.append((c, t))
    return out


def _excluded_to_eligible(b: Bound) -> Bound:
    """Excluded 'age <= 21' (readings = inclusive excluded limit 21) -> eligible from 22;
    excluded 'age > 70' (readings = inclusive excluded limit 71) -> eligible up to 70."""
    step = _step(b.unit)
    if b.direction == "<":
        return Bound(">", tuple(r + step for r in b.readings), b.text)
    return Bound("<", tuple(r - step for r in b.readings), b.text)


def find_age_ranges(text: str) -> list[AgeMention]:
    """Age ranges in running text ('18–65 years of age', 'aged 18 to 70 years', 'between 20 and 70 years old')."""
    t = normalize(text)
    out = []
    for m in _RANGE.finditer(t):
        lo, hi = _num(m.group("lo")), _num(m.group("hi"))
        u2 = _unit(m.group("u2"))
        u1 = _unit(m.group("u1")) if m.group("u1") else u2
        if lo is None or hi is None or age_in_years(lo, u1) >= age_in_years(hi, u2) or hi > 120:
            continue
        window = t[max(0, m.start() - 40):m.end() + 20]
        if not _STRONG_CUE.search(window) or _NOT_AGE.search(t[max(0, m.start() - 60):m.end() + 20]):
            continue
        out.append(AgeMention(age_in_years(lo, u1), age_in_years(hi, u2), m.start(), m.end(), m.group(0)))
    return out


def fmt_years(y: float) -> str:
    """21.0 -> '21', 0.5 -> '6 months' shown as years '0.5'."""
    if math.isclose(y, round(y), abs_tol=1e-6):
        return str(int(round(y)))
    months = y * 12
    if math.isclose(months, round(months), abs_tol=1e-3):
        return f"{int(round(months))} months"
    return f"{y:.2f}"


__all__ = ["AgeMention", "Bound", "CriteriaAges", "bounds_in", "criteria_ages", "find_age_ranges", "fmt_years",
           "normalize"]
_ = Loc  # re-exported type for callers building evidence
