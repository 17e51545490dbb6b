"""Dosing schedules in free text (auditor.extract.dosing) and numbers as words (auditor.extract.numbers).
Sentences marked 'seed' are copied from the seed documents; expected values were worked out by hand."""
from __future__ import annotations

import pytest

from auditor.extract.dosing import find_schedules, interval_label, same_interval
from auditor.extract.numbers import times_count, to_int, to_number


def _one(text: str):
    found = find_schedules(text)
    assert len(found) == 1, found
    return found[0]


def test_seed_001_once_per_4_week_with_dose_and_duration():
    # seed 001 line 193
    text = ("Participants received conventional treatment and taken i.v., once per 4 week, at a dose of "
            "0.5*10E6 MSC/kg body for 12 weeks.")
    s = _one(text)
    assert s.text == "once per 4 week"
    assert text[s.span[0]:s.span[1]] == s.text
    assert (s.interval_days, s.count, s.duration_days) == (28.0, None, 84.0)
    assert (s.dose_text, s.dose_value, s.dose_unit) == ("0.5*10E6 MSC/kg", 500000.0, "cells/kg")


def test_seed_001_placebo_saline_volume():
    # seed 001 line 199
    s = _one("Participants received conventional treatment and taken i.v., once per 4 week, at 50 ml saline for "
             "12 weeks.")
    assert (s.interval_days, s.dose_value, s.dose_unit, s.duration_days) == (28.0, 50.0, "ml", 84.0)


def test_seed_002_three_times_at_3_week_intervals_with_markdown_escape():
    # seed 002 line 44: the web rendering escapes '*' as '\*'
    text = (r"Taken a dose of 1.0\*10E6 UC-MSC/kg body weight intravenously three times at 3-week intervals, in "
            r"addition to comprehensive treatment.")
    s = _one(text)
    assert s.text == "three times at 3-week intervals"
    assert (s.count, s.interval_days) == (3, 21.0)
    assert (s.dose_value, s.dose_unit) == (1000000.0, "cells/kg")


@pytest.mark.parametrize("text, words", [
    # seed 003 lines 20, 57 and 64: all three say three infusions four weeks apart
    ("The treated patients received three times of UC-MSC infusions at 4-week intervals plus conventional treatment.",
     "three times of UC-MSC infusions at 4-week intervals"),
    ("The randomization system allocated patients to receive either the conventional treatment or three UC-MSC "
     "infusions at 4-week intervals plus conventional treatment.", "three UC-MSC infusions at 4-week intervals"),
    ("The UC-MSC therapy was administrated at a dose of approximately 0.5 × 106/kg body weight UC-MSC at the fourth "
     "passage, which were suspended in saline and were infused intravenously three times at 4-week intervals (Fig. 1).",
     "three times at 4-week intervals"),
])
def test_seed_003_three_infusions_at_4_week_intervals(text, words):
    s = _one(text)
    assert (s.text, s.count, s.interval_days) == (words, 3, 28.0)


def test_superscript_lost_in_pdf_text_reads_as_power_of_ten():
    s = _one("The UC-MSC therapy was administrated at a dose of approximately 0.5 × 106/kg body weight, infused "
             "three times at 4-week intervals.")
    assert (s.dose_text, s.dose_value, s.dose_unit) == ("0.5 × 106/kg", 500000.0, "cells/kg")


@pytest.mark.parametrize("text, interval, count, basis", [
    ("Vaccine given on day 0, 28 and 56.", 28.0, 3, "dose"),
    ("Drug X 10 mg/kg IV q3w.", 21.0, None, "dose"),
    ("Docetaxel 75 mg/m2 every 3 weeks.", 21.0, None, "dose"),
    ("Subjects will take 2 tablets twice daily.", 0.5, None, "dose"),
    ("Sorafenib 400 mg b.i.d.", 0.5, None, "dose"),
    ("Treatment repeats every 28 days.", 28.0, None, "cycle"),
    ("Patients receive the drug in 21-day cycles.", 21.0, None, "cycle"),
    ("Interferon is injected every other week.", 14.0, None, "dose"),
    ("Injections of leuprolide once a month for six months.", 30.4375, None, "dose"),
    ("The vaccine is given in 2 doses 2 months apart.", 60.875, 2, "dose"),
])
def test_interval_forms(text, interval, count, basis):
    s = _one(text)
    assert (s.interval_days, s.count, s.basis) == (interval, count, basis)


@pytest.mark.parametrize("text, count, basis", [
    ("A single dose of 0.5 to 1 x 10^6/kg autologous BM MSCs will be infused via peripheral venous access.", 1, "dose"),
    ("Patients are treated for up to 6 cycles of chemotherapy.", 6, "cycle"),
    ("Participants receive 8 sessions of therapy.", 8, "session"),
    ("The drug is administered twice.", 2, "dose"),
])
def test_count_forms(text, count, basis):
    s = _one(text)
    assert (s.count, s.basis, s.interval_days) == (count, basis, None)


@pytest.mark.parametrize("text", [
    # seed 000 line 135: a wash-out before enrolment, not dosing
    "immunosuppressed patients (IST must have stopped at least 4 weeks prior to trial enrolment)",
    # seed 003 line 65: visits and tests, not doses
    "After first UC-MSC infusion, the patients were followed up at weeks 2, 4, 8, 12, 24, and 48, and at months 24, "
    "48, 60, and 75.",
    "The following tests were performed at weeks 0, 12, 24, and 48: liver function tests.",
    "Patients will be seen for follow-up every 4 weeks.",
    "The medium was replenished every 3 days.",
    "The cognitive test battery will be administered again at weeks 22, 28 and 34.",
    "Activities of daily living are recorded.",
    "Two different doses will be compared.",
    "ALT > 3 times ULN.",
    "Take the study drug once or twice a day.",
    "2-3 doses of varicella vaccine are given.",
    "Treated with SADBE on day 0, month 3, and month 6.",
])
def test_not_dosing_schedules(text):
    assert find_schedules(text) == []


def test_sentences_are_kept_apart_and_offsets_are_those_of_the_input():
    text = "Drug A is given every 3 weeks.\n\nDrug B is given every 4 weeks."
    a, b = find_schedules(text)
    assert (a.interval_days, b.interval_days) == (21.0, 28.0)
    assert text[b.sentence_span[0]:b.sentence_span[1]] == "Drug B is given every 4 weeks."


def test_same_interval_and_labels():
    assert same_interval(28.0, 30.4375)          # 4 weeks vs 1 month
    assert not same_interval(21.0, 28.0)
    assert interval_label(28.0) == "4 weeks"
    assert interval_label(21.0) == "3 weeks"
    assert interval_label(30.4375) == "1 month"
    assert interval_label(0.5) == "12 hours"
    assert interval_label(1.0) == "1 day"


@pytest.mark.parametrize("text, value", [
    ("3", 3.0), ("1,200", 1200.0), ("2.5", 2.5), ("three", 3.0), ("Twenty-Five", 25.0), ("twenty five", 25.0),
    ("one hundred", 100.0), ("two hundred and fifty", 250.0), ("a hundred", 100.0), ("lots", None), ("", None),
])
def test_to_number(text, value):
    assert to_number(text) == value


def test_to_int_and_times():
    assert to_int("seventy") == 70
    assert to_int("2.5") is None
    assert [times_count(t) for t in ("once", "twice", "thrice", "three times", "3 times", "3x", "times")] == \
        [1, 2, 3, 3, 3, 3, None]
