"""The three structured registry readers (API v2 JSON, classic API v1 JSON, legacy XML) and the
criteria splitter they share.

Expected values were read by eye in the corpus files (line numbers with `grep -n`); the checks on
whole folders assert that every record reads and that its positions point where the text is."""
from __future__ import annotations

import html
import io
import json
import zipfile
from collections import Counter
from pathlib import Path

import pytest

from auditor.extract.criteria import split_criteria, text_locator
from auditor.model import InputProblem, Loc, Trial
from auditor.readers import classic_json, ctgov_v2, legacy_xml
from auditor.readers.detect import read_bytes, read_file
from auditor.readers.jsonpos import JsonText, loads
from conftest import CORPUS

XML_DIR = CORPUS / "ctgov-legacy-xml_reesewang25"
FIX_DIR = CORPUS / "ctgov-legacy-xml_fixtures"
V1_DIR = CORPUS / "ctgov-classic-api-v1-json"
V2_DIR = CORPUS / "ctgov-api-v2-json"
PAIRS_DIR = CORPUS / "pairs-registry-paper" / "registry"


def read_one(mod, path: Path) -> Trial:
    items = list(mod.read(path.read_bytes(), str(path)))
    assert len(items) == 1 and isinstance(items[0], Trial), items
    return items[0]


def file_line(path: Path, line: int) -> str:
    return path.read_text(encoding="utf-8").split("\n")[line - 1]


def kinds(t: Trial) -> Counter:
    return Counter(c.kind for c in t.criteria)


# -- legacy XML ------------------------------------------------------------------------------------

def test_legacy_record_with_results(corpus):
    p = XML_DIR / "NCT00000378.xml"
    t = read_one(legacy_xml, p)
    assert t.id == "NCT00000378" and t.format == "ctgov-legacy-xml"
    assert t.nct_id.loc.line == 12
    assert (t.overall_status.value, t.overall_status.raw, t.overall_status.loc.line) == ("COMPLETED", "Completed", 80)
    assert t.phases.value == ["PHASE4"] and t.phases.loc.line == 84
    assert (t.enrollment.value, t.enrollment_type.value, t.enrollment.loc.line) == (110, "ACTUAL", 99)
    assert t.min_age.raw == "60 Years" and t.min_age.value.years == 60 and t.min_age.loc.line == 147
    assert t.max_age.value.years == 95 and t.max_age.loc.line == 148
    assert t.masking.value == "TRIPLE" and t.masking.loc.line == 91
    assert t.who_masked.value == ["PARTICIPANT", "INVESTIGATOR", "OUTCOMES_ASSESSOR"]
    assert t.start_date.value.iso == "1997-07" and t.start_date.value.type is None
    assert t.first_posted.value.iso == "1999-11-03" and t.first_posted.value.type == "ESTIMATED"
    # Criteria: an empty '-' bullet, a sub-heading, one inclusion item and two exclusion items.
    assert kinds(t) == {"inclusion": 1, "exclusion": 2}
    inc = t.criteria[0]
    assert inc.text == ("Unipolar major depression (per Diagnostic and Statistical Manuel-IV criteria) with or "
                        "without melancholia.")
    assert inc.loc.line == 134 and inc.heading == "Patients must have" and inc.number is None
    assert [c.loc.line for c in t.criteria[1:]] == [141, 143]
    assert [a.label.value for a in t.arms] == ["sertaline", "nortriptyline"]
    assert t.arms[0].type.value == "ACTIVE_COMPARATOR" and t.arms[0].label.loc.line == 103
    assert [i.name.value for i in t.interventions] == ["Sertraline", "Nortriptyline"]
    assert t.interventions[1].other_names[0].value == "nortiptyline"
    assert t.interventions[0].type.value == "DRUG"
    assert t.has_results
    started = [(f.group, f.count.value, f.count.loc.line) for f in t.flow if f.milestone == "STARTED"]
    assert started == [("Sertaline", 58, 235), ("Nortriptyline", 52, 236)]
    assert [(b.group, b.count.value) for b in t.baseline] == [("Sertaline", 58), ("Nortriptyline", 52), ("Total", 110)]
    (a,) = t.analyses
    assert a.p_value.raw == "<0.05" and a.method.value == "Regression, Logistic"
    assert a.groups == ["Sertaline", "Nortriptyline"] and a.estimate is None
    assert a.non_inferiority.value == "Superiority or Other"


