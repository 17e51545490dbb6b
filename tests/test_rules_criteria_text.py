"""CRIT rules on the seeds, on real corpus records with edited twins, and on criteria texts split the
way the readers split them. Lines and numbers were read off the files by eye."""
from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from auditor.config import Config
from auditor.context import Context
from auditor.extract.criteria import split_criteria, text_locator
from auditor.findings import merge_duplicates
from auditor.model import Field, Loc, Trial
from auditor.pipeline import read_inputs
from checks import criteria_text as ct
from conftest import CORPUS, seed

LEGACY = CORPUS / "ctgov-legacy-xml_reesewang25"
CLASSIC = CORPUS / "ctgov-classic-api-v1-json"
ALL = (ct.list_start, ct.list_gap, ct.list_back, ct.required_and_excluded)


def _run(trial: Trial) -> list:
    ctx = Context(Config(), dt.date(2026, 11, 23))
    return [f for rule in ALL for f in rule(trial, ctx)]


def _file(path: Path) -> list:
    return merge_duplicates([f for t in read_inputs([path], Config()).trials for f in _run(t)])


def _trial(text: str) -> Trial:
    """A record whose criteria text starts on line 1 of t.txt, split as the JSON readers split it."""
    return Trial(id="NCT00000001", source="t.txt", format="test",
                 criteria_text=Field(text, text, Loc("t.txt", 1)),
                 criteria=split_criteria(text, text_locator(text, "t.txt", 1), wrapped=False))


def _rules(findings) -> list[str]:
    return sorted(f.rule for f in findings)


def _edited(src: Path, tmp_path: Path, old: str, new: str) -> Path:
    dst = tmp_path / src.name
    shutil.copy(src, dst)
    text = dst.read_text(encoding="utf-8")
    assert old in text
    dst.write_text(text.replace(old, new, 1), encoding="utf-8")
    return dst


# ---- seeds -----------------------------------------------------------------------------------------

def test_seed_002_both_lists_start_at_2():
    found = sorted((f.rule, f.values["list"], f.evidence[0].line, f.severity) for f in _file(seed("002")))
    assert found == [("CRIT001", "exclusion criteria", 63, "warning"),
                     ("CRIT001", "inclusion criteria", 59, "warning")]
    f = next(f for f in _file(seed("002")) if f.values["list"] == "inclusion criteria")
    assert f.message == "The inclusion criteria are numbered from 2, not 1: criterion 1 may have been lost."
    assert f.evidence[0].text.startswith("2. Decompensated liver cirrhosis")


def test_other_seeds_have_no_criteria_finding():
    for prefix in ("000", "001", "004"):
        assert _file(seed(prefix)) == [], prefix


# ---- numbering on split texts ----------------------------------------------------------------------

def test_start_gap_and_repeat():
    assert _rules(_run(_trial("Inclusion Criteria:\n2. Adults\n3. Consent\nExclusion Criteria:\n"
                               "1. Pregnancy\n2. Cancer\n4. Infection\n4. Surgery"))) == [
        "CRIT001", "CRIT002", "CRIT003"]


def test_nested_and_restarted_lists_are_fine():
    text = ("Inclusion Criteria:\n1. Age 18 or more\n2. One of the following:\n1. Diabetes\n2. Obesity\n"
            "3. Consent\nExclusion Criteria:\n1. Pregnancy\n2. Any serious disease such as:\n1. cancer\n"
            "2. hepatic disease\n3. renal disease\n3. Surgery planned\na. first\nb. second\n4. Allergy")
    assert _run(_trial(text)) == []


def test_missing_number_written_inline_is_not_reported():
    # like NCT00001575: item 1 stands inline after a lead-in, items 2-4 start lines
    text = ("Inclusion Criteria:\nDiagnoses and Stage Disease: 1) Non-Hodgkin's Lymphoma\n"
            "2) Hodgkin's disease\n3) Cutaneous T-cell Lymphoma\n4) Peripheral T-cell Lymphoma")
    assert _run(_trial(text)) == []
    # like NCT04780659: 2a. and 2b. between 1 and 3
    text = "Inclusion Criteria:\n1. Adults\n2a. With immunosuppression\n2b. Without it\n3. Consent"
    assert _run(_trial(text)) == []


