"""Age limits written in eligibility text: '18-70 years', 'aged 18 to 65', '>= 18', 'older than 17',
'age <=21 years and >70 years old' (in exclusions), 'less than 20 or more than 70', months, weeks,
days and hours for paediatric trials, numbers as words.

Each bound keeps every reading its wording allows. Inclusive forms ('>=', '≤', 'at least',
'18 years or older', ranges '18-65') have one reading. Strict forms ('>', '<', 'over', 'under',
'more/less/older/younger than') are read literally (">18" -> 19) but registry authors also use
them loosely for the inclusive bound, so they carry both readings; the literal one comes first
and is the one shown. A stated limit that matches any reading is not a contradiction."""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from functools import lru_cache

from ..model import Criterion
from ..vocab import age_in_years

_WORDS = {"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
          "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
          "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30,
          "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100}
_TENS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
_WORD_NUM = (rf"(?:(?:{_TENS})(?:[\s-](?:one|two|three|four|five|six|seven|eight|nine))?|"
             r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|"
             r"sixteen|seventeen|eighteen|nineteen|one hundred)")
NUM = rf"(?:\d{{1,3}}(?:\.\d+)?|{_WORD_NUM})"
UNIT = r"(?:years?|yrs?|y|months?|mos?|weeks?|wks?|days?|hours?|hrs?|h)\b"

# ('³' is a '≥' typed in the Symbol font and read as Latin-1: 'Age ³ 18 years of age'.)
_GE_EXACT = (r">=|=>|≥|⩾|³|\b(?:greater|older|more)\s+than\s+or\s+equal\s+to|\bequal\s+to\s+or\s+(?:greater|older|more)\s+than|"
             r"\bnot\s+(?:less|younger)\s+than|\bno\s+(?:less|younger)\s+than|\bat\s+least|\bminimum(?:\s+age)?(?:\s+of)?")
_LE_EXACT = (r"<=|=<|≤|⩽|\b(?:less|younger)\s+than\s+or\s+equal\s+to|\bequal\s+to\s+or\s+(?:less|younger)\s+than|"
             r"\bnot\s+(?:more|older|greater)\s+than|\bno\s+(?:more|older)\s+than|\bat\s+most|\bup\s+to|\bmaximum(?:\s+age)?(?:\s+of)?")
_GT = r">|\b(?:more|greater|older)\s+than|\bover|\babove|\bexceeding"
_LT = r"<|\b(?:less|younger)\s+than|\bunder|\bbelow"
_OPS = ((_GE_EXACT, ">", False), (_LE_EXACT, "<", False), (_GT, ">", True), (_LT, "<", True))
_OP_RE = "|".join(f"(?:{p})" for p, _, _ in _OPS)
_OP_CLASS = [(re.compile(f"(?:{p})$", re.I), d, s) for p, d, s in _OPS]

# Patterns that open with an alternation start with a look-ahead for the letters they can open with:
# the engine then rejects most positions with one test instead of trying every alternative.
_NUM_START = r"(?=[\dtfseno])"   # the first characters of NUM
_RANGE = re.compile(
    rf"(?i){_NUM_START}(?<![\w.,/])(?P<lo>{NUM})\s*(?P<u1>{UNIT})?(?:\s*(?:old|of\s+age))?\s*"
    rf"(?:-|to|through|until|and)\s*"
    rf"(?P<hi>{NUM})\s*(?P<u2>{UNIT})(?!\s*(?:after|before|prior|since|post|from|ago|of\s+(?:treatment|therapy|follow)))")
_RANGE_NOUNIT = re.compile(rf"(?i)\bage[ds]?\s*(?:of|between|from|range|:|-)?\s*(?P<lo>\d{{1,3}})\s*(?:-|to|and)\s*"
                           rf"(?P<hi>\d{{1,3}})\b(?!\s*(?:%|mg|kg|cm|mm|ml|g/|mmol|\.\d))")
_BOUND = re.compile(rf"(?i)(?=[>=≥⩾³<≤⩽gomenalyube])(?P<op>{_OP_RE})\s*(?:(?:the\s+)?age\s+(?:of\s+)?)?"
                    rf"(?P<n>{NUM})(?!\d|[.,/]\d)\s*(?P<u>{UNIT})?")
_POSTFIX = re.compile(rf"(?i){_NUM_START}(?<![\w.,/])(?P<n>{NUM})\s*(?P<u>{UNIT})?(?:\s*(?:old|of\s+age))?\s*"
                      r"(?P<post>(?:or|and)\s+(?:older|above|over|more)|(?:or|and)\s+(?:younger|below|under|less))(?!\w)")

# The words that make a number an age: 'age', 'aged', 'years old', 'of age', 'year-old', 'older/younger than'.
_STRONG_CUE = re.compile(r"(?i)(?=[ayo])(?:\bage[ds]?\b|\byears?[\s-]+old\b|\byears?\s+of\s+age\b|\byrs?\.?\s+old\b|"
                         r"\b(?:older|younger)\s+than\b|\bor\s+(?:older|younger)\b|\band\s+(?:older|younger)\b)")
# Nouns for people: enough for a range in years ('Men and women 18-65 years').
_PERSON = re.compile(r"(?i)(?=[acmwfpsvibgn])\b(?:adults?|children|men|women|males?|females?|patients?|subjects?|"
                     r"participants?|volunteers?|individuals?|persons?|people|infants?|adolescents?|boys?|girls?|"
                     r"neonates?|newborns?)\b")
# Ages that are not the participant's own current age, and durations that read like ages.
_NOT_AGE = re.compile(
    r"(?i)(?=[abcdefghimoprsuw])"
    r"(?:gestation|post-?menstrual|corrected\s+age|\bonset\b|diagnos|menarche|menopaus|amenorrh|bone\s+age|mental\s+age|"
    r"history|duration|expectancy|survival|smok|\bsince\b|\bprior\b|\bago\b|\bwithin\b|\bfor\s+(?:at\s+least|more\s+than|over)|"
    r"\b(?:before|after|until)\s+(?:the\s+)?age|\bparent|\bcaregiver|\bsibling|\bspouse|\bpartner|\bmother|\bfather|"
    r"\bdaughter|\bson\b|\bdonor|\brecipient'?s?\s+(?:mother|father)|\bfollow|\bpregnan|\bage[ds]?\s+at\s+(?:diagnosis|onset|first)|"
    r"\bage\s+of\s+(?:onset|diagnosis)|\bsymptoms?\b|\bstable\b|\bin\s+(?:19|20)\d\d\b|\bper\s+(?:day|week)|\bdaily\b|"
    # an age that scopes another condition: 'consent ... for participants aged 12-17', 'BMI ... in patients under 18'
    r"\b(?:in|for)\s+(?:\w+\s+){0,2}(?:younger|older|aged|under|over|below|above|between)\b)")


@dataclass(slots=True, frozen=True)
class Bound:
    """One side of an eligible age range, in years."""
    direction: str               # '>' a lower bound, '<' an upper bound
    readings: tuple[float, ...]  # the eligible limit (inclusive), literal reading first
    text: str                    # the words matched
    unit: str = "year"           # the unit written: strict bounds step by one whole unit
    range: bool = False          # one side of a written range ('18-65 years')
    start: int = 0               # offset in the criterion text

    @property
    def exact(self) -> bool:
        return len(self.readings) == 1


@dataclass(slots=True, frozen=True)
class AgeMention:
    """An age range written in running text (papers, descriptions)."""
    low: float | None
    high: float | None
    start: int
    end: int
    text: str


@dataclass(slots=True)
class Side:
    """What the criteria say about one side (minimum or maximum) of the eligible range."""
    readings: set[float] = field(default_factory=set)
    literal: list[float] = field(default_factory=list)   # each item's literal reading
    items: list[tuple[Criterion, str]] = field(default_factory=list)
    exact: bool = True
    units: set[str] = field(default_factory=set)

    def add(self, b: Bound, c: Criterion) -> None:
        self.units.add(b.unit)
        self.readings.update(round(r, 4) for r in b.readings)
        self.literal.append(round(b.readings[0], 4))
        self.items.append((c, b.text))
        self.exact = self.exact and b.exact

    @property
    def consistent(self) -> bool:
        """All items name the same limit (one cohort)."""
        return len(set(self.literal)) == 1

    def matches(self, years: float, unit: str = "year") -> bool:
        """A stated limit agrees with some reading; across units ('4 Weeks' vs '1 month') within 10%."""
        tol = 1e-3 if unit in self.units else max(1e-3, 0.1 * years)
        return any(abs(years - r) <= tol for r in self.readings)


@dataclass(slots=True)
class CriteriaAges:
    low: Side = field(default_factory=Side)
    high: Side = field(default_factory=Side)


def _num(text: str) -> float | None:
    t = text.strip().lower()
    try:
        return float(t)
    except ValueError:
        pass
    total = 0
    for p in re.split(r"[\s-]+", t):
        if p not in _WORDS:
            return None
        total += _WORDS[p]
    return float(total)


def _unit(u: str | None) -> str:
    if not u:
        return "year"
    u = u.lower()
    for prefix, unit in (("mo", "month"), ("w", "week"), ("d", "day"), ("h", "hour")):
        if u.startswith(prefix):
            return unit
    return "year"


_DASHES_SPACES = str.maketrans({"–": "-", "—": "-", "−": "-", "\u2009": " ", "\xa0": " "})


def normalize(text: str) -> str:
    """Same length as the input, so offsets stay valid for quoting."""
    t = text.replace("\\<", " <").replace("\\>", " >")
    return t if t.isascii() else t.translate(_DASHES_SPACES)


# 'age', 'aged', 'ages' right before a number: it is the participant's age, so the words after it
# ('ages 21-45 with a history of ...') belong to the next condition and are not read as its context.
_AGE_RIGHT_BEFORE_NUM = re.compile(r"(?i)\bage[ds]?\W{0,3}(?:of|between|from|range|is)?\W{0,3}$")
_AGE_WORD_START = re.compile(r"(?i)age[ds]?\b")
_EVENT_AFTER = re.compile(r"(?i)[\W\s]{0,3}(?:(?:years?|yrs?)\s+)?(?:(?:of\s+age|old)\s+)?(?:in\s+(?:19|20)\d\d|at\s+(?:the\s+time\s+of\s+)?"
                          r"(?:diagnosis|onset|first|entry|menarche|transplant|injury)|onset|diagnos|when|since|ago|"
                          r"before|after|prior|gestation|post-?menstrual|corrected)")


def _context_ok(t: str, start: int, end: int) -> bool:
    direct = _AGE_RIGHT_BEFORE_NUM.search(t, max(0, start - 20), start) or _AGE_WORD_START.match(t, start)
    if direct and _EVENT_AFTER.match(t, end):
        return False    # 'Age 30-60 in 1988', '(age 14 or older) onset of paraplegia': the age at another time
    after = 3 if direct else 25
    return not _NOT_AGE.search(t[max(0, start - 60):min(len(t), end + after)])


def _near(rx: re.Pattern, t: str, start: int, end: int, before: int = 45, after: int = 25) -> bool:
    return bool(rx.search(t[max(0, start - before):min(len(t), end + after)]))


# Cheap test before the full patterns: an age needs a number and an age word or unit.
_MAYBE = re.compile(r"(?i)(?=[aymwdho\d])(?:\bage|years?\b|yrs?\b|\bmonths?\b|\bweeks?\b|\bdays?\b|\bhours?\b|"
                    r"\bolder\b|\byounger\b|\d\s*(?:y|h|mos?|wks?)\b)")
# A numeral: a digit (found fastest on its own) or a number word.
_DIGIT = re.compile(r"\d")
_NUMBER_WORD = re.compile(rf"(?i)(?=[tfseno])\b{_WORD_NUM}\b")


# A unit-less number is an age right after 'age' ('age >= 18', 'Age: > 65', 'aged 18 or older').
_AGE_BEFORE = re.compile(r"(?i)\bage[ds]?\W{0,3}(?:is|of)?\W{0,3}$")
_AGE_RIGHT_BEFORE = re.compile(r"(?i)\bage[ds]?\W{0,3}$")
_UPWARD = re.compile(r"(?i)older|above|over|more")
_AGE_IN_BOUND = re.compile(r"(?i)\bage\b")     # 'over age of 50', 'above the age of 65'

# The item opens with the person and the bound follows ('Adults > 18 years', 'Male >18 years'); not
# 'Shortening fraction > 29% (> 35% for children < 3 years)', an age that scopes another value.
_PERSON_OPENS = re.compile(rf"\W*(?:\w+\s+){{0,2}}?{_PERSON.pattern[4:]}\W{{0,3}}$", re.I)
# '> 5 years after transplant': a time since an event, not an age.
_TIME_AFTER = re.compile(r"(?i)\s*(?:after|before|prior|since|post|from|ago|of\s+(?:treatment|therapy|follow|disease))\b")


def bounds_in(text: str) -> list[Bound]:
    """Every age bound in one criterion's text, as written (exclusions not yet inverted)."""
    return list(_bounds_in(text))


@lru_cache(maxsize=1024)
def _bounds_in(text: str) -> tuple[Bound, ...]:
    """bounds_in, kept for the last texts read: AGE001 and AGE004 read the same criteria in turn."""
    if not _MAYBE.search(text) or not (_DIGIT.search(text) or _NUMBER_WORD.search(text)):
        return ()
    t = normalize(text)
    out: list[Bound] = []
    uncued: list[Bound] = []
    used: list[tuple[int, int]] = []

    def free(m: re.Match) -> bool:
        return not any(m.start() < e and s < m.end() for s, e in used)

    for m in _RANGE.finditer(t):
        lo, hi = _num(m.group("lo")), _num(m.group("hi"))
        u2 = _unit(m.group("u2"))
        u1 = _unit(m.group("u1")) if m.group("u1") else u2
        if lo is None or hi is None or hi > 125 or age_in_years(lo, u1) >= age_in_years(hi, u2):
            continue
        cued = _near(_STRONG_CUE, t, m.start(), m.end()) or (u2 == "year" and _near(_PERSON, t, m.start(), m.end()))
        if not cued or not _context_ok(t, m.start(), m.end()):
            continue
        out += [Bound(">", (age_in_years(lo, u1),), m.group(0), u1, True, m.start()),
                Bound("<", (age_in_years(hi, u2),), m.group(0), u2, True, m.start())]
        used.append(m.span())
    for m in _RANGE_NOUNIT.finditer(t):
        lo, hi = float(m.group("lo")), float(m.group("hi"))
        if not free(m) or lo >= hi or hi > 120 or not _context_ok(t, m.start(), m.end()):
            continue
        out += [Bound(">", (lo,), m.group(0), "year", True, m.start()),
                Bound("<", (hi,), m.group(0), "year", True, m.start())]
        used.append(m.span())
    for m in _BOUND.finditer(t):
        n = _num(m.group("n"))
        if not free(m) or n is None or n > 125:
            continue
        # Without a unit the number must follow 'age' directly ('age >= 18', 'Age: > 65').
        if not m.group("u") and not _AGE_BEFORE.search(t[max(0, m.start() - 12):m.start()]) and \
                not _AGE_IN_BOUND.search(m.group(0)):
            continue
        if not _context_ok(t, m.start(), m.end()):
            continue
        unit = _unit(m.group("u"))
        direction, strict = next((d, s) for rx, d, s in _OP_CLASS if rx.match(m.group("op")))
        base = age_in_years(n, unit)
        # 'Adults > 18 years', 'male >18 years', 'Adults (over 15 years)': a person right before the bound.
        cued = _near(_STRONG_CUE, t, m.start(), m.end()) or \
            (m.group("u") and _unit(m.group("u")) == "year" and not _TIME_AFTER.match(t, m.end()) and
             _PERSON_OPENS.match(t[:m.start()]))
        target = out if cued else uncued
        if strict and n == int(n):
            step = age_in_years(1, unit)
            readings = (base + step, base) if direction == ">" else (base - step, base)
        else:
            readings = (base,)
        target.append(Bound(direction, readings, m.group(0).strip(), unit, False, m.start()))
        used.append(m.span())
    # Later bounds of a criterion that already states an age ('Age Phase 1: >= 18 years to <= 55
    # years Phase 2: >= 18 years to <= 65 years') are ages too, though 'age' is further back.
    if out:
        out += [b for b in uncued if b.unit != "year" or b.text[-1:].isalpha()]
    for m in _POSTFIX.finditer(t):
        n = _num(m.group("n"))
        if not free(m) or n is None or n > 125 or not _context_ok(t, m.start(), m.end()):
            continue
        if not m.group("u") and not _AGE_RIGHT_BEFORE.search(t[max(0, m.start() - 8):m.start()]):
            continue
        unit = _unit(m.group("u"))
        # 'or more' / 'or less' say nothing of age by themselves ('headache 8 hours or less before'):
        # only with years or right after 'age'.
        if re.search(r"(?i)more|less", m.group("post")) and not (
                unit == "year" and m.group("u") or _AGE_RIGHT_BEFORE.search(t[max(0, m.start() - 8):m.start()])):
            continue
        direction = ">" if _UPWARD.search(m.group("post")) else "<"
        out.append(Bound(direction, (age_in_years(n, unit),), m.group(0).strip(), unit, False, m.start()))
        used.append(m.span())
    return tuple(sorted(out, key=lambda b: (b.start, b.direction)))


def _excluded_to_eligible(b: Bound) -> Bound:
    """An excluded bound as the eligible bound it leaves: excluding '<= 21' makes 22 the youngest
    eligible age; excluding '> 70' keeps 70 eligible (one whole unit of what was written)."""
    step = age_in_years(1, b.unit)
    if b.direction == "<":
        return Bound(">", tuple(r + step for r in b.readings), b.text, b.unit, b.range, b.start)
    return Bound("<", tuple(r - step for r in b.readings), b.text, b.unit, b.range, b.start)


_GESTATIONAL = re.compile(r"(?i)(?=[gpc])(?:gestation|post-?menstrual|corrected\s+age|post-?natal|chronologic)")
# A criterion whose age only applies under a condition ('more than 21 if not married', 'except for ...').
_CONDITIONAL = re.compile(r"(?i)\b(?:if|unless|except|excepting|when|whose)\b")
_MAX_START = 60  # an age limit leads its criterion; one deep inside a sentence is about something else
_EITHER_OR = re.compile(r"(?i)\bor\b")


def criteria_ages(criteria: list[Criterion]) -> CriteriaAges | None:
    """The eligible age range implied by the inclusion and exclusion criteria, or None when they
    state none, or speak of gestational/corrected ages (not comparable with the stated limits)."""
    if any(_GESTATIONAL.search(c.text) for c in criteria):
        return None
    ca = CriteriaAges()
    for c in criteria:
        if c.kind not in ("inclusion", "exclusion") or c.text.rstrip().endswith(":"):
            continue  # a heading over a cohort's items ('< 18 months of age:') is not a limit
        bounds = bounds_in(c.text)
        if not bounds or bounds[0].start > _MAX_START:
            continue
        if _CONDITIONAL.search(c.text):
            return None  # an age with exceptions ('except for ...'): no single range is implied
        if c.kind == "exclusion":
            # A range inside an exclusion ('aged 18-65 with ...') is too ambiguous to invert;
            # 'less than 20 or more than 70' is two bounds and is kept.
            if any(b.range for b in bounds) and not _EITHER_OR.search(c.text):
                continue
            bounds = [_excluded_to_eligible(b) for b in bounds]
        for b in bounds:
            (ca.low if b.direction == ">" else ca.high).add(b, c)
    if not ca.low.items and not ca.high.items:
        return None
    return ca


_NEXT_CONDITION = re.compile(r"\s+and\s+|[,;]")


def find_age_ranges(text: str) -> list[AgeMention]:
    """Age ranges in running text ('18–65 years of age', 'aged 18 to 70 years', 'between 20 and 70 years old')."""
    t = normalize(text)
    out = []
    for m in _RANGE.finditer(t):
        lo, hi = _num(m.group("lo")), _num(m.group("hi"))
        u2 = _unit(m.group("u2"))
        u1 = _unit(m.group("u1")) if m.group("u1") else u2
        if lo is None or hi is None or hi > 120 or age_in_years(lo, u1) >= age_in_years(hi, u2):
            continue
        # In running text the next condition often follows ('aged 18 to 55 years and non-smokers for at
        # least 6 months'): the words after the range are read only up to 'and' or a comma.
        nxt = _NEXT_CONDITION.search(t, m.end(), m.end() + 25)
        if not _near(_STRONG_CUE, t, m.start(), m.end(), 40, 20) or \
                not _context_ok(t[:nxt.start()] if nxt else t, m.start(), m.end()):
            continue
        out.append(AgeMention(age_in_years(lo, u1), age_in_years(hi, u2), m.start(), m.end(), text[m.start():m.end()]))
    return out


def fmt_range(low: float | None, high: float | None) -> str:
    """(22, 70) -> '22-70 years'; (0.5, 5) -> '6 months to 5 years'; (18, None) -> '18 years and older'."""
    if low is not None and high is not None:
        lo, hi = fmt_years(low), fmt_years(high)
        if lo.isdigit() and hi.isdigit():
            return f"{lo}-{hi} years"
        return f"{fmt_age(low)} to {fmt_age(high)}"
    if low is not None:
        return f"{fmt_age(low)} and older"
    return f"up to {fmt_age(high)}" if high is not None else "no limit"


def fmt_age(y: float) -> str:
    s = fmt_years(y)
    if s.isdigit():
        return f"{s} year" if s == "1" else f"{s} years"
    return s[:-1] if s.startswith("1 ") else s


def fmt_years(y: float) -> str:
    """21.0 -> '21'; 0.5 -> '6 months'; 0.0192 -> '7 days'."""
    if math.isclose(y, round(y), abs_tol=1e-6):
        return str(int(round(y)))
    for unit, per in (("months", 12), ("weeks", 52.1775), ("days", 365.25), ("hours", 8766)):
        v = y * per
        if round(v) >= 1 and math.isclose(v, round(v), abs_tol=1e-2):
            return f"{int(round(v))} {unit}"
    return f"{y:.2f}"
