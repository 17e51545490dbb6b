"""Single values of registry page renderings: labelled ('Label' / value, 'Label: value') and, where a
page drops its labels, recognised by value shape inside a known section.

Shape inference is kept conservative: inside 'Basic Information' a Status word is the status, a
phase is the phase, 'N participants' the enrollment, INTERVENTIONAL/OBSERVATIONAL the study type,
and two dates are start then completion; inside the design section the enum words of allocation,
model, purpose and masking; inside eligibility two age lines are the minimum then the maximum."""
from __future__ import annotations

import re

from .. import vocab
from ..extract.criteria import split_criteria, text_locator
from ..model import Trial
from .text_common import Doc, norm_label, unescape
from .text_registry_lists import Body, is_label
from .text_registry_segment import Section
from .text_registry_vocab import (
    AGE_LINE, AGE_MAX_ONLY, AGE_MIN_ONLY, AGE_RANGE, ENROLLMENT_SHAPE, HV_IN_LINE, LABELS, SEX_IN_LINE, YES_NO,
    phases_of,
)

_INLINE = re.compile(r"^(?P<l>[^:]{2,60}?)\s*:\s*(?P<v>\S.*)$")
_NCT = re.compile(r"(?i)^NCT\d{8}$")
_MID_MARK = re.compile(r"(?i)(?<=\S)\s+(?=(?:key\s+)?exclusion\s+criteria\s*:)")
_CRITERIA_LABELS = frozenset({"eligibility criteria", "criteria", "eligibility"})
_SEX_WORDS = frozenset({"ALL", "MALE", "FEMALE", "ALL SEXES", "BOTH", "MALES", "FEMALES"})
_HAS_UNIT = re.compile(r"(?i)[a-z]")

_ENUM = {"status": ("overall_status", "Status"), "study_type": ("study_type", "StudyType"),
         "allocation": ("allocation", "DesignAllocation"), "model": ("intervention_model", "InterventionalAssignment"),
         "purpose": ("primary_purpose", "PrimaryPurpose"), "sex": ("sex", "Sex")}
_DATES = {"start": "start_date", "primary_completion": "primary_completion_date", "completion": "completion_date",
          "first_posted": "first_posted", "last_update": "last_update_posted", "first_submitted": "first_submitted",
          "verified": "status_verified"}
_TEXT = {"brief_title": "brief_title", "official_title": "official_title", "acronym": "acronym",
         "lead_sponsor": "lead_sponsor", "why_stopped": "why_stopped"}
_AGES = {"min_age": "min_age", "max_age": "max_age"}


def scan_labels(sec: Section, reserved: set[int]) -> list[tuple[str, str, int, str, int | None]]:
    """(key, label, line, raw value, column) of the labelled single values in a section; their lines
    are marked consumed. A label whose next line is another label has no value."""
    out = []
    body = [(n, s) for n, s in sec.body if n not in reserved]
    i = 0
    while i < len(body):
        n, s = body[i]
        label = norm_label(s) if len(s) <= 80 else ""
        key = LABELS.get(label)
        if key is not None:
            sec.consumed.add(n)
            if i + 1 < len(body) and not is_label(body[i + 1][1]) and _plausible(key, body[i + 1][1]):
                vn, vs = body[i + 1]
                sec.consumed.add(vn)
                out.append((key, label, vn, vs, None))
                i += 2
                continue
            i += 1
            continue
        m = _INLINE.match(s)
        if m and (key := LABELS.get(norm_label(m.group("l")))) is not None:
            sec.consumed.add(n)
            out.append((key, norm_label(m.group("l")), n, m.group("v").strip(), m.start("v") + 1))
        i += 1
    return out


def _plausible(key: str, raw: str) -> bool:
    """Whether the line under a label can be its value. An enum field's value is a known word or
    at least a short word group: a list ('Liver Failure, Mesenchymal Stem Cells' under 'Primary
    Purpose') means the page printed the label without its value."""
    if key not in _ENUM and key != "phase":
        return True
    v = unescape(raw).strip()
    if key == "phase":
        return vocab.parse_phases(v) is not None or (len(v.split()) <= 3 and "," not in v)
    kind = _ENUM[key][1]
    if kind == "Sex" and SEX_IN_LINE.fullmatch(v):
        return True
    return vocab.enum_value(kind, v) is not None or (len(v.split()) <= 4 and "," not in v)


