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
    ("older than 17 years", [(">", (18.0,))]),           # strict: 17 is not older than 17
    ("Patients 18 years or older", [(">", (18.0,))]),
    ("aged eighteen to sixty-five years", [("<", (65.0,)), (">", (18.0,))]),
    ("age over 18", [(">", (18.0, 19.0))]),               # 'over' is used both ways
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
    assert ca.low == (22.0,) and ca.high == (70.0,)


def test_exclusion_either_or_form():
    # Seed 004: 'Age less than 20 or more than 70 years' excluded -> 20-70 eligible, as its inclusion says.
    ca = criteria_ages([Criterion("inclusion", None, "Age between 20-70 years"),
                        Criterion("exclusion", None, "Age less than 20 or more than 70 years")])
    assert ca.low == (20.0,) and ca.high == (70.0,)


def test_months_in_exclusion_step_by_month():
    ca = criteria_ages([Criterion("exclusion", "1", "Infants younger than 6 months")])
    assert ca.low == (0.5,)


def test_paper_age_range():
    # Seed 003 line 53: '18–65 years of age'
    m = find_age_ranges("manifestation of decompensated liver cirrhosis; 18–65 years of age, and positive")
    assert [(x.low, x.high, x.text) for x in m] == [(18.0, 65.0, "18-65 years")]
