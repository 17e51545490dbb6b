"""The results tables of a legacy XML record (<clinical_results>) as one `Results` model:
participant flow, baseline, outcome measures and adverse-event groups, each value located.

Element names: the AllPublicXML schema (public.xsd); values sit in attributes (count, value,
spread, lower_limit, upper_limit), located at their element's line."""
from __future__ import annotations

from .. import vocab
from ..model import (EventGroup, Field, FlowPeriod, FlowRow, GroupCount, Loc, Measure, MeasureRow, Measurement,
                     ResultGroup, Results)


class _Cells:
    """Field makers for one file (text of elements, values of attributes)."""

    __slots__ = ("src",)

    def __init__(self, src: str):
        self.src = src

    def text(self, el) -> Field | None:
        if el is None:
            return None
        raw = "".join(el.itertext()).replace("\r", "").strip()
        return Field(raw, raw, Loc(self.src, el.sourceline)) if raw else None

    def attr(self, el, name: str, count: bool = False) -> Field | None:
        raw = el.get(name)
        if raw is None or not raw.strip():
            return None
        return Field(vocab.parse_int(raw) if count else raw.strip(), raw, Loc(self.src, el.sourceline))


def _groups(c: _Cells, el) -> list[ResultGroup]:
    if el is None:
        return []
    return [ResultGroup(id=(g.get("group_id") or "").strip(), title=c.text(g.find("title")),
                        description=c.text(g.find("description")))
            for g in el.iterfind("group_list/group")]


def _counts(c: _Cells, parent, path: str, attr: str) -> list[GroupCount]:
    return [GroupCount(group=(p.get("group_id") or "").strip(), count=c.attr(p, attr, count=True))
            for p in parent.iterfind(path)]


def _participant_counts(c: _Cells, el) -> tuple[Field | None, list[GroupCount]]:
    """The analysed counts in participants (others count eyes, teeth...): units and counts."""
    chosen = None
    for an in el.iterfind("analyzed_list/analyzed"):
        units = (an.findtext("units") or "").strip().lower()
        if chosen is None or (units == "participants" and (chosen.findtext("units") or "").strip().lower()
                              != "participants"):
            chosen = an
    if chosen is None:
        return None, []
    return c.text(chosen.find("units")), _counts(c, chosen, "count_list/count", "value")


def _flow(c: _Cells, r: Results, flow) -> None:
    r.flow_groups = _groups(c, flow)
    r.pre_assignment = c.text(flow.find("pre_assignment_details"))
    r.recruitment_details = c.text(flow.find("recruitment_details"))
    for period in flow.iterfind("period_list/period"):
        p = FlowPeriod(title=c.text(period.find("title")))
        for ms in period.iterfind("milestone_list/milestone"):
            p.milestones.append(FlowRow(c.text(ms.find("title")), _counts(c, ms, "participants_list/participants", "count")))
        for dw in period.iterfind("drop_withdraw_reason_list/drop_withdraw_reason"):
            p.reasons.append(FlowRow(c.text(dw.find("title")), _counts(c, dw, "participants_list/participants", "count")))
        r.periods.append(p)


def _measure(c: _Cells, el, kind: str, groups: list[ResultGroup]) -> Measure:
    m = Measure(kind=kind, title=c.text(el.find("title")), param=c.text(el.find("param")),
                dispersion=c.text(el.find("dispersion")), units=c.text(el.find("units")), groups=groups)
    m.denom_units, m.analyzed = _participant_counts(c, el)
    for cl in el.iterfind("class_list/class"):
        ctitle = (cl.findtext("title") or "").strip()
        _u, cden = _participant_counts(c, cl)
        for cat in cl.iterfind("category_list/category"):
            row = MeasureRow(class_title=ctitle, category_title=(cat.findtext("title") or "").strip(), denoms=cden)
            for x in cat.iterfind("measurement_list/measurement"):
                row.measurements.append(Measurement(
                    group=(x.get("group_id") or "").strip(), value=c.attr(x, "value"), spread=c.attr(x, "spread"),
                    lower=c.attr(x, "lower_limit"), upper=c.attr(x, "upper_limit")))
            m.rows.append(row)
    return m


_KINDS = {"primary": "primary", "secondary": "secondary", "other pre-specified": "other", "post-hoc": "post-hoc"}


def _events(c: _Cells, r: Results, ev) -> None:
    groups = _groups(c, ev)
    at_risk: dict[tuple[str, str], tuple[Field | None, Field | None]] = {}
    for kind in ("serious", "other"):
        for e in ev.iterfind(f"{kind}_events/category_list/category/event_list/event"):
            sub = (e.findtext("sub_title") or "").strip().lower()
            if not sub.startswith("total"):
                continue
            for cnt in e.iterfind("counts"):
                gid = (cnt.get("group_id") or "").strip()
                at_risk.setdefault((kind, gid), (c.attr(cnt, "subjects_at_risk", True),
                                                 c.attr(cnt, "subjects_affected", True)))
    for g in groups:
        s = at_risk.get(("serious", g.id), (None, None))
        o = at_risk.get(("other", g.id), (None, None))
        r.event_groups.append(EventGroup(group=g, serious_at_risk=s[0], serious_affected=s[1],
                                         other_at_risk=o[0], other_affected=o[1]))


def read_results(src: str, res) -> Results:
    """The <clinical_results> element of a record as a Results model."""
    c = _Cells(src)
    r = Results()
    flow = res.find("participant_flow")
    if flow is not None:
        _flow(c, r, flow)
    base = res.find("baseline")
    if base is not None:
        r.baseline_groups = _groups(c, base)
        r.baseline_population = c.text(base.find("population"))
        r.baseline_denom_units, r.baseline_analyzed = _participant_counts(c, base)
        r.baseline_measures = [_measure(c, m, "baseline", r.baseline_groups)
                               for m in base.iterfind("measure_list/measure")]
    for out in res.iterfind("outcome_list/outcome"):
        m = out.find("measure")
        if m is None:
            continue
        kind = _KINDS.get((out.findtext("type") or "").strip().lower(), "other")
        r.outcome_measures.append(_measure(c, m, kind, _groups(c, out)))
    ev = res.find("reported_events")
    if ev is not None:
        _events(c, r, ev)
    return r
