"""A compact digest of every record read, kept while records stream past (never the records
themselves), from which the cross-record rules' work is planned: which records any link (see
auditor.linking) can join, grouped into independent components that are checked one at a time, and
the run-wide group sizes that bound links, so that a component checked alone links exactly as the
whole run would. Memory follows the number of records times a digest, plus one component."""
from __future__ import annotations

from dataclasses import dataclass, field

from .linking import LinkIndex, LinkSizes, filled, find_root, ids_named, person_tokens, sponsor_key
from .model import Publication, Trial

Key = tuple[str, str, str]   # (source, record id, rendering)


@dataclass(slots=True)
class _Digest:
    key: Key
    named: frozenset[str]                    # registry ids named, normalized as the links read them
    sponsor: str | None                      # the lead sponsor's key (auditor.linking.sponsor_key)
    officials: frozenset[tuple[str, ...]]    # the officials' name tokens
    filled: int                              # how full the rendering is (the representative is the fullest)
    at: tuple | None = None                  # where the record alone can be read again (a stream's document)


@dataclass(frozen=True)
class Component:
    """Records that links may join, checked together; `papers`: the papers are checked with them."""
    keys: list[Key]                          # in reading order
    papers: bool = False


def _words(people: frozenset[tuple[str, ...]] | set[tuple[str, ...]]) -> set[str]:
    # Two names auditor.linking.same_person takes as one person share at least one full word: both hold
    # two or more, and either one key (a family name and the rest) or all but one letter agree.
    return {w for p in people for w in p if len(w) > 1}


@dataclass
class CorpusIndex:
    digests: list[_Digest] = field(default_factory=list)
    paper_ids: set[str] = field(default_factory=set)
    paper_people: set[tuple[str, ...]] = field(default_factory=set)

    def add_trial(self, t: Trial) -> None:
        officials = frozenset(p for o in t.officials if o.name and o.name.value
                              for p in [person_tokens(str(o.name.value))] if p)
        self.digests.append(_Digest((t.source, t.id, t.rendering), frozenset(ids_named(t)), sponsor_key(t),
                                    officials, filled(t), t.origin))

    def extend(self, other: "CorpusIndex") -> None:
        """other's digests after this index's (shards merged in file order)."""
        self.digests.extend(other.digests)
        self.paper_ids |= other.paper_ids
        self.paper_people |= other.paper_people

    def add_publication(self, p: Publication) -> None:
        self.paper_ids.update(str(f.value).upper() for f in p.registry_ids)
        self.paper_people.update(q for a in p.authors for q in [person_tokens(a)] if q)

    # -- planning ----------------------------------------------------------------------------
    def _by_id(self) -> dict[str, list[_Digest]]:
        out: dict[str, list[_Digest]] = {}
        for d in self.digests:
            out.setdefault(d.key[1], []).append(d)
        return out

    def sizes(self) -> LinkSizes:
        """The run-wide sizes LinkIndex bounds its groups by: records naming each id, records per sponsor
        (of each record's fullest rendering, as LinkIndex chooses it)."""
        namers: dict[str, set[str]] = {}
        sponsors: dict[str, int] = {}
        for rid, ds in self._by_id().items():
            for d in ds:
                for n in d.named:
                    namers.setdefault(n, set()).add(rid)
            rep = max(ds, key=lambda d: (d.filled, -ds.index(d)))
            if rep.sponsor:
                sponsors[rep.sponsor] = sponsors.get(rep.sponsor, 0) + 1
        return LinkSizes({k: len(v) for k, v in namers.items()}, sponsors)

    def components(self) -> list[Component]:
        """The records a cross-record rule can need, split into components no link crosses, in the order
        of their first record; the component with the papers (when there are any) first. A superset of
        the links: records of one id, records that name each other or share a named id (in groups
        LinkIndex keeps), records of one sponsor group with an official's name word in common, records
        a paper names or whose officials share a name word with an author."""
        by_id = self._by_id()
        upper = {rid.upper(): rid for rid in by_id}
        sizes = self.sizes()
        parent: dict[str, str] = {}

        def find(x: str) -> str:
            return find_root(parent, x)

        def join(a: str, b: str) -> None:
            ra, rb = find(a), find(b)
            if ra != rb:
                parent[max(ra, rb)] = min(ra, rb)

        PAPERS = "\0papers"       # noqa: N806 - a node no registry id can be
        authors = _words(self.paper_people)
        shared: dict[str, str] = {}
        teams: dict[str, dict[str, str]] = {}
        for rid, ds in by_id.items():
            named = frozenset().union(*(d.named for d in ds))
            for n in named:
                if n in upper:
                    join(rid, upper[n])
                elif 2 <= sizes.namers.get(n, 0) <= LinkIndex.MAX_TEAM_GROUP:
                    join(rid, shared.setdefault(n, rid))
            if rid.upper() in self.paper_ids or named & self.paper_ids or \
                    (authors and any(_words(d.officials) & authors for d in ds)):
                join(rid, PAPERS)
            rep = max(ds, key=lambda d: (d.filled, -ds.index(d)))
            if rep.sponsor and 2 <= sizes.sponsors.get(rep.sponsor, 0) <= LinkIndex.MAX_TEAM_GROUP:
                seen = teams.setdefault(rep.sponsor, {})
                for w in sorted(_words(rep.officials)):
                    join(rid, seen.setdefault(w, rid))
        members: dict[str, list[str]] = {}
        for rid in by_id:
            if rid in parent:
                members.setdefault(find(rid), []).append(rid)
        papers_root = find(PAPERS) if PAPERS in parent else None
        order = {d.key: i for i, d in enumerate(self.digests)}
        out: list[tuple[int, Component]] = []
        for root, ids in members.items():
            keys = [d.key for rid in ids for d in by_id[rid]]
            if len(ids) < 2 and len(keys) < 2 and root != papers_root:
                continue         # one record in one rendering, linked to nothing: no cross-record rule needs it
            keys.sort(key=order.__getitem__)
            out.append((-1 if root == papers_root else order[keys[0]], Component(keys, root == papers_root)))
        return [c for _i, c in sorted(out, key=lambda x: x[0])]

    def linked(self) -> set[Key]:
        """Every record some component holds."""
        return {k for c in self.components() for k in c.keys}

    def where(self) -> dict[Key, tuple | None]:
        """Where each record can be read again alone (None: read its file or member again)."""
        return {d.key: d.at for d in self.digests}
