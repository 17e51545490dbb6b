"""Age bounds read from criteria text. Expected values worked out by hand from the wording."""
import pytest

from auditor.extract.ages import bounds_in, criteria_ages, find_age_ranges
from auditor.model import Criterion


def _b(text):
    return sorted((b.direction, b.readings) for b in bounds_in(text))


@pytest.mark.parametrize("text, expected", [
    ("Aged 18-70 years", [("<", (70.0,)), (">", (18.0,))]),
    ("Men and women aged 18 to 65 years", [("<", (65.0,)), (">", (18.0,))]),
    ("Age between 20 and 70 years", [("<", (70.0,)), (">", (20.0,))]),
    (">= 18 years of age", [(">", (18.0,))]),
    ("Age ≥ 18", [(">", (18.0,))]),
    ("older than 17 years", [(">", (18.0, 17.0))]),      # literally 18; also used loosely for 17
    ("Patients 18 years or older", [(">", (18.0,))]),
    ("aged eighteen to sixty-five years", [("<", (65.0,)), (">", (18.0,))]),
    ("age over 18", [(">", (19.0, 18.0))]),               # 'over' is used both ways, literal first
    ("Age ≥ 18 years and ≤ 65 years", [("<", (65.0,)), (">", (18.0,))]),
    ("greater than or equal to 2 years of age", [(">", (2.0,))]),
    ("Postnatal age <48 hours", [("<", (47 / 8766, 48 / 8766))]),
    ("Children aged 6 months to 5 years", [("<", (5.0,)), (">", (0.5,))]),
])
def test_bounds_forms(text, expected):
    assert _b(text) == expected


@pytest.mark.parametrize("text", [
    "life expectancy of < 6 months",
    "IST must have stopped at least 4 weeks prior to trial enrolment",
    "gestational age < 32 weeks",
    "Diabetes diagnosed before age 30",
    "BMI 18-30 kg/m2",
    "Hemoglobin A1c between 7 and 10%",
])
def test_not_ages(text):
    assert bounds_in(text) == []


def test_exclusion_bounds_invert_with_inclusive_and_strict_symbols():
    # Seed 000 exclusion criterion 1: '<=21' excluded -> 22 youngest eligible; '>70' excluded -> 70 still eligible.
    ca = criteria_ages([Criterion("exclusion", "1", r"age ≤21 years and \>70 years old")])
    assert ca.low.readings == {22.0} and ca.low.literal == [22.0]
    assert ca.high.literal == [70.0] and ca.high.readings == {70.0, 69.0}   # '>70' is also read as '>=70'
    assert not ca.low.matches(21.0) and ca.low.matches(22.0)


def test_exclusion_either_or_form():
    # Seed 004: 'Age less than 20 or more than 70 years' excluded -> 20-70 eligible, as its inclusion says.
    ca = criteria_ages([Criterion("inclusion", None, "Age between 20-70 years"),
                        Criterion("exclusion", None, "Age less than 20 or more than 70 years")])
    assert ca.low.literal == [20.0, 20.0] and ca.low.consistent and ca.low.matches(20.0)
    assert ca.high.literal == [70.0, 70.0] and ca.high.matches(70.0)


def test_months_in_exclusion_step_by_month():
    ca = criteria_ages([Criterion("exclusion", "1", "Infants younger than 6 months")])
    assert ca.low.readings == {0.5, round(7 / 12, 4)}


def test_paper_age_range():
    # Seed 003 line 53: '18–65 years of age'
    m = find_age_ranges("manifestation of decompensated liver cirrhosis; 18–65 years of age, and positive")
    assert [(x.low, x.high, x.text) for x in m] == [(18.0, 65.0, "18–65 years")]


def test_cohorts_disagreeing_are_not_consistent():
    # NCT00498329 (corpus, legacy XML lines 137, 151): two items with different upper limits.
    ca = criteria_ages([Criterion("inclusion", "1", "Between 18 and 65 years old"),
                        Criterion("inclusion", "2", "men and women aged 18 to 75 years with DOPA-responsive PD")])
    assert not ca.high.consistent and ca.low.consistent


def test_conditional_and_buried_ages_are_ignored():
    assert criteria_ages([Criterion("inclusion", "2", "Age more than 21 if not married")]) is None
    assert criteria_ages([Criterion("inclusion", "1", "BMI > 18 or age corresponding BMI in patients younger than 18y.")]) is None
    assert criteria_ages([Criterion("inclusion", "1", "< 18 months of age:")]) is None


def test_units_compare_across_units_within_ten_percent():
    # NCT00495963: stated '4 Weeks', exclusion 'Age less than 1 month.'
    ca = criteria_ages([Criterion("exclusion", None, "Age less than 1 month.")])
    assert ca.low.matches(4 / 52.1775, "week") and not ca.low.matches(1 / 52.1775, "week")


def test_gestational_ages_are_not_compared():
    assert criteria_ages([Criterion("inclusion", "1", "gestational age 24-32 weeks"),
                          Criterion("inclusion", "2", "postnatal age less than 30 days")]) is None
