"""Placebo, sham, saline and vehicle controls in free text, read in context.

    find_controls(text, fuzzy=False) -> list[ControlMention]
    is_placebo_word(word) -> bool          'placebo', 'Placebos', and one-edit misspellings of it
    about_other_study(sentence) -> bool    the sentence is about another study (citations, 'previous',
                                           'trials have shown', 'the parent study', 'will proceed with')
    placebo_only_label(label) -> str|None  the control word when an arm label names nothing but a
                                           placebo/sham and background care ('Conventional plus
                                           placebo treatment'), None for 'Drug A + placebo'

Each mention gets a role; only role 'control' means "this trial gives a placebo/sham/saline/vehicle
control":
- 'negated'      'no placebo was used', 'without a sham procedure', 'non-placebo-controlled'
- 'other-study'  another trial's arm: 'placebo-controlled trials have shown', 'in a previous study',
                 'patients who completed the parent placebo-controlled study'
- 'carrier'      saline or vehicle carrying the active product: 'MSCs were suspended in saline',
                 'diluted in 100 ml normal saline', 'phosphate-buffered saline'
- 'concept'      'the placebo effect', 'placebo response'
- 'run-in'       'placebo run-in', 'placebo lead-in', 'placebo washout'
- 'unclear'      saline or vehicle with no control cue in its sentence
Saline and vehicle are controls only with an explicit cue: 'the control group received the same
volume of saline', 'saline as placebo', 'vehicle-controlled', 'vehicle cream'.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz.distance import OSA

from .sentences import sentence_spans


@dataclass(frozen=True, slots=True)
class ControlMention:
    kind: str                       # 'placebo', 'sham', 'saline' or 'vehicle'
    text: str                       # the words as written ('placebo-controlled', 'normal saline', 'placbo')
    span: tuple[int, int]           # offsets into the text given
    sentence_span: tuple[int, int]
    role: str                       # see the module docs


_PLACEBO = "placebo"
# Words one of which a text must hold to mention a control (a quick test before reading sentences).
_CHEAP = ("placebo", "sham", "saline", "nacl", "sodium chloride", "vehicle", "dummy")
# Misspellings of 'placebo' keep most of its letters: 'placbo', 'palcebo', 'plecebo', 'placeob'.
_FUZZY_CHEAP = re.compile(r"[pb]\w{0,2}(?:ce|eb|bo|cb|ec)")
_WORD = re.compile(r"[A-Za-z]+")
_TERMS = re.compile(
    r"(?i)\b(?P<placebo>placebos?(?:[\s-]+controlled)?|double[\s-]dummy)\b|"
    r"\b(?P<sham>sham(?:[\s-]+controlled)?)\b|"
    r"\b(?P<saline>(?:(?:normal|physiological|isotonic|sterile|0\.9\s*%)\s+)?(?:saline|nacl|sodium\s+chloride)"
    r"(?:[\s-]+controlled)?)\b|"
    r"\b(?P<vehicle>vehicle(?:[\s-]+controlled)?)\b")

_NEGATION_BEFORE = re.compile(
    r"(?i)(?:\b(?:no|not|without|neither|nor|never|instead\s+of|rather\s+than|absence\s+of|lack\s+of|free\s+of|"
    r"other\s+than)\b|\bnon[\s-]?)(?:\W+\w+){0,3}?\W*$")
_NEGATION_AFTER = re.compile(
    r"(?i)^[\w\s-]{0,20}?\b(?:was|were|is|are|will|would|shall|could|can)\s+(?:not|never)\b|^\s*(?:is|was)?\s*not\s+"
    r"(?:used|given|administered|included|available)\b|^[\w\s-]{0,20}?\b(?:wasn't|weren't|isn't|won't)\b")
# (The look-ahead holds the first characters of every alternative: most positions fail at once.)
_OTHER_STUDY = re.compile(
    r"(?i)(?=[\dbcefhilmnoprstw])"
    r"\b(?:previous(?:ly)?|prior\s+(?:stud|trial|protocol)\w*|earlier\s+(?:stud|trial)\w*|published|literature|"
    r"meta-?analys[ie]s|systematic\s+reviews?|et\s+al|parent|core\s+(?:stud|trial)\w*|preceding|originating|feeder|"
    r"extension|roll-?over|lead-in\s+(?:stud|trial)\w*|participated\s+in|enrolled\s+in\s+(?:a|an|the|study)\b|"
    r"completed\s+(?:the|a|an|study|protocol|trial)\b|(?:stud(?:y|ies)|trials?)\s+(?:have|has|had)\b|"
    r"(?:stud(?:y|ies)|trials?)\s+(?:showed|demonstrated|reported|suggested|found)\b|(?:placebo|sham)[\s-]+controlled\s+"
    r"(?:[\w-]+\s+){0,2}(?:trials|studies)\b|have\s+(?:shown|demonstrated|reported)|has\s+been\s+(?:shown|demonstrated|"
    r"reported)|were\s+reported|\btrials\b|\bstudies\b|"
    # a later or earlier version of the study: 'will proceed with a placebo-controlled study', 'began as'
    r"\bproceed\w*|\bfuture\b|\bfollow-on\b|\bsubsequent\s+(?:stud|trial)\w*|\boriginally\b|\binitially\s+designed\b|"
    r"\bbegan\s+as\b|\bwas\s+amended\b|\bformerly\b|"
    # the study this one nests in or follows: 'the original RCT', 'the phase III efficacy trial', 'five years before'
    r"\boriginal\s+(?:stud|trial|rct|protocol)\w*|\b(?:efficacy|pivotal|index|main|first|earlier)\s+(?:stud|trial|rct)\w*|"
    r"\b(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten)\s+years?\s+(?:before|earlier|previously|prior|ago)\b|"
    # a past result of a named study: 'First in-man study (HEALING-FIM) demonstrated the safety'
    r"\b(?:study|trial)\b[^.;]{0,120}\b(?:demonstrated|showed|reported|found|revealed)\b)")
_CITATION = re.compile(r"\[\d+(?:[,–-]\s*\d+)*\]|\([A-Z][A-Za-z-]+(?: et al\.?| and [A-Z][A-Za-z-]+)?,? (?:19|20)\d\d\)")
# The placebo effect, and sham feeding (chewing and spitting food: a physiology technique, not a control).
_CONCEPT_AFTER = re.compile(r"(?i)^[\s-]*(?:effects?|responses?|responders?|phenomen\w*|analgesia|feed\w*|fed)\b")
_RUNIN_AFTER = re.compile(r"(?i)^[\s-]*(?:run[\s-]?in|lead[\s-]?in|wash[\s-]?out)\b")
_CARRIER_BEFORE = re.compile(
    r"(?i)\b(?:suspended|re-?suspended|diluted|dissolved|reconstituted|mixed|prepared|formulated|solubili[sz]ed|"
    r"flushed|washed|rinsed|irrigated|resuspension|dilution|suspension)\b(?:\W+\w+){0,5}?\W*$|"
    r"\b\d+(?:\.\d+)?\s*(?:ml|mL|cc|l|L)\s+(?:of\s+)?$")
_CARRIER_AFTER = re.compile(r"(?i)^[\s-]*(?:solution\s+)?(?:flush|lock|hydration|containing|with\s+\d)")
_CARRIER_SELF = re.compile(r"(?i)\b(?:buffered|balanced|hypertonic|hypotonic|heparini[sz]ed)\s+(?:saline|salt)|"
                           r"\bPBS\b|\bHanks")
_CONTROL_CUE = re.compile(
    r"(?i)\b(?:control|controls|placebo|sham|comparator|dummy|mock|inactive|matching|matched|identical|"
    r"indistinguishable)\b|\bsame\s+(?:volume|amount|dose|quantity)\b")
_SAME_VOLUME = re.compile(r"(?i)\bsame\s+(?:volume|amount|quantity)\s+of\s*(?:\w+\s+){0,2}$")
_VEHICLE_PRODUCT = re.compile(
    r"(?i)^[\s-]*(?:controlled|control|group|arm|cream|gel|ointment|foam|lotion|solution|spray|shampoo|patch|"
    r"vaginal|nasal|eye|drops|tablets?|capsules?|injection|formulation)\b")
_VEHICLE_OTHER = re.compile(r"(?i)\b(?:motor|moving|road|traffic|car|vehicles?\s+(?:accident|crash|collision)s?)\b")


@lru_cache(maxsize=4096)
@lru_cache(maxsize=4096)   # the design, dosing and enrollment rules ask about the same sentences in turn
def about_other_study(sentence: str) -> bool:
    """True when a sentence talks about other studies than the one described: a citation,
    'previous(ly)', 'published', 'trials have shown', 'the parent study', a plural 'trials'/'studies',
    a study to come ('will proceed with a larger study') or the study's former design ('began as')."""
    return bool(_OTHER_STUDY.search(sentence) or _CITATION.search(sentence))


