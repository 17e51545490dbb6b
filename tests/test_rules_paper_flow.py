"""ENR009 and ENR010 (checks/paper_flow.py) and STAT025 (checks/statistics_repeats.py) on copies of real
paper passages in tests/data/papers (sources in tests/data/README.md), each read by hand."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from auditor.config import Config
from auditor.context import Context
from auditor.extract.paper_counts import paper_counts
from auditor.extract.repeats import numbers, one_change
from auditor.model import Publication
from auditor.readers import read_file
from auditor.rules import load_rules

from conftest import edited_copy

DATA = Path(__file__).parent / "data" / "papers"


def _pub(path: Path) -> Publication:
    (pub,) = [x for x in read_file(path, str(path), 10 ** 9) if isinstance(x, Publication)]
    return pub


def _run(path: Path, rid: str) -> list:
    return list(load_rules()[rid].func(_pub(path), Context(Config(), dt.date(2025, 1, 1))))


def test_abstract_enrolled_is_the_analysed_number(tmp_path):
    # PMC5960495: abstract 'Some 412 patients were randomized and 363 patients were analysed.', results
    # 'A total of 412 patients were randomized ... Of these, 363 patients were analysed': consistent.
    src = DATA / "flow_PMC5960495.txt"
    assert _run(src, "ENR009") == []
    # Planted: the abstract calls the 363 analysed 'enrolled'.
    bad = edited_copy(tmp_path, src, "Some 412 patients were randomized and 363 patients were analysed.",
                      "Some 363 patients were enrolled.")
    (f,) = _run(bad, "ENR009")
    assert f.category == "enrollment" and f.severity == "warning"
    assert f.message == "The abstract says 363 enrolled, but 412 were randomized; 363 is the number analysed."
    assert [(e.line, e.label) for e in f.evidence] == [(4, "abstract: enrolled"), (7, "randomized"), (7, "analysed")]
    assert f.values == {"abstract enrolled": "363", "randomized": "412", "analysed": "363"}


def test_group_shares_are_not_whole_trial_counts():
    # PMC5960495 line 7: 'Of the latter, 178 patients were randomized to the heavyweight mesh group' is one arm.
    counts = [(c.count.kind, c.count.value) for c in paper_counts(_pub(DATA / "flow_PMC5960495.txt"))]
    assert counts == [("randomized", 412), ("analysed", 363), ("randomized", 412), ("analysed", 363)]


def test_planned_sample_size_not_met_without_reason():
    # PMC5001793: methods 'A total sample size of 66 was considered adequate', abstract 'A total of 166 adult
    # men were randomly assigned to one of three groups'; nothing in the passage says why (166 / 66 - 1 = +152%).
    (f,) = _run(DATA / "plan_PMC5001793.txt", "ENR010")
    assert f.severity == "info" and f.category == "enrollment"
    assert f.message == ("166 were randomized, but the planned sample size was 66 (a difference of +152%); "
                         "the paper gives no reason.")
    assert [e.line for e in f.evidence] == [7, 4]
    assert f.values["planned"] == "66" and f.values["randomized"] == "166"


def test_planned_sample_size_with_a_reason(tmp_path):
    # PMC3716527: 'Recruitment of 200 participants was anticipated' but 118 randomised; the paper says why
    # ('The anticipated sample size of 200 was not met due to delays in recruitment ...').
    src = DATA / "plan_PMC3716527.txt"
    assert _run(src, "ENR010") == []
    # Without the reason the shortfall (118 of 200, -41%) is reported.
    text = src.read_text(encoding="utf-8")
    reason = text[text.index("The anticipated sample size of 200 was not met"):text.index("and a total of 118")]
    (f,) = _run(edited_copy(tmp_path, src, reason, "In all, "), "ENR010")
    assert f.values["planned"] == "200" and f.values["randomized"] == "118" and f.values["difference"] == "-41%"


def test_plan_inflated_for_dropouts(tmp_path):
    # PMC5001793 edited: a plan of 140 is 16% short of the 166 randomized, but 140 allowing for a 15% drop-out
    # rate is 140 / 0.85 = 164.7, within 10% of 166.
    src = DATA / "plan_PMC5001793.txt"
    short = edited_copy(tmp_path, src, "A total sample size of 66 was", "A total sample size of 140 was")
    assert _run(short, "ENR010")[0].values["difference"] == "+19%"
    ok = edited_copy(tmp_path, src, "A total sample size of 66 was considered adequate",
                     "Allowing for a 15% dropout rate, a total sample size of 140 was considered adequate")
    assert _run(ok, "ENR010") == []


def test_abstract_result_repeated_with_another_percentage():
    # PMC3961745: abstract '88 (60.3%) dropped out of treatment', results '88 (60.0%) patients dropped out of the
    # treatment', both of the same 146 (34 (23.3%) and 24 (16.4%) agree); 88/146 = 60.27%, so 60.0% is the typo.
    (f,) = _run(DATA / "twice_PMC3961745.txt", "STAT025")
    assert [(e.line, e.highlight) for e in f.evidence] == [(4, "60.3%"), (7, "60.0%")]
    assert f.values["kind"] == "percentage"
    assert f.values["abstract range"] == "60.25 to 60.35" and f.values["results range"] == "59.95 to 60.05"
    assert f.message == ("The abstract gives 60.3%, the results 60.0% for the same result "
                         "(146, 34, 23.3%, 88, 24 and 16.4% agree).")


def test_abstract_result_repeated_consistently(tmp_path):
    # PMC2784386: abstract '(85% (n = 108/127) versus 72.1% (n = 98/136); P = 0.0113)', results
    # '(85% versus 72.1%; P = 0.0113)': the same.
    src = DATA / "twice_PMC2784386.txt"
    assert _run(src, "STAT025") == []
    (f,) = _run(edited_copy(tmp_path, src, "(85% versus 72.1%; P = 0.0113)", "(85% versus 72.1%; P = 0.0213)"),
                "STAT025")
    assert f.values["abstract"] == "P = 0.0113" and f.values["results"] == "P = 0.0213"
    assert f.values["abstract range"] == "0.01125 to 0.01135"
    # Rounding is not a disagreement: P = 0.011 is 0.0113 rounded.
    assert _run(edited_copy(tmp_path, src, "(85% versus 72.1%; P = 0.0113)", "(85% versus 72.1%; P = 0.011)"),
                "STAT025") == []


@pytest.mark.parametrize("a, b, expected", [
    ("pain 6.1 vs 4.2 (p = 0.03)", "pain fell to 6.1 and 4.2 (p = 0.003)", (2, 2)),
    ("pain 6.1 vs 4.2 (p = 0.03)", "pain 6.1 vs 4.2 at 12 weeks (p = 0.003)", None),   # a time point between
    ("12 (24.0%) vs 18 (36.0%)", "12 (24.0%) vs 18 (38.0%)", (3, 3)),
    ("HR 1.08 (95% CI 0.91-1.29)", "HR 1.09 (95% CI 0.91-1.29)", None),    # estimate with CI: STAT019
])
def test_one_number_replaced(a, b, expected):
    assert one_change(numbers(a), numbers(b)) == expected


def test_abstract_p_value_alone_differs():
    # PMC5054611: abstract 'Patients ventilated with LTS-D had higher incidence of sore throat (p = 0.527).'; the
    # results give 'A significantly higher incidence of post-operative sore throat was detected in patients with
    # LTS-D ... after 24 h (p = 0.001)' and, in the PACU, 'Sore throat ... (p = 0.668)': 0.527 is in neither.
    (f,) = _run(DATA / "twice_PMC5054611.txt", "STAT025")
    assert [(e.line, e.highlight) for e in f.evidence] == [(4, "p = 0.527"), (7, "p = 0.001")]
    assert f.values["shared words"] == "incidence, lts-d, throat"
    assert f.values["abstract range"] == "0.5265 to 0.5275"


def test_abstract_p_value_alone_agrees(tmp_path):
    # The same copy with the results' p-value made the abstract's: no disagreement.
    src = DATA / "twice_PMC5054611.txt"
    assert _run(edited_copy(tmp_path, src, "after 24 h (p = 0.001)", "after 24 h (p = 0.53)"), "STAT025") == []
    # A results sentence for several comparisons at once is not paired.
    assert _run(edited_copy(tmp_path, src, "after 24 h (p = 0.001)", "after 24 h (p = 0.001 for each)"),
                "STAT025") == []
