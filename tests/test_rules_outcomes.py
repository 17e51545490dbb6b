"""Primary-outcome statements in papers, outcome matching and the OUT rules.

Statements are real passages (tests/data/outcomes/statements.txt, each with its file and line);
the rule tests use a real pair, PMC3672473 ('The primary efficacy endpoint is 30-day all-cause
mortality.', line 25) and its record NCT00491036 (primary '30-day mortality', time frame '30 day',
lines 56-57; secondary 'Inflammatory markers (CRP and white blood cell count)', line 60), and edited
copies of the record for each kind of change. Expected values were read off the files by eye."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from auditor.config import Config
from auditor.context import Context
from auditor.extract.abbreviations import find_abbreviations
from auditor.extract.outcome_match import compare, facets
from auditor.extract.outcome_statements import find_outcome_statements, outcome_items
from auditor.pipeline import read_inputs
from checks.outcomes import outcome_measurement_changed, outcome_switched, outcome_timing_changed, outcome_unmatched
from checks.publication_registry import paper_text
from conftest import CORPUS

DATA = Path(__file__).parent / "data" / "outcomes"
OUT_RULES = (outcome_switched, outcome_unmatched, outcome_measurement_changed, outcome_timing_changed)


def _passages() -> dict[str, str]:
    out: dict[str, str] = {}
    key = None
    for line in (DATA / "statements.txt").read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            continue
        if line.startswith("== "):
            key = line[3:].split(".")[0]
            out[key] = ""
        elif key:
            out[key] = (out[key] + "\n" + line) if out[key] else line
    return out


PASSAGES = _passages()


@pytest.mark.parametrize("pmc, expected", [
    ("PMC4877983", "28-day neonatal mortality among <5th percentile birth weight infants (proxy for preterm birth due "
                   "to poor gestational age dating)"),                                           # '... of the ACT trial was'
    ("PMC5728271", "reduced emotional and behavioural problems in children.32 Secondary outcomes were improved mental "
                   "health of the parents and sense of competence in parenting"),                # 'main outcome measure'
    ("PMC3680656", "baseline-to-endpoint change on the Severe Impairment Battery (SIB) total score [week 24, "
                   "last-observation-carried-forward (LOCF) approach] and the endpoint rating on the Clinician’s "
                   "Interview-Based Impression of Change Plus Caregiver Input (CIBIC-Plus) scale (week 24, LOCF)"),
    ("PMC5753454", "Progression free survival"),                                                 # reverse, 'will be'
    ("PMC5683219", "the cumulative incidence of first PID over 24 months in the intervention group (immediate testing "
                   "and treatment) and in the control group following current screening recommendations (deferred "
                   "testing)"),
    ("PMC2018725", "improved patients' nutritional and physiological status, as measured by mid-arm muscle area, "
                   "triceps skin fold thickness, grip strength, and fatigue score, as well as patients' health related "
                   "quality of life"),                                                           # 'include improved ...'
    ("PMC3664372", "Stroke and death during follow-up"),                                         # structured abstract
    ("PMC4784348", "percentage of fat mass and QoL"),                                            # '(primary endpoints)'
])
def test_primary_statement_forms(pmc, expected):
    primary = [s.what for s in find_outcome_statements(PASSAGES[pmc]) if s.kind == "primary"]
    assert primary[0] == expected


def test_statement_split_across_sentences_and_enumerations():
    text = "The primary endpoint was defined as follows. Death or hospitalisation for heart failure at 12 months."
    [s] = find_outcome_statements(text)
    assert (s.kind, s.what) == ("primary", "Death or hospitalisation for heart failure at 12 months")
    assert outcome_items("(1) pain at rest, (2) pain on walking and (3) stiffness") == [
        "pain at rest", "pain on walking", "stiffness"]
    assert outcome_items("pain and function") == ["pain and function"]


@pytest.mark.parametrize("text", [
    "The primary outcome was significantly lower in the aspirin group.",
    "The primary endpoint was 12.5% in the treatment group and 20.1% with placebo.",
    "The primary care physicians were contacted by letter.",
    "The primary objective of the study was to examine the onset of analgesia.",
    # forms that matched before issue 12's work, read in papers-rct-with-nct_evidence-inference
    "The sample size was calculated for the primary outcome measures.",            # PMC5753470
    "Primary outcomes were measured at 6-month follow-up and have been reported.",  # PMC4599403
    "the primary endpoint will be blinded towards group allocation.",               # PMC4464611
    "While abstinence is not a primary outcome, it was recorded.",                  # PMC3902462
    # a results heading followed by results prose
    "BODY.RESULTS.PRIMARY OUTCOME:\nThere were no statistically significant group differences in levels of depression.",
])
def test_not_statements(text):
    assert [s for s in find_outcome_statements(text) if s.kind == "primary"] == []


# ---- matching: the false switches of issue 12 -------------------------------------------------------

def test_abbreviation_defined_in_one_text_only():
    abbr = find_abbreviations("Incidence of hepatic veno-occlusive disease (VOD) by day 30")
    assert abbr == {"VOD": "veno-occlusive disease"}
    c = compare(facets("Incidence of hepatic veno-occlusive disease by day 30", abbr), facets("VOD by day 30", abbr))
    assert c.same_measure and c.changed == ()
    assert not compare(facets("hepatic veno-occlusive disease"), facets("VOD")).same_measure   # without expansion


def test_synonyms_and_spelling():
    # NCT00267215 primary outcome vs PMC1526611 line 6 (pairs-registry-paper)
    reg = facets("Assess the short-term (3-5 hours) analgesic efficacy of COX189, 400mg administered once a day for 7 "
                 "days, compared to placebo and to 200mg celecoxib bid")
    paper = facets("actual pain intensity difference (100 mm visual–analogue scale) between baseline and the mean of "
                   "three hour and five hour assessments after the first dose of study medication")
    c = compare(reg, paper)
    assert c.same_measure and c.changed == ()            # 3-5 hours meets 'three hour and five hour'
    assert compare(facets("Glycosylated haemoglobin"), facets("HbA1c")).same_measure
    assert compare(facets("30-day mortality"), facets("30-day all-cause mortality")).same_measure


def test_verbose_registered_measure_against_short_published_one():
    # NCT00495859 (ctgov-legacy-xml_reesewang25) against PMC2018725 line 7
    reg = facets("improved patients' nutritional and physiological status, fatigue score, as well as patients' health "
                 "related quality of life")
    paper = facets(PASSAGES["PMC2018725"][len("Primary endpoints include "):])
    assert compare(reg, paper).same_measure


def test_different_outcomes_do_not_match():
    assert not compare(facets("Overall survival"), facets("progression-free survival")).same_measure


def test_facets_that_changed():
    assert compare(facets("Change in HbA1c from baseline at 12 months"),
                   facets("proportion of patients with HbA1c below 7% at 12 months")).changed == ("aggregation",)
    assert compare(facets("HbA1c at 12 months"), facets("HbA1c at 6 months")).changed == ("timing",)
    assert compare(facets("Depressive symptoms on the Hamilton Depression Rating Scale"),
                   facets("Depressive symptoms on the Beck Depression Inventory")).changed == ("measurement",)
    assert compare(facets("HbA1c"), facets("HbA1c at 6 months")).changed == ()        # one side silent: no change


# ---- the rules on a real pair and edited copies -------------------------------------------------------

def _run(tmp_path: Path, record_edit=None, paper_edit=None) -> list:
    (tmp_path / "r").mkdir(exist_ok=True)
    (tmp_path / "p").mkdir(exist_ok=True)
    xml = (DATA / "NCT00491036.xml").read_text(encoding="utf-8")
    paper = (DATA / "PMC3672473.txt").read_text(encoding="utf-8")
    (tmp_path / "r" / "NCT00491036.xml").write_text(record_edit(xml) if record_edit else xml, encoding="utf-8")
    (tmp_path / "p" / "PMC3672473.txt").write_text(paper_edit(paper) if paper_edit else paper, encoding="utf-8")
    run = read_inputs([tmp_path / "r", tmp_path / "p"], Config())
    ctx = Context(Config(), dt.date(2026, 11, 23), trials=run.trials, publications=run.publications)
    return [f for p in ctx.publications for r in OUT_RULES for f in r(p, ctx)]


def test_real_pair_unchanged(tmp_path):
    assert _run(tmp_path) == []


def test_time_point_changed_is_info(tmp_path):
    [f] = _run(tmp_path, lambda x: x.replace("<time_frame>30 day</time_frame>", "<time_frame>90 days</time_frame>")
               .replace("<measure>30-day mortality</measure>", "<measure>Mortality</measure>"))
    assert (f.rule, f.severity) == ("OUT004", "info")
    assert f.message == ("The paper's primary outcome '30-day all-cause mortality' is the registered primary outcome "
                         "'Mortality' (NCT00491036) with another time point: measure words 100% alike (survival); "
                         "time point 3 months vs 30 days.")
    assert [(Path(e.source).name, e.line) for e in f.evidence][:3] == [
        ("NCT00491036.xml", 56), ("NCT00491036.xml", 57), ("PMC3672473.txt", 25)]


def test_time_point_changed_in_a_pre_specified_outcome_is_a_warning(tmp_path):
    [f] = _run(tmp_path, lambda x: x.replace("<time_frame>30 day</time_frame>", "<time_frame>90 days</time_frame>")
               .replace("<measure>30-day mortality</measure>", "<measure>Mortality</measure>"),
               lambda p: p.replace("The primary efficacy endpoint is", "The pre-specified primary efficacy endpoint is"))
    assert (f.rule, f.severity) == ("OUT004", "warning")


def test_primary_omitted_and_new(tmp_path):
    found = _run(tmp_path, paper_edit=lambda p: p.replace("The primary efficacy endpoint is 30-day all-cause mortality.",
                                                          "The primary efficacy endpoint is the incidence of stroke."))
    assert sorted((f.rule, f.severity, f.values["kind"]) for f in found) == [
        ("OUT002", "warning", "new"), ("OUT002", "warning", "omitted")]
    omitted = next(f for f in found if f.values["kind"] == "omitted")
    assert omitted.message.startswith("The registered primary outcome '30-day mortality' (NCT00491036) is not among "
                                      "the paper's stated outcomes; the paper's primary outcome is 'the incidence of "
                                      "stroke'")


def test_registered_secondary_called_primary(tmp_path):
    # Primary edited to 'Incidence of acute kidney injury': the paper's '30-day all-cause mortality' now
    # matches only the registered secondary 'long-term mortality at 6, 12 and approximately 60 months' (line 104).
    found = _run(tmp_path, lambda x: x.replace("<measure>30-day mortality</measure>",
                                               "<measure>Incidence of acute kidney injury</measure>"))
    assert sorted((f.rule, f.severity, f.values["kind"]) for f in found) == [
        ("OUT001", "warning", "promoted"), ("OUT002", "warning", "omitted")]


def test_declared_change_is_info_with_its_sentence(tmp_path):
    found = _run(tmp_path, paper_edit=lambda p: p.replace("The primary efficacy endpoint is 30-day all-cause mortality.",
                                     "The primary efficacy endpoint is the incidence of stroke. The primary "
                                     "endpoint was changed before unblinding because of low event rates."))
    assert {(f.rule, f.severity) for f in found} == {("OUT002", "info")}
    assert all(any(e.label == "paper: declared change" and "was changed before unblinding" in e.text
                   for e in f.evidence) for f in found)


def test_secondary_promoted_to_primary(tmp_path):
    found = _run(tmp_path, paper_edit=lambda p: p.replace(
        "The primary efficacy endpoint is 30-day all-cause mortality.",
        "The primary efficacy endpoint is the change in inflammatory markers (CRP and white blood cell count). "
        "Secondary endpoints include 30-day all-cause mortality."))
    assert sorted((f.rule, f.values["kind"]) for f in found) == [("OUT001", "demoted"), ("OUT001", "promoted")]


def test_secondary_that_matches_as_well_is_not_a_switch(tmp_path):
    # A registered secondary outcome as close to the paper's primary as the registered primary: no switch.
    found = _run(tmp_path, lambda x: x.replace(
        "<measure>Inflammatory markers (CRP and white blood cell count)</measure>",
        "<measure>30-day all-cause mortality in the per-protocol population</measure>"))
    assert found == []


def test_outcome_kind_words_must_agree():
    # 'mortality' on one side only: another outcome, though every word of the shorter side is in the longer
    assert not compare(facets("Lung cancer mortality"), facets("Incidence of lung cancer")).same_measure
    assert not compare(facets("Progression-free survival"), facets("time to progression")).same_measure


def test_common_abbreviations_windows_and_measurement_spans():
    assert compare(facets("Overall survival"), facets("OS")).same_measure            # undefined but standard
    c = compare(facets("Overall survival up to 5 years"), facets("OS at 3 years"))
    assert c.same_measure and c.changed == ()                                        # 3 years inside 'up to 5 years'
    c = compare(facets("Systolic blood pressure at 8 weeks"), facets("change in 24-hour ambulatory systolic BP"))
    assert c.same_measure and c.changed == ()                                        # 24-hour: how, not when
    c = compare(facets("Efficacy of drug X compared to placebo in reducing migraine days"),
                facets("change in monthly migraine days"))
    assert c.same_measure                                                            # the comparator is not the measure


@pytest.mark.parametrize("text, expected", [
    # PMC4461907 line 35 (papers-rct-with-nct_evidence-inference), first clause
    ("Our outcome of interest was the proportion of patients with diabetes who were indicated for cardioprotective "
     "medication(s) (denominator).",
     "the proportion of patients with diabetes who were indicated for cardioprotective medication(s) (denominator)"),
    # PMC4910973: the clause after the outcome is not part of it
    ("The primary endpoint was 2-year disease-free survival (DFS) and analysis was conducted by intend to treat (ITT).",
     "2-year disease-free survival (DFS)"),
    # PMC5695479: a parenthetical label after an 'except for' phrase
    ("All were similar except for the percentage of patients with complications within 1 year (primary outcome).",
     "the percentage of patients with complications within 1 year"),
    ("The primary endpoint was measured blood loss ≥ 500 mls after PPH treatment.",              # PMC2529259
     "measured blood loss ≥ 500 mls after PPH treatment"),
    ("CP intensity was considered the primary outcome.", "CP intensity"),                       # PMC5859768
    ("FEV1 AUC0–3 and FEV1 trough response were designated co-primary end points.",             # PMC4094569
     "FEV1 AUC0–3 and FEV1 trough response"),
])
def test_more_statement_forms_and_their_edges(text, expected):
    """'measured' as an adjective is kept; 'considered/designated the primary outcome' is a reverse statement."""
    assert [s.what for s in find_outcome_statements(text) if s.kind == "primary"] == [expected]


def test_a_list_of_outcomes_holds_its_match():
    assert compare(facets("HbA1c"), facets("change in HbA1c and body weight at 24 weeks")).same_measure


def test_secondary_analysis_statement_is_not_compared(tmp_path):
    # 'The primary outcome of the current analysis ...' (PMC5893461 line form) names another analysis's outcome
    found = _run(tmp_path, paper_edit=lambda p: p.replace(
        "The primary efficacy endpoint is 30-day all-cause mortality.",
        "The primary efficacy endpoint is 30-day all-cause mortality. The primary outcome of the current analysis "
        "was the change in serum lactate."))
    assert found == []


def test_survival_qualifiers_and_response_synonyms():
    assert not compare(facets("Event-free survival"), facets("disease-free survival")).same_measure
    assert compare(facets("Progression Free Survival"), facets("progression-free survival (PFS)")).same_measure
    assert compare(facets("Objective response rate"), facets("overall response rate")).same_measure
    assert not compare(facets("Complete response rate"), facets("objective response rate")).same_measure


@pytest.mark.parametrize("text, expected", [
    # PMC5629940: a results sentence ending in the outcome and its label
    ("Similar efficacy results were observed for ABP 501 and adalimumab for ACR20 (primary endpoint).", ["ACR20"]),
    # PMC2729726 and PMC4347547: subjects that are clauses or predictors, not outcomes
    ("MRI is sensitive in detecting changes in joint structure and is the primary measure.", []),
    ("Randomly assigned group (standard care versus intervention) is the main independent variable.", []),
])
def test_labelled_outcomes_in_result_sentences(text, expected):
    assert [s.what for s in find_outcome_statements(text) if s.kind == "primary"] == expected


def test_condition_words_are_not_the_measure():
    # NCT00604864 (condition 'Endometriosis') primary outcome against PMC2517154's statement
    reg = "Endometriosis associated pain"
    paper = "pain (dysmenorrhea, deep dyspareunia and non-menstrual pain) rated at each visit by the clinician"
    assert not compare(facets(reg), facets(paper)).same_measure
    assert compare(facets(reg, drop=frozenset({"endometriosis"})), facets(paper, drop=frozenset({"endometriosis"}))) \
        .same_measure
    # an outcome made only of a condition word keeps it
    assert facets("Endometriosis", drop=frozenset({"endometriosis"})).surface == ("endometriosis",)


def test_word_forms_and_recall_periods():
    # NCT00656383 primary outcome against PMC2630316's '3-month healing rates'
    c = compare(facets("Proportion in each study arm of ulcerated limbs completely healed at 3 months"),
                facets("3-month healing rates"))
    assert c.same_measure and c.changed == ()
    # NCT00885014 'for the past month' and PMC3330821 'in the past 4 weeks' are recall periods, not time points
    c = compare(facets("Work performance (HPQ effective hours worked for the past month) at 4 months"),
                facets("the actual hours worked in the past 4 weeks"))
    assert c.changed == ()


def test_several_shared_words_make_the_same_measure():
    # NCT02299791 (ctgov-api-v2-json) primary outcome against PMC4461907 line 35
    c = compare(facets("Patients Indicated for ACE/ARB and Statin Who Had an Active Prescription for Both"),
                facets("the proportion of patients with diabetes who were indicated for cardioprotective "
                       "medication(s) (denominator) and had an \"active\" prescription for the indicated medication(s)"))
    assert (c.hits, round(c.score)) == (3, 50) and c.same_measure
    # but not when one side names a kind of outcome the other lacks
    c = compare(facets("Lung cancer mortality"), facets("Incidence of lung cancer"))
    assert c.kinds == ("survival",) and not c.same_measure


def test_instrument_changed_on_the_real_pair(tmp_path):
    found = _run(tmp_path,
                 lambda x: x.replace("<measure>30-day mortality</measure>",
                                     "<measure>Quality of life on the EuroQol EQ-5D Questionnaire</measure>"),
                 lambda p: p.replace("The primary efficacy endpoint is 30-day all-cause mortality.",
                                     "The primary efficacy endpoint is quality of life on the Short Form Health "
                                     "Survey at 30 days."))
    [f] = found
    assert (f.rule, f.severity, f.values["changed"]) == ("OUT003", "warning", "measurement")
    assert "instrument euroqol eq 5d questionnaire vs short form health survey" in f.message


def test_ages_of_gestation_are_another_clock():
    # NCT00828191 'Ongoing Pregnancy Rate' at '10 weeks after treatment start' vs PMC4164149
    # 'ongoing pregnancy rate at 12 weeks of gestation': not comparable time points
    c = compare(facets("Ongoing Pregnancy Rate 10 weeks after treatment start"),
                facets("ongoing pregnancy rate at 12 weeks of gestation"))
    assert c.same_measure and c.changed == ()
    assert compare(facets("Ongoing pregnancy rate at 10 weeks after treatment start"),
                   facets("ongoing pregnancy rate at 20 weeks after treatment start")).changed == ("timing",)


@pytest.mark.parametrize("record, paper", [
    # registered 'Patients Indicated for ACE/ARB and Statin Who Had an Active Prescription for Both' vs
    # 'Our outcome of interest was the proportion of patients with diabetes who were indicated for
    # cardioprotective medication(s) ... and had an "active" prescription' (line 35): the same outcome
    ("ctgov-api-v2-json/NCT02299791.json", "PMC4461907.txt"),
    # a verbose registered outcome (line 84) vs 'Primary endpoints include improved patients' nutritional and
    # physiological status, as measured by ...' (line 7)
    ("ctgov-legacy-xml_reesewang25/NCT00495859.xml", "PMC2018725.txt"),
])
def test_real_pairs_with_unchanged_outcomes(record, paper):
    papers = CORPUS / "papers-rct-with-nct_evidence-inference" / "fulltext"
    run = read_inputs([CORPUS / record, papers / paper], Config())
    ctx = Context(Config(), dt.date(2026, 11, 23), trials=run.trials, publications=run.publications)
    [pub] = ctx.publications
    assert [s for s in paper_text(pub).outcome_statements if s.kind == "primary"]      # a statement was found
    assert [f for r in OUT_RULES for f in r(pub, ctx)] == []
