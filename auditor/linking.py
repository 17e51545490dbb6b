"""How registry records and papers link to each other, and how strongly.

Three kinds of link, strongest first:
- OWN:    the same registry id (two renderings of one record), or a paper that names the record's
          id as its own registration ('registered at ClinicalTrials.gov (NCT01234567)').
- NAMED:  one names the other's id: a record's related or secondary ids list the other record (or
          the paper's registration), or two records share a registry-format secondary id.
- TEAM:   no id in common, but the same lead sponsor, the same overall official (for a paper: an
          author) and a common intervention: sibling studies of one team.

Checks compare facts across a link and choose severity by strength: a contradiction across an
OWN link is an error in the record or the paper; across NAMED and TEAM links the two describe
different studies, so differences are only worth a look.

Names are compared after normalization: organisations without case, punctuation, legal forms and
generic words ('Hospital', 'University'); people without degrees and titles, in any order
('Jane Q. Doe, Professor' = 'Doe Jane Q.'); interventions by their distinctive words, with the
usual abbreviations of cell products folded together ('MSC' = 'mesenchymal stem cells').
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz import fuzz

from .extract.sentences import sentence_spans
from .findings import Evidence
from .model import Field, Loc, Publication, Trial
from .vocab import find_registry_ids

OWN, NAMED, TEAM = 3, 2, 1


@dataclass(slots=True)
class Link:
    """One link from a record or paper to a record (target: one registry id, all its renderings)."""
    target: str
    strength: int
    reason: str                                   # one clause for messages: 'NCT0... lists NCT0... as related'
    evidence: list[Evidence] = field(default_factory=list)


# ---- names -------------------------------------------------------------------------------------

_PUNCT = re.compile(r"[^\w\s]+|_")
_SPACES = re.compile(r"\s+")
_ORG_GENERIC = frozenset(
    "the of and for at in de du la le del der des di da hospital hospitals university universitaet universite "
    "universidad universita college school inc incorporated ltd limited llc co corp corporation company gmbh ag sa "
    "spa bv nv plc pte pty kk srl ab as oy group holdings foundation institute institutes center centre medical "
    "clinical clinic research sciences health healthcare national general affiliated first people's peoples".split())
_PERSON_NOISE = frozenset(
    "md phd mph ms msc ma mba mbbs mbchb frcp frcpc facp facc facs rn bsn bsc ba pharmd dphil dsc do dds dmd "
    "prof professor dr doctor mr mrs ms miss sir md-phd mr. associate assistant chair director principal "
    "investigator study".split())


def norm_name(text: str) -> str:
    return _SPACES.sub(" ", _PUNCT.sub(" ", text.replace("&", " and "))).strip().casefold()


@lru_cache(maxsize=16384)
def org_key(name: str) -> str:
    """'Shanghai 9th People's Hospital' -> 'shanghai 9th'; 'Pfizer Inc.' -> 'pfizer'. Empty when only generic words."""
    words = [w for w in norm_name(name).split() if w not in _ORG_GENERIC]
    return " ".join(words)


def same_org(a: str, b: str) -> bool:
    ka, kb = org_key(a), org_key(b)
    if not ka or not kb:
        return norm_name(a) == norm_name(b)
    return ka == kb


@lru_cache(maxsize=16384)
def person_tokens(name: str) -> tuple[str, ...]:
    """'Mei-Ling Chen, Professor' -> ('mei', 'ling', 'chen'), in written order; degrees, titles and roles dropped."""
    head = name.split(",")
    # 'Chen, Mei-Ling' keeps both parts; 'Mei-Ling Chen, MD, PhD' drops the degrees after the comma.
    parts = [head[0]] + [p for p in head[1:] if not all(w in _PERSON_NOISE for w in norm_name(p).split())]
    return tuple(w for w in norm_name(" ".join(parts).replace("-", " ")).split() if w not in _PERSON_NOISE)


def _name_keys(words: list[str]) -> set[str]:
    """Each word taken as the family name, the others joined in order as the given name:
    'Mei Ling Chen', 'Meiling Chen' and 'Chen Mei-Ling' all give 'chen|meiling'."""
    return {w + "|" + "".join(x for j, x in enumerate(words) if j != i) for i, w in enumerate(words)}


# Words that make an 'official' a function or an office, not a person ('GSK Clinical Trials',
# 'Medical Director', 'Clinical Trial Department').
_NOT_PERSON = frozenset(
    "clinical trial trials director office department call center centre team medical sponsor study studies "
    "contact information pharmaceuticals pharma inc ltd gmbh company corporation unit group program programme "
    "research development transparency disclosure".split())


