"""Word sources for the spelling rules and how a correction is chosen.

A word is known when one of these knows it (see Speller in spelling.py for the order):
- the words of the real registry and paper corpus, with the number of documents each was seen in
  (auditor/data/corpus_words.txt.gz, built by benchmarks/build_wordlist.py); learned from material
  like the one audited, so it never accepts a word that looks like a slip of a much commoner one;
- drug, brand and disease names (auditor/data/medical_words.txt.gz, from DrugBank's open vocabulary
  and MeSH, built by benchmarks/build_medical_words.py);
- general English words with their frequencies (pyspellchecker's English list);
- codespell's curated list of common misspellings, each with one fix;
- the Hunspell en_GB dictionary shipped in auditor/data/hunspell (read with spylls).
Every list ships with the package or a declared dependency: nothing is read from the operating
system, so the same text gives the same verdicts on every machine. The first four are read from one
prebuilt file (auditor/data/words.pickle.gz, built by benchmarks/build_words.py), about four times
faster than from their sources; it names the sources' content hash and is used only while that matches.
Corrections are drawn from words real registry text uses (FIX_DOCS), one edit away (two for words of
seven letters or more), with the same first letter, and must dominate every other candidate.
"""
from __future__ import annotations

import bisect
import gzip
import hashlib
import importlib.util
import pickle
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from rapidfuzz import process
from rapidfuzz.distance import OSA

_DATA = Path(__file__).resolve().parents[1] / "data"
CORPUS_WORDS = _DATA / "corpus_words.txt.gz"
MEDICAL_WORDS = _DATA / "medical_words.txt.gz"
# en_GB is the larger list (names, medical terms, both -ise and -ize); see data/hunspell/LICENSE.
HUNSPELL = _DATA / "hunspell" / "en_GB"
PREBUILT = _DATA / "words.pickle.gz"
FIX_DOCS = 5              # a correction must be a word this many corpus documents use
DWARF = 10                # a correction used this many times as often marks a corpus word a recurring slip
MAX_SLIP_DOCS = 5         # ... when the word is this rare
SLIP_FIX_DOCS = 50        # ... and the correction a term this many documents use
DOMINANCE = 4             # ... and used this many times as often as the next candidate
_INFLECTIONS = frozenset(("s", "es", "ed", "d", "ing", "ly", "al", "ic", "e", "n", "er", "ers", "ness"))

def load_english() -> dict[str, int]:
    """General English words (lower case) with their frequency counts (pyspellchecker)."""
    from spellchecker import SpellChecker
    return dict(SpellChecker(language="en", distance=1).word_frequency.dictionary)


def load_corpus_words(path: Path = CORPUS_WORDS) -> dict[str, int]:
    """The shipped corpus word list: lower-case word -> number of documents using it."""
    out: dict[str, int] = {}
    try:
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            for line in fh:
                word, _, n = line.rstrip("\n").partition("\t")
                if word and n.isdigit():
                    out[word] = int(n)
    except OSError:
        return {}
    return out


def load_medical(path: Path = MEDICAL_WORDS) -> frozenset[str]:
    """The shipped drug, brand and disease words (lower case)."""
    try:
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            return frozenset(w for w in fh.read().split("\n") if w)
    except OSError:
        return frozenset()


def load_misspellings() -> dict[str, str]:
    """codespell's curated misspellings that have exactly one fix: 'safty' -> 'safety'."""
    out: dict[str, str] = {}
    try:
        text = (resources.files("codespell_lib") / "data" / "dictionary.txt").read_text(encoding="utf-8")
    except (ModuleNotFoundError, OSError):
        return out
    for line in text.splitlines():
        wrong, _, fix = line.partition("->")
        if fix and "," not in fix and " " not in fix:
            out[wrong] = fix
    return out


def load_hunspell(path: Path = HUNSPELL) -> tuple[Any, ...]:
    """The shipped Hunspell en_GB dictionary, read with spylls (on first need)."""
    try:
        from .hunspell_index import load
        quick = load(path)     # the prebuilt index: entries parsed when asked for (a tenth of the time)
        if quick is not None:
            return (quick,)
        from spylls.hunspell import Dictionary
        return (Dictionary.from_files(str(path)),)
    except Exception:  # spylls missing or the files broken: the other lists still judge
        return ()


