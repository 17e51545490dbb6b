"""phase rules (PHASE001-PHASE005) on the seeds, real corpus records and edited copies.
Line numbers and texts were read off the files by eye."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from auditor.config import Config
from auditor.context import Context
from auditor.model import Field, Loc, Trial
from auditor.pipeline import read_inputs
from checks.phase import (na_for_drug_study, phase4_early_study, phase_for_non_drug_study, stated_partly_registered,
                          stated_phases, stated_vs_registered)
from conftest import CORPUS, seed, edited_copy as _edited

LEGACY = CORPUS / "ctgov-legacy-xml_reesewang25"
CTX = Context(Config(), dt.date(2026, 11, 23))
RULES = (stated_vs_registered, stated_partly_registered, phase4_early_study, na_for_drug_study,
         phase_for_non_drug_study)


def _findings(path: Path):
    out = []
    for t in read_inputs([path], Config()).trials:
        for r in RULES:
            out += list(r(t, CTX))
    return out




def test_seed_000_design_sentence_agrees_with_the_phase():
    # line 23: PHASE1/PHASE2; line 59: 'This will be a Phase I/II study ...'; the references' 'a phase I-II
    # clinical trial' (line 466) and 'a phase II study' (line 446) are other trials.
    t, = read_inputs([seed("000")], Config()).trials
    st, = stated_phases(t)
    assert (st.phases, st.words, st.place.label) == (["PHASE1", "PHASE2"], "Phase I/II", "detailed description")
    assert _findings(seed("000")) == []


def test_seed_001_official_title_agrees_within_the_full_rendering():
    # full rendering: official title 'Phase Ⅰ/Ⅱ Study ...' (line 116) and 'Phase 1, Phase 2' (line 164);
    # the summary rendering (line 13: Phase 1) has no official title: that mismatch is cross-source.
    assert _findings(seed("001")) == []


def test_phase001_seed_001_edited_phase(tmp_path):
    f, = _findings(_edited(tmp_path, seed("001"), "Study Phase\nPhase 1, Phase 2", "Study Phase\nPhase 3"))
    assert (f.rule, f.severity, f.record) == ("PHASE001", "warning", "NCT01218464")
    assert f.message == 'The official title says "Phase Ⅰ/Ⅱ" (Phase 1/Phase 2) but the registered phase is Phase 3.'
    assert [(e.line, e.highlight) for e in f.evidence] == [(164, "Phase 3"), (116, "Phase Ⅰ/Ⅱ")]


def test_phase001_real_record_title_phase_ii_registered_phase_3(tmp_path, corpus):
    src = LEGACY / "NCT00004128.xml"
    # line 16: '... A Randomized Phase II Trial of the EORTC ...'; line 38: 'This randomized phase III trial';
    # line 114: Phase 3. The title is the odd one out.
    f, = _findings(src)
    assert f.message == 'The official title says "Phase II" (Phase 2) but the registered phase is Phase 3.'
    assert f.values == {"registered": "Phase 3", "stated": "Phase 2"}
    assert [e.line for e in f.evidence] == [114, 16]
    assert _findings(_edited(tmp_path, src, "A Randomized Phase II Trial", "A Randomized Phase III Trial")) == []
    # registered as Phase 2 instead, the summary's own design sentence disagrees
    g, = _findings(_edited(tmp_path, src, "<phase>Phase 3</phase>", "<phase>Phase 2</phase>"))
    assert g.message == 'The brief summary says "phase III" (Phase 3) but the registered phase is Phase 2.'
    assert [e.line for e in g.evidence] == [114, 38]


def test_phase002_title_phase_i_ii_registered_phase_1(corpus):
    f, = _findings(LEGACY / "NCT00000881.xml")      # line 15: 'A Phase I/II Study of Cidofovir ...'; line 91
    assert (f.rule, f.severity) == ("PHASE002", "info")
    assert f.message == 'The official title says "Phase I/II" (Phase 1/Phase 2) but the registered phase is Phase 1.'


def _trial(phase: list[str], **texts: str) -> Trial:
    return Trial(id="T", source="t", format="test", study_type=Field("INTERVENTIONAL", "Interventional", Loc("t", 1)),
                 phases=Field(phase, "/".join(phase), Loc("t", 2)),
                 **{k: Field(v, v, Loc("t", 3)) for k, v in texts.items()})


def test_other_studies_phases_do_not_count():
    t = _trial(["PHASE3"], brief_summary="Previous phase 2 studies showed a benefit. OHTS Phase 1 ended in 2002.",
               detailed_description="Determine a safe dose of this regimen for phase II evaluation. "
                                    "Patients who completed the parent phase II trial are eligible.")
    assert stated_phases(t) == []


def test_sub_phases_and_combined_parts():
    t = _trial(["PHASE2"], official_title="A Phase 2b Study of Drug X")
    assert [s.phases for s in stated_phases(t)] == [["PHASE2"]]
    t = _trial(["PHASE1", "PHASE2"],
               official_title="A Study Consisting of an Open-label Phase I Part Followed by a Phase II Part")
    assert [s.phases for s in stated_phases(t)] == [["PHASE1", "PHASE2"]]
    assert list(stated_vs_registered(t, CTX)) == [] and list(stated_partly_registered(t, CTX)) == []
    # 'Phase II - 4': the 4 is a study number
    t = _trial(["PHASE2"], brief_title="Piracetam for Treatment of Cocaine Addiction, Phase II - 4")
    assert [s.phases for s in stated_phases(t)] == [["PHASE2"]]


def test_phase003_seed_004_phase_4_on_a_proof_of_concept_cell_therapy(tmp_path):
    f, = _findings(seed("004"))
    assert (f.rule, f.severity, f.record) == ("PHASE003", "warning", "NCT04243681")
    assert f.message == ('The registered phase is Phase 4 (post-marketing) but the record describes an early-development '
                         'study: "proof of concept" wording and a safety study of an investigational cell or gene '
                         "therapy (CD 34 and MSC infusion).")
    assert [(e.line, e.highlight) for e in f.evidence] == [
        (14, "Phase 4"), (42, "proof of concept"), (44, "safety study"), (23, "MSC")]
    assert _findings(_edited(tmp_path, seed("004"), "Completed\nPhase 4", "Completed\nPhase 1")) == []


def test_phase003_first_in_man_of_another_study_does_not_count(corpus):
    # NCT00494247 line 111: 'First in-man study (... HEALING-FIM) demonstrated the safety and feasibility ...'
    assert [f for f in _findings(LEGACY / "NCT00494247.xml") if f.rule == "PHASE003"] == []


def test_phase004_na_on_a_drug_study(tmp_path, corpus):
    src = LEGACY / "NCT00491348.xml"        # line 54: N/A; line 71: Drug (duloxetine)
    f, = _findings(src)
    assert (f.rule, f.severity) == ("PHASE004", "info")
    assert f.message == "The registered phase is N/A but every intervention is a drug or biologic (drug)."
    assert [e.line for e in f.evidence] == [54, 71]
    assert _findings(_edited(tmp_path, src, "<phase>N/A</phase>", "<phase>Phase 4</phase>")) == []


def test_phase005_phase_3_on_a_behavioral_study(tmp_path, corpus):
    src = LEGACY / "NCT00498706.xml"        # line 72: Phase 3; lines 121, 127: Behavioral
    f, = _findings(src)
    assert (f.rule, f.severity) == ("PHASE005", "info")
    assert f.message == ("The registered phase is Phase 3 but every intervention is behavioral, a procedure, a device "
                         "or a diagnostic test (behavioral).")
    assert [e.line for e in f.evidence] == [72, 121, 127]
    assert _findings(_edited(tmp_path, src, "<phase>Phase 3</phase>", "<phase>N/A</phase>")) == []
