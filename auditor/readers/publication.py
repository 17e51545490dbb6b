"""Journal articles as plain text: PMC exports ('TITLE:', 'ABSTRACT.METHODS:', 'BODY.RESULTS:') and
publisher pages saved as text (headings on lines of their own, tables one cell per line).

A Publication keeps every line, so checks can quote line numbers, and its sections with their
kind: sub-sections of the abstract are kind 'abstract' ('Abstract: Methods'), so numbers in the
abstract are told from numbers in the results."""
from __future__ import annotations

from typing import Iterator

from ..model import Field, InputProblem, Publication, Section, Trial
from .text_article_vocab import (
    ABSTRACT_LAST, ABSTRACT_SUB, ABSTRACT_TAIL, AUTHOR_LABEL, DOI, DOI_LABEL, DOI_URL, MAJOR, NUMBERING,
    PATH_KIND, PERSON_NAME, PMC_HEADING, PMC_TITLE, TABLE, TITLE_LABELS,
)
from .text_common import Doc, decode, raw_id_at, registry_ids_in_lines, split_lines, stem, unescape

NAME = "publication"
_ARTICLE_KINDS = frozenset({"abstract", "introduction", "background", "methods", "results", "discussion",
                            "conclusion", "references"})
_MAX_HEADING = 100
_PARAGRAPH = 60           # a generic heading is followed by a paragraph at least this long
_PROSE = 150              # a line this long ends a table whose cells are spread over blank lines
_TRAIL = ".,;)]}>'\""

# (line, level, name, kind): level 1 major, 2 sub-section, 3 table.
Heading = tuple[int, int, str, str]


def _key(s: str) -> str:
    return NUMBERING.sub("", s.strip()).rstrip(":.").strip().lower()


def looks_like_article(head: str) -> bool:
    """A PMC export ('TITLE:' and 'ABSTRACT'/'BODY' headings), or a text with at least three of the
    headings Abstract, Introduction/Background, Methods, Results, Discussion, Conclusion, References
    (one of them Methods or Results), each on a line of its own."""
    lines = head.splitlines()
    if _pmc(lines):
        return True
    kinds = {MAJOR.get(_key(ln)) for ln in lines if 0 < len(ln.strip()) <= 40}
    kinds &= _ARTICLE_KINDS
    if "introduction" in kinds:
        kinds.discard("background")
    return len(kinds) >= 3 and bool(kinds & {"methods", "results"})


def _pmc(lines: list[str]) -> bool:
    """A PMC export: 'TITLE:' (upper case) opens the text, then 'ABSTRACT'/'BODY' headings or a paragraph."""
    first = next((ln for ln in lines[:5] if ln.strip()), "")
    if not PMC_TITLE.match(first):
        return False
    return any(PMC_HEADING.match(ln) or len(ln) >= _PROSE for ln in lines[1:200])


def sniff(head: str) -> bool:
    return head.lstrip("\ufeff \t\r\n")[:1] not in "{[<" and looks_like_article(head)


def read(data: bytes, display: str) -> Iterator[Trial | Publication | InputProblem]:
    text = decode(data)
    doc = Doc(display, split_lines(text))
    pmc = _pmc(doc.lines)
    heads = _pmc_headings(doc.lines) if pmc else _plain_headings(doc.lines)
    sections = _sections(doc.lines, heads)
    title = _pmc_title(doc) if pmc else _plain_title(doc, heads)
    doi = _doi(doc, sections)
    pub = Publication(id=doi.value.lower() if doi else f"doc:{stem(display)}", source=display, lines=doc.lines,
                      title=title, doi=doi, sections=sections, registry_ids=_registry_ids(doc))
    if title is not None and not pmc:
        pub.authors = _authors(doc, title.loc.line)
    yield pub


def _pmc_headings(lines: list[str]) -> list[Heading]:
    heads: list[Heading] = []
    last_kind = "other"
    for i, ln in enumerate(lines, 1):
        if not ln or ln[0] not in " AB\t":
            m = None
        else:
            m = PMC_HEADING.match(ln)
        if m is None:
            if ln[:1] == "T" and _is_table(lines, i):
                heads.append((i, 3, ln.strip(), "table"))
            continue
        path = (m.group("path") or "")[1:].strip()
        if m.group("top") == "ABSTRACT":
            heads.append((i, 2 if path else 1, f"Abstract: {path}" if path else "Abstract", "abstract"))
        else:
            # A body heading with no telling word ('BASELINE TESTING') continues the kind before it.
            kind = _path_kind(path) or last_kind
            heads.append((i, 1, path or "Body", kind))
            last_kind = kind
    subs = [h for h in heads if h[3] == "abstract" and h[1] == 2]
    if subs and not any(h[3] == "abstract" and h[1] == 1 for h in heads):
        heads.append((subs[0][0], 1, "Abstract", "abstract"))
    if not any(h[3] == "abstract" for h in heads):
        # No ABSTRACT heading: PMC exports put the abstract right under the title.
        start = _after_title(lines)
        first = min((h[0] for h in heads), default=len(lines) + 1)
        if start is not None and start < first:
            heads.append((start, 1, "Abstract", "abstract"))
    return heads


