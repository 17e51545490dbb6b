"""Typo rules: misspelt words, doubled words and wrong-word forms in a record's free text and labels.

One finding per distinct slip per record, quoting the places it stands. Names of people, sites,
sponsors and references are never checked; auditor/extract/spelling.py says what counts as a word.
"""
from __future__ import annotations

import re
import string
from dataclasses import dataclass
from typing import Iterator

from auditor.extract.spelling import Misspelling, record_slips, speller
from auditor.findings import Evidence, Finding
from auditor.model import FIELD_PATHS, Field, Loc, Trial
from auditor.rules import rule

MAX_EVIDENCE = 10      # places quoted per finding; values["places"] counts them all
_SNIPPET = 120         # characters quoted on each side of the slip in a long line


@dataclass(slots=True)
class Text:
    """One checked text of a record: what it is, its field path, whether it is a label, its Field."""
    what: str          # 'arm label', 'brief summary', ...
    path: str
    label: bool
    field: Field


def record_texts(t: Trial) -> list[Text]:
    """The texts of a record the typo rules read: titles, descriptions, arms, interventions, outcomes,
    criteria, conditions, keywords, design notes. Never names, sites, sponsors or references."""
    out: list[Text] = []

    def add(what: str, path: str, f: Field | None, label: bool) -> None:
        if f is not None and isinstance(f.raw, str) and f.raw.strip():
            out.append(Text(what, path, label, f))

    add("brief title", FIELD_PATHS["brief_title"], t.brief_title, True)
    add("official title", FIELD_PATHS["official_title"], t.official_title, True)
    add("brief summary", FIELD_PATHS["brief_summary"], t.brief_summary, False)
    add("detailed description", FIELD_PATHS["detailed_description"], t.detailed_description, False)
    add("reason stopped", FIELD_PATHS["why_stopped"], t.why_stopped, False)
    add("masking description", FIELD_PATHS["masking_description"], t.masking_description, False)
    for f in t.design_notes:
        add("design note", "designModule", f, False)
    for f in t.conditions:
        add("condition", FIELD_PATHS["conditions"], f, True)
    for f in t.keywords:
        add("keyword", FIELD_PATHS["keywords"], f, True)
    for a in t.arms:
        add("arm label", FIELD_PATHS["arms"] + ".label", a.label, True)
        add("arm description", FIELD_PATHS["arms"] + ".description", a.description, False)
    for i in t.interventions:
        add("intervention name", FIELD_PATHS["interventions"] + ".name", i.name, True)
        add("intervention description", FIELD_PATHS["interventions"] + ".description", i.description, False)
    for o in t.outcomes:
        add(f"{o.kind} outcome title", f"{FIELD_PATHS['outcomes']}.{o.kind}Outcomes.measure", o.title, True)
        add(f"{o.kind} outcome description", f"{FIELD_PATHS['outcomes']}.{o.kind}Outcomes.description",
            o.description, False)
    add("eligibility criteria", FIELD_PATHS["criteria_text"], t.criteria_text, False)
    return out


def _place(t: Trial, f: Field, start: int, end: int) -> tuple[Loc, str]:
    """Where offsets of a Field's raw text stand in the source, and the part of their line to quote.
    JSON strings sit on one source line (their line breaks are escapes); the other formats keep the
    source's line breaks in raw text."""
    raw = f.raw
    loc = f.loc or Loc(t.source)
    ls = raw.rfind("\n", 0, start) + 1
    le = raw.find("\n", end)
    le = len(raw) if le < 0 else le
    if "json" in t.format or loc.line is None:
        at = Loc(loc.source, loc.line)
    else:
        k = raw.count("\n", 0, start)
        col = start - ls + 1 if k else (loc.col + start if loc.col is not None else None)
        at = Loc(loc.source, loc.line + k, col)
    a, b = max(ls, start - _SNIPPET), min(le, end + _SNIPPET)
    if a > ls:      # cut at word boundaries
        a = raw.find(" ", a, start) + 1 or a
    if b < le:
        b = raw.rfind(" ", end, b) if raw.rfind(" ", end, b) > end else b
    return at, ("…" if a > ls else "") + raw[a:b].strip() + ("…" if b < le else "")


