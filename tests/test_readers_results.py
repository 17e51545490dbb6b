"""The results tables as one model (auditor.model.Results) read from legacy XML, classic JSON and
API v2 JSON. Values and lines were read off the files by eye."""
from __future__ import annotations

from auditor.config import Config
from auditor.pipeline import read_inputs
from auditor.results_links import milestone, started_by_title
from conftest import CORPUS

XML = CORPUS / "ctgov-legacy-xml_fixtures" / "NCT00023673.xml"
CLASSIC = CORPUS / "ctgov-classic-api-v1-json" / "NCT00023673.json"
V2 = CORPUS / "ctgov-api-v2-json" / "NCT02299791.json"


def _trial(path):
    (t,) = read_inputs([path], Config()).trials
    return t


def _counts(row):
    return [(c.group, c.count.value, c.count.loc.line) for c in row.counts]


def test_legacy_xml_results(corpus):
    r = _trial(XML).results
    assert [(g.id, g.name) for g in r.flow_groups][3] == ("P4", "Phase II: 74 Gy/37 fx + Chemotherapy")
    (p,) = r.periods
    assert p.name == "Overall Study"
    assert _counts(milestone(p, "STARTED")) == [("P1", 8, 831), ("P2", 9, 832), ("P3", 0, 833), ("P4", 46, 834)]
    assert _counts(milestone(p, "COMPLETED"))[3] == ("P4", 44, 843)
    assert [(x.name, [c.count.value for c in x.counts]) for x in p.reasons] == [
        ("Ineligible / no protocol treatment", [0, 0, 0, 1]), ("Patient withdrew consent", [0, 0, 0, 1])]
    assert [g.name for g in r.baseline_groups][-1] == "Total"
    assert [(c.group, c.count.value, c.count.loc.line) for c in r.baseline_analyzed] == [
        ("B1", 8, 905), ("B2", 9, 906), ("B3", 44, 907), ("B4", 61, 908)]
    age = r.baseline_measures[0]
    assert (age.name, age.param.value, age.dispersion.value) == ("Age", "Median", "Full Range")
    x = age.rows[0].measurements[0]
    assert (x.group, x.value.raw, x.lower.raw, x.upper.raw, x.value.loc.line) == ("B1", "65.5", "48", "77", 923)
    om = r.outcome_measures[0]
    assert om.kind == "primary" and om.denom_units.value == "Participants"
    assert [(c.group, c.count.value, c.count.loc.line) for c in om.analyzed] == [("O1", 7, 995), ("O2", 7, 996)]
    assert [(e.group.id, e.serious_at_risk.value, e.serious_affected.value, e.serious_at_risk.loc.line)
            for e in r.event_groups] == [("E1", 8, 7, 1675), ("E2", 53, 36, 1676)]
    # groups linked across tables by title: the flow's P1 is the baseline's B1 and the outcome's O1
    assert started_by_title(r)["phase i 75 25 gy 36 fx + chemotherapy"][1].count.value == 8


def test_classic_json_results(corpus):
    r = _trial(CLASSIC).results
    (p,) = r.periods
    assert [(c.group, c.count.value) for c in milestone(p, "STARTED").counts] == [
        ("FG000", 8), ("FG001", 9), ("FG002", 0), ("FG003", 46)]
    assert milestone(p, "STARTED").counts[3].count.loc.line == 654
    assert [(c.group, c.count.value) for c in r.baseline_analyzed][-1] == ("BG003", 61)
    assert r.baseline_analyzed[-1].count.loc.line == 811
    x = r.baseline_measures[0].rows[0].measurements[0]
    assert (x.value.raw, x.lower.raw, x.upper.raw, x.value.loc.line) == ("65.5", "48", "77", 835)
    assert [(e.group.id, e.serious_at_risk.value, e.serious_at_risk.loc.line) for e in r.event_groups] == [
        ("EG000", 8, 2031), ("EG001", 53, 2040)]


def test_api_v2_json_results(corpus):
    r = _trial(V2).results
    assert r.pre_assignment.raw.startswith("There were two additional nested substudy randomizations")
    (p,) = r.periods
    assert [(c.group, c.count.value, c.count.loc.line) for c in milestone(p, "STARTED").counts] == [
        ("FG000", 2053, 255), ("FG001", 2803, 260)]
    age = r.baseline_measures[1]
    assert (age.name, age.param.value, age.dispersion.value) == ("Age, Continuous", "MEAN", "FULL_RANGE")
    assert [(x.group, x.value.raw, x.value.loc.line) for x in age.rows[0].measurements] == [
        ("BG000", "62", 411), ("BG001", "63", 417), ("BG002", "63", 423)]
    assert [(e.group.name, e.serious_at_risk.value) for e in r.event_groups] == [
        ("Early Intervention", 0), ("Late Implementation", 0)]


def test_no_results_section_gives_no_model(corpus):
    assert _trial(CORPUS / "ctgov-legacy-xml_reesewang25" / "NCT00000126.xml").results is None
