"""Validate each frame against its pandera model, lazily, and turn every failure case into a Hit
with a message a curator understands."""
from __future__ import annotations

import re

import datetime as dt
from typing import Any

import pandas as pd
import pandera.pandas as pa

from ..vocab import ENUMS
from . import fields
from .formats import ISO_DATE, REGISTRY_FORMS, char_count, registry_of
from .hits import Hit, lower, norm
from .models import CHECK_RULES, MAX_CHARS, MODELS, REQUIRED_BECAUSE, schema_for
from .views import AGE_COLUMNS, ENUM_COLUMNS

EARLIEST = "1900-01-01"
# views' as-written text columns -> the field
_AS_WRITTEN = {f"{c}_text": c for c in AGE_COLUMNS} | {"enrollment_text": "enrollment"}
_MAX_KEYS = {("arms", "label"): "arm_label", ("interventions", "name"): "intervention_name"}


def run_pandera(views: dict[str, pd.DataFrame], today: dt.date, years_ahead: int) -> tuple[list[Hit], list[str]]:
    """Hits for every failing value, and the problems that stopped a check from running at all."""
    latest = _years_after(today, years_ahead).isoformat()
    bounds = {"earliest": EARLIEST, "latest": latest, "years": years_ahead, "today": today.isoformat()}
    hits: list[Hit] = []
    problems: list[str] = []
    for table, df in views.items():
        if df.empty or table not in MODELS:
            continue
        try:
            schema_for(table, EARLIEST, latest).validate(df, lazy=True)
        except pa.errors.SchemaErrors as e:
            for err in e.schema_errors:
                hits.extend(_hits(table, df, err, bounds, problems))
    return hits, problems


def _years_after(d: dt.date, years: int) -> dt.date:
    try:
        return d.replace(year=d.year + years)
    except ValueError:      # 29 February
        return d.replace(year=d.year + years, day=28)


def _check_name(err: pa.errors.SchemaError) -> str:
    c = err.check
    name = getattr(c, "name", None) or str(c)
    return name.split("(", 1)[0]


def _hits(table: str, df: pd.DataFrame, err: pa.errors.SchemaError, bounds: dict, problems: list[str]) -> list[Hit]:
    name = _check_name(err)
    if name == "dtype":     # follows from the per-row coercion failures (coerce_dtype), reported there
        return []
    fc = err.failure_cases
    if not isinstance(fc, pd.DataFrame) or "index" not in fc or fc["index"].isna().all():
        problems.append(f"pandera check {name} on table {table}: {err}")
        return []
    if name.startswith(("required:", "required_if:")):
        rows = sorted({int(i) for i in fc["index"].dropna()})
        return [_required_hit(table, df, name, r) for r in rows]
    rule = CHECK_RULES.get(name)
    if rule is None:
        problems.append(f"pandera check {name} on table {table} has no rule")
        return []
    col = str(err.schema.name) if getattr(err.schema, "name", None) else str(fc["column"].iloc[0])
    stats = getattr(err.check, "statistics", None) or {}
    out = []
    for idx, value in zip(fc["index"], fc["failure_case"]):
        if pd.isna(idx):
            continue
        field = _AS_WRITTEN.get(col, col)
        msg, values = _message(table, field, name, value, stats, bounds, df.iloc[int(idx)])
        out.append(Hit(table=table, row=int(idx), column=field, value=value, rule=rule, message=msg, values=values))
    return out


