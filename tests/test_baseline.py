"""--baseline: findings matched by rule, record and a fingerprint that survives line shifts."""
from __future__ import annotations

import json

import orjson
import pytest
from click.testing import CliRunner

from auditor.baseline import BaselineError, load_baseline, mark_baseline
from auditor.cli import main
from auditor.findings import Evidence, Finding
from report_samples import findings_for

from conftest import CORPUS


def _age(line: int, text: str = "18 Years", reason: str = "") -> Finding:
    return Finding("AGE002", "age-limits", "error", "NCT01525901", f"Minimum above maximum{reason}.",
                   evidence=[Evidence("a/NCT01525901.json", line, text, label="minimum age")])


def test_fingerprint_survives_line_shifts_and_folders_but_not_other_text():
    assert _age(50).fingerprint() == _age(51).fingerprint()
    moved = _age(50)
    moved.evidence[0].source = "other/folder/NCT01525901.json"
    assert moved.fingerprint() == _age(50).fingerprint()
    assert _age(50, "19 Years").fingerprint() != _age(50).fingerprint()
    # Parser messages quote positions; they must not make an unreadable file a new finding.
    a = Finding("INPUT001", "input", "error", "x.json", "m",
                evidence=[Evidence("x.json", None, "not valid JSON: unexpected end of data at line 40 column 3")])
    b = Finding("INPUT001", "input", "error", "x.json", "m",
                evidence=[Evidence("x.json", None, "not valid JSON: unexpected end of data at line 41 column 1")])
    c = Finding("INPUT001", "input", "error", "x.json", "m", evidence=[Evidence("x.json", None, "the file is empty")])
    assert a.fingerprint() == b.fingerprint() != c.fingerprint()


def test_mark_baseline_new_unchanged_resolved():
    before = [f.to_dict() for f in findings_for(with_evil=False)]
    before[0]["baseline"] = "new"                # its state against an even older run
    now = findings_for(with_evil=False)[:2] + [_age(10)]
    for e in now[0].evidence:
        e.line += 7                              # the record grew above the ages: same finding
    resolved = mark_baseline(now, {"findings": before})
    assert [f.baseline for f in now] == ["unchanged", "unchanged", "new"]
    assert sorted(f["rule"] for f in resolved) == ["INPUT001", "PHASE002"]
    assert all("baseline" not in f for f in resolved)


@pytest.mark.parametrize("content, message", [
    (b"{not json", "is not valid JSON"),
    (b"[]", "has no 'findings' list"),
    (b'{"findings": [{"rule": "AGE001", "record": "NCT1"}]}', "finding #1 lacks a rule, record or fingerprint"),
])
def test_load_baseline_rejects_bad_files(tmp_path, content, message):
    p = tmp_path / "old.json"
    p.write_bytes(content)
    with pytest.raises(BaselineError, match=message):
        load_baseline(p)


def test_load_baseline_reads_an_audit_json(tmp_path):
    p = tmp_path / "old.json"
    p.write_bytes(orjson.dumps({"findings": [f.to_dict() for f in findings_for()]}))
    assert len(load_baseline(p)["findings"]) == 5
    with pytest.raises(BaselineError, match="cannot read baseline"):
        load_baseline(tmp_path / "missing.json")


def test_cli_baseline_round_trip(tmp_path):
    """A real record with an age error: the baseline keeps the gate green while the error is known,
    even after the file shifts by a line; fixing it lists it as resolved; a new error fails again."""
    original = orjson.loads((CORPUS / "ctgov-api-v2-json" / "NCT01525901.json").read_bytes())
    rec = tmp_path / "records" / "NCT01525901.json"
    rec.parent.mkdir()

    def save(doc, prefix=b""):
        rec.write_bytes(prefix + orjson.dumps(doc, option=orjson.OPT_INDENT_2))

    def run(*extra):
        out = tmp_path / "out"
        res = CliRunner().invoke(main, ["audit", str(rec.parent), "--out", str(out), "--format", "json", *extra])
        return res, json.loads((out / "audit.json").read_text())

    broken = json.loads(json.dumps(original))
    broken["protocolSection"]["eligibilityModule"]["minimumAge"] = "15 Years"   # max is 12 Years
    save(broken)
    res, first = run()
    assert res.exit_code == 1
    errors = [f for f in first["findings"] if f["severity"] == "error"]
    assert errors and all(f["category"] == "age-limits" for f in errors)
    base = tmp_path / "baseline.json"
    base.write_text(json.dumps(first))

    save(broken, prefix=b"\n\n")                 # every line moves down by two
    res, second = run("--baseline", str(base))
    assert res.exit_code == 0, res.output
    assert {f["baseline"] for f in second["findings"]} == {"unchanged"}
    assert [e["line"] for f in second["findings"] for e in f["evidence"] if e["line"]] == \
        [e["line"] + 2 for f in first["findings"] for e in f["evidence"] if e["line"]]
    assert second["summary"]["new"] == 0 and second["summary"]["resolved"] == 0

    save(original)
    res, fixed = run("--baseline", str(base))
    assert res.exit_code == 0
    assert fixed["summary"]["resolved"] == len(first["findings"])
    assert {f["rule"] for f in fixed["resolved"]} == {f["rule"] for f in first["findings"]}

    worse = json.loads(json.dumps(original))
    worse["protocolSection"]["eligibilityModule"]["maximumAge"] = "3 Years"     # below the 5-year minimum
    save(worse)
    res, third = run("--baseline", str(base))
    assert res.exit_code == 1
    assert "new" in {f.get("baseline") for f in third["findings"] if f["severity"] == "error"}


def test_cli_bad_baseline_is_a_usage_error(tmp_path):
    bad = tmp_path / "old.json"
    bad.write_text("{oops")
    rec = tmp_path / "r.json"
    rec.write_bytes((CORPUS / "ctgov-api-v2-json" / "NCT01525901.json").read_bytes())
    res = CliRunner().invoke(main, ["audit", str(rec), "--out", str(tmp_path / "o"), "--baseline", str(bad)])
    assert res.exit_code == 2
    assert "is not valid JSON" in res.output and "Traceback" not in res.output
