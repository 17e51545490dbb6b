"""Extractors of the statistics family: printed numbers and p-values, the p-value a CI implies,
estimate/CI/p statements in running text, and counts (percentages with n/N, group sizes, flow, tables).
Expected values were worked out by hand from the texts quoted here."""
from __future__ import annotations

import math

import pytest

from auditor.extract.counts import (find_flow, find_group_totals, find_percent_counts, find_split_rows,
                                    table_percent_cell)
from auditor.extract.printed import fmt_p, parse_number, parse_p
from auditor.extract.pvalues import DIFFERENCE, RATIO, asymmetry, estimate_outside, excludes_null, p_from_z, recompute
from auditor.extract.stats import find_triples

from conftest import seed

N = parse_number


def _seed_lines() -> list[str]:
    return seed("003").read_text(encoding="utf-8").splitlines()


# ------------------------------------------------------------------ printed values

@pytest.mark.parametrize("text,value,decimals", [
    ("1.89", 1.89, 2), ("\u22120.26", -0.26, 2), ("0\u00b780", 0.80, 2), ("1,087.18", 1087.18, 2),
    (".97", 0.97, 2), ("26,600", 26600.0, 0), ("+0.11", 0.11, 2), ("\u2010 1.74", -1.74, 2),
])
def test_parse_number_keeps_printed_precision(text, value, decimals):
    n = parse_number(text)
    assert n is not None and n.value == pytest.approx(value) and n.decimals == decimals


def test_printed_value_stands_for_its_rounding_interval():
    n = parse_number("1.01")
    assert n.lo == pytest.approx(1.005) and n.hi == pytest.approx(1.015)
    assert parse_number("12").half == 0.5
    assert parse_number("abc") is None and parse_number("1,2") is None


def test_parse_p_intervals_and_bounds():
    p = parse_p("= 0.051")                      # the brief's example: [0.0505, 0.0515)
    assert (p.lo, p.hi, p.op) == (pytest.approx(0.0505), pytest.approx(0.0515), "=")
    assert p.definitely_at_least(0.05) and not p.definitely_below(0.05)
    b = parse_p("< 0.001")
    assert (b.lo, b.hi, b.is_bound) == (0.0, 0.001, True) and b.definitely_below(0.05)
    assert parse_p(".97").lo == pytest.approx(0.965)
    assert parse_p("=8.82 \u00d7 10\u221216").hi == pytest.approx(8.825e-16)
    assert parse_p("< 10\u22124").hi == pytest.approx(1e-4)
    assert parse_p("= <0.001").op == "<="          # 'p = <0.001' as printed in PMC4344344
    # 'p = 0.05' may be 0.045-0.055: neither side of 0.05 for sure; 'p <= 0.05' may be exactly 0.05.
    five = parse_p("= 0.05")
    assert not five.definitely_below(0.05) and not five.definitely_at_least(0.05)
    assert not parse_p("\u2264 0.05").definitely_below(0.05)
    assert parse_p("> 0.05").definitely_at_least(0.05)
    assert parse_p("= NS") is None and parse_p("= 1.5") is None


def test_fmt_p():
    assert (fmt_p(0.0486), fmt_p(0.0049), fmt_p(2.7e-06)) == ("0.049", "0.0049", "2.7e-06")


# ------------------------------------------------------------------ p from a CI

def test_exact_p_agrees_with_the_altman_bland_formula():
    # BMJ 2011;343:d2304 box: P = exp(-0.717 z - 0.416 z^2), "good for z up to about 7"; we use erfc.
    for z in (1.5, 1.96, 2.5, 3.0):
        assert p_from_z(z) == pytest.approx(math.exp(-0.717 * z - 0.416 * z * z), rel=0.025)


