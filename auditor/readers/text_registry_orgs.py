"""Who and where in registry page renderings: sponsors, officials, sites, countries, conditions and
identifiers. Each parser gets the section's lines that no label has taken yet."""
from __future__ import annotations

import re

from .. import vocab
from ..model import Field, Official, Site
from .text_common import Doc, norm_label, raw_id_at, registry_ids_in_line, unescape
from .text_registry_lists import Body, labelled_records, text_field
from .text_registry_vocab import (
    AGENCY_CLASSES, IDENTIFIER_INLINE, ROLE_INLINE, SITE_STATUS_INLINE, SITE_STATUS_SUFFIX, SPONSOR_ROLE,
)

_BULLET = re.compile(r"^[•·▪◦●■\-*]\s*(?P<t>\S.*)$")
_COUNTRY_SHAPE = re.compile(r"^[^\W\d_][^\W\d_ .'()-]*(?:[ .'()-]+[^\W\d_][^\W\d_.'()-]*){0,4}$")
_NCT_ONLY = re.compile(r"(?i)^NCT\d{8}$")
_OFFICIAL_SPEC = {"first name & middle initial & last name & degree": "name", "name": "name",
                  "organizational affiliation": "affiliation", "affiliation": "affiliation",
                  "official's role": "role", "role": "role"}
_SITE_SPEC = {"facility name": "facility", "facility": "facility", "city": "city", "country": "country",
              "individual site status": "status", "site status": "status", "recruitment status at site": "status"}
_CONDITION_LABELS = {"conditions", "condition",
                     "primary disease or condition being studied in the trial, or the focus of the study"}


def _col(doc: Doc, n: int, raw: str, from_right: bool = False) -> int | None:
    line = doc.lines[n - 1]
    pos = line.rfind(raw) if from_right else line.find(raw)
    return pos + 1 if pos >= 0 else None


def _part_field(doc: Doc, n: int, part: str, from_right: bool = False) -> Field:
    return doc.field(unescape(part), part, n, _col(doc, n, part, from_right))


def _status(doc: Doc, raw: str, n: int, from_right: bool = False) -> Field:
    return Field(vocab.enum_value("RecruitmentStatus", raw), raw, doc.loc(n, _col(doc, n, raw, from_right)))


def parse_sponsors(doc: Doc, body: Body) -> tuple[Field | None, list[Field]]:
    """Lead sponsor and collaborators: names, each maybe followed by its class and 'Sponsor Role lead'.
    Without any role the first name is the lead, as registries list the lead sponsor first."""
    items: list[list] = []
    collab = False
    for n, s in body:
        m = SPONSOR_ROLE.match(s)
        if m:
            if items:
                items[-1][1] = m.group("v").lower()
            continue
        if s.upper() in AGENCY_CLASSES:
            continue
        if norm_label(s) in ("collaborators", "collaborator"):
            collab = True
            continue
        items.append([doc.field(unescape(s), s, n), "collaborator" if collab else None])
    lead = next((f for f, r in items if r == "lead"), None)
    if lead is None:
        lead = next((f for f, r in items if r is None), None)
    return lead, [f for f, _ in items if f is not lead]


def parse_officials(doc: Doc, body: Body) -> list[Official]:
    """Officials: labelled (name / affiliation / role) or name, 'Role: X', affiliation lines."""
    if {norm_label(s) for _, s in body if len(s) <= 60} & set(_OFFICIAL_SPEC):
        out = []
        for _, rec in labelled_records(body, {"official": _OFFICIAL_SPEC}):
            off = Official(name=text_field(doc, rec.get("name", [])[:1]),
                           affiliation=text_field(doc, rec.get("affiliation", [])[:1]))
            if rec.get("role"):
                n, s = rec["role"][0]
                off.role = doc.field(vocab.enum_value("OfficialRole", s), s, n)
            out.append(off)
        return out
    out = []
    cur: Official | None = None
    for n, s in body:
        m = ROLE_INLINE.match(s)
        if m:
            if cur is None:
                cur = Official()
                out.append(cur)
            v = m.group("v").strip()
            cur.role = doc.field(vocab.enum_value("OfficialRole", v), v, n)
            continue
        f = doc.field(unescape(s), s, n)
        if cur is not None and cur.name is not None and cur.affiliation is None:
            cur.affiliation = f
        else:
            cur = Official(name=f)
            out.append(cur)
    return out


