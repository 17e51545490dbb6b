"""Run configuration: rule selection and severities, thresholds, waivers, word lists.

Precedence for a rule's severity: config `rules: {ID: {severity}}`, then
`categories: {name: {severity}}`, then the rule's default."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .findings import CATEGORIES, SEVERITIES

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


@dataclass
class Waiver:
    rule: str
    record: str
    reason: str
    expires: dt.date | None = None

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
    """Read a config.yaml. A missing default file gives the defaults; errors raise ConfigError."""
    if path is None:
        return Config()
    p = Path(path)
    try:
        data = yaml.safe_load(p.read_text(encoding="utf-8")) or {}
    except OSError as e:
        raise ConfigError(f"cannot read {p}: {e.strerror}") from e
    except yaml.YAMLError as e:
        raise ConfigError(f"{p} is not valid YAML: {e}") from e
    if not isinstance(data, dict):
        raise ConfigError(f"{p}: the top level must be a mapping")
    cfg = Config(path=str(p), raw=data)
    for key in ("rules", "categories"):
        section = data.get(key) or {}
        if not isinstance(section, dict):
            raise ConfigError(f"{p}: '{key}' must be a mapping of id to settings")
        for name, settings in section.items():
            if isinstance(settings, str):
                settings = {"severity": settings}
            if not isinstance(settings, dict):
                raise ConfigError(f"{p}: {key}.{name} must be a mapping or a severity")
            sev = settings.get("severity")
            if sev is not None and sev not in SEVERITIES:
                raise ConfigError(f"{p}: {key}.{name}.severity must be one of {', '.join(SEVERITIES)}")
            if key == "categories" and name not in CATEGORIES:
                raise ConfigError(f"{p}: unknown category '{name}'")
            getattr(cfg, key)[str(name)] = settings
    cfg.select = [str(s) for s in data.get("select") or []]
    cfg.ignore = [str(s) for s in data.get("ignore") or []]
    th = data.get("thresholds") or {}
    if not isinstance(th, dict):
        raise ConfigError(f"{p}: 'thresholds' must be a mapping")
    cfg.thresholds.update(th)
    for i, w in enumerate(data.get("waivers") or []):
        if not isinstance(w, dict) or not w.get("rule") or not w.get("record") or not w.get("reason"):
            raise ConfigError(f"{p}: waiver {i + 1} needs rule, record and reason")
        cfg.waivers.append(Waiver(rule=str(w["rule"]), record=str(w["record"]), reason=str(w["reason"]),
                                  expires=_date(w.get("expires"), f"waiver {i + 1} expires")))
    typo = data.get("typo") or {}
    cfg.words = [str(x) for x in (typo.get("words") or [])]
    cfg.today = _date(data.get("today"), "today")
    for key in ("exclude", "extend_exclude"):
        v = data.get(key)
        if v is not None and (not isinstance(v, list) or not all(isinstance(g, str) for g in v)):
            raise ConfigError(f"{p}: '{key}' must be a list of glob patterns")
    if data.get("exclude") is not None:
        cfg.exclude = list(data["exclude"])
    cfg.extend_exclude = list(data.get("extend_exclude") or [])
    return cfg
