"""Tables set in one line (auditor/extract/inline_tables.py) and the table rules on them: STAT013, STAT014,
STAT022, STAT023. Copies of real PMC passages in tests/data/papers (sources in tests/data/README.md);
every number was checked by hand against the passage."""
from __future__ import annotations

from pathlib import Path

from auditor.extract.paper_tables import read_tables

from conftest import edited_copy
from test_rules_statistics_tables import _pub
from test_rules_statistics_tables import _run as run_rules

DATA = Path(__file__).parent / "data" / "papers"
IDS = ("STAT013", "STAT014", "STAT015", "STAT016", "STAT021", "STAT022", "STAT023", "STAT024")


def _run(path: Path, ids=IDS) -> list:
    return run_rules(path, ids)


TAILORED = DATA / "tables_inline_PMC4308455.txt"


def test_inline_table_read_as_columns_and_rows():
    # PMC4308455 line 40: 'Table 1. Baseline clinical characteristics. Parameters Tailored ( n  = 154)
    # Standard ( n  = 151) P  value Age, yrs 60.2 ± 10.9 60.1 ± 10.9 0.964 Male 103 (66.9)0 98 (64.9) 0.715 ...'
    t1, t2 = read_tables(_pub(TAILORED))
    assert t1.layout == "inline" and t1.line == 4
    assert t1.caption == "Table 1. Baseline clinical characteristics. Parameters"
    assert [(c.name, c.n) for c in t1.columns] == [("Tailored", 154), ("Standard", 151)]
    rows = {r.label: [c for _, c in r.cells] for r in t1.rows}
    assert rows["Age, yrs"] == ["60.2 ± 10.9", "60.1 ± 10.9", "0.964"]
    assert rows["Hypertension"] == ["64 (41.6)", "69 (45.7)", "0.466"]
    # Cells glued to a stray '0' ('103 (66.9)0', 'Prior MI 15 (9.7) 0 13 (8.6) 0 0.732') do not fit two
    # columns: those rows are dropped, never guessed.
    assert not any(label.startswith(("Male", "Prior MI")) for label in rows)
    assert all(r.line == 4 and len(r.offsets) == len(r.cells) + 1 for r in t1.rows)
    # The footnote after the last row ('Data are shown as n (%) ...') is no row.
    assert [r.label for r in t2.rows] == ["Cardiovascular death", "Non-fatal MI", "Stroke", "Ischemic driven TVR"]
    assert "Data are shown as" in t2.header


def test_percentage_against_column_n():
    # Negative: every n (%) cell of both tables is count/n of its column (27/154 = 17.5%, 33/151 = 21.9%,
    # 3/154 = 1.9%, 4/151 = 2.6% ...).
    assert _run(TAILORED) == []


def test_percentage_against_column_n_planted(tmp_path):
    # Planted: 'Diabetes 27 (17.5)' -> '27 (15.5)': even allowing one unit of the last digit either way
    # (15.4-15.6%), 27/d needs d = 27/0.156-27/0.154 = 173.1-175.3, more than the column's 154. (A larger
    # percentage, 19.5%, is 27/139 = 19.42% within one unit: missing data may shrink the denominator.)
    assert _run(edited_copy(tmp_path, TAILORED, "Diabetes 27 (17.5)", "Diabetes 27 (19.5)")) == []
    edited = edited_copy(tmp_path, TAILORED, "Diabetes 27 (17.5) 33 (21.9)", "Diabetes 27 (15.5) 33 (21.9)")
    (f,) = _run(edited)
    assert f.rule == "STAT013" and f.values == {"cell": "27 (15.5)", "column n": "154", "count/n": "17.5%",
                                                "printed %": "15.5"}
    assert f.message == ('Table 1, row "Risk factors Diabetes", column "Tailored" (n = 154): 27 (15.5) cannot be '
                         'a share of at most 154 (27/154 = 17.5%).')
    cell, label, header = f.evidence
    line = edited.read_text(encoding="utf-8").splitlines()[3]
    assert (cell.line, line[cell.col - 1:].startswith("27 (15.5)")) == (4, True)
    assert (label.text, header.text, header.line) == ("Risk factors Diabetes", "Tailored ( n = 154)", 4)


def test_percentage_real_error_and_total():
    # PMC3757993 Table 3 (kept as printed): 'Overall, n=367 ... Intervention, n=182 ... Control, n=185',
    # row 'Receive and send text messages 127 (34.6) 141 (38.5) 57 (30.8)': 38.5% of 182 is 70, not 141
    # (141/182 = 77.5%); 127 = 70 + 57. One finding (STAT013): the total's mismatch (141 + 57 = 198, not
    # 127) is the same problem and is not reported again by STAT014.
    (f,) = _run(DATA / "tables_inline_PMC3757993.txt")
    assert (f.rule, f.values["cell"], f.values["column n"], f.values["count/n"]) == ("STAT013", "141 (38.5)",
                                                                                     "182", "77.5%")


PCI = DATA / "tables_inline_PMC5426232.txt"