def test_legacy_analysis_with_confidence_interval(corpus):
    p = XML_DIR / "NCT00494975.xml"
    t = read_one(legacy_xml, p)
    assert t.phases.value == ["NA"] and t.phases.raw == "N/A"
    assert t.masking.value == "SINGLE" and t.who_masked.value == ["PARTICIPANT"]
    assert (t.enrollment.value, t.enrollment_type.raw) == (21, "Actual")
    assert (t.min_age.raw, t.max_age.raw) == ("18 Years", "90 Years")
    # The inclusion item wraps over lines 96-97; the exclusion item is on line 101.
    assert kinds(t) == {"inclusion": 1, "exclusion": 1}
    assert t.criteria[0].text == ("Chronic kidney disease with moderate to severe uremic pruritus for longer than 2 "
                                  "months")
    assert (t.criteria[0].loc.line, t.criteria[0].loc.col) == (96, 11)
    assert t.criteria[1].loc.line == 101
    assert [f.count.value for f in t.flow if f.milestone == "STARTED"] == [10, 11]
    assert t.baseline[-1].group == "Total" and t.baseline[-1].count.value == 21
    assert t.baseline[-1].count.loc.line == 214
    a = t.analyses[0]
    assert a.outcome == "Visual Analogue Scale (VAS) Score for Pruritus"
    assert (a.param_type.value, a.estimate.raw, a.estimate.loc.line) == ("Mean Difference (Final Values)", "0.94", 380)
    assert (a.ci_pct.raw, a.ci_lower.raw, a.ci_upper.raw, a.ci_sides.raw) == ("95", "0.31", "1.56", "2-Sided")
    assert a.p_value.raw == "<0.05" and a.p_value.loc.line == 377
    assert a.groups == ["Ultraviolet A Phototherapy", "Narrow Band Ultraviolet B Phototherapy"]


def test_legacy_nested_numbered_criteria(corpus):
    t = read_one(legacy_xml, XML_DIR / "NCT00000392.xml")
    inc = [c for c in t.criteria if c.kind == "inclusion"]
    # Lines 85-133: a bullet with six numbered sub-items, a bullet with two, then ten bullets.
    assert len(inc) == 20
    assert (inc[0].number, inc[0].text, inc[0].loc.line) == (None, "Patients must have:", 87)
    assert (inc[1].number, inc[1].text, inc[1].loc.line, inc[1].loc.col) == (
        "1", "Cognitive dysfunction on neuropsychological testing.", 89, 16)
    assert inc[4].number == "4" and inc[4].loc.line == 95
    assert inc[4].text == ("EITHER no use of an antiretroviral within the past 4 weeks OR use of approved regimens "
                           "of AZT, ddI, or ddC.")
    assert inc[12].text == "Bilirubin <= 3" and inc[12].loc.line == 117       # '&lt;' in the file
    exc = [c for c in t.criteria if c.kind == "exclusion"]
    assert [(c.number, c.loc.line) for c in exc[:3]] == [(None, 137), ("1", 139), ("2", 141)]


def test_legacy_fixture_matches_its_v2_rendering(corpus):
    x = read_one(legacy_xml, FIX_DIR / "NCT02513394.xml")
    j = read_one(ctgov_v2, V2_DIR / "NCT02513394.json")
    assert x.id == j.id == "NCT02513394"
    assert x.overall_status.value == j.overall_status.value == "ACTIVE_NOT_RECRUITING"
    assert x.overall_status.loc.line == 62 and j.overall_status.loc.line == 34
    assert x.phases.value == j.phases.value == ["PHASE3"]
    assert x.enrollment.value == j.enrollment.value == 5796
    assert x.masking.value == j.masking.value == "NONE"
    assert x.min_age.value == j.min_age.value and x.min_age.loc.line == 208
    assert x.max_age.raw == "N/A" and x.max_age.value is None and j.max_age is None
    assert [a.label.value for a in x.arms] == [a.label.value for a in j.arms] == ["Arm A", "Arm B"]
    # Wrapped XML text and one-item-per-line v2 text split into the same items.
    assert kinds(x) == kinds(j) == {"inclusion": 21, "exclusion": 13}
    assert [c.text for c in x.criteria[:3]] == [c.text for c in j.criteria[:3]]
    assert x.criteria[2].text == ("Pre- and postmenopausal women or men with Stage II (Stage IIA limited to max. 1000 "
                                  "patients) or Stage III early invasive breast cancer")


