"""--format github: workflow-command annotations, escaped per the GitHub Actions toolkit."""
from __future__ import annotations

import io

import orjson
from click.testing import CliRunner

from auditor.cli import main
from auditor.report.github import annotations, escape_data, escape_property, write
from report_samples import sample_run

from conftest import CORPUS


def test_escaping_follows_the_toolkit():
    assert escape_data("50% done\r\nnext: a,b") == "50%25 done%0D%0Anext: a,b"
    assert escape_property("dir:a,b%\n") == "dir%3Aa%2Cb%25%0A"


def test_annotation_lines():
    result, _ = sample_run()
    lines = annotations(result)
    assert all("\n" not in line and "\r" not in line for line in lines)
    age = [line for line in lines if "AGE001" in line][0]
    assert age == ("::error file=records/NCT01234567.txt,line=250,title=AGE001 NCT01234567::"
                   "Stated age limits 18-70 years disagree with the eligibility criteria, which make 19-71 years "
                   "eligible.%0AAlso: records/NCT01234567.txt:251 (stated maximum age)"
                   "%0AAlso: records/NCT01234567.txt:254 (inclusion criterion 1)")
    typo = [line for line in lines if "TYPO001" in line][0]
    assert typo.startswith("::warning file=records/NCT01234567.txt,line=20,title=TYPO001 NCT01234567::")
    # No line known: the file alone.
    inp = [line for line in lines if "INPUT001" in line][0]
    assert inp.startswith("::error file=records/broken.json,title=INPUT001 records/broken.json::"
                          "records/broken.json could not be audited")
    # The waived PHASE002 is not annotated; a notice says so.
    assert not any("PHASE002" in line for line in lines)
    assert lines[-1] == "::notice title=trial-audit::1 waived or baseline finding not annotated"


def test_info_is_a_notice_and_write_goes_to_the_stream():
    result, _ = sample_run(waive=False)
    buf = io.StringIO()
    assert write(result, None, stream=buf) is None
    phase = [line for line in buf.getvalue().splitlines() if "PHASE002" in line][0]
    assert phase.startswith("::notice file=records/NCT01234567.txt,line=12,title=PHASE002 NCT01234567::")


def test_cli_format_github_prints_annotations(tmp_path):
    src = orjson.loads((CORPUS / "ctgov-api-v2-json" / "NCT01525901.json").read_bytes())
    src["protocolSection"]["eligibilityModule"]["minimumAge"] = "15 Years"   # above the 12-year maximum
    rec = tmp_path / "NCT01525901.json"
    rec.write_bytes(orjson.dumps(src, option=orjson.OPT_INDENT_2))
    res = CliRunner().invoke(main, ["audit", str(rec), "--out", str(tmp_path / "out"), "--format", "github"])
    assert res.exit_code == 1, res.output
    errors = [line for line in res.output.splitlines() if line.startswith("::error ")]
    assert errors, res.output
    line_no = next(i for i, t in enumerate(rec.read_text().splitlines(), 1) if '"minimumAge": "15 Years"' in t)
    assert any(f"file={str(rec).replace(':', '%3A')},line={line_no}," in e for e in errors), errors
    assert not (tmp_path / "out" / "audit.json").exists()        # github writes to stdout only


def test_summary_first_then_capped_most_severe_first():
    from report_samples import many_findings
    result, _ = many_findings(40)
    active = [f for f in result["findings"] if f.get("waived") is None and f.get("baseline") != "unchanged"]
    lines = annotations(result, max_annotations=5)
    assert lines[0].startswith("::notice title=trial-audit summary::FAIL (fail-on error): ")
    body = lines[1:6]
    assert len(body) == 5 and all(b.startswith("::error ") for b in body)   # errors before warnings
    assert lines[6] == (f"::notice title=trial-audit::{len(active) - 5:,} more findings not annotated (the first 5, "
                        "most severe first, are; github.max_annotations in the config sets the cap); all are in the reports")
    assert len(lines) == 7
    assert len(annotations(result)) == len(active) + 1       # no cap: the summary and every finding


def test_cap_from_the_config(tmp_path):
    src = orjson.loads((CORPUS / "ctgov-api-v2-json" / "NCT01525901.json").read_bytes())
    src["protocolSection"]["eligibilityModule"]["minimumAge"] = "15 Years"
    rec = tmp_path / "NCT01525901.json"
    rec.write_bytes(orjson.dumps(src, option=orjson.OPT_INDENT_2))
    cfg = tmp_path / "c.yaml"
    cfg.write_text("expectations_dir: null\ngithub: {max_annotations: 0}\n")
    res = CliRunner().invoke(main, ["audit", str(rec), "--out", str(tmp_path / "out"), "--format", "github",
                                    "--config", str(cfg)])
    out = res.output.splitlines()
    assert out[0].startswith("::notice title=trial-audit summary::FAIL")
    assert not any(line.startswith("::error ") for line in out)
    assert any("more finding" in line and "not annotated" in line for line in out)
