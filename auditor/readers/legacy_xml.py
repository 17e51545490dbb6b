"""ClinicalTrials.gov legacy XML (`<clinical_study>`, the AllPublicXML bulk download and the old
`?displayxml=true` record pages). A file may hold one study or several under another root.

Values are display strings ('Phase 1/Phase 2', 'None (Open Label)', '18 Years', 'March 2009' with
type="Anticipated"); vocab maps them onto the API v2 enums. Lines come from lxml (sourceline);
columns are not known for XML except inside text blocks.

Safety: entities are never resolved (no external entity can read a local file, no entity
expansion bomb), no network access, no huge-tree mode. Studies are parsed one at a time and
cleared after use, so memory stays flat on a large multi-study file.
"""
from __future__ import annotations

import io
import re
from typing import Iterator

from lxml import etree

from .. import vocab
from ..extract.criteria import split_criteria, text_locator
from ..model import (Analysis, Arm, BaselineCount, Criterion, Field, FlowCount, InputProblem, Intervention, Loc,
                     Official, Outcome, Site, Trial)
from .common import (age_field, date_field, enum_value, nct_value, parse_masking, parse_phases,
                     registry_links, stable_id)
from .results_xml import read_results

NAME = "ctgov-legacy-xml"

_PROLOG = re.compile(r"""\s*(?:<\?xml[^>]*\?>\s*)?(?:(?:<!--.*?-->|<\?.*?\?>|<!DOCTYPE[^\[>]*(?:\[.*?\])?\s*>)\s*)*
                         <(?P<tag>[A-Za-z_][\w.:-]*)""", re.S | re.X)
_STUDY_TAG = re.compile(r"<clinical_study[\s>/]")

# Leaf elements of <clinical_study> read as plain text fields: tag -> Trial attribute.
_TEXT = {"brief_title": "brief_title", "official_title": "official_title", "acronym": "acronym",
         "why_stopped": "why_stopped"}
# Dates: attribute -> tags in order of preference (older files name some differently).
_DATES = {"start_date": ("start_date",), "primary_completion_date": ("primary_completion_date",),
          "completion_date": ("completion_date",),
          "first_submitted": ("study_first_submitted", "firstreceived_date"),
          "first_posted": ("study_first_posted",),
          "last_update_posted": ("last_update_posted", "lastchanged_date"),
          "status_verified": ("verification_date",)}
_BLOCKS = {"brief_summary": "brief_summary", "detailed_description": "detailed_description"}


def sniff(head: str) -> bool:
    """XML whose root is <clinical_study>, or a root holding <clinical_study> elements."""
    m = _PROLOG.match(head.lstrip("\ufeff"))
    if m is None:
        return False
    return m.group("tag") == "clinical_study" or _STUDY_TAG.search(head) is not None


_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, remove_pis=True)


def read(data: bytes, display: str) -> Iterator[Trial | InputProblem]:
    m = _PROLOG.match(data[:4096].decode("utf-8", "ignore").lstrip("\ufeff"))
    if m is not None and m.group("tag") == "clinical_study":
        # One study per file, the usual case: a whole-tree parse is twice as fast as iterparse.
        try:
            root = etree.fromstring(data, _PARSER)
        except etree.XMLSyntaxError as e:
            yield _syntax_problem(e, display)
            return
        yield _trial(root, display, 1)
        return
    yield from _read_many(data, display)


def _read_many(data: bytes, display: str) -> Iterator[Trial | InputProblem]:
    events = etree.iterparse(io.BytesIO(data), events=("end",), tag="clinical_study", resolve_entities=False,
                             no_network=True, load_dtd=False, huge_tree=False, remove_pis=True)
    n = 0
    try:
        for _ev, el in events:
            n += 1
            try:
                trial = _trial(el, display, n)
            except Exception:  # noqa: BLE001 - one odd study must not lose the others of the file
                yield InputProblem(display, f"study {n} of the file could not be read (a value of an unexpected "
                                            "type or form)", el.sourceline)
            else:
                yield trial
            # Free what was read: the element and the siblings before it.
            el.clear(keep_tail=True)
            parent = el.getparent()
            if parent is not None:
                while el.getprevious() is not None:
                    del parent[0]
    except etree.XMLSyntaxError as e:
        yield _syntax_problem(e, display)
        return
    if n == 0:
        yield InputProblem(display, "XML holds no <clinical_study> element")


def _syntax_problem(e: etree.XMLSyntaxError, display: str) -> InputProblem:
    return InputProblem(display, f"not well-formed XML: {e.msg}", e.lineno or None)


