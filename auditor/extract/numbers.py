"""Numbers written as words or digits: 'three' -> 3, 'twenty-five' -> 25, '1,200' -> 1200,
and multiplicative adverbs: 'once' -> 1, 'twice' -> 2, 'three times' -> 3.

The regex sources (NUMBER, TIMES) are meant to be embedded in other extractors' patterns;
parse the matched text back with to_int() / times_count().
"""
from __future__ import annotations

import re

_UNITS = {"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
          "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
          "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
         "ninety": 90}
_ADVERBS = {"once": 1, "twice": 2, "thrice": 3}

_UNIT_ALT = "|".join(sorted(_UNITS, key=len, reverse=True))
_TENS_ALT = "|".join(_TENS)
_ONES_ALT = "one|two|three|four|five|six|seven|eight|nine"

# A number as words: 'three', 'twenty', 'twenty-five', 'twenty five', 'one hundred', 'two hundred and fifty'.
WORD_NUMBER = (rf"(?:(?:{_UNIT_ALT}|a)\s+hundred(?:\s+(?:and\s+)?(?:(?:{_TENS_ALT})(?:[\s-](?:{_ONES_ALT}))?|{_UNIT_ALT}))?"
               rf"|(?:{_TENS_ALT})(?:[\s-](?:{_ONES_ALT}))?|{_UNIT_ALT})")
# A number as digits ('70', '1,200', '1 200' is not accepted: too easily two numbers) or as words.
NUMBER = rf"(?:\d{{1,3}}(?:,\d{{3}})+|\d+(?:\.\d+)?|{WORD_NUMBER})"
# How many times: 'once', 'twice', 'thrice', 'three times', '3 times', '3x'.
TIMES = rf"(?:once|twice|thrice|(?<![\d.,])(?:{NUMBER})\s*(?:times\b|x\b(?!\s*\d)))"

_WORD_RE = re.compile(rf"(?i)^{WORD_NUMBER}$")
_TIMES_RE = re.compile(rf"(?i)^(?:(once|twice|thrice)|({NUMBER})\s*(?:times|x))$")


def to_number(text: str) -> float | None:
    """'3' -> 3.0, '1,200' -> 1200.0, '2.5' -> 2.5, 'three' -> 3.0, 'Twenty-Five' -> 25.0, else None."""
    t = text.strip().lower()
    if not t:
        return None
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?", t):
        return float(t.replace(",", ""))
    if not _WORD_RE.match(t):
        return None
    total = 0
    parts = re.split(r"[\s-]+", t)
    for p in parts:
        if p == "and":
            continue
        if p == "hundred":
            total = max(total, 1) * 100
        elif p == "a":
            total += 1
        elif p in _UNITS:
            total += _UNITS[p]
        elif p in _TENS:
            total += _TENS[p]
        else:
            return None
    return float(total)


def to_int(text: str) -> int | None:
    """Like to_number, for whole numbers only: '3' -> 3, 'three' -> 3, '2.5' -> None."""
    n = to_number(text)
    if n is None or n != int(n):
        return None
    return int(n)


def times_count(text: str) -> int | None:
    """'once' -> 1, 'twice' -> 2, 'three times' -> 3, '3 times' -> 3, '3x' -> 3, else None."""
    m = _TIMES_RE.match(text.strip())
    if not m:
        return None
    if m.group(1):
        return _ADVERBS[m.group(1).lower()]
    return to_int(m.group(2))
