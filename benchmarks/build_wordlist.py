"""Build auditor/data/corpus_words.txt.gz: the words of the real registry and paper corpus with the
number of distinct documents (registry records by NCT id, papers by PMC id) that use each.

    python benchmarks/build_wordlist.py ../shared/corpus [--min-docs 2]

The typo rules accept every word of this list and use the counts to rank corrections. A word
written in several records is taken as a real term (drug names, gene names, jargon) unless it looks
like a recurring misspelling: one with a confident correction (codespell's list, or a close common
word) that the corpus uses at least ten times as often. Those are left out, so they stay reported.
Every text of a record counts (names and sites too: they are real words even if not checked).
Deterministic: the same corpus gives the same file, sorted by word.
"""
from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
from collections import Counter
from pathlib import Path

from lxml import etree
from rapidfuzz.distance import OSA

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from auditor.extract.lexicon import (CORPUS_WORDS, DWARF, MAX_SLIP_DOCS, Lexicon, load_english,  # noqa: E402
                                     load_medical, load_misspellings)
from auditor.extract.spelling import iter_words  # noqa: E402

_DOC_ID = re.compile(r"(NCT\d{8}|PMC\d+)", re.I)
FOREIGN = ("fr", "es", "de", "it", "pt", "nl")


def _json_strings(o, out: list[str]) -> None:
    if isinstance(o, dict):
        for v in o.values():
            _json_strings(v, out)
    elif isinstance(o, list):
        for v in o:
            _json_strings(v, out)
    elif isinstance(o, str):
        out.append(o)


def document_texts(corpus: Path):
    """(document id, texts) for every registry record and paper under corpus."""
    for f in sorted(corpus.rglob("*")):
        if not f.is_file():
            continue
        m = _DOC_ID.search(f.name)
        if m is None:
            continue
        texts: list[str] = []
        if f.suffix == ".xml":
            try:
                texts = [t for t in etree.parse(str(f)).getroot().itertext()]
            except etree.XMLSyntaxError:
                continue
        elif f.suffix == ".json":
            try:
                _json_strings(json.loads(f.read_text(encoding="utf-8")), texts)
            except (ValueError, UnicodeDecodeError):
                continue
        elif f.suffix == ".txt":
            texts = [f.read_text(encoding="utf-8", errors="replace")]
        yield m.group(1).upper(), texts


def count_documents(corpus: Path) -> tuple[Counter, Counter]:
    """Per lower-case word: the documents using it, and the documents using it written in lower case."""
    words_by_doc: dict[str, tuple[set[str], set[str]]] = {}
    for doc, texts in document_texts(corpus):
        seen, lower = words_by_doc.setdefault(doc, (set(), set()))
        for t in texts:
            for w, _off, _last in iter_words(t):
                lw = w.lower().replace("’", "'")
                if lw.endswith("'s"):
                    lw = lw[:-2]
                if len(lw) >= 3 and lw.isalpha():
                    seen.add(lw)
                    if w.islower():
                        lower.add(lw)
    df: Counter = Counter()
    low: Counter = Counter()
    for ws, ls in words_by_doc.values():
        df.update(ws)
        low.update(ls)
    return df, low


def load_foreign() -> frozenset[str]:
    """French, Spanish, German, Italian, Portuguese and Dutch words (pyspellchecker's lists)."""
    from spellchecker import SpellChecker
    out: set[str] = set()
    for lang in FOREIGN:
        out |= set(SpellChecker(language=lang, distance=1).word_frequency.dictionary)
    return frozenset(out)


def recurring_typo(w: str, df: Counter, low: Counter, lex: Lexicon, foreign: frozenset[str]) -> bool:
    """True when w is a misspelling many records repeat ('occured', 'hematopoetic'): mostly written in
    lower case (names and abbreviations are not), unknown to the dictionaries and other languages, with a
    confident correction the corpus uses at least DWARF times as often: codespell's fix, or a slip of one
    letter for words seen in at most MAX_SLIP_DOCS documents."""
    if 2 * low[w] < df[w] or w in lex.medical or w in foreign or lex.hunspell_knows(w):
        return False
    fix = lex.misspellings.get(w)
    if fix is None:
        if w in lex.english or df[w] > MAX_SLIP_DOCS:
            return False
        fix = lex.suggest(w)
        if fix is None or OSA.distance(w, fix) > 1:
            return False
    return df.get(fix, 0) >= DWARF * df[w]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("corpus", type=Path)
    ap.add_argument("--min-docs", type=int, default=2)
    ap.add_argument("--out", type=Path, default=CORPUS_WORDS)
    args = ap.parse_args(argv)
    df, low = count_documents(args.corpus)
    kept = Counter({w: n for w, n in df.items() if n >= args.min_docs})
    lex = Lexicon(english=load_english(), corpus=dict(kept), medical=load_medical(),
                  misspellings=load_misspellings())
    foreign = load_foreign()
    dropped = sorted(w for w in kept if len(w) >= 4 and recurring_typo(w, kept, low, lex, foreign))
    for w in dropped:
        del kept[w]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    body = "".join(f"{w}\t{kept[w]}\n" for w in sorted(kept)).encode("utf-8")
    # mtime=0: the same corpus gives a byte-identical file.
    with open(args.out, "wb") as fh, gzip.GzipFile(fileobj=fh, mode="wb", mtime=0, filename="") as gz:
        gz.write(body)
    print(f"{len(df)} words in {args.corpus}; kept {len(kept)} used in >= {args.min_docs} documents; "
          f"left out {len(dropped)} recurring misspellings: {', '.join(dropped)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
