"""Strict config.yaml: every mistake stops the run with file:line (exit 2); expired waivers are listed and,
with --strict-waivers, fail the gate; `trial-audit config --show` prints the configuration in effect."""
from __future__ import annotations

import json

import pytest
import yaml
from click.testing import CliRunner

from auditor.cli import main
from auditor.config import ConfigError, load_config
from conftest import REPO, seed

TODAY = ["--today", "2026-11-23"]
SEED000 = seed("000")      # NCT03626090: AGE001 error (stated 21-69 years, criteria 22-70)


def problems(tmp_path, text: str) -> list[str]:
    p = tmp_path / "c.yaml"
    p.write_text(text)
    with pytest.raises(ConfigError) as e:
        load_config(p)
    return [line.removeprefix(f"{p}:") for line in str(e.value).splitlines()]


def test_unknown_key_is_named_with_its_line_and_a_suggestion(tmp_path):
    [msg] = problems(tmp_path, "fail_on: error\n\nwaiver:\n  - {rule: AGE001, record: NCT1, reason: x}\n")
    assert msg.startswith("3: unknown key 'waiver'; did you mean 'waivers'? (allowed: categories, ctgov, exclude,")


def test_unknown_rule_id_category_and_bad_values(tmp_path):
    msgs = problems(tmp_path, "rules:\n  AGE01: {severity: warning}\n  TYPO001: {severity: fatal}\n"
                              "categories:\n  typos: info\nthresholds:\n  stale_update_year: 3\n"
                              "  max_file_size_mb: -1\nfail_on: sometimes\n")
    assert msgs == [
        "2: rules.AGE01: unknown rule id; did you mean 'AGE001'? (`trial-audit rules` lists them)",
        "3: rules.TYPO001.severity: 'fatal' is not one of error, warning, info",
        "5: categories.typos: unknown category; did you mean 'typo'? (one of input, schema, age-limits, "
        "masking-placebo, dosing, enrollment, phase, status-dates, arms-interventions, criteria-text, typo, "
        "statistics, cross-source, outcomes, results)",
        "7: unknown key 'thresholds.stale_update_year'; did you mean 'stale_update_years'? (allowed: "
        "active_after_completion_days, anticipated_past_days, enrollment_tolerance, max_file_size_mb, "
        "p_ratio_warning, retrospective_registration_days, schema_max_years_ahead, stale_update_years)",
        "8: thresholds.max_file_size_mb: -1 is less than the minimum of 0",
        "9: fail_on: 'sometimes' is not one of error, warning, info, never",
    ]


def test_waivers_and_select_are_checked(tmp_path):
    msgs = problems(tmp_path, "select: [AGE, age-limits, AGX]\nwaivers:\n  - {rule: AGE001, record: NCT1}\n"
                              "  - {rule: AEG001, record: NCT1, reason: r}\n")
    assert msgs == [
        "1: select[3]: 'AGX' is no rule id, id prefix or category; did you mean 'AGE'?",
        "3: waivers[1]: 'reason' is required",
        "4: waivers[2].rule: unknown rule id 'AEG001'; did you mean 'AGE001'?",
    ]


def test_bad_expiry_date_has_its_line(tmp_path):
    p = tmp_path / "c.yaml"
    p.write_text("waivers:\n  - {rule: AGE001, record: NCT1, reason: r, expires: 2027-13-01}\n")
    with pytest.raises(ConfigError, match=r"c.yaml:2: waiver expires: '2027-13-01' is not a date"):
        load_config(p)


def test_expectation_types_of_the_suites_are_rule_ids(tmp_path):
    # The bundled suites use expect_column_values_to_be_in_set: findings carry it as their rule id.
    p = tmp_path / "c.yaml"
    p.write_text("rules:\n  expect_column_values_to_be_in_set: {severity: info}\n")
    assert load_config(p).rules == {"expect_column_values_to_be_in_set": {"severity": "info"}}
    # One no suite uses is unknown; with suites off (expectations_dir: null) so is the first.
    [msg] = problems(tmp_path, "rules:\n  expect_column_values_to_be_unique: {enabled: false}\n")
    assert msg.startswith("2: rules.expect_column_values_to_be_unique: unknown rule id")
    [msg] = problems(tmp_path, "expectations_dir: null\nrules:\n  expect_column_values_to_be_in_set: info\n")
    assert msg.startswith("3: rules.expect_column_values_to_be_in_set: unknown rule id")