def test_altman_bland_worked_example_difference():
    # Altman & Bland, BMJ 2011;343:d2090 (the companion note, worked example a): a difference of
    # 17 percentage points with P = 0.032 has 95% CI 1.4 to 32.6. Going back from that CI gives p = 0.033,
    # and the rounding range of the printed CI contains the published 0.032.
    r = recompute(DIFFERENCE, N("17.0"), N("1.4"), N("32.6"), 95)
    assert r.p == pytest.approx(0.0327, abs=5e-4)
    assert r.p_min <= 0.032 <= r.p_max


def test_altman_bland_worked_example_ratio():
    # BMJ 2011;343:d2090, worked example b: relative risk 0.30 with P = 0.034 gives 95% CI 0.10 to 0.90.
    # On the log scale the CI gives back p = 0.032, with 0.034 inside the range over rounding.
    r = recompute(RATIO, N("0.30"), N("0.10"), N("0.90"), 95)
    assert r.p == pytest.approx(0.0317, abs=5e-4)
    assert r.p_min <= 0.034 <= r.p_max


def test_seed_hazard_ratios_recomputed_by_hand():
    # Seed 003 lines 177 and 185. By hand: SE = (ln U - ln L) / 3.92, z = ln HR / SE.
    # HR 1.89 (1.01-3.58): SE 0.3228, z 1.972, p 0.0486 -> 'the CI implies p = 0.049'.
    r = recompute(RATIO, N("1.89"), N("1.01"), N("3.58"), 95)
    assert fmt_p(r.p) == "0.049" and fmt_p(r.p_min) == "0.047" and fmt_p(r.p_max) == "0.051"
    assert excludes_null(RATIO, N("1.01"), N("3.58")) is True       # 1.01 stands for >= 1.005 > 1
    # HR 1.77 (0.91-3.43) p = 0.104: z 1.687, p 0.092; HR 3.68 (1.38-9.85) p = 0.005: p 0.0094.
    assert fmt_p(recompute(RATIO, N("1.77"), N("0.91"), N("3.43"), 95).p) == "0.092"
    assert fmt_p(recompute(RATIO, N("3.68"), N("1.38"), N("9.85"), 95).p) == "0.0094"


def test_null_and_estimate_position_respect_rounding():
    assert excludes_null(RATIO, N("1.00"), N("3.58")) is None        # 1.00 may be 0.995
    assert excludes_null(RATIO, N("0.91"), N("3.43")) is False
    assert excludes_null(DIFFERENCE, N("-0.7"), N("-0.1")) is True
    assert estimate_outside(N("1.88"), N("1.42"), N("1.49"))         # PMC3664372: 'HR 1.88; 95% CI 1.42 to 1.49'
    assert not estimate_outside(N("1.50"), N("1.42"), N("1.49"))     # 1.50 may be 1.495, 1.49 may be 1.495


def test_level_changes_the_critical_value():
    # A 99% CI is wider: the same limits imply a smaller p than at 95%.
    assert recompute(RATIO, N("1.13"), N("0.95"), N("1.35"), 99).p < recompute(RATIO, N("1.13"), N("0.95"),
                                                                                  N("1.35"), 95).p


def test_small_sample_allowance_only_widens_upwards():
    r = recompute(DIFFERENCE, N("4.25"), N("1.62"), N("6.87"), 95, small_df=10)
    assert r.p_max_small > r.p_max and r.p_min <= r.p <= r.p_max


def test_asymmetry():
    assert asymmetry(RATIO, N("1.89"), N("1.01"), N("3.58")) < 0.001
    assert asymmetry(DIFFERENCE, N("0.10"), N("0.02"), N("0.23")) > 0.03   # PMC5019971 'β 0.10, 95% CI 0.02; 0.23'


# ------------------------------------------------------------------ statements in text

