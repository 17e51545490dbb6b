"""What `rules`, `explain` and `config --show` print: the rule catalogue as text or JSON, and the docs of
a rule id, an expectation type (Great Expectations ids appear as rule ids in findings), a category or a
rule family (a checks/ module or an id prefix such as AGE)."""
from __future__ import annotations

import re
from typing import Any

from .config import Config
from .findings import CATEGORIES
from .rules import Rule, rule_source


def rule_dict(r: Rule, cfg: Config) -> dict[str, Any]:
    return {"id": r.id, "category": r.category, "family": family(r),
            "severity": cfg.severity(r.id, r.category, r.severity), "default_severity": r.severity,
            "enabled": cfg.enabled(r.id, r.category), "scope": r.scope, "title": r.title,
            "what": r.what, "why": r.why, "example": r.example, "defined_in": r.module}


def family(r: Rule) -> str:
    """The module a rule lives in, without the package: checks/age_limits.py -> age_limits."""
    return r.module.rsplit(".", 1)[-1]


def expectation_uses(cfg: Config) -> dict[str, list[dict[str, Any]]]:
    """Each expectation type in the suites in use -> where it is used (file, line, table, kwargs, notes)."""
    from .pipeline import display_path
    from .schema.suites import load_suites, suites_dir
    from .schema.views import TABLE_NAMES
    d = suites_dir(cfg)
    if d is None:
        return {}
    suites, _ = load_suites(d, set(TABLE_NAMES), display_path)
    out: dict[str, list[dict[str, Any]]] = {}
    for s in suites:
        for e in s.expectations:
            out.setdefault(e.type, []).append({"suite": s.shown, "line": e.line, "table": s.table,
                                               "severity": e.severity, "kwargs": e.kwargs, "notes": e.notes})
    return dict(sorted(out.items()))


def catalogue(rules: dict[str, Rule], cfg: Config) -> dict[str, Any]:
    """`trial-audit rules --format json`."""
    return {"rules": [rule_dict(r, cfg) for r in rules.values()],
            "expectations": [{"id": t, "category": "schema", "uses": uses}
                             for t, uses in expectation_uses(cfg).items()],
            "categories": list(CATEGORIES)}


def explain_text(name: str, rules: dict[str, Rule], cfg: Config) -> str | None:
    """The explanation of a rule id, expectation type, category or family; None when it names nothing."""
    r = rules.get(name.upper())
    if r is not None:
        return (f"{r.id}: {r.title}\ncategory: {r.category}   family: {family(r)}   default severity: "
                f"{r.severity}   defined in: {rule_source(r)}\n\n{r.docs}")
    uses = expectation_uses(cfg).get(name)
    if uses:
        lines = [f"{name}: a Great Expectations expectation type (category schema), used by your suites:"]
        for u in uses:
            args = ", ".join(f"{k}={v!r}" for k, v in u["kwargs"].items())
            lines.append(f"  {u['suite']}:{u['line'] or '?'}  table {u['table']}  severity {u['severity']}  {args}")
            if u["notes"]:
                lines.append(f"      {u['notes']}")
        lines.append("Findings carry this type as their rule id; re-level or disable it under `rules:` in the "
                     "config. Reference: https://greatexpectations.io/expectations/")
        return "\n".join(lines)
    members = _members(name, rules)
    if members is None:
        return None
    kind, chosen = members
    lines = [f"{name}: {kind}, {len(chosen)} rule{'s' if len(chosen) != 1 else ''}:"]
    lines += [f"  {r.id:<10} {r.severity:<8} {r.title}   ({rule_source(r)})" for r in chosen]
    return "\n".join(lines)


def _members(name: str, rules: dict[str, Rule]) -> tuple[str, list[Rule]] | None:
    low = name.lower().replace("-", "_")
    if name.lower() in CATEGORIES:
        return "a category", [r for r in rules.values() if r.category == name.lower()]
    by_module = [r for r in rules.values() if family(r) == low or r.module == name]
    if by_module:
        return f"a rule family (module {by_module[0].module})", by_module
    if re.fullmatch(r"[A-Za-z]+", name):
        by_prefix = [r for r in rules.values() if re.fullmatch(re.escape(name.upper()) + r"\d+", r.id)]
        if by_prefix:
            return "a rule family (id prefix)", by_prefix
    return None
