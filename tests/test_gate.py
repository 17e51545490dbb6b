"""`trial-audit gate SAVED.json`: severities, rule switches, waivers, a baseline and --fail-on applied anew to
a saved audit, without auditing again; and "no input, no pass" (exit 2 unless --allow-empty)."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from auditor.cli import main
from conftest import seed

TODAY = ["--today", "2026-11-23"]
SEED000 = seed("000")      # NCT03626090: AGE001 error (stated 21-69 years, criteria 22-70) and a DATE007 info
                           # (Recruiting sites under Unknown status; a page gives no last known status)


def invoke(*args):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture(scope="module")
def saved(tmp_path_factory):
    out = tmp_path_factory.mktemp("saved")
    cfg = out / "none.yaml"
    cfg.write_text("expectations_dir: null\n")
    r = invoke("audit", str(SEED000), "--out", str(out), "--format", "json", "--config", str(cfg), *TODAY)
    assert r.exit_code == 1, r.output
    data = json.loads((out / "audit.json").read_text())
    assert sorted((f["rule"], f["severity"]) for f in data["findings"]) == [("AGE001", "error"), ("DATE007", "info")]
    return out / "audit.json"


def regated(tmp_path, saved, cfg_text: str | None, *args: str):
    extra = []
    if cfg_text is not None:
        cfg = tmp_path / "c.yaml"
        cfg.write_text(cfg_text)
        extra = ["--config", str(cfg)]
    out = tmp_path / "g"
    r = invoke("gate", str(saved), "--out", str(out), "--format", "json,html", *extra, *args)
    return r, json.loads((out / "audit.json").read_text())


def test_same_config_gives_the_same_verdict(tmp_path, saved):
    r, data = regated(tmp_path, saved, "")
    assert r.exit_code == 1
    before = json.loads(saved.read_text())
    assert data["findings"] == before["findings"] and data["summary"] == before["summary"]
    assert (tmp_path / "g" / "audit.html").is_file()


def test_relevel_and_fail_on(tmp_path, saved):
    r, data = regated(tmp_path, saved, "rules:\n  AGE001: {severity: warning}\n")
    assert r.exit_code == 0, r.output
    age = next(f for f in data["findings"] if f["rule"] == "AGE001")
    assert (age["severity"], age["default_severity"]) == ("warning", "error")
    assert data["summary"]["by_severity"] == {"error": 0, "warning": 1, "info": 1}
    assert next(r for r in data["rules"] if r["id"] == "AGE001")["severity"] == "warning"
    # Re-gating that result with no re-levelling restores the rule's own severity.
    r2 = invoke("gate", str(tmp_path / "g" / "audit.json"), "--out", str(tmp_path / "h"), "--format", "json")
    assert r2.exit_code == 1
    again = json.loads((tmp_path / "h" / "audit.json").read_text())
    assert next(f for f in again["findings"] if f["rule"] == "AGE001")["severity"] == "error"
    # --fail-on info: the DATE007 info now fails too.
    r, data = regated(tmp_path, saved, "rules:\n  AGE001: {severity: warning}\n", "--fail-on", "info")
    assert r.exit_code == 1 and data["summary"]["gating"] == 2 and data["run"]["fail_on"] == "info"


def test_waiver_and_disabled_rule(tmp_path, saved):
    r, data = regated(tmp_path, saved, "waivers:\n  - {rule: AGE001, record: NCT03626090, reason: confirmed}\n")
    assert r.exit_code == 0
    assert next(f for f in data["findings"] if f["rule"] == "AGE001")["waived"] == "confirmed"
    assert data["summary"]["waived"] == 1 and data["summary"]["findings"] == 1
    r, data = regated(tmp_path, saved, "rules:\n  AGE001: {enabled: false}\n")
    assert r.exit_code == 0 and [f["rule"] for f in data["findings"]] == ["DATE007"]


def test_baseline_disabled_and_relevelled_are_not_resolved(tmp_path, saved):
    r, data = regated(tmp_path, saved, "rules:\n  DATE007: {enabled: false}\n  AGE001: warning\n",
                      "--baseline", str(saved))
    assert r.exit_code == 0
    assert data["resolved"] and [(f["rule"], f["status"]) for f in data["resolved"]] == [("DATE007", "disabled")]
    assert data["summary"]["resolved"] == 0 and data["summary"]["disabled"] == 1
    age = next(f for f in data["findings"] if f["rule"] == "AGE001")
    assert (age["baseline"], age["baseline_severity"], age["severity"]) == ("unchanged", "error", "warning")
    assert data["summary"]["relevelled"] == 1
    assert "0 new, 0 resolved, 1 no longer checked (rule disabled), 1 re-levelled" in r.output
    html = (tmp_path / "g" / "audit.html").read_text()
    assert "no longer checked because the configuration now disables its rule" in html


def test_gate_refuses_to_overwrite_its_input_and_bad_files(tmp_path, saved):
    r = CliRunner().invoke(main, ["gate", str(saved), "--format", "json"])
    assert r.exit_code == 2 and "would overwrite" in r.output
    bad = tmp_path / "x.json"
    bad.write_text('{"findings": []}')
    r = CliRunner().invoke(main, ["gate", str(bad), "--out", str(tmp_path)])
    assert r.exit_code == 2 and "is not an audit.json: it has no 'run'" in r.output


def test_empty_input_is_exit_2_unless_allowed(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    r = CliRunner().invoke(main, ["audit", str(empty), "--out", str(tmp_path / "o"), "--format", "json"])
    assert r.exit_code == 2
    assert "nothing to audit: no record or document was read from 0 files" in r.output
    assert "PASS" not in r.output
    r = CliRunner().invoke(main, ["audit", str(empty), "--out", str(tmp_path / "o"), "--format", "json",
                                  "--allow-empty"])
    assert r.exit_code == 0 and "0 records, 0 documents" in r.output
    # Only unreadable files: still nothing audited; the reasons are named.
    (empty / "a.json").write_text("")
    r = CliRunner().invoke(main, ["audit", str(empty), "--out", str(tmp_path / "o"), "--format", "json"])
    assert r.exit_code == 2
    assert "from 1 file (1 unreadable: " in r.output and "a.json could not be audited: the file is empty." in r.output


def test_audit_with_baseline_marks_disabled_rule(tmp_path, saved):
    cfg = tmp_path / "c.yaml"
    cfg.write_text("expectations_dir: null\nrules:\n  DATE007: {enabled: false}\n")
    out = tmp_path / "o"
    r = invoke("audit", str(SEED000), "--out", str(out), "--format", "json", "--config", str(cfg),
               "--baseline", str(saved), *TODAY)
    data = json.loads((out / "audit.json").read_text())
    assert [(f["rule"], f["status"]) for f in data["resolved"]] == [("DATE007", "disabled")]
    assert data["summary"]["resolved"] == 0 and data["summary"]["disabled"] == 1
    assert r.exit_code == 0        # the AGE001 error is in the baseline
