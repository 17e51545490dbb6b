"""The rule registry. A rule is a function decorated with @rule, living in one module
per rule family under checks/. Each declares a stable id, a category, a default severity,
a one-line title and docs (what it checks, why it matters, an example).

Scopes say what a rule's check() receives:
- "record":      check(trial, ctx)        once per Trial (one rendering of one record)
- "publication": check(pub, ctx)          once per Publication
- "corpus":      check(ctx)               once per run, after all records are read (cross-record rules)
"""
from __future__ import annotations

import importlib
import inspect
import pkgutil
from dataclasses import dataclass
from typing import Callable, Iterable

from .findings import CATEGORIES, SEVERITIES, Finding


@dataclass(slots=True)
class Rule:
    id: str
    category: str
    severity: str
    title: str
    scope: str
    func: Callable[..., Iterable[Finding]]
    docs: str
    module: str

    @property
    def what(self) -> str:
        return _doc_part(self.docs, "what") or self.title

    @property
    def why(self) -> str:
        return _doc_part(self.docs, "why")

    @property
    def example(self) -> str:
        return _doc_part(self.docs, "example")


REGISTRY: dict[str, Rule] = {}


def rule(id: str, *, category: str, severity: str, title: str, scope: str = "record"):
    """Register a check. The function's docstring is the rule's documentation, with
    paragraphs headed 'What:', 'Why:' and 'Example:'."""
    assert category in CATEGORIES, category
    assert severity in SEVERITIES, severity
    assert scope in ("record", "publication", "corpus"), scope

    def deco(func):
        if id in REGISTRY and REGISTRY[id].func.__qualname__ != func.__qualname__:
            raise ValueError(f"rule id {id} registered twice")
        REGISTRY[id] = Rule(id=id, category=category, severity=severity, title=title, scope=scope,
                            func=func, docs=inspect.cleandoc(func.__doc__ or ""), module=func.__module__)
        return func
    return deco


def _doc_part(docs: str, name: str) -> str:
    parts: dict[str, list[str]] = {}
    cur = None
    for line in docs.splitlines():
        low = line.strip().lower()
        for key in ("what:", "why:", "example:"):
            if low.startswith(key):
                cur = key[:-1]
                parts[cur] = [line.strip()[len(key):].strip()]
                break
        else:
            if cur:
                parts[cur].append(line.strip())
    return " ".join(p for p in parts.get(name, []) if p).strip() if name != "example" else \
        "\n".join(parts.get(name, [])).strip()


_LOADED = False


def load_rules() -> dict[str, Rule]:
    """Import every module of the checks package so their rules register."""
    global _LOADED
    if not _LOADED:
        import checks

        from . import builtin_rules  # noqa: F401 - registers INPUT001/INPUT002
        for mod in sorted(pkgutil.iter_modules(checks.__path__), key=lambda m: m.name):
            if not mod.name.startswith("_"):
                importlib.import_module(f"checks.{mod.name}")
        _LOADED = True
    return dict(sorted(REGISTRY.items()))


class _Deferred:
    """A rule's check, its family imported on the first call (a run imports only the families whose
    rules run: a registry-only audit never imports the paper statistics)."""
    __slots__ = ("module", "id", "func")

    def __init__(self, module: str, id: str) -> None:
        self.module, self.id, self.func = module, id, None

    def __call__(self, *args):
        if self.func is None:
            importlib.import_module(self.module)
            self.func = REGISTRY[self.id].func
        return self.func(*args)


def lazy_rules() -> dict[str, Rule]:
    """Every rule, as load_rules() gives it, read from the rule catalogue (auditor/catalogue.py, which
    imports any family changed since it was written); each family is imported when a rule of it runs."""
    from .catalogue import rules
    out = rules()
    for r in out.values():
        if r.func is None:
            r.func = _Deferred(r.module, r.id)
    return out


def rule_source(r: Rule) -> str:
    """The file that defines a rule, found without importing its module (explain stays fast)."""
    import importlib.util
    spec = importlib.util.find_spec(r.module)
    return spec.origin if spec is not None and spec.origin else r.module