def _after_title(lines: list[str]) -> int | None:
    """The first line of text after a PMC title (written on the 'TITLE:' line or under it)."""
    nonblank = [i for i, ln in enumerate(lines[:400], 1) if ln.strip()]
    if not nonblank:
        return None
    k = 1 if PMC_TITLE.match(lines[nonblank[0] - 1]).group("rest").strip() else 2
    return nonblank[k] if len(nonblank) > k else None


def _path_kind(path: str) -> str | None:
    m = PATH_KIND.search(path)
    return m.lastgroup if m else None


def _is_table(lines: list[str], i: int) -> bool:
    """'Table 1', 'Table 1. Caption', 'Table 1Caption' (not 'Table 1 shows ...'), then a short line."""
    s = lines[i - 1].strip()
    if len(s) > 250 or not TABLE.match(s):
        return False
    nxt = next((ln.strip() for ln in lines[i:i + 4] if ln.strip()), "")
    return 0 < len(nxt) <= 120


def _plain_headings(lines: list[str]) -> list[Heading]:
    """Headings of a page saved as text: known section names anywhere, tables, and, after the first
    known heading, short lines standing alone before a paragraph (sub-headings)."""
    heads: list[Heading] = []
    major_kind = None            # kind of the open major section
    abstract_subs: set[str] = set()
    abstract_closing = False     # the abstract's conclusion was seen: what follows ends it
    n = len(lines)
    for i, ln in enumerate(lines, 1):
        s = ln.strip()
        if not s or len(s) > _MAX_HEADING:
            continue
        key = _key(s)
        name = s.rstrip(":").strip()
        if major_kind == "abstract" and key in ABSTRACT_SUB and key not in abstract_subs \
                and (not abstract_closing or key in ABSTRACT_TAIL):
            heads.append((i, 2, f"Abstract: {name}", "abstract"))
            abstract_subs.add(key)
            abstract_closing = abstract_closing or key in ABSTRACT_LAST
            continue
        kind = MAJOR.get(key)
        if kind is not None:
            if key == "summary" and major_kind is not None:
                kind = "conclusion"
            heads.append((i, 1, name, kind))
            major_kind = kind
            abstract_subs, abstract_closing = set(), False
            continue
        if _is_table(lines, i):
            heads.append((i, 3, s, "table"))
            continue
        if major_kind is not None and _standalone(lines, i, n, s):
            if major_kind == "abstract":
                heads.append((i, 1, name, "other"))
                major_kind = "other"
            else:
                heads.append((i, 2, name, major_kind))
    return heads


def _standalone(lines: list[str], i: int, n: int, s: str) -> bool:
    """A short line with blank lines around it, followed by a paragraph: a sub-heading."""
    if s.endswith((".", ",", ";", ":")) or len(s.split()) > 12 or not (s[0].isupper() or s[0].isdigit()):
        return False
    if "http" in s or (i > 1 and lines[i - 2].strip()) or (i < n and lines[i].strip()):
        return False
    nxt = next((ln.strip() for ln in lines[i:i + 4] if ln.strip()), "")
    return len(nxt) >= _PARAGRAPH


def _sections(lines: list[str], heads: list[Heading]) -> list[Section]:
    """Each heading's section runs to the line before the next heading of its level or above."""
    heads = sorted(heads, key=lambda h: (h[0], h[1]))
    n = len(lines)
    nxt = {1: n + 1, 2: n + 1, 3: n + 1}     # next heading line at level <= key, scanning backwards
    out = []
    for line, level, name, kind in reversed(heads):
        end = nxt[level] - 1
        if kind == "table":
            end = min(end, _table_end(lines, line, end))
        while end > line and not lines[end - 1].strip():
            end -= 1
        out.append(Section(name=name, kind=kind, start_line=line, end_line=end))
        for lv in range(level, 4):
            nxt[lv] = line
    out.reverse()
    return out


