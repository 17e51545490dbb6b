"""AGE rules on the seeds and on real corpus records (edited copies for the positive cases).
Expected values were read off the files by eye."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from auditor.config import Config
from auditor.context import Context
from auditor.pipeline import read_inputs
from checks.age_limits import min_above_max, outside_human_range, stated_vs_criteria
from conftest import CORPUS, seed

LEGACY = CORPUS / "ctgov-legacy-xml_reesewang25"


def _trials(path: Path):
    return read_inputs([path], Config()).trials


def _age_findings(path: Path):
    ctx = Context(Config(), dt.date(2026, 11, 23))
    out = []
    for t in _trials(path):
        for rule in (stated_vs_criteria, min_above_max, outside_human_range):
            out += list(rule(t, ctx))
    return out


def test_seed_000_ages_contradict_exclusion_criterion():
    [f] = _age_findings(seed("000"))
    assert (f.rule, f.record, f.severity) == ("AGE001", "NCT03626090", "error")
    assert f.message == ("Stated age limits 21-69 years disagree with the eligibility criteria, "
                         "which make 22-70 years eligible.")
    assert f.values == {"stated": "21-69 years", "criteria": "22-70 years"}
    quoted = [(e.label, e.line, e.text) for e in f.evidence]
    assert ("stated minimum age", 140, "21 Years") in quoted
    assert ("stated maximum age", 144, "69 Years") in quoted
    assert any(label == "exclusion criterion 1" and line == 130 and "age ≤21 years" in text
               for label, line, text in quoted)


def test_seeds_whose_ages_agree_have_no_age_finding():
    # 001: 18-70 and 'Aged 18-70 years'; 002: 18-69, no age in its criteria; 004: 20-70 both ways.
    for prefix in ("001", "002", "004"):
        assert _age_findings(seed(prefix)) == [], prefix


def test_real_record_with_contradicting_maximum():
    # NCT00491777.xml line 111 '-  Age - 18-80 years', line 124 <maximum_age>85 Years</maximum_age>
    [f] = _age_findings(LEGACY / "NCT00491777.xml")
    assert f.message == ("Stated maximum age 85 years disagrees with the eligibility criteria, "
                         "which make 18-80 years eligible.")
    assert {e.line for e in f.evidence} >= {111, 124}


def test_edited_copy_of_consistent_record(tmp_path):
    # NCT00491777 made consistent (85 -> 80): no finding; then min raised above max: AGE002.
    text = (LEGACY / "NCT00491777.xml").read_text(encoding="utf-8")
    fixed = tmp_path / "fixed.xml"
    fixed.write_text(text.replace("<maximum_age>85 Years</maximum_age>", "<maximum_age>80 Years</maximum_age>"),
                     encoding="utf-8")
    assert _age_findings(fixed) == []
    broken = tmp_path / "broken.xml"
    broken.write_text(text.replace("<minimum_age>18 Years</minimum_age>", "<minimum_age>90 Years</minimum_age>"),
                      encoding="utf-8")
    rules = sorted(f.rule for f in _age_findings(broken))
    assert "AGE002" in rules


def test_age_outside_human_range(tmp_path):
    text = (LEGACY / "NCT00491777.xml").read_text(encoding="utf-8")
    p = tmp_path / "x.xml"
    p.write_text(text.replace("<maximum_age>85 Years</maximum_age>", "<maximum_age>850 Years</maximum_age>"),
                 encoding="utf-8")
    assert [f.message for f in _age_findings(p) if f.rule == "AGE003"] == ["Maximum age 850 years is outside 0-120 years."]
    # NCT00494234.xml line 127: '<maximum_age>130 Years</maximum_age>', a 'no limit' placeholder: a warning.
    [f] = [f for f in _age_findings(LEGACY / "NCT00494234.xml") if f.rule == "AGE003"]
    assert (f.severity, f.message) == ("warning", "Maximum age 130 years is outside 0-120 years.")


def test_loose_strict_wording_is_not_reported():
    # NCT00490737.xml line 95: 'Male or female >18 years of age;' with minimum age 18 Years.
    assert [f for f in _age_findings(LEGACY / "NCT00490737.xml") if f.rule == "AGE001"] == []
