"""The results tables of a ClinicalTrials.gov JSON study (API v2 `resultsSection`, classic API
`ResultsSection`) as one `Results` model, each value located.

The two APIs differ only by names: `SPEC_V2` and `SPEC_CLASSIC` map the names used here onto each
(API v2 names: the OpenAPI spec ctg-oas-v2.yaml; classic names prefix every key with its table).
The readers prune the measure tables and adverse events when indexing positions (most records
have no results): the results section is indexed here, on demand, without the event lists."""
from __future__ import annotations

from typing import Any

from .. import vocab
from ..model import (EventGroup, Field, FlowPeriod, FlowRow, GroupCount, Measure, MeasureRow, Measurement,
                     ResultGroup, Results)

# A group list: (path of the list, id key, title key, description key).
# A denominator list: (path of the list, units key, path of its counts, group id key, value key).


def _measure_spec(p: str, denoms: tuple) -> dict[str, Any]:
    return {
        "title": f"{p}MeasureTitle", "param": f"{p}MeasureParamType", "dispersion": f"{p}MeasureDispersionType",
        "units": f"{p}MeasureUnitOfMeasure", "denoms": denoms,
        "classes": f"{p}ClassList.{p}Class[]", "class.title": f"{p}ClassTitle",
        "class.denoms": (f"{p}ClassDenomList.{p}ClassDenom[]", f"{p}ClassDenomUnits",
                         f"{p}ClassDenomCountList.{p}ClassDenomCount[]", f"{p}ClassDenomCountGroupId",
                         f"{p}ClassDenomCountValue"),
        "categories": f"{p}CategoryList.{p}Category[]", "category.title": f"{p}CategoryTitle",
        "measurements": f"{p}MeasurementList.{p}Measurement[]", "m.group": f"{p}MeasurementGroupId",
        "m.value": f"{p}MeasurementValue", "m.spread": f"{p}MeasurementSpread",
        "m.lower": f"{p}MeasurementLowerLimit", "m.upper": f"{p}MeasurementUpperLimit",
    }


_V2_DENOMS = ("denoms[]", "units", "counts[]", "groupId", "value")
_V2_MEASURE = {
    "title": "title", "param": "paramType", "dispersion": "dispersionType", "units": "unitOfMeasure",
    "denoms": _V2_DENOMS, "classes": "classes[]", "class.title": "title", "class.denoms": _V2_DENOMS,
    "categories": "categories[]", "category.title": "title", "measurements": "measurements[]",
    "m.group": "groupId", "m.value": "value", "m.spread": "spread", "m.lower": "lowerLimit", "m.upper": "upperLimit",
}
_V2_GROUPS = ("groups[]", "id", "title", "description")

SPEC_V2: dict[str, Any] = {
    "section": "resultsSection",
    "prune": frozenset({"seriousEvents", "otherEvents"}),
    "flow": "participantFlowModule", "flow.pre": "preAssignmentDetails", "flow.rec": "recruitmentDetails",
    "flow.groups": _V2_GROUPS, "periods": "periods[]", "period.title": "title",
    "milestones": "milestones[]", "milestone.title": "type", "achievements": "achievements[]",
    "achievement.group": "groupId", "achievement.count": "numSubjects",
    "drops": "dropWithdraws[]", "drop.title": "type", "reasons": "reasons[]",
    "reason.group": "groupId", "reason.count": "numSubjects",
    "baseline": "baselineCharacteristicsModule", "baseline.population": "populationDescription",
    "baseline.groups": _V2_GROUPS, "baseline.denoms": _V2_DENOMS, "baseline.measures": "measures[]",
    "baseline.measure": _V2_MEASURE,
    "outcomes": "outcomeMeasuresModule.outcomeMeasures[]", "outcome.type": "type", "outcome.groups": _V2_GROUPS,
    "outcome.measure": _V2_MEASURE,
    "events": "adverseEventsModule.eventGroups[]", "event.group": ("id", "title", "description"),
    "event.serious_at_risk": "seriousNumAtRisk", "event.serious_affected": "seriousNumAffected",
    "event.other_at_risk": "otherNumAtRisk", "event.other_affected": "otherNumAffected",
}