def _message(table: str, col: str, check: str, value: Any, stats: dict, bounds: dict,
             row: pd.Series) -> tuple[str, dict[str, str]]:
    label = fields.label(table, col)
    v = norm(value)
    if check in ("isin", "tokens_in"):
        allowed = list(stats.get("allowed_values") or ENUMS.get(ENUM_COLUMNS.get((table, col), ""), ()))
        bad = [t for t in str(value).split("|") if t not in allowed] if check == "tokens_in" else [v]
        shown = "', '".join(bad)
        return (f"{label} value '{shown}' is not one of {', '.join(allowed)}.",
                {lower(label): shown})
    if check == "str_matches":
        return f"{label} '{v}' does not have the form NCT followed by 8 digits.", {lower(label): v}
    if check == "registry_id_form":
        reg = registry_of(v or "") or "registry"
        form = REGISTRY_FORMS[reg][2] if reg in REGISTRY_FORMS else "unknown"
        return (f"Secondary id '{v}' looks like an id of the {reg} registry but does not have that registry's form "
                f"({form}).", {"secondary id": v, "registry": reg})
    if check == "max_chars":
        limit = int(stats.get("max_value") or MAX_CHARS.get(_MAX_KEYS.get((table, col), col), 0))
        n = int(char_count(pd.Series([str(value)])).iloc[0])
        return (f"{label} is {n:,} characters long, over the registry's limit of {limit:,}.",
                {"length": str(n), "limit": str(limit)})
    if check == "in_range" and col in ("min_age", "max_age"):
        raw = row.get(f"{col}_raw")
        shown = raw if isinstance(raw, str) and raw.strip() else f"{v} years"
        return (f"{label} '{shown}' is outside the plausible range of 0 to 120 years.",
                {lower(label): shown})
    if check == "date_range":
        if v is not None and v < bounds["earliest"]:
            return f"{label} {v} is before {bounds['earliest'][:4]}.", {lower(label): v}
        return (f"{label} {v} is more than {bounds['years']} years after the run date ({bounds['today']}).",
                {lower(label): v, "today": bounds["today"]})
    if check == "greater_than_or_equal_to":
        return f"{label} {v} is below the minimum of {norm(stats.get('min_value'))}.", {lower(label): v}
    if col == "ci_pct":
        return (f"{label} {v}% is not a confidence level (above 0% and at most 100%).", {lower(label): f"{v}%"})
    if check in ("in_range", "greater_than", "less_than_or_equal_to"):
        return f"{label} {v} is outside its plausible range.", {lower(label): v}
    if check == "iso_date":
        if ISO_DATE.fullmatch(str(v)):
            return f"{label} '{v}' is not a date on the calendar.", {lower(label): v}
        return (f"{label} '{v}' is not a date in a registry format (a year, month and year, or full date).",
                {lower(label): v})
    if check == "count_text":
        if re.fullmatch(r"\s*[+-]?[0-9][0-9,]*\s*", str(v)):
            return f"{label} '{v}' is too large to be a count of participants.", {lower(label): v}
        return f"{label} '{v}' is not a number.", {lower(label): v}
    if check == "age_text":
        return (f"{label} '{v}' is not an age in the registry's format (a number and a unit, as in '18 Years').",
                {lower(label): v})
    return f"{label} '{v}' is not a value of the expected type.", {lower(label): v}


def _required_hit(table: str, df: pd.DataFrame, name: str, row: int) -> Hit:
    parts = name.split(":")
    col = parts[1]
    label = lower(fields.label(table, col))
    r = df.iloc[row]
    if parts[0] == "required":
        return Hit(table=table, row=row, column=col, value=None, rule="SCH005",
                   message=f"The record gives no {label}, a field the registry requires.",
                   because=REQUIRED_BECAUSE.get(col, ()))
    if parts[2] == "completed":
        return Hit(table=table, row=row, column=col, value=None, rule="SCH006",
                   message=f"The study is Completed but gives no {label}; a completed study must state its "
                           f"actual {label}.",
                   because=("overall_status",), values={"overall status": "COMPLETED"})
    if col == "enrollment":
        return Hit(table=table, row=row, column=col, value=None, rule="SCH006",
                   message="Results are posted but the record gives no enrollment count.")
    n = norm(r.get("enrollment"))
    return Hit(table=table, row=row, column=col, value="ESTIMATED", rule="SCH006",
               message=f"Results are posted but the enrollment ({n}) is still marked anticipated, not actual.",
               because=("enrollment",), values={"enrollment": f"{n} (anticipated)"})