def test_total_column_and_pooled_means():
    # PMC5426232 as printed. Table 2 (Total n = 180, DEB + BMS n = 90, ZES n = 90): every n (%) row adds up
    # (LAD 79 = 37 + 42, Device success 178 = 88 + 90) but 'Procedural success 180 (100.0) 89 (100.0)
    # 90 (100.0)': 89 + 90 = 179. Table 3 (Total n = 146, 74, 72): the mean rows pool (In-segment before
    # the procedure 2.49: (74 x 2.43 + 72 x 2.55) / 146 = 2.489) except two follow-up rows:
    # In-segment MLD 2.10 vs (74 x 1.93 + 72 x 2.34) / 146 = 2.132, at least 2.117 over rounding and 10%
    # missing ((74 x 1.925 + 65 x 2.335) / 139 = 2.1167); In-segment diameter stenosis 24.3 vs
    # (74 x 29.5 + 72 x 16.5) / 146 = 23.09.
    found = _run(PCI)
    got = sorted((f.rule, f.evidence[0].line, f.values.get("total") or f.values.get("overall mean")) for f in found)
    assert got == [("STAT014", 4, "180"), ("STAT022", 6, "2.10"), ("STAT022", 6, "24.3")]
    f = next(x for x in found if x.values.get("overall mean") == "2.10")
    assert f.values["weighted mean"] == "2.132" and f.values["range over rounding"] == "2.117 to 2.147"
    assert f.values["group n"] == "74, 72"


def test_pooled_mean_planted(tmp_path):
    # Planted on the row that pools: In-segment 2.49 -> 2.52 (the groups pool to 2.489, at most 2.496 with
    # rounding and missing values).
    edited = edited_copy(tmp_path, PCI, "In-segment 2.49 ± 0.41", "In-segment 2.52 ± 0.41")
    got = sorted(f.values["overall mean"] for f in _run(edited, ("STAT022",)))
    assert got == ["2.10", "2.52", "24.3"]


def test_header_order_the_cells_contradict():
    # PMC5861900 Table 1 prints 'Total ( N = 30)' first in the header but the totals last in every row
    # ('Female 4 (40%) 4 (40%) 4 (40%) 12 (40%)'): the columns cannot be trusted, nothing is reported
    # (read in header order, 'Hispanic or Latino ... 4 (13%)' would be 4 of 10 = 40%).
    assert _run(DATA / "tables_inline_PMC5861900.txt") == []


BEFORE_AFTER = DATA / "tables_inline_PMC2887201.txt"


def test_grim_and_grimmer(tmp_path):
    # PMC2887201 Table 1, 'Before (n = 20) After (n = 30)'. The real table has no count row: nothing.
    assert _run(BEFORE_AFTER, ("STAT023",)) == []
    old = "APACHE II score 0.73 Mean ± SD 20.7 ± 6.9 21.3 ± 7.3"
    # Planted GRIM: 'Number of organ failures' 2.38 under Before (18-20 values, 10% may be missing):
    # 2.375-2.385 x 20 = 47.5-47.7, x 19 = 45.125-45.315, x 18 = 42.75-42.93: no whole sum.
    # After: 1.50 = 45/30, SD 0.90 -> sum of squares 29 x 0.9^2 + 45^2/30 = 91.0, odd like 45: fine.
    edited = edited_copy(tmp_path, BEFORE_AFTER, old, "Number of organ failures 0.73 Mean ± SD 2.38 ± 1.20 1.50 ± 0.90")
    (f,) = _run(edited, ("STAT023",))
    assert f.values == {"mean": "2.38", "n": "18-20", "nearest means": "47/20 = 2.35, 48/20 = 2.40"}
    # Planted GRIMMER: 2.35 = 47/20 (no sum for 18 or 19), SD 1.00: 19 x [0.995^2, 1.005^2] + 47^2/20 =
    # 129.26-129.64 and 20 x [...] + 110.45 = 130.25-130.65 hold no whole number.
    edited = edited_copy(tmp_path, BEFORE_AFTER, old, "Number of organ failures 0.73 Mean ± SD 2.35 ± 1.00 1.50 ± 0.90")
    (f,) = _run(edited, ("STAT023",))
    assert "GRIMMER" in f.message and f.values == {"mean": "2.35", "sd": "1.00", "n": "18-20"}
    # Consistent: 2.40 = 48/20, SD 1.05 -> 19 x [1.045^2, 1.055^2] + 115.2 = 135.95-136.35 holds 136, even like 48.
    edited = edited_copy(tmp_path, BEFORE_AFTER, old, "Number of organ failures 0.73 Mean ± SD 2.40 ± 1.05 1.50 ± 0.90")
    assert _run(edited, ("STAT023",)) == []
    # The same means in a row that is no count (a score averaged over items) are not tested.
    edited = edited_copy(tmp_path, BEFORE_AFTER, old, "APACHE II score 0.73 Mean ± SD 2.38 ± 1.20 1.50 ± 0.90")
    assert _run(edited, ("STAT023",)) == []


CESAREAN = DATA / "tables_text_PMC3009979.txt"


