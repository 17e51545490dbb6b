"""masking-placebo rules (MASK001-MASK006) on the seeds, on real corpus records and on edited copies
of them. Line numbers and texts were read off the files by eye."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from auditor.config import Config
from auditor.context import Context
from auditor.model import Arm, Field, Loc, Publication, Trial
from auditor.pipeline import read_inputs
from checks.masking_placebo import (comparator_arm_open_label, control_text_open_label, level_vs_roles,
                                    masked_nobody, open_label_paper_with_control, placebo_arm_experimental)
from conftest import CORPUS, seed, edited_copy as _edited

LEGACY = CORPUS / "ctgov-legacy-xml_reesewang25"
CTX = Context(Config(), dt.date(2026, 11, 23))
RECORD_RULES = (comparator_arm_open_label, control_text_open_label, masked_nobody, level_vs_roles,
                placebo_arm_experimental)


def _findings(path: Path, rules=RECORD_RULES):
    run = read_inputs([path], Config())
    out = []
    for t in run.trials:
        for r in rules:
            out += list(r(t, CTX))
    for p in run.publications:
        out += list(open_label_paper_with_control(p, CTX))
    return out




def _rules(findings) -> list[str]:
    return sorted(f.rule for f in findings)


# ---- MASK001 ---------------------------------------------------------------------------------

def test_mask001_placebo_comparator_arm_in_open_label_record(tmp_path, corpus):
    src = LEGACY / "NCT00000125.xml"        # masking None (Open Label); arm 'Treatment' typed Other
    assert _findings(src) == []
    f, = _findings(_edited(tmp_path, src, "<arm_group_type>Other</arm_group_type>",
                           "<arm_group_type>Placebo Comparator</arm_group_type>"))
    assert (f.rule, f.record, f.severity) == ("MASK001", "NCT00000125", "warning")
    assert f.message == ('The design is open label (masking: None (Open Label)) but arm "Treatment" is typed '
                         "Placebo Comparator.")
    assert [(e.label, e.line, e.text) for e in f.evidence][:3] == [
        ("masking", 115, "None (Open Label)"), ("arm type", 133, "Placebo Comparator"), ("arm label", 132, "Treatment")]


def test_mask001_not_when_masked(tmp_path, corpus):
    path = _edited(tmp_path, LEGACY / "NCT00000125.xml", "<arm_group_type>Other</arm_group_type>",
                   "<arm_group_type>Placebo Comparator</arm_group_type>")
    path = _edited(tmp_path, path, "<masking>None (Open Label)</masking>",
                   "<masking>Double (Participant, Investigator)</masking>")
    assert _findings(path) == []


# ---- MASK002 ---------------------------------------------------------------------------------

def test_mask002_placebo_control_in_the_summary_of_an_open_label_record(tmp_path, corpus):
    f, = _findings(_edited(tmp_path, LEGACY / "NCT00000125.xml", "To determine whether medical reduction",
                           "This is a randomized, placebo-controlled study. To determine whether medical reduction"))
    assert (f.rule, f.record, f.severity) == ("MASK002", "NCT00000125", "warning")
    assert f.message == ('The design is open label (masking: None (Open Label)) but the record describes a placebo '
                         'control ("placebo-controlled" in the brief summary).')
    assert [(e.label, e.line, e.highlight) for e in f.evidence] == [
        ("masking", 115, "None (Open Label)"), ("brief summary", 34, "placebo-controlled")]
    assert f.evidence[1].text == "This is a randomized, placebo-controlled study."


def test_mask002_real_record_double_blind_placebo_text_with_open_label_masking(corpus):
    # NCT00005827 line 46: 'OUTLINE: This is a randomized, double blind, placebo controlled study.'
    # line 65: masking 'None (Open Label)'
    f, = _findings(LEGACY / "NCT00005827.xml")
    assert f.rule == "MASK002"
    assert [(e.line, e.highlight) for e in f.evidence] == [
        (65, "None (Open Label)"), (46, "placebo controlled"), (48, "placebo")]


def test_mask002_negated_or_other_study_placebo_is_not_a_control(tmp_path, corpus):
    src = LEGACY / "NCT00000125.xml"
    for sentence in ("No placebo was used in this study.", "Placebo-controlled trials have shown a benefit.",
                     "Cells are suspended in saline before infusion."):
        assert _findings(_edited(tmp_path, src, "To determine whether medical reduction",
                                 f"{sentence} To determine whether medical reduction")) == []


# ---- MASK003 / MASK004 -------------------------------------------------------------------------

def test_mask003_double_masking_with_no_roles(tmp_path, corpus):
    src = LEGACY / "NCT00000192.xml"        # line 43: <masking>Double</masking>; line 91 submitted September 20, 1999
    # Registered long before the 2017 Final Rule made masked roles a required element: not reported.
    assert [f for f in _findings(src) if f.rule == "MASK003"] == []
    recent = _edited(tmp_path, src, "<study_first_submitted>September 20, 1999</study_first_submitted>",
                     "<study_first_submitted>March 2, 2018</study_first_submitted>")
    f, = [f for f in _findings(recent) if f.rule == "MASK003"]
    assert (f.severity, f.message) == ("info", "The masking is Double but no masked role (participant, care provider, "
                                               "investigator, outcomes assessor) is listed.")
    assert [(e.line, e.text) for e in f.evidence] == [(43, "Double")]
    fixed = _edited(tmp_path, recent, "<masking>Double</masking>", "<masking>Double (Participant, Investigator)</masking>")
    assert [f for f in _findings(fixed) if f.rule == "MASK003"] == []


def test_mask004_level_disagrees_with_roles(tmp_path, corpus):
    src = LEGACY / "NCT00004635.xml"        # line 135: Double (Participant, Investigator)
    assert [f for f in _findings(src) if f.rule == "MASK004"] == []
    f, = [f for f in _findings(_edited(tmp_path, src, "<masking>Double (Participant, Investigator)</masking>",
                                       "<masking>Triple (Participant, Investigator)</masking>")) if f.rule == "MASK004"]
    assert f.message == "The masking is Triple but 2 masked roles are listed (Participant, Investigator)."
    assert f.evidence[0].line == 135


def test_mask004_open_label_with_roles_in_memory():
    t = Trial(id="X", source="x.json", format="test",
              masking=Field("NONE", "NONE", Loc("x.json", 5)),
              who_masked=Field(["PARTICIPANT"], "PARTICIPANT", Loc("x.json", 6)))
    f, = level_vs_roles(t, CTX)
    assert f.message == "The masking is None but 1 masked role is listed (Participant)."
    assert [e.line for e in f.evidence] == [5, 6]


# ---- MASK005 ---------------------------------------------------------------------------------

def test_mask005_seed_001_misspelt_placebo_arm_typed_experimental():
    found = [f for f in _findings(seed("001")) if f.rule == "MASK005"]
    # one finding per rendering (summary and full); the pipeline merges them into one
    assert {f.message for f in found} == {'Arm "Conventional plus pacebo treatment" gives a placebo but is typed '
                                         "Experimental (expected Placebo Comparator)."}
    assert all(f.record == "NCT01218464" and f.severity == "warning" for f in found)
    lines = sorted((e.line, e.label) for f in found for e in f.evidence)
    assert lines == [
        (68, "arm type"), (74, "arm label"), (80, "arm description"),          # summary rendering
        (183, "arm label"), (185, "arm type"), (187, "arm description"),       # full rendering
        (199, 'intervention "Conventional plus pacebo treatment" description'),
    ]
    label = next(e for f in found for e in f.evidence if e.line == 183)
    assert (label.text, label.highlight) == ("Conventional plus pacebo treatment", "pacebo")


def test_mask005_real_placebo_arm_typed_experimental_and_fixed_copy(tmp_path, corpus):
    src = LEGACY / "NCT00004635.xml"        # line 156-157: arm 'Placebo' typed 'Experimental'
    f, = [f for f in _findings(src) if f.rule == "MASK005"]
    assert [(e.line, e.text) for e in f.evidence[:2]] == [(156, "Placebo"), (157, "Experimental")]
    fixed = _edited(tmp_path, src, "<arm_group_label>Placebo</arm_group_label>\n    <arm_group_type>Experimental",
                    "<arm_group_label>Placebo</arm_group_label>\n    <arm_group_type>Placebo Comparator")
    assert [f for f in _findings(fixed) if f.rule == "MASK005"] == []


def test_mask005_add_on_and_former_placebo_arms_are_not_placebo_arms():
    def arm(label: str, desc: str | None = None) -> Arm:
        return Arm(label=Field(label, label, Loc("x", 1)), type=Field("EXPERIMENTAL", "Experimental", Loc("x", 2)),
                   description=Field(desc, desc, Loc("x", 3)) if desc else None)
    t = Trial(id="X", source="x", format="test", arms=[
        arm("Drug A + placebo"), arm("Placebo then Drug A"), arm("Former placebo"),
        arm("Placebo", "Participants who received placebo in the parent study receive drug A."),
        arm("Placebo", "No placebo is given; patients receive drug A.")])
    assert list(placebo_arm_experimental(t, CTX)) == []


# ---- MASK006 ---------------------------------------------------------------------------------

def test_mask006_seed_003_open_label_paper_gives_controls_saline():
    f, = [f for f in _findings(seed("003")) if f.rule == "MASK006"]
    assert (f.severity, f.record) == ("warning", "10.1007/s12072-021-10199-2")
    assert f.message == ("The paper calls its trial open-label (lines 20, 52, 57) but describes saline given to a "
                         "comparison group (line 81).")
    assert [(e.line, e.label, e.highlight) for e in f.evidence] == [
        (20, "open-label design", "open-labeled"), (52, "open-label design", "open-labeled"),
        (57, "open-label design", "open-label"), (81, "saline given to a group", "saline")]
    assert f.evidence[2].text == "This was an open-label study."
    assert f.evidence[3].text.endswith("the patients in the control group were administered the same volume of saline.")
    assert "NCT01220492" in f.related


def test_mask006_not_when_the_paper_is_blinded(tmp_path):
    text = seed("003").read_text(encoding="utf-8")
    text = text.replace("open-labeled", "double-blind").replace("open-label", "double-blind")
    path = tmp_path / seed("003").name
    path.write_text(text, encoding="utf-8")
    assert [f for f in _findings(path) if f.rule == "MASK006"] == []


def test_mask006_saline_carrier_and_other_studies_are_not_controls():
    lines = ["Methods", "This was an open-label study.",
             "The cells were suspended in saline and infused intravenously.",
             "Previous trials gave the control group placebo [12].",
             "A control group receiving a sham endoscopy would reduce this bias."]
    pub = Publication(id="P", source="p.txt", lines=lines)
    assert list(open_label_paper_with_control(pub, CTX)) == []
    pub.lines.append("Patients in the control group received placebo tablets.")
    f, = open_label_paper_with_control(pub, CTX)
    assert [(e.line, e.highlight) for e in f.evidence] == [(2, "open-label"), (6, "placebo")]


def test_seed_000_has_no_masking_finding():
    assert _findings(seed("000")) == []