def apply_label(doc: Doc, t: Trial, key: str, label: str, n: int, raw: str, col: int | None) -> None:
    """Set one labelled value on the trial; the first value of a field in a rendering wins."""
    v = unescape(raw).strip()
    lead = len(doc.lines[n - 1]) - len(doc.lines[n - 1].lstrip())
    col = col if col is not None else lead + 1
    if key in _ENUM:
        attr, kind = _ENUM[key]
        _set(t, attr, doc.field(vocab.enum_value(kind, v), raw, n, col))
    elif key in _DATES:
        hint = "ACTUAL" if label.startswith("actual") else "ESTIMATED" if label.startswith("estimated") else None
        _set(t, _DATES[key], doc.field(vocab.parse_date(v, hint), raw, n, col))
    elif key in _TEXT:
        _set(t, _TEXT[key], doc.field(v, raw, n, col))
    elif key in _AGES:
        _set(t, _AGES[key], doc.field(vocab.parse_age(v), raw, n, col))
    elif key == "phase":
        _set(t, "phases", doc.field(vocab.parse_phases(v), raw, n, col))
    elif key == "hv":
        _set(t, "healthy_volunteers", doc.field(vocab.parse_bool(v), raw, n, col))
    elif key == "enrollment":
        _enrollment(doc, t, label, n, raw, col)
    elif key == "masking" and t.masking is None:
        level, who = vocab.parse_masking(v)
        t.masking = doc.field(level, raw, n, col)
        if who:
            t.who_masked = doc.field(who, raw, n, col)
    elif key == "ages":
        age_range(doc, t, n, raw)
    elif key in ("nct", "protocol_id"):
        if _NCT.match(v):
            _set(t, "nct_id", doc.field(v.upper(), raw, n, col))
        elif key == "protocol_id":
            _set(t, "org_study_id", doc.field(v, raw, n, col))


def _set(t: Trial, attr: str, f) -> None:
    """First value wins, except that a value the vocabulary could not read ('-  Female' under a 'Sex:'
    sub-heading inside the criteria) gives way to a readable one."""
    cur = getattr(t, attr)
    if cur is None or (cur.value is None and f is not None and f.value is not None and cur.raw.strip().upper() != "N/A"):
        setattr(t, attr, f)


def _enrollment(doc: Doc, t: Trial, label: str, n: int, raw: str, col: int | None) -> None:
    if t.enrollment is not None:
        return
    t.enrollment = doc.field(vocab.parse_int(unescape(raw)), raw, n, col)
    m = ENROLLMENT_SHAPE.match(raw.strip())
    if m and m.group("type"):
        typ = m.group("type")
        t.enrollment_type = doc.field(vocab.enum_value("EnrollmentType", typ), typ, n)
    elif label.startswith(("actual", "estimated")) or label.endswith(("(actual)", "(estimated)")):
        typ = "ACTUAL" if "actual" in label else "ESTIMATED"
        t.enrollment_type = doc.field(typ, doc.lines[n - 1].strip(), n)


def age_range(doc: Doc, t: Trial, n: int, raw: str) -> None:
    """'18 Years - 70 Years ...', '20 to 70 years old', '18 Years and older', 'up to 65 Years'."""
    m = AGE_RANGE.search(raw)
    if m:
        unit_a = m.group("ua") or m.group("ub")
        raw_a = raw[m.start("a"):m.end("ua")] if m.group("ua") else m.group(0)
        _set(t, "min_age", doc.field(vocab.parse_age(f"{m.group('a')} {unit_a}"), raw_a, n))
        raw_b = raw[m.start("b"):m.end("ub")]
        _set(t, "max_age", doc.field(vocab.parse_age(f"{m.group('b')} {m.group('ub')}"), raw_b, n))
        return
    m = AGE_MIN_ONLY.search(raw)
    if m:
        num, unit = (m.group("a"), m.group("ua")) if m.group("a") else (m.group("a2"), m.group("ua2"))
        _set(t, "min_age", doc.field(vocab.parse_age(f"{num} {unit}"), m.group(0), n))
    m = AGE_MAX_ONLY.search(raw)
    if m:
        _set(t, "max_age", doc.field(vocab.parse_age(f"{m.group('b')} {m.group('ub')}"), m.group(0), n))


def infer_basic(doc: Doc, t: Trial, body: Body) -> None:
    """Unlabelled values of a status/overview block, by shape."""
    dates = []
    for n, s in body:
        v = unescape(s)
        if t.overall_status is None and (st := vocab.enum_value("Status", v)) and not any(c.isdigit() for c in v):
            t.overall_status = doc.field(st, s, n)
        elif t.phases is None and (ph := phases_of(v)):
            t.phases = doc.field(ph, s, n)
        elif t.enrollment is None and ENROLLMENT_SHAPE.match(v) and _HAS_UNIT.search(v):
            _enrollment(doc, t, "", n, s, None)
        elif t.study_type is None and (st := vocab.enum_value("StudyType", v)):
            t.study_type = doc.field(st, s, n)
        elif (d := vocab.parse_date(v)) is not None:
            dates.append((n, s, d))
    if len(dates) in (2, 3):
        attrs = ["start_date", "completion_date"] if len(dates) == 2 else \
            ["start_date", "primary_completion_date", "completion_date"]
        for attr, (n, s, d) in zip(attrs, dates):
            _set(t, attr, doc.field(d, s, n))


