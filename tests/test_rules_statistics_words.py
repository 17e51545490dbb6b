"""STAT017-STAT019 (checks/statistics_words.py, checks/statistics_repeats.py) on copies of real paper
passages in tests/data/papers (sources in tests/data/README.md), each read by hand."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from auditor.config import Config
from auditor.context import Context
from auditor.extract.claims import percent_changes, significance_claims
from auditor.model import Publication
from auditor.readers import read_file
from auditor.rules import load_rules

from conftest import edited_copy

DATA = Path(__file__).parent / "data" / "papers"


def _run(path: Path, rid: str) -> list:
    (pub,) = [x for x in read_file(path, str(path), 10 ** 9) if isinstance(x, Publication)]
    return list(load_rules()[rid].func(pub, Context(Config(), dt.date(2025, 1, 1))))


def test_significant_with_p_above_alpha():
    # PMC5697397: 'At 45 min native whey had significantly lower blood glucose than milk and WPC-80 (P > 0.05, Fig.'
    (f,) = _run(DATA / "words_PMC5697397.txt", "STAT017")
    assert f.message == "The sentence calls the result significant, but P > 0.05 is not below 0.05."
    assert f.evidence[0].line == 5 and f.evidence[0].highlight == "P > 0.05"


@pytest.mark.parametrize("name", [
    "words_PMC3136370.txt",   # 'Patients who did not finish the trial were significantly younger ... (P < .001)'
    "words_PMC5148913.txt",   # 'very close to statistical significance (p = 0.058)'
    "words_PMC3932201.txt",   # 'failed to demonstrate a significant difference ... (P = 0.318)'
])
def test_wording_that_agrees_with_its_p(name):
    assert _run(DATA / name, "STAT017") == []


def test_negated_claim_with_small_p(tmp_path):
    # PMC3932201 edited: the p-value of the 'failed to demonstrate a significant difference' sentence made 0.018.
    src = DATA / "words_PMC3932201.txt"
    (f,) = _run(edited_copy(tmp_path, src, "(P = 0.318)", "(P = 0.018)"), "STAT017")
    assert f.values == {"wording": "not significant", "p": "P = 0.018", "alpha": "0.05"}


def test_claim_reader_pairs_only_unambiguous_sentences():
    (c,) = significance_claims("Pain decreased significantly in the treated group (p = 0.12).")
    assert c.claims_significant and c.p.lo == pytest.approx(0.115)
    assert significance_claims("A was significantly lower (p = 0.01) but B was not (p = 0.40).") == []


def test_percentage_change(tmp_path):
    # PMC5830079: 'by 60% (from 25% to 10%)': (25 - 10) / 25 = 60%.
    src = DATA / "change_PMC5830079.txt"
    assert _run(src, "STAT018") == []
    (f,) = _run(edited_copy(tmp_path, src, "by 60% (from 25% to 10%)", "by 50% (from 25% to 10%)"), "STAT018")
    assert f.message == "From 25% to 10% is a change of 60.0% (15 points), not 50%."
    # Percentage points are a reading too: 8.0% to 7.2% 'a 0.8% reduction'.
    (c,) = percent_changes("HbA1c fell from 8.0% to 7.2% (a 0.8% reduction)")
    assert c.fits()


def test_abstract_and_results_differ():
    # PMC1831737: abstract 'odds ratio 0.45, 95% CI 0.28–0.75', results 'prevalence odds ratio 0.45
    # [95% CI 0.27–0.75], p = 0.002' for the same outcome (unprotected sex with casual partners).
    (f,) = _run(DATA / "repeat_PMC1831737.txt", "STAT019")
    assert [e.line for e in f.evidence] == [4, 7]
    assert f.message == ("The abstract gives odds ratio 0.45 (95% CI 0.28 to 0.75), the body odds ratio 0.45 "
                         "(95% CI 0.27 to 0.75): the lower limit differs.")


@pytest.mark.parametrize("name", [
    "repeat_PMC5033379.txt",   # abstract OR 3.4 (1.6-8.3) for obstructed labour, body OR 3.7 (1.6-8.3) for haemorrhage
    "repeat_PMC3806786.txt",   # abstract OR 0.46 (0.13-1.62), body adjusted AOR 0.46 (0.13-1.67): another analysis
])
def test_near_matches_that_are_other_results(name):
    assert _run(DATA / name, "STAT019") == []


def test_two_proportions_and_their_p(tmp_path):
    # PMC2662857: '9/30 (30%) ... compared to 4/26 (15%) ... (p = 0.2238)': Fisher and chi-square give
    # 0.165-0.330; '24/30 (80%) ... compared to 10/26 (38%) ... (p = 0.0024)' gives 0.0015-0.0037. All agree.
    src = DATA / "props_PMC2662857.txt"
    assert _run(src, "STAT020") == []
    (f,) = _run(edited_copy(tmp_path, src, "(p = 0.2238", "(p = 0.0238"), "STAT020")
    assert f.values["counts"] == "9/30 vs 4/26" and f.values["reported p"] == "p = 0.0238"
    assert f.evidence[0].line == 5


def test_flow_stage_counts(tmp_path):
    # PMC3263438: 'Of 89 patients screened, 60 were randomised and comprised the ITT population.'
    src = DATA / "flow_PMC3263438.txt"
    assert _run(src, "ENR008") == []
    (f,) = _run(edited_copy(tmp_path, src, "Of 89 patients screened", "Of 59 patients screened"), "ENR008")
    assert f.category == "enrollment" and f.message == "60 randomized is more than the 59 screened before them."
    assert f.values == {"screened": "59", "randomized": "60"}


def test_change_in_points(tmp_path):
    # PMC5830079 edited: 'by 60% (from 25% to 10%)' written as a change in points: 25 - 10 = 15 points.
    src = DATA / "change_PMC5830079.txt"
    ok = edited_copy(tmp_path, src, "by 60% (from 25% to 10%)", "by 15 percentage points (from 25% to 10%)")
    assert _run(ok, "STAT018") == []
    bad = edited_copy(tmp_path, src, "by 60% (from 25% to 10%)", "by 17 percentage points (from 25% to 10%)")
    (f,) = _run(bad, "STAT018")
    assert f.message == "From 25% to 10% is a change of 15 points, not 17 points."
    # 25% and 10% stand for 24.5-25.5 and 9.5-10.5: 14-16 points.
    assert f.values["difference range"] == "14 to 16" and f.values["stated change"] == "17 points"
    # Written in points, a relative change is no reading: 60 points is wrong though 60% is right.
    (c,) = percent_changes("fell from 25% to 10% (a 60 percentage point reduction)")
    assert not c.fits()
