"""Dosing schedules in free text: how often, how many times and how much of a product is given.

Public API (stable; the cross-source and paper-vs-registry rules import it):

    find_schedules(text) -> list[Schedule]    every dosing schedule stated in text, in text order
    may_state_schedule(text) -> bool          False when find_schedules(text) is sure to be empty (cheap)
    same_interval(a_days, b_days) -> bool     two intervals equal within calendar rounding
    interval_label(days) -> str               28.0 -> '4 weeks', 1.0 -> '1 day', 0.5 -> '12 hours'

A Schedule is one statement of frequency ('every 3 weeks', '3-week intervals', 'once per 4 week',
'q3w', 'twice daily', '21-day cycles'), of count ('three times', 'three UC-MSC infusions',
'a single dose', '6 cycles') or of administration days ('day 0, 28 and 56'), with the dose and
the duration written in the same sentence when there are any.

Precision first: an interval counts only where the sentence is about giving the product.
'follow-up every 4 weeks', 'visits at weeks 2, 4, 8', 'tests were performed at weeks 0, 12, 24'
and 'IST must have stopped at least 4 weeks prior' yield nothing: the nearest cue word before
the expression decides (a visit/assessment cue wins over an administration cue farther away).
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from .numbers import NUMBER, TIMES, times_count, to_int, to_number
from .sentences import sentence_spans

DAYS_PER = {"minute": 1 / 1440, "hour": 1 / 24, "day": 1.0, "week": 7.0, "month": 30.4375, "year": 365.25}


@dataclass(frozen=True, slots=True)
class Schedule:
    """One dosing statement. Offsets are into the text given to find_schedules()."""
    text: str                          # the matched schedule words ('three times at 4-week intervals')
    span: tuple[int, int]              # (start, end) offsets of `text`
    sentence_span: tuple[int, int]     # the sentence it stands in
    interval_days: float | None = None  # time between administrations (or cycles), in days
    count: int | None = None           # number of administrations (or cycles / sessions)
    basis: str = "dose"                # what interval/count are of: 'dose', 'cycle' or 'session'
    days: tuple[float, ...] = ()       # explicit administration days ('day 0, 28, 56' -> (0, 28, 56))
    dose_text: str | None = None       # the dose as written ('0.5*10E6 MSC/kg')
    dose_value: float | None = None    # its amount (None for ranges '0.5 to 1 x 10^6/kg')
    dose_unit: str | None = None       # normalized unit ('mg/kg', 'cells/kg', 'ml', ...)
    duration_days: float | None = None  # 'for 12 weeks' -> 84


def same_interval(a: float, b: float) -> bool:
    """Equal within calendar rounding: '1 month' and '4 weeks' (30.4 vs 28 days) are the same;
    '3 weeks' and '4 weeks' are not."""
    if a <= 0 or b <= 0:
        return a == b
    return abs(a - b) / max(a, b) <= 0.1


def interval_label(days: float) -> str:
    """A readable interval: 28 -> '4 weeks', 21 -> '3 weeks', 30.4375 -> '1 month', 1 -> '1 day'."""
    def fmt(n: float, unit: str) -> str:
        n = round(n, 2)
        shown = int(n) if n == int(n) else n
        return f"{shown} {unit}{'' if n == 1 else 's'}"
    if days < 1:
        return fmt(days * 24, "hour")
    for unit in ("year", "month", "week"):
        n = days / DAYS_PER[unit]
        if n >= 1 and abs(n - round(n)) < 1e-6:
            return fmt(n, unit)
    return fmt(days, "day")


# ---- units -------------------------------------------------------------------------------

_UNIT = r"(?:minutes?|mins?|hours?|hrs?|h|days?|d|weeks?|wks?|w|months?|mos?|mths?|years?|yrs?)"
_UNIT_WORD = r"(?:minutes?|hours?|days?|weeks?|months?|years?)"


def _unit_days(u: str) -> float | None:
    u = u.lower().rstrip(".")
    if u.startswith("min"):
        return DAYS_PER["minute"]
    if u.startswith("h"):
        return DAYS_PER["hour"]
    if u.startswith("d"):
        return DAYS_PER["day"]
    if u.startswith("w"):
        return DAYS_PER["week"]
    if u.startswith("m"):
        return DAYS_PER["month"]
    if u.startswith("y"):
        return DAYS_PER["year"]
    return None


# ---- patterns (compiled once) -----------------------------------------------------------------

_N = NUMBER
_RANGE = rf"(?:{_N})\s*(?:-|–|to|or)\s*(?:{_N})"
_FREQ_WORD = {"daily": 1.0, "weekly": 7.0, "fortnightly": 14.0, "monthly": 30.4375, "yearly": 365.25,
              "annually": 365.25, "hourly": 1 / 24}
_Q_ABBR = {"qd": 1.0, "od": 1.0, "qday": 1.0, "bid": 0.5, "tid": 1 / 3, "qid": 0.25, "qod": 2.0, "qw": 7.0,
           "qwk": 7.0, "qm": 30.4375}

_INTERVAL_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    # 'once per 4 week', 'twice a week', 'three times a day', 'once every 2 weeks', 'once each month'
    ("times_per", re.compile(
        rf"(?i)\b(?P<times>{TIMES})\s+(?:per|a|an|every|each|in\s+a)\s+(?:(?P<n>{_N})[\s-]*)?(?P<unit>{_UNIT_WORD})\b")),
    # 'twice daily', 'once weekly', '3 times daily'
    ("times_adv", re.compile(rf"(?i)\b(?P<times>{TIMES})\s+(?P<adv>daily|weekly|monthly|yearly)\b")),
    # 'every 4 weeks', 'every other week', 'every week', 'every 12 hours', 'each 3 weeks'
    ("every", re.compile(
        rf"(?i)\b(?:every|each)\s+(?:(?P<other>other|second)\s+|(?P<n>{_N})(?:\s*(?P<range>-|–|to|or)\s*{_N})?[\s-]*)?"
        rf"(?P<unit>{_UNIT_WORD})\b")),
    # '4-week intervals', '3 week interval', '4-weekly intervals', '2-month interval'
    ("n_intervals", re.compile(
        rf"(?i)\b(?P<n>{_N})[\s-]*(?P<unit>{_UNIT_WORD}|weekly|monthly|daily)\s+intervals?\b")),
    # 'at intervals of 4 weeks', 'with an interval of 3 weeks', 'interval of 28 days'
    ("interval_of", re.compile(
        rf"(?i)\bintervals?\s+of\s+(?P<n>{_N})(?:\s*(?P<range>-|–|to|or)\s*{_N})?[\s-]*(?P<unit>{_UNIT_WORD})\b")),
    # '4 weeks apart'
    ("apart", re.compile(rf"(?i)\b(?P<n>{_N})[\s-]*(?P<unit>{_UNIT_WORD})\s+apart\b")),
    # q3w, q21d, q 3 weeks, q12h, Q4W, q.3.w.
    ("q", re.compile(rf"(?i)\bq\.?\s*(?P<n>\d+)\s*\.?\s*(?P<unit>{_UNIT})\b\.?")),
    # bid, t.i.d., qd, qod
    ("q_abbr", re.compile(r"(?i)\b(?P<abbr>q\.?d|o\.?d|qday|b\.?i\.?d|t\.?i\.?d|q\.?i\.?d|q\.?o\.?d|qwk|qw|qm)\b\.?")),
    # '21-day cycles', '28 day cycle', '3-week cycles', 'cycles of 21 days', 'cycle length of 28 days'
    ("cycle", re.compile(rf"(?i)\b(?P<n>{_N})[\s-]*(?P<unit>{_UNIT_WORD})[\s-]+(?:treatment\s+)?cycles?\b")),
    ("cycle_of", re.compile(rf"(?i)\bcycles?\s+(?:length\s+)?of\s+(?P<n>{_N})[\s-]*(?P<unit>{_UNIT_WORD})\b")),
    # '10 mg daily', 'given weekly', 'weekly infusions', 'daily dose': checked for a dosing neighbour below
    ("adverb", re.compile(r"(?i)\b(?P<adv>daily|weekly|fortnightly|monthly)\b")),
]

# Where each pattern can match: near one of its key words (kinds of key word, chars before, chars
# after). The patterns open with a number alternation that the regex engine cannot skip through
# quickly, so one pass finds the key words and the patterns run only in windows around them.
# (The look-around before the alternation lets the engine skip quickly to a possible first letter.)
_KEY = re.compile(
    r"(?<![a-z0-9_])(?=[abcdefimoqstvw])(?:(?P<times>once|twice|thrice|times)|(?P<every>every|each)|(?P<interval>intervals?)|(?P<apart>apart)|"
    r"(?P<cycle>cycles?)|(?P<adverb>daily|weekly|fortnightly|monthly)|"
    r"(?P<qabbr>q\.?d|o\.?d|qday|b\.?i\.?d|t\.?i\.?d|q\.?i\.?d|q\.?o\.?d|qwk|qw|qm)|(?P<q>q[ .]?\d)|"
    r"(?P<things>doses|infusions|injections|administrations|transfusions|instillations|vaccinations|applications|"
    r"inoculations|courses|sessions|shots|boosters)|(?P<single>single|one[- ]time)|"
    r"(?P<days>(?:days?|weeks?|months?)\s+\d+\s*(?:,|/|&|and)))")
_WINDOWS: dict[str, tuple[tuple[str, ...], int, int]] = {
    "times_per": (("times",), 30, 60), "times_adv": (("times",), 30, 30),
    "every": (("every",), 2, 50), "n_intervals": (("interval",), 40, 15), "interval_of": (("interval",), 2, 60),
    "apart": (("apart",), 40, 8), "cycle": (("cycle",), 40, 15), "cycle_of": (("cycle",), 2, 60),
    "adverb": (("adverb",), 2, 15), "q_abbr": (("qabbr",), 3, 10), "q": (("q",), 3, 25),
    "times": (("times",), 30, 80), "n_things": (("things", "cycle"), 80, 15),
    "single": (("single",), 4, 70), "verb_times": (("times",), 30, 30), "days": (("days",), 2, 100),
}


def _windows(hits: dict[str, list[tuple[int, int]]], kind: str, size: int) -> list[tuple[int, int]]:
    """Merged (start, end) windows around the key words of a pattern."""
    groups, before, after = _WINDOWS[kind]
    spots = sorted((max(0, a - before), min(size, b + after)) for g in groups for a, b in hits.get(g, ()))
    out: list[tuple[int, int]] = []
    for a, b in spots:
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


_COUNT_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    # 'three times', '3 times', 'twice' (not followed by a frequency: 'three times a day' is an interval)
    ("times", re.compile(
        rf"(?i)\b(?P<times>{TIMES})(?!\s+(?:per|a|an|every|each|daily|weekly|monthly|nightly|yearly|in\s+a|higher|lower|"
        rf"more|less|greater|the|as|that|than|weight|over|above|below|ULN|upper|normal|baseline|or|to)\b)(?!\s*[/–-])"
        r"(?!-(?:daily|weekly|monthly|a-day|a-week))")),
    # 'three infusions', '3 UC-MSC infusions', 'two doses', '4 cycles', '8 sessions'
    ("n_things", re.compile(
        rf"(?i)\b(?P<n>{_N})\s+(?:(?!(?:mg|g|mcg|µg|ug|ng|ml|l|iu|units?|cells?|kg|x|×|times|of|to|or|and|weeks?|days?|"
        rf"months?|years?|hours?|patients?|participants?|subjects?|different|dose|ascending|escalating|increasing|fixed|"
        rf"levels?)\b)[\w+\-]+\s+){{0,2}}?"
        rf"(?P<what>doses|infusions|injections|administrations|transfusions|instillations|vaccinations|"
        rf"applications|inoculations|courses|cycles|sessions|shots|boosters)\b")),
    # 'a single dose', 'single infusion', 'single-dose', 'one-time injection'
    ("single", re.compile(
        r"(?i)\b(?:a\s+)?(?:single|one[\s-]time)[\s-]+(?:(?:intravenous|iv|i\.v\.|subcutaneous|intramuscular|oral|"
        r"intrathecal|intra-arterial|local|bolus)\s+)?(?P<what>dose|infusion|injection|administration|"
        r"transfusion|instillation|vaccination|application|treatment|session)\b")),
    # 'administered once', 'given once', 'injected twice'
    ("verb_times", re.compile(
        r"(?i)\b(?:administered|given|infused|injected|transfused|applied|instilled|vaccinated|dosed|received|"
        r"treated|delivered|performed)\s+(?P<times>once|twice|thrice)\b"
        r"(?![\s-]+(?:per|a|an|every|each|daily|weekly|monthly|nightly|yearly)\b)")),
]

# 'day 0, 28 and 56', 'days 0/28/56', 'on day 1 and day 8', 'weeks 0, 4, and 8', 'at months 0, 1 and 6'
_DAY_LIST = re.compile(
    r"(?i)\b(?P<unit>days?|weeks?|months?)\s+(?P<first>\d+)"
    r"(?P<rest>(?:\s*(?:,|/|&|and|,\s*and)\s*(?:(?:days?|weeks?|months?)\s+)?\d+)+)\b(?!\s*-\s*\d)")

_DOSE = re.compile(
    r"(?i)(?=\d)(?<![\w.])(?P<num>\d+(?:[.,]\d+)?(?:\s*(?:-|–|to|or)\s*\d+(?:[.,]\d+)?)?)\s*"
    r"(?:(?:[x×*]|\\\*)\s*10\s*(?:\^|\\\^|e|\*\*)?\s*(?P<exp>\d{1,2})(?![\d.,]))?\s*"
    r"(?P<unit>mg/kg|mg/m2|mg/m²|mg/m\^2|µg/kg|mcg/kg|ug/kg|ng/kg|ml/kg|mL/kg|iu/kg|u/kg|units?/kg|"
    r"(?:(?:[a-z0-9+\-]*\s)?cells?|[A-Za-z0-9+\-]*MSCs?|[A-Za-z0-9+\-]*MNCs?)\s*/\s*kg|/kg|"
    r"mg|mcg|µg|ug|ng|g|ml|mL|cc|l|iu|IU|units?|U|cells|MSCs|Gy|cGy|CFU|PFU|vp|%)(?![A-Za-z])")

_MASS_PER_KG = {"mg/kg", "µg/kg", "mcg/kg", "ug/kg", "ng/kg", "ml/kg", "iu/kg", "u/kg", "unit/kg", "units/kg"}

_DURATION = re.compile(
    rf"(?i)(?=[fodl])\b(?:for|over|during|lasting)\s+"
    rf"(?:(?:a\s+(?:total|period)\s+of|up\s+to|approximately|about|a|an)\s+)?"
    rf"(?P<n>{_N})[\s-]*(?P<unit>{_UNIT_WORD})\b")

_CYCLE_AFTER = re.compile(r"(?i)[\s-]*(?:treatment\s+)?(?:cycles?|courses?)\b")
_REPEAT_BEFORE = re.compile(r"(?i)\b(?:repeat\w*|cycles?|courses?)\b[^.;]{0,25}$")
_MD_ESCAPE = re.compile(r"\\([*^])")

# Cue words: the nearest one before an expression says whether it is about giving the product.
_ADMIN_CUE = re.compile(
    r"(?i)\b(?:administ\w*|infus\w*|inject\w*|dos(?:e|es|ed|ing|age)|given|give|gave|receiv\w*|take|takes|taken|took|"
    r"transfus\w*|vaccin\w*|immuni[sz]\w*|instill\w*|inhal\w*|appl(?:y|ied|ication|ications)|implant\w*|"
    r"treat(?:ed|ment|ments)?|therap(?:y|ies)|regimens?|cycles?|courses?|i\.?v\.?|intravenous\w*|oral(?:ly)?|"
    r"subcutaneous\w*|s\.?c\.?|intramuscular\w*|i\.?m\.?|topical\w*|tablets?|capsules?|pills?|mg|mcg|µg|"
    r"drugs?|medications?|supplement\w*|boost\w*|sessions?|transplant\w*|deliver\w*|transfer\w*|"
    r"intrathecal\w*|intra-?arterial\w*|nebuli[sz]\w*|irradiat\w*|radiotherap\w*|chemotherap\w*)\b")
_OTHER_CUE = re.compile(
    r"(?i)\b(?:follow(?:ed)?[\s-]*ups?|followed|visits?|assess\w*|evaluat\w*|measur\w*|monitor\w*|sampl\w*|"
    r"collect\w*|draws?|drawn|scans?|scanned|imag\w*|MRI|examin\w*|exams?|tests?|tested|testing|questionnaires?|"
    r"surveys?|contact\w*|call\w*|phone|telephone|seen|check\w*|observ\w*|appointments?|interview\w*|"
    r"record\w*|laborator\w*|labs?|biops\w*|echocardiogra\w*|ECG|EKG|x-rays?|screen\w*|stopped|washout|"
    r"wash-out|discontinu\w*|prior|before|within|since|ago|diary|diaries|reviewed|telephoned|rated|"
    r"completed|complete|fill\w*|report\w*|attend\w*|meetings?|classes|calls?)\b")

# (The look-ahead holds the first letters of every cue word: the engine rejects most positions at
# once instead of trying each of the cue words.)
_CUE = re.compile(rf"(?=[abcdefgilmnopqrstvwxµ])(?:(?P<admin>{_ADMIN_CUE.pattern})|(?P<other>{_OTHER_CUE.pattern}))"
                  .replace("(?i)", ""), re.I)
_RANGE_BEFORE = re.compile(r"(?:\d|\b(?:once|twice|one|two|three|four|five|six))\s*(?:-|–|\bor\b|\bto\b)\s*$", re.I)
_LEAD_IN = re.compile(r"\s*(?:for|of|to|until)?\s*\w*\s*", re.I)

_DOSING_ADV_NEIGHBOUR = re.compile(
    r"(?i)(?:\b(?:\d+(?:\.\d+)?\s*(?:mg|mcg|µg|ug|g|ml|iu|units?|tablets?|capsules?|puffs?|drops?)"
    r"(?:/m\^?2|/m²|/kg)?|administered|given|taken|infused|injected|applied|dosed|received)"
    r"(?:\s+\(?(?:orally|by\s+mouth|po|p\.o\.|iv|i\.v\.|sc|s\.c\.|im|i\.m\.|intravenously|subcutaneously|"
    r"intramuscularly|topically)\)?){0,3}\s*,?\s*$)")
_DOSING_ADV_AFTER = re.compile(
    r"(?i)^\s*(?:dos(?:e|es|ing)|infusions?|injections?|administrations?|applications?|instillations?|"
    r"intake|oral|subcutaneous|intravenous|treatments?|transfusions?)\b")


def _after_range(text: str, s0: int, start: int) -> bool:
    """'once or twice a day', '2-3 doses', 'two to three times': a range, not one schedule."""
    return bool(_RANGE_BEFORE.search(text, max(s0, start - 20), start))


def _is_dosing(text: str, s0: int, start: int, end: int, strict: bool) -> bool:
    """True when the nearest cue before the expression (within its sentence) is an administration
    cue; a visit/assessment cue right after ('every 4 weeks for follow-up') also vetoes."""
    last_admin = last_other = -1
    for m in _CUE.finditer(text, max(s0, start - 100), start):
        if m.lastgroup == "admin":
            last_admin = m.end()
        else:
            last_other = m.end()
    m_after = _CUE.search(text, end, min(len(text), end + 30))
    if m_after is not None and m_after.lastgroup == "other" and _LEAD_IN.fullmatch(text, end, m_after.start()):
        return False
    if last_other > last_admin:
        return False
    # 'the cognitive test battery will be administered at weeks 22 & 28': the thing given is a test.
    if last_other >= 0 and last_admin - last_other < 30:
        return False
    if last_admin < 0:
        # Intrinsic dosing notation (q3w, bid) needs no cue word; plain intervals do.
        return not strict
    return True


def _interval(kind: str, m: re.Match[str]) -> tuple[float | None, str]:
    g = m.groupdict()
    basis = "cycle" if kind in ("cycle", "cycle_of") else "dose"
    if g.get("range"):
        return None, basis
    if kind == "q_abbr":
        key = re.sub(r"[.\s]", "", g["abbr"].lower())
        return _Q_ABBR.get(key), basis
    if kind == "times_adv":
        t = times_count(g["times"])
        return (_FREQ_WORD[g["adv"].lower()] / t if t else None), basis
    if kind == "adverb":
        return _FREQ_WORD.get(g["adv"].lower()), basis
    unit = g.get("unit") or ""
    per = _unit_days(unit) if unit.lower() not in _FREQ_WORD else _FREQ_WORD[unit.lower()]
    if per is None:
        return None, basis
    if kind == "every":
        if g.get("other"):
            return 2 * per, basis
        n = to_number(g["n"]) if g.get("n") else 1.0
        return (n * per if n else None), basis
    if kind == "times_per":
        t = times_count(g["times"])
        n = to_number(g["n"]) if g.get("n") else 1.0
        return (n * per / t if t and n else None), basis
    n = to_number(g["n"]) if g.get("n") else None
    return (n * per if n else None), basis


def _count(kind: str, m: re.Match[str]) -> tuple[int | None, str]:
    g = m.groupdict()
    if kind in ("times", "verb_times"):
        return times_count(g["times"]), "dose"
    what = (g.get("what") or "").lower()
    basis = "cycle" if what.startswith(("cycle", "course")) else "session" if what.startswith("session") else "dose"
    if kind == "single":
        return 1, basis
    n = to_int(g["n"])
    return (n if n is not None and 0 < n <= 100 else None), basis


def _dose_value(m: re.Match[str]) -> tuple[float | None, str]:
    num = m.group("num")
    unit = m.group("unit")
    u = re.sub(r"\s+", "", unit)
    low = u.lower()
    if low.endswith("/kg") and low not in _MASS_PER_KG:
        u = "cells/kg"
    elif low in ("mscs", "cells"):
        u = "cells"
    elif low in ("ml", "cc"):
        u = "ml"
    elif low in ("iu", "units", "unit", "u"):
        u = "IU"
    elif low in ("mcg", "ug", "µg"):
        u = "µg"
    else:
        u = low.replace("²", "2").replace("^", "")
    if re.search(r"-|–|\bto\b|\bor\b", num):
        return None, u
    value = to_number(num.replace(",", ".") if re.fullmatch(r"\d+,\d{1,2}", num) else num)
    if value is None:
        return None, u
    if m.group("exp"):
        value *= 10 ** int(m.group("exp"))
    return value, u


def _nearest(items: list[tuple[int, int, object]], start: int, end: int) -> object | None:
    best, dist = None, None
    for a, b, obj in items:
        d = start - b if b <= start else (a - end if a >= end else 0)
        if dist is None or d < dist:
            best, dist = obj, d
    return best


def _matches(clean: str, hits: dict[str, list[tuple[int, int]]], kind: str, pat: re.Pattern[str],
             spans: list[tuple[int, int]]):
    """(match, sentence start, sentence end) for each match of pat inside one sentence."""
    if not any(g in hits for g in _WINDOWS[kind][0]):
        return
    starts = [a for a, _b in spans]
    seen: set[tuple[int, int]] = set()
    for wa, wb in _windows(hits, kind, len(clean)):
        for m in pat.finditer(clean, wa, wb):
            if (m.start(), m.end()) in seen:
                continue
            seen.add((m.start(), m.end()))
            k = bisect_right(starts, m.start()) - 1
            if k < 0:
                continue
            s0, s1 = spans[k]
            if m.end() <= s1:
                yield m, s0, s1


def may_state_schedule(text: str) -> bool:
    """False when find_schedules(text) is sure to find nothing (no key word at all): a cheap test."""
    return bool(text) and _KEY.search(_MD_ESCAPE.sub(r" \1", text).lower()) is not None


def find_schedules(text: str) -> list[Schedule]:
    """Every dosing schedule in text, in text order (see the module docs for what counts)."""
    if not text:
        return []
    # Markdown escapes in web renderings ('1.0\\*10E6', '10\\^6'): blanked, so offsets stay those of text.
    clean = _MD_ESCAPE.sub(r" \1", text)
    hits: dict[str, list[tuple[int, int]]] = {}
    for m in _KEY.finditer(clean.lower()):
        hits.setdefault(m.lastgroup or "", []).append(m.span())
    if not hits:
        return []
    spans = sentence_spans(clean)
    found: dict[tuple[int, int], list[tuple[int, int, str, dict]]] = {}
    taken: list[tuple[int, int]] = []

    def free(a: int, b: int) -> bool:
        return all(b <= x or a >= y for x, y in taken)

    def add(s0: int, s1: int, a: int, b: int, kind: str, vals: dict) -> None:
        taken.append((a, b))
        found.setdefault((s0, s1), []).append((a, b, kind, vals))

    for kind, pat in _INTERVAL_PATTERNS:
        for m, s0, s1 in _matches(clean, hits, kind, pat, spans):
            a, b = m.start(), m.end()
            if not free(a, b):
                continue
            if kind == "adverb" and not (_DOSING_ADV_NEIGHBOUR.search(clean[max(s0, a - 40):a]) or
                                         _DOSING_ADV_AFTER.match(clean[b:b + 30])):
                continue
            strict = kind not in ("q", "q_abbr", "times_per", "times_adv", "cycle", "cycle_of")
            if _after_range(clean, s0, a) or not _is_dosing(clean, s0, a, b, strict):
                continue
            days, basis = _interval(kind, m)
            # 'each 21 day cycle', 'treatment repeats every 28 days': the spacing of cycles, not of doses.
            if _CYCLE_AFTER.match(clean, b) or _REPEAT_BEFORE.search(clean[max(s0, a - 40):a]):
                basis = "cycle"
            if days is not None:
                add(s0, s1, a, b, "interval", {"interval_days": days, "basis": basis})
    for m, s0, s1 in _matches(clean, hits, "days", _DAY_LIST, spans):
        a, b = m.start(), m.end()
        if not free(a, b) or not _is_dosing(clean, s0, a, b, True):
            continue
        unit = m.group("unit").lower().rstrip("s")
        # 'day 0, month 3 and month 6' mixes units: not read.
        if any(u.lower().rstrip("s") != unit for u in re.findall(r"(?i)days?|weeks?|months?", m.group("rest"))):
            continue
        per = _unit_days(unit) or 1.0
        nums = [float(m.group("first"))] + [float(x) for x in re.findall(r"\d+", m.group("rest"))]
        if len(nums) < 2 or any(y <= x for x, y in zip(nums, nums[1:])):
            continue
        day_vals = tuple(n * per for n in nums)
        gaps = {round(y - x, 6) for x, y in zip(day_vals, day_vals[1:])}
        # Two days ('days 1 and 8') give a count, not a regular interval.
        add(s0, s1, a, b, "days", {"days": day_vals, "count": len(day_vals),
                                   "interval_days": gaps.pop() if len(gaps) == 1 and len(nums) >= 3 else None})
    for kind, pat in _COUNT_PATTERNS:
        for m, s0, s1 in _matches(clean, hits, kind, pat, spans):
            a, b = m.start(), m.end()
            if not free(a, b) or _after_range(clean, s0, a) or not _is_dosing(clean, s0, a, b, kind in ("times",)):
                continue
            n, basis = _count(kind, m)
            if n is not None:
                add(s0, s1, a, b, "count", {"count": n, "basis": basis})
    out: list[Schedule] = []
    for (s0, s1), items in sorted(found.items()):
        sent = clean[s0:s1]
        doses = [(s0 + m.start(), s0 + m.end(), m) for m in _DOSE.finditer(sent)]
        durations = [(s0 + m.start(), s0 + m.end(), m) for m in _DURATION.finditer(sent)]
        for a, b, _kind, vals in _merge_count_interval(clean, sorted(items, key=lambda f: f[0])):
            dm = _nearest([d for d in doses if not (d[0] >= a and d[1] <= b)], a, b)
            dose_text = dose_value = dose_unit = None
            if dm is not None:
                dose_text = dm.group(0).strip()
                dose_value, dose_unit = _dose_value(dm)
            dur = _nearest([d for d in durations if d[0] >= b - 1 and not (d[0] >= a and d[1] <= b)], a, b)
            duration = None
            if dur is not None:
                n = to_number(dur.group("n"))
                per = _unit_days(dur.group("unit"))
                duration = n * per if n and per else None
            out.append(Schedule(
                text=text[a:b], span=(a, b), sentence_span=(s0, s1),
                interval_days=vals.get("interval_days"), count=vals.get("count"), basis=vals.get("basis", "dose"),
                days=vals.get("days", ()), dose_text=dose_text, dose_value=dose_value, dose_unit=dose_unit,
                duration_days=duration))
    return out


def _merge_count_interval(text: str, found: list[tuple[int, int, str, dict]]) -> list[tuple[int, int, str, dict]]:
    """'three times at 4-week intervals', 'three UC-MSC infusions at 4-week intervals': a count
    followed closely by an interval (or the reverse) is one schedule."""
    out: list[tuple[int, int, str, dict]] = []
    for f in found:
        if out:
            a, b, kind, vals = out[-1]
            gap = text[b:f[0]]
            if len(gap) <= 40 and not re.search(r"[.;]", gap) and \
                    {kind, f[2]} == {"count", "interval"} and vals.get("basis") == f[3].get("basis"):
                merged = dict(vals)
                merged.update({k: v for k, v in f[3].items() if v is not None})
                out[-1] = (a, f[1], "count+interval", merged)
                continue
        out.append(f)
    return out
