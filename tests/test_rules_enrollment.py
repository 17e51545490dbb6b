"""enrollment rules (ENR001-ENR007) on the seeds, real corpus records and edited copies.
Line numbers and counts were read off the files by eye."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from auditor.config import Config
from auditor.context import Context
from auditor.model import Field, Loc, Trial
from auditor.pipeline import read_inputs
from checks.enrollment import (actual_before_recruiting, baseline_over_enrollment, estimated_when_finished,
                               flow_over_enrollment, flow_under_enrollment, groups_vs_enrollment, zero_vs_status)
from conftest import CORPUS, seed, edited_copy as _edited

LEGACY = CORPUS / "ctgov-legacy-xml_reesewang25"
CLASSIC = CORPUS / "ctgov-classic-api-v1-json"
CTX = Context(Config(), dt.date(2026, 11, 23))
RULES = (groups_vs_enrollment, flow_over_enrollment, flow_under_enrollment, baseline_over_enrollment,
         estimated_when_finished, actual_before_recruiting, zero_vs_status)


def _findings(path: Path):
    out = []
    for t in read_inputs([path], Config()).trials:
        for r in RULES:
            out += list(r(t, CTX))
    return out




def test_seeds_000_and_001_have_no_enrollment_finding():
    # 001 line 150: '50 LF patients ... as the treated group and other 20 ... as control group. All 70 of them'
    # and line 172: enrollment '70 (Anticipated)': 50 + 20 = 70.
    assert _findings(seed("000")) == []
    assert _findings(seed("001")) == []


def test_enr001_seed_001_groups_no_longer_add_up(tmp_path):
    f, = _findings(_edited(tmp_path, seed("001"), "70 (Anticipated)", "80 (Anticipated)"))
    assert (f.rule, f.severity, f.record) == ("ENR001", "warning", "NCT01218464")
    assert f.message == "The detailed description allocates 50 + 20 = 70 participants but the enrollment is 80 (Anticipated)."
    assert f.values == {"enrollment": "80", "groups": "50 + 20 = 70", "stated total": "70"}
    assert [(e.line, e.label) for e in f.evidence] == [(172, "enrollment"), (150, "detailed description")]
    assert f.evidence[1].text.startswith("50 LF patients with LF received i.v. transfusion")


def test_enr001_planned_groups_are_not_compared_with_an_actual_enrollment():
    def trial(etype: str) -> Trial:
        text = "A total of 60 patients will be randomized: 30 patients to the treatment arm and 30 patients to the placebo arm."
        return Trial(id="T", source="t", format="test", enrollment=Field(48, "48", Loc("t", 1)),
                     enrollment_type=Field(etype, etype, Loc("t", 1)), brief_summary=Field(text, text, Loc("t", 2)))
    assert list(groups_vs_enrollment(trial("ACTUAL"), CTX)) == []
    f, = groups_vs_enrollment(trial("ESTIMATED"), CTX)
    assert f.values["groups"] == "30 + 30 = 60"


def test_enr001_sample_size_and_stopping_rules_are_not_allocations():
    for text in ("If 3 patients in group A respond, 5 patients are added to group B.",
                 "The sample size of 45 patients per group gives 80% power.",
                 "Phase I patients on cohorts 1-4 received: cohort 1: 2 mg/kg; cohort 2: 4 mg/kg."):
        t = Trial(id="T", source="t", format="test", enrollment=Field(10, "10", Loc("t", 1)),
                  detailed_description=Field(text, text, Loc("t", 2)))
        assert list(groups_vs_enrollment(t, CTX)) == [], text


def test_enr002_real_record_flow_starts_more_than_enrolled(tmp_path, corpus):
    src = LEGACY / "NCT00003222.xml"        # enrollment 40 (line 93); STARTED 13 + 28 (lines 253-254); Total 41
    found = {f.rule: f for f in _findings(src)}
    assert sorted(found) == ["ENR002", "ENR004"]
    f = found["ENR002"]
    assert f.message == ('The participant flow starts 41 participants ("Overall Study") but the actual enrollment is 40 '
                         "(1 more).")
    assert [(e.line, e.text) for e in f.evidence] == [(93, "40"), (253, "13"), (254, "28")]
    assert found["ENR004"].message == "The baseline counts 41 participants in total but the enrollment is 40."
    assert [(e.line, e.text) for e in found["ENR004"].evidence] == [(93, "40"), (305, "41")]
    assert _findings(_edited(tmp_path, src, '<enrollment type="Actual">40</enrollment>',
                             '<enrollment type="Actual">41</enrollment>')) == []


def test_enr003_enr004_edited_clean_record(tmp_path, corpus):
    src = LEGACY / "NCT00000125.xml"        # enrollment 1636 (line 123) = STARTED 819 + 817 = baseline Total 1636
    assert _findings(src) == []
    more = _findings(_edited(tmp_path, src, '<enrollment type="Actual">1636</enrollment>',
                             '<enrollment type="Actual">1700</enrollment>'))
    assert [(f.rule, f.severity, f.message) for f in more] == [
        ("ENR003", "warning", 'The participant flow starts 1636 participants ("Overall Study") but the actual '
                              "enrollment is 1700 (64 fewer; the pre-assignment details do not explain it).")]
    fewer = _findings(_edited(tmp_path, src, '<enrollment type="Actual">1636</enrollment>',
                              '<enrollment type="Actual">1600</enrollment>'))
    assert sorted(f.rule for f in fewer) == ["ENR002", "ENR004"]
    base = next(f for f in fewer if f.rule == "ENR004")
    assert [(e.line, e.text) for e in base.evidence] == [(123, "1600"), (527, "1636")]


def test_enr003_explained_by_the_pre_assignment_details_is_info(corpus):
    # enrollment 60 (line 95), STARTED 27 + 28 (lines 222-223); pre-assignment details (line 204):
    # 'Sixty subjects met eligibility criteria ... but just 55 ... were randomized'
    (f,) = _findings(LEGACY / "NCT00000371.xml")
    assert (f.rule, f.severity) == ("ENR003", "info")
    assert f.message == ('The participant flow starts 55 participants ("Overall Study") but the actual enrollment is '
                         "60 (5 fewer, explained in the participant flow).")
    pre = next(e for e in f.evidence if e.label == "pre-assignment details")
    assert pre.line == 204 and pre.text.startswith("Sixty subjects")


def test_enr004_skips_crossover_designs(tmp_path, corpus):
    path = _edited(tmp_path, LEGACY / "NCT00000125.xml", '<enrollment type="Actual">1636</enrollment>',
                   '<enrollment type="Actual">1600</enrollment>')
    path = _edited(tmp_path, path, "<intervention_model>Parallel Assignment</intervention_model>",
                   "<intervention_model>Crossover Assignment</intervention_model>")
    assert "ENR004" not in {f.rule for f in _findings(path)}


def test_enr005_completed_record_still_anticipated(tmp_path, corpus):
    src = LEGACY / "NCT00001131.xml"        # line 58: Completed; line 84: <enrollment type="Anticipated">42
    f, = _findings(src)
    assert (f.rule, f.severity) == ("ENR005", "warning")
    assert f.message == "The study is Completed but its enrollment 42 is still the anticipated number, not the actual one."
    assert [(e.line, e.text) for e in f.evidence] == [(58, "Completed"), (84, "42"), (84, "Anticipated")]
    assert _findings(_edited(tmp_path, src, '<enrollment type="Anticipated">42', '<enrollment type="Actual">42')) == []


def test_enr006_not_yet_recruiting_with_actual_enrollment(tmp_path, corpus):
    src = CLASSIC / "NCT04779437.json"      # line 28: Not yet recruiting; lines 111-112: 12, Anticipated
    assert _findings(src) == []
    f, = _findings(_edited(tmp_path, src, '"EnrollmentType": "Anticipated"', '"EnrollmentType": "Actual"'))
    assert (f.rule, f.severity) == ("ENR006", "warning")
    assert f.message == "The study is Not yet recruiting but its enrollment 12 is typed Actual."
    assert [e.line for e in f.evidence] == [28, 111, 112]


def test_enr007_terminated_with_nobody_and_withdrawn_with_a_count(tmp_path, corpus):
    src = LEGACY / "NCT00491374.xml"        # line 34: Terminated; line 53: <enrollment type="Actual">0
    f, = _findings(src)
    assert (f.rule, f.message) == ("ENR007", "The study is Terminated but its enrollment is 0 (only a Withdrawn study "
                                             "enrolls nobody).")
    assert _findings(_edited(tmp_path, src, "<overall_status>Terminated</overall_status>",
                             "<overall_status>Withdrawn</overall_status>")) == []
    g, = _findings(LEGACY / "NCT00460837.xml")   # line 52: Withdrawn; line 80: Anticipated 150
    assert g.message == "The study is Withdrawn (no participant enrolled) but its enrollment is 150 (Anticipated)."
    assert [e.line for e in g.evidence] == [52, 80, 80]
