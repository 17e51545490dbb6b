"""A compact index of every record read, kept while records stream past, to pick the few that
cross-record rules need: renderings of one id, records that name each other or a paper, and
records of one team (same sponsor and official). Only those are read again for the corpus
rules, so memory follows the linked records, not the input size."""
from __future__ import annotations

from dataclasses import dataclass, field

from .linking import LinkIndex, org_key, person_tokens
from .model import Publication, Trial

Key = tuple[str, str, str]   # (source, record id, rendering)


@dataclass(slots=True)
class _Digest:
    key: Key
    named: frozenset[str]
    sponsor: str | None
    officials: frozenset[tuple[str, ...]]


@dataclass
class CorpusIndex:
    digests: list[_Digest] = field(default_factory=list)
    paper_ids: set[str] = field(default_factory=set)
    paper_people: set[tuple[str, ...]] = field(default_factory=set)

    def add_trial(self, t: Trial) -> None:
        named = {str(f.value) for f in t.related_ids + t.secondary_ids if f.value} - {t.id}
        officials = frozenset(p for o in t.officials if o.name and o.name.value
                              for p in [person_tokens(str(o.name.value))] if p)
        sponsor = org_key(str(t.lead_sponsor.value)) if t.lead_sponsor and t.lead_sponsor.value else None
        self.digests.append(_Digest((t.source, t.id, t.rendering), frozenset(named), sponsor or None, officials))

    def extend(self, other: "CorpusIndex") -> None:
        """other's digests after this index's (shards merged in file order)."""
        self.digests.extend(other.digests)
        self.paper_ids |= other.paper_ids
        self.paper_people |= other.paper_people

    def add_publication(self, p: Publication) -> None:
        self.paper_ids.update(str(f.value) for f in p.registry_ids)
        self.paper_people.update(q for a in p.authors for q in [person_tokens(a)] if q)

    def linked(self) -> set[Key]:
        """A superset of the records any link (see auditor.linking) can join, bounded as LinkIndex
        bounds its groups, so that huge runs of one sponsor are not all kept."""
        ids: dict[str, int] = {}
        namers: dict[str, set[str]] = {}
        team: dict[str, list[_Digest]] = {}
        for d in self.digests:
            ids[d.key[1]] = ids.get(d.key[1], 0) + 1
            for n in d.named:
                namers.setdefault(n, set()).add(d.key[1])
            if d.sponsor:
                team.setdefault(d.sponsor, []).append(d)
        known = set(ids) | self.paper_ids
        shared = {n for n, who in namers.items() if 2 <= len(who) <= LinkIndex.MAX_TEAM_GROUP}
        keep = {d.key for d in self.digests
                if ids[d.key[1]] > 1 or d.key[1] in namers or d.key[1] in self.paper_ids
                or d.named & known or d.named & shared or d.officials & self.paper_people}
        for group in team.values():
            if not 2 <= len(group) <= LinkIndex.MAX_TEAM_GROUP:
                continue
            seen: dict[tuple[str, ...], _Digest] = {}
            for d in group:
                for person in d.officials:
                    if person in seen and seen[person].key[1] != d.key[1]:
                        keep |= {d.key, seen[person].key}
                    seen.setdefault(person, d)
        return keep