def is_placebo_word(word: str) -> bool:
    """'placebo', 'Placebos', 'placbo', 'palcebo', 'plecebo' (one insertion, deletion, substitution
    or transposition): registry labels carry typos that should not hide a placebo arm."""
    w = word.lower()
    if w in ("placebo", "placebos"):
        return True
    if not 6 <= len(w) <= 8 or w[0] not in "pb":
        return False
    return OSA.distance(w, _PLACEBO, score_cutoff=1) <= 1


def _role(text: str, s0: int, s1: int, a: int, b: int, kind: str) -> str:
    sent = text[s0:s1]
    before = text[s0:a]
    after = text[b:s1]
    if _NEGATION_BEFORE.search(before[-60:]) or _NEGATION_AFTER.match(after):
        return "negated"
    if about_other_study(sent):
        return "other-study"
    if kind in ("placebo", "sham"):
        if _CONCEPT_AFTER.match(after):
            return "concept"
        if _RUNIN_AFTER.match(after):
            return "run-in"
        return "control"
    if kind == "saline":
        if _CARRIER_SELF.search(text[max(s0, a - 25):b + 10]):
            return "carrier"
        if _SAME_VOLUME.search(before[-60:]):
            return "control"
        if _CARRIER_BEFORE.search(before[-60:]) or _CARRIER_AFTER.match(after):
            return "carrier"
        if re.search(r"(?i)controlled$", text[a:b]) or _CONTROL_CUE.search(sent):
            return "control"
        return "unclear"
    # vehicle
    if _VEHICLE_OTHER.search(text[max(s0, a - 15):b + 25]):
        return "unclear"
    if _CARRIER_BEFORE.search(before[-60:]):
        return "carrier"
    if re.search(r"(?i)controlled$", text[a:b]) or _VEHICLE_PRODUCT.match(after) or \
            re.search(r"(?i)\b(?:matching|matched|identical)\s+$", before[-20:]):
        return "control"
    return "unclear"