# -- helpers ---------------------------------------------------------------------------------------

def _txt(el) -> str:
    """An element's text; '&#xD;' line ends (the exporter writes CR LF) lose their CR."""
    t = (el.text or "") if len(el) == 0 else "".join(el.itertext())
    return t.replace("\r", "") if "\r" in t else t


class _X:
    """Field makers bound to one file."""

    __slots__ = ("src",)

    def __init__(self, src: str):
        self.src = src

    def loc(self, el) -> Loc:
        return Loc(self.src, el.sourceline)

    def field(self, el, norm=None) -> Field | None:
        if el is None:
            return None
        # _txt(el).strip(), inlined: the reader's most frequent call
        raw = el.text if len(el) == 0 else "".join(el.itertext())
        if not raw:
            return None
        if "\r" in raw:
            raw = raw.replace("\r", "")
        raw = raw.strip()
        if not raw:
            return None
        return Field(norm(raw) if norm else raw, raw, Loc(self.src, el.sourceline))

    def enum(self, el, kind: str) -> Field | None:
        f = self.field(el)
        if f is not None:
            f.value = enum_value(kind, f.raw)
        return f

    def block(self, el) -> tuple[Field | None, str | None, int | None]:
        """A <textblock>: the text with its indentation removed, located at its first non-blank line.
        Also returns the text as parsed and the line it starts on, for finer locating."""
        tb = el.find("textblock") if el is not None else None
        if tb is None:
            return None, None, None
        raw = (tb.text or "") if len(tb) == 0 else "".join(tb.itertext())
        body = raw.replace("\r", "")
        lead = len(body) - len(body.lstrip())
        line = tb.sourceline + body.count("\n", 0, lead)
        text = _dedent(body.strip("\n").rstrip())
        if not text.strip():
            return None, raw, tb.sourceline
        return Field(text.strip(), text.strip(), Loc(self.src, line)), raw, tb.sourceline


_LEAD = re.compile(r"[ \t]*")
_DEDENT: dict[int, re.Pattern] = {}


def _dedent(text: str) -> str:
    """Remove the indentation of the first line from every line (the exporter indents a text
    block uniformly; one regex pass instead of textwrap.dedent's line-by-line work). The pattern
    opens with the line break, a literal the regex engine scans for quickly; the first line,
    whose indentation is exactly `cut`, is cut by slicing."""
    cut = _LEAD.match(text).end()
    if cut == 0:
        return text
    rx = _DEDENT.get(cut)
    if rx is None:
        rx = _DEDENT[cut] = re.compile(rf"\n[ \t]{{1,{cut}}}")
    return rx.sub("\n", text[cut:])


def _children(el) -> dict[str, list]:
    """Child elements by tag, in one pass (three times faster than a find() per tag); comments,
    processing instructions and entities are left out by lxml."""
    out: dict[str, list] = {}
    for ch in el.iterchildren(etree.Element):
        tag = ch.tag
        got = out.get(tag)
        if got is None:
            out[tag] = [ch]
        else:
            got.append(ch)
    return out


def _first(k: dict[str, list], tag: str):
    v = k.get(tag)
    return v[0] if v else None


# -- the record ------------------------------------------------------------------------------------

_PROCESSED_ON = re.compile(r"processed\s+this\s+data\s+on\s+(.+)", re.I)


def _download_date(x: "_X", header) -> Field | None:
    """'ClinicalTrials.gov processed this data on February 03, 2023' -> the date of the snapshot."""
    el = header.find("download_date") if header is not None else None
    m = _PROCESSED_ON.search(_txt(el)) if el is not None else None
    if m is None:
        return None
    f = date_field(m.group(1).strip(), None, x.loc(el))
    return f if f.value is not None else None


