"""What a trial report states about itself: participant numbers, design, primary outcomes.
Sentences are from the seed paper (003) and the real papers of pairs-registry-paper, or written
to probe one pattern; expected values worked out by hand."""
from __future__ import annotations

import pytest

from auditor.extract.outcome_match import compare, facets
from auditor.extract.outcome_statements import find_outcome_statements
from auditor.extract.sample_size import find_counts
from auditor.extract.trial_design import find_design_statements
from conftest import seed


def _counts(text: str) -> list[tuple[str, int, bool]]:
    return [(c.kind, c.value, c.per_group) for c in find_counts(text)]


def test_seed_paper_counts():
    text = seed("003").read_text(encoding="utf-8")
    assert _counts(text) == [("enrolled", 219, False), ("planned", 100, True), ("planned", 125, True),
                             ("screened", 252, False), ("randomized", 250, False), ("analysed", 219, False)]


@pytest.mark.parametrize("text, expected", [
    ("After screening 418 patients, a total of 364 were enrolled into the study",
     [("screened", 418, False), ("enrolled", 364, False)]),
    ("Use of sample sizes of 132 (lumiracoxib 400 mg once daily), 132 (celecoxib 200 mg twice daily) and 66 "
     "(placebo group) resulted in powers of 94%", [("planned", 330, False)]),
    ("34 adult patients with RP were randomized to receive lutein", [("randomized", 34, False)]),
])
def test_count_forms(text, expected):
    assert _counts(text) == expected


@pytest.mark.parametrize("text", [
    "465 (66.9%) of the 695 were enrolled",          # 695 is the pool; 465 is not next to the verb
    "38% of the 184 Phambili dropouts were enrolled",
    "In 2010 patients were randomized",
    "control group (n = 111) were randomized",
])
def test_not_counts_of_the_trial(text):
    assert [c for c in find_counts(text) if c.value in (695, 184, 2010, 111)] == []


def _design(text: str) -> list[tuple[str, str | None]]:
    return [(d.kind, d.level) for d in find_design_statements(text)]


def test_design_statements():
    assert _design("This was a randomized, double-blind, placebo-controlled trial.") == [
        ("randomized", None), ("blinded", "double")]
    assert _design("This is a prospective, open-labeled and randomized controlled study registered at X.") == [
        ("randomized", None), ("open_label", None)]
    assert _design("Thus, both clinicians and participants were aware of the treatment allocation.") == [
        ("open_label", None)]
    assert _design("This was a non-randomized, single-arm study.") == [("non_randomized", None)]
    assert _design("Patients were randomly assigned to the two groups.") == [("randomized", None)]


def test_design_words_without_self_reference_or_of_other_phases():
    assert _design("Previous randomized trials showed benefit.") == []
    assert _design("Patients then entered an open-label extension.") == []


def test_outcome_statements():
    text = ("The primary outcome measures were overall survival rate and the hepatocellular carcinoma (HCC)-free "
            "survival rate after UC-MSC infusions in each treatment group. The secondary outcome measures included "
            "the incidence of adverse events.")
    got = [(s.kind, s.what) for s in find_outcome_statements(text)]
    assert got == [("primary", "overall survival rate and the hepatocellular carcinoma (HCC)-free survival rate after "
                               "UC-MSC infusions in each treatment group"),
                   ("secondary", "the incidence of adverse events")]
    reverse = "The overall survival rate and HCC-free survival rate were calculated as primary endpoints and more."
    assert [(s.kind, s.what) for s in find_outcome_statements(reverse)] == [
        ("primary", "The overall survival rate and HCC-free survival rate")]


@pytest.mark.parametrize("text", [
    "The primary objective of the study was to examine the onset of analgesia.",
    "The sample size was based on a pilot study, in which high contrast VA was the primary outcome[16].",
    "Hypothesis tests of the primary variable was used [25]: superiority of drug X.",
])
def test_not_outcome_statements(text):
    assert find_outcome_statements(text) == []


def test_outcome_similarity():
    def same(a: str, b: str, abbr: dict[str, str] | None = None) -> bool:
        return compare(facets(a, abbr), facets(b, abbr)).same_measure
    assert same("Overall survival", "overall survival at 5 years")
    assert same("Effect on the late asthmatic response (LAR)", "the effect on LAR", {"LAR": "late asthmatic response"})
    assert not same("Overall survival", "progression-free survival")
    assert not same("Asthmatic response", "the effect on LAR")       # without the paper's definition of LAR


def test_design_named_with_the_trial():
    # PMC4569275 line 4 (pairs-registry-paper): the trial named by its design, without 'this'
    assert _design("The Phase 2b double-blinded, randomized Phambili/HVTN 503 trial evaluated safety and efficacy.") \
        == [("blinded", "double")]
    assert _design("The results from the double-blinded ABC trial showed a benefit.") == []