# The last record read and its slips: (record, project words, slips by kind). The record itself is
# kept, so that an identity test cannot match a new record at a reused address.
_last: list[tuple[Trial, tuple[str, ...], dict[str, list[tuple[Text, Misspelling]]]]] = []


def _slips(t: Trial, ctx) -> dict[str, list[tuple[Text, Misspelling]]]:
    """Every slip of a record by kind, from one pass over its texts. The four rules ask in turn for
    the same record, so the last record's answer is kept."""
    words = tuple(sorted(set(ctx.config.words)))
    if _last and _last[0][0] is t and _last[0][1] == words:
        return _last[0][2]
    sp = speller(words)
    out: dict[str, list[tuple[Text, Misspelling]]] = {"spelling": [], "repeat": [], "wrong-word": []}
    texts = record_texts(t)
    for text, found in zip(texts, record_slips([(x.field.raw, x.label) for x in texts], sp)):
        for m in found:
            out[m.kind].append((text, m))
    if out["spelling"]:
        # A word the record marks as a trademark anywhere ('Laddr®') is a name in every place.
        marked = {m.found for x, m in out["spelling"] if _TRADEMARK.match(x.field.raw, m.end)}
        out["spelling"] = [(x, m) for x, m in out["spelling"] if m.found not in marked]
        named = {m.found for _, m in out["spelling"] if _written_as_name(m.found, texts)}
        out["spelling"] = [(x, m) for x, m in out["spelling"] if m.found not in named]
    _last[:] = [(t, words, out)]
    return out


_LETTERS = re.compile(r"[A-Za-z]+")


_ASCII_LETTERS = frozenset(string.ascii_letters)


def _occurrences(word: str, raw: str) -> Iterator[tuple[int, int]]:
    """Where word stands in raw in any case, not inside a longer run of letters: the spans of
    re.finditer('(?<![A-Za-z])word(?![A-Za-z])', re.I), found without compiling a pattern per word
    when both are ASCII (where lower-casing is the same test)."""
    if not (word and word.isascii() and raw.isascii()):
        yield from (m.span() for m in re.finditer(r"(?<![A-Za-z])" + re.escape(word) + r"(?![A-Za-z])", raw, re.I))
        return
    low, w, n = raw.lower(), word.lower(), len(word)
    i = low.find(w)
    while i >= 0:
        if (i == 0 or raw[i - 1] not in _ASCII_LETTERS) and (i + n == len(raw) or raw[i + n] not in _ASCII_LETTERS):
            yield i, i + n
            i = low.find(w, i + n)
        else:
            i = low.find(w, i + 1)


def _written_as_name(word: str, texts: list[Text]) -> bool:
    """The record itself treats the word as a name (a brand or device: 'symptoms related to ESSURE
    device', 'removal of the Essure'): never in lower case, and in capitals after a lower-case word
    somewhere, or capitalised after a lower-case word in two places of three or more. A slip is rarely
    repeated that consistently; one in a title alone, or written in lower case anywhere, stays a slip."""
    total = caps = mid = 0
    for x in texts:
        raw = x.field.raw
        for start, end in _occurrences(word, raw):
            total += 1
            w = raw[start:end]
            if w.islower():
                return False
            prev = _LETTERS.findall(raw, max(0, start - 40), start)
            if not prev or not prev[-1].islower():
                continue
            if w.isupper() and len(w) >= 4:
                caps += 1
            elif w[0].isupper():
                mid += 1
    return (caps >= 1 and total >= 2) or (mid >= 2 and total >= 3)