def _trial(root, display: str, n: int) -> Trial:
    x = _X(display)
    k = _children(root)
    id_info = _children(k["id_info"][0]) if "id_info" in k else {}
    nct = x.field(_first(id_info, "nct_id"), nct_value)
    t = Trial(id=nct.value if nct else stable_id(display, n), source=display, format=NAME)
    t.nct_id = nct
    t.org_study_id = x.field(_first(id_info, "org_study_id"))
    t.secondary_ids = [f for f in (x.field(e) for e in id_info.get("secondary_id", [])) if f]
    links = [(f.raw, f.loc) for f in t.secondary_ids]
    for tag in ("reference", "results_reference"):
        for ref in k.get(tag, []):
            c = ref.find("citation")
            if c is not None:
                links.append((_txt(c), x.loc(c)))
    t.related_ids = registry_links(links, nct.value if nct else None)

    for tag, attr in _TEXT.items():
        setattr(t, attr, x.field(_first(k, tag)))
    t.overall_status = x.enum(_first(k, "overall_status"), "Status")
    t.last_known_status = x.enum(_first(k, "last_known_status"), "Status")
    t.snapshot_date = _download_date(x, _first(k, "required_header"))
    t.study_type = x.enum(_first(k, "study_type"), "StudyType")
    for attr, tags in _DATES.items():
        for tag in tags:
            el = _first(k, tag)
            if el is not None and _txt(el).strip():
                setattr(t, attr, date_field(_txt(el).strip(), el.get("type"), x.loc(el)))
                break
    ph = _first(k, "phase")
    if ph is not None:
        t.phases = x.field(ph, parse_phases)
    en = _first(k, "enrollment")
    if en is not None:
        t.enrollment = x.field(en, vocab.parse_int)
        etype = en.get("type")
        if etype:
            t.enrollment_type = Field(enum_value("EnrollmentType", etype), etype, x.loc(en))

    for attr, tag in _BLOCKS.items():
        el = _first(k, tag)
        f, _raw, line = x.block(el)
        setattr(t, attr, f)
        if f is None and el is not None:
            t.empty_sections[attr] = Loc(display, line or el.sourceline)

    sponsors = _first(k, "sponsors")
    if sponsors is not None:
        t.lead_sponsor = x.field(sponsors.find("lead_sponsor/agency"))
        t.collaborators = [f for f in (x.field(e) for e in sponsors.iterfind("collaborator/agency")) if f]
    t.conditions = [f for f in (x.field(e) for e in k.get("condition", [])) if f]
    t.keywords = [f for f in (x.field(e) for e in k.get("keyword", [])) if f]

    _design(x, t, _first(k, "study_design_info"))
    _eligibility(x, t, _first(k, "eligibility"))
    _people_places(x, t, k)
    _arms(x, t, k)
    _outcomes(x, t, k)
    res = _first(k, "clinical_results")
    if res is not None:
        t.has_results = True
        _results(x, t, res)
        t.results = read_results(display, res)
    return t


def _design(x: _X, t: Trial, d) -> None:
    if d is None:
        return
    k = _children(d)
    t.allocation = x.enum(_first(k, "allocation"), "DesignAllocation")
    t.intervention_model = x.enum(_first(k, "intervention_model"), "InterventionalAssignment")
    t.primary_purpose = x.enum(_first(k, "primary_purpose"), "PrimaryPurpose")
    m = x.field(_first(k, "masking"))
    if m is not None:
        level, who = parse_masking(m.raw)
        t.masking = Field(level, m.raw, m.loc)
        if who:
            t.who_masked = Field(who, m.raw, m.loc)
    t.masking_description = x.field(_first(k, "masking_description"))
    t.design_notes = [f for f in (x.field(e) for e in k.get("intervention_model_description", [])) if f]


def _eligibility(x: _X, t: Trial, el) -> None:
    if el is None:
        return
    k = _children(el)
    crit = _first(k, "criteria")
    f, raw, line = x.block(crit)
    t.criteria_text = f
    if f is not None:
        t.criteria = _criteria(raw, x.src, line)
    elif crit is not None:
        t.empty_sections["criteria_text"] = Loc(x.src, line or crit.sourceline)
    t.sex = x.enum(_first(k, "gender"), "Sex")
    hv = _first(k, "healthy_volunteers")
    t.healthy_volunteers = x.field(hv, vocab.parse_bool)
    for attr, tag in (("min_age", "minimum_age"), ("max_age", "maximum_age")):
        a = _first(k, tag)
        if a is not None and _txt(a).strip():
            setattr(t, attr, age_field(_txt(a).strip(), x.loc(a)))


def _criteria(raw: str, src: str, line: int) -> list[Criterion]:
    # The text starts on the <textblock> line; its first column there is unknown.
    return split_criteria(raw, text_locator(raw, src, line), wrapped=True)


