"""Helpers for the schema tests: read real records (or edited copies) and run the schema checks."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from auditor.config import Config
from auditor.context import Context
from auditor.findings import Finding
from auditor.model import Trial
from auditor.readers import read_file
from auditor.schema import run_schema

from conftest import CORPUS

TODAY = dt.date(2026, 11, 23)
LEGACY = CORPUS / "ctgov-legacy-xml_fixtures" / "NCT01174550.xml"   # completed, results, arms
V2_OBSERVATIONAL = CORPUS / "ctgov-api-v2-json" / "NCT05594173.json"
V2_RESULTS = CORPUS / "ctgov-api-v2-json" / "NCT03064438.json"


def config(expectations_dir: Path | str | None) -> Config:
    """expectations_dir None: pandera only; a folder: those suites."""
    return Config(raw={"expectations_dir": None if expectations_dir is None else str(expectations_dir)})


NO_SUITES = config(None)


def read(path: Path) -> list[Trial]:
    return [x for x in read_file(path, path.as_posix(), 10 ** 9) if isinstance(x, Trial)]


def audit(paths: list[Path], cfg: Config = NO_SUITES, today: dt.date = TODAY) -> list[Finding]:
    trials = [t for p in paths for t in read(p)]
    assert trials, f"nothing read from {paths}"
    return run_schema(Context(config=cfg, today=today, trials=trials))


def edited(src: Path, tmp: Path, old: str, new: str) -> Path:
    """A copy of src with one occurrence of old replaced (line numbers kept when new has no line break)."""
    text = src.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {src.name}"
    out = tmp / src.name
    out.write_text(text.replace(old, new), encoding="utf-8")
    return out


def by_rule(findings: list[Finding], rule: str) -> list[Finding]:
    return [f for f in findings if f.rule == rule]
