"""The frames the schema checks validate: the canonical tables with every enumerated field holding
its v2 enum value, or the text as written where that text maps to no enum value.

Readers set an enumerated Field's value to None when its text is not in the vocabulary; the
tables keep that text in `x_raw`. Putting it back in `x` lets an `isin` check (pandera, or a
user's Great Expectations suite) see and report 'PHASE5' itself. pandera and the suites run on the
same frames, so a failure is keyed identically by both (table, row, column, value)."""
from __future__ import annotations

import re

import pandas as pd

from ..model import Trial
from ..tables import TABLES
from ..vocab import parse_masking, parse_phases

TABLE_NAMES = (*TABLES, "secondary_ids")   # the frames build_views returns; suites are named after them

# (table, column) -> vocab.ENUMS kind.
ENUM_COLUMNS: dict[tuple[str, str], str] = {
    ("trials", "overall_status"): "Status", ("trials", "study_type"): "StudyType",
    ("trials", "allocation"): "DesignAllocation", ("trials", "intervention_model"): "InterventionalAssignment",
    ("trials", "masking"): "DesignMasking", ("trials", "primary_purpose"): "PrimaryPurpose",
    ("trials", "sex"): "Sex", ("trials", "enrollment_type"): "EnrollmentType",
    ("arms", "type"): "ArmGroupType", ("interventions", "type"): "InterventionType",
    ("sites", "status"): "RecruitmentStatus",
}
DATE_COLUMNS = ("start_date", "primary_completion_date", "completion_date", "first_submitted", "first_posted",
                "last_update_posted", "status_verified")
ANALYSIS_NUMBERS = ("estimate", "ci_pct", "ci_lower", "ci_upper")
AGE_COLUMNS = ("min_age", "max_age")
ROW = "_row"   # the row's position, so GX failures join back to the exact row

_STRUCTURED = r"-(?:json|xml)$"
_SIGNED = re.compile(r"[-+]?\d[\d,]*")
_PHASE_SPLIT = re.compile(r"[,/|;&+]|\band\b", re.I)
_PHASE_STRIP = "[]\"' \t"


def phase_cell(value: str | None, raw: str | None) -> str | None:
    """The phases as '|'-joined v2 values; a part of the text that is no phase is kept as written.

    'Phase 1/Phase 2' -> 'PHASE1|PHASE2'; 'PHASE1, PHASE5' -> 'PHASE1|PHASE5' (PHASE5 kept raw)."""
    if raw is None or not str(raw).strip():
        return value
    whole = parse_phases(raw)
    if whole == ["NA"]:
        return "NA"
    good: list[str] = []
    bad: list[str] = []
    for part in _PHASE_SPLIT.split(str(raw)):
        tok = part.strip(_PHASE_STRIP)
        if not tok:
            continue
        p = parse_phases(tok)
        if p is None:
            bad.append(tok)
        else:
            good.extend(x for x in p if x not in good)
    if not bad:
        return value if value is not None else ("|".join(good) or None)
    return "|".join(good + bad)


# 'N/A' written where the enumeration has no NA value means 'not given', not a bad value
# (the legacy XML writes study type N/A for withheld records).
_PLACEHOLDER = re.compile(r"(?i)n/?a|not applicable|none given")


def _given(s) -> bool:
    return isinstance(s, str) and bool(s) and _PLACEHOLDER.fullmatch(s) is None


def _masking_given(s) -> bool:
    # A list of who is masked ('Participant, Care Provider') without the level is no masking level.
    return _given(s) and not parse_masking(s)[1]


def _coalesce(df: pd.DataFrame, col: str, rows: pd.Series | None = None) -> None:
    """x := x, or else the text as written (only in `rows` when given)."""
    raw = df.get(f"{col}_raw")
    if raw is None or col not in df:
        return
    text = raw.where(raw.notna(), None).map(lambda s: s.strip() if isinstance(s, str) else s)
    text = text.where(text.map(_masking_given if col == "masking" else _given), None)
    if rows is not None:
        text = text.where(rows, None)
    df[col] = df[col].where(df[col].notna(), text)


