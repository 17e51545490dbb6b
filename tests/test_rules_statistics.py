"""Rules of the statistics family (STAT001-STAT010) on the seed article, real PMC papers and real
registry records, read with the project's own readers. Positive cases are either real inconsistencies
checked by eye in the source text, or an edited copy of a real document; every positive has a negative
on the unedited original."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from auditor.config import Config
from auditor.context import Context
from auditor.model import Publication, Trial
from auditor.readers import read_file
from auditor.rules import load_rules

from conftest import CORPUS, seed, edited_copy as _edited

PAPERS = CORPUS / "papers-rct-with-nct_evidence-inference" / "fulltext"
XML = CORPUS / "ctgov-legacy-xml_reesewang25"
STAT_PUB = ("STAT001", "STAT002", "STAT003", "STAT007", "STAT008", "STAT009", "STAT010")
STAT_REG = ("STAT004", "STAT005", "STAT006")


def _read(path: Path, kind: type):
    items = [x for x in read_file(path, str(path), 10 ** 9) if isinstance(x, kind)]
    assert len(items) == 1, f"{path} did not read as one {kind.__name__}"
    return items[0]




def _run(rule_id: str, item) -> list:
    rules = load_rules()
    return list(rules[rule_id].func(item, Context(Config(), dt.date(2025, 1, 1))))


def _all(ids, item) -> list:
    return [f for r in ids for f in _run(r, item)]


@pytest.fixture(scope="module")
def seed003() -> Publication:
    return _read(seed("003"), Publication)


# ------------------------------------------------------------------ the seed article

def test_seed_only_the_hr_1_89_statement_is_reported(seed003):
    # Seed 003 by hand: of the six HR/CI/p triples only 'HR = 1.89, 95% CI 1.01-3.58, p = 0.051' (line 177)
    # conflicts: 1.01 stands for at least 1.005, so the CI excludes 1, and 0.051 is at least 0.0505.
    # Its percentages (20.7% = 23/111, 12.0% = 13/108, 13.5 = 15/111 ...), group sizes (219 = 111 + 108),
    # flow (125 - 10 - 4 = 111, 125 - 10 - 7 = 108) and table splits (96 + 15 = 111 ...) all agree.
    found = _all(STAT_PUB, seed003)
    assert [(f.rule, f.evidence[0].line) for f in found] == [("STAT001", 177)]
    (f,) = found
    assert f.severity == "error"
    assert f.message == ("HR 1.89 (95% CI 1.01 to 3.58): the CI excludes 1 but p = 0.051; "
                         "the CI implies p = 0.049 (range over rounding 0.047-0.051).")
    assert f.evidence[0].highlight == "HR\u2009=\u20091.89, 95% CI 1.01\u20133.58, p\u2009=\u20090.051"  # as printed
    assert f.values["recomputed p"] == "0.049 (0.047-0.051)"


def test_stat001_gone_when_p_agrees(tmp_path):
    pub = _read(_edited(tmp_path, seed("003"), "p\u2009=\u20090.051", "p\u2009=\u20090.049"), Publication)
    assert _run("STAT001", pub) == [] and _run("STAT002", pub) == []


def test_stat001_not_when_rounding_could_explain(tmp_path):
    # '1.00' may be 0.995: the CI may include 1, so p = 0.051 is no conflict.
    pub = _read(_edited(tmp_path, seed("003"), "95% CI 1.01\u20133.58", "95% CI 1.00\u20133.58"), Publication)
    assert _run("STAT001", pub) == []


# ------------------------------------------------------------------ STAT001-003 on real papers

def test_stat001_real_paper_ci_excludes_but_p_006():
    # PMC3009979 line 28: 'general anesthesia ... (OR 0.13, 95% CI: 0.03-0.65, p = 0.06)'.
    found = _run("STAT001", _read(PAPERS / "PMC3009979.txt", Publication))
    assert [(f.evidence[0].line, f.message) for f in found] == [
        (28, "OR 0.13 (95% CI 0.03 to 0.65): the CI excludes 1 but p = 0.06; the CI implies p = 0.0093 "
             "(range over rounding 0.0052-0.016).")]


def test_stat001_real_paper_ci_includes_but_p_0012():
    # PMC1831737 line 40: 'The difference was not significant ... (IRR 1.27 [95% CI 0.92-1.75], p = 0.012)'.
    found = _run("STAT001", _read(PAPERS / "PMC1831737.txt", Publication))
    assert [f.evidence[0].line for f in found] == [40]
    assert "the CI includes 1 but p = 0.012" in found[0].message


def test_stat001_shared_p_of_a_factor_is_not_a_conflict():
    # PMC4233044: 'NNIS index 0 vs. -1 (OR = 1.33; 95% CI, 0.53-3.36; P = 0.027) and NNIS index 1 vs. -1
    # (OR = 9.87; ...; P = 0.027)': one p for the factor; no finding.
    assert _run("STAT001", _read(PAPERS / "PMC4233044.txt", Publication)) == []


def test_stat002_real_paper_swapped_p_values():
    # PMC2864284 line 70: 'AHR 3.66, 95% CI 1.48-9.02, p < 0.001 ... AHR 0.50, 95% CI 0.37-0.66, p = 0.005':
    # the second CI implies p = 2.7e-06, far below 0.005.
    pub = _read(PAPERS / "PMC2864284.txt", Publication)
    found = _run("STAT002", pub)
    assert [(f.evidence[0].line, f.severity) for f in found] == [(70, "warning")]
    assert found[0].message.startswith("AHR 0.50 (95% CI 0.37 to 0.66): reported p = 0.005 is over 100 times off")


def test_stat002_negative_on_edited_copy(tmp_path):
    pub = _read(_edited(tmp_path, PAPERS / "PMC2864284.txt", "p = 0.005 for haemoglobin",
                        "p < 0.001 for haemoglobin"), Publication)
    assert _run("STAT002", pub) == []


def test_stat002_threshold_is_configurable():
    pub = _read(PAPERS / "PMC2864284.txt", Publication)
    cfg = Config()
    cfg.thresholds["p_ratio_warning"] = 1000.0
    rules = load_rules()
    assert list(rules["STAT002"].func(pub, Context(cfg, dt.date(2025, 1, 1)))) == []


def test_stat002_small_cluster_t_test_is_allowed():
    # PMC1831737: 'prevalence rate ratio 1.32 [95% CI 1.14-1.53], p = 0.002'; the paper's p-values come from
    # paired t-tests over six community pairs, which the small-sample allowance covers: no warning.
    assert _run("STAT002", _read(PAPERS / "PMC1831737.txt", Publication)) == []


def test_stat003_real_paper_estimate_outside_ci(tmp_path):
    # PMC3664372 line 169: 'diabetes (HR 1.88; 95% CI 1.42 to 1.49, p<0.001)'.
    found = _run("STAT003", _read(PAPERS / "PMC3664372.txt", Publication))
    assert [(f.evidence[0].line, f.message) for f in found] == [
        (169, "HR 1.88 (95% CI 1.42 to 1.49): the estimate 1.88 lies outside its own confidence interval.")]
    assert found[0].severity == "error"   # a ratio has no sign convention: one number is wrong
    fixed = _read(_edited(tmp_path, PAPERS / "PMC3664372.txt", "95% CI 1.42 to 1.49", "95% CI 1.42 to 2.49"),
                  Publication)
    assert _run("STAT003", fixed) == []


def test_stat003_sign_slip_is_named():
    # PMC5771578 line 353: 'The maximum observed difference ... was 0.73 points (95% CI -1.25 to -0.21).'
    (f,) = _run("STAT003", _read(PAPERS / "PMC5771578.txt", Publication))
    assert f.message.endswith("lies outside its own confidence interval; with the opposite sign it would lie inside.")
    # a reduction reported as a positive number: a sign convention, a warning rather than an error
    assert f.severity == "warning"


# ------------------------------------------------------------------ registry results analyses

def test_stat004_registry_p_value_holds_the_alpha():
    # NCT00006392 (legacy XML): Hazard Ratio 1.13, 99% CI 0.95 to 1.35, p_value '< .01' - and two more
    # analyses of the same outcome; the posted 'p' is the 2-sided alpha of .01, not a p-value.
    trial = _read(XML / "NCT00006392.xml", Trial)
    found = _run("STAT004", trial)
    assert [f.evidence[1].line for f in found] == [1192, 1209, 1226]
    assert found[0].message == ("Hazard Ratio (HR) 1.13 (99% CI 0.95 to 1.35) for 'Number of Participants With "
                                "Prostate Cancer': the CI includes 1 but p < .01; the CI implies p = 0.073 "
                                "(range over rounding 0.057-0.092).")
    assert {e.label for e in found[0].evidence} >= {"estimate", "CI lower limit", "CI upper limit", "p-value"}


def test_stat004_non_inferiority_is_not_a_decision_error(tmp_path):
    # NCT00494871: Hazard Ratio 1.11, 95% CI 0.87 to 1.42, p = 0.025, 'Non-Inferiority or Equivalence':
    # the p tests the margin, not HR = 1. No finding; the same analysis marked superiority is one.
    src = XML / "NCT00494871.xml"
    assert _run("STAT004", _read(src, Trial)) == []
    text = src.read_text(encoding="utf-8")
    k = text.index("<param_value>1.11</param_value>")
    i = text.rindex("<non_inferiority_type>Non-Inferiority or Equivalence</non_inferiority_type>", 0, k)
    edited = tmp_path / src.name
    edited.write_text(text[:i] + "<non_inferiority_type>Superiority or Other</non_inferiority_type>"
                      + text[i + len("<non_inferiority_type>Non-Inferiority or Equivalence</non_inferiority_type>"):],
                      encoding="utf-8")
    found = _run("STAT004", _read(edited, Trial))
    assert len(found) == 1 and "HR) 1.11 (95% CI 0.87 to 1.42)" in found[0].message


def test_stat005_one_sided_p_values_are_not_flagged():
    # NCT00460603: Risk Ratio 0.585 (95% CI 0.332 to 1.031) with p = 0.9726 and Hazard Ratios with p = 0.87,
    # 0.89: one-sided p-values for an effect the other way (1 - 0.064/2 = 0.968).
    assert _all(STAT_REG, _read(XML / "NCT00460603.xml", Trial)) == []


def test_stat005_far_p_value_on_edited_copy(tmp_path):
    # NCT00461123: Mean Difference -6.50 (95% CI -13.25 to 0.26), p = 0.0588 (consistent: CI implies 0.059).
    src = XML / "NCT00461123.xml"
    assert _all(STAT_REG, _read(src, Trial)) == []
    found = _run("STAT005", _read(_edited(tmp_path, src, "<p_value>0.0588</p_value>", "<p_value>0.30</p_value>"),
                                  Trial))
    assert len(found) == 1 and found[0].severity == "warning"
    assert "reported p = 0.30 is" in found[0].message and "the CI implies p = 0.059" in found[0].message


def test_stat006_estimate_outside_ci_on_edited_copy(tmp_path):
    src = XML / "NCT00492752.xml"
    assert _run("STAT006", _read(src, Trial)) == []
    found = _run("STAT006", _read(_edited(tmp_path, src, "<param_value>0.6783</param_value>",
                                          "<param_value>1.6783</param_value>"), Trial))
    assert len(found) == 1 and "the estimate 1.6783 lies outside its own confidence interval" in found[0].message


# ------------------------------------------------------------------ counts

def test_stat007_real_paper_table_typo():
    # PMC5805261 line 172, a table cell '97.2% (35/46)': 35/46 is 76.1% (35/36 would be 97.2%).
    found = _run("STAT007", _read(PAPERS / "PMC5805261.txt", Publication))
    assert [(f.evidence[0].line, f.message) for f in found] == [
        (172, "The percentage 97.2% does not match 35/46 = 76.09%.")]


def test_stat007_edited_seed(tmp_path):
    pub = _read(_edited(tmp_path, seed("003"), "20.7% (23/111)", "22.7% (23/111)"), Publication)
    found = _run("STAT007", pub)
    assert [(f.evidence[0].line, f.values["computed"]) for f in found] == [(185, "23/111 = 20.72%")]


def test_stat007_edited_seed_table_cell(tmp_path):
    pub = _read(_edited(tmp_path, seed("003"), "17.6 (19/108)", "17.6 (29/108)"), Publication)
    assert [(f.evidence[0].line, f.evidence[0].text) for f in _run("STAT007", pub)] == [(151, "17.6 (29/108)")]


def test_stat008_edited_seed_total(tmp_path):
    pub = _read(_edited(tmp_path, seed("003"), "enrolled 219 patients", "enrolled 229 patients"), Publication)
    (f,) = _run("STAT008", pub)
    assert f.evidence[0].line == 20
    assert f.message == "The group sizes 111 + 108 = 219 do not add up to the stated total of 229."


def test_stat008_real_paper_that_adds_up():
    # PMC3961745: 'Eventually 289 patients were randomized to either the WC group (n=146) or the UC group (n=143).'
    assert _run("STAT008", _read(PAPERS / "PMC3961745.txt", Publication)) == []


def test_stat009_edited_seed_flow(tmp_path):
    pub = _read(_edited(tmp_path, seed("003"), "4 and 7 patients were lost", "4 and 8 patients were lost"),
                Publication)
    (f,) = _run("STAT009", pub)
    assert f.evidence[0].line == 80
    assert f.message == ("The participant flow does not add up: 125 - 10 - 8 = 107 in the second group, "
                         "but 108 were analysed.")


def test_stat010_edited_seed_table(tmp_path):
    pub = _read(_edited(tmp_path, seed("003"), "\n96/15\n", "\n96/14\n"), Publication)
    (f,) = _run("STAT010", pub)
    assert [(e.line, e.text) for e in f.evidence] == [(98, "96/14"), (85, "Control (n\u2009=\u2009111)")]
    assert f.message == "Gender (male/female) 96/14 adds up to 110, but the column Control (n = 111) has 111."


def test_stat010_real_paper_that_adds_up():
    # PMC2556743 table: 'Sex, M/F' 12/4 and 11/6 under group columns of 16 and 17 patients.
    assert _run("STAT010", _read(PAPERS / "PMC2556743.txt", Publication)) == []


def test_bad_input_never_raises():
    pub = Publication(id="x", source="x.txt", lines=["HR = , 95% CI \u2013 to , p = ", "95% CI 1.2\u20130.8 p=",
                                                     "1/0 (50%)", "(n = 0 in each group)", "0/0", "Control (n = 0)"])
    assert _all(STAT_PUB, pub) == []