def same_person(a: str, b: str) -> bool:
    """Both names hold at least a given name and a family name, and they agree in any order
    ('Mei-Ling Chen' = 'Chen Mei-Ling' = 'Meiling Chen'), allowing a one-letter typo in long names.
    Offices and functions ('GSK Clinical Trials', 'Medical Director') are nobody."""
    ta, tb = person_tokens(a), person_tokens(b)
    if _NOT_PERSON & set(ta) or _NOT_PERSON & set(tb):
        return False
    full_a = [w for w in ta if len(w) > 1]   # initials left out: 'Jane Q. Doe' = 'Jane Doe'
    full_b = [w for w in tb if len(w) > 1]
    if len(full_a) < 2 or len(full_b) < 2:
        return False
    if _name_keys(full_a) & _name_keys(full_b):
        return True
    return len("".join(full_a)) >= 10 and fuzz.token_sort_ratio(" ".join(full_a), " ".join(full_b)) >= 94


# ---- interventions ----------------------------------------------------------------------------

# Different spellings of one product class, folded to one term so 'MSC' meets 'mesenchymal stem cells'.
_CANON: tuple[tuple[re.Pattern, str], ...] = (
    (re.compile(r"(?i)\b(?:(?:uc|bm|ad|huc|hbm|wj)[\s-]?)?mscs?\b|\bmesenchymal\s+(?:stem\s+|stromal\s+|progenitor\s+)?cells?\b"
                r"|\bmesenchymal\s+stem\b"), " mesenchymal_stem_cell "),
    (re.compile(r"(?i)\bcar[\s-]?t(?:[\s-]cells?)?\b|\bchimeric\s+antigen\s+receptor\b"), " car_t_cell "),
    (re.compile(r"(?i)\bhematopoietic\s+stem\s+cells?\b|\bhscs?\b|\bcd34\+?\s*cells?\b"), " hematopoietic_stem_cell "),
)
_WORD = re.compile(r"[a-z][a-z0-9_]{3,}|\d+[a-z][a-z0-9_]{2,}")
_IV_GENERIC = frozenset(
    "treatment treatments therapy therapies conventional standard care usual best supportive comprehensive "
    "management medical medication medications drug drugs placebo plus with without group groups control controls "
    "arm arms intervention interventions dose doses dosing high dosage oral tablet tablets capsule capsules injection "
    "injections infusion infusions intravenous subcutaneous combination combined regimen regimens saline vehicle sham "
    "other active comparator experimental cohort phase study patients participants subjects cells cell derived "
    "human autologous allogeneic allogenic umbilical cord bone marrow stem transplantation transplant procedure "
    "surgery behavioral biological device genetic radiation dietary supplement product administration daily weekly "
    "once twice single multiple part period both only alone versus followed then after before each every from into "
    "based program programme education training session sessions visit visits usual follow".split())


@lru_cache(maxsize=65536)
def _terms_of(text: str) -> frozenset[str]:
    t = text
    for pat, repl in _CANON:
        t = pat.sub(repl, t)
    words = _WORD.findall(t.casefold())
    return frozenset(w for w in words if w not in _IV_GENERIC)


def intervention_terms(trial: Trial) -> frozenset[str]:
    """The distinctive words of a record's intervention names (and other names)."""
    out: set[str] = set()
    for iv in trial.interventions:
        for f in [iv.name, *iv.other_names]:
            if f is not None and isinstance(f.value, str):
                out |= _terms_of(f.value)
    return frozenset(out)


def text_terms(text: str) -> frozenset[str]:
    """The distinctive words of free text, folded the same way as intervention names."""
    return _terms_of(text)


# ---- records -----------------------------------------------------------------------------------

def _officials(trial: Trial) -> list[Field]:
    return [o.name for o in trial.officials if o.name is not None and isinstance(o.name.value, str)]


def ids_named(trial: Trial) -> dict[str, Field]:
    """Registry ids the record names besides its own (related ids, secondary ids), each with where."""
    out: dict[str, Field] = {}
    for f in [*trial.related_ids, *trial.secondary_ids]:
        if f is None or not isinstance(f.value, str):
            continue
        for _reg, norm, _off in find_registry_ids(f.value):
            key = norm.upper()
            if key != trial.id.upper():
                out.setdefault(key, f)
    return out


def filled(t: Trial) -> int:
    """How full a rendering is: filled design fields, interventions, arms and officials."""
    return sum(1 for a in ("overall_status", "phases", "enrollment", "min_age", "max_age", "start_date",
                           "allocation", "masking", "lead_sponsor", "completion_date")
               if getattr(t, a) is not None) + len(t.interventions) + len(t.arms) + len(t.officials)


