"""Registry record pages saved as plain text: mirror pages of ClinicalTrials.gov records, listing
pages with a summary and the full record, aggregator pages.

Read by section headings and value shapes, never by line positions: labels come from
text_registry_vocab, unlabelled values are recognised only inside the section that holds them.
A file with a summary and a full rendering yields two Trials with the same id (renderings
'summary' and 'full'), so checks can compare them."""
from __future__ import annotations

import re
from typing import Iterator

from ..model import InputProblem, Loc, Publication, Trial
from .common import stable_id
from .publication import looks_like_article
from .text_common import Doc, decode, has_registry_id, norm_label, registry_ids_in_line, split_lines
from .text_registry_fields import apply_label, criteria_block, eligibility, infer_basic, infer_design, scan_labels
from .text_registry_lists import line_key, link_arms, parse_arms, parse_interventions, parse_outcomes, text_field
from .text_registry_orgs import (
    parse_conditions, parse_countries, parse_identifiers, parse_officials, parse_other_ids, parse_related,
    parse_sites, parse_sponsors,
)
from .text_registry_segment import Section, renderings, segment
from .text_registry_vocab import EMPTY_NAMES, LABELS, TEXT_KINDS, heading_kind

NAME = "registry-text"

# 'ignore' sections whose labels still belong to the record (dates, sponsor in a page header).
_SCANNED_IGNORE = frozenset({"full information", "full info", "study record dates", "record history",
                             "study description", "oversight", "responsible party"})
_SNIFF_GROUPS = {
    "eligibility": "eligibility", "eligibility criteria": "eligibility", "inclusion criteria": "eligibility",
    "study type": "type", "study classification": "type", "recruitment status": "status",
    "overall recruitment status": "status", "status": "status", "status and phase": "status",
    "phase": "phase", "clinical phase": "phase", "study phase": "phase", "enrollment": "enrollment",
    "total enrollment": "enrollment", "arms": "arms", "study groups": "arms", "arms of the study": "arms",
    "locations": "locations", "sites / locations": "locations", "sponsors": "sponsor", "sponsor": "sponsor",
    "sponsored by": "sponsor", "conditions": "conditions", "interventions": "interventions",
    "study design": "design", "trial design": "design",
}
_SNIFF_INLINE = re.compile(r"^\s*(nct id|nct number|study type|recruitment status|phase|enrollment)\s*:", re.I)
_TITLE_MIN_WORDS = 4


def sniff(head: str) -> bool:
    """A page that names a registry id, carries several registry section labels, and is no article."""
    if head.lstrip("\ufeff \t\r\n")[:1] in "{[<":
        return False
    groups = set()
    for line in head.splitlines():
        s = line.strip()
        if not s or len(s) > 60:
            continue
        g = _SNIFF_GROUPS.get(norm_label(s))
        if g is None and (m := _SNIFF_INLINE.match(s)):
            g = _SNIFF_GROUPS.get(m.group(1).lower(), "id")
        if g:
            groups.add(g)
    return len(groups) >= 3 and has_registry_id(head) and not looks_like_article(head)


def read(data: bytes, display: str) -> Iterator[Trial | Publication | InputProblem]:
    doc = Doc(display, split_lines(decode(data)))
    parts = renderings(doc)
    trials = [(name, *_parse(doc, first, last)) for name, first, last in parts]
    if len(trials) == 2 and not _has_content(trials[0][1]):
        trials = [("main", *_parse(doc, 1, len(doc.lines)))]
    own = next((t.nct_id.value for _, t, _ in trials if t.nct_id is not None and t.nct_id.value), None)
    if own is None:
        own = next((i for _, _, ids in trials for i in ids), None) or stable_id(display, 1)
    for name, t, _ in trials:
        t.id = own
        t.rendering = name
        seen = {own}
        related = []
        for f in t.related_ids:
            if f.value not in seen:
                seen.add(f.value)
                related.append(f)
        t.related_ids = related
        yield t


def _has_content(t: Trial) -> bool:
    return any((t.overall_status, t.phases, t.study_type, t.enrollment, t.criteria, t.arms, t.interventions,
                t.min_age, t.conditions))


