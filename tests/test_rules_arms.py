"""ARM rules: hand-built records, seed 001, and real corpus records with edited twins.
Expected values were read off the files by eye."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from auditor.config import Config
from auditor.context import Context
from auditor.model import Arm, Field, Intervention, Loc, Trial
from auditor.pipeline import read_inputs
from checks import arms_interventions as ai
from conftest import CORPUS, seed

LEGACY = CORPUS / "ctgov-legacy-xml_reesewang25"
V2 = CORPUS / "ctgov-api-v2-json"
ALL = (ai.single_group_many_arms, ai.multi_arm_model_one_arm, ai.randomized_one_arm, ai.arm_names_missing_intervention,
       ai.intervention_names_missing_arm, ai.biologic_typed_drug)


def _f(value, line: int) -> Field:
    return Field(value, str(value), Loc("t.txt", line))


def _trial(model: str | None = None, alloc: str | None = None, arms: tuple = (), interventions: tuple = ()) -> Trial:
    return Trial(id="NCT00000001", source="t.txt", format="test",
                 intervention_model=_f(model, 2) if model else None, allocation=_f(alloc, 3) if alloc else None,
                 arms=list(arms), interventions=list(interventions))


def _arm(label: str, line: int, names: tuple = ()) -> Arm:
    return Arm(label=_f(label, line), intervention_names=[_f(n, line + 1) for n in names])


def _iv(name: str, line: int, kind: str = "DRUG", description: str | None = None, arms: tuple = ()) -> Intervention:
    return Intervention(type=Field(kind, kind.title(), Loc("t.txt", line)), name=_f(name, line + 1),
                        description=_f(description, line + 2) if description else None,
                        arm_labels=[_f(a, line + 3) for a in arms])


def _run(trial: Trial) -> list:
    ctx = Context(Config(), dt.date(2026, 11, 23))
    return [f for rule in ALL for f in rule(trial, ctx)]


def _file(path: Path) -> list:
    return [f for t in read_inputs([path], Config()).trials for f in _run(t)]


def _ids(findings) -> list[str]:
    return sorted(f.rule for f in findings)


# ---- arm counts ----------------------------------------------------------------------------------

def test_single_group_with_two_arms():
    t = _trial("SINGLE_GROUP",
               arms=(_arm("Low dose", 10, ("Drug: X 10 mg",)), _arm("High dose", 20, ("Drug: X 20 mg",))),
               interventions=(_iv("X 10 mg", 30), _iv("X 20 mg", 40)))
    [f] = _run(t)
    assert f.rule == "ARM001"
    assert f.message == "The intervention model is Single Group Assignment but 2 arms are listed (Low dose; High dose)."


def test_single_group_cohorts_given_the_same_intervention():
    # Age cohorts that all receive one vaccine may stand in one group (real case: NCT00491257).
    t = _trial("SINGLE_GROUP", arms=(_arm("18 to 60 years", 10), _arm("61 years or older", 20)),
               interventions=(_iv("Flu vaccine", 30, "BIOLOGICAL", arms=("18 to 60 years", "61 years or older")),))
    assert _run(t) == []
    assert _file(LEGACY / "NCT00491257.xml") == []
    # ... unless one of them is a comparator arm.
    t.arms[1].type = Field("NO_INTERVENTION", "No Intervention", Loc("t.txt", 21))
    assert [f.rule for f in _run(t)] == ["ARM001"]


def test_parallel_with_one_arm_and_randomized_one_arm():
    [f] = _run(_trial("PARALLEL", "RANDOMIZED", arms=(_arm("Treatment", 10),)))
    assert f.message == ("The intervention model is Parallel Assignment (allocation Randomized) but only one arm is "
                         "listed (Treatment).")
    [g] = _run(_trial("SINGLE_GROUP", "RANDOMIZED", arms=(_arm("Treatment", 10),)))
    assert (g.rule, g.message) == ("ARM003", "The allocation is Randomized but only one arm is listed (Treatment).")


def test_consistent_designs_have_no_finding():
    assert _run(_trial("SINGLE_GROUP", "NA", arms=(_arm("Treatment", 10),))) == []
    assert _run(_trial("PARALLEL", "RANDOMIZED", arms=(_arm("A", 10), _arm("B", 20)))) == []
    # Labels differing only by a sign are two arms ('S- Group', 'S+ Group').
    assert _run(_trial("PARALLEL", None, arms=(_arm("GSK S- Group", 10), _arm("GSK S+ Group", 20)))) == []


def test_real_single_group_randomized_two_arms_and_edited_twin(tmp_path):
    # NCT00003599.xml line 72-73: Randomized, Single Group Assignment; arms 'Arm I' (85) and 'Arm II' (90).
    [f] = _file(LEGACY / "NCT00003599.xml")
    assert f.message == "The intervention model is Single Group Assignment but 2 arms are listed (Arm I; Arm II)."
    assert [e.line for e in f.evidence] == [73, 85, 90]
    text = (LEGACY / "NCT00003599.xml").read_text(encoding="utf-8")
    edited = tmp_path / "parallel.xml"
    edited.write_text(text.replace("Single Group Assignment", "Parallel Assignment"), encoding="utf-8")
    assert _file(edited) == []


def test_real_parallel_record_with_one_arm(tmp_path):
    # NCT00460213.xml: Randomized Parallel, a single arm 'Valsartan' (line 81).
    [f] = _file(LEGACY / "NCT00460213.xml")
    assert f.message == ("The intervention model is Parallel Assignment (allocation Randomized) but only one arm is "
                         "listed (Valsartan).")


# ---- cross-references -----------------------------------------------------------------------------

def test_arm_names_an_intervention_that_is_not_listed():
    t = _trial(arms=(_arm("Experimental", 10, ("Drug: Aspirine",)),),
               interventions=(_iv("Aspirin", 20), _iv("Placebo", 30)))
    [f] = _run(t)
    assert f.message == ("Arm 'Experimental' names the intervention 'Drug: Aspirine', which the record does not list "
                         "(interventions: Aspirin; Placebo).")
    assert f.evidence[0].line == 11


def test_type_prefix_and_case_do_not_break_a_reference():
    t = _trial(arms=(_arm("Experimental", 10, ("Drug: ASPIRIN", "Biological: Flu vaccine")),),
               interventions=(_iv("Aspirin", 20), _iv("flu vaccine", 30, "BIOLOGICAL", arms=("experimental",))))
    assert _run(t) == []


def test_intervention_names_an_arm_that_is_not_listed():
    t = _trial(arms=(_arm("Active", 10), _arm("Control", 12)),
               interventions=(_iv("Placebo", 20, arms=("Placebo arm",)),))
    [f] = _run(t)
    assert f.message == ("Intervention 'Placebo' names the arm 'Placebo arm', which the record does not list "
                         "(arms: Active; Control).")


def test_real_v2_record_with_renamed_intervention(tmp_path):
    # NCT02210780.json line 110 "interventionNames": ["Drug: Dupilumab"]; interventions Dupilumab, Placebo.
    assert _file(V2 / "NCT02210780.json") == []
    text = (V2 / "NCT02210780.json").read_text(encoding="utf-8")
    assert '"interventionNames": ["Drug: Dupilumab"]' in text
    edited = tmp_path / "NCT02210780.json"
    edited.write_text(text.replace('"interventionNames": ["Drug: Dupilumab"]',
                                   '"interventionNames": ["Drug: Dupilumab 300"]'), encoding="utf-8")
    [f] = _file(edited)
    assert f.rule == "ARM004"
    assert "names the intervention 'Drug: Dupilumab 300'" in f.message and f.evidence[0].line == 110


def test_real_legacy_record_with_renamed_arm(tmp_path):
    # NCT00001703.xml: arm 'Group A-VHL peptide and ISA-51 adjuvant' (111) referenced at 119 and 127.
    text = (LEGACY / "NCT00001703.xml").read_text(encoding="utf-8")
    edited = tmp_path / "renamed.xml"
    edited.write_text(text.replace("<arm_group_label>Group A-VHL peptide and ISA-51 adjuvant</arm_group_label>\n"
                                   "    <arm_group_type>", "<arm_group_label>Group A</arm_group_label>\n"
                                   "    <arm_group_type>", 1), encoding="utf-8")
    found = [f for f in _file(edited) if f.rule == "ARM005"]
    assert len(found) == 2
    assert {f.evidence[0].line for f in found} == {119, 127}
    assert [f for f in _file(LEGACY / "NCT00001703.xml") if f.rule == "ARM005"] == []


# ---- intervention type ------------------------------------------------------------------------------

def test_seed_001_msc_product_typed_drug():
    found = [f for f in _file(seed("001")) if f.rule == "ARM006"]
    [f] = found
    assert f.message == ("Intervention 'Conventional plus MSC treatment' is typed Drug but is a stem cell product "
                         "('MSC'); expected type Genetic or Biological.")
    assert [(e.line, e.text) for e in f.evidence] == [(189, "Drug"), (191, "Conventional plus MSC treatment")]


def test_cell_dose_in_description_and_vaccine_name():
    t = _trial(interventions=(_iv("Investigational product", 10, description="Infusion of 1 x 10^6 cells/kg on day 0"),
                              _iv("Influenza vaccine", 20)))
    assert [f.values["expected"] for f in _run(t)] == ["Biological", "Biological"]


def test_drugs_that_mention_cells_in_passing_are_not_flagged():
    t = _trial(interventions=(
        _iv("Filgrastim for stem cell mobilization", 10),
        _iv("Cyclophosphamide", 20, description="Given before CAR-T cell infusion at 1 x 10^6 cells/kg"),
        _iv("recombinant human stem cell factor", 30),
        _iv("Placebo vaccine diluent", 40),
        _iv("Mesenchymal stem cells", 50, kind="BIOLOGICAL")))
    assert _run(t) == []


def test_real_vaccine_typed_drug_and_edited_twin(tmp_path):
    # NCT00493324.xml line 75 'Drug', line 76 'polyvalent pneumococcal vaccine'.
    [f] = _file(LEGACY / "NCT00493324.xml")
    assert f.message == ("Intervention 'polyvalent pneumococcal vaccine' is typed Drug but is a vaccine ('vaccine'); "
                         "expected type Biological.")
    text = (LEGACY / "NCT00493324.xml").read_text(encoding="utf-8")
    edited = tmp_path / "typed.xml"
    drug = "<intervention_type>Drug</intervention_type>\n    <intervention_name>polyvalent"
    edited.write_text(text.replace(drug, drug.replace("Drug", "Biological")), encoding="utf-8")
    assert _file(edited) == []


def test_real_stem_cell_factor_is_not_a_cell_product():
    # NCT00005993.xml line 91 'recombinant human stem cell factor' (a cytokine), typed Drug.
    assert [f for f in _file(LEGACY / "NCT00005993.xml") if f.rule == "ARM006"] == []
