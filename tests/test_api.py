"""The Python API: `from auditor import audit` gives the findings and the canonical tables as DataFrames and
the same JSON as the CLI."""
from __future__ import annotations

import pandas as pd
import pytest
from click.testing import CliRunner

from auditor.cli import main
from conftest import seed

SEED000 = seed("000")      # NCT03626090, a registry page: AGE001 error (21-69 stated, 22-70 in the criteria)


def test_audit_returns_findings_tables_and_the_cli_json(tmp_path):
    from auditor import audit
    cfg = tmp_path / "c.yaml"
    cfg.write_text("expectations_dir: null\n")
    res = audit(SEED000, config=cfg, today="2026-11-23")
    assert res.passed is False and res.exit_code == 1
    assert isinstance(res.findings, pd.DataFrame)
    age = res.findings[res.findings["rule"] == "AGE001"].iloc[0]
    assert (age["record"], age["severity"]) == ("NCT03626090", "error")
    assert age["source"].endswith("000_1fca3f9ad7eb27df.txt") and age["line"] == 140   # "21 Years", line 140
    assert age["values"] == {"stated": "21-69 years", "criteria": "22-70 years"}
    trials = res.tables["trials"]
    assert list(trials["record_id"]) == ["NCT03626090"]
    assert {"trials", "arms", "interventions", "criteria", "sites", "outcomes", "analyses", "documents"} <= set(res.tables)
    assert "min_age_line" in trials.columns and int(trials["min_age_line"].iloc[0]) == 140
    # The same bytes as `trial-audit audit ... --format json`.
    out = tmp_path / "out"
    r = CliRunner().invoke(main, ["audit", str(SEED000), "--config", str(cfg), "--out", str(out), "--format", "json",
                                  "--today", "2026-11-23"])
    assert r.exit_code == 1
    assert res.to_json() == (out / "audit.json").read_bytes()


def test_api_errors_are_exceptions(tmp_path):
    from auditor import audit
    from auditor.config import ConfigError
    with pytest.raises(ValueError, match="no such file or folder"):
        audit(tmp_path / "missing")
    bad = tmp_path / "c.yaml"
    bad.write_text("waiver: []\n")
    with pytest.raises(ConfigError, match="unknown key 'waiver'"):
        audit(SEED000, config=bad)
    empty = tmp_path / "empty"
    empty.mkdir()
    cfg = tmp_path / "ok.yaml"
    cfg.write_text("expectations_dir: null\n")
    res = audit(empty, config=cfg)
    assert res.exit_code == 2 and res.findings.empty and list(res.findings.columns)[:4] == [
        "rule", "category", "severity", "record"]
