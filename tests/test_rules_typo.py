"""TYPO rules on the seeds, on real corpus records with edited twins, and on hand-built records.
Lines and words were read off the files by eye."""
from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from auditor.config import Config
from auditor.context import Context
from auditor.findings import merge_duplicates
from auditor.model import Arm, Field, Loc, Trial
from auditor.pipeline import read_inputs
from checks import typo
from conftest import CORPUS, seed

LEGACY = CORPUS / "ctgov-legacy-xml_reesewang25"
ALL = (typo.misspelt_text, typo.misspelt_label, typo.doubled_word, typo.wrong_word)


def _run(trial: Trial, words: tuple[str, ...] = ()) -> list:
    ctx = Context(Config(words=list(words)), dt.date(2026, 11, 23))
    return [f for rule in ALL for f in rule(trial, ctx)]


def _file(path: Path, words: tuple[str, ...] = ()) -> list:
    return merge_duplicates([f for t in read_inputs([path], Config()).trials for f in _run(t, words)])


def _summary(findings) -> list[tuple]:
    return sorted((f.rule, f.severity, f.values["found"], f.values["suggestion"],
                   tuple(sorted(e.line for e in f.evidence))) for f in findings)


def _edited(src: Path, tmp_path: Path, old: str, new: str) -> Path:
    dst = tmp_path / src.name
    shutil.copy(src, dst)
    text = dst.read_text(encoding="utf-8")
    assert old in text
    dst.write_text(text.replace(old, new), encoding="utf-8")
    return dst


# ---- seeds -----------------------------------------------------------------------------------------

def test_seed_001_pacebo_in_labels_and_safty_in_summary():
    assert _summary(_file(seed("001"))) == [
        ("TYPO001", "info", "safty", "safety", (148, 150)),
        ("TYPO002", "warning", "pacebo", "placebo", (20, 74, 183, 197)),
    ]


def test_seed_002_alcocal_in_exclusion_criteria():
    [f] = _file(seed("002"))
    assert (f.rule, f.values, f.evidence[0].line, f.evidence[0].highlight) == (
        "TYPO001", {"found": "alcocal", "suggestion": "alcohol"}, 63, "alcocal")
    assert f.evidence[0].text.startswith("2. Liver cirrhosis caused by other reasons")
    assert f.fields == ["eligibilityModule.eligibilityCriteria"]


def test_seed_004_misspellings_doubled_word_and_wrong_word():
    assert _summary(_file(seed("004"))) == [
        ("TYPO001", "info", "Hematopoetic", "Hematopoietic", (106,)),
        ("TYPO001", "info", "fluroscopic", "fluoroscopic", (106,)),
        ("TYPO003", "info", "stem stem", "stem", (42,)),
        ("TYPO004", "info", "has ben", "has been", (42,)),
    ]


def test_seed_000_has_no_typo():
    # 'aetiology', 'enrolment' (British), 'GVHD', 'Child's B': all fine
    assert _file(seed("000")) == []


def test_project_words_silence_a_finding():
    assert [f.values["found"] for f in _file(seed("002"), ("alcocal",))] == []


# ---- real corpus records ---------------------------------------------------------------------------

def test_corpus_keyword_misspelling_and_fixed_twin(tmp_path):
    # NCT00490256: keyword 'necrotizing entercolitis'
    src = LEGACY / "NCT00490256.xml"
    [f] = [f for f in _file(src) if f.values["found"] == "entercolitis"]
    assert (f.rule, f.severity, f.values["suggestion"], f.evidence[0].label) == (
        "TYPO002", "warning", "enterocolitis", "keyword")
    fixed = _edited(src, tmp_path, "necrotizing entercolitis", "necrotizing enterocolitis")
    assert [f for f in _file(fixed) if f.values["found"] == "entercolitis"] == []


def test_corpus_doubled_word_and_fixed_twin(tmp_path):
    # NCT00493363 detailed description: 'DNA will be isolated from from blood samples'
    src = LEGACY / "NCT00493363.xml"
    [f] = [f for f in _file(src) if f.rule == "TYPO003"]
    assert f.values == {"found": "from from", "suggestion": "from"}
    assert "isolated from from blood" in f.evidence[0].text
    assert src.read_text(encoding="utf-8").splitlines()[f.evidence[0].line - 1].strip().startswith("be isolated")
    fixed = _edited(src, tmp_path, "isolated from from blood", "isolated from blood")
    assert [f for f in _file(fixed) if f.rule == "TYPO003"] == []