def _table_end(lines: list[str], start: int, limit: int) -> int:
    """A table ends at its first empty line, or, when its cells are spread over blank lines (a blank
    line right under the caption), before the first line of prose."""
    spread = any(lines[j] == "" for j in range(start, min(start + 2, limit)))
    for j in range(start, limit):            # j is the 0-based index of line j + 1
        ln = lines[j]
        if spread:
            if len(ln.strip()) > _PROSE:
                return j
        elif ln == "":
            return j
    return limit


def _pmc_title(doc: Doc) -> Field | None:
    for i, ln in enumerate(doc.lines[:5], 1):
        m = PMC_TITLE.match(ln)
        if m is None:
            continue
        if m.group("rest").strip():
            raw = m.group("rest").strip()
            return doc.field(unescape(raw), raw, i)
        for j in range(i + 1, min(i + 4, len(doc.lines)) + 1):
            raw = doc.lines[j - 1].strip()
            if raw and not PMC_HEADING.match(raw):
                return doc.field(unescape(raw), raw, j)
        return None
    return None


def _plain_title(doc: Doc, heads: list[Heading]) -> Field | None:
    """A labelled title ('Title' / value) at its first place in the text; else the longest line of
    the page top that reads like a title (several words, no sentence end, no 'label:')."""
    first_head = min((h[0] for h in heads), default=len(doc.lines) + 1)
    lines = doc.lines
    for i, ln in enumerate(lines, 1):
        if ln.strip().lower() in TITLE_LABELS:
            value = next((x.strip() for x in lines[i:i + 3] if x.strip()), "")
            if len(value.split()) >= 3:
                where = next(j for j, x in enumerate(lines, 1) if x.strip() == value)
                return doc.field(unescape(value), value, where)
    best = None
    for i, ln in enumerate(lines[:first_head - 1], 1):
        s = ln.strip()
        if len(s.split()) < 4 or len(s) > 400 or s.endswith(".") or " | " in s or AUTHOR_LABEL.match(s) \
                or s.count(",") >= 3:
            continue
        if best is None or len(s) > len(best[1]):
            best = (i, s)
    return doc.field(unescape(best[1]), best[1], best[0]) if best else None


def _authors(doc: Doc, title_line: int) -> list[str]:
    """Names on an author line right under the title ('by: A, B and C' or 'A, B, C')."""
    for ln in doc.lines[title_line:title_line + 6]:
        s = ln.strip()
        if not s:
            continue
        m = AUTHOR_LABEL.match(s)
        body = s[m.end():] if m else s
        parts = [p.strip().strip("*†‡0123456789") for p in body.replace(" and ", ",").replace(";", ",").split(",")]
        names = [p for p in parts if p]
        if names and all(PERSON_NAME.match(p) and any(c.isupper() for c in p) for p in names) \
                and (len(names) >= 2 or m is not None):
            return names
    return []


def _doi(doc: Doc, sections: list[Section]) -> Field | None:
    """The article's own DOI: a labelled one ('DOI' line, 'doi: 10...') first, else the first DOI of
    the front matter (before the introduction or the first body section), outside references."""
    lines = doc.lines
    for i, ln in enumerate(lines, 1):
        m = DOI_LABEL.match(ln)
        target = (i, m.end()) if m else None
        if target is None and ln.strip().lower() in ("doi", "doi:"):
            j = next((j for j in range(i + 1, min(i + 3, len(lines)) + 1) if lines[j - 1].strip()), None)
            if j is not None:
                u = DOI_URL.match(lines[j - 1].strip())
                off = len(lines[j - 1]) - len(lines[j - 1].lstrip()) + (u.end() if u else 0)
                target = (j, off)
        if target is not None:
            f = _doi_at(doc, *target)
            if f is not None:
                return f
    body = [s.start_line for s in sections if s.kind in ("introduction", "background", "methods", "results",
                                                          "discussion", "references")]
    front_end = min(body) if body else len(lines) + 1
    for i, ln in enumerate(lines[:front_end - 1], 1):
        m = DOI.search(ln)
        if m:
            return _doi_at(doc, i, m.start())
    return None


def _doi_at(doc: Doc, line: int, off: int) -> Field | None:
    m = DOI.match(doc.lines[line - 1], off)
    if m is None:
        return None
    raw = m.group(0).rstrip(_TRAIL)
    return doc.field(raw, raw, line, off + 1)


def _registry_ids(doc: Doc) -> list[Field]:
    """One Field per distinct registry id, at its first mention (line and column)."""
    out: list[Field] = []
    seen: set[str] = set()
    for i, _reg, norm, off in registry_ids_in_lines(doc.lines):
        key = norm.upper()
        if key not in seen:
            seen.add(key)
            out.append(Field(norm, raw_id_at(doc.lines[i - 1], off, norm), doc.loc(i, off + 1)))
    return out
