"""ClinicalTrials.gov API v2 vocabulary and the normalizers that map display text onto it.

The enumerations are those of the official OpenAPI spec (ctg-oas-v2.yaml); a test
checks they still match it. Readers call these functions; they never judge a value:
text that maps to no enum value is returned as None and kept raw for the schema checks.
"""
from __future__ import annotations

import re
from datetime import date

from .model import Age, DateValue

ENUMS: dict[str, tuple[str, ...]] = {
    "Status": ("ACTIVE_NOT_RECRUITING", "COMPLETED", "ENROLLING_BY_INVITATION", "NOT_YET_RECRUITING",
               "RECRUITING", "SUSPENDED", "TERMINATED", "WITHDRAWN", "AVAILABLE", "NO_LONGER_AVAILABLE",
               "TEMPORARILY_NOT_AVAILABLE", "APPROVED_FOR_MARKETING", "WITHHELD", "UNKNOWN"),
    "RecruitmentStatus": ("ACTIVE_NOT_RECRUITING", "COMPLETED", "ENROLLING_BY_INVITATION", "NOT_YET_RECRUITING",
                          "RECRUITING", "SUSPENDED", "TERMINATED", "WITHDRAWN", "AVAILABLE"),
    "StudyType": ("EXPANDED_ACCESS", "INTERVENTIONAL", "OBSERVATIONAL"),
    "Phase": ("NA", "EARLY_PHASE1", "PHASE1", "PHASE2", "PHASE3", "PHASE4"),
    "Sex": ("FEMALE", "MALE", "ALL"),
    "DateType": ("ACTUAL", "ESTIMATED"),
    "EnrollmentType": ("ACTUAL", "ESTIMATED"),
    "DesignAllocation": ("RANDOMIZED", "NON_RANDOMIZED", "NA"),
    "InterventionalAssignment": ("SINGLE_GROUP", "PARALLEL", "CROSSOVER", "FACTORIAL", "SEQUENTIAL"),
    "PrimaryPurpose": ("TREATMENT", "PREVENTION", "DIAGNOSTIC", "ECT", "SUPPORTIVE_CARE", "SCREENING",
                       "HEALTH_SERVICES_RESEARCH", "BASIC_SCIENCE", "DEVICE_FEASIBILITY", "OTHER"),
    "DesignMasking": ("NONE", "SINGLE", "DOUBLE", "TRIPLE", "QUADRUPLE"),
    "WhoMasked": ("PARTICIPANT", "CARE_PROVIDER", "INVESTIGATOR", "OUTCOMES_ASSESSOR"),
    "ArmGroupType": ("EXPERIMENTAL", "ACTIVE_COMPARATOR", "PLACEBO_COMPARATOR", "SHAM_COMPARATOR",
                     "NO_INTERVENTION", "OTHER"),
    "InterventionType": ("BEHAVIORAL", "BIOLOGICAL", "COMBINATION_PRODUCT", "DEVICE", "DIAGNOSTIC_TEST",
                         "DIETARY_SUPPLEMENT", "DRUG", "GENETIC", "PROCEDURE", "RADIATION", "OTHER"),
    "OfficialRole": ("STUDY_CHAIR", "STUDY_DIRECTOR", "PRINCIPAL_INVESTIGATOR", "SUB_INVESTIGATOR"),
}

