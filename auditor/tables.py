"""Flatten records into pandas tables, one row per entity, with the source line of every value.

Each value column `x` has a companion `x_line` (1-based line in `source`, or <NA>). Schema
checks (pandera, Great Expectations) run on these tables and join failures back to the
record through `record_id`, `source` and the `_line` columns."""
from __future__ import annotations

from typing import Any, Iterable

import pandas as pd

from .model import Age, DateValue, Field, Publication, Trial

TABLES = ("trials", "arms", "interventions", "criteria", "sites", "outcomes", "analyses", "documents")


def _v(f: Field | None) -> Any:
    if f is None:
        return None
    v = f.value
    if isinstance(v, DateValue):
        return v.iso
    if isinstance(v, Age):
        return v.years
    if isinstance(v, list):
        return "|".join(str(x) for x in v)
    return v


def _line(f: Field | None) -> int | None:
    return f.loc.line if f is not None and f.loc is not None else None


def _put(row: dict, name: str, f: Field | None, raw: bool = False) -> None:
    row[name] = _v(f)
    row[f"{name}_line"] = _line(f)
    if raw:
        row[f"{name}_raw"] = f.raw if f is not None else None


def _columns(names: Iterable[str]) -> tuple[tuple[str, str, str | None], ...]:
    """(field and value column, line column, raw column or None) of each field: _put's columns,
    named once rather than per row."""
    return tuple((n, f"{n}_line", f"{n}_raw" if n in _RAW_FIELDS else None) for n in names)


def _put_all(row: dict, obj: Any, columns: tuple[tuple[str, str, str | None], ...]) -> None:
    """_put of every field of obj named in columns (the row-building loop: inlined)."""
    for name, line, raw in columns:
        f = getattr(obj, name)
        if f is None:
            row[name] = row[line] = None
            if raw is not None:
                row[raw] = None
            continue
        v = f.value
        if isinstance(v, (DateValue, Age, list)):
            v = _v(f)
        row[name] = v
        loc = f.loc
        row[line] = loc.line if loc is not None else None
        if raw is not None:
            row[raw] = f.raw


def _base(t: Trial) -> dict:
    return {"record_id": t.id, "source": t.source, "rendering": t.rendering, "format": t.format}


# Enumerated fields and counts keep their text as written in `x_raw`: readers set the value to None
# when the text maps to no enum value or number, and the schema checks report that text.
_RAW_FIELDS = frozenset({"overall_status", "study_type", "phases", "allocation", "intervention_model", "masking",
                         "primary_purpose", "sex", "enrollment", "enrollment_type", "type", "status"})
_TRIAL_COLUMNS = _columns(("nct_id", "org_study_id", "brief_title", "official_title", "acronym", "overall_status",
                           "why_stopped", "study_type", "phases", "allocation", "intervention_model", "masking",
                           "who_masked", "primary_purpose", "enrollment", "enrollment_type", "brief_summary",
                           "detailed_description", "sex", "healthy_volunteers", "criteria_text", "lead_sponsor"))


def trial_rows(trials: Iterable[Trial]) -> list[dict]:
    rows = []
    for t in trials:
        r = _base(t)
        _put_all(r, t, _TRIAL_COLUMNS)
        for name in ("min_age", "max_age"):
            _put(r, name, getattr(t, name), raw=True)
            f = getattr(t, name)
            r[f"{name}_unit"] = f.value.unit if f is not None and isinstance(f.value, Age) else None
        for name in ("start_date", "primary_completion_date", "completion_date", "first_submitted", "first_posted",
                     "last_update_posted", "status_verified"):
            f = getattr(t, name)
            _put(r, name, f, raw=True)
            r[f"{name}_type"] = f.value.type if f is not None and isinstance(f.value, DateValue) else None
        r["conditions"] = "|".join(str(c.value) for c in t.conditions) if t.conditions else None
        r["n_conditions"] = len(t.conditions)
        r["n_arms"] = len(t.arms)
        r["n_interventions"] = len(t.interventions)
        r["n_sites"] = len(t.sites)
        r["n_criteria"] = len(t.criteria)
        r["has_results"] = t.has_results
        r["empty_sections"] = "|".join(sorted(t.empty_sections)) if t.empty_sections else None
        rows.append(r)
    return rows


def _child_rows(trials: Iterable[Trial], attr: str, fields: tuple[str, ...], extra=None) -> list[dict]:
    rows = []
    columns = _columns(fields)
    for t in trials:
        items = getattr(t, attr)
        if not items:
            continue
        base = _base(t)
        for i, item in enumerate(items):
            r = dict(base)
            r["index"] = i
            _put_all(r, item, columns)
            if extra:
                r.update(extra(item))
            rows.append(r)
    return rows


def build_tables(trials: list[Trial], publications: list[Publication] = ()) -> dict[str, pd.DataFrame]:
    tables = {
        "trials": trial_rows(trials),
        "arms": _child_rows(trials, "arms", ("label", "type", "description"),
                            lambda a: {"intervention_names": "|".join(str(x.value) for x in a.intervention_names)}),
        "interventions": _child_rows(trials, "interventions", ("type", "name", "description"),
                                     lambda i: {"arm_labels": "|".join(str(x.value) for x in i.arm_labels)}),
        "criteria": [dict(_base(t), index=i, kind=c.kind, number=c.number, text=c.text,
                          text_line=c.loc.line if c.loc else None)
                     for t in trials for i, c in enumerate(t.criteria)],
        "sites": _child_rows(trials, "sites", ("facility", "city", "country", "status")),
        "outcomes": _child_rows(trials, "outcomes", ("title", "time_frame", "description"),
                                lambda o: {"kind": o.kind}),
        "analyses": _child_rows(trials, "analyses", ("param_type", "estimate", "ci_pct", "ci_lower", "ci_upper",
                                                     "p_value", "method"),
                                lambda a: {"outcome": a.outcome}),
        "documents": [{"record_id": p.id, "source": p.source, "format": p.format, "rendering": "main",
                       "title": _v(p.title), "title_line": _line(p.title), "doi": _v(p.doi),
                       "doi_line": _line(p.doi), "n_lines": len(p.lines), "n_sections": len(p.sections),
                       "registry_ids": "|".join(str(f.value) for f in p.registry_ids)}
                      for p in publications],
    }
    out = {}
    for name, rows in tables.items():
        df = pd.DataFrame.from_records(rows) if rows else pd.DataFrame(columns=["record_id", "source", "rendering"])
        for c in df.columns:
            if c.endswith("_line") or c in ("index", "enrollment"):
                df[c] = pd.array(df[c].tolist(), dtype="Int64")
        out[name] = df
    return out
