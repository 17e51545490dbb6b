"""Abbreviations a text defines: 'late asthmatic response (LAR)', 'VOD (veno-occlusive disease)'.

    find_abbreviations(text) -> dict[str, str]      {'LAR': 'late asthmatic response', ...}
    expand(text, abbreviations) -> str              each defined short form replaced by its long form

A short form counts only when its letters appear, in order, in the long form and its first letter
starts the long form's first word (the Schwartz & Hearst 2003 test, simplified), so 'patients (n = 20)'
or 'placebo (PBO)' with a loose long form are not read as definitions of something else.
"""
from __future__ import annotations

import re
from functools import lru_cache

_SHORT = r"[A-Za-z][A-Za-z0-9-]{0,8}[A-Za-z0-9]"
_LONG_THEN_SHORT = re.compile(rf"(?P<long>(?:[\w][\w'-]*\s+){{0,8}}[A-Za-z][\w'-]*)\s*\(\s*(?P<short>{_SHORT})\s*[;,)]")
_SHORT_THEN_LONG = re.compile(r"\b(?P<short>[A-Z][A-Za-z0-9-]{1,9})\s*\(\s*(?P<long>[A-Za-z][\w' -]{4,80}?)\s*\)")
_CAPS = re.compile(r"[A-Z][A-Z0-9-]+")
_SKIP_WORDS = frozenset("the a an of in on and or with for to at by as".split())


def _fits(short: str, words: list[str]) -> str | None:
    """The shortest tail of words whose letters spell short (first letter on a word start)."""
    letters = [c.lower() for c in short if c.isalpha()]
    if len(letters) < 2 or not any(c.isupper() for c in short):
        return None
    for k in range(1, min(len(words), len(letters) + 3) + 1):
        tail = words[-k:]
        if tail[0].lower() in _SKIP_WORDS or any(_CAPS.fullmatch(w) for w in tail):
            continue   # a long form holding another abbreviation ('FEV1 and exhaled nitric oxide') is not one
        long_ = " ".join(tail)
        if long_.lower()[0] != letters[0]:
            continue
        # letters in order, each found after the previous one
        pos, ok = 0, True
        low = long_.lower()
        for c in letters:
            pos = low.find(c, pos)
            if pos < 0:
                ok = False
                break
            pos += 1
        if ok and len(long_) > len(short):
            return long_
    return None


@lru_cache(maxsize=512)
def find_abbreviations(text: str) -> dict[str, str]:
    """Short form -> long form for every abbreviation the text defines (the first definition wins)."""
    out: dict[str, str] = {}
    for m in _LONG_THEN_SHORT.finditer(text):
        short = m.group("short")
        if short in out:
            continue
        long_ = _fits(short, m.group("long").split())
        if long_:
            out[short] = long_
    for m in _SHORT_THEN_LONG.finditer(text):
        short = m.group("short")
        if short in out or short.lower() in _SKIP_WORDS:
            continue
        words = m.group("long").split()
        long_ = _fits(short, words[:len(words)])
        if long_ and long_ == " ".join(words):
            out[short] = long_
    return out


def expand(text: str, abbreviations: dict[str, str]) -> str:
    """text with each defined short form, as a whole word, replaced by its long form (so both sides of a
    comparison count the same words)."""
    if not abbreviations:
        return text
    keys = sorted(abbreviations, key=lambda k: (-len(k), k))
    pat = re.compile(r"(?<![\w-])(" + "|".join(re.escape(k) for k in keys) + r")(?![\w-])")
    return pat.sub(lambda m: abbreviations[m.group(1)], text)


# Outcome abbreviations so common that registries and papers use them undefined; a text's own
# definition wins over these.
COMMON: dict[str, str] = {
    "OS": "overall survival", "PFS": "progression-free survival", "DFS": "disease-free survival",
    "EFS": "event-free survival", "RFS": "relapse-free survival", "TTP": "time to progression",
    "ORR": "objective response rate", "AE": "adverse events", "AEs": "adverse events", "SAE": "serious adverse events",
    "SAEs": "serious adverse events", "TEAE": "treatment-emergent adverse events",
    "TEAEs": "treatment-emergent adverse events", "QoL": "quality of life", "HRQoL": "health-related quality of life",
    "HRQOL": "health-related quality of life", "QOL": "quality of life", "BMI": "body mass index",
    "BP": "blood pressure", "SBP": "systolic blood pressure", "DBP": "diastolic blood pressure",
    "MI": "myocardial infarction", "MACE": "major adverse cardiovascular events", "LOS": "length of stay",
    "PONV": "postoperative nausea and vomiting", "DVT": "deep vein thrombosis", "VTE": "venous thromboembolism",
    "6MWD": "six-minute walk distance", "6MWT": "six-minute walk test", "LVEF": "left ventricular ejection fraction",
    "eGFR": "estimated glomerular filtration rate", "FEV1": "forced expiratory volume in 1 second",
    "pCR": "pathological complete response", "DLT": "dose-limiting toxicity", "DLTs": "dose-limiting toxicities",
    "MTD": "maximum tolerated dose", "ICU": "intensive care unit",
}