# Display strings of the legacy XML, the classic API and the web pages that do not
# upper-snake into the v2 value.
_SYNONYMS: dict[str, dict[str, str]] = {
    "Status": {"UNKNOWN_STATUS": "UNKNOWN", "ACTIVE,_NOT_RECRUITING": "ACTIVE_NOT_RECRUITING",
               "ACTIVE_NOT_RECRUITING": "ACTIVE_NOT_RECRUITING", "NO_LONGER_RECRUITING": "ACTIVE_NOT_RECRUITING",
               "TEMPORARILY_NOT_AVAILABLE": "TEMPORARILY_NOT_AVAILABLE", "AVAILABLE_FOR_EXPANDED_ACCESS": "AVAILABLE"},
    "Sex": {"BOTH": "ALL", "ALL_SEXES": "ALL", "FEMALES": "FEMALE", "MALES": "MALE"},
    "DesignAllocation": {"NON-RANDOMIZED": "NON_RANDOMIZED", "NONRANDOMIZED": "NON_RANDOMIZED",
                         "N/A": "NA", "RANDOMISED": "RANDOMIZED", "NON_RANDOMISED": "NON_RANDOMIZED"},
    "InterventionalAssignment": {"SINGLE_GROUP_ASSIGNMENT": "SINGLE_GROUP", "PARALLEL_ASSIGNMENT": "PARALLEL",
                                 "CROSSOVER_ASSIGNMENT": "CROSSOVER", "FACTORIAL_ASSIGNMENT": "FACTORIAL",
                                 "SEQUENTIAL_ASSIGNMENT": "SEQUENTIAL"},
    "PrimaryPurpose": {"EDUCATIONAL/COUNSELING/TRAINING": "ECT", "EDUCATIONAL_COUNSELING_TRAINING": "ECT"},
    "DesignMasking": {"NONE_(OPEN_LABEL)": "NONE", "OPEN_LABEL": "NONE", "OPEN": "NONE"},
    "WhoMasked": {"OUTCOMES_ASSESSOR": "OUTCOMES_ASSESSOR", "OUTCOME_ASSESSOR": "OUTCOMES_ASSESSOR",
                  "SUBJECT": "PARTICIPANT", "CAREGIVER": "CARE_PROVIDER"},
    "DateType": {"ANTICIPATED": "ESTIMATED", "ESTIMATE": "ESTIMATED"},
    "EnrollmentType": {"ANTICIPATED": "ESTIMATED", "ESTIMATE": "ESTIMATED"},
    "InterventionType": {"GENETIC_": "GENETIC", "DIAGNOSTIC TEST": "DIAGNOSTIC_TEST"},
    "StudyType": {"EXPANDED_ACCESS": "EXPANDED_ACCESS", "OBSERVATIONAL_[PATIENT_REGISTRY]": "OBSERVATIONAL"},
}


def _snake(text: str) -> str:
    return re.sub(r"[\s\-]+", "_", text.strip()).upper()


def enum_value(kind: str, text: str | None) -> str | None:
    """Map display text ('Placebo Comparator', 'PLACEBO_COMPARATOR', 'placebo comparator') to the v2 enum."""
    if text is None:
        return None
    t = text.strip()
    if not t:
        return None
    s = _snake(t)
    values = ENUMS[kind]
    if s in values:
        return s
    syn = _SYNONYMS.get(kind, {})
    if s in syn:
        return syn[s]
    if t.upper() in syn:
        return syn[t.upper()]
    s2 = re.sub(r"[^A-Z0-9_]", "", s)
    if s2 in values:
        return s2
    return syn.get(s2)


_ROMAN = {"I": "1", "II": "2", "III": "3", "IV": "4", "Ⅰ": "1", "Ⅱ": "2", "Ⅲ": "3", "Ⅳ": "4"}
_PHASE_TOKEN = re.compile(
    r"(?i)(early\s*phase\s*(?:1|i)\b)|(n/?a\b|not\s+applicable)|\b(?:phase)?\s*(IV|III|II|I|Ⅳ|Ⅲ|Ⅱ|Ⅰ|[0-4])(?![0-9])")


def parse_phases(text: str | None) -> list[str] | None:
    """'Phase 1/Phase 2', 'PHASE1/PHASE2', 'Phase I/II', 'Phase Ⅰ/Ⅱ', 'Phase 1, Phase 2' -> ['PHASE1', 'PHASE2'].

    Returns None when the text holds no phase at all."""
    if text is None:
        return None
    t = text.strip()
    if not t:
        return None
    up = t.upper().replace("_", "")
    if re.fullmatch(r"(?:PHASE\s*)?(?:NA|N/A|NOT APPLICABLE)", up):
        return ["NA"]
    out: list[str] = []
    if re.search(r"EARLY\s*PHASE\s*(?:1|I)\b", up):
        out.append("EARLY_PHASE1")
        up = re.sub(r"EARLY\s*PHASE\s*(?:1|I)\b", " ", up)
    body = re.sub(r"PHASE", " ", up)
    for tok in re.findall(r"IV|III|II|I|Ⅳ|Ⅲ|Ⅱ|Ⅰ|[0-4]", body):
        n = _ROMAN.get(tok, tok)
        if n == "0":
            # 'Phase 0' is registered as Early Phase 1 on ClinicalTrials.gov.
            p = "EARLY_PHASE1"
        else:
            p = f"PHASE{n}"
        if p not in out:
            out.append(p)
    if not out:
        return None
    order = ENUMS["Phase"]
    return sorted(out, key=order.index)