def test_seed_triples_found_with_their_p_values():
    lines = _seed_lines()
    got = [(i, t.kind, t.label, t.estimate.text, t.lower.text, t.upper.text, " ".join(t.p.text.split()))
           for i in (177, 185) for t in find_triples(lines[i - 1])]
    assert got == [
        (177, RATIO, "HR", "1.89", "1.01", "3.58", "= 0.051"),
        (177, RATIO, "HR", "3.68", "1.38", "9.85", "= 0.005"),
        (177, RATIO, "HR", "0.97", "0.40", "2.32", "= 0.930"),
        (185, RATIO, "HR", "1.77", "0.91", "3.43", "= 0.104"),
        (185, RATIO, "HR", "1.09", "0.24", "4.98", "= 0.907"),
        (185, RATIO, "HR", "2.02", "0.91", "4.47", "= 0.078"),
    ]


@pytest.mark.parametrize("text,expected", [
    # Lancet style (PMC5976950): middle-dot decimals, negative limits
    ("adjusted mean difference \u22121\u00b737, 95% CI \u22122\u00b771 to \u22120\u00b704, p=0\u00b70432",
     (DIFFERENCE, "-1.37", "-2.71", "-0.04", 0.0432)),
    # the CI keyword before the estimate (PMC3692133-like form)
    ("OR [95% CI]: 2.26 [1.18-4.33]), p = 0.014", (RATIO, "2.26", "1.18", "4.33", 0.014)),
    ("HR (95% CI) 0.80 (0.70\u20130.91); P<0.001", (RATIO, "0.80", "0.70", "0.91", 0.001)),
    # a negative upper limit after 'to' (PMC3682293)
    ("(unadjusted difference, -0.4; 95% CI, -0.7 to -0.1; P < 0.01", (DIFFERENCE, "-0.4", "-0.7", "-0.1", 0.01)),
    # a named test before the p
    ("(AOR 1.35; 95% CI 1.22\u20131.50, Chi-square P < 0.0001)", (RATIO, "1.35", "1.22", "1.50", 0.0001)),
    ("a RR of 0\u00b789 with 95% CI 0\u00b784\u20130\u00b795, p=0\u00b700015", (RATIO, "0.89", "0.84", "0.95", 0.00015)),
])
def test_triple_forms(text, expected):
    (t,) = find_triples(text)
    kind, est, lo, hi, p = expected
    assert t.kind == kind
    assert (t.estimate.value, t.lower.value, t.upper.value) == (float(est), float(lo), float(hi))
    assert t.p.hi == pytest.approx(p, rel=0.2)


@pytest.mark.parametrize("text", [
    "mean difference \u20ac3961; 95% CI \u22123986 to 11 850)",          # spaced thousands (PMC4431324)
    "(MD = \u221219.60; 95 % CI: \u221215.33 at \u221223.87 mg/dl; p < 0.001)",   # 'at' as separator (PMC4620004)
    "OR 1,23 (95% CI 1,05-1,44)",                                           # decimal commas
])
def test_unreadable_limits_give_no_triple(text):
    assert find_triples(text) == []


@pytest.mark.parametrize("text", [
    "differences (P < .01; 95% CI = 0.22 - 3.26)",                # the number before the CI is a p (PMC5859768)
    "the difference at 12 months (95% CI 1.2 to 5.6)",            # a time point, not an estimate
    "mean HR 72 bpm (95% CI 68 to 76)",                           # heart rate, not a hazard ratio
    "(mean 4.0 v 0.8, 95% confidence interval of the difference 2.7 to 3.6; P<0.001)",  # no named estimate
])
def test_unnamed_or_wrong_estimates_get_no_kind(text):
    assert all(t.kind is None for t in find_triples(text))


def test_interaction_p_is_not_taken():
    (t,) = find_triples("HR 0.80 (95% CI 0.70-0.91), p for interaction = 0.03")
    assert t.p is None
    (t,) = find_triples("HR 0.80 (95% CI 0.70-0.91); P-interaction = 0.03")
    assert t.p is None


def test_one_p_for_two_levels_is_marked_shared():
    # PMC4233044: one p for the NNIS factor printed after each of its levels.
    text = ("NNIS index 0 vs. \u20121 (OR = 1.33; 95% CI, 0.53\u20133.36; P = 0.027) and NNIS index 1 vs. \u20121 "
            "(OR = 9.87; 95% CI, 1.82\u201353.53; P = 0.027), in those with previous cancer "
            "(OR = 3.46; 95% CI, 1.02\u201311.70; P = 0.046).")
    assert [t.p_shared for t in find_triples(text)] == [True, True, False]


