"""STAT011-STAT012 (checks/statistics_tests.py) on copies of real paper passages in tests/data/papers
(sources in tests/data/README.md). Each recomputed p was checked by hand with scipy.stats."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from auditor.config import Config
from auditor.context import Context
from auditor.model import Publication
from auditor.readers import read_file
from auditor.rules import load_rules

from conftest import edited_copy

DATA = Path(__file__).parent / "data" / "papers"


def _pub(path: Path) -> Publication:
    (pub,) = [x for x in read_file(path, str(path), 10 ** 9) if isinstance(x, Publication)]
    return pub


def _run(path: Path, ids=("STAT011", "STAT012")) -> list:
    rules, ctx = load_rules(), Context(Config(), dt.date(2025, 1, 1))
    pub = _pub(path)
    return [f for r in ids for f in rules[r].func(pub, ctx)]


def test_decision_errors_in_anova_results():
    # PMC3750766: 'F(3,3) = 3.74, p = 0.017' gives p = 0.154; 'F(3,5) = 3.83, p = 0.004' gives 0.091:
    # both significant as printed, not as recomputed. 'F(3,5) = 14.42, p < 0.0001' gives 0.0068: an
    # inconsistency that keeps significance. The FIQ result is printed twice in the paragraph.
    found = _run(DATA / "stat_PMC3750766.txt")
    got = sorted((f.rule, f.severity, f.evidence[0].line, f.values["statistic"], f.values["reported p"]) for f in found)
    assert got == [("STAT011", "error", 6, "F(3, 3) = 3.74", "= 0.017"),
                   ("STAT011", "error", 6, "F(3, 3) = 3.74", "= 0.017"),
                   ("STAT011", "error", 6, "F(3, 5) = 3.83", "= 0.004"),
                   ("STAT012", "warning", 6, "F(3, 5) = 14.42", "< 0.0001")]
    dec = next(f for f in found if f.values["statistic"] == "F(3, 3) = 3.74")
    assert dec.message == ("F(3, 3) = 3.74 gives p = 0.154 (range over rounding 0.153-0.154), but the paper "
                           "prints p = 0.017: significant at 0.05 as printed, not as recomputed.")
    assert dec.evidence[0].highlight == "F(3,3) = 3.74, p = 0.017"


def test_unicode_minus_inconsistency_and_one_tailed_paper(tmp_path):
    # PMC3410988: 't(36)=−0.552, P=0.59' gives 0.584, which prints 0.58 (inconsistent even one-tailed).
    # 'F(1, 34)=1.90, P=0.088' gives 0.177 two-tailed; the paper says its tests were one-tailed and half
    # of 0.177 is 0.088: not reported. The other t tests (1.43/0.16, -0.43/0.67, -1.22/0.23, -0.23/0.82,
    # F 2.83/0.051 one-tailed) agree.
    src = DATA / "stat_PMC3410988.txt"
    found = _run(src)
    assert [(f.rule, f.evidence[0].line, f.values["statistic"]) for f in found] == [
        ("STAT012", 7, "t(36) = -0.552")]
    assert found[0].values["recomputed p"] == "0.584 (0.584-0.585)"
    # Without the paper's sentence on one-tailed tests, the two F tests do not fit.
    edited = edited_copy(tmp_path, src, "Therefore, one-tailed tests were conducted", "Therefore, tests were conducted")
    stats = sorted(f.values["statistic"] for f in _run(edited))
    assert stats == ["F(1, 34) = 1.90", "F(1, 34) = 2.83", "t(36) = -0.552"]


def test_bonferroni_multiplied_p_values(tmp_path):
    # PMC2796659 says its p-values for HAM-D/HAM-A changes were Bonferroni-corrected for two outcomes:
    # 'F2,8 = 14.98, p = 0.004' (raw 0.0020) and 't9 = -2.81, p = 0.04' (raw 0.020) are twice the raw p.
    src = DATA / "stat_PMC2796659.txt"
    assert _run(src) == []
    sentences = ("A Bonferroni correction was applied to results from the models for changes in HAM-D and HAM-A "
                 "scores with treatment to account for our choice of two primary clinical outcomes. Other results "
                 "were not adjusted for multiple comparisons.")
    edited = edited_copy(tmp_path, src, sentences, "")
    got = sorted((f.rule, f.values["statistic"], f.values["reported p"]) for f in _run(edited))
    assert ("STAT012", "F(2, 8) = 14.98", "= 0.004") in got and ("STAT012", "t(9) = -2.81", "= 0.04") in got
    # t9 = -5.26, p = 0.001 (raw 5.2e-04, prints 0.001) stays consistent.
    assert all(s != "t(9) = -5.26" for _, s, _ in got)