def _findings(t: Trial, hits: list[tuple[Text, Misspelling]], rid: str, severity: str, message: str,
              labels: bool | None = None) -> Iterator[Finding]:
    """One finding per distinct (found, suggestion). `message` is formatted with found and suggestion.
    labels=True keeps only slips standing in a label at least once, False only the others."""
    groups: dict[tuple[str, str], list[tuple[Text, Misspelling]]] = {}
    for text, m in hits:
        groups.setdefault((m.found, m.suggestion), []).append((text, m))
    for (found, suggestion), group in sorted(groups.items()):
        if labels is not None and any(x.label for x, _ in group) != labels:
            continue
        evidence = []
        for text, m in group[:MAX_EVIDENCE]:
            at, snippet = _place(t, text.field, m.start, m.end)
            evidence.append(Evidence.at(at, snippet, label=text.what, highlight=m.found))
        values = {"found": found, "suggestion": suggestion}
        if len(group) > 1:
            values["places"] = str(len(group))
        yield Finding(rule=rid, category="typo", severity=severity, record=t.id,
                      message=message.format(found=found, suggestion=suggestion), evidence=evidence,
                      fields=sorted({x.path for x, _ in group}), values=values)


_MISSPELT = "'{found}' looks like a misspelling of '{suggestion}'."
_TRADEMARK = re.compile(r"\s?[™®©]|\s?\((?:TM|R)\)")


@rule("TYPO001", category="typo", severity="info", title="Misspelt word in free text", scope="record")
def misspelt_text(t: Trial, ctx) -> Iterator[Finding]:
    """What: A word in a summary, description, outcome description or the eligibility criteria that no
    word list knows and that is one letter (two, for long words) away from a common word, or that
    codespell lists as a common misspelling. Medical terms, drug names, abbreviations, gene and cell
    markers, British spellings, names and words used across many real registry records are accepted;
    add project words to config.yaml typo.words.
    Why: Misspellings in registry text hamper search and show the record was not proofread.
    Example: 'to evaluate the safty and efficacy of UC-MSCs treatment' -> 'safety'.
    """
    yield from _findings(t, _slips(t, ctx)["spelling"], "TYPO001", "info", _MISSPELT, labels=False)


@rule("TYPO002", category="typo", severity="warning", title="Misspelt word in a title, label or name",
      scope="record")
def misspelt_label(t: Trial, ctx) -> Iterator[Finding]:
    """What: As TYPO001, for a word that stands at least once in a title, arm label, intervention name,
    outcome title, condition or keyword (every place it stands is quoted, free text included).
    Why: Labels are what readers, search engines and results tables show; a misspelt arm or
    intervention name is copied into every table of the record.
    Example: arm label 'Conventional plus placbo treatment' -> 'placebo'.
    """
    yield from _findings(t, _slips(t, ctx)["spelling"], "TYPO002", "warning", _MISSPELT, labels=True)


@rule("TYPO003", category="typo", severity="info", title="Word written twice", scope="record")
def doubled_word(t: Trial, ctx) -> Iterator[Finding]:
    """What: The same word twice in a row ('stem stem cells', 'the sum of the products of of the'),
    apart from doubles that are right ('had had', 'very very', Loa loa).
    Why: A doubled word is an editing slip that a proofread record does not have.
    Example: 'how MSCs promote liver stem stem cells to differentiate' -> 'stem'.
    """
    yield from _findings(t, _slips(t, ctx)["repeat"], "TYPO003", "info", "'{found}' repeats a word.")


@rule("TYPO004", category="typo", severity="info", title="Wrong word in a common phrase", scope="record")
def wrong_word(t: Trial, ctx) -> Iterator[Finding]:
    """What: A real word used in place of another in a fixed phrase: 'has ben shown' (been), 'more then 6
    months' (than), 'principle investigator' (principal), 'inform consent' (informed), 'prostrate cancer'
    (prostate), 'side affects' (effects), 'sever pain' (severe), 'asses the' (assess), 'could of' (have).
    Why: A spelling checker accepts each word on its own; only the phrase shows the slip.
    Example: 'MSC has ben shown to produce hepatocyte growth factor' -> 'has been'.
    """
    yield from _findings(t, _slips(t, ctx)["wrong-word"], "TYPO004", "info",
                         "'{found}' should probably read '{suggestion}'.")