def test_legacy_pairs_record(corpus):
    t = read_one(legacy_xml, PAIRS_DIR / "NCT00413725.xml")
    assert (t.nct_id.loc.line, t.overall_status.loc.line, t.phases.loc.line) == (13, 85, 89)
    assert (t.enrollment.value, t.enrollment.loc.line) == (801, 123)
    assert t.masking.value == "NONE" and t.who_masked is None
    # A paragraph before the headings (line 150), then eight inclusion bullets from line 156.
    assert t.criteria[0].kind == "other" and t.criteria[0].loc.line == 150
    inc = [c for c in t.criteria if c.kind == "inclusion"]
    assert len(inc) == 8 and inc[0].text == "HIV-1 and -2 negative" and inc[0].loc.line == 156
    assert [c for c in t.criteria if c.kind == "exclusion"][0].loc.line == 177


def test_legacy_several_studies_in_one_file(tmp_path):
    a = (XML_DIR / "NCT00000378.xml").read_text(encoding="utf-8")
    b = (XML_DIR / "NCT00494975.xml").read_text(encoding="utf-8")
    text = '<?xml version="1.0"?>\n<search_results>\n' + a + b + "</search_results>\n"
    p = tmp_path / "two.xml"
    p.write_text(text, encoding="utf-8")
    items = list(read_file(p, str(p), 10**8))
    assert [t.id for t in items] == ["NCT00000378", "NCT00494975"]
    lines = text.split("\n")
    for t in items:
        assert t.nct_id.value in lines[t.nct_id.loc.line - 1]
    # The second study's positions count the lines of the first one.
    assert items[1].nct_id.loc.line == 2 + a.count("\n") + 11


def test_legacy_xml_without_id_gets_the_file_name(tmp_path):
    items = list(legacy_xml.read(b"<clinical_study><brief_title>T</brief_title></clinical_study>", "dir/rec-7.xml"))
    assert items[0].id == "rec-7" and items[0].nct_id is None and items[0].brief_title.value == "T"


def test_malformed_xml_is_an_input_problem():
    data = b"<clinical_study>\n  <id_info><nct_id>NCT00000001</nct_id></id_info>\n  <phase>Phase 2</phse>\n"
    (p,) = list(read_bytes(data, "bad.xml"))
    assert isinstance(p, InputProblem) and p.reason.startswith("not well-formed XML:") and p.line == 3