def _city_line(s: str) -> list[str] | None:
    """'Singapore, , Singapore' / 'Boston, Massachusetts, 02114, United States' -> its parts."""
    parts = [p.strip() for p in s.split(",")]
    if 2 <= len(parts) <= 5 and all(len(p) <= 40 for p in parts) and sum(1 for p in parts if p) >= 2:
        return parts
    return None


def parse_sites(doc: Doc, body: Body) -> tuple[list[Site], list[Field]]:
    """Sites, and countries when the section lists only country names (a page header's 'Locations')."""
    if {norm_label(s) for _, s in body if len(s) <= 60} & {"facility name", "facility"}:
        sites = []
        for _, rec in labelled_records(body, {"site": _SITE_SPEC}):
            site = Site(facility=text_field(doc, rec.get("facility", [])[:1]),
                        city=text_field(doc, rec.get("city", [])[:1]),
                        country=text_field(doc, rec.get("country", [])[:1]))
            if rec.get("status"):
                n, s = rec["status"][0]
                site.status = _status(doc, s, n)
            sites.append(site)
        return sites, []
    rows = [(n, s) for n, s in body if not (s.isdigit() or s.endswith("...") or ROLE_INLINE.match(s))]
    if rows and all(_COUNTRY_SHAPE.match(s) for _, s in rows):
        return [], [doc.field(unescape(s), s, n) for n, s in rows]
    sites: list[Site] = []
    cur: Site | None = None
    fresh = False            # the open site has only its facility line so far
    for n, s in rows:
        m = SITE_STATUS_INLINE.match(s)
        if m:
            if cur is not None:
                cur.status = _status(doc, m.group("v").strip(), n)
            fresh = False
            continue
        b = _BULLET.match(s)
        if b:
            text = b.group("t")
            cur = Site()
            st = SITE_STATUS_SUFFIX.search(text)
            if st:
                cur.status = _status(doc, st.group(1), n, from_right=True)
                text = text[:st.start()].rstrip()
            cur.facility = _part_field(doc, n, text)
            sites.append(cur)
            fresh = True
            continue
        parts = _city_line(s) if fresh and cur is not None else None
        if parts:
            filled = [p for p in parts if p]
            cur.city = _part_field(doc, n, filled[0])
            cur.country = _part_field(doc, n, filled[-1], from_right=True)
            fresh = False
            continue
        cur = Site(facility=doc.field(unescape(s), s, n))
        sites.append(cur)
        fresh = True
    if not any(s.city or s.status for s in sites):
        return [], []         # bare lines with no place or status: not a site list (page footer, counts)
    return sites, []


def parse_countries(doc: Doc, body: Body) -> list[Field]:
    return [doc.field(unescape(s), s, n) for n, s in body]


def parse_conditions(doc: Doc, body: Body) -> tuple[list[Field], list[Field]]:
    """Conditions and keywords, one per line (a comma may belong to a condition name: 'Cirrhosis, Liver')."""
    conds: list[Field] = []
    kws: list[Field] = []
    target = conds
    for n, s in body:
        low = norm_label(s)
        if low in ("keywords", "keyword"):
            target = kws
            continue
        if low in _CONDITION_LABELS:
            target = conds
            continue
        target.append(doc.field(unescape(s), s, n))
    return conds, kws


def parse_other_ids(doc: Doc, body: Body) -> tuple[Field | None, list[Field]]:
    """'Other Identifiers': id lines, each maybe followed by 'Identifier Source: org_study_id'."""
    items: list[list] = []
    for n, s in body:
        m = IDENTIFIER_INLINE.match(s)
        if m:
            if m.group("k").lower() == "source" and items:
                items[-1][1] = m.group("v").strip().lower()
            continue
        items.append([doc.field(unescape(s), s, n), None])
    org = next((f for f, src in items if src == "org_study_id"), None)
    return org, [f for f, _ in items if f is not org]


def parse_identifiers(doc: Doc, body: Body) -> tuple[Field | None, list[Field]]:
    """An 'Identifiers' list: the NCT id, then the record's other ids."""
    nct = None
    others = []
    for n, s in body:
        if nct is None and _NCT_ONLY.match(s):
            nct = doc.field(s.upper(), s, n)
        else:
            others.append(doc.field(unescape(s), s, n))
    return nct, others


def parse_related(doc: Doc, body: Body) -> list[Field]:
    """Registry ids named in a related-trials list, one Field per mention."""
    out = []
    for n, s in body:
        line = doc.lines[n - 1]
        for _reg, norm, off in registry_ids_in_line(line):
            out.append(doc.field(norm, raw_id_at(line, off, norm), n, off + 1))
    return out
