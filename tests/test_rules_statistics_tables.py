"""STAT013-STAT016 (checks/statistics_tables.py) on copies of real paper passages in tests/data/papers
(sources in tests/data/README.md). Every number was checked by hand against the passage."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from auditor.config import Config
from auditor.context import Context
from auditor.extract.paper_tables import read_tables
from auditor.model import Publication
from auditor.readers import read_file
from auditor.rules import load_rules

from conftest import edited_copy

DATA = Path(__file__).parent / "data" / "papers"
TABLES = DATA / "tables_PMC3580725.txt"
IDS = ("STAT013", "STAT014", "STAT015", "STAT016")


def _pub(path: Path) -> Publication:
    (pub,) = [x for x in read_file(path, str(path), 10 ** 9) if isinstance(x, Publication)]
    return pub


def _run(path: Path, ids=IDS) -> list:
    rules, ctx = load_rules(), Context(Config(), dt.date(2025, 1, 1))
    pub = _pub(path)
    return [f for r in ids for f in rules[r].func(pub, ctx)]


def test_tables_read_with_their_columns():
    tabs = read_tables(_pub(TABLES))
    assert [[(c.name, c.n) for c in t.columns] for t in tabs] == [
        [("All", 232), ("SLED", 115), ("CVVH", 117)]] * 2
    sex = next(r for r in tabs[0].rows if r.label == "Sex (female)")
    assert [c for _, c in sex.cells] == ["75 (32.3%)", "43 (37.4%)", "32 (27.4%)", "0.135*"]


def test_percentages_and_pooled_mean_in_real_tables():
    # PMC3580725 Table 1, row 'Sepsis': '121 (54.0%)', '60 (54.0%)', '61 (54.1%)' under n = 232, 115, 117.
    # 121/224 prints 54.0% (fine with missing data) and 60/111 = 54.05% is within one unit of 54.0% (a
    # rounding or truncation slip is allowed), but 61/d is 54.0-54.2% for no d up to 117 (61/112 = 54.46%,
    # 61/113 = 53.98%).
    # Table 2, row 'Epinephrine (n = 30)': overall 0.100 ± 0.359 while the groups are 0.156 and 0.243.
    found = _run(TABLES)
    got = sorted((f.rule, f.evidence[0].line, f.values.get("cell") or f.values.get("overall mean")) for f in found)
    assert got == [("STAT013", 90, "61 (54.1%)"), ("STAT015", 104, "0.100")]
    f = next(x for x in found if x.evidence[0].line == 90)
    assert f.message == ('Table 1, row "Sepsis", column "CVVH" (n = 117): 61 (54.1%) cannot be a share of at '
                         'most 117 (61/117 = 52.1%).')
    assert [e.line for e in f.evidence] == [90, 87, 5]


def test_totals_against_groups(tmp_path):
    # Negative above: every n (%) row of Table 1 adds up (75 = 43 + 32, 121 = 60 + 61 ...). Edited copy:
    # Sex (female) in the SLED column 43 -> 44 (44/115 = 38.3%, so the percentage is edited too).
    edited = edited_copy(tmp_path, TABLES, "43 (37.4%)", "44 (38.3%)")
    found = [f for f in _run(edited) if f.rule == "STAT014"]
    assert [(f.values["total"], f.values["sum of groups"]) for f in found] == [("75", "44 + 32 = 76")]
    # A total column whose n is not the sum of the groups (overlapping columns?): no row is compared, and
    # the total column's percentages are not judged against an n that may be wrong.
    text = TABLES.read_text(encoding="utf-8").replace("All (n = 232)SLED", "All (n = 230)SLED", 1)
    edited = tmp_path / "total.txt"
    edited.write_text(text.replace("43 (37.4%)", "44 (38.3%)"), encoding="utf-8")
    found = _run(edited, ("STAT013", "STAT014"))
    assert [(f.rule, f.values.get("cell")) for f in found] == [("STAT013", "61 (54.1%)")]


def test_value_outside_its_range(tmp_path):
    # PMC3759413: 'mean body weight 85±12 kg (range 64–115 kg)': 85 lies in its range (12 is the SD).
    src = DATA / "range_PMC3759413.txt"
    assert _run(src, ("STAT016",)) == []
    edited = edited_copy(tmp_path, src, "85±12 kg (range 64–115 kg)", "58±12 kg (range 64–115 kg)")
    (f,) = _run(edited, ("STAT016",))
    assert f.severity == "error" and f.values == {"value": "58", "interval": "64 to 115"}
    # In a table: PMC3580725 Table 2 is mean ± SD; an edited cell '5.2 (6.1-8.0)' in a median row.
    edited = edited_copy(tmp_path, TABLES, "Furosemide dose (mg/24h)\n298.4 ± 239.5",
                         "Furosemide dose (mg/24h), median (IQR)\n5.2 (6.1-8.0)")
    (f,) = _run(edited, ("STAT016",))
    assert f.values == {"value": "5.2", "interval": "6.1 to 8.0"}


def test_glued_header_and_ratio_with_p(tmp_path):
    # PMC3718642 Table 5: the header cells and the first row label are one line ('Everolimus 1.5 mg (n = 61)
    # MMF 2 g (n = 61)Risk ratio (95% CI)Any adverse event'); its n (%) cells agree with n = 61
    # (27/61 = 44.3%, 33/61 = 54.1%, 3/61 = 4.9% ...).
    src = DATA / "ratio_PMC3718642.txt"
    (tab,) = read_tables(_pub(src))
    assert [c.n for c in tab.columns] == [61, 61]
    assert _run(src) == [] and _run(src, ("STAT021",)) == []
    # Edited: a p-value cell after 'Serious adverse events' RR 0.82 (0.568, 1.178), whose CI includes 1
    # and implies p = 0.286 (SE = (ln 1.178 - ln 0.568) / 3.92 = 0.186, z = ln 0.82 / 0.186 = 1.07):
    # 'p = 0.02' is a decision conflict, '0.28' is not.
    cell = "0.82 (0.568, 1.178)\n"
    (f,) = _run(edited_copy(tmp_path, src, cell, cell + "0.02\n"), ("STAT021",))
    assert f.message == ('Table 5, row "Serious adverse events": Risk ratio 0.82 (95% CI 0.568 to 1.178): the CI '
                         'includes 1 but p = 0.02; the CI implies p = 0.286 (range over rounding 0.271-0.302).')
    assert _run(edited_copy(tmp_path, src, cell, cell + "0.28\n"), ("STAT021",)) == []