def find_controls(text: str, fuzzy: bool = False) -> list[ControlMention]:
    """Every placebo/sham/saline/vehicle mention in text with its role, in text order. With
    fuzzy=True, one-edit misspellings of 'placebo' count too (use it on short labels and arm or
    intervention descriptions, where a typo is more likely than a real word)."""
    if not text:
        return []
    low = text.lower()
    if not any(w in low for w in _CHEAP) and not (fuzzy and _FUZZY_CHEAP.search(low)):
        return []
    out: list[ControlMention] = []
    for s0, s1 in sentence_spans(text):
        sent = text[s0:s1]
        hits: list[tuple[int, int, str]] = []
        for m in _TERMS.finditer(sent):
            hits.append((s0 + m.start(), s0 + m.end(), m.lastgroup or "placebo"))
        if fuzzy:
            for m in _WORD.finditer(sent):
                w = m.group(0)
                if w.lower() not in ("placebo", "placebos") and is_placebo_word(w):
                    hits.append((s0 + m.start(), s0 + m.end(), "placebo"))
        for a, b, kind in sorted(hits):
            out.append(ControlMention(kind=kind, text=text[a:b], span=(a, b), sentence_span=(s0, s1),
                                      role=_role(text, s0, s1, a, b, kind)))
    return out


# Words that may stand beside the control word in a label naming no other product.
_BACKGROUND = frozenset((
    "conventional", "standard", "usual", "care", "soc", "treatment", "treatments", "therapy", "therapies", "plus",
    "and", "with", "group", "arm", "cohort", "control", "controls", "matching", "matched", "comparator", "only",
    "alone", "oral", "tablet", "tablets", "capsule", "capsules", "pill", "pills", "injection", "injections",
    "infusion", "infusions", "administration", "the", "of", "a", "an", "in", "for", "to", "background", "best",
    "supportive", "medical", "management", "basic", "routine", "regular", "comprehensive", "dose", "doses",
    "solution", "procedure", "surgery", "intervention", "identical", "look", "alike", "dummy", "sham",
    "saline", "vehicle", "normal", "group", "patients", "participants", "subjects", "receiving", "receive", "given",
    "i", "ii", "iii", "iv", "b", "c", "d",
))


def placebo_only_label(label: str) -> str | None:
    """The placebo/sham word of an arm label that names nothing else but background care
    ('Placebo', 'Conventional plus placebo treatment', 'Sham procedure', 'Arm B: placebo'), else None
    ('Drug A + placebo', 'Placebo then Drug A', 'Former placebo' name another product or time)."""
    words = [w for w in re.findall(r"[A-Za-z]+|\d+", label)]
    control = None
    for w in words:
        lw = w.lower()
        if control is None and (is_placebo_word(w) or lw == "sham"):
            control = w
            continue
        if lw in _BACKGROUND or lw.isdigit() or lw in ("placebo", "placebos"):
            continue
        return None
    return control
