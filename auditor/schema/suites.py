"""Find and read the Great Expectations suite files (one JSON file per table, named after it).

Reading needs no Great Expectations import: a malformed file is reported (SUITE001) before any
suite runs, and a folder without suites never pays for importing GX."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..config import Config
from ..findings import Evidence, Finding

_SEVERITIES = ("critical", "warning", "info")


@dataclass(slots=True)
class ExpectationSpec:
    type: str
    kwargs: dict[str, Any]
    meta: dict[str, Any]
    notes: str | None
    severity: str
    line: int | None


@dataclass(slots=True)
class Suite:
    path: Path
    shown: str                      # the path as messages show it
    table: str
    name: str
    expectations: list[ExpectationSpec] = field(default_factory=list)


def suites_dir(config: Config) -> Path | None:
    """`expectations_dir` from the config (relative to the config file), the bundled suites when the
    key is absent, None when it is set to null (suites off)."""
    if "expectations_dir" not in config.raw:
        import expectations
        return Path(expectations.__file__).resolve().parent
    value = config.raw["expectations_dir"]
    if value is None or value is False or str(value).strip() == "":
        return None
    p = Path(str(value)).expanduser()
    if not p.is_absolute() and config.path:
        p = Path(config.path).resolve().parent / p
    return p


def suite_problem(shown: str, problem: str, line: int | None = None, text: str | None = None) -> Finding:
    return Finding(rule="SUITE001", category="input", severity="error", record=shown,
                   message=f"Expectation suite {shown} could not be used as written: {problem}.",
                   evidence=[Evidence(source=shown, line=line, text=text or problem, label="expectation suite")])


def _notes(v: Any) -> str | None:
    if v is None:
        return None
    if isinstance(v, list):
        v = " ".join(str(x) for x in v)
    return str(v).strip() or None


def _lines(text: str, types: list[str]) -> list[int | None]:
    """The line of each expectation's "type" key, found in file order."""
    out: list[int | None] = []
    pos = 0
    for t in types:
        m = re.compile(r'"(?:expectation_)?type"\s*:\s*"' + re.escape(t) + '"').search(text, pos)
        if m is None:
            out.append(None)
            continue
        out.append(text.count("\n", 0, m.start()) + 1)
        pos = m.end()
    return out


def load_suites(directory: Path, tables: set[str], display) -> tuple[list[Suite], list[Finding]]:
    """Every *.json suite in directory, in name order; problems as SUITE001 findings."""
    if not directory.is_dir():
        shown = display(directory)
        return [], [suite_problem(shown, "expectations_dir is not a folder")]
    suites: list[Suite] = []
    problems: list[Finding] = []
    for path in sorted(directory.glob("*.json")):
        suite, found = _load(path, tables, display(path))
        problems.extend(found)
        if suite is not None and suite.expectations:
            suites.append(suite)
    return suites, problems


def _load(path: Path, tables: set[str], shown: str) -> tuple[Suite | None, list[Finding]]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        return None, [suite_problem(shown, f"cannot be read ({e})")]
    try:
        data = json.loads(text)
    except json.JSONDecodeError as e:
        return None, [suite_problem(shown, f"not valid JSON: {e.msg} at line {e.lineno} column {e.colno}",
                                    line=e.lineno)]
    table = path.stem
    if table not in tables:
        return None, [suite_problem(shown, f"the file name must be a table name ({', '.join(sorted(tables))})")]
    if not isinstance(data, dict) or not isinstance(data.get("expectations"), list):
        return None, [suite_problem(shown, 'the top level must be an object with an "expectations" list', line=1)]
    raw = data["expectations"]
    types = [str(e.get("type") or e.get("expectation_type") or "") if isinstance(e, dict) else "" for e in raw]
    lines = _lines(text, types)
    suite = Suite(path=path, shown=shown, table=table, name=str(data.get("name") or table))
    problems = []
    for i, (e, t, line) in enumerate(zip(raw, types, lines)):
        where = f"expectation {i + 1}"
        if not isinstance(e, dict) or not t:
            problems.append(suite_problem(shown, f'{where} has no "type"', line=line))
            continue
        kwargs = e.get("kwargs") or {}
        meta = e.get("meta") or {}
        severity = str(e.get("severity") or meta.get("severity") or "critical").lower()
        if not isinstance(kwargs, dict) or not isinstance(meta, dict):
            problems.append(suite_problem(shown, f'{where} ({t}): "kwargs" and "meta" must be objects', line=line))
            continue
        if severity not in _SEVERITIES:
            problems.append(suite_problem(shown, f"{where} ({t}): severity '{severity}' is not one of "
                                                 f"{', '.join(_SEVERITIES)}", line=line))
            continue
        suite.expectations.append(ExpectationSpec(type=t, kwargs=kwargs, meta=meta,
                                                  notes=_notes(e.get("notes")) or _notes(meta.get("notes")),
                                                  severity=severity, line=line))
    return suite, problems
