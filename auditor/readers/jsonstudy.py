"""Build a Trial from one ClinicalTrials.gov study object in JSON (API v2 or classic API v1).

The two APIs carry the same content under different names: camelCase keys and enum values in
v2, PascalCase keys, wrapper lists ('PhaseList.Phase') and display strings in the classic API.
Each reader passes a table from the canonical names used here to its own paths; the vocab
normalizers accept both enum values and display strings.

Path syntax: keys joined by '.', '[]' after a key walks every element of that list. Paths of
outcomes may hold '{kind}' or '{Kind}' ('primary' or 'Primary', ...): the outcome lists differ only by it.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any, Callable, Iterable, Iterator

from .. import vocab
from ..extract.criteria import split_criteria
from ..model import (Analysis, Arm, BaselineCount, Field, FlowCount, InputProblem, Intervention, Loc, Official,
                     Outcome, Site, Trial)
from .common import (age_field, date_field, enum_value, nct_value, parse_masking, parse_phases,
                     registry_links, secondary_id_text, stable_id)
from .jsonpos import JsonText, documents
from .results_json import SPECS as RESULT_SPECS
from .results_json import read_results

Leaf = tuple[Any, Any, Any]          # (container, key, value)
_OUTCOME_KINDS = (("primary", "Primary"), ("secondary", "Secondary"), ("other", "Other"))


@lru_cache(maxsize=None)
def _steps(path: str) -> tuple[tuple[str, bool], ...]:
    out = []
    for part in path.split("."):
        it = part.endswith("[]")
        out.append((part[:-2] if it else part, it))
    return tuple(out)


def leaves(obj: Any, path: str) -> list[Leaf]:
    """Every value reached by path from obj, with the container and key it sits under."""
    cur: list[Leaf] = [(None, None, obj)]
    for key, it in _steps(path):
        nxt: list[Leaf] = []
        for _c, _k, o in cur:
            if type(o) is not dict or key not in o:
                continue
            v = o[key]
            if it and type(v) is list:
                nxt.extend((v, i, x) for i, x in enumerate(v))
            elif v is not None:
                nxt.append((o, key, v))
        cur = nxt
        if not cur:
            break
    return cur


def _raw(v: Any) -> str:
    if isinstance(v, str):
        return v
    if isinstance(v, bool):
        return "true" if v else "false"
    return str(v)


class _Builder:
    """Reads one study object through a path table, keeping each value's position."""

    def __init__(self, study: dict, jt: JsonText, paths: dict[str, str], trial: Trial):
        self.study = study
        self.jt = jt
        self.p = paths
        self.t = trial

    def one(self, obj: Any, name: str) -> Leaf | None:
        """The first non-blank scalar at path `name` (a table name, or a literal path)."""
        path = self.p.get(name, name)
        for leaf in leaves(obj, path):
            v = leaf[2]
            if isinstance(v, (dict, list)):
                continue
            if isinstance(v, str) and not v.strip():
                self._empty(name, leaf)
                continue
            return leaf
        return None

    def _empty(self, name: str, leaf: Leaf) -> None:
        loc = self.jt.loc(leaf[0], leaf[1])
        if loc is not None and name in _EMPTY_NAMES:
            self.t.empty_sections.setdefault(name, loc)

    def field(self, obj: Any, name: str, norm=None) -> Field | None:
        leaf = self.one(obj, name)
        if leaf is None:
            return None
        c, k, v = leaf
        if isinstance(v, (dict, list)):
            return None         # an object or array where the format has a text: nothing to read
        raw = _raw(v)
        # A number or true/false where the format has a text (a secondary id 12345678) is read as its text.
        value = norm(raw) if norm else raw.strip()
        return Field(value, raw, self.jt.loc(c, k))

    def enum(self, obj: Any, name: str, kind: str) -> Field | None:
        return self.field(obj, name, lambda r: enum_value(kind, r))

    def fields(self, obj: Any, name: str) -> list[Field]:
        out = []
        for c, k, v in leaves(obj, self.p.get(name, name)):
            if isinstance(v, (dict, list)):
                continue
            raw = _raw(v)
            if raw.strip():
                out.append(Field(raw.strip(), raw, self.jt.loc(c, k)))
        return out

    def date(self, name: str) -> Field | None:
        leaf = self.one(self.study, name)
        if leaf is None:
            return None
        c, k, v = leaf
        type_leaf = self.one(self.study, name + ".type") if name + ".type" in self.p else None
        return date_field(_raw(v), _raw(type_leaf[2]) if type_leaf else None, self.jt.loc(c, k))

    def items(self, obj: Any, name: str) -> list[Any]:
        return [v for _c, _k, v in leaves(obj, self.p[name]) if type(v) is dict]