SPEC_CLASSIC: dict[str, Any] = {
    "section": "ResultsSection",
    "prune": frozenset({"SeriousEventList", "OtherEventList"}),
    "flow": "ParticipantFlowModule", "flow.pre": "FlowPreAssignmentDetails", "flow.rec": "FlowRecruitmentDetails",
    "flow.groups": ("FlowGroupList.FlowGroup[]", "FlowGroupId", "FlowGroupTitle", "FlowGroupDescription"),
    "periods": "FlowPeriodList.FlowPeriod[]", "period.title": "FlowPeriodTitle",
    "milestones": "FlowMilestoneList.FlowMilestone[]", "milestone.title": "FlowMilestoneType",
    "achievements": "FlowAchievementList.FlowAchievement[]", "achievement.group": "FlowAchievementGroupId",
    "achievement.count": "FlowAchievementNumSubjects",
    "drops": "FlowDropWithdrawList.FlowDropWithdraw[]", "drop.title": "FlowDropWithdrawType",
    "reasons": "FlowReasonList.FlowReason[]", "reason.group": "FlowReasonGroupId",
    "reason.count": "FlowReasonNumSubjects",
    "baseline": "BaselineCharacteristicsModule", "baseline.population": "BaselinePopulationDescription",
    "baseline.groups": ("BaselineGroupList.BaselineGroup[]", "BaselineGroupId", "BaselineGroupTitle",
                        "BaselineGroupDescription"),
    "baseline.denoms": ("BaselineDenomList.BaselineDenom[]", "BaselineDenomUnits",
                        "BaselineDenomCountList.BaselineDenomCount[]", "BaselineDenomCountGroupId",
                        "BaselineDenomCountValue"),
    "baseline.measures": "BaselineMeasureList.BaselineMeasure[]",
    "baseline.measure": _measure_spec("Baseline", (
        "BaselineMeasureDenomList.BaselineMeasureDenom[]", "BaselineMeasureDenomUnits",
        "BaselineMeasureDenomCountList.BaselineMeasureDenomCount[]", "BaselineMeasureDenomCountGroupId",
        "BaselineMeasureDenomCountValue")),
    "outcomes": "OutcomeMeasuresModule.OutcomeMeasureList.OutcomeMeasure[]", "outcome.type": "OutcomeMeasureType",
    "outcome.groups": ("OutcomeGroupList.OutcomeGroup[]", "OutcomeGroupId", "OutcomeGroupTitle",
                       "OutcomeGroupDescription"),
    "outcome.measure": _measure_spec("Outcome", (
        "OutcomeDenomList.OutcomeDenom[]", "OutcomeDenomUnits", "OutcomeDenomCountList.OutcomeDenomCount[]",
        "OutcomeDenomCountGroupId", "OutcomeDenomCountValue")),
    "events": "AdverseEventsModule.EventGroupList.EventGroup[]",
    "event.group": ("EventGroupId", "EventGroupTitle", "EventGroupDescription"),
    "event.serious_at_risk": "EventGroupSeriousNumAtRisk", "event.serious_affected": "EventGroupSeriousNumAffected",
    "event.other_at_risk": "EventGroupOtherNumAtRisk", "event.other_affected": "EventGroupOtherNumAffected",
}

_KINDS = {"primary": "primary", "secondary": "secondary", "other_pre_specified": "other",
          "other pre-specified": "other", "post_hoc": "post-hoc", "post-hoc": "post-hoc"}


class _Reader:
    def __init__(self, b, spec: dict[str, Any]):
        self.b = b                  # the jsonstudy builder: leaves, fields with positions
        self.s = spec

    def items(self, obj: Any, path: str) -> list[dict]:
        from .jsonstudy import leaves
        return [v for _c, _k, v in leaves(obj, path) if type(v) is dict]

    def text(self, obj: Any, path: str) -> Field | None:
        """A value as text (a number where text belongs is kept as its digits: record text is untrusted)."""
        f = self.b.field(obj, path)
        if f is not None and not isinstance(f.value, str):
            f.value = f.raw.strip()
        return f

    def count(self, obj: Any, path: str) -> Field | None:
        return self.b.field(obj, path, vocab.parse_int)

    def groups(self, obj: Any, spec: tuple) -> list[ResultGroup]:
        path, gid, title, desc = spec
        out = []
        for g in self.items(obj, path):
            f = self.text(g, gid)
            out.append(ResultGroup(id=f.value if f is not None else "", title=self.text(g, title),
                                   description=self.text(g, desc)))
        return out

    def group_counts(self, items: list[dict], gid: str, value: str) -> list[GroupCount]:
        out = []
        for it in items:
            g = self.text(it, gid)
            out.append(GroupCount(group=g.value if g is not None else "", count=self.count(it, value)))
        return out

    def denoms(self, obj: Any, spec: tuple) -> tuple[Field | None, list[GroupCount]]:
        """The denominators counted in participants (else the first): units and counts."""
        path, units, counts, gid, value = spec
        chosen = None
        for d in self.items(obj, path):
            u = self.text(d, units)
            if chosen is None or (u is not None and u.value.lower() == "participants"):
                chosen = (u, d)
                if u is None or u.value.lower() == "participants":
                    break
        if chosen is None:
            return None, []
        return chosen[0], self.group_counts(self.items(chosen[1], counts), gid, value)

    def measure(self, obj: dict, kind: str, ms: dict[str, Any], groups: list[ResultGroup]) -> Measure:
        m = Measure(kind=kind, title=self.text(obj, ms["title"]), param=self.text(obj, ms["param"]),
                    dispersion=self.text(obj, ms["dispersion"]), units=self.text(obj, ms["units"]), groups=groups)
        m.denom_units, m.analyzed = self.denoms(obj, ms["denoms"])
        for cl in self.items(obj, ms["classes"]):
            ct = self.text(cl, ms["class.title"])
            _u, cden = self.denoms(cl, ms["class.denoms"])
            for cat in self.items(cl, ms["categories"]):
                t = self.text(cat, ms["category.title"])
                row = MeasureRow(class_title=ct.value if ct else "", category_title=t.value if t else "", denoms=cden)
                for x in self.items(cat, ms["measurements"]):
                    g = self.text(x, ms["m.group"])
                    row.measurements.append(Measurement(
                        group=g.value if g is not None else "", value=self.text(x, ms["m.value"]),
                        spread=self.text(x, ms["m.spread"]), lower=self.text(x, ms["m.lower"]),
                        upper=self.text(x, ms["m.upper"])))
                m.rows.append(row)
        return m


