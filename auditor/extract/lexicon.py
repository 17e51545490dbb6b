"""Word sources for the spelling rules and how a correction is chosen.

A word is known when one of these knows it (see Speller in spelling.py for the order):
- the words of the real registry and paper corpus, with the number of documents each was seen in
  (auditor/data/corpus_words.txt.gz, built by benchmarks/build_wordlist.py);
- the Hunspell English-medical word list (Debian hunspell-en-med), when installed;
- general English words with their frequencies (pyspellchecker's English list);
- codespell's curated list of common misspellings, each with one fix;
- the Hunspell en_GB (or en_US) dictionary (Debian hunspell-en-gb, read with spylls), when installed.
Corrections are drawn from words real registry text uses (FIX_DOCS), one edit away (two for words of
seven letters or more), with the same first letter, and must dominate every other candidate.
"""
from __future__ import annotations

import bisect
import gzip
import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Iterable

from rapidfuzz import process
from rapidfuzz.distance import OSA

CORPUS_WORDS = Path(__file__).resolve().parents[1] / "data" / "corpus_words.txt.gz"
# Where Hunspell dictionaries live; the DICPATH variable, as Hunspell itself reads it, comes first.
_DIC_DIRS = ("/usr/share/hunspell", "/usr/share/myspell/dicts", "/usr/share/myspell",
             "/usr/local/share/hunspell", "/opt/homebrew/share/hunspell", "/Library/Spelling")
# en_GB is the larger list (names, medical terms, both -ise and -ize); en_US stands in where it is missing.
_HUNSPELL = ("en_GB", "en_US")
_MEDICAL = ("en_med_glut", "en_med")
FIX_DOCS = 5              # a correction must be a word this many corpus documents use
DOMINANCE = 4             # ... and used this many times as often as the next candidate
_INFLECTIONS = frozenset(("s", "es", "ed", "d", "ing", "ly", "al", "ic", "e", "n", "er", "ers", "ness"))

def dic_paths(names: Iterable[str]) -> list[Path]:
    """The installed Hunspell .dic files of the given dictionary names, first place found wins."""
    dirs = [d for d in os.environ.get("DICPATH", "").split(os.pathsep) if d] + list(_DIC_DIRS)
    out = []
    for name in names:
        for d in dirs:
            p = Path(d) / f"{name}.dic"
            if p.is_file():
                out.append(p)
                break
    return out


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


def load_medical() -> frozenset[str]:
    """The Hunspell English-medical word list (lower case), when installed. Its affix flags are
    ignored: the list spells out the inflected forms it needs."""
    out: set[str] = set()
    for p in dic_paths(_MEDICAL):
        with open(p, encoding="utf-8", errors="ignore") as fh:
            for line in fh:
                w = line.strip().split("/", 1)[0]
                if w and w[0].isalpha():
                    out.add(w.lower())
    return frozenset(out)


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


def load_hunspell() -> tuple[Any, ...]:
    """The first installed Hunspell English dictionary of _HUNSPELL, read with spylls (about 2 s:
    done on first need)."""
    try:
        from spylls.hunspell import Dictionary
    except ImportError:
        return ()
    for p in dic_paths(_HUNSPELL):
        try:
            return (Dictionary.from_files(str(p.with_suffix(""))),)
        except Exception:  # a broken dictionary is skipped, never fatal
            continue
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
    return Lexicon(english=load_english(), corpus=load_corpus_words(), medical=load_medical(),
                   misspellings=load_misspellings())


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
    axillar/axillary are forms, not slips) and are not the British and American spellings."""
    return word[-1] == fix[-1] and _american(word) != _american(fix)


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