def test_xml_external_entity_is_not_expanded(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT", encoding="utf-8")
    data = (f'<?xml version="1.0"?>\n<!DOCTYPE clinical_study [<!ENTITY xxe SYSTEM "{secret.as_uri()}">]>\n'
            "<clinical_study><id_info><nct_id>NCT00000001</nct_id></id_info>\n"
            "<brief_title>Title &xxe;</brief_title>\n"
            "<eligibility><criteria><textblock>\nInclusion Criteria:\n  -  &xxe;\n</textblock></criteria>"
            "</eligibility></clinical_study>\n").encode()
    p = tmp_path / "xxe.xml"
    p.write_bytes(data)
    items = list(read_file(p, str(p), 10**6))
    assert len(items) == 1 and isinstance(items[0], Trial)
    t = items[0]
    dump = repr(t)
    assert "TOP-SECRET-CONTENT" not in dump
    assert t.brief_title.value.startswith("Title")


def test_xml_entity_expansion_bomb_is_refused():
    ents = ['<!ENTITY a0 "lollollollollol">'] + [
        f'<!ENTITY a{i} "{("&a" + str(i - 1) + ";") * 10}">' for i in range(1, 10)]
    data = ('<?xml version="1.0"?>\n<!DOCTYPE clinical_study [' + "".join(ents) + "]>\n"
            "<clinical_study><brief_title>&a9;</brief_title></clinical_study>\n").encode()
    items = list(read_bytes(data, "bomb.xml"))
    assert len(items) == 1
    it = items[0]
    # Either refused outright or read with the reference left unexpanded: never a giant title.
    assert isinstance(it, InputProblem) or len(it.brief_title.value) < 100


def test_legacy_sniff():
    assert legacy_xml.sniff('<?xml version="1.0" encoding="UTF-8"?>\n<!-- note -->\n<clinical_study>')
    assert legacy_xml.sniff("<search_results count='2'>\n  <clinical_study rank='1'>")
    assert not legacy_xml.sniff("<html><body>clinical study</body></html>")
    assert not legacy_xml.sniff('{"protocolSection": {}}')


# -- API v2 JSON -----------------------------------------------------------------------------------

def test_v2_full_record(corpus):
    p = V2_DIR / "NCT03281889.json"
    t = read_one(ctgov_v2, p)
    assert t.id == "NCT03281889" and t.format == "ctgov-v2-json"
    assert (t.nct_id.loc.line, t.nct_id.loc.col) == (4, 16)
    assert t.overall_status.value == "RECRUITING" and t.overall_status.loc.line == 24
    assert t.phases.value == ["NA"] and t.phases.loc.line == 91        # the "NA" under "phases"
    assert (t.enrollment.value, t.enrollment_type.value, t.enrollment.loc.line) == (20, "ESTIMATED", 102)
    assert (t.min_age.raw, t.min_age.value.years, t.min_age.loc.line) == ("3 Years", 3.0, 193)
    assert (t.max_age.raw, t.max_age.loc.line) == ("18 Years", 194)
    assert t.healthy_volunteers.value is False and t.sex.value == "ALL"
    assert t.start_date.value.iso == "2018-01-04" and t.start_date.value.type == "ACTUAL"
    assert t.primary_completion_date.value.type == "ESTIMATED"
    assert t.status_verified.value.iso == "2021-01" and t.status_verified.value.precision == "month"
    assert [f.value for f in t.secondary_ids] == ["U19CA021239-37"] and t.related_ids == []
    assert kinds(t) == {"inclusion": 5, "exclusion": 5}
    first = t.criteria[0]
    assert first.text == "Age ≥ 3 years and ≤ 18 years at the time of registration" and first.number is None
    line = file_line(p, 190)
    assert first.loc.line == 190 and first.loc.col == line.index("* Age ≥ 3 years") + 1
    last = t.criteria[-1]
    assert last.loc.col == line.index("* Patients that receive concurrent") + 1
    assert [a.label.value for a in t.arms] == ["Proton Radiotherapy"] and t.arms[0].label.loc.line == 109
    assert t.arms[0].intervention_names[0].value == "Radiation: Proton Beam"
    assert [(i.type.value, i.name.value) for i in t.interventions] == [("RADIATION", "Proton Beam")]
    assert [s.city.value for s in t.sites] == ["Boston", "Houston"] and t.sites[0].status.value == "RECRUITING"
    assert [c.value for c in t.countries] == ["United States"]
    assert len([o for o in t.outcomes if o.kind == "secondary"]) == 10
    assert not t.has_results


def test_v2_results(corpus):
    t = read_one(ctgov_v2, V2_DIR / "NCT02210780.json")
    assert t.phases.value == ["PHASE2"] and t.phases.loc.line == 83
    assert t.masking.value == "TRIPLE" and t.who_masked.value == ["PARTICIPANT", "INVESTIGATOR", "OUTCOMES_ASSESSOR"]
    assert t.enrollment.value == 194 and t.has_results
    started = [(f.group, f.count.value, f.count.loc.line) for f in t.flow if f.milestone == "STARTED"]
    assert started == [("Placebo qw", 97, 613), ("Dupilumab 300 mg qw", 97, 617)]
    assert [(b.group, b.count.value) for b in t.baseline][-1] == ("Total", 194)
    a = t.analyses[0]
    assert (a.param_type.value, a.estimate.raw, a.estimate.loc.line) == ("Percentage Difference", "34.0", 1709)
    assert (a.ci_pct.raw, a.ci_lower.raw, a.ci_upper.raw) == ("90", "24.29", "43.75")
    assert (a.p_value.raw, a.p_value.loc.line) == ("<0.0001", 1706)
    assert (a.ci_sides.value, a.non_inferiority.value) == ("TWO_SIDED", "SUPERIORITY")
    assert a.groups == ["Placebo qw", "Dupilumab 300 mg qw"]


def test_v2_field_subset(corpus):
    t = read_one(ctgov_v2, V2_DIR / "NCT05025241.json")
    assert t.overall_status.value == "COMPLETED" and t.phases.value == ["PHASE2"]
    assert t.enrollment.value == 18 and t.enrollment_type is None
    assert t.start_date.value.type is None and t.primary_completion_date is None
    assert (t.min_age.raw, t.max_age.raw) == ("3 Years", "12 Years")
    assert [i.name.value for i in t.interventions] == ["NNZ-2591"] and t.interventions[0].type is None
    assert t.criteria_text is None and t.criteria == [] and t.arms == [] and t.sex is None


def _v2_studies() -> list[dict]:
    return [json.loads((V2_DIR / n).read_text(encoding="utf-8")) for n in ("NCT03281889.json", "NCT05025241.json")]


def _check_nct_lines(items: list, text: str) -> None:
    lines = text.split("\n")
    for t in items:
        assert isinstance(t, Trial)
        assert t.nct_id.value in lines[t.nct_id.loc.line - 1]
        col = t.nct_id.loc.col
        assert lines[t.nct_id.loc.line - 1][col - 1:col + 12] == f'"{t.nct_id.value}"'


def test_v2_array_page_and_json_lines(tmp_path, corpus):
    studies = _v2_studies()
    array = json.dumps(studies, indent=2)
    page = json.dumps({"studies": studies, "nextPageToken": "abc"}, indent=1)
    lines = "\n".join(json.dumps(s) for s in studies) + "\n\n"
    for name, text in (("array.json", array), ("page.json", page), ("lines.jsonl", lines)):
        p = tmp_path / name
        p.write_text(text, encoding="utf-8")
        items = list(read_file(p, str(p), 10**8))
        assert [t.id for t in items] == ["NCT03281889", "NCT05025241"], name
        _check_nct_lines(items, text)
    assert items[1].nct_id.loc.line == 2        # JSON Lines: the second study is on line 2


def test_json_lines_with_a_bad_line(tmp_path, corpus):
    a, b = _v2_studies()
    text = json.dumps(a) + "\n" + '{"protocolSection": {"identificationModule": \n' + json.dumps(b) + "\n"
    items = list(ctgov_v2.read(text.encode(), "x.jsonl"))
    assert [type(i).__name__ for i in items] == ["Trial", "InputProblem", "Trial"]
    assert items[1].line == 2 and items[1].reason.startswith("not valid JSON on line 2")
    assert items[2].nct_id.loc.line == 3


def test_v2_study_without_nct_id_gets_the_file_name():
    data = b'{"protocolSection": {"statusModule": {"overallStatus": "WITHDRAWN"}}}'
    (t,) = list(ctgov_v2.read(data, "some/dir/record.json"))
    assert t.id == "record" and t.overall_status.value == "WITHDRAWN" and t.overall_status.loc.line == 1
    data = b'{"protocolSection": {"identificationModule": {"nctId": "nct01234567"}}}'
    (t,) = list(ctgov_v2.read(data, "lower.json"))
    assert t.id == "NCT01234567" and t.nct_id.raw == "nct01234567"


def test_malformed_and_truncated_json(corpus):
    bad = b'{\n  "protocolSection": {\n    "identificationModule": {"nctId": "NCT00000001",}\n  }\n}\n'
    (p,) = list(read_bytes(bad, "bad.json"))
    assert isinstance(p, InputProblem) and p.reason.startswith("not valid JSON:") and "line 3" in p.reason
    assert p.line == 3
    full = (V2_DIR / "NCT03281889.json").read_bytes()
    (p,) = list(read_bytes(full[: len(full) // 2], "cut.json"))
    assert isinstance(p, InputProblem) and p.reason.startswith("not valid JSON:") and "line" in p.reason
    v1 = (V1_DIR / "NCT02028676.json").read_bytes()
    (p,) = list(read_bytes(v1[:-40], "cut1.json"))
    assert isinstance(p, InputProblem) and p.reason.startswith("not valid JSON:")


def test_json_of_the_family_without_studies():
    (p,) = list(read_bytes(b'{"protocolSection": "none"}', "a.json"))
    assert isinstance(p, InputProblem) and "no object with a protocolSection" in p.reason
    (p,) = list(read_bytes(b'{"FullStudiesResponse": {"NStudiesFound": 0, "FullStudies": []}}', "b.json"))
    assert isinstance(p, InputProblem) and "no object with a ProtocolSection" in p.reason


def test_sniffers_do_not_confuse_the_apis(corpus):
    v2 = (V2_DIR / "NCT03281889.json").read_text(encoding="utf-8")[:65536]
    v1 = (V1_DIR / "NCT02028676.json").read_text(encoding="utf-8")[:65536]
    assert ctgov_v2.sniff(v2) and not classic_json.sniff(v2) and not legacy_xml.sniff(v2)
    assert classic_json.sniff(v1) and not ctgov_v2.sniff(v1)
    assert not ctgov_v2.sniff("Inclusion Criteria: protocolSection")


# -- classic API v1 JSON ---------------------------------------------------------------------------

def test_classic_record_with_results(corpus):
    p = V1_DIR / "NCT02028676.json"
    t = read_one(classic_json, p)
    assert t.id == "NCT02028676" and t.format == "ctgov-classic-json" and t.nct_id.loc.line == 15
    assert (t.overall_status.value, t.overall_status.raw, t.overall_status.loc.line) == ("COMPLETED", "Completed", 43)
    assert t.acronym.value == "ARROW" and t.acronym.loc.line == 39
    assert t.phases.value == ["PHASE4"] and t.phases.loc.line == 139
    assert (t.enrollment.value, t.enrollment.raw, t.enrollment.loc.line) == (1206, "1206", 151)
    assert t.enrollment_type.value == "ACTUAL"
    assert t.min_age.raw == "3 Months" and t.min_age.value.years == 0.25 and t.min_age.loc.line == 687
    assert t.max_age.value.years == 17 and t.max_age.loc.line == 688
    assert t.masking.value == "NONE" and t.masking.raw == "None (Open Label)" and t.who_masked is None
    assert t.start_date.value.iso == "2007-03" and t.start_date.loc.line == 48
    # The ISRCTN number is given bare, with its registry as the domain.
    assert [f.value for f in t.secondary_ids] == ["24791884", "G0300400"]
    assert [f.value for f in t.related_ids] == ["ISRCTN24791884"] and t.related_ids[0].loc.line == 22
    a = t.analyses[0]
    assert (a.param_type.value, a.estimate.raw, a.estimate.loc.line) == ("Hazard Ratio (HR)", "1.13", 4432)
    assert (a.p_value.raw, a.method.value) == ("0.59", "Log Rank")
    assert t.flow[0].milestone == "STARTED" and t.flow[0].count.value == 606
    assert t.baseline[-1].group == "Total"


def test_classic_numbered_and_unnumbered_criteria(corpus):
    p = V1_DIR / "NCT03305341.json"
    t = read_one(classic_json, p)
    assert t.overall_status.value == "ACTIVE_NOT_RECRUITING" and t.phases.value == ["EARLY_PHASE1"]
    assert (t.enrollment.value, t.enrollment_type.value) == (20, "ESTIMATED")
    assert (t.min_age.raw, t.max_age.raw) == ("22 Years", "72 Years")
    assert [f.value for f in t.design_notes] == ["Single Usage / Single Dosage"]
    assert t.masking_description.value == "Open Label"
    assert kinds(t) == {"other": 2, "inclusion": 5, "exclusion": 7}
    exc = [c for c in t.criteria if c.kind == "exclusion"]
    assert [c.number for c in exc] == ["1", "2", "3", "4", "5", "6", "7"]
    assert exc[1].text == "Pregnancy"
    line = file_line(p, 221)
    assert exc[1].loc.line == 221 and exc[1].loc.col == line.index("2. Pregnancy") + 1
    assert [a.label.value for a in t.arms] == ["Assess for therapeutic biologics activity (proof-of-concept)"]
    assert t.arms[0].type.value == "EXPERIMENTAL"
    (i,) = t.interventions
    assert i.type.value == "BIOLOGICAL" and i.arm_labels[0].value == t.arms[0].label.value
    assert i.other_names[0].value == "COVID-19 Spike-GM-CSF Protein Lactated Ringer's Injection"


def test_classic_pages_and_bare_study(tmp_path, corpus):
    s1 = json.loads((V1_DIR / "NCT02028676.json").read_text(encoding="utf-8"))["Study"]
    s2 = json.loads((V1_DIR / "NCT03305341.json").read_text(encoding="utf-8"))["Study"]
    page = json.dumps({"FullStudiesResponse": {"APIVrs": "1.01.05", "NStudiesReturned": 2,
                                               "FullStudies": [{"Rank": 1, "Study": s1}, {"Rank": 2, "Study": s2}]}},
                      indent=2)
    bare = json.dumps({"Study": s2}, indent=2)
    for name, text, ids in (("page.json", page, ["NCT02028676", "NCT03305341"]),
                            ("bare.json", bare, ["NCT03305341"])):
        p = tmp_path / name
        p.write_text(text, encoding="utf-8")
        items = list(read_file(p, str(p), 10**8))
        assert [t.id for t in items] == ids
        _check_nct_lines(items, text)


# -- zip -------------------------------------------------------------------------------------------

def test_zip_of_all_three_formats(tmp_path, corpus):
    z = tmp_path / "bundle.zip"
    with zipfile.ZipFile(z, "w") as zf:
        zf.write(XML_DIR / "NCT00000378.xml", "xml/NCT00000378.xml")
        zf.write(V2_DIR / "NCT03281889.json", "v2/NCT03281889.json")
        zf.write(V1_DIR / "NCT03305341.json", "v1/NCT03305341.json")
    items = list(read_file(z, "bundle.zip", 10**8))
    assert [(t.id, t.format, t.source) for t in items] == [
        ("NCT03305341", "ctgov-classic-json", "bundle.zip!v1/NCT03305341.json"),
        ("NCT03281889", "ctgov-v2-json", "bundle.zip!v2/NCT03281889.json"),
        ("NCT00000378", "ctgov-legacy-xml", "bundle.zip!xml/NCT00000378.xml")]
    assert items[2].overall_status.loc == Loc("bundle.zip!xml/NCT00000378.xml", 80)


# -- jsonpos ---------------------------------------------------------------------------------------

def test_jsonpos_positions_escapes_and_duplicate_keys():
    text = '{\n "a": 1,\n "b": [ "x", {"c": "d\\u00e9\\nz"} ],\n "a": {"q": 2}\n}'
    root = loads(text)
    jt = JsonText(text, "f")
    jt.index(root, jt.start())
    assert jt.loc(root, "b") == Loc("f", 3, 7)
    assert (jt.loc(root["b"], 1).line, jt.loc(root["b"], 1).col) == (3, 14)
    # A duplicated key: the parsed value is the last one, and so is its position.
    assert root["a"] == {"q": 2} and jt.loc(root, "a").line == 4
    locate = jt.string_locator(root["b"][1], "c")
    assert [locate(i).col for i in range(4)] == [21, 22, 28, 30]     # 'd', 'é' (6 raw chars), '\n', 'z'


# -- criteria splitter -----------------------------------------------------------------------------

def _split(text: str, wrapped: bool = False):
    return split_criteria(text, text_locator(text, "t", 1), wrapped=wrapped)


def test_criteria_headings_and_numbering():
    text = ("Key Inclusion Criteria:\n1. Age 18 to 65\n2) Signed consent\n(a) sub item\nii. roman item\n"
            "\nINCLUSION CRITERIA FOR PART B:\n- bulleted\n\nExclusion Criteria: Pregnancy\n"
            "* Exclusion of patients with heart disease\n")
    items = _split(text)
    assert [(c.kind, c.number, c.text, c.loc.line) for c in items] == [
        ("inclusion", "1", "Age 18 to 65", 2), ("inclusion", "2", "Signed consent", 3),
        ("inclusion", "a", "sub item", 4), ("inclusion", "ii", "roman item", 5),
        ("inclusion", None, "bulleted", 8),
        ("exclusion", None, "Pregnancy", 10),
        ("exclusion", None, "Exclusion of patients with heart disease", 11)]
    assert items[5].loc.col == 21          # the inline item starts after 'Exclusion Criteria: '


def test_criteria_wrapped_text_and_subheadings():
    text = ("\n        Inclusion Criteria:\n\n        Age:\n\n          -  18 and over, with a\n"
            "             wrapped line\n\n        Eligibility criteria for the substudy:\n\n"
            "          -  Any\n")
    items = _split(text, wrapped=True)
    assert [(c.kind, c.text, c.heading, c.loc.line, c.loc.col) for c in items] == [
        ("inclusion", "18 and over, with a wrapped line", "Age", 6, 11),
        ("other", "Any", None, 11, 11)]
    # Without wrapping every line is its own item.
    assert [c.text for c in _split(text)][:2] == ["18 and over, with a", "wrapped line"]


def test_criteria_lead_in_sentence_names_the_section():
    items = _split("For inclusion in the study subjects should fulfill the following criteria:\n1. A\n"
                   "Patients with any of the following exclusion criteria are not eligible:\n1. B\n")
    assert [(c.kind, c.text) for c in items] == [("inclusion", "A"), ("exclusion", "B")]


# -- every record of the registry folders ----------------------------------------------------------

FOLDERS = [("ctgov-legacy-xml_reesewang25", legacy_xml, "*.xml", 1948),
           ("ctgov-legacy-xml_fixtures", legacy_xml, "*.xml", 63),
           ("ctgov-classic-api-v1-json", classic_json, "*.json", 205),
           ("ctgov-api-v2-json", ctgov_v2, "*.json", 36),
           ("pairs-registry-paper/registry", legacy_xml, "*.xml", 4)]


@pytest.mark.parametrize("folder,mod,pattern,count", FOLDERS, ids=[f[0] for f in FOLDERS])
def test_every_corpus_record_reads_with_positions(corpus, folder, mod, pattern, count):
    files = sorted((corpus / folder).glob(pattern))
    assert len(files) == count
    is_json = pattern == "*.json"
    for f in files:
        items = list(read_file(f, str(f), 10**8))
        assert len(items) == 1 and isinstance(items[0], Trial), (f, items)
        t = items[0]
        assert t.format == mod.NAME and t.id == f.stem
        lines = f.read_text(encoding="utf-8").split("\n")
        assert t.id in lines[t.nct_id.loc.line - 1]
        for c in t.criteria:
            line = lines[c.loc.line - 1]
            first = c.text.split()[0]
            if is_json:
                # The item starts at its column: the marker, then the first word (JSON-escaped).
                at = line.find(json.dumps(first, ensure_ascii=False)[1:-1], c.loc.col - 1)
                assert 0 <= at - (c.loc.col - 1) <= 8, (f, c)
            else:
                text = html.unescape(line)
                assert first in text, (f, c)
                if c.loc.col is not None:
                    at = text.find(first, c.loc.col - 1)
                    assert 0 <= at - (c.loc.col - 1) <= 8, (f, c)


def test_criteria_numbers_are_not_taken_from_values():
    items = _split("Inclusion:\n1.1 Adults\n18.5 kg/m2 <= BMI\n1.5 mg daily dose\n2.Age over 18\n")
    assert [(c.number, c.text) for c in items] == [
        ("1.1", "Adults"), (None, "18.5 kg/m2 <= BMI"), (None, "1.5 mg daily dose"), ("2", "Age over 18")]
