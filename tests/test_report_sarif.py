"""audit.sarif: valid SARIF 2.1.0 (checked against the official schema) carrying every evidence location."""
from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from auditor.report.sarif import to_sarif, write
from report_samples import EVIL, sample_run

SCHEMA = json.loads((Path(__file__).parent / "data" / "sarif-2.1.0.json").read_text())


def _validate(log: dict) -> None:
    jsonschema.Draft4Validator(SCHEMA, format_checker=jsonschema.FormatChecker()).validate(log)


def _by_rule(log: dict) -> dict[str, dict]:
    return {r["ruleId"]: r for r in log["runs"][0]["results"]}


def test_schema_file_is_the_official_one():
    assert SCHEMA["id"] == "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
    assert SCHEMA["properties"]["version"]["enum"] == ["2.1.0"]


def test_valid_against_the_schema(tmp_path):
    result, _ = sample_run()
    p = write(result, tmp_path)
    log = json.loads(p.read_text())
    _validate(log)
    assert log["version"] == "2.1.0"


def test_schema_check_can_fail():
    result, _ = sample_run()
    log = to_sarif(result)
    log["runs"][0]["results"][0]["level"] = "fatal"
    with pytest.raises(jsonschema.ValidationError):
        _validate(log)


def test_rules_carry_docs_and_levels():
    result, _ = sample_run()
    driver = to_sarif(result)["runs"][0]["tool"]["driver"]
    assert driver["name"] == "trial-audit" and driver["version"] == result["tool"]["version"]
    rules = {r["id"]: r for r in driver["rules"]}
    age = rules["AGE001"]
    assert age["name"] == "StatedAgeLimitsDisagreeWithTheCriteria"
    assert age["shortDescription"]["text"] == "Stated age limits disagree with the criteria"
    assert age["fullDescription"]["text"].startswith("the minimum/maximum age fields differ")
    assert age["help"]["text"].startswith("What: the minimum/maximum age fields")
    assert "Why: registries and screening tools" in age["help"]["text"]
    assert "**Example.**\n\n> Stated 18-70 years" in age["help"]["markdown"]
    assert age["defaultConfiguration"]["level"] == "error"
    assert rules["TYPO001"]["defaultConfiguration"]["level"] == "warning"
    assert rules["PHASE002"]["defaultConfiguration"]["level"] == "note"


def test_results_locations_fingerprints_and_suppressions():
    result, _ = sample_run()
    log = to_sarif(result)
    driver_rules = [r["id"] for r in log["runs"][0]["tool"]["driver"]["rules"]]
    res = _by_rule(log)
    for r in log["runs"][0]["results"]:
        assert driver_rules[r["ruleIndex"]] == r["ruleId"]
    age = res["AGE001"]
    assert age["level"] == "error" and age["message"]["text"].startswith("Stated age limits 18-70 years")
    # Every evidence quote with a line is a location: the stated ages and the criterion.
    locs = [(l["physicalLocation"]["artifactLocation"]["uri"], l["physicalLocation"]["region"]["startLine"],
             l["message"]["text"]) for l in age["locations"]]
    assert locs == [("records/NCT01234567.txt", 250, "stated minimum age"),
                    ("records/NCT01234567.txt", 251, "stated maximum age"),
                    ("records/NCT01234567.txt", 254, "inclusion criterion 1")]
    assert age["locations"][2]["physicalLocation"]["region"]["snippet"]["text"] == "1. Aged 19-71 years"
    fp = [f for f in result["findings"] if f["rule"] == "AGE001"][0]["fingerprint"]
    assert age["partialFingerprints"] == {"trialAudit/v1": fp}
    assert age["properties"]["values"] == {"stated": "18-70 years", "criteria": "19-71 years"}
    assert "suppressions" not in age and "baselineState" not in age
    # A file-level problem without a line: the file is the location, with no region.
    inp = res["INPUT001"]
    assert inp["locations"] == [{"physicalLocation": {"artifactLocation": {"uri": "records/broken.json"}},
                                 "message": {"text": "input problem"}}]
    # Waived: an external suppression with the waiver's reason.
    assert res["PHASE002"]["suppressions"] == [
        {"kind": "external", "status": "accepted", "justification": f"sponsor confirmed both renderings {EVIL}"}]
    assert res["PHASE002"]["level"] == "note"
    # Paths that are not URI-safe are percent-encoded.
    assert res["XSS001"]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == \
        "records/%3Cscript%3Ealert%281%29%3C/script%3E.json"


def test_baseline_states_and_absent_results():
    first, _ = sample_run(with_evil=False, waive=False)
    old = dict(first, findings=[f for f in first["findings"] if f["rule"] != "TYPO001"]
               + [dict(first["findings"][0], rule="GONE001", fingerprint="f" * 32, message="fixed since")])
    result, _ = sample_run(with_evil=False, waive=False, baseline=old)
    log = to_sarif(result)
    _validate(log)
    states = {r["ruleId"]: r["baselineState"] for r in log["runs"][0]["results"]}
    assert states == {"AGE001": "unchanged", "INPUT001": "unchanged", "PHASE002": "unchanged",
                      "TYPO001": "new", "GONE001": "absent"}
    gone = _by_rule(log)["GONE001"]
    assert "ruleIndex" not in gone                  # its rule reported nothing this run


def test_absolute_and_windows_paths_become_file_uris():
    from auditor.report.sarif import _uri
    assert _uri("/data/my records/NCT1.json") == "file:///data/my%20records/NCT1.json"
    assert _uri("C:\\data\\NCT1.json") == "file:///C:/data/NCT1.json"
    assert _uri("examples/000_x.txt") == "examples/000_x.txt"


def test_cli_on_the_seed_documents_writes_valid_sarif_and_junit(tmp_path):
    from click.testing import CliRunner
    from lxml import etree

    from auditor.cli import main
    out = tmp_path / "out"
    res = CliRunner().invoke(main, ["audit", "--out", str(out), "--format", "json,sarif,junit"])
    assert res.exit_code in (0, 1), res.output
    audit = json.loads((out / "audit.json").read_text())
    log = json.loads((out / "audit.sarif").read_text())
    _validate(log)
    results = log["runs"][0]["results"]
    assert len(results) == len(audit["findings"])
    for f, r in zip(audit["findings"], results):
        assert r["ruleId"] == f["rule"] and r["partialFingerprints"]["trialAudit/v1"] == f["fingerprint"]
        lines = sorted(e["line"] for e in f["evidence"] if e["line"])
        assert sorted(l["physicalLocation"]["region"]["startLine"] for l in r["locations"]
                      if "region" in l["physicalLocation"]) == lines
    root = etree.parse(str(out / "audit.junit.xml")).getroot()
    record_ids = {r["id"] for r in audit["records"]} | {f["record"] for f in audit["findings"]}
    assert int(root.get("tests")) == len(record_ids)
    failing = {f["record"] for f in audit["findings"] if f["severity"] == "error" and "waived" not in f}
    assert int(root.get("failures")) == len(failing)
    assert (res.exit_code == 1) == bool(failing)
