"""Is a registered outcome the one a paper reports? Compared facet by facet, so a finding can say
what changed.

    facets(text, abbreviations, drop) -> Facets
    compare(registered, paper) -> Comparison

Both sides are normalised first: abbreviations defined in either text are expanded ('LAR' ->
'late asthmatic response'), British and American spellings folded ('haemoglobin' = 'hemoglobin'),
common synonyms folded to one word ('analgesic efficacy', 'pain intensity' and 'pain relief' are
all 'pain'; 'mortality', 'death' and 'survival' are 'death'), and the trial's own intervention names
dropped (a registered 'efficacy of X compared to placebo' names the comparison, not the measure).
Then four facets are read apart:
- measure: the remaining content words; the share of the shorter side's words found in the other
  (spelling variants within rapidfuzz ratio 85 count): a verbose registered measure still meets a
  short published one;
- instruments: named scales and questionnaires ('visual analogue scale', 'HAM-D', 'SF-36');
- aggregation: a mean or change, a proportion or count of participants, a time to an event;
- time points: durations in days ('at 12 weeks', 'day 8', '3-5 hours').
A facet is 'changed' only when both sides state it and they share nothing: a side that leaves a
facet out is not evidence of a change.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import snowballstemmer
from rapidfuzz import fuzz

from .abbreviations import COMMON, expand

MATCH = 60.0          # measure similarity (%) at or above which two outcome wordings name the same measure
MATCH_SEVERAL = 40.0  # ... or when they share three or more measure words

_SPELLING: tuple[tuple[re.Pattern, str], ...] = tuple((re.compile(a), b) for a, b in (
    (r"haem", "hem"), (r"anaem", "anem"), (r"paed", "ped"), (r"oedem", "edem"), (r"oesoph", "esoph"),
    (r"leukaem", "leukem"), (r"tumour", "tumor"), (r"behaviour", "behavior"), (r"favour", "favor"),
    (r"colour", "color"), (r"is(ation|ed|ing)\b", r"iz\1"), (r"analogue", "analog"), (r"centre", "center"),
    (r"end[\s-]+point", "endpoint"), (r"follow[\s-]+up", "followup"),
    # 'progression-free' and 'disease-free' survival are different outcomes: keep the qualifier with 'free'
    (r"\b(\w+)[\s‐‑–—-]+free\b", r"\1free"), (r"[-‐‑–—]", " "),
))
# Phrases that name one measure, folded to one word (longest first within each group).
_SYNONYM_PAIRS: tuple[tuple[str, str], ...] = (
    (r"health related quality of life|quality of life|hrqol|qol", "qualityoflife"),
    (r"glycated hemoglobin|glycosylated hemoglobin|hemoglobin a1c|hba1c|a1c", "hba1c"),
    (r"all cause mortality|mortality|deaths?|died|survival|alive", "survival"),
    (r"maximum tolerated dose|dose limiting toxicit(?:y|ies)", "mtd"),
    (r"objective (?:tumou?r )?response|overall (?:tumou?r )?response|tumou?r response|best overall response",
     "objectiveresponse"),
    (r"loco ?regional control|local control", "localcontrol"),
    (r"adverse (?:events?|effects?|reactions?|drug reactions?)|side effects?|toxicit(?:y|ies)|tolerability|safety",
     "adverseevent"),
    (r"analgesic efficacy|analgesia|pain intensity|pain relief|pain scores?|pain", "pain"),
    (r"relapses?|recurrences?", "relapse"),
    (r"surgical site infections?|wound infections?", "woundinfection"),
    (r"re ?admissions?|admissions?|hospitali[sz]ations?", "hospitalization"),
    (r"body weight|weight", "weight"),
    (r"blood pressure", "bloodpressure"),
    (r"visual analog scales?|vas", "vas"),
)
_SYNONYMS = tuple((re.compile(rf"\b(?:{a})\b"), f" {b} ") for a, b in _SYNONYM_PAIRS)
_STOP = frozenset(
    "the a an of in on at to for and or with by from as was were is are be been this that these those each all "
    "any its their between after before during over within per than rate rates level levels change changes "
    "measured measure measures measuring assessed assess assessment assessments evaluated evaluate evaluation "
    "determine determined incidence proportion number percentage patients participants subjects group groups "
    "treatment treated study trial time frame baseline outcome outcomes primary secondary endpoint endpoints "
    "variable mean score scores total effect effects efficacy effectiveness difference differences compared "
    "comparison versus vs placebo control controls intervention interventions administered given once twice bid "
    "tid qd daily dose doses dosing mg period periods short term long hours hour days day weeks week months month "
    "years year h d wk mo yr first last end final using use used via who whom which whether into up least more "
    "less than mm cm kg first second third actual medication medications drug drugs reducing reduce reduction "
    "reductions increase increasing improvement improve improving improved decrease decreasing associated related "
    "induced caused defined rated reported clinician clinicians investigator investigators both had has have "
    "having".split())
_WORDS = re.compile(r"[a-z][a-z0-9]*")
_NUMWORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
             "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "eighteen": 18, "twenty": 20, "thirty": 30}
_UNIT_DAYS = {"h": 1 / 24, "hour": 1 / 24, "hr": 1 / 24, "d": 1, "day": 1, "w": 7, "wk": 7, "week": 7,
              "m": 30.4, "mo": 30.4, "month": 30.4, "y": 365.25, "yr": 365.25, "year": 365.25}
_NUM = r"(\d+(?:\.\d+)?|" + "|".join(_NUMWORDS) + r")"
_UNIT = r"(hours?|hrs?|h|days?|d|weeks?|wks?|months?|mos?|years?|yrs?)"
_TIME_AFTER = re.compile(rf"(?i)\b{_NUM}(?:\s*(?:-|–|to|and|or|,)\s*{_NUM})?[\s-]*{_UNIT}\b")
_CLOCK = re.compile(r"(?i)\s*(?:of\s+(?:gestation|pregnancy|age|life)|gestation(?:al)?|post-?menstrual|"
                    r"(?:corrected|chronological)\s+age|old)\b")
_RECALL = re.compile(r"(?i)\b(?:past|last|previous|preceding|prior)\s+$")
_WINDOW = re.compile(r"(?i)\b(?:up\s+to|within|through(?:out)?|until|during|over|for|by)\s+(?:the\s+)?(?:first\s+)?$")
_TIME_BEFORE = re.compile(rf"(?i)\b(day|week|month|year|hour)s?\s+{_NUM}\b")
_AGG = (
    ("proportion", re.compile(r"(?i)\b(?:proportion|percentage|percent|rates?\s+of|"
                              r"(?<!heart\s)(?<!respiratory\s)(?<!filtration\s)(?<!flow\s)(?<!infusion\s)rates?\b|number\s+of\s+(?:patients|participants|"
                              r"subjects|women|men|children|infants|people)|frequency|prevalence|responders?|"
                              r"response\s+rate|odds|risk\s+of)\b|%")),
    ("mean", re.compile(r"(?i)\b(?:mean|average|median|change\s+(?:from|in)|changes\s+(?:from|in))\b")),
    ("time to event", re.compile(r"(?i)\btime\s+to\b")),
)
# A named instrument: capitalised words before a generic instrument noun ('Beck Depression Inventory',
# 'Hamilton Rating Scale for Depression'); acronyms alone are often the measure itself (FEV1, CD4), not read.
_INSTRUMENT = re.compile(
    r"\b((?:[A-Z][\w'-]*\s+){1,4}(?:[Ss]cale|[Qq]uestionnaire|[Ii]nventory|[Ii]ndex|[Tt]est|[Bb]attery|"
    r"[Cc]hecklist|[Ss]urvey|[Ii]nstrument))\b")
_DRUG_CODE = re.compile(r"^[a-z]{2,6}\d{3,}$|^\d+(?:mg|ml|g|mcg|ug|iu|mmol)$")
# A registered measure often names the comparison too ('..., compared to placebo and to 200mg celecoxib bid').
_COMPARISON = re.compile(r"(?i)[,;]?\s*\b(?:compared\s+(?:to|with)|in\s+comparison\s+(?:to|with)|versus|vs\.?)\s+"
                         r"(?:[\w-]+\s+){0,6}?[\w-]+(?=\s+(?:in|on|at|for|as|by|during|after)\b|\s*[,;.)]|\s*$)")
# '24-hour urine', '24-h ambulatory blood pressure': how long one measurement lasts, not when it is taken.
_SPAN = re.compile(r"(?i)\b24[\s-]*(?:hours?|hrs?|h)\b(?=[\s-]+(?!after|post|from|following)[a-z])")


@dataclass(frozen=True, slots=True)
class Facets:
    text: str                     # the normalised text
    words: tuple[str, ...]        # measure words
    instruments: frozenset[str]
    aggregation: frozenset[str]
    times: frozenset[float]       # in days
    windows: frozenset[float] = frozenset()   # 'up to 2 years', 'within 30 days': any time inside counts
    surface: tuple[str, ...] = ()              # each measure word as written (words holds the stems)


@dataclass(frozen=True, slots=True)
class Comparison:
    score: float                  # measure similarity, 0-100
    changed: tuple[str, ...]      # facets that differ: 'measurement', 'aggregation', 'timing'
    registered: Facets
    paper: Facets
    hits: int = 0                 # measure words shared
    kinds: tuple[str, ...] = ()   # outcome kind words one side names and the other lacks ('survival')

    @property
    def same_measure(self) -> bool:
        """Most of the shorter wording's measure words stand in the other (or three or more and at least 40%),
        and no kind of outcome ('survival', 'pain') is named on one side only."""
        return not self.kinds and (self.score >= MATCH or (self.hits >= 3 and self.score >= MATCH_SEVERAL))

    def explain(self) -> str:
        """'measure words 100% alike (pain); timing 3-5 hours vs 12 weeks'."""
        theirs = set(self.paper.words)
        shared = sorted({_readable(x) for w, x in zip(self.registered.words, self.registered.surface) if w in theirs})[:4]
        parts = [f"measure words {self.score:.0f}% alike" + (f" ({', '.join(shared)})" if shared else "")]
        if self.kinds:
            parts.append(f"only one names {', '.join(_readable(k) for k in self.kinds)}")
        if "measurement" in self.changed:
            parts.append(f"instrument {_shown(self.registered.instruments)} vs {_shown(self.paper.instruments)}")
        if "aggregation" in self.changed:
            parts.append(f"aggregation {_shown(self.registered.aggregation)} vs {_shown(self.paper.aggregation)}")
        if "timing" in self.changed:
            parts.append(f"time point {_days(self.registered.times)} vs {_days(self.paper.times)}")
        return "; ".join(parts)


_READABLE = {"adverseevent": "adverse events", "qualityoflife": "quality of life", "bloodpressure": "blood pressure",
             "objectiveresponse": "objective response", "woundinfection": "wound infection",
             "localcontrol": "local control", "hba1c": "HbA1c", "mtd": "maximum tolerated dose", "vas": "VAS"}


def _readable(w: str) -> str:
    return _READABLE.get(w, w[:-4] + "-free" if w.endswith("free") and len(w) > 6 else w)


def _shown(xs: frozenset[str]) -> str:
    return " / ".join(sorted(xs))


def _days(xs: frozenset[float]) -> str:
    out = []
    for d in sorted(xs):
        for unit, size in (("years", 365.25), ("months", 30.4), ("weeks", 7), ("days", 1)):
            if d >= size and abs(d / size - round(d / size)) < 0.05:
                out.append(f"{round(d / size):g} {unit}")
                break
        else:
            out.append(f"{d * 24:g} hours")
    return ", ".join(out)


def _num(s: str) -> float:
    return float(_NUMWORDS.get(s.lower(), s)) if s.lower() in _NUMWORDS or s.replace(".", "", 1).isdigit() else 0.0


def _unit(u: str) -> float:
    u = u.lower().rstrip("s")
    return _UNIT_DAYS.get(u, _UNIT_DAYS.get(u[:2], 0.0))


def times(text: str, windows: bool = False) -> frozenset[float]:
    """Time points in days; with windows=True only the ends of windows ('up to 2 years')."""
    out: set[float] = set()
    for m in _TIME_AFTER.finditer(text):
        before = text[max(0, m.start() - 25):m.start()]
        if _RECALL.search(before) or _CLOCK.match(text, m.end()):
            continue   # 'in the past 4 weeks' (what is asked about), '12 weeks of gestation' (another clock)
        if windows and not _WINDOW.search(before):
            continue
        size = _unit(m.group(3))
        for g in (m.group(1), m.group(2)):
            if g and _num(g) > 0:
                out.add(round(_num(g) * size, 3))
    if windows:
        return frozenset(out)
    for m in _TIME_BEFORE.finditer(text):
        if _num(m.group(2)) > 0:
            out.add(round(_num(m.group(2)) * _unit(m.group(1)), 3))
    return frozenset(out)


def normalise(text: str) -> str:
    t = text.casefold()
    for pat, repl in _SPELLING:
        t = pat.sub(repl, t)
    for pat, repl in _SYNONYMS:
        t = pat.sub(repl, t)
    return t


_STEMMER = snowballstemmer.stemmer("english")
_CANONICAL = frozenset(b for _, b in _SYNONYM_PAIRS)
_STOP_STEMS = frozenset(_STEMMER.stemWord(w) for w in _STOP)


@lru_cache(maxsize=65536)
def _stem(w: str) -> str:
    """Snowball (Porter 2) stem: 'healed' = 'healing' = 'heal'; the folded synonyms stay as they are."""
    return w if w in _CANONICAL else _STEMMER.stemWord(w)


@lru_cache(maxsize=8192)
def _facets(text: str, drop: frozenset[str]) -> Facets:
    norm = normalise(_COMPARISON.sub("", text))

    def measure_words(t: str) -> list[str]:
        return [w for w in _WORDS.findall(t) if w not in _STOP and w not in _NUMWORDS and not _DRUG_CODE.match(w)
                and len(w) > 1]

    # a named instrument is compared on its own: what it measures is the measure ('quality of life on the
    # EQ-5D Questionnaire'); an outcome that is only an instrument keeps its words
    words = measure_words(normalise(_INSTRUMENT.sub(" ", _COMPARISON.sub("", text)))) or measure_words(norm)
    pairs = [(_stem(w), w) for w in words]
    pairs = [p for p in pairs if p[0] not in _STOP_STEMS]
    # the trial's interventions and conditions name the comparison and the population, not the measure;
    # an outcome made only of them ('Endometriosis') keeps them
    dropped = {_stem(w) for w in drop}
    pairs = [p for p in pairs if p[0] not in dropped] or pairs
    first: dict[str, str] = {}
    for stem, w in pairs:
        first.setdefault(stem, w)     # one entry per stem, with its first spelling
    pairs = list(first.items())
    instruments = frozenset(normalise(m.group(1)).strip() for m in _INSTRUMENT.finditer(text))
    agg = frozenset(name for name, pat in _AGG if pat.search(text))
    when = _SPAN.sub(" ", text)
    return Facets(norm, tuple(p[0] for p in pairs), instruments, agg, times(when), times(when, windows=True),
                  tuple(p[1] for p in pairs))


def facets(text: str, abbreviations: dict[str, str] | None = None, drop: frozenset[str] = frozenset()) -> Facets:
    return _facets(expand(text, {**COMMON, **(abbreviations or {})}), drop)


# Words naming what kind of event or quantity an outcome is: a side that names one the other lacks
# measures something else ('lung cancer mortality' is not 'incidence of lung cancer'). Adverse events
# are left out: a registered 'efficacy and safety' often becomes the paper's efficacy outcome alone.
_LIST = re.compile(r"\band\b|[,;]|\bas\s+well\s+as\b")
_KEYS = frozenset("survival qualityoflife pain relapse hospitalization hba1c weight bloodpressure".split())


def _same_word(a: str, b: str) -> bool:
    """Equal, or spelling variants of a long word (rapidfuzz ratio >= 85)."""
    return a == b or (min(len(a), len(b)) >= 5 and fuzz.ratio(a, b) >= 85)


def measure_similarity(a: Facets, b: Facets) -> tuple[float, int, tuple[str, ...]]:
    """(share of the shorter side's measure words found in the other, how many, kind words on the longer
    side only)."""
    if not a.words or not b.words:
        return 0.0, 0, ()
    (short, long_), longer = ((a.words, b.words), b) if len(a.words) <= len(b.words) else ((b.words, a.words), a)
    hits = sum(1 for w in short if any(_same_word(w, x) for x in long_))
    # only between single outcomes: a list ('HbA1c and body weight') names more than its match
    kinds = () if _LIST.search(longer.text) else tuple(sorted((_KEYS & set(long_)) - set(short)))
    return 100.0 * hits / len(short), hits, kinds


def _instrument_changed(a: frozenset[str], b: frozenset[str]) -> bool:
    if not a or not b:
        return False
    return not any(fuzz.token_set_ratio(x, y) >= 80 for x in a for y in b)


def _times_changed(a: Facets, b: Facets) -> bool:
    if not a.times or not b.times:
        return False
    if any(abs(x - y) <= 0.1 * max(x, y) for x in a.times for y in b.times):
        return False
    # a window on one side ('up to 2 years') holds the other side's time points
    return not any(all(y <= 1.05 * w for y in other.times) for one, other in ((a, b), (b, a)) for w in one.windows)


def compare(registered: Facets, paper: Facets) -> Comparison:
    score, hits, kinds = measure_similarity(registered, paper)
    changed = []
    if _instrument_changed(registered.instruments, paper.instruments):
        changed.append("measurement")
    if registered.aggregation and paper.aggregation and not registered.aggregation & paper.aggregation:
        changed.append("aggregation")
    if _times_changed(registered, paper):
        changed.append("timing")
    return Comparison(score, tuple(changed), registered, paper, hits, kinds)