def _people_places(x: _X, t: Trial, k: dict[str, list]) -> None:
    for o in k.get("overall_official", []):
        ok = _children(o)
        parts = [e for e in (_first(ok, tag) for tag in ("first_name", "middle_name", "last_name")) if e is not None]
        texts = [(e.text or "").strip() for e in parts]
        name = None
        if any(texts):
            raw = " ".join(tx for tx in texts if tx)
            name = Field(raw, raw, x.loc(parts[-1]))
        t.officials.append(Official(name=name, role=x.enum(_first(ok, "role"), "OfficialRole"),
                                    affiliation=x.field(_first(ok, "affiliation"))))
    for loc in k.get("location", []):
        fac = status = name = city = country = None
        for ch in loc:
            if ch.tag == "facility":
                fac = ch
            elif ch.tag == "status":
                status = ch
        if fac is not None:
            for ch in fac:
                if ch.tag == "name":
                    name = ch
                elif ch.tag == "address":
                    for a in ch:
                        if a.tag == "city":
                            city = a
                        elif a.tag == "country":
                            country = a
        t.sites.append(Site(facility=x.field(name), city=x.field(city), country=x.field(country),
                            status=x.enum(status, "RecruitmentStatus")))
    lc = _first(k, "location_countries")
    if lc is not None:
        t.countries = [f for f in (x.field(e) for e in lc if e.tag == "country") if f]


def _arms(x: _X, t: Trial, k: dict[str, list]) -> None:
    for a in k.get("arm_group", []):
        ak = _children(a)
        t.arms.append(Arm(label=x.field(_first(ak, "arm_group_label")),
                          type=x.enum(_first(ak, "arm_group_type"), "ArmGroupType"),
                          description=x.field(_first(ak, "description"))))
    for i in k.get("intervention", []):
        ik = _children(i)
        t.interventions.append(Intervention(
            type=x.enum(_first(ik, "intervention_type"), "InterventionType"),
            name=x.field(_first(ik, "intervention_name")), description=x.field(_first(ik, "description")),
            arm_labels=[f for f in (x.field(e) for e in ik.get("arm_group_label", [])) if f],
            other_names=[f for f in (x.field(e) for e in ik.get("other_name", [])) if f]))


def _outcomes(x: _X, t: Trial, k: dict[str, list]) -> None:
    for kind in ("primary", "secondary", "other"):
        for o in k.get(f"{kind}_outcome", []):
            ok = _children(o)
            t.outcomes.append(Outcome(kind=kind, title=x.field(_first(ok, "measure")),
                                      time_frame=x.field(_first(ok, "time_frame")),
                                      description=x.field(_first(ok, "description"))))


def _groups(el) -> dict[str, str]:
    out = {}
    if el is None:
        return out
    for g in el.iterfind("group_list/group"):
        gid = g.get("group_id", "")
        out[gid] = (g.findtext("title") or gid).strip()
    return out


def _count(x: _X, el, attr: str) -> Field | None:
    raw = el.get(attr)
    if raw is None:
        return None
    return Field(vocab.parse_int(raw), raw, x.loc(el))


def _results(x: _X, t: Trial, res) -> None:
    flow = res.find("participant_flow")
    if flow is not None:
        groups = _groups(flow)
        for period in flow.iterfind("period_list/period"):
            ptitle = (period.findtext("title") or "").strip()
            for ms in period.iterfind("milestone_list/milestone"):
                mtitle = (ms.findtext("title") or "").strip()
                for p in ms.iterfind("participants_list/participants"):
                    gid = p.get("group_id", "")
                    t.flow.append(FlowCount(period=ptitle, milestone=mtitle, group=groups.get(gid, gid),
                                            count=_count(x, p, "count")))
    base = res.find("baseline")
    if base is not None:
        groups = _groups(base)
        chosen = None
        for an in base.iterfind("analyzed_list/analyzed"):
            units = (an.findtext("units") or "").strip().lower()
            if chosen is None or (units == "participants" and
                                  (chosen.findtext("units") or "").strip().lower() != "participants"):
                chosen = an
        if chosen is not None:
            for c in chosen.iterfind("count_list/count"):
                gid = c.get("group_id", "")
                t.baseline.append(BaselineCount(group=groups.get(gid, gid), count=_count(x, c, "value")))
    for out in res.iterfind("outcome_list/outcome"):
        title = (out.findtext("title") or "").strip()
        groups = _groups(out)
        for a in out.iterfind("analysis_list/analysis"):
            gids = [(g.text or "").strip() for g in a.iterfind("group_id_list/group_id")]
            ak = _children(a)
            f = lambda tag: x.field(_first(ak, tag))  # noqa: E731
            t.analyses.append(Analysis(
                outcome=title, param_type=f("param_type"), estimate=f("param_value"), ci_pct=f("ci_percent"),
                ci_lower=f("ci_lower_limit"), ci_upper=f("ci_upper_limit"), p_value=f("p_value"),
                method=f("method"), groups=[groups.get(g, g) for g in gids],
                non_inferiority=f("non_inferiority_type"), ci_sides=f("ci_n_sides"),
                p_value_desc=f("p_value_desc"), method_desc=f("method_desc")))
