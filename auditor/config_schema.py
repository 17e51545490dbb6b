"""The schema of config.yaml and its validation with file:line messages.

A mistyped key (`waiver:` for `waivers:`), rule id or category must stop the run: silently ignored, the
user believes something is waived or disabled when it is not. The structure is checked with jsonschema;
rule ids, categories and select/ignore entries against the rules that exist (registered rules, the
pipeline's own, and the expectation types of the suites in use, which appear as rule ids in findings)."""
from __future__ import annotations

import datetime as dt
import difflib
import json
import re
from pathlib import Path
from typing import Any, Callable, Iterable

import yaml

from .findings import CATEGORIES, SEVERITIES

FAIL_ON = ("error", "warning", "info", "never")
_SEVERITY = {"enum": list(SEVERITIES)}
_RULE_SETTINGS = {"oneOf": [
    {"enum": list(SEVERITIES)},
    {"type": "object", "additionalProperties": False,
     "properties": {"severity": _SEVERITY, "enabled": {"type": "boolean"}}},
]}
_DATE = {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
_GLOBS = {"type": "array", "items": {"type": "string", "minLength": 1}}


def schema(threshold_names: Iterable[str]) -> dict[str, Any]:
    """The JSON schema of config.yaml. Thresholds are the names the code has defaults for."""
    return {
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "fail_on": {"enum": list(FAIL_ON)},
            "rules": {"type": ["object", "null"], "additionalProperties": _RULE_SETTINGS},
            "categories": {"type": ["object", "null"], "additionalProperties": _RULE_SETTINGS},
            "select": {"type": ["array", "null"], "items": {"type": "string", "minLength": 1}},
            "ignore": {"type": ["array", "null"], "items": {"type": "string", "minLength": 1}},
            "thresholds": {"type": ["object", "null"], "additionalProperties": False,
                           "properties": {n: {"type": "number", "minimum": 0} for n in sorted(threshold_names)}},
            "waivers": {"type": ["array", "null"], "items": {
                "type": "object", "additionalProperties": False, "required": ["rule", "record", "reason"],
                "properties": {"rule": {"type": "string", "minLength": 1},
                               "record": {"type": "string", "minLength": 1},
                               "reason": {"type": "string", "minLength": 1},
                               "expires": {"oneOf": [_DATE, {"type": "null"}]}}}},
            "typo": {"type": ["object", "null"], "additionalProperties": False,
                     "properties": {"words": {"type": ["array", "null"], "items": {"type": ["string", "number"]}}}},
            "today": {"oneOf": [_DATE, {"type": "null"}]},
            "expectations_dir": {"type": ["string", "null", "boolean"]},
            "exclude": _GLOBS,              # folder walking: globs left out (replaces the defaults)
            "extend_exclude": _GLOBS,       # ... added to the defaults
            "github": {"type": "object", "additionalProperties": False,
                       "properties": {"max_annotations": {"type": "integer", "minimum": 0}}},
            "ctgov": {"type": "object", "additionalProperties": False,
                      "properties": {"base_url": {"type": "string", "pattern": "^https?://"},
                                     "timeout": {"type": "number", "exclusiveMinimum": 0},
                                     "retries": {"type": "integer", "minimum": 0, "maximum": 10}}},
        },
    }


class Located:
    """Line numbers of a YAML document's keys and values, by path (tuple of keys and list indexes)."""

    def __init__(self, text: str) -> None:
        self.keys: dict[tuple, int] = {}
        self.values: dict[tuple, int] = {}
        try:
            root = yaml.compose(text)
        except yaml.YAMLError:
            root = None
        if root is not None:
            self._walk(root, ())

    def _walk(self, node: yaml.Node, path: tuple) -> None:
        self.values[path] = node.start_mark.line + 1
        if isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                key = k.value if isinstance(k, yaml.ScalarNode) else str(k.value)
                self.keys[path + (key,)] = k.start_mark.line + 1
                self._walk(v, path + (key,))
        elif isinstance(node, yaml.SequenceNode):
            for i, v in enumerate(node.value):
                self._walk(v, path + (i,))

    def line(self, path: tuple, key: bool = False) -> int:
        """The line of the key (or value) at path, else of its nearest ancestor."""
        p = tuple(path)
        while p:
            got = (self.keys if key else self.values).get(p) or self.values.get(p) or self.keys.get(p)
            if got:
                return got
            p = p[:-1]
        return 1


def _plain(v: Any) -> Any:
    """YAML dates as the text written, so the JSON schema sees what the user typed."""
    if isinstance(v, dict):
        return {str(k): _plain(x) for k, x in v.items()}
    if isinstance(v, list):
        return [_plain(x) for x in v]
    if isinstance(v, (dt.date, dt.datetime)):
        return v.isoformat()
    return v


def _dotted(path: Iterable) -> str:
    out = ""
    for p in path:
        out += f"[{p + 1}]" if isinstance(p, int) else (("." if out else "") + str(p))
    return out


def _suggest(word: str, choices: Iterable[str]) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""