_EMPTY_NAMES = frozenset({"brief_summary", "detailed_description", "criteria_text", "brief_title", "official_title",
                          "min_age", "max_age", "overall_status", "why_stopped"})


def build_trial(study: dict, jt: JsonText, display: str, fmt: str, paths: dict[str, str], n: int,
                failed: list[str] | None = None) -> Trial:
    """One Trial from one study object whose positions jt has indexed; `failed` collects the sections
    a value of an unexpected type or form stopped."""
    nct = None
    nct_leaf = None
    for leaf in leaves(study, paths["nct_id"]):
        if isinstance(leaf[2], str) and leaf[2].strip():
            nct_leaf = leaf
            break
    if nct_leaf is not None:
        nct = nct_value(nct_leaf[2])
    t = Trial(id=nct or stable_id(display, n), source=display, format=fmt)
    b = _Builder(study, jt, paths, t)
    s = study
    if nct_leaf is not None:
        t.nct_id = Field(nct, nct_leaf[2], jt.loc(nct_leaf[0], nct_leaf[1]))
    for name, section in _SECTIONS:
        # One odd value loses its section, not the record: the rest is still read and checked.
        try:
            section(b, s) if section is not _identification else section(b, s, nct)
        except Exception:  # noqa: BLE001 - reported as INPUT004 by read_studies
            if failed is not None:
                failed.append(name)
    if fmt in RESULT_SPECS:
        try:
            t.results = read_results(b, s, RESULT_SPECS[fmt])
        except Exception:  # noqa: BLE001 - reported as INPUT004 by read_studies
            if failed is not None:
                failed.append("results tables")
    return t


def _identification(b: _Builder, s: dict, nct: str | None) -> None:
    t = b.t
    t.org_study_id = b.field(s, "org_study_id")
    links: list[tuple[str, Loc | None]] = []
    for sid in b.items(s, "secondary_ids"):
        f = b.field(sid, "secondary_id.id")
        if f is None:
            continue
        t.secondary_ids.append(f)
        dom = b.one(sid, "secondary_id.domain")
        links.append((secondary_id_text(f.value, dom[2] if dom else None), f.loc))
    for f in b.fields(s, "references"):
        links.append((f.value, f.loc))
    for f in b.fields(s, "expanded_access_nct"):
        links.append((f.value, f.loc))
    t.related_ids = registry_links(links, nct)
    t.brief_title = b.field(s, "brief_title")
    t.official_title = b.field(s, "official_title")
    t.acronym = b.field(s, "acronym")
    t.lead_sponsor = b.field(s, "lead_sponsor")
    t.collaborators = b.fields(s, "collaborators")
    t.brief_summary = b.field(s, "brief_summary")
    t.detailed_description = b.field(s, "detailed_description")
    t.conditions = b.fields(s, "conditions")
    t.keywords = b.fields(s, "keywords")


def _status(b: _Builder, s: dict) -> None:
    t = b.t
    t.overall_status = b.enum(s, "overall_status", "Status")
    t.why_stopped = b.field(s, "why_stopped")
    t.start_date = b.date("start_date")
    t.primary_completion_date = b.date("primary_completion_date")
    t.completion_date = b.date("completion_date")
    t.first_submitted = b.date("first_submitted")
    t.first_posted = b.date("first_posted")
    t.last_update_posted = b.date("last_update_posted")
    t.status_verified = b.date("status_verified")
    if "snapshot_date" in b.p:
        t.snapshot_date = b.date("snapshot_date")
        t.last_known_status = b.enum(s, "last_known_status", "Status")


def _design(b: _Builder, s: dict) -> None:
    t = b.t
    t.study_type = b.enum(s, "study_type", "StudyType")
    phase_leaves = [lf for lf in leaves(s, b.p["phases"]) if isinstance(lf[2], str) and lf[2].strip()]
    if phase_leaves:
        found: list[str] = []
        for _c, _k, v in phase_leaves:
            for p in parse_phases(v) or []:
                if p not in found:
                    found.append(p)
        c, k, _v = phase_leaves[0]
        loc = b.jt.loc(c, k)            # where the first phase is written
        t.phases = Field(sorted(found, key=vocab.ENUMS["Phase"].index) or None,
                         "/".join(v for _c, _k, v in phase_leaves), loc)
    t.allocation = b.enum(s, "allocation", "DesignAllocation")
    t.intervention_model = b.enum(s, "intervention_model", "InterventionalAssignment")
    t.primary_purpose = b.enum(s, "primary_purpose", "PrimaryPurpose")
    masking = b.field(s, "masking")
    if masking is not None:
        level, who_in_text = parse_masking(masking.raw)
        t.masking = Field(level, masking.raw, masking.loc)
        who = b.fields(s, "who_masked")
        if who:
            vals = [w for w in (enum_value("WhoMasked", f.raw) for f in who) if w]
            vals = sorted(set(vals), key=vocab.ENUMS["WhoMasked"].index)
            t.who_masked = Field(vals, ", ".join(f.raw for f in who), who[0].loc)
        elif who_in_text:
            t.who_masked = Field(who_in_text, masking.raw, masking.loc)
    else:
        who = b.fields(s, "who_masked")
        if who:
            vals = sorted({w for w in (enum_value("WhoMasked", f.raw) for f in who) if w},
                          key=vocab.ENUMS["WhoMasked"].index)
            t.who_masked = Field(vals, ", ".join(f.raw for f in who), who[0].loc)
    t.masking_description = b.field(s, "masking_description")
    t.design_notes = b.fields(s, "design_notes")
    t.enrollment = b.field(s, "enrollment", vocab.parse_int)
    t.enrollment_type = b.enum(s, "enrollment_type", "EnrollmentType")


