"""Placebo/sham/saline/vehicle mentions read in context (auditor.extract.controls)."""
from __future__ import annotations

import pytest

from auditor.extract.controls import about_other_study, find_controls, is_placebo_word, placebo_only_label


def _roles(text: str, fuzzy: bool = False) -> list[tuple[str, str, str]]:
    return [(m.kind, m.text, m.role) for m in find_controls(text, fuzzy=fuzzy)]


@pytest.mark.parametrize("text, expected", [
    # seed 001, full rendering line 187
    ("Participants will receive conventional plus placebo treatment from day 0 through the week 12 study visit.",
     [("placebo", "placebo", "control")]),
    ("This is a randomized, double blind, placebo controlled study.",
     [("placebo", "placebo controlled", "control")]),
    # seed 003 line 81: saline given to the control group is a control
    ("The patients in the UC-MSC treatment group were administered UC-MSC infusions, whereas the patients in the "
     "control group were administered the same volume of saline.", [("saline", "saline", "control")]),
    ("Women randomized to receive tocolysis with magnesium sulfate x 48 hrs or placebo of saline IV x 48 hrs.",
     [("placebo", "placebo", "control"), ("saline", "saline", "control")]),
    ("Subjects randomized to vehicle cream applied twice daily.", [("vehicle", "vehicle", "control")]),
])
def test_controls_of_this_trial(text, expected):
    assert _roles(text) == expected


@pytest.mark.parametrize("text, role", [
    ("No placebo was used in this study.", "negated"),
    ("All patients take ABT-378/ritonavir and efavirenz; there are no placebos in this study.", "negated"),
    ("The trial is not placebo controlled.", "negated"),
    ("Placebo was not given to any participant.", "negated"),
    ("Placebo-controlled trials have shown a benefit of statins.", "other-study"),
    ("The efficacy of low GH doses versus placebo has been demonstrated in this population.", "other-study"),
    ("Patients who completed the parent study, a placebo-controlled trial, will receive open-label drug.",
     "other-study"),
    ("If the pilot study suggests this drug delays progression, we will proceed with a large scale randomized, "
     "placebo-controlled study.", "other-study"),
    ("Protocol 86-EI-0062 began as a randomized, double-masked, placebo controlled study but was subsequently "
     "amended as a natural history protocol.", "other-study"),
    ("To minimize the placebo effect, all patients get the drug.", "concept"),
    ("This thermogenic response is even greater with sham feeding than with normal feeding.", "concept"),
    ("A two-week single-blind placebo run-in precedes randomization.", "run-in"),
])
def test_placebo_mentions_that_are_not_this_trials_control(text, role):
    assert [m.role for m in find_controls(text)] == [role]


@pytest.mark.parametrize("text", [
    # seed 003 line 64 and line 61
    "The UC-MSC therapy was administrated at a dose of approximately 0.5 × 106/kg body weight UC-MSC at the fourth "
    "passage, which were suspended in saline and were infused intravenously three times at 4-week intervals.",
    "The mesenchymal tissues were diced into cubes and washed with Hanks’ balanced saline solution (Gibco Invitrogen).",
    "Drug X diluted in 100 ml of normal saline over 30 minutes.",
    "Cells were re-suspended in phosphate-buffered saline before injection.",
])
def test_saline_carrying_the_product_is_not_a_control(text):
    assert [m.role for m in find_controls(text)] == ["carrier"]


def test_saline_and_vehicle_without_a_control_cue_are_unclear():
    assert [m.role for m in find_controls("The induced sputum by inhalation of 3.5% saline.")] == ["unclear"]
    assert [m.role for m in find_controls("Patients receive saline on day 1.")] == ["unclear"]
    assert [m.role for m in find_controls("Motor vehicle accidents are excluded.")] == ["unclear"]


def test_fuzzy_placebo_only_when_asked():
    # seed 001 arm label line 74: 'pacebo'
    assert _roles("Conventional plus pacebo treatment") == []
    assert _roles("Conventional plus pacebo treatment", fuzzy=True) == [("placebo", "pacebo", "control")]


@pytest.mark.parametrize("word, expected", [
    ("placebo", True), ("Placebos", True), ("pacebo", True), ("placbo", True), ("palcebo", True),
    ("plecebo", True), ("placed", False), ("glacebo", False), ("places", False), ("plasma", False),
])
def test_is_placebo_word(word, expected):
    assert is_placebo_word(word) is expected


@pytest.mark.parametrize("label, expected", [
    ("Placebo", "Placebo"),
    ("Conventional plus pacebo treatment", "pacebo"),
    ("Arm B: Sham procedure", "Sham"),
    ("Placebo Comparator: Placebo tablets", "Placebo"),
    ("Drug A + placebo", None),
    ("Placebo then Drug A", None),
    ("Former placebo", None),
    ("Saline", None),
    ("placebo (matching drug X)", None),
])
def test_placebo_only_label(label, expected):
    assert placebo_only_label(label) == expected


def test_about_other_study():
    assert about_other_study("First in-man study (Healthy Endothelial Accelerated Lining Inhibits Neointimal Growth, "
                             "HEALING-FIM) demonstrated the safety and feasibility of the stents.")
    assert about_other_study("As described previously [14], cells were expanded.")
    assert not about_other_study("This is a randomized, double blind, placebo controlled study.")