def infer_design(doc: Doc, t: Trial, body: Body) -> None:
    """Unlabelled design values by their enum words; other sentences are design notes."""
    for n, s in body:
        v = unescape(s)
        if t.allocation is None and (x := vocab.enum_value("DesignAllocation", v)):
            t.allocation = doc.field(x, s, n)
        elif t.intervention_model is None and (x := vocab.enum_value("InterventionalAssignment", v)):
            t.intervention_model = doc.field(x, s, n)
        elif t.primary_purpose is None and (x := vocab.enum_value("PrimaryPurpose", v)):
            t.primary_purpose = doc.field(x, s, n)
        elif t.masking is None and (x := vocab.enum_value("DesignMasking", v.split("(")[0])):
            level, who = vocab.parse_masking(v)
            t.masking = doc.field(level or x, s, n)
            if who:
                t.who_masked = doc.field(who, s, n)
        elif len(v.split()) >= 4:
            t.design_notes.append(doc.field(v, s, n))


def _value_shape(s: str) -> bool:
    return bool(AGE_LINE.match(s) or s.strip().upper() == "N/A" or s.upper() in _SEX_WORDS or YES_NO.match(s))


def _composite(s: str) -> bool:
    """The one-line eligibility summary: '18 Years - 70 Years (Adult, Older Adult)All Sexes...'."""
    return len(s) <= 250 and bool(AGE_RANGE.match(s) or HV_IN_LINE.search(s))


def criteria_block(sec: Section) -> Body:
    """The criteria text of an eligibility section: from its first free-text line (an 'Inclusion
    Criteria' heading, or the value of an 'Eligibility Criteria' label) to the next label or value."""
    body = sec.body
    start = None
    i = 0
    while i < len(body):
        s = body[i][1]
        label = norm_label(s) if len(s) <= 80 else ""
        if start is None:
            if label in LABELS:
                i += 2 if i + 1 < len(body) and not is_label(body[i + 1][1]) else 1
                continue
            if not (label in _CRITERIA_LABELS or _value_shape(s) or _composite(s)):
                start = i
        elif label in LABELS or _value_shape(s):
            break
        i += 1
    return body[start:i] if start is not None else []


def eligibility(doc: Doc, t: Trial, sec: Section, block: Body) -> None:
    """Criteria text and items from the block, and unlabelled ages, sex and volunteers around it."""
    if block and t.criteria_text is None:
        first, last = block[0][0], block[-1][0]
        raw = doc.span(first, last)
        t.criteria_text = doc.field(unescape(raw), raw, first)
        t.criteria = criteria_items(doc, first, last)
    in_block = {n for n, _ in block}
    ages = []
    for n, s in sec.free():
        if n in in_block:
            continue
        if AGE_LINE.match(s) or s.strip().upper() == "N/A":    # 'N/A': no limit, still one of the pair
            ages.append((n, s))
        elif s.upper() in _SEX_WORDS:
            _set(t, "sex", doc.field(vocab.enum_value("Sex", s), s, n))
        elif YES_NO.match(s):
            _set(t, "healthy_volunteers", doc.field(vocab.parse_bool(s), s, n))
        elif _composite(s):
            age_range(doc, t, n, s)
            hv = HV_IN_LINE.search(s)
            if hv:
                raw = hv.group(0)
                _set(t, "healthy_volunteers", doc.field(hv.group(1).lower() == "accepts", raw, n))
            sx = SEX_IN_LINE.search(s, AGE_RANGE.match(s).end() if AGE_RANGE.match(s) else 0)
            if sx:
                _set(t, "sex", doc.field(vocab.enum_value("Sex", sx.group(1).split()[0]), sx.group(1), n))
    if len(ages) == 2:
        for attr, (n, s) in zip(("min_age", "max_age"), ages):
            _set(t, attr, doc.field(vocab.parse_age(s), s, n))


def criteria_items(doc: Doc, first: int, last: int):
    """Criterion items of lines first..last, split by the shared splitter. A line holding both an
    inclusion and an exclusion part ('Inclusion Criteria: ... Exclusion Criteria: ...') is cut there."""
    chunks: list[tuple[str, int, int]] = []       # text, first line, first column
    lines: list[str] = []
    start, col = first, 1
    for n in range(first, last + 1):
        line = doc.lines[n - 1]
        m = _MID_MARK.search(line)
        if m is None:
            lines.append(line)
            continue
        lines.append(line[:m.start()])
        chunks.append(("\n".join(lines), start, col))
        lines, start, col = [line[m.end():]], n, m.end() + 1
    chunks.append(("\n".join(lines), start, col))
    out = []
    for text, line, col in chunks:
        for c in split_criteria(text, text_locator(text, doc.display, line, col)):
            c.text = unescape(c.text)
            out.append(c)
    return out