def representative(trials: list[Trial]) -> Trial:
    """The fullest rendering of a record (most filled fields), ties broken by source order."""
    return max(trials, key=lambda t: (filled(t), -trials.index(t)))


def sponsor_key(trial: Trial) -> str | None:
    if trial.lead_sponsor is None or not isinstance(trial.lead_sponsor.value, str):
        return None
    return org_key(trial.lead_sponsor.value) or norm_name(trial.lead_sponsor.value) or None


@dataclass(frozen=True)
class LinkSizes:
    """Run-wide group sizes, for a LinkIndex over only some of the run's records (one component of
    the links, auditor/corpus_index.py): records naming each registry id, records per sponsor key."""
    namers: dict[str, int]
    sponsors: dict[str, int]


class LinkIndex:
    """What every record names and is, indexed once per run so linking stays linear. `sizes`: the
    run's group sizes when by_id holds only a component of it (otherwise counted in by_id)."""

    # A sponsor with more records than this (a national institute) says nothing about a shared team.
    MAX_TEAM_GROUP = 200
    # More team-linked records than this form a programme of deliberately different studies (one
    # sponsor's series of trials of one product), not copies of one protocol: no TEAM links there.
    MAX_TEAM_CLUSTER = 3

    def __init__(self, by_id: dict[str, list[Trial]], sizes: LinkSizes | None = None):
        self.by_id = by_id
        self.sizes = sizes
        self.upper = {rid.upper(): rid for rid in by_id}
        self.reps = {rid: representative(ts) for rid, ts in sorted(by_id.items())}
        self.named: dict[str, dict[str, Field]] = {}
        self.named_by: dict[str, list[tuple[str, Field]]] = {}
        self.terms: dict[str, frozenset[str]] = {}
        self.by_term: dict[str, list[str]] = {}
        self._paper_links: dict[int, tuple[Publication, list[Link]]] = {}
        for rid, ts in sorted(by_id.items()):
            named: dict[str, Field] = {}
            for t in ts:
                for k, f in ids_named(t).items():
                    named.setdefault(k, f)
            self.named[rid] = named
            for k, f in sorted(named.items()):
                self.named_by.setdefault(k, []).append((rid, f))
            terms = frozenset().union(*(intervention_terms(t) for t in ts))
            self.terms[rid] = terms
            for term in terms:
                self.by_term.setdefault(term, []).append(rid)

    def record_links(self) -> list[tuple[str, str, Link]]:
        """Links between distinct registry ids, each pair once (a < b), the strongest kind only."""
        out: dict[tuple[str, str], Link] = {}
        for rid, named in self.named.items():
            for other, f in sorted(named.items()):
                if other in self.upper and self.upper[other] != rid:
                    a, b = sorted((rid, self.upper[other]))
                    out.setdefault((a, b), Link(b, NAMED, f"{rid} names {self.upper[other]}",
                                                [Evidence.of(f, f"{rid} names {self.upper[other]}")]))
        for other, namers in sorted(self.named_by.items()):
            ids = sorted({r for r, _ in namers})
            size = len(ids) if self.sizes is None else self.sizes.namers.get(other, len(ids))
            if len(ids) < 2 or size > self.MAX_TEAM_GROUP or other in self.upper:
                continue
            first = {r: f for r, f in reversed(namers)}
            for i, a in enumerate(ids):
                for b in ids[i + 1:]:
                    out.setdefault((a, b), Link(b, NAMED, f"{a} and {b} both name {other}",
                                                [Evidence.of(first[a], f"{a} names {other}"),
                                                 Evidence.of(first[b], f"{b} names {other}")]))
        groups: dict[str, list[str]] = {}
        for rid, t in self.reps.items():
            k = sponsor_key(t)
            if k:
                groups.setdefault(k, []).append(rid)
        team: dict[tuple[str, str], Link] = {}
        for k, ids in groups.items():
            size = len(ids) if self.sizes is None else self.sizes.sponsors.get(k, len(ids))
            if len(ids) < 2 or size > self.MAX_TEAM_GROUP:
                continue
            for i, a in enumerate(ids):
                for b in ids[i + 1:]:
                    if (a, b) not in out and (link := self._team(a, b)) is not None:
                        team[(a, b)] = link
        out.update(_small_clusters(team, self.MAX_TEAM_CLUSTER))
        return sorted(((a, b, link) for (a, b), link in out.items()), key=lambda x: (x[0], x[1]))

    def _team(self, a: str, b: str) -> Link | None:
        shared = self.terms[a] & self.terms[b]
        if not shared:
            return None
        ra, rb = self.reps[a], self.reps[b]
        for fa in _officials(ra):
            for fb in _officials(rb):
                if same_person(fa.value, fb.value):
                    term = sorted(shared)[0].replace("_", " ")
                    return Link(b, TEAM, f"same sponsor ({ra.lead_sponsor.value}), official ({fa.value}) and "
                                         f"intervention ({term})",
                                [Evidence.of(ra.lead_sponsor, f"{a} lead sponsor"), Evidence.of(fa, f"{a} official"),
                                 Evidence.of(rb.lead_sponsor, f"{b} lead sponsor"), Evidence.of(fb, f"{b} official")])
        return None

    def paper_links(self, pub: Publication) -> list[Link]:
        """Records linked to a paper. OWN when the paper's registration is in the input; otherwise
        the records naming that registration (NAMED) and the records of the same team (TEAM).
        Computed once per paper: several rules ask."""
        got = self._paper_links.get(id(pub))
        if got is None or got[0] is not pub:
            got = (pub, self._links_of(pub))
            self._paper_links[id(pub)] = got
        return got[1]

    def _links_of(self, pub: Publication) -> list[Link]:
        own = own_registry_ids(pub)
        links = [Link(self.upper[k], OWN, f"the paper gives {self.upper[k]} as its registration",
                      [Evidence.of(f, "registration named in the paper")])
                 for k, f in sorted(own.items()) if k in self.upper]
        if links:
            return links
        found: dict[str, Link] = {}
        for k, f in sorted(own.items()):
            for rid, g in self.named_by.get(k, []):
                found.setdefault(rid, Link(rid, NAMED, f"{rid} names the paper's registration {f.value}",
                                           [Evidence.of(f, "registration named in the paper"),
                                            Evidence.of(g, f"{rid} names {f.value}")]))
        if pub.authors:
            head_terms = text_terms(_head_text(pub))
            candidates = sorted({rid for term in head_terms for rid in self.by_term.get(term, ())} - set(found))
            norm_lines: list[str] = []
            team = [link for rid in candidates
                    if (link := _team_of_paper(pub, self.reps[rid], self.terms[rid] & head_terms, norm_lines))]
            if len(team) <= self.MAX_TEAM_CLUSTER:
                found.update((link.target, link) for link in team)
        return sorted(found.values(), key=lambda k: (-k.strength, k.target))


