"""audit.html: one self-contained page for curators (inline CSS/JS, no network, works from a CI artifact).

The page is rendered from jinja2 templates shipped in auditor/report/templates (autoescape on). Findings,
records and record views travel to the browser as JSON in a <script type="application/json"> block with
<, > and & escaped, and the script writes every value with textContent, so record text never becomes
markup. A Content-Security-Policy allows only the page's own inline style and script (by hash)."""
from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path
from typing import Any

import jinja2
import markupsafe
import orjson

from ..findings import CATEGORIES, SEVERITIES
from ..model import FIELD_PATHS
from .common import has_baseline

MAX_RECORDS_LISTED = 5000     # beyond this, only records with findings travel into the page
MAX_FILES_LISTED = 2000
PAGE_SIZE = 100

_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def _no_controls(v: Any) -> Any:
    """Text printed into the page carries no control byte (a file name may hold ESC)."""
    if isinstance(v, str) and not isinstance(v, markupsafe.Markup):
        return _CONTROLS.sub("?", v)
    return v


_env = jinja2.Environment(loader=jinja2.PackageLoader("auditor.report", "templates"), autoescape=True,
                          trim_blocks=True, lstrip_blocks=True, undefined=jinja2.StrictUndefined,
                          finalize=_no_controls)
_env.filters["num"] = lambda n: f"{n:,}"


def write(result: dict[str, Any], out_dir: Path, views: dict[str, Any] | None = None) -> Path:
    path = out_dir / "audit.html"
    path.write_text(render(result, views), encoding="utf-8")
    return path


def render(result: dict[str, Any], views: dict[str, Any] | None = None) -> str:
    css = _asset("report.css")
    js = _asset("report.js")
    data = _page_data(result, views or {})
    s = result["summary"]
    page = _env.get_template("report.html.j2").render(
        r=result, s=s, css=css, js=js, data_json=json_for_html(data),
        csp=_csp(css, js), severity_bars=_bars(s["by_severity"], list(SEVERITIES)),
        category_bars=_bars(s["by_category"], sorted(s["by_category"], key=lambda c: (-s["by_category"][c], c))),
        formats=_formats(result["files"]), files=result["files"][:MAX_FILES_LISTED],
        files_left=max(0, len(result["files"]) - MAX_FILES_LISTED),
        rule_counts=_rule_counts(result), top_rules=_top_rules(result), baseline=data["baseline"])
    return page


def json_for_html(data: Any) -> str:
    """JSON safe inside a <script> element: <, > and & become \\u escapes, so no record text can close
    the element or open a comment."""
    raw = orjson.dumps(data)
    return raw.replace(b"<", b"\\u003c").replace(b">", b"\\u003e").replace(b"&", b"\\u0026").decode("utf-8")


def _asset(name: str) -> str:
    src = _env.loader.get_source(_env, name)[0]    # type: ignore[union-attr]
    return src.strip() + "\n"


def _sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def _csp(css: str, js: str) -> str:
    return (f"default-src 'none'; style-src {_sha256(css)}; script-src {_sha256(js)}; img-src data:; "
            "base-uri 'none'; form-action 'none'")


def _page_data(result: dict[str, Any], views: dict[str, Any]) -> dict[str, Any]:
    findings = result["findings"]
    active = [f for f in findings if f.get("waived") is None]
    waived = [f for f in findings if f.get("waived") is not None]
    with_findings = {f["record"] for f in findings} | {f["record"] for f in result["resolved"]}
    records = result["records"]
    if len(records) > MAX_RECORDS_LISTED:
        records = [r for r in records if r["id"] in with_findings]
    return {
        "findings": active, "waived": waived, "resolved": result["resolved"],
        "rules": {r["id"]: r for r in result["rules"]},
        "records": {r["id"]: {k: v for k, v in r.items() if k != "id"} for r in records},
        "recordsTotal": len(result["records"]), "recordsListed": len(records),
        "views": views, "fieldPaths": FIELD_PATHS, "failOn": result["run"]["fail_on"],
        "baseline": has_baseline(result),
        "severities": list(SEVERITIES), "categories": list(CATEGORIES), "pageSize": PAGE_SIZE,
    }


def _bars(counts: dict[str, int], order: list[str]) -> list[dict[str, Any]]:
    """Bar lengths for the inline SVG charts, as a share of the largest count (drawing, not judging)."""
    top = max(counts.values(), default=0) or 1
    return [{"name": k, "count": counts.get(k, 0), "pct": round(100 * counts.get(k, 0) / top, 1)} for k in order]


def _formats(files: list[dict[str, Any]]) -> list[tuple[str, int]]:
    out: dict[str, int] = {}
    for f in files:
        for fmt in f["format"].split(","):
            out[fmt] = out.get(fmt, 0) + 1
    return sorted(out.items(), key=lambda kv: (-kv[1], kv[0]))


def _top_rules(result: dict[str, Any], n: int = 5) -> list[dict[str, Any]]:
    rules = {r["id"]: r for r in result["rules"]}
    ranked = sorted(result["summary"]["by_rule"].items(), key=lambda kv: (-kv[1], kv[0]))[:n]
    return [{"id": rid, "count": c, "title": rules[rid]["title"] if rid in rules else "",
             "severity": rules[rid]["severity"] if rid in rules else "info"} for rid, c in ranked]


def _rule_counts(result: dict[str, Any]) -> dict[str, dict[str, int]]:
    out: dict[str, dict[str, int]] = {}
    for f in result["findings"]:
        c = out.setdefault(f["rule"], {"active": 0, "waived": 0})
        c["waived" if f.get("waived") is not None else "active"] += 1
    return out
