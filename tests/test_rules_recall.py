"""Defects planted the way scripts/plant_defects.py plants them, in copies of real records
(tests/data/recall, unchanged copies of corpus records; sources in tests/data/README.md), for the
rules whose recall that harness measured too low: TEXT005 (healthy volunteers flipped), AGE001 (a
stated age changed against 'Adults > 18 years' and 'M/F ages 21-45 with a history of ...'), AGE004
(a second age item beside 'Females at least 18 years of age' or 'Age 18 or older'), TEXT004 (an
open-label title under double masking) and DOSE001 (a fixed-dose combination; a placebo arm naming
the product). Each unplanted copy gives no such finding. Texts, lines and
values were read off the files by eye."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from auditor.config import Config
from auditor.context import Context
from auditor.extract.design_statements import find_statements
from auditor.pipeline import read_inputs
from checks.age_limits import criteria_disagree, stated_vs_criteria
from checks.dosing import named_schedule_conflict
from checks.free_text import _requires_disease, healthy_volunteers_with_disease, open_text_masked
from checks.free_text_course import enrolled_text_vs_enrollment
from conftest import edited_copy

DATA = Path(__file__).parent / "data" / "recall"
CTX = Context(Config(), dt.date(2026, 12, 3))


def _run(path: Path, rule):
    out = []
    for t in read_inputs([path], Config()).trials:
        out += list(rule(t, CTX))
    return out


def _one_planted(tmp_path: Path, src: Path, rule, old: str, new: str):
    """The unplanted record gives no finding of the rule; the copy with old replaced by new gives one."""
    assert _run(src, rule) == []
    found = _run(edited_copy(tmp_path, src, old, new), rule)
    assert len(found) == 1, found
    return found[0]


_HV_NO, _HV_YES = "<healthy_volunteers>No</healthy_volunteers>", "<healthy_volunteers>Accepts Healthy Volunteers</healthy_volunteers>"


# ---- TEXT005: healthy volunteers accepted, criteria require the record's condition -----------------

def test_text005_condition_named_by_abbreviation_after_with(tmp_path):
    src = DATA / "NCT06672068.json"
    # conditions ['NSCLC']; inclusion 2 'Patients with non-squamous non-small cell lung cancer (NSCLC) diagnosed by ...'
    assert _run(src, healthy_volunteers_with_disease) == []          # healthyVolunteers false as registered
    planted = edited_copy(tmp_path, src, '"healthyVolunteers": false', '"healthyVolunteers": true')
    f, = _run(planted, healthy_volunteers_with_disease)
    assert f.message == ('The record accepts healthy volunteers but inclusion criterion 2 requires a disease '
                         '("Patients with non-squamous non-small cell lung cancer (NSCLC)").')


def test_text005_therapeutic_vaccine_does_not_admit_healthy_people(tmp_path):
    src = DATA / "NCT00003224.xml"
    # brief title 'Vaccine Therapy in Treating Patients With Metastatic Melanoma' (line 14); inclusion
    # 'Histologically confirmed unresectable metastatic melanoma' (line 178); line 235 healthy_volunteers No
    f = _one_planted(tmp_path, src, healthy_volunteers_with_disease, _HV_NO, _HV_YES)
    assert "requires a disease" in f.message
    assert f.evidence[1].line == 178 and f.evidence[1].highlight == "Histologically"


def test_text005_preventive_vaccine_still_admits_healthy_people(tmp_path):
    src = DATA / "NCT00003224.xml"
    # The same record made a preventive vaccine study: titles (lines 14-15) without patients, therapy or a cancer.
    planted = edited_copy(tmp_path, src, _HV_NO, _HV_YES)
    text = planted.read_text(encoding="utf-8")
    for old, new in (("<brief_title>Vaccine Therapy in Treating Patients With Metastatic Melanoma</brief_title>",
                      "<brief_title>A Vaccine Given to Adults at Risk</brief_title>"),
                     ("Synthetic Melanoma Peptide in Patients With High Risk Melanoma</official_title>",
                      "Synthetic Peptide in Adults at Risk</official_title>")):
        assert text.count(old) == 1
        text = text.replace(old, new)
    planted.write_text(text, encoding="utf-8")
    assert _run(planted, healthy_volunteers_with_disease) == []


# ---- AGE001: ages led by a person word or by 'ages' ---------------------------------------------

def test_age001_adults_over_18_against_a_changed_minimum(tmp_path):
    src = DATA / "NCT00490113.xml"
    # line 77 '-  Adults &gt; 18 years'; line 104 minimum 18 Years (the loose reading of '> 18')
    f = _one_planted(tmp_path, src, stated_vs_criteria, "<minimum_age>18 Years</minimum_age>", "<minimum_age>21 Years</minimum_age>")
    assert f.values == {"stated": "21 years and older", "criteria": "19 years and older"}
    assert f.evidence[-1].line == 77


def test_age001_ages_range_followed_by_a_history(tmp_path):
    src = DATA / "NCT00000292.xml"
    # line 81 'M/F ages 21-45 with a history of smoked cocaine use ...'; lines 98-99 stated 21-45 Years
    f = _one_planted(tmp_path, src, stated_vs_criteria, "<maximum_age>45 Years</maximum_age>", "<maximum_age>48 Years</maximum_age>")
    assert f.message == ("Stated maximum age 48 years disagrees with the eligibility criteria, which make "
                         "21-45 years eligible.")


# ---- AGE004: a second age item beside one that describes the participants ----------------------------

def test_age004_second_range_beside_females_at_least_18(tmp_path):
    src = DATA / "NCT00461526.xml"
    # line 145 '-  Females at least 18 years of age' (the first inclusion item)
    f = _one_planted(tmp_path, src, criteria_disagree,
                     "Inclusion Criteria:&#xD;\n&#xD;\n          -  Females at least 18 years of age",
                     "Inclusion Criteria:&#xD;\n&#xD;\n          -  Females at least 18 years of age&#xD;\n&#xD;\n"
                          "          -  Aged 25-55 years")
    assert f.values == {"first range": "18 years and older", "second range": "25-55 years"}


def test_age004_second_range_beside_18_or_older(tmp_path):
    src = DATA / "NCT06883097.json"
    # inclusion criterion 3 'Age 18 or older'
    f = _one_planted(tmp_path, src, criteria_disagree, "3. Age 18 or older", "3. Age 18 or older\\n8. Aged 30-50 years")
    assert f.values == {"first range": "18 years and older", "second range": "30-50 years"}


def test_age004_men_and_women_with_their_own_ranges_are_cohorts(tmp_path):
    src = DATA / "NCT00461526.xml"
    planted = edited_copy(tmp_path, src, "Inclusion Criteria:&#xD;\n&#xD;\n          -  Females at least 18 years of age",
                          "Inclusion Criteria:&#xD;\n&#xD;\n          -  Females at least 18 years of age&#xD;\n&#xD;\n"
                          "          -  Males aged 25-55 years")
    assert _run(planted, criteria_disagree) == []


# ---- TEXT004: a title calling the study open-label under double masking ---------------------------

def test_text004_open_label_title_though_the_summary_says_double_blind(tmp_path):
    src = DATA / "NCT00002396.xml"
    # line 15 official title 'A Phase I/II, Randomized, Double-Blind, Placebo-Controlled Study ...';
    # line 37 summary 'In this double-blind, placebo-controlled study'; line 55 masking Double
    f = _one_planted(tmp_path, src, open_text_masked, "Randomized, Double-Blind, Placebo", "Randomized, Open-Label, Placebo")
    assert f.message == ('The masking is Double but the record calls the study open-label ("Open-Label" in the '
                         'official title).')
    assert [e.line for e in f.evidence] == [55, 15]


def test_text005_condition_in_singular_and_biopsy_proven(tmp_path):
    # NCT00001062: conditions 'HIV Infections' (line 66); inclusion '-  HIV infection.' (line 86); line 150 No
    src = DATA / "NCT00001062.xml"
    f = _one_planted(tmp_path, src, healthy_volunteers_with_disease, _HV_NO, _HV_YES)
    assert f.message == 'The record accepts healthy volunteers but inclusion criterion requires a disease ("HIV infection").'
    assert f.evidence[1].line == 86
    # NCT00003907: inclusion '-  Biopsy-proven intrahepatic hepatocellular carcinoma ...' (line 174); line 213 No
    src = DATA / "NCT00003907.xml"
    f = _one_planted(tmp_path, src, healthy_volunteers_with_disease, _HV_NO, _HV_YES)
    assert f.message.endswith('requires a disease ("Biopsy-proven").') and f.evidence[1].line == 174


def test_text005_negated_diagnosis_is_no_requirement():
    assert _requires_disease("No diagnosis of diabetes mellitus") is None
    assert _requires_disease("Subjects without documented coronary artery disease") is None
    assert _requires_disease("Family history of confirmed Alzheimer disease") is None
    assert _requires_disease("Documented HIV infection.").group(0) == "Documented HIV infection"


# ---- DOSE001: a fixed-dose combination; a placebo arm naming the product --------------------------

def test_dose001_fixed_dose_combination_arm_against_its_intervention(tmp_path):
    src = DATA / "NCT00496730.xml"
    # line 65 arm 'Vytorin®': 'simvastatin (+) ezetimibe 10/20 mg (Vytorin®) ; tablet, once daily, 8 Weeks';
    # line 75 intervention 'simvastatin (+) ezetimibe': 'simvastatin (+) ezetimibe 10/20 mg ; tablet, once daily, 8 Weeks'
    f = _one_planted(tmp_path, src, named_schedule_conflict,
                     "ezetimibe 10/20 mg ; tablet, once daily, 8 Weeks</description>",
                     "ezetimibe 10/20 mg ; tablet, twice daily, 8 Weeks</description>")
    assert f.message == ('The dosing interval of "simvastatin (+) ezetimibe" is 1 day in the arm "Vytorin®" '
                         'description but 12 hours in the intervention "simvastatin (+) ezetimibe" description.')
    assert sorted(e.line for e in f.evidence) == [65, 75]


def test_dose001_combination_components_with_other_doses_not_compared(tmp_path):
    src = DATA / "NCT00496730.xml"
    # The intervention states another dose (40 mg) twice daily: no longer one fixed-dose statement.
    planted = edited_copy(tmp_path, src, "ezetimibe 10/20 mg ; tablet, once daily, 8 Weeks</description>",
                          "ezetimibe 40 mg ; tablet, twice daily, 8 Weeks</description>")
    assert _run(planted, named_schedule_conflict) == []


def test_dose001_placebo_arm_naming_the_product_is_not_a_schedule_comparison(tmp_path):
    src = DATA / "NCT00463268.xml"
    # line 64 arm '1' 'Alendronate 70 mg every 2 weeks'; line 69 arm '2' 'Alendronate 70 mg placebo tablet every
    # 2 weeks' (gives placebo, line 88); line 74 intervention alendronate (arm 1 only, line 75) 'every 2 weeks'
    f = _one_planted(tmp_path, src, named_schedule_conflict,
                     "<description>Alendronate 70 mg every 2 weeks</description>",
                     "<description>Alendronate 70 mg every 4 weeks</description>")
    # the brief summary (lines 27-28) says '70 mg once every two week'
    assert f.message == ('The dosing interval of "alendronate" is 2 weeks in the brief summary but 4 weeks in the '
                         'arm "1" description.')
    assert [e.line for e in f.evidence] == [27, 64]


def test_text004_open_label_title_with_many_words_before_study(tmp_path):
    src = DATA / "NCT00493051.xml"
    # line 15 'A Randomized, Double-Blind, Placebo-Controlled, Single- and Double-Dose, Comparator Arm (Standard
    # of Care), Multicenter Phase 2b Study of Topical GAM501 ...'; line 32 summary 'double-blind'; line 50 Triple
    f = _one_planted(tmp_path, src, open_text_masked, "A Randomized, Double-Blind, Placebo", "A Randomized, Open-Label, Placebo")
    assert f.message == ('The masking is Triple (Care Provider, Investigator, Outcomes Assessor) but the record calls '
                         'the study open-label ("Open-Label" in the official title).')
    assert [e.line for e in f.evidence] == [50, 15]


def test_open_label_in_a_title_is_read_unless_it_names_a_part():
    kinds = lambda s: [x.kind for x in find_statements(s, title=True)]  # noqa: E731
    assert "open_label" in kinds("Open-Label, Prospective, Randomized Comparison of Two Lipid Emulsions")
    assert kinds("Open-Label Extension Study of Drug X") == []
    assert kinds("A Double-Blind Study Followed by an Open-Label Extension") == ["blinded"]


# ---- AGE001: more ways of writing a bound ---------------------------------------------------------

def test_age001_or_more_over_age_of_and_unitless_with_comma(tmp_path):
    # NCT00498407 line 97 '4. Age 18 years or more', line 146 minimum 18 Years
    src = DATA / "NCT00498407.xml"
    assert _run(src, stated_vs_criteria) == []
    f, = _run(edited_copy(tmp_path, src, "<minimum_age>18 Years</minimum_age>", "<minimum_age>21 Years</minimum_age>"),
              stated_vs_criteria)
    assert f.values == {"stated": "21 years and older", "criteria": "18 years and older"}
    # NCT00461864 line 59 'patients over age of 50 with clinical suspicion of a hip fracture', line 71 minimum 50
    src = DATA / "NCT00461864.xml"
    assert _run(src, stated_vs_criteria) == []
    f, = _run(edited_copy(tmp_path, src, "<minimum_age>50 Years</minimum_age>", "<minimum_age>45 Years</minimum_age>"),
              stated_vs_criteria)
    assert f.values == {"stated": "45 years and older", "criteria": "51 years and older"}
    assert f.evidence[-1].line == 59
    # NCT05519384 inclusion 1 'Age ≤18, male or female;', maximum 18 Years, no minimum
    src = DATA / "NCT05519384.json"
    assert _run(src, stated_vs_criteria) == []
    f, = _run(edited_copy(tmp_path, src, '"maximumAge": "18 Years"', '"maximumAge": "13 Years"'), stated_vs_criteria)
    assert f.values == {"stated": "up to 13 years", "criteria": "up to 18 years"}


# ---- TEXT006: the number enrolled or randomized in the text vs the enrollment ------------------------

def test_text006_count_after_a_completed_clause(tmp_path):
    src = DATA / "NCT00495404.xml"
    # lines 90-91 'Subject enrollment and follow-up has been completed, a total of 135 subjects were enrolled.';
    # line 95 Completed; line 114 enrollment 135 (Actual)
    f = _one_planted(tmp_path, src, enrolled_text_vs_enrollment, '<enrollment type="Actual">135</enrollment>', '<enrollment type="Actual">189</enrollment>')
    assert f.severity == "warning"
    assert f.message == "The detailed description states 135 participants enrolled but the enrollment is 189 (Actual)."


def test_text006_number_randomized(tmp_path):
    src = DATA / "NCT04407182.json"
    # description 'A total of 60 subjects will be randomized 2: 1 in this study.'; enrollment 60 ACTUAL, COMPLETED
    assert _run(src, enrolled_text_vs_enrollment) == []
    # more enrolled than randomized is usual (people leave before randomization): no finding
    assert _run(edited_copy(tmp_path, src, '"count": 60', '"count": 96'), enrolled_text_vs_enrollment) == []
    planted = edited_copy(tmp_path, src, '"count": 60', '"count": 40')
    f, = _run(planted, enrolled_text_vs_enrollment)
    # a plan ('will be randomized') against an actual count: shown as info
    assert f.severity == "info" and f.values == {"enrollment": "40", "text": "60"}
    assert f.message == "The brief summary states 60 participants randomized but the enrollment is 40 (ACTUAL)."


def test_enrolled_count_clauses():
    def counts(t):
        return [s.value for s in find_statements(t) if s.kind == "enrolled"]
    assert counts("Subject enrollment has been completed, a total of 135 subjects were enrolled.") == [135]
    assert counts("48 patients were enrolled and 40 completed the study.") == []     # 'completed' in its clause
    assert counts("In the pilot phase, 20 patients were enrolled.") == []           # a part of the study
    assert counts("40 patients were randomized to placebo.") == []                  # one arm
    assert counts("Sixty patients were randomized.") == [60]


def test_text005_condition_words_in_another_order(tmp_path):
    # NCT00461006: condition 'Diabetes Mellitus Type 2' (line 64); inclusion '-  type 2 diabetes for &gt;=1 month;'
    # (line 92); line 116 healthy volunteers No
    src = DATA / "NCT00461006.xml"
    f = _one_planted(tmp_path, src, healthy_volunteers_with_disease, _HV_NO, _HV_YES)
    assert f.message.endswith('requires a disease ("diabetes").') and f.evidence[1].line == 92


def test_age004_nested_items_and_bare_sub_headings_are_cohorts(tmp_path):
    # NCT00496769 line 132 '-  Age of 50 years or older'; line 141, nested under line 137 'At least 1 of the
    # following risk factors for stroke:', '-  Age of 75 years or older' (a risk factor, not a second limit)
    assert _run(DATA / "NCT00496769.xml", criteria_disagree) == []
    # NCT00462072: bare sub-headings 'Rheumatoid Arthritis' (line 112) and "Crohn's disease" (line 131) over
    # '18 years of age or older' (line 114) and '12 years of age or older' (line 133)
    src = DATA / "NCT00462072.xml"
    # The same two items without the sub-heading between them do conflict.
    f = _one_planted(tmp_path, src, criteria_disagree, "        Crohn's disease&#xD;\n", "")
    assert f.values == {"first range": "18 years and older", "second range": "12 years and older"}


def test_text005_an_item_for_normal_eyes_admits_healthy_people(tmp_path):
    # NCT00494390: condition 'Cataract' (line 51); inclusion items '1. 18 year or older', '2. Normal eye' (line 64),
    # '3. Cataract' ...; healthy volunteers accepted (line 86): people with normal eyes take part
    src = DATA / "NCT00494390.xml"
    assert _run(src, healthy_volunteers_with_disease) == []
    # Without the 'Normal eye' item, the Cataract item requires the disease.
    f, = _run(edited_copy(tmp_path, src, "          2. Normal eye&#xD;\n", ""), healthy_volunteers_with_disease)
    assert f.message.endswith('requires a disease ("Cataract").')
