"""Run configuration: rule selection and severities, thresholds, waivers, word lists.

Precedence for a rule's severity: config `rules: {ID: {severity}}`, then
`categories: {name: {severity}}`, then the rule's default."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml


DEFAULT_THRESHOLDS: dict[str, Any] = {
    "max_file_size_mb": 200,
    "stale_update_years": 2,            # an active record not updated for this long is stale
    "anticipated_past_days": 365,       # an anticipated date this far in the past is overdue
    "active_after_completion_days": 365,
    "retrospective_registration_days": 30,  # first posted this long after the start date
    "enrollment_tolerance": 0,          # per-group numbers may differ from enrollment by this many
    "p_ratio_warning": 2.5,             # reported p this many times off the recomputed one (beyond rounding)
    "schema_max_years_ahead": 30,       # a date further ahead of the run date is implausible
}


class ConfigError(Exception):
    pass


class _Loader(yaml.SafeLoader):
    """YAML without implicit timestamps: dates stay the text written, so a bad one (2027-13-01) is
    reported with its line instead of failing inside the YAML library."""


_Loader.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag != "tag:yaml.org,2002:timestamp"]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()}


@dataclass
class Waiver:
    rule: str
    record: str
    reason: str
    expires: dt.date | None = None
    line: int | None = None             # where the waiver stands in the config file

    def expired(self, today: dt.date) -> bool:
        return self.expires is not None and today > self.expires

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"rule": self.rule, "record": self.record, "reason": self.reason,
                             "expires": self.expires.isoformat() if self.expires else None}
        if self.line is not None:
            d["line"] = self.line
        return d

    def matches(self, rule: str, record: str, today: dt.date) -> bool:
        if self.expires is not None and today > self.expires:
            return False
        return self.rule in (rule, "*") and self.record in (record, "*")


@dataclass
class Config:
    path: str | None = None
    rules: dict[str, dict[str, Any]] = field(default_factory=dict)
    categories: dict[str, dict[str, Any]] = field(default_factory=dict)
    select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    thresholds: dict[str, Any] = field(default_factory=lambda: dict(DEFAULT_THRESHOLDS))
    waivers: list[Waiver] = field(default_factory=list)
    words: list[str] = field(default_factory=list)
    today: dt.date | None = None
    raw: dict[str, Any] = field(default_factory=dict)
    exclude: list[str] | None = None        # globs left out of folders; None: the defaults
    extend_exclude: list[str] = field(default_factory=list)

    def enabled(self, rule_id: str, category: str) -> bool:
        if self.rules.get(rule_id, {}).get("enabled") is False:
            return False
        if self.categories.get(category, {}).get("enabled") is False and \
                self.rules.get(rule_id, {}).get("enabled") is not True:
            return False
        if self.select and not ({rule_id, category} & set(self.select)) and \
                not any(rule_id.startswith(s) for s in self.select):
            return False
        if {rule_id, category} & set(self.ignore) or any(rule_id.startswith(s) for s in self.ignore if s.isupper()):
            return False
        return True

    def severity(self, rule_id: str, category: str, default: str) -> str:
        s = self.rules.get(rule_id, {}).get("severity") or self.categories.get(category, {}).get("severity")
        return s or default

    def waiver_for(self, rule: str, record: str, today: dt.date) -> Waiver | None:
        for w in self.waivers:
            if w.matches(rule, record, today):
                return w
        return None

    def threshold(self, name: str) -> Any:
        return self.thresholds.get(name, DEFAULT_THRESHOLDS.get(name))

    def expired_waivers(self, today: dt.date) -> list[Waiver]:
        """Waivers past their expiry date: they no longer apply, and the summary says so."""
        return [w for w in self.waivers if w.expired(today)]

    def effective(self) -> dict[str, Any]:
        """The configuration a run uses, defaults filled in (`trial-audit config --show`)."""
        out = {k: v for k, v in self.raw.items() if k not in ("rules", "categories", "thresholds", "waivers",
                                                             "typo", "select", "ignore", "today")}
        out.update({"config_file": self.path, "fail_on": self.raw.get("fail_on", "error"),
                    "rules": self.rules, "categories": self.categories, "select": self.select,
                    "ignore": self.ignore, "thresholds": dict(sorted(self.thresholds.items())),
                    "waivers": [w.to_dict() for w in self.waivers], "typo": {"words": self.words},
                    "today": self.today.isoformat() if self.today else None})
        if "expectations_dir" not in out:
            out["expectations_dir"] = "(bundled suites)"
        return dict(sorted(out.items()))


def _date(v: Any, what: str) -> dt.date | None:
    if v is None or v == "":
        return None
    if isinstance(v, dt.date):
        return v
    try:
        return dt.date.fromisoformat(str(v))
    except ValueError as e:
        raise ConfigError(f"{what}: '{v}' is not a date (yyyy-mm-dd)") from e


def load_config(path: str | Path | None) -> Config:
    """Read a config.yaml, validated against its schema (auditor/config_schema.py) and the rules that
    exist. A missing default file gives the defaults; every problem raises ConfigError as file:line."""
    if path is None:
        return Config()
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
        data = yaml.load(text, Loader=_Loader) or {}  # noqa: S506 - a SafeLoader subclass
    except OSError as e:
        raise ConfigError(f"cannot read {p}: {e.strerror}") from e
    except UnicodeDecodeError as e:
        raise ConfigError(f"{p} is not UTF-8 text ({e.reason})") from e
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f"{p}:{mark.line + 1}" if mark is not None else str(p)
        raise ConfigError(f"{where}: not valid YAML: {getattr(e, 'problem', None) or e}") from e
    if not isinstance(data, dict):
        raise ConfigError(f"{p}:1: the top level must be a mapping")
    cfg = Config(path=str(p), raw=data)
    from .config_schema import Located, validate

    def rule_ids() -> set[str]:
        from .config_schema import known_rule_ids
        from .schema.suites import suites_dir
        return known_rule_ids(suites_dir(cfg))

    problems = validate(text, data, str(p), DEFAULT_THRESHOLDS, rule_ids)
    if problems:
        raise ConfigError("\n".join(problems))
    for key in ("rules", "categories"):
        for name, settings in (data.get(key) or {}).items():
            getattr(cfg, key)[str(name)] = {"severity": settings} if isinstance(settings, str) else dict(settings)
    cfg.select = [str(s) for s in data.get("select") or []]
    cfg.ignore = [str(s) for s in data.get("ignore") or []]
    cfg.thresholds.update(data.get("thresholds") or {})
    where = Located(text)
    for i, w in enumerate(data.get("waivers") or []):
        cfg.waivers.append(Waiver(rule=str(w["rule"]), record=str(w["record"]), reason=str(w["reason"]),
                                  expires=_date(w.get("expires"), f"{p}:{where.line(('waivers', i))}: waiver expires"),
                                  line=where.line(("waivers", i))))
    cfg.words = [str(x) for x in ((data.get("typo") or {}).get("words") or [])]
    cfg.today = _date(data.get("today"), f"{p}:{where.line(('today',))}: today")
    # exclude / extend_exclude: lists of globs (the schema checked their shape).
    if data.get("exclude") is not None:
        cfg.exclude = [str(g) for g in data["exclude"]]
    cfg.extend_exclude = [str(g) for g in data.get("extend_exclude") or []]
    return cfg
