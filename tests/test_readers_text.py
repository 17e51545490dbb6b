"""Plain-text readers: registry page renderings (seeds 000, 001, 002, 004) and journal articles (seed 003,
the PMC corpus). Every expected value and line number below was read off the seed files by eye."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from auditor.model import InputProblem, Publication, Trial
from auditor.readers import publication, registry_text
from auditor.readers.detect import _decode_head, read_bytes

from conftest import seed


def _read(prefix: str) -> list:
    p = seed(prefix)
    return list(read_bytes(p.read_bytes(), str(p)))


def _trial(prefix: str) -> Trial:
    items = _read(prefix)
    assert len(items) == 1 and isinstance(items[0], Trial), items
    return items[0]


def _at(field) -> tuple:
    return field.value, field.loc.line


# --- seed 000: mirror page, labelled -------------------------------------------------------------

def test_000_identification_status_design():
    t = _trial("000")
    assert t.format == "registry-text" and t.rendering == "main"
    assert t.id == "NCT03626090" and t.nct_id.loc.line == 3
    assert _at(t.brief_title) == ("Mesenchymal Stem Cell Therapy for Liver Cirrhosis", 1)
    assert _at(t.overall_status) == ("UNKNOWN", 19)
    assert _at(t.phases) == (["PHASE1", "PHASE2"], 23) and t.phases.raw == "PHASE1/PHASE2"
    assert _at(t.enrollment) == (20, 27) and t.enrollment_type is None
    assert _at(t.study_type) == ("INTERVENTIONAL", 31)
    assert (t.start_date.value.iso, t.start_date.loc.line) == ("2018-08-18", 35)
    assert (t.completion_date.value.iso, t.completion_date.loc.line) == ("2021-10-22", 39)
    assert t.primary_completion_date is None
    assert (t.last_update_posted.value.iso, t.last_update_posted.loc.line) == ("2021-03-17", 5)
    assert _at(t.allocation) == ("NA", 73)
    assert _at(t.intervention_model) == ("SINGLE_GROUP", 77)
    assert _at(t.primary_purpose) == ("TREATMENT", 82)
    assert _at(t.masking) == ("NONE", 86)
    assert [f.loc.line for f in t.design_notes] == [79]
    assert t.design_notes[0].value.startswith("As the primary objective of the study is to assess safety")
    assert [_at(c) for c in t.conditions] == [("Liver Cirrhosis", 65)]
    assert t.empty_sections == {}


def test_000_text_keeps_escapes_raw():
    t = _trial("000")
    assert t.brief_summary.loc.line == 45
    assert "\\< 12 months" in t.brief_summary.raw and "< 12 months" in t.brief_summary.value
    assert "\\<" not in t.brief_summary.value
    assert t.detailed_description.loc.line == 53
    assert t.detailed_description.value.endswith("local regulatory requirement(s).")


def test_000_eligibility():
    t = _trial("000")
    assert (t.min_age.raw, t.min_age.loc.line, t.min_age.value.years) == ("21 Years", 140, 21.0)
    assert (t.max_age.raw, t.max_age.loc.line, t.max_age.value.years) == ("69 Years", 144, 69.0)
    assert _at(t.sex) == ("ALL", 148)
    assert _at(t.healthy_volunteers) == (False, 152)
    assert t.criteria_text.loc.line == 118 and "\\>70" in t.criteria_text.raw
    inc = [(c.number, c.loc.line) for c in t.criteria if c.kind == "inclusion" and c.number]
    assert inc == [("1", 122), ("2", 123), ("3", 124)]
    exc = [c for c in t.criteria if c.kind == "exclusion" and c.number]
    assert [c.number for c in exc] == [str(i) for i in range(1, 9)]
    assert exc[0].loc.line == 130 and "age ≤21 years" in exc[0].text and ">70 years old" in exc[0].text
    assert exc[-1].loc.line == 137 and exc[-1].text == "patients who are pregnant or lactating"


def test_000_arms_interventions_people_places():
    t = _trial("000")
    [arm] = t.arms
    assert _at(arm.label) == ("Treatment Arm", 92)
    assert _at(arm.type) == ("EXPERIMENTAL", 96)
    assert arm.description.loc.line == 94 and "10^6/kg" in arm.description.value and "10\\^6" in arm.description.raw
    assert [_at(f) for f in arm.intervention_names] == [("Autologous BM MSC", 98)]
    [iv] = t.interventions
    assert _at(iv.name) == ("Autologous BM MSC", 108)
    assert _at(iv.type) == ("BIOLOGICAL", 112)
    assert iv.description.loc.line == 110 and iv.description.value.startswith("A total of 100-200ml")
    assert [a.value for a in iv.arm_labels] == ["Treatment Arm"]
    assert _at(t.lead_sponsor) == ("Stem Med Pte. Ltd.", 176)
    assert [_at(c) for c in t.collaborators] == [
        ("Parkway Cancer Centre", 158), ("Asian American Liver Centre", 164),
        ("Desmond Wai Liver & Gastrointestinal Diseases Centre", 170)]
    assert [(_at(o.name), o.role.value, _at(o.affiliation)) for o in t.officials] == [
        (("Teo Cheng Peng", 192), "PRINCIPAL_INVESTIGATOR", ("Parkway Cancer Centre", 196)),
        (("Wai Chun Tao, Desmond", 198), "PRINCIPAL_INVESTIGATOR",
         ("Desmond Wai Liver & Gastrointestinal Diseases Centre", 202)),
        (("Lee Kang Hoe", 204), "PRINCIPAL_INVESTIGATOR", ("Asian American Liver Centre", 208))]
    assert [(s.facility.loc.line, s.city.value, s.country.value, _at(s.status)) for s in t.sites] == [
        (214, "Singapore", "Singapore", ("RECRUITING", 218)),
        (220, "Singapore", "Singapore", ("RECRUITING", 224)),
        (226, "Singapore", "Singapore", ("RECRUITING", 230))]
    assert [_at(c) for c in t.countries] == [("Singapore", 236)]
    assert _at(t.org_study_id) == ("P-SM-L0001", 549)
    assert t.secondary_ids == []
    assert [_at(f) for f in t.related_ids] == [("NCT01233102", 560)]


# --- seed 001: listing page with a summary and the full record ----------------------------------

def _renderings() -> dict[str, Trial]:
    items = _read("001")
    assert all(isinstance(i, Trial) for i in items)
    return {t.rendering: t for t in items}


def test_001_two_renderings_of_one_record():
    r = _renderings()
    assert sorted(r) == ["full", "summary"]
    assert {t.id for t in r.values()} == {"NCT01218464"}
    s, f = r["summary"], r["full"]
    assert _at(s.phases) == (["PHASE1"], 13)
    assert _at(f.phases) == (["PHASE1", "PHASE2"], 164) and f.phases.raw == "Phase 1, Phase 2"
    assert f.official_title.loc.line == 116 and f.official_title.value.startswith("Phase Ⅰ/Ⅱ Study")
    assert _at(s.overall_status) == ("UNKNOWN", 11) and _at(f.overall_status) == ("UNKNOWN", 125)
    assert _at(s.study_type) == ("INTERVENTIONAL", 17) and _at(f.study_type) == ("INTERVENTIONAL", 118)
    assert s.nct_id is None and _at(f.nct_id) == ("NCT01218464", 112)
    assert _at(s.brief_title)[1] == 4 and _at(f.brief_title)[1] == 114
    assert s.brief_title.value == f.brief_title.value
    assert _at(s.lead_sponsor) == ("Beijing 302 Hospital", 22) and _at(f.lead_sponsor) == ("Beijing 302 Hospital", 106)
    # The summary prints 'Primary Purpose' (line 6) over the condition list (line 8): a label without
    # its value, so no primary purpose is read from the summary.
    assert s.primary_purpose is None
    assert _at(f.primary_purpose) == ("TREATMENT", 162)


def test_001_full_dates_design_enrollment():
    f = _renderings()["full"]
    assert (f.first_posted.value.iso, f.first_posted.loc.line) == ("2010-10-08", 102)
    assert (f.last_update_posted.value.iso, f.last_update_posted.loc.line) == ("2013-05-30", 104)
    assert (f.status_verified.value.iso, f.status_verified.loc.line) == ("2013-05", 123)
    sd = f.start_date
    assert (sd.value.iso, sd.value.precision, sd.value.type, sd.loc.line) == ("2009-03", "month", None, 127)
    pc = f.primary_completion_date
    assert (pc.value.iso, pc.value.type, pc.loc.line) == ("2014-03", "ESTIMATED", 129)
    assert (f.completion_date.value.type, f.completion_date.loc.line) == ("ESTIMATED", 131)
    assert _at(f.enrollment) == (70, 172) and _at(f.enrollment_type) == ("ESTIMATED", 172)
    assert _at(f.allocation) == ("RANDOMIZED", 170)
    assert _at(f.intervention_model) == ("PARALLEL", 166)
    assert f.masking.value is None and f.masking.raw == "ParticipantCare Provider"
    assert _at(f.who_masked) == (["PARTICIPANT", "CARE_PROVIDER"], 168)
    assert [_at(c) for c in f.conditions] == [("Liver Failure, Mesenchymal Stem Cells", 155)]
    assert [k.loc.line for k in f.keywords] == [157]
    assert f.brief_summary.loc.line == 148 and f.detailed_description.loc.line == 150


def test_001_arms_interventions_outcomes():
    r = _renderings()
    s, f = r["summary"], r["full"]
    labels = ["Conventional plus MSC treatment", "Conventional plus pacebo treatment"]
    assert [_at(a.label) for a in s.arms] == list(zip(labels, [72, 74]))
    assert [_at(a.type) for a in s.arms] == [("EXPERIMENTAL", 66), ("EXPERIMENTAL", 68)]
    assert [a.description.loc.line for a in s.arms] == [78, 80]
    assert [_at(a.label) for a in f.arms] == list(zip(labels, [177, 183]))
    assert [_at(a.type) for a in f.arms] == [("EXPERIMENTAL", 179), ("EXPERIMENTAL", 185)]
    assert [_at(i.name) for i in s.interventions] == list(zip(labels, [19, 20]))
    assert [_at(i.name) for i in f.interventions] == list(zip(labels, [191, 197]))
    assert [_at(i.type) for i in f.interventions] == [("DRUG", 189), ("DRUG", 195)]
    d1, d2 = (i.description for i in f.interventions)
    assert d1.loc.line == 193 and "at a dose of 0.5*10E6 MSC/kg body for 12 weeks" in d1.value
    assert d2.loc.line == 199 and "at 50 ml saline for 12 weeks" in d2.value
    assert [(o.kind, o.title.loc.line) for o in s.outcomes] == [("primary", 86)] + [
        ("secondary", n) for n in range(90, 98)]
    assert all(o.time_frame is None for o in s.outcomes)
    assert [(o.kind, o.title.loc.line, o.time_frame.loc.line) for o in f.outcomes] == [("primary", 202, 204)] + [
        ("secondary", n, n + 2) for n in range(207, 236, 4)]
    assert f.outcomes[6].time_frame.value == "Between 0 to 24 hours after UC-MSCs transfusion"


def test_001_eligibility_sites_people():
    r = _renderings()
    s, f = r["summary"], r["full"]
    assert (s.min_age.raw, s.min_age.loc.line, s.min_age.loc.col) == ("18 Years", 36, 1)
    assert (s.max_age.raw, s.max_age.loc.line, s.max_age.loc.col) == ("70 Years", 36, 12)
    assert (s.sex.value, s.sex.raw) == ("ALL", "All Sexes")
    assert (s.healthy_volunteers.value, s.healthy_volunteers.loc.line) == (False, 36)
    assert [(c.kind, c.number, c.loc.line) for c in s.criteria] == (
        [("inclusion", str(i), 39 + i) for i in range(1, 5)] + [("exclusion", str(i), 46 + i) for i in range(1, 7)])
    assert (f.min_age.raw, f.min_age.loc.line, f.max_age.raw, f.max_age.loc.line) == ("18 Years", 244, "70 Years", 246)
    assert _at(f.sex) == ("ALL", 242) and _at(f.healthy_volunteers) == (False, 248)
    # The full record flattens the criteria onto one line: one item per part, cut at 'Exclusion Criteria:'.
    line250 = seed("001").read_text(encoding="utf-8").split("\n")[249]
    assert [(c.kind, c.number, c.loc.line, c.loc.col) for c in f.criteria] == [
        ("inclusion", None, 250, 21), ("exclusion", None, 250, line250.index("Hepatocellular") + 1)]
    assert f.criteria[0].text.startswith("Aged 18-70 years") and f.criteria[0].text.endswith("Written consent")
    [site] = s.sites
    assert _at(site.facility) == ("Beijing 302 Hospital", 56) and site.status.value == "RECRUITING"
    assert [_at(c) for c in s.countries] == [("China", 15)]
    [fsite] = f.sites
    assert [_at(x) for x in (fsite.facility, fsite.city, fsite.country, fsite.status)] == [
        ("Beijing 302 Hospital", 269), ("Beijing", 271), ("China", 277), ("RECRUITING", 279)]
    [off] = f.officials
    assert _at(off.name) == ("Fu-Sheng Wang, Professor", 262)
    assert _at(off.role) == ("PRINCIPAL_INVESTIGATOR", 266) and _at(off.affiliation) == ("Beijing 302 Hospital", 264)


# --- seed 002: mirror page without labels -------------------------------------------------------

def test_002_unlabelled_values_by_shape():
    t = _trial("002")
    assert t.id == "NCT03945487"
    assert _at(t.overall_status) == ("UNKNOWN", 8)
    assert _at(t.phases) == (["PHASE2"], 9)
    assert _at(t.enrollment) == (200, 10)
    assert _at(t.study_type) == ("INTERVENTIONAL", 11)
    assert (t.start_date.value.iso, t.start_date.loc.line) == ("2019-05-20", 12)
    assert (t.completion_date.value.iso, t.completion_date.loc.line) == ("2023-12-30", 13)
    assert t.primary_completion_date is None
    assert [_at(x) for x in (t.allocation, t.intervention_model, t.primary_purpose, t.masking)] == [
        ("RANDOMIZED", 36), ("PARALLEL", 37), ("TREATMENT", 38), ("NONE", 39)]
    assert (t.min_age.raw, t.min_age.loc.line, t.max_age.raw, t.max_age.loc.line) == ("18 Years", 69, "69 Years", 70)
    assert _at(t.sex) == ("ALL", 71) and _at(t.healthy_volunteers) == (False, 72)


def test_002_criteria_keep_their_numbering():
    t = _trial("002")
    assert [(c.number, c.loc.line) for c in t.criteria if c.kind == "inclusion"] == [("2", 59), ("3", 60), ("4", 61)]
    assert [(c.number, c.loc.line) for c in t.criteria if c.kind == "exclusion"] == [
        (str(i), 61 + i) for i in range(2, 8)]
    assert t.criteria[-1].text == "Refusal to sign the informed consent form."


def test_002_empty_sections_and_links():
    t = _trial("002")
    assert {k: v.line for k, v in t.empty_sections.items()} == {"brief_summary": 14, "conditions": 32, "countries": 90}
    assert t.brief_summary is None and t.conditions == [] and t.countries == []
    assert [_at(f) for f in t.related_ids] == [("NCT01220492", 19), ("NCT05121870", 21), ("NCT03529136", 23),
                                               ("NCT05984303", 25), ("NCT03209986", 27)]
    assert _at(t.org_study_id) == ("Beijing302-011", 100)
    assert t.detailed_description.loc.line == 30


def test_002_arms_interventions_people_places():
    t = _trial("002")
    assert [(_at(a.label), [_at(n) for n in a.intervention_names]) for a in t.arms] == [
        (("Comprehensive treatment plus UC-MSC treatment", 42), [("umbilical cord-derived mesenchymal stem cell", 43)]),
        (("Comprehensive treatment", 45), [("Comprehensive treatment", 46)])]
    assert [_at(i.name) for i in t.interventions] == [("umbilical cord-derived mesenchymal stem cell", 51),
                                                      ("Comprehensive treatment", 53)]
    d = t.interventions[1].description
    assert d.loc.line == 54 and d.raw.startswith("1. All patients") and d.raw.count("\n") == 1
    assert "1.0*10E6" in t.interventions[0].description.value
    assert _at(t.lead_sponsor) == ("Beijing 302 Hospital", 75) and t.collaborators == []
    [off] = t.officials
    assert (_at(off.name), _at(off.role), _at(off.affiliation)) == (
        ("Fu-Sheng Wang", 83), ("STUDY_CHAIR", 84), ("Beijing 302 Hospital", 85))
    [site] = t.sites
    assert (_at(site.facility), _at(site.city), _at(site.country), site.status) == (
        ("Beijing 302 Hospital", 88), ("Beijing", 89), ("China", 89), None)


# --- seed 004: aggregator page ------------------------------------------------------------------

def test_004_aggregator_page():
    t = _trial("004")
    assert t.id == "NCT04243681" and t.nct_id.loc.line == 35
    assert [_at(f) for f in t.secondary_ids] == [("ECR/346/Inst/AP/2013", 36)]
    assert _at(t.overall_status) == ("COMPLETED", 13)
    assert _at(t.phases) == (["PHASE4"], 14)
    assert _at(t.study_type) == ("INTERVENTIONAL", 27)
    assert _at(t.enrollment) == (5, 48) and t.enrollment_type is None
    assert (t.min_age.value.years, t.max_age.value.years, t.min_age.loc.line) == (20.0, 70.0, 56)
    assert _at(t.sex) == ("ALL", 52) and _at(t.healthy_volunteers) == (False, 60)
    assert [_at(x) for x in (t.primary_purpose, t.allocation, t.intervention_model, t.masking)] == [
        ("TREATMENT", 87), ("NON_RANDOMIZED", 91), ("PARALLEL", 95), ("NONE", 99)]
    assert [_at(c) for c in t.conditions] == [("Cirrhosis, Liver", 18)]
    assert t.brief_summary.loc.line == 42


def test_004_arms_interventions_criteria():
    t = _trial("004")
    assert [(_at(a.label), _at(a.type), a.description.loc.line, [_at(n) for n in a.intervention_names])
            for a in t.arms] == [
        (("Combination MSC and HSC", 103), ("EXPERIMENTAL", 104), 106, [("CD 34 and MSC infusion", 108)]),
        (("Standard of care for Cirrhosis management", 109), ("ACTIVE_COMPARATOR", 110), 112,
         [("Standard of care for Cirrhosis management", 114)])]
    assert [(_at(i.type), _at(i.name)) for i in t.interventions] == [
        (("DRUG", 22), ("Standard of care for Cirrhosis management", 22)),
        (("COMBINATION_PRODUCT", 23), ("CD 34 and MSC infusion", 23))]
    assert [(c.kind, c.number, c.loc.line) for c in t.criteria] == (
        [("inclusion", None, n) for n in range(64, 70)] + [("exclusion", None, n) for n in range(73, 82)])
    assert t.sites == []         # 'Trial contacts and locations' holds only a count and the page footer


# --- seed 003: journal article ------------------------------------------------------------------

def _article() -> Publication:
    [pub] = _read("003")
    assert isinstance(pub, Publication)
    return pub


def test_003_article_identity():
    pub = _article()
    assert pub.format == "publication"
    assert pub.id == "10.1007/s12072-021-10199-2" and pub.doi.value == "10.1007/s12072-021-10199-2"
    assert pub.title.loc.line == 6 and pub.title.value.startswith("Mesenchymal stem cell therapy in decompensated")
    assert pub.authors[0] == "Ming Shi" and pub.authors[-1] == "Fu-Sheng Wang" and len(pub.authors) == 11
    assert [(f.value, f.loc.line, f.loc.col) for f in pub.registry_ids] == [("NCT01220492", 52, 109)]
    assert len(pub.lines) == 363 and "NCT01220492" in pub.lines[51]


def test_003_sections():
    pub = _article()
    by_name = {s.name: s for s in pub.sections}
    want = {"Abstract": ("abstract", 12, 28), "Abstract: Background": ("abstract", 14, 16),
            "Abstract: Methods": ("abstract", 18, 20), "Abstract: Results": ("abstract", 22, 24),
            "Abstract: Conclusions": ("abstract", 26, 28), "Introduction": ("introduction", 43, 46),
            "Patients and methods": ("methods", 48, 74), "Randomization": ("methods", 55, 57),
            "Results": ("results", 76, 185), "Table 1": ("table", 82, 173), "Discussion": ("discussion", 187, 193),
            "Literatur": ("references", 238, 363)}
    for name, (kind, start, end) in want.items():
        s = by_name[name]
        assert (s.kind, s.start_line, s.end_line) == (kind, start, end), name
    assert pub.section_of(20).name == "Abstract: Methods"
    assert pub.section_of(100).name == "Table 1"
    assert pub.section_of(80).kind == "results"
    assert pub.section_of(52).kind == "methods"


# --- detection -----------------------------------------------------------------------------------

def test_detection_of_the_seeds():
    for prefix in ("000", "001", "002", "004"):
        head = _decode_head(seed(prefix).read_bytes())
        assert registry_text.sniff(head) and not publication.sniff(head), prefix
    head = _decode_head(seed("003").read_bytes())
    assert publication.sniff(head) and not registry_text.sniff(head)


README_LIKE = """trial-audit
===========

