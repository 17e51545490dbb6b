"""One paper, one document: files that hold the same article (an abstract file and the full text, a
PMC export and a publisher's page) share one record id, so each problem is reported once, with the
evidence of every file that shows it (findings.merge_duplicates then joins them).

Two files are the same article when they share a PMC id (in the file name or the text's head), a DOI,
or a title of at least six words (compared in lower case, letters and digits only)."""
from __future__ import annotations

import re
from typing import Iterable

from .findings import Finding
from .model import Publication

_PMC = re.compile(r"\bPMC\d{5,}\b")
_HEAD_LINES = 20
_TITLE_WORDS = 6


def _keys(pub: Publication) -> list[str]:
    keys = [f"pmc:{m}" for m in _PMC.findall(pub.source.rsplit("/", 1)[-1])]
    if not keys:
        keys = [f"pmc:{m}" for m in _PMC.findall("\n".join(pub.lines[:_HEAD_LINES]))[:1]]
    if pub.doi is not None and pub.doi.value:
        keys.append(f"doi:{str(pub.doi.value).lower()}")
    if pub.title is not None and pub.title.value:
        words = re.findall(r"[a-z0-9]+", str(pub.title.value).lower())
        if len(words) >= _TITLE_WORDS:
            keys.append("title:" + " ".join(words))
    return keys


def _canonical(ids: Iterable[str]) -> str:
    """A DOI id first (the reader names a paper by its DOI when it has one), else the smallest id."""
    ids = sorted(ids)
    return next((i for i in ids if not i.startswith("doc:")), ids[0])


def paper_aliases(pubs: list[Publication]) -> dict[str, str]:
    """id -> the id of its article, for every paper id that is another file of an article."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    owner: dict[str, str] = {}
    for p in sorted(pubs, key=lambda p: (p.id, p.source)):
        find(p.id)
        for k in _keys(p):
            if k in owner:
                a, b = find(owner[k]), find(p.id)
                if a != b:
                    parent[max(a, b)] = min(a, b)
            else:
                owner[k] = p.id
    groups: dict[str, list[str]] = {}
    for x in list(parent):
        groups.setdefault(find(x), []).append(x)
    out: dict[str, str] = {}
    for members in groups.values():
        if len(members) > 1:
            canon = _canonical(members)
            out.update({m: canon for m in members if m != canon})
    return out


def unify_papers(findings: list[Finding], records: dict[str, dict], aliases: dict[str, str]) -> int:
    """Rename the papers of aliases in findings and in the run's records (their sources joined);
    returns how many paper records were folded into another."""
    if not aliases:
        return 0
    for f in findings:
        f.record = aliases.get(f.record, f.record)
        f.related = [aliases.get(r, r) for r in f.related]
    folded = 0
    for old, new in sorted(aliases.items()):
        rec = records.pop(old, None)
        if rec is None:
            continue
        folded += 1
        into = records.setdefault(new, {**rec, "id": new, "sources": []})
        into["sources"] = sorted(into["sources"] + rec["sources"], key=lambda s: s["source"])
        into["title"] = into.get("title") or rec.get("title")
        if "registry_ids" in rec:
            into["registry_ids"] = sorted(set(into.get("registry_ids", [])) | set(rec["registry_ids"]))
    return folded
