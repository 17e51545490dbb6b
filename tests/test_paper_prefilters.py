"""The cheap tests the paper extractors run before their patterns (substring pieces, candidate keys)
must answer as the patterns alone would: they only save time."""
from auditor.extract.paper_counts import _OTHER_UNITS, _PARTIAL, _PLAN_STEM
from auditor.extract.repeats import _ratio_before, candidate_keys, numbers
from auditor.extract.sample_size import find_counts


def test_find_counts_reads_letters_ignorecase_folds():
    # U+017F (long s) matches 's' under IGNORECASE but str.lower() keeps it: the word test must not skip it.
    odd = find_counts("A \u017fample size of 120 patients was calculated.")
    plain = find_counts("A sample size of 120 patients was calculated.")
    assert [(c.kind, c.value) for c in odd] == [(c.kind, c.value) for c in plain] == [("planned", 120)]


def test_stems_answer_as_their_alternation():
    assert _PARTIAL.search("Patients in EACH arm")                    # case folded
    assert _PARTIAL.search("Thirty patients per Arm")
    assert not _PARTIAL.search("Thirty patients per period")          # 'per' alone is not 'per arm'
    assert _OTHER_UNITS.search("recruited from 12 Centres")
    assert not _OTHER_UNITS.search("12 percent were women")            # 'cent' inside a word
    assert _PLAN_STEM.search("we planned to enter 40 patients")
    assert not _PLAN_STEM.search("the center enrolled")


def test_candidate_keys_hold_every_key_numbers_reads():
    s = "Pain fell by - 2.9 (95% CI 1.1 to 3.2) vs 1.1 points, p = 0.03; 45% vs 30%."
    keys = {t.key for t in numbers(s)}
    assert keys == {"p=0.03", "v-2.9", "v1.1", "v3.2", "v30", "v45"}
    assert keys <= candidate_keys(s)
    assert "v95" in candidate_keys(s)                                   # the CI level: matched, not read


def test_ratio_before_needs_a_ratio_word():
    assert _ratio_before("the OR was")
    assert not _ratio_before("for the score")                          # 'or' inside words only