def test_text_count_against_table(tmp_path):
    # PMC3009979: the abstract's 'Postoperative infection developed in 5 of 86 (5.9%) patients that received
    # cefuroxime' and Table 1 row 'All post-op infections, n (%)', column 'Cefuroxime n = 85': '5 (5.9)'.
    # They agree: nothing. (The text's other count, 8 of 91 (8.8%), is followed by 'ampicillin/sulbactam'
    # and agrees with '8 (8.8)' too.)
    tabs = read_tables(_pub(CESAREAN))
    assert [(c.name, c.n) for c in tabs[0].columns] == [("Total group", 176), ("Cefuroxime", 85),
                                                         ("Ampicillin/Sulbactam", 91)]
    assert _run(CESAREAN, ("STAT024",)) == []
    # Planted: the same count with another percentage (5/86 = 5.8%): the text and the table disagree.
    edited = edited_copy(tmp_path, CESAREAN, "5 of 86 (5.9%)", "5 of 86 (5.8%)")
    (f,) = _run(edited, ("STAT024",))
    assert f.message == ('The text gives 5 of 86 (5.8%) for "All post-op infections, n (%)" in Cefuroxime; '
                         'Table 1 gives 5 (5.9).')
    assert f.values == {"text": "5 of 86 (5.8%)", "table": "5 (5.9)", "column n": "85"}
    assert [(e.line, e.label) for e in f.evidence] == [(4, "sentence"), (7, 'cell of row "All post-op infections, n (%)"'),
                                                       (7, "row label"), (7, "column header")]
    # Both numbers differ: taken as another fact (another population or time), not reported.
    edited = edited_copy(tmp_path, CESAREAN, "5 of 86 (5.9%)", "7 of 86 (8.1%)")
    assert _run(edited, ("STAT024",)) == []


def test_two_proportions_and_p_in_a_table(tmp_path):
    # PMC4308455 Table 2, row 'Cardiovascular death 3 (1.9) 4 (2.6) 0.489' under Tailored n = 154 and
    # Standard n = 151 (3/154 = 1.9%, 4/151 = 2.6%). Computed apart (math.comb, erfc): Fisher one-sided
    # P(X <= 3) = 0.4891, two-sided 0.7211; chi-square 0.167 (p = 0.6827), with Yates 0.00069 (p = 0.9790).
    # The printed 0.489 is Fisher's one-sided p: no finding (nor for the other rows of both tables).
    assert _run(TAILORED, ("STAT020",)) == []
    # Planted: p = 0.049, more than 3 times below the smallest of them (0.489 / 3 = 0.163).
    edited = edited_copy(tmp_path, TAILORED, "Cardiovascular death 3 (1.9) 4 (2.6) 0.489",
                         "Cardiovascular death 3 (1.9) 4 (2.6) 0.049")
    (f,) = _run(edited, ("STAT020",))
    assert f.values == {"counts": "3/154 vs 4/151", "reported p": "0.049", "recomputed p": "0.489-0.979"}
    assert f.message == ('Table 2, row "Cardiovascular death": 3/154 against 4/151: the usual tests of these counts '
                         'give p = 0.489-0.979, but the table prints 0.049.')


def test_text_count_differs_with_the_same_percentage(tmp_path):
    # Planted: '6 of 86 (5.9%)' beside the table's '5 (5.9)' under Cefuroxime n = 85: 6/85 = 7.1%, so the
    # text's count is not that share of the group: reported.
    edited = edited_copy(tmp_path, CESAREAN, "5 of 86 (5.9%)", "6 of 86 (5.9%)")
    (f,) = _run(edited, ("STAT024",))
    assert f.values == {"text": "6 of 86 (5.9%)", "table": "5 (5.9)", "column n": "85"}


def test_pooled_mean_in_a_table_with_missing_values(tmp_path):
    # PMC3668143 Table 2 (Intervention n = 34, Control n = 34, Total n = 68): 'Interleukin-6 (pg/mL) 5.16 ± 7.11
    # 4.07 ± 1.95 4.55 ± 4.88' - equal n pool to (5.16 + 4.07) / 2 = 4.615, at least 4.585 with rounding and
    # 10% missing ((31 x 5.155 + 34 x 4.065) / 65). But four other rows pool only with missing values
    # (Cholesterol 187.76 vs 187.735-187.745 by rounding alone, Triglycerides 143.73 vs 143.485-143.495, HDL
    # 49.35 vs 49.405-49.415, Glucose 109.09 vs 109.125-109.135): each row has its own n, nothing is reported.
    src = DATA / "tables_inline_PMC3668143.txt"
    assert _run(src, ("STAT022",)) == []
    edited = src
    for old, new in (("187.76", "187.74"), ("143.73", "143.49"), ("49.35", "49.41"), ("109.09", "109.13")):
        edited = edited_copy(tmp_path, edited, old, new)
    (f,) = _run(edited, ("STAT022",))
    assert f.values["overall mean"] == "4.55" and f.values["range over rounding"] == "4.585 to 4.645"