def test_one_sided_sentences_are_marked():
    (t,) = find_triples("Non-inferiority was shown (difference 1.2, 95% CI -0.5 to 2.9; one-sided p = 0.01).")
    assert t.one_sided


# ------------------------------------------------------------------ counts

def test_percent_forms():
    text = ("cumulative incidences were 20.7% (23/111) and 12.0% (13/108); 23/111 (20.7%); 23 of 111 patients "
            "(20.7%); grade 3 (4 [2%] of 246)")
    got = [(p.pct.text, p.n, p.total, p.consistent()) for p in find_percent_counts(text)]
    assert got == [("20.7", 23, 111, True), ("12.0", 13, 108, True), ("20.7", 23, 111, True),
                   ("20.7", 23, 111, True), ("2", 4, 246, True)]


def test_percent_mismatch_and_tolerances():
    (bad,) = find_percent_counts("Technique efficacy 97.2% (35/46)")        # PMC5805261: 35/46 = 76.1%
    assert not bad.consistent() and bad.exact == pytest.approx(76.09, abs=0.01)
    (trunc,) = find_percent_counts("in 2/3 (66.6%) of cases")                # truncated, not rounded
    assert trunc.consistent()
    (missing,) = find_percent_counts("136/308 (44.3%) participants")        # PMC3717757: 136/307 = 44.3%
    assert missing.consistent()


@pytest.mark.parametrize("text", [
    "treated with 7.5/46 (22.4%) and 15/92 (27.6%) achieved remission",     # dose pairs (PMC4392900)
    "chemoradiotherapy\u202013/249 (1%)1/240 (<1%)",                          # footnote glued to a count
    "with endoscopy subscore = 0/1 (21%) at Week 8",                        # a score, not a count
])
def test_percent_lookalikes_are_not_read(text):
    assert find_percent_counts(text) == []


def test_table_percent_cell_needs_a_percent_row_label():
    lines = _seed_lines()
    cell = table_percent_cell(lines[149], lines[148])                      # ' > 15, % (n/total number)'
    assert (cell.pct.text, cell.n, cell.total, cell.consistent()) == ("13.5", 15, 111, True)
    assert table_percent_cell("13.5 (15/111)", "MELD score") is None


def test_group_totals_seed_line_20():
    (g,) = find_group_totals(_seed_lines()[19])
    assert (g.total, g.groups) == (219, (111, 108))
    # A sentence about analysis counts another stage: not read.
    assert find_group_totals("Of 250 randomized, 219 patients were analysed: control group (n = 111) and "
                             "treated group (n = 108).") == []


def test_flow_seed_line_80_adds_up():
    flow = find_flow(_seed_lines()[79])
    assert flow.allocated == (125, 125) and flow.analysed == (111, 108)
    assert flow.losses == (("withdrew the consent", 10, 10), ("were lost to follow-up", 4, 7))
    assert flow.expected() == (111, 108) and flow.consistent()


def test_flow_needs_every_pair_to_be_a_loss():
    text = ("In total, 250 patients were randomly assigned to two groups (n = 125 in each group). In the two "
            "groups, 10 and 10 patients withdrew, and 3 and 4 were aged over 60, respectively. Finally, "
            "115 control patients and 115 treated patients were included in the primary analysis.")
    assert find_flow(text) is None


def test_split_rows_seed_table():
    rows = find_split_rows(_seed_lines())
    assert [(r.label, [(a, b) for _, a, b in r.cells], [n for _, _, n in r.headers]) for r in rows] == [
        ("Gender (male/female)", [(96, 15), (94, 14)], [111, 108]),
        ("Ascites (presence/absence)", [(93, 18), (86, 22)], [111, 108]),
    ]