def structured(df: pd.DataFrame) -> pd.Series:
    """Rows read from a registry export (JSON, XML), where dates and ages follow the registry's
    format; web pages print them as they like ('20 to 70 years old')."""
    return df["format"].astype("str").str.contains(_STRUCTURED, regex=True).fillna(False).astype(bool)


def _as_written(df: pd.DataFrame) -> None:
    rows = structured(df)
    for col in DATE_COLUMNS:
        _coalesce(df, col, rows)
    for col in AGE_COLUMNS:
        if f"{col}_raw" in df:
            df[f"{col}_text"] = df[f"{col}_raw"].where(rows, None)
    if "enrollment_raw" in df:
        _enrollment(df, rows)


def _enrollment(df: pd.DataFrame, rows: pd.Series) -> None:
    """A count the reader could not take ('-40', 'forty') goes back in as written: a signed whole
    number into `enrollment` (for the range check), other text into `enrollment_text`."""
    unread = df["enrollment"].isna() & df["enrollment_raw"].map(_given) & rows
    text = df["enrollment_raw"].where(unread, None)
    signed = text.map(lambda s: int(s.replace(",", "")) if isinstance(s, str) and _SIGNED.fullmatch(s.strip())
                      and len(s.strip().lstrip("+-").replace(",", "")) <= 18 else None)
    df["enrollment"] = df["enrollment"].where(signed.isna(), pd.array(signed.tolist(), dtype="Int64"))
    df["enrollment_text"] = text.where(signed.isna(), None)


def _phases(df: pd.DataFrame) -> None:
    if "phases" in df and "phases_raw" in df:
        df["phases"] = [phase_cell(v if isinstance(v, str) else None, r if isinstance(r, str) else None)
                        for v, r in zip(df["phases"], df["phases_raw"])]


def _numbers(df: pd.DataFrame, cols: tuple[str, ...]) -> None:
    # Readers keep posted numbers as text ('90', 'NA'); range checks need numbers. The text stays in x_raw.
    for col in cols:
        if col in df:
            df[f"{col}_raw"] = df[col]
            df[col] = pd.to_numeric(df[col], errors="coerce").astype("float64")


def secondary_id_rows(trials: list[Trial]) -> pd.DataFrame:
    rows = [{"record_id": t.id, "source": t.source, "rendering": t.rendering, "format": t.format,
             "secondary_id": None if f.value is None else str(f.value),
             "secondary_id_line": f.loc.line if f.loc else None, "secondary_id_raw": f.raw}
            for t in trials for f in t.secondary_ids]
    df = pd.DataFrame.from_records(rows) if rows else pd.DataFrame(
        columns=["record_id", "source", "rendering", "format", "secondary_id", "secondary_id_line", "secondary_id_raw"])
    df["secondary_id_line"] = pd.array(df["secondary_id_line"].tolist(), dtype="Int64")
    return df


def build_views(tables: dict[str, pd.DataFrame], trials: list[Trial]) -> dict[str, pd.DataFrame]:
    """Copies of the canonical tables ready to validate, plus `secondary_ids` (one row per id)."""
    views: dict[str, pd.DataFrame] = {}
    for name, df in tables.items():
        v = df.copy()
        for (table, col) in ENUM_COLUMNS:
            if table == name:
                _coalesce(v, col)
        if name == "trials":
            _phases(v)
            _as_written(v)
        if name == "analyses":
            _numbers(v, ANALYSIS_NUMBERS)
        views[name] = v
    views["secondary_ids"] = secondary_id_rows(trials)
    for name, v in views.items():
        v = v.reset_index(drop=True)
        v[ROW] = range(len(v))
        views[name] = v
    return views