def test_corpus_wrong_word_and_fixed_twin(tmp_path):
    # NCT00498667 exclusion criteria: 'bilirubin less then 2', 'creatinine more then 2'
    src = LEGACY / "NCT00498667.xml"
    found = sorted(f.values["found"] for f in _file(src) if f.rule == "TYPO004")
    assert found == ["less then", "more then"]
    fixed = _edited(src, tmp_path, "less then 2", "less than 2")
    assert sorted(f.values["found"] for f in _file(fixed) if f.rule == "TYPO004") == ["more then"]


def test_corpus_title_misspellings(tmp_path):
    # NCT00463463 official title: 'Phase III Stidy of Zevalin ... Hematopoietic Steem Cell Transpl.'
    src = LEGACY / "NCT00463463.xml"
    found = {f.values["found"]: (f.rule, f.values["suggestion"]) for f in _file(src)}
    assert found["Stidy"] == ("TYPO002", "Study")
    fixed = _edited(src, tmp_path, "Phase III Stidy of", "Phase III Study of")
    assert "Stidy" not in {f.values["found"] for f in _file(fixed)}


def test_corpus_record_with_domain_vocabulary_is_clean():
    # NCT00000125 (glaucoma, ocular hypertension): long free text, no slip
    assert _file(LEGACY / "NCT00000125.xml") == []


# ---- where a slip stands ---------------------------------------------------------------------------

def test_lines_in_multi_line_text_and_in_json():
    raw = "First line is fine.\nThe safty of the drug."
    text_trial = Trial(id="NCT00000001", source="t.xml", format="ctgov-legacy-xml",
                       brief_summary=Field(raw, raw, Loc("t.xml", 10)))
    [f] = _run(text_trial)
    assert (f.evidence[0].line, f.evidence[0].col, f.evidence[0].text) == (11, 5, "The safty of the drug.")
    # JSON strings stand on one source line: their line breaks are escapes
    json_trial = Trial(id="NCT00000001", source="t.json", format="ctgov-v2-json",
                       brief_summary=Field(raw, raw, Loc("t.json", 40, 7)))
    [f] = _run(json_trial)
    assert f.evidence[0].line == 40


def test_label_and_free_text_severity():
    t = Trial(id="NCT00000002", source="t.txt", format="registry-text",
              arms=[Arm(label=Field("Pacebo arm", "Pacebo arm", Loc("t.txt", 3)),
                        description=Field("Receives pacebo", "Receives pacebo", Loc("t.txt", 4)))])
    found = sorted((f.rule, f.severity, f.values["found"]) for f in _run(t))
    assert found == [("TYPO001", "info", "pacebo"), ("TYPO002", "warning", "Pacebo")]


def test_a_brand_the_record_writes_as_a_name_is_not_a_slip():
    """NCT04779658 (classic JSON) names the Essure device 13 times: in titles, in sentences ('attributed to
    Essure'), and in capitals inside lower-case text ('symptoms related to ESSURE device'). It is one edit
    from 'Ensure' but the record treats it as a name, so it is no misspelling."""
    import datetime as dt

    from auditor.config import Config
    from auditor.context import Context
    from auditor.readers import read_file
    from checks.typo import misspelt_label, misspelt_text
    from conftest import CORPUS
    f = CORPUS / "ctgov-classic-api-v1-json" / "NCT04779658.json"
    [t] = list(read_file(f, str(f), 10**9))
    assert "ESSURE device" in t.criteria_text.raw
    ctx = Context(Config(), dt.date(2026, 11, 23))
    found = [x.values["found"] for x in list(misspelt_label(t, ctx)) + list(misspelt_text(t, ctx))]
    assert "Essure" not in found and "ESSURE" not in found


def test_a_slip_the_record_also_writes_in_lower_case_stays_a_slip():
    """The name test needs the record to write the word as a name everywhere: a title's 'Diabates' with
    'diabates' in the summary (and even 'DIABATES' beside it) is still reported."""
    import datetime as dt

    from auditor.config import Config
    from auditor.context import Context
    from auditor.model import Field, Loc, Trial
    from checks.typo import misspelt_label
    t = Trial(id="NCT00000001", source="x.json", format="ctgov-v2-json")
    t.brief_title = Field("Metformin in Type 2 Diabates", "Metformin in Type 2 Diabates", Loc("x.json", 1))
    text = "Patients with type 2 diabates and DIABATES"
    t.brief_summary = Field(text, text, Loc("x.json", 2))
    found = [x.values["found"] for x in misspelt_label(t, Context(Config(), dt.date(2026, 11, 23)))]
    assert found == ["Diabates"]
