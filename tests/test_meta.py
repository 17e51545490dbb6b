"""Machine-readable rule metadata and `explain` for rule ids, expectation types, categories and families;
one version source."""
from __future__ import annotations

import json
import re
import tomllib

from click.testing import CliRunner

import auditor
from auditor.cli import main
from auditor.rules import REGISTRY
from conftest import REPO


def test_rules_json_lists_every_rule_and_the_suites_expectations():
    r = CliRunner().invoke(main, ["rules", "--format", "json"])
    assert r.exit_code == 0
    data = json.loads(r.output)
    ids = [x["id"] for x in data["rules"]]
    assert ids == sorted(REGISTRY) and "INPUT001" in ids and "AGE001" in ids
    age = next(x for x in data["rules"] if x["id"] == "AGE001")
    assert (age["category"], age["family"], age["severity"], age["enabled"]) == ("age-limits", "age_limits", "error", True)
    assert age["defined_in"] == "checks.age_limits" and age["what"] and age["why"]
    in_set = next(x for x in data["expectations"] if x["id"] == "expect_column_values_to_be_in_set")
    assert {u["table"] for u in in_set["uses"]} == {"arms", "interventions", "sites", "trials"}
    assert "typo" in data["categories"]


def test_explain_expectation_category_and_family():
    r = CliRunner().invoke(main, ["explain", "expect_column_values_to_be_in_set"])
    assert r.exit_code == 0
    assert "a Great Expectations expectation type (category schema)" in r.output
    # expectations/trials.json line 8: the overall_status value set
    assert re.search(r"expectations/trials\.json:8  table trials  severity critical  column='overall_status'", r.output)
    r = CliRunner().invoke(main, ["explain", "age-limits"])
    assert r.output.splitlines()[0] == "age-limits: a category, 4 rules:"  # AGE001-AGE004
    assert "AGE002" in r.output and "checks/age_limits.py" in r.output
    r = CliRunner().invoke(main, ["explain", "DATE"])
    assert r.output.splitlines()[0] == "DATE: a rule family (id prefix), 11 rules:"
    r = CliRunner().invoke(main, ["explain", "status_dates"])
    assert r.output.splitlines()[0] == "status_dates: a rule family (module checks.status_dates), 11 rules:"
    r = CliRunner().invoke(main, ["explain", "AGE001"])
    assert "family: age_limits" in r.output and "checks/age_limits.py" in r.output
    assert CliRunner().invoke(main, ["explain", "expect_nothing"]).exit_code == 2


def test_one_version_source():
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    assert "version" not in project and project["dynamic"] == ["version"]
    tool = tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["setuptools"]["dynamic"]
    assert tool["version"] == {"attr": "auditor.__version__"}
    r = CliRunner().invoke(main, ["--version"])
    assert r.output.strip() == f"trial-audit, version {auditor.__version__}"
    # The README's pre-commit snippet names the release tag of this version.
    assert f"rev: v{auditor.__version__}" in (REPO / "README.md").read_text()
