"""The CLI contract: exit codes, outputs, determinism, bad input, untouched inputs."""
from __future__ import annotations

import hashlib
import json
import shutil

from click.testing import CliRunner

from auditor.cli import main
from conftest import CORPUS, SEEDS

TODAY = ["--today", "2026-11-23"]


def run(*args):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_no_path_audits_bundled_examples(tmp_path):
    r = run("audit", "--out", str(tmp_path), "--format", "json", *TODAY)
    assert r.exit_code == 1, r.output          # the examples hold errors (NCT03626090's ages)
    data = json.loads((tmp_path / "audit.json").read_text())
    assert data["summary"]["files"] == 5
    ids = {rec["id"] for rec in data["records"]}
    assert {"NCT03626090", "NCT01218464", "NCT03945487", "NCT04243681"} <= ids
    assert data["summary"]["documents"] == 1
    assert "wrote" in r.output and "FAIL" in r.output


def test_age_contradiction_of_seed_000(tmp_path):
    r = run("audit", str(SEEDS), "--out", str(tmp_path), "--format", "json", *TODAY)
    data = json.loads((tmp_path / "audit.json").read_text())
    age = [f for f in data["findings"] if f["category"] == "age-limits"]
    # Only NCT03626090 has stated ages that its criteria contradict (000 lines 130, 140, 144).
    assert {f["record"] for f in age} == {"NCT03626090"}
    f = next(f for f in age if f["rule"] == "AGE001")
    assert f["severity"] == "error"
    assert f["message"] == ("Stated age limits 21-69 years disagree with the eligibility criteria, "
                            "which make 22-70 years eligible.")
    ev = {(e["line"], e["text"]) for e in f["evidence"]}
    assert (140, "21 Years") in ev and (144, "69 Years") in ev
    assert any(line == 130 and "age ≤21 years" in text for line, text in ev)
    assert all(e["source"].endswith("000_1fca3f9ad7eb27df.txt") for e in f["evidence"])


def test_fail_on_never_and_exit_codes(tmp_path):
    assert run("audit", "--out", str(tmp_path), "--format", "json", "--fail-on", "never", *TODAY).exit_code == 0
    r = CliRunner().invoke(main, ["audit", str(tmp_path / "missing.json")])
    assert r.exit_code == 2
    r = CliRunner().invoke(main, ["audit", "--format", "pdf"])
    assert r.exit_code == 2 and "pdf" in r.output
    r = CliRunner().invoke(main, ["audit", "--fail-on", "fatal"])
    assert r.exit_code == 2


def test_bad_config_is_a_usage_error(tmp_path):
    cfg = tmp_path / "c.yaml"
    cfg.write_text("rules:\n  AGE001: {severity: fatal}\n")
    r = CliRunner().invoke(main, ["audit", "--config", str(cfg), "--out", str(tmp_path)])
    assert r.exit_code == 2 and "severity" in r.output


def test_json_is_byte_identical(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    run("audit", str(SEEDS), "--out", str(a), "--format", "json", *TODAY)
    run("audit", str(SEEDS), "--out", str(b), "--format", "json", *TODAY)
    assert (a / "audit.json").read_bytes() == (b / "audit.json").read_bytes()


def test_bad_inputs_are_reported_and_others_still_audited(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "empty.json").write_bytes(b"")
    (src / "binary.dat").write_bytes(bytes(range(256)) * 4)
    (src / "truncated.json").write_text('{"protocolSection": {"identificationModule": {"nctId": "NCT0')
    (src / "broken.xml").write_text("<clinical_study><id_info><nct_id>NCT1</nct_id></clinical_study>")
    (src / "notes.txt").write_text("Shopping list\n\neggs\nmilk\n")
    shutil.copy(CORPUS / "ctgov-legacy-xml_fixtures" / "NCT00023673.xml", src / "good.xml")
    out = tmp_path / "out"
    r = CliRunner().invoke(main, ["audit", str(src), "--out", str(out), "--format", "json", *TODAY])
    assert r.exit_code == 1
    data = json.loads((out / "audit.json").read_text())
    inputs = {f["record"].rsplit("/", 1)[-1]: f["message"] for f in data["findings"] if f["category"] == "input"}
    assert set(inputs) == {"empty.json", "binary.dat", "truncated.json", "broken.xml", "notes.txt"}
    assert "empty" in inputs["empty.json"] and "binary" in inputs["binary.dat"]
    assert "NCT00023673" in {rec["id"] for rec in data["records"]}


def test_inputs_are_never_modified(tmp_path):
    def digest():
        return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in SEEDS.glob("*.txt")}
    before = digest()
    run("audit", str(SEEDS), "--out", str(tmp_path), "--format", "json", *TODAY)
    assert digest() == before


def test_rules_and_explain():
    r = run("rules")
    assert r.exit_code == 0 and "AGE001" in r.output and "age-limits" in r.output
    r = run("explain", "age001")
    assert r.exit_code == 0 and "Why:" in r.output and "Example:" in r.output
    assert CliRunner().invoke(main, ["explain", "NOPE999"]).exit_code == 2


def test_waiver_keeps_finding_but_passes_gate(tmp_path):
    cfg = tmp_path / "c.yaml"
    cfg.write_text("waivers:\n  - {rule: '*', record: '*', reason: 'accepted for the test'}\n")
    r = run("audit", str(SEEDS / "000_1fca3f9ad7eb27df.txt"), "--config", str(cfg), "--out", str(tmp_path),
            "--format", "json", *TODAY)
    assert r.exit_code == 0
    data = json.loads((tmp_path / "audit.json").read_text())
    assert data["summary"]["gating"] == 0 and data["summary"]["waived"] >= 1
    assert all(f["waived"] == "accepted for the test" for f in data["findings"])


def test_rule_relevel_from_config(tmp_path):
    cfg = tmp_path / "c.yaml"
    cfg.write_text("rules:\n  AGE001: {severity: info}\n")
    run("audit", str(SEEDS / "000_1fca3f9ad7eb27df.txt"), "--config", str(cfg), "--out", str(tmp_path),
        "--format", "json", *TODAY)
    data = json.loads((tmp_path / "audit.json").read_text())
    assert [f["severity"] for f in data["findings"] if f["rule"] == "AGE001"] == ["info"]