def phase_label(phases: list[str] | None) -> str:
    """['PHASE1', 'PHASE2'] -> 'Phase 1/Phase 2' (for messages)."""
    if not phases:
        return "none"
    names = {"NA": "N/A", "EARLY_PHASE1": "Early Phase 1"}
    return "/".join(names.get(p, p.replace("PHASE", "Phase ")) for p in phases)


_AGE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(years?|months?|weeks?|days?|hours?|minutes?)\s*(?:old)?\s*$", re.I)
_PER_YEAR = {"year": 1.0, "month": 12.0, "week": 52.1775, "day": 365.25, "hour": 8766.0, "minute": 525960.0}


def age_in_years(number: float, unit: str) -> float:
    u = unit.lower().rstrip("s")
    return number / _PER_YEAR[u]


def parse_age(text: str | None) -> Age | None:
    """'18 Years', '6 Months', '21 years old' -> Age. 'N/A', 'None' and '' -> None."""
    if not text:
        return None
    m = _AGE.match(text)
    if not m:
        return None
    num = float(m.group(1))
    unit = m.group(2).lower()
    base = unit.rstrip("s")
    return Age(number=num, unit=base + "s", years=age_in_years(num, base))


_MONTHS = {m: i for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
     "november", "december"], start=1)}
_MONTHS.update({k[:3]: v for k, v in list(_MONTHS.items())})
_MONTHS["sept"] = 9


def parse_date(text: str | None, type_hint: str | None = None) -> DateValue | None:
    """Registry date text at any precision: '2018-08-18', '2019-05', 'March 2009', 'October 8, 2010',
    'March 2014 (Anticipated)', '8 Oct 2010'. The type comes from a '(Actual)'/'(Anticipated)'
    suffix or from type_hint."""
    if not text:
        return None
    t = text.strip()
    dtype = type_hint
    m = re.search(r"\(\s*(actual|anticipated|estimated|estimate)\s*\)", t, re.I)
    if m:
        dtype = "ACTUAL" if m.group(1).lower() == "actual" else "ESTIMATED"
    t = re.sub(r"\(.*?\)", "", t).strip().rstrip(".")
    if dtype is not None:
        dtype = enum_value("DateType", dtype)
    m = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", t)
    if m:
        return _mk(int(m.group(1)), int(m.group(2)), int(m.group(3)), dtype)
    m = re.fullmatch(r"(\d{4})-(\d{1,2})", t)
    if m:
        return _mk(int(m.group(1)), int(m.group(2)), None, dtype)
    m = re.fullmatch(r"(\d{4})", t)
    if m:
        return DateValue(iso=m.group(1), precision="year", type=dtype)
    m = re.fullmatch(r"([A-Za-z]+)\.?\s+(\d{1,2}),?\s+(\d{4})", t)
    if m and m.group(1).lower() in _MONTHS:
        return _mk(int(m.group(3)), _MONTHS[m.group(1).lower()], int(m.group(2)), dtype)
    m = re.fullmatch(r"(\d{1,2})\s+([A-Za-z]+)\.?,?\s+(\d{4})", t)
    if m and m.group(2).lower() in _MONTHS:
        return _mk(int(m.group(3)), _MONTHS[m.group(2).lower()], int(m.group(1)), dtype)
    m = re.fullmatch(r"([A-Za-z]+)\.?,?\s+(\d{4})", t)
    if m and m.group(1).lower() in _MONTHS:
        return _mk(int(m.group(2)), _MONTHS[m.group(1).lower()], None, dtype)
    return None


def _mk(y: int, mo: int, d: int | None, dtype: str | None) -> DateValue | None:
    try:
        date(y, mo, d or 1)
    except ValueError:
        return None
    if d is None:
        return DateValue(iso=f"{y:04d}-{mo:02d}", precision="month", type=dtype)
    return DateValue(iso=f"{y:04d}-{mo:02d}-{d:02d}", precision="day", type=dtype)