A consistency auditor for clinical-trial registry records and the papers that report them.

Installation

    pip install trial-audit

Usage

Point it at a folder: trial-audit check records/ --out report.html. It reads NCT01218464.json,
legacy XML and text pages. Findings cover eligibility, phase, enrollment and status dates.

Status

Beta. The phase checks and the locations checks are stable.

License

MIT
"""


def test_readme_is_neither_registry_text_nor_article():
    assert not registry_text.sniff(README_LIKE) and not publication.sniff(README_LIKE)
    [item] = list(read_bytes(README_LIKE.encode(), "README.txt"))
    assert isinstance(item, InputProblem) and "no known format" in item.reason


def test_registry_page_without_registry_id_is_not_registry_text():
    text = seed("004").read_text(encoding="utf-8")
    assert registry_text.sniff(text)
    assert not registry_text.sniff(text.replace("NCT04243681", ""))


# --- robustness on edited copies of real seeds -------------------------------------------------

def test_labels_dropped_values_found_by_shape():
    """000 with the labels of 'Basic Information' removed (the way 002 is written) reads the same."""
    labels = {"Recruitment Status", "Clinical Phase", "Total Enrollment", "Study Classification",
              "Study Start Date", "Study Completion Date"}
    text = seed("000").read_text(encoding="utf-8")
    edited = "\n".join("" if ln in labels else ln for ln in text.split("\n"))
    [t] = list(registry_text.read(edited.encode(), "edited.txt"))
    assert _at(t.overall_status) == ("UNKNOWN", 19) and _at(t.phases) == (["PHASE1", "PHASE2"], 23)
    assert _at(t.enrollment) == (20, 27) and _at(t.study_type) == ("INTERVENTIONAL", 31)
    assert (t.start_date.value.iso, t.completion_date.value.iso) == ("2018-08-18", "2021-10-22")


def test_blank_lines_do_not_matter():
    text = seed("000").read_text(encoding="utf-8")
    packed = "\n".join(ln for ln in text.split("\n") if ln.strip())
    [a] = list(registry_text.read(text.encode(), "a.txt"))
    [b] = list(registry_text.read(packed.encode(), "b.txt"))
    for attr in ("overall_status", "phases", "enrollment", "study_type", "masking", "allocation", "min_age",
                 "max_age", "sex", "healthy_volunteers", "lead_sponsor", "org_study_id"):
        assert getattr(a, attr).value == getattr(b, attr).value, attr
    assert [(c.kind, c.number, c.text) for c in a.criteria] == [(c.kind, c.number, c.text) for c in b.criteria]
    assert [x.label.value for x in a.arms] == [x.label.value for x in b.arms]
    assert len(a.sites) == len(b.sites) == 3


def test_bom_crlf_and_latin1():
    raw = seed("002").read_bytes()
    [a] = list(registry_text.read(raw, "a.txt"))
    [b] = list(registry_text.read(b"\xef\xbb\xbf" + raw.replace(b"\n", b"\r\n"), "b.txt"))
    assert (b.overall_status.loc.line, b.min_age.loc.line, b.id) == (a.overall_status.loc.line, a.min_age.loc.line, a.id)
    text = raw.decode("utf-8").replace("Beijing, , China", "Köln, , Germany")
    [c] = list(registry_text.read(text.encode("latin-1"), "c.txt"))
    assert (c.sites[0].city.value, c.sites[0].country.value) == ("Köln", "Germany")


def test_absent_section_is_not_empty():
    t = _trial("000")
    assert "locations" not in _trial("002").empty_sections
    edited = seed("000").read_text(encoding="utf-8").replace("Liver Cirrhosis\n\nStudy Design", "Study Design")
    [e] = list(registry_text.read(edited.encode(), "e.txt"))
    assert t.conditions and e.conditions == [] and e.empty_sections["conditions"].line == 61


# --- the PMC corpus -----------------------------------------------------------------------------

_NCT = re.compile(r"(?<!\d)NCT\s?0\d{7}(?!\d)")


def _papers(corpus: Path) -> dict[str, list[Path]]:
    base = corpus / "papers-rct-with-nct_evidence-inference"
    return {"fulltext": sorted((base / "fulltext").glob("*.txt")),
            "abstracts": sorted((base / "abstracts").glob("*.abst.txt")),
            "pairs": sorted((corpus / "pairs-registry-paper" / "papers").glob("*.txt"))}


def test_corpus_papers_read_with_their_registry_ids(corpus):
    sets = _papers(corpus)
    assert [len(v) for v in sets.values()] == [1088, 757, 8]
    with_ids = {}
    for name, files in sets.items():
        with_ids[name] = 0
        for p in files:
            data = p.read_bytes()
            [pub] = list(read_bytes(data, str(p)))
            assert isinstance(pub, Publication), (p, pub)
            assert any(s.kind == "abstract" for s in pub.sections) or name == "fulltext", p
            want = sorted({re.sub(r"\s", "", m) for m in _NCT.findall(data.decode("utf-8"))})
            got = sorted(f.value for f in pub.registry_ids if f.value.startswith("NCT"))
            assert got == want, p
            for f in pub.registry_ids:
                assert pub.lines[f.loc.line - 1][f.loc.col - 1:].startswith(f.raw), p
            with_ids[name] += bool(got)
    # Every full text names an NCT id except PMC4838682, whose only one has a digit too many
    # ('NCT023528702'); 73 abstract files name none (their id is only in the full text).
    assert with_ids == {"fulltext": 1087, "abstracts": 684, "pairs": 8}


def test_corpus_paper_sections_and_titles(corpus):
    p = corpus / "papers-rct-with-nct_evidence-inference" / "fulltext" / "PMC1522015.txt"
    [pub] = list(publication.read(p.read_bytes(), str(p)))
    assert pub.id == "doc:PMC1522015"
    assert pub.title.loc.line == 2 and pub.title.value.startswith("Lutein supplementation in retinitis pigmentosa")
    assert [(s.name, s.kind, s.start_line) for s in pub.sections[:3]] == [
        ("Abstract", "abstract", 6), ("Abstract: BACKGROUND", "abstract", 6), ("Abstract: METHODS", "abstract", 9)]
    assert pub.section_of(10).name == "Abstract: METHODS"
    table = next(s for s in pub.sections if s.kind == "table")
    assert table.start_line == 53 and pub.lines[52].startswith("Table 1Baseline Values")
    assert pub.section_of(52).name == "BASELINE DATA" and pub.section_of(52).kind == "results"


@pytest.mark.parametrize("prefix", ["000", "001", "002", "004"])
def test_registry_pages_are_not_read_as_articles(prefix):
    head = _decode_head(seed(prefix).read_bytes())
    assert not publication.looks_like_article(head)


def test_unknown_enum_word_is_kept_raw_for_the_schema_checks():
    text = seed("004").read_text(encoding="utf-8").replace("Non-Randomized", "Random")
    [t] = list(registry_text.read(text.encode(), "e.txt"))
    assert (t.allocation.value, t.allocation.raw, t.allocation.loc.line) == (None, "Random", 91)