def read_results(b, study: dict, spec: dict[str, Any]) -> Results | None:
    """The results of one study object (None when it has no results section). `b` is the reader's
    builder (jsonstudy._Builder): its JsonText gives positions."""
    s = spec
    sec = study.get(s["section"]) if type(study) is dict else None
    if type(sec) is not dict:
        return None
    b.jt.index_member(study, s["section"], s["prune"])
    r = Results()
    rd = _Reader(b, s)
    flow = sec.get(s["flow"])
    if type(flow) is dict:
        r.flow_groups = rd.groups(flow, s["flow.groups"])
        r.pre_assignment = rd.text(flow, s["flow.pre"])
        r.recruitment_details = rd.text(flow, s["flow.rec"])
        for per in rd.items(flow, s["periods"]):
            p = FlowPeriod(title=rd.text(per, s["period.title"]))
            for ms in rd.items(per, s["milestones"]):
                p.milestones.append(FlowRow(rd.text(ms, s["milestone.title"]), rd.group_counts(
                    rd.items(ms, s["achievements"]), s["achievement.group"], s["achievement.count"])))
            for dw in rd.items(per, s["drops"]):
                p.reasons.append(FlowRow(rd.text(dw, s["drop.title"]), rd.group_counts(
                    rd.items(dw, s["reasons"]), s["reason.group"], s["reason.count"])))
            r.periods.append(p)
    base = sec.get(s["baseline"])
    if type(base) is dict:
        r.baseline_groups = rd.groups(base, s["baseline.groups"])
        r.baseline_population = rd.text(base, s["baseline.population"])
        r.baseline_denom_units, r.baseline_analyzed = rd.denoms(base, s["baseline.denoms"])
        r.baseline_measures = [rd.measure(m, "baseline", s["baseline.measure"], r.baseline_groups)
                               for m in rd.items(base, s["baseline.measures"])]
    for om in rd.items(sec, s["outcomes"]):
        t = rd.text(om, s["outcome.type"])
        kind = _KINDS.get(t.value.lower(), "other") if t is not None else "other"
        r.outcome_measures.append(rd.measure(om, kind, s["outcome.measure"], rd.groups(om, s["outcome.groups"])))
    gid, gtitle, gdesc = s["event.group"]
    for eg in rd.items(sec, s["events"]):
        f = rd.text(eg, gid)
        r.event_groups.append(EventGroup(
            group=ResultGroup(id=f.value if f is not None else "", title=rd.text(eg, gtitle),
                              description=rd.text(eg, gdesc)),
            serious_at_risk=rd.count(eg, s["event.serious_at_risk"]),
            serious_affected=rd.count(eg, s["event.serious_affected"]),
            other_at_risk=rd.count(eg, s["event.other_at_risk"]),
            other_affected=rd.count(eg, s["event.other_affected"])))
    return r


# Reader name -> its names.
SPECS: dict[str, dict[str, Any]] = {"ctgov-v2-json": SPEC_V2, "ctgov-classic-json": SPEC_CLASSIC}