def _parse(doc: Doc, first: int, last: int) -> tuple[Trial, list[str]]:
    """One rendering: the Trial (id not yet set) and the registry ids it names outside link lists."""
    sections = segment(doc, first, last)
    t = Trial(id="", source=doc.display, format=NAME)
    blocks: dict[int, list] = {}
    for i, sec in enumerate(sections):
        if sec.kind in TEXT_KINDS or sec.kind == "related":
            continue
        if sec.kind == "ignore" and norm_label(sec.heading or "") not in _SCANNED_IGNORE:
            continue
        reserved: set[int] = set()
        if sec.kind == "eligibility":
            blocks[i] = criteria_block(sec)
            reserved = {n for n, _ in blocks[i]}
        for key, label, n, raw, col in scan_labels(sec, reserved):
            apply_label(doc, t, key, label, n, raw, col)
    for sec in sections:
        if sec.kind == "interventions":
            t.interventions.extend(parse_interventions(doc, sec.free()))
    # The page's intervention list anchors the reading of unlabelled arms: names and description lines.
    known: dict[str, list[list[str]]] = {}
    for iv in t.interventions:
        if iv.name is not None:
            lines = str(iv.description.raw if iv.description else "").splitlines()
            known.setdefault(line_key(str(iv.name.value)), []).append([line_key(x) for x in lines if x.strip()])
    for i, sec in enumerate(sections):
        _section(doc, t, sec, blocks.get(i, []), known)
    _empty_sections(doc, t, sections)
    if t.brief_title is None:
        t.brief_title = _page_title(doc, sections[0])
    if not any(sec.kind == "countries" for sec in sections):
        # No country list on the page: the sites' countries, where each is written.
        seen = {c.value for c in t.countries}
        for site in t.sites:
            if site.country is not None and site.country.value not in seen:
                seen.add(site.country.value)
                t.countries.append(site.country)
    link_arms(t.arms, t.interventions)
    ids = [norm for sec in sections if sec.kind not in ("related", "ignore")
           for _, s in sec.body for _reg, norm, _off in registry_ids_in_line(s) if norm.startswith("NCT")]
    return t, ids


def _section(doc: Doc, t: Trial, sec: Section, block: list, known: dict[str, list[list[str]]]) -> None:
    body = sec.free()
    k = sec.kind
    if k == "basic":
        infer_basic(doc, t, body)
    elif k == "design":
        infer_design(doc, t, body)
    elif k == "eligibility":
        eligibility(doc, t, sec, block)
    elif k in TEXT_KINDS:
        if getattr(t, k) is None and body:
            setattr(t, k, text_field(doc, body))
    elif k == "conditions":
        conds, kws = parse_conditions(doc, body)
        t.conditions.extend(conds)
        t.keywords.extend(kws)
    elif k == "arms":
        arms, ivs = parse_arms(doc, body, known)
        t.arms.extend(arms)
        t.interventions.extend(ivs)
    elif k == "outcomes":
        t.outcomes.extend(parse_outcomes(doc, body, sec.heading))
    elif k == "sponsors":
        lead, collabs = parse_sponsors(doc, body)
        if t.lead_sponsor is None:
            t.lead_sponsor = lead
        elif lead is not None:
            collabs.insert(0, lead)
        t.collaborators.extend(f for f in collabs if f.value != t.lead_sponsor.value)
    elif k == "officials":
        t.officials.extend(parse_officials(doc, body))
    elif k == "locations":
        sites, countries = parse_sites(doc, body)
        t.sites.extend(sites)
        t.countries.extend(countries)
    elif k == "countries":
        t.countries.extend(parse_countries(doc, body))
    elif k == "other_ids":
        org, secondary = parse_other_ids(doc, body)
        if t.org_study_id is None:
            t.org_study_id = org
        t.secondary_ids.extend(secondary)
    elif k == "ident":
        nct, others = parse_identifiers(doc, body)
        if t.nct_id is None:
            t.nct_id = nct
        t.secondary_ids.extend(others)
    elif k == "related":
        t.related_ids.extend(parse_related(doc, body))


def _empty_sections(doc: Doc, t: Trial, sections: list[Section]) -> None:
    """Sections present with a heading but nothing under it (a helper sentence is not content)."""
    state: dict[str, tuple[bool, int]] = {}
    for sec in sections:
        name = EMPTY_NAMES.get(sec.kind)
        if name is None or sec.line is None:
            continue
        empty = not sec.body
        prev = state.get(name)
        state[name] = (empty and (prev is None or prev[0]), prev[1] if prev else sec.line)
    for name, (empty, line) in sorted(state.items()):
        if empty:
            t.empty_sections[name] = Loc(doc.display, line, _first_col(doc, line))


def _first_col(doc: Doc, line: int) -> int:
    text = doc.lines[line - 1]
    return len(text) - len(text.lstrip()) + 1


def _page_title(doc: Doc, preamble: Section):
    """The page's title: the first free line of the page top that reads like a title."""
    for n, s in preamble.free():
        if len(s.split()) >= _TITLE_MIN_WORDS and len(s) <= 300 and not registry_ids_in_line(s) \
                and norm_label(s) not in LABELS and heading_kind(s) is None:
            return text_field(doc, [(n, s)])
    return None