def test_marker_styles_are_separate_lists():
    # like NCT00462670: '1)'...'3)' sub-items wrapped to line starts inside a '1.' '2.' list
    text = ("Inclusion Criteria:\n1. One of the following treatments:\n3)Concomitant loop diuretic\n"
            "2. Edema\n3. Age 20 or older")
    assert _run(_trial(text)) == []


# ---- real corpus records ---------------------------------------------------------------------------

def test_corpus_gap_and_fixed_twin(tmp_path):
    # NCT00001276 inclusion criteria: '1.' (line 90), '2.' (line 92), '4.' (line 94)
    src = LEGACY / "NCT00001276.xml"
    [f] = _file(src)
    assert (f.rule, f.message) == ("CRIT002", "The inclusion criteria skip 3: item 4 follows item 2.")
    assert [e.line for e in f.evidence] == [92, 94]
    fixed = _edited(src, tmp_path, "        4. Patients with biochemical", "        3. Patients with biochemical")
    assert _file(fixed) == []


def test_corpus_repeated_number(tmp_path):
    src = _edited(LEGACY / "NCT00001276.xml", tmp_path, "        4. Patients with biochemical",
                  "        2. Patients with biochemical")
    [f] = _file(src)
    assert (f.rule, f.message, [e.line for e in f.evidence]) == (
        "CRIT003", "The inclusion criteria number two items 2.", [92, 94])


def test_corpus_start_at_2(tmp_path):
    # NCT00460096 inclusion criteria '1. Signed informed consent.' ... : drop item 1 and the list starts at 2
    src = LEGACY / "NCT00460096.xml"
    assert _file(src) == []
    cut = _edited(src, tmp_path, "          1. Signed informed consent.", "")
    [f] = _file(cut)
    assert (f.rule, f.values["first"], f.values["missing"]) == ("CRIT001", "2.", "1")


def test_corpus_nested_lists_are_fine():
    # NCT00492063: exclusion 1-3, sublist 1-7, then 4-7, sublist 1-4, then 8-14; NCT00001987: deep nesting
    assert _file(LEGACY / "NCT00492063.xml") == []
    assert _file(LEGACY / "NCT00001987.xml") == []


# ---- the same criterion required and excluded ------------------------------------------------------

def test_corpus_criterion_in_both_lists_and_fixed_twin(tmp_path):
    # NCT00491712: 'Patients who can understand and sign the inform consent form' (lines 120 and 130)
    src = LEGACY / "NCT00491712.xml"
    [f] = [f for f in _file(src) if f.rule == "CRIT004"]
    assert [e.line for e in f.evidence] == [120, 130]
    assert [e.label for e in f.evidence] == ["inclusion criterion", "exclusion criterion"]
    fixed = _edited(src, tmp_path, "          -  Patients who can understand and sign the inform consent form&#xD;\n",
                    "")
    assert [f for f in _file(fixed) if f.rule == "CRIT004"] == []


def test_corpus_pasted_exclusion_list():
    # NCT04779593: the exclusion criteria were pasted into the inclusion list too (nine word for word)
    [f] = [f for f in _file(CLASSIC / "NCT04779593.json") if f.rule == "CRIT004"]
    assert f.values == {"criteria in both lists": "9"}
    assert f.message.startswith("'Patients treated with iron chelators;' and 8 more criteria stand")


def test_lead_ins_and_sections_are_not_judged():
    # NCT00461084: GELF items under 'None of the following should be present:' and under exclusion
    assert [f for f in _file(LEGACY / "NCT00461084.xml") if f.rule == "CRIT004"] == []
    # NCT00001486: a second 'Inclusion Criteria. Healthy Volunteers' section repeats 'Fluency in English'
    assert [f for f in _file(LEGACY / "NCT00001486.xml") if f.rule == "CRIT004"] == []


def test_negated_twin_is_consistent():
    text = ("Inclusion Criteria:\n- No history of heart failure in the past year\n"
            "Exclusion Criteria:\n- History of heart failure in the past year")
    assert _run(_trial(text)) == []
    text = ("Inclusion Criteria:\n- Patients with chronic kidney failure\n"
            "Exclusion Criteria:\n- Chronic kidney failure")
    assert _rules(_run(_trial(text))) == ["CRIT004"]
