"""Helpers for the schema tests: read real records (or edited copies) and run the schema checks."""
from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

from auditor.config import Config
from auditor.context import Context
from auditor.findings import Finding
from auditor.model import Trial
from auditor.readers import read_file
from auditor.schema import run_schema

from conftest import CORPUS, REPO

TODAY = dt.date(2026, 11, 23)
LEGACY = CORPUS / "ctgov-legacy-xml_fixtures" / "NCT01174550.xml"   # completed, results, arms
V2_OBSERVATIONAL = CORPUS / "ctgov-api-v2-json" / "NCT05594173.json"
V2_RESULTS = CORPUS / "ctgov-api-v2-json" / "NCT03064438.json"
SHIPPED = REPO / "expectations"
INTERVENTIONAL_ONLY = {"type": "expect_column_values_to_be_in_set",
                       "kwargs": {"column": "study_type", "value_set": ["INTERVENTIONAL"]},
                       "severity": "warning", "notes": "Only interventional studies belong in this portfolio"}


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


def suites_copy(tmp_path: Path, add: dict[str, list[dict]] | None = None) -> Path:
    """The shipped suites copied to tmp_path/suites, with expectations appended per table."""
    d = tmp_path / "suites"
    shutil.copytree(SHIPPED, d, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    for table, exps in (add or {}).items():
        p = d / f"{table}.json"
        data = json.loads(p.read_text())
        data["expectations"].extend(exps)
        p.write_text(json.dumps(data, indent=2))
    return d