def _eligibility(b: _Builder, s: dict) -> None:
    t = b.t
    leaf = b.one(s, "criteria_text")
    if leaf is not None and isinstance(leaf[2], str):
        c, k, v = leaf
        t.criteria_text = Field(v.strip(), v, b.jt.loc(c, k))
        t.criteria = split_criteria(v, b.jt.string_locator(c, k), wrapped=False)
    elif leaf is not None and not isinstance(leaf[2], (dict, list)):
        c, k, v = leaf      # a number or true/false where the format has the criteria text
        t.criteria_text = Field(_raw(v), _raw(v), b.jt.loc(c, k))
    t.sex = b.enum(s, "sex", "Sex")
    hv = b.one(s, "healthy_volunteers")
    if hv is not None:
        c, k, v = hv
        t.healthy_volunteers = Field(v if isinstance(v, bool) else vocab.parse_bool(_raw(v)), _raw(v),
                                     b.jt.loc(c, k))
    for attr, name in (("min_age", "min_age"), ("max_age", "max_age")):
        leaf = b.one(s, name)
        if leaf is not None:
            setattr(t, attr, age_field(_raw(leaf[2]), b.jt.loc(leaf[0], leaf[1])))


def _people_places(b: _Builder, s: dict) -> None:
    t = b.t
    for o in b.items(s, "officials"):
        t.officials.append(Official(name=b.field(o, "official.name"),
                                    role=b.enum(o, "official.role", "OfficialRole"),
                                    affiliation=b.field(o, "official.affiliation")))
    seen: set[str] = set()
    for loc in b.items(s, "sites"):
        site = Site(facility=b.field(loc, "site.facility"), city=b.field(loc, "site.city"),
                    country=b.field(loc, "site.country"),
                    status=b.enum(loc, "site.status", "RecruitmentStatus"))
        t.sites.append(site)
        # The JSON APIs keep no country list of their own: it is the sites' countries, in order.
        if site.country is not None and site.country.value not in seen:
            seen.add(site.country.value)
            t.countries.append(site.country)


def _arms(b: _Builder, s: dict) -> None:
    t = b.t
    for a in b.items(s, "arms"):
        t.arms.append(Arm(label=b.field(a, "arm.label"), type=b.enum(a, "arm.type", "ArmGroupType"),
                          description=b.field(a, "arm.description"),
                          intervention_names=b.fields(a, "arm.intervention_names")))
    for i in b.items(s, "interventions"):
        t.interventions.append(Intervention(
            type=b.enum(i, "intervention.type", "InterventionType"), name=b.field(i, "intervention.name"),
            description=b.field(i, "intervention.description"),
            arm_labels=b.fields(i, "intervention.arm_labels"),
            other_names=b.fields(i, "intervention.other_names")))


def _outcomes(b: _Builder, s: dict) -> None:
    t = b.t
    for kind, cap in _OUTCOME_KINDS:
        for o in leaves(s, b.p["outcomes"].format(kind=kind, Kind=cap)):
            if type(o[2]) is not dict:
                continue
            v = o[2]
            t.outcomes.append(Outcome(kind=kind,
                                      title=b.field(v, b.p["outcome.title"].format(kind=kind, Kind=cap)),
                                      time_frame=b.field(v, b.p["outcome.time_frame"].format(kind=kind, Kind=cap)),
                                      description=b.field(v, b.p["outcome.description"].format(kind=kind, Kind=cap))))


def _group_titles(b: _Builder, obj: Any, name: str) -> dict[str, str]:
    out = {}
    for g in b.items(obj, name):
        gid = b.one(g, name + ".id")
        title = b.one(g, name + ".title")
        if gid is not None:
            out[_raw(gid[2])] = _raw(title[2]).strip() if title else _raw(gid[2])
    return out


def _count(b: _Builder, obj: dict, name: str) -> Field | None:
    return b.field(obj, name, vocab.parse_int)