@dataclass
class Lexicon:
    """Every word source, loaded once. The Hunspell dictionaries load lazily."""
    english: dict[str, int]
    corpus: dict[str, int]
    medical: frozenset[str]
    misspellings: dict[str, str]
    _hunspell: tuple[Any, ...] | None = None
    _buckets: dict[tuple[str, int], tuple[list[str], list[int]]] | None = field(default=None, repr=False)
    _sorted: list[str] | None = field(default=None, repr=False)

    @property
    def hunspell(self) -> tuple[Any, ...]:
        if self._hunspell is None:
            self._hunspell = load_hunspell()
        return self._hunspell

    def hunspell_knows(self, word: str) -> bool:
        return any(h.lookup(word) or h.lookup(word.lower()) for h in self.hunspell)

    def corpus_slip(self, lower: str) -> bool:
        """True when a word of the corpus list is a slip all the same: rare (MAX_SLIP_DOCS), of six
        letters or more, and a letter left out of, or two letters swapped in, a common term
        (SLIP_FIX_DOCS) the corpus uses DWARF times as often; codespell's fix or our own. The list is
        learned from material like the one audited: a misspelling written in a few of its records
        must not pass for a word ('Diabtes' beside 'diabetes'). Other differences (a letter more or
        changed) are as often names and brands (Masson/Mason, Motzer/Mother) and are left alone."""
        n = self.corpus.get(lower, 0)
        if n > MAX_SLIP_DOCS or len(lower) < 6 or lower in self.english or lower in self.medical:
            return False
        fix = self.misspellings.get(lower) or self.suggest(lower, maxd=1)
        return (fix is not None and OSA.distance(lower, fix) == 1 and _slip_kind(lower, fix) in ("left out", "swapped")
                and self.corpus.get(fix, 0) >= max(DWARF * n, SLIP_FIX_DOCS))

    def abbreviates(self, lower: str) -> bool:
        """True when a known word starts with `lower` and has 4 letters more: a short form (Simva, Tacro)."""
        if self._sorted is None:
            self._sorted = sorted(set(self.corpus) | set(self.english))
        i = bisect.bisect_left(self._sorted, lower)
        while i < len(self._sorted) and self._sorted[i].startswith(lower):
            if len(self._sorted[i]) >= len(lower) + 4:
                return True
            i += 1
        return False

    def buckets(self) -> dict[tuple[str, int], tuple[list[str], list[int]]]:
        """The words corrections are drawn from, by (first letter, length), with their corpus counts:
        words real registry text uses (FIX_DOCS), so a rare term is not 'corrected' into an
        unrelated English word (prorenin -> protein, Sativa -> saliva)."""
        if self._buckets is None:
            out: dict[tuple[str, int], tuple[list[str], list[int]]] = {}
            for w, n in self.corpus.items():
                if n >= FIX_DOCS and len(w) >= 3 and w.isascii() and w.isalpha() and w not in self.misspellings:
                    ws, ns = out.setdefault((w[0], len(w)), ([], []))
                    ws.append(w)
                    ns.append(n)
            self._buckets = out
        return self._buckets

    def suggest(self, word: str, maxd: int = 2) -> str | None:
        """A confident correction for an unknown lower-case word, or None. One edit away, two for
        words of seven letters or more (at most maxd)."""
        n = len(word)
        maxd = min(maxd, 1 if n < 7 else 2)
        found: dict[str, tuple[int, int]] = {}
        buckets = self.buckets()
        for length in range(n - maxd, n + maxd + 1):
            bucket = buckets.get((word[0], length))
            if bucket:
                words, scores = bucket
                for cand, dist, i in process.extract(word, words, scorer=OSA.distance,
                                                     score_cutoff=maxd, limit=None):
                    if dist:
                        found[cand] = (dist, scores[i])
        if not found or any(_inflected(word, c) for c in found):
            return None  # nothing close, or a rare inflection of a common word: not a typo we can judge
        best = min(d for d, _ in found.values())
        # Among words one slip away, a letter left out or two letters swapped are likelier slips
        # than a wrong or an extra letter ('blod': blood rather than bold).
        ranked = sorted(((n * (_SLIP_WEIGHT[_slip_kind(word, c)] if best == 1 else 1), self.english.get(c, 0), c)
                         for c, (d, n) in found.items() if d == best), reverse=True)
        if len(ranked) > 1 and ranked[0][0] < DOMINANCE * ranked[1][0]:
            return None
        fix = ranked[0][2]
        return fix if _typo_like(word, fix) else None


