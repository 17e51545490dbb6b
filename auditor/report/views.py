"""Per-record views for the HTML report: each normalized field next to the original text it came from.

Only records with findings get a view (capped), so audit.html stays small on large runs; audit.json never
carries views. This only serializes the model for display: no judging, no parsing."""
from __future__ import annotations

import dataclasses
from typing import Any, Iterable

from ..findings import SEVERITY_RANK
from ..model import Age, Criterion, DateValue, Field, Loc, Publication, Section, Trial

MAX_VIEWS = 2000
MAX_ITEMS = 25          # list items shown per field (a trial may list hundreds of sites)
MAX_TEXT = 400          # characters of original text shown per field (the evidence quotes the rest)
_HEADER = {"id", "source", "format", "rendering", "lines"}


def build_views(trials: Iterable[Trial], publications: Iterable[Publication], findings: Iterable[Any],
                cap: int = MAX_VIEWS) -> dict[str, dict[str, Any]]:
    """{record id: view} for the records with findings, the most severe first when over the cap."""
    weight: dict[str, tuple[int, int]] = {}
    for f in findings:
        rank, n = weight.get(f.record, (0, 0))
        weight[f.record] = (max(rank, SEVERITY_RANK[f.severity]), n + 1)
    chosen = sorted(weight, key=lambda r: (-weight[r][0], -weight[r][1], r))[:cap]
    keep = set(chosen)
    views: dict[str, dict[str, Any]] = {}
    for t in sorted(trials, key=lambda t: (t.id, t.source, t.rendering)):
        if t.id in keep:
            views.setdefault(t.id, {"renderings": []})["renderings"].append(_rendering(t, t.rendering))
    for p in sorted(publications, key=lambda p: (p.id, p.source)):
        if p.id in keep:
            views.setdefault(p.id, {"renderings": []})["renderings"].append(_rendering(p, "main"))
    return dict(sorted(views.items()))


def _rendering(obj: Trial | Publication, rendering: str) -> dict[str, Any]:
    rows: list[dict[str, Any]] = []
    for fd in dataclasses.fields(obj):
        if fd.name in _HEADER or (fd.name == "criteria_text" and getattr(obj, "criteria", None)):
            continue                    # the criteria items quote the same text, each with its line
        _rows(rows, fd.name, getattr(obj, fd.name))
    for r in rows:                      # most rows quote the rendering's own file: say so once
        if r.get("source") == obj.source:
            del r["source"]
    return {"source": obj.source, "format": obj.format, "rendering": rendering, "fields": rows}



def _rows(rows: list[dict[str, Any]], name: str, value: Any) -> None:
    if value is None or value == [] or value == {}:
        return
    if isinstance(value, Field):
        rows.append(_field_row(name, value))
    elif isinstance(value, Criterion):
        rows.append(_row(name, f"{value.kind} {value.number or ''}".strip(), value.text, value.loc))
    elif isinstance(value, dict):          # empty_sections: section name -> heading location
        for key, loc in sorted(value.items()):
            rows.append(_row(f"{name}.{key}", "(section present but empty)", "", loc))
    elif isinstance(value, list):
        for i, item in enumerate(value[:MAX_ITEMS]):
            _rows(rows, f"{name}[{i}]", item)
        if len(value) > MAX_ITEMS:
            rows.append(_row(f"{name}[…]", f"{len(value) - MAX_ITEMS} more not shown", "", None))
    elif isinstance(value, Section):
        rows.append(_row(name, f"{value.name} ({value.kind}, lines {value.start_line}-{value.end_line})", "", None))
    elif dataclasses.is_dataclass(value):
        _item_rows(rows, name, value)
    elif isinstance(value, str):           # list items that are plain text (publication authors)
        rows.append(_row(name, value, "", None))
    elif isinstance(value, bool) and value:
        rows.append(_row(name, "yes", "", None))


def _item_rows(rows: list[dict[str, Any]], name: str, item: Any) -> None:
    """A list item (arm, site, flow count): its plain labels (period, milestone, group) become the
    context of its fields' rows, so a curator sees which item a value belongs to."""
    labels: list[str] = []
    start = len(rows)
    for fd in dataclasses.fields(item):
        sub = getattr(item, fd.name)
        if isinstance(sub, str):
            labels.append(sub)
        elif isinstance(sub, list) and sub and all(isinstance(x, str) for x in sub):
            labels.append(", ".join(sub))
        else:
            _rows(rows, f"{name}.{fd.name}", sub)
    context = " · ".join(x for x in labels if x)
    if context:
        for r in rows[start:]:
            r["context"] = context


def _field_row(name: str, f: Field) -> dict[str, Any]:
    return _row(name, display(f.value), f.raw, f.loc)


def _row(name: str, value: str, raw: str, loc: Loc | None) -> dict[str, Any]:
    d: dict[str, Any] = {"name": name, "value": _clip(value)}
    raw = raw or ""
    if raw and " ".join(raw.split()) != " ".join(value.split()):
        d["raw"] = _clip(raw)
    if loc is not None and loc.source:
        d["source"] = loc.source
        if loc.line is not None:
            d["line"] = loc.line
    return d


def display(v: Any) -> str:
    """A normalized value as a curator reads it."""
    if v is None:
        return "—"
    if isinstance(v, bool):
        return "yes" if v else "no"
    if isinstance(v, Age):
        n = int(v.number) if float(v.number).is_integer() else v.number
        return f"{n} {v.unit}" + ("" if v.unit == "years" else f" ({v.years:.4g} years)")
    if isinstance(v, DateValue):
        return v.iso + (f" ({v.type.lower()})" if v.type else "")
    if isinstance(v, (list, tuple, set, frozenset)):
        return ", ".join(display(x) for x in v) if v else "—"
    if isinstance(v, float):
        return f"{v:g}"
    return str(v)


def _clip(s: str) -> str:
    return s if len(s) <= MAX_TEXT else s[:MAX_TEXT].rstrip() + " …"
