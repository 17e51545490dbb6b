"""The rule catalogue: every rule's id, category, severity, title, scope and docs, stored in
auditor/data/rule_catalogue.json so `trial-audit rules` and `explain` answer without importing the
rule families (and with them scipy, pandas, the dictionaries).

Each rule module's entry is keyed by a hash of its source (and of the files its registrations read);
a module whose source changed since the catalogue was written is imported instead, so the listing is
always the registry's. Regenerate after adding or editing rules: `python -m auditor.catalogue`."""
from __future__ import annotations

import hashlib
import importlib
import importlib.util
import json
import pkgutil
from pathlib import Path

from .rules import REGISTRY, Rule

PATH = Path(__file__).resolve().parent / "data" / "rule_catalogue.json"
_ROOT = Path(__file__).resolve().parents[1]
# Files every registration may read (ids, severities and titles of the schema rules, the decorator).
_SHARED = ("auditor/rules.py", "auditor/findings.py", "auditor/schema/ruleset.py")
_FIELDS = ("id", "category", "severity", "title", "scope", "docs")


def modules() -> list[str]:
    """The modules that register rules, in load order: the checks families, then the built-ins."""
    import checks
    names = sorted(m.name for m in pkgutil.iter_modules(checks.__path__) if not m.name.startswith("_"))
    return [f"checks.{n}" for n in names] + ["auditor.builtin_rules"]


def _origin(module: str) -> Path | None:
    spec = importlib.util.find_spec(module)
    return Path(spec.origin) if spec is not None and spec.origin else None


def _digest(module: str, salt: str) -> str | None:
    origin = _origin(module)
    if origin is None:
        return None
    try:
        return hashlib.sha256(salt.encode() + origin.read_bytes()).hexdigest()
    except OSError:
        return None


def _salt() -> str:
    h = hashlib.sha256()
    for rel in _SHARED:
        p = _ROOT / rel
        h.update(p.read_bytes() if p.is_file() else b"")
    return h.hexdigest()


def _registered(module: str) -> list[Rule]:
    importlib.import_module(module)
    return [r for r in REGISTRY.values() if r.module == module]


def rules() -> dict[str, Rule]:
    """Every rule, as load_rules() gives it but with func=None for those read from the catalogue."""
    try:
        stored = json.loads(PATH.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        stored = {}
    salt = _salt()
    out: dict[str, Rule] = {}
    for module in modules():
        entry = stored.get(module)
        if isinstance(entry, dict) and entry.get("hash") == _digest(module, salt):
            found = [Rule(func=None, module=module, **{k: r[k] for k in _FIELDS}) for r in entry["rules"]]
        else:
            found = _registered(module)
        out.update((r.id, r) for r in found)
    return dict(sorted(out.items()))


def source_of(r: Rule) -> str:
    origin = _origin(r.module)
    return str(origin) if origin is not None else r.module


def build() -> dict:
    from .rules import load_rules
    load_rules()
    salt = _salt()
    return {m: {"hash": _digest(m, salt), "rules": [{k: getattr(r, k) for k in _FIELDS} for r in
                                                   sorted(_registered(m), key=lambda r: r.id)]}
            for m in modules()}


if __name__ == "__main__":
    PATH.write_text(json.dumps(build(), indent=1, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {PATH}")