def find_root(parent: dict[str, str], x: str) -> str:
    """The root of x in a union-find forest held as child -> parent (x added when new)."""
    parent.setdefault(x, x)
    while parent[x] != x:
        parent[x] = parent[parent[x]]
        x = parent[x]
    return x


def _small_clusters(pairs: dict[tuple[str, str], Link], limit: int) -> dict[tuple[str, str], Link]:
    """The pairs whose connected component holds at most limit records."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        return find_root(parent, x)

    for a, b in pairs:
        parent[find(a)] = find(b)
    size: dict[str, int] = {}
    for x in list(parent):
        size[find(x)] = size.get(find(x), 0) + 1
    return {k: v for k, v in pairs.items() if size[find(k[0])] <= limit}


_INDEX: list = [None, None]


def index_for(by_id: dict[str, list[Trial]], sizes: LinkSizes | None = None) -> LinkIndex:
    """The run's link index (one per by_id mapping: rules of one run share it)."""
    if _INDEX[0] is not by_id:
        _INDEX[0], _INDEX[1] = by_id, LinkIndex(by_id, sizes)
    return _INDEX[1]


# ---- papers ------------------------------------------------------------------------------------

_STRONG_REG = re.compile(r"(?i)\bregist|\btrial\s+(?:number|identifier|id)\b|\bthis\s+(?:trial|study)\b")
_WEAK_REG = re.compile(r"(?i)clinicaltrials?\.gov|identifier|ISRCTN|controlled-trials\.com|\bNCT\s*(?:no|number)")
# Sections where a paper cites other trials' registrations.
_CITING_SECTIONS = ("introduction", "background", "discussion", "references")


