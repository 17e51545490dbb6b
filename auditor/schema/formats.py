"""Registry formats the schema checks test values against: identifiers, dates, ages, text lengths.

Pure functions on strings and Series, no pandera: models.py turns them into checks."""
from __future__ import annotations

import datetime as dt
import re

import pandas as pd

from ..vocab import parse_age

# [0-9], not \d: an id written with other digits (Arabic-Indic, full-width) is not a registry id.
NCT_ID = re.compile(r"NCT[0-9]{8}")

# Registry -> (what starts an id of that registry, the full form, the form in words).
# A secondary id is only tested when it starts like one of these ids; sponsor codes are free text.
REGISTRY_FORMS: dict[str, tuple[re.Pattern, re.Pattern, str]] = {
    name: (re.compile(start, re.I | re.A), re.compile(full, re.I | re.A), words) for name, (start, full, words) in {
        "NCT": (r"NCT[\s:-]*\d", r"NCT\d{8}", "NCT followed by 8 digits"),
        "ISRCTN": (r"ISRCTN[\s:-]*\d", r"ISRCTN\d{8}", "ISRCTN followed by 8 digits"),
        "ACTRN": (r"ACTRN[\s:-]*\d", r"ACTRN\d{14}", "ACTRN followed by 14 digits"),
        "DRKS": (r"DRKS[\s:-]*\d", r"DRKS\d{8}", "DRKS followed by 8 digits"),
        "ChiCTR": (r"ChiCTR[\s:-]*[A-Z\d]", r"ChiCTR(?:-[A-Z]{2,4}-)?\d{6,12}",
                   "ChiCTR, an optional type code such as -TRC-, and 6 to 12 digits"),
        "CTRI": (r"CTRI[\s:/-]*\d", r"CTRI/\d{4}/\d{2,3}/\d{6}", "CTRI/yyyy/nnn/nnnnnn"),
        "EudraCT": (r"EudraCT\b[^\d]{0,12}\d", r"EudraCT\b[^\d]{0,12}\d{4}-\d{6}-\d{2}", "yyyy-nnnnnn-nn"),
        "KCT": (r"KCT[\s:-]*\d", r"KCT\d{7}", "KCT followed by 7 digits"),
        "PACTR": (r"PACTR[\s:-]*\d", r"PACTR\d{15}", "PACTR followed by 15 digits"),
        "TCTR": (r"TCTR[\s:-]*\d", r"TCTR\d{11}", "TCTR followed by 11 digits"),
        "IRCT": (r"IRCT[\s:-]*\d", r"IRCT\d{8,}N\d+", "IRCT, digits, N and a serial number"),
        "UMIN": (r"UMIN[\s:-]*\d", r"UMIN\d{9}", "UMIN followed by 9 digits"),
    }.items()}
_SPACES = re.compile(r"\s+")


def registry_of(text: str) -> str | None:
    """The registry a secondary id claims to be from, by how it starts; None for other codes."""
    t = text.strip()
    for name, (start, _full, _words) in REGISTRY_FORMS.items():
        if start.match(t):
            return name
    return None


def registry_id_ok(text: str) -> bool:
    """True unless the text starts like a registry's id but does not have that registry's form."""
    reg = registry_of(text)
    if reg is None:
        return True
    t = text.strip() if reg == "EudraCT" else _SPACES.sub("", text)
    return REGISTRY_FORMS[reg][1].fullmatch(t) is not None


ISO_DATE = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")


def iso_date_ok(text: str) -> bool:
    """A year, year-month or full date in ISO form that exists on the calendar (not 2023-02-30)."""
    m = ISO_DATE.fullmatch(text)
    if m is None:
        return False
    y, mo, d = m.group(1), m.group(2), m.group(3)
    try:
        dt.date(int(y), int(mo or 1), int(d or 1))
    except ValueError:
        return False
    return True
_NO_AGE = re.compile(r"(?i)\s*(?:n/?a|none|not applicable|no limit)?\s*")


def age_text_ok(text: str) -> bool:
    """'18 Years', '6 Months', 'N/A' and 'None' are ages as the registry writes them."""
    return _NO_AGE.fullmatch(text) is not None or parse_age(text) is not None


def char_count(s: pd.Series) -> pd.Series:
    """Characters as the registry counts them, leniently: runs of white space (line breaks and the
    indentation the XML export adds) count as one."""
    return s.str.replace(r"\s+", " ", regex=True).str.strip().str.len()


def within_chars(s: pd.Series, limit: int) -> pd.Series:
    """char_count(s) <= limit; only texts longer than the limit as written need counting."""
    ok = s.str.len() <= limit
    long = ~ok.fillna(True).astype(bool)
    if long.any():
        ok[long] = char_count(s[long]) <= limit
    return ok