def _results(b: _Builder, s: dict) -> None:
    t = b.t
    flag = b.one(s, "has_results")
    t.has_results = bool(flag and flag[2] is True) or bool(leaves(s, b.p["results"]))
    flow_groups = _group_titles(b, s, "flow.groups")
    for period in b.items(s, "flow.periods"):
        pt = b.one(period, "flow.period.title")
        ptitle = _raw(pt[2]).strip() if pt else ""
        for ms in b.items(period, "flow.milestones"):
            mt = b.one(ms, "flow.milestone.type")
            mtitle = _raw(mt[2]).strip() if mt else ""
            for ach in b.items(ms, "flow.achievements"):
                gid = b.one(ach, "flow.achievement.group")
                g = _raw(gid[2]) if gid else ""
                t.flow.append(FlowCount(period=ptitle, milestone=mtitle, group=flow_groups.get(g, g),
                                        count=_count(b, ach, "flow.achievement.count")))
    base_groups = _group_titles(b, s, "baseline.groups")
    denoms = b.items(s, "baseline.denoms")
    chosen = _participant_denom(b, denoms)
    if chosen is not None:
        for cnt in b.items(chosen, "baseline.denom.counts"):
            gid = b.one(cnt, "baseline.count.group")
            g = _raw(gid[2]) if gid else ""
            t.baseline.append(BaselineCount(group=base_groups.get(g, g), count=_count(b, cnt, "baseline.count.value")))
    for om in b.items(s, "measures"):
        title = b.one(om, "measure.title")
        otitle = _raw(title[2]).strip() if title else ""
        groups = _group_titles(b, om, "measure.groups")
        for a in b.items(om, "analyses"):
            gids = [f.value for f in b.fields(a, "analysis.groups")]
            t.analyses.append(Analysis(
                outcome=otitle, param_type=b.field(a, "analysis.param_type"),
                estimate=b.field(a, "analysis.estimate"), ci_pct=b.field(a, "analysis.ci_pct"),
                ci_lower=b.field(a, "analysis.ci_lower"), ci_upper=b.field(a, "analysis.ci_upper"),
                p_value=b.field(a, "analysis.p_value"), method=b.field(a, "analysis.method"),
                groups=[groups.get(g, g) for g in gids],
                non_inferiority=b.field(a, "analysis.non_inferiority"), ci_sides=b.field(a, "analysis.ci_sides"),
                p_value_desc=b.field(a, "analysis.p_value_desc"), method_desc=b.field(a, "analysis.method_desc")))


def _participant_denom(b: _Builder, denoms: list[dict]) -> dict | None:
    """The baseline denominator counted in participants (others count eyes, teeth, ...)."""
    for d in denoms:
        units = b.one(d, "baseline.denom.units")
        if units is None or _raw(units[2]).strip().lower() == "participants":
            return d
    return denoms[0] if denoms else None



_SECTIONS = (("identification", _identification), ("status", _status), ("design", _design),
             ("eligibility", _eligibility), ("contacts and locations", _people_places), ("arms", _arms),
             ("outcomes", _outcomes), ("results", _results))


def read_studies(data: bytes, display: str, fmt: str, paths: dict[str, str], is_study: Callable[[Any], bool],
                 descend: frozenset[str], prune: frozenset[str], missing: str) -> Iterator[Trial | InputProblem]:
    """Every study of a JSON file (single study, array, API page or JSON Lines), one at a time.
    `prune` names the members whose insides no field here reads (positions are not recorded there)."""
    yield from studies_of(documents(data, display), display, fmt, paths, is_study, descend, prune, missing)


def studies_of(docs: Iterable[tuple[JsonText, Any] | InputProblem], display: str, fmt: str, paths: dict[str, str],
               is_study: Callable[[Any], bool], descend: frozenset[str], prune: frozenset[str],
               missing: str, start: int = 0) -> Iterator[Trial | InputProblem]:
    """read_studies on documents already split (a stream of JSON Lines read from disk). `start`: the
    studies before these (a document read again alone numbers its studies as in the whole file)."""
    n = start
    problems = 0
    for doc in docs:
        if isinstance(doc, InputProblem):
            problems += 1
            yield doc
            continue
        jt, root = doc
        origin = None if jt.origin is None else (*jt.origin, n)
        for study in jt.iter_matching(root, is_study, descend, prune):
            n += 1
            failed: list[str] = []
            t = build_trial(study, jt, display, fmt, paths, n, failed)
            t.origin = origin
            yield t
            if failed:
                line = t.nct_id.loc.line if t.nct_id is not None and t.nct_id.loc is not None else None
                yield InputProblem(display, f"record {t.id}: the {', '.join(failed)} part could not be read (a value "
                                            "of an unexpected type or form); the rest of the record was audited",
                                   line, rule="INPUT004")
    if n == start and problems == 0:
        yield InputProblem(display, missing)