def structural_errors(data: Any, where: Located, threshold_names: Iterable[str]) -> list[tuple[int, str]]:
    """(line, message) for every place the document breaks the schema."""
    import jsonschema

    sch = schema(threshold_names)
    out: list[tuple[int, str]] = []
    validator = jsonschema.Draft202012Validator(sch)
    for err in validator.iter_errors(_plain(data)):
        path = tuple(err.absolute_path)
        if err.validator == "additionalProperties" and isinstance(err.instance, dict):
            allowed = _allowed(sch, path)
            if allowed is not None:
                for extra in sorted(set(err.instance) - set(allowed)):
                    name = _dotted(path + (extra,))
                    out.append((where.line(path + (extra,), key=True),
                                f"unknown key '{name}'{_suggest(extra, allowed)} (allowed: {', '.join(allowed)})"))
                continue
        if err.validator == "oneOf" and isinstance(err.instance, dict):
            deeper = [e for e in err.context if e.absolute_path and len(e.absolute_path) > len(path)]
            if deeper:      # a mapping that went wrong inside: name the inner key, not the whole value
                err = deeper[0]
                path = tuple(err.absolute_path)
        name = _dotted(path) or "the top level"
        out.append((where.line(path), f"{name}: {_message(err)}"))
    return out


def _allowed(sch: dict[str, Any], path: tuple) -> list[str] | None:
    node = sch
    for p in path:
        if isinstance(p, int):
            node = node.get("items", {})
        elif p in node.get("properties", {}):
            node = node["properties"][p]
        else:
            return None
    props = node.get("properties")
    return sorted(props) if props is not None and node.get("additionalProperties") is False else None


def _message(err: Any) -> str:
    if err.validator == "enum":
        return f"{err.instance!r} is not one of {', '.join(map(str, err.validator_value))}"
    if err.validator == "oneOf" and "severity" in json.dumps(err.schema):
        return (f"{err.instance!r} must be a severity ({', '.join(SEVERITIES)}) or a mapping with "
                "severity and/or enabled")
    if err.validator == "oneOf" and "pattern" in json.dumps(err.schema):
        return f"{err.instance!r} is not a date (yyyy-mm-dd)"
    if err.validator == "pattern" and "\\d{4}" in str(err.validator_value):
        return f"{err.instance!r} is not a date (yyyy-mm-dd)"
    if err.validator == "required":
        return err.message.replace("is a required property", "is required")
    return err.message


def known_rule_ids(expectations_dir: Path | None) -> set[str]:
    """Every id a finding can carry: registered rules (with the pipeline's own) and the expectation
    types of the suites in use."""
    from .catalogue import rules     # every id, the built-in INPUT ones too, without importing the families

    ids = set(rules())
    if expectations_dir is not None and expectations_dir.is_dir():
        for path in sorted(expectations_dir.glob("*.json")):
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError, ValueError):
                continue        # reported as SUITE001 by the audit itself
            for e in data.get("expectations") or [] if isinstance(data, dict) else []:
                if isinstance(e, dict) and (e.get("type") or e.get("expectation_type")):
                    ids.add(str(e.get("type") or e.get("expectation_type")))
    return ids


def reference_errors(data: dict[str, Any], where: Located, ids: set[str]) -> list[tuple[int, str]]:
    """Rule ids, categories and select/ignore entries that name nothing that exists."""
    out: list[tuple[int, str]] = []
    prefixes = {m.group() for m in (re.match(r"[A-Z]+(?=\d)", r) for r in ids) if m}
    choices = sorted(ids | prefixes) + list(CATEGORIES)
    def mapping(key: str) -> dict:
        v = data.get(key)
        return v if isinstance(v, dict) else {}

    def listed(key: str) -> list:
        v = data.get(key)
        return v if isinstance(v, list) else []

    for rid in mapping("rules"):
        if str(rid) not in ids:
            out.append((where.line(("rules", rid), key=True),
                        f"rules.{rid}: unknown rule id{_suggest(str(rid), ids)} (`trial-audit rules` lists them)"))
    for cat in mapping("categories"):
        if str(cat) not in CATEGORIES:
            out.append((where.line(("categories", cat), key=True),
                        f"categories.{cat}: unknown category{_suggest(str(cat), CATEGORIES)} "
                        f"(one of {', '.join(CATEGORIES)})"))
    for key in ("select", "ignore"):
        for i, v in enumerate(listed(key)):
            v = str(v)
            if v in ids or v in CATEGORIES or (v.isupper() and any(r.startswith(v) for r in ids)):
                continue
            out.append((where.line((key, i)),
                        f"{key}[{i + 1}]: '{v}' is no rule id, id prefix or category{_suggest(v, choices)}"))
    for i, w in enumerate(listed("waivers")):
        rid = str(w.get("rule")) if isinstance(w, dict) else None
        if rid is not None and rid != "*" and rid not in ids:
            out.append((where.line(("waivers", i, "rule")),
                        f"waivers[{i + 1}].rule: unknown rule id '{rid}'{_suggest(rid, ids)}"))
    return out


def validate(text: str, data: Any, shown: str, threshold_names: Iterable[str],
             rule_ids: Callable[[], set[str]]) -> list[str]:
    """Every problem as 'file:line: message', in line order; empty when the config is good."""
    where = Located(text)
    problems = structural_errors(data, where, threshold_names)
    if isinstance(data, dict):
        problems += reference_errors(data, where, rule_ids())
    return [f"{shown}:{line}: {msg}" for line, msg in sorted(set(problems))]