def test_good_configs_load(tmp_path):
    assert load_config(REPO / "config.yaml").raw["fail_on"] == "error"      # the shipped example
    p = tmp_path / "c.yaml"
    p.write_text("select: [AGE, age-limits, DATE001]\nignore: [typo]\nexclude: ['**/drafts/**']\n"
                 "extend_exclude: ['*.bak']\ngithub: {max_annotations: 20}\n"
                 "ctgov: {base_url: 'http://127.0.0.1:9/api/v2', retries: 1}\nrules:\n  AGE001: warning\n"
                 "waivers:\n  - {rule: '*', record: NCT1, reason: r, expires: 2027-06-30}\n")
    cfg = load_config(p)
    assert cfg.rules == {"AGE001": {"severity": "warning"}} and cfg.waivers[0].line == 10
    assert cfg.waivers[0].expires.isoformat() == "2027-06-30"


def test_cli_exits_2_with_file_and_line(tmp_path):
    cfg = tmp_path / "c.yaml"
    cfg.write_text("rules:\n  AGE001: {severity: warning}\nwaiver: []\n")
    r = CliRunner().invoke(main, ["audit", str(SEED000), "--config", str(cfg), "--out", str(tmp_path / "o")])
    assert r.exit_code == 2, r.output
    assert f"{cfg}:3: unknown key 'waiver'; did you mean 'waivers'?" in r.output
    assert not (tmp_path / "o").exists()
    r = CliRunner().invoke(main, ["config", "--config", str(cfg)])
    assert r.exit_code == 2 and f"{cfg}:3:" in r.output


def test_config_show_prints_the_effective_config(tmp_path):
    cfg = tmp_path / "c.yaml"
    cfg.write_text("rules:\n  AGE001: warning\nthresholds:\n  stale_update_years: 3\n")
    r = CliRunner().invoke(main, ["config", "--show", "--config", str(cfg)])
    assert r.exit_code == 0, r.output
    shown = yaml.safe_load(r.output)
    assert shown["config_file"] == str(cfg) and shown["fail_on"] == "error"
    assert shown["rules"] == {"AGE001": {"severity": "warning"}}
    assert shown["thresholds"]["stale_update_years"] == 3                # the file's value
    assert shown["thresholds"]["retrospective_registration_days"] == 30  # a default filled in
    assert shown["expectations_dir"] == "(bundled suites)"
    r = CliRunner().invoke(main, ["config", "--config", str(cfg)])
    assert r.exit_code == 0 and r.output.strip() == f"{cfg}: valid"


def test_expired_waiver_is_listed_and_strict_waivers_fails(tmp_path):
    cfg = tmp_path / "c.yaml"
    cfg.write_text("expectations_dir: null\nwaivers:\n"
                   "  - {rule: AGE001, record: NCT03626090, reason: sponsor confirmed, expires: 2026-01-31}\n"
                   "  - {rule: DATE007, record: '*', reason: sites checked, expires: 2027-06-30}\n")
    out = tmp_path / "o"
    args = ["audit", str(SEED000), "--config", str(cfg), "--out", str(out), "--format", "json,html", *TODAY]
    r = CliRunner().invoke(main, args)
    assert r.exit_code == 1                        # the expired waiver no longer hides the AGE001 error
    assert "1 waiver expired, no longer applied:" in r.output
    assert f"{cfg}:3: AGE001 NCT03626090 expired 2026-01-31 (sponsor confirmed)" in r.output
    data = json.loads((out / "audit.json").read_text())
    assert data["run"]["expired_waivers"] == [{"rule": "AGE001", "record": "NCT03626090", "reason": "sponsor confirmed",
                                               "expires": "2026-01-31", "line": 3}]
    age = next(f for f in data["findings"] if f["rule"] == "AGE001")
    assert "waived" not in age and age["severity"] == "error"
    late = [f for f in data["findings"] if f["rule"] == "DATE007"]
    assert late and all(f["waived_until"] == "2027-06-30" for f in late)   # the waived table shows it
    html = (out / "audit.html").read_text()
    assert "1 waiver expired</strong>" in html and "expired 2026-01-31" in html
    # Waiving AGE001 again until later passes; --strict-waivers still fails on the expired DATE007 one.
    cfg.write_text("expectations_dir: null\nwaivers:\n  - {rule: AGE001, record: NCT03626090, reason: ok, expires: 2027-01-31}\n"
                   "  - {rule: DATE007, record: '*', reason: old, expires: 2025-06-30}\n")
    assert CliRunner().invoke(main, args).exit_code == 0
    r = CliRunner().invoke(main, args + ["--strict-waivers"])
    assert r.exit_code == 1 and "(fails the gate: --strict-waivers)" in r.output