def own_registry_ids(pub: Publication) -> dict[str, Field]:
    """The registry ids a paper gives as its own registration. Ids named only in the introduction,
    background, discussion or references are other trials'. Of the rest: those written in a
    registration context ('registered at', 'Trial registration:', 'this trial'), else those in a
    registry context ('ClinicalTrials.gov identifier'), else the only one, else none."""
    ids: dict[str, list[Field]] = {}
    for f in pub.registry_ids:
        ids.setdefault(str(f.value).upper(), []).append(f)
    strong: dict[str, Field] = {}
    weak: dict[str, Field] = {}
    plain: dict[str, Field] = {}
    for key, fields in ids.items():
        for f in fields:
            line = f.loc.line if f.loc is not None and f.loc.line else None
            sec = pub.section_of(line) if line else None
            if sec is not None and sec.kind in _CITING_SECTIONS:
                continue
            text = _window(pub, f, line)
            in_title = pub.title is not None and pub.title.loc is not None and pub.title.loc.line == line
            if _STRONG_REG.search(text) or in_title or (sec is not None and _STRONG_REG.search(sec.name)):
                strong.setdefault(key, f)
            elif _WEAK_REG.search(text):
                weak.setdefault(key, f)
            else:
                plain.setdefault(key, f)
    if strong:
        return strong
    if weak:
        return weak
    return plain if len(plain) == 1 else {}


def _window(pub: Publication, f: Field, line: int | None) -> str:
    """The words around an id's mention (paragraph lines are long: 150 characters either side)."""
    if not line or not 0 < line <= len(pub.lines):
        return f.raw
    text = pub.lines[line - 1]
    at = text.find(f.raw)
    if at < 0:
        return text
    return text[max(0, at - 150):at + len(f.raw) + 150]


def _head_text(pub: Publication) -> str:
    """Title and abstract (the first 40 lines when sections are unknown): where a paper names its intervention."""
    abstract = [s for s in pub.sections if s.kind == "abstract"]
    end = max((s.end_line for s in abstract), default=min(len(pub.lines), 40))
    head = "\n".join(pub.lines[:end])
    return (pub.title.value + "\n" if pub.title is not None else "") + head


def _line_of(pub: Publication, text: str) -> int | None:
    low = text.casefold()
    return next((i for i, x in enumerate(pub.lines, start=1) if low in x.casefold()), None)


def _team_of_paper(pub: Publication, t: Trial, shared: frozenset[str], norm_lines: list[str]) -> Link | None:
    """Same team: an official of the record is an author, the paper names an intervention term of the
    record in its title or abstract (shared), and the lead sponsor's name stands in the paper
    (norm_lines is filled on first use: most records fail the cheaper tests first)."""
    if not shared or t.lead_sponsor is None or not isinstance(t.lead_sponsor.value, str):
        return None
    official = next((f for f in _officials(t) if any(same_person(f.value, a) for a in pub.authors)), None)
    if official is None:
        return None
    if not norm_lines:
        norm_lines.extend(f" {norm_name(x)} " for x in pub.lines)
    sponsor = norm_name(t.lead_sponsor.value)
    key = org_key(t.lead_sponsor.value)
    line = next((i for i, x in enumerate(norm_lines, start=1)
                 if f" {sponsor} " in x or (len(key) >= 4 and f" {key} " in x)), None)
    if line is None:
        return None
    author = next(a for a in pub.authors if same_person(official.value, a))
    term = sorted(shared)[0].replace("_", " ")
    return Link(t.id, TEAM, f"same sponsor ({t.lead_sponsor.value}), official ({official.value}) and "
                            f"intervention ({term})",
                [Evidence.at(Loc(pub.source, line), quote_around(pub.lines[line - 1], t.lead_sponsor.value),
                             "sponsor named in the paper"),
                 Evidence.of(t.lead_sponsor, f"{t.id} lead sponsor"),
                 Evidence.of(official, f"{t.id} official"),
                 Evidence.at(Loc(pub.source, _line_of(pub, author)), author, "author of the paper")])


_QUOTE_MAX = 300


def quote_around(line: str, needle: str) -> str:
    """The sentence of a (long, paragraph) line that holds needle's words, or the line's start."""
    words = [re.escape(w) for w in norm_name(needle).split()]
    m = re.search(r"(?i)\b" + r"\W+".join(words) + r"\b", line) if words else None
    if m is None:
        return line[:_QUOTE_MAX]
    return quote_span(line, m.start(), m.end())


def quote_span(text: str, start: int, end: int) -> str:
    """The sentence around text[start:end], cut to about 300 characters centred on the span."""
    s0, s1 = next(((a, b) for a, b in sentence_spans(text) if a <= start < b), (start, end))
    s1 = max(s1, end)
    if s1 - s0 > _QUOTE_MAX:
        mid = (start + end) // 2
        s0 = max(s0, min(start, mid - _QUOTE_MAX // 2))
        s1 = min(s1, max(end, s0 + _QUOTE_MAX))
    return text[s0:s1].strip()
