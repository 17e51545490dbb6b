"""results rules (RES001-RES009) and ENR003 on real records with results, in the three structured
formats, and on copies of them with one planted defect each. The clean originals give no finding.

Records: NCT00023673 in legacy XML (ctgov-legacy-xml_fixtures) and classic JSON (the same study:
flow STARTED 8, 9, 0, 46 = enrollment 63; baseline 8, 9, 44, Total 61; Age median 65.5 (48-77));
NCT02299791 in API v2 JSON (flow STARTED 2053 + 2803 = enrollment 4856 = baseline Total; Age mean
62, 63, Total 63, full range 18-75). Values read off the files by eye."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from lxml import etree

from auditor.config import Config
from auditor.context import Context
from auditor.pipeline import read_inputs
from auditor.rules import load_rules
from conftest import CORPUS

XML = CORPUS / "ctgov-legacy-xml_fixtures" / "NCT00023673.xml"
CLASSIC = CORPUS / "ctgov-classic-api-v1-json" / "NCT00023673.json"
V2 = CORPUS / "ctgov-api-v2-json" / "NCT02299791.json"
CTX = Context(Config(), dt.date(2026, 11, 23))
IDS = ("RES001", "RES002", "RES003", "RES004", "RES005", "RES006", "RES007", "RES008", "RES009", "RES010",
       "ENR003")


def _findings(path: Path):
    rules = load_rules()
    out = []
    for t in read_inputs([path], Config()).trials:
        for i in IDS:
            out += list(rules[i].func(t, CTX))
    return out


# -- editing copies ---------------------------------------------------------------------------------

def _xml_copy(tmp_path: Path, edits) -> Path:
    root = etree.parse(str(XML)).getroot()
    for xpath, attr, value in edits:
        (el,) = root.xpath(xpath)
        if attr is None:
            el.text = value
        else:
            el.set(attr, value)
    dst = tmp_path / XML.name
    dst.write_bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))
    return dst


def _json_copy(tmp_path: Path, src: Path, edits) -> Path:
    doc = json.loads(src.read_text(encoding="utf-8"))
    for path, value in edits:
        o = doc
        for k in path[:-1]:
            o = o[k]
        o[path[-1]] = value
    dst = tmp_path / src.name
    dst.write_text(json.dumps(doc, indent=2), encoding="utf-8")
    return dst


_C = ("Study",)
_CR = _C + ("ResultsSection",)
_CFLOW = _CR + ("ParticipantFlowModule", "FlowPeriodList", "FlowPeriod", 0, "FlowMilestoneList", "FlowMilestone")
_CBASE = _CR + ("BaselineCharacteristicsModule",)
_CBDEN = _CBASE + ("BaselineDenomList", "BaselineDenom", 0, "BaselineDenomCountList", "BaselineDenomCount")
_CAGE = _CBASE + ("BaselineMeasureList", "BaselineMeasure", 0)
_CAGEM = _CAGE + ("BaselineClassList", "BaselineClass", 0, "BaselineCategoryList", "BaselineCategory", 0,
                  "BaselineMeasurementList", "BaselineMeasurement")
_COUT0 = _CR + ("OutcomeMeasuresModule", "OutcomeMeasureList", "OutcomeMeasure", 0, "OutcomeDenomList", "OutcomeDenom",
                0, "OutcomeDenomCountList", "OutcomeDenomCount")

_R = ("resultsSection",)
_VFLOW = _R + ("participantFlowModule",)
_VMS = _VFLOW + ("periods", 0, "milestones")
_VBASE = _R + ("baselineCharacteristicsModule",)
_VAGE = _VBASE + ("measures", 1, "classes", 0, "categories", 0, "measurements")
_VOUT0 = _R + ("outcomeMeasuresModule", "outcomeMeasures", 0, "denoms", 0, "counts")
# The v2 record's flow groups are titled 'Early Intervention Number of Patients' where the other tables
# say 'Early Intervention': every v2 copy below first gives the flow the other tables' titles (clean).
_V_LINK = [(_VFLOW + ("groups", 0, "title"), "Early Intervention"),
           (_VFLOW + ("groups", 1, "title"), "Late Implementation")]

_XMS = "//participant_flow/period_list/period[1]/milestone_list/milestone"
_XBASE = "//baseline/analyzed_list/analyzed/count_list/count"
_XAGE = "//baseline/measure_list/measure[1]"
_XOUT0 = "//outcome_list/outcome[1]/measure/analyzed_list/analyzed/count_list/count"

# kind -> (rule, xml edits, classic edits, v2 edits)
PLANTED = {
    "flow arithmetic": ("RES001",
                        [(f"{_XMS}[2]/participants_list/participants[@group_id='P4']", "count", "45")],
                        [(_CFLOW + (1, "FlowAchievementList", "FlowAchievement", 3, "FlowAchievementNumSubjects"), "45")],
                        [(_VMS + (1, "achievements", 0, "numSubjects"), 2050)]),
    "swapped group sizes": ("RES002",
                            [(f"{_XBASE}[@group_id='B1']", "value", "9"), (f"{_XBASE}[@group_id='B2']", "value", "8")],
                            [(_CBDEN + (0, "BaselineDenomCountValue"), "9"), (_CBDEN + (1, "BaselineDenomCountValue"), "8")],
                            [(_VBASE + ("denoms", 0, "counts", 0, "value"), "2803"),
                             (_VBASE + ("denoms", 0, "counts", 1, "value"), "2053")]),
    "analysed above started": ("RES003",
                               [(f"{_XOUT0}[@group_id='O1']", "value", "12")],
                               [(_COUT0 + (0, "OutcomeDenomCountValue"), "12")],
                               [(_VOUT0 + (0, "value"), "2100")]),
    "analysed above the study": ("RES004",
                                 [(f"{_XOUT0}[@group_id='O1']", "value", "700")],
                                 [(_COUT0 + (0, "OutcomeDenomCountValue"), "700")],
                                 [(_VOUT0 + (0, "value"), "48560")]),
    "centre outside its range": ("RES005",
                                 [(f"{_XAGE}//measurement[@group_id='B1']", "value", "85.5")],
                                 [(_CAGEM + (0, "BaselineMeasurementValue"), "85.5")],
                                 [(_VAGE + (0, "upperLimit"), "60")]),
    "total vs groups": ("RES007",
                        [(f"{_XBASE}[@group_id='B4']", "value", "62")],
                        [(_CBDEN + (3, "BaselineDenomCountValue"), "62")],
                        [(_VBASE + ("denoms", 0, "counts", 2, "value"), "4800")]),
    "withdrawn with a flow": ("RES009",
                              [("//overall_status", None, "Withdrawn")],
                              [(_C + ("ProtocolSection", "StatusModule", "OverallStatus"), "Withdrawn")],
                              [(("protocolSection", "statusModule", "overallStatus"), "WITHDRAWN")]),
    "enrollment above started": ("ENR003",
                                 [("//enrollment", None, "70")],
                                 [(_C + ("ProtocolSection", "DesignModule", "EnrollmentInfo", "EnrollmentCount"), "70")],
                                 [(("protocolSection", "designModule", "enrollmentInfo", "count"), 5000)]),
}
_XSEX = "//baseline/measure_list/measure[2]//category[1]//measurement"
_CSEX = _CBASE + ("BaselineMeasureList", "BaselineMeasure", 1, "BaselineClassList", "BaselineClass", 0,
                  "BaselineCategoryList", "BaselineCategory", 0, "BaselineMeasurementList", "BaselineMeasurement")
_VSEX = _VBASE + ("measures", 2, "classes", 0, "categories", 0, "measurements")
# Female +1 in a group and in the Total (so that the Total still adds up): the categories no longer
# add up to the participants analysed.
PLANTED["categories vs analysed"] = ("RES010",
                                     [(f"{_XSEX}[@group_id='B1']", "value", "2"), (f"{_XSEX}[@group_id='B4']", "value", "17")],
                                     [(_CSEX + (0, "BaselineMeasurementValue"), "2"),
                                      (_CSEX + (3, "BaselineMeasurementValue"), "17")],
                                     [(_VSEX + (0, "value"), "1241"), (_VSEX + (2, "value"), "2875")])
# The XML and classic baselines give a median: a mean at its maximum and an overall mean need a mean.
_XMEAN = [(f"{_XAGE}/param", None, "Mean")]
_CMEAN = [(_CAGE + ("BaselineMeasureParamType",), "Mean")]
PLANTED["mean at its maximum"] = ("RES006",
                                  _XMEAN + [(f"{_XAGE}//measurement[@group_id='B1']", "value", "77")],
                                  _CMEAN + [(_CAGEM + (0, "BaselineMeasurementValue"), "77")],
                                  None)
PLANTED["overall mean"] = ("RES008",
                           _XMEAN + [(f"{_XAGE}//measurement[@group_id='B4']", "value", "75")],
                           _CMEAN + [(_CAGEM + (3, "BaselineMeasurementValue"), "75")],
                           [(_VAGE + (2, "value"), "70")])


# A planted defect may break a second consistency as well: changed baseline counts no longer match
# the groups' Female + Male counts.
ALSO = {"swapped group sizes": {"RES010"}, "total vs groups": {"RES010"}}


def _copy(tmp_path: Path, fmt: str, edits) -> Path:
    if fmt == "xml":
        return _xml_copy(tmp_path, edits)
    if fmt == "classic":
        return _json_copy(tmp_path, CLASSIC, edits)
    return _json_copy(tmp_path, V2, _V_LINK + edits)


def test_clean_originals_have_no_results_finding(corpus, tmp_path):
    assert _findings(XML) == []
    assert _findings(CLASSIC) == []
    assert _findings(V2) == []
    assert _findings(_copy(tmp_path, "v2", [])) == []       # flow titles linked: still clean
    assert _findings(_copy(tmp_path, "xml", _XMEAN)) == []  # the median read as a mean: still clean


# The v2 record's means cover thousands of participants: no mean can sit at its maximum there (RES006
# is planted in the other two formats only).
CASES = [(fmt, kind) for kind in sorted(PLANTED) for k, fmt in enumerate(("xml", "classic", "v2"))
         if PLANTED[kind][1 + k] is not None]


@pytest.mark.parametrize("fmt,kind", CASES)
def test_planted_defect_is_found(corpus, tmp_path, fmt, kind):
    rule_id, xml, classic, v2 = PLANTED[kind]
    edits = {"xml": xml, "classic": classic, "v2": v2}[fmt]
    found = _findings(_copy(tmp_path, fmt, edits))
    assert rule_id in {f.rule for f in found}, [f.message for f in found]
    assert {f.rule for f in found} - {rule_id} <= ALSO.get(kind, set()), [f.message for f in found]
    assert all(f.severity in ("warning", "error") for f in found)


def test_planted_messages_in_legacy_xml(corpus, tmp_path):
    """The messages a curator reads, for a few planted defects (numbers checked against the file)."""
    def one(kind):
        (f,) = [f for f in _findings(_copy(tmp_path, "xml", PLANTED[kind][1])) if f.rule == PLANTED[kind][0]]
        return f
    f = one("flow arithmetic")      # P4: STARTED 46 (line 834), COMPLETED 44 -> 45, NOT COMPLETED 2
    assert f.message == ('Period "Overall Study", group "Phase II: 74 Gy/37 fx + Chemotherapy": 46 started - 45 '
                         "completed = 1, but NOT COMPLETED is 2.")
    f = one("swapped group sizes")  # STARTED P1 8, P2 9; baseline B1 8 -> 9, B2 9 -> 8
    assert f.message == ('Groups "Phase I: 74 Gy/37 fx + Chemotherapy" and "Phase I: 75.25 Gy/36 fx + Chemotherapy" '
                         "have swapped sizes: 9 and 8 started, but the baseline counts 8 and 9.")
    f = one("centre outside its range")     # B1 median 65.5 -> 85.5, full range 48 to 77
    assert f.message == ('Baseline "Age", group "Phase I: 75.25 Gy/36 fx + Chemotherapy": the median 85.5 lies '
                         "outside its full range 48 to 77.")
    assert (f.severity, [e.text for e in f.evidence]) == ("error", ["85.5", "48", "77"])
    f = one("mean at its maximum")  # B1 mean 77 = max, range 48-77, 8 analysed: at most 77.5 - 28/8 = 74
    assert f.message == ('Baseline "Age", group "Phase I: 75.25 Gy/36 fx + Chemotherapy": the mean 77 equals the '
                         "maximum although the range 48 to 77 over 8 participants puts the mean at most 74.0.")
    f = one("total vs groups")      # 8 + 9 + 44 = 61, Total 61 -> 62
    assert f.message == ("Participants analysed at baseline: the Total is 62 but the groups add up to 8 + 9 + 44 = 61.")
    f = one("overall mean")         # group means 65.5, 68, 67 (hull 65.45-68.5); Total 67 -> 75
    assert f.message == ('Baseline "Age": the Total mean 75 cannot come from the group means: (65.5 x 8 + 68 x 9 + '
                         "67 x 44) / 61 = 67.0.")  # 4084 / 61 = 66.95


LEGACY = CORPUS / "ctgov-legacy-xml_reesewang25"
BULK = CORPUS / "ctgov-api-v2-json-bulk"


def test_real_records_with_results_defects(corpus):
    # Outcome 'Disease-specific Survival' lists Radical Intervention 78 (line 808), Active Surveillance 102
    # (line 809); the flow started Active Surveillance 78 (line 457), Radical Intervention 102 (line 458).
    (f,) = [f for f in _findings(LEGACY / "NCT00499174.xml") if f.rule == "RES002"]
    assert f.message == ('Groups "Active Surveillance" and "Radical Intervention" have swapped sizes: 78 and 102 '
                         'started, but the outcome measure "Disease-specific Survival" counts 102 and 78.')
    assert [e.line for e in f.evidence] == [457, 458, 809, 808]
    # Age means 11.94, 11.98 (6th grade) and 13.97-14.00 (8th grade, 7006 of 8727); Total 11.96 (line 656)
    (f,) = [f for f in _findings(LEGACY / "NCT00006409.xml") if f.rule == "RES008"]
    assert f.values["total mean"] == "11.96" and f.evidence[0].line == 656
    # 'Time to Progression' analyses 94 in CTCL (line 1238), 84 started (line 653); 47 + 94 > enrollment 131
    (f,) = [f for f in _findings(LEGACY / "NCT00007345.xml") if f.rule == "RES003"]
    assert (f.values, [e.line for e in f.evidence]) == ({"started": "84", "counted": "94"}, [653, 1238])
    # Region of Enrollment, United States: 35 + 25 + 63 + 58 = 181, Total 121
    (f,) = [f for f in _findings(BULK / "NCT04524598.json") if f.rule == "RES007"]
    assert f.values == {"total": "121", "sum of groups": "35 + 25 + 63 + 58 = 181"}


def test_real_records_that_explain_their_counts(corpus):
    # A 'Crossover' arm of the second period (3 people, line 328) joins Arginine Butyrate: its adverse
    # events count 15 at risk against 12 started in the randomized period.
    assert not [f for f in _findings(LEGACY / "NCT00004412.xml") if f.rule == "RES003"]
    # Five periods of different people (3 + 3 + 10 + 5 + 26 = enrollment 47): an outcome analysing 46
    # is not above the 26 of the last period.
    assert not [f for f in _findings(LEGACY / "NCT00463060.xml") if f.rule == "RES003"]
    # As-treated safety population: 36 of Arm A moved to Arm B (2902 at risk against 2900 started).
    assert not [f for f in _findings(CORPUS / "ctgov-api-v2-json" / "NCT02513394.json") if f.rule == "RES003"]
    # A recruitment measure over 'All Eligible Patients' (48) of whom 37 took part.
    assert not [f for f in _findings(BULK / "NCT04520009.json") if f.rule == "RES004"]


def test_res009_terminated_with_everyone_completed(corpus, tmp_path):
    # NCT02299791: STARTED 2053 + 2803 = COMPLETED, NOT COMPLETED 0 in its one period.
    status = ("protocolSection", "statusModule")
    safety = _copy(tmp_path, "v2", [(status + ("overallStatus",), "TERMINATED"),
                                    (status + ("whyStopped",), "Stopped early for safety concerns")])
    (f,) = _findings(safety)
    assert (f.rule, f.message) == ("RES009", 'The study is Terminated ("Stopped early for safety concerns") but its '
                                             "participant flow says all 4856 participants completed.")
    # Stopped recruiting early: those who started may well all complete.
    accrual = _copy(tmp_path, "v2", [(status + ("overallStatus",), "TERMINATED"),
                                     (status + ("whyStopped",), "Slow accrual")])
    assert _findings(accrual) == []
