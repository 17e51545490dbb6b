"""Free-text statements against the structured fields (TEXT001-TEXT009), conflicting ages inside
the criteria (AGE004) and dosing across places: planted defects in copies of real records of the
corpus (legacy XML, classic v1 JSON, API v2 JSON), the clean originals giving no such finding.
Texts and line numbers were read off the files by eye."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from auditor.config import Config
from auditor.context import Context
from auditor.extract.design_statements import find_statements
from auditor.pipeline import read_inputs
from checks.age_limits import criteria_disagree
from checks.arm_sizes import arm_sizes_over_enrollment
from checks.dosing import linked_schedule_conflict, named_schedule_conflict
from checks.free_text import (blinded_text_open_label, crossover_text_parallel, healthy_volunteers_with_disease,
                              open_text_masked, randomized_text_non_randomized)
from checks.free_text_course import completed_but_stopped, enrolled_text_vs_enrollment, recruitment_after_completion
from conftest import CORPUS

LEGACY = CORPUS / "ctgov-legacy-xml_reesewang25"
CLASSIC = CORPUS / "ctgov-classic-api-v1-json"
V2 = CORPUS / "ctgov-api-v2-json-bulk"
CTX = Context(Config(), dt.date(2026, 11, 23))


def _run(path: Path, *rules):
    out = []
    for t in read_inputs([path], Config()).trials:
        for r in rules:
            out += list(r(t, CTX))
    return out


def _copy(tmp_path: Path, src: Path, *edits: tuple[str, str]) -> Path:
    """A copy of a real record with passages changed (each must occur once); the original is untouched."""
    text = src.read_text(encoding="utf-8")
    for old, new in edits:
        assert text.count(old) == 1, f"{old!r} must occur once in {src.name}"
        text = text.replace(old, new)
    dst = tmp_path / src.name
    dst.write_text(text, encoding="utf-8")
    return dst


# ---- the extractor -----------------------------------------------------------------------------

def test_statements_read_negations_other_studies_and_plans():
    kinds = lambda s: [x.kind for x in find_statements(s)]  # noqa: E731
    assert kinds("This is a randomized, double-blind, crossover study.") == ["randomized", "blinded", "crossover"]
    assert kinds("This is a non-randomized, open-label study.") == ["non_randomized", "open_label"]
    assert kinds("Previous randomized trials have shown a benefit of X.") == []
    assert kinds("The results will inform a subsequent randomized controlled trial.") == []
    assert kinds("Patients in the control arm may cross over to drug X at progression.") == []
    assert kinds("Parallel group design instead of cross-over design is used.") == []
    assert kinds("Treatment assignment will not be masked.") == []
    assert kinds("The study may be terminated early if safety concerns arise.") == []
    assert kinds("The double-blind phase is followed by an open-label extension.") == []


def test_statements_counts_and_periods():
    s, = find_statements("Of the 48 patients enrolled, 40 completed the study.")
    assert (s.kind, s.value, s.future) == ("enrolled", 48, False)
    s, = find_statements("A total of 60 participants will be enrolled.")
    assert (s.kind, s.value, s.future) == ("enrolled", 60, True)
    assert find_statements("30 men and 30 women will be enrolled.") == []
    assert find_statements("A total of 60 participants will be enrolled in each arm.") == []
    assert find_statements("Approximately 60 participants will be enrolled.") == []
    s, = find_statements("Recruitment period: January 2015 to December 2017.")
    assert (s.kind, s.value.iso) == ("recruitment", "2017-12")
    s, = find_statements("Recruitment will take place between 01/2016 and 12/2018.")
    assert s.value.iso == "2018-12"


# ---- TEXT001 randomized text vs allocation (legacy XML) ----------------------------------------

def test_text001_legacy_randomized_title_non_randomized_allocation(tmp_path, corpus):
    src = LEGACY / "NCT00000804.xml"
    # lines 13/14: brief and official title 'A Randomized Trial of L-735,524 ...'; line 35: '<allocation>Randomized</allocation>'
    assert _run(src, randomized_text_non_randomized) == []
    f, = _run(_copy(tmp_path, src, ("<allocation>Randomized</allocation>", "<allocation>Non-Randomized</allocation>")),
              randomized_text_non_randomized)
    assert (f.rule, f.severity, f.record) == ("TEXT001", "warning", "NCT00000804")
    assert f.message == 'The allocation is Non-Randomized but the record describes randomization ("Randomized" in the brief title).'
    assert [(e.line, e.label, e.highlight) for e in f.evidence] == [
        (35, "allocation", "Non-Randomized"), (13, "brief title", "Randomized"), (14, "official title", "Randomized")]


# ---- TEXT002 crossover text vs parallel model (API v2) -----------------------------------------

def test_text002_v2_crossover_summary_parallel_model(tmp_path, corpus):
    src = V2 / "NCT03781128.json"
    # briefSummary: 'Design: Double-blind, randomized, placebo-controlled two-phase cross-over study design.'
    assert _run(src, crossover_text_parallel) == []
    f, = _run(_copy(tmp_path, src, ('"interventionModel": "CROSSOVER"', '"interventionModel": "PARALLEL"')),
              crossover_text_parallel)
    assert (f.rule, f.severity) == ("TEXT002", "warning")
    assert f.values == {"intervention model": "PARALLEL", "text": "crossover"}
    assert f.evidence[1].label == "brief summary"
    assert f.evidence[1].text == "Design: Double-blind, randomized, placebo-controlled two-phase cross-over study design."


# ---- TEXT003 blinding text vs masking None (classic v1 JSON) -----------------------------------

def test_text003_classic_blinded_text_open_label_masking(tmp_path, corpus):
    src = CLASSIC / "NCT04332835.json"
    # 'DesignMasking': 'Single'; 'DesignMaskingDescription': 'Single Blinded'; line 307 '... blinded, parallel, controlled clinical study'
    assert _run(src, blinded_text_open_label, open_text_masked) == []
    f, = _run(_copy(tmp_path, src, ('"DesignMasking": "Single"', '"DesignMasking": "None (Open Label)"')),
              blinded_text_open_label, open_text_masked)
    assert (f.rule, f.severity, f.record) == ("TEXT003", "warning", "NCT04332835")
    assert f.message.startswith("The masking is None (Open Label) but the record describes blinding (")
    assert any(e.highlight and "linded" in e.highlight for e in f.evidence[1:])


# ---- TEXT004 open-label text vs masked design (API v2) -----------------------------------------

def test_text004_v2_open_label_text_double_masking(tmp_path, corpus):
    src = V2 / "NCT01978912.json"
    assert _run(src, open_text_masked, blinded_text_open_label) == []
    f, = _run(_copy(tmp_path, src, ('"masking": "NONE"', '"masking": "DOUBLE"')), open_text_masked, blinded_text_open_label)
    assert (f.rule, f.severity) == ("TEXT004", "warning")
    assert f.values["masking"] == "DOUBLE" and "open" in f.evidence[1].highlight.lower()


# ---- TEXT005 healthy volunteers vs disease criteria (legacy XML) -------------------------------

def test_text005_legacy_healthy_volunteers_with_diagnosis_required(tmp_path, corpus):
    src = LEGACY / "NCT00000135.xml"
    # line 159 '<healthy_volunteers>No</healthy_volunteers>'; an inclusion item 'Diagnosis of AIDS ...'
    assert _run(src, healthy_volunteers_with_disease) == []
    f, = _run(_copy(tmp_path, src, ("<healthy_volunteers>No</healthy_volunteers>",
                                    "<healthy_volunteers>Accepts Healthy Volunteers</healthy_volunteers>")),
              healthy_volunteers_with_disease)
    assert (f.rule, f.severity, f.record) == ("TEXT005", "warning", "NCT00000135")
    assert f.evidence[0].line == 159 and f.evidence[1].text.lower().startswith("diagnosis of")


def test_text005_healthy_controls_are_not_reported(tmp_path, corpus):
    src = CLASSIC / "NCT04409977.json" if (CLASSIC / "NCT04409977.json").exists() else V2 / "NCT04409977.json"
    # 'Diagnosis of cluster headache (CH) may enter the patient group, patients not suffering from CH may
    # enter the control group': healthy volunteers are accepted as controls.
    assert _run(src, healthy_volunteers_with_disease) == []


# ---- TEXT006 stated number enrolled vs enrollment (legacy XML) ---------------------------------

def test_text006_legacy_total_enrolled_differs(tmp_path, corpus):
    src = LEGACY / "NCT00001379.xml"
    # line 115: 'A total of 105 patients will be enrolled at this single institution.'; line 142: Anticipated 105
    assert _run(src, enrolled_text_vs_enrollment) == []
    path = _copy(tmp_path, src, ('<enrollment type="Anticipated">105</enrollment>',
                                 '<enrollment type="Anticipated">120</enrollment>'))
    f, = _run(path, enrolled_text_vs_enrollment)
    assert (f.rule, f.severity) == ("TEXT006", "warning")
    assert f.message == "The detailed description states 105 participants enrolled but the enrollment is 120 (Anticipated)."
    assert [(e.line, e.label) for e in f.evidence] == [(142, "enrollment"), (115, "detailed description")]
    # A plan against an actual enrollment is only info: recruitment often ends off target.
    actual = _copy(tmp_path, src, ('<enrollment type="Anticipated">105</enrollment>', '<enrollment type="Actual">98</enrollment>'))
    f, = _run(actual, enrolled_text_vs_enrollment)
    assert (f.rule, f.severity, f.values) == ("TEXT006", "info", {"enrollment": "98", "text": "105"})


# ---- TEXT007 recruitment period vs completion date (classic v1 JSON) ---------------------------

def test_text007_classic_recruitment_ends_after_completion(tmp_path, corpus):
    src = CLASSIC / "NCT04379310.json"
    # line 75: '... between March 11th, 2020 and April 15th, 2020 ...'; line 42: completion 'May 8, 2020'
    assert _run(src, recruitment_after_completion) == []
    f, = _run(_copy(tmp_path, src, ('"BriefSummary": "Investigators will recruit patients diagnosed with COVID-19 pneumonia between March 11th, 2020 and April 15th',
                                    '"BriefSummary": "Investigators will recruit patients diagnosed with COVID-19 pneumonia between March 11th, 2020 and June 15th')), recruitment_after_completion)
    assert (f.rule, f.severity) == ("TEXT007", "warning")
    assert f.values == {"completion date": "2020-05-08", "recruitment ends": "2020-06-15"}
    assert [(e.line, e.label) for e in f.evidence] == [(42, "completion date"), (75, "brief summary")]


# ---- TEXT008 Completed status vs text saying stopped early (classic v1 JSON) -------------------

def test_text008_classic_completed_but_terminated_early(tmp_path, corpus):
    src = CLASSIC / "NCT04332835.json"
    # line 29 'OverallStatus': 'Completed'; line 92 the detailed description
    assert _run(src, completed_but_stopped) == []
    path = _copy(tmp_path, src, ('"DetailedDescription": "The process is based',
                                 '"DetailedDescription": "The study was terminated early due to slow recruitment. '
                                 'The process is based'))
    f, = _run(path, completed_but_stopped)
    assert (f.rule, f.severity) == ("TEXT008", "warning")
    assert f.message == ('The status is Completed but the record says the study was stopped early ("The study was '
                         'terminated early" in the detailed description).')
    assert [(e.line, e.label) for e in f.evidence] == [(29, "overall status"), (92, "detailed description")]


# ---- TEXT009 arm sizes vs enrollment (API v2) ---------------------------------------------------

def test_text009_v2_arm_sizes_add_up_to_more_than_enrollment(tmp_path, corpus):
    src = V2 / "NCT03781128.json"   # enrollment 30 (ESTIMATED), two arms
    assert _run(src, arm_sizes_over_enrollment) == []
    path = _copy(tmp_path, src,
                 ('per os) followed by Placebo"', 'per os) followed by Placebo (n = 20)"'),
                 ('followed by Lysergic acid diethylamide"', 'followed by Lysergic acid diethylamide (n = 20)"'))
    f, = _run(path, arm_sizes_over_enrollment)
    assert (f.rule, f.severity) == ("TEXT009", "warning")
    assert f.message == "The arm descriptions give 20 + 20 = 40 participants but the enrollment is 30 (ESTIMATED)."
    ok = _copy(tmp_path, src, ('followed by Lysergic acid diethylamide"', 'followed by Lysergic acid diethylamide (n = 15)"'))
    assert _run(ok, arm_sizes_over_enrollment) == []


# ---- AGE004 conflicting ages inside the criteria (API v2) --------------------------------------

def test_age004_v2_two_age_ranges_in_the_criteria(tmp_path, corpus):
    src = CORPUS / "ctgov-api-v2-json" / "NCT00726505.json"
    if not src.exists():
        src = V2 / "NCT00726505.json"
    # an inclusion item 'Age 18 to 65 years'
    assert _run(src, criteria_disagree) == []
    f, = _run(_copy(tmp_path, src, ("* Age 18 to 65 years", "* Aged 24 to 38 years\\n* Age 18 to 65 years")),
              criteria_disagree)
    assert (f.rule, f.severity) == ("AGE004", "warning")
    assert f.message.startswith("The eligibility criteria state two age ranges: 24-38 years")
    assert "18-65 years" in f.message
    # Marked cohorts are not a contradiction.
    cohorts = _copy(tmp_path, src, ("* Age 18 to 65 years", "* Cohort A: aged 24 to 38 years\\n* Age 18 to 65 years"))
    assert _run(cohorts, criteria_disagree) == []


# ---- dosing across places (API v2) ---------------------------------------------------------------

def test_dose001_v2_summary_schedule_vs_intervention_given_in_two_arms(tmp_path, corpus):
    src = V2 / "NCT03895671.json"
    # intervention 'Azacitidine' (arms AP-CML and MBC-CML): '75 mg/m² subcutaneously day 1 to day 7, every 4 weeks'
    assert _run(src, named_schedule_conflict, linked_schedule_conflict) == []
    path = _copy(tmp_path, src, ("in advanced phase or myeloid blast crisis.\"",
                                 "in advanced phase or myeloid blast crisis. Azacitidine is given every 5 weeks.\""))
    f, = _run(path, named_schedule_conflict, linked_schedule_conflict)
    assert (f.rule, f.severity) == ("DOSE001", "error")
    assert f.message == ('The dosing interval of "Azacitidine" is 5 weeks in the brief summary but 4 weeks in the '
                         'intervention "Azacitidine" description.')


def test_text008_legacy_completed_with_a_reason_for_stopping(tmp_path, corpus):
    src = LEGACY / "NCT00001151.xml"
    # line 63 '<overall_status>Terminated</overall_status>'; line 64-65 why stopped 'Terminated because of lack of drug supply'
    assert _run(src, completed_but_stopped) == []
    f, = _run(_copy(tmp_path, src, ("<overall_status>Terminated</overall_status>", "<overall_status>Completed</overall_status>")),
              completed_but_stopped)
    assert (f.rule, f.severity) == ("TEXT008", "warning")
    assert f.message == ('The status is Completed but a reason for stopping early is given ("Terminated because of lack '
                         'of drug supply").')
    assert [(e.line, e.label) for e in f.evidence][:2] == [(63, "overall status"), (64, "why stopped")]


def _dosing_trial(summary: str, arms: list[tuple[str, str]]) -> "Trial":
    from auditor.model import Arm, Field, Intervention, Loc, Trial

    def f(v: str, line: int) -> Field:
        return Field(v, v, Loc("t.json", line))
    return Trial(id="T", source="t.json", format="test", brief_summary=f(summary, 1),
                 arms=[Arm(label=f(a, 10 + n), description=f(d, 20 + n), intervention_names=[f("Drug: Zoledronate", 30)])
                       for n, (a, d) in enumerate(arms)],
                 interventions=[Intervention(name=f("Zoledronate", 40), description=f("Zoledronate infusion.", 41),
                                             arm_labels=[f(a, 50) for a, _d in arms])])


def test_dosing_arms_comparing_schedules_of_one_product_are_the_exception():
    rules = (named_schedule_conflict, linked_schedule_conflict)
    # The arms compare two schedules of the same product: the summary naming one of them is no conflict.
    t = _dosing_trial("Zoledronate is given every 4 weeks.",
                      [("Weekly", "Zoledronate 4 mg given intravenously every week"),
                       ("Four-weekly", "Zoledronate 4 mg given intravenously every 4 weeks")])
    assert [f for r in rules for f in r(t, CTX)] == []
    # Both arms give it at one schedule; the summary states another: reported.
    t = _dosing_trial("Zoledronate is given every 5 weeks.",
                      [("Zoledronate plus A", "Zoledronate 4 mg given intravenously every 4 weeks with A"),
                       ("Zoledronate plus B", "Zoledronate 4 mg given intravenously every 4 weeks with B")])
    found = [f for r in rules for f in r(t, CTX)]
    assert [(f.rule, f.values) for f in found] == [
        ("DOSE001", {"brief summary": "5 weeks (every 5 weeks)", 'arm "Zoledronate plus A" description': "4 weeks (every 4 weeks)"})]


def test_design_statements_of_a_networks_named_protocols_are_not_the_records_own():
    from auditor.model import Field, Loc, Trial
    text = ("The network runs several protocols. The Smoking Modulates Outcomes of Glucocorticoid Therapy in Asthma "
            "(SMOG) study was a randomized, double-blind, cross-over study. It is a 60-week cross-over study.")
    t = Trial(id="T", source="t", format="test", detailed_description=Field(text, text, Loc("t", 3)),
              intervention_model=Field("PARALLEL", "Parallel Assignment", Loc("t", 9)))
    assert list(crossover_text_parallel(t, CTX)) == []
    own = "This is a randomized, double-blind, cross-over study."
    t = Trial(id="T", source="t", format="test", detailed_description=Field(own, own, Loc("t", 3)),
              intervention_model=Field("PARALLEL", "Parallel Assignment", Loc("t", 9)))
    f, = crossover_text_parallel(t, CTX)
    assert f.evidence[1].line == 3 and f.evidence[1].highlight == "cross-over"


def test_text005_item_requiring_the_records_own_condition():
    from auditor.model import Criterion, Field, Loc, Trial

    def trial(item: str) -> Trial:
        return Trial(id="T", source="t", format="test", healthy_volunteers=Field(True, "Yes", Loc("t", 9)),
                     conditions=[Field("Asthma", "Asthma", Loc("t", 2))],
                     criteria=[Criterion("inclusion", "1", item, Loc("t", 20))])
    f, = healthy_volunteers_with_disease(trial("Adults with moderate asthma for at least 1 year"), CTX)
    assert (f.rule, f.evidence[1].line) == ("TEXT005", 20)
    assert list(healthy_volunteers_with_disease(trial("Adults with a body mass index of 18 to 30"), CTX)) == []


def test_text005_an_item_naming_the_records_own_condition_requires_the_disease(tmp_path, corpus):
    """NCT00462345 (legacy XML): condition 'Rheumatoid Arthritis' (line 143), inclusion item 'rheumatoid
    arthritis for >=6 months' (line 182), healthy volunteers 'No' (line 203). Accepting healthy volunteers
    contradicts the item; the original gives nothing."""
    src = LEGACY / "NCT00462345.xml"
    assert _run(src, healthy_volunteers_with_disease) == []
    f, = _run(_copy(tmp_path, src, ("<healthy_volunteers>No</healthy_volunteers>",
                                    "<healthy_volunteers>Accepts Healthy Volunteers</healthy_volunteers>")),
              healthy_volunteers_with_disease)
    assert (f.rule, f.severity) == ("TEXT005", "warning")
    assert f.message.endswith('requires a disease ("rheumatoid arthritis").')
    assert [e.line for e in f.evidence] == [203, 182]


def test_text005_a_state_healthy_people_are_in_is_not_a_disease(corpus):
    """NCT00494728 (legacy XML): conditions 'Smoking' and 'Depression' (lines 188-189), healthy volunteers
    accepted (line 279): smokers are healthy volunteers, so an item about smoking ('Smoking greater than or
    equal to 5 cigarettes per day') is no contradiction; inclusion 1 'Currently meeting DSM-IV criteria for
    major depressive disorder' (line 226) does require the condition 'Depression', and only it is named."""
    f, = _run(LEGACY / "NCT00494728.xml", healthy_volunteers_with_disease)
    assert [e.line for e in f.evidence] == [279, 226]
    assert f.message.endswith('inclusion criterion 1 requires a disease ("depressive").')