def date_bounds(d: DateValue) -> tuple[date, date]:
    """The first and last calendar day a date at its precision can mean."""
    parts = [int(p) for p in d.iso.split("-")]
    if d.precision == "year":
        return date(parts[0], 1, 1), date(parts[0], 12, 31)
    if d.precision == "month":
        y, m = parts
        nxt = date(y + (m == 12), m % 12 + 1, 1)
        return date(y, m, 1), date.fromordinal(nxt.toordinal() - 1)
    d0 = date(*parts)
    return d0, d0


_MASK_WHO = {"participant": "PARTICIPANT", "subject": "PARTICIPANT", "care provider": "CARE_PROVIDER",
             "caregiver": "CARE_PROVIDER", "investigator": "INVESTIGATOR", "outcomes assessor": "OUTCOMES_ASSESSOR",
             "outcome assessor": "OUTCOMES_ASSESSOR"}


def parse_masking(text: str | None) -> tuple[str | None, list[str]]:
    """'Double (Participant, Investigator)' -> ('DOUBLE', ['PARTICIPANT', 'INVESTIGATOR']);
    'None (Open Label)' -> ('NONE', []); 'ParticipantCare Provider' -> (None, ['PARTICIPANT', 'CARE_PROVIDER'])."""
    if not text:
        return None, []
    t = text.strip()
    head = re.split(r"[\s(:]", t, 1)[0]
    level = enum_value("DesignMasking", head) if head else None
    if re.match(r"(?i)\s*(none|open[\s-]*label)", t):
        level = "NONE"
    low = t.lower()
    who = []
    for word, v in _MASK_WHO.items():
        if word in low and v not in who:
            who.append(v)
    who.sort(key=ENUMS["WhoMasked"].index)
    if level == "NONE":
        who = []
    return level, who


def parse_bool(text: str | None) -> bool | None:
    if text is None:
        return None
    t = text.strip().lower()
    if t in {"yes", "true", "accepts healthy volunteers", "y"}:
        return True
    if t in {"no", "false", "n", "does not accept healthy volunteers", "no healthy volunteers"}:
        return False
    return None


_INT = re.compile(r"^\s*(\d[\d,]*)\b")


def parse_int(text: str | None) -> int | None:
    if text is None:
        return None
    m = _INT.match(str(text))
    if not m:
        return None
    digits = m.group(1).replace(",", "")
    # A count too large for a 64-bit column is not a count: left as text for the schema checks.
    return int(digits) if len(digits) <= 18 else None


REGISTRY_ID_PATTERNS: dict[str, str] = {
    "NCT": r"(?<!\d)NCT\s?0\d{7}(?!\d)",
    "ISRCTN": r"\bISRCTN\s?\d{8}\b",
    "ChiCTR": r"\bChiCTR(?:-[A-Z]{2,4})?-?\d{6,12}\b",
    "EudraCT": r"\b(?:EudraCT[\s:No.]*)?\d{4}-\d{6}-\d{2}\b",
    "CTIS": r"\b\d{4}-5\d{5}-\d{2}-\d{2}\b",
    "CTRI": r"\bCTRI/\d{4}/\d{2,3}/\d{6}\b",
    "ACTRN": r"\bACTRN\s?\d{14}\b",
    "DRKS": r"\bDRKS\d{8}\b",
    "JPRN": r"\b(?:JPRN-)?(?:UMIN|jRCT|JapicCTI-?|JMA-IIA)\w*\d{6,}\b",
    "NTR": r"\bNTR\s?\d{3,5}\b",
    "IRCT": r"\bIRCT\d{8,}N\d+\b",
    "KCT": r"\bKCT\d{7}\b",
    "PACTR": r"\bPACTR\d{15}\b",
    "TCTR": r"\bTCTR\d{11}\b",
    "SLCTR": r"\bSLCTR/\d{4}/\d{3}\b",
    "RBR": r"\bRBR-\w{6,8}\b",
}
REGISTRY_ID_RE = re.compile("|".join(f"(?P<{k}>{v})" for k, v in REGISTRY_ID_PATTERNS.items()))


def find_registry_ids(text: str) -> list[tuple[str, str, int]]:
    """Every registry id in text: (registry, normalized id, offset)."""
    out = []
    for m in REGISTRY_ID_RE.finditer(text):
        reg = m.lastgroup
        raw = m.group(0)
        norm = re.sub(r"\s+", "", raw)
        if reg == "EudraCT":
            norm = re.sub(r"(?i)^EudraCT[:No.]*", "", norm)
        out.append((reg, norm, m.start()))
    return out