@lru_cache(maxsize=1)
def default_lexicon() -> Lexicon:
    return Lexicon(**(load_prebuilt() or load_sources()))


def load_sources() -> dict[str, Any]:
    """The four word lists read from their sources (Lexicon's keyword arguments)."""
    return {"english": load_english(), "corpus": load_corpus_words(), "medical": load_medical(),
            "misspellings": load_misspellings()}


def _package_file(package: str, *parts: str) -> Path | None:
    spec = importlib.util.find_spec(package)       # finds the package without importing it
    where = spec.submodule_search_locations if spec else None
    return Path(list(where)[0], *parts) if where else None


def source_hash() -> str:
    """A hash of the content of the files the four lists are read from; '' when one is missing."""
    h = hashlib.sha256()
    for f in (_package_file("spellchecker", "resources", "en.json.gz"),
              _package_file("codespell_lib", "data", "dictionary.txt"), CORPUS_WORDS, MEDICAL_WORDS):
        try:
            h.update(f.read_bytes() if f is not None else b"")
        except OSError:
            return ""
    return h.hexdigest()


def build_prebuilt(path: Path = PREBUILT) -> None:
    """Write the prebuilt file: the four lists as plain dicts and a sorted list (deterministic bytes)."""
    data = load_sources()
    data["medical"] = sorted(data["medical"])
    blob = pickle.dumps({"sources": source_hash(), **data}, protocol=pickle.HIGHEST_PROTOCOL)
    with open(path, "wb") as fh, gzip.GzipFile(fileobj=fh, mode="wb", mtime=0, filename="") as gz:
        gz.write(blob)


def load_prebuilt(path: Path = PREBUILT) -> dict[str, Any] | None:
    """The four lists from the prebuilt file, or None when it is missing, unreadable or was built from
    other sources than the installed ones (then they are read from the sources: the same lists)."""
    try:
        data = pickle.loads(gzip.decompress(path.read_bytes()))  # noqa: S301 - our own package data
    except Exception:  # noqa: BLE001 - any damage: read the sources instead
        return None
    if not isinstance(data, dict) or not data.get("sources") or data.pop("sources") != source_hash():
        return None
    data["medical"] = frozenset(data["medical"])
    return data


# British spellings, rewritten the American way to compare ('lymphopaenia' ~ 'lymphopenia').
_BRITISH = tuple((re.compile(p), r) for p, r in (
    (r"ae", "e"), (r"oe(?=[a-z])", "e"), (r"our\b", "or"), (r"isation", "ization"), (r"is(e|ed|es|ing)\b", r"iz\1"),
    (r"ys(e|ed|es|ing)\b", r"yz\1"), (r"tre\b", "ter"), (r"ll(ed|ing)\b", r"l\1")))


def _american(word: str) -> str:
    for rx, rep in _BRITISH:
        word = rx.sub(rep, word)
    return word


def _typo_like(word: str, fix: str) -> bool:
    """A slip rather than another form of the word: the two end alike (fibromyalgic/fibromyalgia and
    axillar/axillary are forms, not slips) or differ by two swapped letters (Cancre/Cancer), and are
    not the British and American spellings."""
    return (word[-1] == fix[-1] or _slip_kind(word, fix) == "swapped") and _american(word) != _american(fix)


def _slip_kind(word: str, fix: str) -> str:
    """What one-edit slip turns fix into word."""
    if len(fix) != len(word):
        return "left out" if len(fix) > len(word) else "extra"
    return "swapped" if sorted(fix) == sorted(word) else "wrong"


_SLIP_WEIGHT = {"left out": 1.0, "swapped": 1.0, "wrong": 0.5, "extra": 0.5}


def _inflected(a: str, b: str) -> bool:
    """True when one word is the other plus an inflection ending ('timepoint'/'timepoints')."""
    if len(a) > len(b):
        a, b = b, a
    return b.startswith(a) and b[len(a):] in _INFLECTIONS
